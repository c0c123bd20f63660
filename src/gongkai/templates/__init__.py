"""The declarative description of table kinds (tables.yaml): titles, header words, column patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class TableKind:
    name: str
    title_zh: str
    title_en: str
    layout: str
    titles: tuple[re.Pattern[str], ...]
    not_titles: tuple[re.Pattern[str], ...]
    header: tuple[str, ...]
    columns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    panel_columns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    items: dict[str, re.Pattern[str]] = field(default_factory=dict)
    code_scheme: str | None = None
    amount_fields: tuple[str, ...] = ()
    panels: tuple[str, ...] = ()

    def matches_title(self, title: str) -> bool:
        return any(p.search(title) for p in self.titles) and not any(
            p.search(title) for p in self.not_titles
        )

    def matches_header(self, header_text: str) -> bool:
        return all(word in header_text for word in self.header)


def _patterns(mapping: dict[str, str] | None) -> dict[str, re.Pattern[str]]:
    return {key: re.compile(value) for key, value in (mapping or {}).items()}


def _kind(name: str, spec: dict[str, Any]) -> TableKind:
    return TableKind(
        name=name,
        title_zh=spec["title_zh"],
        title_en=spec["title_en"],
        layout=spec["layout"],
        titles=tuple(re.compile(p) for p in spec["titles"]),
        not_titles=tuple(re.compile(p) for p in spec.get("not_titles", [])),
        header=tuple(spec.get("header", [])),
        columns=_patterns(spec.get("columns")),
        panel_columns=_patterns(spec.get("panel_columns")),
        items=_patterns(spec.get("items")),
        code_scheme=spec.get("code_scheme"),
        amount_fields=tuple(spec.get("amount_fields", [])),
        panels=tuple(spec.get("panels", [])),
    )


@dataclass(frozen=True)
class Template:
    """A regional or national template: the standard table kinds a filing of it prints."""

    name: str
    title_zh: str
    standard: tuple[str, ...]


@cache
def _spec() -> dict[str, Any]:
    text = resources.files("gongkai.templates").joinpath("tables.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def table_kinds() -> tuple[TableKind, ...]:
    return tuple(_kind(name, body) for name, body in _spec()["kinds"].items())


@cache
def templates() -> tuple[Template, ...]:
    known = {kind.name for kind in table_kinds()}
    found = []
    for name, body in _spec().get("templates", {}).items():
        unknown = [k for k in body["standard"] if k not in known]
        if unknown:
            raise ValueError(f"tables.yaml: template {name} names unknown kinds {unknown}")
        found.append(Template(name, body["title_zh"], tuple(body["standard"])))
    return tuple(found)


def best_template(found: set[str]) -> Template:
    """The template whose standard kinds the filing prints most of (ties: the first listed)."""
    return max(templates(), key=lambda t: len(found & set(t.standard)))


def kind_by_name(name: str) -> TableKind:
    for kind in table_kinds():
        if kind.name == name:
            return kind
    raise KeyError(name)


def kind_for_title(title: str) -> TableKind | None:
    kinds = kinds_for_title(title)
    return kinds[0] if kinds else None


def kinds_for_title(title: str) -> list[TableKind]:
    """Every kind whose title patterns match, in tables.yaml order; the header decides among them."""
    return [kind for kind in table_kinds() if kind.matches_title(title)]


def kind_for_table(title: str, header_text: str) -> tuple[TableKind | None, bool]:
    """The kind of a table from its title, confirmed by its header: (kind, header matched).

    Kinds sharing a title (Jiangsu's 支出预算总表 is a one-row overview in some years and a coded
    table in others) are told apart by their header words; when no header matches, the first
    kind of the title is used and the caller reports the mismatch.
    """
    kinds = kinds_for_title(title)
    for kind in kinds:
        if kind.matches_header(header_text):
            return kind, True
    return (kinds[0], False) if kinds else (None, False)
