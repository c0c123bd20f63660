"""The hand-written Table Schemas are complete: every field named, typed, titled in Chinese, described."""

from __future__ import annotations

import re

import pytest

from gongkai import schemas

ALLOWED_KEYS = {"name", "type", "title", "description", "constraints"}


@pytest.mark.parametrize("resource", schemas.resource_names())
def test_fields_are_complete(resource: str) -> None:
    fields = schemas.table_schema(resource)["fields"]
    names = [f["name"] for f in fields]
    assert len(names) == len(set(names)), f"duplicate field in {resource}"
    for field in fields:
        assert set(field) <= ALLOWED_KEYS, f"{resource}.{field['name']}: stray keys {set(field)}"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", field["name"])
        assert field["type"] in {"string", "number", "integer"}
        assert re.search(r"[\u4e00-\u9fff]", field["title"]), f"{resource}.{field['name']} title"
        assert len(field["description"]) > 8, f"{resource}.{field['name']} description"


@pytest.mark.parametrize("resource", schemas.resource_names())
def test_keys_name_existing_fields(resource: str) -> None:
    schema = schemas.table_schema(resource)
    names = {f["name"] for f in schema["fields"]}
    assert set(schema.get("primaryKey", [])) <= names
    for key in schema.get("foreignKeys", []):
        fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
        assert set(fields) <= names
