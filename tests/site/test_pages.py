"""Golden Markdown of the sample's filing page, and the pure page functions on small inputs."""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.datapackage import load_package
from gongkai.site import build
from gongkai.site.format import percent
from gongkai.site.sections.summary import summary_section
from gongkai.site.urls import filing_page_path
from tests.site.conftest import SAMPLE_ID

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "site"


def test_golden_filing_page(sample_packages: Path, tmp_path: Path) -> None:
    """The sample's page, byte for byte. Refresh: `UPDATE_GOLDEN=1 pytest tests/site -k golden`."""
    build.write_pages(sample_packages, tmp_path / "generated")
    produced = (tmp_path / "generated" / filing_page_path(SAMPLE_ID)).read_text("utf-8")
    golden = GOLDEN / f"{SAMPLE_ID}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run `make golden` and review it"
    assert produced == golden.read_text("utf-8")


def test_pages_are_deterministic(sample_packages: Path, tmp_path: Path) -> None:
    build.write_pages(sample_packages, tmp_path / "a")
    build.write_pages(sample_packages, tmp_path / "b")
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (
            tmp_path / "b" / relative
        ).read_bytes(), relative


def test_summary_states_the_sample_figures(sample_packages: Path) -> None:
    package = load_package(sample_packages / SAMPLE_ID)
    summary = summary_section(package)
    assert "29,296.37万元" in summary
    assert "社会保障和就业支出28,103.53万元（95.9%）" in summary
    assert "基本支出（保运转）2,078.30万元" in summary
    assert "人员经费1,908.22万元" in summary
    assert "同比下降58.82%" in summary
    checks = int(package.validation["summary"]["checks"])
    assert f"共{checks}项检查" in summary


def test_percent_never_rounds_a_part_away() -> None:
    assert percent(Decimal("0.77"), Decimal("29296.37")) == "不足0.1%"
    assert percent(Decimal("29295.60"), Decimal("29296.37")) == "超过99.9%"
    assert percent(Decimal("1"), Decimal("1")) == "100.0%"
    assert percent(Decimal("1"), Decimal("3")) == "33.3%"


def test_write_pages_refuses_a_hand_written_folder(sample_packages: Path, tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text("hand-written", encoding="utf-8")
    try:
        build.write_pages(sample_packages, tmp_path)
    except build.SiteError as exc:
        assert "did not write" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("write_pages replaced a folder it did not write")
    assert (tmp_path / "about.md").read_text("utf-8") == "hand-written"


def test_failed_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()  # no generated pages, no index: mkdocs --strict fails
    try:
        build.build_site(docs, site)
    except build.SiteError:
        pass
    assert (site / "index.html").read_text("utf-8") == "last good"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_package_without_figures_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from gongkai import paths

    shutil.copytree(paths.DATAPACKAGES / SAMPLE_ID, tmp_path / "packages" / SAMPLE_ID)
    descriptor = tmp_path / "packages" / SAMPLE_ID / "datapackage.json"
    data = json.loads(descriptor.read_text("utf-8"))
    data["resources"] = [r for r in data["resources"] if r["name"] != "figures"]
    descriptor.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(build.SiteError, match="no figures resource: convert the filing again"):
        build.write_pages(tmp_path / "packages", tmp_path / "generated")
    assert not (tmp_path / "generated").exists()  # nothing half-written
