"""The command line: --help on every command, every command documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main

COMMANDS = sorted(main.commands)  # type: ignore[attr-defined]


def test_the_commands() -> None:
    assert COMMANDS == ["build", "combine", "convert", "pages", "root-index", "validate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: main " + command in result.output or f"Usage: gongkai {command}" in result.output
    assert len(result.output.splitlines()) > 4


@pytest.mark.parametrize("command", COMMANDS)
def test_documented_in_readme(command: str) -> None:
    readme = (paths.ROOT / "README.md").read_text("utf-8")
    assert re.search(rf"gongkai {command}\b", readme), f"`gongkai {command}` missing from README"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (paths.ROOT / "README.md").read_text("utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make site",
        "make test",
    ]


def test_validate_rewrites_the_report(sample_package: Path, tmp_path: Path) -> None:
    report = sample_package / "validation.json"
    before = report.read_bytes()
    report.unlink()
    result = CliRunner().invoke(main, ["validate", str(sample_package)])
    assert result.exit_code == 0
    assert report.read_bytes() == before
    not_a_package = tmp_path / "empty"
    not_a_package.mkdir()
    result = CliRunner().invoke(main, ["validate", str(not_a_package)])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("command", "option"), [("convert", "out"), ("pages", "packages"), ("build", "packages")]
)
def test_packages_are_build_outputs_by_default(command: str, option: str) -> None:
    """The corpus's packages go to build/datapackages; datapackages/ holds the sample only."""
    params = {p.name: p for p in main.commands[command].params}  # type: ignore[attr-defined]
    assert params[option].default == paths.BUILD / "datapackages"
    committed = sorted(p.name for p in paths.DATAPACKAGES.iterdir() if not p.name.startswith("."))
    assert committed in (
        ["changli_2023_dept_budget_hrss"],
        ["all-filings", "changli_2023_dept_budget_hrss"],  # after `make sample` (ignored by git)
    )


def test_make_site_builds_every_filing() -> None:
    makefile = (paths.ROOT / "Makefile").read_text("utf-8")
    assert "PACKAGES ?= build/datapackages" in makefile
    assert "$(BIN)/gongkai build --filings $(FILINGS) --packages $(PACKAGES)" in makefile
    assert "real-site: site" in makefile


def test_build_twice_keeps_the_site_and_times_each_stage(tmp_path: Path) -> None:
    """A second build with nothing changed converts nothing and keeps pages and site as they are;
    a build without the cache writes the same pages. Targets are tmp folders (--docs, --site)."""
    import shutil

    filings, docs = tmp_path / "filings", tmp_path / "docs"
    shutil.copytree(paths.FILINGS / "changli", filings / "changli")
    shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("generated"))
    common = ["--filings", str(filings), "--docs", str(docs), "--jobs", "1"]
    args = [*common, "--packages", str(tmp_path / "packages"), "--site", str(tmp_path / "site")]
    args += ["--cache-dir", str(tmp_path / "cache")]
    first = CliRunner().invoke(main, ["build", *args])
    assert first.exit_code == 0, first.output
    for stage in ("convert", "collection", "pages", "mkdocs", "total"):
        assert re.search(rf"│ {stage} +│ +\d+\.\d │", first.output), stage
    pages = {p: p.read_bytes() for p in (docs / "generated").rglob("*") if p.is_file()}
    site = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*")}

    second = CliRunner().invoke(main, ["build", *args])
    assert second.exit_code == 0, second.output
    assert "1 of 1 filing(s) unchanged" in second.output
    assert "is kept" in second.output.replace("\n", "")
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*")} == site

    cold = [*common, "--packages", str(tmp_path / "cold"), "--site", str(tmp_path / "site2")]
    third = CliRunner().invoke(main, ["build", *cold, "--no-cache"])
    assert third.exit_code == 0, third.output
    assert {p: p.read_bytes() for p in (docs / "generated").rglob("*") if p.is_file()} == pages
