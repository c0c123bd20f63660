"""Narrative claims: numbers quoted in the prose against table values (templates/claims.yaml)."""

from __future__ import annotations

from typing import Any

from gongkai.validate import claims
from gongkai.validate.checks.narrative import narrative_checks, resolved_claims
from tests.validate.inline import columns, flat, package

THREE_PUBLIC = [
    {
        "line_no": "1",
        "item": "“三公”经费小计",
        "item_key": "three_public_subtotal",
        "total": "7.00",
    },
    {"line_no": "2", "item": "公务接待费", "item_key": "official_reception", "total": "2.00"},
]


def _paragraphs(*texts: str, heading: str = "三、“三公”经费预算情况说明") -> list[dict[str, Any]]:
    return [
        {"paragraph_id": n, "section_no": 3, "heading": heading, "paragraph_no": n, "text": text}
        for n, text in enumerate(texts, 1)
    ]


def test_amount_and_change_with_its_percentage() -> None:
    text = "“三公”经费预算7.00万元，比上年减少1.00万元，下降12.5%。"
    valid = narrative_checks(
        package(narrative=_paragraphs(text), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(valid) == [
        ("narrative.p1.c0.n1", "pass", "0.00"),
        ("narrative.p1.c0.n2", "skip", None),
        ("narrative.p1.c0.n3", "pass", "0.0"),
    ]
    assert (
        valid[0].description_zh
        == "说明中「“三公”经费预算7.00万元」对照三公经费表「“三公”经费小计」"
    )
    wrong = text.replace("7.00", "7.10").replace("12.5%", "11.5%")
    invalid = narrative_checks(
        package(narrative=_paragraphs(wrong), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(invalid) == [
        ("narrative.p1.c0.n1", "fail", "0.10"),
        ("narrative.p1.c0.n2", "skip", None),
        # The rate is derived from the sentence's own amounts: 1.00 / (7.10 + 1.00) = 12.3%.
        ("narrative.p1.c0.n3", "fail", "-0.8"),
    ]


def test_the_subject_named_nearest_the_number_wins() -> None:
    """三公 … 其中公务接待费2.00万元: compared with 公务接待, not the 三公 subtotal."""
    text = "“三公”经费中，公务接待费2.00万元；“三公”经费2.50万元。"
    found = narrative_checks(
        package(narrative=_paragraphs(text), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(found) == [
        ("narrative.p1.c0.n1", "pass", "0.00"),
        ("narrative.p1.c20.n1", "fail", "-4.50"),
    ]


def test_tables_printed_in_yuan() -> None:
    """Shanghai prints its tables in 元; the prose quotes 万元."""
    rows = [{**THREE_PUBLIC[0], "total": "70000"}]
    found = narrative_checks(
        package(
            narrative=_paragraphs("“三公”经费预算7.00万元。"),
            three_public_expenses=rows,
            tables=[{"table_id": "three_public_expenses", "unit": "元"}],
        )
    )
    assert flat(found) == [("narrative.p1.c0.n1", "pass", "0.0000")]


def test_budget_figures_quoted_in_a_final_account_are_not_compared() -> None:
    text = "“三公”经费预算数为9.00万元。"
    tables = {"narrative": _paragraphs(text), "three_public_expenses": THREE_PUBLIC}
    assert flat(narrative_checks(package({"phase": "预算"}, **tables))) == [
        ("narrative.p1.c0.n1", "fail", "2.00")
    ]
    assert flat(narrative_checks(package({"phase": "决算"}, **tables))) == [
        ("narrative.p1.c0.n1", "skip", None)
    ]


def test_planned_purchases_and_economic_items() -> None:
    """拟购置 has no table value; under a 机关运行经费 heading, an item is its table's line."""
    office = [
        {"line_no": "1", "name": "合计", "level": "合计", "total": "5.00"},
        {"line_no": "2", "code": "30201", "name": "办公费", "level": "款", "total": "3.00"},
    ]
    found = narrative_checks(
        package(
            narrative=_paragraphs(
                "拟购置办公设备4.00万元。", "其中：办公费3.00万元。", heading="四、机关运行经费"
            ),
            office_operation_expenditure=office,
        )
    )
    assert flat(found) == [
        ("narrative.p1.c0.n1", "skip", None),
        ("narrative.p2.c0.n1", "pass", "0.00"),
    ]
    assert found[1].description_zh == (
        "说明中「其中：办公费3.00万元」对照office_operation_expenditure「30201 办公费」"
    )


def test_government_economic_class_and_the_parts_of_its_line() -> None:
    """陕西 人社局 2020 p20: 机关商品和服务支出（502）3423.08万元，其中：公用经费545.71万元. No line
    prints 502: it is the sum of the lines booked under 502xx (政府经济科目编码), and 公用经费 is
    that sum's 公用经费, not the table's whole 公用经费."""
    line = {"level": "款", "parent_code": "302", "personnel_expenditure": "0"}
    economic = [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "3500.00",
            "personnel_expenditure": "0",
            "public_expenditure": "600.00",
        },
        {
            **line,
            "line_no": "2",
            "code": "30201",
            "name": "办公费",
            "total": "3000.00",
            "public_expenditure": "500.00",
            "government_economic_code": "50201",
        },
        {
            **line,
            "line_no": "3",
            "code": "30211",
            "name": "差旅费",
            "total": "423.08",
            "public_expenditure": "45.71",
            "government_economic_code": "50201",
        },
        {
            **line,
            "line_no": "4",
            "code": "30211",
            "name": "差旅费",
            "total": "76.92",
            "public_expenditure": "54.29",
            "government_economic_code": "50502",
        },
    ]
    text = "机关商品和服务支出（502）3423.08万元，其中：公用经费545.71万元。"
    found = narrative_checks(
        package(
            narrative=_paragraphs(text, heading="五、"),
            general_budget_economic_expenditure=economic,
        )
    )
    assert flat(found) == [
        ("narrative.p1.c0.n1", "pass", "0.00"),
        ("narrative.p1.c0.n2", "pass", "0.00"),
    ]
    assert "政府经济分类502类各行之和" in found[1].description_zh
    wrong = text.replace("545.71", "600.00")
    assert flat(
        narrative_checks(
            package(
                narrative=_paragraphs(wrong, heading="五、"),
                general_budget_economic_expenditure=economic,
            )
        )
    ) == [("narrative.p1.c0.n1", "pass", "0.00"), ("narrative.p1.c0.n2", "fail", "54.29")]


def test_a_zero_named_by_its_column_meets_the_total_lines_empty_cell() -> None:
    """苏州/无锡 支出总表 print 上缴上级支出 and 对附属单位补助支出 columns left empty on the 合计
    line; the prose says 上缴上级支出0万元: an empty cell is what the table prints for nothing.
    A zero naming another thing (年终结转结余) is not matched to an empty cell by a shared word,
    nor is a column the table does not print."""
    total = {"line_no": "1", "name": "合计", "level": "合计", "total": "30.00"}
    text = "上缴上级支出0万元，占0%；年终结转结余为0万元。"

    def checked(*printed: str) -> list[tuple[str, str]]:
        found = package(
            narrative=_paragraphs(text, heading="二、支出预算"),
            expenditure_by_function=[total],
            table_columns=columns("expenditure_by_function", *printed),
        )
        rows = claims.claim_rows(resolved_claims(found))
        return [(r["status"], r["derivation"] or r["note"] or "") for r in rows]

    found = checked("total", "remittance_to_superior")
    assert found[0] == ("agree", "支出总表「合计」上缴上级支出 空白（即0）")
    assert found[2][0] == "unresolved" and "结转结余" in found[2][1]
    assert checked("total")[0][0] == "unresolved"
