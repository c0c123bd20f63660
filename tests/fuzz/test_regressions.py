"""Every failure the fuzz suite (or issue 13's catalogue) found, as a named case that must keep
passing: the filing is converted, or refused with a ReadError naming the file and what to do.

Each input is GENERATED here from the real sample (or from nothing), never committed.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from gongkai.convert import convert
from gongkai.excel import xlsx_cell
from gongkai.filings import FilingSource, load_provenance
from gongkai.model import ReadError
from gongkai.package import typed_value
from tests.conftest import SAMPLE_TEXT
from tests.fuzz.harness import read_or_refuse
from tests.fuzz.mutations import _nth_number, _rezip, _spans
from tests.fuzz.seeds import generated_pdf, seed_bytes

SAMPLE = SAMPLE_TEXT.read_bytes()
TOTAL = b"29295.60"  # the first table's total, printed once per table it closes


def convert_bytes(data: bytes, folder: Path, suffix: str = "txt") -> Path:
    path = folder / f"mutated.{suffix}"
    path.write_bytes(data)
    return convert(FilingSource("mutated", [path]), folder / "out").directory


def test_control_character_in_a_cell_is_converted(tmp_path: Path) -> None:
    """Found by test_convert_fuzz: openpyxl's IllegalCharacterError while writing the XLSX."""
    data = _nth_number(SAMPLE, 0, None, b"\x05")
    package = convert_bytes(data, tmp_path)
    csvs = b"".join(path.read_bytes() for path in (package / "data").glob("*.csv"))
    assert b"\x05" in csvs  # the CSVs keep what was printed
    with zipfile.ZipFile(package / "mutated.xlsx") as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"\x05" not in sheets
    assert b"<t>323&#65533;&#26124;" in sheets  # U+FFFD where the control character was


@pytest.mark.parametrize(
    ("field_type", "text", "written"),
    [
        ("number", "9" * 77, "9" * 77),  # 77 digits: kept as the printed text
        ("integer", "1" * 5000, "1" * 5000),  # past Python's int-from-string limit
        ("number", "1332479831.690000", None),  # 12 significant digits: a number
        ("number", "NaN", "NaN"),
        ("integer", "20101", 20101),
        ("string", "a\x00b\x1fc", "a\ufffdb\ufffdc"),
        ("string", "x" * 40000, "x" * 32767),
        ("string", '=HYPERLINK("http://x")', None),  # found writing docs/security.md
    ],
)
def test_xlsx_cells_excel_cannot_hold(field_type: str, text: str, written: object) -> None:
    from openpyxl import Workbook

    sheet = Workbook(write_only=True).create_sheet("t")
    cell = xlsx_cell(sheet, typed_value(field_type, text))
    if written is None:
        assert (str(cell.value), cell.data_type) == (text, "s" if text[0] == "=" else "n")
    else:
        assert cell == written


def test_77_digit_amount_is_converted(tmp_path: Path) -> None:
    data = SAMPLE.replace(TOTAL, b"9" * 77, 1)
    assert data != SAMPLE
    package = convert_bytes(data, tmp_path)
    assert (package / "mutated.xlsx").is_file()


@pytest.mark.parametrize(
    ("data", "where"),
    [
        # Found by test_convert_fuzz: int() of a 5,000-digit line number in extract/coded.py.
        (_nth_number(SAMPLE, 399, b"1" * 5000), "the table at line 786, row 38"),
        (SAMPLE.replace(b"\n\t2080505\n", b"\n\t" + b"2" * 5000 + b"\n", 1), "the table at line "),
    ],
)
def test_5000_digits_are_refused_by_the_digits_limit(
    tmp_path: Path, data: bytes, where: str
) -> None:
    assert data != SAMPLE
    with pytest.raises(ReadError) as caught:
        convert_bytes(data, tmp_path)
    assert str(caught.value).startswith(f"mutated.txt, {where}")
    assert str(caught.value).endswith(
        "5,000 digits, over the limit of 100 (digits in one number, code or amount); if the "
        "file is genuine, raise the limit for this run: GONGKAI_MAX_DIGITS=5001 gongkai convert ..."
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "utf8_bom_then_invalid_byte",
            b"\xef\xbb\xbf\xff" + SAMPLE,
            "starts with a UTF-8/UTF-16 byte-order mark but is not valid in that encoding",
        ),
        (
            "utf16_bom_odd_length",
            b"\xff\xfe" + SAMPLE[:101],
            "starts with a UTF-8/UTF-16 byte-order mark but is not valid in that encoding",
        ),
        ("nul_bytes", b"\x00\x01" * 500, "binary file, not a text export"),
    ],
)
def test_text_export_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    refused = read_or_refuse(path)
    assert isinstance(refused, ReadError)
    assert str(refused).startswith(f"{name}.txt: {message}")


def test_duplicated_rows_are_converted(tmp_path: Path) -> None:
    """Issue 13: duplicated rows once raised `RuntimeError: duplicate check ids` in validate."""
    lines = SAMPLE.split(b"\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(b"\t201"))
    data = b"\n".join([*lines[: start + 20], *lines[start : start + 20] * 3, *lines[start + 20 :]])
    package = convert_bytes(data, tmp_path)
    assert (package / "data" / "checks.csv").is_file()


def test_colspan_1000_on_every_cell_is_refused(tmp_path: Path) -> None:
    html = _spans(seed_bytes("html", str(tmp_path)), b"colspan", b"1000")
    path = tmp_path / "spans.html"
    path.write_bytes(html)
    refused = read_or_refuse(path)
    assert isinstance(refused, ReadError)
    assert str(refused).startswith(
        "spans.html, the table at line 5, row 1: 1,000 rows or columns, over the limit of 200 "
        "(rows or columns one merged cell spans); if the file is genuine, raise the limit for "
        "this run: GONGKAI_MAX_SPAN=1001 gongkai convert ..."
    )


@pytest.mark.parametrize("cut", [0.05, 0.5, 0.95])
def test_truncated_pdf_is_refused_or_read(tmp_path: Path, cut: float) -> None:
    data = generated_pdf()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    read_or_refuse(path)  # pdfminer errors while iterating pages: a ReadError, never raw


def test_damaged_zip_directory_is_a_read_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = buffer.getvalue()
    path = tmp_path / "broken.docx"
    path.write_bytes(data[:-10])
    refused = read_or_refuse(path)
    assert isinstance(refused, ReadError)
    assert str(refused).startswith("broken.docx: ")


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        (
            "digits",  # found by test_provenance_fuzz: yaml's int() past 4,300 digits
            "id: x\ntitle: " + "1" * 5000 + "\n",
            "provenance file is not valid YAML (Exceeds the limit (4300 digits)",
        ),
        ("nested", "id: " + "[" * 5000 + "]" * 5000 + "\n", "provenance file is not valid YAML"),
    ],
)
def test_provenance_yaml_refused(tmp_path: Path, name: str, body: str, message: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text("# generated bad provenance\n" + body, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        load_provenance(path)
    assert str(caught.value).startswith(f"{path}: {message}")


def test_damaged_deflate_data_in_a_worksheet_is_a_read_error(tmp_path: Path) -> None:
    """Found by test_readers_fuzz: zlib.error from the worksheet row count (gongkai.limits)."""
    data = bytearray(seed_bytes("xlsx", str(tmp_path)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for offset in range(start + 40, start + 40 + 64, 4):
        data[offset] ^= 0x5A
    path = tmp_path / "deflate.xlsx"
    path.write_bytes(bytes(data))
    refused = read_or_refuse(path)
    assert isinstance(refused, ReadError)
    assert str(refused).startswith("deflate.xlsx: a damaged zip archive (error: Error -3 ")


@pytest.mark.parametrize("nth", [0, 5, 37, 399])
def test_superscript_digit_where_a_line_number_is_printed(tmp_path: Path, nth: int) -> None:
    """'²'.isdigit() is true but int('²') fails: extract's line numbers (summary, coded, items,
    listing) once raised ValueError on it; found writing the fuzz suite."""
    package = convert_bytes(_nth_number(SAMPLE, nth, "²".encode()), tmp_path)
    assert (package / "datapackage.json").is_file()


def test_a_row_number_of_77_digits_in_a_worksheet_is_refused_at_once(tmp_path: Path) -> None:
    """Found by test_readers_fuzz (FUZZ_EXAMPLES=800): the XLSX reader visited every row number
    up to 10**77 and hung."""
    data = _rezip(
        seed_bytes("xlsx", str(tmp_path)),
        "xl/worksheets/sheet1.xml",
        lambda xml: _nth_number(xml, 199, b"9" * 77),
    )
    path = tmp_path / "far.xlsx"
    path.write_bytes(data)
    started = time.perf_counter()
    refused = read_or_refuse(path)
    assert time.perf_counter() - started < 10
    assert str(refused) == (
        f"far.xlsx, worksheet 'Sheet1', its last row number: {int('9' * 77):,} rows, over the "
        "limit of 200,000 (rows of one table or worksheet); far beyond any real filing: the file "
        "is damaged, download it again"
    )
