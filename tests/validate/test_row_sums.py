"""Row sums: total = sum of the part columns on every line (templates/identities.yaml)."""

from __future__ import annotations

from gongkai.validate.checks.row_sums import row_sums
from tests.validate.inline import columns, flat, package

LINE = {"line_no": 1, "code": "201", "name": "一般公共服务支出", "level": "类"}


PRINTED = columns("expenditure_by_function", "total", "basic_expenditure", "project_expenditure")


def test_total_equals_basic_plus_project() -> None:
    valid = package(
        expenditure_by_function=[
            {**LINE, "total": "30.00", "basic_expenditure": "10.00", "project_expenditure": "20.00"}
        ],
        table_columns=PRINTED,
    )
    invalid = package(
        expenditure_by_function=[
            {**LINE, "total": "31.00", "basic_expenditure": "10.00", "project_expenditure": "20.00"}
        ],
        table_columns=PRINTED,
    )
    assert flat(row_sums(valid)) == [("row_sum.expenditure_by_function.201.total", "pass", "0.00")]
    assert flat(row_sums(invalid)) == [
        ("row_sum.expenditure_by_function.201.total", "fail", "1.00")
    ]
    check = row_sums(invalid)[0]
    assert check.description_zh == "支出总表「201」：合计 = 基本支出 + 项目支出"
    assert (str(check.expected), str(check.actual), str(check.tolerance)) == (
        "30.00",
        "31.00",
        "0.02",
    )
    assert (check.table_id, check.row, check.column) == ("expenditure_by_function", "201", "total")


def test_rounding_within_one_unit_per_part_passes() -> None:
    found = package(
        basic_expenditure=[
            {
                **LINE,
                "code": "301",
                "total": "10.01",
                "personnel_expenditure": "5.00",
                "public_expenditure": "5.00",
            },
            {
                **LINE,
                "code": "302",
                "total": "10.03",
                "personnel_expenditure": "5.00",
                "public_expenditure": "5.00",
            },
        ]
    )
    assert flat(row_sums(found)) == [
        ("row_sum.basic_expenditure.301.total", "pass", "0.01"),
        ("row_sum.basic_expenditure.302.total", "fail", "0.03"),
    ]


def test_columns_the_table_did_not_print_are_not_zero() -> None:
    """A 一般公共预算支出表 printing one 金额 column: no basic/project columns, nothing to sum."""
    only_total = package(
        general_budget_expenditure=[{**LINE, "total": "30.00", "basic_expenditure": "30.00"}],
        table_columns=columns("general_budget_expenditure", "code", "name", "total"),
    )
    assert row_sums(only_total) == []


def test_shanghai_summary_expenditure_side_only() -> None:
    """财务收支预算总表 (Shanghai): the expenditure side's 合计 = 人员经费 + 公用经费 + 项目支出;
    the income side prints no such columns and is not checked."""
    summary = [
        {
            "line_no": 1,
            "side": "income",
            "item": "财政拨款",
            "item_role": "line",
            "amount": "9",
            "personnel_expenditure": "1",
        },
        {
            "line_no": 2,
            "side": "expenditure",
            "item": "一般公共服务",
            "item_role": "line",
            "amount": "100.00",
            "personnel_expenditure": "50.00",
            "public_expenditure": "20.00",
            "project_expenditure": "30.00",
        },
        {
            "line_no": 3,
            "side": "expenditure",
            "item": "教育",
            "item_role": "line",
            "amount": "100.00",
            "personnel_expenditure": "50.00",
            "public_expenditure": "20.00",
            "project_expenditure": "29.00",
        },
    ]
    assert flat(row_sums(package(income_expenditure_summary=summary))) == [
        ("row_sum.income_expenditure_summary.expenditure.L2.amount", "pass", "0.00"),
        ("row_sum.income_expenditure_summary.expenditure.L3.amount", "fail", "1.00"),
    ]


def test_an_unprinted_subtotal_leaves_its_sum_unchecked() -> None:
    """广州/烟台 收入总表: 合计 | 财政拨款 … | 上年结转 without a 本年收入小计 column: 合计 =
    本年收入小计 + 上年结转 cannot be checked with 上年结转 alone (it said 合计 = 上年结转)."""
    line = {**LINE, "total": "9.00", "fiscal_appropriation": "9.00", "prior_year_carryover": "0"}
    printed = columns(
        "income_by_function",
        "code",
        "name",
        "total",
        "fiscal_appropriation",
        "prior_year_carryover",
    )
    assert row_sums(package(income_by_function=[line], table_columns=printed)) == []
    with_subtotal = {**line, "current_year_subtotal": "9.00"}
    printed = columns(
        "income_by_function",
        "code",
        "name",
        "total",
        "current_year_subtotal",
        "fiscal_appropriation",
        "prior_year_carryover",
    )
    assert flat(row_sums(package(income_by_function=[with_subtotal], table_columns=printed))) == [
        ("row_sum.income_by_function.201.total", "pass", "0.00"),
        ("row_sum.income_by_function.201.current_year_subtotal", "pass", "0.00"),
    ]


def test_basic_expenditure_printed_split_stands_in_for_it() -> None:
    """浙江 支出总表: 基本支出 printed as 人员支出 | 日常公用支出 without 小计: 合计 = 人员 + 公用 +
    项目; where a table prints the 小计 as well, the split is in it and checked against it."""
    line = {
        **LINE,
        "total": "30.00",
        "personnel_expenditure": "6.00",
        "project_expenditure": "20.00",
    }
    split = columns(
        "expenditure_by_function",
        "total",
        "personnel_expenditure",
        "public_expenditure",
        "project_expenditure",
    )
    valid = package(
        expenditure_by_function=[{**line, "public_expenditure": "4.00"}], table_columns=split
    )
    invalid = package(
        expenditure_by_function=[{**line, "public_expenditure": "3.00"}], table_columns=split
    )
    assert flat(row_sums(valid)) == [("row_sum.expenditure_by_function.201.total", "pass", "0.00")]
    assert flat(row_sums(invalid)) == [
        ("row_sum.expenditure_by_function.201.total", "fail", "1.00")
    ]
    assert (
        row_sums(valid)[0].description_zh
        == "支出总表「201」：合计 = 人员经费 + 公用经费 + 项目支出"
    )
    both = package(
        expenditure_by_function=[
            {**line, "basic_expenditure": "10.00", "public_expenditure": "3.00"}
        ],
        table_columns=columns(
            "expenditure_by_function",
            "total",
            "basic_expenditure",
            "personnel_expenditure",
            "public_expenditure",
            "project_expenditure",
        ),
    )
    assert flat(row_sums(both)) == [
        ("row_sum.expenditure_by_function.201.total", "pass", "0.00"),
        ("row_sum.expenditure_by_function.201.basic_expenditure", "fail", "1.00"),
    ]


def test_an_unprinted_subtotal_is_its_printed_parts() -> None:
    """陕西 表5/表6 print 人员经费 | 公用经费 | 专项业务经费 and no 基本支出: 合计 = 基本支出 +
    项目支出 is checked with 基本支出's own parts, every one of them printed."""
    printed = columns(
        "general_budget_expenditure",
        "total",
        "personnel_expenditure",
        "public_expenditure",
        "project_expenditure",
    )
    good = {
        **LINE,
        "total": "18803323.32",
        "personnel_expenditure": "1536932.32",
        "public_expenditure": "106691",
        "project_expenditure": "17159700",
    }
    bad = {**good, "code": "221", "project_expenditure": "0"}
    found = row_sums(package(general_budget_expenditure=[good, bad], table_columns=printed))
    assert flat(found) == [
        ("row_sum.general_budget_expenditure.201.total", "pass", "0.00"),
        ("row_sum.general_budget_expenditure.221.total", "fail", "17159700.00"),
    ]
    assert (
        found[0].description_zh
        == "一般公共预算支出表「201」：合计 = 人员经费 + 公用经费 + 项目支出"
    )
    # Without 公用经费 printed, 基本支出 is not its parts: the sum stays unchecked.
    fewer = [c for c in printed if c["field"] != "public_expenditure"]
    assert row_sums(package(general_budget_expenditure=[good], table_columns=fewer)) == []
