"""What validation reads (a saved package, typed back from its CSVs) and what it writes (checks)."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass
class Check:
    check_id: str
    category: str
    status: str  # pass, fail, skip
    description_zh: str
    description_en: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    table_id: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    source_line: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Row:
    """One CSV row with typed access; blank cells are None."""

    def __init__(self, values: dict[str, str], number_fields: set[str]) -> None:
        self.values = values
        self._numbers = number_fields

    def text(self, field: str) -> str | None:
        value = self.values.get(field)
        return value if value else None

    def amount(self, field: str) -> Decimal | None:
        value = self.values.get(field)
        return Decimal(value) if value else None

    def int(self, field: str) -> int | None:
        value = self.values.get(field)
        return int(value) if value else None

    def label(self) -> str:
        for field in ("code", "item", "name"):
            if self.values.get(field):
                return self.values[field]
        return self.values.get("line_no", "")

    def key(self) -> str:
        """A stable key for check ids: side and line number (two-sided tables) or code/line."""
        parts = [self.values.get("side") or "", self.values.get("code") or ""]
        if not parts[1]:
            parts.append(f"L{self.values.get('line_no', '')}")
        return ".".join(p for p in parts if p)


class Package:
    """A data package on disk, read back as typed rows (the contract between stages)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        path = directory / "datapackage.json"
        self.descriptor: dict[str, Any] = json.loads(path.read_text("utf-8"))
        self._resources = {r["name"]: r for r in self.descriptor["resources"]}
        self._cache: dict[str, list[Row]] = {}

    @cached_property
    def metadata(self) -> dict[str, Any]:
        return dict(self.descriptor.get("gongkai", {}))

    def has(self, name: str) -> bool:
        return name in self._resources

    def resource(self, name: str) -> dict[str, Any]:
        return self._resources[name]

    def fields(self, name: str) -> list[dict[str, Any]]:
        return list(self._resources[name]["schema"]["fields"]) if self.has(name) else []

    def titles(self, name: str) -> dict[str, str]:
        return {f["name"]: f.get("title", f["name"]) for f in self.fields(name)}

    def measures(self, name: str) -> list[str]:
        skip = {"line_no", "page", "source_line"}
        return [
            f["name"] for f in self.fields(name) if f["type"] == "number" and f["name"] not in skip
        ]

    def rows(self, name: str) -> list[Row]:
        if not self.has(name):
            return []
        if name not in self._cache:
            numbers = {f["name"] for f in self.fields(name) if f["type"] == "number"}
            path = self.directory / self._resources[name]["path"]
            with open(path, encoding="utf-8", newline="") as handle:
                self._cache[name] = [Row(row, numbers) for row in csv.DictReader(handle)]
        return self._cache[name]
