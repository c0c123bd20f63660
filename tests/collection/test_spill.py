"""The combine stage's spill: each filing's amounts and checks written to scratch files as it is
gathered and read back a filing at a time (collection.parts.Spill)."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.collection.parts import Spill


def test_values_come_back_by_filing_in_any_order(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    values = {
        f"f{n}": (["code", "item"], [{"amount": Decimal(f"{n}.10"), "item": "合计"}] * n)
        for n in range(5)
    }
    for filing_id, value in values.items():
        spill.add("long:basic_expenditure", filing_id, value)
        spill.add("checks", filing_id, [{"check_id": filing_id}])
    try:
        for filing_id in ["f3", "f0", "f4", "f1", "f2", "f3"]:
            assert spill.get("long:basic_expenditure", filing_id) == values[filing_id]
            assert spill.get("checks", filing_id) == [{"check_id": filing_id}]
        assert spill.get("long:three_public_expenses", "f1") is None
        assert spill.get("checks", "f9", []) == []
    finally:
        spill.close()
    # one file per piece, not per filing
    assert len(list(tmp_path.iterdir())) == 2


def test_a_spill_reads_back_nothing_but_plain_data(tmp_path: Path) -> None:
    spill = Spill(tmp_path)
    spill.add("checks", "f0", [Path("x")])  # a class the unpickler does not build
    try:
        with pytest.raises(pickle.UnpicklingError):
            spill.get("checks", "f0")
    finally:
        spill.close()
