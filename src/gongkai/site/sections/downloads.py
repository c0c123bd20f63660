"""The downloads section of a filing's page: the package, its Excel copy, originals, each CSV."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.urls import files_from_page, xlsx_name, zip_name


def downloads_section(package: Package, original_files: Sequence[str]) -> str:
    """Links to every file of the package, copied next to the page."""
    base = files_from_page(package.filing_id)
    fid = package.filing_id
    lines = [
        "## 下载",
        "",
        f"- [整个数据包（ZIP，含说明）]({base}/{zip_name(fid)})",
        f"- [数据包描述 datapackage.json]({base}/datapackage.json)",
        f"- [核对结果 validation.json]({base}/validation.json)",
    ]
    if package.xlsx:
        lines.insert(3, f"- [全部表格（Excel）]({base}/{xlsx_name(fid)})")
    for name in original_files:
        lines.append(f"- [原始文件：{esc.text(name)}](<{base}/original/{quote(name)}>)")
    lines += ["", "每张表的 CSV（UTF-8）：", ""]
    for resource in package.resources.values():
        title = labels.title(resource.name)
        count = len(resource.rows)
        lines.append(
            f"- [{esc.text(title)}]({base}/{resource.path}) `{esc.slug(resource.name)}`，{count}行"
        )
    return "\n".join([*lines, ""])
