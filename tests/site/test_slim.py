"""The pages over every filing are the same bytes from slim packages (what the pages stage keeps
of each filing while it writes the filing pages one at a time) as from whole packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.datapackage import Package, find_packages
from gongkai.site.build import find_combined
from gongkai.site.corpus import COLLECTION_ID, load_collection
from gongkai.site.pages.downloads import downloads_page
from gongkai.site.pages.glossary import glossary_page
from gongkai.site.pages.home import home_page
from gongkai.site.pages.issues import issues_page
from gongkai.site.pages.schema import published_schemas, schema_page
from gongkai.site.search import jieba_user_dict
from gongkai.site.slim import FieldsInterner, slim


def _pages(packages: list[Package], packages_dir: Path) -> dict[str, object]:
    collection = load_collection(packages_dir / COLLECTION_ID, packages)
    assert collection is not None
    combined = find_combined(packages_dir)
    return {
        "home": home_page(packages, collection),
        "home without a collection": home_page(packages),
        "downloads": downloads_page(packages, combined),
        "issues": issues_page(packages),
        "schema": schema_page(published_schemas(packages)),
        "glossary": glossary_page(packages),
        "search words": jieba_user_dict(packages),
        "function classes": collection.functions,
    }


def _rows(package: Package) -> int:
    return sum(len(resource.rows) for resource in package.resources.values())


@pytest.mark.parametrize("fixture", ["sample_packages", "real_site"])
def test_pages_over_every_filing_are_the_same_from_slim_packages(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    found = request.getfixturevalue(fixture)
    packages_dir = found if fixture == "sample_packages" else found / "packages"
    whole = find_packages(packages_dir)
    intern = FieldsInterner()
    slims = [intern(slim(package)) for package in whole]
    expected, got = _pages(whole, packages_dir), _pages(slims, packages_dir)
    for name, page in expected.items():
        assert got[name] == page, name
    # What slim keeps is a small part: of the sample, 1,076 rows and 479 checks.
    assert sum(map(_rows, slims)) * 4 < sum(map(_rows, whole))
    assert sum(len(p.checks()) for p in slims) * 4 < sum(len(p.checks()) for p in whole)
    # The pages compared are not empty of what slim keeps.
    assert "**" in str(expected["glossary"]) and "项不符" in str(expected["issues"])
    assert expected["function classes"]


def test_identical_fields_are_held_once(sample_packages: Path) -> None:
    [package] = find_packages(sample_packages)
    intern = FieldsInterner()
    first, second = intern(slim(package)), intern(slim(package))
    for name, resource in first.resources.items():
        assert second.resources[name].fields is resource.fields
