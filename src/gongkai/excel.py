"""What a reader opens in Excel, written one way for every package: CSV text with a UTF-8
byte-order mark, and XLSX workbooks with Chinese sheet names, widths that fit Chinese text, a
frozen header row, exact amounts and text from a filing that is never a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

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


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file's text as published: the byte-order mark, the header, ``\\n`` line ends."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


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


def display_width(text: str) -> int:
    """Width of ``text`` in Latin characters: wide (CJK) and full-width characters count two."""
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
    sheet.append([xlsx_text(sheet, h) for h in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])


def xlsx_text(sheet: Any, text: str) -> Any:
    """A text cell as an XLSX can hold it: forbidden characters replaced, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    text = _XLSX_ILLEGAL.sub("\ufffd", text)[:32767]
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # printed text, never a formula (openpyxl reads "=..." as one)
    return cell


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A typed value as a cell: text through xlsx_text, an amount as a number with its printed
    decimals (or as its text when Excel could not hold it exactly)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        return xlsx_text(sheet, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if _fits_excel(Decimal(value)) else str(value)
    if not isinstance(value, Decimal):
        return value
    if not _fits_excel(value):
        return format(value, "f")
    cell = WriteOnlyCell(sheet, value=value)
    places = decimals_of(value)
    cell.number_format = "0." + "0" * places if places else "0"
    return cell


def _fits_excel(value: Decimal) -> bool:
    if not value.is_finite():
        return False
    # Not value.normalize(): it rounds to the context's 28 digits first.
    significant = len("".join(map(str, value.as_tuple().digits)).rstrip("0"))
    return significant <= _EXCEL_DIGITS and abs(value.adjusted()) <= _EXCEL_EXPONENT


def save_workbook(workbook: Any, path: Path) -> None:
    """Save with fixed timestamps and member order: identical content gives identical bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into `modified`; keep the element, fix the time.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            target.writestr(stable, content)
