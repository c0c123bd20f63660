"""A filing's findings as the package's resources: resource name -> rows of plain values."""

from __future__ import annotations

from typing import Any

from gongkai import schemas
from gongkai.extract.results import Filing
from gongkai.normalize import in_yuan

Rows = list[dict[str, Any]]


def resource_rows(filing: Filing) -> dict[str, Rows]:
    """Every resource of the package except ``checks`` (computed by validation) as rows."""
    data: dict[str, Rows] = {}
    for table in filing.tables:
        data[table.table_id] = [dict(record) for record in table.records]
    data["performance_projects"] = [dict(r) for r in filing.performance_projects]
    data["performance_indicators"] = [dict(r) for r in filing.performance_indicators]
    data["department_targets"] = [dict(r) for r in filing.department_targets]
    data["narrative"] = narrative_rows(filing)
    data["glossary"] = [{k: v for k, v in g.items() if k != "term_plain"} for g in filing.glossary]
    data["tables"] = table_rows(filing)
    data["table_columns"] = [
        {
            "table_id": t.table_id,
            "column_no": c.index + 1,
            "header": c.label or None,
            # Two-sided tables name their amount columns side:field; the field is the last part.
            "field": c.field.split(":")[-1] if c.field is not None else None,
        }
        for t in filing.tables
        for c in t.columns
    ]
    data["unparsed_cells"] = [
        {
            "table_id": u.table,
            "row": u.row,
            "column": u.column + 1 if u.column >= 0 else None,
            "text": u.text,
            "reason": u.reason,
            "page": u.location.page,
            "source_line": u.location.line,
        }
        for u in filing.unparsed
    ]
    data["problems"] = [
        {
            "severity": p.severity,
            "table_id": p.table,
            "row": p.row,
            "message": p.message,
            "page": p.location.page if p.location else None,
            "source_line": p.location.line if p.location else None,
        }
        for p in filing.problems
    ]
    data["budget_lines"] = budget_lines(filing)
    return data


def narrative_rows(filing: Filing) -> Rows:
    return [
        {
            "paragraph_id": i,
            "section_no": p.section_no,
            "section_level": p.section_level,
            "heading": p.heading,
            "paragraph_no": p.paragraph_no,
            "text": p.text,
            "page": p.location.page,
            "source_line": p.location.line,
        }
        for i, p in enumerate(filing.paragraphs, start=1)
    ]


def table_rows(filing: Filing) -> Rows:
    """The `tables` resource: each table's title, unit, captions, notes and where it is printed."""
    return [
        {
            "table_id": t.table_id,
            "title": t.title,
            "standard_title": t.kind.title_zh,
            "unit": t.unit,
            "rows": len(t.records),
            "captions": " | ".join(t.captions) or None,
            "notes": " | ".join(t.notes) or None,
            "source_file": t.source_file,
            "pages": ",".join(str(p) for p in t.pages) or None,
            "source_line": t.location.line,
        }
        for t in filing.tables
    ]


def budget_lines(filing: Filing) -> Rows:
    """Every coded amount of the filing in long format, with the amount normalised to 元."""
    lines: Rows = []
    for table in filing.tables:
        if table.kind.layout != "coded":
            continue
        titles = schemas.field_titles(table.table_id)
        measures = schemas.measure_fields(table.table_id)
        for record in table.records:
            for measure in measures:
                amount = record.get(measure)
                if amount is None:
                    continue
                lines.append(
                    {
                        "filing_id": filing.filing_id,
                        "table_id": table.table_id,
                        "line_no": record["line_no"],
                        "code_scheme": table.kind.code_scheme,
                        "code": record.get("code"),
                        "name": record.get("name"),
                        "level": record.get("level"),
                        "parent_code": record.get("parent_code"),
                        "measure": measure,
                        "measure_title": titles.get(measure),
                        "amount": amount,
                        "unit": table.unit,
                        "amount_yuan": in_yuan(amount, table.unit),
                        "page": record.get("page"),
                        "source_line": record.get("source_line"),
                    }
                )
    return lines
