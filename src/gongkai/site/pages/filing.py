"""A filing's page: heading and meta line, then its sections in the order a reader needs them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.charts import ChartData
from gongkai.site.format import GENERATED_NOTE
from gongkai.site.read import region_path
from gongkai.site.sections.charts import chart_section
from gongkai.site.sections.checks import checks_section
from gongkai.site.sections.downloads import downloads_section
from gongkai.site.sections.narrative import narrative_section
from gongkai.site.sections.performance import performance_section
from gongkai.site.sections.summary import summary_section
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


def filing_page(
    package: Package,
    charts: Sequence[ChartData],
    chart_sizes: dict[str, tuple[int, int]],
    original_files: Sequence[str],
) -> str:
    """The whole page of one filing, in the order the issue asks for."""
    sections = [
        # Front matter names the page for the header and search results (a JSON string is YAML);
        # escaped, since the theme prints it into the header unescaped.
        "---\ntitle: " + json.dumps(esc.text(package.title), ensure_ascii=False) + "\n---\n",
        GENERATED_NOTE,
        f"# {esc.text(package.title)}",
        "",
        _meta_line(package),
        "",
        summary_section(package),
        chart_section(package, charts, chart_sizes),
        tables_section(package, original_files),
        performance_section(package),
        other_tables_section(package, original_files),
        narrative_section(package),
        checks_section(package),
        downloads_section(package, original_files),
    ]
    text = "\n\n".join(s for s in sections if s)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
