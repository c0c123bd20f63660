"""The "引用本页" box: the page's address, the filing, its original files, and the government
source and retrieval date when the package records them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.urls import files_from_page, filing_url

_URL = re.compile(r"^https?://[^\s<>\"')]+$")
# Provenance keys that may say when the file was fetched (provenance files vary in wording).
_RETRIEVED = ("retrieved", "retrieved_at", "retrieval_date", "accessed", "fetched", "downloaded")


def _source_urls(package: Package) -> list[str]:
    meta = package.meta
    found = [meta.get("url"), meta.get("source_url")]
    sources = meta.get("sources")
    found += [s.get("url") for s in sources or [] if isinstance(s, dict)]
    found += [s.get("url") for s in package.descriptor.get("sources") or [] if isinstance(s, dict)]
    urls: list[str] = []
    for url in found:
        if url and _URL.match(str(url)) and str(url) not in urls:
            urls.append(str(url))
    return urls


def _retrieved(package: Package) -> str:
    for key in _RETRIEVED:
        if package.meta.get(key):
            return esc.text(package.meta[key])
    return ""


def cite_section(package: Package, original_files: Sequence[str]) -> str:
    """Everything a journalist needs to cite the page and find the original."""
    meta = package.meta
    url = filing_url(package.filing_id)
    base = files_from_page(package.filing_id)
    facts = [
        f"- 本页地址：<{url}>" if url.startswith("http") else f"- 本页地址：{esc.text(url)}",
        f"- 文件：{esc.text(package.title)}（{esc.text(meta.get('department_name') or '')}，"
        f"{esc.text(meta.get('year'))}年{esc.text(meta.get('phase') or '')}）",
    ]
    for name in original_files:
        facts.append(f"- 原始文件：[{esc.text(name)}](<{base}/original/{quote(name)}>)")
    urls = _source_urls(package)
    for source in urls:
        facts.append(
            f'- 政府公开来源：<a href="{esc.attribute(source)}" rel="nofollow">'
            f"{esc.text(source)}</a>"
        )
    if not urls:
        facts.append("- 政府公开来源：数据包未记录原网址")
    retrieved = _retrieved(package)
    if retrieved:
        facts.append(f"- 获取日期：{retrieved}")
    citation = (
        f"{esc.text(meta.get('department_name') or meta.get('publisher') or '')}："
        f"《{esc.text(package.title)}》，公开预算（gongkai）整理，{esc.text(url)}"
    )
    return "\n".join(
        [
            "## 引用本页 {#cite}",
            "",
            '<div class="gk-cite" markdown="1">',
            "",
            *facts,
            "",
            f"建议引用：{citation}",
            "",
            "</div>",
            "",
        ]
    )
