"""Reader for XLSX workbooks: every sheet, row by row, into text blocks and tables.

The text/table rule, per sheet, row by row (also used for legacy .xls):
  A row's *units* are its cells, counting a merged range once. A unit is *occupied* if it holds
  text, has a drawn border, or is the continuation of a merge from a row above.
  - two or more occupied units: a table row; consecutive table rows form one table;
  - otherwise, one non-empty cell: a text block (title, note, narrative line);
  - otherwise: a blank row, which only ends the current table.
  A table spans the columns from its leftmost to its rightmost occupied cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai import limits
from gongkai.model import Block, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import normalize_text
from gongkai.readers.display import display_value
from gongkai.readers.grid import ZIP_MAGIC, GridCell, finish_grid, open_check

CONVERT_XLS = "convert .xls to .xlsx (e.g. libreoffice --headless --convert-to xlsx FILE)"

SheetGrid = dict[int, dict[int, GridCell]]  # row -> column -> cell, 1-based and sparse


def read_xlsx(path: Path) -> Document:
    """Read every sheet of an XLSX workbook, in order, into text and table blocks."""
    head = open_check(
        path,
        if_ole="this is an old binary .xls (or a password-protected workbook), not .xlsx; "
        f"{CONVERT_XLS}, or remove the password",
    )
    if not head.startswith(ZIP_MAGIC):
        raise ReadError(
            f"{path.name}: not an .xlsx workbook (no ZIP signature); check the download, "
            "or open it in a spreadsheet program and save as .xlsx"
        )
    import openpyxl

    try:
        # A file object, so that openpyxl does not judge by suffix (.xls that are really .xlsx).
        with path.open("rb") as fh:
            wb = openpyxl.load_workbook(fh, data_only=True, rich_text=False)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise ReadError(
            f"{path.name}: cannot open as .xlsx ({type(exc).__name__}: {exc}); the file is damaged "
            "or not a workbook; download it again or re-save it from a spreadsheet program"
        ) from exc
    blocks: list[Block] = []
    try:
        for sheet_no, ws in enumerate(wb.worksheets, start=1):
            grid, max_row = _sheet_grid(ws)
            blocks.extend(sheet_blocks(grid, sheet_no, max_row))
    finally:
        wb.close()
    if not blocks:
        raise ReadError(f"{path.name}: the workbook has no text or tables; is this the right file?")
    return Document(source=path.name, format="xlsx", blocks=tuple(blocks))


def _sheet_grid(ws: Any) -> tuple[SheetGrid, int]:
    from openpyxl.cell.cell import MergedCell

    rows: SheetGrid = {}
    # ws._cells is the sparse store; iter_rows() would create every empty cell of the used range.
    for (r, c), cell in sorted(ws._cells.items()):
        if isinstance(cell, MergedCell):
            continue  # positions of merged ranges are filled in below
        text = normalize_text(display_value(cell.value, cell.number_format))
        rows.setdefault(r, {})[c] = GridCell(text, line=r, ruled=_has_border(cell))
    max_row = max(rows, default=0)
    for rng in ws.merged_cells.ranges:
        spread_merge(rows, rng.min_row, rng.max_row, rng.min_col, rng.max_col)
        max_row = max(max_row, rng.max_row)
    # Every row number up to the last is visited: a cell at row 10**20 must not be.
    limits.check(limits.ROWS, max_row, f"worksheet {ws.title!r}, its last row number")
    return rows, max_row


def _has_border(cell: Any) -> bool:
    border = cell.border
    if border is None:
        return False
    return any(
        side is not None and side.style is not None
        for side in (border.left, border.right, border.top, border.bottom)
    )


def spread_merge(rows: SheetGrid, min_row: int, max_row: int, min_col: int, max_col: int) -> None:
    """Expand a merged range (inclusive, 1-based): its anchor gets the spans, the rest is covered."""
    where = f"the merged cell at row {min_row}, column {min_col}"
    limits.check(limits.SPAN, max(max_row - min_row, max_col - min_col) + 1, where)
    anchor = rows.setdefault(min_row, {}).setdefault(min_col, GridCell("", line=min_row))
    anchor.rowspan = max_row - min_row + 1
    anchor.colspan = max_col - min_col + 1
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            if (r, c) != (min_row, min_col):
                rows.setdefault(r, {})[c] = GridCell(
                    "", line=r, covered=True, anchor=anchor, ruled=anchor.ruled
                )


def sheet_blocks(sheet_rows: SheetGrid, sheet_no: int, max_row: int) -> list[Block]:
    """Apply the text/table rule (see the module's doc) to one sheet's sparse grid."""
    blocks: list[Block] = []
    table: list[tuple[int, dict[int, GridCell]]] = []

    def end_table() -> None:
        if table:
            blocks.append(_table_block(table, sheet_no))
            table.clear()

    for r in range(1, max_row + 1):
        row = sheet_rows.get(r, {})
        occupied, texts = _occupied_units(row, r)
        if occupied >= 2:
            table.append((r, row))
        elif len(texts) == 1:
            end_table()
            blocks.append(TextBlock(texts[0].strip(), Location(page=sheet_no, line=r)))
        else:
            end_table()
    end_table()
    return blocks


def _occupied_units(row: dict[int, GridCell], r: int) -> tuple[int, list[str]]:
    """How many units of sheet row ``r`` are occupied, and the texts it holds."""
    occupied = 0
    texts: list[str] = []
    for g in row.values():
        if g.covered:
            # continuation of a horizontal merge in this row is part of its anchor's unit
            if g.anchor is not None and g.anchor.line != r:
                occupied += 1
            continue
        if g.text.strip():
            texts.append(g.text)
            occupied += 1
        elif g.ruled:
            occupied += 1
    return occupied, texts


def _table_block(table: list[tuple[int, dict[int, GridCell]]], sheet_no: int) -> TableBlock:
    """Consecutive table rows as one table, from the leftmost to the rightmost occupied column."""
    cols = [
        c
        for _, row in table
        for c, g in row.items()
        if g.covered or g.ruled or g.text.strip() or g.rowspan > 1 or g.colspan > 1
    ]
    ends = [
        c + g.colspan - 1
        for _, row in table
        for c, g in row.items()
        if not g.covered and (g.ruled or g.text.strip() or g.rowspan > 1 or g.colspan > 1)
    ]
    first, last = min(cols), max([*cols, *ends])
    where = f"the table at sheet {sheet_no}, row {table[0][0]}"
    limits.check_table(len(table), last + 1, where)  # before a row of `last` cells is built
    rows = [[row.get(c) or GridCell("", line=r) for c in range(last + 1)] for r, row in table]
    return finish_grid(rows, Location(page=sheet_no, line=table[0][0]), first, last)
