"""The downloads section of a filing's page: the package, its Excel copy, originals, and each
table as two CSVs: Chinese headers with units first (for Excel), ASCII field names beside it."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import folded
from gongkai.site.urls import files_from_page, xlsx_name, zip_name

ZH_LABEL = "中文表头 CSV"
MACHINE_LABEL = "英文字段名 CSV"


def chinese_csvs(package: Package) -> dict[str, str]:
    """Resource name -> path of its CSV with Chinese headers, as the descriptor lists them and
    the package holds them (a package re-validated or extended after convert may name a copy it
    does not have yet: no link to a missing file)."""
    named = {
        str(item["name"]): str(item["gongkai:csv_zh"])
        for item in package.descriptor.get("resources") or []
        if item.get("gongkai:csv_zh")
    }
    return {name: path for name, path in named.items() if (package.directory / path).is_file()}


def csv_links(package: Package, base: str) -> list[str]:
    """One line per table: its Chinese-headed CSV first, the machine-friendly one beside it."""
    zh = chinese_csvs(package)
    lines = []
    for resource in package.resources.values():
        links = [f"[{MACHINE_LABEL}]({base}/{resource.path})"]
        if resource.name in zh:
            links.insert(0, f"[{ZH_LABEL}]({base}/{zh[resource.name]})")
        title = esc.text(_title(resource.name, resource.title))
        lines.append(f"- {title}：{' · '.join(links)}（{len(resource.rows)}行）")
    return lines


def _title(name: str, descriptor_title: str | None) -> str:
    """The site's label of a table; else the Chinese part of the title the package gives it."""
    label = labels.title(name)
    if label == name and descriptor_title:
        return descriptor_title.split(" ", 1)[0]
    return label


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
        lines.insert(3, f"- [全部表格（Excel，中文表头，每张表一页）]({base}/{xlsx_name(fid)})")
    for name in original_files:
        lines.append(f"- [原始文件：{esc.text(name)}](<{base}/original/{quote(name)}>)")
    tables = csv_links(package, base)
    summary = (
        f"每张表的 CSV（{len(tables)}张表；中文表头版注明单位，可直接用 Excel 打开；"
        "英文字段名版供程序读取）"
    )
    return "\n".join([*lines, "", folded(summary, "\n".join(tables), "downloads-csv"), ""])
