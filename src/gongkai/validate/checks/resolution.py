"""What a narrative number was matched to: the table or derived value, how it was derived, and the
verdict; turned into a check row and a claims row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from gongkai.validate.check import Check
from gongkai.validate.statements import Statement

CATEGORY = "narrative"
TITLE_ZH = "情况说明中的数字"

_STATUS = {"agree": "pass", "disagree": "fail", "unresolved": "skip"}


@dataclass
class Resolution:
    """The verdict on one statement; values in `expected_unit` (万元 for amounts, % otherwise)."""

    status: str  # agree, disagree, unresolved
    expected: Decimal | None = None
    actual: Decimal | None = None
    tolerance: Decimal | None = None
    expected_unit: str = ""
    derivation: str = ""
    what_zh: str = ""
    table_id: str = ""
    code: str = ""
    item: str = ""
    note: str = ""
    subject_value: Decimal | None = None


def compared(
    statement: Statement,
    expected: Decimal,
    tolerance: Decimal,
    derivation: str,
    what_zh: str,
    table_id: str = "",
    code: str = "",
    item: str = "",
) -> Resolution:
    """The statement's value against ``expected`` (amounts in 万元, percentages in %)."""
    actual = statement.value if statement.unit == "%" else statement.wan_yuan
    return Resolution(
        "agree" if abs(actual - expected) <= tolerance else "disagree",
        expected=expected,
        actual=actual,
        tolerance=tolerance,
        expected_unit="%" if statement.unit == "%" else "万元",
        derivation=derivation,
        what_zh=what_zh,
        table_id=table_id,
        code=code,
        item=item,
    )


def quote_tolerance(statement: Statement, expected: Decimal) -> Decimal:
    """Half a unit of the quote's last digit; a full unit when the quote is the table value cut
    off at its printed digits (877,080 元 quoted 87.70万元: some filers truncate)."""
    half = statement.half_unit()
    # Only a quote within a full unit can be a cut-off one (a 77-digit amount is not quantized).
    if not statement.value or not half < abs(statement.wan_yuan - expected) < 2 * half:
        return half
    places = Decimal(1).scaleb(statement.value.as_tuple().exponent)  # type: ignore[arg-type]
    scale = statement.wan_yuan / statement.value
    try:
        cut = (expected / scale).quantize(places, rounding=ROUND_DOWN) * scale
    except InvalidOperation:  # more digits than the context's precision
        return half
    return 2 * half if cut == statement.wan_yuan else half


def unresolved(note: str, table_id: str = "", code: str = "", item: str = "") -> Resolution:
    return Resolution("unresolved", note=note, table_id=table_id, code=code, item=item)


def check_of(statement: Statement, resolution: Resolution) -> Check:
    """The checks.csv row of a statement."""
    paragraph = statement.paragraph
    quoted = statement.quoted
    if resolution.status == "unresolved":
        zh, en = f"说明中「{quoted}」：{resolution.note}", f"narrative '{quoted}': unresolved"
    else:
        zh = f"说明中「{quoted}」对照{resolution.what_zh}"
        if resolution.derivation and not resolution.derivation.startswith(resolution.what_zh):
            zh += f"（{resolution.derivation}）"
        en = f"narrative '{quoted}' = {resolution.derivation or resolution.what_zh}"
    actual = resolution.actual if resolution.actual is not None else statement.value
    expected = resolution.expected
    return Check(
        check_id=statement.claim_id,
        category=CATEGORY,
        status=_STATUS[resolution.status],
        description_zh=zh,
        description_en=en,
        expected=expected,
        actual=actual,
        difference=None if expected is None else actual - expected,
        tolerance=resolution.tolerance,
        table_id="narrative",
        row=paragraph.text("paragraph_id"),
        column="text",
        page=int(statement.page) if statement.page else None,
        source_line=int(statement.source_line) if statement.source_line else None,
    )
