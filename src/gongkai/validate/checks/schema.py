"""Schema checks: every resource's CSV is valid against its Table Schema (Frictionless)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.datapackage import Package
from gongkai.validate.check import Check

CATEGORY = "schema"
TITLE_ZH = "数据格式"


def schema_checks(package: Package) -> list[Check]:
    from frictionless import Package as FrictionlessPackage
    from frictionless import system

    with system.use_context(trusted=True):
        fpackage = FrictionlessPackage(str(package.directory / "datapackage.json"))
        report = fpackage.validate()
    tasks = {task.name: task for task in report.tasks}
    checks: list[Check] = []
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
                category=CATEGORY,
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
