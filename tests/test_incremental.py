"""Incremental builds: a rebuild after one changed filing draws only the charts whose data
changed, and leaves the same bytes as a cold build of the same filings.

The filings are bare copies of the real sample text (generated here, labelled by their names).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import paths
from gongkai.cli import main
from gongkai.site import chart_cache, charts, search_index
from gongkai.site.charts import Bar, ChartData
from tests.conftest import SAMPLE_TEXT

SAMPLE = SAMPLE_TEXT.read_text("utf-8")
CHART = ChartData("demo", "支出", "万元", (Bar("教育支出", Decimal("1.50"), "类"),))


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative name, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the charts drawn (not taken from the cache), in drawing order."""
    names: list[str] = []
    draw: Callable[[ChartData], str] = charts._draw_svg

    def counting(chart: ChartData) -> str:
        names.append(chart.name)
        return draw(chart)

    monkeypatch.setattr(charts, "_draw_svg", counting)
    return names


def test_a_chart_is_drawn_once_per_data(
    drawn: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(chart_cache.ENVIRONMENT, str(tmp_path / "charts"))
    first = charts.render_svg(CHART)
    assert charts.render_svg(CHART) == first and drawn == ["demo"]
    changed = ChartData("demo", "支出", "万元", (Bar("教育支出", Decimal("1.5"), "类"),))
    charts.render_svg(changed)  # 1.5 and 1.50 print alike but are other data: drawn again
    assert drawn == ["demo", "demo"]
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 2

    monkeypatch.delenv(chart_cache.ENVIRONMENT)
    assert charts.render_svg(CHART) == first and len(drawn) == 3  # no cache: always drawn


def test_prune_keeps_the_charts_this_build_used(tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    folder.mkdir()
    old, used = folder / "old.svg", folder / "used.svg"
    old.write_text("<svg/>")
    used.write_text("<svg/>")
    os.utime(old, (1_000_000, 1_000_000))
    assert chart_cache.prune(folder, 2_000_000) == 1
    assert [p.name for p in folder.iterdir()] == ["used.svg"]


def test_an_entry_the_build_just_before_wrote_and_this_one_did_not_use_is_pruned(
    tmp_path: Path,
) -> None:
    # CI found it: a rebuild started within two seconds of the build before kept that build's
    # stale search documents (the start was the wall clock less a margin)
    from gongkai.pipeline import mark_start

    folder = tmp_path / "search"
    folder.mkdir()
    stale, used = folder / "stale.html", folder / "used.html"
    stale.write_text("")
    used.write_text("")
    time.sleep(0.05)  # file times are coarser than the clock: a tick or more apart
    started = mark_start(folder)
    os.utime(used)  # what a build does with an entry it reads
    assert chart_cache.prune(folder, started) == 1
    assert sorted(p.name for p in folder.iterdir()) == [".build-started", "used.html"]


def test_a_page_is_cut_for_search_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        "<html><body><article><h1>社会保障</h1><p>就业补助</p></article></body></html>", "utf-8"
    )
    (site / "b").mkdir()
    (site / "b" / "index.html").write_text("<html><body><p>no article</p></body></html>", "utf-8")
    loaded: list[int] = []
    real = search_index.segmenter

    def counting(user_dict: Path | None) -> tuple[search_index.Segmenter, search_index.Segmenter]:
        loaded.append(1)
        return real(user_dict)

    monkeypatch.setattr(search_index, "segmenter", counting)
    monkeypatch.setenv(search_index.SEARCH_CACHE, str(tmp_path / "search"))

    first = list(search_index._documents(site, None))
    assert [(url, doc is None) for url, doc in first] == [("a/", False), ("b/", True)]
    assert list(search_index._documents(site, None)) == first and loaded == [1]  # jieba: once
    (site / "a" / "index.html").write_text(
        "<html><body><article><h1>社会保障</h1><p>养老</p></article></body></html>", "utf-8"
    )
    assert "养老" in str(dict(search_index._documents(site, None))["a/"]) and loaded == [1, 1]
    assert len(list((tmp_path / "search").iterdir())) == 3


def _build(tmp_path: Path, filings: Path, name: str, *extra: str) -> None:
    docs = tmp_path / name / "docs"
    if not docs.exists():
        shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("generated"))
    args = ["--filings", str(filings), "--docs", str(docs), "--jobs", "1"]
    args += [
        "--packages",
        str(tmp_path / name / "packages"),
        "--site",
        str(tmp_path / name / "site"),
    ]
    result = CliRunner().invoke(main, ["build", *args, *extra])
    assert result.exit_code == 0, result.output


def test_one_changed_filing_rebuilds_to_the_bytes_of_a_cold_build(
    drawn: list[str], tmp_path: Path
) -> None:
    filings = tmp_path / "filings"
    filings.mkdir()
    (filings / "copy_a.txt").write_text(SAMPLE, encoding="utf-8")
    (filings / "copy_b.txt").write_text(SAMPLE.replace("昌黎县", "生成县"), encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    _build(tmp_path, filings, "warm", *cache)
    # 7 charts: the two filings' (and their department pages') chart data are the same
    assert len(drawn) == 7

    changed = SAMPLE.replace("昌黎县", "生成县").replace(
        "公务接待费预算安排0万元", "公务接待费预算安排"
    )
    (filings / "copy_b.txt").write_text(changed + "\n（更正一处）\n", encoding="utf-8")
    drawn.clear()
    generated = tmp_path / "warm" / "docs" / "generated"
    before = {p.name: p.stat().st_ino for p in (generated / "filings").glob("*.md")}
    _build(tmp_path, filings, "warm", *cache)
    assert drawn == []  # the change is in the narrative: every chart's data is unchanged
    after = {p.name: p.stat().st_ino for p in (generated / "filings").glob("*.md")}
    # the unchanged filing's page is the same file, linked into the new folder; the other new
    assert after["copy_a.md"] == before["copy_a.md"] and after["copy_b.md"] != before["copy_b.md"]
    # the site shares the generated downloads and charts (linked, not copied)
    site = tmp_path / "warm" / "site" / "generated"
    shared = [
        (p, site / p.relative_to(generated))
        for p in generated.rglob("*")
        if p.is_file() and p.suffix != ".md" and (site / p.relative_to(generated)).exists()
    ]
    assert len(shared) > 20 and all(os.path.samefile(a, b) for a, b in shared)
    # the files' digests are kept for the next build
    assert len(list((tmp_path / "cache").glob("*/digests.json"))) == 1
    folders = list((tmp_path / "cache").glob("*/search"))
    entries = list(folders[0].glob("[!.]*")) if folders else []
    assert len(folders) == 1 and len(entries) == len(
        list((tmp_path / "warm" / "site").rglob("index.html"))
    ) - len(list((tmp_path / "warm" / "site").glob("generated/files/**/index.html")))
    # every page's Markdown but the home page's (it includes a file) rendered from the cache
    rendered = list((tmp_path / "cache").glob("*/render/[!.]*"))
    assert len(rendered) == len(entries) - 1

    _build(tmp_path, filings, "cold", "--no-cache")
    assert len(drawn) >= 14  # no cache: each filing's 7 charts and its department page's
    for part in ("packages", "docs/generated", "site"):
        assert tree(tmp_path / "warm" / part) == tree(tmp_path / "cold" / part), part
