"""A whole (tiny) filing walked: titles, captions, notes, the tables resource with source_file and
pages, identity from captions and titles, narrative, and the plain Extraction handed to package."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.extract import extract_filing
from gongkai.model import Document, ReadError
from tests.extract.grids import block, text


def _document(name: str = "filing.pdf") -> Document:
    return Document(
        source=name,
        format="pdf",
        blocks=(
            text("一、部门职责", 1, page=1),
            text("负责社会保障工作。", 2, page=1),
            text("2024年部门支出预算总表", 3, page=2),
            text("部门：323测试局 单位：万元", 4, page=2),
            block(
                "科目编码 | 科目名称 | 合计",
                "208 | 社会保障和就业支出 | 5.00",
                first_line=5,
                page=2,
            ),
            text("注：本表含结转。", 7, page=3),
            text("二、其他说明", 8, page=3),
            block("甲 | 乙", "1 | 2", first_line=9, page=3),
        ),
        pages=3,
    )


def test_tables_resource_records_file_pages_caption_and_note() -> None:
    extraction = extract_filing("f", [_document()], {"region": []})
    assert extraction.resources["tables"] == [
        {
            "table_id": "expenditure_by_function",
            "title": "2024年部门支出预算总表",
            "standard_title": "支出总表",
            "unit": "万元",
            "rows": 1,
            "captions": "部门：323测试局 单位：万元",
            "notes": "注：本表含结转。",
            "source_file": "filing.pdf",
            "pages": "2",
            "source_line": 5,
        }
    ]
    assert extraction.resources["expenditure_by_function"][0]["total"] == Decimal("5.00")
    assert extraction.resources["budget_lines"][0]["amount_yuan"] == Decimal("50000.00")


def test_identity_from_captions_and_titles_fills_what_provenance_lacks() -> None:
    meta = extract_filing("f", [_document()], {"region": [], "phase": "决算"}).metadata
    assert meta == {
        "region": [],
        "phase": "决算",  # provenance wins over the printed 预算
        "department_code": "323",
        "department_name_printed": "测试局",
        "unit": "万元",
        "phase_printed": "预算",
        "year_printed": 2024,
        "scope_printed": "部门",
        "scope": "部门",
        "department_name": "测试局",
        "year": 2024,
    }


def test_narrative_unrecognised_table_and_messages() -> None:
    extraction = extract_filing("f", [_document()], {"region": []})
    assert [(r["heading"], r["text"]) for r in extraction.resources["narrative"]] == [
        ("一、部门职责", "一、部门职责"),
        ("一、部门职责", "负责社会保障工作。"),
        ("二、其他说明", "二、其他说明"),
    ]
    assert [(u["table_id"], u["text"]) for u in extraction.resources["unparsed_cells"]] == [
        ("block_3_9", "甲"),
        ("block_3_9", "乙"),
        ("block_3_9", "1"),
        ("block_3_9", "2"),
    ]
    assert extraction.messages[0].startswith(
        "filing.pdf, table unrecognised, page 3, line 9: table at page 3, line 9 not recognised"
    )
    assert extraction.messages[1].startswith("filing.pdf, table filing: standard tables not found")
    assert (extraction.tables, extraction.records) == (1, 15)


def test_a_file_without_budget_tables_is_refused() -> None:
    document = Document("notes.txt", "txt", (text("just prose", 1),))
    with pytest.raises(ReadError, match=r"^notes\.txt: no budget table recognised"):
        extract_filing("f", [document], {})


def test_a_note_is_never_a_title() -> None:
    """陕西: the note under one table names 政府性基金预算支出; the next table is not that kind."""
    document = Document(
        source="f.pdf",
        format="pdf",
        blocks=(
            text("注：资金性质指一般公共预算支出、政府性基金预算支出等。", 1, page=1),
            block("预算项目名称 | 金额", "防汛 | 5.00", first_line=2, page=1),
            text("2024年部门支出预算总表", 4, page=2),
            block(
                "科目编码 | 科目名称 | 合计",
                "208 | 社会保障和就业支出 | 5.00",
                first_line=5,
                page=2,
            ),
        ),
        pages=2,
    )
    extraction = extract_filing("f", [document], {"region": []})
    assert [t["table_id"] for t in extraction.resources["tables"]] == ["expenditure_by_function"]
