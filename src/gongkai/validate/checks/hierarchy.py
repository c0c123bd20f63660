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
# The lines a listing's line sums, by their item_role (identities.yaml line_totals)
_ROLE_ZH = {"unit": "各单位", "project": "各项目", "class": "各类", "item": "各款"}


def hierarchy_sums(package: Package) -> list[Check]:
    checks: list[Check] = []
    for table in CODED_TABLES:
        if package.rows(table):
            checks.extend(_table_hierarchy(package, table))
    for table, roles in identities().line_totals.items():
        checks.extend(_line_total(package, table, roles))
    return checks


def _line_total(package: Package, table: str, roles: tuple[str, ...]) -> list[Check]:
    """Each line of a listing whose role is above another's = the sum of its parts (the lines
    after it, up to the next line of its role or a higher one, of the highest role among them),
    column by column: the 合计 line = Σ its units or projects, a unit = Σ its projects. Nothing
    when the table prints several 合计 lines."""
    rows = package.rows(table)
    rank = {role: at for at, role in enumerate(roles)}
    ranks = [rank.get(r.text("item_role") or "", len(roles)) for r in rows]
    if ranks.count(0) > 1:
        return []
    titles = package.titles(table)
    checks: list[Check] = []
    for at, parent in enumerate(rows):
        if ranks[at] >= len(roles) - 1:
            continue
        if ranks[at] == 0:  # the one 合计 line, wherever printed (浙江: first or last)
            span = [j for j in range(len(rows)) if j != at]
        else:
            end = next((j for j in range(at + 1, len(rows)) if ranks[j] <= ranks[at]), len(rows))
            span = list(range(at + 1, end))
        if not span:
            continue
        top = min(ranks[j] for j in span)
        parts = [rows[j] for j in span if ranks[j] == top]
        others = len(rows) - 1
        name = parent.text("project_name") or parent.text("name") or ""
        if ranks[at] == 0:
            # 深圳 prints its department's line where others print 合计
            key, label = parent.key(), "合计" if not name or "合" in name else name
            zh = (
                f"合计 = Σ其余{others}行"
                if len(parts) == others
                else f"合计 = Σ{_ROLE_ZH.get(roles[top], roles[top])}{len(parts)}行"
            )
            en = (
                f"total = sum of its other {len(parts)} lines"
                if len(parts) == others
                else f"total = sum of its {len(parts)} {roles[top]} lines"
            )
        else:
            key, label = f"L{parent.text('line_no')}", name or parent.label()
            zh = f"= Σ其下{_ROLE_ZH.get(roles[top], roles[top])}{len(parts)}行"
            en = f"= sum of its {len(parts)} {roles[top]} lines"
        for measure in package.measures(table):
            check = sum_check(
                f"hierarchy.{table}.{key}.{measure}",
                CATEGORY,
                f"{table_title(table)}「{label}」{titles.get(measure, measure)}：{zh}",
                f"{table} {'total' if ranks[at] == 0 else 'L' + str(parent.text('line_no'))} line {measure}: {en}",
                parent.amount(measure),
                [r.amount(measure) for r in parts],
                table,
                parent,
                measure,
                label,
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
