"""The 30-second summary a citizen reads first, rendered from the package's saved figures."""

from __future__ import annotations

from decimal import Decimal

from gongkai.datapackage import Package, Row
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import money, percent_text, wan_equivalent, with_wan
from gongkai.site.read import figures
from gongkai.site.sections.checks import finding_counts

_CLASSES_SHOWN = 3
_NOTE = "百分比和“约…万元”由本站根据公开数字计算；其余数字均按原文照录。“未公开”指原文没有印出这项数字。"


def _share(label: str, row: Row) -> str:
    """``label amount（share）``; an amount the filing does not print is said to be unpublished."""
    value, unit = row.amount("amount"), row.get("unit") or ""
    if value is None:
        return f"{label}未公开"
    share = percent_text(value, row.amount("base"), row.amount("share"))
    return f"{label}{with_wan(value, unit, share)}"


def _shares(rows: list[Row], label: dict[str, str] | None = None) -> str:
    return "，".join(_share(esc.text((label or {}).get(r["item"], r["item"])), r) for r in rows)


def total_fact(package: Package) -> str:
    year, phase = package.meta.get("year"), package.meta.get("phase") or "预算"
    head = f"- **{esc.text(year)}年{esc.text(phase)}总额**："
    found = figures(package, "total")
    if not found:
        return f"{head}未公开。"
    value, unit = found[0].amount("amount"), found[0].get("unit") or ""
    notes = "，".join(n for n in (wan_equivalent(value, unit), esc.text(found[0]["item"])) if n)
    return f'{head}<span class="gk-total">{money(value, unit)}</span>（{notes}）。'


def income_fact(package: Package) -> str | None:
    """Income lines with their share of their own sum; says so when that is not 收入总计."""
    lines = figures(package, "income")
    if not lines:
        return None
    base = lines[0].amount("base")
    printed = next((r.amount("amount") for r in figures(package, "income_total")), None)
    note = ""
    if printed is not None and printed != base:
        note = f"（百分比以上列各项之和{with_wan(base, lines[0].get('unit') or '')}为基数）"
    return f"- **钱从哪里来**：{_shares(lines)}。{note}"


def spending_fact(package: Package) -> str | None:
    classes = figures(package, "function_class")
    if not classes:
        return None
    more = f"等{len(classes)}类" if len(classes) > _CLASSES_SHOWN else ""
    return f"- **花在哪里**：{_shares(classes[:_CLASSES_SHOWN])}{more}。"


def basic_project_fact(package: Package) -> str:
    parts = figures(package, "basic_project")
    if not parts:
        return "- **基本支出与项目支出**：原文未分列，未公开。"
    named = {r["item"]: labels.basic_project_label(r["item"]) for r in parts}
    return f"- **基本支出与项目支出**：{_shares(parts, named)}。"


def personnel_public_fact(package: Package) -> str:
    split = figures(package, "personnel_public")
    if split:
        return f"- **人员经费与公用经费**：{_shares(split)}。"
    classes = figures(package, "economic_class")
    if not classes:
        return "- **人员经费与公用经费**：未公开。"
    return (
        f"- **人员经费与公用经费**：原文未分列（未公开）；基本支出按经济分类为{_shares(classes)}。"
    )


def _amount_or_blank(row: Row | None) -> str:
    value = row.amount("amount") if row is not None else None
    return (
        with_wan(value, row.get("unit") or "")
        if row is not None and value is not None
        else "原表空白"
    )


def three_public_fact(package: Package) -> str:
    found = figures(package, "three_public")
    text = "- **“三公”经费**："
    if not found:
        printed = package.rows("three_public_expenses")
        text += "原表未印合计。" if printed else "本文件未公开“三公”经费表。"
    else:
        by_measure = {r.get("measure"): r for r in found}
        final = _amount_or_blank(by_measure.get("total"))
        if "budget_amount" in by_measure:
            text += f"预算数{_amount_or_blank(by_measure['budget_amount'])}，决算数{final}。"
        else:
            text += f"{final}。"
        others = [
            f"{r['item']}{with_wan(r.amount('amount'), r.get('unit') or '')}"
            for r in figures(package, "three_public_other")
        ]
        if others:
            text += f"同表另列{'，'.join(others)}。"
    change = figures(package, "three_public_change")
    if change:
        text += f"情况说明写道：“{esc.text(change[0]['item'])}”"
    return text


def checks_fact(package: Package) -> str | None:
    summary = package.validation.get("summary") or {}
    if not summary:
        return None
    count = finding_counts(package)
    # 尾差 (a rounding difference) and 提示 (a note) are named apart, never counted as 不符.
    rounding = f"[{count['rounding']}项尾差](#findings-rounding)" if count["rounding"] else ""
    notes = f"[{count['info']}项提示](#findings-info)" if count["info"] else ""
    verdict = (
        f"**{count['material']}项不符**，见[不符的检查](#findings)"
        + (f"；另有{rounding}（舍入差异）。" if rounding else "。")
        if count["material"]
        else "没有发现不符（"
        + "，".join(
            part
            for part in (f"{count['pass']}项一致", f"{count['skip']}项无法核对", rounding, notes)
            if part
        )
        + "），见[核对结果](#checks)。"
    )
    return f"- **数字核对**：共{int(summary.get('checks') or 0)}项检查，{verdict}"


def total_figure(package: Package) -> tuple[Decimal | None, str]:
    """The headline total and its unit (None when the filing prints none)."""
    found = figures(package, "total")
    if not found:
        return None, package.unit
    return found[0].amount("amount"), found[0].get("unit") or package.unit


def summary_section(package: Package) -> str:
    """The 30-second summary: total, where the money comes from and goes, 基本/项目, 人员/公用,
    三公 and the checks."""
    facts = [
        total_fact(package),
        income_fact(package),
        spending_fact(package),
        basic_project_fact(package),
        personnel_public_fact(package),
        three_public_fact(package),
        checks_fact(package),
    ]
    return "\n".join(["## 30秒读懂 {#summary}", "", *[f for f in facts if f], "", _NOTE])
