"""Table Schemas of the package resources, read from the hand-written resources.yaml."""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from typing import Any

from gongkai import yaml_text

# Fields shared by every coded table (function or economic classification), before its measures.
_CODED_HEAD = ("line_no", "code", "name", "level", "parent_code")


@cache
def _spec() -> dict[str, Any]:
    text = resources.files("gongkai.schemas").joinpath("resources.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml_text.parse(text)
    return loaded


def resource_names() -> list[str]:
    return list(_spec()["resources"])


def is_derived(name: str) -> bool:
    return bool(_spec()["resources"][name].get("derived"))


def is_coded(name: str) -> bool:
    return bool(_spec()["resources"][name].get("coded"))


def measure_fields(name: str) -> list[str]:
    """The amount fields of a coded table, in printed order."""
    return [f["name"] for f in _spec()["resources"][name]["fields"]] if is_coded(name) else []


def table_schema(name: str) -> dict[str, Any]:
    """The Frictionless Table Schema of resource ``name`` (a fresh copy)."""
    spec = _spec()
    shared = spec["_fields"]
    body = spec["resources"][name]
    fields: list[dict[str, Any]] = []
    if body.get("coded"):
        fields.extend(copy.deepcopy(shared[f]) for f in _CODED_HEAD)
    fields.extend(copy.deepcopy(body["fields"]))
    fields.extend(copy.deepcopy(shared[f]) for f in body.get("more_fields", []))
    fields.extend(copy.deepcopy(shared[f]) for f in body.get("extra_fields", []))
    if body.get("coded"):
        fields.extend(copy.deepcopy(shared[f]) for f in ("page", "source_line"))
    schema: dict[str, Any] = {"fields": fields}
    if body.get("coded"):
        schema["primaryKey"] = ["line_no"]
        schema["foreignKeys"] = [
            {"fields": "parent_code", "reference": {"resource": "", "fields": "code"}}
        ]
    if "primaryKey" in body:
        schema["primaryKey"] = list(body["primaryKey"])
    if "foreignKeys" in body:
        schema["foreignKeys"] = copy.deepcopy(body["foreignKeys"])
    return schema


def field_names(name: str) -> list[str]:
    return [f["name"] for f in table_schema(name)["fields"]]


def field_titles(name: str) -> dict[str, str]:
    return {f["name"]: f.get("title", f["name"]) for f in table_schema(name)["fields"]}
