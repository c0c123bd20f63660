"""Read one validated data package (datapackage.json, data/*.csv, validation.json) for the site."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

Row = dict[str, str]


@dataclass
class Resource:
    """One table of a package: its descriptor and its rows as printed strings."""

    name: str
    path: str
    unit: str | None
    fields: list[dict[str, Any]]
    rows: list[Row]

    def titles(self) -> dict[str, str]:
        return {f["name"]: f.get("title") or f["name"] for f in self.fields}


@dataclass
class Package:
    """A filing's data package as the site sees it."""

    directory: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)
    validation: dict[str, Any] = field(default_factory=dict)
    xlsx: str | None = None  # file name of the package's Excel copy, when it has one

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.descriptor.get("gongkai") or {})

    @property
    def filing_id(self) -> str:
        return str(self.meta.get("filing_id") or self.descriptor.get("name") or self.directory.name)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.descriptor.get("title") or self.filing_id)

    @property
    def unit(self) -> str:
        return str(self.meta.get("unit") or "万元")

    def rows(self, name: str) -> list[Row]:
        resource = self.resources.get(name)
        return resource.rows if resource else []

    def unit_of(self, name: str) -> str:
        resource = self.resources.get(name)
        return (resource.unit if resource and resource.unit else None) or self.unit

    def checks(self) -> list[dict[str, Any]]:
        return list(self.validation.get("checks") or [])

    def failing_checks(self) -> list[dict[str, Any]]:
        return [c for c in self.checks() if c.get("status") == "fail"]


def amount(value: object) -> Decimal | None:
    """A printed amount as Decimal; blank, dash or unreadable text gives None."""
    if value is None:
        return None
    text = str(value).strip().replace(",", "")
    if not text or text in {"-", "—", "--"}:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _read_csv(path: Path) -> list[Row]:
    if not path.exists() or path.stat().st_size == 0:
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def load_package(directory: Path) -> Package:
    """Read a package folder; resources whose CSV is missing are kept with no rows."""
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    package = Package(directory=directory, descriptor=descriptor)
    for item in descriptor.get("resources") or []:
        path = str(item.get("path") or f"data/{item['name']}.csv")
        schema = item.get("schema") or {}
        package.resources[item["name"]] = Resource(
            name=item["name"],
            path=path,
            unit=item.get("unit"),
            fields=list(schema.get("fields") or []),
            rows=_read_csv(directory / path),
        )
    package.xlsx = next((p.name for p in sorted(directory.glob("*.xlsx"))), None)
    validation = directory / "validation.json"
    if validation.exists():
        package.validation = json.loads(validation.read_text(encoding="utf-8"))
    return package


def find_packages(packages_dir: Path) -> list[Package]:
    """Every filing package (datapackage.json with gongkai filing metadata), sorted; combined
    packages (no filing_id) are left out."""
    found = []
    for descriptor in sorted(packages_dir.glob("*/datapackage.json")):
        package = load_package(descriptor.parent)
        if package.meta.get("filing_id"):
            found.append(package)
    return sorted(found, key=_sort_key)


def _sort_key(package: Package) -> tuple[Any, ...]:
    meta = package.meta
    region = meta.get("region") or []
    return (
        tuple(region),
        -int(meta.get("year") or 0),
        str(meta.get("department_name") or ""),
        package.filing_id,
    )
