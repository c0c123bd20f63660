"""Fixed line items with amount columns (三公): one line per item, or one column per item ("wide")."""

from __future__ import annotations

import re

from gongkai import schemas
from gongkai.extract.header import map_columns
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor, located
from gongkai.normalize import collapse_spaces

# 决算 wide tables print a 预算数 | 决算数 pair under each item.
_PAIR_FIELDS = {"预算数": "budget_amount", "决算数": "total"}
# A group of columns headed by its year (2025年预算数 | 2026年预算数).
_YEAR_GROUP = re.compile(r"^(20\d\d)年(?:预算数?|决算数?)?/")


class ItemsTable(TableExtractor):
    @property
    def prior_field(self) -> str | None:
        """The field of last year's figures, where the table's schema has one."""
        fields = schemas.field_names(self.table_id)
        return "prior_year_total" if "prior_year_total" in fields else None

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self.grid(rows)
        fields = map_columns(labels, self.kind.columns)
        item_col = next((i for i, label in enumerate(labels) if re.search(r"项\s*目", label)), None)
        if item_col is None and width > 1 and all(labels):
            return self.wide(labels, body, width)
        if item_col is None:
            item_col = 1 if width > 1 else 0
        line_col = next((i for i, label in enumerate(labels) if re.search(r"序号", label)), None)
        roles: list[str | None] = list(fields)
        roles[item_col] = "item"
        if line_col is not None:
            roles[line_col] = "line_no"
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self.report_unmapped(columns)
        return columns, [
            self.record(columns, row, index) for index, row in self.body_rows(body, width)
        ]

    def record(self, columns: list[ColumnInfo], row: Row, index: int) -> Record:
        record: Record = {"line_no": index}
        for column, cell in zip(columns, row, strict=True):
            if column.field == "line_no":
                record["line_no"] = int(cell.text) if cell.text.strip().isdecimal() else index
            elif column.field == "item":
                record["item"] = collapse_spaces(cell.text)
            elif column.field:
                record[column.field] = self.amount(cell, index, column.field)
            elif not cell.is_empty:
                self.keep(index, column.index, cell, "column not recognised")
        label = re.sub(r"^其中[:：]", "", record.get("item", ""))
        record["item_key"] = next(
            (key for key, pattern in self.kind.items.items() if pattern.search(label)), None
        )
        if record["item_key"] is None:
            self.warn(index, f"line {label!r} not recognised")
        return located(record, row[0])

    def wide(
        self, labels: list[str], body: list[Row], width: int
    ) -> tuple[list[ColumnInfo], list[Record]]:
        """One column per item under a multi-line header, the amounts in one row (Jiangsu,
        Shanghai 三公 tables); 决算 tables print a 预算数 | 决算数 pair under each item."""
        items: dict[str, dict[int, str]] = {}  # item label -> column -> field
        roles: list[str | None] = []
        years = [int(m[1]) for label in labels if (m := _YEAR_GROUP.match(label))]
        if len(years) < len(labels):
            years = []  # 西安: 2021年 | 2022年 | 增减变化情况 per unit: not two years of one table
        for i, label in enumerate(labels):
            parts = label.split("/")
            field_name: str | None = "total"
            if len(parts) > 1 and parts[-1] in _PAIR_FIELDS:
                field_name = _PAIR_FIELDS[parts.pop()]
            year = _YEAR_GROUP.match(label)
            if year and len(parts) > 1 and len(set(years)) > 1:
                # 山东 公开表7: the same items under 2025年预算数 and 2026年预算数; the earlier
                # year's are last year's figures
                parts.pop(0)
                if int(year[1]) < max(years):
                    field_name = self.prior_field
            items.setdefault("/".join(parts), {})[i] = field_name or ""
            roles.append(f"item:{field_name}" if field_name else None)
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self.report_unmapped(columns)
        records: list[Record] = []
        for index, row in self.body_rows(body, width):
            for label, item_columns in items.items():
                record: Record = {"line_no": len(records) + 1, "item": label}
                for i, field_name in item_columns.items():
                    if not field_name:
                        if not row[i].is_empty:
                            self.keep(index, i, row[i], "last year's figure (no field for it)")
                        continue
                    record[field_name] = self.amount(row[i], index, field_name)
                record["item_key"] = self.item_key(label.split("/"))
                if record["item_key"] is None:
                    self.warn(index, f"column {label!r} not recognised")
                records.append(located(record, row[min(item_columns)]))
        return columns, records

    def item_key(self, segments: list[str]) -> str | None:
        """Match the most specific part of a header label first: 公务用车购置及运行费/购置费."""
        for k in range(1, len(segments) + 1):
            candidate = "/".join(segments[-k:])
            if candidate in ("小计", "合计") and k < len(segments):
                continue
            for key, pattern in self.kind.items.items():
                if pattern.search(candidate):
                    return key
        return None
