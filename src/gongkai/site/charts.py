"""Build the filing charts with Altair and render them to SVG at build time (no JavaScript)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import altair as alt
import vl_convert

from gongkai.codes import strip_ordinal
from gongkai.datapackage import Package, Row, amount
from gongkai.figures import income_lines
from gongkai.site.chart_cache import cached_svg
from gongkai.site.format import format_amount
from gongkai.site.read import figures

# Fonts the browser tries in order; the first is what vl-convert measures the labels with.
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
CHART_WIDTH = 340
BAR_HEIGHT = 12
ROW_STEP = 38
_BAR = "#3f6fb5"
_DETAIL = "#9db7de"


@dataclass(frozen=True)
class Bar:
    """One bar: its printed label, its amount and the level it stands for (类 or 款 …)."""

    label: str
    value: Decimal
    level: str = ""


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, apart from how it is drawn, so that pages can print it as a table."""

    name: str
    title: str
    unit: str
    bars: tuple[Bar, ...]
    note: str = ""


@functools.cache
def _register_fonts() -> None:
    for directory in FONT_DIRS:
        if Path(directory).is_dir():
            vl_convert.register_font_directory(directory)


def _nonzero(bars: list[Bar]) -> bool:
    return any(bar.value for bar in bars)


def income_by_source(package: Package) -> ChartData | None:
    """Income lines of the income & expenditure summary (plus the carry-over), as printed."""
    bars = []
    for row in income_lines(package.rows("income_expenditure_summary")):
        value = amount(row.get("amount"))
        if value:
            bars.append(Bar(strip_ordinal(row.get("item") or ""), value))
    if not _nonzero(bars):
        return None
    return ChartData(
        "income_by_source",
        "收入来源",
        package.unit_of("income_expenditure_summary"),
        tuple(sorted(bars, key=lambda b: -b.value)),
    )


def expenditure_by_function(
    package: Package, detail_share: Decimal = Decimal("0.5")
) -> ChartData | None:
    """Expenditure by function class (类), with the 款 inside the classes that hold most money."""
    rows = package.rows("expenditure_by_function") or package.rows("general_budget_expenditure")
    table = (
        "expenditure_by_function"
        if package.rows("expenditure_by_function")
        else ("general_budget_expenditure")
    )
    classes = [r for r in rows if r.get("level") == "类" and amount(r.get("total"))]
    if not classes:
        return None
    classes.sort(key=lambda r: -(amount(r.get("total")) or 0))
    grand = sum((amount(r.get("total")) or Decimal(0) for r in classes), Decimal(0))
    bars: list[Bar] = []
    detailed: list[str] = []
    for row in classes:
        value = amount(row.get("total")) or Decimal(0)
        bars.append(Bar(row.get("name") or row.get("code") or "", value, "类"))
        # Detail the largest class, and any other class above the share of the total.
        if not detailed or (grand and value / grand >= detail_share):
            items = [
                r
                for r in rows
                if r.get("level") == "款"
                and r.get("parent_code") == row.get("code")
                and amount(r.get("total"))
            ]
            items.sort(key=lambda r: -(amount(r.get("total")) or 0))
            for item in items:
                bars.append(
                    Bar(item.get("name") or "", amount(item.get("total")) or Decimal(0), "款")
                )
            if items:
                detailed.append(row.get("name") or "")
    note = f"浅色条为{'、'.join(detailed)}下的款级科目。" if detailed else ""
    return ChartData(
        "expenditure_by_function", "支出按功能分类", package.unit_of(table), tuple(bars), note
    )


def basic_vs_project(package: Package) -> ChartData | None:
    """基本支出 against 项目支出 (and Jiangsu's 单位预留机动经费), from the saved figures."""
    parts = figures(package, "basic_project")
    bars = [
        Bar(r["item"].split("（")[0], v) for r in parts if (v := r.amount("amount")) is not None
    ]
    if not _nonzero(bars):
        return None
    return ChartData("basic_vs_project", "基本支出与项目支出", parts[0]["unit"], tuple(bars))


def basic_by_economic_class(package: Package) -> ChartData | None:
    """Basic expenditure by economic class (类: 工资福利支出, 商品和服务支出 …)."""
    rows = package.rows("basic_expenditure")
    bars = [
        Bar(r.get("name") or r.get("code") or "", amount(r.get("total")) or Decimal(0), "类")
        for r in rows
        if r.get("level") == "类"
    ]
    bars = [b for b in bars if b.value]
    if not bars:
        return None
    split = {r["item"]: r for r in figures(package, "personnel_public")}
    note = ""
    if split:
        personnel, public = split["人员经费"], split["公用经费"]
        note = (
            f"其中人员经费{format_amount(personnel.amount('amount')) or '未公开'}，"
            f"公用经费{format_amount(public.amount('amount')) or '未公开'}（{personnel['unit']}）。"
        )
    return ChartData(
        "basic_by_economic_class",
        "基本支出按经济分类",
        package.unit_of("basic_expenditure"),
        tuple(sorted(bars, key=lambda b: -b.value)),
        note,
    )


# The three parts of 三公 and what the chart calls them (the printed names vary by region).
_THREE_PUBLIC_PARTS = {
    "overseas_travel": "因公出国（境）费",
    "official_vehicles": "公务用车购置及运行维护费",
    "official_reception": "公务接待费",
}
_VEHICLE_PARTS = {"vehicle_purchase": "购置费", "vehicle_operation": "运行维护费"}
# Printed in the same table by some regions (Jiangsu), but not 三公: named beside the chart.
_BESIDE = {"meetings": "会议费", "training": "培训费", "office_operation": "机关运行经费"}


def _three_public_amount(rows: list[Row], key: str) -> Decimal | None:
    """The part's printed amount; 公务用车 from its two parts when the filing prints no subtotal."""
    row = next((r for r in rows if r.get("item_key") == key), None)
    if row is not None and amount(row.get("total")) is not None:
        return amount(row.get("total"))
    if key == "official_vehicles":
        parts = [_three_public_amount(rows, k) for k in _VEHICLE_PARTS]
        if any(p is not None for p in parts):
            return sum((p or Decimal(0) for p in parts), Decimal(0))
    return None


def _three_public_note(rows: list[Row], unit: str) -> str:
    vehicles = [
        f"{label}{format_amount(value)}{unit}"
        for key, label in _VEHICLE_PARTS.items()
        if (value := _three_public_amount(rows, key)) is not None
    ]
    beside = [
        f"{label}{format_amount(value)}{unit}"
        for key, label in _BESIDE.items()
        if (value := _three_public_amount(rows, key)) is not None
    ]
    notes = []
    if vehicles:
        notes.append(f"公务用车中{'，'.join(vehicles)}。")
    if beside:
        notes.append(f"同表另列{'，'.join(beside)}，不属“三公”经费，未画入本图。")
    return "".join(notes)


def three_public(package: Package) -> ChartData | None:
    """The "three public" expenses: exactly 因公出国（境）, 公务用车购置及运行维护 and 公务接待;
    a zero is shown, since a zero is news too. 会议费, 培训费 and 机关运行经费 printed in the same
    table are named in the note, not drawn.

    A 决算 that leaves every 决算数 blank gets no chart (blank is not zero on a chart); its
    预算数 are in the table."""
    rows = package.rows("three_public_expenses")
    found = {key: _three_public_amount(rows, key) for key in _THREE_PUBLIC_PARTS}
    if all(value is None for value in found.values()):
        return None
    unit = package.unit_of("three_public_expenses")
    bars = tuple(Bar(label, found[key] or Decimal(0)) for key, label in _THREE_PUBLIC_PARTS.items())
    return ChartData("three_public", "“三公”经费构成", unit, bars, _three_public_note(rows, unit))


def filing_charts(package: Package) -> list[ChartData]:
    """Every chart the filing's data supports, in page order."""
    builders = (
        income_by_source,
        expenditure_by_function,
        basic_vs_project,
        basic_by_economic_class,
        three_public,
    )
    return [chart for chart in (build(package) for build in builders) if chart is not None]


def to_vega_lite(chart: ChartData) -> dict[str, object]:
    """Horizontal bars, each with its label above it (long Chinese names fit on a phone) and the
    amount with its unit at the bar's end."""
    records = [
        {
            "label": bar.label,
            "value": float(bar.value),
            "level": bar.level or "类",
            "indent": 14 if bar.level == "款" else 0,
            "text": f"{format_amount(bar.value)}{chart.unit}",
            "order": index,
        }
        for index, bar in enumerate(chart.bars)
    ]
    top = max((bar.value for bar in chart.bars), default=Decimal(0))
    data = alt.Data(values=records)
    y = alt.Y("order:O", title=None, axis=None)
    x = alt.X(
        "value:Q",
        title=None,
        axis=None,
        scale=alt.Scale(domain=[0, float(top) * 1.5 if top else 1]),
    )
    base = alt.Chart(data).encode(y=y)
    names = base.mark_text(
        align="left", baseline="bottom", yOffset=-1, fontSize=12, color="#333"
    ).encode(x=alt.X("indent:Q", scale=None, axis=None), text="label:N")
    bars = base.mark_bar(height=BAR_HEIGHT, yOffset=BAR_HEIGHT / 2 + 1).encode(
        x=x,
        color=alt.condition(alt.datum.level == "款", alt.value(_DETAIL), alt.value(_BAR)),
    )
    values = base.mark_text(
        align="left", baseline="middle", dx=4, yOffset=BAR_HEIGHT / 2 + 1, fontSize=12, color="#222"
    ).encode(x=x, text="text:N")
    layered = (names + bars + values).properties(
        width=CHART_WIDTH,
        height=alt.Step(ROW_STEP),
        title=alt.Title(f"{chart.title}（{chart.unit}）", anchor="start", fontSize=14, offset=8),
    )
    spec = layered.configure(font=FONT, background="white").configure_view(stroke=None).to_dict()
    spec["padding"] = {"left": 2, "right": 2, "top": 4, "bottom": 4}
    return spec


def render_svg(chart: ChartData) -> str:
    """SVG text of the chart, measured with the CJK font; no network access during rendering.
    Drawn once per chart data and code when a build names a chart cache (site.chart_cache)."""
    return cached_svg(chart, _draw_svg, FONT_DIRS)


def _draw_svg(chart: ChartData) -> str:
    _register_fonts()
    svg = vl_convert.vegalite_to_svg(to_vega_lite(chart), allowed_base_urls=[])
    return svg if svg.endswith("\n") else svg + "\n"
