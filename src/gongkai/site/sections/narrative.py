"""The narrative section: the 情况说明 as printed, each checked paragraph with its verdict."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site.format import folded
from gongkai.site.sections.checks import kind


def _claims_by_paragraph(package: Package) -> dict[str, list[dict[str, Any]]]:
    """Narrative checks by the paragraph they quote (paragraph_id, or the source line)."""
    claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for check in package.checks():
        if check.get("category") != "narrative":
            continue
        if check.get("table_id") == "narrative" and check.get("row") not in (None, ""):
            claims[f"p{check['row']}"].append(check)
        elif check.get("source_line") not in (None, ""):
            claims[f"l{check['source_line']}"].append(check)
    return claims


def _verdict(found: list[dict[str, Any]]) -> str:
    fails = sum(1 for c in found if kind(c) == "material")
    rounding = sum(1 for c in found if kind(c) == "rounding")
    agrees = sum(1 for c in found if c.get("status") == "pass")
    verdict = []
    if agrees:
        verdict.append(f"{agrees}处与表格一致")
    if fails:
        verdict.append(f"{fails}处与表格不符")
    if rounding:  # a rounding difference, not a disagreement
        verdict.append(f"{rounding}处尾差")
    if not verdict:
        return ""
    css = "gk-disagree" if fails else "gk-agree"
    return f' <span class="{css}">〔核对：{"，".join(verdict)}〕</span>'


def narrative_section(package: Package) -> str:
    """The narrative as printed; paragraphs whose numbers were checked carry the verdict."""
    rows = package.rows("narrative")
    if not rows:
        return ""
    claims = _claims_by_paragraph(package)
    lines: list[str] = []
    for row in rows:
        text = esc.text(row.get("text"))
        if row.get("paragraph_no") in ("0", 0):
            lines += [f'<p class="gk-heading"><strong>{text}</strong></p>', ""]
            continue
        found = claims.get(f"p{row.get('paragraph_id')}") or claims.get(
            f"l{row.get('source_line')}", []
        )
        lines += [f"{text}{_verdict(found) if found else ''}", ""]
    checked = sum(1 for found in claims.values() for c in found if kind(c) == "material")
    note = f"，其中{checked}处数字与表格不符" if checked else ""
    summary = f"展开情况说明原文（{len(rows)}段{note}）"
    return "\n".join(
        [
            "## 情况说明（原文） {#narrative}",
            "",
            folded(summary, "\n".join(lines), "narrative-text"),
        ]
    )
