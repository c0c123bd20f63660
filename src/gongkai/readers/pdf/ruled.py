"""Ruled tables: tables drawn with rules, found by pdfplumber and gridded with the characters inside."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gongkai.model import Cell, Location
from gongkai.readers.pdf.lines import (
    BBox,
    Char,
    chars_text,
    group_lines,
    join_lines,
    median_size,
    rounded,
)
from gongkai.readers.pdf.rawtable import RawTable, TextEnds

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
Edge = dict[str, Any]


def ruled_tables(
    view: Any, chars: list[Char], page_number: int
) -> tuple[list[RawTable], list[Char]]:
    """The ruled tables of a page view, and the characters left outside them."""
    tables: list[RawTable] = []
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=closing_rules(view.edges))
    for found in view.find_tables(settings):
        bboxes = [tuple(float(v) for v in cell) for cell in found.cells]
        if not bboxes:
            continue
        grid = _grid_from_cells(bboxes)  # type: ignore[arg-type]
        if len(grid.xs) < 3 or len(grid.ys) < 2:
            continue
        outside = _assign_chars(grid, chars)
        table = _grid_to_table(grid, page_number)
        if not table.rows or not any(c.text for row in table.rows for c in row):
            continue  # a frame around text (underlines, a box): not a table
        if len(table.col_bounds) - 1 < 2 and len(table.rows) < 2:
            continue
        tables.append(table)
        chars = outside
    return tables, chars


# --------------------------------------------------------------------------- missing rules


def closing_rules(edges: list[Edge]) -> list[Edge]:
    """Horizontal rules where several vertical rules start or stop together but no rule is drawn.

    Word draws no top border on the first row of a table continued on a new page (and sometimes
    no bottom border above a page break); without it that row would be lost.
    """
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3]
    horizontals = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= 3]
    by_x: dict[int, list[Edge]] = {}
    for e in edges:
        if e["orientation"] == "v":
            by_x.setdefault(round(e["x0"]), []).append(e)
    extra: list[Edge] = []
    for key in ("top", "bottom"):
        groups: dict[int, list[Edge]] = {}
        for e in verticals:
            if not _continued(e, key, by_x):
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
                extra.append(_rule(x0, x1, yy))
    return extra


def _continued(e: Edge, key: str, by_x: dict[int, list[Edge]]) -> bool:
    """The vertical rule goes on past its ``key`` end in another piece: that is no row boundary.

    省高院 2019 政府采购: every vertical rule is cut where a header cell's text wraps.
    """
    other = "top" if key == "bottom" else "bottom"
    x = round(e["x0"])
    return any(
        f is not e and abs(f["x0"] - e["x0"]) <= 1 and abs(f[other] - e[key]) <= 1
        for f in by_x.get(x - 1, []) + by_x.get(x, []) + by_x.get(x + 1, [])
    )


def _rule(x0: float, x1: float, y: float) -> Edge:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0.0,
    }


# --------------------------------------------------------------------------- cells to a grid


@dataclass
class _Grid:
    """A table as a grid of slots; ``origin`` cells carry text and spans."""

    xs: list[float]  # column boundaries, len = ncols + 1
    ys: list[float]  # row boundaries, len = nrows + 1
    # cells: (row, col, rowspan, colspan, bbox)
    cells: list[tuple[int, int, int, int, BBox]]
    texts: dict[int, list[Char]] = field(default_factory=dict)
    bbox: BBox = (0.0, 0.0, 0.0, 0.0)


def _boundaries(values: Iterable[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _grid_from_cells(bboxes: list[BBox]) -> _Grid:
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


def _assign_chars(grid: _Grid, chars: list[Char]) -> list[Char]:
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
        lines_above = group_lines(grid.texts[above])
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


# --------------------------------------------------------------------------- grid to table


def _cell_text(chars: list[Char]) -> str:
    return join_lines(chars_text(line.chars) for line in group_lines(chars))


def _text_end(chars: list[Char]) -> tuple[float, float]:
    """Right end and font size of the last line of a cell's text."""
    last = group_lines(c for c in chars if c["text"].strip())[-1].chars
    return max(c["x1"] for c in last), median_size(last)


def _kept_slots(grid: _Grid, texts: dict[int, str]) -> tuple[list[int], list[int]]:
    """The grid rows and columns that the table keeps.

    Only columns where some non-empty cell starts, and rows that start a non-empty cell or are
    tall enough to be a printed (blank) row; the rest are double rules and padding.
    """
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    starts: dict[tuple[int, int], int] = {}
    for i, (r, c, _, _, _) in enumerate(grid.cells):
        if (r, c) not in starts or texts.get(i):
            starts[(r, c)] = i
    keep_rows = [
        r
        for r in range(nrows)
        if any(texts.get(starts.get((r, c), -1)) for c in range(ncols))
        or grid.ys[r + 1] - grid.ys[r] >= 8
    ]
    keep_cols = [
        c
        for c in range(ncols)
        if any(texts.get(starts.get((r, c), -1)) for r in range(nrows))
        or grid.xs[c + 1] - grid.xs[c] >= 12
    ]
    return keep_rows, keep_cols


def _grid_to_table(grid: _Grid, page_number: int) -> RawTable:
    texts = {i: _cell_text(chars) for i, chars in grid.texts.items()}
    keep_rows, keep_cols = _kept_slots(grid, texts)
    row_index = {r: i for i, r in enumerate(keep_rows)}
    col_index = {c: i for i, c in enumerate(keep_cols)}
    rows: list[list[Cell | None]] = [[None] * len(keep_cols) for _ in keep_rows]
    filled = TextEnds()
    for i, (r, c, rs, cs, bbox) in enumerate(grid.cells):
        text = texts.get(i, "")
        kept_r = [row_index[x] for x in range(r, r + rs) if x in row_index]
        kept_c = [col_index[x] for x in range(c, c + cs) if x in col_index]
        if not kept_r or not kept_c:
            continue
        r0, c0 = kept_r[0], kept_c[0]
        if rows[r0][c0] is not None and not text:
            continue
        cell = Cell(
            text,
            Location(page=page_number, bbox=tuple(rounded(v) for v in bbox)),  # type: ignore[arg-type]
            rowspan=len(kept_r),
            colspan=len(kept_c),
        )
        rows[r0][c0] = cell
        if text:
            filled.set(cell, _text_end(grid.texts[i]))
        for rr in kept_r:
            for cc in kept_c:
                if (rr, cc) != (r0, c0) and rows[rr][cc] is None:
                    rows[rr][cc] = _slot_cell(grid, keep_rows[rr], keep_cols[cc], page_number)
    full = [
        [
            cell
            if cell is not None
            else _slot_cell(grid, keep_rows[ri], keep_cols[ci], page_number)
            for ci, cell in enumerate(row)
        ]
        for ri, row in enumerate(rows)
    ]
    bounds = [grid.xs[c] for c in keep_cols] + ([grid.xs[keep_cols[-1] + 1]] if keep_cols else [])
    box = tuple(rounded(v) for v in grid.bbox)
    return RawTable(page_number, full, box, bounds, filled)  # type: ignore[arg-type]


def _slot_cell(grid: _Grid, r: int, c: int, page_number: int) -> Cell:
    """An empty cell over one slot of the grid (inside a span, or where nothing was ruled)."""
    bbox = (
        rounded(grid.xs[c]),
        rounded(grid.ys[r]),
        rounded(grid.xs[c + 1]),
        rounded(grid.ys[r + 1]),
    )
    return Cell("", Location(page=page_number, bbox=bbox))
