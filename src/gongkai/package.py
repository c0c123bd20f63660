"""The package stage: write the rows it is given as a Frictionless data package (typed CSVs,
datapackage.json, originals) in a directory replaced atomically, then the reader's copies (CSVs
with Chinese headers and units, an XLSX).

Every CSV starts with a UTF-8 byte-order mark (declared `utf-8-sig`), so that Excel on Chinese
Windows reads it right; data/ holds the machine-friendly CSVs (ASCII field names, the contract of
the Table Schemas), zh/ the same tables headed by the fields' Chinese titles with their unit."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import excel, schemas, templates
from gongkai.atomic import atomic_directory as atomic_directory  # where convert finds it

PACKAGE_VERSION = "1.0.0"
LICENSE = {
    "name": "ODC-PDDL-1.0",
    "path": "https://opendatacommons.org/licenses/pddl/",
    "title": "Open Data Commons Public Domain Dedication and License; the filing is a public "
    "government disclosure (政府信息公开)",
}
# The folder of the CSVs with Chinese headers (each resource names its file: gongkai:csv_zh).
ZH_DIR = "zh"

Rows = list[dict[str, Any]]


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_text(fields: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """A machine-friendly CSV (ASCII field names, values as printed), byte-order mark first."""

    known = set(fields)

    def printed(row: dict[str, Any]) -> list[str]:
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"fields not in the schema: {sorted(unknown)}")
        return [format_value(row.get(f)) for f in fields]

    return excel.csv_text(fields, (printed(row) for row in rows))


def csv_resource(name: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A tabular data resource descriptor for data/<name>.csv (and its Chinese copy)."""
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",  # what frictionless calls UTF-8 after a byte-order mark
        "title": title,
        "schema": schema,
        "gongkai:csv_zh": f"{ZH_DIR}/{name}.csv",
    }


def _is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def descriptor(
    filing_id: str,
    metadata: dict[str, Any],
    sources: list[str],
    data: dict[str, Rows],
    provenance: dict[str, Any],
) -> dict[str, Any]:
    """datapackage.json: the filing's metadata, its sources and one resource per table written."""
    meta = metadata
    units = {row["table_id"]: row["unit"] for row in data.get("tables", [])}
    title = meta.get("title") or (
        f"{meta.get('department_name', '')} {meta.get('year', '')}年部门{meta.get('phase', '')}"
    )
    resources = []
    for name in schemas.resource_names():
        if name not in data:
            continue
        resource = csv_resource(name, resource_title(name), schemas.table_schema(name))
        if units.get(name):
            resource["unit"] = units[name]
        if schemas.is_derived(name):
            resource["gongkai:derived"] = True
        resources.append(resource)
    checks = csv_resource("checks", resource_title("checks"), schemas.table_schema("checks"))
    resources.append({**checks, "gongkai:derived": True})
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]", "-", filing_id.lower()),
        "id": filing_id,
        "title": title,
        "description": (
            f"{title}：{provenance.get('publisher', '')}公开的部门{meta.get('phase', '')}，"
            "每张表按原样转为带类型的 CSV，附校验结果。Tables of a Chinese government budget "
            "disclosure as printed, typed, with validation results."
        ),
        "version": PACKAGE_VERSION,
        "licenses": [LICENSE],
        "sources": [
            {
                "title": f"{provenance.get('publisher', '')}：{name}",
                "path": f"original/{name}",
                # "unknown" (or any non-address) is not a source URL a reader could follow
                **({"url": provenance["url"]} if _is_url(provenance.get("url")) else {}),
            }
            for name in sources
        ],
        "keywords": _keywords(meta),
        "gongkai": {**meta, "filing_id": filing_id, "sources": sources},
        "resources": resources,
    }


def _keywords(meta: dict[str, Any]) -> list[str]:
    words = [
        "部门预算" if meta.get("phase") == "预算" else "部门决算",
        meta.get("department_name"),
        *meta.get("region", []),
        str(meta.get("year", "")),
        "budget",
        "China",
        "open data",
    ]
    return [k for k in words if k]


def resource_title(name: str) -> str:
    """The resource's title in the descriptor: Chinese and English, from tables.yaml."""
    return f"{templates.title_zh(name)} {templates.title_en(name)}"


def write_reader_copies(package_dir: Path, filing_id: str) -> None:
    """The copies a reader opens in Excel, from the package as saved (after its checks): each
    table as a CSV with Chinese headers and units in zh/, and all of them in <filing_id>.xlsx."""
    descriptor_ = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    default_unit = str((descriptor_.get("gongkai") or {}).get("unit") or "")
    (package_dir / ZH_DIR).mkdir(exist_ok=True)
    workbook = excel.new_workbook()
    used: set[str] = set()
    for resource in descriptor_["resources"]:
        header, rows = reader_table(package_dir, resource, default_unit)
        zh_path = resource.get("gongkai:csv_zh") or f"{ZH_DIR}/{resource['name']}.csv"
        (package_dir / zh_path).write_text(excel.csv_text(header, rows), encoding="utf-8")
        fields = resource["schema"]["fields"]
        typed = [[typed_value(f["type"], t) for f, t in zip(fields, r, strict=True)] for r in rows]
        name = excel.sheet_name(_title_zh(resource), used)
        excel.write_sheet(workbook, name, header, typed)
    excel.save_workbook(workbook, package_dir / f"{filing_id}.xlsx")


def reader_table(
    package_dir: Path, resource: dict[str, Any], default_unit: str
) -> tuple[list[str], list[list[str]]]:
    """A resource as a Chinese reader sees it: the fields' Chinese titles with their unit, the
    values as printed, check results as 一致/不符/尾差/提示/无法核对."""
    fields = resource["schema"]["fields"]
    unit = str(resource.get("unit") or default_unit)
    header = []
    for field in fields:
        title, field_unit = str(field.get("title") or field["name"]), unit_of_field(field, unit)
        header.append(f"{title}（{field_unit}）" if field_unit else title)
    with open(package_dir / resource["path"], encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader, None) != [f["name"] for f in fields]:
            raise ValueError(f"{resource['path']}: header is not its schema's fields")
        rows = [_in_words([f["name"] for f in fields], row) for row in reader]
    return header, rows


def unit_of_field(field: dict[str, Any], table_unit: str) -> str | None:
    """The unit of an amount field, as its hand-written description states it: the table's unit
    or 元; None for text, positions, counts and amounts whose unit is a column of the row."""
    if field.get("type") != "number":
        return None
    description = str(field.get("description") or "")
    if "in the table's unit" in description:
        return table_unit or None
    return "元" if re.search(r"\bin 元", description) else None


# Results as the site says them; a failing check's severity says which kind of failure it is.
_RESULT_ZH = {
    "pass": "一致",
    "agree": "一致",
    "fail": "不符",
    "disagree": "不符",
    "skip": "无法核对",
    "unresolved": "无法核对",
}
_SEVERITY_ZH = {
    "material": "不符",
    "rounding": "尾差",
    "info": "提示",
    "error": "错误",
    "warning": "注意",
}


def _in_words(names: list[str], row: list[str]) -> list[str]:
    values = dict(zip(names, row, strict=True))
    severity = values.get("severity") or ""
    out = []
    for name, text in values.items():
        if name == "status" and text:
            text = _SEVERITY_ZH.get(severity) or _RESULT_ZH.get(text, text)
        elif name == "severity" and text:
            text = _SEVERITY_ZH.get(text, text)
        out.append(text)
    return out


def typed_value(field_type: str, text: str) -> Any:
    """A printed value for the XLSX: integers and amounts as numbers (exact), blank as empty."""
    if not text:
        return None
    try:
        if field_type == "integer":
            return int(text)
        if field_type == "number":
            return Decimal(text)
    except (ValueError, ArithmeticError):
        pass  # not a number after all (a damaged file): kept as the text it is
    return text


def _title_zh(resource: dict[str, Any]) -> str:
    try:
        return templates.title_zh(resource["name"])
    except KeyError:  # derived resources titled by their own module (figures, claims)
        return str(resource.get("title") or resource["name"]).split(" ", 1)[0]


def write_resources(
    package_dir: Path,
    filing_id: str,
    metadata: dict[str, Any],
    sources: list[str],
    data: dict[str, Rows],
    provenance: dict[str, Any],
    originals: list[Path],
    provenance_path: Path | None = None,
) -> dict[str, Any]:
    """Write the CSVs, datapackage.json and the originals (with the provenance file, if any) into
    ``package_dir`` (a staging directory); return the descriptor."""
    (package_dir / "data").mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        fields = schemas.field_names(name)
        (package_dir / "data" / f"{name}.csv").write_text(csv_text(fields, rows), encoding="utf-8")
    (package_dir / "original").mkdir(exist_ok=True)
    for original in originals:
        shutil.copyfile(original, package_dir / "original" / original.name)
    desc = descriptor(filing_id, metadata, sources, data, provenance)
    write_json(package_dir / "datapackage.json", desc)
    if provenance_path is not None:
        (package_dir / "original" / "provenance.yaml").write_bytes(provenance_path.read_bytes())
    return desc


def write_json(path: Path, value: Any) -> None:
    path.write_text(
        json.dumps(value, ensure_ascii=False, indent=2, default=format_value) + "\n",
        encoding="utf-8",
    )
