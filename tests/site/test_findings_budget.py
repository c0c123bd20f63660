"""Budget against actual on the department page, from the collection's budget_vs_actual: exact
rows, the execution rate and the caveat; no section when the collection has no line."""

from __future__ import annotations

from decimal import Decimal

from gongkai.site.corpus import BudgetLine
from gongkai.site.pages.department import budget_actual_section, department_page
from tests.site.test_department import COURT, filing

FINAL = filing("c2019j", 2019, phase="决算", total_yuan="360000000.00")


def line(name: str, budget: str, final: str, rate: str, table: str = "key_figures") -> BudgetLine:
    return BudgetLine(
        filing_id="c2019j",
        budget_filing_id="c2019",
        year=2019,
        source="预算与决算文件",
        table_id=table,
        line_name=name,
        budget=Decimal(budget),
        final=Decimal(final),
        difference=Decimal(final) - Decimal(budget),
        execution_rate=Decimal(rate),
        budget_page="",
        final_page="",
    )


LINES = [
    line("支出合计", "371883400.00", "360000000.00", "96.80"),
    line(
        "208 社会保障和就业支出",
        "23556500.00",
        "24000000.00",
        "101.88",
        "general_budget_expenditure",
    ),
]


def test_budget_actual_rows_and_caveat() -> None:
    found = "\n".join(budget_actual_section(LINES, [*COURT, FINAL]))
    assert found.startswith(
        "## 预算与决算 {#budget-actual}\n\n> **口径说明**\n>\n> - 预算是年初的计划"
    )
    rows = [r for r in found.splitlines() if r.startswith("| 2019")]
    assert rows == [
        "| 2019年决算 | 主要数字 · 支出合计 | 37,188.34 | 36,000.00 | -1,188.34 | 96.80% "
        "| 预算与决算文件 |",
        "| 2019年决算 | 一般公共预算支出表 · 208 社会保障和就业支出 | 2,355.65 | 2,400.00 | 44.35 "
        "| 101.88% | 预算与决算文件 |",
    ]


def test_department_page_has_the_section_only_with_lines() -> None:
    page = department_page("江苏省高级人民法院", [*COURT, FINAL], {}, {}, LINES)
    assert "## 预算与决算 {#budget-actual}" in page
    assert "预算与决算" not in department_page("江苏省高级人民法院", COURT, {}, {}).split("---")[-1]
