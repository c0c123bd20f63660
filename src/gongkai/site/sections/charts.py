"""The charts section: each chart as an image, then its data as a table and a CSV link."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.charts import ChartData
from gongkai.site.format import folded, format_amount, scroll, table
from gongkai.site.urls import files_from_page


def _chart_block(chart: ChartData, base: str, size: tuple[int, int]) -> list[str]:
    width, height = size
    alt = "；".join(
        f"{esc.text(b.label)}{format_amount(b.value)}{esc.text(chart.unit)}" for b in chart.bars
    )
    attributes = f' width="{width}" height="{height}"' if width else ""
    lines = [
        f"### {esc.text(chart.title)} {{#chart-{chart.name}}}",
        "",
        # Markdown image syntax, so that MkDocs rewrites the path for the page's URL.
        f"![{esc.text(chart.title)}：{alt}]({base}/{chart.name}.svg){{ .gk-chart{attributes} }}",
        "",
    ]
    if chart.note:
        lines += [esc.text(chart.note), ""]
    body = [
        [("&emsp;" if bar.level == "款" else "") + esc.cell(bar.label), format_amount(bar.value)]
        for bar in chart.bars
    ]
    data = [
        scroll(table(["项目", f"金额（{esc.text(chart.unit)}）"], body, right=[False, True])),
        "",
        f"[下载本图数据（CSV）]({base}/{chart.name}.csv)",
    ]
    return [*lines, folded("本图数据", "\n".join(data), f"chart-{chart.name}-data"), ""]


def chart_section(
    package: Package, charts: Sequence[ChartData], sizes: dict[str, tuple[int, int]]
) -> str:
    """Each chart of two bars or more as an image, followed by its data as a table and a CSV
    link (one bar, e.g. 财政拨款 100%, says nothing the summary does not)."""
    shown = [chart for chart in charts if len(chart.bars) > 1]
    if not shown:
        return ""
    base = f"{files_from_page(package.filing_id)}/charts"
    lines = ["## 图表 {#charts}", ""]
    for chart in shown:
        lines += _chart_block(chart, base, sizes.get(chart.name, (0, 0)))
    return "\n".join(lines)
