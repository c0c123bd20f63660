"""Income by source (Jiangsu 收入预算总表): a two-level list, group | item | amount."""

from __future__ import annotations

import re

from gongkai.extract.header import map_columns
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor
from gongkai.normalize import collapse_spaces


class SourcesTable(TableExtractor):
    def roles(self, labels: list[str], body: list[Row], width: int) -> list[str | None]:
        fields = map_columns(labels, self.kind.columns)
        amount_col = fields.index("amount") if "amount" in fields else width - 1
        # Columns the reader split but the filing leaves empty throughout are not text columns
        # (省检察院 2017: 项目名称 | (blank) | 小计 | 金额).
        text_cols = [
            i
            for i in range(amount_col)
            if not fields[i] and any(i < len(r) and r[i].text.strip() for r in body)
        ]
        roles: list[str | None] = [None] * width
        roles[amount_col] = "amount"
        if len(text_cols) >= 2:
            roles[text_cols[0]], roles[text_cols[1]] = "source_group", "item"
        elif text_cols:
            roles[text_cols[0]] = "item"
        return roles

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self.grid(rows)
        roles = self.roles(labels, body, width)
        amount_col = roles.index("amount")
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        records: list[Record] = []
        group = None
        for index, row in self.body_rows(body, width):
            texts = {role: collapse_spaces(row[i].text) for i, role in enumerate(roles) if role}
            for i, cell in enumerate(row):
                if roles[i] is None and not cell.is_empty:
                    self.keep(index, i, cell, "column not recognised")
            if texts.get("source_group"):
                group = texts["source_group"]
            item = texts.get("item") or texts.get("source_group") or ""
            if re.search(r"总计|^合计$", item):
                role, group = "total", None
            elif re.search(r"小计|合计", item) or not texts.get("item"):
                role = "subtotal"
            else:
                role = "detail"
            records.append(
                {
                    "line_no": len(records) + 1,
                    "source_group": group if role != "total" else None,
                    "item": item,
                    "item_role": role,
                    "amount": self.amount(row[amount_col], index, "amount"),
                    "page": row[0].location.page,
                    "source_line": row[0].location.line,
                }
            )
        return columns, records
