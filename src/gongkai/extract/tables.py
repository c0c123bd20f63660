"""Turn one recognised table (a cell grid plus its kind) into typed records, one per printed line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai import codes
from gongkai.model import Cell, Location, TableBlock
from gongkai.normalize import AmountError, collapse_spaces, parse_amount
from gongkai.templates import TableKind

Record = dict[str, Any]


@dataclass
class Problem:
    """Something a reader of the filing must know: where, what, and what to do."""

    severity: str  # "error" (data could not be read) or "warning" (kept, but look at it)
    table: str
    row: int | None
    message: str
    location: Location | None = None

    def describe(self, source: str) -> str:
        where = [source, f"table {self.table}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.location is not None and (self.location.page or self.location.line):
            where.append(self.location.describe())
        return f"{': '.join([', '.join(where), self.message])}"


@dataclass
class ColumnInfo:
    index: int
    label: str
    field: str | None


@dataclass
class UnparsedCell:
    """A printed cell that could not be put into a typed field; kept so that nothing is lost."""

    table: str
    row: int
    column: int
    text: str
    reason: str
    location: Location


@dataclass
class ExtractedTable:
    table_id: str  # resource name, e.g. income_by_function
    kind: TableKind
    title: str
    unit: str | None
    location: Location
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[ColumnInfo] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


_CAPTION = re.compile(
    r"^(单位[:：]|金额单位|预算年度|截止(时间|日期)|编制(部门|单位)|部门(名称)?[:：]|单位名称[:：])"
    r"|^\d{3,}\s*[^\d\s、.年]"
)
_COLUMN_NUMBER_ROW = re.compile(r"^(栏次|行次)$")
_AMOUNT_LIKE = re.compile(r"^[(（]?-?\d{1,3}(,\d{3})*(\.\d+)?[)）]?$|^[(（]?-?\d+\.\d+[)）]?$")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")
# A statement printed in a body row that the table has no lines (省检察院 2018 基金表: 此表为空).
_EMPTY_STATEMENT = re.compile(r"^(注[:：])?\s*(此|本)表(为)?空(表)?[。.]?$|^(为)?空表[。.]?$")


def unit_of(texts: list[str]) -> str | None:
    for text in texts:
        match = _UNIT.search(text)
        if match:
            return match.group(1)
    return None


def split_captions(rows: list[tuple[Cell, ...]]) -> tuple[list[str], list[tuple[Cell, ...]]]:
    """Leading rows made only of caption cells (department, year, unit, date) are not table rows."""
    captions: list[str] = []
    index = 0
    for row in rows:
        texts = [c.text.strip() for c in row if c.text.strip()]
        if texts and all(_CAPTION.search(t) for t in texts):
            captions.extend(texts)
            index += 1
        else:
            break
    return captions, rows[index:]


def is_column_number_row(texts: list[str]) -> bool:
    non_empty = [t for t in texts if t.strip()]
    if not non_empty:
        return False
    if _COLUMN_NUMBER_ROW.match(non_empty[0]):
        return True
    return len(non_empty) >= 3 and non_empty == [str(i) for i in range(1, len(non_empty) + 1)]


def _is_data_like(text: str) -> bool:
    t = text.strip()
    return bool(_AMOUNT_LIKE.match(t) or codes.is_code(t) or codes.has_ordinal(t))


def split_header(rows: list[list[str]]) -> int:
    """Number of leading header rows: rows before the first row that holds data or is blank."""
    for index, texts in enumerate(rows):
        if is_column_number_row(texts):
            return index
        if not any(t.strip() for t in texts) and _pair_row_follows(rows[index + 1 :]):
            continue  # 决算 三公: a blank line inside the header before 预算数 | 决算数
        if not any(t.strip() for t in texts) or any(_is_data_like(t) for t in texts[1:]):
            return index
        if texts and codes.is_code(texts[0]):
            return index  # a coded line with nothing printed in its amount columns (template)
        non_empty = [t.strip() for t in texts if t.strip()]
        if index > 0 and non_empty in (["合计"], ["总计"]):
            return index  # the total line of an empty table (合计 | | )
    return len(rows)


def _pair_row_follows(rows: list[list[str]]) -> bool:
    following = next((r for r in rows if any(t.strip() for t in r)), [])
    words = {t.strip() for t in following if t.strip()}
    return bool(words) and words <= {"预算数", "决算数"}


def header_texts(rows: list[tuple[Cell, ...]]) -> list[list[str]]:
    """The header rows' texts, as ragged as printed when the source says nothing of merges.

    A format that records merged cells (PDF rules, spreadsheet and Word merges, HTML spans) gives
    full-width rows with spans; one that does not (a text export, or a spreadsheet written without
    merges) leaves a merged label with no place: trailing empty cells of such a row are padding,
    not columns, and the row is aligned like a text export's (see flatten_header).
    """
    texts = [[c.text for c in row] for row in rows]
    if any(c.colspan > 1 or c.rowspan > 1 for row in rows for c in row):
        return texts
    stripped = []
    for row in texts:
        end = len(row)
        while end > 0 and not row[end - 1].strip():
            end -= 1
        stripped.append(row[:end])
    return stripped


def flatten_header(header_rows: list[list[str]], width: int) -> list[str]:
    """One label per column, "group/leaf", from header rows that may be ragged or full width.

    Ragged rows (merged cells omitted, as in text exports) are aligned against the row below:
    an upper cell over a blank lower cell is a vertically merged label; an upper cell over
    non-blank lower cells is a group spanning the consecutive non-blank run. Full-width rows
    (PDF, spreadsheets) carry group labels to the right over blank cells.
    """
    labels = [""] * width
    rows = [[collapse_spaces(t) for t in row] for row in header_rows]
    if not rows:
        return labels
    full = [r for r in rows if len(r) == width]
    leaf = full[-1] if full else rows[-1] + [""] * (width - len(rows[-1]))
    labels = list(leaf[:width])
    leaf_index = rows.index(leaf) if leaf in rows else len(rows) - 1
    for level in reversed(range(leaf_index)):
        upper = rows[level]
        groups = [""] * width
        if len(upper) == width:
            # A group label carries right over blank cells, but not past a column where a row
            # above starts a new cell (决算 三公: 公务用车运行费 ends where 公务接待费 begins).
            starts = {
                i for row in rows[:level] if len(row) == width for i, t in enumerate(row) if t
            }
            current = ""
            for i, text in enumerate(upper):
                if i in starts and not text:
                    current = ""
                if text:
                    current = text if labels[i] else ""
                    groups[i] = text
                elif labels[i] and current:
                    groups[i] = current
                else:
                    current = ""
        else:
            position = 0
            for n, text in enumerate(upper):
                if position >= width:
                    break
                if not labels[position]:
                    groups[position] = text
                    position += 1
                    continue
                # A group spans the run of labelled columns below it; when more groups follow,
                # the run ends where its first leaf label repeats (项目 | 金额 | 项目 | 金额).
                first, more_groups = leaf[position], n < len(upper) - 1
                start = position
                while position < width and labels[position]:
                    if more_groups and position > start and leaf[position] == first:
                        break
                    groups[position] = text
                    position += 1
        labels = [
            (f"{g}/{label}" if label and g and g != label else (label or g))
            for g, label in zip(groups, labels, strict=True)
        ]
    return labels


def map_columns(labels: list[str], patterns: dict[str, re.Pattern[str]]) -> list[str | None]:
    """Assign each column to the first unused field whose pattern matches its label."""
    fields: list[str | None] = [None] * len(labels)
    used: set[str] = set()
    for i, label in enumerate(labels):
        if not label:
            continue
        for name, pattern in patterns.items():
            if name not in used and pattern.search(label):
                fields[i] = name
                used.add(name)
                break
    return fields


class TableExtractor:
    """Extracts one table. Problems go to ``problems``; cells that fit no field to ``unparsed``."""

    def __init__(self, table_id: str, kind: TableKind, title: str) -> None:
        self.table_id = table_id
        self.kind = kind
        self.title = title
        self.problems: list[Problem] = []
        self.unparsed: list[UnparsedCell] = []
        self.notes: list[str] = []

    # -- helpers -----------------------------------------------------------------------------
    def amount(self, cell: Cell | None, row: int, column: str) -> Decimal | None:
        if cell is None:
            return None
        try:
            return parse_amount(cell.text)
        except AmountError:
            self.problems.append(
                Problem(
                    "error",
                    self.table_id,
                    row,
                    f"column {column}: {cell.text!r} is not an amount; kept as text in "
                    "unparsed_cells. Check the original and correct the reader or the file.",
                    cell.location,
                )
            )
            self.keep(row, -1, cell, f"not an amount in column {column}")
            return None

    def keep(self, row: int, column: int, cell: Cell, reason: str) -> None:
        self.unparsed.append(
            UnparsedCell(self.table_id, row, column, cell.text, reason, cell.location)
        )

    def _grid(self, rows: list[tuple[Cell, ...]]) -> tuple[list[str], list[tuple[Cell, ...]], int]:
        texts = [[c.text for c in row] for row in rows]
        n_header = split_header(texts)
        body = [row for row in rows[n_header:] if not is_column_number_row([c.text for c in row])]
        width = _width(texts[:n_header], body)
        return flatten_header(header_texts(rows[:n_header]), width), body, width

    def _check_width(self, row: tuple[Cell, ...], width: int, line_no: int) -> bool:
        if len(row) == width:
            return True
        self.problems.append(
            Problem(
                "error",
                self.table_id,
                line_no,
                f"row has {len(row)} cells where the header has {width}; the row is kept in "
                "unparsed_cells. A cell may be missing or split in the original: fix the file "
                "or report the layout.",
                row[0].location if row else None,
            )
        )
        for j, cell in enumerate(row):
            if not cell.is_empty:
                self.keep(line_no, j, cell, "row width differs from header")
        return False

    # -- layouts -----------------------------------------------------------------------------
    def coded(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self._grid(rows)
        roles: list[str | None] = [None] * width
        measures = map_columns(labels, self.kind.columns)
        for i, label in enumerate(labels):
            leaf = label.split("/")[-1]
            if re.search(r"序号|行次", leaf):
                roles[i] = "line_no"
            elif re.search(r"编码|代码", leaf) or leaf in ("类", "款", "项"):
                roles[i] = "code"
            elif re.search(r"名称", leaf):
                roles[i] = "name"
            elif measures[i]:
                roles[i] = measures[i]
            if roles[i] in ("line_no", "code", "name"):
                measures[i] = None
        for i in range(1, width):
            # Codes printed over 类 | 款 | 项 columns whose header only names the first one.
            if roles[i] is None and not measures[i] and roles[i - 1] == "code":
                if not labels[i] or labels[i] == labels[i - 1]:
                    roles[i] = "code"
        roles = [r if r else measures[i] for i, r in enumerate(roles)]
        panels = _panels(roles)
        if len(panels) > 1 and len(self.kind.panels) >= len(panels):
            # 决算 basic expenditure: the same code | name | amount columns printed twice side
            # by side; each panel's single amount column goes to total and to its own field.
            for k, panel in enumerate(panels):
                for i in panel:
                    if roles[i] not in ("line_no", "code", "name") and labels[i]:
                        roles[i] = f"{self.kind.panels[k]}+total"
        else:
            panels = [list(range(width))]
        if "name" not in roles and "code" in roles:
            # A single column holds code and name together (2010506统计管理).
            roles[roles.index("code")] = "name"
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self._report_unmapped(columns)
        records: list[Record] = []
        kept = [
            (index, row)
            for index, row in enumerate(body, start=1)
            if any(c.text.strip() for c in row)
            and not self._empty_statement(row)
            and self._check_width(row, width, index)
        ]
        for panel in panels:
            for index, row in kept:
                record = self._coded_record(
                    [columns[i] for i in panel], [row[i] for i in panel], index
                )
                if record is None:
                    continue
                if len(panels) > 1:
                    record["line_no"] = len(records) + 1
                records.append(record)
        return columns, records

    def _coded_record(
        self, columns: list[ColumnInfo], row: list[Cell], index: int
    ) -> Record | None:
        if not any(c.text.strip() for c in row):
            return None
        if all(re.fullmatch(r"[…．.\s]*", c.text) for c in row):
            return None  # an elision line (… | …) of a template, not a printed line
        record: Record = {}
        code_parts: list[str] = []
        name = ""
        code_cells: list[tuple[int, Cell]] = []
        for column, cell in zip(columns, row, strict=True):
            if column.field == "line_no":
                record["line_no"] = int(cell.text) if cell.text.strip().isdigit() else None
            elif column.field == "code":
                code_parts.append(cell.text.strip())
                code_cells.append((column.index, cell))
            elif column.field == "name":
                name = cell.text
            elif column.field and "+" in column.field:
                value = self.amount(cell, index, column.field)
                for field_name in column.field.split("+"):
                    record[field_name] = value
            elif column.field:
                record[column.field] = self.amount(cell, index, column.field)
            elif not cell.is_empty:
                self.keep(index, column.index, cell, "column not recognised")
        printed_code = " ".join(p for p in code_parts if p)
        code, name = codes.parse_code(printed_code, collapse_spaces(name))
        record["line_no"] = record.get("line_no") or index
        record["code"] = code
        record["name"] = name
        is_total = code is None and re.fullmatch(r"(\S*合计|总计)", name)
        record["level"] = codes.TOTAL_LEVEL if is_total else codes.level_of(code)
        record["parent_code"] = codes.parent_of(code)
        if code is None and not is_total and printed_code and name != printed_code:
            # Printed where the code belongs but no code (福利院 2024 p9: 7 | 11 | 02 under 210
            # 11): published as printed, never corrected; the cells are kept.
            for column_index, cell in code_cells:
                if not cell.is_empty:
                    self.keep(index, column_index, cell, "not a classification code")
            self.problems.append(
                Problem(
                    "warning",
                    self.table_id,
                    index,
                    f"line {name!r} prints {printed_code!r} where its classification code "
                    "belongs; kept without code, the printed text in unparsed_cells",
                    row[0].location,
                )
            )
        elif code is None and not is_total:
            self.problems.append(
                Problem(
                    "warning",
                    self.table_id,
                    index,
                    f"line {name!r} has no classification code; kept without code",
                    row[0].location,
                )
            )
        record["page"] = row[0].location.page
        record["source_line"] = row[0].location.line
        return record

    def items(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self._grid(rows)
        fields = map_columns(labels, self.kind.columns)
        item_col = next((i for i, label in enumerate(labels) if re.search(r"项\s*目", label)), None)
        if item_col is None and width > 1 and all(labels):
            return self.wide_items(labels, body, width)
        if item_col is None:
            item_col = 1 if width > 1 else 0
        line_col = next((i for i, label in enumerate(labels) if re.search(r"序号", label)), None)
        roles: list[str | None] = list(fields)
        roles[item_col] = "item"
        if line_col is not None:
            roles[line_col] = "line_no"
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self._report_unmapped(columns)
        records: list[Record] = []
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
            record: Record = {"line_no": index}
            for column, cell in zip(columns, row, strict=True):
                if column.field == "line_no":
                    record["line_no"] = int(cell.text) if cell.text.strip().isdigit() else index
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
                self.problems.append(
                    Problem("warning", self.table_id, index, f"line {label!r} not recognised")
                )
            record["page"] = row[0].location.page
            record["source_line"] = row[0].location.line
            records.append(record)
        return columns, records

    def wide_items(
        self, labels: list[str], body: list[tuple[Cell, ...]], width: int
    ) -> tuple[list[ColumnInfo], list[Record]]:
        """One column per item under a multi-line header, the amounts in one row (Jiangsu,
        Shanghai 三公 tables); 决算 tables print a 预算数 | 决算数 pair under each item."""
        items: dict[str, dict[int, str]] = {}  # item label -> column -> field
        roles: list[str | None] = []
        for i, label in enumerate(labels):
            parts = label.split("/")
            field_name = "total"
            if len(parts) > 1 and parts[-1] in ("预算数", "决算数"):
                field_name = "budget_amount" if parts.pop() == "预算数" else "total"
            items.setdefault("/".join(parts), {})[i] = field_name
            roles.append(f"item:{field_name}")
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        records: list[Record] = []
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
            for label, item_columns in items.items():
                record: Record = {"line_no": len(records) + 1, "item": label}
                for i, field_name in item_columns.items():
                    record[field_name] = self.amount(row[i], index, field_name)
                record["item_key"] = self._item_key(label.split("/"))
                if record["item_key"] is None:
                    self.problems.append(
                        Problem("warning", self.table_id, index, f"column {label!r} not recognised")
                    )
                first = row[min(item_columns)]
                record["page"] = first.location.page
                record["source_line"] = first.location.line
                records.append(record)
        return columns, records

    def _item_key(self, segments: list[str]) -> str | None:
        """Match the most specific part of a header label first: 公务用车购置及运行费/购置费."""
        for k in range(1, len(segments) + 1):
            candidate = "/".join(segments[-k:])
            if candidate in ("小计", "合计") and k < len(segments):
                continue
            for key, pattern in self.kind.items.items():
                if pattern.search(candidate):
                    return key
        return None

    def sources(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        """A two-level list of income sources: group | item | amount (merged group cells)."""
        labels, body, width = self._grid(rows)
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
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        records: list[Record] = []
        group = None
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
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

    def overview(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        """Amount columns without codes or labels, usually a single line (Jiangsu 支出预算总表)."""
        labels, body, width = self._grid(rows)
        fields = map_columns(labels, self.kind.columns)
        columns = [ColumnInfo(i, labels[i], fields[i]) for i in range(width)]
        self._report_unmapped(columns)
        records: list[Record] = []
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
            record: Record = {"line_no": len(records) + 1}
            for column, cell in zip(columns, row, strict=True):
                if column.field:
                    record[column.field] = self.amount(cell, index, column.field)
                elif not cell.is_empty:
                    self.keep(index, column.index, cell, "column not recognised")
            record["page"] = row[0].location.page
            record["source_line"] = row[0].location.line
            records.append(record)
        return columns, records

    def listing(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        texts = [[c.text for c in row] for row in rows]
        # Listing tables have text rows: the header is the leading rows until one that holds
        # neither header words nor is blank; we take the header as the rows that match
        # this kind's header words plus any immediately following rows of the same block.
        n_header = 0
        for i, row_texts in enumerate(texts):
            joined = re.sub(r"\s+", "", "".join(row_texts))
            labels_matched = sum(
                1
                for t in row_texts
                if t.strip()
                and any(p.search(re.sub(r"\s+", "", t)) for p in self.kind.columns.values())
            )
            if any(word in joined for word in self.kind.header) or (
                i > 0 and i == n_header and labels_matched >= 2 and _all_header_words(row_texts)
            ):
                n_header = i + 1
            elif n_header:
                break
        body = rows[n_header:]
        width = _width(texts[:n_header], body)
        labels = flatten_header(header_texts(rows[:n_header]), width)
        fields = map_columns(labels, self.kind.columns)
        line_col = _printed_line_numbers(labels, fields, body)
        if line_col is not None:
            fields[line_col] = "line_no"
        columns = [ColumnInfo(i, labels[i], fields[i]) for i in range(width)]
        self._report_unmapped(columns)
        records: list[Record] = []
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
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
            record["page"] = row[0].location.page
            record["source_line"] = row[0].location.line
            records.append(record)
        return columns, records

    def two_sided(self, rows: list[tuple[Cell, ...]]) -> tuple[list[ColumnInfo], list[Record]]:
        labels, body, width = self._grid(rows)
        roles: list[str | None] = [None] * width
        panels: list[tuple[str, int, dict[int, str]]] = []  # side, item column, amount columns
        for i, label in enumerate(labels):
            leaf = label.split("/")[-1]
            if re.search(r"序号|行次", leaf):
                roles[i] = "line_no"
            elif re.search(r"^项\s*目$|项目名称|科目名称|^科目$", leaf):
                roles[i] = "item"
                side = _side_of(label, len(panels))
                panels.append((side, i, {}))
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
        columns = [ColumnInfo(i, labels[i], roles[i]) for i in range(width)]
        self._report_unmapped(columns)
        records: list[Record] = []
        line_col = roles.index("line_no") if "line_no" in roles else None
        for index, row in enumerate(body, start=1):
            if not any(c.text.strip() for c in row) or not self._check_width(row, width, index):
                continue
            line_no = index
            if line_col is not None and row[line_col].text.strip().isdigit():
                line_no = int(row[line_col].text)
            covered = {line_col} if line_col is not None else set()
            row_records: list[Record] = []
            for side, item_col, amount_cols in panels:
                covered.add(item_col)
                covered.update(amount_cols)
                item = collapse_spaces(row[item_col].text)
                amounts = {
                    name: self.amount(row[col], index, name) for col, name in amount_cols.items()
                }
                printed = [row[col].text.strip() for col in amount_cols]
                if not item and not any(printed):
                    continue
                record: Record = {"line_no": line_no, "side": side, "item": item}
                record.update(amounts)
                record["function_class_code"] = (
                    codes.function_class_code(item) if side == "expenditure" else None
                )
                record["page"] = row[item_col].location.page
                record["source_line"] = row[item_col].location.line
                _span_merged_label(row_records, record)
                row_records.append(record)
            records.extend(row_records)
            for j, cell in enumerate(row):
                if j not in covered and not cell.is_empty:
                    self.keep(index, j, cell, "column not recognised")
        _assign_summary_roles(records)
        return columns, records

    def _empty_statement(self, row: tuple[Cell, ...]) -> bool:
        """A row saying the table is empty is a note of the table, not a line of it."""
        texts = [collapse_spaces(c.text) for c in row if c.text.strip()]
        if len(texts) == 1 and _EMPTY_STATEMENT.match(texts[0]):
            self.notes.append(texts[0])
            return True
        return False

    def _report_unmapped(self, columns: list[ColumnInfo]) -> None:
        for column in columns:
            if column.field is None and column.label:
                self.problems.append(
                    Problem(
                        "warning",
                        self.table_id,
                        None,
                        f"column {column.index + 1} {column.label!r} is not a known column of "
                        f"{self.kind.title_zh}; its cells are kept in unparsed_cells",
                    )
                )


def _printed_line_numbers(
    labels: list[str], fields: list[str | None], body: list[tuple[Cell, ...]]
) -> int | None:
    """The 序号 column of a listing when it numbers every line (1, 2, 3 …, all distinct)."""
    for i, label in enumerate(labels):
        if fields[i] is None and re.fullmatch(r"序\s*号", label):
            numbers = [
                row[i].text.strip()
                for row in body
                if i < len(row) and any(c.text.strip() for c in row)
            ]
            if numbers and all(n.isdigit() and int(n) > 0 for n in numbers):
                if len(set(numbers)) == len(numbers):
                    return i
    return None


def _panels(roles: list[str | None]) -> list[list[int]]:
    """Column groups of a table printed as side-by-side panels: a new panel starts where a code
    or name column follows an amount column."""
    panels: list[list[int]] = [[]]
    seen_amount = False
    for i, role in enumerate(roles):
        if role in ("code", "name") and seen_amount:
            panels.append([])
            seen_amount = False
        elif role not in (None, "line_no", "code", "name"):
            seen_amount = True
        panels[-1].append(i)
    return panels


def _width(header: list[list[str]], body: list[tuple[Cell, ...]]) -> int:
    """The table's column count: its widest header row, or its usual body row if wider.

    A single body row with an extra cell must not widen the table (it is reported instead).
    """
    widths = [len(r) for r in body if any(c.text.strip() for c in r)]
    usual = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 0
    return max([len(r) for r in header] + [usual])


def _side_of(label: str, panel_index: int) -> str:
    if "用途" in label or "经济分类" in label:
        return "expenditure_by_use"
    if "收入" in label:
        return "income"
    if "支出" in label:
        return "expenditure"
    return ("income", "expenditure", "expenditure_by_use")[min(panel_index, 2)]


# 决算 summaries print several carry-over lines between the year's subtotal and the total
# (使用非财政拨款结余 and 年初结转和结余; 结余分配 and 年末结转和结余), and a bare 总计.
_ROLES = {
    "income": (
        ("subtotal", r"本年收入合计|当年收入小计|本年收入小计|收入小计"),
        ("carryover", r"上年结转|年初.*结转|结转和结余|上年结余|使用.*结余"),
        ("total", r"收入总计|收入合计|^总计$"),
    ),
    "expenditure": (
        ("subtotal", r"本年支出合计|当年支出小计|本年支出小计|支出小计"),
        ("carryover", r"年终结转|年末.*结转|结转下年|结余分配"),
        ("total", r"支出总计|支出合计|^总计$"),
    ),
}
_ROLES["expenditure_by_use"] = _ROLES["expenditure"]


_SPANNING_LABEL = re.compile(r"小计|合计|总计|结转|结余")


def _span_merged_label(row_records: list[Record], record: Record) -> None:
    """Jiangsu's three-panel summary prints 当年支出小计 / 支出合计 once, merged over the
    by-function and by-use panels, with the amount in the last column only: the label and the
    amount belong to both expenditure panels."""
    if record["item"] or not row_records or record["side"] != "expenditure_by_use":
        return
    previous = row_records[-1]
    amounts = [k for k, v in record.items() if isinstance(v, Decimal)]
    if previous["side"] != "expenditure" or not _SPANNING_LABEL.search(previous["item"]):
        return
    if any(isinstance(previous.get(k), Decimal) for k in amounts):
        return
    record["item"] = previous["item"]
    for key in amounts:
        previous[key] = record[key]


def _assign_summary_roles(records: list[Record]) -> None:
    """Mark each summary line: line (a top item), detail (a sub-item), subtotal, carryover, total.

    Lines printed after a carryover line and before the total (年初财政拨款结转和结余 then
    一、一般公共预算拨款 …) are its details; lines numbered 1. 2. or starting 其中 are details.
    """
    after_carryover: dict[str, bool] = {}
    for record in records:
        side, item = record["side"], record["item"]
        role = next((name for name, pattern in _ROLES[side] if re.search(pattern, item)), None)
        if role is None:
            detail = after_carryover.get(side) or bool(re.match(r"^(\d+[.、．]|其中)", item))
            role = (
                "carryover_detail"
                if after_carryover.get(side)
                else ("detail" if detail else "line")
            )
        if role == "carryover":
            after_carryover[side] = True
        elif role == "total":
            after_carryover[side] = False
        record["item_role"] = role


def _all_header_words(texts: list[str]) -> bool:
    non_empty = [t for t in texts if t.strip()]
    return bool(non_empty) and not any(_is_data_like(t) for t in non_empty)


def table_width(block: TableBlock) -> int:
    return max((len(row) for row in block.rows), default=0)
