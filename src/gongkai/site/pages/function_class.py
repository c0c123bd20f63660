"""Pages per function class (类, e.g. 208 社会保障和就业支出): who spends how much on it, by
year, a table per region and phase; and the index of all classes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from gongkai.site import escape as esc
from gongkai.site.corpus import (
    NO_REGION,
    Collection,
    Filing,
    department_page_path,
    function_page_path,
)
from gongkai.site.format import GENERATED_NOTE, scroll, table
from gongkai.site.pages.facets import link, page_header, wan

INDEX = "functions/index.md"


def _spending(collection: Collection, code: str) -> list[tuple[Filing, Decimal]]:
    """Every filing that prints the class, with its amount in 万元."""
    by_id = {f.filing_id: f for f in collection.filings}
    found = []
    for filing_id, classes in collection.functions.items():
        for item in classes:
            if item.code == code and filing_id in by_id:
                found.append((by_id[filing_id], item.amount / 10000))
    return found


def _region_table(spending: list[tuple[Filing, Decimal]], page: str) -> str:
    years = sorted({f.year for f, _ in spending}, key=lambda y: -(y or 0))  # newest first
    rows: dict[str, dict[int | None, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    scopes: dict[str, set[str]] = defaultdict(set)
    for filing, value in spending:
        rows[filing.department_id][filing.year] = value
        names[filing.department_id] = filing.department_name or filing.department_id
        scopes[filing.department_id].add(filing.scope)
    latest = years[0]
    ordered = sorted(rows, key=lambda d: (-(rows[d].get(latest) or Decimal(-1)), names[d]))
    body = [
        [
            f"[{esc.cell(names[d])}]({link(page, department_page_path(d))})",
            esc.cell("、".join(sorted(s for s in scopes[d] if s)) or "—"),
            *(wan(rows[d].get(y)) for y in years),
        ]
        for d in ordered
    ]
    headers = ["部门", "部门/单位", *(f"{y}年" if y else "年度不详" for y in years)]
    return scroll(table(headers, body, right=[False, False, *([True] * len(years))]))


def function_page(code: str, name: str, collection: Collection) -> str:
    """Who spends on the class, by year: a table per region and phase, largest spender first."""
    page = function_page_path(code)
    spending = _spending(collection, code)
    title = f"{code} {name}"
    lines = page_header(
        title,
        f"各部门在功能分类“{esc.text(name)}”（{esc.text(code)}类）上的支出，单位万元。"
        f"{len({f.department_id for f, _ in spending})}个部门、{len(spending)}份文件列出此类。"
        f"[全部功能分类]({link(page, INDEX)})",
    )
    groups: dict[tuple[str, str], list[tuple[Filing, Decimal]]] = defaultdict(list)
    for filing, value in spending:
        groups[(filing.region_name, filing.phase)].append((filing, value))
    for region, phase in sorted(groups, key=lambda k: (k[0] == NO_REGION, k[0], k[1] != "预算")):
        lines += [f"## {esc.text(region)} · {esc.text(phase or '阶段未注明')}", ""]
        lines += [_region_table(groups[(region, phase)], page), ""]
    lines += [
        "“—”表示该部门当年没有公布这一类（或没有文件）。预算与决算、不同地区分表列出，不相加；"
        "部门口径的文件含所属单位，与单位文件不可相加。",
        "",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def functions_index_page(collection: Collection) -> str:
    """Every function class printed in the collection, with how many filings print it."""
    counts: dict[str, set[str]] = defaultdict(set)
    departments: dict[str, set[str]] = defaultdict(set)
    by_id = {f.filing_id: f for f in collection.filings}
    for filing_id, classes in collection.functions.items():
        for item in classes:
            counts[item.code].add(filing_id)
            if filing_id in by_id:
                departments[item.code].add(by_id[filing_id].department_id)
    rows = [
        [
            f"[{esc.cell(code)} {esc.cell(name)}]({link(INDEX, function_page_path(code))})",
            str(len(departments[code])),
            str(len(counts[code])),
        ]
        for code, name in collection.class_names().items()
    ]
    lines = [
        "---",
        "title: 按功能分类",
        "---",
        "",
        GENERATED_NOTE,
        "",
        "# 按功能分类看支出",
        "",
        "政府支出按用途分为若干“类”（如208 社会保障和就业支出）。点开一类，看哪些部门在这一类上"
        "花了多少钱、逐年如何变化。",
        "",
        scroll(table(["功能分类", "部门数", "文件数"], rows, right=[False, True, True])),
        "",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
