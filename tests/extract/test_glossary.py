"""名词解释 entries however numbered (1、 一、 （一）), wrapped definitions joined, page numbers
dropped, the section ending at the next part heading."""

from __future__ import annotations

from gongkai.extract.narrative import glossary, sections
from gongkai.model import Location


def _lines(*texts: str) -> list[tuple[str, Location]]:
    return [(text, Location(page=9, line=i)) for i, text in enumerate(texts, start=1)]


def test_entries_of_every_numbering() -> None:
    paragraphs = sections(
        _lines(
            "第三部分 情况说明",
            "一、收支预算总体情况：收入37188.34万元。",
            "第四部分 名词解释",
            "一、财政拨款：指一般公共预算财政拨款和政府性基金预算财",
            "政拨款。",
            "四、其他资金：包括事业收入",
            "13",
            "（一）事业收入：指事业单位开展专业业务活动取得的收入。",
            "3.机关运行经费：指保障机构运行的经费。",
            "第五部分 附表",
            "一、收支总表：见附表。",
        )
    )
    found = [
        (g["term_no"], g["term"], g["term_plain"], g["definition"]) for g in glossary(paragraphs)
    ]
    assert found == [
        (1, "财政拨款", "财政拨款", "指一般公共预算财政拨款和政府性基金预算财政拨款。"),
        (2, "其他资金", "其他资金", "包括事业收入"),
        (3, "事业收入", "事业收入", "指事业单位开展专业业务活动取得的收入。"),
        (4, "机关运行经费", "机关运行经费", "指保障机构运行的经费。"),
    ]


def test_a_plain_title_line_starts_the_glossary() -> None:
    """上海: 名词解释 centred as a plain line, entries （一）…, ended by the next heading."""
    paragraphs = sections(
        _lines(
            "名词解释",
            "（一）财政拨款收入：是本年度从本级财政部门取得的财政拨款。",
            "（二）事业收入：指事业单位开展专业业务活动取得的收入。",
            "2025年部门预算编制说明",
            "1、收入预算：3,121.42万元。",
        )
    )
    assert [(g["term"], g["page"]) for g in glossary(paragraphs)] == [
        ("财政拨款收入", 9),
        ("事业收入", 9),
    ]
