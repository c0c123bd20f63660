"""Budget knowledge as data, loaded once and cross-checked: table kinds and titles (tables.yaml),
summary sides and line roles (summaries.yaml), performance tables and forms (performance.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from gongkai import schemas, yaml_text

LAYOUTS = ("performance", "two_sided", "coded", "items", "listing", "sources", "overview")
CODE_SCHEMES = (None, "function", "economic")


class TemplateError(ValueError):
    """A YAML file of gongkai/templates names something that does not exist."""


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
    label_units: dict[str, str] = field(default_factory=dict)
    # A column whose header names a classification but whose cells hold code and name glued
    # (北京 部门支出经济分类科目: 30101-基本工资)
    code_column: re.Pattern[str] | None = None
    # A listing's total line: the line whose text columns print this (合计) gets item_role
    # total, every other line item_role project
    total_label: re.Pattern[str] | None = None
    # Columns of a coded table read as text into these fields, never as its key or an amount:
    # 陕西's 政府经济科目编码 | 名称 printed beside the line's own 部门经济分类 code and name
    text_fields: tuple[str, ...] = ()
    # A listing's other lines by the name printed in `role_field`, tried in order after
    # total_label: role -> pattern (深圳/广东 print the units' subtotals among the projects); a
    # line matching none gets `default_role`.
    line_roles: tuple[tuple[str, re.Pattern[str]], ...] = ()
    role_field: str | None = None
    default_role: str = "project"
    # A listing printing no 合计 line whose first line is a unit's: that line is the table's
    # total (深圳 prints the department's line first).
    first_unit_is_total: bool = False

    def role_of(self, texts: list[str], name: str) -> str:
        """The item_role of a listing line from its printed text cells and its name."""
        if self.total_label is not None and any(self.total_label.match(t) for t in texts):
            return "total"
        for role, pattern in self.line_roles:
            if pattern.search(name):
                return role
        return self.default_role

    def matches_title(self, title: str) -> bool:
        return any(p.search(title) for p in self.titles) and not any(
            p.search(title) for p in self.not_titles
        )

    def matches_header(self, header_text: str) -> bool:
        """Every header word is printed (a word may list alternatives: 项目名称|支出项目类别)."""
        return all(any(alt in header_text for alt in word.split("|")) for word in self.header)


@dataclass(frozen=True)
class Template:
    """A regional or national template: the standard table kinds a filing of it prints."""

    name: str
    title_zh: str
    standard: tuple[str, ...]


def _load(name: str) -> dict[str, Any]:
    text = resources.files("gongkai.templates").joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = yaml_text.parse(text)
    return loaded


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
        label_units=dict(spec.get("label_units", {})),
        code_column=re.compile(spec["code_column"]) if spec.get("code_column") else None,
        total_label=re.compile(spec["total_label"]) if spec.get("total_label") else None,
        text_fields=tuple(spec.get("text_fields", [])),
        line_roles=tuple((role, re.compile(p)) for role, p in spec.get("line_roles", {}).items()),
        role_field=spec.get("role_field"),
        default_role=spec.get("default_role", "project"),
        first_unit_is_total=bool(spec.get("first_unit_is_total", False)),
    )


def _enum(resource: str, field_name: str) -> list[str]:
    for spec in schemas.table_schema(resource)["fields"]:
        if spec["name"] == field_name:
            return list(spec.get("constraints", {}).get("enum", []))
    raise TemplateError(f"schemas/resources.yaml: {resource} has no field {field_name}")


def _unknown(file: str, where: str, named: Any, known: Any) -> None:
    missing = sorted(set(named) - set(known))
    if missing:
        raise TemplateError(
            f"templates/{file}: {where} names unknown {missing}; known: {sorted(known)}"
        )


def _check_kind(kind: TableKind) -> None:
    where = f"kind {kind.name}"
    _unknown("tables.yaml", f"{where} layout", [kind.layout], LAYOUTS)
    _unknown("tables.yaml", f"{where} code_scheme", [kind.code_scheme], CODE_SCHEMES)
    if kind.name not in schemas.resource_names():
        if kind.layout != "performance":
            raise TemplateError(f"templates/tables.yaml: {where} has no schema in resources.yaml")
        return
    fields = schemas.field_names(kind.name)
    named = [*kind.columns, *kind.panel_columns, *kind.amount_fields, *kind.panels]
    named += kind.text_fields
    _unknown("tables.yaml", f"{where} text_fields", kind.text_fields, kind.columns)
    named += [*kind.label_units, *kind.label_units.values()]
    if kind.total_label is not None or kind.line_roles:
        named.append("item_role")
    _unknown("tables.yaml", f"{where} (columns, panels, amount_fields)", named, fields)
    if kind.line_roles:
        named.append(kind.role_field or "")
        roles = ["total", kind.default_role, *(role for role, _ in kind.line_roles)]
        _unknown("tables.yaml", f"{where} line_roles", roles, _enum(kind.name, "item_role"))
    if kind.items:
        _unknown("tables.yaml", f"{where} items", kind.items, _enum(kind.name, "item_key"))


@cache
def table_kinds() -> tuple[TableKind, ...]:
    kinds = tuple(_kind(name, body) for name, body in _load("tables.yaml")["kinds"].items())
    for kind in kinds:
        _check_kind(kind)
    return kinds


@cache
def templates() -> tuple[Template, ...]:
    known = {kind.name for kind in table_kinds()}
    found = []
    for name, body in _load("tables.yaml").get("templates", {}).items():
        _unknown("tables.yaml", f"template {name}", body["standard"], known)
        found.append(Template(name, body["title_zh"], tuple(body["standard"])))
    return tuple(found)


@cache
def _titles() -> dict[str, tuple[str, str]]:
    """Resource name -> (Chinese, English) title: the table kinds', then the other resources'."""
    titles = {kind.name: (kind.title_zh, kind.title_en) for kind in table_kinds()}
    others = _load("tables.yaml").get("resources", {})
    _unknown("tables.yaml", "resources", others, [*schemas.resource_names(), "checks"])
    titles.update({name: (body["title_zh"], body["title_en"]) for name, body in others.items()})
    return titles


def title_zh(name: str) -> str:
    """The standard Chinese title of a table kind or package resource (收支总表, 情况说明 …)."""
    try:
        return _titles()[name][0]
    except KeyError:
        raise KeyError(f"no title for {name!r} in templates/tables.yaml") from None


def title_en(name: str) -> str:
    """The English title of a table kind or package resource."""
    try:
        return _titles()[name][1]
    except KeyError:
        raise KeyError(f"no title for {name!r} in templates/tables.yaml") from None


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


# -- summaries.yaml --------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanningLabel:
    """A label printed once over two panels of a summary (Jiangsu 当年支出小计)."""

    from_side: str
    to_side: str
    label: re.Pattern[str]


@dataclass(frozen=True)
class SummaryRules:
    item_column: re.Pattern[str]
    line_number_column: re.Pattern[str]
    side_words: tuple[tuple[str, tuple[str, ...]], ...]
    side_by_position: tuple[str, ...]
    roles: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    detail_line: re.Pattern[str]
    spanning_labels: tuple[SpanningLabel, ...]


@cache
def summary_rules() -> SummaryRules:
    spec = _load("summaries.yaml")
    sides = _enum("income_expenditure_summary", "side")
    roles = _enum("income_expenditure_summary", "item_role")
    spans = tuple(
        SpanningLabel(s["from_side"], s["to_side"], re.compile(s["label"]))
        for s in spec.get("spanning_labels", [])
    )
    named_sides = [*spec["sides"], *spec["side_by_position"], *spec["roles"]]
    named_sides += [side for s in spans for side in (s.from_side, s.to_side)]
    _unknown("summaries.yaml", "sides", named_sides, sides)
    _unknown("summaries.yaml", "roles", sides, spec["roles"])  # every side has its roles
    for side, by_role in spec["roles"].items():
        _unknown("summaries.yaml", f"roles of {side}", by_role, roles)
    return SummaryRules(
        item_column=re.compile(spec["item_column"]),
        line_number_column=re.compile(spec["line_number_column"]),
        side_words=tuple((side, tuple(words)) for side, words in spec["sides"].items()),
        side_by_position=tuple(spec["side_by_position"]),
        roles={
            side: tuple((role, re.compile(p)) for role, p in by_role.items())
            for side, by_role in spec["roles"].items()
        },
        detail_line=re.compile(spec["detail_line"]),
        spanning_labels=spans,
    )


# -- performance.yaml ------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetForm:
    """A key/value form above a project's indicators (Shanghai 绩效目标填报表)."""

    first_label: str
    beside: dict[str, str]
    below: dict[str, str]
    block: str
    block_fields: dict[str, str]
    block_labels: dict[str, tuple[str, ...]]
    amounts: frozenset[str]
    dates: frozenset[str]

    @property
    def labels(self) -> frozenset[str]:
        """Every label of the form: a cell holding one is never another label's value."""
        return frozenset([*self.beside, *self.below, *self.block_labels])


@dataclass(frozen=True)
class PerformanceRules:
    indicator_header: str
    indicator_columns: dict[str, str]
    goal_label: re.Pattern[str]
    comparators: dict[str, str]
    target: re.Pattern[str]  # a target value: comparator, number, unit
    form: TargetForm


def _target_pattern(comparators: dict[str, str]) -> re.Pattern[str]:
    # Longest words first, so that 大于等于 is not read as 大于.
    words = "|".join(re.escape(w) for w in sorted(comparators, key=len, reverse=True))
    return re.compile(rf"^(?P<cmp>{words})?\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>\S*)$")


@cache
def performance_rules() -> PerformanceRules:
    spec = _load("performance.yaml")
    f = spec["form"]
    form = TargetForm(
        first_label=f["first_label"],
        beside=dict(f["beside"]),
        below=dict(f["below"]),
        block=f["block"],
        block_fields=dict(f.get("block_fields", {})),
        block_labels={label: tuple(names) for label, names in f["block_labels"].items()},
        amounts=frozenset(f["amounts"]),
        dates=frozenset(f["dates"]),
    )
    named = [*form.beside.values(), *form.below.values(), *form.block_fields.values()]
    named += [*form.amounts, *form.dates, *(n for ns in form.block_labels.values() for n in ns)]
    _unknown("performance.yaml", "form", named, schemas.field_names("performance_projects"))
    indicator_fields = schemas.field_names("performance_indicators")
    _unknown("performance.yaml", "indicator_columns", spec["indicator_columns"], indicator_fields)
    comparators = {str(k): str(v) for k, v in spec["comparators"].items()}
    return PerformanceRules(
        indicator_header=spec["indicator_header"],
        indicator_columns=dict(spec["indicator_columns"]),
        goal_label=re.compile(spec["goal_label"]),
        comparators=comparators,
        target=_target_pattern(comparators),
        form=form,
    )


def check_all() -> None:
    """Load every YAML file of gongkai/templates, raising TemplateError on the first unknown name."""
    templates()
    _titles()
    summary_rules()
    performance_rules()
