"""Inline fixtures: a table block from printed rows, one text line per row (as a text export)."""

from __future__ import annotations

from gongkai.model import Cell, Location, TableBlock, TextBlock


def rows(*printed: str, first_line: int = 1, page: int | None = None) -> list[tuple[Cell, ...]]:
    """Rows of cells from lines with cells separated by '|' (spaces around cells are dropped)."""
    return [
        tuple(
            Cell(text.strip(), Location(page=page, line=first_line + i)) for text in line.split("|")
        )
        for i, line in enumerate(printed)
    ]


def block(*printed: str, first_line: int = 1, page: int | None = None) -> TableBlock:
    grid = rows(*printed, first_line=first_line, page=page)
    return TableBlock(tuple(grid), Location(page=page, line=first_line))


def text(line: str, number: int, page: int | None = None) -> TextBlock:
    return TextBlock(line, Location(page=page, line=number))
