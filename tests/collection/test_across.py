"""Checks across filings and budget against actual, on tiny packages written inline: exact
(check, status, expected, difference) lists for a change, a rate, a restatement in the prose
and in a 上年 column, the prior filing's matching, and budget-vs-actual lines."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import Package as FrictionlessPackage
from frictionless import system

from gongkai.collection import combine
from gongkai.collection.across import cross_filing_checks
from gongkai.collection.budget_actual import budget_vs_actual
from gongkai.collection.frames import facets, key_figures_frame
from gongkai.collection.lines import prior_filings
from gongkai.datapackage import Package, load_package

COURT = "江苏省高级人民法院"
# Fields typed as numbers and integers, as the package writer types them.
NUMBERS = {"amount", "total", "budget_amount", "prior_year_total", "value", "subject_value"}
INTEGERS = {"line_no", "page", "reference_year", "paragraph_id"}


def write_package(
    root: Path,
    filing_id: str,
    *,
    year: int,
    tables: dict[str, list[dict[str, Any]]],
    phase: str = "预算",
    scope: str = "部门",
    name: str = COURT,
    units: dict[str, str] | None = None,
) -> Package:
    """A filing package with the given resources (rows as dicts), every table in 万元 unless
    ``units`` says otherwise."""
    directory = root / filing_id
    (directory / "data").mkdir(parents=True)
    resources = []
    for table, rows in tables.items():
        names = list(dict.fromkeys(k for row in rows for k in row))
        types = {n: "number" if n in NUMBERS else "integer" if n in INTEGERS else "string"
                 for n in names}  # fmt: skip
        with (directory / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=names)
            writer.writeheader()
            writer.writerows(rows)
        resources.append(
            {
                "name": table,
                "path": f"data/{table}.csv",
                "unit": (units or {}).get(table, "万元"),
                "schema": {"fields": [{"name": n, "type": t} for n, t in types.items()]},
            }
        )
    meta = {"filing_id": filing_id, "department_name": name, "region": ["江苏省"],
            "level": "省级", "year": year, "phase": phase, "scope": scope, "unit": "万元"}  # fmt: skip
    descriptor = {"name": filing_id, "gongkai": meta, "resources": resources}
    (directory / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False))
    return load_package(directory)


def summary(total: str, **extra: str) -> list[dict[str, Any]]:
    return [
        {"line_no": 1, "side": "income", "item": "一、财政拨款", "item_role": "line",
         "amount": total, "page": 9},
        {"line_no": 23, "side": "expenditure", "item": "支出合计", "item_role": "total",
         "amount": total, "page": 10, **extra},
    ]  # fmt: skip


def by_function(total: str, security: str, operation: str) -> list[dict[str, Any]]:
    return [
        {"line_no": 1, "code": "", "name": "合计", "level": "合计", "total": total, "page": 12},
        {"line_no": 2, "code": "204", "name": "公共安全支出", "level": "类", "total": security,
         "page": 12},
        {"line_no": 4, "code": "2040501", "name": "行政运行", "level": "项", "total": operation,
         "page": 12},
    ]  # fmt: skip


def claim(claim_id: str, **fields: Any) -> dict[str, Any]:
    """A row of the `claims` resource (schemas/resources.yaml) about last year."""
    return {"claim_id": claim_id, "line_no": 1, "paragraph_id": 1, "subject": "", "table_id": "",
            "code": "", "item": "", "value": "", "unit": "万元", "kind": "change",
            "direction": "", "reference_year": 2018, "subject_value": "", "status": "unresolved",
            "expected_unit": "万元", "page": 17, **fields}  # fmt: skip


TOTAL = {"subject": "收支预算总计", "table_id": "income_expenditure_summary", "item": "支出合计"}
CLAIMS = [
    claim("c1", **TOTAL, value="4016.19", direction="增加", subject_value="37188.34"),
    # a rate names no line: the line of the amount before it in the paragraph
    claim("c2", subject="", value="12.11", unit="%", direction="增长"),
    claim("c3", subject="公共安全", table_id="general_budget_expenditure", code="204",
          value="1287.35", direction="增加"),
    # planted: the prose says 减少 where the tables rose
    claim("c4", subject="行政运行", table_id="general_budget_expenditure", code="2040501",
          value="2421.68", direction="减少"),
    claim("c5", **TOTAL, kind="amount", value="33172.15", direction=""),
    claim("c6", **TOTAL, kind="amount", value="33000", direction=""),  # planted
    claim("c7", **TOTAL, kind="share", value="89.2", unit="%"),
    claim("c8", **TOTAL, value="4016.19", direction="增加", reference_year=2019),  # this year
    claim("c9", subject="其他", value="12", direction="增加"),  # no table line matched
    # a part of the reason for c10's change, matched to c10's own line
    claim("c10", **TOTAL, value="4016.19", direction="增加", paragraph_id=2,
          reason="主要原因是基本支出增加3397.18万元"),
    claim("c11", **TOTAL, value="3397.18", direction="增加", paragraph_id=2,
          sentence="主要原因是基本支出增加3397.18万元。"),
]  # fmt: skip


def _court(root: Path, total_2018: str = "33172.15", **extra: str) -> list[Package]:
    return [
        write_package(
            root,
            "court_2018",
            year=2018,
            tables={
                "income_expenditure_summary": summary(total_2018),
                "general_budget_expenditure": by_function(total_2018, "26200.88", "14857.61"),
            },
        ),
        write_package(
            root,
            "court_2019",
            year=2019,
            tables={
                "income_expenditure_summary": summary("37188.34", **extra),
                "general_budget_expenditure": by_function("37188.34", "27488.23", "17279.29"),
                "claims": CLAIMS,
                "checks": [
                    {
                        "check_id": "narrative.p1.c0.n1",
                        "category": "narrative",
                        "status": "skip",
                        "description_zh": "是与上年的比较",
                    }
                ],
            },
        ),
    ]


def _checks(packages: list[Package]) -> pd.DataFrame:
    facet = facets(packages)
    return cross_filing_checks(packages, facet, prior_filings(facet))


def _summary(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [
        (r.check_id, r.category, r.status, r.expected, r.difference) for r in frame.itertuples()
    ]


def test_changes_and_restatements_in_the_prose(tmp_path: Path) -> None:
    frame = _checks(_court(tmp_path))
    assert _summary(frame) == [
        ("across.c1", "prior_year_change", "pass", Decimal("4016.19"), Decimal("0.00")),
        ("across.c2", "prior_year_change", "pass", Decimal("12.11"), Decimal("0.00")),
        ("across.c3", "prior_year_change", "pass", Decimal("1287.35"), Decimal("0.00")),
        ("across.c4", "prior_year_change", "fail", Decimal("-2421.68"), Decimal("4843.36")),
        ("across.c5", "restatement", "pass", Decimal("33172.15"), Decimal("0.00")),
        ("across.c6", "restatement", "fail", Decimal("33172.15"), Decimal("-172.15")),
        ("across.c7", "restatement", "skip", None, None),
        ("across.c9", "prior_year_change", "skip", None, None),
        ("across.c10", "prior_year_change", "pass", Decimal("4016.19"), Decimal("0.00")),
        ("across.c11", "prior_year_change", "skip", None, None),
    ]
    first = frame.iloc[0]
    assert (first.filing_id, first.prior_filing_id, first.prior_year) == (
        "court_2019", "court_2018", 2018
    )  # fmt: skip
    assert (first.printed_value, first.page, first.published_value, first.prior_page) == (
        Decimal("4016.19"), 17, Decimal("33172.15"), 10
    )  # fmt: skip
    assert (first.current_value, first.tolerance, first.line) == (
        Decimal("37188.34"), Decimal("0.02"), "支出合计"
    )  # fmt: skip
    assert first.description_zh == (
        "说明中「收支预算总计增加4016.19万元」（第17页）对照2018年文件（court_2018，第10页）"
        "收支总表「支出合计」：本年37188.34 上年33172.15万元，37188.34 − 33172.15 = 4016.19万元"
    )
    assert frame.iloc[7].description_zh == "说明中「其他增加12万元」：未对应到表中的行"
    assert frame.iloc[9].description_zh == (
        "说明中「收支预算总计3397.18万元」是变动原因中的一部分，所指的行未确定"
    )


def test_a_planted_change_in_last_years_total_fails_with_the_difference(tmp_path: Path) -> None:
    frame = _checks(_court(tmp_path, total_2018="33172.00"))  # planted: 33172.15 in the filing
    found = frame.set_index("check_id").loc["across.c1"]
    assert (found.status, found.expected, found.difference) == (
        "fail", Decimal("4016.34"), Decimal("-0.15")
    )  # fmt: skip


def test_last_year_in_yuan_this_year_in_wan_yuan(tmp_path: Path) -> None:
    packages = _court(tmp_path)
    last = tmp_path / "court_2018" / "data" / "income_expenditure_summary.csv"
    last.write_text(last.read_text("utf-8").replace("33172.15", "331721500"), "utf-8")
    descriptor = json.loads((tmp_path / "court_2018" / "datapackage.json").read_text())
    descriptor["resources"][0]["unit"] = "元"
    (tmp_path / "court_2018" / "datapackage.json").write_text(json.dumps(descriptor))
    packages[0] = load_package(tmp_path / "court_2018")
    found = _checks(packages).set_index("check_id").loc["across.c1"]
    assert (found.status, found.expected, found.published_value, found.published_unit) == (
        "pass", Decimal("4016.19"), Decimal("331721500"), "元"
    )  # fmt: skip


def yantai_three_public(total: str, overseas: str, **last_year: str) -> list[dict[str, Any]]:
    """A 三公 table in 烟台's shape (公开表7: this year's figures, and last year's beside them in
    ``prior_year_total`` when ``last_year`` gives them)."""
    return [
        {"line_no": 1, "item": "合计", "item_key": "grand_total", "total": total,
         "prior_year_total": last_year.get("grand_total", ""), "page": 21},
        {"line_no": 2, "item": "因公出国（境）经费", "item_key": "overseas_travel",
         "total": overseas, "prior_year_total": last_year.get("overseas_travel", ""), "page": 21},
    ]  # fmt: skip


def test_a_last_year_column_that_differs_is_a_restatement(tmp_path: Path) -> None:
    """The 2026 table's 2025 column against the 2025 filing: 合计 restated (10.40 printed, 10.00
    published), 因公出国 as published, no other line printed."""
    packages = [
        write_package(tmp_path, "yt_2025", year=2025,
                      tables={"three_public_expenses": yantai_three_public("10.00", "0.00")}),
        write_package(tmp_path, "yt_2026", year=2026,
                      tables={"three_public_expenses": yantai_three_public(
                          "23.40", "13.00", grand_total="10.40", overseas_travel="0.00")}),
    ]  # fmt: skip
    frame = _checks(packages)
    restated = frame[frame.check_id.str.startswith("restated.")]
    assert _summary(restated) == [
        (
            "restated.three_public_expenses.key:grand_total.prior_year_total",
            "restatement",
            "fail",
            Decimal("10.00"),
            Decimal("0.40"),
        ),
        (
            "restated.three_public_expenses.key:overseas_travel.prior_year_total",
            "restatement",
            "pass",
            Decimal("0.00"),
            Decimal("0.00"),
        ),
    ]
    row = restated.iloc[0]
    assert (row.printed_value, row.page, row.published_value, row.prior_page) == (
        Decimal("10.40"), 21, Decimal("10.00"), 21
    )  # fmt: skip
    assert row.description_zh == (
        "财政拨款“三公”经费支出表「合计」上年数10.40万元（第21页）"
        "对照2025年文件（yt_2025，第21页）所印10.00万元"
    )


def test_no_filing_of_last_year_skips_with_the_reason(tmp_path: Path) -> None:
    only = _court(tmp_path)[1:]
    frame = _checks(only)
    assert set(frame.status) == {"skip"} and set(frame.prior_filing_id.dropna()) == set()
    assert frame.iloc[0].description_zh == (
        "说明中「收支预算总计增加4016.19万元」是关于上年的陈述，集合中无2018年同一部门的预算文件可比"
    )


def test_the_prior_filing_is_the_same_department_phase_and_scope(tmp_path: Path) -> None:
    tables: dict[str, list[dict[str, Any]]] = {"income_expenditure_summary": summary("1.00")}
    packages = [
        write_package(tmp_path, "a_2018_final", year=2018, phase="决算", tables=tables),
        write_package(tmp_path, "a_2018_unit", year=2018, scope="单位", tables=tables),
        write_package(tmp_path, "b_2018", year=2018, name="江苏省人民检察院", tables=tables),
        write_package(tmp_path, "a_2017", year=2017, tables=tables),
        write_package(tmp_path, "a_2019", year=2019, tables=tables),
        write_package(tmp_path, "a_2019_final", year=2019, phase="决算", tables=tables),
    ]
    assert prior_filings(facets(packages)) == {
        "a_2018_final": None,
        "a_2018_unit": None,
        "b_2018": None,
        "a_2017": None,
        "a_2019": None,  # 2018's 预算 部门 is not in the collection; 2017 is two years back
        "a_2019_final": "a_2018_final",
    }


def three_public(budget: str, final: str) -> list[dict[str, Any]]:
    return [
        {"line_no": 1, "item": "合计", "item_key": "grand_total", "total": final,
         "budget_amount": budget, "page": 14},
        {"line_no": 6, "item": "公务接待费", "item_key": "official_reception", "total": "",
         "budget_amount": "183.95", "page": 14},
    ]  # fmt: skip


def figures(total: str) -> list[dict[str, Any]]:
    return [{"line_no": 1, "figure": "total", "item": "支出合计", "amount": total, "unit": "万元",
             "table_id": "income_expenditure_summary", "measure": "amount"}]  # fmt: skip


def _budget_and_final(root: Path) -> list[Package]:
    return [
        write_package(
            root,
            "court_2018",
            year=2018,
            tables={
                "general_budget_expenditure": by_function("33172.15", "26200.88", "14857.61"),
                "figures": figures("33172.15"),
            },
        ),
        write_package(
            root,
            "court_2018_final",
            year=2018,
            phase="决算",
            tables={
                "general_budget_expenditure": by_function("32000.50", "25000.00", ""),
                "three_public_expenses": three_public("620.75", "598.10"),
                "figures": figures("32000.50"),
            },
        ),
    ]


def test_budget_against_actual(tmp_path: Path) -> None:
    packages = _budget_and_final(tmp_path)
    facet = facets(packages)
    frame = budget_vs_actual(packages, facet, key_figures_frame(packages, facet))
    assert set(frame.filing_id) == {"court_2018_final"} and set(frame.phase) == {"决算"}
    assert [
        (r.source, r.budget_filing_id, r.table_id, r.line, r.budget_yuan, r.final_yuan,
         r.difference_yuan, r.execution_rate, r.budget_page, r.final_page)
        for r in frame.itertuples()
    ] == [
        ("决算表中的预算数", "court_2018_final", "three_public_expenses", "key:grand_total",
         Decimal("6207500.00"), Decimal("5981000.00"), Decimal("-226500.00"), Decimal("96.35"),
         14, 14),
        # the 决算 prints 183.95 budgeted and a blank 决算数: nothing spent
        ("决算表中的预算数", "court_2018_final", "three_public_expenses", "key:official_reception",
         Decimal("1839500.00"), Decimal("0"), Decimal("-1839500.00"), Decimal("0.00"), 14, 14),
        ("预算与决算文件", "court_2018", "key_figures", "total", Decimal("331721500.00"),
         Decimal("320005000.00"), Decimal("-11716500.00"), Decimal("96.47"), None, None),
        ("预算与决算文件", "court_2018", "general_budget_expenditure", "合计",
         Decimal("331721500.00"), Decimal("320005000.00"), Decimal("-11716500.00"),
         Decimal("96.47"), 12, 12),
        ("预算与决算文件", "court_2018", "general_budget_expenditure", "code:204",
         Decimal("262008800.00"), Decimal("250000000.00"), Decimal("-12008800.00"),
         Decimal("95.42"), 12, 12),
        # the 决算 prints no 行政运行 amount: the budget alone, no difference
        ("预算与决算文件", "court_2018", "general_budget_expenditure", "code:2040501",
         Decimal("148576100.00"), None, None, None, 12, None),
    ]  # fmt: skip


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    packages = tmp_path / "packages"
    for package in [*_court(packages), *_budget_and_final(tmp_path / "more")]:
        if not (packages / package.filing_id).exists():
            package.directory.rename(packages / package.filing_id)
    target = combine(packages)
    assert target is not None
    return target


def test_published_in_the_collection(collection: Path) -> None:
    names = [
        r["name"] for r in json.loads((collection / "datapackage.json").read_text())["resources"]
    ]
    assert names[-3:] == ["budget_vs_actual", "cross_filing_checks", "checks"]
    with system.use_context(trusted=True):
        report = FrictionlessPackage(str(collection / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]
    frame = pd.read_csv(collection / "data" / "cross_filing_checks.csv", dtype=str,
                        encoding="utf-8-sig")  # fmt: skip
    assert frame.set_index("check_id").loc["across.c1", ["status", "difference"]].tolist() == [
        "pass", "0.00"
    ]  # fmt: skip


def test_a_blank_cell_of_a_line_both_filings_print_is_zero(tmp_path: Path) -> None:
    special = {"line_no": 4, "side": "income", "item": "二、财政专户管理资金", "item_role": "line",
               "amount": "", "page": 9}  # fmt: skip
    new_code = {"line_no": 5, "code": "2080505", "name": "机关事业单位基本养老保险缴费支出",
                "level": "项", "total": "1326.81", "page": 12}  # fmt: skip
    claims = [
        claim("z1", subject="财政专户", table_id="income_expenditure_summary",
              item="财政专户管理资金", value="0", direction="增加"),
        claim("z2", subject="养老保险", table_id="general_budget_expenditure", code="2080505",
              value="1326.81", direction="增加"),
    ]  # fmt: skip
    packages = [
        write_package(
            tmp_path,
            "court_2017",
            year=2017,
            tables={
                "income_expenditure_summary": [*summary("28849.38"), special],
                "general_budget_expenditure": by_function("28849.38", "1", "1"),
            },
        ),
        write_package(
            tmp_path,
            "court_2018",
            year=2018,
            tables={
                "income_expenditure_summary": [*summary("33172.15"), special],
                "general_budget_expenditure": [*by_function("33172.15", "1", "1"), new_code],
                "claims": [{**c, "reference_year": 2017} for c in claims],
            },
        ),
    ]
    frame = _checks(packages)
    assert _summary(frame) == [
        ("across.z1", "prior_year_change", "pass", Decimal("0"), Decimal("0")),
        # a code new this year: no line to compare, not a zero
        ("across.z2", "prior_year_change", "skip", None, None),
    ]
    assert frame.iloc[1].description_zh == (
        "说明中「养老保险增加1326.81万元」：2017年文件一般公共预算财政拨款支出表中无「2080505」一行"
    )
