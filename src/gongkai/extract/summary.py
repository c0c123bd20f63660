"""Two-sided summary tables (收支总表, 财政拨款收支总表): income and expenditure panels side by side.

Which header names a side, what each line is (total, subtotal, carry-over …) and which labels a
region prints once over two panels are data: templates/summaries.yaml.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai import codes
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor, located
from gongkai.normalize import collapse_spaces
from gongkai.templates import SummaryRules, summary_rules

# side, item column, amount columns (column -> field)
Panel = tuple[str, int, dict[int, str]]


def side_of(label: str, panel_index: int, rules: SummaryRules) -> str:
    """The side a panel's item column header names, else the side of its position."""
    for side, words in rules.side_words:
        if any(word in label for word in words):
            return side
    return rules.side_by_position[min(panel_index, len(rules.side_by_position) - 1)]


class SummaryTable(TableExtractor):
    def layout(self, labels: list[str]) -> tuple[list[str | None], list[Panel]]:
        """Each column's role (line_no, item or side:field) and the panels found left to right."""
        rules = summary_rules()
        roles: list[str | None] = [None] * len(labels)
        panels: list[Panel] = []
        for i, label in enumerate(labels):
            leaf = label.split("/")[-1]
            if rules.line_number_column.search(leaf):
                roles[i] = "line_no"
            elif rules.item_column.search(leaf):
                roles[i] = "item"
                panels.append((side_of(label, len(panels), rules), i, {}))
            elif panels:
                field_name = next(
                    (
                        name
                        for name, pattern in self.kind.panel_columns.items()
                        if pattern.search(leaf) and name not in panels[-1][2].values()
                    ),
                    None,
                )
                if field_name:
                    panels[-1][2][i] = field_name
                    roles[i] = f"{panels[-1][0]}:{field_name}"
        return roles, panels

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self.grid(rows)
        roles, panels = self.layout(labels)
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self.report_unmapped(columns)
        records: list[Record] = []
        line_col = roles.index("line_no") if "line_no" in roles else None
        for index, row in self.body_rows(body, width):
            line_no = index
            if line_col is not None and row[line_col].text.strip().isdecimal():
                line_no = int(row[line_col].text)
            covered = {line_col} if line_col is not None else set()
            row_records: list[Record] = []
            for side, item_col, amount_cols in panels:
                covered.add(item_col)
                covered.update(amount_cols)
                record = self.record(row, index, line_no, side, item_col, amount_cols)
                if record is not None:
                    merge_spanning_label(row_records, record, summary_rules())
                    row_records.append(record)
            records.extend(row_records)
            for j, cell in enumerate(row):
                if j not in covered and not cell.is_empty:
                    self.keep(index, j, cell, "column not recognised")
        assign_summary_roles(records, summary_rules())
        return columns, records

    def record(
        self, row: Row, index: int, line_no: int, side: str, item_col: int, amounts: dict[int, str]
    ) -> Record | None:
        """One side's line of a printed row; None when that side prints nothing."""
        item = collapse_spaces(row[item_col].text)
        values = {name: self.amount(row[col], index, name) for col, name in amounts.items()}
        if not item and not any(row[col].text.strip() for col in amounts):
            return None
        record: Record = {"line_no": line_no, "side": side, "item": item}
        record.update(values)
        record["function_class_code"] = (
            codes.function_class_code(item) if side == "expenditure" else None
        )
        return located(record, row[item_col])


def merge_spanning_label(row_records: list[Record], record: Record, rules: SummaryRules) -> None:
    """A label printed once, merged over two panels, with the amount in the last panel only
    (Jiangsu's three-panel summary: 当年支出小计 / 支出合计 over the by-function and by-use
    panels): the label and the amount belong to both panels."""
    if record["item"] or not row_records:
        return
    previous = row_records[-1]
    for rule in rules.spanning_labels:
        if record["side"] != rule.to_side or previous["side"] != rule.from_side:
            continue
        if not rule.label.search(previous["item"]):
            continue
        amounts = [k for k, v in record.items() if isinstance(v, Decimal)]
        if any(isinstance(previous.get(k), Decimal) for k in amounts):
            continue
        record["item"] = previous["item"]
        for key in amounts:
            previous[key] = record[key]
        return


def assign_summary_roles(records: list[Record], rules: SummaryRules) -> None:
    """Mark each summary line: line (a top item), detail (a sub-item), subtotal, carryover, total.

    Lines printed after a carryover line and before the total (年初财政拨款结转和结余 then
    一、一般公共预算拨款 …) are its details; lines numbered 1. 2. or starting 其中 are details.
    On a side whose items are numbered 一、二、, an unnumbered line before the subtotal is a
    sub-item of the numbered one with an amount above it (烟台, 杭州: 一、财政拨款收入 then 一般公共预算收入;
    深圳: the 款 and 项 under 一、一般公共服务支出).
    """
    after_carryover: dict[str, bool] = {}
    numbered: dict[str, bool] = {}  # side -> a numbered item seen before its subtotal
    for record in records:
        side, item = record["side"], record["item"]
        role = next((name for name, pattern in rules.roles[side] if pattern.search(item)), None)
        if role is None:
            if after_carryover.get(side):
                role = "carryover_detail"
            elif rules.detail_line.match(item) or (
                numbered.get(side) and item and not _numbered(item)
            ):
                role = "detail"
            else:
                role = "line"
            if _numbered(item):
                # its sub-items follow only where it prints their sum (西安's 一、部门预算
                # prints none: the 1、 (1) lines below it are the lines)
                numbered[side] = any(isinstance(v, Decimal) for v in record.values())
        else:
            numbered[side] = False
        if role == "carryover":
            after_carryover[side] = True
        elif role == "total":
            after_carryover[side] = False
        record["item_role"] = role


def _numbered(item: str) -> bool:
    return codes.has_ordinal(item)
