"""Performance tables: target values, indicator rows with levels filled down, the Shanghai form."""

from __future__ import annotations

from decimal import Decimal

from gongkai.extract.performance import parse_target_value, read_indicators, read_project
from gongkai.extract.results import Filing
from tests.extract.grids import block, rows


def test_target_values() -> None:
    assert parse_target_value("≥98%") == {
        "comparator": "≥",
        "target_number": Decimal("98"),
        "target_unit": "%",
        "target_kind": "quantitative",
    }
    assert parse_target_value("大于等于 3 个")["comparator"] == "≥"
    assert parse_target_value("大于2")["comparator"] == ">"
    assert parse_target_value("较上年提升")["target_kind"] == "qualitative"
    assert parse_target_value("")["target_kind"] is None


def test_indicator_levels_fill_down_until_a_new_first_level() -> None:
    filing = Filing("f", ["f.txt"], {})
    read_indicators(
        filing,
        rows(
            "一级指标 | 二级指标 | 三级指标 | 指标内容 | 指标值 | 依据",
            "产出指标 | 数量指标 | 培训人数 | 培训 | ≥100人 | 计划",
            " | | 覆盖率 | 覆盖 | 95% | ",
            "效益指标 | | 满意度 | 满意 | 较高 | ",
        ),
        {"project_no": 4},
    )
    assert [
        (
            r["indicator_no"],
            r["level1"],
            r["level2"],
            r["level3"],
            r["comparator"],
            r["target_unit"],
        )
        for r in filing.performance_indicators
    ] == [
        (1, "产出指标", "数量指标", "培训人数", "≥", "人"),
        (2, "产出指标", "数量指标", "覆盖率", None, "%"),
        (3, "效益指标", None, "满意度", None, None),
    ]


def test_shanghai_target_form_fills_the_project_fields() -> None:
    filing = Filing("f", ["f.pdf"], {})
    grid = block(
        "项目名称 | 就业补贴 | 项目性质 | 经常性项目",
        "计划开始日期 | 2024-01-01 | 计划完成日期 | 2024年底",
        "项目资金（元） | 项目资金总额 | 100000.00 | 年度资金申请总额 | 80000.00",
        "其他资金 | 5.00 | | 其他资金 | 6.00",
        "年度总体目标 | | | ",
        "保障就业 | | | ",
        " | 一级指标 | 二级指标 | 三级指标 | 指标值",
        "绩效指标 | 产出指标 | 数量指标 | 人数 | ≥10人",
        page=7,
    )
    project = read_project(filing, "1、就业补贴绩效目标表", list(grid.rows), grid)
    assert {k: v for k, v in project.items() if v is not None} == {
        "project_no": 1,
        "project_name": "就业补贴",
        "title": "1、就业补贴绩效目标表",
        "project_nature": "经常性项目",
        "start_date": "2024-01-01",
        "funds_total": Decimal("100000.00"),
        "annual_funds_requested": Decimal("80000.00"),
        "funds_other": Decimal("5.00"),
        "annual_other_funds": Decimal("6.00"),
        "goal": "保障就业",
        "page": 7,
        "source_line": 1,
    }
    # a date not printed in ISO form is kept as printed, with its label
    # and the row label printed before the indicator levels is kept as a form label
    assert [(u.table, u.row, u.column, u.text) for u in filing.unparsed] == [
        ("performance_projects", 1, 2, "计划完成日期"),
        ("performance_projects", 1, 3, "2024年底"),
        ("performance_indicators", 1, 0, "绩效指标"),
    ]
    assert [(r["level3"], r["target_number"]) for r in filing.performance_indicators] == [
        ("人数", Decimal("10"))
    ]
