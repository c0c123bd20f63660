"""Tables printed by unit on the real PDFs: 深圳 表4 基本支出总表 and 表5 项目支出总表, 广东 表11
部门预算基本支出预算表 and 表12 部门预算项目支出及其他支出预算表 (basic_expenditure_by_unit and
project_expenditure, with unit lines), their sums, and the narrative claims naming their lines
(a listed project, a unit's 公用经费)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import paths
from gongkai.datapackage import Package, load_package
from tests.corpus import convert_corpus

SZ_FGW = "shenzhen_2026_fagaiwei_budget"
SZ_GWS = "shenzhen_2026_jianzhu-gongwushu_budget"
GZ_FGW = "guangzhou_2026_fagaiwei_budget"

pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(
        not (paths.FILINGS / "shenzhen").is_dir(), reason="filings/shenzhen is not available"
    ),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    out: Path = tmp_path_factory.mktemp("by_unit")
    convert_corpus([SZ_FGW, SZ_GWS, GZ_FGW], out)
    return {f: load_package(out / f) for f in (SZ_FGW, SZ_GWS, GZ_FGW)}


def _lines(package: Package, table: str, name: str) -> list[tuple[str, str, str, str]]:
    return [
        (r.text(name) or "", r.text("item_role") or "", r.text("total") or "", r.text("page") or "")
        for r in package.rows(table)
    ]


def test_shenzhen_project_table_rows(packages: dict[str, Package]) -> None:
    lines = _lines(packages[SZ_FGW], "project_expenditure", "project_name")
    # p21-23 (PDF pages 24-26): the department's line first, then 20 projects; wrapped cells
    # (1,264,602 | .38) read whole
    assert len(lines) == 20
    assert lines[0] == ("深圳市发展和改革委员会（本级）", "total", "1264602.38", "24")
    assert lines[1] == ("创新能力建设和高新技术发展业务", "project", "809.82", "24")
    assert ("预算准备金", "project", "419.00", "26") in lines
    first = packages[SZ_FGW].rows("project_expenditure")[0]
    assert (first.text("general_public_budget"), first.text("prior_year_carryover")) == (
        "1263231.78",
        "1370.60",
    )


def test_shenzhen_units_and_classes(packages: dict[str, Package]) -> None:
    projects = _lines(packages[SZ_GWS], "project_expenditure", "project_name")
    assert projects[:3] == [
        ("深圳市建筑工务署", "total", "13210.64", "37"),
        ("深圳市建筑工务署（本级）", "unit", "9866.11", "37"),
        ("工程管理", "project", "6832.94", "37"),
    ]
    basic = _lines(packages[SZ_FGW], "basic_expenditure_by_unit", "name")
    assert basic[:3] == [
        ("深圳市发展和改革委员会（本级）", "total", "9122.80", "22"),
        ("工资福利支出", "class", "7514.48", "22"),
        ("基本工资", "item", "1693.94", "22"),
    ]


def test_guangdong_units_projects_and_goals(packages: dict[str, Package]) -> None:
    rows = packages[GZ_FGW].rows("project_expenditure")
    lines = _lines(packages[GZ_FGW], "project_expenditure", "project_name")
    assert lines[:3] == [
        ("合计", "total", "138845.78", "26"),
        ("广州市发展和改革委员会", "unit", "136554.40", "26"),
        ("经济社会形势分析工作经费", "project", "64.00", "26"),
    ]
    # a unit whose name holds 项目 is a unit; a project named like an institution is a project
    assert ("广州市政府投资项目研究评审中心", "unit") in [(n, r) for n, r, _, _ in lines]
    assert ("CC(市本级）", "project", "46905.68", "28") in lines
    assert (rows[2].text("performance_goal") or "").startswith("围绕经济社会发展的重点问题")
    basic = _lines(packages[GZ_FGW], "basic_expenditure_by_unit", "name")
    assert basic[:3] == [
        ("合计", "total", "16877.61", "24"),
        ("广州市发展和改革委员会（本级）", "unit", "11463.44", "24"),
        ("工资福利支出", "class", "7655.91", "24"),
    ]


def _checks(package: Package, prefix: str) -> dict[str, str]:
    return {
        r.text("check_id") or "": r.text("status") or ""
        for r in package.rows("checks")
        if (r.text("check_id") or "").startswith(prefix)
    }


def test_unit_sums_hold(packages: dict[str, Package]) -> None:
    for filing in (SZ_FGW, SZ_GWS, GZ_FGW):
        for table in ("project_expenditure", "basic_expenditure_by_unit"):
            checks = _checks(packages[filing], f"hierarchy.{table}.")
            assert checks and set(checks.values()) == {"pass"}, (filing, table)
    # 合计 = Σ units; 深圳市建筑工务署（本级） = Σ its 4 projects; 工资福利支出 = Σ its items
    gws = _checks(packages[SZ_GWS], "hierarchy.")
    assert gws["hierarchy.project_expenditure.L2.total"] == "pass"
    assert _checks(packages[SZ_FGW], "hierarchy.basic_expenditure_by_unit.L2.total")


def _claims(package: Package) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (r.text("subject") or "", r.text("value") or ""): (
            r.text("status") or "",
            r.text("derivation") or r.text("note") or "",
        )
        for r in package.rows("claims")
    }


def test_listed_projects_and_public_costs_resolve(packages: dict[str, Package]) -> None:
    claims = _claims(packages[SZ_FGW])
    assert claims[("1.创新能力建设和高新技术发展业务", "809.82")] == (
        "agree",
        "项目支出表「创新能力建设和高新技术发展业务」合计 809.82",
    )
    assert claims[("15.预算准备金", "419.00")] == ("agree", "项目支出表「预算准备金」合计 419.00")
    # 公用经费 763.19 = 商品和服务支出 748.54 + 资本性支出 14.64 (763.18, one cent of rounding
    # per class summed)
    assert claims[("二）公用经费", "763.19")] == (
        "agree",
        "基本支出总表「深圳市发展和改革委员会（本级）」商品和服务支出 748.54 + 资本性支出 14.64"
        " = 763.18",
    )
    gws = _claims(packages[SZ_GWS])
    # 工程管理 is printed under four units: the heading 三、市建筑工务署工程管理中心 names one
    assert gws[("1.工程管理", "1117.49")] == ("agree", "项目支出表「工程管理」合计 1117.49")
    # a line named earlier in the clause (…公用经费751.34万元、对个人和家庭的补助支出376.30万元)
    assert gws[("对个人和家庭的补助支出", "376.30")] == (
        "agree",
        "基本支出总表「对个人和家庭的补助」合计 376.30",
    )
    # 工程设计管理中心's 公用经费 148.67 takes in 5.64 of 工资福利支出: not judged a slip
    status, note = gws[("二）公用经费", "148.67")]
    assert status == "unresolved" and "143.03" in note


def test_guangdong_tables_coded_in_brackets(packages: dict[str, Package]) -> None:
    """广东 表5, 表6, 表7 print [201]一般公共服务支出: read as coded tables, their sums hold."""
    package = packages[GZ_FGW]

    def line(table: str, code: str) -> tuple[str, str, str, str]:
        row = next(r for r in package.rows(table) if r.text("code") == code)
        return (
            row.text("name") or "",
            row.text("level") or "",
            row.text("total") or "",
            row.text("page") or "",
        )

    assert line("general_budget_expenditure", "2010401") == ("行政运行", "项", "7635.32", "15")
    basic = next(r for r in package.rows("general_budget_expenditure") if r.text("level") == "合计")
    assert (basic.text("basic_expenditure"), basic.text("project_expenditure")) == (
        "16877.61",
        "138845.78",
    )
    assert line("basic_expenditure", "301") == ("工资福利支出", "类", "12507.06", "17")
    assert line("project_economic_expenditure", "31204") == ("费用补贴", "款", "133143.57", "20")
    failing = [r.text("check_id") for r in package.rows("checks") if r.text("status") == "fail"]
    assert failing == []
