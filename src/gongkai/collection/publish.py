"""Write the collection's DataFrames as a Frictionless package and as XLSX, Parquet and SQLite.

CSV files carry a UTF-8 byte-order mark (Excel on Chinese Windows reads them right), the XLSX
has Chinese headers, Parquet keeps amounts as exact decimals, and the SQLite database sits
beside a datasette metadata.json that describes every table and column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from gongkai import excel, schemas

# Amounts in 元 with up to four decimals (万元 printed with six decimals, × 10000).
DECIMAL = pa.decimal128(24, 4)
_ARROW = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "number": DECIMAL}
_SQLITE = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "number": "NUMERIC"}


@cache
def _fields_spec() -> dict[str, list[dict[str, Any]]]:
    text = resources.files("gongkai.collection").joinpath("schema.yaml").read_text("utf-8")
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(text)
    return loaded


@cache
def kind_title(kind: str) -> str:
    text = resources.files("gongkai.templates").joinpath("tables.yaml").read_text("utf-8")
    kinds: dict[str, Any] = yaml.safe_load(text)["kinds"]
    return str((kinds.get(kind) or {}).get("title_zh") or kind)


def long_schema(kind: str, columns: list[str]) -> dict[str, Any]:
    """Table Schema of a long table: facets, the kind's row fields, the money columns."""
    spec = _fields_spec()
    own = {f["name"]: f for f in schemas.table_schema(kind)["fields"]}
    own["code_level"] = {**own.get("level", {}), "name": "code_level"}
    known = {f["name"]: f for f in [*spec["facets"], *spec["money_tail"]]}
    fields = [_field(known.get(c) or own.get(c) or {"name": c, "type": "string"}) for c in columns]
    return {"fields": fields}


def _field(field: dict[str, Any]) -> dict[str, Any]:
    # Row fields keep their title and type; their per-table constraints do not hold once
    # filings of several templates stand in one table.
    return {k: v for k, v in field.items() if k != "constraints"} | (
        {"constraints": field["constraints"]} if field.get("name") == "filing_id" else {}
    )


def facet_schema(extra: list[dict[str, Any]], columns: list[str]) -> dict[str, Any]:
    known = {f["name"]: f for f in [*_fields_spec()["facets"], *extra]}
    return {"fields": [_field(known.get(c) or {"name": c, "type": "string"}) for c in columns]}


def departments_schema() -> dict[str, Any]:
    return {"fields": list(_fields_spec()["departments"]), "primaryKey": ["department_id"]}


def _cell(value: Any) -> str:
    if type(value) is str:  # most cells: printed text
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_rows(frame: pd.DataFrame) -> Iterator[list[str]]:
    return ([_cell(v) for v in row] for row in frame.itertuples(index=False, name=None))


def _typed(value: Any, kind: str) -> Any:
    text = _cell(value)
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return Decimal(text)
    if kind == "boolean":
        return text == "true"
    return text


# A table's columns as written to Parquet, SQLite and XLSX: (name, Table Schema type, values
# typed as the CSV cells read back), computed once per table for all three.
Columns = list[tuple[str, str, list[Any]]]


def typed_columns(frame: pd.DataFrame, schema: dict[str, Any]) -> Columns:
    types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
    return [
        (name, types.get(name, "string"), _typed_values(frame[name], types.get(name, "string")))
        for name in frame.columns
    ]


def _typed_values(values: Any, kind: str) -> list[Any]:
    # Text in a text column and an int in an integer column read back as themselves: kept
    # without the round trip through the CSV cell (most of the checks' cells).
    same = {"string": str, "integer": int}.get(kind)
    return [v if type(v) is same and v != "" else _typed(v, kind) for v in values]


class ParquetColumns:
    """A table's columns gathered a chunk at a time as Arrow arrays (compact, unlike the Python
    values), written as one table: the bytes of writing all its values at once.

    Amounts are exact decimals: the smallest decimal128 that holds every value of the column
    (text past 38 digits, which no budget prints but a damaged file might), known once the last
    chunk is in; until then a chunk's amounts are kept as their text."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.kinds: list[str] = []
        self.chunks: list[list[pa.Array]] = []
        self.extents: list[tuple[int, int] | None] = []  # (scale, integer digits); None: text

    def add(self, columns: Columns) -> None:
        if not self.names:
            self.names = [name for name, _, _ in columns]
            self.kinds = [kind for _, kind, _ in columns]
            self.chunks = [[] for _ in columns]
            self.extents = [(DECIMAL.scale, 1) for _ in columns]
        for index, (_, kind, values) in enumerate(columns):
            if kind != "number":
                self.chunks[index].append(pa.array(values, type=_ARROW[kind]))
                continue
            self.extents[index] = _extent(values, self.extents[index])
            text = [None if v is None else format(v, "f") for v in values]
            self.chunks[index].append(pa.array(text, type=pa.string()))

    def write(self, path: Path) -> None:
        arrays = []
        for kind, chunks, extent in zip(self.kinds, self.chunks, self.extents, strict=True):
            array = pa.concat_arrays(chunks) if chunks else pa.array([], type=pa.string())
            if kind == "number":
                arrow_type = _decimal_type(extent)
                if arrow_type != pa.string():
                    array = array.cast(arrow_type)
            arrays.append(array)
        pq.write_table(pa.Table.from_arrays(arrays, names=self.names), path)


def _extent(values: list[Any], extent: tuple[int, int] | None) -> tuple[int, int] | None:
    """The scale and integer digits that hold ``values`` and what ``extent`` held; None when a
    value is not finite."""
    if extent is None:
        return None
    scale, integer = extent
    for value in values:
        if value is None:
            continue
        if not value.is_finite():
            return None
        _, digits, exponent = value.as_tuple()
        scale = max(scale, -int(exponent))
        integer = max(integer, len(digits) + int(exponent))
    return scale, integer


def _decimal_type(extent: tuple[int, int] | None) -> pa.DataType:
    if extent is None:
        return pa.string()
    scale, integer = extent
    precision = max(DECIMAL.precision, integer + scale)
    return pa.string() if precision > 38 else pa.decimal128(precision, scale)


class Database:
    """The SQLite database, a table at a time: ``add`` creates a table at its first chunk and
    fills it, ``index`` indexes it once its last chunk is in."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path)
        self.columns: dict[str, list[str]] = {}

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.connection.commit()
        finally:
            self.connection.close()

    def add(self, name: str, columns: Columns) -> None:
        if name not in self.columns:
            self.columns[name] = [n for n, _, _ in columns]
            definition = ", ".join(f'"{n}" {_SQLITE[kind]}' for n, kind, _ in columns)
            self.connection.execute(f'CREATE TABLE "{name}" ({definition})')
        placeholders = ", ".join("?" for _ in columns)
        rows = zip(*[_sql_values(kind, values) for _, kind, values in columns], strict=True)
        self.connection.executemany(f'INSERT INTO "{name}" VALUES ({placeholders})', rows)

    def index(self, name: str) -> None:
        for facet in ("department_id", "year"):
            if facet in self.columns.get(name, []):
                self.connection.execute(f'CREATE INDEX "{name}_{facet}" ON "{name}" ("{facet}")')


def _sql_values(kind: str, values: list[Any]) -> list[Any]:
    """A typed column as SQLite stores it: text and integers as they are."""
    return [_sql(v) for v in values] if kind in ("number", "boolean") else values


def _sql(value: Any) -> Any:
    # NUMERIC affinity stores an exact integer when the decimal has no fraction, else a REAL.
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return int(value)
    return value


def datasette_metadata(
    title: str, database: str, schemas_of: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """datasette's metadata.json: each table's and column's description, from their schemas."""
    described: dict[str, Any] = {}
    for name, schema in schemas_of.items():
        described[name] = {
            "description": schema.get("description", ""),
            "columns": {
                f["name"]: f"{f.get('title', '')}：{f.get('description', '')}".strip("：")
                for f in schema["fields"]
            },
        }
    return {"title": title, "databases": {database: {"tables": described}}}


def failing_only(columns: Columns) -> Columns:
    """The rows of a checks table whose status is fail (a table without a status: all rows)."""
    statuses = next((values for name, _, values in columns if name == "status"), None)
    if statuses is None:
        return columns
    keep = [index for index, status in enumerate(statuses) if status == "fail"]
    return [(name, kind, [values[i] for i in keep]) for name, kind, values in columns]


class Workbook:
    """The XLSX workbook, a sheet per table (named by its Chinese title), headers in Chinese;
    saved when the ``with`` block ends without an error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workbook = excel.new_workbook()
        self.used: set[str] = set()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            excel.save_workbook(self.workbook, self.path)

    def add(
        self, name: str, names: list[str], rows: list[tuple[Any, ...]], schema: dict[str, Any]
    ) -> None:
        titles = {f["name"]: f.get("title") or f["name"] for f in schema["fields"]}
        header = [titles.get(c, c) for c in names]
        name_zh = excel.sheet_name(schema.get("title_zh") or name, self.used)
        excel.write_sheet(self.workbook, name_zh, header, rows)


def write_table(
    folder: Path,
    name: str,
    chunks: Iterable[pd.DataFrame],
    schema: dict[str, Any],
    out: tuple[Database, Workbook | None],
    sheet: dict[str, Any] | None = None,
) -> None:
    """One table, a chunk at a time: data/<name>.csv, parquet/<name>.parquet, its SQLite table
    and its workbook sheet (``sheet``: that sheet's schema, for the failing checks alone)."""
    database, workbook = out  # workbook None: written apart (`add_sheet`)
    parquet = ParquetColumns()
    names: list[str] = []
    rows: list[tuple[Any, ...]] = []
    with (folder / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
        writer = None
        for chunk in chunks:
            if writer is None:
                names = list(chunk.columns)
                writer = excel.csv_writer(file, names)
            writer.writerows(csv_rows(chunk))
            typed = typed_columns(chunk, schema)
            del chunk
            parquet.add(typed)
            database.add(name, typed)
            if workbook is not None:
                rows.extend(_sheet_rows(typed, sheet))
    parquet.write(folder / "parquet" / f"{name}.parquet")
    database.index(name)
    if workbook is not None:
        workbook.add(name, names, rows, sheet or schema)


def _sheet_rows(typed: Columns, sheet: dict[str, Any] | None) -> Iterator[tuple[Any, ...]]:
    shown = failing_only(typed) if sheet else typed
    return zip(*[values for _, _, values in shown], strict=True)


def add_sheet(
    workbook: Workbook,
    name: str,
    chunks: Iterable[pd.DataFrame],
    schema: dict[str, Any],
    sheet: dict[str, Any] | None = None,
) -> None:
    """One table's workbook sheet alone, a chunk at a time, as `write_table` writes it."""
    names: list[str] = []
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks:
        names = names or list(chunk.columns)
        typed = typed_columns(chunk, schema)
        del chunk
        rows.extend(_sheet_rows(typed, sheet))
    workbook.add(name, names, rows, sheet or schema)
