"""Tables with one line per function or economic code (类/款/项), printed in one or two panels."""

from __future__ import annotations

import re
from dataclasses import replace

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
    # 广东 表6/表7: 部门预算支出经济科目 ([301]工资福利支出: code and name in one cell)
    if re.search(r"名称|^支出项目类别|^部门预算支出经济科目$", leaf) or re.fullmatch(
        r"(功能|经济)?(分类)?科目", leaf
    ):
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


_CJK = re.compile(r"[\u4e00-\u9fff（）()、]")


def _name_overflow(columns: list[ColumnInfo], row: list[Cell]) -> list[Cell]:
    """The row with a name that ran past its column given back to it. A long name printed into
    the next column reaches the reader as that cell's text before, or between, its digits (陕西
    p22 机关事业单位职业年金 | 缴费支出43608.96; p23 机关事业单位基本养老保 | 险50缴5费01): the
    characters go back to the name, the digits stay in their cell. Only a cell right of the name
    whose text is Chinese characters and digits is touched, nothing else is moved."""
    at = next((k for k, c in enumerate(columns) if c.field == "name"), None)
    if at is None or at + 1 >= len(row):
        return row
    name, spill = row[at], row[at + 1]
    text = spill.text.strip()
    chars = "".join(_CJK.findall(text))
    rest = _CJK.sub("", text).strip()
    if not chars or not re.fullmatch(r"-?[\d,]*\.?\d+", rest) or not name.text.strip():
        return row
    fixed = list(row)
    fixed[at] = replace(name, text=name.text.rstrip() + chars)
    fixed[at + 1] = replace(spill, text=rest)
    return fixed


def _nearest_printed_parents(records: list[Record]) -> None:
    """A line whose parent is not printed hangs under the nearest line above it that is: 陕西
    prints 3010201 津贴补贴 and 3010202 改革性补贴 under 301 without a 30102 line. Their parent
    is then 301 (the sums of 301 count them); a line with no printed ancestor keeps its own."""
    printed = {r["code"] for r in records if r.get("code")}
    for record in records:
        parent = record.get("parent_code")
        ancestor = parent
        while ancestor is not None and ancestor not in printed:
            ancestor = codes.parent_of(ancestor)
        if parent is not None and parent not in printed and ancestor is not None:
            record["parent_code"] = ancestor


class CodedTable(TableExtractor):
    """income_by_function, expenditure_by_function, basic_expenditure …: code | name | amounts."""

    def roles(self, labels: list[str], width: int) -> list[str | None]:
        """The field of each column: line_no, code, name or an amount field of the kind."""
        roles: list[str | None] = [None] * width
        measures = map_columns(labels, self.kind.columns)
        glued = self.kind.code_column
        for i, label in enumerate(labels):
            if measures[i] in self.kind.text_fields:
                # A second classification read as text (陕西 政府经济科目编码), not the key.
                roles[i] = measures[i]
                measures[i] = None
                continue
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
            self.last_class = ""
            for index, row in kept:
                record = self.record([columns[i] for i in panel], [row[i] for i in panel], index)
                if record is None:
                    continue
                if len(panels) > 1:
                    record["line_no"] = len(records) + 1
                records.append(record)
        _nearest_printed_parents(records)
        printed = {r.get("code") for r in records}
        if not any(r.get("parent_code") in printed for r in records if r.get("parent_code")):
            # A table printing one level alone (泉州's 项 lines, no 类 or 款 line) has no parent
            # line to point at: parent_code names a line of the table (the schema's foreign key).
            for record in records:
                record["parent_code"] = None
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
        row = _name_overflow(columns, row)
        for column, cell in zip(columns, row, strict=True):
            if column.field == "line_no":
                record["line_no"] = int(cell.text) if cell.text.strip().isdecimal() else None
            elif column.field == "code":
                code_cells.append((column.index, cell))
            elif column.field == "name":
                name = cell.text
            elif column.field == "unit":
                unit = cell.text
            elif column.field in self.kind.text_fields:
                record[column.field] = self.text_value(column, cell, index)
            elif column.field:
                value = self.amount(cell, index, column.field)
                for field_name in column.field.split("+"):
                    record[field_name] = value
            elif not cell.is_empty:
                self.keep(index, column.index, cell, "column not recognised")
        printed_code = self.printed_code([c.text.strip() for _, c in code_cells])
        if len(code_cells) == 1 and self.last_class and re.fullmatch(r"\d{2}", printed_code):
            # 陕西 人社局 2020 prints a 款 as its own two digits under its 类 in the one code
            # column (205 教育支出 / 03 职业教育 / 2050303 技校教育): 205 + 03, as printed.
            printed_code = self.last_class + printed_code
        if not name and not printed_code:
            name = self.total_in_text_field(record)
        code, name = codes.parse_code(printed_code, collapse_spaces(name or unit))
        if code is not None and len(code_cells) > 1:
            self.parts = [code[:3], code[3:5], code[5:7]][: len(code_cells)]
        self.last_class = code[:3] if code is not None else self.last_class
        record["line_no"] = record.get("line_no") or index
        record["code"] = code
        record["name"] = name
        is_total = code is None and bool(re.fullmatch(r"(\S*合计|总计)", name))
        record["level"] = codes.TOTAL_LEVEL if is_total else codes.level_of(code)
        record["parent_code"] = codes.parent_of(code)
        if code is None and not is_total:
            self.no_code(name, printed_code, code_cells, index, row[0])
        return located(record, row[0])

    def total_in_text_field(self, record: Record) -> str:
        """The total line's 合计 printed under a text field's column rather than the name's
        (陕西 人社局 2020 表6, 表8: under 政府经济科目名称): it is the line's name."""
        for field in self.kind.text_fields:
            text = record.get(field)
            if isinstance(text, str) and re.fullmatch(r"\S*合计|总计", text):
                record[field] = None
                return text
        return ""

    def text_value(self, column: ColumnInfo, cell: Cell, index: int) -> str | None:
        """A text field's cell; a code field holds a classification code or nothing (a cell
        the reader garbled, 险50缴5费01, is kept in unparsed_cells, never guessed)."""
        text = collapse_spaces(cell.text)
        if not text:
            return None
        field = column.field or ""
        if field.endswith("_code") and not codes.is_code(text):
            self.keep(index, column.index, cell, f"not a classification code in column {field}")
            return None
        return text

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
