"""The 与上年文件核对 section: what a filing says about last year (比上年增减, 上年数) against
last year's filing, as the collection checked it (its cross_filing_checks), failures first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gongkai.datapackage import Package, Row, load_package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.corpus import cross_checks_beside
from gongkai.site.files import original_files, package_files
from gongkai.site.format import check_value, folded, scroll, table
from gongkai.site.sections.tables import page_link
from gongkai.site.urls import filing_page_path

_MARK = {"fail": "✗ ", "pass": "✓ "}


def prior_anchor(check: Mapping[str, object]) -> str:
    """The stable anchor of a cross-filing check on its filing's page: ``prior-<check id>``."""
    return f"prior-{esc.slug(str(check.get('check_id') or ''))}"


def _prior_page(filing_id: str) -> str:
    """Last year's filing page, as seen from this filing's page (both under filings/)."""
    return filing_page_path(filing_id).removeprefix("filings/")


def _prior(package: Package, filing_id: str) -> tuple[Package | None, list[str]]:
    """Last year's package beside this one and its original files; none when not there."""
    directory = package.directory.parent / filing_id
    if not filing_id or not (directory / "datapackage.json").exists():
        return None, []
    prior = load_package(Path(directory))
    return prior, original_files(package_files(prior))


def _value(value: object, unit: object) -> str:
    return f"{check_value(value)}{esc.text(unit or '')}" if value not in (None, "") else "—"


def _card(
    package: Package,
    check: Row,
    original_files_here: Sequence[str],
    prior: tuple[Package | None, list[str]],
) -> list[str]:
    anchor = prior_anchor(check)
    named = labels.check_category(str(check.get("category"))) or esc.text(check.get("category"))
    table_id = str(check.get("table_id") or "")
    here = page_link(package, table_id, check.get("page"), original_files_here)
    prior_package, prior_files = prior
    there = (
        page_link(prior_package, table_id, check.get("prior_page"), prior_files)
        if prior_package is not None
        else (f"第{esc.text(check['prior_page'])}页" if check.get("prior_page") else "")
    )
    prior_id = str(check.get("prior_filing_id") or "")
    year = esc.text(check.get("prior_year") or "上")
    return [
        f'<div class="gk-check gk-fail" id="{anchor}" markdown="1">',
        "",
        f"**{esc.text(check.get('description_zh'))}**（{named}）"
        f' <a class="gk-permalink" href="#{anchor}" title="本项的链接">#</a>',
        "",
        f"- 本文件所印：{_value(check.get('printed_value'), check.get('printed_unit'))}"
        + (f"（{here}）" if here else ""),
        f"- [{year}年文件]({_prior_page(prior_id)})所载："
        f"{_value(check.get('published_value'), check.get('published_unit'))}"
        + (f"（{there}）" if there else ""),
        f"- 应为：{check_value(check.get('expected'))}；差额：{check_value(check.get('difference'))}"
        f"（容差 {check_value(check.get('tolerance'))}）",
        "",
        "</div>",
        "",
    ]


def _others(checks: Sequence[Row]) -> str:
    body = [
        [
            f'<span id="{prior_anchor(c)}"></span>{esc.text(c.get("description_zh"))}',
            _value(c.get("printed_value"), c.get("printed_unit")),
            _value(c.get("published_value"), c.get("published_unit")),
            _MARK.get(str(c.get("status")), "") + labels.check_status(str(c.get("status"))),
        ]
        for c in checks
    ]
    out = table(
        ["说明", "本文件所印", "上年文件所载", "结果"], body, right=[False, True, True, False]
    )
    return folded(f"一致与无法核对的（{len(checks)}项）", scroll(out), "prior-others", "gk-passed")


def prior_year_section(package: Package, original_files_here: Sequence[str] = ()) -> str:
    """Every cross-filing check of this filing: failures as cards (both values, both pages, a
    link to last year's page), the rest folded; empty when the collection has none."""
    checks = cross_checks_beside(package)
    if not checks:
        return ""
    failing = [c for c in checks if c.get("status") == "fail"]
    rest = [c for c in checks if c.get("status") != "fail"]
    count = {s: sum(1 for c in checks if c.get("status") == s) for s in ("pass", "skip")}
    prior_id = next((str(c["prior_filing_id"]) for c in checks if c.get("prior_filing_id")), "")
    year = next((str(c["prior_year"]) for c in checks if c.get("prior_year")), "上")
    against = f"[{esc.text(year)}年文件]({_prior_page(prior_id)})" if prior_id else "上年文件"
    summary = (
        f"本文件关于上年的数字（比上年增减、上年数）对照{against}所公布的数字："
        f"共{len(checks)}项，**{len(failing)}项不符**，{count['pass']}项一致，"
        f"{count['skip']}项无法核对。"
        if prior_id
        else f"本站尚无本部门上一年度的同类文件，本文件关于上年的{len(checks)}项数字"
        "（比上年增减、上年数）暂无法跨文件核对。"
    )
    lines = ["## 与上年文件核对 {#prior}", "", summary, ""]
    prior = _prior(package, prior_id)
    for check in failing:
        lines += _card(package, check, original_files_here, prior)
    if rest:
        lines += [_others(rest), ""]
    return "\n".join(lines)
