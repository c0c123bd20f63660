"""Standard tables are expected per template (tables.yaml `templates`), not one national list."""

from __future__ import annotations

from gongkai.convert import check_completeness
from gongkai.extract import Filing
from gongkai.extract.tables import ExtractedTable
from gongkai.model import Location
from gongkai.readers.pdf import _closing_rules
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


def _v(x: float, top: float, bottom: float) -> dict[str, object]:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def test_vertical_rules_drawn_in_pieces_make_no_row_boundary() -> None:
    """省高院 2019 政府采购: every vertical rule is cut at y 131.9-132.4 inside the header."""
    pieces = [
        edge
        for x in (62.4, 126.2, 219.6)
        for edge in (_v(x, 119.9, 131.9), _v(x, 131.9, 132.4), _v(x, 132.4, 145.5))
    ]
    tops = [round(float(rule["top"])) for rule in _closing_rules(pieces)]  # type: ignore[arg-type]
    assert tops == [120, 146]  # the table's top and bottom only, nothing at 132
    # a table starting on a new page without its top rule still gets one
    alone = [_v(x, 20.0, 80.0) for x in (62.4, 126.2, 219.6)]
    assert [round(float(r["top"])) for r in _closing_rules(alone)] == [20, 80]  # type: ignore[arg-type]
