"""A table as found on one page (ruled or aligned), in page coordinates, until it becomes a TableBlock."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.model import Cell, Location, TableBlock
from gongkai.readers.pdf.lines import BBox


class TextEnds:
    """Where the last text line of each filled cell ends, and its font size: tells a wrapped label.

    Keyed by the cell object; the cell is held here too, so that its id cannot be handed to a new
    cell once the table drops it.
    """

    def __init__(self) -> None:
        self._ends: dict[int, tuple[Cell, tuple[float, float]]] = {}

    def set(self, cell: Cell, end: tuple[float, float]) -> None:
        self._ends[id(cell)] = (cell, end)

    def get(self, cell: Cell) -> tuple[float, float] | None:
        held = self._ends.get(id(cell))
        return held[1] if held is not None else None

    def update(self, other: TextEnds) -> None:
        self._ends.update(other._ends)


@dataclass
class RawTable:
    """A table ready to become a TableBlock, still in page coordinates."""

    page: int
    rows: list[list[Cell]]
    bbox: BBox
    col_bounds: list[float]
    filled: TextEnds = field(default_factory=TextEnds)


def finish_table(table: RawTable) -> TableBlock:
    """The document model's table: the rows as they are, located by page and box."""
    return TableBlock(
        rows=tuple(tuple(row) for row in table.rows),
        location=Location(page=table.page, bbox=table.bbox),
    )
