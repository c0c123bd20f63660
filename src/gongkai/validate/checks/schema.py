"""Schema checks: every resource's CSV is valid against its Table Schema (Frictionless)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from gongkai import yaml_text
from gongkai.datapackage import Package
from gongkai.validate.check import Check
from gongkai.validate.rules import table_title

CATEGORY = "schema"
TITLE_ZH = "数据格式"
SHOWN = 3  # errors spelled out in a finding; the count says how many there are


@cache
def _meanings() -> dict[str, Any]:
    """Frictionless error type -> what it means in Chinese (schemas/frictionless_errors.yaml)."""
    text = resources.files("gongkai.schemas").joinpath("frictionless_errors.yaml")
    loaded: dict[str, Any] = yaml_text.parse(text.read_text("utf-8"))
    return loaded


def meaning_zh(error_type: str, note: str) -> str:
    """What a Frictionless error says, in Chinese: a constraint error by its constraint, a type
    error by the field's type (both read from the error's note), the rest by their type."""
    found = _meanings().get(error_type, _meanings()["default"])
    if isinstance(found, dict):
        word = re.search(r'(?:constraint|type is) "(\w+)', note)
        found = found.get(word.group(1) if word else "", found["default"])
    other = re.search(r"row at position (\d+)", note)
    value = re.search(r'values "([^"]*)"', note)
    # Frictionless counts the header as row 1; a reader counts the first data row as 第1行.
    return (
        str(found)
        .replace("{other}", str(int(other.group(1)) - 1) if other else "?")
        .replace("{value}", value.group(1) if value else "")
    )


def _field_of(error: Any) -> str:
    """The field an error is about: its own, else the one a row error's note names."""
    name = getattr(error, "field_name", "") or ""
    if not name:
        named = re.match(r'for "(\w+)"', error.note or "")
        name = named.group(1) if named else ""
    return str(name)


def _where_zh(package: Package, table: str, error: Any) -> str:
    """第n行 (as the reader counts data rows), its page or original line when known, and the
    column's Chinese title."""
    number = getattr(error, "row_number", None)
    parts = []
    if number:
        rows = package.rows(table) if package.has(table) else []
        row = rows[number - 2] if 2 <= number <= len(rows) + 1 else None
        page = row.text("page") if row is not None else None
        line = row.text("source_line") if row is not None else None
        at = f"第{page}页" if page else (f"原文第{line}行" if line else "")
        parts.append(f"第{number - 1}行" + (f"（{at}）" if at else ""))
    field = _field_of(error)
    if field:
        titles = package.titles(table) if package.has(table) else {}
        parts.append(f"“{titles.get(field, field)}”")
    return "".join(parts)


def _chinese_title(package: Package, table: str) -> str:
    """The table's Chinese title: the descriptor's (its words before the English), else the
    check title."""
    title = package.resource(table).title if package.has(table) else None
    return title.split(" ", 1)[0] if title else table_title(table)


def _described(package: Package, table: str, errors: list[Any]) -> tuple[str, str]:
    """A finding's Chinese and English text: the first errors spelled out; the English keeps
    Frictionless's own note and error type."""
    title = f"{table}.csv 符合其表结构（Table Schema）"
    english = f"{table}.csv is valid against its Table Schema"
    if not errors:
        return title, english
    zh = "；".join(
        f"{_where_zh(package, table, e)}：{meaning_zh(e.type, e.note or '')}"
        for e in errors[:SHOWN]
    )
    more = f"等共{len(errors)}处" if len(errors) > SHOWN else ""
    en = "; ".join(
        f"row {getattr(e, 'row_number', '?')} {getattr(e, 'field_name', '')}: {e.note} [{e.type}]"
        for e in errors[:SHOWN]
    )
    return (
        f"{_chinese_title(package, table)}（{table}.csv）有{len(errors)}处不符合表结构：{zh}{more}",
        f"{english}: {len(errors)} errors: {en}",
    )


def schema_checks(package: Package) -> list[Check]:
    from frictionless import Package as FrictionlessPackage
    from frictionless import system

    from gongkai.validate import frictionless_memo

    frictionless_memo.install()
    with system.use_context(trusted=True):
        fpackage = FrictionlessPackage(str(package.directory / "datapackage.json"))
        report = fpackage.validate()
    tasks = {task.name: task for task in report.tasks}
    checks: list[Check] = []
    for resource in package.descriptor["resources"]:
        name = resource["name"]
        if name == "checks":
            continue
        task = tasks.get(name)
        errors = list(task.errors) if task else []
        zh, en = _described(package, name, errors)
        valid = task is not None and task.valid
        checks.append(
            Check(
                check_id=f"schema.{name}",
                category=CATEGORY,
                status="pass" if valid else "fail",
                description_zh=zh,
                description_en=en,
                expected=Decimal(0),
                actual=Decimal(len(errors)),
                difference=Decimal(len(errors)),
                tolerance=Decimal(0),
                # A count of errors is not a rounded amount: one error is never 尾差.
                severity=None if valid else "material",
                table_id=name,
            )
        )
    return checks
