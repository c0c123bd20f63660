"""The same printed line in two filings, and the prior filing a filing's 上年 statements are about.

A line is known by its side and code (function or economic class), or its standard item key,
or its role (合计, 小计), or else its label without the ordinal (五、 or 1.), which a new year
renumbers. Amounts come back as printed, with their unit and page, and in 元 for comparing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gongkai import schemas
from gongkai.codes import strip_ordinal
from gongkai.collection.frames import to_yuan
from gongkai.datapackage import Package, Row
from gongkai.normalize import decimals_of, yuan_factor

_ROLES = ("total", "subtotal", "carryover")


@cache
def across_spec() -> dict[str, Any]:
    text = resources.files("gongkai.collection").joinpath("across.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    for table, fields in loaded["prior_year_columns"].items():
        known = schemas.field_names(table)
        for name in (*fields, *fields.values()):
            if name not in known:
                raise ValueError(
                    f"collection/across.yaml prior_year_columns.{table}: {name!r} is no field "
                    "of its Table Schema (schemas/resources.yaml)"
                )
    return loaded


@dataclass(frozen=True)
class Printed:
    """An amount a filing prints on a table line, as printed, with its unit and page."""

    filing_id: str
    table_id: str
    label: str
    measure: str
    value: Decimal
    unit: str
    page: int | None

    @property
    def yuan(self) -> Decimal | None:
        return to_yuan(self.value, self.unit)

    def in_unit(self, unit: str) -> Decimal | None:
        """The amount in another printed unit (万元, 元 …), exactly; None if a unit is unknown."""
        return in_unit(self.yuan, unit)

    def last_digit(self) -> Decimal:
        """One unit of the last printed digit, in 元."""
        return to_yuan(Decimal(1).scaleb(-decimals_of(self.value)), self.unit) or Decimal(0)

    def half_unit(self) -> Decimal:
        """Half a unit of the last printed digit, in 元: the rounding of a printed amount."""
        return (to_yuan(Decimal(5).scaleb(-decimals_of(self.value) - 1), self.unit)) or Decimal(0)


def in_unit(yuan: Decimal | None, unit: str) -> Decimal | None:
    factor = yuan_factor(unit)
    return None if yuan is None or factor is None else yuan / factor


def plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", strip_ordinal(text)).split())


def line_key(row: Row) -> tuple[str, str]:
    """What makes a row the same line in another year's filing of the same template family."""
    side = row.get("side") or ""
    code = row.get("code") or row.get("function_class_code") or ""
    if code:
        return side, f"code:{code}"
    if row.get("item_key"):
        return side, f"key:{row['item_key']}"
    if row.get("item_role") in _ROLES:
        return side, f"role:{row['item_role']}"
    if row.get("level") == "合计":
        return side, "合计"
    return side, f"item:{plain(row.get('item') or row.get('name') or '')}"


def find_line(package: Package, table_id: str, code: str | None, item: str | None) -> Row | None:
    """The row a claim names: by code, else by its label (ordinal and spacing ignored)."""
    for row in package.rows(table_id):
        if code and code in (row.get("code"), row.get("function_class_code")):
            return row
    wanted = plain(item or "")
    if not wanted:
        return None
    for row in package.rows(table_id):
        if plain(row.label()) == wanted:  # item or name; the line number of a one-line table
            return row
    return None


def same_line(package: Package, table_id: str, key: tuple[str, str]) -> Row | None:
    return next((r for r in package.rows(table_id) if line_key(r) == key), None)


def printed(
    package: Package, table_id: str, row: Row, measure: str, *, blank_is_zero: bool = False
) -> Printed | None:
    """The amount ``row`` prints in ``measure``; a blank cell is None, or 0 where the caller
    compares a line both filings print (a blank cell of a printed line is nothing budgeted, as
    the identity checks count it)."""
    value = row.amount(measure)
    if value is None and blank_is_zero and measure in package.measures(table_id):
        value = Decimal(0)
    if value is None:
        return None
    return Printed(
        package.filing_id,
        table_id,
        row.label(),
        measure,
        value,
        package.unit_of(table_id),
        row.int("page"),
    )


def default_measure(table_id: str) -> str:
    measures: dict[str, str] = across_spec()["default_measure"]
    return measures.get(table_id) or measures["other"]


def measure_of(package: Package, table_id: str, row: Row, value: Decimal | None, unit: str) -> str:
    """The column of ``row`` that prints ``value`` (given in ``unit``); the table's main amount
    column when no column does or the value is not known."""
    if value is not None:
        for measure in package.measures(table_id):
            found = printed(package, table_id, row, measure)
            if found is not None and found.in_unit(unit) == value:
                return measure
    return default_measure(table_id)


def prior_filings(facet: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    """filing_id -> the filing of the same department, phase and scope a year before (the first
    by filing_id when several are), or None."""
    by_key: dict[tuple[Any, ...], list[str]] = {}
    for filing_id, f in facet.items():
        by_key.setdefault((f["department_id"], f["year"], f["phase"], f["scope"]), []).append(
            filing_id
        )
    found: dict[str, str | None] = {}
    for filing_id, f in facet.items():
        year = f["year"]
        candidates = (
            by_key.get((f["department_id"], year - 1, f["phase"], f["scope"]), [])
            if isinstance(year, int)
            else []
        )
        found[filing_id] = sorted(candidates)[0] if candidates else None
    return found


def rate(part: Decimal, whole: Decimal, places: int) -> Decimal:
    """part / whole × 100, rounded half up to ``places`` decimals."""
    return (part / whole * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
