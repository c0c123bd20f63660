"""陕西 (西安) 部门综合预算 表5-表8 on the real PDFs of filings/xian: the 一般公共预算 detail tables
by function and by economic class, each 部门经济 line with the 政府经济 class beside it, and the
narrative's coded lines (气象服务（2200509）, 机关工资福利支出（501）) resolved against them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.datapackage import Package, load_package
from tests.corpus import convert_corpus

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(
        not (paths.FILINGS / "xian").is_dir(), reason="filings/xian is not available"
    ),
]

WEATHER = "xian_2022_qixiangju_budget"
HRSS = "xian_2020_renshe-ju_budget"
MEDICAL = "xian_2022_yiliao-baozhangju_budget"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    out: Path = tmp_path_factory.mktemp("xian")
    convert_corpus([WEATHER, HRSS, MEDICAL], out)
    return {f: load_package(out / f) for f in (WEATHER, HRSS, MEDICAL)}


def _lines(package: Package, table: str, *fields: str) -> list[tuple[str | None, ...]]:
    return [tuple(r.text(f) for f in fields) for r in package.rows(table)]


@pytest.mark.parametrize("filing", [WEATHER, HRSS, MEDICAL])
def test_tables_5_to_8_are_typed(packages: dict[str, Package], filing: str) -> None:
    tables = [r.text("table_id") for r in packages[filing].rows("tables")]
    for kind in (
        "general_budget_expenditure",
        "general_budget_economic_expenditure",
        "basic_expenditure_by_function",
        "basic_expenditure",
        "carryover_expenditure",
    ):
        assert kind in tables


def test_weather_2022_lines_as_printed(packages: dict[str, Package]) -> None:
    weather = packages[WEATHER]
    fields = ("code", "name", "total", "personnel_expenditure", "public_expenditure")
    general = _lines(weather, "general_budget_expenditure", *fields, "project_expenditure")
    # 表5 p22: the name 机关事业单位职业年金缴费支出 runs into the 合计 column in the PDF
    assert ("2080506", "机关事业单位职业年金缴费支出", "43608.96", "43608.96", "0", "0") in general
    assert ("2200509", "气象服务", "13961500", "0", "0", "13961500") in general
    assert general[0] == (None, "合计", "18999011.66", "1732620.66", "106691", "17159700")
    by_function = _lines(weather, "basic_expenditure_by_function", *fields)
    assert ("2200504", "气象事业机构", "1643623.32", "1536932.32", "106691") in by_function
    # 表6 p23: 30102 津贴补贴 printed under two 政府经济 classes, both kept with their codes
    economic = _lines(
        weather,
        "general_budget_economic_expenditure",
        "code",
        "government_economic_code",
        "government_economic_name",
        "total",
        "project_expenditure",
    )
    assert [line for line in economic if line[0] == "30102"] == [
        ("30102", "50101", "工资奖金津补贴", "3055700", "3055700"),
        ("30102", "50501", "工资福利支出", "116629.72", "0"),
    ]
    # 表8 p25: 机关事业单位基本养老保险缴费 | 50501 read whole (p23 prints it interleaved)
    basic = _lines(
        weather, "basic_expenditure", "code", "name", "government_economic_code", "total"
    )
    assert ("30108", "机关事业单位基本养老保险缴费", "50501", "81738.24") in basic


def test_hrss_2020_kuan_codes_and_sub_items(packages: dict[str, Package]) -> None:
    hrss = packages[HRSS]
    by_function = _lines(
        hrss, "basic_expenditure_by_function", "code", "level", "parent_code", "total"
    )
    # 表7 p38 prints the 款 as 03 under 205 and 01 under 208
    assert by_function[:4] == [
        (None, "合计", None, "8563.95"),
        ("205", "类", None, "441.12"),
        ("20503", "款", "205", "441.12"),
        ("2050303", "项", "20503", "441.12"),
    ]
    # 表6 p35: 3010201 津贴补贴 under 301 with no 30102 line
    economic = _lines(
        hrss,
        "general_budget_economic_expenditure",
        "code",
        "parent_code",
        "government_economic_code",
        "total",
    )
    assert ("3010201", "301", "50101", "1342.73") in economic
    assert economic[0] == (None, None, None, "181716.56")


def test_hrss_2020_carryover_lines_keep_both_codes(packages: dict[str, Package]) -> None:
    """表11 p45: each project carried over with its function and government economic class;
    the five add up to the 财政拨款收支总表's 上年结转 90.57."""
    hrss = packages[HRSS]
    fields = ("unit_code", "project_name", "total", "function_code", "government_economic_code")
    assert _lines(hrss, "carryover_expenditure", *fields) == [
        ("242001", "2019年城乡居民养老保险经费", "7.70", "2080109", "50299"),
        ("242001", "2019年就业工作经费", "47.51", "2080799", "50299"),
        ("242010", "2019年就业工作经费", "26.38", "2089901", "50502"),
        ("242005", "2019年就业工作经费", "3.82", "2089901", "50299"),
        ("242001", "市级就业补助及创业贷款贴息资金", "5.16", "2080702", "50299"),
    ]
    check = next(
        r
        for r in hrss.rows("checks")
        if r.text("check_id") == "cross_table.carryover_vs_fiscal_summary"
    )
    assert (check.text("status"), check.text("expected"), check.text("actual")) == (
        "pass",
        "90.57",
        "90.57",
    )
    # 2022: the table is printed empty (是否空表: 是)
    assert packages[WEATHER].rows("carryover_expenditure") == []


def test_identities_hold_on_the_detail_tables(packages: dict[str, Package]) -> None:
    """Every row sum and hierarchy sum of the four tables passes in the three filings."""
    tables = (
        "general_budget_expenditure",
        "general_budget_economic_expenditure",
        "basic_expenditure_by_function",
        "basic_expenditure",
    )
    for filing, package in packages.items():
        checks = [
            r
            for r in package.rows("checks")
            if r.text("category") in ("row_sum", "hierarchy", "schema")
            and r.text("table_id") in tables
        ]
        assert len(checks) > 40, filing
        assert [r.text("check_id") for r in checks if r.text("status") != "pass"] == [], filing
        # 表5 = 表6 and 表7 = 表8 in total; 表7's lines = 表5's 人员经费 and 公用经费
        across = [
            r
            for r in package.rows("checks")
            if (r.text("check_id") or "").startswith(
                (
                    "cross_table.general_economic_vs_general_budget",
                    "cross_table.basic_by_function_vs_",
                )
            )
        ]
        assert len(across) > 30, filing
        assert [r.text("check_id") for r in across if r.text("status") != "pass"] == [], filing


def test_narrative_coded_lines_resolve(packages: dict[str, Package]) -> None:
    def claim(filing: str, claim_id: str) -> tuple[str | None, str | None, str | None, Decimal]:
        row = next(r for r in packages[filing].rows("claims") if r.text("claim_id") == claim_id)
        expected = row.amount("expected")
        assert expected is not None, claim_id
        return (row.text("status"), row.text("table_id"), row.text("code"), expected)

    # 气象服务（2200509）1396.15万元: 表5 prints 13961500 元
    assert claim(WEATHER, "narrative.p99.c0.n1") == (
        "agree",
        "general_budget_expenditure",
        "2200509",
        Decimal("1396.15"),
    )
    # 机关商品和服务支出（502）3423.08万元，其中：公用经费545.71万元: the 政府经济 class 502 is
    # the sum of the 表6 lines booked under 502xx, and 公用经费 its 公用经费 column
    assert claim(HRSS, "narrative.p136.c0.n1")[::3] == ("agree", Decimal("3423.08"))
    assert claim(HRSS, "narrative.p136.c0.n2")[::3] == ("agree", Decimal("545.71"))
    # A real slip of the filing: 工资福利支出（301）2036.82万元 where 表6 and 表8 print
    # 20,368,125.45 元 (2036.81万元), p20 of the PDF
    assert claim(MEDICAL, "narrative.p115.c0.n1")[0] == "disagree"
