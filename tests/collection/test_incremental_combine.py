"""The collection after one changed package: only that filing's share and the pairs it is in
are computed again (collection.parts), and every file is the bytes of a cold combine."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gongkai.collection import COMBINED_ID, combine, parts
from gongkai.datapackage import Package
from tests.collection.test_across import _budget_and_final, _court


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _retag(package: Path, filing_id: str, year: int) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    descriptor["gongkai"].update({"filing_id": filing_id, "year": year})
    path.write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


def _collect(packages: Path, built: list[Package]) -> None:
    for package in built:
        if not (packages / package.filing_id).exists():
            package.directory.rename(packages / package.filing_id)


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The filings whose share, and whose cross-filing checks, were computed (not cached)."""
    found: dict[str, list[str]] = {"filing": [], "across": []}

    def counting(name: str, compute: Callable[..., Any]) -> Callable[..., Any]:
        def counted(package: Package, *args: Any) -> Any:
            found[name].append(package.filing_id)
            return compute(package, *args)

        return counted

    monkeypatch.setattr(parts, "filing_parts", counting("filing", parts.filing_parts))
    monkeypatch.setattr(parts, "pair_checks", counting("across", parts.pair_checks))
    return found


def test_one_changed_package_recombines_to_the_bytes_of_a_cold_combine(
    sample_package: Path, tmp_path: Path, computed: dict[str, list[str]]
) -> None:
    packages, cache = tmp_path / "packages", tmp_path / "cache"
    for name, year in (("changli_2022", 2022), ("changli_2023", 2023)):
        shutil.copytree(sample_package, packages / name)
        _retag(packages / name, name, year)
    # court_2018 -> court_2019 (checks across years), court_2018 -> court_2018_final (预算/决算)
    _collect(packages, [*_court(tmp_path / "court"), *_budget_and_final(tmp_path / "more")])
    filings = ["changli_2022", "changli_2023", "court_2018", "court_2018_final", "court_2019"]

    assert combine(packages, cache) == packages / COMBINED_ID
    assert sorted(computed["filing"]) == filings and sorted(computed["across"]) == filings
    computed["filing"].clear(), computed["across"].clear()
    combine(packages, cache)
    assert computed == {"filing": [], "across": []}  # nothing changed: nothing computed

    # A corrected re-publication of last year's court budget (another total).
    shutil.rmtree(packages / "court_2018")
    _collect(packages, _court(tmp_path / "corrected", total_2018="33000.00")[:1])
    combine(packages, cache)
    assert computed == {"filing": ["court_2018"], "across": ["court_2018", "court_2019"]}

    cold = tmp_path / "cold"
    shutil.copytree(packages, cold, ignore=shutil.ignore_patterns(COMBINED_ID))
    combine(cold)  # no cache
    warm = _tree(packages / COMBINED_ID)
    assert warm == _tree(cold / COMBINED_ID) and len(warm) >= 20
    # The change reached the pairs: 2019 against 2018, the 2018 决算 against its 预算.
    assert b"33000.00" in warm["data/cross_filing_checks.csv"]
    assert b",330000000.00," in warm["data/budget_vs_actual.csv"]  # 33000.00 万元, in 元
    # Entries of the replaced package are gone after the combine that no longer used them.
    assert len(list(cache.iterdir())) == len(filings) * 2 + 2  # filing, across; printed, lines
