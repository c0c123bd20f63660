"""Render one printed table as Markdown: coded (科目编码 by level), two-sided, or plain."""

from __future__ import annotations

from collections import defaultdict

from gongkai.datapackage import Package, Row, amount
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import cell, scroll, table
from gongkai.site.read import field_titles, number_fields

# Fields that classify a line for the checks; the label printed beside them says the same.
_CLASSIFIERS = {"item_role", "item_key"}
# Funding columns a two-sided summary may print beside the expenditure side.
_FUNDING = ("general_public_budget", "government_fund_budget", "state_capital_budget")
_INDENT = {"款": "&emsp;", "项": "&emsp;&emsp;"}


def _visible_fields(rows: list[Row], fields: list[str]) -> tuple[list[str], list[str]]:
    """Fields with at least one printed value, and those blank on every line."""
    shown: list[str] = []
    blank: list[str] = []
    for name in fields:
        (shown if any((r.get(name) or "").strip() for r in rows) else blank).append(name)
    return shown, blank


def _field_order(package: Package, name: str, rows: list[Row]) -> list[str]:
    seen = [f["name"] for f in package.fields(name)]
    for row in rows:
        for key in row:
            if key not in seen:
                seen.append(key)
    bookkeeping = labels.bookkeeping_fields()
    return [f for f in seen if f not in bookkeeping]


def _printed_columns(package: Package, name: str, fields: list[str]) -> list[str]:
    """The fields among ``fields`` that the original prints as a column (its header was read);
    all of them when the package does not say which columns were printed."""
    printed = {
        part
        for r in package.rows("table_columns")
        if r.get("table_id") == name
        for part in (r.get("field") or "").split("+")
    }
    return [f for f in fields if f in printed] if printed else fields


def _blank_note(titles: dict[str, str], blank: list[str]) -> str:
    if not blank:
        return ""
    names = "、".join(esc.text(titles.get(f, f)) for f in blank)
    return f"\n\n以下各列在原表中全部为空，未显示：{names}。"


def printed_amounts(row: Row) -> bool:
    """Whether a line prints any amount (a total line alone, all blank, is an empty table)."""
    skip = labels.bookkeeping_fields() | {"code", "name"}
    return any(amount(v) is not None for k, v in row.items() if k not in skip)


def two_panel(package: Package, name: str) -> bool:
    """A table printed as two panels side by side (决算 人员经费 | 公用经费), read into one."""
    return any(
        "+" in (r.get("field") or "")
        for r in package.rows("table_columns")
        if r.get("table_id") == name
    )


def coded_table(package: Package, name: str) -> str:
    """A coded table as printed: code, name indented by level, the amount columns."""
    rows = package.rows(name)
    titles = field_titles(package, name)
    numbers = number_fields(package, name)
    fields = [f for f in _field_order(package, name, rows) if f not in ("code", "name")]
    shown, blank = _visible_fields(rows, fields)
    headers = ["科目编码", "科目名称", *[esc.text(titles.get(f, f)) for f in shown]]
    body = []
    for row in rows:
        label = esc.cell(row.get("name"))
        if row.get("level") in ("合计", "类"):
            label = f"**{label}**" if label else label
        body.append(
            [
                esc.cell(row.get("code")),
                _INDENT.get(row.get("level") or "", "") + label,
                *[cell(row.get(f), f in numbers) for f in shown],
            ]
        )
    out = table(headers, body, right=[False, False, *[f in numbers for f in shown]])
    # gk-coded: a phone hides the code column (the indented names say the level).
    return scroll(out, "gk-coded") + _blank_note(titles, _printed_columns(package, name, blank))


def _lines_by_number(rows: list[Row]) -> tuple[list[str], dict[str, dict[str, Row]]]:
    by_line: dict[str, dict[str, Row]] = defaultdict(dict)
    order: list[str] = []
    for row in rows:
        line = row.get("line_no") or ""
        if line not in by_line:
            order.append(line)
        by_line[line][row.get("side") or ""] = row
    return order, by_line


def _side_table(titles: dict[str, str], rows: list[Row], heading: str, extra: list[str]) -> str:
    headers = [heading, "金额", *[esc.text(titles.get(f, f)) for f in extra]]
    body = [
        [
            esc.cell(row.get("item")),
            cell(row.get("amount"), True),
            *[cell(row.get(f), True) for f in extra],
        ]
        for row in rows
        if (row.get("item") or "").strip() or (row.get("amount") or "").strip()
    ]
    return table(headers, body, right=[False, True, *[True] * len(extra)])


def two_sided_table(package: Package, name: str) -> str:
    """A two-sided summary as its two sides, income then expenditure, each in print order: side by
    side on a wide screen, one under the other on a phone (gk-sides in gongkai.css)."""
    rows = package.rows(name)
    titles = field_titles(package, name)
    order, by_line = _lines_by_number(rows)
    income = [by_line[line]["income"] for line in order if "income" in by_line[line]]
    spending = [
        by_line[line][side]
        for line in order
        for side in ("expenditure", "expenditure_by_use")
        if side in by_line[line]
    ]
    blocks = []
    for side_rows, heading in ((income, "收入项目"), (spending, "支出项目")):
        extra = [f for f in _FUNDING if any((r.get(f) or "").strip() for r in side_rows)]
        blocks.append(scroll(_side_table(titles, side_rows, heading, extra), "gk-side"))
    return '<div class="gk-sides" markdown="1">\n\n' + "\n\n".join(blocks) + "\n\n</div>"


def printed_wide(package: Package, name: str) -> bool:
    """A table printed as one row of items under a multi-level header (Jiangsu and Shanghai 三公):
    its item names come from the header, not from a 项目 column."""
    printed = [r for r in package.rows("table_columns") if r.get("table_id") == name]
    return bool(printed) and not any(r.get("field") == "item" for r in printed)


def _plain_titles(package: Package, name: str) -> dict[str, str]:
    titles = field_titles(package, name)
    if name == "three_public_expenses" and printed_wide(package, name):
        printed = [r for r in package.rows("table_columns") if r.get("table_id") == name]
        if any(r.get("field") == "budget_amount" for r in printed) or any(
            (r.get("budget_amount") or "").strip() for r in package.rows(name)
        ):
            # 决算: each item printed as a 预算数 / 决算数 pair.
            titles.update(total="决算数", budget_amount="预算数")
        else:
            titles["total"] = "金额"
    return titles


def _plain_order(package: Package, name: str, rows: list[Row]) -> list[str]:
    order = [f for f in _field_order(package, name, rows) if f not in _CLASSIFIERS]
    if "budget_amount" in order and "total" in order:  # 预算数 is printed before 决算数
        order.remove("budget_amount")
        order.insert(order.index("total"), "budget_amount")
    return order


def plain_table(package: Package, name: str) -> str:
    """Any other table: its printed fields in schema order, blank columns left out."""
    rows = package.rows(name)
    titles = _plain_titles(package, name)
    numbers = number_fields(package, name)
    shown, blank = _visible_fields(rows, _plain_order(package, name, rows))
    body = []
    group = None
    for row in rows:
        cells = []
        for f in shown:
            value = cell(row.get(f), f in numbers)
            if f == "source_group":  # a merged cell: print it once, on its first line
                value = "" if row.get(f) == group else value
                group = row.get(f)
            elif f == "item" and row.get("item_role") in ("total", "subtotal") and value.strip():
                value = f"**{value}**"
            elif f == "item" and row.get("item_role") == "detail":
                value = "&emsp;" + value
            cells.append(value)
        body.append(cells)
    out = table(
        [esc.text(titles.get(f, f)) for f in shown], body, right=[f in numbers for f in shown]
    )
    blank = [f for f in _printed_columns(package, name, blank) if f in numbers]
    return scroll(out) + _blank_note(titles, blank)
