"""Budget knowledge the checks use, loaded once from templates/identities.yaml and claims.yaml.

Both files are cross-checked at load against tables.yaml (table kinds, 三公 line keys) and
schemas/resources.yaml (fields): a rule naming something that does not exist fails at start-up
with the file, the entry and the unknown name, instead of silently checking nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from gongkai import schemas, yaml_text
from gongkai.templates import kind_by_name, table_kinds

# Parameters of each kind of claim target (validate/checks/claim_targets.py builds them).
TARGET_PARAMS: dict[str, frozenset[str]] = {
    "summary_line": frozenset({"side", "item", "role"}),
    "fiscal_total": frozenset({"side", "roles"}),
    "total_line": frozenset({"table", "column", "label"}),
    "item_line": frozenset({"table", "item", "column", "label"}),
    "overview": frozenset({"column", "label"}),
    "three_public": frozenset({"item", "only_without"}),
    "basic_part": frozenset({"column"}),
    "first_of": frozenset(),
    "general_basic_total": frozenset(),
    "procurement_total": frozenset(),
}
# The table a target kind reads when its parameters do not name one.
TARGET_TABLES = {
    "summary_line": "income_expenditure_summary",
    "fiscal_total": "fiscal_appropriation_summary",
    "overview": "expenditure_overview",
    "basic_part": "basic_expenditure",
}


class RulesError(ValueError):
    """A rules file names a table, field or line that tables.yaml or the schemas do not know."""


@dataclass(frozen=True)
class Sum:
    """total = part + part + …, on a line (row sums) or between lines (三公)."""

    total: str
    parts: tuple[str, ...]
    zh: str = ""
    only_without: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowSums:
    table: str
    sums: tuple[Sum, ...]
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Identities:
    check_titles: dict[str, str]
    row_sums: tuple[RowSums, ...]
    summary_tables: tuple[str, ...]
    summary_columns: tuple[str, ...]
    summary_sides: dict[str, str]
    three_public_columns: tuple[str, ...]
    three_public_sums: tuple[Sum, ...]
    # listing -> its item_roles from the top down (identities.yaml line_totals)
    line_totals: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class WordRule:
    """Words before a quoted number, and the table value they name (None: no table prints it)."""

    words: re.Pattern[str]
    target: dict[str, Any] | None
    # Other targets the same words name under a heading with these words (the first that
    # matches the heading wins).
    under_heading: tuple[WordRule, ...] = ()


@dataclass(frozen=True)
class Claims:
    change_words: re.Pattern[str]
    decrease_words: re.Pattern[str]
    before_change: tuple[WordRule, ...]
    final_only: tuple[WordRule, ...]
    after_change: tuple[WordRule, ...]
    generic: tuple[WordRule, ...]
    subjects: tuple[WordRule, ...]
    wider_share_bases: tuple[WordRule, ...]
    function_class: re.Pattern[str]
    personnel_classes: tuple[str, ...]
    item_tables: tuple[str, ...]
    item_names_from: tuple[str, ...]
    item_headings: re.Pattern[str]
    heading_item_tables: dict[str, tuple[str, ...]]
    clause_item_tables: dict[str, tuple[str, ...]]


def _load(name: str) -> dict[str, Any]:
    text = resources.files("gongkai.templates").joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = yaml_text.parse(text)
    return loaded


def _kind(source: str, table: str) -> str:
    if table not in {k.name for k in table_kinds()} and table not in schemas.resource_names():
        raise RulesError(f"{source}: table {table!r} is no table kind of tables.yaml")
    return table


def _field(source: str, table: str, field: str) -> str:
    if field not in schemas.field_names(_kind(source, table)):
        raise RulesError(f"{source}: {table} has no field {field!r} (schemas/resources.yaml)")
    return field


def _pattern(source: str, words: str) -> re.Pattern[str]:
    try:
        return re.compile(words)
    except re.error as error:
        raise RulesError(f"{source}: words {words!r} are no regular expression: {error}") from None


def parse_sum(source: str, text: str) -> Sum:
    """'total = a + b' -> Sum('total', ('a', 'b'))."""
    total, equals, parts = text.partition("=")
    names = tuple(p.strip() for p in parts.split("+"))
    if not equals or not total.strip() or not all(names):
        raise RulesError(f"{source}: {text!r} is not 'total = part + part'")
    return Sum(total.strip(), names)


def _three_public_items(source: str, names: tuple[str, ...]) -> None:
    known = set(kind_by_name("three_public_expenses").items)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RulesError(f"{source}: {unknown} are no 三公 line keys (tables.yaml items)")


def _row_sums(table: str, body: dict[str, Any]) -> RowSums:
    source = f"identities.yaml row_sums.{table}"
    sums = tuple(parse_sum(source, text) for text in body["sums"])
    for found in sums:
        for name in (found.total, *found.parts):
            _field(source, table, name)
    where = tuple((_field(source, table, k), str(v)) for k, v in (body.get("where") or {}).items())
    return RowSums(table, sums, where)


def _three_public_sum(spec: dict[str, Any]) -> Sum:
    source = f"identities.yaml three_public {spec.get('sum')!r}"
    found = parse_sum(source, spec["sum"])
    without = tuple(spec.get("only_without") or ())
    _three_public_items(source, (found.total, *found.parts, *without))
    return Sum(found.total, found.parts, spec["zh"], without)


@cache
def identities() -> Identities:
    """identities.yaml, checked against tables.yaml and the schemas."""
    spec = _load("identities.yaml")
    titles = {_kind("identities.yaml check_titles", k): v for k, v in spec["check_titles"].items()}
    summary = spec["summary"]
    three = spec["three_public"]
    for name in three["columns"]:
        _field("identities.yaml three_public.columns", "three_public_expenses", name)
    tables = [_kind("identities.yaml summary.tables", t) for t in summary["tables"]]
    for name in summary["columns"]:
        if not any(name in schemas.field_names(t) for t in tables):
            raise RulesError(f"identities.yaml summary.columns: no summary table has {name!r}")
    return Identities(
        check_titles=titles,
        row_sums=tuple(_row_sums(t, body) for t, body in spec["row_sums"].items()),
        summary_tables=tuple(summary["tables"]),
        summary_columns=tuple(summary["columns"]),
        summary_sides=dict(summary["sides"]),
        three_public_columns=tuple(three["columns"]),
        three_public_sums=tuple(_three_public_sum(s) for s in three["sums"]),
        line_totals={
            t: _line_total_roles(t, roles) for t, roles in (spec.get("line_totals") or {}).items()
        },
    )


def _line_total_roles(table: str, roles: list[str]) -> tuple[str, ...]:
    source = f"identities.yaml line_totals.{table}"
    _field(source, table, "item_role")
    spec = next(f for f in schemas.table_schema(table)["fields"] if f["name"] == "item_role")
    known = list(spec.get("constraints", {}).get("enum", []))
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise RulesError(f"{source}: unknown item_role {unknown}; known: {known}")
    return tuple(roles)


def table_title(table: str) -> str:
    """The name a check description gives a table: its short check title, else its tables.yaml
    title, else the resource name."""
    short = identities().check_titles.get(table)
    if short:
        return short
    return next((k.title_zh for k in table_kinds() if k.name == table), table)


def _target(source: str, spec: Any) -> dict[str, Any] | None:
    """A claim target spec ({kind: {param: value}} or a bare kind name), checked."""
    if spec is None:
        return None
    if isinstance(spec, str):
        spec = {spec: {}}
    if not isinstance(spec, dict) or len(spec) != 1:
        raise RulesError(f"{source}: target {spec!r} is not one {{kind: parameters}}")
    kind, params = next(iter(spec.items()))
    if kind not in TARGET_PARAMS:
        raise RulesError(f"{source}: unknown target kind {kind!r} (known: {sorted(TARGET_PARAMS)})")
    if kind == "first_of":
        return {kind: [_target(source, s) for s in params]}
    params = dict(params or {})
    unknown = set(params) - TARGET_PARAMS[kind]
    if unknown:
        raise RulesError(f"{source}: {kind} takes no {sorted(unknown)}")
    table = params.get("table") or TARGET_TABLES.get(kind)
    if table:
        _kind(source, table)
    if table and "column" in params:
        _field(source, table, params["column"])
    if kind == "three_public":
        _three_public_items(source, (params["item"], *(params.get("only_without") or ())))
    if "item" in params and kind != "three_public":
        _pattern(source, str(params["item"]))
    return {kind: params}


def _word_rules(section: str, specs: list[dict[str, Any]]) -> tuple[WordRule, ...]:
    rules = []
    for spec in specs or []:
        source = f"claims.yaml {section} {spec.get('words')!r}"
        heading = spec.get("under_heading") or []
        rules.append(
            WordRule(
                _pattern(source, spec["words"]),
                _target(source, spec.get("target")),
                _word_rules(
                    f"{section} under_heading", heading if isinstance(heading, list) else [heading]
                ),
            )
        )
    return tuple(rules)


@cache
def claims_spec() -> dict[str, Any]:
    """claims.yaml as loaded (the `statements` and `semantics` word lists are read from it)."""
    return _load("claims.yaml")


@cache
def claims() -> Claims:
    """claims.yaml, checked against tables.yaml and the schemas."""
    spec = _load("claims.yaml")
    for section in ("statements", "semantics"):
        for key, words in spec[section].items():
            if isinstance(words, str):
                _pattern(f"claims.yaml {section}.{key}", words)
    items = spec["economic_items"]
    for table in (*items["tables"], *items["names_from"]):
        _field("claims.yaml economic_items", table, "name")
    lines = spec["unit_lines"]
    for table, name_field in lines["tables"].items():
        _field("claims.yaml unit_lines.tables", table, name_field)
        _field("claims.yaml unit_lines.tables", table, "item_role")
    _field("claims.yaml unit_lines.basic_table", lines["basic_table"], "name")
    _pattern("claims.yaml unit_lines.public_words", lines["public_words"])
    heading_tables = {
        words: tuple(_kind("claims.yaml economic_items.heading_tables", t) for t in tables)
        for words, tables in items["heading_tables"].items()
    }
    clause_tables = {
        words: tuple(_kind("claims.yaml economic_items.clause_tables", t) for t in tables)
        for words, tables in (items.get("clause_tables") or {}).items()
    }
    return Claims(
        change_words=_pattern("claims.yaml change_words", spec["change_words"]),
        decrease_words=_pattern("claims.yaml decrease_words", spec["decrease_words"]),
        before_change=_word_rules("before_change", spec["before_change"]),
        final_only=_word_rules("final_only", spec["final_only"]),
        after_change=_word_rules("after_change", spec["after_change"]),
        generic=_word_rules("generic", spec["generic"]),
        subjects=_word_rules("subjects", spec["subjects"]),
        wider_share_bases=_word_rules("wider_share_bases", spec["wider_share_bases"]),
        function_class=_pattern("claims.yaml function_class", spec["function_class"]),
        personnel_classes=tuple(str(c) for c in spec["personnel_classes"]),
        item_tables=tuple(items["tables"]),
        item_names_from=tuple(items["names_from"]),
        item_headings=_pattern("claims.yaml economic_items.headings", items["headings"]),
        heading_item_tables=heading_tables,
        clause_item_tables=clause_tables,
    )
