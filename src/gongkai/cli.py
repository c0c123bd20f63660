"""The gongkai command line: convert, validate, pages, build, and for a province split into shards
combine and root-index. Thin wrappers around the stages."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from click.core import ParameterSource
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from gongkai import parallel, paths
from gongkai.atomic import recover
from gongkai.cache import CACHE, BuildCache, filing_key
from gongkai.parallel import COLUMNS, Outcome, outcome_from_result
from gongkai.shards import Shard, domain_folder, sync_hand_written_docs

console = Console(stderr=True)
# The corpus's packages are build outputs (rebuilt by `make site`, deployed with the site); only
# the sample's package is committed, in datapackages/, as the example `make check` regenerates.
PACKAGES = paths.BUILD / "datapackages"
# gongkai.collection.COMBINED_ID, named here so that an up-to-date build never imports pandas.
COMBINED_ID = "all-filings"


def say(label: str, message: str) -> None:
    """One line to stderr: a coloured label and the (escaped, untrusted) message."""
    color = {"error": "red", "problem": "yellow"}.get(label, "cyan")
    console.print(f"[{color}]{label}[/{color}] {escape(message)}", highlight=False)


def _convert_all(
    inputs: list[Path],
    out: Path,
    jobs: int = 1,
    scheduler: str | None = None,
    cache_root: Path | None = CACHE,
    timings: dict[str, float] | None = None,
) -> int:
    """Convert every filing; report each failure clearly and go on. Returns the exit status.

    Filings whose inputs and code are unchanged since their package was written are taken from
    the cache (``cache_root`` None: convert everything); the rest run on ``jobs`` processes or
    on the Dask ``scheduler``. Rows, messages and the summary come in the filings' order.
    """
    from gongkai.filings import discover
    from gongkai.readers import supported_suffixes

    timings = {} if timings is None else timings
    started = time.perf_counter()
    for line in recover(out):  # a run stopped by a kill left these
        say("recovered", line)
    sources, errors = discover(inputs, supported_suffixes())
    for message in errors:
        say("error", message)
    summary = Table(title="gongkai convert")
    for column in COLUMNS:
        summary.add_column(
            column, justify="left" if column == "filing" else "right", overflow="fold"
        )
    failed = len([e for e in errors if "skipped" not in e])
    build_cache = BuildCache(out, cache_root) if cache_root is not None else None
    keys = {s.filing_id: filing_key(s) for s in sources} if build_cache else {}
    cached: dict[str, Outcome] = {}
    for source in sources if build_cache else []:
        assert build_cache is not None
        recorded = build_cache.fresh_filing(source.filing_id, keys[source.filing_id])
        if recorded is not None:
            cached[source.filing_id] = outcome_from_result(source.filing_id, recorded, "cached")
    todo = [s for s in sources if s.filing_id not in cached]
    with Progress(console=console, transient=True, disable=len(todo) < 2) as progress:
        task = progress.add_task("converting", total=len(todo))

        def finished(outcome: Outcome) -> None:
            progress.update(task, description=outcome.filing_id, advance=1)

        converted = parallel.run(todo, out, jobs, scheduler, on_finished=finished)
        for source in sources:
            outcome = cached.get(source.filing_id) or next(converted)
            failed += outcome.status in ("unreadable", "failed")
            for label, message in outcome.messages:
                if label:
                    say(label, message)
                else:
                    console.print(message)
            summary.add_row(*outcome.row)
            if build_cache and outcome.status == "converted" and outcome.result is not None:
                build_cache.record_filing(
                    outcome.filing_id, keys[outcome.filing_id], outcome.result
                )
            elif build_cache and outcome.status != "cached":
                build_cache.forget(f"filing-{outcome.filing_id}")
    console.print(summary)
    if build_cache and sources:
        say("cache", f"{len(cached)} of {len(sources)} filing(s) unchanged, not converted again")
    timings["convert"] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        status = _combine(out, build_cache)
    finally:
        timings["collection"] = time.perf_counter() - started
    if not sources and not errors:
        console.print(f"[yellow]no filings found in {', '.join(map(str, inputs))}[/yellow]")
    return 1 if failed or status else 0


def _combine(out: Path, build_cache: BuildCache | None) -> int:
    """Write the collection, unless no package changed since it was last written."""
    key = build_cache.collection_key(COMBINED_ID) if build_cache else ""
    if build_cache and build_cache.fresh_collection(COMBINED_ID, key):
        say("combined", f"no package changed; the collection in {out / COMBINED_ID} is kept")
        return 0
    try:
        from gongkai.collection import combine  # pandas and pyarrow: only when there is work

        # Each filing's share of the collection is kept by package content (collection.parts).
        combined = combine(out, build_cache.directory / "collection" if build_cache else None)
    except Exception as exc:  # the filings' own packages stay published
        say("error", f"the collection ({out}/all-filings) failed ({type(exc).__name__}: {exc})")
        return 1
    if combined is not None:
        if build_cache:
            build_cache.record_collection(COMBINED_ID, key)
        say(
            "combined",
            f"every package as one collection (CSV, XLSX, Parquet, SQLite) in {combined}",
        )
    return 0


def _timings(timings: dict[str, float]) -> None:
    """The per-stage time summary printed at the end of a build."""
    table = Table(title="gongkai build: seconds per stage")
    for name in ("stage", "seconds"):
        table.add_column(name, justify="left" if name == "stage" else "right")
    for stage, seconds in timings.items():
        table.add_row(stage, f"{seconds:.1f}")
    table.add_row("total", f"{sum(timings.values()):.1f}")
    console.print(table)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai (公开): Chinese government budget filings -> data packages and a static site."""


def _run_options(command: Callable[..., None]) -> Callable[..., None]:
    """--jobs, --scheduler, --cache-dir and --no-cache, shared by convert and build."""
    command = click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=CACHE,
        show_default=True,
        help="Folder of the build cache (what was converted from which inputs).",
    )(command)
    command = click.option(
        "--no-cache",
        is_flag=True,
        help="Convert every filing again, even those unchanged since their package was written.",
    )(command)
    command = click.option(
        "--scheduler",
        metavar="tcp://HOST:8786",
        default=None,
        help="Convert on this Dask distributed scheduler (its workers must see the filings and "
        "the packages folder at the same paths). Overrides --jobs.",
    )(command)
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Filings converted at once, each in its own process [default: all cores]; "
        "1 converts them one after the other in this process.",
    )(command)


@main.command("convert")
@click.argument("filings", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=PACKAGES,
    show_default=True,
    help="Folder for the data packages (one sub-folder per filing).",
)
@_run_options
def convert_command(
    filings: tuple[Path, ...],
    out: Path,
    jobs: int | None,
    scheduler: str | None,
    cache_dir: Path,
    no_cache: bool,
) -> None:
    """Convert FILINGS (files, provenance .yaml files or folders) into validated data packages.

    Exit status is non-zero only when a filing could not be read; failing checks are published.
    A filing unchanged since its package was written (same files, provenance and gongkai code)
    is not converted again.
    """
    cache_root = None if no_cache else cache_dir
    jobs = jobs or parallel.default_jobs()
    sys.exit(_convert_all(list(filings), out, jobs, scheduler, cache_root))


@main.command("validate")
@click.argument(
    "packages",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
def validate_command(packages: tuple[Path, ...]) -> None:
    """Re-run every check on saved PACKAGES and rewrite their validation.json and checks.csv."""
    from gongkai.validate import validate_package

    status = 0
    for directory in packages:
        if not (directory / "datapackage.json").exists():
            say("error", f"{directory}: no datapackage.json; is it a package?")
            status = 1
            continue
        summary = validate_package(directory)["summary"]
        console.print(
            f"{directory.name}: {summary['checks']} checks, {summary['pass']} pass, "
            f"{summary['fail']} fail, {summary['skip']} skip"
        )
    sys.exit(status)


@main.command("pages")
@click.option(
    "--packages",
    type=click.Path(path_type=Path),
    default=PACKAGES,
    show_default=True,
    help="Folder of data packages.",
)
@click.option(
    "--docs",
    type=click.Path(path_type=Path),
    default=paths.DOCS_GENERATED,
    show_default=True,
    help="Folder for the generated Markdown pages.",
)
def pages_command(packages: Path, docs: Path) -> None:
    """Write the site's Markdown pages and charts from the data packages."""
    from gongkai.site.build import pages_command as write_pages

    sys.exit(write_pages(packages, docs))


@main.command("build")
@click.option(
    "--filings",
    "filings_dirs",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    default=[paths.FILINGS],
    show_default=True,
    help="Folder of filings to publish; repeat it for several (a shard of several regions).",
)
@click.option(
    "--packages",
    type=click.Path(path_type=Path),
    default=PACKAGES,
    show_default=True,
    help="Folder for the data packages (a build output, deployed with the site).",
)
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=paths.DOCS,
    show_default=True,
    help="Docs folder of the site (hand-written pages; generated pages go to its generated/).",
)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=paths.SITE,
    show_default=True,
    help="Folder for the built site.",
)
@click.option(
    "--site-url",
    metavar="URL",
    default=None,
    help="Address the site is published at (sitemap, canonical links, 引用本页); over "
    "GONGKAI_SITE_URL and mkdocs.yml's site_url.",
)
@click.option(
    "--shard",
    metavar="NAME",
    default=None,
    help="Build one shard of a corpus split by region: filings from filings/NAME (unless "
    "--filings), packages and docs in <shards-dir>/NAME/, the site in <shards-dir>/site/NAME "
    "and its address <site address>NAME/ (unless --site-url). See docs/scale.md.",
)
@click.option(
    "--shards-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=paths.SHARDS,
    show_default=True,
    help="Folder of the shards' packages, docs and sites (with --shard).",
)
@_run_options
def build_command(
    filings_dirs: tuple[Path, ...],
    packages: Path,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None,
    shard: str | None,
    shards_dir: Path,
    jobs: int | None,
    scheduler: str | None,
    cache_dir: Path,
    no_cache: bool,
) -> None:
    """Everything: convert the filings (sub-folders too), write the pages, build the site.

    Ends with the seconds each stage took (convert, collection, pages, mkdocs).
    """
    from gongkai.site.deployment import checked_site_url, shard_url
    from gongkai.site.errors import SiteError

    if shard is not None:
        given = click.get_current_context().get_parameter_source
        try:
            layout = Shard(shard, shards_dir)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from exc
        if given("filings_dirs") is ParameterSource.DEFAULT:
            if not layout.filings.is_dir():
                raise click.BadParameter(
                    f"no folder {layout.filings}; name the shard's regions with --filings",
                    param_hint="--shard",
                )
            filings_dirs = (layout.filings,)
        if given("packages") is ParameterSource.DEFAULT:
            packages = layout.packages
        if given("docs_dir") is ParameterSource.DEFAULT:
            docs_dir = layout.docs
            sync_hand_written_docs(paths.DOCS, docs_dir)
        if given("site_dir") is ParameterSource.DEFAULT:
            site_dir = layout.site
    try:
        if site_url is not None:
            site_url = checked_site_url(site_url, "--site-url")
        elif shard is not None:
            site_url = shard_url(_site_address(), shard)
    except SiteError as exc:
        raise click.BadParameter(str(exc), param_hint="--site-url") from exc
    timings: dict[str, float] = {}
    cache_root = None if no_cache else cache_dir
    jobs = jobs or parallel.default_jobs()
    with _deployment(site_url, shard):
        status = _convert_all(list(filings_dirs), packages, jobs, scheduler, cache_root, timings)
        build_cache = BuildCache(packages, cache_root) if cache_root is not None else None
        status = _site(packages, docs_dir, site_dir, build_cache, timings, jobs) or status
    _timings(timings)
    sys.exit(status)


def _site_address() -> str:
    """The site address a shard's is under: GONGKAI_SITE_URL, else mkdocs.yml's."""
    from gongkai.site.deployment import site_url

    return site_url()


@contextmanager
def _deployment(url: str | None, shard: str | None) -> Iterator[None]:
    """GONGKAI_SITE_URL set to ``url`` and GONGKAI_SHARD to ``shard`` while the build runs: the
    pages (in worker processes too), mkdocs and the build cache's key all read them there."""
    from gongkai.site.deployment import SHARD_ENV, SITE_URL_ENV

    wanted = {SHARD_ENV: shard or ""}  # a site of its own is no shard, whatever the shell says
    if url is not None:
        wanted[SITE_URL_ENV] = url
    before = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@main.command("combine")
@click.option(
    "--packages",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    default=[PACKAGES],
    show_default=True,
    help="Folder of data packages; repeat it to combine several (every shard's).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder the collection is written into, as <out>/all-filings [default: the "
    "--packages folder, when only one is given].",
)
def combine_command(packages: tuple[Path, ...], out: Path | None) -> None:
    """Only the combine stage: every filing package of the --packages folders as one collection
    (CSV, XLSX, Parquet, SQLite) in <out>/all-filings.

    For a province split into shards, the province's collection is this over every shard's
    packages: the same bytes as combining one folder that holds all of them.
    """
    if out is None:
        if len(packages) > 1:
            raise click.UsageError("several --packages folders: say where with --out")
        out = packages[0]
    from gongkai.collection import combine_folders

    try:
        combined = combine_folders(list(packages), out)
    except ValueError as exc:
        say("error", str(exc))
        sys.exit(1)
    if combined is None:
        say("error", f"no filing packages in {', '.join(map(str, packages))}")
        sys.exit(1)
    say("combined", f"every package as one collection (CSV, XLSX, Parquet, SQLite) in {combined}")


@main.command("root-index")
@click.option(
    "--shards-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=paths.SHARDS,
    show_default=True,
    help="Folder of the shards (as `gongkai build --shard` writes them).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The page to write [default: <shards-dir>/site/index.html, the domain's root].",
)
def root_index_command(shards_dir: Path, out: Path | None) -> None:
    """The domain's root page of a corpus split into shards: every shard's regions, filings,
    years and 预算/决算, linking its site (read from its all-filings/data/filings.csv); beside
    it shards.json (what the shards' search boxes offer) and sitemap.xml, the index of the
    shards' sitemaps (at GONGKAI_SITE_URL, else mkdocs.yml's site_url)."""
    from gongkai.site.deployment import site_name, site_url
    from gongkai.site.errors import SiteError
    from gongkai.site.shard_index import write_root_index

    out = out or domain_folder(shards_dir) / "index.html"
    try:
        listed = write_root_index(shards_dir, out, site_name(), site_url())
    except SiteError as exc:
        say("error", str(exc))
        sys.exit(1)
    if not listed:
        say("error", f"no shard in {shards_dir} has a collection; build the shards first")
        sys.exit(1)
    for summary in listed:
        if not (out.parent / summary.name / "index.html").is_file():
            say("warning", f"{out.parent / summary.name} has no site yet; the link is dead")
    say("root-index", f"{len(listed)} shard(s) listed in {out}")


def _site(
    packages: Path,
    docs_dir: Path,
    site_dir: Path,
    build_cache: BuildCache | None,
    timings: dict[str, float],
    jobs: int = 1,
) -> int:
    """Write the pages and build the site, unless nothing they are made of changed."""
    from gongkai.site.build import pages_command as write_pages
    from gongkai.site.build import site_command

    config = paths.ROOT / "mkdocs.yml"
    generated = docs_dir / "generated"
    for line in [*recover(docs_dir), *recover(site_dir.parent)]:
        say("recovered", line)
    key = build_cache.site_key(docs_dir, site_dir, config) if build_cache else ""
    if build_cache and build_cache.fresh_site(key, generated, site_dir):
        say("site", f"no package, page source or site code changed; {site_dir} is kept")
        timings["pages"] = timings["mkdocs"] = 0.0
        return 0
    with _site_caches(build_cache):
        started = time.perf_counter()
        status = write_pages(packages, generated, jobs)
        timings["pages"] = time.perf_counter() - started
        started = time.perf_counter()
        status = site_command(docs_dir, site_dir) or status
        timings["mkdocs"] = time.perf_counter() - started
    if build_cache and not status:
        build_cache.record_site(key, generated, site_dir)
    return status


@contextmanager
def _site_caches(build_cache: BuildCache | None) -> Iterator[None]:
    """Charts drawn once per chart data (gongkai.site.chart_cache) and pages cut for search once
    per page content (gongkai.site.search_index), in <cache-dir>/<folder>/charts and search;
    entries this build did not use are deleted after it (the cache holds one build's)."""
    if build_cache is None:
        yield
        return
    from gongkai.site.chart_cache import ENVIRONMENT, prune
    from gongkai.site.search_index import SEARCH_CACHE

    folders = {ENVIRONMENT: build_cache.directory / "charts"}
    folders[SEARCH_CACHE] = build_cache.directory / "search"
    before = {name: os.environ.get(name) for name in folders}
    os.environ.update({name: str(folder) for name, folder in folders.items()})  # workers too
    started = {folder: _mark_start(folder) for folder in folders.values()}
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    for folder, mark in started.items():
        prune(folder, mark)


def _mark_start(folder: Path) -> float:
    """The file system's time now, read off a file written in ``folder``: an entry used or written
    by this build has a time at or after it, an entry only an earlier build used a time before it.
    (The wall clock is finer than file times and may run ahead of them; a margin on it kept the
    entries of a build that ended a moment before.)"""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".build-started"
    marker.write_bytes(b"")
    return marker.stat().st_mtime


if __name__ == "__main__":  # pragma: no cover
    main()
