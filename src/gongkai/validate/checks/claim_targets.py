"""The table values narrative claims are compared with, built from claims.yaml target specs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.codes import function_class_code, strip_ordinal
from gongkai.datapackage import Package, Row, in_wan_yuan
from gongkai.validate.rules import claims, claims_spec, table_title
from gongkai.validate.tables import is_final, printed_fields, total_row

SUMMARY = "income_expenditure_summary"


@dataclass
class Target:
    """A value the tables give for a claim, with where it comes from."""

    value: Decimal
    table: str
    row: str
    column: str
    what_zh: str

    def in_wan_yuan(self, package: Package) -> Decimal:
        """The value in 万元, the narrative's usual unit (tables may print 元: Shanghai)."""
        return in_wan_yuan(self.value, table_unit(package, self.table))


Lookup = Callable[[Package], Target | None]


def table_unit(package: Package, table: str) -> str | None:
    """The unit a table prints (tables.csv), None when not stated."""
    for row in package.rows("tables"):
        if row.text("table_id") == table:
            return row.text("unit")
    return None


def line_target(table: str, row: Row, column: str) -> Target:
    """A line of a table as the value a claim is compared with, named by its label."""
    return Target(
        row.amount(column) or Decimal(0),
        table,
        row.label(),
        column,
        f"{table_title(table)}「{row.label()}」",
    )


def summary_target(row: Row) -> Target:
    """A line of the income and expenditure summary as the value a claim is compared with."""
    return line_target(SUMMARY, row, "amount")


def summary_line(side: str, item: str, role: str | None = None) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows(SUMMARY):
            if row.text("side") != side or (role and row.text("item_role") != role):
                continue
            if re.search(item, row.text("item") or ""):
                return summary_target(row)
        return None

    return find


def total_line(table: str, column: str, label: str) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows(table):
            if row.text("level") == "合计":
                return Target(row.amount(column) or Decimal(0), table, "合计", column, label)
        return None

    return find


def item_line(table: str, item: str, column: str, label: str) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows(table):
            if re.search(item, row.text("item") or ""):
                return Target(row.amount(column) or Decimal(0), table, row.label(), column, label)
        return None

    return find


def three_public(item: str, only_without: Sequence[str] = ()) -> Lookup:
    """A line of the 三公 table: its total, or in a table printing only 预算数 (福州) that column;
    a line labelled with another year than the filing's (西安 2020 prints 2019年/… and 2020年/…
    side by side) is not the filing's. With ``only_without``: only when the table prints no
    amount on lines of those keys (its 合计 is the 三公 total when no 会议费 or 培训费 is in it)."""
    table = "three_public_expenses"

    def find(package: Package) -> Target | None:
        rows = package.rows(table)
        if any(
            row.text("item_key") in only_without
            and any(row.amount(f) for f in ("total", "budget_amount"))
            for row in rows
        ):
            return None
        year = str(package.meta.get("year") or "")
        for row in rows:
            if row.text("item_key") != item:
                continue
            years = re.findall(r"((?:19|20)\d\d)年", row.text("item") or "")
            if year and any(y != year for y in years):
                continue
            budget_only = row.amount("total") is None and row.amount("budget_amount") is not None
            if budget_only and not is_final(package):
                return line_target(table, row, "budget_amount")
            return line_target(table, row, "total")
        return None

    return find


def procurement_total() -> Lookup:
    """The procurement table's printed 合计 line (summing every line would count each amount
    once per level: category, project and item lines all carry amounts)."""

    def find(package: Package) -> Target | None:
        for row in package.rows("procurement"):
            labels = [row.text(f) for f in ("catalogue_category", "item_name", "project_name")]
            if "合计" in labels or "总计" in labels:
                value = row.amount("total")
                if value is None:
                    return None  # the total's column was not read: nothing to compare with
                return Target(value, "procurement", "合计", "total", "政府采购表合计")
        if package.has("procurement") and not package.rows("procurement"):
            return Target(Decimal(0), "procurement", "Σ", "total", "政府采购表合计")
        return None

    return find


def basic_part(column: str) -> Lookup:
    """人员经费 or 公用经费: the basic table's total line, else the sum of its economic classes."""
    zh = "人员经费" if column == "personnel_expenditure" else "公用经费"
    title = table_title("basic_expenditure")

    def find(package: Package) -> Target | None:
        rows = package.rows("basic_expenditure")
        total = total_row(rows)  # two-panel 决算 tables: 人员经费合计 | 公用经费合计
        printed = printed_fields(package, "basic_expenditure")
        if printed is not None:  # 决算 panels: personnel_expenditure+total
            printed = {name for field in printed for name in field.split("+")}
        if total is not None and (printed is None or column in printed):
            value = total.amount(column)
            if value is not None or printed is not None:
                return Target(
                    value or Decimal(0), "basic_expenditure", "合计", column, f"{title}合计行{zh}"
                )
        # A table printing only 金额: the part is the sum of its economic classes.
        classes = [r for r in rows if r.text("level") == "类" and r.amount("total") is not None]
        if not classes:
            return None
        personnel = claims().personnel_classes
        wanted = column == "personnel_expenditure"
        chosen = [r for r in classes if (r.text("code") in personnel) == wanted]
        codes = "、".join(r.text("code") or "" for r in chosen)
        return Target(
            sum((r.amount("total") or Decimal(0) for r in chosen), Decimal(0)),
            "basic_expenditure",
            f"Σ类 {codes}",
            "total",
            f"{title}{zh}（{codes or '无'}类之和）",
        )

    return find


def fiscal_total(side: str, roles: list[str]) -> Lookup:
    """The fiscal appropriation summary's line of the first of ``roles`` it prints."""
    table = "fiscal_appropriation_summary"

    def find(package: Package) -> Target | None:
        rows = package.rows(table)
        for role in roles:
            for row in rows:
                if row.text("side") == side and row.text("item_role") == role:
                    return line_target(table, row, "amount")
        return None

    return find


def overview(column: str, label: str) -> Lookup:
    """A column of the one-row overview (Jiangsu 支出预算总表: 合计, 基本, 项目, 机动经费, 结转)."""

    def find(package: Package) -> Target | None:
        for row in package.rows("expenditure_overview"):
            if row.get(column):
                return Target(
                    row.amount(column) or Decimal(0),
                    "expenditure_overview",
                    row.label(),
                    column,
                    label,
                )
        return None

    return find


def general_basic_total() -> Lookup:
    """一般公共预算基本支出: the basic table's total, or in a two-panel 决算 table (人员经费合计 |
    公用经费合计, no overall total printed) the sum of its two panel totals."""

    def find(package: Package) -> Target | None:
        printed = printed_fields(package, "basic_expenditure") or set()
        if not any("+" in field for field in printed):
            return total_line("basic_expenditure", "total", "一般公共预算基本支出表合计")(package)
        parts = [basic_part(c)(package) for c in ("personnel_expenditure", "public_expenditure")]
        if not all(parts):
            return None
        return Target(
            sum((p.value for p in parts if p), Decimal(0)),
            "basic_expenditure",
            "人员经费合计 + 公用经费合计",
            "total",
            "基本支出表人员经费合计与公用经费合计之和",
        )

    return find


def first_of(*lookups: Lookup | None) -> Lookup:
    """The first of the lookups that finds a value in the package."""

    def find(package: Package) -> Target | None:
        for each in lookups:
            found = each(package) if each else None
            if found is not None:
                return found
        return None

    return find


_BUILDERS: dict[str, Callable[..., Lookup]] = {
    "summary_line": summary_line,
    "fiscal_total": fiscal_total,
    "total_line": total_line,
    "item_line": item_line,
    "overview": overview,
    "three_public": three_public,
    "basic_part": basic_part,
    "general_basic_total": general_basic_total,
    "procurement_total": procurement_total,
}


def lookup(spec: dict[str, Any] | None) -> Lookup | None:
    """The lookup a claims.yaml target spec ({kind: parameters}) describes; None for null."""
    if spec is None:
        return None
    kind, params = next(iter(spec.items()))
    if kind == "first_of":
        return first_of(*(lookup(s) for s in params))
    return _BUILDERS[kind](**params)


def income_line_in(context: str) -> Lookup:
    """The summary's income line named last in the words before the number
    (1.财政拨款收入预算总计 -> 一、财政拨款; 2.财政专户管理资金收入… -> 二、财政专户管理资金)."""

    def find(package: Package) -> Target | None:
        if re.search(claims_spec()["statements"]["item_words"], context):
            return None  # 委托业务费财政拨款总额: an economic item's, not the 财政拨款 line's
        best: tuple[int, Row] | None = None
        for row in package.rows(SUMMARY):
            if row.text("side") != "income" or row.text("item_role") not in ("line", "detail"):
                continue
            name = strip_ordinal(row.text("item") or "")
            short = re.sub(r"(收入|资金)$", "", name)
            for candidate in {name, short if len(short) >= 4 else name}:
                at = context.rfind(candidate)
                if at >= 0 and (best is None or at + len(candidate) > best[0]):
                    best = (at + len(candidate), row)
        return summary_target(best[1]) if best else None

    return find


def function_class(name: str) -> Lookup:
    """A function class (类) named in the prose (一般公共服务（类）支出): its total in the summary."""
    code = function_class_code(name)

    def find(package: Package) -> Target | None:
        if code is None:
            return None
        for row in package.rows(SUMMARY):
            if row.text("side") == "expenditure" and row.text("function_class_code") == code:
                return summary_target(row)
        return None

    return find


def economic_item(name: str, heading: str = "", clause: str = "") -> Lookup:
    """An economic item quoted by name (办公费): its line in the first table that prints it;
    listed in a clause about a whole of its own (机关运行经费…其中：工会经费), in that whole's
    table alone (claims.yaml economic_items.clause_tables)."""
    rules = claims()
    tables = rules.item_tables
    for words, first in rules.heading_item_tables.items():
        if re.search(words, heading):
            tables = (*first, *tables)
    for words, only in rules.clause_item_tables.items():
        if re.search(words, clause):
            tables = only

    def find(package: Package) -> Target | None:
        for table in tables:
            for row in package.rows(table):
                if row.text("name") == name:
                    return Target(
                        row.amount("total") or Decimal(0),
                        table,
                        row.text("code") or row.label(),
                        "total",
                        f"{table}「{row.text('code')} {name}」",
                    )
        return None

    return find
