"""The neutral document model every reader produces: ordered text and table blocks, no budget knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where something sits in the original file: page (PDF), line (text export), box (x0, top, x1, bottom)."""

    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown position"


@dataclass(frozen=True)
class Cell:
    """One printed cell. ``text`` is already normalised (full-width digits and punctuation folded)."""

    text: str
    location: Location = field(default_factory=Location)
    rowspan: int = 1
    colspan: int = 1

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class TextBlock:
    """A line or paragraph of running text (titles, headings, narrative, notes)."""

    text: str
    location: Location = field(default_factory=Location)


@dataclass(frozen=True)
class TableBlock:
    """A grid of cells as printed. Rows may be ragged where the source omits merged cells."""

    rows: tuple[tuple[Cell, ...], ...]
    location: Location = field(default_factory=Location)

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


Block = TextBlock | TableBlock


@dataclass(frozen=True)
class Document:
    """Everything a reader got out of one file, in reading order."""

    source: str  # file name, for messages
    format: str  # txt, pdf, xlsx, docx, html
    blocks: tuple[Block, ...]
    pages: int | None = None

    def text_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]

    def table_blocks(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]


class ReadError(Exception):
    """A file that cannot be read as a filing at all. The message names the file and says what to do."""
