"""Identity from the document: the cover's title lines (as the renwu PDFs print them) give
department, year, scope and phase; captions that are not a name are not taken for one."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.extract.identity import cover_identity, cover_lines, identify, metadata_from_captions
from gongkai.extract.results import Filing
from gongkai.model import Document
from tests.extract.grids import block, text


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["2026 年度", "福州市公安局文职人员", "管理中心单位预算"],
            ("福州市公安局文职人员管理中心", 2026, "单位", "预算"),
        ),
        (
            ["湖州市退役军人事务局 2026 年", "部门预算"],
            ("湖州市退役军人事务局", 2026, "部门", "预算"),
        ),
        (["西安市气象局 2022 年部门综合预算"], ("西安市气象局", 2022, "部门", "预算")),
        (
            ["重庆市经济和信息化委员会 2026 年部门预算情况说明"],
            ("重庆市经济和信息化委员会", 2026, "部门", "预算"),
        ),
        (
            ["2026 年深圳市发展和改革委员会（本", "级）部门预算"],
            ("深圳市发展和改革委员会（本级）", 2026, "部门", "预算"),
        ),
        (
            ["2026年", "珠海市政府投资交通市政项目工务中心部门", "预算"],
            ("珠海市政府投资交通市政项目工务中心", 2026, "部门", "预算"),
        ),
        (
            ["上海市2026年市级单位预算", "预算单位：上海市数据局"],
            ("上海市数据局", 2026, "单位", "预算"),
        ),
        (["上海市普陀区2023年区级部门预算"], (None, 2023, "部门", "预算")),
        (
            ["2018 年度江苏省高级", "人民法院预算公开", "2018 年 2 月 24 日"],
            ("江苏省高级人民法院", 2018, None, "预算"),
        ),
        (
            ["上海市普陀区财政局2024年度部门决算"],
            ("上海市普陀区财政局", 2024, "部门", "决算"),
        ),
    ],
)
def test_cover_title(lines: list[str], expected: tuple[Any, ...]) -> None:
    found = cover_identity(lines)
    keys = ("department_name_printed", "year_printed", "scope_printed", "phase_printed")
    assert tuple(found.get(k) for k in keys) == expected


def test_cover_without_a_title_says_nothing() -> None:
    assert cover_identity(["预算01表 收支总表"]) == {}


def test_cover_lines_stop_at_the_contents_and_the_first_table() -> None:
    document = Document(
        source="f.pdf",
        format="pdf",
        blocks=(
            text("2026年", 1, page=1),
            text("广州市统计局部门预算", 2, page=1),
            text("目 录", 3, page=1),
            text("第一部分 概况", 4, page=1),
        ),
    )
    assert cover_lines([document]) == ["2026年", "广州市统计局部门预算"]
    tables_first = Document(
        source="t.pdf", format="pdf", blocks=(block("项目 | 预算数", first_line=1, page=1),)
    )
    assert cover_lines([tables_first]) == []


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("部门名称：第三部分", None),
        ("部门：“”", None),
        ("部门名称：杭州市交通运输局 单位：万元", "杭州市交通运输局"),
        ("部门名称：-湖州市交通运输局", None),
        ("部门名称：331001-湖州市交通运输局", "湖州市交通运输局"),
        ("单位名称：_泉州市公安局晋江国际机场分局_机场公安综合修缮改造项目绩效目标表", None),
        ("部门名称：江苏省高级人民法院", "江苏省高级人民法院"),
    ],
)
def test_caption_names(caption: str, expected: str | None) -> None:
    meta: dict[str, Any] = {}
    metadata_from_captions([caption], meta)
    assert meta.get("department_name_printed") == expected


def test_a_department_caption_names_it_formally_the_cover_gives_year_and_scope() -> None:
    """江苏省委办公厅2019年度部门预算公开 on the cover, 部门名称：中共江苏省委办公厅 above the tables."""
    filing = Filing(filing_id="f", sources=["f.pdf"], metadata={})
    identify(filing, ["部门名称：中共江苏省委办公厅"], ["江苏省委办公厅2019年度部门预算公开"])
    meta = filing.metadata
    assert (meta["department_name_printed"], meta["year_printed"], meta["scope_printed"]) == (
        "中共江苏省委办公厅",
        2019,
        "部门",
    )


def test_a_cover_name_over_a_shorter_caption() -> None:
    filing = Filing(filing_id="f", sources=["f.pdf"], metadata={})
    identify(
        filing, ["部门名称：331001-退役军人事务局"], ["湖州市退役军人事务局 2026 年", "部门预算"]
    )
    assert filing.metadata["department_name_printed"] == "湖州市退役军人事务局"
