"""What extraction finds: tables with their records, problems, cells kept as printed, the filing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.extract.narrative import Paragraph
from gongkai.model import Cell, Location
from gongkai.templates import TableKind

Record = dict[str, Any]


@dataclass
class Problem:
    """Something a reader of the filing must know: where, what, and what to do."""

    severity: str  # "error" (data could not be read) or "warning" (kept, but look at it)
    table: str
    row: int | None
    message: str
    location: Location | None = None

    def describe(self, source: str) -> str:
        where = [source, f"table {self.table}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.location is not None and (self.location.page or self.location.line):
            where.append(self.location.describe())
        return f"{': '.join([', '.join(where), self.message])}"


@dataclass
class ColumnInfo:
    """A printed column: its position, its flattened header label and the field it is read into."""

    index: int
    label: str
    field: str | None


@dataclass
class UnparsedCell:
    """A printed cell that could not be put into a typed field; kept so that nothing is lost."""

    table: str
    row: int
    column: int
    text: str
    reason: str
    location: Location


@dataclass
class ExtractedTable:
    table_id: str  # resource name, e.g. income_by_function
    kind: TableKind
    title: str
    unit: str | None
    location: Location
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[ColumnInfo] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    source_file: str | None = None  # the original file (as copied into original/) it is printed in


@dataclass
class Filing:
    """Everything found in one filing (one or more documents) while it is being extracted."""

    filing_id: str
    sources: list[str]
    metadata: dict[str, Any]
    tables: list[ExtractedTable] = field(default_factory=list)
    performance_projects: list[Record] = field(default_factory=list)
    performance_indicators: list[Record] = field(default_factory=list)
    department_targets: list[dict[str, object]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    glossary: list[dict[str, object]] = field(default_factory=list)
    unparsed: list[UnparsedCell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def table(self, table_id: str) -> ExtractedTable | None:
        return next((t for t in self.tables if t.table_id == table_id), None)

    def keep_row(self, table: str, row_no: int, row: tuple[Cell, ...], reason: str) -> None:
        """Keep every printed cell of a row that no typed field takes (nothing is lost)."""
        for j, cell in enumerate(row):
            if not cell.is_empty:
                self.unparsed.append(
                    UnparsedCell(table, row_no, j, cell.text, reason, cell.location)
                )
