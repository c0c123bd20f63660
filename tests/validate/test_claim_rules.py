"""Narrative claims read and matched by the rules added for the resolved share (issue 9): text
copied from real filings, each with the exact match and a planted wrong number."""

from __future__ import annotations

from gongkai.validate.checks.narrative import narrative_checks
from tests.validate.inline import flat, package
from tests.validate.test_narrative import _paragraphs

SUMMARY = [
    {
        "line_no": "1",
        "side": "income",
        "item": "本年收入合计",
        "item_role": "subtotal",
        "amount": "648105.52",
    },
]


def test_a_threshold_is_no_claim() -> None:
    """杭州交通 2026 p15: 购置单位价值100万元以上设备0台 names a class of equipment; it was
    compared with the summary's 本年收入合计 (648105.52) and failed. The same words without
    以上 are an amount and still read."""
    text = (
        "2026年部门预算安排购置车辆23辆，其中，一般公务用车4辆、执法执勤用车0辆、特种专业技术用车0辆、"
        "其他用车19辆。2026年部门预算安排购置单位价值100万元以上设备0台（套）。"
    )
    heading = "（十）其他重要事项的情况说明"
    found = narrative_checks(
        package(narrative=_paragraphs(text, heading=heading), income_expenditure_summary=SUMMARY)
    )
    assert flat(found) == []
    shanghai = "单价100万元（含）以上设备（不含车辆）0台（套）。"
    assert narrative_checks(package(narrative=_paragraphs(shanghai, heading=heading))) == []
    plain = text.replace("单位价值100万元以上设备", "设备100万元")
    assert [
        c.actual
        for c in narrative_checks(
            package(
                narrative=_paragraphs(plain, heading=heading), income_expenditure_summary=SUMMARY
            )
        )
    ] == [100]


XIAN = "（1）培训支出（2050803）39万元，较上年增加1.64万元，原因是2022年专项业务培训费预算增加；"
TRAINING = [{"line_no": "1", "item": "培训费", "item_key": "training", "total": "39"}]


def _coded(line_total: str) -> list[dict[str, str]]:
    return [
        {"line_no": "1", "code": "2050803", "name": "培训支出", "level": "项", "total": line_total}
    ]


def test_an_amount_printed_with_its_code_is_that_lines() -> None:
    """西安医保 2022 p18: 培训支出（2050803）39万元 is the line 2050803. Its tables print no
    such line: another line printing 39 (the 三公 table's 培训费, an economic item) is not it,
    the claim says so. With the line printed, 39 agrees; a planted 39.5 fails by 0.5."""
    heading = "（二）一般公共预算支出情况"
    unprinted = narrative_checks(
        package(narrative=_paragraphs(XIAN, heading=heading), three_public_expenses=TRAINING)
    )
    assert flat(unprinted)[0] == ("narrative.p1.c0.n1", "skip", None)
    assert unprinted[0].description_zh.endswith("表中无编码2050803的行（表未印到此级科目）")
    printed = narrative_checks(
        package(
            narrative=_paragraphs(XIAN, heading=heading),
            three_public_expenses=TRAINING,
            general_budget_expenditure=_coded("39.00"),
        )
    )
    assert flat(printed)[0] == ("narrative.p1.c0.n1", "pass", "0.00")
    assert "「2050803 培训支出」" in printed[0].description_zh
    planted = narrative_checks(
        package(
            narrative=_paragraphs(XIAN.replace("39万元", "39.5万元"), heading=heading),
            general_budget_expenditure=_coded("39.00"),
        )
    )
    assert flat(planted)[0] == ("narrative.p1.c0.n1", "fail", "0.50")
