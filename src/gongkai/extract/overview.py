"""Amount columns without codes or labels, usually one line (Jiangsu 支出预算总表)."""

from __future__ import annotations

from gongkai.extract.header import map_columns
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor, located


class OverviewTable(TableExtractor):
    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self.grid(rows)
        fields = map_columns(labels, self.kind.columns)
        columns = [ColumnInfo(i, labels[i], fields[i]) for i in range(width)]
        self.report_unmapped(columns)
        records: list[Record] = []
        for index, row in self.body_rows(body, width):
            record: Record = {"line_no": len(records) + 1}
            for column, cell in zip(columns, row, strict=True):
                if column.field:
                    record[column.field] = self.amount(cell, index, column.field)
                elif not cell.is_empty:
                    self.keep(index, column.index, cell, "column not recognised")
            records.append(located(record, row[0]))
        return columns, records
