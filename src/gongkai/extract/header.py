"""A table's header: caption rows, the unit, header rows, one flattened label per column, fields."""

from __future__ import annotations

import re

from gongkai import codes
from gongkai.model import Cell
from gongkai.normalize import collapse_spaces

_CAPTION = re.compile(
    r"^(单位[:：]|金额单位|预算年度|截止(时间|日期)|编制(部门|单位)|部门(名称)?[:：]|单位名称[:：])"
    r"|^\d{3,}\s*[^\d\s、.年]"
)
_COLUMN_NUMBER_ROW = re.compile(r"^(栏次|行次|\*+)$")  # 长沙 prints ** under 类|款|项|科目
_AMOUNT_LIKE = re.compile(r"^[(（]?-?\d{1,3}(,\d{3})*(\.\d+)?[)）]?$|^[(（]?-?\d+\.\d+[)）]?$")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元|亿元)")


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


def is_caption(text: str) -> bool:
    """A caption line printed as text just before a table (部门：… 单位：万元)."""
    return bool(split_captions([(Cell(text),)])[0])


def is_column_number_row(texts: list[str]) -> bool:
    non_empty = [t for t in texts if t.strip()]
    if not non_empty:
        return False
    if _COLUMN_NUMBER_ROW.match(non_empty[0]):
        return True
    # 陕西 人社局 2020 表11 ends its numbers with ** under 备注: 1 | 2 | … | 10 | **
    while len(non_empty) > 3 and re.fullmatch(r"\*+", non_empty[-1].strip()):
        non_empty = non_empty[:-1]
    return len(non_empty) >= 3 and non_empty == [str(i) for i in range(1, len(non_empty) + 1)]


def is_data_like(text: str) -> bool:
    t = text.strip()
    return bool(_AMOUNT_LIKE.match(t) or codes.is_code(t) or codes.has_ordinal(t))


def all_header_words(texts: list[str]) -> bool:
    non_empty = [t for t in texts if t.strip()]
    return bool(non_empty) and not any(is_data_like(t) for t in non_empty)


def split_header(rows: list[list[str]]) -> int:
    """Number of leading header rows: rows before the first row that holds data or is blank."""
    for index, texts in enumerate(rows):
        if is_column_number_row(texts):
            return index
        if not any(t.strip() for t in texts) and _pair_row_follows(rows[index + 1 :]):
            continue  # 决算 三公: a blank line inside the header before 预算数 | 决算数
        if not any(t.strip() for t in texts) or any(is_data_like(t) for t in texts[1:]):
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
        if len(upper) == width:
            groups = _full_width_groups(upper, labels, rows[:level])
        else:
            groups = _ragged_groups(upper, labels, leaf)
        labels = [
            (f"{g}/{label}" if label and g and g != label else (label or g))
            for g, label in zip(groups, labels, strict=True)
        ]
    return labels


def _full_width_groups(upper: list[str], labels: list[str], above: list[list[str]]) -> list[str]:
    """A group label carries right over blank cells, but not past a column where a row above
    starts a new cell (决算 三公: 公务用车运行费 ends where 公务接待费 begins)."""
    width = len(labels)
    groups = [""] * width
    starts = {i for row in above if len(row) == width for i, t in enumerate(row) if t}
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
    return groups


def _ragged_groups(upper: list[str], labels: list[str], leaf: list[str]) -> list[str]:
    """A ragged upper row: a cell over a blank label is that column's own (merged) label; a cell
    over labelled columns is a group spanning their run."""
    width = len(labels)
    groups = [""] * width
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
    return groups


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


def column_count(header: list[list[str]], body: list[tuple[Cell, ...]]) -> int:
    """The table's column count: its widest header row, or its usual body row if wider.

    A single body row with an extra cell must not widen the table (it is reported instead).
    """
    widths = [len(r) for r in body if any(c.text.strip() for c in r)]
    usual = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 0
    return max([len(r) for r in header] + [usual])
