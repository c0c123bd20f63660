"""The filing page in layers on the sample and on tiny inline packages: the menu, folds with stable
anchors, two-sided tables as two tables, findings linked to the original's page, the 三公 chart,
the cite box, the 问题清单 page and the schema page in Chinese first."""

from __future__ import annotations

import json
import re
from pathlib import Path

from gongkai.datapackage import load_package
from gongkai.site import build
from gongkai.site.charts import three_public
from gongkai.site.escape import slug
from gongkai.site.pages.schema import published_schemas, schema_page
from gongkai.site.sections.checks import findings_section
from gongkai.site.urls import filing_page_path
from tests.site.conftest import SAMPLE_ID
from tests.site.test_figures import _package


def _sample_page(sample_packages: Path, tmp_path: Path) -> str:
    build.write_pages(sample_packages, tmp_path / "generated")
    return (tmp_path / "generated" / filing_page_path(SAMPLE_ID)).read_text("utf-8")


def test_menu_lists_every_section_in_page_order(sample_packages: Path, tmp_path: Path) -> None:
    page = _sample_page(sample_packages, tmp_path)
    menu = re.search(r'<nav class="gk-menu".*</nav>', page)
    assert menu is not None
    anchors = re.findall(r'href="#([a-z]+)"', menu.group(0))
    assert anchors == [
        "switcher", "summary", "charts", "findings", "prior", "tables", "performance", "narrative",
        "checks", "downloads", "cite",
    ]  # fmt: skip
    headings = re.findall(r"^## .* \{#([a-z]+)\}$", page, re.MULTILINE)
    assert headings == anchors
    assert page.index("{#summary}") < page.index("{#charts}") < page.index("{#tables}")


def test_every_table_and_check_has_a_stable_unique_anchor(
    sample_packages: Path, tmp_path: Path
) -> None:
    page = _sample_page(sample_packages, tmp_path)
    package = load_package(sample_packages / SAMPLE_ID)
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    tables = [i for i in ids if i.startswith("table-")]
    assert "table-expenditure_by_function" in tables
    assert "table-income_expenditure_summary" in tables
    checks = {i for i in ids if i.startswith("check-")}
    assert checks == {f"check-{slug(str(c['check_id']))}" for c in package.checks()}
    # Folded: every table body sits inside a <details> carrying its anchor.
    folds = page.count('<details class="gk-fold gk-table"') + page.count('<p id="table-')
    assert folds == len(tables)


def test_two_sided_summary_is_two_tables(sample_packages: Path, tmp_path: Path) -> None:
    page = _sample_page(sample_packages, tmp_path)
    block = page.split('id="table-income_expenditure_summary"')[1].split("</details>")[0]
    assert block.count('<div class="gk-scroll gk-side"') == 2
    assert "| 收入项目 | 金额 |" in block
    assert "| 支出项目 | 金额 |" in block
    assert "`income_by_function`" not in page  # download labels are Chinese


def test_findings_link_the_original_page(tmp_path: Path) -> None:
    root = _package(
        tmp_path / "p",
        {"title": "测试局2023年部门预算", "year": 2023, "phase": "预算"},
        {
            "tables": [
                {"table_id": "expenditure_by_function", "title": "部门支出总表", "pages": "9",
                 "source_file": "a b.pdf"},
            ],
            "expenditure_by_function": [],
        },
    )  # fmt: skip
    check = {
        "check_id": "row_sum-x-1",
        "category": "row_sum",
        "status": "fail",
        "description_zh": "合计等于各项之和",
        "expected": "10",
        "actual": "9",
        "difference": "1",
        "tolerance": "0",
        "table_id": "expenditure_by_function",
        "row": "3",
        "column": "total",
        "page": 9,
    }
    (root / "validation.json").write_text(json.dumps({"checks": [check]}), "utf-8")
    package = load_package(root)
    found = findings_section(package, ["a b.pdf", "c.pdf"])
    assert 'id="check-row_sum-x-1"' in found
    assert "表：[部门支出总表](#table-expenditure_by_function)" in found
    assert "原文[第9页](<../files/t/original/a%20b.pdf#page=9>)（文件 a b.pdf）" in found
    assert "row_sum-x-1`" not in found  # no raw id shown as the check's name


def test_three_public_chart_is_exactly_three_parts(tmp_path: Path) -> None:
    rows = [
        {"line_no": "1", "item": "“三公”经费", "item_key": "three_public_subtotal", "total": "9"},
        {"line_no": "2", "item": "1.因公出国(境)费用", "item_key": "overseas_travel", "total": "1"},
        {"line_no": "3", "item": "公务用车购置费", "item_key": "vehicle_purchase", "total": "2"},
        {"line_no": "4", "item": "公务用车运行费", "item_key": "vehicle_operation", "total": "3"},
        {"line_no": "5", "item": "公务接待费", "item_key": "official_reception", "total": "0"},
        {"line_no": "6", "item": "会议费", "item_key": "meetings", "total": "7"},
        {"line_no": "7", "item": "培训费", "item_key": "training", "total": "8"},
    ]
    package = load_package(_package(tmp_path / "p", {}, {"three_public_expenses": rows}))
    chart = three_public(package)
    assert chart is not None
    assert [(b.label, str(b.value)) for b in chart.bars] == [
        ("因公出国（境）费", "1"),
        ("公务用车购置及运行维护费", "5"),
        ("公务接待费", "0"),
    ]
    assert chart.note == (
        "公务用车中购置费2万元，运行维护费3万元。"
        "同表另列会议费7万元，培训费8万元，不属“三公”经费，未画入本图。"
    )


def test_cite_box_names_page_files_and_source(sample_packages: Path, tmp_path: Path) -> None:
    page = _sample_page(sample_packages, tmp_path)
    cite = page.split("## 引用本页 {#cite}")[1]
    assert f"- 本页地址：<https://gongkai.example.org/generated/filings/{SAMPLE_ID}/>" in cite
    name = SAMPLE_ID.replace("_", "&#95;")
    assert f"- 原始文件：[{name}.txt](<../files/{SAMPLE_ID}/original/{SAMPLE_ID}.txt>)" in cite
    assert "- 政府公开来源：数据包未记录原网址" in cite
    front = page.split("---\n")[1]
    assert front.startswith('title: "昌黎县人力资源和社会保障局2023年部门预算"\ndescription: "')


def test_issues_page_lists_every_failing_check(synthetic_packages: Path, tmp_path: Path) -> None:
    build.write_pages(synthetic_packages, tmp_path / "generated", include_synthetic=True)
    page = (tmp_path / "generated" / "issues.md").read_text("utf-8")
    failing = [
        (p.filing_id, c["check_id"])
        for d in sorted(synthetic_packages.glob("*/datapackage.json"))
        if (p := load_package(d.parent)).meta.get("filing_id")
        for c in p.checks()
        if c.get("status") == "fail"
    ]
    assert failing
    for filing_id, check_id in failing:
        assert f"(filings/{slug(filing_id)}.md#check-{slug(check_id)})" in page
    assert f"**{len(failing)}项不符**" in page


def test_schema_page_is_chinese_first(sample_packages: Path) -> None:
    packages = [load_package(sample_packages / SAMPLE_ID)]
    page = schema_page(published_schemas(packages))
    assert "| 中文名 | 字段名（英文） | 类型 | 单位 | 说明（英文） |" in page
    assert "| 科目编码 | `code` | 文字 |" in page
    assert "## 部门支出总表 `expenditure_by_function` {#expenditure_by_function}" in page
