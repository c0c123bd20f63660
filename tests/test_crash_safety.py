"""kill -9 at random moments of `gongkai convert`: the last good package is always there, whole,
and the next run leaves nothing of the stopped one behind.

CRASH_TRIALS sets the number of kills during `convert` (20 here; `make fuzz` runs 50), and
CRASH_BUILD_TRIALS during `gongkai build` with its pages and site (2 here; `make fuzz` 50).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gongkai import paths
from gongkai.atomic import atomic_directory, publish, recover

TRIALS = int(os.environ.get("CRASH_TRIALS", "20"))
BUILD_TRIALS = int(os.environ.get("CRASH_BUILD_TRIALS", "2"))


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden leftovers too) and the sha256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def published(folder: Path) -> dict[str, str]:
    """What a reader of ``folder`` sees: the files outside hidden (staging, old) folders."""
    return {name: digest for name, digest in tree(folder).items() if not name.startswith(".")}


def whole(folder: Path, good: dict[str, str]) -> list[str]:
    """What is wrong with the packages published in ``folder``, against the ``good`` run.

    The same files as the good run, each package's datapackage.json whole and naming only files
    that are there. (Not the same bytes: in a shared working tree the code may change between
    two runs; with a fixed checkout `test_kill_9...` ends with a byte-for-byte comparison.)
    """
    wrong = []
    now = published(folder)
    if sorted(now) != sorted(good):
        wrong.append(f"files differ: {sorted(set(now) ^ set(good))[:5]}")
    for descriptor in sorted(folder.glob("[!.]*/datapackage.json")):
        resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
        missing = [r["path"] for r in resources if not (descriptor.parent / r["path"]).is_file()]
        if missing:
            wrong.append(f"{descriptor.parent.name}: {missing} missing")
    return wrong


def convert_command(filings: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gongkai.cli",
        "convert",
        str(filings),
        "--out",
        str(out),
        "--no-cache",
        "--jobs",
        "1",
    ]


def timed_run(command: list[str], out: Path) -> tuple[float, float]:
    """Run ``command`` to its end: seconds until it first wrote into ``out``, and in all.

    Kills land between the two (before it, the run only imports and reads: nothing to lose).
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    writing = None
    while process.poll() is None:
        if writing is None and out.exists():
            writing = time.perf_counter() - started
        time.sleep(0.01)
    assert process.returncode == 0
    duration = time.perf_counter() - started
    return writing or 0.0, duration


def test_kill_9_never_loses_the_last_good_package(tmp_path: Path) -> None:
    filings = tmp_path / "filings"
    shutil.copytree(paths.FILINGS / "changli", filings)
    out = tmp_path / "packages"
    writing, duration = timed_run(convert_command(filings, out), out)
    good = tree(out)
    assert "changli_2023_dept_budget_hrss/datapackage.json" in good
    assert "all-filings/datapackage.json" in good
    rng = random.Random(13)
    for trial in range(TRIALS):
        process = subprocess.Popen(
            convert_command(filings, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        delay = rng.uniform(writing * 0.8, duration)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert whole(out, good) == [], f"trial {trial}: a published package was damaged"
        print(f"convert trial {trial}: kill -9 at {delay:.1f} s of {duration:.1f}; whole")
    finished = subprocess.run(convert_command(filings, out), capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert sorted(tree(out)) == sorted(good)  # no .new-*, .old-*, .tmp left
    if os.environ.get("CRASH_SAME_BYTES", "1") == "1":  # 0 where others edit the code meanwhile
        assert tree(out) == good
    assert sorted(path.name for path in out.iterdir()) == [
        "all-filings",
        "changli_2023_dept_budget_hrss",
    ]


def leftovers(*folders: Path) -> list[str]:
    return [
        str(path)
        for folder in folders
        for path in folder.iterdir()
        if ".new-" in path.name or ".old-" in path.name or path.name.endswith(".tmp")
    ]


def site_files(site: Path) -> list[str]:
    """The site's files but the search index's, whose names are hashes of what it indexes."""
    return sorted(name for name in published(site) if not name.startswith("pagefind/"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve ``site`` over HTTP (as `make serve` does) for the whole test: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fetched(base: str, names: list[str]) -> dict[str, str]:
    """The sha256 of each page as the server sends it (an error status raises)."""
    pages = {}
    for name in names:
        with urllib.request.urlopen(base + name, timeout=60) as response:
            assert response.status == 200, name
            pages[name] = hashlib.sha256(response.read()).hexdigest()
    return pages


def test_kill_9_during_build_never_loses_the_site(tmp_path: Path) -> None:
    filings, docs, out, site = (tmp_path / n for n in ("filings", "docs", "packages", "site"))
    shutil.copytree(paths.FILINGS / "changli", filings)
    shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("generated"))
    command = [sys.executable, "-m", "gongkai.cli", "build", "--filings", str(filings)]
    command += ["--docs", str(docs), "--packages", str(out), "--site", str(site)]
    command += ["--jobs", "1", "--no-cache", "--cache-dir", str(tmp_path / "cache")]
    writing, duration = timed_run(command, out)
    good, good_site = tree(out), site_files(site)
    good_pages = sorted(published(docs / "generated"))
    assert "index.html" in good_site
    # The home page and the sample filing's pages, as a reader of the served site gets them.
    pages = ["index.html", *[n for n in good_site if "changli" in n and n.endswith(".html")]]
    same_bytes = os.environ.get("CRASH_SAME_BYTES", "1") == "1"
    rng = random.Random(13)
    with serving(site) as base:
        good_served = fetched(base, pages)
        assert len(pages) >= 2
        for trial in range(BUILD_TRIALS):
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            delay = rng.uniform(writing * 0.8, duration)
            time.sleep(delay)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            assert whole(out, good) == [], f"trial {trial}: a published package was damaged"
            assert site_files(site) == good_site, f"trial {trial}: the site changed"
            assert sorted(published(docs / "generated")) == good_pages, f"trial {trial}: pages"
            served = fetched(base, pages)  # every page served (status 200) …
            if same_bytes:  # … and the same bytes (0 where others edit the code meanwhile)
                assert served == good_served, f"trial {trial}: a served page changed"
            print(f"build trial {trial}: kill -9 at {delay:.1f} s of {duration:.1f}; whole, served")
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert leftovers(tmp_path, out, docs, *out.iterdir()) == []
    assert site_files(site) == good_site


def test_a_stop_between_the_two_renames_is_undone_by_the_next_run(tmp_path: Path) -> None:
    """Where the folders cannot be exchanged in one step: final -> .old-*, then a kill."""
    final = tmp_path / "filing"
    with atomic_directory(final) as staging:
        (staging / "datapackage.json").write_text("good", encoding="utf-8")
    (tmp_path / ".filing.new-999999-0a0b0c0d").mkdir()  # the new copy, half written
    final.rename(tmp_path / ".filing.old-999999-0a0b0c0d")  # the first rename, then the kill
    assert recover(tmp_path) == [
        f"restored {final} from .filing.old-999999-0a0b0c0d (a run was stopped mid-swap)",
        f"removed {tmp_path}/.filing.new-999999-0a0b0c0d (left by a stopped run)",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["filing"]
    assert (final / "datapackage.json").read_text(encoding="utf-8") == "good"


def test_leftovers_of_older_versions_and_temporary_files_go(tmp_path: Path) -> None:
    (tmp_path / "filing" / "data").mkdir(parents=True)
    (tmp_path / "filing" / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / "filing" / "data" / ".checks.csv.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "filing" / ".validation.json.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".filing.staging").mkdir()
    (tmp_path / ".filing.staging" / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".site.new-ab3_x9zq").mkdir()
    # Not gongkai's: a hidden .old folder without a package, a .tmp outside any package.
    (tmp_path / ".notes.old").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".draft.tmp").write_text("keep", encoding="utf-8")
    recover(tmp_path)
    assert sorted(tree(tmp_path)) == ["filing/datapackage.json", "other/.draft.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.old", "filing", "other"]


def test_a_live_runs_staging_folder_is_left_alone(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f".filing.new-{sleeper.pid}-0a0b0c0d"
        live.mkdir()
        assert recover(tmp_path) == []
        assert live.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_the_two_rename_fallback_replaces_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.atomic._exchange", lambda first, second: False)
    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("old", encoding="utf-8")
    staging = tmp_path / ".site.new-1-0a0b0c0d"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    publish(staging, final)
    assert tree(tmp_path) == {"site/index.html": hashlib.sha256(b"new").hexdigest()}


def test_a_failed_build_keeps_the_old_folder(tmp_path: Path) -> None:
    final = tmp_path / "filing"
    final.mkdir()
    (final / "a.csv").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_directory(final) as staging:
        (staging / "a.csv").write_text("new", encoding="utf-8")
        raise RuntimeError("extract failed")
    assert tree(tmp_path) == {"filing/a.csv": hashlib.sha256(b"old").hexdigest()}


def test_a_staging_folder_of_this_process_is_left_alone(tmp_path: Path) -> None:
    """Two conversions on two threads of one process (a Dask worker) into one folder."""
    with atomic_directory(tmp_path / "first") as first:
        (first / "a.csv").write_text("first", encoding="utf-8")
        with atomic_directory(tmp_path / "second") as second:  # its recover() runs here
            (second / "a.csv").write_text("second", encoding="utf-8")
        assert (first / "a.csv").is_file()
    assert sorted(tree(tmp_path)) == ["first/a.csv", "second/a.csv"]
