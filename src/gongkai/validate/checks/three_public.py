"""三公 expenses: each total line of the 三公 table equals its part lines, in every column.

The identities are data (templates/identities.yaml `three_public`).
"""

from __future__ import annotations

from gongkai.datapackage import Package
from gongkai.validate.check import Check, sum_check
from gongkai.validate.rules import identities, table_title

CATEGORY = "three_public"
TITLE_ZH = "“三公”经费"
TABLE = "three_public_expenses"


def three_public(package: Package) -> list[Check]:
    rules = identities()
    by_key = {r.text("item_key"): r for r in package.rows(TABLE) if r.text("item_key")}
    checks: list[Check] = []
    for identity in rules.three_public_sums:
        if any(key in by_key for key in identity.only_without):
            continue
        total = by_key.get(identity.total)
        parts = [by_key[k] for k in identity.parts if k in by_key]
        if total is None or not parts:
            continue
        for column in rules.three_public_columns:
            if column not in total:
                continue
            check = sum_check(
                f"three_public.{identity.total}.{column}",
                CATEGORY,
                f"{table_title(TABLE)}：{identity.zh}（{column}）",
                f"three public expenses: {identity.total} = "
                + " + ".join(k for k in identity.parts if k in by_key),
                total.amount(column),
                [p.amount(column) for p in parts],
                TABLE,
                total,
                column,
                total.label(),
            )
            if check:
                checks.append(check)
    return checks
