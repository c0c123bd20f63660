"""What a reader opens in Excel, written one way for every package: CSV text with a UTF-8
byte-order mark, and XLSX workbooks with Chinese sheet names, widths that fit Chinese text, a
frozen header row, exact amounts and text from a filing that is never a formula."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from gongkai.normalize import decimals_of

# Excel on Chinese Windows reads a CSV as GBK unless it starts with this mark (合计 -> 鍚堣).
BOM = "\ufeff"
# A fixed timestamp for files whose formats carry one (XLSX, zip), so that output is byte-stable.
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)

# Characters an XLSX cell cannot hold (XML 1.0 forbids them); the CSV keeps them as printed.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel keeps 15 significant digits and nothing past 1e308: a figure beyond that is written as
# the text it was printed as, so that the copy does not show a different number.
_EXCEL_DIGITS = 15
_EXCEL_EXPONENT = 307
# Excel refuses these in a sheet name, and names longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_LENGTH = 31
# Column widths in Excel's units (about one Latin character; a Chinese character takes two).
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_COPY_CHUNK = 1 << 20


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file's text as published: the byte-order mark, the header, ``\\n`` line ends."""
    buffer = io.StringIO()
    csv_writer(buffer, header).writerows(rows)
    return buffer.getvalue()


def csv_writer(file: TextIO, header: Sequence[str]) -> Any:
    """A csv writer of ``file`` (a text file opened with ``newline=""``) that has written the
    byte-order mark and ``header``: the rows are to follow."""
    file.write(BOM)
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(header)
    return writer


def sheet_name(title: str, used: set[str]) -> str:
    """``title`` as a sheet name Excel accepts (no []:*?/\\, at most 31 characters, not starting
    or ending with ') and unlike the names in ``used`` (Excel ignores case); adds it to ``used``."""
    base = _SHEET_FORBIDDEN.sub("", title).strip().strip("'")[:_SHEET_LENGTH] or "表"
    name, number = base, 1
    while name.casefold() in used:
        number += 1
        suffix = f"（{number}）"
        name = base[: _SHEET_LENGTH - len(suffix)] + suffix
    used.add(name.casefold())
    return name


@functools.lru_cache(maxsize=65536)  # a table repeats its codes, names and amounts
def display_width(text: str) -> int:
    """Width of ``text`` in Latin characters: wide (CJK) and full-width characters count two."""
    if text.isascii():  # no ASCII character is wide
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """A width per column that fits its widest cell (within 6 and 60: long text wraps)."""
    widths = [display_width(h) for h in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(_shown(value)))
    return [float(min(max(w + 2, _MIN_WIDTH), _MAX_WIDTH)) for w in widths]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def new_workbook() -> Any:
    """An empty write-only workbook whose properties carry no time of writing."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "gongkai"
    return workbook


def write_sheet(
    workbook: Any, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """One sheet: the header row frozen, columns as wide as their text, each value as a cell
    (text stays text, an exact Decimal a number shown with its printed decimals)."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    # A write-only sheet takes widths and panes before its first row.
    for index, width in enumerate(column_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    written = _SheetRows(sheet)
    written.append(header)  # all text: xlsx_cell gives xlsx_text's cells
    for row in rows:
        written.append(row)


# Text as lxml's serializer writes it inside an element; a carriage return as a reference, which
# an XML parser would otherwise read as a line end.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# A sheet repeats its short texts (names, codes, regions): the markup of each text up to this
# length is made once per sheet; longer ones (messages, narrative) are rarely repeated.
_KEPT_TEXT = 64


class _SheetRows:
    """Rows of a write-only sheet, each written with the bytes ``sheet.append`` of its
    xlsx_cell values writes: a row of text, integers, booleans and amounts goes into openpyxl's
    stream as one lxml element, made by parsing the row's markup composed here (no cell object
    made and bound per value, nor an element per cell: those were most of writing a workbook);
    a row holding anything else, or a value that openpyxl would write otherwise (blank text, an
    error code, a formula), is appended cell by cell as before. Hooks the
    WorksheetWriter.write_row of openpyxl 3.1 (the version pinned); tests/test_excel.py
    compares the bytes of both ways."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.letters: list[str] = []
        self.number = 0  # the row openpyxl writes next is number + 1
        # decimals -> ' s="<style id>"' or "", as a cell registers it
        self.styles: dict[int, str] = {}
        self.texts: dict[str, str] = {}  # a short text -> its cell's markup after the reference
        self.element: Any = None
        sheet._get_writer()
        self.write_row = sheet._writer.write_row
        sheet._writer.write_row = self._write_row

    def append(self, values: Sequence[Any]) -> None:
        self.number += 1
        self.element = self._element(values)
        if self.element is None:
            self.sheet.append([xlsx_cell(self.sheet, value) for value in values])
        else:
            self.sheet.append(())

    def _write_row(self, xf: Any, cells: Any, row_index: int) -> None:
        element, self.element = self.element, None
        if element is None:
            self.write_row(xf, cells, row_index)
            return
        if row_index != self.number:
            raise RuntimeError(f"openpyxl wrote row {row_index} for row {self.number}")
        xf.write(element)

    def _element(self, values: Sequence[Any]) -> Any:
        """The row's element, or None when it is not one of plain text, integers, booleans and
        amounts."""
        from lxml import etree
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.compat import safe_string
        from openpyxl.utils import get_column_letter

        if self.sheet.row_dimensions.get(self.number):
            return None
        while len(self.letters) < len(values):
            self.letters.append(get_column_letter(len(self.letters) + 1))
        number = str(self.number)
        cells: list[str] = []
        for letter, value in zip(self.letters, values, strict=False):
            kind = type(value)
            if value is None:
                continue
            if kind is int and not _fits_excel(Decimal(value)):
                value, kind = str(value), str
            elif kind is Decimal and not _fits_excel(value):
                value, kind = format(value, "f"), str
            if kind is str:
                markup = self.texts.get(value)
                if markup is None:
                    markup = _text_markup(value, ERROR_CODES)
                    if len(value) <= _KEPT_TEXT:
                        self.texts[value] = markup
                if not markup:
                    return None
                cells.append(f'<c r="{letter}{number}"{markup}')
            elif kind is int:
                cells.append(f'<c r="{letter}{number}" t="n"><v>{safe_string(value)}</v></c>')
            elif kind is bool:  # openpyxl: data type b, the value as a number (1 or 0)
                cells.append(f'<c r="{letter}{number}" t="b"><v>{1 if value else 0}</v></c>')
            elif kind is Decimal:
                style = self._style(value)
                cells.append(
                    f'<c r="{letter}{number}"{style} t="n"><v>{safe_string(value)}</v></c>'
                )
            else:
                return None
        if not cells:
            return None
        return etree.fromstring(f'<row r="{number}">{"".join(cells)}</row>')

    def _style(self, amount: Decimal) -> str:
        """The style attribute of an amount's cell (its printed decimals), registered in the
        workbook by a cell made as xlsx_cell makes it, when the first such amount is written."""
        places = decimals_of(amount)
        if places not in self.styles:
            cell = xlsx_cell(self.sheet, amount)
            self.styles[places] = f' s="{cell.style_id}"' if cell.has_style else ""
        return self.styles[places]


def _text_markup(value: str, error_codes: Any) -> str:
    """A text cell's markup after its reference; "" when openpyxl writes it otherwise (blank,
    an error code, a formula)."""
    text = _XLSX_ILLEGAL.sub("\ufffd", value)[:32767]
    if not text or text.startswith("=") or text in error_codes:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{text.translate(_XML_TEXT)}</t></is></c>'


@functools.cache
def _write_only_cell() -> Any:
    """openpyxl's WriteOnlyCell, imported on first use (openpyxl is slow to import)."""
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell


def xlsx_text(sheet: Any, text: str) -> Any:
    """A text cell as an XLSX can hold it: forbidden characters replaced, never a formula."""
    text = _XLSX_ILLEGAL.sub("\ufffd", text)[:32767]
    if not text.startswith("="):
        return text
    cell = _write_only_cell()(sheet, value=text)
    cell.data_type = "s"  # printed text, never a formula (openpyxl reads "=..." as one)
    return cell


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A typed value as a cell: text through xlsx_text, an amount as a number with its printed
    decimals (or as its text when Excel could not hold it exactly)."""
    if isinstance(value, str):
        return xlsx_text(sheet, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if _fits_excel(Decimal(value)) else str(value)
    if not isinstance(value, Decimal):
        return value
    if not _fits_excel(value):
        return format(value, "f")
    cell = _write_only_cell()(sheet, value=value)
    places = decimals_of(value)
    cell.number_format = "0." + "0" * places if places else "0"
    return cell


def _fits_excel(value: Decimal) -> bool:
    if not value.is_finite():
        return False
    digits = value.as_tuple().digits
    if len(digits) > _EXCEL_DIGITS:  # trailing zeros are not significant
        # Not value.normalize(): it rounds to the context's 28 digits first.
        if len("".join(map(str, digits)).rstrip("0")) > _EXCEL_DIGITS:
            return False
    return abs(value.adjusted()) <= _EXCEL_EXPONENT


def save_workbook(workbook: Any, path: Path) -> None:
    """Save with fixed timestamps and member order: identical content gives identical bytes.
    openpyxl writes its members uncompressed into a scratch file (a large workbook was held
    whole in memory, and its largest sheet once more uncompressed; compressed, each member was
    compressed twice), which is copied a member at a time, compressed once."""
    from openpyxl.writer.excel import ExcelWriter

    if workbook.write_only and not workbook.worksheets:
        workbook.create_sheet()  # as Workbook.save does
    workbook.properties.modified = FIXED_TIME  # Workbook.save would stamp the time of saving
    with tempfile.TemporaryFile() as scratch:
        # Workbook.save is this writer over a compressed archive (openpyxl 3.1, pinned).
        ExcelWriter(workbook, zipfile.ZipFile(scratch, "w", zipfile.ZIP_STORED, True)).save()
        scratch.seek(0)
        with (
            zipfile.ZipFile(scratch) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                stable = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
                stable.compress_type = zipfile.ZIP_DEFLATED
                stable.external_attr = 0o644 << 16
                # The size read ahead, as writestr knows it: the same ZIP64 choice, the same bytes.
                stable.file_size = info.file_size
                with source.open(info) as member, target.open(stable, "w") as copy:
                    shutil.copyfileobj(member, copy, _COPY_CHUNK)
