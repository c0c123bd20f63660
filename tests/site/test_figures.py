"""The figures stage on tiny inline packages: exact rows (figure, item, amount, unit, share, base,
table, field) for a budget, a 决算 and the fallbacks; write_figures saves them atomically."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.datapackage import load_package
from gongkai.figures import figures_rows, write_figures


def _package(root: Path, meta: dict[str, Any], tables: dict[str, list[dict[str, str]]]) -> Path:
    """A package folder holding ``tables`` (resource -> rows) with the hand-written schemas."""
    (root / "data").mkdir(parents=True)
    resources = []
    for name, rows in {**tables, "checks": []}.items():
        fields = schemas.field_names(name)
        with (root / "data" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        resources.append(
            {
                "name": name,
                "path": f"data/{name}.csv",
                "unit": "万元",
                "schema": schemas.table_schema(name),
            }
        )
    descriptor = {"name": "t", "gongkai": {"filing_id": "t", **meta}, "resources": resources}
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    return root


def _summary(side: str, item: str, role: str, value: str, line: int) -> dict[str, str]:
    return {"line_no": str(line), "side": side, "item": item, "item_role": role, "amount": value}


def _coded(level: str, code: str, name: str, line: int, **amounts: str) -> dict[str, str]:
    return {"line_no": str(line), "code": code, "name": name, "level": level, **amounts}


def _flat(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    keys = ("figure", "item", "amount", "unit", "share", "base", "table_id", "measure")
    return [tuple(row[k] for k in keys) for row in rows]


BUDGET = {
    "income_expenditure_summary": [
        _summary("income", "一、财政拨款收入", "line", "90.00", 1),
        _summary("income", "本年收入", "line", "99.99", 2),  # a total printed as a line
        _summary("income", "二、上年结转", "carryover", "10.00", 3),
        _summary("income", "收入总计", "total", "100.50", 4),
        _summary("expenditure", "支出总计", "total", "100.50", 4),
    ],
    "expenditure_by_function": [
        _coded(
            "合计",
            "",
            "合计",
            1,
            total="100.50",
            basic_expenditure="60.00",
            project_expenditure="40.50",
        ),
        _coded("类", "208", "社会保障和就业支出", 2, total="0.04"),
        _coded("类", "201", "一般公共服务支出", 3, total="100.46"),
    ],
    "basic_expenditure": [
        _coded(
            "合计",
            "",
            "合计",
            1,
            total="60.00",
            personnel_expenditure="50.00",
            public_expenditure="10.00",
        ),
        _coded("类", "301", "工资福利支出", 2, total="60.00"),
    ],
    "three_public_expenses": [
        {
            "line_no": "1",
            "item": "“三公”经费合计",
            "item_key": "three_public_subtotal",
            "total": "3.00",
        },
        {"line_no": "2", "item": "会议费", "item_key": "meetings", "total": "1.20"},
    ],
    "narrative": [
        {
            "paragraph_id": "1",
            "paragraph_no": "1",
            "heading": "“三公”经费",
            "text": "本年“三公”经费3.00万元，与上年相比减少1.00万元。上年为4.00万元。",
        },
    ],
}


def test_budget_figures(tmp_path: Path) -> None:
    package = load_package(_package(tmp_path / "p", {"phase": "预算"}, BUDGET))
    rows = figures_rows(package)
    assert [r["line_no"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    summary, by_function = "income_expenditure_summary", "expenditure_by_function"
    assert _flat(rows) == [
        ("total", "支出总计", "100.50", "万元", "", "", summary, "amount"),
        ("income", "财政拨款收入", "90.00", "万元", "90.0", "100.00", summary, "amount"),
        ("income", "上年结转", "10.00", "万元", "10.0", "100.00", summary, "amount"),
        ("income_total", "收入总计", "100.50", "万元", "", "", summary, "amount"),
        (
            "function_class",
            "一般公共服务支出",
            "100.46",
            "万元",
            "100.0",
            "100.50",
            by_function,
            "total",
        ),
        (
            "function_class",
            "社会保障和就业支出",
            "0.04",
            "万元",
            "0.0",
            "100.50",
            by_function,
            "total",
        ),
        (
            "basic_project",
            "基本支出",
            "60.00",
            "万元",
            "59.7",
            "100.50",
            by_function,
            "basic_expenditure",
        ),
        (
            "basic_project",
            "项目支出",
            "40.50",
            "万元",
            "40.3",
            "100.50",
            by_function,
            "project_expenditure",
        ),
        (
            "personnel_public",
            "人员经费",
            "50.00",
            "万元",
            "83.3",
            "60.00",
            "basic_expenditure",
            "personnel_expenditure",
        ),
        (
            "personnel_public",
            "公用经费",
            "10.00",
            "万元",
            "16.7",
            "60.00",
            "basic_expenditure",
            "public_expenditure",
        ),
        (
            "economic_class",
            "工资福利支出",
            "60.00",
            "万元",
            "100.0",
            "60.00",
            "basic_expenditure",
            "total",
        ),
        (
            "three_public",
            "“三公”经费合计",
            "3.00",
            "万元",
            "",
            "",
            "three_public_expenses",
            "total",
        ),
        ("three_public_other", "会议费", "1.20", "万元", "", "", "three_public_expenses", "total"),
        (
            "three_public_change",
            "本年“三公”经费3.00万元，与上年相比减少1.00万元。",
            "",
            "",
            "",
            "",
            "narrative",
            "text",
        ),
    ]


def test_final_figures_two_panels_and_blank_final(tmp_path: Path) -> None:
    tables = {
        "income_expenditure_summary": [
            _summary("expenditure", "本年支出合计", "subtotal", "80.00", 1),
            _summary("expenditure", "支出总计", "total", "95.00", 2),
        ],
        "basic_expenditure": [
            _coded("合计", "", "人员经费合计", 1, personnel_expenditure="30.00"),
            _coded("合计", "", "公用经费合计", 2, public_expenditure="10.00"),
        ],
        "three_public_expenses": [
            {
                "line_no": "1",
                "item": "合计",
                "item_key": "grand_total",
                "budget_amount": "0.95",
                "total": "",
            },
        ],
    }
    package = load_package(_package(tmp_path / "p", {"phase": "决算"}, tables))
    assert _flat(figures_rows(package)) == [
        ("total", "本年支出合计", "80.00", "万元", "", "", "income_expenditure_summary", "amount"),
        (
            "personnel_public",
            "人员经费",
            "30.00",
            "万元",
            "75.0",
            "40.00",
            "basic_expenditure",
            "personnel_expenditure",
        ),
        (
            "personnel_public",
            "公用经费",
            "10.00",
            "万元",
            "25.0",
            "40.00",
            "basic_expenditure",
            "public_expenditure",
        ),
        ("three_public", "合计", "0.95", "万元", "", "", "three_public_expenses", "budget_amount"),
        ("three_public", "合计", "", "万元", "", "", "three_public_expenses", "total"),
    ]


def test_fallbacks_table_total_and_one_row_overview(tmp_path: Path) -> None:
    tables = {
        "general_budget_expenditure": [_coded("合计", "", "合计", 1, total="18.00")],
        "expenditure_overview": [
            {
                "line_no": "1",
                "basic_expenditure": "9.00",
                "project_expenditure": "6.00",
                "unit_reserve_fund": "3.00",
            }
        ],
        "tables": [{"table_id": "general_budget_expenditure", "title": "一般公共预算支出预算表"}],
    }
    package = load_package(_package(tmp_path / "p", {"phase": "预算"}, tables))
    overview = "expenditure_overview"
    assert _flat(figures_rows(package)) == [
        (
            "total",
            "一般公共预算支出预算表合计",
            "18.00",
            "万元",
            "",
            "",
            "general_budget_expenditure",
            "total",
        ),
        (
            "basic_project",
            "基本支出",
            "9.00",
            "万元",
            "50.0",
            "18.00",
            overview,
            "basic_expenditure",
        ),
        (
            "basic_project",
            "项目支出",
            "6.00",
            "万元",
            "33.3",
            "18.00",
            overview,
            "project_expenditure",
        ),
        (
            "basic_project",
            "单位预留机动经费",
            "3.00",
            "万元",
            "16.7",
            "18.00",
            overview,
            "unit_reserve_fund",
        ),
    ]


def test_write_figures_adds_the_resource_before_checks_once(tmp_path: Path) -> None:
    directory = _package(tmp_path / "p", {"phase": "预算"}, BUDGET)
    first = write_figures(directory)
    again = write_figures(directory)
    assert first == again
    descriptor = json.loads((directory / "datapackage.json").read_text("utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names[-2:] == ["figures", "checks"] and names.count("figures") == 1
    assert descriptor["resources"][-2]["schema"] == schemas.table_schema("figures")
    text = (directory / "data" / "figures.csv").read_text("utf-8-sig")
    assert text.splitlines()[:2] == [
        "line_no,figure,item,amount,unit,share,base,table_id,measure",
        "1,total,支出总计,100.50,万元,,,income_expenditure_summary,amount",
    ]
    assert load_package(directory).rows("figures") == first
    assert sorted(p.name for p in directory.rglob(".*")) == []  # no temporary file left


# 重庆气象局 2026 表一 (部门收支总体情况表) as converted: its 合计 is printed first, as a line.
CHONGQING_INCOME = [
    _summary("income", "合计", "line", "14770.62", 1),
    _summary("income", "一、一般公共预算资金", "line", "12672.73", 2),
    _summary("income", "二、政府性基金预算资金", "line", "579.89", 3),
    _summary("income", "三、国有资本经营预算资金", "line", "", 4),
    _summary("income", "五、事业收入资金", "line", "388.00", 6),
    _summary("income", "九、其他收入资金", "line", "1130.00", 10),
    _summary("expenditure", "合计", "line", "14770.62", 1),
]


def test_chongqing_total_printed_as_a_line_is_no_source_of_income(tmp_path: Path) -> None:
    from decimal import Decimal

    from gongkai.site.charts import Bar, income_by_source

    root = _package(tmp_path / "cq", {}, {"income_expenditure_summary": CHONGQING_INCOME})
    package = load_package(root)
    chart = income_by_source(package)
    assert chart is not None
    assert chart.bars == (
        Bar("一般公共预算资金", Decimal("12672.73")),
        Bar("其他收入资金", Decimal("1130.00")),
        Bar("政府性基金预算资金", Decimal("579.89")),
        Bar("事业收入资金", Decimal("388.00")),
    )
    income = [r for r in _flat(figures_rows(package)) if r[0] == "income"]
    assert income == [
        (
            "income",
            "一般公共预算资金",
            "12672.73",
            "万元",
            "85.8",
            "14770.62",
            "income_expenditure_summary",
            "amount",
        ),
        (
            "income",
            "其他收入资金",
            "1130.00",
            "万元",
            "7.7",
            "14770.62",
            "income_expenditure_summary",
            "amount",
        ),
        (
            "income",
            "政府性基金预算资金",
            "579.89",
            "万元",
            "3.9",
            "14770.62",
            "income_expenditure_summary",
            "amount",
        ),
        (
            "income",
            "事业收入资金",
            "388.00",
            "万元",
            "2.6",
            "14770.62",
            "income_expenditure_summary",
            "amount",
        ),
    ]
