"""Reader for Word .docx filings: body paragraphs and tables in order, gridSpan/vMerge/hMerge expanded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai import limits
from gongkai.model import Block, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import normalize_text
from gongkai.readers.grid import GridCell, finish_grid, open_check


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _w_val(el: Any, *path: str) -> str | None:
    """The w:val attribute of the element at tcPr/... path, '' if present without w:val."""
    node = el
    for tag in path:
        node = node.find(_w(tag)) if node is not None else None
    if node is None:
        return None
    return node.get(_w("val"), "")


def _int_or(value: str | None, default: int) -> int:
    try:
        return max(int(value), 1) if value not in (None, "") else default  # type: ignore[arg-type]
    except ValueError:
        return default


def _paragraph_text(p: Any) -> str:
    texts = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("delText")):
        if node.tag == _w("t"):
            texts.append(node.text or "")
        elif node.tag == _w("tab"):
            texts.append("\t")
        elif node.tag in (_w("br"), _w("cr")):
            texts.append("\n")
    return "".join(texts)


def _cell_text(tc: Any) -> str:
    # Blank paragraphs (left behind by merging cells in Word, or spacing) are not content.
    paragraphs = [_paragraph_text(p) for p in tc.iter(_w("p"))]
    return normalize_text("\n".join(t for t in paragraphs if t.strip()))


def _table(tbl: Any, index: int) -> TableBlock:
    rows: list[list[GridCell]] = []
    vertical: dict[int, GridCell] = {}  # grid column -> anchor of an open vertical merge
    for r, tr in enumerate(tbl.iterchildren(_w("tr")), start=1):
        row: list[GridCell] = []
        before = _int_or(_w_val(tr, "trPr", "gridBefore"), 0)
        limits.check(limits.SPAN, before, f"table {index}, row {r}")
        row.extend(GridCell("", line=r) for _ in range(before))
        tcs = tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc")
        last_anchor: GridCell | None = None
        for tc in tcs:
            col = len(row)
            span = _int_or(_w_val(tc, "tcPr", "gridSpan"), 1)
            limits.check(limits.SPAN, span, f"table {index}, row {r}")
            vmerge = _w_val(tc, "tcPr", "vMerge")
            hmerge = _w_val(tc, "tcPr", "hMerge")
            above = vertical.get(col)
            if vmerge is not None and vmerge != "restart" and above is not None:
                above.rowspan += 1
                row.extend(GridCell("", line=r, covered=True, anchor=above) for _ in range(span))
                continue
            if hmerge is not None and hmerge != "restart" and last_anchor is not None:
                last_anchor.colspan += span
                row.extend(
                    GridCell("", line=r, covered=True, anchor=last_anchor) for _ in range(span)
                )
                continue
            anchor = GridCell(_cell_text(tc), line=r, colspan=span)
            row.append(anchor)
            row.extend(GridCell("", line=r, covered=True, anchor=anchor) for _ in range(span - 1))
            last_anchor = anchor
            for c in range(col, col + span):
                vertical.pop(c, None)
            if vmerge == "restart":
                vertical[col] = anchor
        rows.append(row)
    return finish_grid(rows, Location(line=index))


def read_docx(path: Path) -> Document:
    """Read a Word .docx: body paragraphs and tables in order, gridSpan/vMerge expanded."""
    open_check(
        path,
        if_ole="this is an old binary .doc (or a password-protected file), not .docx; "
        "convert it (e.g. libreoffice --headless --convert-to docx FILE)",
    )
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, BadZipFile...
        raise ReadError(
            f"{path.name}: cannot open as .docx ({type(exc).__name__}: {exc}); the file is damaged "
            "or not a Word document; download it again or re-save it from Word/LibreOffice as .docx"
        ) from exc
    blocks: list[Block] = []
    index = 0

    def visit(parent: Any) -> None:
        nonlocal index
        for child in parent.iterchildren():
            if child.tag == _w("p"):
                index += 1
                text = normalize_text(_paragraph_text(child)).strip()
                if text:
                    blocks.append(TextBlock(text, Location(line=index)))
            elif child.tag == _w("tbl"):
                index += 1
                table = _table(child, index)
                if table.rows:
                    blocks.append(table)
            elif child.tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
                if content is not None:
                    visit(content)

    visit(document.element.body)
    if not blocks:
        raise ReadError(f"{path.name}: the document has no text or tables; is this the right file?")
    return Document(source=path.name, format="docx", blocks=tuple(blocks))
