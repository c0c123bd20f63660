"""Counts of 不符 on real filings: Beijing's 信访办 2026 (8 material failures, the schema checks
among them: a failing schema check is never 尾差) and the Jiangsu high court 2017-2019, counted
the same on every page a reader sees and in the collection's filings table. 尾差 counted apart
on a real filing: tests/site/test_real_pages.py (普陀区财政局 2024 决算)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpdf
BEIJING = "beijing_2026_xinfangban_budget"


def _line(path: Path, start: str) -> str:
    return next(line for line in path.read_text("utf-8").splitlines() if line.startswith(start))


def test_filing_pages(real_site: Path) -> None:
    filings = real_site / "docs" / "generated" / "filings"
    assert _line(filings / f"{BEIJING}.md", "description: ") == (
        'description: "北京市信访办公室2026年部门预算：总额9,626.777589万元，'
        '8项数字核对不符。公开表格、图表、CSV/Excel 下载和原始文件。"'
    )
    assert _line(filings / f"{BEIJING}.md", "- **数字核对**") == (
        "- **数字核对**：共135项检查，**8项不符**，见[不符的检查](#findings)。"
    )
    court = {
        year: _line(filings / f"jiangsu_{year}_gaoyuan_budget.md", "description: ")
        for year in (2017, 2018, 2019)
    }
    assert [text.split("，")[1] for text in court.values()] == [
        '1项数字核对不符。公开表格、图表、CSV/Excel 下载和原始文件。"',
        '1项数字核对不符。公开表格、图表、CSV/Excel 下载和原始文件。"',
        '数字核对未发现不符。公开表格、图表、CSV/Excel 下载和原始文件。"',
    ]
    page = (real_site / "site" / "generated" / "filings" / BEIJING / "index.html").read_text()
    assert "8项数字核对不符。" in page.split('property="og:description"')[1][:200]
    # 5 of the 8 as cards, the other 3 folded, each card keeping its anchor
    fold = page.index('<details class="gk-fold" id="findings-more">')
    assert page.count('class="gk-check gk-fail"') == 8
    assert page[:fold].count('class="gk-check gk-fail"') == 5
    assert "<summary>其余3项不符</summary>" in page[fold:]


def test_department_home_and_issues(real_site: Path) -> None:
    generated = real_site / "docs" / "generated"
    lines = [
        line
        for department in sorted((generated / "departments").glob("*.md"))
        for line in department.read_text("utf-8").splitlines()
        if "支出合计" in line and line.startswith("- [")
    ]
    assert [line.split(" · ")[-1] for line in lines] == [
        "8项核对不符",
        "核对未见不符",
        "1项核对不符",
        "1项核对不符",
    ]
    home = (generated / "_home.md").read_text("utf-8")
    assert "- 数字核对：923项检查，[**10项不符**](generated/issues.md)\n" in home
    issues = generated / "issues.md"
    assert _line(issues, "description: ").startswith("description: 公开预算文件中数字对不上的10处")
    assert _line(issues, "共") == ("共**10项不符**，涉及3份文件；另有1项与上年文件不符、4项提示。")


def test_collection_filings_table(real_site: Path) -> None:
    path = real_site / "packages" / "all-filings" / "data" / "filings.csv"
    with path.open(encoding="utf-8-sig") as handle:
        rows = [
            [r["filing_id"], r["checks_failed"], r["checks_material"], r["checks_rounding"]]
            for r in csv.DictReader(handle)
        ]
    assert rows == [
        [BEIJING, "8", "8", "0"],
        ["jiangsu_2017_gaoyuan_budget", "1", "1", "0"],
        ["jiangsu_2018_gaoyuan_budget", "1", "1", "0"],
        ["jiangsu_2019_gaoyuan_budget", "0", "0", "0"],
    ]
