"""A filing's page: heading and meta line, then its sections in the order a reader needs them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.charts import ChartData
from gongkai.site.format import GENERATED_NOTE, money
from gongkai.site.read import region_path
from gongkai.site.sections.charts import chart_section
from gongkai.site.sections.checks import (
    checks_section,
    finding_counts,
    findings_label,
    findings_section,
)
from gongkai.site.sections.cite import cite_section
from gongkai.site.sections.downloads import downloads_section
from gongkai.site.sections.narrative import narrative_section
from gongkai.site.sections.performance import performance_section
from gongkai.site.sections.prior_year import prior_year_section
from gongkai.site.sections.summary import summary_section, total_figure
from gongkai.site.sections.switcher import switcher_section
from gongkai.site.sections.tables import other_tables_section, tables_section

_URL = re.compile(r"^https?://[^\s<>\"')]+$")


def _meta_line(package: Package) -> str:
    meta = package.meta
    facts = [
        " › ".join(esc.text(p) for p in region_path(package)),
        f"{esc.text(meta.get('year'))}年",
        esc.text(meta.get("phase") or ""),
        esc.text(meta.get("department_name") or ""),
    ]
    sources = meta.get("sources") or []
    links = []
    for source in sources if isinstance(sources, list) else [sources]:
        url = source.get("url") if isinstance(source, dict) else None
        if url and _URL.match(str(url)):
            links.append(f'<a href="{esc.attribute(url)}" rel="nofollow">原文出处</a>')
    return (
        '<p class="gk-meta">'
        + " · ".join(f for f in facts if f)
        + (" · " + " ".join(links) if links else "")
        + "</p>"
    )


def _description(package: Package) -> str:
    """One sentence for search engines and link previews: the filing, its total, its findings."""
    value, unit = total_figure(package)
    count = finding_counts(package)
    total = f"总额{money(value, unit)}" if value is not None else "总额未公开"
    found = f"{count['material']}项数字核对不符" if count["material"] else "数字核对未发现不符"
    if count["rounding"]:  # 尾差 is a rounding difference, never counted as 不符
        found += f"（另有{count['rounding']}项尾差）"
    return f"{package.title}：{total}，{found}。公开表格、图表、CSV/Excel 下载和原始文件。"


def _menu(sections: dict[str, str]) -> str:
    """The in-page menu at the top: one link per section present, wrapping on a phone."""
    links = [f'<a href="#{anchor}">{label}</a>' for anchor, label in sections.items()]
    return (
        '<nav class="gk-menu" aria-label="本页目录"><span>本页：</span>' + "".join(links) + "</nav>"
    )


def filing_page(
    package: Package,
    charts: Sequence[ChartData],
    chart_sizes: dict[str, tuple[int, int]],
    original_files: Sequence[str],
) -> str:
    """The whole page of one filing in layers: the 30-second summary, charts and the material
    findings first; every long part (tables, targets, narrative, passing checks) folded."""
    parts = {
        "switcher": ("各年度", switcher_section(package)),
        "summary": ("30秒读懂", summary_section(package)),
        "charts": ("图表", chart_section(package, charts, chart_sizes)),
        "findings": (findings_label(package), findings_section(package, original_files)),
        "prior": ("与上年文件核对", prior_year_section(package, original_files)),
        "tables": (
            "公开表格",
            tables_section(package, original_files)
            + "\n\n"
            + other_tables_section(package, original_files),
        ),
        "performance": ("绩效目标", performance_section(package)),
        "narrative": ("情况说明", narrative_section(package)),
        "checks": ("核对结果", checks_section(package)),
        "downloads": ("下载", downloads_section(package, original_files)),
        "cite": ("引用本页", cite_section(package, original_files)),
    }
    present = {anchor: label for anchor, (label, text) in parts.items() if text.strip()}
    front = {"title": esc.text(package.title), "description": esc.text(_description(package))}
    sections = [
        # Front matter names the page for the header, search results and link previews (a JSON
        # string is YAML); escaped, since the theme prints it into the header unescaped.
        "---\n"
        + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
        + "---\n",
        GENERATED_NOTE,
        f"# {esc.text(package.title)}",
        "",
        _meta_line(package),
        "",
        _menu(present),
        "",
        *[text for _, text in parts.values()],
    ]
    text = "\n\n".join(s for s in sections if s)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
