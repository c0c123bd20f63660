"""The combine stage: every filing's budget_lines and checks in one package, datapackages/all-filings."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gongkai import schemas
from gongkai.package import atomic_directory, csv_resource, csv_text, write_json, write_xlsx

COMBINED_ID = "all-filings"
UNITED = ("budget_lines", "checks")


def _filings_schema() -> dict[str, Any]:
    text = resources.files("gongkai.schemas").joinpath("combined.yaml").read_text("utf-8")
    schema: dict[str, Any] = yaml.safe_load(text)["filings"]
    return schema


def filing_packages(directory: Path) -> list[Path]:
    return sorted(
        p.parent
        for p in directory.glob("*/datapackage.json")
        if p.parent.name != COMBINED_ID and not p.parent.name.startswith(".")
    )


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def combine(directory: Path) -> Path | None:
    """Write datapackages/all-filings from the packages in ``directory``; None if there are none."""
    packages = filing_packages(directory)
    if not packages:
        return None
    index: list[dict[str, Any]] = []
    united: dict[str, list[dict[str, str]]] = {name: [] for name in UNITED}
    for package in packages:
        descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
        meta = descriptor.get("gongkai", {})
        checks = _read(package / "data" / "checks.csv")
        index.append(
            {
                "filing_id": package.name,
                "title": descriptor.get("title"),
                "department_name": meta.get("department_name"),
                "region": " / ".join(meta.get("region") or []) or None,
                "year": meta.get("year"),
                "phase": meta.get("phase"),
                "unit": meta.get("unit"),
                "tables": sum(1 for _ in _read(package / "data" / "tables.csv")),
                "checks": len(checks),
                "checks_failed": sum(1 for c in checks if c["status"] == "fail"),
            }
        )
        united["budget_lines"].extend(_read(package / "data" / "budget_lines.csv"))
        united["checks"].extend(
            {**c, "check_id": f"{package.name}:{c['check_id']}"} for c in checks
        )
    target = directory / COMBINED_ID
    with atomic_directory(target) as staging:
        (staging / "data").mkdir()
        filings_schema = _filings_schema()
        (staging / "data" / "filings.csv").write_text(
            csv_text([f["name"] for f in filings_schema["fields"]], index), encoding="utf-8"
        )
        resources_: list[dict[str, Any]] = [
            _resource("filings", "公开文件目录 Filings", filings_schema)
        ]
        for name in UNITED:
            fields = schemas.field_names(name)
            (staging / "data" / f"{name}.csv").write_text(
                csv_text(fields, united[name]), encoding="utf-8"
            )
            resources_.append(_resource(name, _TITLES[name], schemas.table_schema(name)))
        descriptor = {
            "profile": "tabular-data-package",
            "name": COMBINED_ID,
            "title": "全部公开文件合并数据 All filings combined",
            "description": "每个公开文件的预算明细长表（budget_lines）与检查结果（checks）合并为一张表，"
            "便于跨部门、跨年度比较；各文件的完整数据见 datapackages/<filing_id>。",
            "licenses": [
                {
                    "name": "ODC-PDDL-1.0",
                    "path": "https://opendatacommons.org/licenses/pddl/",
                    "title": "Open Data Commons Public Domain Dedication and License",
                }
            ],
            "sources": [
                {"title": row["title"] or row["filing_id"], "path": f"../{row['filing_id']}"}
                for row in index
            ],
            "resources": resources_,
        }
        write_json(staging / "datapackage.json", descriptor)
        write_xlsx(staging / f"{COMBINED_ID}.xlsx", staging, descriptor)
    return target


_TITLES = {
    "budget_lines": "预算明细长表（全部文件） Budget lines of all filings",
    "checks": "检查结果（全部文件） Checks of all filings",
}


def _resource(name: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    schema = dict(schema)
    if name == "checks":
        schema["primaryKey"] = ["check_id"]
    return csv_resource(name, title, schema)
