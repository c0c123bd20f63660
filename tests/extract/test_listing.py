"""Listings, income by source and the one-row overview."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from gongkai.extract.listing import ListingTable
from gongkai.extract.overview import OverviewTable
from gongkai.extract.sources import SourcesTable
from gongkai.templates import kind_by_name
from tests.extract.grids import rows


def test_institutions_numbered_by_their_printed_line_numbers() -> None:
    table = ListingTable(kind_by_name("institutions"), "机构设置")
    columns, records = table.extract(
        rows(
            "序号 | 单位名称 | 单位性质",
            "3 | 昌黎县人社局 | 行政单位",
            "5 | 就业服务中心 | 事业单位",
        )
    )
    assert [c.field for c in columns] == ["line_no", "unit_name", "unit_nature"]
    assert [
        (r["line_no"], r["unit_name"], r["unit_nature"], r["source_line"]) for r in records
    ] == [
        (3, "昌黎县人社局", "行政单位", 2),
        (5, "就业服务中心", "事业单位", 3),
    ]


def test_fixed_assets_take_the_unit_printed_in_the_item() -> None:
    table = ListingTable(kind_by_name("fixed_assets"), "固定资产占用情况表")
    _, records = table.extract(
        rows("项目 | 数量 | 价值", "车辆（辆） | 2 | 30.50", "其他 | | 1.00")
    )
    assert [(r["item"], r["quantity"], r["value"], r["quantity_unit"]) for r in records] == [
        ("车辆（辆）", Decimal("2"), Decimal("30.50"), "辆"),
        ("其他", None, Decimal("1.00"), None),
    ]


def test_project_expenditure_total_line_and_column_numbers() -> None:
    """浙江 项目支出预算表: the ** | ** | 1 | 2 … row under the header is no line; the 合计 line
    is the total, every other line a project."""
    table = ListingTable(kind_by_name("project_expenditure"), "项目支出预算表")
    grid = rows(
        "单位名称 | 项目名称 | 总计 | 财政拨款收入 | | 单位资金",
        " | | | 一般公共预算 | 政府性基金 |",
        "** | ** | 1 | 2 | 3 | 4",
        " | 合计 | 9.00 | 6.00 | | 3.00",
        "湖州市交通运输局 | 综合交通运行保障 | 9.00 | 6.00 | | 3.00",
    )
    grid[0] = tuple(replace(c, colspan=2) if c.text == "财政拨款收入" else c for c in grid[0])
    columns, records = table.extract(grid)
    assert [c.field for c in columns] == [
        "unit_name",
        "project_name",
        "total",
        "general_public_budget",
        "government_fund_budget",
        "unit_funds",
    ]
    assert [
        (r["line_no"], r["unit_name"], r["project_name"], r["item_role"], r["total"])
        for r in records
    ] == [
        (1, None, "合计", "total", Decimal("9.00")),
        (2, "湖州市交通运输局", "综合交通运行保障", "project", Decimal("9.00")),
    ]


def test_income_by_source_groups_and_roles() -> None:
    table = SourcesTable(kind_by_name("income_by_source"), "收入预算总表")
    _, records = table.extract(
        rows(
            "项目 | | 金额",
            "一般公共预算 | | 8.00",
            " | 财政拨款 | 8.00",
            "总计 | | 8.00",
        )
    )
    assert [
        (r["line_no"], r["source_group"], r["item"], r["item_role"], r["amount"]) for r in records
    ] == [
        (1, "一般公共预算", "一般公共预算", "subtotal", Decimal("8.00")),
        (2, "一般公共预算", "财政拨款", "detail", Decimal("8.00")),
        (3, None, "总计", "total", Decimal("8.00")),
    ]


def test_overview_row_and_an_unknown_column() -> None:
    table = OverviewTable(kind_by_name("expenditure_overview"), "支出预算总表")
    _, records = table.extract(rows("合计 | 基本支出 | 项目支出 | 备用", "9.00 | 6.00 | 3.00 | x"))
    assert records == [
        {
            "line_no": 1,
            "total": Decimal("9.00"),
            "basic_expenditure": Decimal("6.00"),
            "project_expenditure": Decimal("3.00"),
            "page": None,
            "source_line": 2,
        }
    ]
    assert [(u.column, u.text) for u in table.unparsed] == [(3, "x")]
    assert [p.message for p in table.problems] == [
        "column 4 '备用' is not a known column of 支出预算总表（总览）; its cells are kept in "
        "unparsed_cells"
    ]
