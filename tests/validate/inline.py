"""Tiny packages built inline for the check-family tests: rows as dicts, nothing read from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.datapackage import Package, Resource, Row
from gongkai.validate.check import Check


def package(meta: dict[str, Any] | None = None, **tables: list[dict[str, Any]]) -> Package:
    """A package holding the given tables; each row gets every schema field (blank if not given),
    as a CSV read back would."""
    resources = {}
    for name, rows in tables.items():
        fields = schemas.table_schema(name)["fields"]
        names = [f["name"] for f in fields]
        unknown = {key for row in rows for key in row} - set(names)
        assert not unknown, f"{name} has no fields {unknown}"
        typed = [Row({n: str(row.get(n, "")) for n in names}) for row in rows]
        resources[name] = Resource(name, f"data/{name}.csv", None, None, fields, typed)
    descriptor = {
        "gongkai": meta or {},
        "resources": [{"name": n, "path": r.path} for n, r in resources.items()],
    }
    return Package(Path("inline"), descriptor, resources)


def columns(table: str, *fields: str) -> list[dict[str, Any]]:
    """table_columns rows saying the table printed a column for each field."""
    return [{"table_id": table, "column_no": n, "field": f} for n, f in enumerate(fields, 1)]


def flat(checks: list[Check]) -> list[tuple[str, str, str | None]]:
    """(check id, status, difference) of each check, the difference as printed in checks.csv."""
    return [
        (c.check_id, c.status, None if c.difference is None else str(c.difference)) for c in checks
    ]
