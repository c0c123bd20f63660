"""Reader for PDF filings with a text layer: text lines and tables (ruled or text-aligned) via pdfplumber."""

from __future__ import annotations

import itertools
import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from gongkai.model import Block, Cell, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import collapse_spaces, normalize_text

__all__ = ["read_pdf"]

# pdfminer is chatty about broken fonts and xref recovery; those are not our user's business.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
_CJK = re.compile(
    r"[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’（）【】《》、。，：；]"
)
_PAGE_NUMBER = re.compile(r"^[-—─–‒_·•\s]*(第\s*)?\d{1,4}(\s*页)?([/／]\s*\d{1,4})?[-—─–‒_·•\s]*$")
# A row of a ruled table that is really the caption above it: "部门：XX  单位：万元".
_CAPTION = re.compile(
    r"^(单位|部门|编制单位|编制部门|单位名称|部门名称|预算单位|填报单位|金额单位)\s*[:：]"
)
_NUMERIC = re.compile(r"^[-+(（]?[\d,.]+[)）%]?$|^[-—–]+$")
_ROW_EPS = 0.5


# --------------------------------------------------------------------------- characters and lines


@dataclass
class _Line:
    """One visual line of characters, left to right."""

    chars: list[dict[str, Any]]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (_r(self.x0), _r(self.top), _r(self.x1), _r(self.bottom))


def _r(value: float) -> float:
    return round(float(value), 2)


def _group_lines(chars: Iterable[dict[str, Any]]) -> list[_Line]:
    """Cluster characters into visual lines by vertical overlap, each sorted left to right."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    lines: list[_Line] = []
    for ch in ordered:
        mid = (ch["top"] + ch["bottom"]) / 2
        placed = False
        # Only the last few lines can overlap a character further down the page.
        for line in reversed(lines[-4:]):
            if line.top - 0.5 <= mid <= line.bottom + 0.5:
                line.chars.append(ch)
                line.top = min(line.top, ch["top"])
                line.bottom = max(line.bottom, ch["bottom"])
                placed = True
                break
        if not placed:
            lines.append(_Line([ch], ch["top"], ch["bottom"]))
    for line in lines:
        line.chars.sort(key=lambda c: (c["x0"], c["top"]))
    lines.sort(key=lambda ln: (_r(ln.top), ln.x0))
    return lines


def _segments(line: _Line, gap_factor: float = 1.8) -> list[list[dict[str, Any]]]:
    """Split a line where the horizontal gap between characters exceeds ``gap_factor`` x font size."""
    segs: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    prev_x1: float | None = None
    for ch in line.chars:
        if not ch["text"].strip():
            continue  # printed spaces only matter as gaps
        size = max(ch.get("size") or 0.0, ch["bottom"] - ch["top"], 1.0)
        if current and prev_x1 is not None and ch["x0"] - prev_x1 > gap_factor * size:
            segs.append(current)
            current = []
        current.append(ch)
        prev_x1 = ch["x1"]
    if current:
        segs.append(current)
    return segs


def _chars_text(chars: Sequence[dict[str, Any]]) -> str:
    """Text of characters on one line, with a space where the gap is wider than a quarter em."""
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for ch in chars:
        text = ch["text"]
        if not text.strip():
            continue
        if prev is not None:
            size = max(ch.get("size") or 0.0, 1.0)
            if ch["x0"] - prev["x1"] > 0.25 * size:
                out.append(" ")
        out.append(text)
        prev = ch
    return collapse_spaces(normalize_text("".join(out)))


def _join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines of one cell: no space across CJK, one space between Latin/digit runs."""
    text = ""
    for part in parts:
        if not part:
            continue
        if not text:
            text = part
        elif _CJK.match(part[0]) or _CJK.match(text[-1]) or text[-1] in "-/(" or part[0] in ").,%":
            text += part
        else:
            text += " " + part
    return text


# --------------------------------------------------------------------------- page objects


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


# --------------------------------------------------------------------------- ruled tables


def _closing_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal rules where several vertical rules start or stop together but no rule is drawn.

    Word draws no top border on the first row of a table continued on a new page (and sometimes
    no bottom border above a page break); without it that row would be lost.
    """
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3]
    horizontals = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= 3]
    by_x: dict[int, list[dict[str, Any]]] = {}
    for e in edges:
        if e["orientation"] == "v":
            by_x.setdefault(round(e["x0"]), []).append(e)

    def continued(e: dict[str, Any], key: str) -> bool:
        # A rule drawn in pieces (省高院 2019 政府采购: every vertical rule is cut where a header
        # cell's text wraps) goes on past its end: that is no row boundary.
        other = "top" if key == "bottom" else "bottom"
        x = round(e["x0"])
        return any(
            f is not e and abs(f["x0"] - e["x0"]) <= 1 and abs(f[other] - e[key]) <= 1
            for f in by_x.get(x - 1, []) + by_x.get(x, []) + by_x.get(x + 1, [])
        )

    extra: list[dict[str, Any]] = []
    for key in ("top", "bottom"):
        groups: dict[int, list[dict[str, Any]]] = {}
        for e in verticals:
            if not continued(e, key):
                groups.setdefault(round(e[key]), []).append(e)
        for y, group in sorted(groups.items()):
            if len(group) < 2:
                continue
            x0 = min(e["x0"] for e in group)
            x1 = max(e["x1"] for e in group)
            # Any rule at that height means the grid is drawn there (perhaps only in part).
            covered = any(
                abs(h["top"] - y) <= 2 and h["x0"] < x1 and h["x1"] > x0 for h in horizontals
            )
            if not covered:
                yy = float(sum(e[key] for e in group) / len(group))
                extra.append(
                    {
                        "object_type": "line",
                        "x0": x0,
                        "x1": x1,
                        "top": yy,
                        "bottom": yy,
                        "width": x1 - x0,
                        "height": 0.0,
                    }
                )
    return extra


@dataclass
class _Grid:
    """A table as a grid of slots; ``origin`` cells carry text and spans."""

    xs: list[float]  # column boundaries, len = ncols + 1
    ys: list[float]  # row boundaries, len = nrows + 1
    # cells: (row, col, rowspan, colspan, bbox)
    cells: list[tuple[int, int, int, int, tuple[float, float, float, float]]]
    texts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def _boundaries(values: Iterable[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _grid_from_cells(bboxes: list[tuple[float, float, float, float]]) -> _Grid:
    xs = _boundaries([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _boundaries([b[1] for b in bboxes] + [b[3] for b in bboxes])

    def index(bounds: list[float], value: float) -> int:
        return max(0, bisect_right(bounds, value + 1.0) - 1)

    cells = []
    for b in bboxes:
        c0, c1 = index(xs, b[0]), index(xs, b[2])
        r0, r1 = index(ys, b[1]), index(ys, b[3])
        cells.append((r0, c0, max(1, r1 - r0), max(1, c1 - c0), b))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return _Grid(xs, ys, cells, bbox=bbox)


def _assign_chars(grid: _Grid, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put each character into the grid cell holding its centre; return the ones outside the grid."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    owner: list[list[int]] = [[-1] * ncols for _ in range(nrows)]
    for i, (r, c, rs, cs, _) in enumerate(grid.cells):
        for rr in range(r, min(r + rs, nrows)):
            for cc in range(c, min(c + cs, ncols)):
                owner[rr][cc] = i
    outside = []
    x0, top, x1, bottom = grid.bbox
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            outside.append(ch)
            continue
        c = min(max(bisect_right(grid.xs, cx) - 1, 0), ncols - 1)
        r = min(max(bisect_right(grid.ys, cy) - 1, 0), nrows - 1)
        i = owner[r][c]
        if i < 0:  # a slot without ruled cell: make it a cell of its own
            i = len(grid.cells)
            grid.cells.append(
                (r, c, 1, 1, (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1]))
            )
            owner[r][c] = i
        grid.texts.setdefault(i, []).append(ch)
    _pull_back_overflow(grid, owner)
    return outside


def _pull_back_overflow(grid: _Grid, owner: list[list[int]]) -> None:
    """Give back to a cell the wrapped line of its text that overflows the rule below it.

    省委办公厅 2019 政府采购: 采购组织形 | 式 — the second line of the header cell starts above the
    row's bottom rule but its centre lies in the row below. Text inside a ruled cell never
    starts above the cell's top rule, so such a line continues the cell above when that cell's
    text ends one line pitch higher.
    """
    for i, chars in list(grid.texts.items()):
        r, c, _, _, (_, top, _, _) = grid.cells[i]
        if r == 0:
            continue
        above = owner[r - 1][c]
        if above < 0 or above == i or not grid.texts.get(above):
            continue
        lines_above = _group_lines(grid.texts[above])
        last_bottom = max(ch["bottom"] for ch in lines_above[-1].chars)
        moved = [
            ch
            for ch in chars
            if ch["top"] < top - 1
            and 0 <= ch["top"] - last_bottom < 0.5 * (ch["bottom"] - ch["top"])
        ]
        if moved:
            grid.texts[above].extend(moved)
            ids = {id(ch) for ch in moved}
            rest = [ch for ch in chars if id(ch) not in ids]
            if rest:
                grid.texts[i] = rest
            else:
                del grid.texts[i]


def _cell_text(chars: list[dict[str, Any]]) -> str:
    return _join_lines(_chars_text(line.chars) for line in _group_lines(chars))


@dataclass
class _RawTable:
    """A table ready to become a TableBlock, still in page coordinates."""

    page: int
    rows: list[list[Cell]]
    bbox: tuple[float, float, float, float]
    col_bounds: list[float]
    # id(cell) -> (right end of the cell's last text line, font size): tells a wrapped label
    filled: dict[int, tuple[float, float]] = field(default_factory=dict)


def _text_end(chars: list[dict[str, Any]]) -> tuple[float, float]:
    """Right end and font size of the last line of a cell's text."""
    last = _group_lines(c for c in chars if c["text"].strip())[-1].chars
    sizes = sorted(max(c.get("size") or 0.0, 1.0) for c in last)
    return max(c["x1"] for c in last), sizes[len(sizes) // 2]


def _grid_to_table(grid: _Grid, page_number: int) -> _RawTable:
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    texts = {i: _cell_text(chars) for i, chars in grid.texts.items()}
    starts: dict[tuple[int, int], int] = {}
    for i, (r, c, _, _, _) in enumerate(grid.cells):
        if (r, c) not in starts or texts.get(i):
            starts[(r, c)] = i
    # Keep only columns where some non-empty cell starts, and rows that start a non-empty cell or
    # are tall enough to be a printed (blank) row; the rest are double rules and padding.
    keep_cols = [
        c
        for c in range(ncols)
        if any(texts.get(starts.get((r, c), -1)) for r in range(nrows))
        or grid.xs[c + 1] - grid.xs[c] >= 12
    ]
    keep_rows = [
        r
        for r in range(nrows)
        if any(texts.get(starts.get((r, c), -1)) for c in range(ncols))
        or grid.ys[r + 1] - grid.ys[r] >= 8
    ]
    col_index = {c: i for i, c in enumerate(keep_cols)}
    row_index = {r: i for i, r in enumerate(keep_rows)}
    rows: list[list[Cell | None]] = [[None] * len(keep_cols) for _ in keep_rows]
    filled: dict[int, tuple[float, float]] = {}
    for i, (r, c, rs, cs, bbox) in enumerate(grid.cells):
        text = texts.get(i, "")
        kept_r = [row_index[x] for x in range(r, r + rs) if x in row_index]
        kept_c = [col_index[x] for x in range(c, c + cs) if x in col_index]
        if not kept_r or not kept_c:
            continue
        r0, c0 = kept_r[0], kept_c[0]
        if rows[r0][c0] is not None and not text:
            continue
        rows[r0][c0] = Cell(
            text,
            Location(page=page_number, bbox=tuple(_r(v) for v in bbox)),  # type: ignore[arg-type]
            rowspan=len(kept_r),
            colspan=len(kept_c),
        )
        if text:
            filled[id(rows[r0][c0])] = _text_end(grid.texts[i])
        for rr in kept_r:
            for cc in kept_c:
                if (rr, cc) != (r0, c0) and rows[rr][cc] is None:
                    rows[rr][cc] = _slot_cell(grid, keep_rows[rr], keep_cols[cc], page_number)
    full: list[list[Cell]] = []
    for ri, row in enumerate(rows):
        full.append(
            [
                cell
                if cell is not None
                else _slot_cell(grid, keep_rows[ri], keep_cols[ci], page_number)
                for ci, cell in enumerate(row)
            ]
        )
    bounds = [grid.xs[c] for c in keep_cols] + ([grid.xs[keep_cols[-1] + 1]] if keep_cols else [])
    box = tuple(_r(v) for v in grid.bbox)
    return _RawTable(page_number, full, box, bounds, filled)  # type: ignore[arg-type]


def _slot_cell(grid: _Grid, r: int, c: int, page_number: int) -> Cell:
    bbox = (_r(grid.xs[c]), _r(grid.ys[r]), _r(grid.xs[c + 1]), _r(grid.ys[r + 1]))
    return Cell("", Location(page=page_number, bbox=bbox))


# --------------------------------------------------------------------------- text-aligned tables


def _text_tables(lines: list[_Line], page_number: int) -> list[tuple[int, int, _RawTable]]:
    """Find runs of lines that print columns (wide gaps, aligned, with amounts) and grid them.

    Returns (first line index, last line index + 1, table). Columns are the gaps in the union of
    the x-extents of the body lines (those holding amounts); header lines are cut at the same gaps.
    """
    found: list[tuple[int, int, _RawTable]] = []
    segs = [[s for s in _segments(line, 1.5) if s] for line in lines]
    n = len(lines)
    i = 0
    while i < n:
        if len(segs[i]) < 2:
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and len(segs[j]) >= 2
            and lines[j].top - lines[j - 1].bottom < 2.5 * max(lines[j].bottom - lines[j].top, 1.0)
        ):
            j += 1
        body = [k for k in range(i, j) if any(_NUMERIC.match(_chars_text(s)) for s in segs[k])]
        if j - i >= 3 and len(body) >= 2 and sum(len(segs[k]) >= 3 for k in range(i, j)) >= 2:
            table = _grid_text_lines(
                lines[i:j], segs[i:j], body and [k - i for k in body], page_number
            )
            if table is not None:
                found.append((i, j, table))
        i = j
    return found


def _grid_text_lines(
    lines: list[_Line], segs: list[list[list[dict[str, Any]]]], body: list[int], page_number: int
) -> _RawTable | None:
    spans = sorted((s[0]["x0"], max(c["x1"] for c in s)) for k in body for s in segs[k])
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 2:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    if len(cols) < 2:
        return None
    cuts = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(cols)]
    bounds = [cols[0][0], *cuts, cols[-1][1]]
    rows: list[list[Cell]] = []
    for line, line_segs in zip(lines, segs, strict=True):
        by_col: dict[int, list[list[dict[str, Any]]]] = {}
        spans_of: dict[int, int] = {}
        for s in line_segs:
            sx0, sx1 = s[0]["x0"], max(c["x1"] for c in s)
            first = bisect_right(cuts, sx0)
            last = bisect_right(cuts, sx1)
            by_col.setdefault(first, []).append(s)
            spans_of[first] = max(spans_of.get(first, 1), last - first + 1)
        row: list[Cell] = []
        c = 0
        while c < len(cols):
            y0, y1 = _r(line.top), _r(line.bottom)
            if c in by_col:
                chars = [ch for s in by_col[c] for ch in s]
                text = " ".join(_chars_text(s) for s in by_col[c])
                span = min(spans_of[c], len(cols) - c)
                bbox = (
                    _r(min(ch["x0"] for ch in chars)),
                    y0,
                    _r(max(ch["x1"] for ch in chars)),
                    y1,
                )
                row.append(
                    Cell(collapse_spaces(text), Location(page=page_number, bbox=bbox), colspan=span)
                )
                for k in range(1, span):
                    row.append(
                        Cell(
                            "",
                            Location(
                                page=page_number,
                                bbox=(_r(bounds[c + k]), y0, _r(bounds[c + k + 1]), y1),
                            ),
                        )
                    )
                c += span
            else:
                row.append(
                    Cell(
                        "",
                        Location(page=page_number, bbox=(_r(bounds[c]), y0, _r(bounds[c + 1]), y1)),
                    )
                )
                c += 1
        rows.append(row)
    bbox = (_r(bounds[0]), _r(lines[0].top), _r(bounds[-1]), _r(lines[-1].bottom))
    return _RawTable(page_number, rows, bbox, bounds)


# --------------------------------------------------------------------------- wrapped lines

# A line ending a sentence, introducing what follows or ending in leader dots (a contents entry)
# is not continued by the next line.
_ENDS_PHRASE = ("。", "；", "：", ";", ":", "！", "？", "!", "?", "…", ".")
# A line starting with an item marker (一、 （二） 3. ① •) starts something new.
_ITEM_START = re.compile(
    r"^\s*([（(]?[一二三四五六七八九十百零〇]+[）)、.．]|[（(]?\d{1,3}[）)、．]|\d{1,3}\.(?!\d)"
    r"|[（(]\d{1,3}[）)]|[①-⑳⑴-⒇]|[•●■◆▪·\-—*]|第\s*[一二三四五六七八九十\d]+\s*[部分章节条篇])"
)


@dataclass
class _TextLine:
    """A visual line of running text with the geometry needed to tell whether it wraps on."""

    line: _Line
    segs: list[tuple[float, float, str]]  # (x0, x1, text) of runs split at wide gaps
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
    out = ""
    for part in parts:
        if part:
            out = out + part if not out or out.endswith(("：", ":")) else out + "  " + part
    return out


def _text_line(line: _Line) -> _TextLine | None:
    segs = []
    for seg in _segments(line):
        text = _chars_text(seg)
        if text:
            segs.append((min(c["x0"] for c in seg), max(c["x1"] for c in seg), text))
    if not segs:
        return None
    sizes = sorted(max(c.get("size") or 0.0, 1.0) for c in line.chars if c["text"].strip())
    return _TextLine(line, segs, sizes[len(sizes) // 2])


@dataclass
class _Para:
    """Text lines joined into one block."""

    text: str
    lines: list[_TextLine]

    @property
    def last(self) -> _TextLine:
        return self.lines[-1]


def _may_continue(first: str, second: str) -> bool:
    return (
        bool(first)
        and bool(second)
        and not first.endswith(_ENDS_PHRASE)
        and not _ITEM_START.match(second)
        and not _PAGE_NUMBER.match(first)
        and not _PAGE_NUMBER.match(second)
    )


def _same_size(a: _TextLine, b: _TextLine) -> bool:
    return abs(a.size - b.size) <= 0.08 * max(a.size, b.size)


def _wraps_whole(a: _TextLine, b: _TextLine, left: float, right: float) -> bool:
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
    if not _may_continue(a.text, b.text):
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


def _wraps_run(
    a: _TextLine, b: _TextLine, between: list[_TextLine]
) -> tuple[int, list[tuple[float, float, str]]] | None:
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
            or not _may_continue(run[2], head[2])
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


def _join_text_lines(
    lines: list[_TextLine], barriers: list[float], left: float, right: float
) -> list[_Para]:
    """Join lines that wrap: paragraph and title lines, and runs wrapped inside a caption."""
    paras: list[_Para] = []
    i = 0
    n = len(lines)

    def blocked(a: _TextLine, b: _TextLine) -> bool:
        return any(a.line.top < y < b.line.top + 0.5 for y in barriers)

    while i < n:
        para = _Para(lines[i].text, [lines[i]])
        i += 1
        while i < n:
            a, b = para.last, lines[i]
            if blocked(a, b):
                break
            if _wraps_whole(a, b, left, right):
                para.text = _join_lines([para.text, b.text])
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
                    k, rest = found
                    c = lines[i + skip]
                    runs = [
                        (s[0], s[1], _join_lines([s[2], c.segs[0][2]]) if j == k else s[2])
                        for j, s in enumerate(a.segs)
                    ]
                    runs.extend(rest)
                    runs.sort(key=lambda s: s[0])
                    para.text = _runs_text(s[2] for s in runs)
                    para.lines.extend(lines[i : i + skip + 1])
                    i += skip + 1
            break
        paras.append(para)
    return paras


# --------------------------------------------------------------------------- titles, captions, order


def _is_caption_row(row: list[Cell]) -> bool:
    texts = [c.text for c in row if c.text]
    return bool(texts) and len(texts) <= 4 and any(_CAPTION.match(t) for t in texts)


def _caption_text(row: list[Cell]) -> str:
    out = ""
    for t in (c.text for c in row if c.text):
        out = out + t if (not out or out.endswith(("：", ":"))) else out + "  " + t
    return out


def _split_leading_text(table: _RawTable) -> list[TextBlock]:
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
            bbox = _union([c.location.bbox for c in filled])
            blocks.append(TextBlock(_caption_text(row), Location(page=table.page, bbox=bbox)))
        else:
            break
        table.rows.pop(0)
    # Drop blank rows left on top once the title rows are gone.
    while blocks and table.rows and not any(c.text for c in table.rows[0]):
        table.rows.pop(0)
    return blocks


def _union(
    boxes: Iterable[tuple[float, float, float, float] | None],
) -> tuple[float, float, float, float] | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


def _read_page(page: Any, page_number: int) -> list[tuple[float, int, Block | _RawTable]]:
    width, height = float(page.width), float(page.height)
    x0, top = float(page.bbox[0]), float(page.bbox[1])
    # Work in page coordinates; drop what lies outside the visible page and invisible backgrounds.
    view = page.crop(page.bbox) if (x0, top) == (0.0, 0.0) else page
    view = view.filter(lambda obj: _keep_object(obj, width, height))
    chars = [
        c for c in view.dedupe_chars(tolerance=1).chars if c["text"] and c.get("upright", True)
    ]
    chars += [
        c for c in view.chars if c["text"] and not c.get("upright", True) and c["text"].strip()
    ]

    raw_tables: list[_RawTable] = []
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=_closing_rules(view.edges))
    for found in view.find_tables(settings):
        bboxes = [tuple(float(v) for v in cell) for cell in found.cells]
        if not bboxes:
            continue
        grid = _grid_from_cells(bboxes)  # type: ignore[arg-type]
        if len(grid.xs) < 3 or len(grid.ys) < 2:
            continue
        chars_before = chars
        chars = _assign_chars(grid, chars)
        table = _grid_to_table(grid, page_number)
        if not table.rows or not any(c.text for row in table.rows for c in row):
            chars = chars_before  # a frame around text (underlines, a box): not a table
            continue
        if len(table.col_bounds) - 1 < 2 and len(table.rows) < 2:
            chars = chars_before
            continue
        raw_tables.append(table)

    lines = _group_lines(chars)
    items: list[tuple[float, int, Block | _RawTable]] = []
    if not raw_tables:
        used: set[int] = set()
        for first, end, table in _text_tables(lines, page_number):
            used.update(range(first, end))
            raw_tables.append(table)
        lines = [ln for k, ln in enumerate(lines) if k not in used]
    seq = 0
    text_lines = [t for t in (_text_line(line) for line in lines) if t is not None]
    body = [t for t in text_lines if not _PAGE_NUMBER.match(t.text)]
    lefts = [t.x0 for t in body] + [t.bbox[0] for t in raw_tables]
    rights = [t.x1 for t in body] + [t.bbox[2] for t in raw_tables]
    left, right = (min(lefts), max(rights)) if lefts else (0.0, width)
    barriers = [t.bbox[1] for t in raw_tables]
    for para in _join_text_lines(text_lines, barriers, left, right):
        bbox = _union([t.line.bbox for t in para.lines])
        items.append(
            (
                para.lines[0].line.top,
                seq,
                TextBlock(para.text, Location(page=page_number, bbox=bbox)),
            )
        )
        seq += 1
    for table in raw_tables:
        for block in _split_leading_text(table):
            items.append((table.bbox[1], seq, block))
            seq += 1
        if table.rows:
            items.append((table.bbox[1], seq, table))
            seq += 1
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    return items


# --------------------------------------------------------------------------- tables over pages


def _is_furniture(block: Block | _RawTable) -> bool:
    return isinstance(block, TextBlock) and bool(_PAGE_NUMBER.match(block.text))


def _join_pages(pages: list[list[Block | _RawTable]]) -> list[Block]:
    """Flatten pages; a table that starts a page and continues the one that ended the page before is joined.

    The continuation may repeat the title and caption printed above the table on the page before
    (the same text lines in the same order) together with its header row; those repeats are
    dropped.
    """
    out: list[Block | _RawTable] = []
    last_table: _RawTable | None = None  # the table that ended the previous page, if any
    heads: list[str] = []  # the text printed just before last_table on its page
    for items in pages:
        content = [b for b in items if not _is_furniture(b)]
        lead = next((k for k, b in enumerate(content) if not isinstance(b, TextBlock)), None)
        joined: Block | _RawTable | None = None
        repeats: list[Block | _RawTable] = []
        if last_table is not None and lead is not None:
            candidate = content[lead]
            texts = [b.text for b in content[:lead] if isinstance(b, TextBlock)]
            if (
                isinstance(candidate, _RawTable)
                and (not texts or _repeats(texts, heads, last_table, candidate))
                and _continues(last_table, candidate)
            ):
                joined, repeats = candidate, content[:lead]
        for block in items:
            if block is joined and last_table is not None and isinstance(block, _RawTable):
                _append_rows(last_table, block)
            elif not any(block is r for r in repeats):
                out.append(block)
        tail = content[-1] if content else None
        if isinstance(tail, _RawTable) and tail is not joined:
            last_table = tail
            k = len(content) - 1
            while k > 0 and isinstance(content[k - 1], TextBlock):
                k -= 1
            heads = [b.text for b in content[k:-1] if isinstance(b, TextBlock)]
        elif joined is None or tail is not joined:
            last_table = None  # unless the page holds only the continuation: keep it open
    blocks: list[Block] = []
    for b in out:
        if isinstance(b, _RawTable) and len(b.rows) == 1:
            # A lone row of boxes (a chart legend, a framed line) is text, not a table.
            cells = [c for c in b.rows[0] if c.text]
            text = "  ".join(c.text for c in cells)
            if text:
                blocks.append(TextBlock(text, Location(page=b.page, bbox=b.bbox)))
        elif isinstance(b, _RawTable):
            blocks.append(_finish(b))
        else:
            blocks.append(b)
    return blocks


def _repeats(texts: list[str], heads: list[str], prev: _RawTable, nxt: _RawTable) -> bool:
    """The page repeats the title lines and the header row of the table that ended the page before.

    Without the header row repeated as well, a table under the same title is a new one (a form
    printed once per project).
    """
    return (
        len(texts) <= len(heads)
        and heads[-len(texts) :] == texts
        and bool(prev.rows)
        and bool(nxt.rows)
        and [c.text for c in prev.rows[0]] == [c.text for c in nxt.rows[0]]
    )


def _tolerance(table: _RawTable) -> float:
    return max(6.0, 0.015 * (table.col_bounds[-1] - table.col_bounds[0]))


def _continues(prev: _RawTable, nxt: _RawTable) -> bool:
    """Same columns; or one side's rules are a subset of the other's (a header row of merged cells)."""
    if len(prev.col_bounds) < 3 or len(nxt.col_bounds) < 3:
        return False
    tol = _tolerance(prev)
    if len(prev.col_bounds) == len(nxt.col_bounds):
        return all(abs(a - b) <= tol for a, b in zip(prev.col_bounds, nxt.col_bounds, strict=True))
    small, big = sorted((prev.col_bounds, nxt.col_bounds), key=len)
    return (
        abs(small[0] - big[0]) <= tol
        and abs(small[-1] - big[-1]) <= tol
        and all(any(abs(a - b) <= tol for b in big) for a in small)
    )


def _expand(table: _RawTable, bounds: list[float], tol: float) -> None:
    """Re-grid a table onto finer column rules: a cell over several new columns gets a colspan."""

    def nearest(x: float) -> int:
        return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))

    mapping = [nearest(x) for x in table.col_bounds]
    new_rows: list[list[Cell]] = []
    for row in table.rows:
        new_row: list[Cell] = []
        for k, cell in enumerate(row):
            first, last = mapping[k], mapping[k + 1]
            width = max(1, last - first)
            new_cell = (
                Cell(
                    cell.text, cell.location, rowspan=cell.rowspan, colspan=cell.colspan + width - 1
                )
                if cell.text
                else cell
            )
            if id(cell) in table.filled:
                table.filled[id(new_cell)] = table.filled[id(cell)]
            new_row.append(new_cell)
            for i in range(first + 1, first + width):
                box = cell.location.bbox
                sub = (_r(bounds[i]), box[1], _r(bounds[i + 1]), box[3]) if box else None
                new_row.append(Cell("", Location(page=cell.location.page, bbox=sub)))
        new_rows.append(new_row)
    table.rows = new_rows
    table.col_bounds = list(bounds)


def _append_rows(prev: _RawTable, nxt: _RawTable) -> None:
    if len(prev.col_bounds) < len(nxt.col_bounds):
        _expand(prev, nxt.col_bounds, _tolerance(prev))
    elif len(nxt.col_bounds) < len(prev.col_bounds):
        _expand(nxt, prev.col_bounds, _tolerance(prev))
    prev_texts = [[c.text for c in row] for row in prev.rows]
    nxt_texts = [[c.text for c in row] for row in nxt.rows]
    k = 0
    while k < len(nxt_texts) - 1 and k < len(prev_texts) and nxt_texts[k] == prev_texts[k]:
        k += 1
    rest = nxt.rows[k:]
    if rest and prev.rows and _continues_row(prev, prev.rows[-1], nxt, rest[0]):
        prev.rows[-1] = _merge_rows(prev.rows[-1], rest.pop(0))
    prev.rows.extend(rest)
    prev.filled.update(nxt.filled)


def _continues_row(table: _RawTable, above: list[Cell], below: _RawTable, row: list[Cell]) -> bool:
    """``row`` (first of the next page) only carries on labels of ``above`` that wrapped at the break.

    Every non-empty cell of ``row`` is text (no amount), shorter than and not filling its cell,
    and sits directly under a text cell of ``above`` of the same span whose last line runs to the
    cell's right edge and does not end a phrase; a row ``above`` without amounts (perhaps a header)
    must be so continued in every text cell. An item marker (十八、 2. （三）) at the start of
    ``row`` means a row of its own.
    """
    if len(above) != len(row):
        return False
    pairs = [(a, b) for a, b in zip(above, row, strict=True) if b.text]
    labels = [a for a in above if a.text and not _NUMERIC.match(a.text)]
    amounts = len(labels) < len([a for a in above if a.text])
    if not pairs or (len(labels) != len(pairs) and not amounts):
        return False  # a row of headers (no amount) must wrap on in every label
    for a, b in pairs:
        if _NUMERIC.match(b.text) or not a.text or _NUMERIC.match(a.text):
            return False
        if a.colspan != b.colspan or not _may_continue(a.text, b.text):
            return False
        if len(b.text) >= len(a.text) or not _fills(table, a) or _fills(below, b):
            return False
    return True


def _fills(table: _RawTable, cell: Cell) -> bool:
    """The last line of the cell's text runs to within two characters of its right rule."""
    end = table.filled.get(id(cell))
    box = cell.location.bbox
    return end is not None and box is not None and end[0] >= box[2] - 2.0 * end[1]


def _merge_rows(above: list[Cell], row: list[Cell]) -> list[Cell]:
    return [
        Cell(_join_lines([a.text, b.text]), a.location, rowspan=a.rowspan, colspan=a.colspan)
        if b.text
        else a
        for a, b in zip(above, row, strict=True)
    ]


def _finish(table: _RawTable) -> TableBlock:
    return TableBlock(
        rows=tuple(tuple(row) for row in table.rows),
        location=Location(page=table.page, bbox=table.bbox),
    )


# --------------------------------------------------------------------------- entry point


def read_pdf(path: Path) -> Document:
    """Read a PDF into text and table blocks in reading order; raise ReadError for unusable files."""
    name = path.name
    try:
        pdf = pdfplumber.open(path)
    except (
        PdfminerException,
        PDFSyntaxError,
        PSException,
        PDFEncryptionError,
        PDFPasswordIncorrect,
    ) as exc:
        raise _open_error(name, exc) from None
    except OSError as exc:
        raise ReadError(
            f"{name}: cannot open the file ({exc.strerror or exc}); check the path"
        ) from None
    except Exception as exc:
        raise _open_error(name, exc) from None
    with pdf:
        try:
            pages = list(pdf.pages)
            page_items: list[list[Block | _RawTable]] = []
            n_chars = 0
            for number, page in enumerate(pages, start=1):
                items = _read_page(page, number)
                n_chars += len(page.chars)
                page_items.append([block for _, _, block in items])
        except ReadError:
            raise
        except Exception as exc:
            raise _open_error(name, exc) from None
    if not pages:
        raise ReadError(
            f"{name}: the PDF has no pages; the file is damaged or truncated, download it again"
        )
    if n_chars == 0:
        raise ReadError(
            f"{name}: no text layer (scanned PDF?); gongkai reads the text of PDFs and does not do OCR. "
            "Look for a text version of the filing (XLS, DOC or a text PDF) or run OCR first "
            "(e.g. ocrmypdf --language chi_sim) and read the result"
        )
    blocks = _join_pages(page_items)
    return Document(source=name, format="pdf", blocks=tuple(blocks), pages=len(pages))


def _open_error(name: str, exc: BaseException) -> ReadError:
    inner: BaseException = exc
    while (
        isinstance(inner, PdfminerException)
        and inner.args
        and isinstance(inner.args[0], BaseException)
    ):
        inner = inner.args[0]
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return ReadError(
            f"{name}: the PDF is encrypted and cannot be opened without a password; "
            "ask the publisher for an unprotected copy or remove the protection and retry"
        )
    detail = str(inner) or type(inner).__name__
    return ReadError(
        f"{name}: not a readable PDF (damaged, truncated or another format: {detail}); "
        "download the file again or check that it really is a PDF"
    )
