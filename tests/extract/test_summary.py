"""Two-sided summaries: sides, line roles (summaries.yaml) and labels printed over two panels."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from gongkai.extract.summary import SummaryTable
from gongkai.templates import kind_by_name
from tests.extract.grids import rows


def _lines(records: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(r["line_no"], r["side"], r["item"], r["item_role"], r["amount"]) for r in records]


def test_income_and_expenditure_sides_with_their_roles() -> None:
    table = SummaryTable(kind_by_name("income_expenditure_summary"), "部门收支总表")
    columns, records = table.extract(
        rows(
            "收入 | | 支出 | ",
            "项目 | 预算数 | 项目 | 预算数",
            "一、一般公共预算拨款 | 10.00 | 一、社会保障和就业支出 | 12.00",
            "本年收入合计 | 10.00 | 本年支出合计 | 12.00",
            "上年结转 | 2.00 | | ",
            "收入总计 | 12.00 | 支出总计 | 12.00",
        )
    )
    assert [c.field for c in columns] == ["item", "income:amount", "item", "expenditure:amount"]
    assert _lines(records) == [
        (1, "income", "一、一般公共预算拨款", "line", Decimal("10.00")),
        (1, "expenditure", "一、社会保障和就业支出", "line", Decimal("12.00")),
        (2, "income", "本年收入合计", "subtotal", Decimal("10.00")),
        (2, "expenditure", "本年支出合计", "subtotal", Decimal("12.00")),
        (3, "income", "上年结转", "carryover", Decimal("2.00")),
        (4, "income", "收入总计", "total", Decimal("12.00")),
        (4, "expenditure", "支出总计", "total", Decimal("12.00")),
    ]
    assert [r["function_class_code"] for r in records[:2]] == [None, "208"]


def test_lines_after_a_carryover_are_its_details() -> None:
    table = SummaryTable(kind_by_name("income_expenditure_summary"), "收入支出决算总表")
    _, records = table.extract(
        rows(
            "收入 | | 支出 | ",
            "项目 | 决算数 | 项目 | 决算数",
            "年初结转和结余 | 3.00 | | ",
            "一般公共预算拨款 | 3.00 | | ",
            "总计 | 3.00 | 总计 | 3.00",
        )
    )
    assert [(r["side"], r["item_role"]) for r in records] == [
        ("income", "carryover"),
        ("income", "carryover_detail"),
        ("income", "total"),
        ("expenditure", "total"),
    ]


def test_jiangsu_label_printed_once_over_two_expenditure_panels() -> None:
    """当年支出小计 merged over the by-function and by-use panels, its amount in the last one."""
    table = SummaryTable(kind_by_name("income_expenditure_summary"), "收支预算总表")
    grid = rows(
        "收入 | | 支出（按功能分类） | | 支出（按经济分类） | ",
        "项目 | 金额 | 项目 | 金额 | 项目 | 金额",
        "一般公共预算 | 5.00 | 教育支出 | 5.00 | 工资福利支出 | 5.00",
        "当年收入小计 | 5.00 | 当年支出小计 | | | 5.00",
    )
    # merged cells as a PDF reader gives them: each side's label spans its two columns
    grid[0] = tuple(replace(c, colspan=2) if c.text else c for c in grid[0])
    _, records = table.extract(grid)
    assert _lines(records)[3:] == [
        (2, "income", "当年收入小计", "subtotal", Decimal("5.00")),
        (2, "expenditure", "当年支出小计", "subtotal", Decimal("5.00")),
        (2, "expenditure_by_use", "当年支出小计", "subtotal", Decimal("5.00")),
    ]
    assert table.problems == [] and table.unparsed == []


def test_unnumbered_lines_under_a_numbered_item_are_its_details() -> None:
    """山东/浙江: 一、财政拨款收入 then 一般公共预算收入 indented under it, without a number: a
    detail, so that 本年收入合计 is not checked against both; after the subtotal an unnumbered
    line (上级补助收入) is a line of its own again."""
    table = SummaryTable(kind_by_name("income_expenditure_summary"), "收支总体情况表")
    _, records = table.extract(
        rows(
            "收入 | | 支出 | ",
            "项目 | 预算数 | 项目 | 预算数",
            "一、财政拨款收入 | 7.00 | 一、教育支出 | 7.00",
            "一般公共预算收入 | 7.00 | | ",
            "二、事业收入 | | | ",
            "本年收入合计 | 7.00 | 本年支出合计 | 7.00",
            "上级补助收入 | | | ",
            "收入总计 | 7.00 | 支出总计 | 7.00",
        )
    )
    assert [(r["side"], r["item"], r["item_role"]) for r in records if r["side"] == "income"] == [
        ("income", "一、财政拨款收入", "line"),
        ("income", "一般公共预算收入", "detail"),
        ("income", "二、事业收入", "line"),
        ("income", "本年收入合计", "subtotal"),
        ("income", "上级补助收入", "line"),
        ("income", "收入总计", "total"),
    ]


def test_fiscal_summary_total_column_under_budget_group() -> None:
    """山东 公开表8: 预算数 over 总计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算."""
    table = SummaryTable(kind_by_name("fiscal_appropriation_summary"), "财政拨款收支总体情况表")
    columns, records = table.extract(
        rows(
            "收入 | | 支出 | | | ",
            "项目 | 预算数 | 项目 | 预算数 | | ",
            " | | | 总计 | 一般公共预算 | 政府性基金预算",
            "一、一般公共预算 | 5.00 | 一、教育支出 | 5.00 | 5.00 | ",
        )
    )
    assert [c.field for c in columns] == [
        "item",
        "income:amount",
        "item",
        "expenditure:amount",
        "expenditure:general_public_budget",
        "expenditure:government_fund_budget",
    ]
    assert records[1]["amount"] == Decimal("5.00")


def test_a_numbered_heading_without_amount_keeps_its_lines() -> None:
    """西安 财政拨款收支总表: 一、部门预算 prints no amount; 1、财政拨款 and (1)一般公共预算拨款收入
    below it are the lines 本年收入合计 adds up, not details."""
    table = SummaryTable(kind_by_name("fiscal_appropriation_summary"), "财政拨款收支总表")
    _, records = table.extract(
        rows(
            "收入 | | 支出 | ",
            "项目 | 预算数 | 项目 | 预算数",
            "一、部门预算 | | 一、社会保障和就业支出 | 5.00",
            "(1)一般公共预算拨款收入 | 5.00 | | ",
            "本年收入合计 | 5.00 | 本年支出合计 | 5.00",
        )
    )
    assert [(r["item"], r["item_role"]) for r in records if r["side"] == "income"] == [
        ("一、部门预算", "line"),
        ("(1)一般公共预算拨款收入", "line"),
        ("本年收入合计", "subtotal"),
    ]
