"""A department's page (vulekamali's department page is the model): every filing of the department
by year, its key figures across years as chart, table and CSV with changes, its function classes,
and the caveats where years are not alike."""

from __future__ import annotations

import json
from collections.abc import Sequence

from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.charts import Bar, ChartData
from gongkai.site.corpus import (
    BudgetLine,
    Filing,
    FunctionClass,
    department_name,
    department_page_path,
    function_page_path,
    region_page_path,
)
from gongkai.site.escape import slug
from gongkai.site.format import GENERATED_NOTE, format_amount, scroll, table
from gongkai.site.pages.facets import change, filing_link, link, previous, since, wan

# Charts of a department page: (file name, title, key figure).
CHARTS = (
    ("total", "支出合计逐年", "total_yuan"),
    ("three_public", "“三公”经费逐年", "three_public_yuan"),
)
CSV_HEADER = [
    "department_id",
    "filing_id",
    "year",
    "phase",
    "scope",
    "figure",
    "名称",
    "元",
    "万元",
]


def files_dir(department_id: str) -> str:
    """Folder of the page's charts and CSV, relative to the generated folder."""
    return f"departments/{slug(department_id)}"


def department_charts(filings: Sequence[Filing]) -> list[ChartData]:
    """One bar per filing for each charted figure (万元); a figure no filing prints is left out."""
    charts = []
    for name, title, key in CHARTS:
        bars = tuple(Bar(f.label, value) for f in filings if (value := f.wan(key)) is not None)
        if bars:
            charts.append(ChartData(name, title, "万元", bars))
    return charts


def series_rows(
    department_id: str, filings: Sequence[Filing], functions: dict[str, list[FunctionClass]]
) -> list[list[str]]:
    """The page's figures as CSV rows (CSV_HEADER): key figures, then function classes."""
    rows = []
    for filing in filings:
        facts = [
            department_id,
            filing.filing_id,
            str(filing.year or ""),
            filing.phase,
            filing.scope,
        ]
        for key, label in labels.department_figures().items():
            if (value := filing.figures.get(key)) is not None:
                rows.append([*facts, key, label, str(value), str(filing.wan(key))])
        for item in functions.get(filing.filing_id, []):
            key = f"function_class:{item.code}"
            rows.append([*facts, key, item.name, str(item.amount), str(item.amount / 10000)])
    return rows


def _years(filings: Sequence[Filing]) -> str:
    return "、".join(str(f.year) for f in filings if f.year)


def caveats(filings: Sequence[Filing], functions: dict[str, list[FunctionClass]]) -> list[str]:
    """Where the years of the department are not alike, in plain words."""
    found = []
    if len({f.phase for f in filings}) > 1:
        found.append(
            "本部门既有预算也有决算：预算是年初的计划，决算是年终的实际，两者不相加；"
            "“比上年”只在同为预算（或同为决算）的文件之间计算。"
        )
    if len({f.scope for f in filings}) > 1:
        found.append("有的文件是整个部门（含所属单位），有的只是一个单位，口径不同，不相比较。")
    units = {f.unit for f in filings if f.unit}
    if len(units) > 1:
        by_unit = "，".join(f"{esc.text(f.label)}以{esc.text(f.unit)}" for f in filings if f.unit)
        found.append(f"各年原文所用单位不同（{by_unit}公布）；本页一律折合为万元，只换算不取整。")
    gaps = []
    for key, label in labels.department_figures().items():
        missing = [f for f in filings if key not in f.figures]
        if missing and len(missing) < len(filings):
            gaps.append(f"{label.removeprefix('其中：')}（{'、'.join(f.label for f in missing)}）")
    if gaps:
        found.append(f"有的数字并非每份文件都公布，“—”表示原文未列出，不是零：{'；'.join(gaps)}。")
    found += _class_caveats(filings, functions)
    return found


def _class_caveats(
    filings: Sequence[Filing], functions: dict[str, list[FunctionClass]]
) -> list[str]:
    found = []
    printing = [f for f in filings if functions.get(f.filing_id)]
    codes = {c.code: c.name for f in printing for c in functions[f.filing_id]}
    partial = []
    for code, name in sorted(codes.items()):
        years = [f for f in printing if any(c.code == code for c in functions[f.filing_id])]
        if len(years) < len(printing):
            partial.append(f"{esc.text(name)}（仅{'、'.join(f.label for f in years)}）")
    if partial:
        found.append(f"有的功能分类只在部分年份出现：{'；'.join(partial)}。")
    tables = {functions[f.filing_id][0].table for f in printing}
    if len(tables) > 1:
        which = "，".join(
            f"{f.label}取自{labels.title(functions[f.filing_id][0].table)}" for f in printing
        )
        found.append(f"功能分类取自不同的表（{which}），所含资金范围可能不同。")
    return found


def _cell(filings: Sequence[Filing], index: int, key: str) -> str:
    value = filings[index].wan(key)
    base = previous(filings, index)
    moved = change(value, base.wan(key)) if base is not None else ""
    if not moved or base is None:
        return wan(value)
    return f"{wan(value)}<br><small>{since(filings[index], base)}{moved}</small>"


def _series_table(filings: Sequence[Filing]) -> str:
    """Newest filing first (what a phone shows without scrolling); changes against the filing
    before it in time."""
    newest_first = list(reversed(range(len(filings))))
    headers = ["项目（万元）", *(esc.cell(filings[i].label) for i in newest_first)]
    rows = [
        [esc.cell(label), *(_cell(filings, i, key) for i in newest_first)]
        for key, label in labels.department_figures().items()
        if any(key in f.figures for f in filings)
    ]
    rows += _per_staff_rows(filings, newest_first)
    return scroll(table(headers, rows, right=[False, *([True] * len(filings))]))


def _per_staff_rows(filings: Sequence[Filing], order: list[int]) -> list[list[str]]:
    """Staff counts (人) and spending per staff member (元, as the collection computed it), where
    a filing prints a count; each label names the count, so 编制 and 实有 never mix."""
    rows = []
    for key, label in labels.department_per_staff().items():
        if not any(key in f.figures for f in filings):
            continue
        cells = []
        for i in order:
            value = filings[i].figures.get(key)
            base = previous(filings, i)
            moved = change(value, base.figures.get(key)) if base is not None else ""
            text = "—" if value is None else format_amount(value)
            cells.append(
                f"{text}<br><small>{since(filings[i], base)}{moved}</small>"
                if moved and base
                else text
            )
        rows.append([esc.cell(label), *cells])
    return rows


PER_STAFF_NOTE = (
    "人均数 = 金额 ÷ 原文说明部分所印的人数，由本站计算，精确到分：编制人数是核定的编制，"
    "实有人数是在职（在编）的实际人数，两者分别计算、不混用；原文未印人数的年份为“—”。"
    "支出合计含部门经手拨付的项目和补助资金，人均支出合计不是人均工资；"
    "人均基本支出更接近机构本身运转的开销。"
)


def _functions_table(
    filings: Sequence[Filing], functions: dict[str, list[FunctionClass]], page: str
) -> str:
    printing = [f for f in reversed(filings) if functions.get(f.filing_id)]
    if not printing:
        return ""
    names = {c.code: c.name for f in printing for c in functions[f.filing_id]}
    amounts = {
        (f.filing_id, c.code): c.amount / 10000 for f in printing for c in functions[f.filing_id]
    }
    rows = []
    for code in sorted(names):
        target = link(page, function_page_path(code))
        cells = [wan(amounts.get((f.filing_id, code))) for f in printing]
        rows.append([f"[{esc.cell(code)} {esc.cell(names[code])}]({target})", *cells])
    headers = ["功能分类（万元）", *(esc.cell(f.label) for f in printing)]
    return scroll(table(headers, rows, right=[False, *([True] * len(printing))]))


def _filings_list(filings: Sequence[Filing], page: str) -> str:
    """Newest first, one line each: a list wraps on a phone where a table would scroll."""
    lines = []
    for f in reversed(filings):
        checks = f"{f.checks_material}项核对不符" if f.checks_material else "核对未见不符"
        if f.checks_rounding:
            checks += f"（另有{f.checks_rounding}项尾差）"
        facts = [
            f"支出合计{wan(f.wan('total_yuan'))}万元",
            esc.text(f.scope or "口径未注明"),
            checks,
        ]
        lines.append(f"- {filing_link(f, page, f.label)}：{' · '.join(facts)}")
    return "\n".join(lines)


BUDGET_CAVEAT = (
    "预算是年初的计划，决算是年终的实际。执行率 = 决算数 ÷ 预算数，由本站按原文数字计算；"
    "“决算表中的预算数”是决算文件自己所印的预算数（可能已含年中调整），"
    "“预算与决算文件”取自同一年度的预算文件（年初预算），两者可能不同。"
)


def _budget_rows(lines: Sequence[BudgetLine], filings: dict[str, Filing]) -> list[list[str]]:
    rows = []
    for line in lines:
        final = filings.get(line.filing_id)
        where = labels.title(line.table_id) if line.table_id != "key_figures" else "主要数字"
        rate = f"{line.execution_rate}%" if line.execution_rate is not None else "—"
        rows.append(
            [
                esc.cell(final.label if final else line.filing_id),
                esc.cell(f"{where} · {line.line_name}"),
                wan(line.budget / 10000 if line.budget is not None else None),
                wan(line.final / 10000 if line.final is not None else None),
                wan(line.difference / 10000 if line.difference is not None else None),
                rate,
                esc.cell(line.source),
            ]
        )
    return rows


def budget_actual_section(lines: Sequence[BudgetLine], filings: Sequence[Filing]) -> list[str]:
    """What the department planned against what it spent, newest year first, with the
    execution rate the collection computed; nothing when the collection has no such line."""
    if not lines:
        return []
    ordered = sorted(lines, key=lambda line: -(line.year or 0))  # stable: collection order kept
    headers = ["决算", "项目", "预算数（万元）", "决算数（万元）", "差额", "执行率", "来源"]
    rows = _budget_rows(ordered, {f.filing_id: f for f in filings})
    right = [False, False, True, True, True, True, False]
    return [
        "## 预算与决算 {#budget-actual}",
        "",
        "> **口径说明**",
        ">",
        f"> - {BUDGET_CAVEAT}",
        "",
        scroll(table(headers, rows, right=right)),
        "",
    ]


def _chart_blocks(
    charts: Sequence[ChartData], base: str, sizes: dict[str, tuple[int, int]]
) -> list[str]:
    lines = []
    for chart in charts:
        width, height = sizes.get(chart.name, (0, 0))
        size = f' width="{width}" height="{height}"' if width else ""
        alt = "；".join(f"{esc.text(b.label)}{format_amount(b.value)}万元" for b in chart.bars)
        lines += [
            f"![{esc.text(chart.title)}：{alt}]({base}/{chart.name}.svg){{ .gk-chart{size} }}",
            "",
        ]
    return lines


def department_page(
    department_id: str,
    filings: Sequence[Filing],
    functions: dict[str, list[FunctionClass]],
    chart_sizes: dict[str, tuple[int, int]],
    budget_actual: Sequence[BudgetLine] = (),
) -> str:
    """The department's page; ``filings`` in year order (corpus.filing_order); its
    budget-vs-actual lines (the collection's) when there are any."""
    page = department_page_path(department_id)
    name = department_name(filings)
    first = filings[-1]
    printed = sorted({f.department_name for f in filings if f.department_name} - {name})
    region = f"[{esc.text(first.region_name)}]({link(page, region_page_path(first.region_name))})"
    facts = [
        region,
        esc.text(first.level),
        esc.text("、".join(sorted({f.scope for f in filings if f.scope}))),
    ]
    facts.append(f"{len(filings)}份文件（{esc.text(_years(filings))}年）")
    front = {
        "title": name,
        "description": f"{name}历年预算、决算：支出合计、基本支出与项目支出、“三公”经费逐年对比。",
    }
    base = files_dir(department_id).rsplit("/", 1)[-1]
    lines = [
        "---",
        *(f"{k}: {json.dumps(esc.text(v), ensure_ascii=False)}" for k, v in front.items()),
        "---",
        "",
        GENERATED_NOTE,
        "",
        f"# {esc.text(name)}",
        "",
        f'<p class="gk-meta" markdown="1">{" · ".join(f for f in facts if f)}</p>',
        "",
    ]
    if printed:
        lines += [f"各文件所印名称还有：{esc.text('、'.join(printed))}。", ""]
    lines += ["## 历年文件 {#filings}", "", _filings_list(filings, page), ""]
    lines += ["## 主要数字逐年 {#series}", ""]
    notes = caveats(filings, functions)
    if notes:
        lines += ["> **口径说明**", ">", *(f"> - {note}" for note in notes), ""]
    lines += _chart_blocks(department_charts(filings), base, chart_sizes)
    lines += [_series_table(filings), ""]
    if any(key in f.figures for f in filings for key in labels.department_per_staff()):
        lines += [PER_STAFF_NOTE, ""]
    lines += [
        "金额由本站从原文折合为万元；“比上年”由本站计算，只比较同为预算（或同为决算）、"
        "口径相同的文件。",
        "",
        f"[下载本页数据（CSV）]({base}/series.csv)",
        "",
    ]
    classes = _functions_table(filings, functions, page)
    if classes:
        lines += ["## 支出按功能分类 {#functions}", "", classes, ""]
    lines += budget_actual_section(budget_actual, filings)
    return "\n".join(lines).rstrip("\n") + "\n"
