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


def _balances(table: str, totals: dict[str, Row]) -> list[Check]:
    """收入总计 = 支出总计; 按用途支出合计 = 按功能支出合计."""
    zh = table_title(table)
    checks: list[Check] = []
    if "income" in totals and "expenditure" in totals:
        income, spending = totals["income"], totals["expenditure"]
        checks.append(
            compare(
                f"summary.{table}.balance",
                CATEGORY,
                f"{zh}：收入总计 = 支出总计",
                f"{table}: income total = expenditure total",
                expected=income.amount("amount"),
                actual=spending.amount("amount"),
                table=table,
                row=spending,
                column="amount",
                row_label=spending.label(),
            )
        )
    if "expenditure_by_use" in totals and "expenditure" in totals:
        by_use, by_function = totals["expenditure_by_use"], totals["expenditure"]
        checks.append(
            compare(
                f"summary.{table}.use_vs_function",
                CATEGORY,
                f"{zh}：按用途支出合计 = 按功能支出合计",
                f"{table}: expenditure by use total = by function total",
                expected=by_function.amount("amount"),
                actual=by_use.amount("amount"),
                table=table,
                row=by_use,
                column="amount",
                row_label=by_use.label(),
            )
        )
    return checks
