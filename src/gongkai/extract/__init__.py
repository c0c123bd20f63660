"""Extraction: recognise every table of a filing by title and header, and type every value it prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai import codes
from gongkai.extract import narrative
from gongkai.extract.tables import (
    ColumnInfo,
    ExtractedTable,
    Problem,
    Record,
    TableExtractor,
    UnparsedCell,
    split_captions,
    unit_of,
)
from gongkai.model import Cell, Document, Location, TableBlock, TextBlock
from gongkai.normalize import collapse_spaces, parse_amount
from gongkai.templates import TableKind, kind_for_table, kind_for_title

__all__ = ["ExtractedTable", "Filing", "Problem", "extract_filing"]


@dataclass
class Filing:
    """Everything extracted from one filing (one or more documents), ready to be packaged."""

    filing_id: str
    sources: list[str]
    metadata: dict[str, Any]
    tables: list[ExtractedTable] = field(default_factory=list)
    performance_projects: list[Record] = field(default_factory=list)
    performance_indicators: list[Record] = field(default_factory=list)
    department_targets: list[dict[str, object]] = field(default_factory=list)
    paragraphs: list[narrative.Paragraph] = field(default_factory=list)
    glossary: list[dict[str, object]] = field(default_factory=list)
    unparsed: list[UnparsedCell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def table(self, table_id: str) -> ExtractedTable | None:
        return next((t for t in self.tables if t.table_id == table_id), None)


_TITLE_LOOKBACK = 5
_NOTE = re.compile(r"^注[:：]")
# Shanghai 绩效目标填报表: form label -> field of the value printed beside it / below it.
_FORM_BESIDE = {
    "项目名称": "project_name",
    "项目性质": "project_nature",
    "项目类别": "project_category",
    "主管部门": "department",
    "实施单位": "implementing_unit",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
    "项目资金总额": "funds_total",
    "其中：财政资金": "funds_fiscal",
    "其他资金": "funds_other",  # annual_other_funds in the 年度资金申请总额 block
    "年度资金申请总额": "annual_funds_requested",
    "其中：当年财政拨款": "annual_fiscal_appropriation",
    "上年结转资金": "annual_prior_year_carryover",
}
_FORM_BELOW = {"年度总体目标": "goal", "项目总目标": "overall_goal"}
_FORM_LABELS = {*_FORM_BESIDE, *_FORM_BELOW, "项目资金（元）", "项目绩效目标"}
_FORM_AMOUNTS = {
    "funds_total",
    "funds_fiscal",
    "funds_other",
    "annual_funds_requested",
    "annual_fiscal_appropriation",
    "annual_prior_year_carryover",
    "annual_other_funds",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROJECT_TITLE = re.compile(r"^(\d+)[、.．]\s*(.+?)(绩效目标表|绩效目标申报表)?$")
_TARGET = re.compile(
    r"^(?P<cmp>≥|≤|>|<|=|不低于|不高于|不超过|不少于|大于等于|小于等于|大于|小于|达到)?\s*"
    r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>\S*)$"
)
_COMPARATORS = {
    "不低于": "≥",
    "不少于": "≥",
    "大于等于": "≥",
    "达到": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "小于等于": "≤",
    "大于": ">",
    "小于": "<",
}


def _is_section_heading(text: str) -> bool:
    """A numbered heading of the narrative that names the table below it (二、部门决算单位构成),
    not a table title: it stays in the narrative as well."""
    return codes.has_ordinal(text) and "表" not in text


def parse_target_value(raw: str) -> dict[str, Any]:
    """``≥98%`` -> comparator ≥, number 98, unit %; ``较上年提升`` -> qualitative."""
    text = collapse_spaces(raw)
    match = _TARGET.match(text)
    if not text or not match:
        return {
            "comparator": None,
            "target_number": None,
            "target_unit": None,
            "target_kind": "qualitative" if text else None,
        }
    comparator = match.group("cmp")
    return {
        "comparator": _COMPARATORS.get(comparator or "", comparator),
        "target_number": Decimal(match.group("number")),
        "target_unit": match.group("unit") or None,
        "target_kind": "quantitative",
    }


class _Walker:
    def __init__(self, filing: Filing) -> None:
        self.filing = filing
        self.recent_text: list[TextBlock] = []
        self.used_as_title: set[int] = set()
        self.narrative_lines: list[tuple[str, Location]] = []
        self.last_table: ExtractedTable | None = None
        self.last_project: Record | None = None
        self.note_target: ExtractedTable | Record | None = None
        self.captions: list[str] = []

    # -- text -------------------------------------------------------------------------------
    def text(self, block: TextBlock) -> None:
        if not block.text:
            return
        if _NOTE.match(block.text) and self.note_target is not None:
            if isinstance(self.note_target, ExtractedTable):
                self.note_target.notes.append(block.text)
            return
        self.note_target = None
        self.recent_text.append(block)

    def flush_text(self, keep_last: int = 0) -> None:
        """Text blocks seen since the last table that were not used as a title are narrative."""
        for block in self.recent_text:
            if id(block) not in self.used_as_title:
                self.narrative_lines.append((block.text, block.location))
        self.recent_text = []

    # -- tables -----------------------------------------------------------------------------
    def find_title(self) -> TextBlock | None:
        """The nearest title-like line before the table; a line ending in 表 beats a group
        heading printed above the grid (财政拨款“三公”经费 under its 支出决算表 title)."""
        found = [
            block
            for block in reversed(self.recent_text[-_TITLE_LOOKBACK:])
            if kind_for_title(block.text) is not None
        ]
        return next((b for b in found if b.text.endswith("表")), found[0] if found else None)

    def table(self, block: TableBlock, source: str) -> None:
        captions, rows = split_captions(list(block.rows))
        header_text = re.sub(r"\s+", "", "".join(c.text for row in rows[:4] for c in row))
        # Caption lines printed as text just before the table (部门：… 单位：万元) count too.
        title_block = self.find_title()
        kind, header_matched = kind_for_table(title_block.text if title_block else "", header_text)
        if title_block is not None and not _is_section_heading(title_block.text):
            self.used_as_title.add(id(title_block))
        if title_block is not None:
            for text_block in self.recent_text[-_TITLE_LOOKBACK:]:
                if split_captions([(Cell(text_block.text),)])[0]:
                    captions.append(text_block.text)
                    self.used_as_title.add(id(text_block))
        preceding = self.recent_text[-1].text if self.recent_text else ""
        self.flush_text()
        self.captions.extend(captions)

        if kind is None and self.last_project is not None and "指标" in header_text:
            self.indicators(rows, self.last_project)
            return
        if kind is None:
            self.unrecognised(block, preceding, "no known title before this table")
            return
        title = title_block.text if title_block else ""
        if kind.layout == "performance":
            self.performance(title, rows, block)
            return
        if not header_matched:
            self.filing.problems.append(
                Problem(
                    "warning",
                    kind.name,
                    None,
                    f"title {title!r} names a {kind.title_zh} but its header lacks "
                    f"{'/'.join(kind.header)}; read as {kind.title_zh} anyway, check the result",
                    block.location,
                )
            )
        self.last_project = None
        if self.filing.table(kind.name) is not None:
            self.duplicate(kind, block, source, rows)
            return
        self.extract(kind, title, captions, rows, block)

    def extract(
        self,
        kind: TableKind,
        title: str,
        captions: list[str],
        rows: list[tuple[Cell, ...]],
        block: TableBlock,
    ) -> None:
        extractor = TableExtractor(kind.name, kind, title)
        layout = {
            "coded": extractor.coded,
            "two_sided": extractor.two_sided,
            "items": extractor.items,
            "listing": extractor.listing,
            "sources": extractor.sources,
            "overview": extractor.overview,
        }[kind.layout]
        columns: list[ColumnInfo]
        columns, records = layout(rows)
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
        )
        self.filing.tables.append(table)
        self.filing.problems.extend(extractor.problems)
        self.filing.unparsed.extend(extractor.unparsed)
        self.note_target = table
        self.last_table = table

    def duplicate(
        self, kind: TableKind, block: TableBlock, source: str, rows: list[tuple[Cell, ...]]
    ) -> None:
        self.filing.problems.append(
            Problem(
                "warning",
                kind.name,
                None,
                f"{kind.title_zh} printed a second time ({block.location.describe()}); the first "
                "copy is used and this one is kept in unparsed_cells. Check which is right.",
                block.location,
            )
        )
        self.keep_block(block, f"second copy of {kind.name}")

    def unrecognised(self, block: TableBlock, title: str, reason: str) -> None:
        self.filing.problems.append(
            Problem(
                "warning",
                "unrecognised",
                None,
                f"table at {block.location.describe()} not recognised ({reason}; text before it: "
                f"{title[:40]!r}); its cells are kept in unparsed_cells. Add its title to "
                "templates/tables.yaml if it is a standard table.",
                block.location,
            )
        )
        self.keep_block(block, "table not recognised")

    def keep_block(self, block: TableBlock, reason: str) -> None:
        table_name = f"block_{block.location.page or ''}_{block.location.line or ''}"
        for i, row in enumerate(block.rows, start=1):
            self.keep_row(table_name, i, row, reason)

    def keep_row(self, table: str, row_no: int, row: tuple[Cell, ...], reason: str) -> None:
        """Keep every printed cell of a row that no typed field takes (nothing is lost)."""
        for j, cell in enumerate(row):
            if not cell.is_empty:
                self.filing.unparsed.append(
                    UnparsedCell(table, row_no, j, cell.text, reason, cell.location)
                )

    # -- performance targets ----------------------------------------------------------------
    def performance(self, title: str, rows: list[tuple[Cell, ...]], block: TableBlock) -> None:
        match = _PROJECT_TITLE.match(title)
        project: Record = {
            "project_no": int(match.group(1))
            if match
            else len(self.filing.performance_projects) + 1,
            "project_name": (match.group(2) if match else title).strip(),
            "title": title,
            "goal": None,
            "page": block.location.page,
            "source_line": block.location.line,
        }
        self.filing.performance_projects.append(project)
        self.last_project = project
        header_text = "".join(c.text for row in rows[:2] for c in row)
        if "一级指标" in header_text:
            self.indicators(rows, project)
        elif rows and collapse_spaces(rows[0][0].text) == "项目名称":
            self.target_form(rows, project)
        else:
            for row in rows:
                texts = [c.text.strip() for c in row if c.text.strip()]
                if len(texts) >= 2 and re.search(r"绩效目标|年度目标|总体目标", texts[0]):
                    project["goal"] = collapse_spaces(" ".join(texts[1:]))
                elif texts:
                    self.keep_row(
                        "performance_projects",
                        project["project_no"],
                        row,
                        "project field not recognised",
                    )

    def target_form(self, rows: list[tuple[Cell, ...]], project: Record) -> None:
        """Shanghai 财政项目支出绩效目标填报表: a form (项目名称 | name | 项目性质 | … ; 年度总体目标
        over the goal) above the indicator rows. Each label's value is the next printed cell of
        its row (项目总目标 and 年度总体目标: the cell below); a label whose value does not parse
        (an amount, an ISO date) is kept with its value in unparsed_cells."""
        used: set[int] = set()
        assigned: set[str] = set()
        indicator_start = next(
            (i for i, row in enumerate(rows) if any("一级指标" in c.text for c in row)), len(rows)
        )
        annual_column = next(
            (
                j
                for row in rows[:indicator_start]
                for j, c in enumerate(row)
                if collapse_spaces(c.text) == "年度资金申请总额"
            ),
            None,
        )
        for i, row in enumerate(rows[:indicator_start]):
            for j, cell in enumerate(row):
                label = re.sub(r"\s+", "", cell.text)
                if label in _FORM_BELOW and i + 1 < indicator_start:
                    below = rows[i + 1][j]
                    if below.text.strip():
                        project[_FORM_BELOW[label]] = collapse_spaces(below.text)
                        used.update({id(cell), id(below)})
                    continue
                name = _FORM_BESIDE.get(label)
                if name == "funds_other" and annual_column is not None and j >= annual_column:
                    name = "annual_other_funds"
                if name is None or name in assigned:
                    continue
                value = next((c for c in row[j + 1 :] if c.text.strip()), None)
                if value is None or re.sub(r"\s+", "", value.text) in _FORM_LABELS:
                    continue
                text = collapse_spaces(value.text)
                typed: Any = text
                if name in _FORM_AMOUNTS:
                    try:
                        typed = parse_amount(text)
                    except ValueError:
                        continue
                elif name in ("start_date", "end_date") and not _ISO_DATE.match(text):
                    continue
                project[name] = typed
                assigned.add(name)
                used.update({id(cell), id(value)})
        # Block labels are used when a field of their block is typed (项目资金 is printed in 元).
        for row in rows[:indicator_start]:
            for cell in row:
                label = re.sub(r"\s+", "", cell.text)
                if (label == "项目资金（元）" and project.get("funds_total") is not None) or (
                    label == "项目绩效目标" and (project.get("goal") or project.get("overall_goal"))
                ):
                    used.add(id(cell))
        for row in rows[:indicator_start]:
            for j, cell in enumerate(row):
                if not cell.is_empty and id(cell) not in used:
                    self.filing.unparsed.append(
                        UnparsedCell(
                            "performance_projects",
                            project["project_no"],
                            j,
                            cell.text,
                            "project field not recognised",
                            cell.location,
                        )
                    )
        if indicator_start < len(rows):
            self.indicators(rows[indicator_start:], project)

    def indicators(self, rows: list[tuple[Cell, ...]], project: Record) -> None:
        columns: tuple[str, ...] = (
            "level1",
            "level2",
            "level3",
            "description",
            "target_raw",
            "basis",
        )
        header_index = next(
            (i for i, row in enumerate(rows) if any("一级指标" in c.text for c in row)), 0
        )
        header = [collapse_spaces(c.text) for c in rows[header_index]]
        first_level = next(j for j, h in enumerate([*header, "一级指标"]) if "一级指标" in h)
        if first_level and not any(h and "一级指标" not in h for h in header[:first_level]):
            # A form prints a row label (绩效指标) in the columns before 一级指标; the levels, the
            # indicator and its value are found by their header words.
            named = {
                "level1": "一级指标",
                "level2": "二级指标",
                "level3": "三级指标",
                "target_raw": "指标值",
            }
            position = {
                name: next((j for j, h in enumerate(header) if word in h), None)
                for name, word in named.items()
            }
            columns = tuple(
                next((name for name, j in position.items() if j == k), f"_{k}")
                for k in range(len(header))
            )
        fill: dict[str, str] = {}
        number = 0
        for row in rows[header_index + 1 :]:
            texts = [c.text for c in row]
            if not any(t.strip() for t in texts):
                continue
            number += 1
            if len(row) != len(header):
                self.filing.problems.append(
                    Problem(
                        "error",
                        "performance_indicators",
                        number,
                        f"project {project['project_no']}: row has {len(row)} cells, header "
                        f"{len(header)}; kept in unparsed_cells",
                        row[0].location,
                    )
                )
                self.keep_row(
                    "performance_indicators", number, row, "row width differs from header"
                )
                continue
            record: Record = {"project_no": project["project_no"], "indicator_no": number}
            for k, (name, text) in enumerate(zip(columns, texts, strict=False)):
                value = collapse_spaces(text)
                if name.startswith("_"):
                    if value:  # the form's row label (绩效指标)
                        self.filing.unparsed.append(
                            UnparsedCell(
                                "performance_indicators",
                                number,
                                k,
                                row[k].text,
                                "form label",
                                row[k].location,
                            )
                        )
                    continue
                if name in ("level1", "level2"):
                    value = value or fill.get(name, "")
                    fill[name] = value
                    if name == "level1" and collapse_spaces(text):
                        fill.pop("level2", None)
                record[name] = value or None
            record.update(parse_target_value(record.get("target_raw") or ""))
            record["page"] = row[0].location.page
            record["source_line"] = row[0].location.line
            self.filing.performance_indicators.append(record)


_DEPARTMENT = re.compile(
    r"^(?:部门(?:名称)?[:：]|编制(?:部门|单位)[:：])?\s*(\d{3,})?\s*(\D.+?)(?:\s+单位[:：].*)?$"
)
_YEAR = re.compile(r"(?:预算年度|年度)[:：]\s*(\d{4})")


def _metadata_from_captions(captions: list[str], metadata: dict[str, Any]) -> None:
    for text in captions:
        year = _YEAR.search(text)
        if year and not metadata.get("year_printed"):
            metadata["year_printed"] = int(year.group(1))
            continue
        if re.match(r"^(单位|金额单位|截止)", text):
            if text.startswith("截止") and not metadata.get("assets_as_of"):
                metadata["assets_as_of"] = re.sub(r"^截止(时间|日期)[:：]\s*", "", text)
            continue
        department = _DEPARTMENT.match(text)
        if department and not metadata.get("department_name_printed"):
            metadata["department_code"] = department.group(1)
            metadata["department_name_printed"] = department.group(2).strip()


def extract_filing(filing_id: str, documents: list[Document], metadata: dict[str, Any]) -> Filing:
    """Extract every table, the performance targets and the narrative of one filing."""
    filing = Filing(
        filing_id=filing_id, sources=[d.source for d in documents], metadata=dict(metadata)
    )
    walker = _Walker(filing)
    for document in documents:
        for block in document.blocks:
            if isinstance(block, TableBlock):
                walker.table(block, document.source)
            else:
                walker.text(block)
        walker.flush_text()
        walker.note_target = None
    filing.paragraphs = narrative.sections(walker.narrative_lines)
    filing.department_targets = narrative.department_targets(filing.paragraphs)
    filing.glossary = narrative.glossary(filing.paragraphs)
    _metadata_from_captions(walker.captions, filing.metadata)
    units = [t.unit for t in filing.tables if t.kind.layout in ("coded", "two_sided", "items")]
    if units and not filing.metadata.get("unit"):
        filing.metadata["unit"] = max(set(u for u in units if u), key=units.count, default=None)
    filing.metadata["phase_printed"] = _phase(filing)
    year, scope = _year_and_scope(filing)
    if year is not None and not filing.metadata.get("year_printed"):
        filing.metadata["year_printed"] = year
    if not filing.metadata.get("department_name_printed"):
        name = _name_from_titles(filing)
        if name:
            filing.metadata["department_name_printed"] = name
    if scope is not None:
        filing.metadata["scope_printed"] = scope
        # Like the phase, a scope the provenance does not state is the one the filing prints.
        filing.metadata.setdefault("scope", scope)
    return filing


# A filing's own year and scope as its cover, headings and table titles print them:
# 上海市普陀区社会福利院2024年单位预算, 2024年预算单位财务收支预算总表, 十二、2017年部门政府采购….
# Prose compares with other years (比2016年预算增加…): only titles and headings vote.
_TITLE_YEAR = re.compile(
    r"(20\d{2})\s*年度?\s*(?:部门|单位|预算单位|政府采购|[^\d，。,；]{0,12}?)(?:预算|决算)"
)
_UNIT_SCOPE = re.compile(r"单位预算|预算单位|单位决算|决算单位")
_DEPARTMENT_SCOPE = re.compile(r"部门预算|部门决算|部门财务|部门收支|部门收入|部门支出")


# 上海市普陀区财政局2024年度部门决算, 第二部分江苏省高级人民法院2017年度部门预算表,
# 2017年度江苏省高级人民法院部门预算公开: the department's name around the year.
_NAME_TITLE = re.compile(
    r"^(?:第.部分)?(?:(?P<before>[^\d\s]{4,40}?)20\d{2}年度?|20\d{2}年度?(?P<after>[^\d\s]{4,40}?))"
    r"(?:部门|单位)(?:预算|决算)"
)


def _name_from_titles(filing: Filing) -> str | None:
    """The department or unit named in the cover or part titles, when no caption names it."""
    texts = [p.text for p in filing.paragraphs if p.section_no == 0][:3]
    texts += [p.text for p in filing.paragraphs if p.section_no > 0 and p.paragraph_no == 0]
    names = []
    for text in texts:
        match = _NAME_TITLE.match(re.sub(r"\s+", "", text))
        if match:
            names.append(match.group("before") or match.group("after"))
    return max(sorted(set(names)), key=names.count) if names else None


def _year_and_scope(filing: Filing) -> tuple[int | None, str | None]:
    """Table titles decide; without a year in any title, the cover (its first lines) and the
    headings do (section 0 of a PDF also holds the prose before the first heading found)."""
    titles = [t.title for t in filing.tables]
    cover = [p.text for p in filing.paragraphs if p.section_no == 0][:3]
    headings = [p.text for p in filing.paragraphs if p.section_no > 0 and p.paragraph_no == 0]
    year: int | None = None
    for texts in (titles, cover + headings):
        years = [int(m.group(1)) for text in texts for m in _TITLE_YEAR.finditer(text)]
        if years:
            year = max(sorted(set(years)), key=years.count)
            break
    texts = titles + cover + headings
    units = sum(len(_UNIT_SCOPE.findall(text)) for text in texts)
    departments = sum(len(_DEPARTMENT_SCOPE.findall(text)) for text in texts)
    scope = None if units == departments else ("单位" if units > departments else "部门")
    return year, scope


def _phase(filing: Filing) -> str | None:
    titles = "".join(t.title for t in filing.tables)
    if "决算" in titles:
        return "决算"
    if "预算" in titles:
        return "预算"
    return None


def amount_or_none(text: str) -> Decimal | None:
    return parse_amount(text)
