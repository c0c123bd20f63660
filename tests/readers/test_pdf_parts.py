"""Unit tests of the PDF reader's parts on inline inputs (no PDF file needed)."""

from __future__ import annotations

from gongkai.model import Cell, Location
from gongkai.readers.pdf.lines import group_lines, join_lines
from gongkai.readers.pdf.paragraphs import may_continue
from gongkai.readers.pdf.rawtable import TextEnds


def _char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "size": size}


def test_text_end_of_a_dropped_cell_is_not_inherited_by_a_new_one() -> None:
    ends = TextEnds()
    ends.set(Cell("一般公共服务支出", Location(page=1)), (120.0, 9.0))  # the cell itself is dropped
    fresh = [Cell("", Location(page=1)) for _ in range(50)]  # would reuse the freed id
    assert [ends.get(cell) for cell in fresh] == [None] * 50


def test_characters_group_into_lines_left_to_right() -> None:
    chars = [_char("乙", 20, 0.5), _char("甲", 10, 0), _char("丙", 10, 30)]
    lines = group_lines(chars)  # type: ignore[arg-type]
    assert [[c["text"] for c in line.chars] for line in lines] == [["甲", "乙"], ["丙"]]
    assert [line.bbox for line in lines] == [(10.0, 0.0, 30.0, 10.5), (10.0, 30.0, 20.0, 40.0)]


def test_wrapped_parts_join_without_space_across_cjk() -> None:
    assert (
        join_lines(["一般公共", "服务支出", "", "total", "amount"])
        == "一般公共服务支出total amount"
    )
    assert may_continue("一般公共", "服务支出")
    assert not may_continue("说明如下：", "服务支出")
    assert not may_continue("一般公共", "二、教育支出")


def _on_page(text: str, x0: float, baseline: float, below: float, size: float = 10.0) -> dict:
    """A character as pdfplumber gives it on a 600 pt page: its box reaches ``below`` under the
    baseline (pdfminer's y grows upwards, top/bottom downwards)."""
    bottom = baseline + below
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + size,
        "top": bottom - size,
        "bottom": bottom,
        "doctop": bottom - size,
        "y0": 600 - bottom,
        "y1": 600 - bottom + size,
        "size": size,
        "matrix": (size, 0, 0, size, x0, 600 - baseline),
    }


def test_digits_of_a_font_declaring_a_deep_descent_sit_on_their_baseline() -> None:
    """重庆's digit font declares a descent of about one em: pdfminer sets its digits a line
    below the words of the same baseline. Moved up, — 455 — and 单位:万元 are one line each."""
    from gongkai.readers.pdf.page import _on_baseline

    chars = [
        _on_page("单", 10, 100, 2.2),
        _on_page("位", 20, 100, 2.2),
        _on_page(":", 30, 100, 10.3),
        _on_page("万", 40, 100, 2.2),
        _on_page("元", 50, 100, 2.2),
    ]
    moved = [_on_baseline(c) for c in chars]  # type: ignore[arg-type]
    assert [round(c["bottom"], 2) for c in moved] == [102.2, 102.2, 102.5, 102.2, 102.2]
    assert moved[0] is chars[0]  # a real font's character is left as it is
    lines = group_lines(moved)  # type: ignore[arg-type]
    assert ["".join(c["text"] for c in line.chars) for line in lines] == ["单位:万元"]


def test_page_numbers_with_spaced_digits() -> None:
    from gongkai.readers.pdf.lines import PAGE_NUMBER

    assert [bool(PAGE_NUMBER.match(t)) for t in ("— 1 0 —", "— 455 —", "- 18 -", "第 3 页")] == [
        True
    ] * 4
    assert [bool(PAGE_NUMBER.match(t)) for t in ("1 2 3 4 5", "2026年", "12.5")] == [False] * 3
