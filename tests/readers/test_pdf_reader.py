"""Tests of the PDF reader on real filings in ../shared/data-fetched and on generated bad inputs."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from gongkai.model import Cell, Document, ReadError, TableBlock, TextBlock
from gongkai.readers.pdf import read_pdf

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data-fetched"
JIANGSU = DATA / "jiangsu_open-budget"
SHANGHAI = DATA / "shanghai_tianbaoxitong"
FINAL = DATA / "shanghai_govbudgetchecker"

realpdf = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data-fetched is not available")


@cache
def _doc(path: Path) -> Document:
    return read_pdf(path)


def _texts(doc: Document) -> list[str]:
    return [b.text for b in doc.text_blocks()]


def _table_after(doc: Document, title: str) -> TableBlock:
    """The first table following the text block ``title`` (titles and captions sit before tables)."""
    seen = False
    for block in doc.blocks:
        if isinstance(block, TextBlock) and block.text == title:
            seen = True
        elif seen and isinstance(block, TableBlock):
            return block
    raise AssertionError(f"no table after {title!r}")


def _table_titled(doc: Document, title: str) -> TableBlock:
    """The table with ``title`` among the two text blocks just before it (not a contents line)."""
    for block in doc.blocks:
        if isinstance(block, TableBlock) and title in _blocks_before(doc, block, 2):
            return block
    raise AssertionError(f"no table titled {title!r}")


def _blocks_before(doc: Document, table: TableBlock, n: int) -> list[str]:
    i = next(k for k, b in enumerate(doc.blocks) if b is table)
    return [b.text for b in doc.blocks[max(0, i - n) : i] if isinstance(b, TextBlock)]


def _row(table: TableBlock, first: str) -> tuple[Cell, ...]:
    for row in table.rows:
        if any(c.text == first for c in row):
            return row
    raise AssertionError(f"no row with {first!r}")


def _col(table: TableBlock, header: str) -> int:
    for row in table.rows[:4]:
        for k, cell in enumerate(row):
            if cell.text == header:
                return k
    raise AssertionError(f"no header {header!r}")


def _grid_ok(table: TableBlock) -> None:
    width = len(table.rows[0])
    for row in table.rows:
        assert len(row) == width
        for cell in row:
            assert cell.location.page is not None and cell.location.bbox is not None


# --------------------------------------------------------------------------- Jiangsu 2017


@realpdf
def test_jiangsu_2017_title_inside_ruled_table_comes_out_before_it() -> None:
    # 省人大办公厅 2017, page 7: the title 收支预算总表 and the 部门/单位 row are drawn inside the grid.
    doc = _doc(JIANGSU / "江苏省人大办公厅__江苏省人大办公厅2017年度预算公开.pdf")
    assert doc.pages == 31 and doc.format == "pdf"
    table = _table_after(doc, "收支预算总表")
    assert table.location.page == 7
    assert _blocks_before(doc, table, 2) == [
        "收支预算总表",
        "部门：江苏省人大常委会办公厅  单位：万元",
    ]
    assert [c.text for c in table.rows[0]] == ["收入", "", "支出", "", "", ""]
    assert table.rows[0][0].colspan == 2 and table.rows[0][2].colspan == 4
    row = _row(table, "一、财政拨款")
    assert [c.text for c in row] == [
        "一、财政拨款",
        "13,649.07",
        "一、一般公共服务支出",
        "10,528.33",
        "一、基本支出",
        "7,666.68",
    ]
    assert row[1].location.page == 7
    _grid_ok(table)
    titles = set(_texts(doc))
    for title in (
        "收入预算总表",
        "支出预算总表",
        "财政拨款收支预算总表",
        "财政拨款支出预算表",
        "财政拨款基本支出预算表",
        "一般公共预算支出预算表",
        "一般公共预算基本支出预算表",
        "一般公共预算机关运行经费支出预算表",
    ):
        assert title in titles


@realpdf
def test_jiangsu_2017_table_without_top_rule_on_next_page_is_joined() -> None:
    # 省法院 2017: 收支预算总表 runs from page 11 to 12; Word drew no rule above the first row
    # on page 12 (二、财政专户管理资金).
    doc = _doc(JIANGSU / "江苏省高级人民法院__省法院2017年度部门预算公开.pdf")
    table = _table_after(doc, "一、2017年度江苏省高级人民法院部门收支预算总表")
    pages = {c.location.page for row in table.rows for c in row}
    assert pages == {11, 12}
    row = _row(table, "二、财政专户管理资金")
    assert row[0].location.page == 12
    assert [c.text for c in row][2:4] == ["四、公共安全支出", "23,513.11"]
    assert _row(table, "收入合计")[1].text == "28,849.38"
    assert sum(1 for row in table.rows if row[0].text == "收入") == 1


# --------------------------------------------------------------------------- Jiangsu 2018


@realpdf
def test_jiangsu_2018_all_twelve_titles_and_a_two_page_table() -> None:
    doc = _doc(JIANGSU / "江苏省人民检察院__2018年省检察院部门预算公开.pdf")
    texts = _texts(doc)
    for title in (
        "公开01表：收支预算总表",
        "公开02表：收入预算总表",
        "公开03表：支出预算总表",
        "公开04表：财政拨款收支预算总表",
        "公开05表：财政拨款支出预算表",
        "公开06表：财政拨款基本支出预算表",
        "公开07表：一般公共预算支出预算表",
        "公开08表：一般公共预算基本支出预算表",
        "公开10表：政府性基金支出预算表",
        "公开11表：一般公共预算机关运行经费支出预算表",
        "公开12表：政府采购支出预算表",
    ):
        assert title in texts
    # 公开05表 starts on page 15 and ends on page 16: one block, header once, rows keep their page.
    table = _table_after(doc, "公开05表：财政拨款支出预算表")
    assert _blocks_before(doc, table, 1) == ["部门：江苏省人民检察院  单位：万元"]
    assert [c.text for c in table.rows[0]] == ["功能科目代码", "功能科目名称", "金额"]
    first = _row(table, "2040401")
    assert [c.text for c in first] == ["2040401", "行政运行", "10,883.36"]
    assert first[2].location.page == 15
    last = _row(table, "2210202")
    assert [c.text for c in last] == ["2210202", "提租补贴", "2,586.61"]
    assert last[2].location.page == 16
    assert table.rows[-1] is last
    _grid_ok(table)
    # The 收支预算总表 on pages 13-14 is one table too.
    summary = _table_after(doc, "公开01表：收支预算总表")
    assert {row[0].location.page for row in summary.rows} == {13, 14}
    assert [c.text for c in _row(summary, "收入合计")] == [
        "收入合计",
        "21,955.35",
        "支出合计",
        "",
        "",
        "21,955.35",
    ]


# --------------------------------------------------------------------------- Jiangsu 2019


@realpdf
def test_jiangsu_2019_tables_file() -> None:
    doc = _doc(JIANGSU / "江苏省委办公厅__江苏省委办公厅2019年度部门预算公开表格.pdf")
    tables = doc.table_blocks()
    assert len(tables) == 12
    expected = [
        "收支预算总表",
        "收入预算总表",
        "支出预算总表",
        "财政拨款收支预算总表",
        "财政拨款支出预算表（功能科目）",
        "财政拨款基本支出预算表（经济科目）",
        "一般公共预算支出预算表（功能科目）",
        "一般公共预算基本支出预算表（经济科目）",
        "“三公”经费、会议费、培训费支出预算表",
        "财政拨款政府性基金支出预算表",
        "一般公共预算机关运行经费支出预算表",
        "2019年政府采购预算表",
    ]
    for page, (title, table) in enumerate(zip(expected, tables, strict=True), start=1):
        assert _blocks_before(doc, table, 2) == [title, "部门：中共江苏省委办公厅  单位：万元"]
        assert table.location.page == page
    summary = tables[0]
    row = _row(summary, "一、财政拨款")
    assert row[1].text == "27,664.22"
    assert row[5].text == "11,700.63"
    assert summary.rows[1][1].text == "金额" and summary.rows[1][1].rowspan == 2


# --------------------------------------------------------------------------- wrapped lines, split rows


@realpdf
@pytest.mark.parametrize(
    ("name", "title", "page"),
    [
        # centred title, second line "表" alone
        (
            "江苏省人大办公厅__江苏省人大办公厅2017年度预算公开.pdf",
            "“三公”经费、会议费、培训费支出预算表",
            20,
        ),
        # left-aligned titles filling the line: "…支出预" + "算表", "…培训费" + "支出预算表"
        (
            "江苏省人民检察院__2017年省检察院部门预算.pdf",
            "十一、一般公共预算“三公”经费、会议费、培训费支出预算表",
            16,
        ),
        (
            "江苏省人民检察院__2018年省检察院部门预算公开.pdf",
            "公开09表：一般公共预算“三公”经费、会议费、培训费支出预算表",
            19,
        ),
    ],
)
def test_title_wrapped_over_two_lines_is_one_block(name: str, title: str, page: int) -> None:
    doc = _doc(JIANGSU / name)
    table = _table_titled(doc, title)
    assert table.location.page == page
    assert _blocks_before(doc, table, 2)[0] == title
    assert [c.text for c in table.rows[0]][:2] == ["合计", "“三公”经费"]


@realpdf
@pytest.mark.parametrize(
    ("name", "title", "caption"),
    [
        # "…委员会办  单位：万元" + "公厅" under the name
        (
            "江苏省委办公厅__江苏省委办公厅2017年预算公开表格.pdf",
            "收入预算总表",
            "部门：中国共产党江苏省委员会办公厅  单位：万元",
        ),
        # "部门名称：江苏省人大" / "单位:万元" (between the lines, at the right) / "常委会办公厅"
        (
            "江苏省人大办公厅__省人大办公厅2018预算公开.pdf",
            "收支预算总表",
            "部门名称：江苏省人大常委会办公厅  单位:万元",
        ),
        # "部门名称：江苏省高级人民法" + "院  单位：万元"
        (
            "江苏省高级人民法院__江苏省高级人民法院2019年度部门预算公开.pdf",
            "一般公共预算支出预算表（功能科目）",
            "部门名称：江苏省高级人民法院  单位：万元",
        ),
    ],
)
def test_caption_wrapped_in_its_column_is_one_block(name: str, title: str, caption: str) -> None:
    doc = _doc(JIANGSU / name)
    table = _table_titled(doc, title)
    assert _blocks_before(doc, table, 2) == [title, caption]


@realpdf
def test_paragraph_lines_join_but_items_and_contents_lines_do_not() -> None:
    doc = _doc(JIANGSU / "江苏省高级人民法院__江苏省高级人民法院2019年度部门预算公开.pdf")
    texts = _texts(doc)
    # seven lines, each running to the right margin, make one paragraph
    item = next(t for t in texts if t.startswith("19、徐州铁路法院："))
    assert "铁路运输法院案件管理范围" in item and item.endswith("并办理上级法院指定执行案件。")
    # a line ending with "：" is not continued; the numbered items stay apart
    assert (
        "江苏省高级人民法院是国家审判机关，依法独立行使审判权，对省人民代表大会及其常务委员会负责并报告工作。其主要职责是："
        in texts
    )
    assert any(t.startswith("1、依法审判") and t.endswith("第一审案件。") for t in texts)
    # a short label above a caption line at the same left edge stays apart
    tables_2019 = _doc(JIANGSU / "江苏省人大办公厅__江苏省人大常委会办公厅2019年部门预算公开表.pdf")
    assert "公开表一" in _texts(tables_2019)
    # contents lines ending in leader dots stay one block each
    contents = _texts(_doc(SHANGHAI / "sh_putuo_caizhengju_2025_dept_budget.pdf"))
    assert any(t.startswith("3. 2025年部门支出预算总表") and t.endswith("…") for t in contents)
    assert any(t.startswith("4.2025年部门财政拨款收支预算总表") for t in contents)


@realpdf
def test_label_split_at_page_break_is_joined() -> None:
    doc = _doc(JIANGSU / "江苏省人民检察院__2018年省检察院部门预算公开.pdf")
    table = _table_titled(doc, "公开01表：收支预算总表")
    row = _row(table, "十七、国土海洋气象等支出")
    assert row[2].location.page == 13
    after = table.rows[table.rows.index(row) + 1]
    assert [c.text for c in after][2:4] == ["十八、住房保障支出", "3,660.38"]
    assert not any(c.text == "出" for r in table.rows for c in r)
    # the label goes on over the break while its amount stays on the first page
    doc = _doc(JIANGSU / "江苏省人大办公厅__江苏省人大办公厅2017年度预算公开.pdf")
    summary = _table_titled(doc, "收支预算总表")
    assert [c.text for c in _row(summary, "八、社会保障和就业支出")][2:4] == [
        "八、社会保障和就业支出",
        "1,608.51",
    ]
    row = _row(summary, "当年收入小计")  # "当年收入" on page 8, "小计" on page 9
    assert [c.text for c in row][:3] == ["当年收入小计", "13,649.07", "当年支出小计"]
    assert row[0].location.page == 8
    assert not any(r[0].text == "小计" for r in summary.rows)


@realpdf
def test_table_continued_under_repeated_title_and_header_is_joined() -> None:
    doc = _doc(JIANGSU / "江苏省政协办公厅__2017年度部门预算公开表.pdf")
    table = _table_titled(doc, "2017年政府采购预算表")
    assert _texts(doc).count("2017年政府采购预算表") == 1
    assert {row[-1].location.page for row in table.rows} == {12, 13}
    assert sum(1 for row in table.rows if row[0].text == "采购品目大类") == 1
    assert len(table.rows) == 41
    assert _row(table, "三、服务C")[-1].text == "1,011.90"
    assert [c.text for c in table.rows[-1]][3:] == ["交通运输和仓储服务", "分散自行组织", "6.00"]
    _grid_ok(table)
    # the same title over a table with another first row is a new table (one form per project)
    doc = _doc(SHANGHAI / "sh_putuo_wanli_2023_dept_budget.pdf")
    forms = {t.location.page: t for t in doc.table_blocks() if t.rows[0][0].text == "项目名称"}
    assert forms[32].rows[0][2].text == "就业援助基地补贴"
    assert forms[33].rows[0][2].text == "社区环境整治和建设经费"
    assert {row[0].location.page for row in forms[32].rows} == {32}


@realpdf
def test_table_over_three_pages_keeps_every_row() -> None:
    # The third and later pages of a table used to be dropped.
    doc = _doc(SHANGHAI / "sh_putuo_wanli_2024_dept_budget.pdf")
    table = _table_after(doc, "2024年部门收入预算总表")
    assert {row[0].location.page for row in table.rows} == {11, 12, 13, 14, 15}
    total = table.rows[-1]
    assert total[0].text == "合计" and total[0].location.page == 15
    assert total[4].text == "156,211,123"
    doc = _doc(JIANGSU / "江苏省人大办公厅__江苏省人大办公厅2017年度预算公开.pdf")
    summary = _table_after(doc, "收支预算总表")
    assert [c.text for c in _row(summary, "收入合计")] == [
        "收入合计",
        "13,649.07",
        "支出合计",
        "",
        "",
        "13,649.07",
    ]
    assert _row(summary, "收入合计")[0].location.page == 9


# --------------------------------------------------------------------------- Shanghai


@realpdf
def test_shanghai_final_accounts_headers_and_amounts() -> None:
    doc = _doc(FINAL / "sh_putuo_caizhengju_2024_dept_final.pdf")
    texts = _texts(doc)
    for title in (
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表",
    ):
        assert title in texts
    income = _table_after(doc, "收入决算表")
    assert income.location.page == 8
    # Header cells wrapped over two lines come out whole, spanning the three header rows.
    head = income.rows[0]
    assert [c.text for c in head][4:] == [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    assert head[4].rowspan == 3
    row = _row(income, "行政运行")
    assert [c.text for c in row][:4] == ["201", "06", "01", "行政运行"]
    assert row[_col(income, "本年收入合计")].text == "1,511.90"
    assert row[_col(income, "财政拨款收入")].text == "1,511.89"
    assert row[_col(income, "其他收入")].text == "0.01"
    # 收入支出决算总表 runs over pages 6 and 7.
    summary = _table_after(doc, "收入支出决算总表")
    assert {row[0].location.page for row in summary.rows} == {6, 7}
    assert [c.text for c in _row(summary, "一、一般公共预算财政拨款收入")] == [
        "一、一般公共预算财政拨款收入",
        "2,940.05",
        "一、一般公共服务支出",
        "2,106.66",
    ]


@realpdf
def test_shanghai_unit_budget_merged_header_and_amount_columns() -> None:
    doc = _doc(SHANGHAI / "sh_putuo_fuliyuan_2024_unit_budget.pdf")
    table = _table_after(doc, "2024年预算单位财务收支预算总表")
    assert table.location.page == 7
    assert _blocks_before(doc, table, 1) == ["编制单位：上海市普陀区社会福利院  单位：元"]
    assert table.rows[2][3].text == "合计"
    assert [c.text for c in table.rows[3]][4:6] == ["人员经费", "公用经费"]
    row = _row(table, "二、社会保障和就业支出")
    assert row[0].text == "1、一般公共预算资金" and row[1].text == "9,501,164"
    assert [c.text for c in row][3:] == ["11,281,624", "6,540,674", "2,120,950", "2,620,000"]
    _grid_ok(table)


@realpdf
def test_shanghai_department_budget_titles() -> None:
    doc = _doc(SHANGHAI / "sh_putuo_wanli_2024_dept_budget.pdf")
    texts = _texts(doc)
    for title in (
        "2024年部门财务收支预算总表",
        "2024年部门收入预算总表",
        "2024年部门支出预算总表",
        "2024年部门财政拨款收支预算总表",
        "2024年部门一般公共预算支出功能分类预算表",
        "2024年部门政府性基金预算支出功能分类预算表",
        "2024年部门国有资本经营预算支出功能分类预算表",
    ):
        assert title in texts
    table = _table_after(doc, "2024年部门财务收支预算总表")
    assert _blocks_before(doc, table, 1) == [
        "编制部门：上海市普陀区人民政府万里街道办事处  单位：元"
    ]
    assert [c.text for c in _row(table, "一、财政拨款收入")] == [
        "一、财政拨款收入",
        "156,211,123",
        "一、一般公共服务支出",
        "2,932,700",
    ]


@realpdf
def test_same_bytes_same_document() -> None:
    path = SHANGHAI / "sh_city_caizhengju_2025_unit_budget.pdf"
    assert read_pdf(path) == read_pdf(path)


# --------------------------------------------------------------------------- bad inputs (generated)


@realpdf
def test_generated_truncated_pdf(tmp_path: Path) -> None:
    data = (SHANGHAI / "sh_putuo_fuliyuan_2024_unit_budget.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"  # generated: first half of a real filing
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match=r"truncated\.pdf"):
        read_pdf(path)


def test_generated_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "budget.pdf"  # generated: a spreadsheet-like text renamed .pdf
    path.write_text("项目,金额\n合计,1.00\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"budget\.pdf: not a readable PDF"):
        read_pdf(path)


def test_generated_image_only_pdf(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 300), "white")  # generated: a "scan" with drawn lines only
    draw = ImageDraw.Draw(image)
    for y in range(40, 260, 30):
        draw.line((20, y, 380, y), fill="black", width=2)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=72)
    with pytest.raises(ReadError, match=r"scan\.pdf: no text layer \(scanned PDF\?\)"):
        read_pdf(path)


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user_password: bytes, owner_password: bytes) -> bytes:
    """A one-page PDF protected with the standard security handler, RC4 40-bit (R2)."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    file_id = hashlib.md5(b"gongkai test").digest()
    permissions = -4
    owner_key = hashlib.md5((owner_password + pad)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + pad)[:32])
    key = hashlib.md5(
        (user_password + pad)[:32]
        + o_value
        + permissions.to_bytes(4, "little", signed=True)
        + file_id
    ).digest()[:5]
    u_value = _rc4(key, pad)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    hex_id = file_id.hex().encode()
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, hex_id, hex_id, xref)
    )
    return bytes(out)


def test_generated_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"  # generated: RC4-encrypted, user password "secret"
    path.write_bytes(_encrypted_pdf(b"secret", b"owner"))
    with pytest.raises(ReadError, match=r"locked\.pdf: the PDF is encrypted"):
        read_pdf(path)


def _aligned_table_pdf(path: Path) -> None:
    """Write a PDF whose table has no rules at all: only text placed in columns (pypdfium2)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(400, 300)

    def text(x: float, y: float, s: str, size: float = 10) -> None:
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(size))
        buf = ctypes.create_string_buffer((s + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, 300 - y)
        raw.FPDFPage_InsertObject(page.raw, obj)

    text(40, 40, "Summary table", 14)
    rows = [
        ("Item", "Budget", "Actual"),
        ("Salaries", "1,234.50", "1,200.00"),
        ("Rent", "80.00", "75.25"),
        ("Total", "1,314.50", "1,275.25"),
    ]
    for i, (a, b, c) in enumerate(rows):  # amounts right-aligned at x=200 and x=320
        y = 80 + i * 20
        text(40, y, a)
        text(200 - 5 * len(b), y, b)
        text(320 - 5 * len(c), y, c)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path))
    pdf.close()


def test_generated_text_aligned_table(tmp_path: Path) -> None:
    path = tmp_path / "aligned.pdf"  # generated: a rule-less table
    _aligned_table_pdf(path)
    doc = read_pdf(path)
    assert [type(b).__name__ for b in doc.blocks] == ["TextBlock", "TableBlock"]
    assert doc.text_blocks()[0].text == "Summary table"
    table = doc.table_blocks()[0]
    assert table.texts() == [
        ["Item", "Budget", "Actual"],
        ["Salaries", "1,234.50", "1,200.00"],
        ["Rent", "80.00", "75.25"],
        ["Total", "1,314.50", "1,275.25"],
    ]
    assert all(c.location.page == 1 and c.location.bbox for row in table.rows for c in row)
