"""三公 lines: subtotal, overseas travel, vehicles and grand total (templates/identities.yaml)."""

from __future__ import annotations

from gongkai.validate.checks.three_public import three_public
from tests.validate.inline import flat, package


def _line(n: int, key: str, total: str) -> dict[str, str]:
    return {"line_no": str(n), "item": key, "item_key": key, "total": total}


def _budget(reception: str) -> list[dict[str, str]]:
    return [
        _line(1, "grand_total", "10.00"),
        _line(2, "three_public_subtotal", "7.00"),
        _line(3, "overseas_travel", "1.00"),
        _line(4, "official_vehicles", "4.00"),
        _line(5, "vehicle_purchase", "0.00"),
        _line(6, "vehicle_operation", "4.00"),
        _line(7, "official_reception", reception),
        _line(8, "meetings", "2.00"),
        _line(9, "training", "1.00"),
    ]


def test_budget_table() -> None:
    assert flat(three_public(package(three_public_expenses=_budget("2.00")))) == [
        ("three_public.three_public_subtotal.total", "pass", "0.00"),
        ("three_public.official_vehicles.total", "pass", "0.00"),
        ("three_public.grand_total.total", "pass", "0.00"),
    ]
    failing = three_public(package(three_public_expenses=_budget("2.50")))
    assert flat(failing) == [
        ("three_public.three_public_subtotal.total", "fail", "-0.50"),
        ("three_public.official_vehicles.total", "pass", "0.00"),
        ("three_public.grand_total.total", "pass", "0.00"),
    ]
    assert failing[0].description_zh == (
        "三公经费表：三公小计 = 因公出国（境）+ 公务用车购置及运行维护 + 公务接待（total）"
    )


def test_final_account_prints_the_three_alone() -> None:
    """决算: no 小计, 会议费, 培训费 lines; 合计 = the three expenses."""
    rows = [
        _line(1, "grand_total", "7.00"),
        _line(2, "overseas_travel", "1.00"),
        _line(3, "official_vehicles", "4.00"),
        _line(4, "official_reception", "2.10"),
    ]
    found = three_public(package(three_public_expenses=rows))
    assert flat(found) == [("three_public.grand_total.total", "fail", "-0.10")]
    assert found[0].description_zh == (
        "三公经费表：合计 = 因公出国（境）+ 公务用车购置及运行维护 + 公务接待（total）"
    )
