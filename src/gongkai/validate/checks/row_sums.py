"""Row sums: on every line of a table, its total equals the sum of its part columns.

Which tables and columns is data (templates/identities.yaml `row_sums`), Shanghai's
财务收支预算总表 (expenditure side only) included.
"""

from __future__ import annotations

from gongkai.datapackage import Package
from gongkai.validate.check import Check, sum_check
from gongkai.validate.rules import RowSums, identities, table_title
from gongkai.validate.tables import printed_fields

CATEGORY = "row_sum"
TITLE_ZH = "行内合计"


def row_sums(package: Package) -> list[Check]:
    checks: list[Check] = []
    for rule in identities().row_sums:
        checks.extend(_table_row_sums(package, rule))
    return checks


def _table_row_sums(package: Package, rule: RowSums) -> list[Check]:
    table = rule.table
    titles = package.titles(table)
    printed = printed_fields(package, table)
    checks: list[Check] = []
    # A part that is itself the total of another sum (本年收入小计 of 合计 = 本年收入小计 + 上年结转,
    # 基本支出 of 合计 = 基本支出 + 人员经费 + 公用经费 + 项目支出 …): where the table prints no
    # column for it, the other parts alone are not the total, unless its own parts stand in for
    # it in the same sum (浙江's 支出总表 prints 基本支出 as 人员支出 | 日常公用支出 without 小计);
    # where it prints one, its parts are in it and not counted again beside it.
    parts_of = {identity.total: set(identity.parts) for identity in rule.sums}
    for row in package.rows(table):
        if any(row.text(field) != value for field, value in rule.where):
            continue
        label = row.label()
        for identity in rule.sums:
            total = identity.total
            parts = _with_parts_of_unprinted(identity.parts, rule, printed)
            present = [p for p in parts if p in row and (printed is None or p in printed)]
            inside = {q for p in present for q in parts_of.get(p, ())}
            present = [p for p in present if p not in inside]
            if total not in row or not present:
                continue
            if any(
                p in parts_of and p not in present and not parts_of[p] & set(present) for p in parts
            ):
                continue
            if printed is not None and total not in printed:
                continue
            check = sum_check(
                f"row_sum.{table}.{row.key()}.{total}",
                CATEGORY,
                f"{table_title(table)}「{label}」：{titles.get(total, total)} = "
                + " + ".join(titles.get(p, p) for p in present),
                f"{table} line {label}: {total} = " + " + ".join(present),
                row.amount(total),
                [row.amount(p) for p in present],
                table,
                row,
                total,
                label,
            )
            if check:
                checks.append(check)
    return checks


def _with_parts_of_unprinted(
    parts: tuple[str, ...], rule: RowSums, printed: set[str] | None
) -> tuple[str, ...]:
    """The parts of a sum, a subtotal the table prints no column for replaced by its own parts
    when the table prints every one of them: 陕西 prints 人员经费 | 公用经费 | 专项业务经费 and no
    基本支出, so total = basic + project is checked as total = personnel + public + project."""
    if printed is None:
        return parts
    expanded: list[str] = []
    for part in parts:
        own = next((s.parts for s in rule.sums if s.total == part), None)
        if part not in printed and own is not None and all(p in printed for p in own):
            expanded.extend(p for p in own if p not in parts)  # 浙江 lists them beside it too
        else:
            expanded.append(part)
    return tuple(expanded)
