"""The downloads section of a filing's page: the package, its Excel copy, originals, each CSV."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import folded
from gongkai.site.urls import files_from_page, xlsx_name, zip_name


def downloads_section(package: Package, original_files: Sequence[str]) -> str:
    """Links to every file of the package, copied next to the page."""
    base = files_from_page(package.filing_id)
    fid = package.filing_id
    lines = [
        "## 下载 {#downloads}",
        "",
        f"- [整个数据包（ZIP，含说明）]({base}/{zip_name(fid)})",
        f"- [数据包说明（datapackage.json）]({base}/datapackage.json)",
        f"- [核对结果（validation.json）]({base}/validation.json)",
    ]
    if package.xlsx:
        lines.insert(3, f"- [全部表格（Excel）]({base}/{xlsx_name(fid)})")
    for name in original_files:
        lines.append(f"- [原始文件：{esc.text(name)}](<{base}/original/{quote(name)}>)")
    csv_links = [
        f"- [{esc.text(labels.title(resource.name))}]({base}/{resource.path})（{len(resource.rows)}行）"
        for resource in package.resources.values()
    ]
    summary = f"每张表的 CSV（UTF-8，{len(csv_links)}个文件）"
    return "\n".join([*lines, "", folded(summary, "\n".join(csv_links), "downloads-csv"), ""])
