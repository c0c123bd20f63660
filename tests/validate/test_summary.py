"""Summary tables: each side adds up; income total = expenditure total."""

from __future__ import annotations

from gongkai.validate.checks.summary import summary_identities
from tests.validate.inline import flat, package


def _summary(carryover: str) -> list[dict[str, str]]:
    def line(n: int, side: str, item: str, role: str, amount: str) -> dict[str, str]:
        return {"line_no": str(n), "side": side, "item": item, "item_role": role, "amount": amount}

    return [
        line(1, "income", "一、财政拨款", "line", "80.00"),
        line(2, "income", "二、事业收入", "line", "10.00"),
        line(3, "income", "本年收入合计", "subtotal", "90.00"),
        line(4, "income", "上年结转", "carryover", carryover),
        line(5, "income", "收入总计", "total", "100.00"),
        line(6, "expenditure", "社会保障和就业支出", "line", "100.00"),
        line(7, "expenditure", "本年支出合计", "subtotal", "100.00"),
        line(8, "expenditure", "支出总计", "total", "100.00"),
    ]


def test_sides_add_up_and_balance() -> None:
    ids = [
        "summary.income_expenditure_summary.expenditure.subtotal.amount",
        "summary.income_expenditure_summary.expenditure.total.amount",
        "summary.income_expenditure_summary.income.subtotal.amount",
        "summary.income_expenditure_summary.income.total.amount",
        "summary.income_expenditure_summary.balance",
    ]
    valid = summary_identities(package(income_expenditure_summary=_summary("10.00")))
    assert flat(valid) == list(zip(ids, ["pass"] * 5, ["0.00"] * 5, strict=True))
    invalid = summary_identities(package(income_expenditure_summary=_summary("9.00")))
    assert flat(invalid) == [
        (ids[0], "pass", "0.00"),
        (ids[1], "pass", "0.00"),
        (ids[2], "pass", "0.00"),
        (ids[3], "fail", "1.00"),
        (ids[4], "pass", "0.00"),
    ]
    assert invalid[3].description_zh == "收支总表：收入总计「收入总计」= 本年合计 + 结转"
