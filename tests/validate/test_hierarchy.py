"""Hierarchy sums of coded tables: 合计 = Σ类, 类 = Σ款, 款 = Σ项."""

from __future__ import annotations

from gongkai.validate.checks.hierarchy import hierarchy_sums
from tests.validate.inline import flat, package


def _table(section: str) -> list[dict[str, str]]:
    return [
        {"line_no": "1", "name": "合计", "level": "合计", "total": "30.00"},
        {
            "line_no": "2",
            "code": "208",
            "name": "社会保障和就业支出",
            "level": "类",
            "total": "30.00",
        },
        {
            "line_no": "3",
            "code": "20801",
            "name": "人力资源和社会保障管理事务",
            "level": "款",
            "parent_code": "208",
            "total": "30.00",
        },
        {
            "line_no": "4",
            "code": "2080101",
            "name": "行政运行",
            "level": "项",
            "parent_code": "20801",
            "total": "10.00",
        },
        {
            "line_no": "5",
            "code": "2080109",
            "name": "社会保险经办机构",
            "level": "项",
            "parent_code": "20801",
            "total": section,
        },
    ]


def test_each_level_is_the_sum_of_the_next() -> None:
    valid = package(general_budget_expenditure=_table("20.00"))
    invalid = package(general_budget_expenditure=_table("21.00"))
    assert flat(hierarchy_sums(valid)) == [
        ("hierarchy.general_budget_expenditure.L1.total", "pass", "0.00"),
        ("hierarchy.general_budget_expenditure.208.total", "pass", "0.00"),
        ("hierarchy.general_budget_expenditure.20801.total", "pass", "0.00"),
    ]
    assert flat(hierarchy_sums(invalid)) == [
        ("hierarchy.general_budget_expenditure.L1.total", "pass", "0.00"),
        ("hierarchy.general_budget_expenditure.208.total", "pass", "0.00"),
        ("hierarchy.general_budget_expenditure.20801.total", "fail", "-1.00"),
    ]
    assert hierarchy_sums(invalid)[2].description_zh == (
        "一般公共预算支出表「20801」合计：款 = Σ项（2080101、2080109）"
    )


def test_two_panel_totals_each_sum_their_own_panel() -> None:
    """决算 基本支出表: 人员经费合计 | 公用经费合计, each the sum of its panel's classes."""
    rows = [
        {"line_no": "1", "name": "人员经费合计", "level": "合计", "personnel_expenditure": "8.00"},
        {"line_no": "2", "name": "公用经费合计", "level": "合计", "public_expenditure": "2.00"},
        {
            "line_no": "3",
            "code": "301",
            "name": "工资福利支出",
            "level": "类",
            "personnel_expenditure": "8.00",
        },
        {
            "line_no": "4",
            "code": "302",
            "name": "商品和服务支出",
            "level": "类",
            "public_expenditure": "2.50",
        },
    ]
    assert flat(hierarchy_sums(package(basic_expenditure=rows))) == [
        ("hierarchy.basic_expenditure.L1.1.personnel_expenditure", "pass", "0.00"),
        ("hierarchy.basic_expenditure.L2.2.public_expenditure", "fail", "-0.50"),
    ]


def test_a_code_printed_twice_sums_the_lines_after_each() -> None:
    """烟台 公开表6: 301 under 501 (机关工资福利支出) and again under 505 (对事业单位经常性补助),
    each followed by its own 301xx lines."""

    def line(no: int, code: str, total: str) -> dict[str, str]:
        level = "类" if len(code) == 3 else "款"
        parent = {"parent_code": code[:3]} if level == "款" else {}
        fields = {"line_no": str(no), "code": code, "name": code, "level": level, "total": total}
        return fields | parent

    rows = [
        {"line_no": "1", "name": "合计", "level": "合计", "total": "15.00"},
        line(2, "301", "5.00"),
        line(3, "30101", "2.00"),
        line(4, "30102", "3.00"),
        line(5, "301", "10.00"),
        line(6, "30101", "10.00"),
    ]
    assert flat(hierarchy_sums(package(basic_expenditure=rows))) == [
        ("hierarchy.basic_expenditure.L1.total", "pass", "0.00"),
        ("hierarchy.basic_expenditure.301.total", "pass", "0.00"),
        ("hierarchy.basic_expenditure.301.total", "pass", "0.00"),  # #2 added by the pipeline
    ]


def _projects(second: str) -> list[dict[str, str]]:
    return [
        {
            "line_no": "1",
            "project_name": "合计",
            "item_role": "total",
            "total": "30.00",
            "unit_funds": "5.00",
        },
        {
            "line_no": "2",
            "project_name": "执法办案",
            "item_role": "project",
            "total": "20.00",
            "unit_funds": "5.00",
        },
        {"line_no": "3", "project_name": "日常保障运行", "item_role": "project", "total": second},
    ]


def test_project_total_line_is_the_sum_of_the_projects() -> None:
    """项目支出表: 合计 = Σ projects in each column printed; a column printed nowhere is no check."""
    valid = package(project_expenditure=_projects("10.00"))
    invalid = package(project_expenditure=_projects("10.50"))
    assert flat(hierarchy_sums(valid)) == [
        ("hierarchy.project_expenditure.L1.total", "pass", "0.00"),
        ("hierarchy.project_expenditure.L1.unit_funds", "pass", "0.00"),
    ]
    assert flat(hierarchy_sums(invalid)) == [
        ("hierarchy.project_expenditure.L1.total", "fail", "-0.50"),
        ("hierarchy.project_expenditure.L1.unit_funds", "pass", "0.00"),
    ]
    assert hierarchy_sums(invalid)[0].description_zh == "项目支出表「合计」合计：合计 = Σ其余2行"
