"""Mutated copies of the real sample through the whole conversion (read, extract, package with
its XLSX, figures, validate): a package or a ReadError naming the file, never another exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from gongkai.convert import convert
from gongkai.filings import FilingSource
from gongkai.model import ReadError
from tests.fuzz.harness import EXAMPLES, FUZZ
from tests.fuzz.mutations import Mutation, text_mutation
from tests.fuzz.seeds import seed_bytes


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-convert")


def convert_or_refuse(path: Path, out: Path) -> Path | ReadError:
    """Convert one file as a filing; the package folder, or the ReadError that refused it."""
    try:
        return convert(FilingSource("mutated", [path]), out).directory
    except ReadError as exc:
        assert path.name in str(exc), str(exc)
        return exc


@settings(FUZZ, max_examples=max(3, EXAMPLES // 4))
@given(case=text_mutation())
def test_convert_text_export(workdir: Path, case: tuple[str, Mutation]) -> None:
    description, mutate = case
    path = workdir / "mutated.txt"
    path.write_bytes(mutate(seed_bytes("txt", str(workdir))))
    try:
        convert_or_refuse(path, workdir / "out")
    except BaseException as exc:
        exc.add_note(f"fuzz case: the sample, {description}")
        raise
