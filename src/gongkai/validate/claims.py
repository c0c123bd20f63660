"""Narrative claims: every amount and percentage quoted in the prose, matched to a table value."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gongkai.codes import function_class_code, strip_ordinal
from gongkai.normalize import decimals_of
from gongkai.validate.identities import printed_fields, total_row
from gongkai.validate.model import Check, Package, Row

_NUMBER = re.compile(r"(?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|%)")
_CHANGE = re.compile(
    r"增加|减少|增长|下降|上升|降低|较上年|比上年|与上年|相比|同比|上年\d|上年度|调减|调增|调整"
)
_DECREASE = re.compile(r"减少|下降|降低")


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
        return self.value * _UNIT_SCALE.get(table_unit(package, self.table) or "万元", Decimal(1))


Lookup = Callable[[Package], Target | None]
_UNIT_SCALE = {
    "亿元": Decimal(10000),
    "万元": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}


def table_unit(package: Package, table: str) -> str | None:
    """The unit a table prints (tables.csv), None when not stated."""
    for row in package.rows("tables"):
        if row.text("table_id") == table:
            return row.text("unit")
    return None


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
                return _summary_target(row)
        return None

    return find


def _summary_target(row: Row) -> Target:
    """A line of the income and expenditure summary as the value a claim is compared with."""
    return Target(
        row.amount("amount") or Decimal(0),
        "income_expenditure_summary",
        row.label(),
        "amount",
        f"收支总表「{row.label()}」",
    )


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
    """The procurement table's printed 合计 line (summing every line would count each amount
    once per level: category, project and item lines all carry amounts)."""
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


# 人员经费 and 公用经费 by the economic classification (财政部 部门预算 definitions): the
# personnel part of basic expenditure is 工资福利支出 (301) and 对个人和家庭的补助 (303); the
# rest of basic expenditure (302 商品和服务支出, 310 资本性支出, …) is 公用经费.
_PERSONNEL_CLASSES = ("301", "303")


def _basic_part(column: str) -> Lookup:
    def find(package: Package) -> Target | None:
        rows = package.rows("basic_expenditure")
        total = total_row(rows)  # two-panel 决算 tables: 人员经费合计 | 公用经费合计
        printed = printed_fields(package, "basic_expenditure")
        if printed is not None:  # 决算 panels: personnel_expenditure+total
            printed = {name for field in printed for name in field.split("+")}
        if total is not None and (printed is None or column in printed):
            zh = "人员经费" if column == "personnel_expenditure" else "公用经费"
            value = total.amount(column)
            if value is not None or printed is not None:
                return Target(
                    value or Decimal(0),
                    "basic_expenditure",
                    "合计",
                    column,
                    f"基本支出表合计行{zh}",
                )
        # A table printing only 金额: the part is the sum of its economic classes.
        classes = [r for r in rows if r.text("level") == "类" and r.amount("total") is not None]
        if not classes:
            return None
        personnel = column == "personnel_expenditure"
        chosen = [r for r in classes if (r.text("code") in _PERSONNEL_CLASSES) == personnel]
        codes = "、".join(r.text("code") or "" for r in chosen)
        zh = "人员经费" if personnel else "公用经费"
        return Target(
            sum((r.amount("total") or Decimal(0) for r in chosen), Decimal(0)),
            "basic_expenditure",
            f"Σ类 {codes}",
            "total",
            f"基本支出表{zh}（{codes or '无'}类之和）",
        )

    return find


def _office_operation(package: Package) -> Target | None:
    """机关运行经费: its own table's total (Jiangsu) or the 三公 table's column (Shanghai)."""
    for row in package.rows("office_operation_expenditure"):
        if row.text("level") == "合计":
            return Target(
                row.amount("total") or Decimal(0),
                "office_operation_expenditure",
                "合计",
                "total",
                "机关运行经费表合计",
            )
    return _three_public("office_operation", "")(package)


def _fiscal_total(side: str, roles: tuple[str, ...] = ("total",)) -> Lookup:
    """The fiscal appropriation summary's line of the first of ``roles`` it prints."""

    def find(package: Package) -> Target | None:
        rows = package.rows("fiscal_appropriation_summary")
        for role in roles:
            for row in rows:
                if row.text("side") != side or row.text("item_role") != role:
                    continue
                return Target(
                    row.amount("amount") or Decimal(0),
                    "fiscal_appropriation_summary",
                    row.label(),
                    "amount",
                    f"财政拨款收支总表「{row.label()}」",
                )
        return None

    return find


def _either(first: Lookup, second: Lookup) -> Lookup:
    return lambda package: first(package) or second(package)


def _income_line_in(context: str) -> Lookup:
    """The summary's income line named last in the words before the number
    (1.财政拨款收入预算总计 -> 一、财政拨款; 2.财政专户管理资金收入… -> 二、财政专户管理资金)."""

    def find(package: Package) -> Target | None:
        best: tuple[int, Row] | None = None
        for row in package.rows("income_expenditure_summary"):
            if row.text("side") != "income" or row.text("item_role") not in ("line", "detail"):
                continue
            name = strip_ordinal(row.text("item") or "")
            short = re.sub(r"(收入|资金)$", "", name)
            for candidate in {name, short if len(short) >= 4 else name}:
                at = context.rfind(candidate)
                if at >= 0 and (best is None or at + len(candidate) > best[0]):
                    best = (at + len(candidate), row)
        if best is None:
            return None
        row = best[1]
        return _summary_target(row)

    return find


# Rules are tried in order on the words just before the number (since the previous number).
# Those before the change test name things that mention 上年 without being a comparison.
_BEFORE_CHANGE: list[tuple[str, Lookup | None]] = [
    (r"拟购置|拟新增|拟购买", None),  # planned purchases: no table prints them
    (r"上年结转|年初结转", _summary_line("income", r"结转|结余", "carryover")),
    (r"上年末固定资产|固定资产(金额|总额)为", _fixed_assets_total),
    # 货物类/服务类/工程类 shares are not printed as such (the table's categories carry letters).
    (r"(货物|服务|工程)类?政府采购", None),
    (r"政府采购(支出)?预算", _procurement_total),
]
# 决算 prose quoting the budget (年初预算数为…): no 决算 table prints it. In a budget, 预算数为 is
# the year's figure and is compared.
_FINAL_ONLY: list[tuple[str, Lookup | None]] = [(r"年初预算|调整预算|预算数为", None)]


def _overview(column: str, zh: str) -> Lookup:
    """A column of the one-row overview (Jiangsu 支出预算总表: 合计, 基本, 项目, 机动经费, 结转)."""

    def find(package: Package) -> Target | None:
        for row in package.rows("expenditure_overview"):
            if row.values.get(column):
                return Target(
                    row.amount(column) or Decimal(0),
                    "expenditure_overview",
                    row.label(),
                    column,
                    f"支出预算总表{zh}",
                )
        return None

    return find


def _general_basic_total(package: Package) -> Target | None:
    """一般公共预算基本支出: the basic table's total, or in a two-panel 决算 table (人员经费合计 |
    公用经费合计, no overall total printed) the sum of its two panel totals."""
    printed = printed_fields(package, "basic_expenditure") or set()
    if not any("+" in field for field in printed):
        return _total_line("basic_expenditure", "total", "一般公共预算基本支出表合计")(package)
    parts = [_basic_part(c)(package) for c in ("personnel_expenditure", "public_expenditure")]
    if not all(parts):
        return None
    return Target(
        sum((p.value for p in parts if p), Decimal(0)),
        "basic_expenditure",
        "人员经费合计 + 公用经费合计",
        "total",
        "基本支出表人员经费合计与公用经费合计之和",
    )


def _function_class(name: str) -> Lookup:
    """A function class (类) named in the prose (一般公共服务（类）支出): its total in the summary."""
    code = function_class_code(name)

    def find(package: Package) -> Target | None:
        if code is None:
            return None
        for row in package.rows("income_expenditure_summary"):
            if row.text("side") == "expenditure" and row.text("function_class_code") == code:
                return _summary_target(row)
        return None

    return find


_AFTER_CHANGE: list[tuple[str, Lookup]] = [
    (
        r"公务用车购置及运行|公务用车购置及运维|公务用车运行及购置",
        _three_public("official_vehicles", ""),
    ),
    (r"公务用车购置", _three_public("vehicle_purchase", "")),
    (r"公务用车运行维护费|公务用车运行费", _three_public("vehicle_operation", "")),
    (r"因公出国", _three_public("overseas_travel", "")),
    (r"公务接待", _three_public("official_reception", "")),
    (r"会议费", _three_public("meetings", "")),
    (r"培训费", _three_public("training", "")),
    (r"三公", _three_public("three_public_subtotal", "")),
    (r"机关运行经费", _office_operation),
    (r"人员经费", _basic_part("personnel_expenditure")),
    (r"公用经费", _basic_part("public_expenditure")),
    (r"一般公共预算(财政拨款)?基本支出", _general_basic_total),
    (
        r"(?<!一般公共预算)财政拨款基本支出",
        _total_line("fiscal_appropriation_basic_expenditure", "total", "财政拨款基本支出表合计"),
    ),
    (
        r"基本支出",
        _either(
            _total_line("expenditure_by_function", "basic_expenditure", "支出总表合计行基本支出"),
            _overview("basic_expenditure", "基本支出"),
        ),
    ),
    (
        r"项目支出",
        _either(
            _total_line("expenditure_by_function", "project_expenditure", "支出总表合计行项目支出"),
            _overview("project_expenditure", "项目支出"),
        ),
    ),
    (r"单位预留机动经费|预留机动经费", _overview("unit_reserve_fund", "单位预留机动经费")),
    # 财政拨款支出 of all funds: the year's (本年支出合计), not the total with 年末结转.
    (r"(?<!预算)财政拨款支出", _fiscal_total("expenditure", ("subtotal", "total"))),
    (r"财政拨款收入支出总计|财政拨款收支总计", _fiscal_total("income")),
    (r"一般公共预算", _summary_line("income", r"一般公共预算")),
    (
        r"一般公共预算(财政)?拨款支出|一般公共预算支出",
        _either(
            _total_line("general_budget_expenditure", "total", "一般公共预算支出表合计"),
            _summary_line("income", r"一般公共预算"),
        ),
    ),
    (r"政府性基金", _summary_line("income", r"政府性基金")),
    (r"国有资本经营", _summary_line("income", r"国有资本经营")),
]
_AFTER_CHANGE_BY_WORD = dict(_AFTER_CHANGE)
# When no rule above names the subject: the summary's own income lines (财政拨款, 事业收入, …)
# named in the words, then these generic words.
_GENERIC: list[tuple[str, Lookup]] = [
    (r"收支安排|总支出|支出总计|支出预算", _summary_line("expenditure", r".", "total")),
    (r"预算收入|收入总计|预算安排|收入预算", _summary_line("income", r".", "subtotal")),
]
_SUBJECTS = [
    (r"三公", _three_public("three_public_subtotal", "")),
    (r"公务接待", _three_public("official_reception", "")),
    (r"因公出国", _three_public("overseas_travel", "")),
    (r"公务用车", _three_public("official_vehicles", "")),
    (r"基本支出", _AFTER_CHANGE_BY_WORD["基本支出"]),
    (r"项目支出", _AFTER_CHANGE_BY_WORD["项目支出"]),
]


def _rule_for(context: str, heading: str) -> Lookup | None:
    """The subject named nearest before the number wins (一般公共预算拨款安排的会议费预算支出:
    会议费); generic words (支出预算) only when nothing more specific is named."""
    best: tuple[int, int, Lookup] | None = None
    for order, (pattern, rule) in enumerate(_AFTER_CHANGE):
        for match in re.finditer(pattern, context):
            key = (match.end(), -order)
            if best is None or key > best[:2]:
                best = (key[0], key[1], rule)
    if best is not None:
        return best[2]
    function_class = re.search(r"([\u4e00-\u9fff]{2,12})[（(]类[）)]支出\s*$", context)
    if function_class:
        return _function_class(function_class.group(1) + "支出")
    named = _income_line_in(context)
    for pattern, rule in _GENERIC:
        if re.search(pattern, context):
            if rule is _GENERIC[0][1] and re.search(r"基本支出", heading):
                # 九、一般公共预算基本支出预算表情况说明: 支出预算X万元 is that table's total.
                return _total_line("basic_expenditure", "total", "基本支出表合计")
            return lambda package: named(package) or rule(package)
    return named


def _economic_item(name: str, heading: str = "") -> Lookup:
    tables: tuple[str, ...] = (
        "basic_expenditure",
        "expenditure_by_function",
        "general_budget_expenditure",
    )
    if "机关运行" in heading:
        # Items of 机关运行经费 are that table's lines (a part of the basic expenditure's).
        tables = ("office_operation_expenditure", *tables)

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
        r.text("name")
        for t in ("basic_expenditure", "office_operation_expenditure")
        for r in package.rows(t)
        if r.text("name")
    }
    is_final = package.metadata.get("phase") == "决算"
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
                before = _BEFORE_CHANGE + (_FINAL_ONLY if is_final else [])
                for pattern, rule in before:
                    if re.search(pattern, context):
                        lookup, matched_before = rule, True
                        break
                is_change = not matched_before and bool(_CHANGE.search(context))
                if is_change and unit == "%":
                    checks.append(_percentage(base, last_change, package))
                    continue
                if is_change:
                    subject = _subject(clause[: match.start()])
                    last_change = (
                        value * _UNIT_SCALE.get(unit, Decimal(1)),
                        bool(_DECREASE.search(context)),
                        subject,
                    )
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
                    lookup = _rule_for(context, heading)
                    if lookup is None or "机关运行" in heading or "公用经费" in heading:
                        item = _item_name(context, names)
                        if item:
                            lookup = _economic_item(item, heading)
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
                scale = _UNIT_SCALE.get(unit, Decimal(1))
                stated = value * scale
                tolerance = _half_unit(value) * scale
                expected = target.in_wan_yuan(package)
                difference = stated - expected
                checks.append(
                    base.check(
                        "pass" if abs(difference) <= tolerance else "fail",
                        f"说明中「{quoted}」对照{target.what_zh}",
                        f"narrative '{quoted}' = {target.table} {target.row} {target.column}",
                        expected=expected,
                        actual=stated,
                        tolerance=tolerance,
                    )
                )
    return checks


def _item_name(context: str, names: set[str | None]) -> str | None:
    stripped = re.sub(r"^[，,、：:（(其中]+", "", context.strip())
    # Enumerators before the item (（8）公务接待费, 8）, 1.) and the level after it (（款）).
    stripped = re.sub(r"^([（(]?[0-9一二三四五六七八九十]+[）).、．]\s*)+", "", stripped)
    stripped = re.sub(r"(预算|安排|支出|为|合计|共|[（(][类款项][）)])+$", "", stripped)
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
    current = target.in_wan_yuan(package)
    previous = current + change if decrease else current - change
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
        f"说明中「{quoted}」= {change}/({target.what_zh}{current}{sign}{change})",
        f"narrative '{quoted}' = change / last year's value, last year's value = "
        f"{target.table} {target.row} {sign} change",
        expected=expected,
        tolerance=places,
    )
