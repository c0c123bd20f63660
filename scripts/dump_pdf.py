"""Print the document model the PDF reader makes of a file: blocks with pages, tables as pipe rows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongkai.model import Document, ReadError, TableBlock
from gongkai.readers.pdf import read_pdf


def dump(doc: Document, spans: bool = False, tables_only: bool = False) -> str:
    """Render a Document as plain text: one line per text block, one line per table row.

    With ``tables_only``, print only the tables and the (at most three) text blocks before each.
    """
    out = [f"# {doc.source}: {doc.pages} pages, {len(doc.blocks)} blocks"]
    keep = set(range(len(doc.blocks)))
    if tables_only:
        keep = set()
        for k, block in enumerate(doc.blocks):
            if isinstance(block, TableBlock):
                j = k
                while j > 0 and k - j < 3 and not isinstance(doc.blocks[j - 1], TableBlock):
                    j -= 1
                keep.update(range(j, k + 1))
    for k, block in enumerate(doc.blocks):
        if k not in keep:
            continue
        page = block.location.page
        if isinstance(block, TableBlock):
            ncols = max((len(r) for r in block.rows), default=0)
            out.append(f"[p{page}] TABLE {len(block.rows)}x{ncols}")
            for row in block.rows:
                cells = []
                for cell in row:
                    text = cell.text
                    if spans and (cell.rowspan > 1 or cell.colspan > 1):
                        text += f"{{{cell.rowspan}x{cell.colspan}}}"
                    cells.append(text)
                out.append(f"  p{row[0].location.page if row else page} | " + " | ".join(cells))
        else:
            out.append(f"[p{page}] {block.text}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--spans", action="store_true", help="show rowspan x colspan of merged cells"
    )
    parser.add_argument(
        "--tables", action="store_true", help="only tables and the text just before them"
    )
    args = parser.parse_args(argv)
    try:
        doc = read_pdf(args.path)
    except ReadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(dump(doc, spans=args.spans, tables_only=args.tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
