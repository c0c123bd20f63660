"""Write the generated pages and files from the data packages, then build the site atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from gongkai import paths
from gongkai.site import charts as chart_module
from gongkai.site import pages
from gongkai.site.package import Package, amount, find_packages

MARKER = ".gongkai-generated"
HOME_INCLUDE = "_home.md"
JIEBA_DICT = "_jieba_user_dict.txt"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so that the same package gives the same ZIP bytes
_FIXED_TIME = dt.datetime(*_ZIP_TIME)


class SiteError(Exception):
    """A site build step failed; the message says what to do."""


@contextmanager
def _atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target``.

    On failure the temporary folder is removed and the last good ``target`` is left untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _svg_size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _package_files(package: Package) -> list[Path]:
    """Files of the package folder that are published, relative to it, sorted."""
    found = []
    for path in sorted(package.directory.rglob("*")):
        relative = path.relative_to(package.directory)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found.append(relative)
    return found


def _write_zip(path: Path, package: Package, files: Sequence[Path]) -> None:
    """The whole package plus a README, with fixed timestamps: rebuilds are byte-identical."""
    root = pages.esc.slug(package.filing_id)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("README.txt", pages.readme_text(package).encode("utf-8"))]
        entries += [(str(f.as_posix()), (package.directory / f).read_bytes()) for f in files]
        for name, data in entries:
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def _restamp_zip(data: bytes, path: Path) -> None:
    """Rewrite a ZIP (an XLSX) with fixed timestamps: the same content gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content
                )
            stable = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = 0o644 << 16
            target.writestr(stable, content)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def locate_tables(package: Package, originals: Sequence[str]) -> dict[str, str]:
    """For a filing of several PDFs, the file each table is printed in (table id -> file name).

    The package gives a table's pages but not its file; the file is the one whose page starts
    with the table's title (nearest the top when several do). A table found in no file is left
    out (the page then names the page without a link). A filing of one file needs no lookup.
    """
    pdfs = [name for name in originals if name.lower().endswith(".pdf")]
    if len(pdfs) < 2:
        return {}
    import pdfplumber

    found: dict[str, str] = {}
    texts: dict[tuple[str, int], str] = {}
    opened = {}
    try:
        for name in pdfs:
            try:
                opened[name] = pdfplumber.open(package.directory / "original" / name)
            except Exception:  # an unreadable original: its tables stay unlinked
                continue
        for info in package.rows("tables"):
            pages = [int(p) for p in re.findall(r"\d+", info.get("pages") or "")]
            title = _squeeze(info.get("title") or "")[-10:]
            if not pages or not title:
                continue
            matches = []
            for name, pdf in opened.items():
                if pages[0] > len(pdf.pages):
                    continue
                key = (name, pages[0])
                if key not in texts:
                    try:
                        texts[key] = _squeeze(pdf.pages[pages[0] - 1].extract_text() or "")
                    except Exception:
                        texts[key] = ""
                # A table page starts with its title; a narrative page may quote it further down.
                at = texts[key].find(title)
                if 0 <= at < 80:
                    matches.append((at, name))
            if matches:
                found[str(info.get("table_id") or "")] = min(matches)[1]
    finally:
        for pdf in opened.values():
            pdf.close()
    return found


def _write_filing(package: Package, generated: Path) -> None:
    files_dir = generated / pages.files_dir(package.filing_id)
    published = _package_files(package)
    for relative in published:
        destination = files_dir / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package.directory / relative, destination)
    xlsx = next((f for f in published if f.suffix == ".xlsx" and len(f.parts) == 1), None)
    if xlsx is not None and xlsx.name != pages.xlsx_name(package.filing_id):
        shutil.copyfile(package.directory / xlsx, files_dir / pages.xlsx_name(package.filing_id))
    _write_zip(files_dir / pages.zip_name(package.filing_id), package, published)
    charts = chart_module.filing_charts(package)
    sizes = {}
    for chart in charts:
        svg = chart_module.render_svg(chart)
        _write(files_dir / "charts" / f"{chart.name}.svg", svg)
        sizes[chart.name] = _svg_size(svg)
        _write_csv(
            files_dir / "charts" / f"{chart.name}.csv",
            ["label", "level", "amount", "unit"],
            [[b.label, b.level, str(b.value), chart.unit] for b in chart.bars],
        )
    originals = sorted(
        f.name
        for f in published
        if f.parts[0] == "original" and len(f.parts) == 2 and not f.name.endswith(".yaml")
    )
    _write(
        generated / pages.filing_page_path(package.filing_id),
        pages.filing_page(package, charts, sizes, originals, locate_tables(package, originals)),
    )


def _budget_lines(package: Package) -> list[dict[str, str]]:
    rows = package.rows("budget_lines")
    if rows:
        return rows
    # Older packages lack the derived table: build it from the coded tables.
    derived = []
    for name in (
        "income_by_function",
        "expenditure_by_function",
        "general_budget_expenditure",
        "basic_expenditure",
        "government_fund_expenditure",
        "state_capital_expenditure",
    ):
        titles = pages.field_titles(package, name)
        for row in package.rows(name):
            for measure, value in row.items():
                if measure in pages._BOOKKEEPING or measure in ("code", "name") or not value:
                    continue
                derived.append(
                    {
                        "filing_id": package.filing_id,
                        "table_id": name,
                        "line_no": row.get("line_no", ""),
                        "code_scheme": "economic" if name == "basic_expenditure" else "function",
                        "code": row.get("code", ""),
                        "name": row.get("name", ""),
                        "level": row.get("level", ""),
                        "parent_code": row.get("parent_code", ""),
                        "measure": measure,
                        "measure_title": titles.get(measure, measure),
                        "amount": value,
                        "unit": package.unit_of(name),
                        "amount_yuan": "",
                        "page": row.get("page", ""),
                        "source_line": row.get("source_line", ""),
                    }
                )
    return derived


def _write_combined(packages: Sequence[Package], generated: Path) -> dict[str, str]:
    """budget_lines of every filing as one CSV and one XLSX; returns label -> link for the page."""
    rows = [row for package in packages for row in _budget_lines(package)]
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    header = header or ["filing_id"]
    _write_csv(
        generated / "all" / "budget_lines.csv",
        header,
        [[row.get(key, "") for key in header] for row in rows],
    )
    links = {"全部预算明细 budget_lines（CSV）": "all/budget_lines.csv"}
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency of the pipeline
        return links
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "budget_lines"
    sheet.append(header)
    numeric = {"amount", "amount_yuan", "line_no", "page", "source_line"}
    for row in rows:
        sheet.append(
            [
                amount(row.get(k))
                if k in numeric and amount(row.get(k)) is not None
                else row.get(k, "")
                for k in header
            ]
        )
    book.properties.created = book.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    _restamp_zip(buffer.getvalue(), generated / "all" / "budget_lines.xlsx")
    links["全部预算明细 budget_lines（Excel）"] = "all/budget_lines.xlsx"
    return links


def published_schemas(packages: Sequence[Package]) -> dict[str, list[dict[str, Any]]]:
    """Table Schemas as published in the packages (first package that has each resource)."""
    schemas: dict[str, list[dict[str, Any]]] = {}
    for package in packages:
        for name, resource in package.resources.items():
            if name not in schemas and resource.fields:
                schemas[name] = resource.fields
    return schemas


def write_pages(packages_dir: Path, generated_dir: Path, include_synthetic: bool = False) -> int:
    """Write every generated page, chart and download into ``generated_dir``, atomically.

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
    packages = [
        p for p in find_packages(packages_dir) if include_synthetic or not p.meta.get("synthetic")
    ]
    with _atomic_dir(generated_dir) as staging:
        _write(
            staging / MARKER, "Written by gongkai.site.build.write_pages; rebuilt on every run.\n"
        )
        for package in packages:
            _write_filing(package, staging)
        combined = _write_combined(packages, staging)
        _write(staging / HOME_INCLUDE, pages.home_page(packages))
        _write(staging / "downloads.md", pages.downloads_page(packages, combined))
        _write(staging / "schema.md", pages.schema_page(published_schemas(packages)))
        _write(staging / "glossary.md", pages.glossary_page(packages))
        _write(staging / JIEBA_DICT, pages.jieba_user_dict(packages))
    return len(packages)


def _mkdocs_config(docs_dir: Path, config: Path) -> dict[str, Any]:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["docs_dir"] = str(docs_dir.resolve())
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict):
            plugin["search"]["jieba_dict_user"] = str(
                (docs_dir / "generated" / JIEBA_DICT).resolve()
            )
    for extension in data.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension["pymdownx.snippets"]["base_path"] = [str((docs_dir / "generated").resolve())]
    return dict(data)


def build_site(
    docs_dir: Path = paths.DOCS,
    site_dir: Path = paths.SITE,
    config: Path = paths.ROOT / "mkdocs.yml",
) -> float:
    """Run ``mkdocs build --strict`` into a temporary folder, then swap it into ``site_dir``.

    Returns the seconds the build took. ``docs_dir`` other than the repository's ``docs/`` is
    built with a copy of ``mkdocs.yml`` pointed at it (used by the tests).
    """
    started = time.perf_counter()
    docs_dir, site_dir = docs_dir.resolve(), site_dir.resolve()  # mkdocs runs from the repo root
    with tempfile.TemporaryDirectory(prefix="gongkai-mkdocs-") as scratch:
        config_path = Path(scratch) / "mkdocs.yml"
        config_path.write_text(
            yaml.safe_dump(_mkdocs_config(docs_dir, config), allow_unicode=True), encoding="utf-8"
        )
        with _atomic_dir(site_dir) as staging:
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
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
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
    return time.perf_counter() - started


def pages_command(
    packages_dir: Path = paths.DATAPACKAGES, docs_dir: Path = paths.DOCS_GENERATED
) -> int:
    """CLI: write the generated pages into ``docs_dir`` (the generated folder). Exit status."""
    try:
        count = write_pages(packages_dir, docs_dir)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if count == 0:
        print(
            f"warning: no data packages in {packages_dir}; run `make data` first", file=sys.stderr
        )
    print(f"pages: {count} filing(s) written to {docs_dir}", file=sys.stderr)
    return 0


def site_command(docs_dir: Path = paths.DOCS, site_dir: Path = paths.SITE) -> int:
    """CLI: build the static site from ``docs_dir`` into ``site_dir``. Exit status."""
    if not (docs_dir / "generated" / MARKER).exists():
        print("error: no generated pages; run `gongkai pages` first", file=sys.stderr)
        return 1
    try:
        seconds = build_site(docs_dir, site_dir)
    except SiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"site: built {site_dir} in {seconds:.1f} s", file=sys.stderr)
    return 0
