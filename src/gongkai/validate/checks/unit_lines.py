"""Lines of the listings printed by unit (深圳 基本支出总表 and 项目支出总表, 广东 表11 and 表12) that
the narrative names: a listed project (1.创新能力建设和高新技术发展业务809.82万元) or a part of a
unit's basic expenditure (公用经费763.19万元), in the unit the paragraph's heading names.

Which tables, which name field and which classes are personnel costs is data (claims.yaml
`unit_lines`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.datapackage import Package, Row, in_wan_yuan
from gongkai.validate.checks.claim_targets import table_unit
from gongkai.validate.checks.resolution import Resolution, compared, quote_tolerance, unresolved
from gongkai.validate.checks.value_index import bigrams, normalized
from gongkai.validate.rules import claims_spec, table_title
from gongkai.validate.statements import Statement

# A heading names a unit when it shares this many of the unit name's word pairs (一、市建筑工务署
# 本级 and 深圳市建筑工务署（本级）share 7 of 9).
_MIN_SHARED = 4
_HEADS = ("total", "unit")


@dataclass
class Group:
    """A unit's line (or the table's total line) and the lines printed under it."""

    head: Row
    lines: list[Row]


def groups(rows: list[Row]) -> list[Group]:
    """The table's units with their lines; the total line's group holds every line."""
    found: list[Group] = []
    for row in rows:
        role = row.text("item_role")
        if role == "total":
            found.append(Group(row, [r for r in rows if r is not row]))
        elif role == "unit":
            found.append(Group(row, []))
        elif found and found[-1].head.text("item_role") == "unit":
            found[-1].lines.append(row)
    return found


def named_group(found: list[Group], name_field: str, heading: str) -> Group | None:
    """The group whose head line the heading names best; with no unit lines, the total's."""
    if not any(g.head.text("item_role") == "unit" for g in found):
        return found[0] if found else None
    words = bigrams(heading)
    scored = [(len(words & bigrams(g.head.text(name_field) or "")), g) for g in found]
    best = max(scored, key=lambda s: s[0], default=None)
    if best is None or best[0] < _MIN_SHARED:
        return None
    if sum(1 for s in scored if s[0] == best[0]) > 1:
        return None
    return best[1]


def resolve(package: Package, statement: Statement) -> Resolution | None:
    """The amount against the line its subject names (or the 公用经费 of the unit the heading
    names); None when no listing of claims.yaml `unit_lines` has such a line."""
    spec = claims_spec()["unit_lines"]
    heading = statement.paragraph.text("heading") or ""
    if re.search(spec["public_words"], statement.context):
        return _public_part(package, statement, heading, spec)
    subject = normalized(statement.subject)
    if len(subject) < 4:
        return None
    for table, name_field in spec["tables"].items():
        rows = package.rows(table)
        lines = [
            r
            for r in rows
            if r.text("item_role") not in _HEADS
            and len(normalized(r.text(name_field) or "")) >= 4
            and subject.endswith(normalized(r.text(name_field) or ""))
        ]
        if not lines:
            continue
        if len({r.amount("total") for r in lines}) > 1:
            group = named_group(groups(rows), name_field, heading)
            lines = [r for r in lines if group is not None and r in group.lines]
            if len(lines) != 1:
                return _several(package, statement, table, name_field, lines)
        return _against(package, statement, table, name_field, lines[0])
    return _named_in_clause(package, statement, spec)


def _named_in_clause(
    package: Package, statement: Statement, spec: dict[str, Any]
) -> Resolution | None:
    """A line named earlier in the clause whose total is the amount (烟台 2026: 拟对中介服务费-
    政府项目审查费等1个项目开展…评价，涉及预算资金800万元): agreement only, since the amount may
    be the sum of several lines (…等3个项目)."""
    clause = normalized(statement.clause[: statement.position - statement.clause_offset])
    for table, name_field in spec["tables"].items():
        rows = package.rows(table)
        # A unit's name is not its lines' (…水务工程管理中心预算…项目支出1,421.35万元 names the
        # unit, not its project 工程管理): units are dropped from the clause, with or without
        # the city (深圳市建筑工务署… is written 市建筑工务署…).
        before = clause
        heads = [
            normalized(r.text(name_field) or "") for r in rows if r.text("item_role") in _HEADS
        ]
        for head in sorted(heads, key=len, reverse=True):
            for variant in (head, head[2:]):
                if len(variant) >= 4:
                    before = before.replace(variant, "|")
        for row in rows:
            name = normalized(row.text(name_field) or "")
            if row.text("item_role") in _HEADS or len(name) < 4 or name not in before:
                continue
            found = _against(package, statement, table, name_field, row)
            if found.status == "agree":
                return found
    return None


def _several(
    package: Package, statement: Statement, table: str, name_field: str, lines: list[Row]
) -> Resolution | None:
    """Several units print a line of that name and the heading names none of them."""
    if not lines:
        return None
    return unresolved(
        f"{table_title(table)}中有{len(lines)}个单位印有「{lines[0].text(name_field)}」，"
        "本段标题未指明哪个单位",
        table,
    )


def _against(
    package: Package, statement: Statement, table: str, name_field: str, row: Row
) -> Resolution:
    value = row.amount("total") or Decimal(0)
    expected = in_wan_yuan(value, table_unit(package, table))
    name = row.text(name_field) or ""
    what = f"{table_title(table)}「{name}」"
    return compared(
        statement,
        expected,
        quote_tolerance(statement, expected),
        f"{what}合计 {value}",
        what,
        table_id=table,
        item=name,
    )


def _public_part(
    package: Package, statement: Statement, heading: str, spec: dict[str, Any]
) -> Resolution | None:
    """公用经费 of the unit the heading names: its classes other than the personnel ones, summed;
    a tolerance of half a unit of the printed digits per class summed (the table rounds each)."""
    table = str(spec["basic_table"])
    rows = package.rows(table)
    group = named_group(groups(rows), "name", heading)
    if group is None:
        return None
    personnel = set(spec["personnel_class_names"])
    amounts = [
        (r.text("name") or "", r.amount("total"))
        for r in group.lines
        if r.text("item_role") == "class" and (r.text("name") or "") not in personnel
    ]
    printed = [(name, amount) for name, amount in amounts if amount is not None]
    if not printed:
        return None
    unit = table_unit(package, table)
    value = sum((amount for _, amount in printed), Decimal(0))
    expected = in_wan_yuan(value, unit)
    digits = max(-int(amount.as_tuple().exponent) for _, amount in printed)
    rounding = in_wan_yuan(Decimal(5).scaleb(-digits - 1) * len(printed), unit)
    head = group.head.text("name") or ""
    terms = " + ".join(f"{name} {amount}" for name, amount in printed)
    what = f"{table_title(table)}「{head}」公用经费（除人员经费类以外各类之和）"
    derivation = f"{table_title(table)}「{head}」{terms} = {value}"
    found = compared(
        statement,
        expected,
        quote_tolerance(statement, expected) + rounding,
        derivation,
        what,
        table_id=table,
        item=head,
    )
    if found.status == "disagree":
        # 深圳市建筑工务署工程设计管理中心 公用经费148.67 = 302 + 310 + 5.64 of 301: the unit's
        # 公用经费 (公用综合定额) may take in welfare items; the classes only confirm it.
        return unresolved(
            f"表中无相同数值：所述公用经费与{derivation}不同，公用经费的口径可含部分工资福利支出，"
            "按类推算只能印证、不能否定",
            table,
            item=head,
        )
    return found
