"""Shared fixtures: the real sample filing, the shared folder of real PDFs, and converted packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import paths
from gongkai.convert import convert
from gongkai.filings import FilingSource, load_provenance

SAMPLE_ID = "changli_2023_dept_budget_hrss"
SAMPLE_PROVENANCE = paths.FILINGS / "changli" / f"{SAMPLE_ID}.yaml"
SAMPLE_TEXT = paths.FILINGS / "changli" / f"{SAMPLE_ID}.txt"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def sample_source() -> FilingSource:
    return load_provenance(SAMPLE_PROVENANCE)


@pytest.fixture(scope="session")
def sample_package(tmp_path_factory: pytest.TempPathFactory, sample_source: FilingSource) -> Path:
    out = tmp_path_factory.mktemp("packages")
    return convert(sample_source, out).directory


def convert_text(text: str, directory: Path, filing_id: str = "mutated") -> Path:
    """Convert a (generated) variant of the sample text, without provenance."""
    source_file = directory / f"{filing_id}.txt"
    source_file.write_text(text, encoding="utf-8")
    return convert(FilingSource(filing_id, [source_file]), directory / "out").directory
