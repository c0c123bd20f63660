"""Regional title variants (data in templates/tables.yaml) and their header words: 重庆/广东/山东
…总体情况表 and …情况表, 福建 …拨款支出预算表 and …经济分类情况表, 总计 and 本年预算 columns."""

from __future__ import annotations

import pytest

from gongkai.templates import kind_for_table, kind_for_title, table_kinds


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("年部门收支总体情况表", "income_expenditure_summary"),  # 重庆 (the year printed apart)
        ("2026年财政拨款收支总体情况表", "fiscal_appropriation_summary"),
        ("本年支出总体情况表", "expenditure_by_function"),  # 广州
        ("2026年一般公共预算支出情况表", "general_budget_expenditure"),
        ("2026年一般公共预算基本支出情况表", "basic_expenditure"),
        ("一般公共预算拨款支出预算表", "general_budget_expenditure"),  # 福州
        ("一般公共预算基本支出经济分类情况表", "basic_expenditure"),
        ("2026 年度政府性基金预算拨款支出预算表", "government_fund_expenditure"),  # 福建
        ("2026 年度国有资本经营预算拨款支出预算表", "state_capital_expenditure"),
        ("2026 年度一般公共预算支出经济分类情况表", "general_budget_economic_expenditure"),
        ("一般公共预算支出表（按功能分类）", "general_budget_expenditure"),  # 深圳 表7
        ("一般公共预算支出表（按经济分类）", "general_budget_economic_expenditure"),  # 深圳 表8
        # 广东 表5, 表6, 表7 ([201]一般公共服务支出: codes in brackets)
        ("一般公共预算支出情况表（按功能分类科目）", "general_budget_expenditure"),
        ("一般公共预算基本支出情况表（按经济分类科目）", "basic_expenditure"),
        ("一般公共预算项目支出情况表（按经济分类科目）", "project_economic_expenditure"),
        # 陕西 表12
        ("2022年部门综合预算政府采购（资产配置、购买服务）预算表（不含上年结转）", "procurement"),
        ("表10：2026年市级部门项目支出预算表", "project_expenditure"),  # 杭州/湖州
        # 陕西 表5-表8, as printed by 气象局 2022, 医疗保障局 2022 and 人社局 2020
        ("2022年部门综合预算一般公共预算支出明细表（按功能科目分）", "general_budget_expenditure"),
        (
            "2022年部门综合预算一般公共预算支出明细表 （按支出功能分类科目 -不含上年结转）",
            "general_budget_expenditure",
        ),
        (
            "2020年部门综合预算一般公共预算支出明细表（按支出经济分类科目）",
            "general_budget_economic_expenditure",
        ),
        (
            "2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）",
            "general_budget_economic_expenditure",
        ),
        (
            "2022年部门综合预算一般公共预算基本支出明细表（按功能科目分）",
            "basic_expenditure_by_function",
        ),
        (
            "2022年部门综合预算一般公共预算基本支出明细表（支出经济分类科目-不含上年结转）",
            "basic_expenditure",
        ),
        (
            "2022年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）",
            "basic_expenditure",
        ),
        ("2022部门综合预算财政拨款上年结转资金支出表", "carryover_expenditure"),
        ("2020年部门综合预算财政拨款结转资金支出表", "carryover_expenditure"),
        ("项目支出预算情况表", "project_expenditure"),  # 烟台 公开表11
        ("收支预算总表", "income_expenditure_summary"),  # Jiangsu unchanged
        ("财政拨款收支预算总表", "fiscal_appropriation_summary"),
    ],
)
def test_title_variants(title: str, kind: str) -> None:
    found = kind_for_title(title)
    assert found is not None and found.name == kind


@pytest.mark.parametrize(
    ("title", "header", "kind"),
    [
        # 深圳 表4, 表5: also 支出总表 titles; their header has no 科目
        ("基本支出总表", "支出项目类别总计财政拨款小计", "basic_expenditure_by_unit"),
        ("项目支出总表", "支出项目类别2026年预算总计财政拨款", "project_expenditure"),
        ("支出总表", "科目编码科目名称支出总计基本支出项目支出", "expenditure_by_function"),
        # 广东 表11 (also a 基本支出预算表 title), 表12
        (
            "部门预算基本支出预算表",
            "支出项目类别（资金使用单位）总计财政拨款",
            "basic_expenditure_by_unit",
        ),
        (
            "部门预算项目支出及其他支出预算表",
            "支出项目类别（资金使用单位）总计绩效目标",
            "project_expenditure",
        ),
        ("表10：2026年市级部门项目支出预算表", "单位名称项目名称总计", "project_expenditure"),
    ],
)
def test_tables_by_unit_told_by_header(title: str, header: str, kind: str) -> None:
    found, matched = kind_for_table(title, header)
    assert found is not None and (found.name, matched) == (kind, True)


def test_income_total_table_by_header() -> None:
    kind, matched = kind_for_table("2026年部门收入总体情况表", "科目编码科目名称总计")
    assert kind is not None and (kind.name, matched) == ("income_by_function", True)


@pytest.mark.parametrize(
    ("kind", "label", "field"),
    [
        ("income_expenditure_summary", "收入/本年预算", "amount"),  # 长沙
        ("income_expenditure_summary", "支出/预算", "amount"),  # 广州
        ("expenditure_by_function", "总计", "total"),  # 重庆
        ("basic_expenditure", "基本支出/总计", "total"),
        ("government_fund_expenditure", "预算数/总计", "total"),
        ("project_expenditure", "财政拨款收入/一般公共预算", "general_public_budget"),  # 浙江
        ("project_expenditure", "财政拨款/小计", "fiscal_appropriation"),  # 山东
        ("project_expenditure", "财政拨款/国有资本经营预算", "state_capital_budget"),
        ("project_expenditure", "财政专户管理资金", "fiscal_special_account"),
        ("project_expenditure", "使用非财政拨款结余", "non_fiscal_balance"),
        ("project_expenditure", "2026年预算/总计", "total"),  # 深圳 表5
        ("project_expenditure", "2026年预算/单位资金/事业收入", "business_income"),
        ("project_expenditure", "2026年预算/上年结余、结转", "prior_year_carryover"),
        ("project_expenditure", "财政拨款/合计", "fiscal_appropriation"),  # 广东 表12
        ("project_expenditure", "其他资金", "other_funds"),
        ("project_expenditure", "绩效目标", "performance_goal"),
        ("basic_expenditure_by_unit", "财政拨款/小计", "fiscal_appropriation"),  # 深圳 表4
        ("general_budget_expenditure", "一般公共预算支出/小计", "total"),  # 广东 表5
        ("basic_expenditure", "预算", "total"),  # 广东 表6
    ],
)
def test_column_words(kind: str, label: str, field: str) -> None:
    table = next(k for k in table_kinds() if k.name == kind)
    patterns = table.panel_columns if table.layout == "two_sided" else table.columns
    assert [name for name, pattern in patterns.items() if pattern.search(label)][:1] == [field]


@pytest.mark.parametrize(
    "title",
    [
        "2026年市级部门项目支出绩效表",  # 浙江 表11: amounts beside goal sentences
    ],
)
def test_variants_left_unrecognised(title: str) -> None:
    assert kind_for_title(title) is None
