"""Mutated provenance files into `load_provenance` and `discover`: an accepted filing has a safe
id and only files inside its folder; a refused one is a ReadError naming the provenance file;
`discover` never raises and always finds the good filing beside the bad one.

Every provenance here is GENERATED (its first line says so) from the sample's.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gongkai.filings import discover, load_provenance, unsafe_id_reason
from gongkai.model import ReadError
from gongkai.readers import supported_suffixes
from tests.conftest import SAMPLE_TEXT
from tests.fuzz.harness import FUZZ
from tests.fuzz.mutations import HOSTILE, Mutation, byte_mutation

SHA = hashlib.sha256(SAMPLE_TEXT.read_bytes()).hexdigest()
GOOD = (
    "# generated provenance (tests/fuzz/test_provenance_fuzz.py)\n"
    "id: fuzzed_2023_x_budget\ntitle: 昌黎县人力资源和社会保障局2023年部门预算\nyear: 2023\n"
    "phase: 预算\nregion: [河北省, 秦皇岛市, 昌黎县]\npublisher: 昌黎县人民政府\n"
    f"files:\n  - name: fuzzed.txt\n    sha256: '{SHA}'\n"
)
FIELDS = ("id", "year", "phase", "region", "publisher", "title", "files", "name", "sha256")
VALUES = (
    ".",
    "..",
    "all-filings",
    "../../etc/passwd",
    "/etc/passwd",
    "fuzzed.txt/..",
    "'" + "0" * 64 + "'",
    "0" * 64,
    "二〇二三",
    "[]",
    "{}",
    "null",
    "!!binary aGVsbG8=",
    "&a [*a]",
    "*undefined",
    "5",
    "-1",
    "99999999999999999999999999",
    "1" * 5000,
    ".hidden",
    "CON",
    "a" * 300,
    *HOSTILE,
)


@st.composite
def provenance_mutation(draw: st.DrawFn) -> tuple[str, Mutation]:
    if draw(st.integers(0, 3)) == 0:
        return draw(byte_mutation())
    field = draw(st.sampled_from(FIELDS))
    value = draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=40)))

    def mutate(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        for index, line in enumerate(lines):
            key = line.strip().lstrip("- ").split(":", 1)[0]
            if key == field:
                indent = line[: len(line) - len(line.lstrip())]
                dash = "- " if line.strip().startswith("- ") else ""
                lines[index] = f"{indent}{dash}{field}: {value}"
                break
        return "\n".join(lines).encode("utf-8", "surrogatepass")

    return f"{field}: {value[:40]!r}", mutate


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-provenance")


@FUZZ
@given(case=provenance_mutation())
def test_provenance(workdir: Path, case: tuple[str, Mutation]) -> None:
    description, mutate = case
    folder = workdir / "filings"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "good").mkdir(parents=True)
    shutil.copyfile(SAMPLE_TEXT, folder / "fuzzed.txt")
    shutil.copyfile(SAMPLE_TEXT, folder / "good" / "good_2023_y_budget.txt")
    (folder / "good" / "good_2023_y_budget.yaml").write_text(
        GOOD.replace("fuzzed_2023_x_budget", "good_2023_y_budget").replace(
            "fuzzed.txt", "good_2023_y_budget.txt"
        ),
        encoding="utf-8",
    )
    path = folder / "fuzzed.yaml"
    path.write_bytes(mutate(GOOD.encode("utf-8")))
    try:
        try:
            source = load_provenance(path)
        except ReadError as exc:
            assert str(path) in str(exc) or path.name in str(exc), str(exc)
        else:
            assert unsafe_id_reason(source.filing_id) is None
            assert source.filing_id not in ("", ".", "..")
            for file in source.files:
                assert file.resolve().parent == folder.resolve(), file
            yaml.safe_dump(source.provenance, allow_unicode=True)
        sources, _errors = discover([folder], supported_suffixes())
        assert "good_2023_y_budget" in [s.filing_id for s in sources]
    except BaseException as exc:
        exc.add_note(f"fuzz case: provenance {description}")
        raise
