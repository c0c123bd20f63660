"""One page: its visible characters and rules into tables and text blocks, in reading order."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.clustering import cluster_objects

from gongkai.model import Block, Location, TextBlock
from gongkai.readers.pdf.aligned import text_tables
from gongkai.readers.pdf.lines import PAGE_NUMBER, Char, Line, group_lines, union
from gongkai.readers.pdf.paragraphs import (
    TextLine,
    join_text_lines,
    split_leading_text,
    text_line,
)
from gongkai.readers.pdf.rawtable import RawTable
from gongkai.readers.pdf.ruled import ruled_tables


def read_page(page: Any, page_number: int) -> list[Block | RawTable]:
    """Text blocks and tables of a pdfplumber page, top to bottom.

    Ruled tables come first; a page without any is searched for text-aligned tables. The tables
    stay RawTables, so that a table continued on the next page can still be joined.
    """
    view = _visible(page)
    chars = _page_chars(view)
    tables, chars = ruled_tables(view, chars, page_number)
    lines = group_lines(chars)
    if not tables:
        used: set[int] = set()
        for first, end, table in text_tables(lines, page_number):
            used.update(range(first, end))
            tables.append(table)
        lines = [ln for k, ln in enumerate(lines) if k not in used]
    return _in_order(lines, tables, float(page.width), page_number)


def _visible(page: Any) -> Any:
    """The page in page coordinates without what lies outside it and invisible backgrounds."""
    width, height = float(page.width), float(page.height)
    x0, top = float(page.bbox[0]), float(page.bbox[1])
    view = page.crop(page.bbox) if (x0, top) == (0.0, 0.0) else page
    return view.filter(lambda obj: _keep_object(obj, width, height))


def dedupe_chars(chars: list[Char], tolerance: float = 1) -> list[Char]:
    """pdfplumber's ``dedupe_chars`` (same text, upright, font and size, within ``tolerance``:
    the copies of fake bold), returning the same list in the same order.

    pdfplumber puts the survivors back in order with ``chars.index``, a scan comparing whole
    dicts for each character; this looks the index up by the character's items instead.
    """
    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    kept: list[Char] = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        for row in cluster_objects(list(group), itemgetter("doctop"), tolerance):
            for same in cluster_objects(row, itemgetter("x0"), tolerance):
                kept.append(sorted(same, key=position)[0])
    first: dict[Any, int] = {}
    for i, ch in enumerate(chars):
        first.setdefault(_items(ch), i)

    def index(ch: Char) -> int:
        items = _items(ch)
        return first[items] if items is not None else chars.index(ch)

    return sorted(kept, key=index)


def _items(ch: Char) -> Any:
    """The character's items as a hashable key (equal for equal dicts), or None."""
    try:
        return frozenset(ch.items())
    except TypeError:  # a value that is a list
        return None


def _page_chars(view: Any) -> list[Char]:
    """Upright characters without the duplicates of fake bold, then the rotated ones."""
    chars = [
        _on_baseline(c) for c in dedupe_chars(view.chars) if c["text"] and c.get("upright", True)
    ]
    chars += [
        c for c in view.chars if c["text"] and not c.get("upright", True) and c["text"].strip()
    ]
    return chars


# How far below its baseline an upright character's box may reach, in font sizes: a real font
# descends 0.2-0.33 em; 重庆's digit font (E-BZ) declares about 1 em, so pdfminer sets its digits
# and colons most of a line below the words they belong to (— 455 — as two lines, 单位:万元
# without its colon, 2026 apart from 年…表).
_MAX_DESCENT = 0.6
_DESCENT = 0.25


def _on_baseline(char: Char) -> Char:
    """The character with its box moved up onto its baseline when its font declares a descent no
    real font has; any other character unchanged."""
    size = float(char.get("size") or 0.0)
    matrix = char.get("matrix")
    if size <= 0 or not matrix:
        return char
    below = float(matrix[5]) - float(char["y0"])  # baseline height above the box's bottom
    if below <= _MAX_DESCENT * size:
        return char
    shift = below - _DESCENT * size
    moved = dict(char)
    for key in ("top", "bottom", "doctop"):
        moved[key] = float(char[key]) - shift
    for key in ("y0", "y1"):
        moved[key] = float(char[key]) + shift
    return moved


def _in_order(
    lines: list[Line], tables: list[RawTable], width: float, page_number: int
) -> list[Block | RawTable]:
    """Paragraphs of the lines outside tables, and the tables with their titles, by height."""
    text_lines = [t for t in (text_line(line) for line in lines) if t is not None]
    left, right = _content_edges(text_lines, tables, width)
    barriers = [t.bbox[1] for t in tables]
    items: list[tuple[float, int, Block | RawTable]] = []
    for para in join_text_lines(text_lines, barriers, left, right):
        bbox = union([t.line.bbox for t in para.lines])
        block = TextBlock(para.text, Location(page=page_number, bbox=bbox))
        items.append((para.lines[0].line.top, len(items), block))
    for table in tables:
        for title in split_leading_text(table):
            items.append((table.bbox[1], len(items), title))
        if table.rows:
            items.append((table.bbox[1], len(items), table))
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return [block for _, _, block in items]


def _content_edges(
    text_lines: list[TextLine], tables: list[RawTable], width: float
) -> tuple[float, float]:
    """Left and right edge of what the page prints, page numbers aside."""
    body = [t for t in text_lines if not PAGE_NUMBER.match(t.text)]
    lefts = [t.x0 for t in body] + [t.bbox[0] for t in tables]
    rights = [t.x1 for t in body] + [t.bbox[2] for t in tables]
    return (min(lefts), max(rights)) if lefts else (0.0, width)


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        return float(color) >= 0.99
    if isinstance(color, tuple | list):
        values = [v for v in color if isinstance(v, int | float)]
        if len(values) != len(color) or not values:
            return False
        if len(values) == 4:  # CMYK
            return all(v <= 0.01 for v in values)
        return all(v >= 0.99 for v in values)
    return False


def _keep_object(obj: dict[str, Any], width: float, height: float) -> bool:
    """Drop invisible backgrounds (white fills, the page-sized box) so they do not make table rules."""
    if obj.get("object_type") != "rect":
        return True
    if obj["width"] >= 0.9 * width and obj["height"] >= 0.9 * height:
        return False
    return not (
        obj.get("fill") and not obj.get("stroke") and _is_white(obj.get("non_stroking_color"))
    )
