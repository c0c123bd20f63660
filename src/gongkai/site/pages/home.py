"""The home page: what the site is, counts across filings, and the way in: regions (each with
its years) and function classes; a page that does not grow with every filing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.corpus import Collection, region_page_path, year_page_path
from gongkai.site.deployment import shard_name
from gongkai.site.format import GENERATED_NOTE, money
from gongkai.site.pages.region import phase_order
from gongkai.site.read import region_path
from gongkai.site.sections.summary import total_figure
from gongkai.site.urls import filing_page_path

FUNCTIONS_INDEX = "functions/index.md"

_SHARD_NOTE = (
    '本站只收录以下地区的文件，是按地区分开的几个网站之一：<a href="../">所有地区</a>。'
    "搜索框也可以再搜索其他地区。"
)
_INTRO = (
    "本站把政府部门公开的预算、决算文件整理成可以搜索、可以下载、逐项核对过的数据。"
    "每个数字都照录原文，并注明出处；对不上的数字会标出来，但从不改动。"
    "[数据从哪里来、怎样核对](method.md) · [下载全部数据](generated/downloads.md)"
)


def _summary_count(package: Package, key: str) -> int:
    return int((package.validation.get("summary") or {}).get(key) or 0)


def _material(package: Package) -> int:
    """Failures that are not 尾差 (a summary written before severities counts every one)."""
    summary = package.validation.get("summary") or {}
    return _summary_count(package, "material" if "material" in summary else "fail")


def _checked(packages: Sequence[Package]) -> str:
    """``N项检查，X项不符，Y项尾差``: material failures and 尾差 counted apart."""
    checks = sum(_summary_count(p, "checks") for p in packages)
    fails = sum(_material(p) for p in packages)
    rounding = sum(_summary_count(p, "rounding") for p in packages)
    tail = f"，{rounding}项尾差（舍入差异）" if rounding else ""
    return f"{checks}项检查，[**{fails}项不符**](generated/issues.md){tail}"


def _overview(filings: Sequence[Package]) -> list[str]:
    departments = {str(p.meta.get("department_name") or p.filing_id) for p in filings}
    return [
        "## 概况",
        "",
        f"- 公开文件：**{len(filings)}**份，涉及{len(departments)}个部门",
        f"- 数字核对：{_checked(filings)}",
        "",
    ]


def _filing_line(package: Package) -> str:
    total, unit = total_figure(package)
    fail = _material(package)
    name = package.meta.get("department_name") or package.title
    return (
        f"- [{esc.text(name)} · {esc.text(package.meta.get('phase') or '')}]"
        f"(generated/{filing_page_path(package.filing_id)})："
        f"{money(total, unit)}" + (f"，{fail}项核对不符" if fail else "")
    )


def _collection_overview(packages: Sequence[Package], collection: Collection) -> list[str]:
    filings = collection.filings
    years = sorted({f.year for f in filings if f.year})
    phases = "、".join(
        f"{phase}{sum(1 for f in filings if f.phase == phase)}份"
        for phase in sorted({f.phase for f in filings if f.phase}, key=phase_order)
    )
    span = f"{years[0]}–{years[-1]}年" if len(years) > 1 else "".join(f"{y}年" for y in years)
    return [
        "## 概况",
        "",
        f"- 公开文件：**{len(filings)}**份（{esc.text(phases)}），{esc.text(span)}",
        f"- 部门：**{len(collection.departments())}**个（同一部门的各年文件、不同印刷名称算一个）",
        f"- 地区：{len(collection.regions())}个",
        f"- 数字核对：{_checked(packages)}",
        "",
        "各文件的金额单位、预算与决算口径不同，本页不把它们加总；同一地区同一年度的部门并列比较，"
        "见各年度页面。",
        "",
    ]


def _regions(collection: Collection) -> list[str]:
    # A list, not a table: on a phone a table's last columns (the counts) were cut off.
    lines = []
    for region, filings in collection.regions().items():
        years = sorted({f.year for f in filings}, key=lambda y: -(y or 0))
        links = " · ".join(
            f"[{year or '年度不详'}](generated/{year_page_path(region, year)})" for year in years
        )
        departments = len({f.department_id for f in filings})
        lines.append(
            f"- [{esc.text(region)}](generated/{region_page_path(region)})："
            f"{links}（{departments}个部门，{len(filings)}份文件）"
        )
    return [
        "## 按地区、年度浏览",
        "",
        "点地区看它的全部部门与年度；点年份看该年各部门并列比较，再点部门看它的历年数字。",
        "",
        *lines,
        "",
        "## 按功能分类浏览",
        "",
        f"[各功能分类](generated/{FUNCTIONS_INDEX})（如208 社会保障和就业支出）："
        "哪些部门在这一类上花了多少钱，逐年对比。",
        "",
    ]


def home_page(packages: Sequence[Package], collection: Collection | None = None) -> str:
    """Home: what the site is, counts across filings, then regions (with their years) and
    function classes; without a collection, every filing by region and year.

    Links are relative to the docs root: this text is included into ``docs/index.md``.
    """
    filings = list(packages)
    lines = [GENERATED_NOTE, "# 公开预算", "", _INTRO, ""]
    if shard_name():  # one region's part of a domain split by region (gongkai build --shard)
        lines += [_SHARD_NOTE, ""]
    if collection is not None and collection.filings:
        lines += [*_collection_overview(filings, collection), *_regions(collection)]
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += _overview(filings)
    lines += ["## 按地区、年度、部门浏览", ""]
    if not filings:
        lines += ["目前还没有公开文件。", ""]
    grouped: dict[str, dict[str, list[Package]]] = defaultdict(lambda: defaultdict(list))
    for package in filings:
        year = str(package.meta.get("year") or "")
        grouped[" › ".join(region_path(package))][year].append(package)
    for region in sorted(grouped):
        lines += [f"### {esc.text(region) or '未注明地区'}", ""]
        for year in sorted(grouped[region], reverse=True):
            lines += [f"**{esc.text(year)}年**", ""]
            lines += [_filing_line(package) for package in grouped[region][year]]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
