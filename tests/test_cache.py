"""The build cache: an unchanged filing is not converted again, a changed one is, and a warm
build leaves the same bytes as a cold one.

The filings are bare copies of the real sample text (generated here, labelled by their names).
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from gongkai import cache
from gongkai.cache import BuildCache, filing_key, tree_digest
from gongkai.filings import FilingSource
from gongkai.pipeline import convert_all
from tests.conftest import SAMPLE_TEXT

SAMPLE = SAMPLE_TEXT.read_text("utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative name, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two generated filings: copies of the sample text, one with a changed department name."""
    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / "copy_a.txt").write_text(SAMPLE, encoding="utf-8")
    (folder / "copy_b.txt").write_text(SAMPLE.replace("昌黎县", "生成县", 1), encoding="utf-8")
    return folder


def test_warm_build_converts_nothing_and_keeps_every_byte(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, cache_root = tmp_path / "warm", tmp_path / "cache"
    assert convert_all([corpus], out, 1, None, cache_root) == 0
    capsys.readouterr()
    first, first_times = tree(out), mtimes(out)
    assert sorted(p.name for p in out.iterdir()) == ["all-filings", "copy_a", "copy_b"]

    assert convert_all([corpus], out, 1, None, cache_root) == 0
    said = capsys.readouterr().err
    assert "2 of 2 filing(s) unchanged, not converted again" in said
    assert "no package changed; the collection" in said
    assert mtimes(out) == first_times  # nothing rewritten, not even the collection
    assert tree(out) == first

    cold = tmp_path / "cold"
    assert convert_all([corpus], cold, 1, None, None) == 0
    assert tree(cold) == first  # warm == cold, byte for byte


def test_one_changed_filing_is_converted_again(corpus: Path, tmp_path: Path) -> None:
    out, cache_root = tmp_path / "warm", tmp_path / "cache"
    convert_all([corpus], out, 1, None, cache_root)
    kept = mtimes(out / "copy_a")
    (corpus / "copy_b.txt").write_text(SAMPLE.replace("昌黎县", "另一县", 1), encoding="utf-8")

    assert convert_all([corpus], out, 1, None, cache_root) == 0
    assert mtimes(out / "copy_a") == kept  # unchanged: not converted again
    cold = tmp_path / "cold"
    convert_all([corpus], cold, 1, None, None)
    assert tree(out) == tree(cold)  # the changed filing and the collection are rebuilt


def test_a_deleted_or_edited_package_is_converted_again(corpus: Path, tmp_path: Path) -> None:
    out, cache_root = tmp_path / "warm", tmp_path / "cache"
    convert_all([corpus], out, 1, None, cache_root)
    first = tree(out)
    (out / "copy_a" / "data" / "budget_lines.csv").write_text("edited by hand\n", "utf-8")
    for path in sorted((out / "copy_b").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (out / "copy_b").rmdir()

    convert_all([corpus], out, 1, None, cache_root)
    assert tree(out) == first


def test_the_key_covers_files_provenance_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "f.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    provenance = tmp_path / "f.yaml"
    provenance.write_text("id: f\n", encoding="utf-8")
    source = FilingSource("f", [text], {}, provenance)
    key = filing_key(source)
    assert len(key) == 64 and filing_key(source) == key
    assert filing_key(FilingSource("g", [text], {}, provenance)) != key
    provenance.write_text("id: f\n# comment\n", encoding="utf-8")
    assert filing_key(source) != key
    provenance.write_text("id: f\n", encoding="utf-8")
    text.write_text(SAMPLE + " ", encoding="utf-8")
    assert filing_key(source) != key
    text.write_text(SAMPLE, encoding="utf-8")
    assert filing_key(source) == key
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "other code")
    assert filing_key(source) != key


def test_code_fingerprint_covers_conversion_code_not_the_site() -> None:
    names = {p.relative_to(cache.PACKAGE_ROOT).as_posix() for p in cache.conversion_sources()}
    assert {"convert.py", "templates/tables.yaml", "schemas/resources.yaml"} <= names
    assert "readers/pdf.py" in names or "readers/__init__.py" in names
    assert not [name for name in names if name.startswith("site/")]
    assert "cli.py" not in names and "cache.py" not in names and "parallel.py" in names
    assert len(cache.code_fingerprint()) == 64


def test_a_changed_code_fingerprint_converts_everything_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache_root = tmp_path / "warm", tmp_path / "cache"
    convert_all([corpus], out, 1, None, cache_root)
    before = mtimes(out)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "other code")
    convert_all([corpus], out, 1, None, cache_root)
    after = mtimes(out)
    assert after["copy_a/datapackage.json"] != before["copy_a/datapackage.json"]
    assert after["all-filings/datapackage.json"] != before["all-filings/datapackage.json"]


def test_tree_digest(tmp_path: Path) -> None:
    assert tree_digest(tmp_path / "missing") == tree_digest(tmp_path)  # both: nothing
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_bytes(b"1")
    one = tree_digest(tmp_path)
    (tmp_path / "a" / "x").write_bytes(b"2")
    assert tree_digest(tmp_path) != one
    assert tree_digest(tmp_path, skip=["a"]) == tree_digest(tmp_path / "missing")


def test_entries_live_outside_the_packages(tmp_path: Path) -> None:
    entries = BuildCache(tmp_path / "packages", tmp_path / "cache")
    entries.write("filing-x", {"key": "k"})
    assert entries.read("filing-x") == {"key": "k"}
    assert entries.directory.parent == tmp_path / "cache"
    assert not (tmp_path / "packages").exists()
    entries.forget("filing-x")
    assert entries.read("filing-x") is None


def test_the_pipeline_names_the_collection_as_the_collection_does() -> None:
    from gongkai import collection, pipeline

    assert pipeline.COMBINED_ID == collection.COMBINED_ID


def test_half_written_entries_of_a_stopped_run_go_at_the_next_start(
    corpus: Path, tmp_path: Path
) -> None:
    """A kill inside `BuildCache.write` leaves .<entry>.json.<pid>.tmp; the cache here is
    outside build/ (``--cache-dir``), where `atomic.recover` never looks."""
    import subprocess
    import sys

    out, cache_root = tmp_path / "packages", tmp_path / "elsewhere" / "cache"
    assert convert_all([corpus], out, 1, None, cache_root) == 0
    directory = BuildCache(out, cache_root).directory
    stopped = subprocess.Popen([sys.executable, "-c", "pass"])
    stopped.wait()  # its pid belongs to no process now
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (directory / f".filing-copy_a.json.{stopped.pid}.tmp").write_text('{"ke', "utf-8")
        (directory / f".site.json.{live.pid}.tmp").write_text("{", "utf-8")  # being written
        (directory / ".notes.tmp").write_text("not the cache's", "utf-8")
        entries = sorted(p.name for p in directory.iterdir())

        assert convert_all([corpus], out, 1, None, cache_root) == 0
        assert sorted(p.name for p in directory.iterdir()) == [
            name for name in entries if name != f".filing-copy_a.json.{stopped.pid}.tmp"
        ]
        assert f".site.json.{live.pid}.tmp" in entries and ".notes.tmp" in entries
    finally:
        live.kill()
        live.wait()
    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".")) == [
        "collection",  # each filing's share of the collection (collection.parts)
        "collection.json",
        "filing-copy_a.json",
        "filing-copy_b.json",
    ]


def test_a_kept_digest_is_not_used_once_the_file_changed(tmp_path: Path, monkeypatch) -> None:
    """A file's digest is kept by its status; a rewrite of the same size is read again."""
    monkeypatch.setattr(cache, "_SETTLED_NS", -1)  # keep digests even of files just written
    path = tmp_path / "table.csv"
    path.write_bytes(b"1,2\n")
    before = tree_digest(tmp_path)
    time.sleep(0.05)  # past the file system's timestamp granularity
    path.write_bytes(b"1,3\n")
    assert tree_digest(tmp_path) != before
    assert cache.file_digest(path) == hashlib.sha256(b"1,3\n").digest()


def test_a_file_written_just_now_is_read_again(tmp_path: Path) -> None:
    """Two writes within the timestamp granularity can leave the same status: a file changed
    within the last two seconds is never taken from the kept digests."""
    path = tmp_path / "table.csv"
    path.write_bytes(b"1,2\n")
    before = tree_digest(tmp_path)
    status = path.stat()
    path.write_bytes(b"1,3\n")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert tree_digest(tmp_path) != before


def test_digests_are_kept_for_the_next_build(tmp_path: Path, monkeypatch) -> None:
    """What a build hashed is read by the next one from <cache>/digests.json, not from the
    files; a damaged file of digests is ignored."""
    folder = tmp_path / "package"
    folder.mkdir()
    path = folder / "table.csv"
    path.write_bytes(b"1,2\n")
    old = time.time_ns() - 10**10
    os.utime(path, ns=(old, old))  # settled: written ten seconds ago
    kept = tmp_path / "digests.json"
    monkeypatch.setattr(cache, "_FILE_DIGESTS", {})
    monkeypatch.setattr(cache, "_used", set())
    monkeypatch.setattr(cache, "_loaded_from", None)
    digest = tree_digest(folder)
    cache.save_file_digests(kept)
    # The next build: a new process. The kept digest is the one it uses (shown by giving the
    # file other bytes behind a status set back as it was, which only a kept digest ignores).
    monkeypatch.setattr(cache, "_FILE_DIGESTS", {})
    path.write_bytes(b"9,9\n")
    os.utime(path, ns=(old, old))
    monkeypatch.setenv(cache.DIGESTS_ENVIRONMENT, str(kept))
    assert tree_digest(folder) == digest
    kept.write_text("[[", encoding="utf-8")  # damaged: every file read
    monkeypatch.setattr(cache, "_FILE_DIGESTS", {})
    monkeypatch.setattr(cache, "_loaded_from", None)
    assert tree_digest(folder) != digest
    assert cache.file_digest(path) == hashlib.sha256(b"9,9\n").digest()
