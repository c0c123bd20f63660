"""Home -> region -> year -> department, and the function-class pages, on a tiny inline
collection: counts, links, and sums only of comparable filings (same phase, 部门 scope)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from gongkai.site.corpus import Collection, Filing, FunctionClass
from gongkai.site.pages.function_class import function_page, functions_index_page
from gongkai.site.pages.home import home_page
from gongkai.site.pages.region import region_page, year_page


def filing(filing_id: str, department: str, scope: str = "部门", **figures: str) -> Filing:
    return Filing(
        filing_id=filing_id,
        department_id=department,
        department_name=department,
        region=("江苏省",),
        level="省级",
        year=2019,
        phase="预算",
        scope=scope,
        title=f"{department}2019年预算",
        unit="万元",
        checks_failed=0,
        figures={k: Decimal(v) for k, v in figures.items()},
    )


COURT = filing(
    "court", "法院", total_yuan="2000000", basic_expenditure_yuan="1500000", three_public_yuan="1"
)
PROSECUTOR = filing("prosecutor", "检察院", total_yuan="1000000", three_public_yuan="2")
UNIT = filing("unit", "法院培训中心", "单位", total_yuan="500000")
FINAL = replace(COURT, filing_id="court_final", phase="决算", figures={"total_yuan": Decimal(7)})
OLDER = replace(PROSECUTOR, filing_id="prosecutor_2018", year=2018)
COLLECTION = Collection(
    [OLDER, COURT, PROSECUTOR, UNIT, FINAL],
    {
        "court": [FunctionClass("208", "社会保障和就业支出", Decimal("300000"), "t")],
        "prosecutor_2018": [FunctionClass("208", "社会保障和就业支出", Decimal("100000"), "t")],
        "prosecutor": [FunctionClass("208", "社保", Decimal("120000"), "t")],
    },
)


def test_year_page_adds_only_departments_of_one_phase() -> None:
    page = year_page("江苏省", 2019, [COURT, PROSECUTOR, UNIT, FINAL])
    assert (
        "| [法院](../departments/52381bfa.md) | 200 | 75.0% | 0.0001 | — "
        "| [文件](../filings/court.md) |"
    ) in page
    assert "| **2个部门合计** | 300 |   | 0.0003 | — |   |" in page
    # the unit and the 决算 stand in tables of their own, never in the sum
    assert page.index("### 单位（一个预算单位）") < page.index("## 决算")
    assert "| [法院培训中心](../departments/9e5166b4.md) | 50 | — |" in page
    assert page.count("合计**") == 1
    assert "[江苏省的全部年度与部门](99c454c7.md)" in page


def test_region_page_links_years_and_departments_with_facets() -> None:
    page = region_page("江苏省", COLLECTION.filings)
    assert "- [2019年](99c454c7-2019.md)：4份文件（预算、决算），3个部门" in page
    assert "- [2018年](99c454c7-2018.md)：1份文件（预算），1个部门" in page
    assert (
        "- [检察院](../departments/6f3aaf87.md)：省级 · 部门 · "
        "[2018年预算](../filings/prosecutor_2018.md)、[2019年预算](../filings/prosecutor.md)\n"
    ) in page


def test_home_counts_departments_not_filings_and_adds_no_money() -> None:
    home = home_page([], COLLECTION)
    assert "- 公开文件：**5**份（预算4份、决算1份），2018–2019年" in home
    assert "- 部门：**3**个" in home
    assert (
        "- [江苏省](generated/regions/99c454c7.md)：[2019](generated/regions/99c454c7-2019.md)"
        " · [2018](generated/regions/99c454c7-2018.md)（3个部门，5份文件）\n"
    ) in home
    assert "万元" not in home
    assert "[各功能分类](generated/functions/index.md)" in home


def test_function_class_page_by_department_and_year() -> None:
    page = function_page("208", "社会保障和就业支出", COLLECTION)
    assert "2个部门、3份文件列出此类" in page
    assert "| 部门 | 部门/单位 | 2019年 | 2018年 |" in page
    assert "| [法院](../departments/52381bfa.md) | 部门 | 30 | — |" in page
    assert "| [检察院](../departments/6f3aaf87.md) | 部门 | 12 | 10 |" in page
    assert page.index("[法院]") < page.index("[检察院]")  # the larger spender first
    index = functions_index_page(COLLECTION)
    assert "| [208 社会保障和就业支出](208.md) | 2 | 3 |" in index


def test_year_page_shows_basic_spending_per_staff_naming_the_count() -> None:
    # the court prints both counts, the prosecutor none: its cell is "—", never a mixed figure
    staffed = replace(
        COURT,
        figures={
            **COURT.figures,
            "staff_authorized": Decimal(339),
            "staff_actual": Decimal(274),
            "basic_per_authorized_staff_yuan": Decimal("4424.78"),
            "basic_per_actual_staff_yuan": Decimal("5474.45"),
        },
    )
    page = year_page("江苏省", 2019, [staffed, PROSECUTOR])
    assert "| 人均基本支出（元，按所印人数） | 原文 |" in page
    assert "| 编制339人：4,424.78<br>实有274人：5,474.45 | [文件](../filings/court.md) |" in page
    assert "| 0.0002 | — | — | [文件](../filings/prosecutor.md) |" in page
    assert "| **2个部门合计** | 300 |   | 0.0003 | — |   |   |" in page
    assert "不可直接比较" in page
    # without any count the column and its note stay away
    assert "人均" not in year_page("江苏省", 2019, [COURT, PROSECUTOR])
