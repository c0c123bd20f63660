"""重庆's 、 of an item number (一、) is set in its digit font (E-BZ), whose box pdfminer drops most of
a line: moved onto its baseline, the label reads as printed (一、一般公共预算资金, not
一一般公共预算资金、 as before 7c55e96)."""

from __future__ import annotations

from typing import Any

from gongkai.readers.pdf.lines import chars_text, group_lines
from gongkai.readers.pdf.page import _on_baseline


def _char(text: str, x0: float, top: float, y0: float, baseline: float) -> dict[str, Any]:
    """A character of 重庆经信委 2026 表一 (page 7) with pdfplumber's real coordinates."""
    size = 10.29
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + size,
        "top": top,
        "bottom": top + size,
        "doctop": top,
        "y0": y0,
        "y1": y0 + size,
        "size": size,
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, baseline),
    }


def test_the_dropped_comma_of_an_item_number_stays_after_its_numeral() -> None:
    chars = [
        _char("一", 79.39, 231.73, 353.33, 355.82),
        _char("、", 89.87, 239.47, 345.58, 356.2),  # E-BZ: its box 7.7 pt lower
        _char("一", 100.34, 231.73, 353.33, 355.82),
        _char("般", 110.82, 231.73, 353.33, 355.82),
        _char("公", 121.3, 231.73, 353.33, 355.82),
    ]
    assert [chars_text(line.chars) for line in group_lines(chars)] == ["一一般公", "、"]
    moved = [_on_baseline(c) for c in chars]
    assert [chars_text(line.chars) for line in group_lines(moved)] == ["一、一般公"]
