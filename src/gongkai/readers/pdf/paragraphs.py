"""Text blocks: lines that wrap joined into paragraphs and titles, title and caption rows out of tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.model import Cell, Location, TextBlock
from gongkai.readers.pdf.lines import (
    PAGE_NUMBER,
    Line,
    chars_text,
    join_lines,
    median_size,
    segments,
    union,
)
from gongkai.readers.pdf.rawtable import RawTable

# A line ending a sentence, introducing what follows or ending in leader dots (a contents entry)
# is not continued by the next line.
_ENDS_PHRASE = ("。", "；", "：", ";", ":", "！", "？", "!", "?", "…", ".")
# A line starting with an item marker (一、 （二） 3. ① •) starts something new.
_ITEM_START = re.compile(
    r"^\s*([（(]?[一二三四五六七八九十百零〇]+[）)、.．]|[（(]?\d{1,3}[）)、．]|\d{1,3}\.(?!\d)"
    r"|[（(]\d{1,3}[）)]|[①-⑳⑴-⒇]|[•●■◆▪·\-—*]|第\s*[一二三四五六七八九十\d]+\s*[部分章节条篇])"
)
# A row of a ruled table that is really the caption above it: "部门：XX  单位：万元".
_CAPTION = re.compile(
    r"^(单位|部门|编制单位|编制部门|单位名称|部门名称|预算单位|填报单位|金额单位)\s*[:：]"
)

Run = tuple[float, float, str]  # (x0, x1, text) of a run of a line split at wide gaps


@dataclass
class TextLine:
    """A visual line of running text with the geometry needed to tell whether it wraps on."""

    line: Line
    segs: list[Run]
    size: float

    @property
    def x0(self) -> float:
        return self.segs[0][0]

    @property
    def x1(self) -> float:
        return self.segs[-1][1]

    @property
    def text(self) -> str:
        return _runs_text(s[2] for s in self.segs)


def _runs_text(parts: Iterable[str]) -> str:
    """Runs of one line as text: two spaces between runs, none after a colon."""
    out = ""
    for part in parts:
        if part:
            out = out + part if not out or out.endswith(("：", ":")) else out + "  " + part
    return out


def text_line(line: Line) -> TextLine | None:
    """The line as runs of text; None when it prints nothing."""
    segs = []
    for seg in segments(line):
        text = chars_text(seg)
        if text:
            segs.append((min(c["x0"] for c in seg), max(c["x1"] for c in seg), text))
    if not segs:
        return None
    return TextLine(line, segs, median_size(c for c in line.chars if c["text"].strip()))


@dataclass
class Para:
    """Text lines joined into one block."""

    text: str
    lines: list[TextLine]

    @property
    def last(self) -> TextLine:
        return self.lines[-1]


def may_continue(first: str, second: str) -> bool:
    """Text ``second`` may carry on ``first``: no phrase ends, no item starts, no page number."""
    return (
        bool(first)
        and bool(second)
        and not first.endswith(_ENDS_PHRASE)
        and not _ITEM_START.match(second)
        and not PAGE_NUMBER.match(first)
        and not PAGE_NUMBER.match(second)
    )


def _same_size(a: TextLine, b: TextLine) -> bool:
    return abs(a.size - b.size) <= 0.08 * max(a.size, b.size)


def _wraps_whole(a: TextLine, b: TextLine, left: float, right: float) -> bool:
    """``b`` continues ``a`` as a wrapped paragraph or title line.

    Either ``a`` runs from the left (perhaps indented) to the right edge of the page's content and
    ``b`` starts at (or, after a first-line indent, left of) ``a``'s start; or both are centred on one axis, ``a`` is wide and
    ``b`` shorter (a centred title that did not fit on one line).
    """
    if len(a.segs) != 1 or len(b.segs) != 1 or not _same_size(a, b):
        return False
    size = a.size
    gap = b.line.top - a.line.bottom
    if gap > 1.2 * size or b.line.top < a.line.bottom - 0.3 * size:
        return False
    if not may_continue(a.text, b.text):
        return False
    fills = a.x1 >= right - 1.5 * size and a.x0 <= left + 3 * size
    if fills and a.x0 - 2.5 * size <= b.x0 <= a.x0 + 0.5 * size:
        return True
    centre_a, centre_b = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
    return (
        gap <= 0.8 * size
        and abs(centre_a - centre_b) <= 1.0 * size
        and b.x1 - b.x0 < a.x1 - a.x0
        and a.x1 - a.x0 >= 0.6 * (right - left)
        and b.x0 > a.x0 + size
    )


def _wraps_run(a: TextLine, b: TextLine, between: list[TextLine]) -> tuple[int, list[Run]] | None:
    """``b``'s first run continues a run of ``a`` that wrapped inside its own column (a caption
    such as "name of a long organisa- / tion   unit") while other runs sit beside it.

    Returns the index of ``a``'s run and the runs of ``b`` and ``between`` that stand apart.
    """
    if not _same_size(a, b):
        return None
    size = a.size
    head = b.segs[0]
    for k, run in enumerate(a.segs):
        if abs(run[0] - head[0]) > 0.3 * size:
            continue
        gap = b.line.top - a.line.bottom
        if gap > 0.7 * size or b.line.top < a.line.top + 0.5 * size:
            return None
        if (
            head[1] - head[0] >= run[1] - run[0]
            or run[1] - run[0] < 6 * size
            or head[2].endswith(_ENDS_PHRASE)
            or not may_continue(run[2], head[2])
        ):
            return None
        others = [s for s in a.segs if s is not run] + b.segs[1:]
        others += [s for t in between for s in t.segs]
        if not others:
            return None  # nothing beside it: a stack of short lines, not a wrapped column
        if any(s[0] < run[1] and s[1] > run[0] for t in between for s in t.segs):
            return None
        return k, b.segs[1:] + [s for t in between for s in t.segs]
    return None


def join_text_lines(
    lines: list[TextLine], barriers: list[float], left: float, right: float
) -> list[Para]:
    """Join lines that wrap: paragraph and title lines, and runs wrapped inside a caption.

    No paragraph reaches across a ``barrier`` (the top of a table); ``left`` and ``right`` are
    the edges of the page's content.
    """
    paras: list[Para] = []
    i = 0
    n = len(lines)

    def blocked(a: TextLine, b: TextLine) -> bool:
        return any(a.line.top < y < b.line.top + 0.5 for y in barriers)

    while i < n:
        para = Para(lines[i].text, [lines[i]])
        i += 1
        while i < n:
            a, b = para.last, lines[i]
            if blocked(a, b):
                break
            if _wraps_whole(a, b, left, right):
                para.text = join_lines([para.text, b.text])
                para.lines.append(b)
                i += 1
                continue
            if len(para.lines) == 1:
                found, skip = _wraps_run(a, b, []), 0
                if (
                    found is None
                    and i + 1 < n
                    and not blocked(a, lines[i + 1])
                    and b.line.top <= a.line.bottom + 0.7 * a.size
                ):
                    found, skip = _wraps_run(a, lines[i + 1], [b]), 1
                if found is not None:
                    _join_run(para, lines[i : i + skip + 1], *found)
                    i += skip + 1
            break
        paras.append(para)
    return paras


def _join_run(para: Para, taken: list[TextLine], k: int, rest: list[Run]) -> None:
    """Join the first run of the last of ``taken`` onto run ``k`` of the paragraph's one line."""
    a, c = para.last, taken[-1]
    runs = [
        (s[0], s[1], join_lines([s[2], c.segs[0][2]]) if j == k else s[2])
        for j, s in enumerate(a.segs)
    ]
    runs.extend(rest)
    runs.sort(key=lambda s: s[0])
    para.text = _runs_text(s[2] for s in runs)
    para.lines.extend(taken)


# --------------------------------------------------------------------------- titles and captions


def _is_caption_row(row: list[Cell]) -> bool:
    texts = [c.text for c in row if c.text]
    return bool(texts) and len(texts) <= 4 and any(_CAPTION.match(t) for t in texts)


def split_leading_text(table: RawTable) -> list[TextBlock]:
    """Move title rows (one text across the table) and caption rows (部门：… 单位：…) out of the table."""
    blocks: list[TextBlock] = []
    ncols = len(table.rows[0]) if table.rows else 0
    while table.rows:
        row = table.rows[0]
        filled = [c for c in row if c.text]
        if not filled:
            break
        is_title = ncols >= 2 and len(filled) == 1 and filled[0].colspan >= ncols
        if is_title:
            blocks.append(TextBlock(filled[0].text, filled[0].location))
        elif _is_caption_row(row):
            bbox = union([c.location.bbox for c in filled])
            text = _runs_text(c.text for c in row)
            blocks.append(TextBlock(text, Location(page=table.page, bbox=bbox)))
        else:
            break
        table.rows.pop(0)
    # Drop blank rows left on top once the title rows are gone.
    while blocks and table.rows and not any(c.text for c in table.rows[0]):
        table.rows.pop(0)
    return blocks
