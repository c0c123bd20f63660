"""The collection's tables as pandas DataFrames, built from saved packages only.

Pure functions of a list of `gongkai.datapackage.Package`: the filings index, the departments,
one long table of money per table kind (every printed amount with the filing's facets and its
amount in 元, exact), the wide key figures (one row per filing) and all checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import pandas as pd
import yaml

from gongkai.collection.departments import department_ids
from gongkai.datapackage import Package, Row
from gongkai.normalize import in_yuan

T = TypeVar("T")
# The facets every table of the collection starts with, so that any of them filters alone.
FACETS = [
    "filing_id",
    "department_id",
    "department_name",
    "region",
    "province",
    "city",
    "district",
    "level",
    "year",
    "phase",
    "scope",
]
# Row fields of the package tables that are positions or that a facet already names.
_ROW_RENAMES = {"level": "code_level"}
_SKIPPED_ROW_FIELDS = {"source_line"}


@cache
def spec() -> dict[str, Any]:
    text = resources.files("gongkai.collection").joinpath("tables.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def to_yuan(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """A printed amount in 元, exactly; None when the amount or its unit is unknown."""
    return None if amount is None else in_yuan(amount, unit)


def filing_meta(package: Package) -> dict[str, Any]:
    """What the facets are made of: the package's gongkai metadata with its filing_id."""
    return {**package.meta, "filing_id": package.filing_id}


def facets(packages: list[Package]) -> dict[str, dict[str, Any]]:
    """filing_id -> the facet columns of that filing."""
    return facets_of([filing_meta(p) for p in packages])


def facets_of(metas: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """filing_id -> the facet columns of that filing, from each filing's `filing_meta` (the
    department ids are of all filings together: a shared code joins two names)."""
    ids = department_ids(metas)
    found: dict[str, dict[str, Any]] = {}
    for meta in metas:
        region = list(meta.get("region") or [])
        year = meta.get("year")
        found[meta["filing_id"]] = {
            "filing_id": meta["filing_id"],
            "department_id": ids[meta["filing_id"]],
            "department_name": meta.get("department_name"),
            "region": " / ".join(region) or None,
            "province": region[0] if region else None,
            "city": region[1] if len(region) > 1 else None,
            "district": region[2] if len(region) > 2 else None,
            "level": meta.get("level"),
            "year": int(str(year)) if str(year or "").isdigit() else None,
            "phase": meta.get("phase"),
            "scope": meta.get("scope"),
        }
    return found


_FILING_COLUMNS = [
    "title",
    "unit",
    "tables",
    "checks",
    "checks_failed",
    "checks_material",
    "checks_rounding",
]


def filing_record(package: Package) -> dict[str, Any]:
    """The filing's row of the filings table, after its facets."""
    checks = package.checks()
    failed = [c for c in checks if c.get("status") == "fail"]
    return {
        "title": package.title,
        "unit": package.unit,
        "tables": len(package.rows("tables")),
        "checks": len(checks),
        "checks_failed": len(failed),
        # 不符 and 尾差 apart: a rounding difference is not a finding (as on the site).
        "checks_material": sum(1 for c in failed if c.get("severity") not in ("rounding", "info")),
        "checks_rounding": sum(1 for c in failed if c.get("severity") == "rounding"),
    }


def filings_table(records: list[tuple[dict[str, Any], dict[str, Any]]]) -> pd.DataFrame:
    """The filings table from (facets, filing_record) per filing."""
    rows = [{**facet, **record} for facet, record in records]
    return pd.DataFrame(rows, columns=[*FACETS, *_FILING_COLUMNS], dtype=object)


def departments_frame(filings: pd.DataFrame) -> pd.DataFrame:
    """One row per department: its id, the names it was printed under, its filings and years."""
    rows = []
    for department_id, group in filings.groupby("department_id", sort=True):
        rows.append(
            {
                "department_id": department_id,
                "names": "；".join(sorted(set(group["department_name"].dropna()))),
                "region": group["region"].iloc[0],
                "level": group["level"].iloc[0],
                "filings": len(group),
                "years": "、".join(str(y) for y in sorted(set(group["year"].dropna()))),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["department_id", "names", "region", "level", "filings", "years"],
        dtype=object,
    )


def row_fields(package_fields: list[dict[str, Any]], measures: list[str]) -> list[str]:
    return [
        f["name"]
        for f in package_fields
        if f["name"] not in measures and f["name"] not in _SKIPPED_ROW_FIELDS
    ]


def _figure_key(side: str, row: Row, measure: str) -> tuple[str, ...]:
    """What makes two printed amounts the same figure: the side of the account, the line (code
    and level, item, or project) and the measure."""
    line = (
        row.get("code") or row.get("item_key") or row.get("item") or row.get("project_name") or ""
    )
    if not row.get("code") and row.get("level") == "合计":
        line = "合计"
    return (row.get("side") or "" if side == "row" else side, line, row.get("level") or "", measure)


# A filing's amounts of one table kind: the row fields of its table, and one record per amount
# (its facets not included).
LongRecords = tuple[list[str], list[dict[str, Any]]]


def long_records(package: Package) -> dict[str, LongRecords]:
    """Table kind -> this filing's amounts of that kind, for each kind the package has."""
    kinds: dict[str, str] = spec()["money_tables"]
    found: dict[str, LongRecords] = {}
    seen: set[tuple[Any, ...]] = set()  # figures of the more authoritative tables
    for kind, side in kinds.items():
        if not package.has(kind):
            continue
        resource = package.resource(kind)
        measures = resource.measures()
        titles = resource.titles()
        fields = row_fields(resource.fields, measures)
        unit = package.unit_of(kind)
        records: list[dict[str, Any]] = []
        printed: set[tuple[Any, ...]] = set()
        for row in resource.rows:
            for measure in measures:
                amount = row.amount(measure)
                if amount is None:
                    continue
                yuan = to_yuan(amount, unit)
                key = (*_figure_key(side, row, measure), yuan)
                records.append(
                    {
                        **{_ROW_RENAMES.get(f, f): row.get(f) or None for f in fields},
                        "measure": measure,
                        "measure_title": titles.get(measure, measure),
                        "amount": amount,
                        "unit": unit,
                        "amount_yuan": yuan,
                        "authoritative": key not in seen,
                    }
                )
                printed.add(key)
        seen |= printed  # a figure repeated within one table is two lines, not a repeat
        found[kind] = ([_ROW_RENAMES.get(f, f) for f in fields], records)
    return found


_LONG_TAIL = ["measure", "measure_title", "amount", "unit", "amount_yuan", "authoritative"]
# Filings whose rows are built into one DataFrame at a time: the checks of 1,000 filings in one
# frame were 730 MiB.
CHUNK = 100


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def long_chunks(records: Iterable[tuple[dict[str, Any], LongRecords]]) -> Iterator[pd.DataFrame]:
    """One kind's long table from (facets, that kind's amounts) per filing, `CHUNK` filings a
    frame; nothing when no filing prints an amount of it. The columns are those of the first
    filing that has the kind."""
    columns: list[str] | None = None
    for group in _batches(records):
        if columns is None:
            columns = [*FACETS, *group[0][1][0], *_LONG_TAIL]
        cells = _cells(((facet, amounts) for facet, (_, amounts) in group), columns)
        if cells[FACETS[0]]:
            yield _object_frame(cells, columns)


def _cells(
    group: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]], columns: list[str]
) -> dict[str, list[Any]]:
    """Each column's values over the records of a group of filings: a record's own value, else
    its filing's facet (region, year, department...)."""
    cells: dict[str, list[Any]] = {column: [] for column in columns}
    for facet, records in group:
        for record in records:
            for column, values in cells.items():
                values.append(record[column] if column in record else facet.get(column))
    return cells


def _object_frame(cells: dict[str, list[Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of Python objects from its columns' values (built a column at a time: a
    dict per row of a large table held several times the table's memory)."""
    return pd.DataFrame(
        {column: pd.Series(cells.pop(column), dtype=object) for column in columns},
        columns=columns,
    )


def _figures(package: Package) -> list[Row]:
    if package.has("figures"):
        return package.rows("figures")
    from gongkai.figures import figures_rows  # packages written before the figures stage

    return [Row(r) for r in figures_rows(package)]


_PLANNED = frozenset({"budget_amount"})


_PEOPLE = "人"  # the unit of a staff count: a key figure in persons, not in 元


def key_figure_name(column: str, rule: dict[str, str]) -> str:
    """The column of a key figure: ``<key>_yuan`` for money, the bare key for a staff count."""
    return column if rule.get("unit") == _PEOPLE else f"{column}_yuan"


def key_figure_fields() -> list[dict[str, Any]]:
    """The schema fields of the key figures (after the facets), titled from collection/tables.yaml."""
    fields = []
    for column, rule in spec()["key_figures"].items():
        count = rule.get("unit") == _PEOPLE
        fields.append(
            {
                "name": key_figure_name(column, rule),
                "type": "integer" if count else "number",
                "title": rule["title"] if count else f"{rule['title']}（元）",
                "description": f"{rule['title']} {'in 人' if count else 'in 元'} from the "
                f"filing's figures resource (figure {rule['figure']}"
                f"{', item ' + rule['item'] if 'item' in rule else ''}); "
                "blank where the filing prints none.",
            }
        )
    return fields


def key_figures_frame(packages: list[Package], facet: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per filing: its headline figures in 元, staff counts in 人 (blank where the filing
    prints none)."""
    return key_figures_table([(facet[p.filing_id], key_figures_record(p)) for p in packages])


def key_figures_record(package: Package) -> dict[str, Any]:
    """The filing's key figures, by column (its facets not included)."""
    wanted: dict[str, dict[str, str]] = spec()["key_figures"]
    row: dict[str, Any] = {}
    figures = _figures(package)
    for column, rule in wanted.items():
        match = next(
            (
                f
                for f in figures
                if f.get("figure") == rule["figure"]
                and ("item" not in rule or f.get("item") == rule["item"])
                # a 决算 prints its 预算数 beside the 决算数: the key figure is the latter
                and f.get("measure") not in _PLANNED
            ),
            None,
        )
        value = match.amount("amount") if match else None
        if rule.get("unit") == _PEOPLE:
            row[column] = int(value) if value is not None else None
        else:
            row[f"{column}_yuan"] = to_yuan(value, match.get("unit")) if match else None
    return row


def key_figures_table(records: list[tuple[dict[str, Any], dict[str, Any]]]) -> pd.DataFrame:
    """The key figures table from (facets, key_figures_record) per filing."""
    wanted: dict[str, dict[str, str]] = spec()["key_figures"]
    names = [key_figure_name(c, rule) for c, rule in wanted.items()]
    rows = [{**facet, **record} for facet, record in records]
    return pd.DataFrame(rows, columns=[*FACETS, *names], dtype=object)


def check_records(package: Package) -> list[dict[str, Any]]:
    """The filing's checks as saved (blank cells None; its facets not included)."""
    return [{k: v or None for k, v in check.items()} for check in package.rows("checks")]


def check_columns(fields: Iterable[list[str]]) -> list[str]:
    """The checks table's columns: the facets, then the checks' fields in the order they first
    appear, from each filing's `check_fields` in filing order."""
    columns = list(FACETS)
    for names in fields:
        columns += [name for name in names if name not in columns]
    return columns


def check_fields(checks: list[dict[str, Any]]) -> list[str]:
    """A filing's check fields in the order they first appear."""
    return list(dict.fromkeys(name for check in checks for name in check))


def checks_chunks(
    records: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]], columns: list[str]
) -> Iterator[pd.DataFrame]:
    """All checks from (facets, check_records) per filing, `CHUNK` filings a frame."""
    for group in _batches(records):
        cells = _cells(group, columns)
        if not cells[columns[0]]:
            continue
        for name in ("expected", "actual", "difference", "tolerance"):
            if name in cells:
                cells[name] = [Decimal(v) if v else None for v in cells[name]]
        yield _object_frame(cells, columns)
