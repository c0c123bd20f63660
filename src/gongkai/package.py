"""The package stage: write the rows it is given as a Frictionless data package (typed CSVs,
datapackage.json, XLSX copy, originals) in a directory replaced atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import schemas, templates
from gongkai.atomic import atomic_directory as atomic_directory  # where convert finds it
from gongkai.normalize import decimals_of

PACKAGE_VERSION = "1.0.0"
LICENSE = {
    "name": "ODC-PDDL-1.0",
    "path": "https://opendatacommons.org/licenses/pddl/",
    "title": "Open Data Commons Public Domain Dedication and License; the filing is a public "
    "government disclosure (政府信息公开)",
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
    """The resource's title in the descriptor and the XLSX: Chinese and English, from tables.yaml."""
    return f"{templates.title_zh(name)} {templates.title_en(name)}"


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


# Characters an XLSX cell cannot hold (XML 1.0 forbids them); the CSV keeps them as printed.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel keeps 15 significant digits and nothing past 1e308: a figure beyond that is written as
# the text it was printed as, so that the copy does not show a different number.
_EXCEL_DIGITS = 15
_EXCEL_EXPONENT = 307


def xlsx_text(sheet: Any, text: str) -> Any:
    """A text cell as an XLSX can hold it: forbidden characters replaced, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    text = _XLSX_ILLEGAL.sub("\ufffd", text)[:32767]
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # printed text, never a formula (openpyxl reads "=..." as one)
    return cell


def _xlsx_cell(sheet: Any, field_type: str, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if not text:
        return None
    if field_type not in ("integer", "number"):
        return xlsx_text(sheet, text)
    value = Decimal(text)
    if not _fits_excel(value):
        return text
    if field_type == "integer":
        return int(value)
    cell = WriteOnlyCell(sheet, value=value)
    places = decimals_of(value)
    cell.number_format = "0." + "0" * places if places else "0"
    return cell


def _fits_excel(value: Decimal) -> bool:
    if not value.is_finite():
        return False
    # Not value.normalize(): it rounds to the context's 28 digits first.
    significant = len("".join(map(str, value.as_tuple().digits)).rstrip("0"))
    return significant <= _EXCEL_DIGITS and abs(value.adjusted()) <= _EXCEL_EXPONENT


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
