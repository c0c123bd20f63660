"""The site's vocabulary as data (labels.yaml): resource titles, table order, check names."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from gongkai import schemas


@cache
def _spec() -> dict[str, Any]:
    text = resources.files("gongkai.site").joinpath("labels.yaml").read_text("utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    known = set(schemas.resource_names())
    named = [
        *spec["printed_tables"],
        *spec["other_tables"],
        *spec["two_sided_tables"],
        *spec["not_tables"],
        *spec["titles"],
    ]
    unknown = sorted({name for name in named if name not in known})
    if unknown:
        raise ValueError(f"site/labels.yaml names resources not in resources.yaml: {unknown}")
    return spec


def title(resource: str) -> str:
    """Short Chinese title of a resource; its name when it has none."""
    return str(_spec()["titles"].get(resource, resource))


def printed_tables() -> tuple[str, ...]:
    return tuple(_spec()["printed_tables"])


def other_tables() -> dict[str, str]:
    """Listings shown as sections of their own: resource name -> heading."""
    return dict(_spec()["other_tables"])


def two_sided_tables() -> frozenset[str]:
    return frozenset(_spec()["two_sided_tables"])


def not_tables() -> frozenset[str]:
    return frozenset(_spec()["not_tables"])


def basic_project_label(item: str) -> str:
    return str(_spec()["basic_project_labels"].get(item, item))


def check_category(category: str) -> str | None:
    found = _spec()["check_categories"].get(category)
    return str(found) if found is not None else None


def check_status(status: str) -> str:
    return str(_spec()["check_status"].get(status, ""))


def bookkeeping_fields() -> frozenset[str]:
    return frozenset(_spec()["bookkeeping_fields"])


def search_words() -> tuple[str, ...]:
    return tuple(_spec()["search_words"])


def combined_download(key: str) -> str:
    """Link text of a file a combined package names under ``gongkai:downloads``."""
    return str(_spec()["combined_downloads"].get(key, key))


def department_figures() -> dict[str, str]:
    """The key figures a department page lines up across years: key -> Chinese label, in order."""
    return {str(k): str(v) for k, v in _spec()["department_figures"].items()}


def department_per_staff() -> dict[str, str]:
    """Staff counts and per-staff figures a department page shows: key -> Chinese label."""
    return {str(k): str(v) for k, v in _spec()["department_per_staff"].items()}
