"""The 问题清单 page: every finding across the site, by filing, material ones first: failing
checks (their 尾差 and 提示 folded apart) and failing checks against last year's filing, each
linked to its place on the filing's page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.corpus import cross_checks_beside
from gongkai.site.format import GENERATED_NOTE, check_value, folded, scroll, table
from gongkai.site.read import region_path
from gongkai.site.sections.checks import (
    INFO_LABEL,
    ROUNDING_LABEL,
    check_anchor,
    check_name,
    of_kind,
)
from gongkai.site.sections.prior_year import prior_anchor
from gongkai.site.urls import filing_page_path

_INTRO = (
    "本站逐项核对每份公开文件的数字。下面是所有对不上的地方（“不符”），按文件列出；"
    "舍入造成的尾差和提示另行折叠列出。"
    "点文件名展开它的清单；点检查名称可以看到它在文件页面上的说明、位置和原文页码。"
    "不符不等于错误已被更正：本站照录原文数字，只指出哪里对不上、差多少。"
    "[核对方法](../method.md)"
)


def _material(package: Package) -> list[dict[str, Any]]:
    return of_kind(package.checks(), "material")


def _across(package: Package) -> list[dict[str, Any]]:
    return [dict(c) for c in cross_checks_beside(package) if c.get("status") == "fail"]


def _counts(package: Package) -> tuple[int, int, int, int]:
    """(material, against last year, 尾差, 提示) of one filing."""
    checks = package.checks()
    return (
        len(_material(package)),
        len(_across(package)),
        len(of_kind(checks, "rounding")),
        len(of_kind(checks, "info")),
    )


def _page(c: dict[str, Any]) -> str:
    return f"第{esc.cell(c.get('page'))}页" if c.get("page") not in (None, "") else ""


def _named(c: dict[str, Any], name: str, target: str) -> str:
    """The check's name linked to its place, its category and page in small type below: four
    columns fit a phone where six were cut off."""
    category = labels.check_category(str(c.get("category"))) or esc.cell(c.get("category"))
    where = " · ".join(part for part in (category, _page(c)) if part)
    return f"[{name}]({target})<br><small>{where}</small>"


def _rows(checks: list[dict[str, Any]], link: str) -> list[list[str]]:
    return [
        [
            _named(c, check_name(c), f"{link}#{check_anchor(c)}"),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            check_value(c.get("difference")),
        ]
        for c in checks
    ]


def _checks_table(rows: list[list[str]]) -> str:
    headers = ["检查（类别 · 原文页码）", "应为", "实为", "差额"]
    return scroll(table(headers, rows, right=[False, True, True, True]))


def _across_table(checks: list[dict[str, Any]], link: str) -> str:
    rows = [
        [
            _named(c, esc.cell(c.get("description_zh")), f"{link}#{prior_anchor(c)}"),
            check_value(c.get("expected")),
            check_value(c.get("printed_value")),
            check_value(c.get("difference")),
        ]
        for c in checks
    ]
    return _checks_table(rows)


def _filing_block(package: Package) -> list[str]:
    """One filing, folded: its title and counts on the summary line (the page is a short list
    of filings on a phone), its findings inside."""
    link = f"filings/{filing_page_path(package.filing_id).removeprefix('filings/')}"
    checks = package.checks()
    material, across = _material(package), _across(package)
    rounding, notes = of_kind(checks, "rounding"), of_kind(checks, "info")
    counts = [f"{len(material)}项不符"]
    counts += [f"与上年文件{len(across)}项不符"] if across else []
    counts += [f"{len(rounding)}项尾差"] if rounding else []
    counts += [f"{len(notes)}项{INFO_LABEL}"] if notes else []
    region = " › ".join(esc.text(p) for p in region_path(package))
    lines = [f"{region + ' · ' if region else ''}[打开文件页面]({link})", ""]
    if material:
        lines += [_checks_table(_rows(material, link)), ""]
    if across:
        lines += ["**与上年文件核对不符**", "", _across_table(across, link), ""]
    for group, label in ((rounding, ROUNDING_LABEL), (notes, INFO_LABEL)):
        if group:
            body = _checks_table(_rows(group, link))
            lines += [folded(f"{label}（{len(group)}项）", body, css="gk-passed"), ""]
    summary = f"{esc.text(package.title)} <small>{'，'.join(counts)}</small>"
    return [folded(summary, "\n".join(lines), esc.slug(package.filing_id)), ""]


def issues_page(packages: Sequence[Package]) -> str:
    """Every finding of every filing, filings with most material findings first."""
    counts = {p.filing_id: _counts(p) for p in packages}
    found = [p for p in packages if any(counts[p.filing_id])]
    found.sort(
        key=lambda p: (-counts[p.filing_id][0] - counts[p.filing_id][1], p.title, p.filing_id)
    )
    total, across, rounding, notes = (sum(counts[p.filing_id][i] for p in found) for i in range(4))
    others = "、".join(
        f"{n}项{name}"
        for n, name in ((across, "与上年文件不符"), (rounding, "尾差"), (notes, INFO_LABEL))
        if n
    )
    material_filings = sum(1 for p in found if counts[p.filing_id][0])
    head = f"共**{total}项不符**，涉及{material_filings}份文件" if total else "**0项不符**"
    lines = [
        "---",
        "title: 问题清单",
        f"description: 公开预算文件中数字对不上的{total}处，按文件列出，每处注明应为、实为、差额和原文页码。",
        "---",
        GENERATED_NOTE,
        "# 问题清单",
        "",
        _INTRO,
        "",
        f"{head}{'；另有' + others if others else ''}。",
        "",
    ]
    if not total and not across:
        lines += ["目前没有发现不符的数字。", ""]
    for package in found:
        lines += _filing_block(package)
    return "\n".join(lines).rstrip("\n") + "\n"
