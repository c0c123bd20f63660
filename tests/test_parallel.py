"""Conversion on several processes and on a Dask cluster: the same bytes, rows and messages as
one after the other, and one bad filing never stops the others.

The filings are generated from the real sample text (copies, labelled by their names) plus an
empty file (unreadable); the real-PDF test takes three small filings of filings/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai import parallel, paths
from gongkai.filings import FilingSource
from gongkai.pipeline import convert_all
from tests.conftest import SAMPLE_TEXT
from tests.test_cache import tree

SAMPLE = SAMPLE_TEXT.read_text("utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated copies of the sample (differing department names) and one empty file."""
    folder = tmp_path_factory.mktemp("filings")
    for name, county in (("gen_1", "一县"), ("gen_2", "二县"), ("gen_3", "三县")):
        (folder / f"{name}.txt").write_text(SAMPLE.replace("昌黎县", county, 1), "utf-8")
    (folder / "gen_0_empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def one_by_one(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The reference: today's loop (--jobs 1, no cache), its packages and what it said."""
    out = tmp_path_factory.mktemp("serial") / "packages"
    return out, run_captured(corpus, out, 1)


def run_captured(corpus: Path, out: Path, jobs: int, scheduler: str | None = None) -> str:
    import io

    from gongkai import pipeline

    said = io.StringIO()
    console = pipeline.console
    pipeline.console = type(console)(file=said, width=120)
    try:
        assert convert_all([corpus], out, jobs, scheduler, None) == 1
    finally:
        pipeline.console = console
    return said.getvalue()


def test_two_processes_give_the_same_bytes_rows_and_messages(
    corpus: Path, one_by_one: tuple[Path, str], tmp_path: Path
) -> None:
    reference, said = one_by_one
    out = tmp_path / "packages"
    assert run_captured(corpus, out, 2).replace(str(out), "OUT") == said.replace(
        str(reference), "OUT"
    )
    assert tree(out) == tree(reference)
    rows = [line.split("│")[1].strip() for line in said.splitlines() if line.startswith("│")]
    assert rows == ["gen_0_empty", "gen_1", "gen_2", "gen_3"]
    assert "gen_0_empty.txt: the file is empty; download it again from the publisher" in said


def test_a_failing_filing_does_not_stop_the_others(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met on one filing: failed with its message; the pool's other filings go on."""
    from gongkai import convert as convert_module

    real = convert_module.convert

    def buggy(source: FilingSource, out: Path) -> object:
        if source.filing_id == "gen_2":
            raise ZeroDivisionError("generated bug")
        return real(source, out)

    monkeypatch.setattr(convert_module, "convert", buggy)  # forked workers inherit it
    outcomes = list(
        parallel.run(
            [FilingSource(n, [corpus / f"{n}.txt"]) for n in ("gen_0_empty", "gen_1", "gen_2")],
            tmp_path,
            jobs=2,
        )
    )
    assert [(o.filing_id, o.status, o.row[-1]) for o in outcomes] == [
        ("gen_0_empty", "unreadable", "unreadable"),
        ("gen_1", "converted", "0"),
        ("gen_2", "failed", "failed"),
    ]
    assert outcomes[2].messages == [
        (
            "error",
            "gen_2.txt: gongkai failed on this filing (ZeroDivisionError: generated bug); the "
            "other filings go on and its previous package, if any, is kept. Please report it "
            "with the file.",
        )
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen_1"]


def test_outcomes_come_in_input_order_whatever_order_they_finish_in() -> None:
    sources = [FilingSource(str(i), []) for i in range(4)]
    done = [(2, "c"), (0, "a"), (3, "d"), (1, "b")]
    ordered = list(parallel._in_order(sources, iter(done)))  # type: ignore[arg-type]
    assert ordered == [(0, "a"), (1, "b"), (2, "c"), (3, "d")]


def test_default_jobs_is_every_core() -> None:
    assert parallel.default_jobs() >= 1


def test_a_dask_cluster_gives_the_same_bytes(
    corpus: Path, one_by_one: tuple[Path, str], tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    reference, said = one_by_one
    out = tmp_path / "packages"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask_said = run_captured(corpus, out, 1, scheduler=cluster.scheduler_address)
    assert tree(out) == tree(reference)
    assert dask_said.replace(str(out), "OUT") == said.replace(str(reference), "OUT")


# Three of the smallest real filings (Beijing, Shanghai, Jiangsu: three layouts).
REAL = (
    "beijing/beijing_2026_xinfangban_budget.yaml",
    "shanghai/shanghai_2026_shuichan-laoganbu-huodongshi_budget.yaml",
    "jiangsu/jiangsu_2019_renda-bangongting_budget.yaml",
)


@pytest.mark.realpdf
def test_real_filings_cold_warm_and_parallel_are_identical(tmp_path: Path) -> None:
    from gongkai.filings import load_provenance

    filings = tmp_path / "filings"
    for name in REAL:
        provenance = paths.FILINGS / name
        if not provenance.exists():
            pytest.skip(f"{provenance} not in this checkout")
        region = filings / provenance.parent.name
        region.mkdir(parents=True, exist_ok=True)
        shutil.copy(provenance, region)
        for path in load_provenance(provenance).files:
            shutil.copy(path, region)
    cache_root = tmp_path / "cache"
    parallel_out, serial_out = tmp_path / "parallel", tmp_path / "serial"
    convert_all([filings], parallel_out, 2, None, cache_root)
    cold = tree(parallel_out)
    convert_all([filings], parallel_out, 2, None, cache_root)  # warm: nothing converted
    assert tree(parallel_out) == cold
    convert_all([filings], serial_out, 1, None, None)
    assert tree(serial_out) == cold
    assert len([name for name in cold if name.endswith("/datapackage.json")]) == 4


def test_pages_on_two_processes_are_the_pages_of_one(
    one_by_one: tuple[Path, str], tmp_path: Path
) -> None:
    from gongkai.site.build import write_pages

    packages, _ = one_by_one
    assert write_pages(packages, tmp_path / "one", jobs=1) == 3
    assert write_pages(packages, tmp_path / "two", jobs=2) == 3
    pages = tree(tmp_path / "one")
    assert tree(tmp_path / "two") == pages
    assert len([name for name in pages if name.endswith(".svg")]) >= 3


SLOW_MESSAGE = (
    "{id}, conversion stopped: still converting after 1 seconds, the limit of 1 (time to "
    "convert one filing); if the file is genuine, raise the limit for this run: "
    "GONGKAI_MAX_SECONDS=4 gongkai convert ..."
)


def test_the_time_limit_holds_in_a_dask_workers_thread(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers as threads of this process (a Dask task never runs in a main thread): the slow
    filing is stopped at the limit and fails alone; the worker goes on with the next one (the
    empty file: quickly refused whatever the load, and not by a stray timer)."""
    distributed = pytest.importorskip("distributed")
    import time

    from gongkai import convert as convert_module

    real = convert_module.read_document

    def slow_reader(path: Path) -> object:
        if path.name == "gen_2.txt":
            while True:  # a reader that never ends (a hang in Python code)
                time.sleep(0.01)
        return real(path)

    monkeypatch.setattr(convert_module, "read_document", slow_reader)
    monkeypatch.setenv("GONGKAI_MAX_SECONDS", "1")
    sources = [FilingSource(n, [corpus / f"{n}.txt"]) for n in ("gen_2", "gen_0_empty")]
    parallel.convert_outcome(sources[1], tmp_path)  # the readers imported: not timed below
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        started = time.perf_counter()
        outcomes = list(parallel.run(sources, tmp_path, scheduler=cluster.scheduler_address))
        assert outcomes[0].seconds < 5
    assert [(o.filing_id, o.status) for o in outcomes] == [
        ("gen_2", "unreadable"),
        ("gen_0_empty", "unreadable"),
    ]
    assert outcomes[0].messages == [("error", SLOW_MESSAGE.format(id="gen_2"))]
    assert outcomes[1].messages == [
        ("error", "gen_0_empty.txt: the file is empty; download it again from the publisher")
    ]
    assert list(tmp_path.iterdir()) == []
    assert time.perf_counter() - started < 120


def test_the_limits_of_the_command_line_go_to_dask_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes started before GONGKAI_MAX_SECONDS=1 was set here: the limit comes with
    the task. A GENERATED filing, the sample 20 times over, takes far more than a second (55 s
    on this shared machine, several on an idle one) and is stopped at 1 s."""
    distributed = pytest.importorskip("distributed")
    (tmp_path / "big").mkdir()
    big = tmp_path / "big" / "gen_big.txt"
    big.write_text(SAMPLE * 20, "utf-8")
    out = tmp_path / "packages"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        monkeypatch.setenv("GONGKAI_MAX_SECONDS", "1")  # after the workers started
        sources = [FilingSource("gen_big", [big])]
        outcomes = list(parallel.run(sources, out, scheduler=cluster.scheduler_address))
    assert [(o.filing_id, o.status) for o in outcomes] == [("gen_big", "unreadable")]
    assert outcomes[0].messages == [("error", SLOW_MESSAGE.format(id="gen_big"))]
    assert not (out / "gen_big").exists()
