"""The checks sections: the material findings (failing checks) near the top of the page, the 尾差
(rounding) and 提示 (info notes) folded after them, and the full record of checks further down,
the narrative's numbers and the rest folded away."""

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
CARDS_SHOWN = 5  # material findings shown as cards before the rest are folded
ROUNDING_LABEL = "尾差（舍入差异，不超过末位一个单位）"
INFO_LABEL = "提示"


def kind(check: dict[str, Any]) -> str:
    """What a check is to a reader: ``material`` (a failure that is not 尾差; a package written
    before severities counts every failure so), ``rounding``, ``info`` (a note, not a failure),
    else its status (pass, skip)."""
    severity = str(check.get("severity") or "")
    if severity == "info":
        return "info"
    if check.get("status") == "fail":
        return "rounding" if severity == "rounding" else "material"
    return str(check.get("status") or "")


def of_kind(checks: Sequence[dict[str, Any]], wanted: str) -> list[dict[str, Any]]:
    return [c for c in checks if kind(c) == wanted]


KINDS = ("material", "rounding", "pass", "skip", "info")


def finding_counts(package: Package) -> dict[str, int]:
    """How many checks of a filing are 不符 (material), 尾差 (rounding), 一致 (pass), 无法核对
    (skip) and 提示 (info): the counts every page and description gives, so that 尾差 is never
    counted as 不符 nor a 提示 as 无法核对."""
    checks = package.checks()
    return {k: len(of_kind(checks, k)) for k in KINDS}


def findings_label(package: Package) -> str:
    """The findings section's name: 不符的检查 when there is one, else what it holds."""
    count = finding_counts(package)
    if count["material"]:
        return "不符的检查"
    return "、".join(n for k, n in (("rounding", "尾差"), ("info", INFO_LABEL)) if count[k])


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


def _noted(group: list[dict[str, Any]], label: str, anchor: str, difference: bool) -> str:
    """A folded table of 尾差 or 提示: each row carries its check's anchor."""
    body = [
        [
            f'<span id="{check_anchor(c)}"></span>{check_name(c)}',
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            *([check_value(c.get("difference"))] if difference else []),
        ]
        for c in group
    ]
    headers = ["说明", "应为", "实为", *(["差额"] if difference else [])]
    out = table(headers, body, right=[False, True, True, *([True] if difference else [])])
    return folded(f"{label}（{len(group)}项）", scroll(out), anchor, "gk-passed")


def findings_section(package: Package, original_files: Sequence[str] = ()) -> str:
    """The material findings first (every failing check that is not 尾差, with expected, actual,
    difference and where), then the 尾差 and the 提示 folded, each in its own group."""
    checks = package.checks()
    material, rounding = of_kind(checks, "material"), of_kind(checks, "rounding")
    notes = of_kind(checks, "info")
    if not (material or rounding or notes):
        return ""
    others = "、".join(
        f"{len(group)}项{name}"
        for group, name in ((rounding, "尾差"), (notes, INFO_LABEL))
        if group
    )
    found = (
        f"共{len(material)}项不符{'，另有' + others if others else ''}。"
        "不符不等于错误已被更正：本站照录原文数字，只指出哪里对不上、差多少。"
        if material
        else f"没有不符的数字；以下{others}不是错误。"
    )
    lines = [f"## {findings_label(package)} {{#findings}}", "", found, ""]
    for check in material[:CARDS_SHOWN]:
        lines += _failing(package, check, original_files)
    rest = material[CARDS_SHOWN:]
    if rest:  # a phone shows a few cards, then one tap for the rest (a link to one opens it)
        cards = [line for check in rest for line in _failing(package, check, original_files)]
        lines += [folded(f"其余{len(rest)}项不符", "\n".join(cards), "findings-more"), ""]
    if rounding:
        lines += [_noted(rounding, ROUNDING_LABEL, "findings-rounding", True), ""]
    if notes:
        lines += [_noted(notes, INFO_LABEL, "findings-info", False), ""]
    return "\n".join(lines)


def _named(check: dict[str, Any]) -> str:
    """A check's name in a table cell, carrying its anchor (a failing one's or a note's is in
    the findings)."""
    if kind(check) in ("material", "rounding", "info"):
        return f'<a href="#{check_anchor(check)}">{check_name(check)}</a>'
    return f'<span id="{check_anchor(check)}"></span>{check_name(check)}'


def _claims(claims: list[dict[str, Any]]) -> str:
    body = [
        [
            _named(c),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            INFO_LABEL
            if kind(c) == "info"
            else _MARK.get(str(c.get("status")), "") + labels.check_status(str(c.get("status"))),
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


def _counts(checks: Sequence[dict[str, Any]]) -> str:
    count = {k: len(of_kind(checks, k)) for k in KINDS}
    fails = f"[**{count['material']}项不符**](#findings)" if count["material"] else "**0项不符**"
    parts = [fails]
    if count["rounding"]:
        parts.append(f"[{count['rounding']}项尾差](#findings-rounding)")
    parts += [f"{count['pass']}项一致", f"{count['skip']}项无法核对（缺少可比数字）"]
    if count["info"]:
        parts.append(f"[{count['info']}项{INFO_LABEL}](#findings-info)")
    return f"共{len(checks)}项检查：{'，'.join(parts)}。[核对方法](../../method.md)"


def checks_section(package: Package) -> str:
    """How many checks agreed, disagreed (material or 尾差) or could not be made, and the notes;
    the claims and the rest folded."""
    checks = package.checks()
    lines = ["## 核对结果 {#checks}", ""]
    if not checks:
        return "\n".join([*lines, "本文件尚无核对结果。", ""])
    lines += [_counts(checks), ""]
    claims = [c for c in checks if c.get("category") == "narrative"]
    if claims:
        lines += [_claims(claims), ""]
    for status, label in (("pass", "一致的检查"), ("skip", "无法核对的检查")):
        group = [c for c in of_kind(checks, status) if c.get("category") != "narrative"]
        if group:
            lines += [_group(status, label, group), ""]
    return "\n".join(lines)
