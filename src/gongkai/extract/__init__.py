"""The extract stage: documents -> every table recognised and typed, the narrative, the filing's
identity and completeness, handed on as a plain value (resource name -> rows)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gongkai import templates
from gongkai.extract import narrative
from gongkai.extract.completeness import check_completeness
from gongkai.extract.identity import cover_lines, identify
from gongkai.extract.records import resource_rows
from gongkai.extract.results import Filing, Problem
from gongkai.extract.walker import Walker
from gongkai.model import Document, TableBlock

__all__ = ["Extraction", "extract_filing", "find"]


@dataclass(frozen=True)
class Extraction:
    """What extract hands to package: plain values only."""

    filing_id: str
    sources: list[str]  # file names of the documents, as copied into original/
    metadata: dict[str, Any]  # provenance, completed with what the filing prints about itself
    resources: dict[str, list[dict[str, Any]]]  # every resource but checks, as rows
    messages: list[str]  # the problems in words for the console, errors first

    @property
    def tables(self) -> int:
        return len(self.resources["tables"])

    @property
    def records(self) -> int:
        return sum(len(rows) for rows in self.resources.values())


def find(filing_id: str, documents: list[Document], metadata: dict[str, Any]) -> Filing:
    """Walk the documents: every table, the performance targets, the narrative and identity."""
    templates.check_all()  # a YAML naming an unknown kind or field fails here, before any work
    filing = Filing(
        filing_id=filing_id, sources=[d.source for d in documents], metadata=dict(metadata)
    )
    walker = Walker(filing)
    for document in documents:
        for block in document.blocks:
            if isinstance(block, TableBlock):
                walker.table(block, document.source)
            else:
                walker.text(block)
        walker.end_document()
    filing.paragraphs = narrative.sections(walker.narrative_lines)
    filing.department_targets = narrative.department_targets(filing.paragraphs)
    filing.glossary = narrative.glossary(filing.paragraphs)
    identify(filing, walker.captions, cover_lines(documents))
    return filing


def extract_filing(
    filing_id: str,
    documents: list[Document],
    metadata: dict[str, Any],
    unread: Sequence[str] = (),
) -> Extraction:
    """Extract one filing. Raises ReadError when it holds no budget table at all. ``unread``:
    why each file of the filing that could not be read was left out (reported as errors)."""
    filing = find(filing_id, documents, metadata)
    for reason in unread:
        message = f"{reason} — this file is left out; the filing's other files are published"
        filing.problems.append(Problem("error", "files", None, message))
    check_completeness(filing)
    source = ", ".join(filing.sources)
    errors = [p for p in filing.problems if p.severity == "error"]
    others = [p for p in filing.problems if p.severity != "error"]
    return Extraction(
        filing_id=filing.filing_id,
        sources=list(filing.sources),
        metadata=filing.metadata,
        resources=resource_rows(filing),
        messages=[p.describe(source) for p in errors + others],
    )
