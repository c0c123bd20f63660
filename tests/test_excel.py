"""The Excel helpers every package uses: the byte-order mark, sheet names Excel accepts, widths
that fit Chinese text, exact amounts and filing text that is never a formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import excel


def test_csv_text_starts_with_the_mark_once() -> None:
    text = excel.csv_text(["项目", "金额"], [["合计", "12.60"], ["a,b", ""]])
    assert (
        text.encode("utf-8")
        == b'\xef\xbb\xbf\xe9\xa1\xb9\xe7\x9b\xae,\xe9\x87\x91\xe9\xa2\x9d\n\xe5\x90\x88\xe8\xae\xa1,12.60\n"a,b",\n'
    )


def test_sheet_names_are_unique_short_and_allowed() -> None:
    used: set[str] = set()
    names = [
        excel.sheet_name("收支总表", used),
        excel.sheet_name("收支总表", used),
        excel.sheet_name("a/b:c*d?e[f]g\\h", used),
        excel.sheet_name("'引号'", used),
        excel.sheet_name(
            "一般公共预算财政拨款基本支出表（按经济分类款级科目）附表一二三四五六", used
        ),
        excel.sheet_name(
            "一般公共预算财政拨款基本支出表（按经济分类款级科目）附表一二三四五六七", used
        ),
        excel.sheet_name("Checks", used),
        excel.sheet_name("CHECKS", used),
        excel.sheet_name("[]", used),
    ]
    assert names == [
        "收支总表",
        "收支总表（2）",
        "abcdefgh",
        "引号",
        "一般公共预算财政拨款基本支出表（按经济分类款级科目）附表一二三",
        "一般公共预算财政拨款基本支出表（按经济分类款级科目）附表（2）",
        "Checks",
        "CHECKS（2）",
        "表",
    ]
    assert max(len(n) for n in names) == 31


def test_display_width_counts_chinese_twice() -> None:
    assert excel.display_width("合计（万元）") == 12
    assert excel.display_width("total 12.60") == 11
    assert excel.column_widths(
        ["行号", "科目名称"], [[1, "社会保障和就业支出"], [None, "x" * 80]]
    ) == [
        6.0,
        60.0,
    ]


def test_sheet_keeps_text_as_text_and_amounts_exact(tmp_path: Path) -> None:
    workbook = excel.new_workbook()
    header = ["项目", "金额（万元）", "行号"]
    rows = [
        ['=HYPERLINK("http://x","y")', Decimal("29296.37"), 1],
        ["合计", Decimal("12345678901234567.5"), 2],
        ["零", Decimal("0"), None],
    ]
    excel.write_sheet(workbook, "表一", header, rows)
    path = tmp_path / "book.xlsx"
    excel.save_workbook(workbook, path)
    first = path.read_bytes()
    excel.write_sheet(again := excel.new_workbook(), "表一", header, rows)
    excel.save_workbook(again, path)
    assert path.read_bytes() == first  # the same content gives the same bytes
    sheet = openpyxl.load_workbook(path)["表一"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == header
    formula_like = sheet["A2"]
    assert (formula_like.value, formula_like.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert (sheet["B2"].value, sheet["B2"].number_format) == (29296.37, "0.00")
    # past Excel's 15 digits the amount is its printed text, not a rounded number
    assert sheet["B3"].value == "12345678901234567.5"
    assert (sheet["B4"].value, sheet["B4"].number_format) == (0, "0")
    assert {k: v.width for k, v in sheet.column_dimensions.items()} == {
        "A": 28.0,
        "B": 21.0,
        "C": 6.0,
    }


def test_integers_past_fifteen_digits_stay_text() -> None:
    sheet = excel.new_workbook().create_sheet("t")
    assert excel.xlsx_cell(sheet, 12345678901234567890) == "12345678901234567890"
    assert excel.xlsx_cell(sheet, 20101) == 20101
    assert excel.xlsx_cell(sheet, True) is True


def _sheet_bytes(tmp_path: Path, name: str, header: list[str], rows: list[list[object]]) -> bytes:
    workbook = excel.new_workbook()
    excel.write_sheet(workbook, "表一", header, rows)
    excel.write_sheet(workbook, "表二", header, rows[::-1])
    excel.save_workbook(workbook, tmp_path / name)
    return (tmp_path / name).read_bytes()


def test_rows_written_as_openpyxl_writes_them_cell_by_cell(tmp_path: Path) -> None:
    """write_sheet's rows (one element per row) are the bytes of openpyxl's own append."""
    header = ["项目", " 前后空格 ", "金额（万元）", "行号", "其他"]
    rows: list[list[object]] = [
        ["合计", "a\tb ", Decimal("29296.37"), 1, None],
        ["=SUM(A1)", "#N/A", Decimal("0"), 10**16, None],  # a formula's text, an error code
        ["", "bad\x01char", Decimal("12345678901234567.5"), -3, 1.5],  # blank, control, float
        [None, None, None, None, None],  # nothing in the row
        ["x" * 40000, "零", Decimal("-0.000"), True, Decimal("1E+3")],
        ["三", "四", Decimal("7.1"), 5, "="],
        ["五", "  ", Decimal("123456789012345"), 2**60, Decimal("NaN")],
        ["六", "七", Decimal("1.0"), False, True],  # booleans (the collection's authoritative)
    ]
    _assert_written_as_cell_by_cell(tmp_path, header, rows)


class _CellByCell:
    """openpyxl's own way: a cell per value, appended."""

    def __init__(self, sheet: object) -> None:
        self.sheet = sheet

    def append(self, values: list[object]) -> None:
        self.sheet.append([excel.xlsx_cell(self.sheet, v) for v in values])  # type: ignore[attr-defined]


def _assert_written_as_cell_by_cell(
    tmp_path: Path, header: list[str], rows: list[list[object]]
) -> None:
    fast = _sheet_bytes(tmp_path, "fast.xlsx", header, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(excel, "_SheetRows", _CellByCell)
        assert fast == _sheet_bytes(tmp_path, "plain.xlsx", header, rows)


# GENERATED rows: any text (spaces, line ends, markup, control characters), amounts of any
# scale, integers, booleans and gaps.
_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=12),
    st.sampled_from(["a\r\nb", " <&>\"' ", "\r", "=1+1", "合计\t", "#REF!"]),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_VALUES, min_size=4, max_size=4), min_size=1, max_size=6))
def test_any_rows_written_as_openpyxl_writes_them_cell_by_cell(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    _assert_written_as_cell_by_cell(tmp_path, ["项目", "金额", "行号", "其他"], rows)
