"""Narrative numbers derived from other numbers: shares (占X%), ratios (完成预算的X%), rates of
change (增长X%) and changes between two stated amounts, each with the derivation shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from gongkai.datapackage import Package, in_wan_yuan
from gongkai.validate.checks.claim_targets import table_unit
from gongkai.validate.checks.resolution import Resolution, compared, unresolved
from gongkai.validate.checks.value_index import bigrams
from gongkai.validate.rules import claims_spec
from gongkai.validate.statements import Statement, subject_of, words

HUNDRED = Decimal(100)
OTHER_YEAR = "与上年的比较：上年数不在本文件，由上年的公开文件核对"
# The field of last year's figure a table prints beside this year's (烟台 公开表7: 2025年预算数 |
# 2026年预算数 in the 三公 table; extract/items.py fills it where a schema has it).
LAST_YEAR_FIELD = "prior_year_total"


NameValue = Callable[[str], "Decimal | None"]


def percentage(
    name_value: NameValue,
    s: Statement,
    done: dict[str, Resolution],
    wider: NameValue = lambda name: None,
) -> Resolution:
    """A percentage: the share, ratio or rate of change its words say, from the stated amounts
    (``name_value`` gives the table value a named whole, 占“三公”经费的, refers to; ``wider`` a
    wider total some filers take such a share of, tried after it)."""
    if _reason_opens_paragraph(s):
        # 60.54%。主要原因是… opening a paragraph: a change rate whose words (比2022年预算执行数
        # 增加) ended the line before, which the reading split off as another paragraph.
        return unresolved("此比例在段首，说明它的文字在上一段（换行处被拆开），无法推算")
    if s.kind == "ratio":
        return _ratio(s)
    if s.kind == "change":
        return _change_rate(s, name_value)
    return _share(s, name_value, wider)


def _reason_opens_paragraph(s: Statement) -> bool:
    """The percentage opens its paragraph with no words before it and a reason follows it."""
    if s.clause_offset != 0 or s.clause[: s.position].strip():
        return False
    text = s.paragraph.text("text") or ""
    after = text[s.position :].split("%", 1)[-1].lstrip("。；; ")
    return bool(words().reason.match(after))


def _amounts(s: Statement) -> list[Statement]:
    """The amounts stated before ``s`` in its section, nearest last."""
    return [b for b in s.before if b.unit != "%" and b.kind == "amount"]


def _rate(
    part: Statement | Decimal, base: Statement | Decimal, s: Statement
) -> tuple[Decimal, Decimal]:
    """part / base × 100 rounded as ``s`` prints it, and the tolerance: half a unit of its last
    digit plus what the rounding of the two stated amounts can move the rate."""
    p = part.wan_yuan if isinstance(part, Statement) else part
    b = base.wan_yuan if isinstance(base, Statement) else base
    hp = part.half_unit() if isinstance(part, Statement) else Decimal(0)
    hb = base.half_unit() if isinstance(base, Statement) else Decimal(0)
    places = Decimal(1).scaleb(s.value.as_tuple().exponent)  # type: ignore[arg-type]
    value = (p / b * HUNDRED).quantize(places, rounding=ROUND_HALF_UP)
    spread = HUNDRED * (hp / abs(b) + abs(p) * hb / (b * b))
    # A full unit of the last printed digit: filers truncate as often as they round (36.588 -> 36.58).
    return value, (2 * s.half_unit() + spread).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _fraction(part: Statement | Decimal, base: Statement | Decimal) -> str:
    p = f"{part.printed}" if isinstance(part, Statement) else f"{part}"
    b = f"{base.printed}" if isinstance(base, Statement) else f"{base}"
    return f"{p} / {b} × 100"


def _share(s: Statement, name_value: NameValue, wider: NameValue) -> Resolution:
    amounts = _amounts(s)
    if re.match(claims_spec()["semantics"]["cut_unit"], s.context):
        # 156.6 万 | 元，占…23.72% across a page break: the amount before was not read.
        return unresolved("此比例前的金额与其单位被分页隔开，未读出，无法推算")
    if not amounts:
        return unresolved("说明中此比例之前没有金额，无法推算")
    part = amounts[-1]
    named = re.search(claims_spec()["semantics"]["share_base"], s.context)
    base_name = named.group("base") if named else ""
    own = subject_of(s.context[: named.start()] if named else s.context)
    if own and not bigrams(own) & bigrams(part.subject):
        # 项目支出, 40.01% (a chart's label): the share of an amount stated earlier, if any.
        same = [b for b in amounts if own in b.subject]
        if not same:
            return unresolved(f"说明中未给出「{own}」的金额，无法推算比例")
        part = same[-1]
    bases: list[Statement | Decimal] = [
        b for b in amounts if b.wan_yuan >= part.wan_yuan and b.claim_id != part.claim_id
    ]
    if base_name:
        bases = [
            b for b in bases if isinstance(b, Statement) and bigrams(base_name) & bigrams(b.subject)
        ]
        bases.extend(v for v in [name_value(base_name), wider(base_name)] if v is not None)
    bases = [b for b in bases if (b.wan_yuan if isinstance(b, Statement) else b) != 0]
    if not bases:
        return unresolved("说明中未给出此比例的基数（所占的总额）")
    first: Resolution | None = None
    for base in bases:
        expected, tolerance = _rate(part, base, s)
        found = compared(s, expected, tolerance, _fraction(part, base), "所述金额之比")
        found.subject_value = part.wan_yuan
        if found.status == "agree":
            return found
        first = first or found
    assert first is not None
    return first


def _ratio(s: Statement) -> Resolution:
    """完成预算的X%: the amount stated last over the budget amount stated before it."""
    amounts = _amounts(s)
    if not amounts:
        return unresolved("说明中此比例之前没有金额，无法推算")
    part = amounts[-1]
    budget = next(
        (
            b
            for b in reversed(amounts[:-1])
            if re.search("预算", b.context) and b.paragraph is part.paragraph
        ),
        None,
    ) or next((b for b in reversed(amounts[:-1]) if re.search("预算", b.context)), None)
    if budget is None:
        return unresolved("说明中未给出预算数，无法推算完成比例")
    if budget.wan_yuan == 0:
        return unresolved("预算数为零，完成比例无法计算")
    expected, tolerance = _rate(part, budget, s)
    found = compared(s, expected, tolerance, _fraction(part, budget), "决算数与预算数之比")
    found.subject_value = part.wan_yuan
    return found


def _same_paragraph(a: Statement, b: Statement) -> bool:
    return a.paragraph is b.paragraph


def _current_of(change: Statement) -> Statement | None:
    """The stated amount a change is about: the nearest amount before it in its paragraph whose
    subject shares words with the change's, else the nearest amount of the paragraph."""
    own = [
        b
        for b in _amounts(change)
        if _same_paragraph(b, change) and b.reference_year == change.filing_year
    ]
    if not own:
        return None
    words = bigrams(change.subject)
    sharing = [b for b in own if words & bigrams(b.subject)]
    return (sharing or own)[-1]


def _change_rate(s: Statement, name_value: NameValue) -> Resolution:
    """增长X%: the stated change over last year's value (this year's stated value minus the
    change, plus it for a decrease)."""
    change = next(
        (
            b
            for b in reversed(s.before)
            if b.kind == "change"
            and b.unit != "%"
            and b.clause_offset == s.clause_offset
            and _same_paragraph(b, s)
        ),
        None,
    )
    if change is None:
        pair = _stated_pair(s)
        if pair is None:
            return unresolved(OTHER_YEAR)
        old, new = pair
        if old.wan_yuan == 0:
            return unresolved("上年数为零，增长率无法计算")
        expected, tolerance = _rate(abs(new.wan_yuan - old.wan_yuan), old, s)
        tolerance += HUNDRED * (new.half_unit() + old.half_unit()) / abs(old.wan_yuan)
        derivation = f"|{new.printed} − {old.printed}| / {old.printed} × 100"
        found = compared(
            s, expected, tolerance, derivation, "所述两年（或预算与决算）金额之差与前者之比"
        )
        found.subject_value = new.wan_yuan
        return found
    between = s.clause[change.position - s.clause_offset : s.position - s.clause_offset]
    # …统一压减10% after the change, or the change itself inside a reason (主要原因是增加了…
    # 200万元，其余会议费按照规定压减10%): the percentage is a policy rate, not the change's.
    opening = s.clause[: change.position - s.clause_offset]
    reason = claims_spec()["semantics"]["reason_before_rate"]
    if re.search(reason, between) or re.search(reason, opening):
        return unresolved("此比例在变化的原因中（如统一压减10%），不是本项的变化率")
    stated = _current_of(change)
    # Not stated in the paragraph: this year's table value of what the clause names.
    table = name_value(s.clause[: s.position - s.clause_offset]) if stated is None else None
    if stated is None and table is None:
        return unresolved(OTHER_YEAR)
    current = stated.wan_yuan if stated else table
    shown = stated.printed if stated else f"{table}"
    assert current is not None
    decrease = bool(re.search(claims_spec()["decrease_words"], change.direction or s.direction))
    previous = current + change.wan_yuan if decrease else current - change.wan_yuan
    if previous == 0:
        return unresolved("上年数为零，增长率无法计算")
    sign = "+" if decrease else "−"
    expected, tolerance = _rate(change.wan_yuan, previous, s)
    derivation = f"{change.printed} / ({shown} {sign} {change.printed}) × 100"
    what = "所述变化额与上年数（本年数减变化额）之比"
    found = compared(s, expected, tolerance, derivation, what)
    found.subject_value = current
    return found


def _stated_pair(s: Statement) -> tuple[Statement, Statement] | None:
    """The two amounts a change or its rate is between, when its clause states both (2023年执行数
    为45.41万元，2024年预算安排42.60万元，比2023年…减少6.19%): (the earlier or budgeted, this
    year's or the final) — the nearest of each before it."""
    same = [b for b in _amounts(s) if _same_paragraph(b, s) and b.clause_offset == s.clause_offset]
    year = s.filing_year
    if s.reference_year == year:  # against the same year's budget: 决算数比年初预算增加X
        olds = [b for b in same if re.search("预算", b.context)]
        news = [b for b in same if not re.search("预算", b.context) or re.search("决算", b.context)]
    else:
        olds = [b for b in same if b.reference_year == s.reference_year]
        news = [b for b in same if b.reference_year == year]
    return (olds[-1], news[-1]) if olds and news else None


def change_amount(package: Package, s: Statement, done: dict[str, Resolution]) -> Resolution:
    """比上年增加X万元: derived when the sentence states both amounts (上年为A…本年B); else last
    year's value is in last year's filing (the collection stage checks it)."""
    pair = _stated_pair(s)
    current = _current_of(s)
    where = _where(current, done)
    if pair is not None:
        old, new = pair
        expected = abs(new.wan_yuan - old.wan_yuan)
        found = compared(
            s,
            expected,
            s.half_unit() + old.half_unit() + new.half_unit(),
            f"|{new.printed} − {old.printed}|",
            "所述两年（或预算与决算）金额之差",
            **where,
        )
        found.subject_value = new.wan_yuan
        return found
    printed = _printed_change(package, s, done.get(current.claim_id) if current else None)
    if printed is not None:
        return printed
    found = unresolved(OTHER_YEAR, **where)
    found.subject_value = (
        done[current.claim_id].expected if current and current.claim_id in done else None
    )
    found.expected_unit = "万元" if found.subject_value is not None else ""
    return found


def _printed_change(
    package: Package, s: Statement, current: Resolution | None
) -> Resolution | None:
    """比上年增加X against the line the stated current amount was matched to, when its table
    prints last year's figure beside this year's: |this year − last year| as printed."""
    if s.filing_year is None or s.reference_year != s.filing_year - 1:
        return None
    if current is None or current.status == "unresolved":
        return None
    if not current.table_id or not current.item:
        return None
    for row in package.rows(current.table_id):
        if row.label() != current.item:
            continue
        this, last = row.amount("total"), row.amount(LAST_YEAR_FIELD)
        if this is None or last is None:
            return None
        unit = table_unit(package, current.table_id)
        half = Decimal(5).scaleb(min(this.as_tuple().exponent, last.as_tuple().exponent) - 1)  # type: ignore[operator]
        found = compared(
            s,
            abs(in_wan_yuan(this, unit) - in_wan_yuan(last, unit)),
            s.half_unit() + 2 * in_wan_yuan(half, unit),
            f"|{this} − {last}|",
            f"{current.what_zh}所印本年数与上年数之差",
            table_id=current.table_id,
            code=current.code,
            item=current.item,
        )
        found.subject_value = in_wan_yuan(this, unit)
        return found
    return None


def _where(current: Statement | None, done: dict[str, Resolution]) -> dict[str, str]:
    """The table line a change is about: the line its stated current amount was matched to."""
    resolved = done.get(current.claim_id) if current else None
    if resolved is None or resolved.status == "unresolved":
        return {}
    return {"table_id": resolved.table_id, "code": resolved.code, "item": resolved.item}
