"""Characters to visual lines: grouping by height, splitting at wide gaps, text with its spacing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gongkai.normalize import collapse_spaces, normalize_text

# A pdfplumber character: text, x0, x1, top, bottom, size, upright...
Char = dict[str, Any]
BBox = tuple[float, float, float, float]

CJK = re.compile(
    r"[\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’（）【】《》、。，：；]"
)
# 重庆 prints — 1 0 — (its digits spaced)
PAGE_NUMBER = re.compile(
    r"^[-—─–‒_·•\s]*(第\s*)?\d(?: ?\d){0,3}(\s*页)?([/／]\s*\d{1,4})?[-—─–‒_·•\s]*$"
)
# The text of a cell that holds an amount (or a dash for none), not a label.
NUMERIC = re.compile(r"^[-+(（]?[\d,.]+[)）%]?$|^[-—–]+$")


@dataclass
class Line:
    """One visual line of characters, left to right."""

    chars: list[Char]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def bbox(self) -> BBox:
        return (rounded(self.x0), rounded(self.top), rounded(self.x1), rounded(self.bottom))


def rounded(value: float) -> float:
    """A coordinate as the document model stores it: two decimals."""
    return round(float(value), 2)


def union(boxes: Iterable[BBox | None]) -> BBox | None:
    """The smallest box around the given boxes; None when there are none."""
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Cluster characters into visual lines by vertical overlap, each sorted left to right."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    lines: list[Line] = []
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
            lines.append(Line([ch], ch["top"], ch["bottom"]))
    for line in lines:
        line.chars.sort(key=lambda c: (c["x0"], c["top"]))
    lines.sort(key=lambda ln: (rounded(ln.top), ln.x0))
    return lines


def segments(line: Line, gap_factor: float = 1.8) -> list[list[Char]]:
    """Split a line where the horizontal gap between characters exceeds ``gap_factor`` x font size."""
    segs: list[list[Char]] = []
    current: list[Char] = []
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


def chars_text(chars: Sequence[Char]) -> str:
    """Text of characters on one line, with a space where the gap is wider than a quarter em."""
    out: list[str] = []
    prev: Char | None = None
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


def join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines of one cell: no space across CJK, one space between Latin/digit runs."""
    text = ""
    for part in parts:
        if not part:
            continue
        if not text:
            text = part
        elif CJK.match(part[0]) or CJK.match(text[-1]) or text[-1] in "-/(" or part[0] in ").,%":
            text += part
        else:
            text += " " + part
    return text


def median_size(chars: Iterable[Char]) -> float:
    """The middle font size of some characters (at least 1)."""
    sizes = sorted(max(c.get("size") or 0.0, 1.0) for c in chars)
    return sizes[len(sizes) // 2]
