"""Checks across filings: what a filing says about last year against last year's filing.

Two families, one row per check in the collection's `cross_filing_checks`:

- prior_year_change: a claim (the package's `claims` resource) that a figure rose or fell by an
  amount or a percentage since last year, against this year's table value and the value the
  same line prints in last year's filing (same department_id, phase and scope, year − 1);
- restatement: a 上年 figure this filing prints (a claim about last year's amount, or a 上年
  column of a table, across.yaml prior_year_columns) against what last year's filing published.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from gongkai.collection.lines import (
    Printed,
    across_spec,
    find_line,
    in_unit,
    line_key,
    measure_of,
    printed,
    rate,
    same_line,
)
from gongkai.collection.pair import COLUMNS, Pair, published_values, published_where
from gongkai.collection.publish import kind_title
from gongkai.datapackage import Package, Row
from gongkai.normalize import decimals_of


def cross_filing_checks(
    packages: list[Package], facet: dict[str, dict[str, Any]], prior_of: dict[str, str | None]
) -> pd.DataFrame:
    """Every cross-filing check of every filing, in filing order."""
    by_id = {p.filing_id: p for p in packages}
    rows: list[dict[str, Any]] = []
    for package in packages:
        prior_id = prior_of.get(package.filing_id)
        prior = by_id.get(prior_id) if prior_id else None
        rows.extend(pair_checks(package, prior, facet[package.filing_id]))
    return cross_filing_table(rows)


def pair_checks(
    current: Package, prior: Package | None, facet: dict[str, Any]
) -> list[dict[str, Any]]:
    """The cross-filing checks of one filing: they depend on it, its prior filing and its facets
    alone (the combine stage caches them by those)."""
    pair = Pair(current, prior, facet)
    return [*claim_checks(pair), *column_checks(pair)]


def cross_filing_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def _sign(direction: str | None) -> int | None:
    """+1, −1 or 0 for a direction word; None when it is not one we know."""
    words: dict[str, list[str]] = across_spec()["directions"]
    text = direction or ""
    for sign, name in ((0, "flat"), (-1, "decrease"), (1, "increase")):
        if any(word in text for word in words[name]):
            return sign
    return None


def claim_checks(pair: Pair) -> list[dict[str, Any]]:
    year = pair.facet["year"]
    if not isinstance(year, int):
        return []
    checks, amount_change = [], None
    claims = pair.current.rows("claims")
    for claim in _about_last_year(claims, year - 1):
        if claim.text("kind") == "change" and claim.text("unit") != "%":
            amount_change = claim
        elif claim.text("kind") == "change" and not claim.text("table_id") and amount_change:
            claim = _rate_of(claim, amount_change)
        if _explains(claim, claims):
            checks.append(_reason_part(pair, claim))
        else:
            checks.append(_claim_check(pair, claim))
    return checks


def _line(claim: Row) -> tuple[str, ...]:
    return tuple(claim.get(k) or "" for k in ("table_id", "code", "item"))


def _explains(claim: Row, claims: list[Row]) -> bool:
    """A number of the reason given for another claim's change (主要原因是基本支出增加X) that
    is matched to that claim's own line: a part of the change, not the change of the line."""
    sentence = (claim.text("sentence") or "").strip("。；; ")
    return bool(sentence) and any(
        other.text("paragraph_id") == claim.text("paragraph_id")
        and sentence in (other.text("reason") or "")
        and _line(other) == _line(claim)
        for other in claims
        if other is not claim and other.text("reason")
    )


def _reason_part(pair: Pair, claim: Row) -> dict[str, Any]:
    quoted = f"{claim.text('subject') or ''}{claim.text('value')}{claim.text('unit') or ''}"
    return pair.row(
        f"across.{claim.text('claim_id')}",
        "prior_year_change",
        claim_id=claim.text("claim_id"),
        subject=claim.text("subject"),
        printed_value=claim.amount("value"),
        printed_unit=claim.text("unit"),
        page=claim.int("page"),
        status="skip",
        description_zh=f"说明中「{quoted}」是变动原因中的一部分，所指的行未确定",
        description_en=f"narrative '{quoted}': part of the reason for another change; its line "
        "is not known",
    )


def _about_last_year(claims: list[Row], prior_year: int) -> list[Row]:
    return [c for c in claims if c.int("reference_year") == prior_year]


def _rate_of(rate: Row, change: Row) -> Row:
    """增长Y% after 增加X万元 in one paragraph is about the same line (the claim names no line
    of its own): the line of the amount."""
    if rate.text("paragraph_id") != change.text("paragraph_id"):
        return rate
    line = {k: change.get(k) or "" for k in ("table_id", "code", "item", "subject_value")}
    return Row({**rate, **line, "expected_unit": change.get("expected_unit") or ""})


def _claim_check(pair: Pair, claim: Row) -> dict[str, Any]:
    value, unit = claim.amount("value"), claim.text("unit") or ""
    quoted = f"{claim.text('subject') or ''}{claim.text('direction') or ''}{value}{unit}"
    category = "prior_year_change" if claim.text("kind") == "change" else "restatement"
    base = {
        "claim_id": claim.text("claim_id"),
        "subject": claim.text("subject"),
        "table_id": claim.text("table_id"),
        "printed_value": value,
        "printed_unit": unit,
        "page": claim.int("page"),
    }
    check_id = f"across.{claim.text('claim_id')}"

    def skip(zh: str, en: str) -> dict[str, Any]:
        return pair.row(
            check_id,
            category,
            **base,
            status="skip",
            description_zh=f"说明中「{quoted}」{zh}",
            description_en=f"narrative '{quoted}': {en}",
        )

    if value is None or claim.text("kind") not in ("change", "amount"):
        return skip("：此类上年陈述不跨文件核对", "this kind of statement is not checked")
    if pair.prior is None:
        return skip(
            f"是关于上年的陈述，集合中无{pair.facet['year'] - 1}年同一部门的{pair.facet['phase']}文件可比",
            "about last year; the collection has no filing of last year to compare",
        )
    table_id = claim.text("table_id") or ""
    row = find_line(pair.current, table_id, claim.text("code"), claim.text("item"))
    if row is None:
        return skip("：未对应到表中的行", "no table line matched")
    measure = measure_of(
        pair.current,
        table_id,
        row,
        claim.amount("subject_value"),
        claim.text("expected_unit") or "",
    )
    prior_row = same_line(pair.prior, table_id, line_key(row))
    if prior_row is None:
        return skip(
            f"：{pair.facet['year'] - 1}年文件{kind_title(table_id)}中无「{row.label()}」一行",
            f"last year's {table_id} has no line '{row.label()}'",
        )
    current = printed(pair.current, table_id, row, measure, blank_is_zero=True)
    previous = printed(pair.prior, table_id, prior_row, measure, blank_is_zero=True)
    if current is None or previous is None:
        return skip(
            f"：{pair.facet['year'] - 1}年文件{kind_title(table_id)}中无「{row.label()}」可比",
            f"last year's {table_id} prints no '{row.label()}'",
        )
    base |= {"line": row.label(), "measure": measure}
    if category == "restatement":
        return _restated_claim(pair, check_id, base, quoted, previous)
    return _change(pair, check_id, base, quoted, claim, current, previous)


def _change(
    pair: Pair,
    check_id: str,
    base: dict[str, Any],
    quoted: str,
    claim: Row,
    current: Printed,
    previous: Printed,
) -> dict[str, Any]:
    value, unit = claim.amount("value") or Decimal(0), claim.text("unit") or ""
    sign = _sign(claim.text("direction"))
    now, before = current.yuan, previous.yuan
    money = in_unit(Decimal(1), unit) is not None
    if sign is None or now is None or before is None or not (money or unit == "%"):
        return pair.row(
            check_id,
            "prior_year_change",
            **base,
            **published_values(current, previous),
            status="skip",
            description_zh=f"说明中「{quoted}」：方向或单位无法识别",
            description_en=f"narrative '{quoted}': direction or unit not understood",
        )
    label = f"{kind_title(current.table_id)}「{current.label}」"
    if unit == "%":
        if before == 0:
            return pair.row(
                check_id,
                "prior_year_change",
                **base,
                **published_values(current, previous),
                status="skip",
                description_zh=f"说明中「{quoted}」：上年数为零，无法计算",
                description_en=f"narrative '{quoted}': last year's value is zero",
            )
        places = decimals_of(value)
        expected = rate((now - before) * (sign or 1), before, places)
        tolerance = Decimal(1).scaleb(-places)
        how = f"（{current.value} − {previous.value}）/ {previous.value} × 100"
    else:
        expected = in_unit((now - before) * (sign or 1), unit) or Decimal(0)
        # One unit of the last printed digit per table value, or the claim's own rounding.
        tolerance = max(
            in_unit(current.last_digit() + previous.last_digit(), unit) or Decimal(0),
            Decimal(5).scaleb(-decimals_of(value) - 1),
        )
        how = f"{current.value} − {previous.value}"
    stated = value if sign else Decimal(0)
    difference = stated - expected
    status = "pass" if abs(difference) <= tolerance else "fail"
    return pair.row(
        check_id,
        "prior_year_change",
        **base,
        **published_values(current, previous),
        status=status,
        expected=expected,
        difference=difference,
        tolerance=tolerance,
        description_zh=f"说明中「{quoted}」（第{base['page']}页）对照{published_where(pair, previous)}"
        f"{label}：本年{current.value} 上年{previous.value}{current.unit}，{how} = {expected}{unit}",
        description_en=f"narrative '{quoted}' = this year's {current.table_id} '{current.label}' "
        f"{current.value} against last year's filing {previous.value}",
    )


def _restated_claim(
    pair: Pair, check_id: str, base: dict[str, Any], quoted: str, previous: Printed
) -> dict[str, Any]:
    value, unit = base["printed_value"], base["printed_unit"]
    published = previous.in_unit(unit)
    if published is None:
        return pair.row(
            check_id,
            "restatement",
            **base,
            **published_values(None, previous),
            status="skip",
            description_zh=f"说明中「{quoted}」：单位无法换算",
            description_en=f"narrative '{quoted}': unit not understood",
        )
    tolerance = Decimal(5).scaleb(-decimals_of(value) - 1)
    difference = value - published
    return pair.row(
        check_id,
        "restatement",
        **base,
        **published_values(None, previous),
        status="pass" if abs(difference) <= tolerance else "fail",
        expected=published,
        difference=difference,
        tolerance=tolerance,
        description_zh=f"说明中上年数「{quoted}」（第{base['page']}页）对照{published_where(pair, previous)}"
        f"所印{kind_title(previous.table_id)}「{previous.label}」{previous.value}{previous.unit}",
        description_en=f"narrative's last-year figure '{quoted}' against last year's filing "
        f"{previous.table_id} '{previous.label}' {previous.value} {previous.unit}",
    )


def column_checks(pair: Pair) -> list[dict[str, Any]]:
    """Each amount of a 上年 column against the same line of last year's filing."""
    if pair.prior is None:
        return []
    columns: dict[str, dict[str, str]] = across_spec()["prior_year_columns"]
    rows = []
    for table_id, fields in columns.items():
        for prior_field, published_field in fields.items():
            if prior_field not in pair.current.measures(table_id):
                continue
            for row in pair.current.rows(table_id):
                restated = printed(pair.current, table_id, row, prior_field)
                if restated is not None:
                    rows.append(_column_check(pair, table_id, row, restated, published_field))
    return rows


def _column_check(
    pair: Pair, table_id: str, row: Row, restated: Printed, published_field: str
) -> dict[str, Any]:
    assert pair.prior is not None
    key = line_key(row)
    check_id = f"restated.{table_id}.{'.'.join(p for p in key if p)}.{restated.measure}"
    label = f"{kind_title(table_id)}「{row.label()}」"
    prior_row = same_line(pair.prior, table_id, key)
    previous = printed(pair.prior, table_id, prior_row, published_field) if prior_row else None
    base = {
        "table_id": table_id,
        "line": row.label(),
        "measure": restated.measure,
        "printed_value": restated.value,
        "printed_unit": restated.unit,
        "page": restated.page,
    }
    if previous is None or previous.yuan is None or restated.yuan is None:
        return pair.row(
            check_id,
            "restatement",
            **base,
            status="skip",
            description_zh=f"{label}上年数{restated.value}{restated.unit}："
            f"{pair.facet['year'] - 1}年文件中无此行可比",
            description_en=f"{table_id} '{row.label()}' last-year column: last year's filing "
            "prints no such line",
        )
    difference_yuan = restated.yuan - previous.yuan
    tolerance_yuan = max(restated.half_unit(), previous.half_unit())
    return pair.row(
        check_id,
        "restatement",
        **base,
        **published_values(None, previous),
        status="pass" if abs(difference_yuan) <= tolerance_yuan else "fail",
        expected=previous.in_unit(restated.unit),
        difference=in_unit(difference_yuan, restated.unit),
        tolerance=in_unit(tolerance_yuan, restated.unit),
        description_zh=f"{label}上年数{restated.value}{restated.unit}（第{restated.page}页）"
        f"对照{published_where(pair, previous)}所印{previous.value}{previous.unit}",
        description_en=f"{table_id} '{row.label()}' last-year column {restated.value} against "
        f"last year's filing {previous.value} {previous.unit}",
    )
