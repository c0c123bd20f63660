"""Hierarchy sums of coded tables: 合计 = Σ类, 类 = Σ款, 款 = Σ项, in every amount column; and
of the listings whose 合计 line sums their other lines (identities.yaml `line_totals`: 项目支出表's
合计 = Σ projects)."""

from __future__ import annotations

from gongkai.datapackage import Package, Row
from gongkai.validate.check import Check, sum_check
from gongkai.validate.rules import identities, table_title
from gongkai.validate.tables import CODED_TABLES

CATEGORY = "hierarchy"
TITLE_ZH = "科目层级合计"
_WHAT = {"合计": "合计 = Σ类", "类": "类 = Σ款"}


def hierarchy_sums(package: Package) -> list[Check]:
    checks: list[Check] = []
    for table in CODED_TABLES:
        if package.rows(table):
            checks.extend(_table_hierarchy(package, table))
    for table in identities().line_totals:
        checks.extend(_line_total(package, table))
    return checks


def _line_total(package: Package, table: str) -> list[Check]:
    """The listing's one 合计 line (item_role total) = the sum of its other lines, column by
    column; nothing when the table prints no 合计 line, or several."""
    rows = package.rows(table)
    totals = [r for r in rows if r.text("item_role") == "total"]
    lines = [r for r in rows if r.text("item_role") != "total"]
    if len(totals) != 1 or not lines:
        return []
    total = totals[0]
    titles = package.titles(table)
    checks: list[Check] = []
    for measure in package.measures(table):
        check = sum_check(
            f"hierarchy.{table}.{total.key()}.{measure}",
            CATEGORY,
            f"{table_title(table)}「合计」{titles.get(measure, measure)}：合计 = Σ其余{len(lines)}行",
            f"{table} total line {measure}: total = sum of its other {len(lines)} lines",
            total.amount(measure),
            [r.amount(measure) for r in lines],
            table,
            total,
            measure,
            "合计",
        )
        if check:
            checks.append(check)
    return checks


def _children(rows: list[Row]) -> dict[str | None, list[Row]]:
    """Lines under each parent code; the classes (类) are under the table's total. A code printed
    on several lines (山东 公开表6: 301 under each 政府预算经济分类 it is split over) has as
    children those printed after each of its lines: the key is then code#n, as parent_key gives."""
    children: dict[str | None, list[Row]] = {}
    seen: dict[str, int] = {}
    for row in rows:
        level = row.text("level")
        if level == "类":
            children.setdefault("__total__", []).append(row)
        elif level in ("款", "项"):
            parent = row.text("parent_code") or ""
            key = f"{parent}#{seen[parent]}" if seen.get(parent, 1) > 1 else parent
            children.setdefault(key, []).append(row)
        code = row.text("code")
        if code:
            seen[code] = seen.get(code, 0) + 1
    return children


def _parent_key(row: Row, occurrence: int) -> str:
    """The key of ``row``'s children in _children: its code, with #n from its second line on."""
    code = row.text("code") or ""
    return f"{code}#{occurrence}" if occurrence > 1 else code


def _table_hierarchy(package: Package, table: str) -> list[Check]:
    rows = package.rows(table)
    titles = package.titles(table)
    measures = package.measures(table)
    children = _children(rows)
    panel_totals = sum(1 for r in rows if r.text("level") == "合计") > 1
    checks: list[Check] = []
    occurrences: dict[str, int] = {}
    for parent in rows:
        level = parent.text("level")
        code = parent.text("code") or ""
        occurrences[code] = occurrences.get(code, 0) + 1
        kids = children.get(
            "__total__" if level == "合计" else _parent_key(parent, occurrences[code])
        )
        if not kids:
            continue
        what = _WHAT.get(level or "", "款 = Σ项")
        parent_measures = measures
        key = parent.key()
        if level == "合计" and panel_totals:
            # 人员经费合计 | 公用经费合计 of a two-panel table: each is the sum of its own
            # panel's field over all classes (the other panel's classes leave it blank).
            parent_measures = [m for m in measures if m != "total" and parent.amount(m) is not None]
            key = f"{parent.key()}.{parent.text('line_no')}"
        for measure in parent_measures:
            check = sum_check(
                f"hierarchy.{table}.{key}.{measure}",
                CATEGORY,
                f"{table_title(table)}「{parent.label()}」{titles.get(measure, measure)}："
                f"{what}（{'、'.join(k.text('code') or '' for k in kids)}）",
                f"{table} {parent.label()} {measure}: parent = sum of its {len(kids)} children",
                parent.amount(measure),
                [k.amount(measure) for k in kids],
                table,
                parent,
                measure,
                parent.label(),
            )
            if check:
                checks.append(check)
    return checks
