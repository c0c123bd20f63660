"""Derived narrative percentages (validate/checks/derive.py): which amounts a rate or share is
taken from, and the percentages that are not derived from the sentence's amounts at all."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.validate.checks.narrative import narrative_checks
from tests.validate.inline import flat, package
from tests.validate.test_narrative import THREE_PUBLIC, _paragraphs


def test_a_rate_in_the_reason_is_not_the_change_rate() -> None:
    """江苏人大 2019 p16: 会议费…增加164.48万元，主要原因按规定…统一压减10% (a policy cut)."""
    text = "公务接待费预算支出7.00万元，比上年预算增加1.00万元，主要原因按规定专项经费统一压减10%。"
    found = narrative_checks(
        package(narrative=_paragraphs(text), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(found) == [
        ("narrative.p1.c0.n1", "fail", "5.00"),
        ("narrative.p1.c0.n2", "skip", None),
        ("narrative.p1.c0.n3", "skip", None),
    ]
    assert found[2].description_zh.endswith("不是本项的变化率")
    # Without the reason words the same 10% is the change's rate, 1.00 / 6.00 = 17%: it fails.
    plain = text.replace("主要原因按规定专项经费统一压减", "增长")
    rate = narrative_checks(
        package(narrative=_paragraphs(plain), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(rate)[2] == ("narrative.p1.c0.n3", "fail", "-7")


WITH_MEETINGS = [
    {"line_no": "1", "item": "合计", "item_key": "grand_total", "total": "20.00"},
    *THREE_PUBLIC,
    {"line_no": "3", "item": "会议费", "item_key": "meetings", "total": "8.00"},
    {"line_no": "4", "item": "培训费", "item_key": "training", "total": "5.00"},
]


def test_a_three_public_share_of_the_total_with_meetings_and_training() -> None:
    """江苏人大 2017 p28: 因公出国 222.5 占“三公”经费的8.75% is 222.5 / 2542.60 (三公, 会议费
    and 培训费 together); a share that fits neither whole still fails against the 三公 subtotal."""
    text = "公务接待费支出2.00万元，占“三公”经费的10%；公务接待费支出2.00万元，占“三公”经费的12%。"
    found = narrative_checks(
        package(narrative=_paragraphs(text), three_public_expenses=WITH_MEETINGS)
    )
    assert flat(found)[1] == ("narrative.p1.c0.n2", "pass", "0")
    assert "2.00 / 20.00 × 100" in found[1].description_zh
    assert flat(found)[3] == ("narrative.p1.c26.n2", "fail", "-17")
    assert "2.00 / 7.00 × 100" in found[3].description_zh


ZHENGXIE_2019 = [
    {"line_no": "1", "item": "合计", "item_key": "three_public_subtotal", "total": "660.1"},
    {"line_no": "2", "item": "因公出国（境）费", "item_key": "overseas_travel", "total": "106"},
    {"line_no": "3", "item": "公务用车", "item_key": "official_vehicles", "total": "156.6"},
    {"line_no": "4", "item": "公务接待费", "item_key": "official_reception", "total": "397.5"},
]


def _zhengxie_2019(second: str) -> list[dict[str, Any]]:
    """江苏政协 2019 p15-16: a paragraph cut at a page break inside 156.6 万 | 元, the page
    number printed between the halves."""
    first = (
        "江苏省政协办公厅2019年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出"
        "106万元，占“三公”经费的16.06%；公务用车购置及运行维护费支出156.6万"
    )
    return [
        {**row, "page": page}
        for row, page in zip(_paragraphs(first, "- 15 -", second), (15, 15, 16), strict=True)
    ]


def test_a_paragraph_cut_by_a_page_break_is_joined_before_its_claims_are_read() -> None:
    """The halves are read as one paragraph: 156.6万元 is an amount on page 15 and 23.72% its
    share on page 16, 156.6 / 660.1 × 100 = 23.72; a planted 23.82% fails by exactly 0.10."""
    second = (
        "元，占“三公”经费的23.72%；公务接待费支出397.5万元，占“三公”经费的60.22%。具体情况如下："
    )
    found = narrative_checks(
        package(narrative=_zhengxie_2019(second), three_public_expenses=ZHENGXIE_2019)
    )
    assert flat(found)[2:4] == [
        ("narrative.p1.c68.n1", "pass", "0.0"),
        ("narrative.p1.c68.n2", "pass", "0.00"),
    ]
    assert "156.6 / 660.1 × 100" in found[3].description_zh
    assert (found[2].page, found[3].page) == (15, 16)
    planted = narrative_checks(
        package(
            narrative=_zhengxie_2019(second.replace("23.72%", "23.82%")),
            three_public_expenses=ZHENGXIE_2019,
        )
    )
    assert flat(planted)[3] == ("narrative.p1.c68.n2", "fail", "0.10")


def test_a_percentage_opening_a_paragraph_is_not_derived() -> None:
    """万里街道 2023 p7: …比2022年预算执行数增加 | 60.54%。主要原因是… read as two paragraphs: the
    percentage has no words before it, it is not taken as a share of the amounts stated earlier."""
    first = "公务接待费支出2.00万元，“三公”经费7.00万元，比上年预算执行数增加"
    second = "28.57%。主要原因是：接待增加。"
    # Another section's paragraph between them: the halves are not joined.
    found = narrative_checks(
        package(
            narrative=[
                *_paragraphs(first),
                {**_paragraphs(second, heading="四、其他")[0], "paragraph_id": 2},
            ],
            three_public_expenses=THREE_PUBLIC,
        )
    )
    assert flat(found)[2] == ("narrative.p2.c0.n1", "skip", None)
    assert found[2].description_zh.endswith("换行处被拆开），无法推算")
    # Joined, it is the change rate, against no stated change amount: left to last year.
    joined = narrative_checks(
        package(narrative=_paragraphs(first, second), three_public_expenses=THREE_PUBLIC)
    )
    assert flat(joined)[2] == ("narrative.p1.c0.n3", "skip", None)
    assert joined[2].description_zh.endswith("由上年的公开文件核对")


def test_an_amount_quoted_cut_off_at_its_digits() -> None:
    """普陀财政局 2025 p7: 行政单位离退休 877,080.00 元 quoted 87.70万元 (cut off, not rounded to
    87.71): agrees to a full unit; 87.69 (neither rounded nor cut off) still fails."""
    rows = [{**THREE_PUBLIC[0], "total": "877080.00"}]
    found = {}
    for quoted in ("87.70", "87.71", "87.69"):
        checks = narrative_checks(
            package(
                narrative=_paragraphs(f"“三公”经费预算{quoted}万元。"),
                three_public_expenses=rows,
                tables=[{"table_id": "three_public_expenses", "unit": "元"}],
            )
        )
        found[quoted] = (checks[0].status, checks[0].tolerance)
    assert found == {
        "87.70": ("pass", Decimal("0.010")),
        "87.71": ("pass", Decimal("0.005")),
        "87.69": ("fail", Decimal("0.005")),
    }


def test_a_rate_between_two_amounts_the_sentence_states() -> None:
    """万里街道 2023 p6-7: 2022年当年预算执行数为A万元，2023年预算安排B万元，比2022年预算执行数增加X%
    — no change amount, X = |B − A| / A. Its item 3 prints 314.82% for 11.67 -> 45.41 (289.12%),
    its item 16 repeats item 15's 441.25 and 60.54%: slips of the filing, flagged."""
    text = "“三公”经费2023年当年预算执行数为8.00万元，2024年预算安排7.00万元，比2023年预算执行数减少{}%。"
    found = {}
    for rate in ("12.50", "12.49", "14.29"):
        checks = narrative_checks(
            package(
                {"year": 2024},
                narrative=_paragraphs(text.format(rate)),
                three_public_expenses=THREE_PUBLIC,
            )
        )
        found[rate] = flat(checks)[2]
        if rate == "14.29":
            assert "|7.00 − 8.00| / 8.00 × 100" in checks[2].description_zh
    assert found == {
        "12.50": ("narrative.p1.c0.n3", "pass", "0.00"),
        "12.49": ("narrative.p1.c0.n3", "pass", "-0.01"),  # within the amounts' rounding
        "14.29": ("narrative.p1.c0.n3", "fail", "1.79"),
    }
