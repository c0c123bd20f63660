"""Mutated filings into `read_document`, format by format: read, or a ReadError naming the file.

Seeds: the real sample (text export), GENERATED XLSX, DOCX and HTML copies of its first tables,
a GENERATED one-page PDF, and real PDFs of filings/ (see seeds.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import EXAMPLES, FUZZ, read_or_refuse
from tests.fuzz.mutations import Mutation, byte_mutation, text_mutation, zip_mutation
from tests.fuzz.seeds import REAL_PDFS, seed_bytes

XLSX_MEMBERS = (
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "[Content_Types].xml",
)
DOCX_MEMBERS = ("word/document.xml", "word/styles.xml", "[Content_Types].xml")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def run_case(workdir: Path, kind: str, suffix: str, case: tuple[str, Mutation]) -> None:
    description, mutate = case
    path = workdir / f"mutated.{suffix}"
    path.write_bytes(mutate(seed_bytes(kind, str(workdir))))
    try:
        read_or_refuse(path)
    except BaseException as exc:
        exc.add_note(f"fuzz case: {kind} seed, {description}")
        raise


@FUZZ
@given(case=text_mutation())
def test_text_export(workdir: Path, case: tuple[str, Mutation]) -> None:
    run_case(workdir, "txt", "txt", case)


@FUZZ
@given(case=text_mutation())
def test_html(workdir: Path, case: tuple[str, Mutation]) -> None:
    run_case(workdir, "html", "html", case)


@FUZZ
@given(case=zip_mutation(XLSX_MEMBERS))
def test_xlsx(workdir: Path, case: tuple[str, Mutation]) -> None:
    run_case(workdir, "xlsx", "xlsx", case)


@FUZZ
@given(case=zip_mutation(DOCX_MEMBERS))
def test_docx(workdir: Path, case: tuple[str, Mutation]) -> None:
    run_case(workdir, "docx", "docx", case)


@FUZZ
@given(case=st.one_of(byte_mutation(), text_mutation()))
def test_generated_pdf(workdir: Path, case: tuple[str, Mutation]) -> None:
    run_case(workdir, "pdf", "pdf", case)


@settings(FUZZ, max_examples=max(2, EXAMPLES // 10))
@given(seed=st.sampled_from(REAL_PDFS), case=byte_mutation())
def test_real_pdfs(workdir: Path, seed: str, case: tuple[str, Mutation]) -> None:
    run_case(workdir, f"realpdf:{seed}", "pdf", case)
