"""Validation: Frictionless schema checks, fiscal identities and narrative claims of a saved package."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.package import csv_text, write_json
from gongkai.validate.claims import narrative_checks
from gongkai.validate.identities import (
    code_names,
    cross_table,
    hierarchy_sums,
    row_sums,
    summary_identities,
    three_public,
)
from gongkai.validate.model import Check, Package

__all__ = ["Check", "Package", "run_checks", "validate_package"]


def schema_checks(package: Package) -> list[Check]:
    """Frictionless validation of every resource against its Table Schema."""
    from frictionless import Package as FrictionlessPackage
    from frictionless import system

    checks: list[Check] = []
    with system.use_context(trusted=True):
        fpackage = FrictionlessPackage(str(package.directory / "datapackage.json"))
        report = fpackage.validate()
    tasks = {task.name: task for task in report.tasks}
    for resource in package.descriptor["resources"]:
        name = resource["name"]
        if name == "checks":
            continue
        task = tasks.get(name)
        errors = list(task.errors) if task else []
        first = "; ".join(
            f"row {getattr(e, 'row_number', '?')} {getattr(e, 'field_name', '')}: {e.note}"
            for e in errors[:3]
        )
        checks.append(
            Check(
                check_id=f"schema.{name}",
                category="schema",
                status="pass" if task is not None and task.valid else "fail",
                description_zh=f"{name}.csv 符合其表结构（Table Schema）"
                + (f"：{len(errors)} 处错误：{first}" if errors else ""),
                description_en=f"{name}.csv is valid against its Table Schema"
                + (f": {len(errors)} errors: {first}" if errors else ""),
                expected=Decimal(0),
                actual=Decimal(len(errors)),
                difference=Decimal(len(errors)),
                tolerance=Decimal(0),
                table_id=name,
            )
        )
    return checks


def identity_checks(package: Package) -> list[Check]:
    """What the document prints about itself against its provenance file."""
    meta = package.metadata
    checks: list[Check] = []
    pairs = [
        ("department_name", "department_name_printed", "部门名称", "department name"),
        ("year", "year_printed", "年度", "year"),
        ("phase", "phase_printed", "预算/决算", "phase"),
        ("scope", "scope_printed", "部门/单位预算", "scope (department or unit)"),
    ]
    for declared, printed, zh, en in pairs:
        if meta.get(declared) is None:
            continue
        found = meta.get(printed)
        status = (
            "skip" if found is None else ("pass" if str(found) == str(meta[declared]) else "fail")
        )
        checks.append(
            Check(
                check_id=f"identity.{declared}",
                category="identity",
                status=status,
                description_zh=f"文件所印{zh}「{found}」与来源登记「{meta[declared]}」一致",
                description_en=f"{en} printed in the filing ({found}) = provenance ({meta[declared]})",
                table_id="datapackage",
                column=declared,
            )
        )
    return checks


def run_checks(package: Package) -> list[Check]:
    return (
        schema_checks(package)
        + identity_checks(package)
        + row_sums(package)
        + hierarchy_sums(package)
        + summary_identities(package)
        + cross_table(package)
        + code_names(package)
        + three_public(package)
        + narrative_checks(package)
    )


def summarize(checks: list[Check]) -> dict[str, Any]:
    summary: dict[str, Any] = {"checks": len(checks)}
    for status in ("pass", "fail", "skip"):
        summary[status] = sum(1 for c in checks if c.status == status)
    by_category: dict[str, dict[str, int]] = {}
    for check in checks:
        counts = by_category.setdefault(check.category, {"pass": 0, "fail": 0, "skip": 0})
        counts[check.status] += 1
    summary["by_category"] = dict(sorted(by_category.items()))
    return summary


def validate_package(directory: Path) -> dict[str, Any]:
    """Run every check on the package in ``directory``; write validation.json and data/checks.csv."""
    package = Package(directory)
    checks_csv = directory / "data" / "checks.csv"
    fields = schemas.field_names("checks")
    if not checks_csv.exists():
        checks_csv.write_text(csv_text(fields, []), encoding="utf-8")
    checks = unique_ids(run_checks(package))
    result = {
        "filing_id": package.metadata.get("filing_id"),
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
