"""Walk a filing's documents in reading order: find each table's title, captions and notes, hand the
table to its extractor, and collect the text no table uses as the narrative."""

from __future__ import annotations

import re

from gongkai import codes
from gongkai.extract.header import is_caption, split_captions, unit_of
from gongkai.extract.performance import read_indicators, read_project
from gongkai.extract.results import ExtractedTable, Filing, Problem, Record
from gongkai.extract.tables import extractor_for
from gongkai.model import Cell, Location, TableBlock, TextBlock
from gongkai.templates import TableKind, kind_for_table, kind_for_title

Row = tuple[Cell, ...]
_TITLE_LOOKBACK = 5
_NOTE = re.compile(r"^注[:：]")


def _is_section_heading(text: str) -> bool:
    """A numbered heading of the narrative that names the table below it (二、部门决算单位构成),
    not a table title: it stays in the narrative as well."""
    return codes.has_ordinal(text) and "表" not in text


class Walker:
    def __init__(self, filing: Filing) -> None:
        self.filing = filing
        self.recent_text: list[TextBlock] = []
        self.used_as_title: set[int] = set()
        self.narrative_lines: list[tuple[str, Location]] = []
        self.last_project: Record | None = None
        self.note_target: ExtractedTable | None = None
        self.captions: list[str] = []

    def text(self, block: TextBlock) -> None:
        if not block.text:
            return
        if _NOTE.match(block.text) and self.note_target is not None:
            self.note_target.notes.append(block.text)
            return
        self.note_target = None
        self.recent_text.append(block)

    def flush_text(self) -> None:
        """Text blocks seen since the last table that were not used as a title are narrative."""
        for block in self.recent_text:
            if id(block) not in self.used_as_title:
                self.narrative_lines.append((block.text, block.location))
        self.recent_text = []

    def end_document(self) -> None:
        self.flush_text()
        self.note_target = None

    def find_title(self) -> TextBlock | None:
        """The nearest title-like line before the table; a line ending in 表 beats a group
        heading printed above the grid (财政拨款“三公”经费 under its 支出决算表 title). A note
        (注：…) is never a title: 陕西's 注：…资金性质指一般公共预算支出、政府性基金预算支出…
        under one table had named the next one a 政府性基金 table."""
        found = [
            block
            for block in reversed(self.recent_text[-_TITLE_LOOKBACK:])
            if not _NOTE.match(block.text) and kind_for_title(block.text) is not None
        ]
        return next((b for b in found if b.text.endswith("表")), found[0] if found else None)

    def title_and_captions(self, captions: list[str]) -> TextBlock | None:
        """The title line, marking it and the caption lines printed as text just before the
        table (部门：… 单位：万元) as used; the captions are added to ``captions``."""
        title_block = self.find_title()
        if title_block is not None and not _is_section_heading(title_block.text):
            self.used_as_title.add(id(title_block))
        if title_block is not None:
            for text_block in self.recent_text[-_TITLE_LOOKBACK:]:
                if is_caption(text_block.text):
                    captions.append(text_block.text)
                    self.used_as_title.add(id(text_block))
        return title_block

    def table(self, block: TableBlock, source: str) -> None:
        captions, rows = split_captions(list(block.rows))
        header_text = re.sub(r"\s+", "", "".join(c.text for row in rows[:4] for c in row))
        title_block = self.title_and_captions(captions)
        kind, header_matched = kind_for_table(title_block.text if title_block else "", header_text)
        preceding = self.recent_text[-1].text if self.recent_text else ""
        self.flush_text()
        self.captions.extend(captions)
        if kind is None and self.last_project is not None and "指标" in header_text:
            read_indicators(self.filing, rows, self.last_project)
            return
        if kind is None:
            self.unrecognised(block, preceding)
            return
        title = title_block.text if title_block else ""
        if kind.layout == "performance":
            self.last_project = read_project(self.filing, title, rows, block)
            return
        if not header_matched:
            self.warn(
                kind.name,
                f"title {title!r} names a {kind.title_zh} but its header lacks "
                f"{'/'.join(kind.header)}; read as {kind.title_zh} anyway, check the result",
                block,
            )
        self.last_project = None
        if self.filing.table(kind.name) is not None:
            self.warn(
                kind.name,
                f"{kind.title_zh} printed a second time ({block.location.describe()}); the first "
                "copy is used and this one is kept in unparsed_cells. Check which is right.",
                block,
            )
            self.keep_block(block, f"second copy of {kind.name}")
            return
        self.extract(kind, title, captions, rows, block, source)

    def extract(
        self,
        kind: TableKind,
        title: str,
        captions: list[str],
        rows: list[Row],
        block: TableBlock,
        source: str,
    ) -> None:
        extractor = extractor_for(kind, title)
        columns, records = extractor.extract(rows)
        table = ExtractedTable(
            table_id=kind.name,
            kind=kind,
            title=title,
            unit=unit_of(captions + [c.label for c in columns]) or self.filing.metadata.get("unit"),
            location=block.location,
            captions=captions,
            columns=columns,
            records=records,
            notes=extractor.notes,
            pages=sorted({c.location.page for r in block.rows for c in r if c.location.page}),
            source_file=source,
        )
        self.filing.tables.append(table)
        self.filing.problems.extend(extractor.problems)
        self.filing.unparsed.extend(extractor.unparsed)
        self.note_target = table

    def unrecognised(self, block: TableBlock, preceding: str) -> None:
        self.warn(
            "unrecognised",
            f"table at {block.location.describe()} not recognised (no known title before this "
            f"table; text before it: {preceding[:40]!r}); its cells are kept in unparsed_cells. "
            "Add its title to templates/tables.yaml if it is a standard table.",
            block,
        )
        self.keep_block(block, "table not recognised")

    def keep_block(self, block: TableBlock, reason: str) -> None:
        table_name = f"block_{block.location.page or ''}_{block.location.line or ''}"
        for i, row in enumerate(block.rows, start=1):
            self.filing.keep_row(table_name, i, row, reason)

    def warn(self, table: str, message: str, block: TableBlock) -> None:
        self.filing.problems.append(Problem("warning", table, None, message, block.location))
