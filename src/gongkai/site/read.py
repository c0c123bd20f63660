"""What the site reads from a package beyond its rows: field titles and types, and its figures."""

from __future__ import annotations

from functools import cache

from gongkai import schemas
from gongkai.datapackage import Package, Row


class MissingFigures(Exception):
    """A package saved before the figures stage existed; the message says what to do."""


@cache
def _schema_fields() -> tuple[dict[str, str], dict[str, str]]:
    """Title and type of every field named in the hand-written schemas (first use wins)."""
    titles: dict[str, str] = {}
    types: dict[str, str] = {}
    for resource in schemas.resource_names():
        for item in schemas.table_schema(resource)["fields"]:
            titles.setdefault(item["name"], str(item.get("title", item["name"])))
            types.setdefault(item["name"], str(item.get("type")))
    return titles, types


def field_titles(package: Package, resource: str) -> dict[str, str]:
    """Field name -> Chinese title, from the package's schema, else from the hand-written ones."""
    titles = dict(_schema_fields()[0])
    for item in package.fields(resource):
        if item.get("title"):
            titles[item["name"]] = str(item["title"])
    return titles


def number_fields(package: Package, resource: str) -> set[str]:
    """Fields printed as amounts: numbers in the package's schema or in the hand-written ones."""
    declared = {
        f["name"] for f in package.fields(resource) if f.get("type") in ("number", "integer")
    }
    return declared | {name for name, kind in _schema_fields()[1].items() if kind == "number"}


def region_path(package: Package) -> list[str]:
    """The filing's region as a list of names, country level first."""
    region = package.meta.get("region") or []
    return [str(part) for part in region] if isinstance(region, list) else [str(region)]


def figures(package: Package, figure: str) -> list[Row]:
    """The package's saved figures of one kind (see gongkai.figures), in saved order."""
    if not package.has("figures"):
        raise MissingFigures(
            f"{package.directory} has no figures resource: convert the filing again "
            "(gongkai convert) or run gongkai.figures.write_figures on the package"
        )
    return [row for row in package.rows("figures") if row.get("figure") == figure]
