"""Golden files: the sample's CSVs and validation.json, byte for byte (refresh: make golden)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, SAMPLE_ID

GOLDEN_DIR = GOLDEN / SAMPLE_ID


def _generated_files(package: Path) -> list[Path]:
    return [*sorted(package.glob("data/*.csv")), package / "validation.json"]


def test_golden_package_files(sample_package: Path) -> None:
    files = _generated_files(sample_package)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN_DIR, ignore_errors=True)
        GOLDEN_DIR.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, GOLDEN_DIR / path.name)
        pytest.skip("golden files refreshed")
    expected = sorted(p.name for p in GOLDEN_DIR.iterdir())
    assert sorted(p.name for p in files) == expected
    for path in files:
        assert path.read_bytes() == (GOLDEN_DIR / path.name).read_bytes(), (
            f"{path.name} differs from tests/golden/{SAMPLE_ID}/{path.name}; "
            "if the change is intended, run `make golden` and review the diff"
        )
