"""Code names: the same code means the same line in every coded table of a filing.

A code printed with another name than in the first table that prints it is a row paired with the
wrong code (or a misread row); a name that is a strict prefix of the other is a wrapped name cut
off. Level and parent are compared too (they follow from the code as printed).
"""

from __future__ import annotations

import re

from gongkai.datapackage import Package, Row
from gongkai.templates import table_kinds
from gongkai.validate.check import Check
from gongkai.validate.rules import table_title
from gongkai.validate.tables import CODED_TABLES, where

CATEGORY = "cross_table"
TITLE_ZH = "科目编码与名称"


def _code_scheme(table: str) -> str | None:
    return next((k.code_scheme for k in table_kinds() if k.name == table), None)


def _comparable_name(name: str) -> str:
    """Names as printed, without the differences that are only typography."""
    name = re.sub(r"\s+", "", name)
    return name.translate(str.maketrans("（）［］【】", "()[][]"))


def code_names(package: Package) -> list[Check]:
    checks: list[Check] = []
    first: dict[tuple[str | None, str], tuple[str, Row]] = {}
    for table in CODED_TABLES:
        scheme = _code_scheme(table)
        seen: set[str] = set()
        for row in package.rows(table):
            code, name = row.text("code"), row.text("name")
            if not code or not name or code in seen:
                continue
            seen.add(code)
            reference = first.setdefault((scheme, code), (table, row))
            if reference[0] != table:
                checks.append(_same_name(table, row, *reference))
    return checks


def _same_name(table: str, row: Row, other_table: str, other: Row) -> Check:
    code, name = row.text("code") or "", row.text("name") or ""
    ours, theirs = _comparable_name(name), _comparable_name(other.text("name") or "")
    same_place = (row.text("level"), row.text("parent_code")) == (
        other.text("level"),
        other.text("parent_code"),
    )
    cut = ours != theirs and (ours.startswith(theirs) or theirs.startswith(ours))
    here, there = table_title(table), table_title(other_table)
    if ours == theirs and same_place:
        what_zh = f"{here}与{there}所印「{code}」名称一致（{name}）"
    elif cut:
        what_zh = (
            f"「{code}」在{where(there, other)}印作「{other.text('name')}」，"
            f"在{where(here, row)}印作「{name}」：较短者为折行截断的名称"
        )
    else:
        what_zh = (
            f"「{code}」在{where(there, other)}印作「{other.text('name')}」"
            f"（{other.text('level')}），在{where(here, row)}印作「{name}」"
            f"（{row.text('level')}）：同一编码名称不同，可能行与编码错配"
        )
    return Check(
        check_id=f"cross_table.code_name.{code}.{table}",
        category=CATEGORY,
        status="pass" if ours == theirs and same_place else "fail",
        description_zh=what_zh,
        description_en=(
            f"code {code} has the same name in {table} ({name}) as in {other_table} "
            f"({other.text('name')})" + (" [name cut off]" if cut else "")
        ),
        table_id=table,
        row=code,
        column="name",
        page=row.int("page"),
        source_line=row.int("source_line"),
    )
