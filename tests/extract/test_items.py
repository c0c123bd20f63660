"""三公 tables: one line per item, or one column per item (wide) with 预算数 | 决算数 pairs."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from gongkai.extract.items import ItemsTable
from gongkai.templates import kind_by_name
from tests.extract.grids import rows


def test_one_line_per_item_with_its_key() -> None:
    table = ItemsTable(kind_by_name("three_public_expenses"), "财政拨款“三公”经费支出表")
    _, records = table.extract(
        rows(
            "项目 | 合计",
            "合计 | 3.00",
            "因公出国（境）费 | 1.00",
            "其中：公务用车购置费 | 2.00",
            "其他 | 0",
        )
    )
    assert [(r["line_no"], r["item"], r["item_key"], r["total"]) for r in records] == [
        (1, "合计", "grand_total", Decimal("3.00")),
        (2, "因公出国（境）费", "overseas_travel", Decimal("1.00")),
        (3, "其中：公务用车购置费", "vehicle_purchase", Decimal("2.00")),
        (4, "其他", None, Decimal("0")),
    ]
    assert [(p.row, p.message) for p in table.problems] == [(4, "line '其他' not recognised")]


def test_wide_table_with_budget_and_actual_under_each_item() -> None:
    table = ItemsTable(kind_by_name("three_public_expenses"), "“三公”经费支出决算表")
    grid = rows(
        "合计 | | 公务接待费 | ", "预算数 | 决算数 | 预算数 | 决算数", "4.00 | 3.00 | 1.50 | 1.00"
    )
    # merged cells as a PDF reader gives them: each item label spans its pair
    grid[0] = tuple(replace(c, colspan=2) if c.text else c for c in grid[0])
    _, records = table.extract(grid)
    assert [
        (r["line_no"], r["item"], r["item_key"], r["budget_amount"], r["total"]) for r in records
    ] == [
        (1, "合计", "grand_total", Decimal("4.00"), Decimal("3.00")),
        (2, "公务接待费", "official_reception", Decimal("1.50"), Decimal("1.00")),
    ]


def test_wide_table_printed_for_two_years() -> None:
    """山东 公开表7 (烟台 2026 p21): the items under 2025年预算数 and again under 2026年预算数; the
    later year's amounts are the table's, the earlier year's are last year's figures
    (prior_year_total), never taken as the total."""
    table = ItemsTable(kind_by_name("three_public_expenses"), "一般公共预算“三公”经费支出情况表")
    grid = rows(
        "2025年预算数 | | 2026年预算数 | ",
        "合计 | 公务接待费 | 合计 | 公务接待费",
        "20.45 | 5.45 | 19.45 | 4.45",
    )
    grid[0] = tuple(replace(c, colspan=2) if c.text else c for c in grid[0])
    columns, records = table.extract(grid)
    assert [c.field for c in columns] == [
        "item:prior_year_total",
        "item:prior_year_total",
        "item:total",
        "item:total",
    ]
    assert [(r["item"], r["item_key"], r["total"], r["prior_year_total"]) for r in records] == [
        ("合计", "grand_total", Decimal("19.45"), Decimal("20.45")),
        ("公务接待费", "official_reception", Decimal("4.45"), Decimal("5.45")),
    ]
    assert table.unparsed == []
