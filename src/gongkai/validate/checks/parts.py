"""A total the prose breaks into parts (…预算总额9628.74万元，其中：货物2870.09万元、工程1470.75万元、
服务5287.90万元): the total agrees when its stated parts add up to it, with the sum shown.

A total no table prints (政府采购 details, a unit's budget) is resolved so; the parts after 其中
need not be exhaustive, so a sum that falls short is no failure. Parts that add up to their total
are its breakdown: a part that disagrees with a table line of the same name (农林水支出83万元，
主要用于人员经费18万元 against the whole table's 人员经费) was matched with the wrong line. Sums of table lines are not searched: on the real filings every 2-3 line
sum equal to an unresolved amount was a coincidence.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.validate.checks.resolution import Resolution, compared
from gongkai.validate.rules import claims_spec
from gongkai.validate.statements import NUMBER, Statement


def listed_parts(total: Statement, following: list[Statement]) -> list[Statement]:
    """The amounts listed after a total (claims.yaml `semantics.parts_open`: 其中：, 包括, a
    colon, 主要用于) up to the end of its clause or of the parenthesis it opens; none unless
    two or more and none opens a breakdown of its own."""
    text = total.paragraph.text("text") or ""
    number = NUMBER.match(text, total.position)  # as printed: 17,641.87万元
    if number is None:
        return []
    end = number.end()
    opening = re.match(claims_spec()["semantics"]["parts_open"], text[end:])
    if opening is None:
        return []
    close = r"[）)]" if re.search(r"[（(]", opening.group(0)) else r"[。；;]"
    closing = re.compile(close).search(text, end + opening.end())
    stop = closing.start() if closing else len(text)
    parts = [
        s
        for s in following
        if s.paragraph is total.paragraph
        and end < s.position < stop
        and s.unit != "%"
        and s.kind == "amount"
    ]
    if len(parts) < 2 or any(re.search("其中|包括", p.context) for p in parts[1:]):
        return []  # one part restates the total; a nested breakdown is not summed
    return parts


def parts_sum(total: Statement, parts: list[Statement]) -> Resolution | None:
    """The total against the sum of its listed parts; None unless they agree."""
    expected = sum((p.wan_yuan for p in parts), Decimal(0))
    tolerance = total.half_unit() + sum((p.half_unit() for p in parts), Decimal(0))
    derivation = " + ".join(p.printed for p in parts)
    found = compared(total, expected, tolerance, derivation, "所述各分项之和")
    return found if found.status == "agree" else None
