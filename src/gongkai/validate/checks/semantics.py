"""What the narrative says about its numbers: direction words against the sign of the difference,
years and dates against the filing's year and phase, and large changes given without a reason."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gongkai.datapackage import Package, Row
from gongkai.validate.check import Check
from gongkai.validate.checks.narrative import resolved_claims
from gongkai.validate.rules import claims_spec
from gongkai.validate.statements import Statement, paragraphs
from gongkai.validate.tables import is_final

CATEGORY = "narrative"
TITLE_ZH = "情况说明的用词与年份"


def semantic_checks(package: Package) -> list[Check]:
    spec = claims_spec()["semantics"]
    checks = _years(package, spec)
    claims = resolved_claims(package)
    for claim in claims:
        s = claim.statement
        if s.kind == "change" and s.unit == "%" and not s.reason:
            if abs(s.value) >= Decimal(str(spec["reason_threshold"])):
                checks.append(_no_reason(s, spec))
        if claim.resolution.derivation.startswith("|") and s.direction:
            checks.extend(_change_direction(s, claim.resolution.derivation, spec))
    checks.extend(_comparisons(package, [c.statement for c in claims], spec))
    return checks


def _check(row: Row, check_id: str, status: str, zh: str, en: str, **values: Any) -> Check:
    return Check(
        check_id=check_id,
        category=CATEGORY,
        status=status,
        description_zh=zh,
        description_en=en,
        table_id="narrative",
        row=row.text("paragraph_id"),
        column="text",
        page=row.int("page"),
        source_line=row.int("source_line"),
        **values,
    )


def _headings(package: Package) -> list[Row]:
    """Headings of the narrative, and the title lines printed before the first heading."""
    return [
        r
        for r in package.rows("narrative")
        if r.text("paragraph_no") == "0"
        or (r.text("section_no") == "0" and len(r.text("text") or "") <= 40)
    ]


def _years(package: Package, spec: dict[str, Any]) -> list[Check]:
    year = package.meta.get("year")
    if not year:
        return []
    checks = []
    allowed = re.compile(spec["heading_year_allowed"])
    for row in _headings(package):
        text = row.text("text") or ""
        if allowed.search(text):
            continue
        for n, match in enumerate(re.finditer(spec["heading_year"], text), start=1):
            printed = int(match.group(1))
            checks.append(
                _year_check(
                    row,
                    f"narrative.year.p{row.text('paragraph_id')}.n{n}",
                    text,
                    printed,
                    {int(year)},
                    "标题",
                )
            )
    years = {int(year)} if is_final(package) else {int(year) - 1, int(year)}
    for row in package.rows("narrative"):
        text = row.text("text") or ""
        for n, match in enumerate(re.finditer(spec["as_of"], text), start=1):
            checks.append(
                _year_check(
                    row,
                    f"narrative.as_of.p{row.text('paragraph_id')}.n{n}",
                    match.group(0),
                    int(match.group("year")),
                    years,
                    "截至日期",
                )
            )
    return checks


def _year_check(
    row: Row, check_id: str, text: str, printed: int, years: set[int], what: str
) -> Check:
    expected = (
        max(years) if printed > max(years) else min(years) if printed < min(years) else printed
    )
    allowed = "或".join(f"{y}年" for y in sorted(years))
    return _check(
        row,
        check_id,
        "pass" if printed in years else "fail",
        f"说明{what}「{text.strip()[:40]}」中的{printed}年应为{allowed}（本文件的年度）",
        f"narrative {what} year {printed} against the filing's year ({allowed})",
        expected=Decimal(expected),
        actual=Decimal(printed),
        difference=Decimal(printed - expected),
        tolerance=Decimal(0),
        severity=None if printed in years else "material",  # a wrong year is never rounding
    )


def _sign_of(word: str, spec: dict[str, Any]) -> int | None:
    if re.search(spec["level"], word):
        return 0
    if re.search(spec["increase"], word):
        return 1
    if re.search(spec["decrease"], word):
        return -1
    return None


def _change_direction(s: Statement, derivation: str, spec: dict[str, Any]) -> list[Check]:
    """增加/减少 X against the sign of the two amounts the sentence states (|B − A|)."""
    numbers = re.findall(r"-?\d+(?:\.\d+)?", derivation)
    sign = _sign_of(s.direction, spec)
    if len(numbers) != 2 or sign is None:
        return []
    difference = Decimal(numbers[0]) - Decimal(numbers[1])
    actual = (difference > 0) - (difference < 0)
    return [
        _direction_check(
            s.paragraph,
            f"{s.claim_id}.direction",
            s.direction,
            sign,
            actual,
            difference,
            derivation.strip("|"),
        )
    ]


def _direction_check(
    row: Row, check_id: str, word: str, sign: int, actual: int, difference: Decimal, derivation: str
) -> Check:
    names = {1: "增加/大于", -1: "减少/小于", 0: "持平"}
    return _check(
        row,
        check_id,
        "pass" if sign == actual else "fail",
        f"说明用词「{word}」对照{derivation} = {difference}（应为{names[actual]}）",
        f"narrative direction word {word} against the sign of {derivation} = {difference}",
        expected=difference,
        actual=None,
        difference=None,
        severity=None if sign == actual else "material",
    )


def _comparisons(
    package: Package, statements: list[Statement], spec: dict[str, Any]
) -> list[Check]:
    """决算数小于预算数: against the budget and final amounts the prose stated just before."""
    checks = []
    for row, _ in paragraphs(package):
        text = row.text("text") or ""
        for n, match in enumerate(re.finditer(spec["comparison"], text), start=1):
            before = [
                s
                for s in statements
                if s.unit != "%"
                and s.kind == "amount"
                and (
                    (_same(s.paragraph, row) and s.position < match.start())
                    or _earlier(s.paragraph, row)
                )
            ][-2:]
            if len(before) != 2 or "预算" not in before[0].context:
                continue
            budget, final = before
            difference = final.wan_yuan - budget.wan_yuan
            word = match.group("word")
            sign = _sign_of(word, spec)
            if sign is None:
                continue
            actual = (difference > 0) - (difference < 0)
            if "基本" in word and abs(difference) <= abs(budget.wan_yuan) * Decimal(
                str(spec["roughly_level_share"])
            ):
                actual = 0
            checks.append(
                _direction_check(
                    row,
                    f"narrative.comparison.p{row.text('paragraph_id')}.n{n}",
                    word,
                    sign,
                    actual,
                    difference,
                    f"{final.printed} − {budget.printed}",
                )
            )
    return checks


def _same(a: Row, b: Row) -> bool:
    return a.text("paragraph_id") == b.text("paragraph_id")


def _earlier(a: Row, b: Row) -> bool:
    """Paragraph a is before paragraph b in the same section."""
    return a.text("heading") == b.text("heading") and (a.int("paragraph_id") or 0) < (
        b.int("paragraph_id") or 0
    )


def _no_reason(s: Statement, spec: dict[str, Any]) -> Check:
    return _check(
        s.paragraph,
        f"{s.claim_id}.reason",
        "skip",
        f"说明中「{s.quoted}」变化达{spec['reason_threshold']}%以上，未说明原因（提示，非错误）",
        f"narrative '{s.quoted}': a change of {spec['reason_threshold']}% or more with no reason given (information)",
        actual=s.value,
        severity="info",
    )
