"""Findings by weight on tiny inline packages: material failures as cards first, 尾差 and 提示
folded apart, the counts of 核对结果 and the home page, the 与上年文件核对 section and the
问题清单 from a collection's cross_filing_checks; exact Markdown."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from gongkai.datapackage import Package, load_package
from gongkai.site.pages import home
from gongkai.site.pages.issues import issues_page
from gongkai.site.sections.checks import checks_section, findings_section
from gongkai.site.sections.prior_year import prior_year_section
from tests.site.test_figures import _package

MATERIAL = {
    "check_id": "row_sum.a", "category": "row_sum", "status": "fail", "severity": "material",
    "description_zh": "合计等于各项之和", "expected": "10", "actual": "9", "difference": "-1",
    "tolerance": "0", "table_id": "expenditure_by_function", "row": "3", "page": 9,
}  # fmt: skip
ROUNDING = {
    "check_id": "row_sum.b", "category": "row_sum", "status": "fail", "severity": "rounding",
    "description_zh": "小计等于各项之和", "expected": "5.01", "actual": "5.02",
    "difference": "0.01", "tolerance": "0", "page": 9,
}  # fmt: skip
INFO = {
    "check_id": "narrative.p3.reason", "category": "narrative", "status": "skip",
    "severity": "info", "description_zh": "说明中「同比下降100%」变化达10%以上，未说明原因",
    "actual": "100",
}  # fmt: skip
PASSING = {
    "check_id": "identity.x", "category": "identity", "status": "pass",
    "description_zh": "收支相等", "expected": "1", "actual": "1",
}  # fmt: skip
ACROSS = [
    {
        "filing_id": "t", "check_id": "across.c1", "category": "prior_year_change",
        "status": "fail", "description_zh": "说明中「支出合计增加5万元」对照2022年文件",
        "prior_filing_id": "p", "prior_year": "2022", "table_id": "narrative",
        "printed_value": "5", "printed_unit": "万元", "page": "4", "published_value": "90",
        "published_unit": "万元", "prior_page": "3", "expected": "10", "difference": "-5",
        "tolerance": "0.5",
    },
    {
        "filing_id": "t", "check_id": "restated.x.1", "category": "restatement",
        "status": "pass", "description_zh": "上年数90万元", "prior_filing_id": "p",
        "prior_year": "2022", "printed_value": "90", "printed_unit": "万元",
        "published_value": "90", "published_unit": "万元",
    },
    {"filing_id": "other", "check_id": "across.z", "status": "fail", "description_zh": "别的"},
]  # fmt: skip


def _filing(root: Path, checks: list[dict[str, Any]], summary: dict[str, int]) -> Package:
    meta = {"title": "测试局2023年部门预算", "year": 2023, "phase": "预算"}
    directory = _package(root / "t", meta, {"expenditure_by_function": []})
    validation = {"checks": checks, "summary": summary}
    (directory / "validation.json").write_text(json.dumps(validation), "utf-8")
    return load_package(directory)


def _collection(root: Path, rows: list[dict[str, str]]) -> None:
    directory = root / "all-filings"
    (directory / "data").mkdir(parents=True)
    fields = sorted({k for row in rows for k in row})
    with (directory / "data" / "cross_filing_checks.csv").open("w", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    resource = {"name": "cross_filing_checks", "path": "data/cross_filing_checks.csv"}
    descriptor = {"name": "all-filings", "resources": [resource]}
    (directory / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")


SUMMARY = {"checks": 4, "pass": 1, "fail": 2, "skip": 1, "material": 1, "rounding": 1, "info": 1}


def test_findings_material_first_then_rounding_and_notes_folded(tmp_path: Path) -> None:
    package = _filing(tmp_path, [ROUNDING, INFO, MATERIAL, PASSING], SUMMARY)
    found = findings_section(package)
    assert found.startswith(
        "## 不符的检查 {#findings}\n\n共1项不符，另有1项尾差、1项提示。"
        "不符不等于错误已被更正：本站照录原文数字，只指出哪里对不上、差多少。\n\n"
        '<div class="gk-check gk-fail" id="check-row_sum-a-626815da" markdown="1">\n\n'
        "**合计等于各项之和**（行内合计）"
    )
    assert found.index("gk-check gk-fail") < found.index("findings-rounding")
    assert found.count("gk-check gk-fail") == 1  # the 尾差 is no card
    assert (
        '<details class="gk-fold gk-passed" id="findings-rounding" markdown="1">\n'
        "<summary>尾差（舍入差异，不超过末位一个单位）（1项）</summary>"
    ) in found
    assert (
        '| <span id="check-row_sum-b-18ac4214"></span>小计等于各项之和 | 5.01 | 5.02 | 0.01 |'
    ) in found
    assert '<details class="gk-fold gk-passed" id="findings-info" markdown="1">\n' in found
    assert "<summary>提示（1项）</summary>" in found
    assert (
        '| <span id="check-narrative-p3-reason-7c847426"></span>'
        "说明中「同比下降100%」变化达10%以上，未说明原因 | — | 100 |"
    ) in found
    assert "无法核对" not in found


def test_only_notes_still_listed(tmp_path: Path) -> None:
    package = _filing(tmp_path, [INFO, PASSING], {"checks": 2, "pass": 1, "skip": 1, "info": 1})
    found = findings_section(package)
    assert found.startswith("## 提示 {#findings}\n\n没有不符的数字；以下1项提示不是错误。\n")
    assert "gk-check gk-fail" not in found


def test_checks_counts_material_rounding_and_notes_apart(tmp_path: Path) -> None:
    package = _filing(tmp_path, [ROUNDING, INFO, MATERIAL, PASSING], SUMMARY)
    found = checks_section(package)
    assert (
        "共4项检查：[**1项不符**](#findings)，[1项尾差](#findings-rounding)，1项一致，"
        "0项无法核对（缺少可比数字），[1项提示](#findings-info)。"
    ) in found
    # A note in the claims table links to its row in the findings (one anchor per check).
    assert '<a href="#check-narrative-p3-reason-7c847426">' in found
    assert "无法核对的检查" not in found  # the note is no skipped check
    assert "| — | 100 | 提示 |" in found
    assert home._checked([package]) == (
        "4项检查，[**1项不符**](generated/issues.md)，1项尾差（舍入差异）"
    )


def test_prior_year_section_failures_first_with_both_values(tmp_path: Path) -> None:
    package = _filing(tmp_path, [PASSING], {"checks": 1, "pass": 1})
    _collection(tmp_path, ACROSS)
    found = prior_year_section(package)
    assert found.startswith(
        "## 与上年文件核对 {#prior}\n\n本文件关于上年的数字（比上年增减、上年数）对照"
        "[2022年文件](p.md)所公布的数字：共2项，**1项不符**，1项一致，0项无法核对。\n\n"
        '<div class="gk-check gk-fail" id="prior-across-c1-d5b539b8" markdown="1">'
    )
    assert (
        "- 本文件所印：5万元（原文第4页）\n"
        "- [2022年文件](p.md)所载：90万元（第3页）\n"
        "- 应为：10；差额：-5（容差 0.5）\n"
    ) in found
    assert (
        '| <span id="prior-restated-x-1-0834d892"></span>上年数90万元 | 90万元 | 90万元 | ✓ 一致 |'
    ) in found
    assert "别的" not in found  # another filing's check


def test_no_collection_no_prior_year_section(tmp_path: Path) -> None:
    package = _filing(tmp_path, [PASSING], {"checks": 1, "pass": 1})
    assert prior_year_section(package) == ""


def test_issues_page_material_then_across_then_folded(tmp_path: Path) -> None:
    package = _filing(tmp_path, [ROUNDING, INFO, MATERIAL, PASSING], SUMMARY)
    _collection(tmp_path, ACROSS)
    page = issues_page([package])
    assert "共**1项不符**，涉及1份文件；另有1项与上年文件不符、1项尾差、1项提示。" in page
    assert '<details class="gk-fold" id="t" markdown="1">' in page  # one fold per filing
    assert "<small>1项不符，与上年文件1项不符，1项尾差，1项提示</small></summary>" in page
    assert "\n[打开文件页面](filings/t.md)\n" in page
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert rows == [
        "| [合计等于各项之和](filings/t.md#check-row_sum-a-626815da)"
        "<br><small>行内合计 · 第9页</small> | 10 | 9 | -1 |",
        "| [说明中「支出合计增加5万元」对照2022年文件](filings/t.md#prior-across-c1-d5b539b8)"
        "<br><small>比上年增减 · 第4页</small> | 10 | 5 | -5 |",
        "| [小计等于各项之和](filings/t.md#check-row_sum-b-18ac4214)"
        "<br><small>行内合计 · 第9页</small> | 5.01 | 5.02 | 0.01 |",
        "| [说明中「同比下降100%」变化达10%以上，未说明原因](filings/t.md#check-narrative-p3-reason-7c847426)"
        "<br><small>情况说明中的数字</small> | — | 100 | — |",
    ]
    assert page.index("<summary>尾差（舍入差异，不超过末位一个单位）（1项）</summary>") < (
        page.index("<summary>提示（1项）</summary>")
    )


def test_no_prior_filing_says_so(tmp_path: Path) -> None:
    package = _filing(tmp_path, [PASSING], {"checks": 1, "pass": 1})
    alone = {**ACROSS[0], "status": "skip", "prior_filing_id": "", "description_zh": "无可比"}
    _collection(tmp_path, [alone])
    found = prior_year_section(package)
    assert (
        "本站尚无本部门上一年度的同类文件，本文件关于上年的1项数字（比上年增减、上年数）"
        "暂无法跨文件核对。"
    ) in found
    assert "| 无法核对 |" in found  # still listed


def test_material_cards_after_the_fifth_are_folded(tmp_path: Path) -> None:
    checks = [{**MATERIAL, "check_id": f"row_sum.{n}", "expected": str(n)} for n in range(7)]
    found = findings_section(_filing(tmp_path, checks, {"checks": 7, "fail": 7, "material": 7}))
    fold = found.index('<details class="gk-fold" id="findings-more" markdown="1">')
    assert found.count('<div class="gk-check gk-fail"') == 7
    assert found[:fold].count('<div class="gk-check gk-fail"') == 5
    assert "<summary>其余2项不符</summary>" in found[fold:]
    assert 'id="check-row_sum-6-' in found[fold:]
