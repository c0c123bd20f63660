"""A region's page (its years and departments) and a region's year page (its departments side by
side: total, 基本支出 share, 三公, 机关运行经费, per staff member where a filing prints its staff), adding
up only what is comparable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from gongkai.site import escape as esc
from gongkai.site.corpus import (
    Filing,
    department_name,
    department_page_path,
    region_page_path,
    year_page_path,
)
from gongkai.site.format import format_amount, percent, scroll, table
from gongkai.site.pages.facets import filing_link, link, page_header, wan

# The scopes in the order a year page shows them; the first is the one that is added up.
_SCOPES = {"部门": "部门（含所属单位）", "单位": "单位（一个预算单位）", "": "口径未注明"}
_PHASES = ("预算", "决算")


def phase_order(phase: str) -> tuple[int, str]:
    """预算 before 决算, then anything else."""
    return (_PHASES.index(phase) if phase in _PHASES else len(_PHASES), phase)


def _by_department(filings: Sequence[Filing]) -> dict[str, list[Filing]]:
    found: dict[str, list[Filing]] = defaultdict(list)
    for filing in filings:
        found[filing.department_id].append(filing)
    return dict(found)


def _years(filings: Sequence[Filing]) -> list[int | None]:
    return sorted({f.year for f in filings}, key=lambda y: -(y or 0))


def region_page(region: str, filings: Sequence[Filing]) -> str:
    """The region: links to each year's page, then every department with its filings."""
    page = region_page_path(region)
    departments = _by_department(filings)
    summary = f"{len(filings)}份公开文件，{len(departments)}个部门。"
    lines = page_header(region, summary)
    lines += ["## 按年度 {#years}", ""]
    for year in _years(filings):
        in_year = [f for f in filings if f.year == year]
        phases = "、".join(sorted({f.phase for f in in_year if f.phase}, key=phase_order))
        target = link(page, year_page_path(region, year))
        lines.append(
            f"- [{year or '年度不详'}{'年' if year else ''}]({target})："
            f"{len(in_year)}份文件（{esc.text(phases)}），{len(_by_department(in_year))}个部门"
        )
    lines += ["", "## 部门 {#departments}", ""]
    # A list, not a table: on a phone a table's last column (the filings) was cut off.
    for department_id, own in sorted(departments.items(), key=lambda i: department_name(i[1])):
        own = sorted(own, key=lambda f: ((f.year or 0), f.phase != "预算"))
        name = (
            f"[{esc.text(department_name(own))}]({link(page, department_page_path(department_id))})"
        )
        facts = [own[-1].level, "、".join(sorted({f.scope for f in own if f.scope}))]
        filed = "、".join(filing_link(f, page, f.label) for f in own)
        lines.append(f"- {name}：{' · '.join(esc.text(f) for f in facts if f)} · {filed}")
    lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    """The sum when every value is printed; None otherwise (a sum of what is there would mislead)."""
    return None if any(v is None for v in values) else sum((v for v in values if v), Decimal(0))


# Per-staff figures side by side: the count each is divided by is named in the cell, so 编制 and
# 实有 are never compared as one thing (labels.yaml department_per_staff holds the same keys).
_PER_STAFF = (
    ("编制", "staff_authorized", "basic_per_authorized_staff_yuan"),
    ("实有", "staff_actual", "basic_per_actual_staff_yuan"),
)


def _per_staff_cell(f: Filing) -> str:
    """'编制339人：人均基本支出X元' for each count the filing prints; '—' when it prints none."""
    parts = [
        f"{word}{int(f.figures[count])}人：{format_amount(f.figures[per])}"
        for word, count, per in _PER_STAFF
        if f.figures.get(count) is not None and f.figures.get(per) is not None
    ]
    return "<br>".join(parts) or "—"


def _side_by_side(filings: Sequence[Filing], page: str, add_up: bool) -> str:
    ordered = sorted(filings, key=lambda f: -(f.wan("total_yuan") or Decimal(-1)))
    staffed = any(_per_staff_cell(f) != "—" for f in ordered)
    rows = []
    for f in ordered:
        total, basic = f.wan("total_yuan"), f.wan("basic_expenditure_yuan")
        rows.append(
            [
                f"[{esc.cell(f.department_name or f.department_id)}]"
                f"({link(page, department_page_path(f.department_id))})",
                wan(total),
                percent(basic, total) if basic is not None and total else "—",
                wan(f.wan("three_public_yuan")),
                wan(f.wan("office_operation_yuan")),
                *([_per_staff_cell(f)] if staffed else []),
                filing_link(f, page, "文件"),
            ]
        )
    if add_up and len(ordered) > 1:
        sums = [
            _sum([f.wan(k) for f in ordered])
            for k in ("total_yuan", "three_public_yuan", "office_operation_yuan")
        ]
        total_row = [f"**{len(ordered)}个部门合计**", wan(sums[0]), "", wan(sums[1]), wan(sums[2])]
        rows.append([*total_row, *([""] if staffed else []), ""])
    headers = [
        "部门",
        "支出合计（万元）",
        "基本支出占比",
        "“三公”经费（万元）",
        "机关运行经费（万元）",
        *(["人均基本支出（元，按所印人数）"] if staffed else []),
        "原文",
    ]
    right = [False, True, True, True, True, *([True] if staffed else []), False]
    return scroll(table(headers, rows, right=right))


def year_page(region: str, year: int | None, filings: Sequence[Filing]) -> str:
    """The region's departments in one year, side by side; a table per phase and scope."""
    page = year_page_path(region, year)
    title = f"{region} {year or '年度不详'}{'年' if year else ''}"
    back = f"[{esc.text(region)}的全部年度与部门]({link(page, region_page_path(region))})"
    lines = page_header(
        title, f"{len(filings)}份公开文件，{len(_by_department(filings))}个部门。{back}"
    )
    phases = sorted({f.phase for f in filings}, key=phase_order)
    for phase in phases:
        lines += [f"## {esc.text(phase or '阶段未注明')}", ""]
        for scope, heading in _SCOPES.items():
            group = [f for f in filings if f.phase == phase and f.scope == scope]
            if not group:
                continue
            add_up = scope == "部门"
            lines += [f"### {heading}", "", _side_by_side(group, page, add_up), ""]
            if not add_up:
                lines += ["单位文件不计入合计：一个单位的钱可能已含在所属部门的文件里。", ""]
    lines += [
        "金额折合为万元；基本支出占比由本站计算。合计只加同一阶段、同为部门口径且每个部门都公布了"
        "的数字（“—”表示有部门未公布，不求和）；预算与决算从不相加。",
        "",
    ]
    if any(_per_staff_cell(f) != "—" for f in filings):
        lines += [
            "人均基本支出 = 基本支出 ÷ 原文所印人数（编制人数或实有人数，格中注明），由本站计算；"
            "按不同口径人数算出的人均数不可直接比较。",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
