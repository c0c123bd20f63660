"""The checks sections: the material findings (failing checks) near the top of the page, and the
full record of checks further down, the narrative's numbers and the rest folded away."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import check_value, folded, scroll, table
from gongkai.site.read import field_titles
from gongkai.site.sections.tables import page_link, table_anchor, table_info

_MARK = {"fail": "✗ ", "pass": "✓ "}


def check_anchor(check: dict[str, Any]) -> str:
    """The stable anchor of a check on its filing's page: ``check-<check id>``."""
    return f"check-{esc.slug(str(check.get('check_id') or ''))}"


def check_name(check: dict[str, Any]) -> str:
    """What the check compared, in Chinese (its English description only when there is none)."""
    return esc.text(check.get("description_zh") or check.get("description_en"))


def _location(package: Package, check: dict[str, Any], original_files: Sequence[str]) -> str:
    parts = []
    table_id = str(check.get("table_id") or "")
    if table_id:
        info = table_info(package).get(table_id)
        title = esc.text((info.get("title") if info else None) or labels.title(table_id))
        linked = table_id in package.resources and table_id not in labels.not_tables()
        parts.append(f"表：[{title}](#{table_anchor(table_id)})" if linked else f"表：{title}")
    if check.get("row") not in (None, ""):
        parts.append(f"行：{esc.text(check['row'])}")
    if check.get("column") not in (None, ""):
        titles = field_titles(package, table_id)
        parts.append(f"列：{esc.text(titles.get(str(check['column']), check['column']))}")
    page = page_link(package, table_id, check.get("page"), original_files)
    if page:
        parts.append(page)
    if check.get("source_line") not in (None, ""):
        parts.append(f"原文第{esc.text(check['source_line'])}行")
    return "；".join(parts)


def _failing(package: Package, check: dict[str, Any], original_files: Sequence[str]) -> list[str]:
    category = str(check.get("category"))
    named = labels.check_category(category) or esc.text(check.get("category"))
    anchor = check_anchor(check)
    lines = [
        f'<div class="gk-check gk-fail" id="{anchor}" markdown="1">',
        "",
        f"**{check_name(check)}**（{named}）"
        f' <a class="gk-permalink" href="#{anchor}" title="本项的链接">#</a>',
        "",
        f"- 应为：{check_value(check.get('expected'))}",
        f"- 实为：{check_value(check.get('actual'))}",
        f"- 差额：{check_value(check.get('difference'))}"
        f"（容差 {check_value(check.get('tolerance'))}）",
    ]
    location = _location(package, check, original_files)
    if location:
        lines.append(f"- 位置：{location}")
    return [*lines, "", "</div>", ""]


def findings_section(package: Package, original_files: Sequence[str] = ()) -> str:
    """The material findings: every failing check with expected, actual, difference and where."""
    failing = [c for c in package.checks() if c.get("status") == "fail"]
    if not failing:
        return ""
    lines = [
        "## 不符的检查 {#findings}",
        "",
        f"共{len(failing)}项。不符不等于错误已被更正：本站照录原文数字，只指出哪里对不上、差多少。",
        "",
    ]
    for check in failing:
        lines += _failing(package, check, original_files)
    return "\n".join(lines)


def _named(check: dict[str, Any]) -> str:
    """A check's name in a table cell, carrying its anchor (a failing one's is on its card)."""
    if check.get("status") == "fail":
        return f'<a href="#{check_anchor(check)}">{check_name(check)}</a>'
    return f'<span id="{check_anchor(check)}"></span>{check_name(check)}'


def _claims(claims: list[dict[str, Any]]) -> str:
    body = [
        [
            _named(c),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            _MARK.get(str(c.get("status")), "") + labels.check_status(str(c.get("status"))),
        ]
        for c in claims
    ]
    out = table(["说明", "表格数字", "原文数字", "结果"], body, right=[False, True, True, False])
    return folded(f"情况说明中的数字（{len(claims)}项）", scroll(out), "checks-narrative")


def _group(status: str, label: str, group: list[dict[str, Any]]) -> str:
    body = [
        [_named(c), check_value(c.get("expected")), check_value(c.get("actual"))] for c in group
    ]
    out = table(["说明", "应为", "实为"], body, right=[False, True, True])
    return folded(f"{label}（{len(group)}项）", scroll(out), f"checks-{status}", "gk-passed")


def checks_section(package: Package) -> str:
    """How many checks agreed, disagreed or could not be made; the claims and the rest folded."""
    checks = package.checks()
    lines = ["## 核对结果 {#checks}", ""]
    if not checks:
        return "\n".join([*lines, "本文件尚无核对结果。", ""])
    count = {s: sum(1 for c in checks if c.get("status") == s) for s in ("pass", "fail", "skip")}
    fails = f"[**{count['fail']}项不符**](#findings)" if count["fail"] else "**0项不符**"
    lines += [
        f"共{len(checks)}项检查：{fails}，{count['pass']}项一致，"
        f"{count['skip']}项无法核对（缺少可比数字）。[核对方法](../../method.md)",
        "",
    ]
    claims = [c for c in checks if c.get("category") == "narrative"]
    if claims:
        lines += [_claims(claims), ""]
    for status, label in (("pass", "一致的检查"), ("skip", "无法核对的检查")):
        group = [
            c for c in checks if c.get("status") == status and c.get("category") != "narrative"
        ]
        if group:
            lines += [_group(status, label, group), ""]
    return "\n".join(lines)
