"""The schema page: every resource and field as published (name, title, type, unit, description)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gongkai.datapackage import Package
from gongkai.site import escape as esc
from gongkai.site import labels
from gongkai.site.format import GENERATED_NOTE, scroll, table

_INTRO = (
    "每个数据包里的表及其字段：中文名在前，CSV 和 Table Schema 中使用的英文字段名在旁。"
    "金额字段的单位是所在表的单位（通常为万元，见 datapackage.json 中各表的 `unit`）；"
    "预算明细（长表）另给出换算成元的金额。说明栏为数据包中的英文原文。"
)
# Field types as a Chinese reader knows them.
_TYPES = {
    "string": "文字",
    "number": "数字（金额）",
    "integer": "整数",
    "boolean": "是/否",
    "date": "日期",
    "year": "年份",
}


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
        esc.cell(item.get("title") or item.get("name")),
        f"`{esc.slug(str(item.get('name')))}`",
        esc.cell(_TYPES.get(kind, kind)),
        unit,
        esc.cell(item.get("description")),
    ]


def schema_page(schemas: dict[str, list[dict[str, Any]]]) -> str:
    """Every resource and field: name, Chinese title, type, unit, description."""
    front = (
        "---\ndescription: 公开预算数据包中每张表、每个字段的中文名、英文字段名、类型和单位。\n---"
    )
    lines = [front, GENERATED_NOTE, "# 字段说明", "", _INTRO, ""]
    for resource, fields in schemas.items():
        heading = f"{esc.text(labels.title(resource))} `{esc.slug(resource)}`"
        lines += [f"## {heading} {{#{esc.slug(resource)}}}", ""]
        body = [_field_row(item) for item in fields]
        header = ["中文名", "字段名（英文）", "类型", "单位", "说明（英文）"]
        lines += [scroll(table(header, body)), ""]
    return "\n".join(lines)
