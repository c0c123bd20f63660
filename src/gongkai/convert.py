"""The convert stage: read -> extract -> package -> figures -> validate one filing, atomically.

Each stage hands the next a plain or saved value: documents, an Extraction (rows), a staging
directory. Nothing here reads or decides anything about budgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.extract import extract_filing
from gongkai.figures import write_figures
from gongkai.filings import FilingSource
from gongkai.limits import deadline
from gongkai.model import Document, ReadError
from gongkai.package import atomic_directory, write_reader_copies, write_resources
from gongkai.readers import read_document
from gongkai.validate import validate_package

_PROVENANCE_KEYS = (
    "title",
    "department_name",
    "department_code",
    "region",
    "level",
    "year",
    "phase",
    "scope",
    "publisher",
    "url",
    "retrieved",
    "obtained",
    "original_format",
)


@dataclass
class ConversionResult:
    filing_id: str
    directory: Path
    tables: int
    records: int
    summary: dict[str, Any]
    problems: list[str]


def metadata_from(source: FilingSource) -> dict[str, Any]:
    meta = {k: source.provenance[k] for k in _PROVENANCE_KEYS if k in source.provenance}
    meta.setdefault("region", [])
    return meta


def convert(source: FilingSource, out_dir: Path) -> ConversionResult:
    """Read, extract, package and validate one filing. Raises ReadError when it cannot be read.

    The package is built in a staging folder and replaces the previous one only when complete.
    """
    with deadline(source.filing_id) as stop_clock:  # GONGKAI_MAX_SECONDS
        return _convert(source, out_dir, stop_clock)


def _read_documents(source: FilingSource) -> tuple[list[Document], list[str]]:
    """Each file of the filing read. In a filing of several files, one that cannot be read (a
    scanned narrative beside text-layer tables, a damaged 附件) is left out and reported, and
    the others are published; the filing is unreadable only when none of its files is."""
    documents: list[Document] = []
    unread: list[str] = []
    for path in source.files:
        try:
            documents.append(read_document(path))
        except ReadError as exc:
            if len(source.files) == 1:
                raise
            unread.append(str(exc))
    if not documents:
        raise ReadError("; ".join(unread))
    return documents, unread


def _convert(
    source: FilingSource, out_dir: Path, stop_clock: Callable[[], None]
) -> ConversionResult:
    documents, unread = _read_documents(source)
    extraction = extract_filing(source.filing_id, documents, metadata_from(source), unread)
    final = out_dir / source.filing_id
    with atomic_directory(final) as staging:
        write_resources(
            staging,
            extraction.filing_id,
            extraction.metadata,
            extraction.sources,
            extraction.resources,
            source.provenance,
            source.files,
            source.provenance_path,
        )
        write_figures(staging)  # computed once from the saved package, saved beside it
        result = validate_package(staging)
        write_reader_copies(staging, source.filing_id)
        stop_clock()  # over time: raised here, and the package is not published
    return ConversionResult(
        filing_id=source.filing_id,
        directory=final,
        tables=extraction.tables,
        records=extraction.records,
        summary=result["summary"],
        problems=extraction.messages,
    )
