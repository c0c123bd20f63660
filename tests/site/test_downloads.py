"""Download links of the sample: each table's Chinese-headed CSV first, the machine-friendly CSV
beside it, both published beside the page; the downloads page says what the two are."""

from __future__ import annotations

import shutil
from pathlib import Path

from gongkai.datapackage import load_package
from gongkai.site.pages.downloads import downloads_page
from gongkai.site.sections.downloads import downloads_section
from tests.site.conftest import SAMPLE_ID

BASE = f"../files/{SAMPLE_ID}"


def test_each_table_offers_the_chinese_csv_first(sample_packages: Path) -> None:
    package = load_package(sample_packages / SAMPLE_ID)
    section = downloads_section(package, [f"{SAMPLE_ID}.txt"]).split("\n")
    assert f"- [全部表格（Excel，中文表头，每张表一页）]({BASE}/{SAMPLE_ID}.xlsx)" in section
    assert (
        f"- 部门支出总表：[中文表头 CSV]({BASE}/zh/expenditure_by_function.csv) · "
        f"[英文字段名 CSV]({BASE}/data/expenditure_by_function.csv)（37行）"
    ) in section
    assert (
        "<summary>每张表的 CSV（25张表；中文表头版注明单位，可直接用 Excel 打开；"
        "英文字段名版供程序读取）</summary>"
    ) in section
    tables = [line for line in section if line.startswith("- ") and "CSV]" in line]
    assert len(tables) == 25
    assert all(line.index("中文表头 CSV") < line.index("英文字段名 CSV") for line in tables)


def test_downloads_page_links_each_filing_to_its_csvs(sample_packages: Path) -> None:
    package = load_package(sample_packages / SAMPLE_ID)
    page = downloads_page([package], [])
    assert "| 文件 | 数据包 | Excel | 每张表的 CSV | 描述文件 |" in page
    assert f"[中文表头 / 英文字段名](filings/{SAMPLE_ID}.md#downloads)" in page
    assert "`zh/` 中的**中文表头版**" in page


def test_no_link_to_a_chinese_csv_the_package_lacks(sample_packages: Path, tmp_path: Path) -> None:
    """A package extended after convert (figures, claims) names a zh/ copy it may not have."""
    shutil.copytree(sample_packages / SAMPLE_ID, tmp_path / SAMPLE_ID)
    (tmp_path / SAMPLE_ID / "zh" / "claims.csv").unlink()
    section = downloads_section(load_package(tmp_path / SAMPLE_ID), []).split("\n")
    assert (f"- 情况说明中的数字陈述：[英文字段名 CSV]({BASE}/data/claims.csv)（45行）") in section
