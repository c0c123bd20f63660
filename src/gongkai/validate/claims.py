"""The claims resource: one row per numeric statement of the narrative (data/claims.csv), so that
what the prose says, and the reasons it gives for changes, are data."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.datapackage import Package
from gongkai.package import csv_resource, csv_text
from gongkai.validate.checks.narrative import Claim, resolved_claims

RESOURCE = "claims"
TITLE = "情况说明中的数字陈述"


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def claim_rows(claims: list[Claim]) -> list[dict[str, Any]]:
    """The claims.csv rows of resolved statements, in reading order."""
    rows = []
    for line_no, claim in enumerate(claims, start=1):
        s, r = claim.statement, claim.resolution
        difference = None
        if r.expected is not None and r.actual is not None:
            difference = r.actual - r.expected
        rows.append(
            {
                "claim_id": s.claim_id,
                "line_no": line_no,
                "paragraph_id": s.paragraph.text("paragraph_id"),
                "position": s.position,
                "sentence": s.clause.strip(),
                "subject": s.subject,
                "table_id": r.table_id,
                "code": r.code,
                "item": r.item,
                "value": s.printed,
                "unit": s.unit,
                "kind": s.kind,
                "direction": s.direction,
                "reference_year": s.reference_year,
                "subject_value": _text(r.subject_value),
                "reason": s.reason,
                "status": r.status,
                "expected": _text(r.expected),
                "expected_unit": r.expected_unit
                if r.expected is not None or r.subject_value is not None
                else "",
                "difference": _text(difference),
                "derivation": r.derivation,
                "note": r.note,
                "check_id": s.claim_id,
                "page": s.page,
                "source_line": s.source_line,
            }
        )
    return rows


def descriptor_with_claims(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with the claims resource (replaced if present), placed before `checks`."""
    resource = {
        **csv_resource(RESOURCE, TITLE, schemas.table_schema(RESOURCE)),
        "gongkai:derived": True,
    }
    others = [r for r in descriptor.get("resources") or [] if r.get("name") != RESOURCE]
    at = next((i for i, r in enumerate(others) if r.get("name") == "checks"), len(others))
    return {**descriptor, "resources": [*others[:at], resource, *others[at:]]}


def claims_files(package: Package, claims: list[Claim] | None) -> tuple[str, str]:
    """The text of data/claims.csv and of datapackage.json listing it (claims resolved from the
    package when not given)."""
    found = resolved_claims(package) if claims is None else claims
    csv = csv_text(schemas.field_names(RESOURCE), claim_rows(found))
    descriptor = json.loads((package.directory / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(descriptor_with_claims(descriptor), ensure_ascii=False, indent=2) + "\n"
    return csv, text


def temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")
