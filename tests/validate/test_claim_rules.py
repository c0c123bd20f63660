"""Narrative claims read and matched by the rules added for the resolved share (issue 9): text
copied from real filings, each with the exact match and a planted wrong number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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


def _summaries(summary: str, fiscal: str | None) -> dict[str, Any]:
    line = {"line_no": "1", "side": "expenditure", "item": "公共安全支出", "item_role": "line"}
    tables = {
        "income_expenditure_summary": [{**line, "function_class_code": "204", "amount": summary}]
    }
    if fiscal is not None:
        tables["fiscal_appropriation_summary"] = [
            {**line, "function_class_code": "204", "amount": fiscal}
        ]
    return tables


def test_a_function_class_is_found_in_whichever_summary_prints_its_amount() -> None:
    """杭州公安 2026 p7: 公共安全（类）支出299,901.02万元 is the 财政拨款收支总表's line (the
    收支总表 prints all funds, 325,711.11): it agrees with it. A planted 299,911.02 agrees with
    neither and the two tables differ: left unresolved with both values; with the 收支总表 alone
    it fails by exactly 10.00."""
    text = "公共安全（类）支出299,901.02万元，占81.0%；"
    heading = "（三）支出预算情况说明"
    found = narrative_checks(
        package(
            narrative=_paragraphs(text, heading=heading), **_summaries("325711.11", "299901.02")
        )
    )
    assert flat(found)[0] == ("narrative.p1.c0.n1", "pass", "0.00")
    assert "财政拨款收支总表「公共安全支出」" in found[0].description_zh
    planted = _paragraphs(text.replace("299,901.02", "299,911.02"), heading=heading)
    both = narrative_checks(package(narrative=planted, **_summaries("325711.11", "299901.02")))
    assert flat(both)[0] == ("narrative.p1.c0.n1", "skip", None)
    assert "（299901.02、325711.11万元）均与所述不同" in both[0].description_zh
    alone = narrative_checks(package(narrative=planted, **_summaries("299901.02", None)))
    assert flat(alone)[0] == ("narrative.p1.c0.n1", "fail", "10.00")


FUZHOU = [
    {
        "line_no": "4",
        "item": "3、公务用车购置及运行费",
        "item_key": "official_vehicles",
        "budget_amount": "426.75",
    },
    {
        "line_no": "6",
        "item": "（2）公务用车运行费",
        "item_key": "vehicle_operation",
        "budget_amount": "226.75",
    },
]


def test_a_three_public_table_printing_only_its_budget_column() -> None:
    """福州巡特警 2026 p23: the 三公 table prints one column, 预算数; its 公务用车运行费 226.75
    was read as 0 from the blank total column and failed. A planted 226.85 fails by 0.10."""
    text = "2026年预算安排426.75万元，其中：公务用车运行费226.75万元，与上年持平；"
    heading = "（四）“三公”经费预算情况"
    found = narrative_checks(
        package(narrative=_paragraphs(text, heading=heading), three_public_expenses=FUZHOU)
    )
    assert flat(found)[1] == ("narrative.p1.c0.n2", "pass", "0.00")
    planted = text.replace("226.75", "226.85")
    wrong = narrative_checks(
        package(narrative=_paragraphs(planted, heading=heading), three_public_expenses=FUZHOU)
    )
    assert flat(wrong)[1] == ("narrative.p1.c0.n2", "fail", "0.10")


XIAN_2022 = [
    {
        "line_no": "4",
        "item": "2021年/一般公共预算拨款安排的“三公”经费预算/小计",
        "item_key": "three_public_subtotal",
        "total": "2720",
    },
    {
        "line_no": "13",
        "item": "2022年/一般公共预算拨款安排的“三公”经费预算/小计",
        "item_key": "three_public_subtotal",
        "total": "0",
    },
]


def test_a_three_public_line_of_another_year_is_not_the_filings() -> None:
    """西安气象 2022 p13 and its 表13: the 三公 table prints 2021年 (2,720 元) and 2022年 (0) side
    by side; the prose's 0.27万元 is the 2021 figure. It agreed with the 2021 column; against
    the filing's year it fails by 0.27 (a real slip: `pdftotext -layout` shows 0 under 2022年)."""
    text = "2022年本部门当年一般公共预算“三公”经费预算支出0.27万元，较上年增加0.0万元。"
    found = narrative_checks(
        package(
            {"year": 2022},
            narrative=_paragraphs(text, heading="六、部门预算“三公”经费等预算情况说明"),
            three_public_expenses=XIAN_2022,
            tables=[{"table_id": "three_public_expenses", "unit": "元"}],
        )
    )
    assert flat(found)[0] == ("narrative.p1.c0.n1", "fail", "0.2700")
    assert "2022年/一般公共预算拨款安排的“三公”经费预算/小计" in found[0].description_zh


def test_an_economic_item_paid_from_appropriations_is_not_the_appropriation_line() -> None:
    """湖州卫健 2026 p17: 委托业务费财政拨款总额99.50万元 was compared with the summary's
    一、财政拨款 (64,618.75) and failed: an economic item's amount, which no table prints."""
    text = "2026年湖州市卫生健康委员会各单位委托业务费财政拨款总额99.50万元。"
    summary = [
        {
            "line_no": "1",
            "side": "income",
            "item": "一、财政拨款",
            "item_role": "line",
            "amount": "64618.75",
        }
    ]
    found = narrative_checks(
        package(
            narrative=_paragraphs(text, heading="（六）其他"), income_expenditure_summary=summary
        )
    )
    assert flat(found) == [("narrative.p1.c0.n1", "skip", None)]
    assert found[0].description_zh.endswith("经济分类的款级科目，本文件的表未印到此级")


def test_a_rate_after_a_change_stated_in_a_reason_is_not_its_rate() -> None:
    """江苏人大 2019 p13: 主要原因是增加了…专项经费200万元，其余会议费按照规定压减10%: the 10% is
    the policy cut; 200 / (1469.73 − 200) = 15.75% was derived once the paragraph was joined."""
    text = (
        "一般公共预算拨款安排的会议费预算支出1469.73万元，比上年预算增加164.48万元。"
        "主要原因是增加了江苏省第十三届人代会二次会议专项经费200万元，其余会议费按照规定压减10%，"
        "增减相抵后增加164.48万元。"
    )
    found = narrative_checks(package(narrative=_paragraphs(text)))
    assert found[3].check_id == "narrative.p1.c44.n2"
    assert (found[3].status, found[3].actual) == ("skip", 10)
    assert found[3].description_zh.endswith("不是本项的变化率")


def test_a_zero_needs_a_word_naming_its_line() -> None:
    """无锡应急执法 2026 p27: 涉及财政性资金合计0万元 agreed with the 三公 table's 合计 0.00 (the
    shared word 合计): a zero ties to a line only by a word that names something."""
    text = "本单位共0个项目纳入绩效目标管理，涉及财政性资金合计0万元。"
    rows = [{"line_no": "1", "item": "“三公”经费合计", "item_key": "grand_total", "total": "0.00"}]
    found = narrative_checks(
        package(narrative=_paragraphs(text, heading="（五）绩效目标"), three_public_expenses=rows)
    )
    assert flat(found) == [("narrative.p1.c0.n1", "skip", None)]
    assert "绩效目标或评价涉及的资金" in found[0].description_zh


def test_procurement_details_say_why_they_are_unresolved() -> None:
    """上海市财政局 2025 p21: the 货物/工程/服务 split of 政府采购 is printed in no table."""
    text = (
        "2025年度本单位政府采购预算1,708.03万元，其中：政府采购货物预算42.50万元、"
        "政府采购工程预算0.00万元、政府采购服务预算1,665.53万元。"
    )
    found = narrative_checks(package(narrative=_paragraphs(text, heading="（二）政府采购预算情况")))
    notes = [c.description_zh.split("」：", 1)[1] for c in found[1:]]
    assert (
        notes
        == [
            "表中无此项：政府采购的金额（表中只印政府采购合计或不印，不分货物、工程、服务或中小企业预留）"
        ]
        * 3
    )


def test_a_total_no_table_prints_agrees_with_the_parts_it_lists() -> None:
    """湖州交通 2026 p14: 政府采购预算总额9628.74万元 = 2870.09 + 1470.75 + 5287.90, its parts
    after 其中. No table prints the split, so the parts stay unresolved with their reason. A
    planted 9628.84 does not fail (parts after 其中 need not be all): it stays unresolved."""
    text = (
        "2026年湖州市交通运输局各单位政府采购预算总额9628.74万元，其中：政府采购货物预算2870.09万元、"
        "政府采购工程预算1470.75万元、政府采购服务预算5287.90万元。"
    )
    heading = "（八）政府采购情况"
    found = narrative_checks(package(narrative=_paragraphs(text, heading=heading)))
    assert [(c.status, c.difference) for c in found] == [("pass", Decimal("0.00"))] + [
        ("skip", None)
    ] * 3
    assert found[0].description_zh.endswith("对照所述各分项之和（2870.09 + 1470.75 + 5287.90）")
    planted = text.replace("9628.74", "9628.84")
    wrong = narrative_checks(package(narrative=_paragraphs(planted, heading=heading)))
    assert (wrong[0].status, wrong[0].difference) == ("skip", None)
    assert "政府采购的金额" in wrong[0].description_zh


def test_unresolved_amounts_say_why() -> None:
    """深圳办公厅 2026 p7 (a list of tasks), 烟台发改 2026 p29 (an amount opening its paragraph,
    its words above a table; 项目支出 with no expenditure table read), 西安人社 2020 p21
    (专项业务经费): each says why no table holds it."""
    texts = [
        "1.机关政务保障199.55万元，主要用于保障政务活动等工作的支出。",
        "6,015.67万元，项目支出5,364.9万元。",
        "专项业务经费966.02万元,较上年增加346.16万元。",
    ]
    found = narrative_checks(package(narrative=_paragraphs(*texts, heading="（五）项目支出")))
    notes = [c.description_zh.split("」：", 1)[1] for c in found if c.status == "skip"]
    assert notes[:4] == [
        "表中无此项：列举的项目或业务的金额（本文件的表不列项目）",
        "此金额在段首，它所指的文字在上一段（被表格或分页隔开），无法确定所指",
        "表中无相同数值：基本支出或项目支出的合计（本文件的支出表未印此合计，或所印不同）",
        "表中无此项：专项经费或基建项目的金额（本文件的表不列项目）",
    ]


def test_a_performance_scope_counts_only_when_it_agrees() -> None:
    """烟台大数据局 2026 p29: 预算资金6039万元 of the projects under 绩效目标管理 equals the 支出总表's
    项目支出 (agrees); its 其中财政拨款6039万元 was compared with the 收支总表's 财政拨款收入
    (7,503.31) and failed: in a 绩效 clause a line reached by its words counts only if equal."""
    text = (
        "烟台市大数据局2026年政策和项目全面实施绩效目标管理，涉及一级预算项目3个，"
        "预算资金6039万元，其中财政拨款6039万元。"
    )
    summary = [
        {
            "line_no": "1",
            "side": "income",
            "item": "一、财政拨款收入",
            "item_role": "line",
            "amount": "7503.31",
        }
    ]
    total = [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "7503.31",
            "project_expenditure": "6039.00",
        }
    ]
    tables: dict[str, Any] = {
        "income_expenditure_summary": summary,
        "expenditure_by_function": total,
    }
    heading = "（四）绩效目标设置情况"
    found = narrative_checks(package(narrative=_paragraphs(text, heading=heading), **tables))
    assert flat(found) == [
        ("narrative.p1.c0.n1", "pass", "0.00"),
        ("narrative.p1.c0.n2", "skip", None),
    ]
    assert found[1].description_zh.endswith("绩效目标或评价涉及的资金（表不按绩效项目列示）")
    # Outside a 绩效 clause the same words are compared and fail by the exact difference.
    plain = "2026年收入预算7503.31万元，其中财政拨款6039万元。"
    other = narrative_checks(
        package(narrative=_paragraphs(plain, heading="（一）收入预算"), **tables)
    )
    assert flat(other)[1] == ("narrative.p1.c0.n2", "fail", "-1464.31")


CHONGQING_SUMMARY = [
    {
        "line_no": "1",
        "side": "income",
        "item": "一、一般公共预算资金",
        "item_role": "line",
        "amount": "192446.79",
    },
]
CHONGQING_TOTALS = {
    "expenditure_by_function": [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "244895.02",
            "basic_expenditure": "83783.94",
            "project_expenditure": "161111.08",
        }
    ],
    "general_budget_expenditure": [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "192446.79",
            "basic_expenditure": "43908.70",
            "project_expenditure": "148538.09",
        }
    ],
}


def test_chongqing_general_budget_basic_spending_and_procurement() -> None:
    """重庆经信委 2026 p2-3: 一般公共预算财政拨款支出…其中:基本支出43,908.7万元 is the 一般公共预算
    支出表's basic total (the all-funds 支出总表 prints 83,783.94: it failed); 财政拨款运行经费
    and 一般公共预算拨款政府采购 were compared with 一般公共预算资金 and failed; the procurement
    totals agree with their listed parts. A planted 43,918.7 fails against the 支出总表 by
    exactly -39,865.24 (no line of either table prints it)."""
    texts = [
        "2026年一般公共预算财政拨款收入192,446.79万元,一般公共预算财政拨款支出192,446.79万元,"
        "比2025年减少8,648.06万元。其中:基本支出43,908.7万元,主要用于保障在职人员工资福利。",
        "2026年一般公共预算财政拨款运行经费2,100.08万元,比2025年减少8.21万元。",
        "所属各预算单位政府采购预算总额17,641.87万元:政府采购货物预算2,360.63万元、政府采购工程预算"
        "496.75万元、政府采购服务预算14,784.49万元;其中一般公共预算拨款政府采购16,325.37万元:"
        "政府采购货物预算1,044.13万元、政府采购工程预算496.75万元、政府采购服务预算14,784.49万元。",
    ]
    heading = "（一）财政拨款支出情况"
    tables: dict[str, Any] = {"income_expenditure_summary": CHONGQING_SUMMARY, **CHONGQING_TOTALS}
    found = {
        c.check_id: c
        for c in narrative_checks(package(narrative=_paragraphs(*texts, heading=heading), **tables))
    }
    assert found["narrative.p1.c74.n1"].status == "pass"
    assert "一般公共预算支出表合计行基本支出" in found["narrative.p1.c74.n1"].description_zh
    assert found["narrative.p2.c0.n1"].status == "skip"
    assert "机关运行经费" in found["narrative.p2.c0.n1"].description_zh
    totals = [found["narrative.p3.c0.n1"], found["narrative.p3.c83.n1"]]
    assert [(c.status, c.difference) for c in totals] == [("pass", Decimal("0.00"))] * 2
    assert totals[1].description_zh.endswith("（1044.13 + 496.75 + 14784.49）")
    planted = [texts[0].replace("43,908.7", "43,918.7")]
    wrong = {
        c.check_id: c
        for c in narrative_checks(
            package(narrative=_paragraphs(*planted, heading=heading), **tables)
        )
    }
    assert (wrong["narrative.p1.c74.n1"].status, wrong["narrative.p1.c74.n1"].difference) == (
        "fail",
        Decimal("-39865.24"),
    )


def test_a_part_of_a_stated_breakdown_is_not_the_tables_total() -> None:
    """上海水产老干部活动室 2026 p6: 农林水支出科目83万元，主要用于人员经费18万元、公用经费58万元、
    项目支出7万元 (18 + 58 + 7 = 83): the class's 人员经费, which failed against the basic table's
    whole 人员经费 (21.2340万元). With a planted 25 the parts no longer add up: it fails by 3.766.
    A breakdown of a whole (基本支出（包括人员经费…）) keeps its parts' failures: the sample's
    planted-difference tests."""
    text = (
        "2.“农林水支出”科目83万元，主要用于主要用于人员经费18万元、公用经费58万元、项目支出7万元。"
    )
    basic = [
        {
            "line_no": "1",
            "name": "合计",
            "level": "合计",
            "total": "80.1230",
            "personnel_expenditure": "21.2340",
            "public_expenditure": "58.8890",
        }
    ]
    heading = "（二）支出预算情况"
    summary = [
        {
            "line_no": "2",
            "side": "expenditure",
            "item": "二、农林水支出",
            "item_role": "line",
            "amount": "82.5956",
        }
    ]
    tables: dict[str, Any] = {"basic_expenditure": basic, "income_expenditure_summary": summary}
    found = narrative_checks(package(narrative=_paragraphs(text, heading=heading), **tables))
    assert flat(found)[1] == ("narrative.p1.c0.n2", "skip", None)
    assert "所列分项之一（各分项之和等于它）" in found[1].description_zh
    planted = narrative_checks(
        package(narrative=_paragraphs(text.replace("18万元", "25万元"), heading=heading), **tables)
    )
    assert flat(planted)[1] == ("narrative.p1.c0.n2", "fail", "3.7660")
