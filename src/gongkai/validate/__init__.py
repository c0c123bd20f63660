"""Validation: Frictionless schema checks, fiscal identities and narrative claims of a saved package.

The check families live in validate/checks/ (one module each), the budget knowledge they use in
templates/identities.yaml and templates/claims.yaml (loaded by validate/rules.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.datapackage import load_package
from gongkai.package import csv_text, write_json
from gongkai.validate.check import Check, with_severity
from gongkai.validate.checks import run_checks
from gongkai.validate.claims import claims_files, temporary

__all__ = ["Check", "run_checks", "validate_package"]


def summarize(checks: list[Check]) -> dict[str, Any]:
    summary: dict[str, Any] = {"checks": len(checks)}
    for status in ("pass", "fail", "skip"):
        summary[status] = sum(1 for c in checks if c.status == status)
    for severity in ("material", "rounding", "info"):
        summary[severity] = sum(1 for c in checks if c.severity == severity)
    by_category: dict[str, dict[str, int]] = {}
    for check in checks:
        counts = by_category.setdefault(check.category, {"pass": 0, "fail": 0, "skip": 0})
        counts[check.status] += 1
    summary["by_category"] = dict(sorted(by_category.items()))
    return summary


def validate_package(directory: Path) -> dict[str, Any]:
    """Run every check on the package in ``directory``; write validation.json, data/checks.csv
    and data/claims.csv (the narrative's statements, listed in datapackage.json)."""
    checks_csv = directory / "data" / "checks.csv"
    fields = schemas.field_names("checks")
    if not checks_csv.exists():
        checks_csv.write_text(csv_text(fields, []), encoding="utf-8")
    # The claims resource is written first, so that its own schema check runs on the first
    # validation as on every later one (a re-run gives the same report).
    claims_csv, descriptor = claims_files(load_package(directory), None)
    _replace(directory / "data" / "claims.csv", claims_csv)
    _replace(directory / "datapackage.json", descriptor)
    package = load_package(directory)
    checks = [with_severity(c) for c in unique_ids(run_checks(package))]
    result = {
        "filing_id": package.meta.get("filing_id"),
        "summary": summarize(checks),
        "checks": [c.as_dict() for c in checks],
    }
    # Each file is written beside its target first, then renamed over it: a killed run leaves
    # the previous file whole, never a half-written one.
    checks_tmp = checks_csv.with_name(f".{checks_csv.name}.tmp")
    checks_tmp.write_text(csv_text(fields, (c.as_dict() for c in checks)), encoding="utf-8")
    report_tmp = directory / ".validation.json.tmp"
    write_json(report_tmp, result)
    checks_tmp.replace(checks_csv)
    report_tmp.replace(directory / "validation.json")
    return result


def _replace(path: Path, text: str) -> None:
    """Write beside the target, then rename over it (a killed run leaves the old file whole)."""
    temporary(path).write_text(text, encoding="utf-8")
    temporary(path).replace(path)


def unique_ids(checks: list[Check]) -> list[Check]:
    """Give repeated check ids an occurrence suffix (#2, #3 …) in print order.

    A filing that prints the same row twice (a page printed twice, a duplicated line) yields the
    same check twice; both are kept, each with a stable id of its own.
    """
    seen: Counter[str] = Counter()
    for check in checks:
        seen[check.check_id] += 1
        if seen[check.check_id] > 1:
            check.check_id = f"{check.check_id}#{seen[check.check_id]}"
    return checks
