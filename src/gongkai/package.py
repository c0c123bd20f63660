"""Write a filing's records as a Frictionless data package: typed CSVs, schemas, XLSX copy, original."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import schemas
from gongkai.extract import Filing
from gongkai.extract.tables import ExtractedTable
from gongkai.normalize import decimals_of

PACKAGE_VERSION = "1.0.0"
LICENSE = {
    "name": "ODC-PDDL-1.0",
    "path": "https://opendatacommons.org/licenses/pddl/",
    "title": "Open Data Commons Public Domain Dedication and License; the filing is a public "
    "government disclosure (政府信息公开)",
}
UNIT_IN_YUAN = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(10**8),
}
# A fixed timestamp for files whose formats carry one (XLSX, zip), so that output is byte-stable.
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)

Rows = list[dict[str, Any]]


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_text(fields: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        unknown = set(row) - set(fields)
        if unknown:
            raise ValueError(f"fields not in the schema: {sorted(unknown)}")
        writer.writerow([format_value(row.get(f)) for f in fields])
    return buffer.getvalue()


def _quantity_unit(item: str) -> str | None:
    match = re.search(r"[（(]([^）)]+)[）)]\s*$", item)
    return match.group(1) if match else None


def _table_rows(table: ExtractedTable) -> Rows:
    rows: Rows = []
    for record in table.records:
        row = dict(record)
        if table.table_id == "fixed_assets":
            row["quantity_unit"] = _quantity_unit(row.get("item") or "")
        rows.append(row)
    return rows


def resource_rows(filing: Filing) -> dict[str, Rows]:
    """Every resource of the package except ``checks`` (computed by validation) as rows."""
    data: dict[str, Rows] = {}
    for table in filing.tables:
        data[table.table_id] = _table_rows(table)
    data["performance_projects"] = [dict(r) for r in filing.performance_projects]
    data["performance_indicators"] = [dict(r) for r in filing.performance_indicators]
    data["department_targets"] = [dict(r) for r in filing.department_targets]
    data["narrative"] = [
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
    data["glossary"] = [{k: v for k, v in g.items() if k != "term_plain"} for g in filing.glossary]
    data["tables"] = [
        {
            "table_id": t.table_id,
            "title": t.title,
            "standard_title": t.kind.title_zh,
            "unit": t.unit,
            "rows": len(t.records),
            "captions": " | ".join(t.captions) or None,
            "notes": " | ".join(t.notes) or None,
            "pages": ",".join(str(p) for p in t.pages) or None,
            "source_line": t.location.line,
        }
        for t in filing.tables
    ]
    data["table_columns"] = [
        {
            "table_id": t.table_id,
            "column_no": c.index + 1,
            "header": c.label or None,
            "field": _field_of(c.field),
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


def _field_of(role: str | None) -> str | None:
    """Two-sided tables name their amount columns side:field; the CSV field is the part after."""
    if role is None:
        return None
    return role.split(":")[-1]


def budget_lines(filing: Filing) -> Rows:
    """Every coded amount of the filing in long format, with the amount normalised to 元."""
    lines: Rows = []
    for table in filing.tables:
        if table.kind.layout != "coded":
            continue
        titles = schemas.field_titles(table.table_id)
        factor = UNIT_IN_YUAN.get(table.unit or "")
        for record in table.records:
            for measure in schemas.measure_fields(table.table_id):
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
                        "amount_yuan": amount * factor if factor is not None else None,
                        "page": record.get("page"),
                        "source_line": record.get("source_line"),
                    }
                )
    return lines


def csv_resource(name: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A tabular data resource descriptor for data/<name>.csv."""
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "schema": schema,
    }


def descriptor(filing: Filing, data: dict[str, Rows], provenance: dict[str, Any]) -> dict[str, Any]:
    meta = filing.metadata
    units = {t.table_id: t.unit for t in filing.tables}
    title = meta.get("title") or (
        f"{meta.get('department_name', '')} {meta.get('year', '')}年部门{meta.get('phase', '')}"
    )
    resources = []
    for name in schemas.resource_names():
        if name not in data:
            continue
        resource = csv_resource(name, _resource_title(filing, name), schemas.table_schema(name))
        if units.get(name):
            resource["unit"] = units[name]
        if schemas.is_derived(name):
            resource["gongkai:derived"] = True
        resources.append(resource)
    checks = csv_resource("checks", "检查结果 Checks", schemas.table_schema("checks"))
    resources.append({**checks, "gongkai:derived": True})
    sources = [
        {
            "title": f"{provenance.get('publisher', '')}：{name}",
            "path": f"original/{name}",
            **({"url": provenance["url"]} if provenance.get("url") else {}),
        }
        for name in filing.sources
    ]
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9._-]", "-", filing.filing_id.lower()),
        "id": filing.filing_id,
        "title": title,
        "description": (
            f"{title}：{provenance.get('publisher', '')}公开的部门{meta.get('phase', '')}，"
            "每张表按原样转为带类型的 CSV，附校验结果。Tables of a Chinese government budget "
            "disclosure as printed, typed, with validation results."
        ),
        "version": PACKAGE_VERSION,
        "licenses": [LICENSE],
        "sources": sources,
        "keywords": [
            k
            for k in [
                "部门预算" if meta.get("phase") == "预算" else "部门决算",
                meta.get("department_name"),
                *meta.get("region", []),
                str(meta.get("year", "")),
                "budget",
                "China",
                "open data",
            ]
            if k
        ],
        "gongkai": {**meta, "filing_id": filing.filing_id, "sources": filing.sources},
        "resources": resources,
    }


def _resource_title(filing: Filing, name: str) -> str:
    table = filing.table(name)
    if table is not None:
        return f"{table.kind.title_zh} {table.kind.title_en}"
    return {
        "performance_projects": "项目绩效目标 Project performance targets",
        "performance_indicators": "绩效指标 Performance indicators",
        "department_targets": "部门整体绩效目标 Department performance targets",
        "narrative": "情况说明 Narrative",
        "glossary": "名词解释 Glossary",
        "tables": "表目录 Tables of the filing",
        "table_columns": "表头与字段 Printed columns and fields",
        "unparsed_cells": "未能归类的单元格 Cells kept as printed text",
        "problems": "读取问题 Reading problems",
        "budget_lines": "预算明细长表 Budget lines (long format)",
    }.get(name, name)


def write_xlsx(path: Path, package_dir: Path, descriptor_: dict[str, Any]) -> None:
    """One sheet per table with Chinese headers; amounts as numbers shown with their printed decimals."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "gongkai"
    for resource in descriptor_["resources"]:
        sheet = workbook.create_sheet(resource["name"][:31])
        sheet.freeze_panes = "A2"
        fields = resource["schema"]["fields"]
        sheet.append([f.get("title", f["name"]) for f in fields])
        with open(package_dir / resource["path"], encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            for row in reader:
                sheet.append(
                    [
                        _xlsx_cell(sheet, f["type"], text)
                        for f, text in zip(fields, row, strict=True)
                    ]
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_stable_zip(buffer.getvalue(), path)


def _xlsx_cell(sheet: Any, field_type: str, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if not text:
        return None
    if field_type == "integer":
        return int(text)
    if field_type != "number":
        return text
    value = Decimal(text)
    cell = WriteOnlyCell(sheet, value=value)
    places = decimals_of(value)
    cell.number_format = "0." + "0" * places if places else "0"
    return cell


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed timestamps and member order so identical content gives identical bytes."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into `modified`; keep the element, fix the time.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            target.writestr(stable, content)


@contextmanager
def atomic_directory(final: Path) -> Iterator[Path]:
    """Yield a temporary sibling directory; on success it replaces ``final`` in one rename.

    On failure the temporary directory is removed and the last good ``final`` is untouched.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.parent / f".{final.name}.staging"
    old = final.parent / f".{final.name}.old"
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)


def write_resources(
    package_dir: Path,
    filing: Filing,
    data: dict[str, Rows],
    provenance: dict[str, Any],
    originals: list[Path],
) -> dict[str, Any]:
    """Write CSVs, datapackage.json and the originals into ``package_dir`` (a staging directory)."""
    (package_dir / "data").mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        fields = schemas.field_names(name)
        (package_dir / "data" / f"{name}.csv").write_text(csv_text(fields, rows), encoding="utf-8")
    (package_dir / "original").mkdir(exist_ok=True)
    for original in originals:
        shutil.copyfile(original, package_dir / "original" / original.name)
    desc = descriptor(filing, data, provenance)
    write_json(package_dir / "datapackage.json", desc)
    return desc


def write_json(path: Path, value: Any) -> None:
    path.write_text(
        json.dumps(value, ensure_ascii=False, indent=2, default=format_value) + "\n",
        encoding="utf-8",
    )
