"""What the collection's pages share: a filing's facets, links between pages, changes between
years, and the rule for which filings may be compared or added."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from gongkai.site import escape as esc
from gongkai.site.corpus import Filing
from gongkai.site.format import GENERATED_NOTE, format_amount
from gongkai.site.urls import filing_page_path

_ONE_TENTH = Decimal("0.1")


def page_header(title: str, description: str) -> list[str]:
    """The front matter, generated-file note, heading and first paragraph of a collection page."""
    return [
        "---",
        f"title: {esc.text(title)}",
        "---",
        "",
        GENERATED_NOTE,
        "",
        f"# {esc.text(title)}",
        "",
        description,
        "",
    ]


def link(from_page: str, to_page: str) -> str:
    """Relative link from one generated page to another (both relative to the generated folder)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def facets(filing: Filing, region: bool = True) -> str:
    """``江苏省 · 省级 · 部门 · 2019年 · 预算``: the filing's facets, those it states."""
    parts = [filing.region_name if region else "", filing.level, filing.scope]
    parts += [f"{filing.year}年" if filing.year else "", filing.phase]
    return " · ".join(esc.text(p) for p in parts if p)


def filing_link(filing: Filing, from_page: str, text: str = "") -> str:
    target = link(from_page, filing_page_path(filing.filing_id))
    return f"[{esc.text(text or filing.title)}]({target})"


def wan(value: Decimal | None) -> str:
    return format_amount(value) if value is not None else "—"


def comparable(a: Filing, b: Filing) -> bool:
    """Two filings whose figures may be compared or added: same phase and same scope."""
    return a.phase == b.phase and a.scope == b.scope


def previous(filings: Sequence[Filing], index: int) -> Filing | None:
    """The latest earlier filing of the same phase and scope (the base of a change)."""
    here = filings[index]
    earlier = [
        f for f in filings[:index] if comparable(f, here) and (f.year or 0) < (here.year or 0)
    ]
    return earlier[-1] if earlier else None


def change(new: Decimal | None, old: Decimal | None) -> str:
    """``+4,322.77（+15.0%）``: the difference and its percentage of the older value."""
    if new is None or old is None:
        return ""
    difference = new - old
    if not difference:
        return "持平"
    sign = "+" if difference > 0 else "−"
    text = f"{sign}{format_amount(abs(difference))}"
    if old:
        share = (abs(difference) / abs(old) * 100).quantize(_ONE_TENTH, rounding=ROUND_HALF_UP)
        text += f"（{sign}{share}%）"
    return text


def since(here: Filing, base: Filing) -> str:
    """``比上年`` or ``比2017年``: what a change is measured against."""
    if here.year and base.year and here.year - base.year == 1:
        return "比上年"
    return f"比{base.year}年" if base.year else "比前一份"
