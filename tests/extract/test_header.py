"""Header flattening and column mapping, on printed header rows."""

from __future__ import annotations

import re

from gongkai.extract.header import (
    flatten_header,
    is_column_number_row,
    map_columns,
    split_captions,
    split_header,
)
from tests.extract.grids import rows


def test_ragged_header_groups_span_their_run_and_merged_labels_stay() -> None:
    # a text export omits merged cells: 科目 spans two rows, 本年收入 groups two leaves
    header = [["科目", "合计", "本年收入"], ["编码", "名称", "", "财政拨款", "事业收入"]]
    assert flatten_header(header, 5) == [
        "科目/编码",
        "科目/名称",
        "合计",
        "本年收入/财政拨款",
        "本年收入/事业收入",
    ]


def test_full_width_group_stops_where_a_cell_above_starts() -> None:
    header = [
        ["合计", "公务用车", "", "公务接待费"],
        ["", "购置费", "运行费", ""],
        ["预算数", "预算数", "预算数", "预算数"],
    ]
    assert flatten_header(header, 4) == [
        "合计/预算数",
        "公务用车/购置费/预算数",
        "公务用车/运行费/预算数",
        "公务接待费/预算数",
    ]


def test_header_ends_at_the_first_data_row_or_column_numbers() -> None:
    assert split_header([["科目", "合计"], ["201", "1.00"]]) == 1
    assert split_header([["项目", "金额"], ["栏次", "1"], ["合计", "2.00"]]) == 1
    assert split_header([["科目编码", "科目名称"], ["合计"]]) == 1  # an empty table's total line


def test_column_numbers_may_end_in_stars() -> None:
    """陕西 人社局 2020 表11 numbers its columns 1 … 10 and prints ** under 备注."""
    assert is_column_number_row([str(n) for n in range(1, 11)] + ["**"])
    assert not is_column_number_row(["242001", "西安市就业服务中心", "3.82", "**"])
    assert not is_column_number_row(["1", "2", "**"])


def test_each_field_takes_the_first_unused_column_it_matches() -> None:
    patterns = {"total": re.compile("合计"), "basic": re.compile("基本支出")}
    assert map_columns(["名称", "合计", "基本支出", "合计"], patterns) == [
        None,
        "total",
        "basic",
        None,
    ]


def test_caption_rows_are_not_table_rows() -> None:
    captions, body = split_captions(rows("323昌黎县人社局 | 单位：万元", "项目 | 金额"))
    assert captions == ["323昌黎县人社局", "单位：万元"]
    assert [c.text for c in body[0]] == ["项目", "金额"]
