"""Narrative claims: every amount and percentage quoted in the prose, matched to a table value.

Which words name which table value is data (templates/claims.yaml); this module splits the prose
into clauses and quoted numbers, picks the rule for each and reports the comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gongkai.datapackage import Package, Row, in_wan_yuan
from gongkai.normalize import decimals_of
from gongkai.validate.check import Check
from gongkai.validate.checks.claim_targets import (
    Lookup,
    economic_item,
    function_class,
    income_line_in,
    lookup,
)
from gongkai.validate.rules import WordRule, claims
from gongkai.validate.tables import is_final

CATEGORY = "narrative"
TITLE_ZH = "情况说明中的数字"
_NUMBER = re.compile(r"(?P<number>-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|%)")


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
            category=CATEGORY,
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

    def skip(self, zh: str, en: str) -> Check:
        return self.check("skip", f"说明中「{self.quoted}」{zh}", f"narrative '{self.quoted}'{en}")


# A change against last year: its amount in 万元, whether a decrease, and what changed.
Change = tuple[Decimal, bool, Lookup | None]


def narrative_checks(package: Package) -> list[Check]:
    rules = claims()
    names = {
        r.text("name") for t in rules.item_names_from for r in package.rows(t) if r.text("name")
    }
    before = rules.before_change + (rules.final_only if is_final(package) else ())
    checks: list[Check] = []
    for paragraph in package.rows("narrative"):
        if paragraph.text("paragraph_no") == "0":
            continue
        text = paragraph.text("text") or ""
        for offset, clause in _clauses(text):
            checks.extend(_clause_checks(package, paragraph, offset, clause, before, names))
    return checks


def _clause_checks(
    package: Package,
    paragraph: Row,
    offset: int,
    clause: str,
    before: tuple[WordRule, ...],
    names: set[str | None],
) -> list[Check]:
    rules = claims()
    heading = paragraph.text("heading") or ""
    checks: list[Check] = []
    previous_end = 0
    last_change: Change | None = None
    for n, match in enumerate(_NUMBER.finditer(clause), start=1):
        context = clause[previous_end : match.start()]
        previous_end = match.end()
        value = Decimal(match.group("number").replace(",", ""))
        unit = match.group("unit")
        quoted = f"{context.strip('，,（(：:）) ')}{match.group(0)}"
        quote = Quote(
            f"narrative.p{paragraph.text('paragraph_id')}.c{offset}.n{n}", quoted, value, paragraph
        )
        rule = next((r for r in before if r.words.search(context)), None)
        target_lookup = lookup(rule.target) if rule else None
        if rule is None and rules.change_words.search(context):
            if unit == "%":
                checks.append(_percentage(quote, last_change, package))
                continue
            decrease = bool(rules.decrease_words.search(context))
            last_change = (in_wan_yuan(value, unit), decrease, _subject(clause[: match.start()]))
            checks.append(
                quote.skip(
                    "是与上年的比较，表中无上年数可比",
                    ": change against last year, no table value to compare",
                )
            )
            continue
        if rule is None and unit != "%":
            target_lookup = _rule_for(context, heading)
            if target_lookup is None or rules.item_headings.search(heading):
                item = _item_name(context, names)
                if item:
                    target_lookup = economic_item(item, heading)
        checks.append(_compare(package, quote, target_lookup, unit))
    return checks


def _compare(package: Package, quote: Quote, target_lookup: Lookup | None, unit: str) -> Check:
    """The quoted number against the table value, to half a unit of its last printed digit."""
    target = target_lookup(package) if target_lookup else None
    if target is None:
        return quote.skip("：表中无可比数值", ": no table value to compare")
    stated = in_wan_yuan(quote.value, unit)
    tolerance = in_wan_yuan(Decimal(5).scaleb(-decimals_of(quote.value) - 1), unit)
    expected = target.in_wan_yuan(package)
    difference = stated - expected
    return quote.check(
        "pass" if abs(difference) <= tolerance else "fail",
        f"说明中「{quote.quoted}」对照{target.what_zh}",
        f"narrative '{quote.quoted}' = {target.table} {target.row} {target.column}",
        expected=expected,
        actual=stated,
        tolerance=tolerance,
    )


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a paragraph split at 。；."""
    pieces, start = [], 0
    for match in re.finditer(r"[。；;]", text):
        pieces.append((start, text[start : match.end()]))
        start = match.end()
    if start < len(text):
        pieces.append((start, text[start:]))
    return pieces


def _rule_for(context: str, heading: str) -> Lookup | None:
    """The subject named nearest before the number wins (一般公共预算拨款安排的会议费预算支出:
    会议费); generic words (支出预算) only when nothing more specific is named."""
    rules = claims()
    best: tuple[int, int, WordRule] | None = None
    for order, rule in enumerate(rules.after_change):
        for match in rule.words.finditer(context):
            if best is None or (match.end(), -order) > best[:2]:
                best = (match.end(), -order, rule)
    if best is not None:
        return lookup(best[2].target)
    named_class = rules.function_class.search(context)
    if named_class:
        return function_class(named_class.group(1) + "支出")
    named = income_line_in(context)
    for rule in rules.generic:
        if rule.words.search(context):
            if rule.under_heading and rule.under_heading.words.search(heading):
                return lookup(rule.under_heading.target)
            generic = lookup(rule.target)
            return lambda package: named(package) or (generic(package) if generic else None)
    return named


def _item_name(context: str, names: set[str | None]) -> str | None:
    stripped = re.sub(r"^[，,、：:（(其中]+", "", context.strip())
    # Enumerators before the item (（8）公务接待费, 8）, 1.) and the level after it (（款）).
    stripped = re.sub(r"^([（(]?[0-9一二三四五六七八九十]+[）).、．]\s*)+", "", stripped)
    stripped = re.sub(r"(预算|安排|支出|为|合计|共|[（(][类款项][）)])+$", "", stripped)
    return stripped if stripped in names else None


def _subject(text: str) -> Lookup | None:
    """What a change is about: the subject named last before it in the clause."""
    found: tuple[int, WordRule] | None = None
    for rule in claims().subjects:
        for match in rule.words.finditer(text):
            if found is None or match.start() > found[0]:
                found = (match.start(), rule)
    return lookup(found[1].target) if found else None


def _percentage(quote: Quote, last_change: Change | None, package: Package) -> Check:
    """同比下降X%: derived from the stated change and the current table value."""
    quoted, value = quote.quoted, quote.value
    if last_change is None or last_change[2] is None:
        return quote.skip("：无可推算的表中数值", ": no table value to derive it from")
    change, decrease, subject = last_change
    target = subject(package) if subject else None
    if target is None:
        return quote.skip("：表中无可比数值", ": no table value")
    current = target.in_wan_yuan(package)
    previous = current + change if decrease else current - change
    if previous == 0:
        return quote.skip("：上年数为零，无法计算", ": last year's value is zero")
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
