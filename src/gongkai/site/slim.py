"""What the pages over every filing read of a filing's package, kept while the filing pages are
written one package at a time.

The home, downloads, issues, schema and glossary pages, the search's word list and the function
classes of the collection pages each read a little of every filing: its metadata, its Excel
copy's name, its check summary and failing checks, its tables' fields and a few small tables.
A whole package in memory is about 5 MiB (its checks, its rows and its descriptor), so holding
every one was the peak of the pages stage; `slim` keeps only what those pages read, and
`FieldsInterner` keeps one copy of each distinct list of fields (every filing of one kind has
the same schemas). tests/site/test_slim.py checks that the pages are the same bytes from slim
packages as from whole ones.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from gongkai.datapackage import Package
from gongkai.site.search import NAMED_LINES
from gongkai.site.sections.checks import kind

# Tables whose rows a page over every filing reads: the glossary page, and the search's word
# list (units, the 款 and 项 names of the coded tables).
KEPT_ROWS = frozenset({"glossary", "institutions", *NAMED_LINES})
# Figures read there: the headline total (home without a collection) and the table the function
# classes come from (gongkai.site.corpus).
KEPT_FIGURES = frozenset({"total", "function_class"})
# Checks the issues page lists (its counts too): every kind but 一致 and 无法核对.
KEPT_CHECKS = frozenset({"material", "rounding", "info"})


def slim(package: Package) -> Package:
    """A copy of ``package`` holding only what the pages over every filing read."""
    resources = {}
    for name, resource in package.resources.items():
        rows = resource.rows if name in KEPT_ROWS else []
        if name == "figures":
            rows = [row for row in resource.rows if row.get("figure") in KEPT_FIGURES]
        resources[name] = replace(resource, rows=list(rows))
    validation = dict(package.validation)
    if "checks" in validation:
        validation["checks"] = [c for c in validation["checks"] if kind(c) in KEPT_CHECKS]
    descriptor = {key: value for key, value in package.descriptor.items() if key != "resources"}
    return Package(package.directory, descriptor, resources, validation, package.xlsx)


class FieldsInterner:
    """One shared list per distinct list of fields, so that N filings' identical schemas are
    held once."""

    def __init__(self) -> None:
        self._seen: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, package: Package) -> Package:
        for name, resource in package.resources.items():
            key = json.dumps(resource.fields, ensure_ascii=False)
            package.resources[name] = replace(
                resource, fields=self._seen.setdefault(key, resource.fields)
            )
        return package
