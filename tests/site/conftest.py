"""Fixtures for the site tests: the sample package and a site built from it in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.collection import combine
from gongkai.datapackage import load_package
from gongkai.figures import write_figures
from gongkai.site import build

SAMPLE_ID = "changli_2023_dept_budget_hrss"
SYNTHETIC_PACKAGES = Path(__file__).resolve().parents[1] / "fixtures" / "site_synthetic"


def copy_hand_written_docs(target: Path) -> Path:
    """docs/ without its generated folder: a test builds a site without touching the repo's."""
    shutil.copytree(paths.DOCS, target, ignore=shutil.ignore_patterns("generated", ".generated*"))
    return target


def with_figures(packages: Path, target: Path) -> Path:
    """A copy of a folder of packages in which every filing package has its figures resource.

    Packages written before the figures stage lack it; the copy gets it from the same function
    convert calls, so that the site tests do not depend on when datapackages/ was last rebuilt.
    """
    shutil.copytree(packages, target)
    for descriptor in sorted(target.glob("*/datapackage.json")):
        package = load_package(descriptor.parent)
        if package.meta.get("filing_id") and not package.has("figures"):
            write_figures(descriptor.parent)
    return target


@pytest.fixture(scope="session")
def sample_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (paths.DATAPACKAGES / SAMPLE_ID / "datapackage.json").exists():
        pytest.skip(
            f"the sample package is missing: run `make data` to write datapackages/{SAMPLE_ID}"
        )
    # The collection (all-filings) is a build output, never read from the working tree: it is
    # made here from the committed sample, as `gongkai build` makes it.
    packages = tmp_path_factory.mktemp("packages") / "packages"
    shutil.copytree(paths.DATAPACKAGES / SAMPLE_ID, packages / SAMPLE_ID)
    combine(packages)
    return packages


@pytest.fixture(scope="session")
def synthetic_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_figures(SYNTHETIC_PACKAGES, tmp_path_factory.mktemp("synthetic") / "packages")


@pytest.fixture(scope="session")
def built_site(sample_packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of every package in datapackages/, built once per test session."""
    root = tmp_path_factory.mktemp("site")
    docs = copy_hand_written_docs(root / "docs")
    build.write_pages(sample_packages, docs / "generated")
    build.build_site(docs, root / "site")
    return root / "site"


# Real filings for the real-site tests: the Jiangsu high court 2017-2019 (one department across
# years, with a year switcher) and Beijing's 信访办 2026 (material failures and a 尾差).
COURT = [f"jiangsu_{year}_gaoyuan_budget" for year in (2017, 2018, 2019)]
REAL_SITE_FILINGS = [*COURT, "beijing_2026_xinfangban_budget"]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of four real filings, converted once per session: the folder holding its
    ``packages``, ``docs`` and ``site``."""
    from tests.corpus import convert_corpus

    if not (paths.FILINGS / "jiangsu").is_dir() or not (paths.FILINGS / "beijing").is_dir():
        pytest.skip("filings/jiangsu or filings/beijing is not available")
    root = tmp_path_factory.mktemp("real_site")
    convert_corpus(REAL_SITE_FILINGS, root / "packages")
    assert combine(root / "packages") is not None
    docs = copy_hand_written_docs(root / "docs")
    build.write_pages(root / "packages", docs / "generated")
    build.build_site(docs, root / "site")
    return root
