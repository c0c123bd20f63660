"""The downloadable files beside the pages: each package's files, its ZIP, its charts, the
combined packages; byte-identical on every rebuild."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from gongkai import excel
from gongkai.datapackage import Package
from gongkai.site import charts as chart_module
from gongkai.site import labels
from gongkai.site.escape import slug
from gongkai.site.read import region_path
from gongkai.site.urls import COMBINED_DIR, xlsx_name, zip_name

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so that the same package gives the same ZIP bytes


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # a new file: never write into one linked from a published folder
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(excel.csv_text(header, rows), encoding="utf-8", newline="")


def package_files(package: Package) -> list[Path]:
    """Files of the package folder that are published, relative to it, sorted."""
    found = []
    for path in sorted(package.directory.rglob("*")):
        relative = path.relative_to(package.directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append(relative)
    return found


def original_files(files: Sequence[Path]) -> list[str]:
    """Names of the filing's original files (its provenance file aside)."""
    return sorted(
        f.name
        for f in files
        if f.parts[0] == "original" and len(f.parts) == 2 and not f.name.endswith(".yaml")
    )


def readme_text(package: Package) -> str:
    """README.txt put into each package's ZIP."""
    meta = package.meta
    lines = [
        f"{package.title}",
        "",
        f"公开文件编号：{package.filing_id}",
        f"地区：{' '.join(region_path(package))}",
        f"年度：{meta.get('year') or ''}  阶段：{meta.get('phase') or ''}  单位：{package.unit}",
        "",
        "本数据包由 gongkai 从公开的预算文件整理而成：datapackage.json 描述每张表和每个字段，",
        "zh/ 中是中文表头的 CSV（金额列注明单位），data/ 中是同样数据的英文字段名 CSV（供程序读取），",
        "均为带 BOM 的 UTF-8，Excel 可直接打开，金额照录原文；.xlsx 是全部表格（每张表一页），",
        "validation.json 是数字核对结果，original/ 中是原始文件。",
        "",
        "Frictionless data package of one Chinese budget filing; amounts as printed.",
        "",
        "包含的表：",
    ]
    for resource in package.resources.values():
        lines.append(f"  {resource.path}  {labels.title(resource.name)}")
    return "\n".join(lines) + "\n"


def _write_zip(path: Path, package: Package, files: Sequence[Path]) -> None:
    """The whole package plus a README, with fixed timestamps: rebuilds are byte-identical."""
    root = slug(package.filing_id)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("README.txt", readme_text(package).encode("utf-8"))]
        entries += [(str(f.as_posix()), (package.directory / f).read_bytes()) for f in files]
        for name, data in entries:
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _copy(package: Package, files: Sequence[Path], target: Path) -> None:
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package.directory / relative, destination)


def write_package_files(package: Package, target: Path) -> list[Path]:
    """Copy a filing's package into ``target`` with its Excel copy under the standard name and a
    ZIP of it all. Returns the published files."""
    published = package_files(package)
    _copy(package, published, target)
    xlsx = next((f for f in published if f.suffix == ".xlsx" and len(f.parts) == 1), None)
    if xlsx is not None and xlsx.name != xlsx_name(package.filing_id):
        shutil.copyfile(package.directory / xlsx, target / xlsx_name(package.filing_id))
    _write_zip(target / zip_name(package.filing_id), package, published)
    return published


def _svg_size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def write_charts(
    package: Package, target: Path
) -> tuple[list[chart_module.ChartData], dict[str, tuple[int, int]]]:
    """Each chart of the filing as SVG and CSV in ``target``; returns the charts and SVG sizes."""
    charts = chart_module.filing_charts(package)
    sizes = {}
    for chart in charts:
        svg = chart_module.render_svg(chart)
        write_text(target / f"{chart.name}.svg", svg)
        sizes[chart.name] = _svg_size(svg)
        _write_csv(
            target / f"{chart.name}.csv",
            ["label", "level", "amount", "unit"],
            [[b.label, b.level, str(b.value), chart.unit] for b in chart.bars],
        )
    return charts, sizes


def write_combined_files(combined: Sequence[Package], generated: Path) -> None:
    """Copy each combined package (as the combine stage wrote it) beside the downloads page."""
    for package in combined:
        _copy(
            package, package_files(package), generated / COMBINED_DIR / slug(package.directory.name)
        )
