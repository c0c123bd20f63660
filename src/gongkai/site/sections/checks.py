"""The checks section: failing checks in full, the narrative's numbers, the rest folded away."""

from __future__ import annotations

from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import check_value, table, where
from gongkai.site.read import field_titles
from gongkai.site.sections.tables import table_info

_MARK = {"fail": "✗ ", "pass": "✓ "}


def _location(package: Package, check: dict[str, Any]) -> str:
    parts = []
    table_id = check.get("table_id")
    if table_id:
        info = table_info(package).get(str(table_id))
        title = (info.get("title") if info else None) or labels.title(str(table_id))
        parts.append(f"表：{esc.text(title)}")
    if check.get("row") not in (None, ""):
        parts.append(f"行：{esc.text(check['row'])}")
    if check.get("column") not in (None, ""):
        titles = field_titles(package, str(table_id or ""))
        parts.append(f"列：{esc.text(titles.get(str(check['column']), check['column']))}")
    found = where(check)
    if found:
        parts.append(found)
    return "；".join(parts)


def _failing(package: Package, check: dict[str, Any]) -> list[str]:
    category = str(check.get("category"))
    named = labels.check_category(category) or esc.text(check.get("category"))
    lines = [
        '<div class="gk-check gk-fail" markdown="1">',
        "",
        f"**{esc.text(check.get('description_zh') or check.get('description_en'))}**"
        f"（{named}，编号 `{esc.slug(str(check.get('check_id') or ''))}`）",
        "",
        f"- 应为：{check_value(check.get('expected'))}",
        f"- 实为：{check_value(check.get('actual'))}",
        f"- 差额：{check_value(check.get('difference'))}"
        f"（容差 {check_value(check.get('tolerance'))}）",
    ]
    location = _location(package, check)
    if location:
        lines.append(f"- 位置：{location}")
    return [*lines, "", "</div>", ""]


def _claims(claims: list[dict[str, Any]]) -> list[str]:
    body = [
        [
            esc.cell(c.get("description_zh")),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
            _MARK.get(str(c.get("status")), "") + labels.check_status(str(c.get("status"))),
        ]
        for c in claims
    ]
    return [
        "### 情况说明中的数字",
        "",
        table(["说明", "表格数字", "原文数字", "结果"], body, right=[False, True, True, False]),
        "",
    ]


def _folded(label: str, group: list[dict[str, Any]]) -> list[str]:
    body = [
        [
            esc.cell(c.get("description_zh") or c.get("description_en")),
            check_value(c.get("expected")),
            check_value(c.get("actual")),
        ]
        for c in group
    ]
    return [
        '<details class="gk-passed" markdown="1">',
        f"<summary>{label}（{len(group)}项）</summary>",
        "",
        table(["说明", "应为", "实为"], body, right=[False, True, True]),
        "",
        "</details>",
        "",
    ]


def checks_section(package: Package) -> str:
    """Failing checks with expected, actual and difference; narrative claims; the rest folded."""
    checks = package.checks()
    lines = ["## 核对结果 {#checks}", ""]
    if not checks:
        return "\n".join([*lines, "本文件尚无核对结果。", ""])
    count = {s: sum(1 for c in checks if c.get("status") == s) for s in ("pass", "fail", "skip")}
    lines += [
        f"共{len(checks)}项检查：**{count['fail']}项不符**，{count['pass']}项一致，"
        f"{count['skip']}项无法核对（缺少可比数字）。不符不等于错误已被更正："
        "本站照录原文数字，只指出哪里对不上、差多少。[核对方法](../../method.md)",
        "",
    ]
    failing = [c for c in checks if c.get("status") == "fail"]
    if failing:
        lines += ["### 不符的检查", ""]
        for check in failing:
            lines += _failing(package, check)
    claims = [c for c in checks if c.get("category") == "narrative"]
    if claims:
        lines += _claims(claims)
    for status, label in (("pass", "一致的检查"), ("skip", "无法核对的检查")):
        group = [
            c for c in checks if c.get("status") == status and c.get("category") != "narrative"
        ]
        if group:
            lines += _folded(label, group)
    return "\n".join(lines)
