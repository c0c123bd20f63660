"""The gongkai command line: convert, validate, pages, build. Thin wrappers around the stages."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from gongkai import paths
from gongkai.model import ReadError

console = Console(stderr=True)
MAX_PROBLEMS_SHOWN = 10
# The corpus's packages are build outputs (rebuilt by `make site`, deployed with the site); only
# the sample's package is committed, in datapackages/, as the example `make check` regenerates.
PACKAGES = paths.BUILD / "datapackages"


def say(label: str, message: str) -> None:
    """One line to stderr: a coloured label and the (escaped, untrusted) message."""
    color = {"error": "red", "problem": "yellow"}.get(label, "cyan")
    console.print(f"[{color}]{label}[/{color}] {escape(message)}", highlight=False)


def _convert_all(inputs: list[Path], out: Path) -> int:
    """Convert every filing; report each failure clearly and go on. Returns the exit status."""
    from gongkai.convert import convert
    from gongkai.filings import discover
    from gongkai.readers import supported_suffixes

    sources, errors = discover(inputs, supported_suffixes())
    for message in errors:
        say("error", message)
    summary = Table(title="gongkai convert")
    for column in ("filing", "tables", "records", "checks", "pass", "fail", "skip", "problems"):
        summary.add_column(
            column, justify="left" if column == "filing" else "right", overflow="fold"
        )
    failed = len([e for e in errors if "skipped" not in e])
    with Progress(console=console, transient=True, disable=len(sources) < 2) as progress:
        task = progress.add_task("converting", total=len(sources))
        for source in sources:
            progress.update(task, description=source.filing_id)
            try:
                result = convert(source, out)
            except ReadError as exc:
                failed += 1
                say("error", str(exc))
                summary.add_row(source.filing_id, "-", "-", "-", "-", "-", "-", "unreadable")
            except Exception as exc:  # a bug met on one filing must not stop the others
                failed += 1
                files = ", ".join(path.name for path in source.files)
                say(
                    "error",
                    f"{files}: gongkai failed on this filing ({type(exc).__name__}: {exc}); "
                    "the other filings go on and its previous package, if any, is kept. "
                    "Please report it with the file.",
                )
                summary.add_row(source.filing_id, "-", "-", "-", "-", "-", "-", "failed")
            else:
                s = result.summary
                summary.add_row(
                    result.filing_id,
                    str(result.tables),
                    str(result.records),
                    str(s["checks"]),
                    str(s["pass"]),
                    str(s["fail"]),
                    str(s["skip"]),
                    str(len(result.problems)),
                )
                for message in result.problems[:MAX_PROBLEMS_SHOWN]:
                    say("problem", message)
                if len(result.problems) > MAX_PROBLEMS_SHOWN:
                    console.print(
                        f"… {len(result.problems) - MAX_PROBLEMS_SHOWN} more in "
                        f"{result.directory / 'data' / 'problems.csv'}"
                    )
            progress.advance(task)
    console.print(summary)
    from gongkai.collection import combine

    try:
        combined = combine(out)
    except Exception as exc:  # the filings' own packages stay published
        say("error", f"the collection ({out}/all-filings) failed ({type(exc).__name__}: {exc})")
        return 1
    if combined is not None:
        say(
            "combined",
            f"every package as one collection (CSV, XLSX, Parquet, SQLite) in {combined}",
        )
    if not sources and not errors:
        console.print(f"[yellow]no filings found in {', '.join(map(str, inputs))}[/yellow]")
    return 1 if failed else 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai (公开): Chinese government budget filings -> data packages and a static site."""


@main.command("convert")
@click.argument("filings", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=PACKAGES,
    show_default=True,
    help="Folder for the data packages (one sub-folder per filing).",
)
def convert_command(filings: tuple[Path, ...], out: Path) -> None:
    """Convert FILINGS (files, provenance .yaml files or folders) into validated data packages.

    Exit status is non-zero only when a filing could not be read; failing checks are published.
    """
    sys.exit(_convert_all(list(filings), out))


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
    "filings_dir",
    type=click.Path(exists=True, path_type=Path),
    default=paths.FILINGS,
    show_default=True,
    help="Folder of filings to publish.",
)
@click.option(
    "--packages",
    type=click.Path(path_type=Path),
    default=PACKAGES,
    show_default=True,
    help="Folder for the data packages (a build output, deployed with the site).",
)
def build_command(filings_dir: Path, packages: Path) -> None:
    """Everything: convert the filings (sub-folders too), write the pages, build the site."""
    status = _convert_all([filings_dir], packages)
    try:
        from gongkai.site.build import pages_command as write_pages
        from gongkai.site.build import site_command
    except ImportError:
        console.print("[yellow]site stage not available yet; packages built[/yellow]")
        sys.exit(status)
    status = write_pages(packages, paths.DOCS_GENERATED) or status
    status = site_command() or status
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
