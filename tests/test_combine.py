"""The combined package unites every filing's budget_lines and checks, and frictionless accepts it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from frictionless import Package, system

from gongkai.combine import COMBINED_ID, combine


def test_combined_package(sample_package: Path, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    packages.mkdir()
    shutil.copytree(sample_package, packages / "a")
    shutil.copytree(sample_package, packages / "b")  # a second filing, same content
    for name in ("a", "b"):  # make them two distinct filings
        path = packages / name / "data" / "budget_lines.csv"
        path.write_text(path.read_text("utf-8").replace(sample_package.name, name), "utf-8")
    target = combine(packages)
    assert target == packages / COMBINED_ID
    with system.use_context(trusted=True):
        report = Package(str(target / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]
    with open(target / "data" / "filings.csv", encoding="utf-8") as handle:
        index = list(csv.DictReader(handle))
    assert [(r["filing_id"], r["checks_failed"], r["region"]) for r in index] == [
        ("a", "0", "河北省 / 秦皇岛市 / 昌黎县"),
        ("b", "0", "河北省 / 秦皇岛市 / 昌黎县"),
    ]
    with open(sample_package / "data" / "budget_lines.csv", encoding="utf-8") as handle:
        one = sum(1 for _ in handle) - 1
    with open(target / "data" / "budget_lines.csv", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) - 1 == 2 * one
    assert combine(packages) == target  # re-running replaces it, never reads itself
    assert combine(tmp_path / "nothing") is None
