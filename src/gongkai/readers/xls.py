"""Reader for legacy .xls workbooks, and for the XLSX and HTML files that government sites name .xls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai.model import Block, Document, ReadError
from gongkai.normalize import normalize_text
from gongkai.readers.display import display_value
from gongkai.readers.grid import ZIP_MAGIC, GridCell, open_check
from gongkai.readers.html import read_html
from gongkai.readers.xlsx import CONVERT_XLS, SheetGrid, read_xlsx, sheet_blocks, spread_merge


def read_xls(path: Path) -> Document:
    """Read a legacy .xls; files that are really XLSX or HTML (common on government sites) too."""
    head = open_check(path)
    if head.startswith(ZIP_MAGIC):
        return _with_format(read_xlsx(path), path, "xlsx")
    if _looks_like_markup(path):
        return _with_format(read_html(path), path, "html")
    try:
        import xlrd  # type: ignore[import-not-found]  # optional, not a dependency
    except ImportError:
        raise ReadError(
            f"{path.name}: .xls needs the optional xlrd package; {CONVERT_XLS}"
        ) from None
    return _read_xls_xlrd(path, xlrd)


def _with_format(doc: Document, path: Path, fmt: str) -> Document:
    return Document(source=path.name, format=fmt, blocks=doc.blocks, pages=doc.pages)


def _looks_like_markup(path: Path) -> bool:
    with path.open("rb") as fh:
        start = fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<"))


def _read_xls_xlrd(path: Path, xlrd: Any) -> Document:  # pragma: no cover - xlrd not installed
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:
        raise ReadError(f"{path.name}: cannot open as .xls ({exc}); {CONVERT_XLS}") from exc
    blocks: list[Block] = []
    for sheet_no, sh in enumerate(book.sheets(), start=1):
        rows: SheetGrid = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = _xlrd_cell(book, sh.cell(r, c), r + 1, xlrd)
                if cell is not None:
                    rows.setdefault(r + 1, {})[c + 1] = cell
        for rlo, rhi, clo, chi in sh.merged_cells:  # 0-based, ends exclusive
            spread_merge(rows, rlo + 1, rhi, clo + 1, chi)
        blocks.extend(sheet_blocks(rows, sheet_no, max(rows, default=0)))
    if not blocks:
        raise ReadError(f"{path.name}: the workbook has no text or tables; is this the right file?")
    return Document(source=path.name, format="xls", blocks=tuple(blocks))


def _xlrd_cell(book: Any, cell: Any, line: int, xlrd: Any) -> GridCell | None:  # pragma: no cover
    """The cell as shown, with its border; None when it holds nothing and has no border."""
    xf = book.xf_list[cell.xf_index]
    fmt = book.format_map.get(xf.format_key)
    value: Any = cell.value
    if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
        value = None
    elif cell.ctype == xlrd.XL_CELL_DATE:
        value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
        value = bool(cell.value)
    elif cell.ctype == xlrd.XL_CELL_ERROR:
        value = xlrd.error_text_from_code.get(cell.value, "#ERR")
    b = xf.border
    ruled = any((b.left_line_style, b.right_line_style, b.top_line_style, b.bottom_line_style))
    text = normalize_text(display_value(value, fmt.format_str if fmt else None))
    return GridCell(text, line=line, ruled=ruled) if text or ruled else None
