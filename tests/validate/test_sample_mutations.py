"""The whole pipeline on the sample: each identity fires on a copy with one number changed, with the exact difference.

The copies are generated from the real sample by changing one printed cell (the line is asserted
first, so a changed sample fails loudly instead of testing nothing).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_TEXT, convert_text

SAMPLE = SAMPLE_TEXT.read_text("utf-8")


def mutate(line_no: int, old: str, new: str) -> str:
    lines = SAMPLE.split("\n")
    assert lines[line_no - 1] == old, f"sample line {line_no} is {lines[line_no - 1]!r}"
    lines[line_no - 1] = new
    return "\n".join(lines)


def checks_of(package: Path) -> dict[str, dict[str, object]]:
    report = json.loads((package / "validation.json").read_text("utf-8"))
    return {c["check_id"]: c for c in report["checks"]}


def failing(package: Path) -> dict[str, Decimal]:
    return {
        cid: Decimal(str(c["difference"]))
        for cid, c in checks_of(package).items()
        if c["status"] == "fail"
    }


def test_the_sample_adds_up(sample_package: Path) -> None:
    """No false alarm: the unchanged sample passes every identity; skips are claims with no table value."""
    checks = checks_of(sample_package)
    assert [cid for cid, c in checks.items() if c["status"] == "fail"] == []
    skipped = sorted(cid for cid, c in checks.items() if c["status"] == "skip")
    assert all(cid.startswith("narrative.") for cid in skipped)
    descriptions = [str(checks[cid]["description_zh"]) for cid in skipped]
    # Changes against last year (增加/减少: last year's amounts are in last year's filing), an
    # unemployment rate (no amount to derive it from), the planned asset purchases (no table
    # prints them) and one information note (a 100% fall given without a reason).
    assert skipped == [
        "narrative.p100.c45.n1",
        "narrative.p28.c17.n2",
        "narrative.p28.c17.n3",
        "narrative.p28.c98.n1",
        "narrative.p36.c0.n1",
        "narrative.p36.c110.n1",
        "narrative.p36.c110.n2.reason",
        "narrative.p36.c41.n1",
        "narrative.p52.c0.n1",
    ]
    # 因公出国（境）费用与上年0万元: a value about last year (p36.c41.n1), checked across filings.
    assert sum("与上年的比较" in d for d in descriptions) == 6
    assert checks["narrative.p36.c110.n2.reason"]["severity"] == "info"
    categories = {str(c["category"]) for c in checks.values()}
    assert categories == {
        "schema",
        "identity",
        "row_sum",
        "hierarchy",
        "summary",
        "cross_table",
        "three_public",
        "narrative",
    }


CASES = {
    # name: (line, old, new, {check_id: expected difference})
    "row_sum": (
        922,
        "\t246.13",
        "\t247.13",
        {
            "row_sum.expenditure_by_function.2080101.total": Decimal("1.00"),
            "hierarchy.expenditure_by_function.20801.total": Decimal("-1.00"),
        },
    ),
    "hierarchy": (
        1602,
        "\t10.40",
        "\t11.40",
        {
            "row_sum.general_budget_expenditure.2050201.total": Decimal("-1.00"),
            "hierarchy.general_budget_expenditure.20502.project_expenditure": Decimal("-1.00"),
        },
    ),
    "summary": (
        210,
        "\t29295.60",
        "\t29296.60",
        {
            "summary.income_expenditure_summary.income.subtotal.amount": Decimal("1.00"),
            "summary.income_expenditure_summary.income.total.amount": Decimal("-1.00"),
            "cross_table.summary_income_subtotal_vs_current_year_subtotal": Decimal("1.00"),
            "narrative.p22.c0.n1": Decimal("-1.00"),
            "narrative.p24.c12.n1": Decimal("-1.00"),
        },
    ),
    "cross_table": (
        50,
        "\t965.31",
        "\t966.31",
        {
            "cross_table.summary_vs_expenditure.205": Decimal("1.00"),
            "summary.income_expenditure_summary.expenditure.subtotal.amount": Decimal("-1.00"),
        },
    ),
    "three_public": (
        2193,
        "\t12.60",
        "\t13.60",
        {
            "three_public.official_vehicles.total": Decimal("-1.00"),
            "row_sum.three_public_expenses.L8.total": Decimal("1.00"),
            "narrative.p34.c0.n3": Decimal("-1.00"),
        },
    ),
    "basic_equals_personnel_plus_public": (
        1863,
        "\t1908.22",
        "\t1909.22",
        {
            "row_sum.basic_expenditure.L1.total": Decimal("-1.00"),
            "hierarchy.basic_expenditure.L1.personnel_expenditure": Decimal("1.00"),
            "narrative.p26.c70.n3": Decimal("-1.00"),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_identity_fires_with_exact_difference(name: str, tmp_path: Path) -> None:
    line, old, new, expected = CASES[name]
    package = convert_text(mutate(line, old, new), tmp_path)
    assert failing(package) == expected


def test_narrative_claim_disagrees(tmp_path: Path) -> None:
    text = SAMPLE.replace("人员经费1908.22万元", "人员经费1908.32万元")
    assert text != SAMPLE
    found = failing(convert_text(text, tmp_path))
    assert found == {"narrative.p26.c70.n3": Decimal("0.10")}


def test_schema_check_fires(tmp_path: Path) -> None:
    package = convert_text(mutate(4492, "\t803.76", "\t（803.76）"), tmp_path)
    checks = checks_of(package)
    assert checks["schema.fixed_assets"]["status"] == "fail"
    assert checks["schema.fixed_assets"]["actual"] == "1"  # exact decimals are JSON strings
    assert "minimum" in str(checks["schema.fixed_assets"]["description_en"])


def _check(package: Path, check_id: str) -> dict[str, object]:
    return checks_of(package)[check_id]


def test_row_paired_with_the_wrong_code(tmp_path: Path) -> None:
    """2080109 printed with its neighbour's name in the general budget table: the code's name
    differs from the income table's, reported with both names and both tables."""
    package = convert_text(mutate(1655, "\t社会保险经办机构", "\t行政运行"), tmp_path)
    check = _check(package, "cross_table.code_name.2080109.general_budget_expenditure")
    assert check["status"] == "fail"
    assert "「2080109」在收入总表" in str(check["description_zh"])
    assert "社会保险经办机构" in str(check["description_zh"])
    assert "一般公共预算支出表" in str(check["description_zh"])
    assert "行政运行" in str(check["description_zh"])
    assert "错配" in str(check["description_zh"])
    assert "收入总表（第420行）" in str(check["description_zh"])
    assert check["page"] is None and check["source_line"] == 1653
    # The amounts still add up: this is the only alarm.
    assert [cid for cid, c in checks_of(package).items() if c["status"] == "fail"] == [
        "cross_table.code_name.2080109.general_budget_expenditure"
    ]


def test_wrapped_name_cut_off(tmp_path: Path) -> None:
    """社会保险经办机构 printed as 社会保险经办 (the wrapped rest of the name lost)."""
    package = convert_text(mutate(1655, "\t社会保险经办机构", "\t社会保险经办"), tmp_path)
    failed = [cid for cid, c in checks_of(package).items() if c["status"] == "fail"]
    assert failed == ["cross_table.code_name.2080109.general_budget_expenditure"]
    check = _check(package, failed[0])
    assert "截断" in str(check["description_zh"])
    assert "[name cut off]" in str(check["description_en"])


def test_same_code_same_name_passes(sample_package: Path) -> None:
    check = _check(sample_package, "cross_table.code_name.2080109.general_budget_expenditure")
    assert check["status"] == "pass"


def test_split_code_with_one_digit_part() -> None:
    """万里街道 2024 p29 prints 301 | 2 | 津贴补贴: the 款 part without its leading zero."""
    from gongkai.codes import parse_code

    assert parse_code("301 2", "津贴补贴") == ("30102", "津贴补贴")
    assert parse_code("208 05 5", "x") == ("2080505", "x")
    assert parse_code("208 05 05", "x") == ("2080505", "x")
