"""The stages of a build, as `gongkai build` and `gongkai convert` run them: convert every filing
(cached, in parallel), combine the collection, write the pages and build the site (charts and
search documents cached), with the per-stage times and the deployment's environment. The
command line (gongkai.cli) is a thin layer over these."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from gongkai import parallel, paths
from gongkai.atomic import recover
from gongkai.cache import CACHE, BuildCache, filing_key
from gongkai.parallel import COLUMNS, Outcome, in_own_process, outcome_from_result

console = Console(stderr=True)
# gongkai.collection.COMBINED_ID, named here so that an up-to-date build never imports pandas.
COMBINED_ID = "all-filings"


def say(label: str, message: str) -> None:
    """One line to stderr: a coloured label and the (escaped, untrusted) message."""
    color = {"error": "red", "problem": "yellow"}.get(label, "cyan")
    console.print(f"[{color}]{label}[/{color}] {escape(message)}", highlight=False)


def convert_all(
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
        status = combine_collection(out, build_cache, separate=jobs > 1 or bool(scheduler))
    finally:
        timings["collection"] = time.perf_counter() - started
    if not sources and not errors:
        console.print(f"[yellow]no filings found in {', '.join(map(str, inputs))}[/yellow]")
    return 1 if failed or status else 0


def combine_collection(out: Path, build_cache: BuildCache | None, separate: bool = False) -> int:
    """Write the collection, unless no package changed since it was last written; ``separate``:
    in a process of its own, which gives its memory back when it ends (at 1,000 filings about a
    gigabyte the pages stage and mkdocs would otherwise run beside)."""
    key = build_cache.collection_key(COMBINED_ID) if build_cache else ""
    if build_cache and build_cache.fresh_collection(COMBINED_ID, key):
        say("combined", f"no package changed; the collection in {out / COMBINED_ID} is kept")
        return 0
    try:
        from gongkai.collection import combine  # pandas and pyarrow: only when there is work

        # Each filing's share of the collection is kept by package content (collection.parts).
        shares = build_cache.directory / "collection" if build_cache else None
        # Separate: its own process, and the workbook written by a second one at the same time.
        combined = in_own_process(combine, out, shares, True) if separate else combine(out, shares)
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


def print_timings(timings: dict[str, float]) -> None:
    """The per-stage time summary printed at the end of a build."""
    table = Table(title="gongkai build: seconds per stage")
    for name in ("stage", "seconds"):
        table.add_column(name, justify="left" if name == "stage" else "right")
    for stage, seconds in timings.items():
        table.add_row(stage, f"{seconds:.1f}")
    table.add_row("total", f"{sum(timings.values()):.1f}")
    console.print(table)


def site_address() -> str:
    """The site address a shard's is under: GONGKAI_SITE_URL, else mkdocs.yml's."""
    from gongkai.site.deployment import site_url

    return site_url()


@contextmanager
def deployment(url: str | None, shard: str | None) -> Iterator[None]:
    """GONGKAI_SITE_URL set to ``url`` and GONGKAI_SHARD to ``shard`` while the build runs: the
    pages (in worker processes too), mkdocs and the build cache's key all read them there."""
    from gongkai.site.deployment import SHARD_ENV, SITE_URL_ENV

    wanted = {SHARD_ENV: shard or ""}  # a site of its own is no shard, whatever the shell says
    if url is not None:
        wanted[SITE_URL_ENV] = url
    with environment(wanted):
        yield


@contextmanager
def kept_digests(out: Path, cache_root: Path | None) -> Iterator[None]:
    """Files' digests kept from one build to the next in the cache (gongkai.cache.file_digest):
    every process of the run reads them; what the run used is kept when it ends, even by an
    error (a digest is true of a file's status whatever the run did)."""
    if cache_root is None:
        yield
        return
    from gongkai.cache import DIGESTS_ENVIRONMENT, forget_used_digests, save_file_digests

    kept = BuildCache(out, cache_root).directory / "digests.json"
    forget_used_digests()
    try:
        with environment({DIGESTS_ENVIRONMENT: str(kept)}):
            yield
    finally:
        save_file_digests(kept)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """``values`` set in os.environ (worker processes inherit them) while the block runs, each
    name's earlier value (or its absence) put back after it."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def site_stage(
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
    with site_caches(build_cache):
        started = time.perf_counter()
        status = write_pages(packages, generated, jobs, reuse_unchanged=build_cache is not None)
        timings["pages"] = time.perf_counter() - started
        started = time.perf_counter()
        status = site_command(docs_dir, site_dir, jobs) or status
        timings["mkdocs"] = time.perf_counter() - started
    if build_cache and not status:
        build_cache.record_site(key, generated, site_dir)
    return status


@contextmanager
def site_caches(build_cache: BuildCache | None) -> Iterator[None]:
    """Charts drawn once per chart data (gongkai.site.chart_cache), pages' Markdown rendered once
    per content (gongkai.site.render_cache) and pages cut for search once per page content
    (gongkai.site.search_index), in <cache-dir>/<folder>/charts, render and search; entries this
    build did not use are deleted after it (the cache holds one build's)."""
    if build_cache is None:
        yield
        return
    from gongkai.site import chart_cache, render_cache
    from gongkai.site.search_index import SEARCH_CACHE

    folders = {chart_cache.ENVIRONMENT: build_cache.directory / "charts"}
    folders[render_cache.ENVIRONMENT] = build_cache.directory / "render"
    folders[SEARCH_CACHE] = build_cache.directory / "search"
    started = {folder: mark_start(folder) for folder in folders.values()}
    with environment({name: str(folder) for name, folder in folders.items()}):  # workers too
        yield
    for folder, mark in started.items():
        chart_cache.prune(folder, mark)


def mark_start(folder: Path) -> float:
    """The file system's time now, read off a file written in ``folder``: an entry used or written
    by this build has a time at or after it, an entry only an earlier build used a time before it.
    (The wall clock is finer than file times and may run ahead of them; a margin on it kept the
    entries of a build that ended a moment before.)"""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".build-started"
    marker.write_bytes(b"")
    return marker.stat().st_mtime
