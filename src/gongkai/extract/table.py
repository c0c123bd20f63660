"""The common part of every table extractor: amounts, kept cells, the header grid, row widths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from gongkai.extract.header import (
    column_count,
    flatten_header,
    header_texts,
    is_column_number_row,
    split_header,
)
from gongkai.extract.results import ColumnInfo, Problem, Record, UnparsedCell
from gongkai.model import Cell
from gongkai.normalize import AmountError, collapse_spaces, parse_amount
from gongkai.templates import TableKind

Row = tuple[Cell, ...]
# A statement printed in a body row that the table has no lines (省检察院 2018 基金表: 此表为空).
_EMPTY_STATEMENT = re.compile(r"^(注[:：])?\s*(此|本)表(为)?空(表)?[。.]?$|^(为)?空表[。.]?$")


class TableExtractor:
    """Extracts one table of a layout. Problems go to ``problems``; cells that fit no field to
    ``unparsed``; a layout subclass implements ``extract``."""

    def __init__(self, kind: TableKind, title: str) -> None:
        self.table_id = kind.name
        self.kind = kind
        self.title = title
        self.problems: list[Problem] = []
        self.unparsed: list[UnparsedCell] = []
        self.notes: list[str] = []

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        raise NotImplementedError

    def amount(self, cell: Cell | None, row: int, column: str) -> Decimal | None:
        if cell is None:
            return None
        try:
            return parse_amount(cell.text)
        except AmountError:
            self.problems.append(
                Problem(
                    "error",
                    self.table_id,
                    row,
                    f"column {column}: {cell.text!r} is not an amount; kept as text in "
                    "unparsed_cells. Check the original and correct the reader or the file.",
                    cell.location,
                )
            )
            self.keep(row, -1, cell, f"not an amount in column {column}")
            return None

    def keep(self, row: int, column: int, cell: Cell, reason: str) -> None:
        self.unparsed.append(
            UnparsedCell(self.table_id, row, column, cell.text, reason, cell.location)
        )

    def grid(self, rows: list[Row]) -> tuple[list[str], list[Row], int]:
        """(one label per column, body rows without 栏次 rows, column count)."""
        texts = [[c.text for c in row] for row in rows]
        n_header = split_header(texts)
        body = [row for row in rows[n_header:] if not is_column_number_row([c.text for c in row])]
        width = column_count(texts[:n_header], body)
        return flatten_header(header_texts(rows[:n_header]), width), body, width

    def body_rows(self, body: list[Row], width: int) -> Iterator[tuple[int, Row]]:
        """(printed row number, row) of every non-blank row as wide as the header; lazily, so
        that a row's width problem is reported in its place among the others."""
        for index, row in enumerate(body, start=1):
            if any(c.text.strip() for c in row) and self.check_width(row, width, index):
                yield index, row

    def check_width(self, row: Row, width: int, line_no: int) -> bool:
        if len(row) == width:
            return True
        self.problems.append(
            Problem(
                "error",
                self.table_id,
                line_no,
                f"row has {len(row)} cells where the header has {width}; the row is kept in "
                "unparsed_cells. A cell may be missing or split in the original: fix the file "
                "or report the layout.",
                row[0].location if row else None,
            )
        )
        for j, cell in enumerate(row):
            if not cell.is_empty:
                self.keep(line_no, j, cell, "row width differs from header")
        return False

    def empty_statement(self, row: Row) -> bool:
        """A row saying the table is empty is a note of the table, not a line of it."""
        texts = [collapse_spaces(c.text) for c in row if c.text.strip()]
        if len(texts) == 1 and _EMPTY_STATEMENT.match(texts[0]):
            self.notes.append(texts[0])
            return True
        return False

    def report_unmapped(self, columns: list[ColumnInfo]) -> None:
        for column in columns:
            if column.field is None and column.label:
                self.problems.append(
                    Problem(
                        "warning",
                        self.table_id,
                        None,
                        f"column {column.index + 1} {column.label!r} is not a known column of "
                        f"{self.kind.title_zh}; its cells are kept in unparsed_cells",
                    )
                )

    def warn(self, row: int | None, message: str, cell: Cell | None = None) -> None:
        self.problems.append(
            Problem("warning", self.table_id, row, message, cell.location if cell else None)
        )


def located(record: Record, cell: Cell) -> Record:
    """The record with the page and source line of the cell that starts it, as the last fields."""
    record["page"] = cell.location.page
    record["source_line"] = cell.location.line
    return record
