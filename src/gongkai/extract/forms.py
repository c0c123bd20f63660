"""Key/value forms printed above a project's indicators (Shanghai 财政项目支出绩效目标填报表).

The form's labels and the fields they fill are data: templates/performance.yaml `form`.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.extract.results import Filing, Record, UnparsedCell
from gongkai.model import Cell
from gongkai.normalize import collapse_spaces, parse_amount
from gongkai.templates import TargetForm, performance_rules

Row = tuple[Cell, ...]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _label(cell: Cell) -> str:
    return re.sub(r"\s+", "", cell.text)


def _typed(form: TargetForm, name: str, text: str) -> tuple[bool, Any]:
    """(parsed, value): amounts as Decimal, dates only in ISO form, the rest as text."""
    if name in form.amounts:
        try:
            return True, parse_amount(text)
        except ValueError:
            return False, None
    if name in form.dates and not _ISO_DATE.match(text):
        return False, None
    return True, text


def read_target_form(filing: Filing, rows: list[Row], project: Record) -> int:
    """Fill the project's fields from the form; return the index of the indicator header row.

    Each label's value is the next printed cell of its row (`below` labels: the cell below); a
    label whose value does not parse (an amount, an ISO date) is kept with its value in
    unparsed_cells, as is every cell no field takes.
    """
    form = performance_rules().form
    word = performance_rules().indicator_header
    end = next((i for i, row in enumerate(rows) if any(word in c.text for c in row)), len(rows))
    used = _fill_fields(form, rows, end, project)
    # Block labels are used when a field of their block is typed (项目资金 is printed in 元).
    for row in rows[:end]:
        for cell in row:
            fields = form.block_labels.get(_label(cell))
            if fields is not None and any(project.get(f) is not None for f in fields):
                used.add(id(cell))
    for row in rows[:end]:
        for j, cell in enumerate(row):
            if not cell.is_empty and id(cell) not in used:
                filing.unparsed.append(
                    UnparsedCell(
                        "performance_projects",
                        project["project_no"],
                        j,
                        cell.text,
                        "project field not recognised",
                        cell.location,
                    )
                )
    return end


def _fill_fields(form: TargetForm, rows: list[Row], end: int, project: Record) -> set[int]:
    """Set the fields of every label above row ``end``; return the ids of the cells used."""
    used: set[int] = set()
    assigned: set[str] = set()
    block_column = next(
        (
            j
            for row in rows[:end]
            for j, c in enumerate(row)
            if collapse_spaces(c.text) == form.block
        ),
        None,
    )
    for i, row in enumerate(rows[:end]):
        for j, cell in enumerate(row):
            label = _label(cell)
            if label in form.below and i + 1 < end:
                below = rows[i + 1][j]
                if below.text.strip():
                    project[form.below[label]] = collapse_spaces(below.text)
                    used.update({id(cell), id(below)})
                continue
            name = form.beside.get(label)
            if name is not None and block_column is not None and j >= block_column:
                name = form.block_fields.get(name, name)
            if name is None or name in assigned:
                continue
            value = next((c for c in row[j + 1 :] if c.text.strip()), None)
            if value is None or _label(value) in form.labels:
                continue
            parsed, typed = _typed(form, name, collapse_spaces(value.text))
            if not parsed:
                continue
            project[name] = typed
            assigned.add(name)
            used.update({id(cell), id(value)})
    return used
