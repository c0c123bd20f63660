"""What the office readers share: file-signature checks and merged-cell grids made rectangular tables.

Layout rules shared by the XLSX, XLS, DOCX and HTML readers (format-level, no budget knowledge):

* Merged cells are expanded: the text sits in the top-left cell, which records rowspan/colspan;
  every other position of the span holds a Cell with text ''.
* Every table is rectangular: rows are padded with '' to the table's width. (The text export
  omits merged cells and so has ragged rows; compare rows with trailing empty cells stripped.)
* Table cell text is normalised (normalize_text) but not stripped, as in the text export;
  text blocks are normalised and stripped, empty ones dropped.
* Locations: XLSX page = 1-based sheet number, line = sheet row; DOCX line = 1-based index of the
  body element (paragraph or table), cells line = table row; HTML line = source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongkai import limits
from gongkai.model import Cell, Location, ReadError, TableBlock

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class GridCell:
    """A cell while a grid is being built: mutable so a merge's rowspan can grow."""

    text: str
    line: int | None = None
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # a non-first position of a merged range
    ruled: bool = False  # has a drawn border (XLSX)
    anchor: GridCell | None = field(default=None, repr=False)


def open_check(path: Path, if_ole: str | None = None) -> bytes:
    """Fail early with a clear message on missing or empty files; return the first eight bytes.

    With ``if_ole``, an OLE file (the old binary .xls/.doc, or a password-protected one) fails
    with that message.
    """
    if not path.exists():
        raise ReadError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise ReadError(f"{path.name}: the file is empty; download it again from the publisher")
    with path.open("rb") as fh:
        head = fh.read(8)
    if if_ole is not None and head.startswith(OLE_MAGIC):
        raise ReadError(f"{path.name}: {if_ole}")
    return head


def finish_grid(
    rows: list[list[GridCell]],
    location: Location,
    first: int = 0,
    last: int | None = None,
) -> TableBlock:
    """Turn grid rows into a rectangular TableBlock over columns first..last (inclusive).

    Cells get ``location.page`` (the XLSX sheet) and their own line.
    """
    if last is None:
        last = max((len(r) for r in rows), default=0) - 1
    limits.check_table(len(rows), last - first + 1, f"the table at {location.describe()}")
    page = location.page
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        row_line = next((g.line for g in row if g is not None), None)
        cells: list[Cell] = []
        for col in range(first, last + 1):
            g = row[col] if col < len(row) else None
            if g is None or g.covered:
                cells.append(Cell("", Location(page=page, line=g.line if g else row_line)))
            else:
                cells.append(Cell(g.text, Location(page=page, line=g.line), g.rowspan, g.colspan))
        out.append(tuple(cells))
    return TableBlock(rows=tuple(out), location=location)
