"""Tests for the XLSX/XLS/DOCX/HTML readers: round trips of the real sample and generated merges."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from gongkai.model import Document, Location, ReadError, TableBlock, TextBlock
from gongkai.readers import read_document
from gongkai.readers.display import display_value
from gongkai.readers.docx import read_docx
from gongkai.readers.html import read_html
from gongkai.readers.text import read_text_export
from gongkai.readers.xls import read_xls
from gongkai.readers.xlsx import read_xlsx

sys.path.insert(0, str(Path(__file__).parent))
from generate_copies import write_docx, write_html, write_xlsx

FILINGS = Path(__file__).resolve().parents[2].parent / "shared" / "filings"
SAMPLE = FILINGS / "changli_2023_dept_budget_hrss.txt"


def comparable(doc: Document) -> list[tuple[str, object]]:
    """Blocks as plain data for comparison, with trailing empty cells of each row removed.

    That is the one permitted difference between the text export and the office formats: the
    export omits merged cells and so has ragged rows, while the office readers return rectangular
    tables padded with '' (and the export itself sometimes ends a row with empty cells).
    """
    out: list[tuple[str, object]] = []
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            out.append(("text", block.text))
        else:
            rows = []
            for row in block.texts():
                while row and row[-1] == "":
                    row.pop()
                rows.append(row)
            out.append(("table", rows))
    return out


def assert_same_blocks(expected: Document, got: Document) -> None:
    want, have = comparable(expected), comparable(got)
    for i, (a, b) in enumerate(zip(want, have, strict=False)):
        assert a == b, f"block {i} differs:\n expected {a!r}\n got      {b!r}"
    assert len(want) == len(have)


@pytest.fixture(scope="module")
def sample() -> Document:
    if not SAMPLE.exists():
        pytest.skip(f"real sample filing not available at {SAMPLE}")
    return read_text_export(SAMPLE)


# --------------------------------------------------------------------- round trips of the sample


def test_sample_shape(sample: Document) -> None:
    # Guards the round trips below against a silently changed sample or text reader.
    assert len(sample.table_blocks()) == 64
    assert len(sample.text_blocks()) == 155


@pytest.mark.parametrize(
    ("suffix", "write", "read", "options"),
    [
        ("xlsx", write_xlsx, read_xlsx, {}),
        ("xlsx", write_xlsx, read_xlsx, {"amounts_as_numbers": True}),
        ("docx", write_docx, read_docx, {}),
        ("html", write_html, read_html, {}),
        ("html", write_html, read_html, {"encoding": "gb18030"}),
    ],
    ids=["xlsx-text", "xlsx-numbers-0.00", "docx", "html-utf8", "html-gb18030"],
)
def test_round_trip_of_sample(sample, tmp_path, suffix, write, read, options) -> None:
    path = tmp_path / f"copy.{suffix}"
    write(sample, path, **options)
    got = read(path)
    assert got.format == suffix
    assert got.source == path.name
    assert_same_blocks(sample, got)
    for table in got.table_blocks():
        assert len({len(row) for row in table.rows}) == 1, "office tables are rectangular"
        assert table.location.line is not None
    assert all(block.location.line is not None for block in got.text_blocks())


def test_amounts_written_as_numbers_render_as_printed(sample, tmp_path) -> None:
    path = tmp_path / "numbers.xlsx"
    write_xlsx(sample, path, amounts_as_numbers=True)
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    numeric = [c for row in ws.iter_rows() for c in row if isinstance(c.value, float)]
    assert len(numeric) > 100  # the variant really stores numbers
    got = read_xlsx(path)
    first = got.table_blocks()[0]
    assert any(cell.text == "29295.60" for row in first.rows for cell in row)


def test_dispatch_reads_office_suffixes(sample, tmp_path) -> None:
    for suffix, write in (("xlsx", write_xlsx), ("docx", write_docx), ("htm", write_html)):
        path = tmp_path / f"copy.{suffix}"
        write(sample, path)
        assert_same_blocks(sample, read_document(path))


# --------------------------------------------------------------------- merges (generated files)


def test_html_rowspan_colspan(tmp_path) -> None:
    # Generated HTML: a title, a table with a two-level header, a note.
    page = """<html><head><meta charset="utf-8"><title>ignored</title>
    <style>p {color: red}</style><script>var x = "<table>";</script></head><body>
    <h2>部门支出总表</h2>
    <div>单位：万元<br>预算年度：2023</div>
    <table border=1>
      <thead>
        <tr><th rowspan="2">科目名称</th><th colspan="2">预算数</th><th rowspan=2>备注</th></tr>
        <tr><th>基本支出</th><th>项目支出</th></tr>
      </thead>
      <tbody>
        <tr><td>合计</td><td>１２.５０</td><td>&nbsp;</td><td>第一行<br/>第二行</td></tr>
        <tr><td>&nbsp;&nbsp;其中：  行政运行</td><td colspan=2>3.00</td></tr>
      </tbody>
    </table>
    <p>注：本表为  生成的示例。</p>
    </body></html>"""
    path = tmp_path / "merge.html"
    path.write_text(page, encoding="utf-8")
    doc = read_html(path)
    assert [b.text for b in doc.text_blocks()] == [
        "部门支出总表",
        "单位：万元",
        "预算年度：2023",
        "注：本表为 生成的示例。",  # HTML collapses ordinary spaces
    ]
    assert isinstance(doc.blocks[3], TableBlock)
    table = doc.table_blocks()[0]
    assert table.texts() == [
        ["科目名称", "预算数", "", "备注"],
        ["", "基本支出", "项目支出", ""],
        ["合计", "12.50", "", "第一行\n第二行"],
        ["  其中： 行政运行", "3.00", "", ""],
    ]
    top = table.rows[0]
    assert (top[0].rowspan, top[0].colspan) == (2, 1)
    assert (top[1].rowspan, top[1].colspan) == (1, 2)
    assert (top[3].rowspan, top[3].colspan) == (2, 1)
    assert table.rows[3][1].colspan == 2
    assert table.rows[2][0].location.line is not None


def test_html_layout_table_is_read_as_container(tmp_path) -> None:
    # Generated HTML: a page laid out with an outer table holding the data table.
    page = """<html><body><table><tr><td><p>标题</p>
    <table><tr><td>a</td><td>1.00</td></tr></table></td></tr></table></body></html>"""
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    assert comparable(read_html(path)) == [("text", "标题"), ("table", [["a", "1.00"]])]


def test_html_declared_gbk_charset(tmp_path) -> None:
    # Generated HTML in GBK, declared as gb2312 as many government sites do.
    page = '<html><head><meta charset="gb2312"></head><body><table><tr><td>社会保障</td>'
    page += "<td>≥98%</td></tr></table></body></html>"
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    assert read_html(path).table_blocks()[0].texts() == [["社会保障", "≥98%"]]


def test_xlsx_merged_ranges_and_text_rows(tmp_path) -> None:
    # Generated XLSX: merged title, two-level merged header, bordered data, a note, a second sheet.
    import openpyxl
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"] = "部门支出总表"
    ws.merge_cells("B1:E1")
    ws["B2"] = "科目名称"
    ws["C2"] = "预算数"
    ws["E2"] = "备注"
    ws["C3"] = "基本支出"
    ws["D3"] = "项目支出"
    ws["B4"] = "合计"
    ws["C4"] = 29295.6
    ws["C4"].number_format = "0.00"
    ws["D4"] = 1234567.891
    ws["D4"].number_format = "#,##0.00"
    ws["B5"] = "  其中：行政运行"  # no amounts: stays in the table because its cells are ruled
    for row in ws["B2:E5"]:
        for cell in row:
            cell.border = box
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:E3")
    ws["B6"] = "注：生成的示例。"
    ws["A8"] = "项目"  # blank row 7 ends nothing new; this borderless two-value row is a table
    ws["B8"] = "金额"
    ws["A9"] = "公务接待费"
    ws["B9"] = 0
    ws["B9"].number_format = "0.00"
    second = wb.create_sheet("第二张")
    second["A1"] = "第二张表"
    second["A2"] = "甲"
    second["B2"] = "乙"
    path = tmp_path / "merge.xlsx"
    wb.save(path)

    doc = read_xlsx(path)
    assert comparable(doc) == [
        ("text", "部门支出总表"),
        (
            "table",
            [
                ["科目名称", "预算数", "", "备注"],
                ["", "基本支出", "项目支出"],
                ["合计", "29295.60", "1,234,567.89"],
                ["  其中：行政运行"],
            ],
        ),
        ("text", "注：生成的示例。"),
        ("table", [["项目", "金额"], ["公务接待费", "0.00"]]),
        ("text", "第二张表"),
        ("table", [["甲", "乙"]]),
    ]
    table = doc.table_blocks()[0]
    assert len(table.rows[0]) == 4  # from column B to column E, padded
    assert (table.rows[0][0].rowspan, table.rows[0][0].colspan) == (2, 1)
    assert (table.rows[0][1].rowspan, table.rows[0][1].colspan) == (1, 2)
    assert table.rows[2][1].location == Location(page=1, line=4)
    assert table.location.page == 1 and doc.table_blocks()[2].location.page == 2


def test_docx_vmerge_and_gridspan(tmp_path) -> None:
    # Generated DOCX: a heading, a table with vertical and horizontal merges, a paragraph.
    import docx

    document = docx.Document()
    document.add_heading("绩效目标表", level=2)
    document.add_paragraph("")  # empty paragraphs are dropped
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    texts = [
        ["一级指标", "二级指标", "指标值", ""],
        ["产出指标", "数量指标", "≥700人", "全年工作计划"],
        ["", "质量指标", "≥98%", ""],
        ["满意度指标", "", "≥90%", "历史经验"],
    ]
    for row, values in zip(table.rows, texts, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(0, 2).merge(table.cell(0, 3))  # gridSpan
    table.cell(1, 0).merge(table.cell(2, 0))  # vMerge
    table.cell(3, 0).merge(table.cell(3, 1))  # gridSpan
    table.cell(0, 2).text = "指标值及依据"
    table.cell(1, 0).text = "产出指标"
    document.add_paragraph("注：生成的示例。")
    path = tmp_path / "merge.docx"
    document.save(str(path))

    doc = read_docx(path)
    assert [type(b).__name__ for b in doc.blocks] == ["TextBlock", "TableBlock", "TextBlock"]
    grid = doc.table_blocks()[0]
    assert grid.texts() == [
        ["一级指标", "二级指标", "指标值及依据", ""],
        ["产出指标", "数量指标", "≥700人", "全年工作计划"],
        ["", "质量指标", "≥98%", ""],
        ["满意度指标", "", "≥90%", "历史经验"],
    ]
    assert grid.rows[0][2].colspan == 2
    assert grid.rows[1][0].rowspan == 2
    assert grid.rows[3][0].colspan == 2
    assert [b.location.line for b in doc.blocks] == [1, 3, 4]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (29295.6, "0.00", "29295.60"),
        (29295.6, "#,##0.00", "29,295.60"),
        (189767551, "#,##0", "189,767,551"),
        (0.1 + 0.2, "General", "0.3"),
        (1.005, "0.00", "1.01"),
        (-12.5, "#,##0.00;(#,##0.00)", "(12.50)"),
        (-12.5, "0.00", "-12.50"),
        (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),
        (0.5882, "0.00%", "58.82%"),
        (12, '0"万元"', "12万元"),
        (12.0, "0.0#", "12.0"),
        (dt.datetime(2022, 12, 1), "yyyy-mm", "2022-12"),
        (None, "0.00", ""),
        ("已是文本", "0.00", "已是文本"),
    ],
)
def test_display_value(value, fmt, shown) -> None:
    assert display_value(value, fmt) == shown


# --------------------------------------------------------------------- bad input


def test_corrupt_xlsx(tmp_path) -> None:
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(ReadError, match=r"corrupt\.xlsx: not an \.xlsx"):
        read_xlsx(path)
    path.write_bytes(b"PK\x03\x04" + os.urandom(4096))  # ZIP signature, damaged body
    with pytest.raises(ReadError, match=r"corrupt\.xlsx: cannot open as \.xlsx.*download it again"):
        read_xlsx(path)


def test_xlsx_that_is_legacy_xls(tmp_path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(ReadError, match="libreoffice --headless --convert-to xlsx"):
        read_xlsx(path)


def test_empty_docx(tmp_path) -> None:
    zero = tmp_path / "zero.docx"
    zero.write_bytes(b"")
    with pytest.raises(ReadError, match=r"zero\.docx: the file is empty"):
        read_docx(zero)
    import docx

    blank = tmp_path / "blank.docx"
    docx.Document().save(str(blank))
    with pytest.raises(ReadError, match=r"blank\.docx: the document has no text or tables"):
        read_docx(blank)
    junk = tmp_path / "junk.docx"
    junk.write_bytes(os.urandom(2048))
    with pytest.raises(ReadError, match=r"junk\.docx: cannot open as \.docx"):
        read_docx(junk)


def test_html_without_table(tmp_path) -> None:
    path = tmp_path / "notice.html"
    path.write_text(
        '<html><body><p>2023年部门预算公开</p><a href="/files/yusuan2023.pdf">附件</a>'
        "</body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ReadError, match=r"notice\.html: no <table>.*yusuan2023\.pdf"):
        read_html(path)
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"%PDF-1.7" + os.urandom(512))
    with pytest.raises(ReadError, match=r"binary\.html: this is not an HTML page"):
        read_html(binary)


def test_xls_without_xlrd(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "xlrd", None)  # import xlrd now raises ImportError
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(ReadError) as info:
        read_xls(path)
    message = str(info.value)
    assert message.startswith("old.xls:")
    assert "convert .xls to .xlsx (e.g. libreoffice --headless --convert-to xlsx FILE)" in message


def test_xls_that_is_html_or_xlsx(tmp_path, monkeypatch) -> None:
    # Government sites often serve HTML tables or real XLSX files under an .xls name.
    monkeypatch.setitem(sys.modules, "xlrd", None)
    fake = tmp_path / "table.xls"
    fake.write_text("<table><tr><td>项目</td><td>1.00</td></tr></table>", encoding="utf-8")
    doc = read_xls(fake)
    assert doc.format == "html" and doc.table_blocks()[0].texts() == [["项目", "1.00"]]
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["项目", "1.00"])
    real = tmp_path / "zipped.xls"
    wb.save(real)
    assert read_xls(real).format == "xlsx"
