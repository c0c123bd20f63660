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
