"""The check families, one module each, in the order their checks are reported.

A family is a module with a `CATEGORY` (the category its checks carry in checks.csv), a
`TITLE_ZH` (its name on the method page, docs/method.md) and one function from a package to its
list of checks. Adding a family is adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from gongkai.datapackage import Package
from gongkai.validate.check import Check
from gongkai.validate.checks import (
    code_names,
    cross_table,
    hierarchy,
    identity,
    narrative,
    row_sums,
    schema,
    semantics,
    summary,
    three_public,
)

FAMILIES: tuple[tuple[ModuleType, Callable[[Package], list[Check]]], ...] = (
    (schema, schema.schema_checks),
    (identity, identity.identity_checks),
    (row_sums, row_sums.row_sums),
    (hierarchy, hierarchy.hierarchy_sums),
    (summary, summary.summary_identities),
    (cross_table, cross_table.cross_table),
    (code_names, code_names.code_names),
    (three_public, three_public.three_public),
    (narrative, narrative.narrative_checks),
    (semantics, semantics.semantic_checks),
)


def run_checks(package: Package) -> list[Check]:
    """Every check of every family on a package, in report order."""
    return [check for _, family in FAMILIES for check in family(package)]
