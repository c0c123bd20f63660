"""Narrative claims resolved, derived and checked for meaning, on text and lines COPIED FROM A REAL
FILING (上海市普陀区财政局 2024年度部门决算, page 21 and the 收入支出决算总表 on pages 6-7), with
planted changes: each planted error is flagged with its exact expected and printed values, and
the unchanged copy raises none of them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.validate.check import Check, with_severity
from gongkai.validate.checks import narrative as narrative_module
from gongkai.validate.checks.narrative import narrative_checks, resolved_claims
from gongkai.validate.checks.semantics import semantic_checks
from gongkai.validate.claims import claim_rows
from tests.validate.inline import package

HEADINGS = {
    50: "第三部分上海市普陀区财政局2024年度部门决算情况说明",
    51: "一、收入支出决算总体情况说明",
    53: "二、收入决算情况说明",
    55: "三、支出决算情况说明",
    67: "（三）一般公共预算财政拨款支出决算具体情况",
}
# Copied verbatim from the real filing's narrative (page 21).
TEXTS = {
    52: "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，"
    "下降1.87%。主要原因：基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付。",
    54: "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；",
    56: "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出603.14万元，占20.51%；",
    68: "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    "决算数小于预算数的主要原因：因年度工作计划安排，个别信息化项目和中介机构服务调减。其中：",
}
# Lines of its 收入支出决算总表 and the 合计 line of its 支出决算表, as printed.
SUMMARY = [
    ("1", "income", "一、一般公共预算财政拨款收入", "line", "2940.05"),
    ("8", "income", "八、其他收入", "line", "6.20"),
    ("27", "income", "本年收入合计", "subtotal", "2946.25"),
    ("27", "expenditure", "本年支出合计", "subtotal", "2940.05"),
    ("30", "income", "总计", "total", "2995.39"),
    ("30", "expenditure", "总计", "total", "2995.39"),
]
EXPENDITURE_TOTAL = {
    "line_no": "1",
    "name": "合计",
    "level": "合计",
    "total": "2940.05",
    "basic_expenditure": "2336.91",
    "project_expenditure": "603.14",
}


def _filing(**planted: tuple[str, str]) -> Any:
    """The copied filing, with `paragraph_id=(old, new)` replacements planted."""
    rows: list[dict[str, Any]] = []
    heading = ""
    for pid in sorted({*HEADINGS, *TEXTS}):
        heading = HEADINGS.get(pid, heading)
        text = HEADINGS.get(pid) or TEXTS[pid]
        old, new = planted.get(f"p{pid}", ("", ""))
        if old:
            assert old in text
            text = text.replace(old, new)
            heading = text if pid in HEADINGS else heading
        rows.append(
            {
                "paragraph_id": pid,
                "section_no": pid,
                "heading": heading,
                "paragraph_no": 0 if pid in HEADINGS else 1,
                "text": text,
                "page": 21,
            }
        )
    summary = [
        {"line_no": n, "side": s, "item": i, "item_role": r, "amount": a}
        for n, s, i, r, a in SUMMARY
    ]
    narrative_module._last = None
    return package(
        {"year": 2024, "phase": "决算"},
        narrative=rows,
        income_expenditure_summary=summary,
        expenditure_by_function=[EXPENDITURE_TOTAL],
    )


def _failing(checks: list[Check]) -> list[tuple[str, str | None, str | None, str, str | None]]:
    return [
        (
            c.check_id,
            str(c.expected) if c.expected is not None else None,
            str(c.actual) if c.actual is not None else None,
            str(c.difference) if c.difference is not None else "",
            with_severity(c).severity,
        )
        for c in checks
        if c.status == "fail"
    ]


def _all(filing: Any) -> list[Check]:
    return narrative_checks(filing) + semantic_checks(filing)


def test_the_real_lines_resolve() -> None:
    """本年收入合计, 其中财政拨款收入, 占99.79% (2940.05 / 2946.25), 本年支出合计: all agree."""
    filing = _filing()
    rows = {r["claim_id"]: r for r in claim_rows(resolved_claims(filing))}
    assert [(r["value"], r["status"], r["expected"], r["derivation"]) for r in rows.values()] == [
        ("2995.39", "agree", "2995.39", "收支总表「总计」 2995.39"),
        ("56.95", "unresolved", "", ""),
        ("1.87", "agree", "1.87", "56.95 / (2995.39 + 56.95) × 100"),
        ("2946.25", "agree", "2946.25", "收支总表「本年收入合计」金额 2946.25"),
        ("2940.05", "agree", "2940.05", "收支总表「一、一般公共预算财政拨款收入」金额 2940.05"),
        ("99.79", "agree", "99.79", "2940.05 / 2946.25 × 100"),
        ("6.2", "agree", "6.20", "收支总表「八、其他收入」 6.20"),
        ("0.21", "agree", "0.21", "6.2 / 2946.25 × 100"),
        ("2940.05", "agree", "2940.05", "收支总表「本年支出合计」金额 2940.05"),
        ("2336.91", "agree", "2336.91", "支出总表合计行基本支出 2336.91"),
        ("79.49", "agree", "79.49", "2336.91 / 2940.05 × 100"),
        ("603.14", "agree", "603.14", "支出总表合计行项目支出 603.14"),
        ("20.51", "agree", "20.51", "603.14 / 2940.05 × 100"),
        ("2993.92", "unresolved", "", ""),
        ("2940.05", "agree", "2940.05", "收支总表「本年支出合计」金额 2940.05"),
        ("98.20", "agree", "98.20", "2940.05 / 2993.92 × 100"),
    ]
    change = rows["narrative.p52.c31.n1"]
    assert (change["kind"], change["direction"], change["reference_year"]) == (
        "change",
        "减少",
        2023,
    )
    assert change["subject_value"] == "2995.39"
    assert change["reason"].startswith("主要原因：基本支出中人员进出及退休变化")
    assert _failing(_all(filing)) == []


def test_planted_reversed_direction_word() -> None:
    """PLANTED on the copy: 决算数小于预算数 -> 大于 (2940.05 − 2993.92 = −53.87)."""
    filing = _filing(p68=("决算数小于预算数", "决算数大于预算数"))
    assert _failing(_all(filing)) == [
        ("narrative.comparison.p68.n1", "-53.87", None, "", "material")
    ]


def test_planted_wrong_share() -> None:
    """PLANTED on the copy: 占99.79% -> 占98.79% (2940.05 / 2946.25 = 99.79%)."""
    filing = _filing(p54=("占99.79%", "占98.79%"))
    assert _failing(_all(filing)) == [
        ("narrative.p54.c0.n3", "99.79", "98.79", "-1.00", "material")
    ]


def test_planted_wrong_year_in_heading() -> None:
    """PLANTED on the copy: the 2024 决算's part heading says 2023年度."""
    filing = _filing(p50=("2024年度", "2023年度"))
    assert _failing(_all(filing)) == [("narrative.year.p50.n1", "2024", "2023", "-1", "material")]


def test_planted_wrong_completion_percentage() -> None:
    """PLANTED on the copy: 完成年初预算的98.20% -> 97.20% (2940.05 / 2993.92 = 98.20%)."""
    filing = _filing(p68=("98.20%", "97.20%"))
    assert _failing(_all(filing)) == [
        ("narrative.p68.c0.n3", "98.20", "97.20", "-1.00", "material")
    ]


def test_rounding_difference_is_told_apart() -> None:
    """A difference within one unit of the last printed digit is 尾差, larger ones material."""
    tail = Check(
        "x", "summary", "fail", "", "", Decimal("10.00"), Decimal("10.01"), Decimal("0.01")
    )
    wide = Check(
        "y", "summary", "fail", "", "", Decimal("10.00"), Decimal("12.96"), Decimal("2.96")
    )
    assert (with_severity(tail).severity, with_severity(wide).severity) == ("rounding", "material")
