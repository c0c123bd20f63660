"""The gongkai command line: convert, validate, pages, build, and for a province split into shards
combine and root-index. Thin wrappers around the stages (gongkai.pipeline)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from click.core import ParameterSource

from gongkai import parallel, paths
from gongkai.cache import CACHE, BuildCache
from gongkai.pipeline import (
    console,
    convert_all,
    deployment,
    kept_digests,
    print_timings,
    say,
    site_address,
    site_stage,
)
from gongkai.shards import Shard, domain_folder, sync_hand_written_docs

# The corpus's packages are build outputs (rebuilt by `make site`, deployed with the site); only
# the sample's package is committed, in datapackages/, as the example `make check` regenerates.
PACKAGES = paths.BUILD / "datapackages"


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
    with kept_digests(out, cache_root):
        status = convert_all(list(filings), out, jobs, scheduler, cache_root)
    sys.exit(status)


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
            site_url = shard_url(site_address(), shard)
    except SiteError as exc:
        raise click.BadParameter(str(exc), param_hint="--site-url") from exc
    timings: dict[str, float] = {}
    cache_root = None if no_cache else cache_dir
    jobs = jobs or parallel.default_jobs()
    with deployment(site_url, shard), kept_digests(packages, cache_root):
        status = convert_all(list(filings_dirs), packages, jobs, scheduler, cache_root, timings)
        build_cache = BuildCache(packages, cache_root) if cache_root is not None else None
        status = site_stage(packages, docs_dir, site_dir, build_cache, timings, jobs) or status
    print_timings(timings)
    sys.exit(status)


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


if __name__ == "__main__":  # pragma: no cover
    main()
