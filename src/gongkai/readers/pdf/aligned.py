"""Rule-less tables: runs of text lines that print aligned columns with amounts, cut into a grid."""

from __future__ import annotations

import itertools
from bisect import bisect_right

from gongkai.model import Cell, Location
from gongkai.normalize import collapse_spaces
from gongkai.readers.pdf.lines import NUMERIC, Char, Line, chars_text, rounded, segments
from gongkai.readers.pdf.rawtable import RawTable


def text_tables(lines: list[Line], page_number: int) -> list[tuple[int, int, RawTable]]:
    """Find runs of lines that print columns (wide gaps, aligned, with amounts) and grid them.

    Returns (first line index, last line index + 1, table). Columns are the gaps in the union of
    the x-extents of the body lines (those holding amounts); header lines are cut at the same gaps.
    """
    found: list[tuple[int, int, RawTable]] = []
    segs = [[s for s in segments(line, 1.5) if s] for line in lines]
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
        body = [k for k in range(i, j) if any(NUMERIC.match(chars_text(s)) for s in segs[k])]
        if j - i >= 3 and len(body) >= 2 and sum(len(segs[k]) >= 3 for k in range(i, j)) >= 2:
            table = _grid_text_lines(
                lines[i:j], segs[i:j], body and [k - i for k in body], page_number
            )
            if table is not None:
                found.append((i, j, table))
        i = j
    return found


def _grid_text_lines(
    lines: list[Line], segs: list[list[list[Char]]], body: list[int], page_number: int
) -> RawTable | None:
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
    rows = [
        _aligned_row(line, line_segs, cuts, bounds, page_number)
        for line, line_segs in zip(lines, segs, strict=True)
    ]
    bbox = (
        rounded(bounds[0]),
        rounded(lines[0].top),
        rounded(bounds[-1]),
        rounded(lines[-1].bottom),
    )
    return RawTable(page_number, rows, bbox, bounds)


def _aligned_row(
    line: Line, line_segs: list[list[Char]], cuts: list[float], bounds: list[float], page: int
) -> list[Cell]:
    """One line cut at the column gaps: a run over several columns is one cell with a colspan."""
    ncols = len(bounds) - 1
    by_col: dict[int, list[list[Char]]] = {}
    spans_of: dict[int, int] = {}
    for s in line_segs:
        sx0, sx1 = s[0]["x0"], max(c["x1"] for c in s)
        first = bisect_right(cuts, sx0)
        last = bisect_right(cuts, sx1)
        by_col.setdefault(first, []).append(s)
        spans_of[first] = max(spans_of.get(first, 1), last - first + 1)
    y0, y1 = rounded(line.top), rounded(line.bottom)

    def blank(c: int) -> Cell:
        return Cell(
            "", Location(page=page, bbox=(rounded(bounds[c]), y0, rounded(bounds[c + 1]), y1))
        )

    row: list[Cell] = []
    c = 0
    while c < ncols:
        if c not in by_col:
            row.append(blank(c))
            c += 1
            continue
        chars = [ch for s in by_col[c] for ch in s]
        text = " ".join(chars_text(s) for s in by_col[c])
        span = min(spans_of[c], ncols - c)
        bbox = (
            rounded(min(ch["x0"] for ch in chars)),
            y0,
            rounded(max(ch["x1"] for ch in chars)),
            y1,
        )
        row.append(Cell(collapse_spaces(text), Location(page=page, bbox=bbox), colspan=span))
        row.extend(blank(c + k) for k in range(1, span))
        c += span
    return row
