"""Narrative claims: every amount and percentage quoted in the prose, matched to a table value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gongkai.normalize import decimals_of
from gongkai.validate.model import Check, Package, Row

_NUMBER = re.compile(r"(?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|%)")
_CHANGE = re.compile(r"增加|减少|增长|下降|上升|降低|较上年|比上年|与上年|相比|同比|上年\d")
_DECREASE = re.compile(r"减少|下降|降低")


@dataclass
class Target:
    """A value the tables give for a claim, with where it comes from."""

    value: Decimal
    table: str
    row: str
    column: str
    what_zh: str


Lookup = Callable[[Package], Target | None]


@dataclass
class Quote:
    """A number quoted in a narrative paragraph, and how to report a check on it."""

    check_id: str
    quoted: str  # the words before the number and the number with its unit
    value: Decimal
    paragraph: Row

    def check(
        self,
        status: str,
        zh: str,
        en: str,
        *,
        expected: Decimal | None = None,
        actual: Decimal | None = None,
        tolerance: Decimal | None = None,
    ) -> Check:
        actual = self.value if actual is None else actual
        return Check(
            check_id=self.check_id,
            category="narrative",
            status=status,
            description_zh=zh,
            description_en=en,
            expected=expected,
            actual=actual,
            difference=None if expected is None else actual - expected,
            tolerance=tolerance,
            table_id="narrative",
            row=self.paragraph.text("paragraph_id"),
            column="text",
            page=self.paragraph.int("page"),
            source_line=self.paragraph.int("source_line"),
        )


def _summary_line(side: str, pattern: str, role: str | None = None) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows("income_expenditure_summary"):
            if row.text("side") != side:
                continue
            if role and row.text("item_role") != role:
                continue
            if re.search(pattern, row.text("item") or ""):
                return Target(
                    row.amount("amount") or Decimal(0),
                    "income_expenditure_summary",
                    row.label(),
                    "amount",
                    f"收支总表「{row.label()}」",
                )
        return None

    return find


def _total_line(table: str, column: str, zh: str) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows(table):
            if row.text("level") == "合计":
                return Target(row.amount(column) or Decimal(0), table, "合计", column, zh)
        return None

    return find


def _three_public(key: str, zh: str) -> Lookup:
    def find(package: Package) -> Target | None:
        for row in package.rows("three_public_expenses"):
            if row.text("item_key") == key:
                return Target(
                    row.amount("total") or Decimal(0),
                    "three_public_expenses",
                    row.label(),
                    "total",
                    f"三公经费表「{row.label()}」",
                )
        return None

    return find


def _fixed_assets_total(package: Package) -> Target | None:
    for row in package.rows("fixed_assets"):
        if re.search(r"资产总额|合计", row.text("item") or ""):
            return Target(
                row.amount("value") or Decimal(0),
                "fixed_assets",
                row.label(),
                "value",
                "固定资产表「资产总额」",
            )
    return None


def _procurement_total(package: Package) -> Target | None:
    if not package.has("procurement"):
        return None
    total = sum((r.amount("total") or Decimal(0) for r in package.rows("procurement")), Decimal(0))
    return Target(total, "procurement", "Σ", "total", "政府采购表合计")


# Rules are tried in order on the words just before the number (since the previous number).
# Those before the change test name things that mention 上年 without being a comparison.
_BEFORE_CHANGE: list[tuple[str, Lookup | None]] = [
    (r"拟购置|拟新增", None),  # planned purchases: no table prints them
    (r"上年结转|年初结转", _summary_line("income", r"结转|结余", "carryover")),
    (r"上年末固定资产|固定资产(金额|总额)为", _fixed_assets_total),
    (r"政府采购预算", _procurement_total),
]
_AFTER_CHANGE: list[tuple[str, Lookup]] = [
    (r"公务用车购置及运行维护费|公务用车购置及运维费", _three_public("official_vehicles", "")),
    (r"公务用车购置", _three_public("vehicle_purchase", "")),
    (r"公务用车运行维护费", _three_public("vehicle_operation", "")),
    (r"因公出国", _three_public("overseas_travel", "")),
    (r"公务接待", _three_public("official_reception", "")),
    (r"三公", _three_public("three_public_subtotal", "")),
    (
        r"人员经费",
        _total_line("basic_expenditure", "personnel_expenditure", "基本支出表合计行人员经费"),
    ),
    (
        r"公用经费",
        _total_line("basic_expenditure", "public_expenditure", "基本支出表合计行公用经费"),
    ),
    (
        r"基本支出",
        _total_line("expenditure_by_function", "basic_expenditure", "支出总表合计行基本支出"),
    ),
    (
        r"项目支出",
        _total_line("expenditure_by_function", "project_expenditure", "支出总表合计行项目支出"),
    ),
    (r"一般公共预算", _summary_line("income", r"一般公共预算")),
    (r"政府性基金", _summary_line("income", r"政府性基金")),
    (r"国有资本经营", _summary_line("income", r"国有资本经营")),
    (r"收支安排|总支出|支出总计|支出预算", _summary_line("expenditure", r".", "total")),
    (r"预算收入|收入总计|预算安排|收入预算", _summary_line("income", r".", "subtotal")),
]
_SUBJECTS = [
    (r"三公", _three_public("three_public_subtotal", "")),
    (r"公务接待", _three_public("official_reception", "")),
    (r"因公出国", _three_public("overseas_travel", "")),
    (r"公务用车", _three_public("official_vehicles", "")),
    (r"基本支出", _total_line("expenditure_by_function", "basic_expenditure", "")),
    (r"项目支出", _total_line("expenditure_by_function", "project_expenditure", "")),
]


def _economic_item(name: str) -> Lookup:
    def find(package: Package) -> Target | None:
        for table in ("basic_expenditure", "expenditure_by_function", "general_budget_expenditure"):
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


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a paragraph split at 。；."""
    pieces, start = [], 0
    for match in re.finditer(r"[。；;]", text):
        pieces.append((start, text[start : match.end()]))
        start = match.end()
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(5).scaleb(-decimals_of(value) - 1)


def narrative_checks(package: Package) -> list[Check]:
    checks: list[Check] = []
    names = {
        r.text("name") for t in ("basic_expenditure",) for r in package.rows(t) if r.text("name")
    }
    for paragraph in package.rows("narrative"):
        if paragraph.text("paragraph_no") == "0":
            continue
        text = paragraph.text("text") or ""
        heading = paragraph.text("heading") or ""
        for offset, clause in _clauses(text):
            previous_end = 0
            last_change: tuple[Decimal, bool, Lookup | None] | None = None
            for n, match in enumerate(_NUMBER.finditer(clause), start=1):
                context = clause[previous_end : match.start()]
                previous_end = match.end()
                value = Decimal(match.group("number").replace(",", ""))
                unit = match.group("unit")
                check_id = f"narrative.p{paragraph.text('paragraph_id')}.c{offset}.n{n}"
                quoted = f"{context.strip('，,（(：:）) ')}{match.group(0)}"
                base = Quote(check_id, quoted, value, paragraph)
                lookup: Lookup | None = None
                matched_before = False
                for pattern, rule in _BEFORE_CHANGE:
                    if re.search(pattern, context):
                        lookup, matched_before = rule, True
                        break
                is_change = not matched_before and bool(_CHANGE.search(context))
                if is_change and unit == "%":
                    checks.append(_percentage(base, last_change, package))
                    continue
                if is_change:
                    subject = _subject(clause[: match.start()])
                    last_change = (value, bool(_DECREASE.search(context)), subject)
                    checks.append(
                        base.check(
                            "skip",
                            f"说明中「{quoted}」是与上年的比较，表中无上年数可比",
                            f"narrative '{quoted}': change against last year, no table value to "
                            "compare",
                        )
                    )
                    continue
                if not matched_before and unit != "%":
                    for pattern, rule in _AFTER_CHANGE:
                        if re.search(pattern, context):
                            lookup = rule
                            break
                    if lookup is None or "机关运行" in heading or "公用经费" in heading:
                        item = _item_name(context, names)
                        if item:
                            lookup = _economic_item(item)
                target = lookup(package) if lookup else None
                if target is None:
                    checks.append(
                        base.check(
                            "skip",
                            f"说明中「{quoted}」：表中无可比数值",
                            f"narrative '{quoted}': no table value to compare",
                        )
                    )
                    continue
                scale = {"亿元": Decimal(10000), "元": Decimal("0.0001")}.get(unit, Decimal(1))
                stated = value * scale
                tolerance = _half_unit(value) * scale
                difference = stated - target.value
                checks.append(
                    base.check(
                        "pass" if abs(difference) <= tolerance else "fail",
                        f"说明中「{quoted}」对照{target.what_zh}",
                        f"narrative '{quoted}' = {target.table} {target.row} {target.column}",
                        expected=target.value,
                        actual=stated,
                        tolerance=tolerance,
                    )
                )
    return checks


def _item_name(context: str, names: set[str | None]) -> str | None:
    stripped = re.sub(r"^[，,、：:（(其中]+", "", context.strip())
    stripped = re.sub(r"(预算|安排|支出|为|合计|共)+$", "", stripped)
    return stripped if stripped in names else None


def _subject(text: str) -> Lookup | None:
    found: tuple[int, Lookup] | None = None
    for pattern, rule in _SUBJECTS:
        for match in re.finditer(pattern, text):
            if found is None or match.start() > found[0]:
                found = (match.start(), rule)
    return found[1] if found else None


def _percentage(
    quote: Quote,
    last_change: tuple[Decimal, bool, Lookup | None] | None,
    package: Package,
) -> Check:
    """同比下降X%: derived from the stated change and the current table value."""
    quoted, value = quote.quoted, quote.value
    if last_change is None or last_change[2] is None:
        return quote.check(
            "skip",
            f"说明中「{quoted}」：无可推算的表中数值",
            f"narrative '{quoted}': no table value to derive it from",
        )
    change, decrease, subject = last_change
    target = subject(package) if subject else None
    if target is None:
        return quote.check(
            "skip", f"说明中「{quoted}」：表中无可比数值", f"narrative '{quoted}': no table value"
        )
    previous = target.value + change if decrease else target.value - change
    if previous == 0:
        return quote.check(
            "skip",
            f"说明中「{quoted}」：上年数为零，无法计算",
            f"narrative '{quoted}': last year's value is zero",
        )
    places = Decimal(1).scaleb(-decimals_of(value))
    expected = (change / previous * 100).quantize(places, rounding=ROUND_HALF_UP)
    sign = "+" if decrease else "-"
    return quote.check(
        "pass" if abs(value - expected) <= places else "fail",
        f"说明中「{quoted}」= {change}/({target.what_zh}{target.value}{sign}{change})",
        f"narrative '{quoted}' = change / last year's value, last year's value = "
        f"{target.table} {target.row} {sign} change",
        expected=expected,
        tolerance=places,
    )
