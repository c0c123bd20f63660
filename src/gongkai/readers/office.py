"""Readers for XLSX, XLS, DOCX and HTML filings into the neutral document model, merges expanded."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gongkai.model import Block, Cell, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import normalize_text
from gongkai.readers.text import decode_bytes

# Layout rules shared by all four readers (format-level, no budget knowledge):
#
# * Merged cells are expanded: the text sits in the top-left cell, which records rowspan/colspan;
#   every other position of the span holds a Cell with text ''.
# * Every table is rectangular: rows are padded with '' to the table's width. (The text export
#   omits merged cells and so has ragged rows; compare rows with trailing empty cells stripped.)
# * Table cell text is normalised (normalize_text) but not stripped, as in the text export;
#   text blocks are normalised and stripped, empty ones dropped.
# * Locations: XLSX page = 1-based sheet number, line = sheet row; DOCX line = 1-based index of the
#   body element (paragraph or table), cells line = table row; HTML line = source line.
#
# XLSX text/table rule, per sheet, row by row:
#   A row's *units* are its cells, counting a merged range once. A unit is *occupied* if it holds
#   text, has a drawn border, or is the continuation of a merge from a row above.
#   - two or more occupied units: a table row; consecutive table rows form one table;
#   - otherwise, one non-empty cell: a text block (title, note, narrative line);
#   - otherwise: a blank row, which only ends the current table.
#   A table spans the columns from its leftmost to its rightmost occupied cell.

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CONVERT_XLS = "convert .xls to .xlsx (e.g. libreoffice --headless --convert-to xlsx FILE)"


@dataclass
class _GridCell:
    """A cell while a grid is being built: mutable so a merge's rowspan can grow."""

    text: str
    line: int | None = None
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # a non-first position of a merged range
    ruled: bool = False  # has a drawn border (XLSX)
    anchor: _GridCell | None = field(default=None, repr=False)


def _head(path: Path, n: int = 8) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _open_check(path: Path) -> bytes:
    """Fail early with a clear message on missing, empty or obviously wrong files."""
    if not path.exists():
        raise ReadError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise ReadError(f"{path.name}: the file is empty; download it again from the publisher")
    return _head(path)


def _finish_grid(
    rows: list[list[_GridCell]],
    location: Location,
    first: int = 0,
    last: int | None = None,
) -> TableBlock:
    """Turn grid rows into a rectangular TableBlock over columns first..last (inclusive).

    Cells get ``location.page`` (the XLSX sheet) and their own line.
    """
    if last is None:
        last = max((len(r) for r in rows), default=0) - 1
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


# --------------------------------------------------------------------------- XLSX number display


def _split_sections(fmt: str) -> list[str]:
    sections, buf, quoted, escape = [], [], False, False
    for ch in fmt:
        if escape:
            buf.append(ch)
            escape = False
        elif ch == "\\":
            buf.append(ch)
            escape = True
        elif ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == ";" and not quoted:
            sections.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    sections.append("".join(buf))
    return sections


def _general(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


_TOKEN = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[0#?,.]+|.', re.S)


def _render_number(value: Decimal, fmt: str) -> str | None:
    """Render a number with an Excel number format; None when the format is not understood."""
    fmt = fmt or "General"
    sections = _split_sections(fmt)
    section = sections[0]
    auto_minus = value < 0
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, auto_minus = sections[1], False
        value = -value
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    if value < 0:
        value = -value
    if section.strip().lower() in ("general", "") or section.strip() == "@":
        text = _general(value)
        return f"-{text}" if auto_minus and value != 0 else text
    if re.search(r"[eE][+-]|/", re.sub(r'"[^"]*"|\\.', "", section)):
        return None  # scientific or fraction: not rendered, caller falls back to General
    parts: list[str] = []
    pattern_done = False
    percent = "%" in re.sub(r'"[^"]*"|\\.', "", section)
    for tok in _TOKEN.findall(section):
        if tok.startswith('"'):
            parts.append(tok[1:-1])
        elif tok.startswith("\\"):
            parts.append(tok[1:])
        elif tok.startswith(("_", "*")):
            continue  # padding and fill characters: layout only
        elif tok.startswith("["):
            inner = tok[1:-1]
            if inner.startswith("$"):
                parts.append(inner[1:].split("-")[0])  # currency/locale tag such as [$¥-804]
        elif tok[0] in "0#?,." and any(c in "0#?" for c in tok) and not pattern_done:
            parts.append(_render_pattern(value * (100 if percent else 1), tok))
            pattern_done = True
        elif tok.lower() == "general" or tok == "@":
            parts.append(_general(value))
        else:
            parts.append(tok)
    if not pattern_done:
        parts.append("")
    text = "".join(parts)
    if auto_minus and re.search(r"[1-9]", text):
        text = "-" + text
    return text


def _render_pattern(value: Decimal, pattern: str) -> str:
    scale = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    if scale:
        value = value / (Decimal(1000) ** scale)
    int_part, _, dec_part = pattern.partition(".")
    dec_places = "".join(c for c in dec_part if c in "0#?")
    max_dec = len(dec_places)
    min_dec = len(dec_places.rstrip("#"))
    q = value.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
    whole, _, frac = format(q, "f").partition(".")
    frac = frac.rstrip("0").ljust(min_dec, "0") if max_dec > min_dec else frac
    min_int = int_part.count("0")
    whole = whole.lstrip("0").rjust(min_int, "0")
    if "," in int_part and whole:
        whole = f"{int(whole):,}".rjust(min_int, "0")
    return whole + ("." + frac if "." in pattern else "")


_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|\[[^\]]*\]|AM/PM|A/P|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|.',
    re.I | re.S,
)


def _render_date(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    """Render a date/time with the Excel format's y/m/d/h/s codes; ISO form when unclear."""
    section = _split_sections(fmt or "")[0]
    if not re.search(r"[ymdhs]", re.sub(r'"[^"]*"|\\.', "", section), re.I):
        return value.isoformat()
    tokens = _DATE_TOKEN.findall(section)
    out: list[str] = []
    d = value if isinstance(value, dt.date) else None
    t = value if isinstance(value, dt.time) else (value if isinstance(value, dt.datetime) else None)
    for i, tok in enumerate(tokens):
        low = tok.lower()
        prev = next((x.lower() for x in reversed(tokens[:i]) if x.strip() and x[0].isalpha()), "")
        nxt = next((x.lower() for x in tokens[i + 1 :] if x.strip() and x[0].isalpha()), "")
        if tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok.startswith("["):
            continue
        elif low in ("yyyy", "yy") and d is not None:
            out.append(f"{d.year:04d}" if low == "yyyy" else f"{d.year % 100:02d}")
        elif low in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s")) and t is not None:
            out.append(f"{t.minute:02d}" if low == "mm" else str(t.minute))
        elif low in ("m", "mm") and d is not None:
            out.append(f"{d.month:02d}" if low == "mm" else str(d.month))
        elif low in ("d", "dd") and d is not None:
            out.append(f"{d.day:02d}" if low == "dd" else str(d.day))
        elif low in ("h", "hh") and t is not None:
            out.append(f"{t.hour:02d}" if low == "hh" else str(t.hour))
        elif low in ("s", "ss") and t is not None:
            out.append(f"{t.second:02d}" if low == "ss" else str(t.second))
        elif low[0:1].isalpha() and low not in ("e",) and re.fullmatch(r"[ymdhsa/p]+", low):
            return value.isoformat()
        else:
            out.append(tok)
    return "".join(out)


def display_value(value: Any, number_format: str | None) -> str:
    """The text a spreadsheet cell shows: numbers rendered exactly with their number format.

    Floats go through ``Decimal(str(value))`` (rounded to Excel's 15 significant digits) and are
    quantised half-up to the format's decimals, so 29295.6 with '0.00' shows as '29295.60'.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _render_date(value, number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        if isinstance(value, float) and number != 0:
            digits = number.adjusted() + 1
            number = number.quantize(Decimal(1).scaleb(digits - 15), rounding=ROUND_HALF_UP)
        rendered = _render_number(number, number_format or "General")
        if rendered is None:
            text = _general(abs(number))
            rendered = f"-{text}" if number < 0 else text
        return rendered
    return str(value)


# --------------------------------------------------------------------------- XLSX


def _grid_blocks(
    sheet_rows: dict[int, dict[int, _GridCell]], sheet_no: int, max_row: int
) -> list[Block]:
    """Apply the XLSX text/table rule (see module comment) to one sheet's sparse grid."""
    blocks: list[Block] = []
    table: list[tuple[int, dict[int, _GridCell]]] = []

    def end_table() -> None:
        if not table:
            return
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
        rows = []
        for r, row in table:
            dense = [row.get(c) or _GridCell("", line=r) for c in range(last + 1)]
            rows.append(dense)
        blocks.append(_finish_grid(rows, Location(page=sheet_no, line=table[0][0]), first, last))
        table.clear()

    for r in range(1, max_row + 1):
        row = sheet_rows.get(r, {})
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
        if occupied >= 2:
            table.append((r, row))
        elif len(texts) == 1:
            end_table()
            blocks.append(TextBlock(texts[0].strip(), Location(page=sheet_no, line=r)))
        else:
            end_table()
    end_table()
    return blocks


def _has_border(cell: Any) -> bool:
    border = cell.border
    if border is None:
        return False
    return any(
        side is not None and side.style is not None
        for side in (border.left, border.right, border.top, border.bottom)
    )


def _xlsx_sheet_grid(ws: Any) -> tuple[dict[int, dict[int, _GridCell]], int]:
    from openpyxl.cell.cell import MergedCell

    rows: dict[int, dict[int, _GridCell]] = {}
    # ws._cells is the sparse store; iter_rows() would create every empty cell of the used range.
    for (r, c), cell in sorted(ws._cells.items()):
        if isinstance(cell, MergedCell):
            continue  # positions of merged ranges are filled in below
        text = normalize_text(display_value(cell.value, cell.number_format))
        rows.setdefault(r, {})[c] = _GridCell(text, line=r, ruled=_has_border(cell))
    max_row = max(rows, default=0)
    for rng in ws.merged_cells.ranges:
        anchor = rows.setdefault(rng.min_row, {}).setdefault(
            rng.min_col, _GridCell("", line=rng.min_row)
        )
        anchor.rowspan = rng.max_row - rng.min_row + 1
        anchor.colspan = rng.max_col - rng.min_col + 1
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    rows.setdefault(r, {})[c] = _GridCell(
                        "", line=r, covered=True, anchor=anchor, ruled=anchor.ruled
                    )
        max_row = max(max_row, rng.max_row)
    return rows, max_row


def read_xlsx(path: Path) -> Document:
    """Read every sheet of an XLSX workbook, in order, into text and table blocks."""
    head = _open_check(path)
    if head.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{path.name}: this is an old binary .xls (or a password-protected workbook), "
            "not .xlsx; "
            f"{_CONVERT_XLS}, or remove the password"
        )
    if not head.startswith(_ZIP_MAGIC):
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
            grid, max_row = _xlsx_sheet_grid(ws)
            blocks.extend(_grid_blocks(grid, sheet_no, max_row))
    finally:
        wb.close()
    if not blocks:
        raise ReadError(f"{path.name}: the workbook has no text or tables; is this the right file?")
    return Document(source=path.name, format="xlsx", blocks=tuple(blocks))


def read_xls(path: Path) -> Document:
    """Read a legacy .xls; files that are really XLSX or HTML (common on government sites) too."""
    head = _open_check(path)
    if head.startswith(_ZIP_MAGIC):
        return _with_format(read_xlsx(path), path, "xlsx")
    if _looks_like_markup(path):
        return _with_format(read_html(path), path, "html")
    try:
        import xlrd  # type: ignore[import-not-found]  # optional, not a dependency
    except ImportError:
        raise ReadError(
            f"{path.name}: .xls needs the optional xlrd package; {_CONVERT_XLS}"
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
        raise ReadError(f"{path.name}: cannot open as .xls ({exc}); {_CONVERT_XLS}") from exc
    blocks: list[Block] = []
    for sheet_no, sh in enumerate(book.sheets(), start=1):
        rows: dict[int, dict[int, _GridCell]] = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
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
                ruled = any(
                    (b.left_line_style, b.right_line_style, b.top_line_style, b.bottom_line_style)
                )
                text = normalize_text(display_value(value, fmt.format_str if fmt else None))
                if text or ruled:
                    rows.setdefault(r + 1, {})[c + 1] = _GridCell(text, line=r + 1, ruled=ruled)
        for rlo, rhi, clo, chi in sh.merged_cells:
            anchor = rows.setdefault(rlo + 1, {}).setdefault(clo + 1, _GridCell("", line=rlo + 1))
            anchor.rowspan, anchor.colspan = rhi - rlo, chi - clo
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    if (r, c) != (rlo, clo):
                        rows.setdefault(r + 1, {})[c + 1] = _GridCell(
                            "", line=r + 1, covered=True, anchor=anchor, ruled=anchor.ruled
                        )
        blocks.extend(_grid_blocks(rows, sheet_no, max(rows, default=0)))
    if not blocks:
        raise ReadError(f"{path.name}: the workbook has no text or tables; is this the right file?")
    return Document(source=path.name, format="xls", blocks=tuple(blocks))


# --------------------------------------------------------------------------- DOCX


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


def _docx_paragraph_text(p: Any) -> str:
    texts = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("delText")):
        if node.tag == _w("t"):
            texts.append(node.text or "")
        elif node.tag == _w("tab"):
            texts.append("\t")
        elif node.tag in (_w("br"), _w("cr")):
            texts.append("\n")
    return "".join(texts)


def _docx_cell_text(tc: Any) -> str:
    # Blank paragraphs (left behind by merging cells in Word, or spacing) are not content.
    paragraphs = [_docx_paragraph_text(p) for p in tc.iter(_w("p"))]
    return normalize_text("\n".join(t for t in paragraphs if t.strip()))


def _docx_table(tbl: Any, index: int) -> TableBlock:
    rows: list[list[_GridCell]] = []
    vertical: dict[int, _GridCell] = {}  # grid column -> anchor of an open vertical merge
    for r, tr in enumerate(tbl.iterchildren(_w("tr")), start=1):
        row: list[_GridCell] = []
        before = _int_or(_w_val(tr, "trPr", "gridBefore"), 0)
        row.extend(_GridCell("", line=r) for _ in range(before))
        tcs = tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc")
        last_anchor: _GridCell | None = None
        for tc in tcs:
            col = len(row)
            span = _int_or(_w_val(tc, "tcPr", "gridSpan"), 1)
            vmerge = _w_val(tc, "tcPr", "vMerge")
            hmerge = _w_val(tc, "tcPr", "hMerge")
            above = vertical.get(col)
            if vmerge is not None and vmerge != "restart" and above is not None:
                above.rowspan += 1
                row.extend(_GridCell("", line=r, covered=True, anchor=above) for _ in range(span))
                continue
            if hmerge is not None and hmerge != "restart" and last_anchor is not None:
                last_anchor.colspan += span
                row.extend(
                    _GridCell("", line=r, covered=True, anchor=last_anchor) for _ in range(span)
                )
                continue
            anchor = _GridCell(_docx_cell_text(tc), line=r, colspan=span)
            row.append(anchor)
            row.extend(_GridCell("", line=r, covered=True, anchor=anchor) for _ in range(span - 1))
            last_anchor = anchor
            for c in range(col, col + span):
                vertical.pop(c, None)
            if vmerge == "restart":
                vertical[col] = anchor
        rows.append(row)
    return _finish_grid(rows, Location(line=index))


def read_docx(path: Path) -> Document:
    """Read a Word .docx: body paragraphs and tables in order, gridSpan/vMerge expanded."""
    head = _open_check(path)
    if head.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{path.name}: this is an old binary .doc (or a password-protected file), not .docx; "
            "convert it (e.g. libreoffice --headless --convert-to docx FILE)"
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
                text = normalize_text(_docx_paragraph_text(child)).strip()
                if text:
                    blocks.append(TextBlock(text, Location(line=index)))
            elif child.tag == _w("tbl"):
                index += 1
                table = _docx_table(child, index)
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


# --------------------------------------------------------------------------- HTML

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_SKIP_TAGS = {"head", "script", "style", "noscript", "template", "iframe", "object", "select"}
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "ul",
    # only reached inside layout tables (tables that contain tables), read as containers
    "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: &nbsp; is printed space and is kept


def _decode_html(data: bytes, name: str) -> str:
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        match = _CHARSET.search(data[:4096])
        if match:
            charset = match.group(1).decode("ascii").lower()
            if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
                charset = "gb18030"
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass  # wrong declaration: fall back to detection
    try:
        return decode_bytes(data, name)
    except ReadError:
        raise ReadError(
            f"{name}: not an HTML page (binary data or unknown encoding); check the download "
            "or save the page again as HTML"
        ) from None


def _lines(chunks: list[str]) -> list[str]:
    out = []
    for line in "".join(chunks).split("\n"):
        line = normalize_text(_HTML_SPACE.sub(" ", line).strip(" \t\r\n\f"))
        if line.strip():
            out.append(line)
    return out


def _html_cell_text(td: Any) -> str:
    chunks: list[str] = []

    def walk(el: Any, top: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is not None and tag not in _SKIP_TAGS:
            if tag == "br":
                chunks.append("\n")
            else:
                block = tag in _BLOCK_TAGS
                if block:
                    chunks.append("\n")
                chunks.append(el.text or "")
                for child in el:
                    walk(child, False)
                if block:
                    chunks.append("\n")
        if not top:
            chunks.append(el.tail or "")

    walk(td, True)
    text = "\n".join(_lines(chunks))
    return "" if not text.strip() else text


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(n, limit) if n >= 0 else 1


def _html_table(table: Any) -> TableBlock:
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    grid: dict[tuple[int, int], _GridCell] = {}
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rowspan = _span(td.get("rowspan"), 65534)
            colspan = max(_span(td.get("colspan"), 1000), 1)
            rowspan = len(trs) - r if rowspan == 0 else min(max(rowspan, 1), len(trs) - r)
            anchor = _GridCell(_html_cell_text(td), td.sourceline, rowspan, colspan)
            grid[(r, c)] = anchor
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid.setdefault(
                            (r + dr, c + dc),
                            _GridCell("", td.sourceline, covered=True, anchor=anchor),
                        )
            c += colspan
            width = max(width, c)
    rows = [
        [grid.get((r, c)) or _GridCell("", tr.sourceline) for c in range(width)]
        for r, tr in enumerate(trs)
    ]
    return _finish_grid(rows, Location(line=table.sourceline), 0, width - 1)


def read_html(path: Path) -> Document:
    """Read an HTML page: headings/paragraphs/divs as text blocks, each data <table> as a table."""
    _open_check(path)
    import lxml.html
    from lxml import etree

    data = path.read_bytes()
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC, b"%PDF")):
        raise ReadError(
            f"{path.name}: this is not an HTML page but a PDF/Office file with the wrong suffix; "
            "rename it to .pdf, .xlsx, .docx or .xls and read it again"
        )
    text = _decode_html(data, path.name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{path.name}: cannot parse as HTML ({exc}); check the download") from exc

    blocks: list[Block] = []
    chunks: list[str] = []
    chunk_line: list[int | None] = [None]

    def flush() -> None:
        for line in _lines(chunks):
            blocks.append(TextBlock(line.strip(), Location(line=chunk_line[0])))
        chunks.clear()
        chunk_line[0] = None

    def add(text: str | None, line: int | None) -> None:
        if text:
            if chunk_line[0] is None and text.strip():
                chunk_line[0] = line
            chunks.append(text)

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP_TAGS:
            pass
        elif tag == "table" and not el.xpath(".//table"):
            flush()
            for caption in el.xpath("./caption"):
                add(_html_cell_text(caption), caption.sourceline)
                flush()
            table = _html_table(el)
            if table.rows:
                blocks.append(table)
        elif tag == "br":
            add("\n", el.sourceline)
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            add(el.text, el.sourceline)
            for child in el:
                walk(child)
            if block:
                flush()
        add(el.tail, el.sourceline)

    walk(root)
    flush()
    if not any(isinstance(b, TableBlock) for b in blocks):
        links = [
            href
            for href in root.xpath("//a/@href")
            if re.search(r"\.(pdf|xlsx?|docx?|zip|rar|wps|et)(\?|$)", href, re.I)
        ]
        hint = (
            f"; the filing is probably an attachment: download {', '.join(links[:5])}"
            if links
            else "; the filing may be an attachment or an image: download the original file"
        )
        raise ReadError(f"{path.name}: no <table> in this HTML page{hint}")
    return Document(source=path.name, format="html", blocks=tuple(blocks))


__all__ = ["display_value", "read_docx", "read_html", "read_xls", "read_xlsx"]
