"""The one reader of a saved data package: the contract between the pipeline and everything after it.

Validate, combine and the site read packages only through this module. A row is the CSV row as
written (strings), with typed access: amounts come back as exact `Decimal`, parsed the one way
the package writer prints them (plain decimals, blank for "not printed").
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gongkai.normalize import in_wan_yuan  # noqa: F401  (re-exported: readers of packages use it)

# Fields that are positions, not measures, though typed as numbers in the schemas.
POSITION_FIELDS = frozenset({"line_no", "page", "source_line"})


def amount(value: object) -> Decimal | None:
    """A package cell as Decimal; blank (not printed) gives None.

    The package writer prints plain decimals, so anything else (a stray dash or text) is not an
    amount: None, never a guess.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class Row(dict[str, str]):
    """One CSV row (field -> printed string) with typed access; blank cells read as None."""

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return value if value else None

    def amount(self, name: str) -> Decimal | None:
        return amount(self.get(name))

    def int(self, name: str) -> int | None:
        value = self.get(name)
        return int(value) if value else None

    def label(self) -> str:
        for name in ("code", "item", "name"):
            if self.get(name):
                return self[name]
        return self.get("line_no", "")

    def key(self) -> str:
        """A stable key for check ids: side and line number (two-sided tables) or code/line."""
        parts = [self.get("side") or "", self.get("code") or ""]
        if not parts[1]:
            parts.append(f"L{self.get('line_no', '')}")
        return ".".join(p for p in parts if p)


@dataclass
class Resource:
    """One table of a package: its descriptor and its rows."""

    name: str
    path: str
    unit: str | None
    title: str | None
    fields: list[dict[str, Any]]
    rows: list[Row]

    def titles(self) -> dict[str, str]:
        return {f["name"]: f.get("title") or f["name"] for f in self.fields}

    def measures(self) -> list[str]:
        """Amount fields (numbers that are not positions)."""
        return [
            f["name"]
            for f in self.fields
            if f.get("type") == "number" and f["name"] not in POSITION_FIELDS
        ]


@dataclass
class Package:
    """A filing's (or a combined) data package as saved on disk."""

    directory: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource] = field(default_factory=dict)
    validation: dict[str, Any] = field(default_factory=dict)
    xlsx: str | None = None  # file name of the package's Excel copy, when it has one

    # metadata ---------------------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.descriptor.get("gongkai") or {})

    metadata = meta

    @property
    def filing_id(self) -> str:
        return str(self.meta.get("filing_id") or self.descriptor.get("name") or self.directory.name)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.descriptor.get("title") or self.filing_id)

    @property
    def unit(self) -> str:
        return str(self.meta.get("unit") or "万元")

    # resources --------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.resources

    def resource(self, name: str) -> Resource:
        return self.resources[name]

    def fields(self, name: str) -> list[dict[str, Any]]:
        found = self.resources.get(name)
        return list(found.fields) if found else []

    def titles(self, name: str) -> dict[str, str]:
        found = self.resources.get(name)
        return found.titles() if found else {}

    def measures(self, name: str) -> list[str]:
        found = self.resources.get(name)
        return found.measures() if found else []

    def rows(self, name: str) -> list[Row]:
        found = self.resources.get(name)
        return found.rows if found else []

    def unit_of(self, name: str) -> str:
        found = self.resources.get(name)
        return (found.unit if found and found.unit else None) or self.unit

    # checks -----------------------------------------------------------------------------
    def checks(self) -> list[dict[str, Any]]:
        return list(self.validation.get("checks") or [])

    def failing_checks(self) -> list[dict[str, Any]]:
        return [c for c in self.checks() if c.get("status") == "fail"]


def read_rows(path: Path) -> list[Row]:
    """A CSV file's rows; a missing or empty file has none."""
    return list(iter_rows(path))


def iter_rows(path: Path) -> Iterator[Row]:
    """A CSV file's rows one at a time (a large file is never held whole); a missing or empty
    file has none."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row)


def count_rows(path: Path) -> int:
    """How many rows `read_rows` gives for a CSV file, without holding them."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)  # the header
        return sum(1 for row in reader if row)  # DictReader skips empty lines too


def read_descriptor(directory: Path) -> dict[str, Any]:
    """The package's datapackage.json as written."""
    return dict(json.loads((directory / "datapackage.json").read_text(encoding="utf-8")))


def load_package(directory: Path, rows: bool = True) -> Package:
    """Read a package folder; resources whose CSV is missing are kept with no rows.

    ``rows=False`` reads the descriptor and validation only, every resource with no rows (a
    combined package holds every filing's rows: its size, not its rows, is what a page needs).
    """
    descriptor = read_descriptor(directory)
    package = Package(directory=directory, descriptor=descriptor)
    for item in descriptor.get("resources") or []:
        path = str(item.get("path") or f"data/{item['name']}.csv")
        schema = item.get("schema") or {}
        package.resources[item["name"]] = Resource(
            name=item["name"],
            path=path,
            unit=item.get("unit"),
            title=item.get("title"),
            fields=list(schema.get("fields") or []),
            rows=read_rows(directory / path) if rows else [],
        )
    package.xlsx = next((p.name for p in sorted(directory.glob("*.xlsx"))), None)
    validation = directory / "validation.json"
    if validation.exists():
        package.validation = json.loads(validation.read_text(encoding="utf-8"))
    return package


def find_packages(packages_dir: Path) -> list[Package]:
    """Every filing package (datapackage.json with gongkai filing metadata), sorted; combined
    packages (no filing_id) are left out."""
    return [load_package(directory) for directory, _ in find_package_meta(packages_dir)]


def find_package_meta(packages_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The folder and gongkai metadata of every filing package, in `find_packages`' order, read
    from the descriptors alone (no rows: a caller then loads one package at a time)."""
    found = []
    for path in sorted(packages_dir.glob("*/datapackage.json")):
        meta = dict(read_descriptor(path.parent).get("gongkai") or {})
        if meta.get("filing_id"):
            found.append((path.parent, meta))
    return sorted(found, key=lambda item: _sort_key(item[1]))


def _sort_key(meta: dict[str, Any]) -> tuple[Any, ...]:
    region = meta.get("region") or []
    return (
        tuple(region),
        -int(meta.get("year") or 0),
        str(meta.get("department_name") or ""),
        str(meta["filing_id"]),
    )
