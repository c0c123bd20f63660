"""Listings of free-text rows (机构设置, 单位构成, 政府采购, 固定资产): one record per printed row."""

from __future__ import annotations

import re

from gongkai.extract.header import (
    all_header_words,
    column_count,
    flatten_header,
    header_texts,
    is_column_number_row,
    map_columns,
)
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor, located
from gongkai.normalize import collapse_spaces


def printed_line_numbers(
    labels: list[str], fields: list[str | None], body: list[Row]
) -> int | None:
    """The 序号 column of a listing when it numbers every line (1, 2, 3 …, all distinct)."""
    for i, label in enumerate(labels):
        if fields[i] is None and re.fullmatch(r"序\s*号", label):
            numbers = [
                row[i].text.strip()
                for row in body
                if i < len(row) and any(c.text.strip() for c in row)
            ]
            if numbers and all(n.isdecimal() and int(n) > 0 for n in numbers):
                if len(set(numbers)) == len(numbers):
                    return i
    return None


def unit_in_label(label: str) -> str | None:
    """The unit a label ends with in parentheses: 车辆（辆） -> 辆."""
    match = re.search(r"[（(]([^）)]+)[）)]\s*$", label)
    return match.group(1) if match else None


class ListingTable(TableExtractor):
    def header_rows(self, texts: list[list[str]]) -> int:
        """Listing tables have text rows: the header is the rows holding this kind's header words,
        plus the rows right below them made only of column labels."""
        n_header = 0
        for i, row_texts in enumerate(texts):
            joined = re.sub(r"\s+", "", "".join(row_texts))
            labels_matched = sum(
                1
                for t in row_texts
                if t.strip()
                and any(p.search(re.sub(r"\s+", "", t)) for p in self.kind.columns.values())
            )
            words = [alt for word in self.kind.header for alt in word.split("|")]
            if any(word in joined for word in words) or (
                i > 0 and i == n_header and labels_matched >= 2 and all_header_words(row_texts)
            ):
                n_header = i + 1
            elif n_header:
                break
        return n_header

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        texts = [[c.text for c in row] for row in rows]
        n_header = self.header_rows(texts)
        body = rows[n_header:]
        # 浙江 prints ** | ** | 1 | 2 … under the header: column numbers, not a line
        while body and is_column_number_row([c.text for c in body[0]]):
            body = body[1:]
        width = column_count(texts[:n_header], body)
        labels = flatten_header(header_texts(rows[:n_header]), width)
        fields = map_columns(labels, self.kind.columns)
        line_col = printed_line_numbers(labels, fields, body)
        if line_col is not None:
            fields[line_col] = "line_no"
        columns = [ColumnInfo(i, labels[i], fields[i]) for i in range(width)]
        self.report_unmapped(columns)
        records = [self.record(columns, row, index) for index, row in self.body_rows(body, width)]
        if (
            self.kind.first_unit_is_total
            and records
            and records[0].get("item_role") == "unit"
            and not any(r.get("item_role") == "total" for r in records)
        ):
            records[0]["item_role"] = "total"
        return columns, records

    def record(self, columns: list[ColumnInfo], row: Row, index: int) -> Record:
        record: Record = {"line_no": index}
        for column, cell in zip(columns, row, strict=True):
            if column.field == "line_no":
                record["line_no"] = int(cell.text.strip())
            elif column.field is None:
                if not cell.is_empty:
                    self.keep(index, column.index, cell, "column not recognised")
            elif column.field in self.kind.amount_fields:
                record[column.field] = self.amount(cell, index, column.field)
            else:
                record[column.field] = collapse_spaces(cell.text) or None
        if self.kind.total_label is not None or self.kind.line_roles:
            texts = [
                collapse_spaces(c.text)
                for c, col in zip(row, columns, strict=True)
                if col.field not in self.kind.amount_fields
            ]
            name = str(record.get(self.kind.role_field or "") or "")
            record["item_role"] = self.kind.role_of(texts, name)
        for target, source in self.kind.label_units.items():
            record[target] = unit_in_label(record.get(source) or "")
        return located(record, row[0])
