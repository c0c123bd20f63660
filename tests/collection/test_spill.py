"""The combine stage holds one chunk of one table: each filing's amounts and checks are written to
scratch files as it is gathered (collection.parts.Spill) and read back a few filings at a time
while their table is written (frames.CHUNK)."""

from __future__ import annotations

import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.collection import COMBINED_ID, combine_folders, frames
from gongkai.collection.parts import Spill
from tests.collection.test_across import _budget_and_final, _court
from tests.collection.test_incremental_combine import _collect, _retag, _tree


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


def test_a_collection_written_in_chunks_is_the_bytes_of_one_written_whole(
    sample_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The long tables and the checks are built and written `frames.CHUNK` filings at a time;
    the Parquet amounts' decimal type is known only after the last chunk."""
    packages = tmp_path / "packages"
    for name, year in (("changli_2022", 2022), ("changli_2023", 2023)):
        shutil.copytree(sample_package, packages / name)
        _retag(packages / name, name, year)
    _collect(packages, [*_court(tmp_path / "court"), *_budget_and_final(tmp_path / "more")])
    trees = []
    for size in (100, 2, 1):
        monkeypatch.setattr(frames, "CHUNK", size)
        out = tmp_path / f"chunks-{size}"
        combine_folders([packages], out)
        trees.append(_tree(out / COMBINED_ID))
    assert trees[0] == trees[1] == trees[2]
    checks = trees[0]["data/checks.csv"].decode("utf-8-sig").splitlines()
    filings = {line.split(",")[0] for line in checks[1:]}
    assert len(trees[0]) >= 20 and len(checks) > 900
    assert {"changli_2022", "changli_2023", "court_2019"} <= filings  # chunks of 1 and 2 filings


def test_a_workbook_written_by_a_second_process_is_the_bytes_of_one_written_beside(
    sample_package: Path, tmp_path: Path
) -> None:
    """`gongkai build` with more than one job writes the workbook in a process of its own while
    the first writes the CSV, Parquet and SQLite, both from the same parts cache."""
    packages = tmp_path / "packages"
    for name, year in (("changli_2022", 2022), ("changli_2023", 2023)):
        shutil.copytree(sample_package, packages / name)
        _retag(packages / name, name, year)
    _collect(packages, _court(tmp_path / "court"))
    together = combine_folders([packages], tmp_path / "together", tmp_path / "cache-1")
    apart = combine_folders([packages], tmp_path / "apart", tmp_path / "cache-2", True)
    assert together is not None and apart is not None
    written = _tree(apart)
    assert written == _tree(together)
    assert f"{COMBINED_ID}.xlsx" in written and "data/checks.csv" in written
