"""The home page: what the site is, totals across filings, filings by region, year, department."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from gongkai.datapackage import Package, in_wan_yuan
from gongkai.site import escape as esc
from gongkai.site.format import GENERATED_NOTE, format_amount, money
from gongkai.site.read import region_path
from gongkai.site.sections.summary import total_figure
from gongkai.site.urls import filing_page_path

_INTRO = (
    "本站把政府部门公开的预算、决算文件整理成可以搜索、可以下载、逐项核对过的数据。"
    "每个数字都照录原文，并注明出处；对不上的数字会标出来，但从不改动。"
    "[数据从哪里来、怎样核对](method.md) · [下载全部数据](generated/downloads.md)"
)


def _summary_count(package: Package, key: str) -> int:
    return int((package.validation.get("summary") or {}).get(key) or 0)


def _overview(filings: Sequence[Package]) -> list[str]:
    totals = [total_figure(p) for p in filings]
    in_wan = [in_wan_yuan(value, unit) for value, unit in totals if value is not None]
    departments = {str(p.meta.get("department_name") or p.filing_id) for p in filings}
    fails = sum(_summary_count(p, "fail") for p in filings)
    checks = sum(_summary_count(p, "checks") for p in filings)
    return [
        "## 概况",
        "",
        f"- 公开文件：**{len(filings)}**份，涉及{len(departments)}个部门",
        f"- 预算（决算）支出合计：**{format_amount(sum((t for t in in_wan if t), Decimal(0)))}"
        "万元**（各文件支出总计之和，元换算为万元）",
        f"- 数字核对：{checks}项检查，[**{fails}项不符**](generated/issues.md)",
        "",
    ]


def _filing_line(package: Package) -> str:
    total, unit = total_figure(package)
    fail = _summary_count(package, "fail")
    name = package.meta.get("department_name") or package.title
    return (
        f"- [{esc.text(name)} · {esc.text(package.meta.get('phase') or '')}]"
        f"(generated/{filing_page_path(package.filing_id)})："
        f"{money(total, unit)}" + (f"，{fail}项核对不符" if fail else "")
    )


def home_page(packages: Sequence[Package]) -> str:
    """Home: what the site is, headline figures across filings, filings by region, year, department.

    Links are relative to the docs root: this text is included into ``docs/index.md``.
    """
    filings = list(packages)
    lines = [GENERATED_NOTE, "# 公开预算", "", _INTRO, "", *_overview(filings)]
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
