"""Coverage of every real PDF filing of filings/: the share of amounts printed on its table pages
that reach its package, and the table kinds recognised, never below the floors recorded in
tests/coverage_floors.yaml (scripts/coverage.py measures; this test keeps it from going down).

The filings are converted with the build cache into build/coverage (a second run converts only
what changed); GONGKAI_COVERAGE_PACKAGES names a folder of packages already converted instead.
"""

from __future__ import annotations

import importlib.util
import os
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main as cli
from gongkai.datapackage import find_packages
from tests.test_real_pdfs import OPEN_FALSE_ALARMS, REAL_FAILURES, REVIEWED

FLOORS_FILE = Path(__file__).parent / "coverage_floors.yaml"
FLOORS: dict[str, dict[str, Any]] = yaml.safe_load(FLOORS_FILE.read_text("utf-8"))

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(not (paths.SHARED / "data-fetched").is_dir(), reason="no ../shared"),
]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coverage", paths.ROOT / "scripts/coverage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> Path:
    """The folder of the packages of every PDF filing of filings/."""
    given = os.environ.get("GONGKAI_COVERAGE_PACKAGES")
    out = Path(given) if given else paths.BUILD / "coverage" / "packages"
    if not given:
        pdf_filings = sorted({p.parent for p in paths.FILINGS.glob("*/*.pdf")})
        args = ["convert", *map(str, pdf_filings), "--out", str(out)]
        args += ["--cache-dir", str(paths.BUILD / "coverage" / "cache")]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report(corpus: Path) -> dict[str, dict[str, Any]]:
    script = _script()
    return {
        p.filing_id: {
            **script.coverage(p),
            "meta": p.meta,
            "failing": {r.text("check_id") for r in p.rows("checks") if r.text("status") == "fail"},
        }
        for p in find_packages(corpus)
        if p.filing_id in FLOORS
    }


def test_every_pdf_filing_has_a_floor() -> None:
    ids = {y.stem for y in paths.FILINGS.glob("*/*.yaml") if any(y.parent.glob(f"{y.stem}*.pdf"))}
    assert sorted(ids ^ set(FLOORS)) == []


@pytest.mark.parametrize("filing_id", sorted(FLOORS))
def test_coverage_does_not_go_down(report: dict[str, dict[str, Any]], filing_id: str) -> None:
    assert filing_id in report, f"{filing_id}: no package"
    found, floor = report[filing_id], FLOORS[filing_id]
    assert (found["share"] or 0) >= floor["share"], (found["share"], found["missing_sample"])
    assert found["tables_found"] >= floor["tables_found"]
    assert found["tables_listed"] == floor["tables_listed"]


IDENTITY = (
    ("department_name", "department_name_printed"),
    ("year", "year_printed"),
    ("phase", "phase_printed"),
    ("scope", "scope_printed"),
)


@pytest.fixture(scope="module")
def printed(report: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {filing_id: r["meta"] for filing_id, r in report.items()}


@pytest.mark.parametrize("filing_id", sorted(FLOORS))
def test_identity_read_from_the_document(
    printed: dict[str, dict[str, Any]], filing_id: str
) -> None:
    """Department, year, phase and scope as the document prints them equal the reviewed
    provenance (filings/<city>/*.yaml), also where the file name says otherwise; a filing that
    does not print one (北京's 附件 tables alone) lists it under not_printed."""
    provenance = yaml.safe_load(next(paths.FILINGS.glob(f"*/{filing_id}.yaml")).read_text("utf-8"))
    not_printed = set(FLOORS[filing_id].get("not_printed", []))
    found = {declared: printed[filing_id].get(key) for declared, key in IDENTITY}
    expected = {
        declared: None if declared in not_printed else provenance.get(declared)
        for declared, _ in IDENTITY
    }
    assert found == expected


@pytest.mark.parametrize("filing_id", sorted(REVIEWED))
def test_failing_checks_are_reviewed(report: dict[str, dict[str, Any]], filing_id: str) -> None:
    """Every check a reviewed city filing fails was looked at on its PDF: a real slip of the
    filing (REAL_FAILURES) or a false alarm of ours not fixed yet (OPEN_FALSE_ALARMS, with what
    is wrong); any other failing check, or one of them passing, fails this test."""
    expected = set(REAL_FAILURES.get(filing_id, {})) | set(OPEN_FALSE_ALARMS.get(filing_id, {}))
    assert sorted(report[filing_id]["failing"]) == sorted(expected)


# 烟台 公开表7 prints the 三公 items under 2025年预算数 and 2026年预算数 (read off the PDFs):
# filing -> (合计 2025, 合计 2026, the narrative's 比上年 change as printed, its direction).
YANTAI_THREE_PUBLIC = {
    "yantai_2026_caizhengju_budget": ("10.40", "23.40", "13", "增加"),
    "yantai_2026_dashujuju_budget": ("20.45", "19.45", "1", "减少"),
    "yantai_2026_fagaiwei_budget": ("26.35", "10.90", "15.45", "减少"),
}


@pytest.mark.parametrize("filing_id", sorted(YANTAI_THREE_PUBLIC))
def test_a_printed_last_year_column_checks_the_change_in_the_filing(
    corpus: Path, filing_id: str
) -> None:
    """Last year's 三公 figures are typed (prior_year_total), and the narrative's 比上年增加/减少
    of the 三公 total is checked against them inside the filing, direction word included."""
    last, this, change, direction = YANTAI_THREE_PUBLIC[filing_id]
    package = next(p for p in find_packages(corpus) if p.filing_id == filing_id)
    total = next(r for r in package.rows("three_public_expenses") if r.text("item") == "合计")
    assert (total.text("prior_year_total"), total.text("total")) == (last, this)
    checks = {r.text("check_id"): r for r in package.rows("checks")}
    changes = [
        c
        for c in checks.values()
        if c.text("category") == "narrative"
        and f"比上年{direction}{change}万元" in c.text("description_zh")
        and "三公经费表「合计」所印本年数与上年数之差" in c.text("description_zh")
    ]
    assert [(c.text("status"), c.amount("expected")) for c in changes] == [
        ("pass", Decimal(change))
    ]
    assert f"（|{this} − {last}|）" in changes[0].text("description_zh")
    assert checks[changes[0].text("check_id") + ".direction"].text("status") == "pass"


def _printed(filing: str, page: int) -> list[str]:
    """The amounts scripts/coverage.py counts on a page of a PDF of filings/."""
    script = _script()
    pdf = next(paths.FILINGS.glob(f"*/{filing}.pdf"))
    return list(script.AMOUNT.findall(script.rejoin(script.page_text(pdf, page))))


def test_amounts_cut_into_pieces_are_counted_whole() -> None:
    """重庆 sets an amount's pieces on lines of their own; counted whole, as printed, not as the
    piece that looks like an amount (833.84 of 101,833.84)."""
    total = _printed("chongqing_2026_shangwuwei_budget", 16)[:5]
    assert total == ["101,833.84", "43,436.09", "34,411.12", "9,024.98", "58,397.75"]
    # the fraction of 一般公共预算资金 printed above its integer
    fiscal = _printed("chongqing_2026_shangwuwei_budget", 15)
    assert fiscal.count("99,320.55") == 2 and "99,320" not in fiscal
    targets = _printed("chongqing_2026_shangwuwei_budget", 26)
    assert targets[:3] == ["40,624.00", "46,794.00", "6,170.00"]


def test_wrapped_digits_and_the_page_number() -> None:
    """杭州 wraps the last digit of a wide amount below its line; the page number under a clipped
    12,437.3 (its 6 is not printed) is no part of it."""
    general = _printed("hangzhou_2026_gonganju_budget", 26)
    assert general[:6] == [
        "370,219.25",
        "293,191.86",
        "246,458.22",
        "46,733.64",
        "77,027.38",
        "5,140.00",
    ]
    assert general.count("299,901.02") == 2 and general.count("260,448.73") == 2
    assert "12,437.3" in _printed("hangzhou_2026_gonganju_budget", 21)


ZHEJIANG = sorted(f for f in FLOORS if f.startswith(("hangzhou_", "huzhou_")))


@pytest.mark.parametrize("filing_id", ZHEJIANG)
def test_zhejiang_basic_expenditure_split_is_summed(corpus: Path, filing_id: str) -> None:
    """浙江's 支出总表 prints 基本支出 as 人员支出 | 日常公用支出 (湖州: 公用经费) without a 小计:
    both are typed and every line's 合计 = 人员 + 公用 + 项目 + … holds (72 lines of the 6 filings
    failed while 人员支出 was read as 基本支出 and 公用 had no field)."""
    package = next(p for p in find_packages(corpus) if p.filing_id == filing_id)
    rows = package.rows("expenditure_by_function")
    assert not [r for r in rows if r.text("basic_expenditure")]
    assert all(r.text("personnel_expenditure") for r in rows if r.text("level") == "合计")
    checks = [
        r for r in package.rows("checks") if r.text("check_id").startswith("row_sum.expenditure_by")
    ]
    assert len(checks) == len(rows)
    assert [c.text("check_id") for c in checks if c.text("status") != "pass"] == []
    assert {c.text("description_en").split(": ")[1] for c in checks} == {
        "total = personnel_expenditure + public_expenditure + project_expenditure"
        " + operating_expenditure + remittance_to_superior + subsidy_to_subordinate"
    }
    if filing_id == "hangzhou_2026_sifaju_budget":
        total = next(r for r in rows if r.text("level") == "合计")
        assert [
            total.text(f) for f in ("total", "personnel_expenditure", "public_expenditure")
        ] == [
            "99230.46",
            "58486.35",
            "12237.94",
        ]
        # the 基本支出 share of the site's chart is their sum, not 人员支出 alone
        figures = [r for r in package.rows("figures") if r.text("figure") == "basic_project"]
        assert [(r.text("item"), r.text("amount"), r.text("share")) for r in figures] == [
            ("基本支出", "70724.29", "71.3"),
            ("项目支出", "28506.17", "28.7"),
        ]


QUANZHOU = sorted(f for f in FLOORS if f.startswith("quanzhou_"))


@pytest.mark.parametrize("filing_id", QUANZHOU)
def test_quanzhou_tables_of_xiang_lines_alone(corpus: Path, filing_id: str) -> None:
    """泉州's 支出总表 and 一般公共预算拨款支出预算表 print 小计 | 基本支出 | 项目支出 over their 项
    lines alone: 小计 is the total, no parent_code points at a line the table does not print (the
    schema held them to 20401 …), and the summary's class lines meet the sum of their 项 lines."""
    package = next(p for p in find_packages(corpus) if p.filing_id == filing_id)
    for table in ("expenditure_by_function", "general_budget_expenditure"):
        rows = package.rows(table)
        assert {r.text("level") for r in rows} == {"合计", "项"}
        assert all(r.text("total") for r in rows)
        assert not [r for r in rows if r.text("parent_code")]
    checks = {r.text("check_id"): r for r in package.rows("checks")}
    assert checks["schema.expenditure_by_function"].text("status") == "pass"
    classes = [c for k, c in checks.items() if k.startswith("cross_table.summary_vs_expenditure.")]
    assert classes and {c.text("status") for c in classes} == {"pass"}
    assert all("类各项之和" in c.text("description_zh") for c in classes)
