"""The glossary page: the 名词解释 printed in the filings, one entry per term and definition."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.format import GENERATED_NOTE
from gongkai.site.urls import filing_page_path

_NUMBERING = re.compile(r"^\d+[、.．]\s*")


def glossary_page(packages: Sequence[Package]) -> str:
    """The 名词解释 printed in the filings, one entry per distinct term and definition."""
    entries: dict[tuple[str, str], list[Package]] = defaultdict(list)
    for package in packages:
        for row in package.rows("glossary"):
            term = _NUMBERING.sub("", (row.get("term") or "").strip())
            if term:
                entries[(term, (row.get("definition") or "").strip())].append(package)
    lines = [
        GENERATED_NOTE,
        "# 名词解释",
        "",
        "以下解释摘自各公开文件的“名词解释”部分，按原文照录。",
        "",
    ]
    if not entries:
        lines += ["目前的公开文件中没有名词解释。", ""]
    for (term, definition), sources in sorted(entries.items()):
        names = "、".join(
            f"[{esc.text(p.meta.get('department_name') or p.title)}]"
            f"({filing_page_path(p.filing_id)})"
            for p in sources
        )
        lines += [
            f"**{esc.text(term)}**",
            "",
            f"{esc.text(definition)}",
            "",
            f'<p class="gk-meta">出自：{names}</p>',
            "",
        ]
    return "\n".join(lines)
