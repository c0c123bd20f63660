"""Standard tables are expected per template (tables.yaml `templates`), not one national list."""

from __future__ import annotations

import pytest

from gongkai.extract.completeness import check_completeness
from gongkai.extract.results import ExtractedTable, Filing
from gongkai.model import Location, ReadError
from gongkai.templates import best_template, kind_by_name, templates


def _filing(kinds: list[str]) -> Filing:
    filing = Filing("f", ["f.pdf"], {})
    filing.tables = [
        ExtractedTable(name, kind_by_name(name), name, "万元", Location()) for name in kinds
    ]
    return filing


def _warnings(filing: Filing) -> list[str]:
    check_completeness(filing)
    return [p.message for p in filing.problems]


def test_templates_name_known_kinds() -> None:
    assert [t.name for t in templates()] == ["national", "jiangsu"]
    assert "state_capital_expenditure" not in best_template({"income_by_source"}).standard


def test_jiangsu_filing_is_complete_with_its_twelve_tables() -> None:
    jiangsu = next(t for t in templates() if t.name == "jiangsu")
    assert _warnings(_filing(list(jiangsu.standard))) == []


def test_jiangsu_filing_missing_one_of_its_tables() -> None:
    jiangsu = next(t for t in templates() if t.name == "jiangsu")
    (message,) = _warnings(_filing([k for k in jiangsu.standard if k != "procurement"]))
    assert message.startswith("standard tables not found: procurement (template jiangsu")


def test_national_filing_missing_tables_in_template_order() -> None:
    (message,) = _warnings(_filing(["income_expenditure_summary", "three_public_expenses"]))
    assert message.startswith(
        "standard tables not found: income_by_function, expenditure_by_function, "
        "fiscal_appropriation_summary"
    )
    assert "(template national" in message


def test_a_file_without_any_budget_table_is_refused() -> None:
    with pytest.raises(ReadError, match=r"^f\.pdf: no budget table recognised"):
        check_completeness(_filing(["institutions"]))
