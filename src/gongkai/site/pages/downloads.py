"""The downloads page: the combined packages (all filings), then every filing's package."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.datapackage import Package, Resource, count_rows
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import GENERATED_NOTE, table
from gongkai.site.urls import COMBINED_DIR, files_dir, filing_page_path, xlsx_name, zip_name

_INTRO = (
    "所有数据都是 [Frictionless 数据包](https://datapackage.org/)：表格（CSV）加一个描述文件 "
    "`datapackage.json`。每份文件的每张表有两种 CSV：`zh/` 中的**中文表头版**（表头为中文字段名，"
    "金额列注明单位，如「合计（万元）」），`data/` 中的**英文字段名版**（供程序读取，字段含义见"
    "[字段说明](schema.md)）。两种都是带 BOM 的 UTF-8，Excel 可直接打开；Excel 工作簿每张表一页，"
    "表头为中文，核对结果写作一致/不符/尾差/提示/无法核对。金额照录原文。"
)


def _extra_downloads(combined: Package, base: str) -> list[str]:
    """The files the descriptor names under ``gongkai:downloads`` (Excel, SQLite, Parquet …)."""
    named = combined.descriptor.get("gongkai:downloads") or {}
    if not named and combined.xlsx:
        named = {"xlsx": combined.xlsx}
    lines = []
    for key, value in named.items():
        paths = value if isinstance(value, list) else [value]
        links = "、".join(f"[{esc.text(path.rsplit('/', 1)[-1])}]({base}/{path})" for path in paths)
        lines.append(f"  - {esc.text(labels.combined_download(key))}：{links}")
    return lines


def _row_count(package: Package, resource: Resource) -> int:
    """Its rows, counted in its CSV when the package was read without them (a combined
    package holds every filing's rows)."""
    return len(resource.rows) or count_rows(package.directory / resource.path)


def combined_links(combined: Package) -> list[str]:
    """One link per file of a combined package, as its descriptor lists them."""
    base = f"{COMBINED_DIR}/{esc.slug(combined.directory.name)}"
    lines = [f"- {esc.text(combined.title)}：[datapackage.json]({base}/datapackage.json)"]
    for resource in combined.resources.values():
        title = resource.title or labels.title(resource.name)
        lines.append(
            f"  - [{esc.text(title)}（CSV，英文字段名）]({base}/{resource.path}) "
            f"`{esc.slug(resource.name)}`，{_row_count(combined, resource)}行"
        )
    return lines + _extra_downloads(combined, base)


def _filing_row(package: Package) -> list[str]:
    fid = package.filing_id
    return [
        f"[{esc.cell(package.title)}]({filing_page_path(fid)})",
        f"[ZIP]({files_dir(fid)}/{zip_name(fid)})",
        f"[XLSX]({files_dir(fid)}/{xlsx_name(fid)})" if package.xlsx else "—",
        f"[中文表头 / 英文字段名]({filing_page_path(fid)}#downloads)",
        f"[datapackage.json]({files_dir(fid)}/datapackage.json)",
    ]


def downloads_page(packages: Sequence[Package], combined: Sequence[Package]) -> str:
    """For journalists: the combined packages of all filings, then every filing's package."""
    lines = [GENERATED_NOTE, "# 下载数据", "", _INTRO, "", "## 全部文件合并", ""]
    for package in combined:
        lines += combined_links(package)
    if not combined:
        lines.append("尚无合并数据包。")
    lines += [
        "",
        "## 每份文件",
        "",
        table(
            ["文件", "数据包", "Excel", "每张表的 CSV", "描述文件"],
            [_filing_row(p) for p in packages],
        ),
        "",
    ]
    return "\n".join(lines)
