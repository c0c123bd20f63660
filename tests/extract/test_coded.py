"""Coded tables: one record per code line, panels, codes that are not codes."""

from __future__ import annotations

from decimal import Decimal

from gongkai.extract.coded import CodedTable
from gongkai.templates import kind_by_name
from tests.extract.grids import rows


def test_code_lines_with_levels_parents_and_the_total() -> None:
    table = CodedTable(kind_by_name("expenditure_by_function"), "部门支出总表")
    columns, records = table.extract(
        rows(
            "科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出",
            " | 合计 | 30.00 | 20.00 | 10.00",
            "208 | 社会保障和就业支出 | 30.00 | 20.00 | 10.00",
            "20801 | 人力资源和社会保障管理事务 | 30.00 | 20.00 | ",
        )
    )
    assert [c.field for c in columns] == [
        "code",
        "name",
        "total",
        "basic_expenditure",
        "project_expenditure",
    ]
    assert records == [
        {
            "line_no": 1,
            "total": Decimal("30.00"),
            "basic_expenditure": Decimal("20.00"),
            "project_expenditure": Decimal("10.00"),
            "code": None,
            "name": "合计",
            "level": "合计",
            "parent_code": None,
            "page": None,
            "source_line": 2,
        },
        {
            "line_no": 2,
            "total": Decimal("30.00"),
            "basic_expenditure": Decimal("20.00"),
            "project_expenditure": Decimal("10.00"),
            "code": "208",
            "name": "社会保障和就业支出",
            "level": "类",
            "parent_code": None,
            "page": None,
            "source_line": 3,
        },
        {
            "line_no": 3,
            "total": Decimal("30.00"),
            "basic_expenditure": Decimal("20.00"),
            "project_expenditure": None,
            "code": "20801",
            "name": "人力资源和社会保障管理事务",
            "level": "款",
            "parent_code": "208",
            "page": None,
            "source_line": 4,
        },
    ]
    assert table.problems == [] and table.unparsed == []


def test_two_panels_give_each_amount_to_total_and_the_panel_field() -> None:
    table = CodedTable(kind_by_name("basic_expenditure"), "基本支出决算表")
    _, records = table.extract(
        rows(
            "科目编码 | 科目名称 | 决算数 | 科目编码 | 科目名称 | 决算数",
            "301 | 工资福利支出 | 5.00 | 302 | 商品和服务支出 | 2.00",
        )
    )
    assert [
        (
            r["line_no"],
            r["code"],
            r["total"],
            r.get("personnel_expenditure"),
            r.get("public_expenditure"),
        )
        for r in records
    ] == [
        (1, "301", Decimal("5.00"), Decimal("5.00"), None),
        (2, "302", Decimal("2.00"), None, Decimal("2.00")),
    ]


def test_a_non_code_in_the_code_column_is_kept_and_reported() -> None:
    table = CodedTable(kind_by_name("expenditure_by_function"), "支出总表")
    _, records = table.extract(rows("科目编码 | 科目名称 | 合计", "7 | 其他 | 1.00"))
    assert (records[0]["code"], records[0]["name"], records[0]["level"]) == (None, "其他", None)
    assert [(u.row, u.column, u.text, u.reason) for u in table.unparsed] == [
        (1, 0, "7", "not a classification code")
    ]
    assert [(p.severity, p.row, p.message) for p in table.problems] == [
        (
            "warning",
            1,
            "line '其他' prints '7' where its classification code belongs; kept without code, "
            "the printed text in unparsed_cells",
        )
    ]


def test_a_bad_amount_is_an_error_and_kept_as_text() -> None:
    table = CodedTable(kind_by_name("expenditure_by_function"), "支出总表")
    _, records = table.extract(rows("科目编码 | 科目名称 | 合计", "208 | 社保 | 1.0O"))
    assert records[0]["total"] is None
    assert [(p.severity, p.row) for p in table.problems] == [("error", 1)]
    assert [(u.text, u.reason) for u in table.unparsed] == [
        ("1.0O", "not an amount in column total")
    ]


def test_this_table_is_empty_is_a_note() -> None:
    table = CodedTable(kind_by_name("government_fund_expenditure"), "政府性基金预算支出表")
    _, records = table.extract(rows("科目编码 | 科目名称 | 合计", " | 合计 | ", "此表为空 | | "))
    assert [(r["name"], r["total"]) for r in records] == [("合计", None)]
    assert table.notes == ["此表为空"] and table.unparsed == []


def test_codes_printed_at_their_own_level_only_over_three_columns() -> None:
    """长沙 and 山东 print 类 | 款 | 项 columns with only the row's own level (205 / 03 / 99 on
    successive rows), headed 功能科目 for the names, and a ** numbering row under the header."""
    table = CodedTable(kind_by_name("expenditure_by_function"), "2026年部门支出总体情况表")
    columns, records = table.extract(
        rows(
            "科目编码 | 科目编码 | 科目编码 | 功能科目 | 总计",
            "类 | 款 | 项 | 功能科目 | 总计",
            "** | ** | ** | ** | 1",
            " |  |  | 合计 | 656.73",
            "205 |  |  | 教育支出 | 656.73",
            " | 03 |  | 职业教育 | 656.73",
            " |  | 99 | 其他职业教育支出 | 656.73",
            " | 08 |  | 进修及培训 | 1.00",
            "7 |  | 02 | 印错的行 | 1.00",
        )
    )
    assert [c.field for c in columns] == ["code", "code", "code", "name", "total"]
    assert [(r["code"], r["name"], r["level"], r["total"]) for r in records] == [
        (None, "合计", "合计", Decimal("656.73")),
        ("205", "教育支出", "类", Decimal("656.73")),
        ("20503", "职业教育", "款", Decimal("656.73")),
        ("2050399", "其他职业教育支出", "项", Decimal("656.73")),
        ("20508", "进修及培训", "款", Decimal("1.00")),
        (None, "印错的行", None, Decimal("1.00")),
    ]


def test_beijing_code_and_name_glued_with_a_hyphen_in_a_named_column() -> None:
    """北京 预算06表: the 部门支出经济分类科目 column holds 30101-基本工资 (code_column in
    tables.yaml); the 政府支出经济分类科目 beside it is kept as printed; six decimals kept."""
    table = CodedTable(kind_by_name("basic_expenditure"), "预算06表 一般公共预算基本支出表")
    columns, records = table.extract(
        rows(
            "政府支出经济分类科目 | 部门支出经济分类科目 | 预算数 | 预算数 | 预算数",
            "政府支出经济分类科目 | 部门支出经济分类科目 | 合计 | 人员经费 | 公用经费",
            "50101-工资奖金津补贴 | 30101-基本工资 | 961.313688 | 961.313688 | ",
        )
    )
    assert [c.field for c in columns][1:] == [
        "name",
        "total",
        "personnel_expenditure",
        "public_expenditure",
    ]
    assert [(r["code"], r["name"], r["level"], r["total"]) for r in records] == [
        ("30101", "基本工资", "款", Decimal("961.313688"))
    ]
    assert [(u.text, u.reason) for u in table.unparsed] == [
        ("50101-工资奖金津补贴", "column not recognised")
    ]


def test_parallel_classification_beside_the_lines_own_codes() -> None:
    """山东 公开表6: 部门预算支出经济分类 (the line's own code and name) and, beside it,
    政府预算支出经济分类: the second pair is kept as printed text, not taken as the line's code."""
    table = CodedTable(kind_by_name("basic_expenditure"), "一般公共预算基本支出情况表")
    columns, records = table.extract(
        rows(
            "类 | 款 | 部门预算支出经济分类科目名称 | 类 | 款 | 政府预算支出经济分类科目名称"
            " | 基本支出预算/小计 | 基本支出预算/人员支出 | 基本支出预算/日常公用支出",
            "301 | | 工资福利支出 | 501 | | 机关工资福利支出 | 408.13 | 408.13 | ",
            "301 | 01 | 基本工资 | 501 | 01 | 工资奖金津补贴 | 101.65 | 101.65 | ",
        )
    )
    assert [c.field for c in columns] == [
        "code",
        "code",
        "name",
        None,
        None,
        None,
        "total",
        "personnel_expenditure",
        "public_expenditure",
    ]
    assert [(r["code"], r["name"], r["total"], r["personnel_expenditure"]) for r in records] == [
        ("301", "工资福利支出", Decimal("408.13"), Decimal("408.13")),
        ("30101", "基本工资", Decimal("101.65"), Decimal("101.65")),
    ]
    assert [u.text for u in table.unparsed] == [
        "501",
        "机关工资福利支出",
        "501",
        "01",
        "工资奖金津补贴",
    ]


def test_lines_by_unit_with_their_economic_classes() -> None:
    """广东 部门预算基本支出预算表: 支出项目类别（资金使用单位） names the line (a unit, then its
    classes below it, without codes)."""
    table = CodedTable(kind_by_name("basic_expenditure"), "部门预算基本支出预算表")
    columns, records = table.extract(
        rows(
            "支出项目类别（资金使用单位） | 总计",
            "合计 | 8,401.67",
            "广州市统计局（本级） | 5,673.23",
            "工资福利支出 | 4,785.53",
        )
    )
    assert [c.field for c in columns] == ["name", "total"]
    assert [(r["name"], r["level"], r["total"]) for r in records] == [
        ("合计", "合计", Decimal("8401.67")),
        ("广州市统计局（本级）", None, Decimal("5673.23")),
        ("工资福利支出", None, Decimal("4785.53")),
    ]


def test_a_budget_unit_column_names_the_units_own_line() -> None:
    """深圳 支出总表: 预算单位 | 科目编码 | 科目名称 | 支出总计 …; the unit's line (its total)
    prints only the unit, the code lines below leave the unit empty."""
    table = CodedTable(kind_by_name("expenditure_by_function"), "支出总表")
    columns, records = table.extract(
        rows(
            "预算单位 | 科目编码 | 科目名称 | 支出总计 | 基本支出 | 项目支出",
            "深圳市发展和改革委员会（本级） | | | 10.00 | 4.00 | 6.00",
            " | 201 | 一般公共服务支出 | 10.00 | 4.00 | 6.00",
        )
    )
    assert [c.field for c in columns] == [
        "unit",
        "code",
        "name",
        "total",
        "basic_expenditure",
        "project_expenditure",
    ]
    assert [(r["code"], r["name"], r["total"]) for r in records] == [
        (None, "深圳市发展和改革委员会（本级）", Decimal("10.00")),
        ("201", "一般公共服务支出", Decimal("10.00")),
    ]


def test_shaanxi_economic_lines_keep_the_government_class_beside_them() -> None:
    """陕西 表6: 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称 | amounts. The first pair is the
    line's key, the second is kept as text on the line (30102 is printed under two 政府 codes);
    the 合计 printed under 政府经济科目名称 (人社局 2020) names the total line."""
    table = CodedTable(
        kind_by_name("general_budget_economic_expenditure"),
        "一般公共预算支出明细表（按支出经济分类科目）",
    )
    columns, records = table.extract(
        rows(
            "部门经济科目编码 | 部门经济科目名称 | 政府经济科目编码 | 政府经济科目名称 | 合计 | "
            "人员经费支出 | 公用经费支出 | 专项业务经费支出",
            " | | | 合计 | 3172329.72 | 116629.72 | 0 | 3055700",
            "301 | 工资福利支出 | | | 3172329.72 | 116629.72 | 0 | 3055700",
            "30102 | 津贴补贴 | 50101 | 工资奖金津补贴 | 3055700 | 0 | 0 | 3055700",
            "30102 | 津贴补贴 | 50501 | 工资福利支出 | 116629.72 | 116629.72 | 0 | 0",
        )
    )
    assert [c.field for c in columns] == [
        "code",
        "name",
        "government_economic_code",
        "government_economic_name",
        "total",
        "personnel_expenditure",
        "public_expenditure",
        "project_expenditure",
    ]
    assert [
        (
            r["code"],
            r["name"],
            r["level"],
            r.get("government_economic_code"),
            r.get("government_economic_name"),
            r["total"],
        )
        for r in records
    ] == [
        (None, "合计", "合计", None, None, Decimal("3172329.72")),
        ("301", "工资福利支出", "类", None, None, Decimal("3172329.72")),
        ("30102", "津贴补贴", "款", "50101", "工资奖金津补贴", Decimal("3055700")),
        ("30102", "津贴补贴", "款", "50501", "工资福利支出", Decimal("116629.72")),
    ]
    assert table.problems == [] and table.unparsed == []


def test_a_name_run_into_the_next_column_goes_back_to_the_name() -> None:
    """陕西 气象局 2022 p22-23: a long name printed past its column reaches the reader as the
    next cell's text before or between its digits; the digits stay, the characters return."""
    table = CodedTable(
        kind_by_name("basic_expenditure"), "一般公共预算基本支出明细表（按支出经济分类科目）"
    )
    _, records = table.extract(
        rows(
            "部门经济科目编码 | 部门经济科目名称 | 政府经济科目编码 | 政府经济科目名称 | 合计",
            "30108 | 机关事业单位基本养老保 | 险50缴5费01 | 工资福利支出 | 81738.24",
            "30109 | 职业年金 | 50501 | 工资福利支出 | 43608.96",
        )
    )
    assert [(r["name"], r.get("government_economic_code"), r["total"]) for r in records] == [
        ("机关事业单位基本养老保险缴费", "50501", Decimal("81738.24")),
        ("职业年金", "50501", Decimal("43608.96")),
    ]
    general = CodedTable(kind_by_name("general_budget_expenditure"), "一般公共预算支出明细表")
    _, records = general.extract(
        rows(
            "功能科目编码 | 功能科目名称 | 合计",
            "2080506 | 机关事业单位职业年金 | 缴费支出43608.96",
        )
    )
    assert (records[0]["name"], records[0]["total"]) == (
        "机关事业单位职业年金缴费支出",
        Decimal("43608.96"),
    )
    assert general.problems == [] and general.unparsed == []


def test_a_kuan_printed_as_its_two_digits_under_its_class() -> None:
    """陕西 人社局 2020 表5, 表7: one code column, a 款 printed as its own two digits under its
    类 (205 / 03 / 2050303): 20503, rebuilt from the lines as printed."""
    table = CodedTable(kind_by_name("basic_expenditure_by_function"), "基本支出明细表（按功能）")
    _, records = table.extract(
        rows(
            "功能科目编码 | 功能科目名称 | 合计 | 人员经费支出 | 公用经费支出",
            "205 | 教育支出 | 441.12 | 412.91 | 28.21",
            "03 | 职业教育 | 441.12 | 412.91 | 28.21",
            "2050303 | 技校教育 | 441.12 | 412.91 | 28.21",
        )
    )
    assert [(r["code"], r["level"], r["parent_code"]) for r in records] == [
        ("205", "类", None),
        ("20503", "款", "205"),
        ("2050303", "项", "20503"),
    ]
    assert table.problems == [] and table.unparsed == []


def test_a_line_without_its_printed_parent_hangs_under_the_nearest_printed_one() -> None:
    """陕西 人社局 2020 表6 prints 3010201 津贴补贴 under 301 with no 30102 line: its parent is
    301, the line it is printed under (so 301 = Σ its lines counts it)."""
    table = CodedTable(kind_by_name("general_budget_economic_expenditure"), "支出明细表（经济）")
    _, records = table.extract(
        rows(
            "部门经济科目编码 | 部门经济科目名称 | 合计",
            "301 | 工资福利支出 | 1589.39",
            "30101 | 基本工资 | 1242.25",
            "3010201 | 津贴补贴 | 347.14",
        )
    )
    assert [(r["code"], r["level"], r["parent_code"]) for r in records] == [
        ("301", "类", None),
        ("30101", "款", "301"),
        ("3010201", "项", "301"),
    ]


def test_guangdong_code_in_brackets_before_the_name() -> None:
    """广东 表6 (广州发改委 p14): 部门预算支出经济科目 | 预算, the code in brackets before the
    name in one cell ([30101]基本工资)."""
    table = CodedTable(
        kind_by_name("basic_expenditure"), "一般公共预算基本支出情况表（按经济分类科目）"
    )
    columns, records = table.extract(
        rows(
            "部门预算支出经济科目 | 预算",
            "合计 | 16,877.61",
            "[301]工资福利支出 | 12,507.06",
            "[30101]基本工资 | 1,702.03",
        )
    )
    assert [c.field for c in columns] == ["name", "total"]
    assert [(r["code"], r["name"], r["level"], r["parent_code"], r["total"]) for r in records] == [
        (None, "合计", "合计", None, Decimal("16877.61")),
        ("301", "工资福利支出", "类", None, Decimal("12507.06")),
        ("30101", "基本工资", "款", "301", Decimal("1702.03")),
    ]
