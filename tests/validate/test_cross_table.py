"""Cross-table identities and code names: one amount, one name, in every table that prints it."""

from __future__ import annotations

from gongkai.validate.checks.code_names import code_names
from gongkai.validate.checks.cross_table import cross_table
from tests.validate.inline import columns, flat, package


def _coded(total: str, **more: str) -> list[dict[str, str]]:
    return [
        {"line_no": "1", "name": "合计", "level": "合计", "total": total, **more},
        {
            "line_no": "2",
            "code": "208",
            "name": "社会保障和就业支出",
            "level": "类",
            "total": total,
        },
    ]


def _summary(expenditure: str) -> list[dict[str, str]]:
    return [
        {
            "line_no": "1",
            "side": "income",
            "item": "本年收入合计",
            "item_role": "subtotal",
            "amount": "100.00",
        },
        {
            "line_no": "2",
            "side": "income",
            "item": "收入总计",
            "item_role": "total",
            "amount": "100.00",
        },
        {
            "line_no": "3",
            "side": "expenditure",
            "item": "社会保障和就业支出",
            "item_role": "line",
            "function_class_code": "208",
            "amount": expenditure,
        },
        {
            "line_no": "4",
            "side": "expenditure",
            "item": "本年支出合计",
            "item_role": "subtotal",
            "amount": expenditure,
        },
    ]


def test_summary_against_income_and_expenditure_tables() -> None:
    printed = columns("income_by_function", "total", "current_year_subtotal") + columns(
        "expenditure_by_function", "total"
    )

    def checks(expenditure: str) -> list[tuple[str, str, str | None]]:
        return flat(
            cross_table(
                package(
                    income_expenditure_summary=_summary(expenditure),
                    income_by_function=_coded("100.00", current_year_subtotal="100.00"),
                    expenditure_by_function=_coded("100.00"),
                    table_columns=printed,
                )
            )
        )

    assert checks("100.00") == [
        ("cross_table.summary_vs_expenditure.208", "pass", "0.00"),
        ("cross_table.summary_income_subtotal_vs_current_year_subtotal", "pass", "0.00"),
        ("cross_table.summary_income_total_vs_total", "pass", "0.00"),
        ("cross_table.summary_expenditure_subtotal_vs_total", "pass", "0.00"),
        ("cross_table.income_total_vs_expenditure_total", "pass", "0.00"),
    ]
    assert checks("99.00") == [
        ("cross_table.summary_vs_expenditure.208", "fail", "-1.00"),
        ("cross_table.summary_income_subtotal_vs_current_year_subtotal", "pass", "0.00"),
        ("cross_table.summary_income_total_vs_total", "pass", "0.00"),
        ("cross_table.summary_expenditure_subtotal_vs_total", "fail", "-1.00"),
        ("cross_table.income_total_vs_expenditure_total", "pass", "0.00"),
    ]


def test_fiscal_summary_without_a_general_budget_column_is_not_compared() -> None:
    """深圳's 财政拨款收支总表 prints one 2026年预算数 column: its blank 一般公共预算 is no zero."""
    fiscal = [
        {**row, "general_public_budget": row["amount"]} if row["side"] == "expenditure" else row
        for row in _summary("90.00")
    ]

    def checks(*printed: str) -> list[tuple[str, str, str | None]]:
        return flat(
            cross_table(
                package(
                    fiscal_appropriation_summary=fiscal,
                    general_budget_expenditure=_coded("90.00"),
                    table_columns=columns("fiscal_appropriation_summary", *printed),
                )
            )
        )

    assert checks("amount", "general_public_budget") == [
        ("cross_table.fiscal_vs_general_budget.208", "pass", "0.00"),
        ("cross_table.fiscal_subtotal_vs_general_budget", "pass", "0.00"),
    ]
    assert checks("amount") == []


def test_basic_table_against_general_budget_basic_column() -> None:
    def checks(general_basic: str, *printed: str) -> list[tuple[str, str, str | None]]:
        return flat(
            cross_table(
                package(
                    basic_expenditure=_coded("40.00"),
                    general_budget_expenditure=_coded("90.00", basic_expenditure=general_basic),
                    table_columns=columns("general_budget_expenditure", *printed),
                )
            )
        )

    both = ("total", "basic_expenditure")
    assert checks("40.00", *both) == [("cross_table.basic_vs_general_budget", "pass", "0.00")]
    assert checks("41.00", *both) == [("cross_table.basic_vs_general_budget", "fail", "-1.00")]
    # A general budget table printing one 金额 column (Jiangsu) has no basic column to compare.
    assert checks("41.00", "total") == []


def test_the_same_code_has_the_same_name() -> None:
    def found(name: str) -> list[tuple[str, str, str | None]]:
        return flat(
            code_names(
                package(
                    income_by_function=_coded("1.00"),
                    general_budget_expenditure=[
                        {
                            "line_no": "2",
                            "code": "208",
                            "name": name,
                            "level": "类",
                            "source_line": "7",
                        }
                    ],
                )
            )
        )

    ok = "社会保障和就业支出"
    assert found(ok) == [("cross_table.code_name.208.general_budget_expenditure", "pass", None)]
    assert found("社会保障和就业") == [
        ("cross_table.code_name.208.general_budget_expenditure", "fail", None)
    ]
    wrong = code_names(
        package(
            income_by_function=_coded("1.00"),
            general_budget_expenditure=[
                {
                    "line_no": "2",
                    "code": "208",
                    "name": "卫生健康支出",
                    "level": "类",
                    "source_line": "7",
                }
            ],
        )
    )
    assert wrong[0].description_zh == (
        "「208」在收入总表印作「社会保障和就业支出」（类），在一般公共预算支出表（第7行）"
        "印作「卫生健康支出」（类）：同一编码名称不同，可能行与编码错配"
    )


def test_carryover_projects_add_up_to_the_fiscal_summary_carryover() -> None:
    """陕西 财政拨款结转资金支出表: Σ 金额 = 财政拨款收支总表's 上年结转; a table printed empty
    is not compared."""
    fiscal = [
        {
            "line_no": "32",
            "side": "income",
            "item": "上年结转",
            "item_role": "carryover",
            "amount": "90.57",
        },
    ]
    projects = [
        {"line_no": "1", "project_name": "2019年就业工作经费", "total": "47.51"},
        {"line_no": "2", "project_name": "2019年城乡居民养老保险经费", "total": "43.06"},
    ]
    assert flat(
        cross_table(package(fiscal_appropriation_summary=fiscal, carryover_expenditure=projects))
    ) == [("cross_table.carryover_vs_fiscal_summary", "pass", "0.00")]
    short = [projects[0]]
    assert flat(
        cross_table(package(fiscal_appropriation_summary=fiscal, carryover_expenditure=short))
    ) == [("cross_table.carryover_vs_fiscal_summary", "fail", "43.06")]
    assert cross_table(package(fiscal_appropriation_summary=fiscal, carryover_expenditure=[])) == []


def test_detail_tables_by_function_and_by_economic_class_agree() -> None:
    """陕西 表5/表6 and 表7/表8 print the same money by function and by economic class; 表7's
    lines are 表5's 人员经费 and 公用经费."""
    general = [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "30.00",
            "personnel_expenditure": "8.00",
            "public_expenditure": "2.00",
        },
        {
            "line_no": "2",
            "code": "208",
            "name": "社会保障和就业支出",
            "level": "类",
            "total": "30.00",
            "personnel_expenditure": "8.00",
            "public_expenditure": "2.00",
        },
    ]
    economic = [{"line_no": "1", "name": "合计", "level": "合计", "total": "30.00"}]
    basic_economic = [{"line_no": "1", "name": "合计", "level": "合计", "total": "10.00"}]
    by_function = [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "10.00",
            "personnel_expenditure": "8.00",
            "public_expenditure": "2.00",
        },
        {
            "line_no": "2",
            "code": "208",
            "name": "社会保障和就业支出",
            "level": "类",
            "total": "10.00",
            "personnel_expenditure": "7.00",
            "public_expenditure": "2.00",
        },
    ]
    found = cross_table(
        package(
            general_budget_expenditure=general,
            general_budget_economic_expenditure=economic,
            basic_expenditure=basic_economic,
            basic_expenditure_by_function=by_function,
            table_columns=columns(
                "general_budget_expenditure", "total", "personnel_expenditure", "public_expenditure"
            ),
        )
    )
    assert flat(found) == [
        ("cross_table.general_economic_vs_general_budget", "pass", "0.00"),
        ("cross_table.basic_by_function_vs_basic", "pass", "0.00"),
        (
            "cross_table.basic_by_function_vs_general_budget.208.personnel_expenditure",
            "fail",
            "-1.00",
        ),
        ("cross_table.basic_by_function_vs_general_budget.208.public_expenditure", "pass", "0.00"),
    ]


def test_a_table_of_xiang_lines_alone_sums_them_for_its_class() -> None:
    """泉州's 支出总表 prints its 项 lines alone (no 类 or 款 line): the summary's class line is
    compared with the sum of that class's 项 lines, and says so."""
    lines = [
        {"line_no": "1", "name": "合计", "level": "合计", "total": "100.00"},
        {
            "line_no": "2",
            "code": "2080501",
            "name": "行政单位离退休",
            "level": "项",
            "total": "60.00",
        },
        {
            "line_no": "3",
            "code": "2080505",
            "name": "养老保险缴费",
            "level": "项",
            "total": "40.00",
        },
    ]

    def checks(expenditure: str) -> list[tuple[str, str, str | None]]:
        found = cross_table(
            package(income_expenditure_summary=_summary(expenditure), expenditure_by_function=lines)
        )
        return [c for c in flat(found) if ".208" in c[0]]

    assert checks("100.00") == [("cross_table.summary_vs_expenditure.208", "pass", "0.00")]
    assert checks("99.00") == [("cross_table.summary_vs_expenditure.208", "fail", "-1.00")]
    found = cross_table(
        package(income_expenditure_summary=_summary("100.00"), expenditure_by_function=lines)
    )
    assert found[0].description_zh == "收支总表「社会保障和就业支出」= 支出总表 208 类各项之和"
