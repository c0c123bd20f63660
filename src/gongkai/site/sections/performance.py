"""The performance-targets section: department targets, then one folded block per project."""

from __future__ import annotations

from collections import defaultdict

from gongkai.datapackage import Package, Row
from gongkai.site import escape as esc
from gongkai.site.format import folded


def _department_targets(rows: list[Row]) -> list[str]:
    lines: list[str] = []
    group = None
    for row in rows:
        if row.get("group") != group:
            group = row.get("group")
            lines += ["", f"**{esc.text(group)}**", ""]
        lines.append(f"- {esc.text(row.get('target'))}指标：{esc.text(row.get('indicator'))}")
    summary = f"部门整体绩效目标（{len(rows)}项）"
    return [folded(summary, "\n".join(lines), "performance-department"), ""]


def _project(project: Row, indicators: list[Row]) -> list[str]:
    number = project.get("project_no") or ""
    lines = [
        f'<details class="gk-project" id="project-{esc.slug(str(number))}" markdown="1">',
        f"<summary>{esc.text(number)}. {esc.text(project.get('project_name'))}</summary>",
        "",
        f"**绩效目标**：{esc.text(project.get('goal')) or '（原文未填写）'}",
        "",
    ]
    heading = None
    for row in indicators:
        current = (row.get("level1") or "", row.get("level2") or "")
        if current != heading:
            heading = current
            lines += ["", f"**{esc.text(' · '.join(p for p in current if p))}**", ""]
        described = f"（{esc.text(row.get('description'))}）" if row.get("description") else ""
        basis = f"；依据：{esc.text(row.get('basis'))}" if row.get("basis") else ""
        lines.append(
            f"- {esc.text(row.get('level3'))}：**{esc.text(row.get('target_raw')) or '—'}**"
            f"{described}{basis}"
        )
    return [*lines, "", "</details>", ""]


def performance_section(package: Package) -> str:
    """Department targets, then one block per project: goal, then its indicators."""
    projects = package.rows("performance_projects")
    targets = package.rows("department_targets")
    if not projects and not targets:
        return ""
    lines = ["## 绩效目标 {#performance}", ""]
    if targets:
        lines += _department_targets(targets)
    if projects:
        lines += ["### 项目绩效目标", "", f"共{len(projects)}个项目，点击项目名展开指标。", ""]
    by_project: dict[str, list[Row]] = defaultdict(list)
    for row in package.rows("performance_indicators"):
        by_project[row.get("project_no") or ""].append(row)
    for project in projects:
        lines += _project(project, by_project.get(project.get("project_no") or "", []))
    return "\n".join(lines)
