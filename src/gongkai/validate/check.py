"""The check record every check family writes, and the two ways of making one from printed values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from gongkai.datapackage import Row
from gongkai.normalize import decimals_of


@dataclass
class Check:
    """One row of checks.csv: what was compared, the two values, the difference and where."""

    check_id: str
    category: str
    status: str  # pass, fail, skip
    description_zh: str
    description_en: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    severity: str | None = None  # material, rounding (尾差) or info; blank when nothing failed
    table_id: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    source_line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        # Every field is a str, Decimal, int or None: nothing to deep-copy as asdict() would.
        return {f.name: getattr(self, f.name) for f in fields(self)}


def with_severity(check: Check) -> Check:
    """A failing check marked rounding (尾差) when its difference is within one unit of the last
    printed digit of the values compared, else material; other checks keep what they carry."""
    if check.status != "fail" or check.severity:
        return check
    difference = check.difference
    values = [v for v in (check.expected, check.actual) if v is not None]
    unit = Decimal(1).scaleb(-max((decimals_of(v) for v in values), default=0))
    rounding = difference is not None and abs(difference) <= max(unit, check.tolerance or 0)
    check.severity = "rounding" if rounding and difference != 0 else "material"
    return check


def tolerance_for(values: Iterable[Decimal]) -> Decimal:
    """One unit of the last printed digit per summed term."""
    values = list(values)
    places = max((decimals_of(v) for v in values), default=0)
    return Decimal(1).scaleb(-places) * max(len(values), 1)


def sum_check(
    check_id: str,
    category: str,
    zh: str,
    en: str,
    actual: Decimal | None,
    parts: list[Decimal | None],
    table: str,
    row: Row | None,
    column: str,
    row_label: str,
) -> Check | None:
    """actual (printed total) against the sum of the printed parts; blank counts as zero.

    No check when nothing at all is printed (an empty line is not evidence either way).
    """
    printed = [p for p in parts if p is not None]
    if actual is None and not printed:
        return None
    expected = sum(printed, Decimal(0))
    # A single part is a copy of one printed number and must match exactly; a sum of n rounded
    # parts may be off by one unit of the last printed digit per part.
    tolerance = tolerance_for(printed + ([actual] if actual is not None else []))
    tolerance = tolerance / (len(printed) + (actual is not None)) * len(printed)
    if len(printed) <= 1:
        tolerance = Decimal(0)
    return compare(
        check_id,
        category,
        zh,
        en,
        expected=expected,
        actual=actual,
        table=table,
        row=row,
        column=column,
        row_label=row_label,
        tolerance=tolerance,
    )


def compare(
    check_id: str,
    category: str,
    zh: str,
    en: str,
    *,
    expected: Decimal | None,
    actual: Decimal | None,
    table: str,
    row: Row | None,
    column: str,
    row_label: str,
    tolerance: Decimal | None = None,
) -> Check:
    """Two printed values that must be equal (blank counts as zero)."""
    e = expected if expected is not None else Decimal(0)
    a = actual if actual is not None else Decimal(0)
    tol = tolerance if tolerance is not None else Decimal(0)
    return Check(
        check_id=check_id,
        category=category,
        status="pass" if abs(a - e) <= tol else "fail",
        description_zh=zh,
        description_en=en,
        expected=e,
        actual=a,
        difference=a - e,
        tolerance=tol,
        table_id=table,
        row=row_label,
        column=column,
        page=row.int("page") if row else None,
        source_line=row.int("source_line") if row else None,
    )
