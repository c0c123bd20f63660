"""The site stage: write the generated pages and files from the data packages, then build the
site with MkDocs; both steps atomic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import yaml

from gongkai import paths
from gongkai.atomic import atomic_directory
from gongkai.datapackage import Package, find_package_meta, load_package
from gongkai.parallel import map_in_order
from gongkai.site import deployment, files, render_cache, reuse, static_links, urls
from gongkai.site.collection_pages import write_collection_pages
from gongkai.site.corpus import COLLECTION_ID, load_collection
from gongkai.site.errors import SiteError
from gongkai.site.pages.downloads import downloads_page
from gongkai.site.pages.filing import filing_page
from gongkai.site.pages.glossary import glossary_page
from gongkai.site.pages.home import home_page
from gongkai.site.pages.issues import issues_page
from gongkai.site.pages.schema import published_schemas, schema_page
from gongkai.site.read import MissingFigures
from gongkai.site.search import jieba_user_dict
from gongkai.site.search_index import write_search_index
from gongkai.site.slim import FieldsInterner, slim

MARKER = ".gongkai-generated"
HOME_INCLUDE = "_home.md"
JIEBA_DICT = "_jieba_user_dict.txt"


def _atomic_dir(target: Path) -> AbstractContextManager[Path]:
    """A staging folder that replaces ``target`` on success (readable by a web server)."""
    return atomic_directory(target, mode=0o755)


def find_combined(packages_dir: Path) -> list[Package]:
    """The combined packages the combine stage wrote (a datapackage.json without filing_id),
    without their rows (every filing's: the downloads page counts them in the CSV files)."""
    return [
        load_package(descriptor.parent, rows=False)
        for descriptor in sorted(packages_dir.glob("*/datapackage.json"))
        if not descriptor.parent.name.startswith(".")
        and not (json.loads(descriptor.read_text("utf-8")).get("gongkai") or {}).get("filing_id")
    ]


def _write_filing(package: Package, generated: Path) -> None:
    target = generated / urls.files_dir(package.filing_id)
    published = files.write_package_files(package, target)
    charts, sizes = files.write_charts(package, target / "charts")
    page = filing_page(package, charts, sizes, files.original_files(published))
    files.write_text(generated / urls.filing_page_path(package.filing_id), page)


def _write_filing_at(task: tuple[Path, Path, Path | None, str | None]) -> tuple[Package, str]:
    """`_write_filing` in a worker process: the package is loaded there, not pickled; what the
    pages over every filing read of it comes back (`slim`), the rest is dropped, with the
    filing's key (gongkai.site.reuse). A filing whose key is ``previous_key`` gets its files
    linked from ``previous`` (the generated folder being replaced) instead of written."""
    directory, generated, previous, previous_key = task
    package = load_package(directory)
    key = reuse.filing_key(package)
    if not (
        previous is not None
        and key == previous_key
        and reuse.link_previous(package.filing_id, previous, generated)
    ):
        _write_filing(package, generated)
    return slim(package), key


def write_pages(
    packages_dir: Path,
    generated_dir: Path,
    include_synthetic: bool = False,
    jobs: int = 1,
    reuse_unchanged: bool = False,
) -> int:
    """Write every generated page, chart and download into ``generated_dir``, atomically.

    Filing pages (their charts are most of the time) are written on ``jobs`` processes, one
    package at a time: of each, only what the pages over every filing read is kept
    (`gongkai.site.slim`), so memory grows little with the filings. With ``reuse_unchanged``
    a filing whose files are made of the same inputs as those in ``generated_dir`` keeps them
    (gongkai.site.reuse); the pages over every filing are always written.

    Returns the number of filings published. Packages marked ``"synthetic": true`` in their
    gongkai metadata are test fixtures and are left out unless ``include_synthetic``.
    """
    if (
        generated_dir.exists()
        and any(generated_dir.iterdir())
        and not (generated_dir / MARKER).exists()
    ):
        raise SiteError(
            f"{generated_dir} holds files gongkai did not write; "
            "give the generated folder (docs/generated), not docs/"
        )
    deployment.site_url()  # a bad GONGKAI_SITE_URL stops the build before any page is written
    filings = [
        (directory, str(meta.get("filing_id") or ""))
        for directory, meta in find_package_meta(packages_dir)
        if include_synthetic or not meta.get("synthetic")
    ]
    combined = find_combined(packages_dir)
    previous = generated_dir if reuse_unchanged and generated_dir.is_dir() else None
    recorded = reuse.recorded_keys(generated_dir) if previous else {}
    with _atomic_dir(generated_dir) as staging:
        write = files.write_text
        write(
            staging / MARKER, "Written by gongkai.site.build.write_pages; rebuilt on every run.\n"
        )
        try:
            tasks = [
                (directory, staging, previous, recorded.get(filing_id))
                for directory, filing_id in filings
            ]
            intern = FieldsInterner()
            packages, keys = [], {}
            for package, key in map_in_order(_write_filing_at, tasks, jobs):
                packages.append(intern(package))
                keys[package.filing_id] = key
        except MissingFigures as exc:
            raise SiteError(str(exc)) from exc
        reuse.write_keys(staging, keys)
        files.write_combined_files(combined, staging)
        collection = load_collection(packages_dir / COLLECTION_ID, packages)
        if collection is not None:
            write_collection_pages(collection, staging)
        write(staging / HOME_INCLUDE, home_page(packages, collection))
        write(staging / "downloads.md", downloads_page(packages, combined))
        write(staging / "issues.md", issues_page(packages))
        write(staging / "schema.md", schema_page(published_schemas(packages)))
        write(staging / "glossary.md", glossary_page(packages))
        write(staging / JIEBA_DICT, jieba_user_dict(packages))
    return len(packages)


def _mkdocs_config(docs_dir: Path, config: Path) -> dict[str, Any]:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["docs_dir"] = str(docs_dir.resolve())
    # The deployer's addresses (GONGKAI_SITE_URL, GONGKAI_REPORT_URL) over the YAML's.
    data["site_url"] = deployment.site_url(config)
    data["extra"] = {**(data.get("extra") or {}), "report_url": deployment.report_url(config)}
    data["extra"]["shard"] = deployment.shard_name()  # overrides/partials/search.html
    # Paths in mkdocs.yml are relative to it; the copy lives elsewhere.
    if isinstance(data.get("theme"), dict) and data["theme"].get("custom_dir"):
        data["theme"]["custom_dir"] = str((config.parent / data["theme"]["custom_dir"]).resolve())
    data["hooks"] = [str((config.parent / hook).resolve()) for hook in data.get("hooks") or []]
    for extension in data.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension["pymdownx.snippets"]["base_path"] = [str((docs_dir / "generated").resolve())]
    return dict(data)


def build_site(
    docs_dir: Path = paths.DOCS,
    site_dir: Path = paths.SITE,
    config: Path = paths.ROOT / "mkdocs.yml",
    jobs: int = 1,
) -> float:
    """Run ``mkdocs build --strict`` into a temporary folder, then swap it into ``site_dir``.

    With a render cache (``GONGKAI_RENDER_CACHE``, set by `gongkai build`) and ``jobs`` > 1,
    ``jobs - 1`` processes render the pages' Markdown into it from the last page while MkDocs
    renders from the first and takes theirs from the cache (gongkai.site.render_cache).
    Returns the seconds the build took.
    ``docs_dir`` other than the repository's ``docs/`` is built with a copy of ``mkdocs.yml``
    pointed at it (used by the tests).
    """
    started = time.perf_counter()
    docs_dir, site_dir = docs_dir.resolve(), site_dir.resolve()  # mkdocs runs from the repo root
    with tempfile.TemporaryDirectory(prefix="gongkai-mkdocs-") as scratch:
        config_path = Path(scratch) / "mkdocs.yml"
        config_path.write_text(
            yaml.safe_dump(_mkdocs_config(docs_dir, config), allow_unicode=True), encoding="utf-8"
        )
        render_jobs = jobs if os.environ.get(render_cache.ENVIRONMENT) else 1
        with _atomic_dir(site_dir) as staging:
            # The helpers are done before the search index: they would take Pagefind's cores.
            with render_cache.helpers(config_path, render_jobs, cwd=paths.ROOT):
                result = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "mkdocs",
                        "build",
                        "--strict",  # not --quiet: it hides the warnings strict mode counts
                        "--config-file",
                        str(config_path),
                        "--site-dir",
                        str(staging),
                    ],
                    cwd=paths.ROOT,
                    env={
                        **os.environ,
                        "NO_MKDOCS_2_WARNING": "1",
                        static_links.ENVIRONMENT: str(docs_dir / "generated"),
                    },
                    capture_output=True,
                    text=True,
                    check=False,
                )
            if result.returncode != 0:
                raise SiteError(
                    "mkdocs build failed; the last good site is kept.\n"
                    + "\n".join(
                        line
                        for line in (result.stderr + result.stdout).splitlines()
                        if line.startswith(("WARNING", "ERROR"))
                    )
                )
            write_search_index(staging, docs_dir / "generated" / JIEBA_DICT)
    return time.perf_counter() - started


def pages_command(
    packages_dir: Path = paths.DATAPACKAGES,
    docs_dir: Path = paths.DOCS_GENERATED,
    jobs: int = 1,
    reuse_unchanged: bool = False,
) -> int:
    """CLI: write the generated pages into ``docs_dir`` (the generated folder). Exit status."""
    try:
        count = write_pages(packages_dir, docs_dir, jobs=jobs, reuse_unchanged=reuse_unchanged)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if count == 0:
        print(
            f"warning: no data packages in {packages_dir}; run `make data` first", file=sys.stderr
        )
    print(f"pages: {count} filing(s) written to {docs_dir}", file=sys.stderr)
    return 0


def site_command(docs_dir: Path = paths.DOCS, site_dir: Path = paths.SITE, jobs: int = 1) -> int:
    """CLI: build the static site from ``docs_dir`` into ``site_dir`` (its Markdown rendered on
    ``jobs`` processes when there is a render cache). Exit status."""
    if not (docs_dir / "generated" / MARKER).exists():
        print("error: no generated pages; run `gongkai pages` first", file=sys.stderr)
        return 1
    try:
        seconds = build_site(docs_dir, site_dir, jobs=jobs)
        warning = deployment.placeholder_warning()
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"site: built {site_dir} in {seconds:.1f} s", file=sys.stderr)
    if warning:
        print(warning, file=sys.stderr)
    return 0
