"""Summary tables (收支总表, 财政拨款收支总表): each side adds up, and income equals expenditure."""

from __future__ import annotations

from gongkai.datapackage import Package, Row
from gongkai.validate.check import Check, compare, sum_check
from gongkai.validate.rules import identities, table_title
from gongkai.validate.tables import by_role, carryover_groups, first_by_role

CATEGORY = "summary"
TITLE_ZH = "收支总表"


def summary_identities(package: Package) -> list[Check]:
    checks: list[Check] = []
    for table in identities().summary_tables:
        rows = package.rows(table)
        if not rows:
            continue
        totals: dict[str, Row] = {}
        for side in sorted({r.text("side") or "" for r in rows}):
            checks.extend(_side_sums(table, rows, side))
            total = first_by_role(rows, side, "total")
            if total is not None:
                totals[side] = total
        checks.extend(_balances(table, totals))
    return checks


def _side_sums(table: str, rows: list[Row], side: str) -> list[Check]:
    """本年合计 = Σ lines, carry-over = Σ its details, 总计 = 本年合计 + 结转, per column."""
    rules = identities()
    zh, side_zh = table_title(table), rules.summary_sides[side]
    lines = by_role(rows, side, "line")
    subtotal = first_by_role(rows, side, "subtotal")
    carries = by_role(rows, side, "carryover")
    total = first_by_role(rows, side, "total")
    found: list[Check | None] = []
    for column in (c for c in rules.summary_columns if c in rows[0]):
        if subtotal is not None:
            found.append(
                sum_check(
                    f"summary.{table}.{side}.subtotal.{column}",
                    CATEGORY,
                    f"{zh}：{side_zh}本年合计「{subtotal.label()}」= Σ{side_zh}各项（{column}）",
                    f"{table}: {side} subtotal = sum of the {side} lines ({column})",
                    subtotal.amount(column),
                    [r.amount(column) for r in lines],
                    table,
                    subtotal,
                    column,
                    subtotal.label(),
                )
            )
        for carry, details in carryover_groups(rows, side):
            if details:
                found.append(
                    sum_check(
                        f"summary.{table}.{side}.carryover.{column}",
                        CATEGORY,
                        f"{zh}：「{carry.label()}」= Σ其明细",
                        f"{table}: {side} carry-over = sum of its detail lines ({column})",
                        carry.amount(column),
                        [r.amount(column) for r in details],
                        table,
                        carry,
                        column,
                        carry.label(),
                    )
                )
        if total is not None and subtotal is not None:
            found.append(
                sum_check(
                    f"summary.{table}.{side}.total.{column}",
                    CATEGORY,
                    f"{zh}：{side_zh}总计「{total.label()}」= 本年合计 + 结转",
                    f"{table}: {side} total = subtotal + carry-over ({column})",
                    total.amount(column),
                    [subtotal.amount(column)] + [c.amount(column) for c in carries],
                    table,
                    total,
                    column,
                    total.label(),
                )
            )
    return [c for c in found if c is not None]


# (check name, the side held to, the side compared, Chinese and English descriptions)
_BALANCES = (
    ("balance", "income", "expenditure", "收入总计 = 支出总计", "income total = expenditure total"),
    (
        "use_vs_function",
        "expenditure",
        "expenditure_by_use",
        "按用途支出合计 = 按功能支出合计",
        "expenditure by use total = by function total",
    ),
)


def _balances(table: str, totals: dict[str, Row]) -> list[Check]:
    """收入总计 = 支出总计; 按用途支出合计 = 按功能支出合计."""
    zh = table_title(table)
    checks: list[Check] = []
    for name, held_to, side, what_zh, what_en in _BALANCES:
        if held_to not in totals or side not in totals:
            continue
        expected, line = totals[held_to], totals[side]
        checks.append(
            compare(
                f"summary.{table}.{name}",
                CATEGORY,
                f"{zh}：{what_zh}",
                f"{table}: {what_en}",
                expected=expected.amount("amount"),
                actual=line.amount("amount"),
                table=table,
                row=line,
                column="amount",
                row_label=line.label(),
            )
        )
    return checks
