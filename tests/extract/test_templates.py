"""Budget knowledge as data: titles from one place, every YAML cross-checked when loaded."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai import templates


def test_titles_of_tables_and_other_resources() -> None:
    assert templates.title_zh("income_by_function") == "收入总表"
    assert templates.title_en("income_by_function") == "Income by function classification"
    assert templates.title_zh("narrative") == "情况说明"
    assert templates.title_en("checks") == "Checks"
    with pytest.raises(KeyError, match="no title for 'nothing'"):
        templates.title_zh("nothing")


def test_every_yaml_loads_and_cross_checks() -> None:
    templates.check_all()
    rules = templates.summary_rules()
    assert [side for side, _ in rules.side_words] == ["expenditure_by_use", "income", "expenditure"]
    assert templates.performance_rules().form.block_fields == {"funds_other": "annual_other_funds"}


def _with(monkeypatch: pytest.MonkeyPatch, file: str, change: Any) -> None:
    load = templates._load

    def patched(name: str) -> dict[str, Any]:
        spec = load(name)
        if name == file:
            change(spec)
        return spec

    monkeypatch.setattr(templates, "_load", patched)
    for cached in (templates.table_kinds, templates.summary_rules, templates.performance_rules):
        cached.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    yield
    for cached in (templates.table_kinds, templates.summary_rules, templates.performance_rules):
        cached.cache_clear()


def test_a_column_field_missing_from_the_schema_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _with(
        monkeypatch,
        "tables.yaml",
        lambda s: s["kinds"]["fixed_assets"]["columns"].update({"colour": "颜色"}),
    )
    with pytest.raises(templates.TemplateError, match=r"kind fixed_assets .* unknown \['colour'\]"):
        templates.table_kinds()


def test_a_summary_role_that_is_not_an_item_role_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with(monkeypatch, "summaries.yaml", lambda s: s["roles"]["income"].update({"sum": "合计"}))
    with pytest.raises(templates.TemplateError, match=r"roles of income names unknown \['sum'\]"):
        templates.summary_rules()


def test_a_form_field_missing_from_the_schema_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _with(monkeypatch, "performance.yaml", lambda s: s["form"]["beside"].update({"颜色": "colour"}))
    with pytest.raises(templates.TemplateError, match=r"performance.yaml: form names unknown"):
        templates.performance_rules()
