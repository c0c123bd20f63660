"""The schema page: every resource and field as published (name, title, type, unit, description)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import GENERATED_NOTE, table

_INTRO = (
    "每个数据包里的表及其字段。金额字段的单位是所在表的 `unit`（通常为万元）；"
    "`budget_lines` 另给出换算成元的金额。"
)


def published_schemas(packages: Sequence[Package]) -> dict[str, list[dict[str, Any]]]:
    """Table Schemas as published in the packages (first package that has each resource)."""
    schemas: dict[str, list[dict[str, Any]]] = {}
    for package in packages:
        for name, resource in package.resources.items():
            if name not in schemas and resource.fields:
                schemas[name] = resource.fields
    return schemas


def _field_row(item: dict[str, Any]) -> list[str]:
    kind = str(item.get("type") or "string")
    unit = "表的单位" if kind == "number" and "unit" in str(item.get("description") or "") else ""
    return [
        f"`{esc.slug(str(item.get('name')))}`",
        esc.cell(item.get("title")),
        esc.cell(kind),
        unit,
        esc.cell(item.get("description")),
    ]


def schema_page(schemas: dict[str, list[dict[str, Any]]]) -> str:
    """Every resource and field: name, Chinese title, type, unit, description."""
    lines = [GENERATED_NOTE, "# 字段说明", "", _INTRO, ""]
    for resource, fields in schemas.items():
        lines += [f"## {esc.text(labels.title(resource))} `{esc.slug(resource)}`", ""]
        body = [_field_row(item) for item in fields]
        lines += [table(["字段", "中文名", "类型", "单位", "说明"], body), ""]
    return "\n".join(lines)
