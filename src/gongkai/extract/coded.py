"""Tables with one line per function or economic code (类/款/项), printed in one or two panels."""

from __future__ import annotations

import re

from gongkai import codes
from gongkai.extract.header import map_columns
from gongkai.extract.results import ColumnInfo, Record
from gongkai.extract.table import Row, TableExtractor, located
from gongkai.model import Cell
from gongkai.normalize import collapse_spaces

_KEYS = ("line_no", "code", "name", "unit")


def _key_role(leaf: str) -> str | None:
    if re.search(r"序号|行次", leaf):
        return "line_no"
    if leaf == "预算单位":
        # 深圳: the unit's own line (its total) names it there, the code lines below leave it empty
        return "unit"
    if re.search(r"编码|代码", leaf) or leaf in ("类", "款", "项"):
        return "code"
    if re.search(r"名称|^支出项目类别", leaf) or re.fullmatch(r"(功能|经济)?(分类)?科目", leaf):
        # 长沙 prints 类 | 款 | 项 | 功能科目: the name column is headed by the scheme alone;
        # 广东 支出项目类别（资金使用单位）: units with their economic classes below them
        return "name"
    return None


def _parallel_keys(roles: list[str | None]) -> None:
    """A second code | name pair before any amount column is a parallel classification (山东
    公开表6: 部门预算支出经济分类 beside 政府预算支出经济分类): the first pair is the line's own,
    the second's columns stay unmapped (kept in unparsed_cells)."""
    first_amount = next((i for i, r in enumerate(roles) if r not in (None, *_KEYS)), len(roles))
    names = [i for i in range(first_amount) if roles[i] == "name"]
    if len(names) < 2:
        return  # a pair after an amount column is a panel (panels_of)
    for i in range(names[0] + 1, first_amount):
        if roles[i] in ("code", "name"):
            roles[i] = None


def panels_of(roles: list[str | None]) -> list[list[int]]:
    """Column groups of a table printed as side-by-side panels: a new panel starts where a code
    or name column follows an amount column."""
    panels: list[list[int]] = [[]]
    seen_amount = False
    for i, role in enumerate(roles):
        if role in ("code", "name") and seen_amount:
            panels.append([])
            seen_amount = False
        elif role not in (None, *_KEYS):
            seen_amount = True
        panels[-1].append(i)
    return panels


class CodedTable(TableExtractor):
    """income_by_function, expenditure_by_function, basic_expenditure …: code | name | amounts."""

    def roles(self, labels: list[str], width: int) -> list[str | None]:
        """The field of each column: line_no, code, name or an amount field of the kind."""
        roles: list[str | None] = [None] * width
        measures = map_columns(labels, self.kind.columns)
        glued = self.kind.code_column
        for i, label in enumerate(labels):
            roles[i] = _key_role(label.split("/")[-1]) or measures[i]
            if glued is not None and glued.search(label):
                roles[i] = "code"
            if roles[i] in _KEYS:
                measures[i] = None
        for i in range(1, width):
            # Codes printed over 类 | 款 | 项 columns whose header only names the first one.
            if roles[i] is None and not measures[i] and roles[i - 1] == "code":
                if not labels[i] or labels[i] == labels[i - 1]:
                    roles[i] = "code"
        _parallel_keys(roles)
        return [r if r else measures[i] for i, r in enumerate(roles)]

    def extract(self, rows: list[Row]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self.grid(rows)
        roles = self.roles(labels, width)
        panels = panels_of(roles)
        if len(panels) > 1 and len(self.kind.panels) >= len(panels):
            # 决算 basic expenditure: the same code | name | amount columns printed twice side
            # by side; each panel's single amount column goes to total and to its own field.
            for k, panel in enumerate(panels):
                for i in panel:
                    if roles[i] not in _KEYS and labels[i]:
                        roles[i] = f"{self.kind.panels[k]}+total"
        else:
            panels = [list(range(width))]
        if "name" not in roles and "code" in roles:
            # A single column holds code and name together (2010506统计管理).
            roles[roles.index("code")] = "name"
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self.report_unmapped(columns)
        kept = [
            (index, row)
            for index, row in enumerate(body, start=1)
            if any(c.text.strip() for c in row)
            and not self.empty_statement(row)
            and self.check_width(row, width, index)
        ]
        records: list[Record] = []
        for panel in panels:
            self.parts: list[str] = []
            for index, row in kept:
                record = self.record([columns[i] for i in panel], [row[i] for i in panel], index)
                if record is None:
                    continue
                if len(panels) > 1:
                    record["line_no"] = len(records) + 1
                records.append(record)
        return columns, records

    def record(self, columns: list[ColumnInfo], row: list[Cell], index: int) -> Record | None:
        """One printed line of a panel; None for a blank line or a template's elision (… | …)."""
        if not any(c.text.strip() for c in row):
            return None
        if all(re.fullmatch(r"[…．.\s]*", c.text) for c in row):
            return None
        record: Record = {}
        code_cells: list[tuple[int, Cell]] = []
        name = unit = ""
        for column, cell in zip(columns, row, strict=True):
            if column.field == "line_no":
                record["line_no"] = int(cell.text) if cell.text.strip().isdecimal() else None
            elif column.field == "code":
                code_cells.append((column.index, cell))
            elif column.field == "name":
                name = cell.text
            elif column.field == "unit":
                unit = cell.text
            elif column.field:
                value = self.amount(cell, index, column.field)
                for field_name in column.field.split("+"):
                    record[field_name] = value
            elif not cell.is_empty:
                self.keep(index, column.index, cell, "column not recognised")
        printed_code = self.printed_code([c.text.strip() for _, c in code_cells])
        code, name = codes.parse_code(printed_code, collapse_spaces(name or unit))
        if code is not None and len(code_cells) > 1:
            self.parts = [code[:3], code[3:5], code[5:7]][: len(code_cells)]
        record["line_no"] = record.get("line_no") or index
        record["code"] = code
        record["name"] = name
        is_total = code is None and bool(re.fullmatch(r"(\S*合计|总计)", name))
        record["level"] = codes.TOTAL_LEVEL if is_total else codes.level_of(code)
        record["parent_code"] = codes.parent_of(code)
        if code is None and not is_total:
            self.no_code(name, printed_code, code_cells, index, row[0])
        return located(record, row[0])

    def printed_code(self, texts: list[str]) -> str:
        """The code of a line printed over 类 | 款 | 项 columns. A line printing only its own level
        (山东, 长沙: 201 / 40 / 01 on successive rows) takes the levels above from the line
        above it: the code is rebuilt from the hierarchy as printed, nothing is guessed."""
        first = next((i for i, t in enumerate(texts) if t), None)
        if first and len(self.parts) >= first and all(self.parts[:first]):
            if all(re.fullmatch(r"\d{2}", t) for t in texts[first:] if t):
                return " ".join([*self.parts[:first], *(t for t in texts[first:] if t)])
        return " ".join(t for t in texts if t)

    def no_code(
        self, name: str, printed: str, code_cells: list[tuple[int, Cell]], index: int, first: Cell
    ) -> None:
        if printed and name != printed:
            # Printed where the code belongs but no code (福利院 2024 p9: 7 | 11 | 02 under 210
            # 11): published as printed, never corrected; the cells are kept.
            for column_index, cell in code_cells:
                if not cell.is_empty:
                    self.keep(index, column_index, cell, "not a classification code")
            self.warn(
                index,
                f"line {name!r} prints {printed!r} where its classification code "
                "belongs; kept without code, the printed text in unparsed_cells",
                first,
            )
        else:
            self.warn(index, f"line {name!r} has no classification code; kept without code", first)
