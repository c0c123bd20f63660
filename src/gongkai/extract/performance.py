"""Performance target tables (项目绩效目标表): one project per table, its goal and its indicators."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gongkai.extract.forms import read_target_form
from gongkai.extract.results import Filing, Problem, Record, UnparsedCell
from gongkai.model import Cell, TableBlock
from gongkai.normalize import collapse_spaces
from gongkai.templates import performance_rules

Row = tuple[Cell, ...]
_PROJECT_TITLE = re.compile(r"^(\d+)[、.．]\s*(.+?)(绩效目标表|绩效目标申报表)?$")
_DEFAULT_COLUMNS = ("level1", "level2", "level3", "description", "target_raw", "basis")


def parse_target_value(raw: str) -> dict[str, Any]:
    """``≥98%`` -> comparator ≥, number 98, unit %; ``较上年提升`` -> qualitative."""
    text = collapse_spaces(raw)
    match = performance_rules().target.match(text)
    if not text or not match:
        return {
            "comparator": None,
            "target_number": None,
            "target_unit": None,
            "target_kind": "qualitative" if text else None,
        }
    comparator = match.group("cmp")
    return {
        "comparator": performance_rules().comparators.get(comparator or "", comparator),
        "target_number": Decimal(match.group("number")),
        "target_unit": match.group("unit") or None,
        "target_kind": "quantitative",
    }


def read_project(filing: Filing, title: str, rows: list[Row], block: TableBlock) -> Record:
    """A performance table: the project it is titled with, then its goal, form or indicators."""
    match = _PROJECT_TITLE.match(title)
    project: Record = {
        "project_no": int(match.group(1)) if match else len(filing.performance_projects) + 1,
        "project_name": (match.group(2) if match else title).strip(),
        "title": title,
        "goal": None,
        "page": block.location.page,
        "source_line": block.location.line,
    }
    filing.performance_projects.append(project)
    rules = performance_rules()
    header_text = "".join(c.text for row in rows[:2] for c in row)
    if rules.indicator_header in header_text:
        read_indicators(filing, rows, project)
    elif rows and collapse_spaces(rows[0][0].text) == rules.form.first_label:
        start = read_target_form(filing, rows, project)
        if start < len(rows):
            read_indicators(filing, rows[start:], project)
    else:
        for row in rows:
            texts = [c.text.strip() for c in row if c.text.strip()]
            if len(texts) >= 2 and rules.goal_label.search(texts[0]):
                project["goal"] = collapse_spaces(" ".join(texts[1:]))
            elif texts:
                filing.keep_row(
                    "performance_projects",
                    project["project_no"],
                    row,
                    "project field not recognised",
                )
    return project


def _columns(header: list[str]) -> tuple[str, ...]:
    """The field of each indicator column. A form prints a row label (绩效指标) in the columns
    before 一级指标; the levels, the indicator and its value are then found by their header words."""
    word = performance_rules().indicator_header
    first_level = next(j for j, h in enumerate([*header, word]) if word in h)
    if not first_level or any(h and word not in h for h in header[:first_level]):
        return _DEFAULT_COLUMNS
    position = {
        name: next((j for j, h in enumerate(header) if label in h), None)
        for name, label in performance_rules().indicator_columns.items()
    }
    return tuple(
        next((name for name, j in position.items() if j == k), f"_{k}") for k in range(len(header))
    )


def read_indicators(filing: Filing, rows: list[Row], project: Record) -> None:
    word = performance_rules().indicator_header
    header_index = next((i for i, row in enumerate(rows) if any(word in c.text for c in row)), 0)
    header = [collapse_spaces(c.text) for c in rows[header_index]]
    columns = _columns(header)
    fill: dict[str, str] = {}
    number = 0
    for row in rows[header_index + 1 :]:
        if not any(c.text.strip() for c in row):
            continue
        number += 1
        if len(row) != len(header):
            filing.problems.append(
                Problem(
                    "error",
                    "performance_indicators",
                    number,
                    f"project {project['project_no']}: row has {len(row)} cells, header "
                    f"{len(header)}; kept in unparsed_cells",
                    row[0].location,
                )
            )
            filing.keep_row("performance_indicators", number, row, "row width differs from header")
            continue
        filing.performance_indicators.append(
            _indicator(filing, columns, row, project, number, fill)
        )


def _indicator(
    filing: Filing,
    columns: tuple[str, ...],
    row: Row,
    project: Record,
    number: int,
    fill: dict[str, str],
) -> Record:
    """One indicator line; level1/level2 printed once over several lines fill down (``fill``)."""
    record: Record = {"project_no": project["project_no"], "indicator_no": number}
    for k, (name, cell) in enumerate(zip(columns, row, strict=False)):
        value = collapse_spaces(cell.text)
        if name.startswith("_"):
            if value:  # the form's row label (绩效指标)
                filing.unparsed.append(
                    UnparsedCell(
                        "performance_indicators", number, k, cell.text, "form label", cell.location
                    )
                )
            continue
        if name in ("level1", "level2"):
            value = value or fill.get(name, "")
            fill[name] = value
            if name == "level1" and collapse_spaces(cell.text):
                fill.pop("level2", None)
        record[name] = value or None
    record.update(parse_target_value(record.get("target_raw") or ""))
    record["page"] = row[0].location.page
    record["source_line"] = row[0].location.line
    return record
