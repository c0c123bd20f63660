"""The charts section draws a chart of two bars or more; one bar (财政拨款 100%) is left out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from gongkai.datapackage import load_package
from gongkai.site.charts import Bar, ChartData
from gongkai.site.sections.charts import chart_section
from tests.site.conftest import SAMPLE_ID

ONE = ChartData("income", "收入来源", "万元", (Bar("财政拨款", Decimal("37188.34")),))
TWO = ChartData(
    "basic_project",
    "基本支出与项目支出",
    "万元",
    (Bar("基本支出", Decimal("21968.00")), Bar("项目支出", Decimal("10208.94"))),
)


def test_one_bar_is_no_chart(sample_packages: Path) -> None:
    package = load_package(sample_packages / SAMPLE_ID)
    assert chart_section(package, [ONE], {}) == ""
    section = chart_section(package, [ONE, TWO], {})
    headings = [line for line in section.splitlines() if line.startswith("#")]
    assert headings == ["## 图表 {#charts}", "### 基本支出与项目支出 {#chart-basic_project}"]
    assert "基本支出21,968.00万元；项目支出10,208.94万元" in section
