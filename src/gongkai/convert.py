"""The convert stage: filing files -> extracted records -> a validated data package, atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.extract import Filing, extract_filing
from gongkai.extract.tables import Problem
from gongkai.filings import FilingSource
from gongkai.model import ReadError
from gongkai.package import atomic_directory, resource_rows, write_resources, write_xlsx
from gongkai.readers import read_document
from gongkai.templates import best_template, templates
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


def _fill_from_document(filing: Filing) -> None:
    meta = filing.metadata
    meta.setdefault("department_name", meta.get("department_name_printed"))
    meta.setdefault("year", meta.get("year_printed"))
    meta.setdefault("phase", meta.get("phase_printed"))


def check_completeness(filing: Filing) -> None:
    """Refuse what is not a filing at all; report the standard tables of its template it lacks.

    The template (national, Jiangsu …) is the one of tables.yaml's `templates` whose standard
    kinds the filing prints most of: a Jiangsu filing is not asked for income_by_function.
    """
    found = {t.table_id for t in filing.tables}
    standard = {kind for template in templates() for kind in template.standard}
    if not found & standard and not filing.performance_projects:
        raise ReadError(
            f"{', '.join(filing.sources)}: no budget table recognised (no 收支总表, 支出表, 三公 …); "
            "is this a budget filing? If it is, add its table titles to "
            "src/gongkai/templates/tables.yaml"
        )
    template = best_template(found)
    missing = [name for name in template.standard if name not in found]
    if missing:
        filing.problems.append(
            Problem(
                "warning",
                "filing",
                None,
                f"standard tables not found: {', '.join(missing)} (template {template.name}: "
                f"{template.title_zh}); the file may be truncated, or print them under titles "
                "gongkai does not know yet",
            )
        )


def convert(source: FilingSource, out_dir: Path) -> ConversionResult:
    """Read, extract, package and validate one filing. Raises ReadError when it cannot be read.

    The package is built in a staging folder and replaces the previous one only when complete.
    """
    documents = [read_document(path) for path in source.files]
    filing = extract_filing(source.filing_id, documents, metadata_from(source))
    _fill_from_document(filing)
    check_completeness(filing)
    data = resource_rows(filing)
    final = out_dir / source.filing_id
    with atomic_directory(final) as staging:
        descriptor = write_resources(staging, filing, data, source.provenance, source.files)
        if source.provenance_path is not None:
            (staging / "original" / "provenance.yaml").write_bytes(
                source.provenance_path.read_bytes()
            )
        result = validate_package(staging)
        write_xlsx(staging / f"{source.filing_id}.xlsx", staging, descriptor)
    return ConversionResult(
        filing_id=source.filing_id,
        directory=final,
        tables=len(filing.tables),
        records=sum(len(rows) for rows in data.values()),
        summary=result["summary"],
        problems=[
            p.describe(", ".join(filing.sources)) for p in filing.problems if p.severity == "error"
        ]
        + [p.describe(", ".join(filing.sources)) for p in filing.problems if p.severity != "error"],
    )
