"""The content-hash cache of the build: which filings, collection and site are already up to date.

A filing's key is a SHA-256 over its id, its provenance file's bytes, each listed file's name and
bytes, and the fingerprint of the code that converts it (the gongkai sources and YAML outside
site/, the installed versions of the libraries the project depends on, the Python version). A
filing whose key matches the entry recorded for its output folder, and whose package there still
has the recorded bytes, is not converted again: its recorded summary is reused. Entries live in
build/cache (never inside a package, so packages stay byte-identical to a cold build).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai import paths
from gongkai.atomic import write_file

if TYPE_CHECKING:  # jsonschema and yaml: not needed to start the command line
    from gongkai.filings import FilingSource

CACHE = paths.BUILD / "cache"
PACKAGE_ROOT = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".yaml", ".json")
# Neither the site stage nor the command line and this cache run inside a conversion: editing
# them does not make a package stale.
_NOT_CONVERSION = ("site", "cli.py", "cache.py")
_VERSION = 1  # bump when the entry format changes
# .<entry>.json.<pid>.tmp: an entry being written by process <pid> (`BuildCache.write`).
_TEMPORARY = re.compile(r"^\..+\.json\.(?P<pid>\d+)\.tmp$")


# Each file's SHA-256 by its status, as this process or an earlier build read it: one build
# hashes a package's files several times (the conversion cache, the collection's key and parts,
# the site key, each filing page's key), and every build hashes every package; a file whose
# path, device, inode, size and modification time are unchanged is not read again. As with make
# and rsync, a rewrite that keeps the inode, the size and the modification time to the
# nanosecond is not seen (the change time would see it, but a hard link changes it too, and
# gongkai links unchanged files from one build to the next). A file changed less than
# _SETTLED_NS before it was read is not kept: a second write within the file system's timestamp
# granularity could leave its status as it was (git calls such index entries "racy").
_FILE_DIGESTS: dict[tuple[str, int, int, int, int], bytes] = {}
_SETTLED_NS = 2_000_000_000
# The file of digests kept between builds (`gongkai build` with a cache: <cache>/digests.json),
# read by each process of the build on its first digest; `save_file_digests` writes it.
DIGESTS_ENVIRONMENT = "GONGKAI_FILE_DIGESTS"
_loaded_from: str | None = None
_used: set[tuple[str, int, int, int, int]] = set()


def file_digest(path: Path) -> bytes:
    """The SHA-256 of the file's bytes (read again only when the file's status changed)."""
    _load_file_digests()
    status = path.stat()
    key = (os.fspath(path), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    known = _FILE_DIGESTS.get(key)
    if known is None:
        with open(path, "rb") as handle:
            known = hashlib.file_digest(handle, "sha256").digest()
        if time.time_ns() - status.st_mtime_ns <= _SETTLED_NS:
            return known
        _FILE_DIGESTS[key] = known
    _used.add(key)
    return known


def _load_file_digests() -> None:
    """The digests kept by the last build, once per process; a missing or damaged file: none."""
    global _loaded_from
    path = os.environ.get(DIGESTS_ENVIRONMENT)
    if not path or path == _loaded_from:
        return
    _loaded_from = path
    try:
        entries = json.loads(Path(path).read_text("utf-8"))
        if not isinstance(entries, list):
            return
        for name, device, inode, size, modified, digest in entries:
            key = (str(name), int(device), int(inode), int(size), int(modified))
            _FILE_DIGESTS.setdefault(key, bytes.fromhex(digest))
    except (OSError, ValueError, TypeError):
        return


def forget_used_digests() -> None:
    """Start counting the digests a run uses anew (a process may run several builds)."""
    _used.clear()


def save_file_digests(path: Path) -> None:
    """Keep the digests this process used since `forget_used_digests` for the next build (the
    others are of files gone or changed, or of another build's)."""
    entries = [[*key, _FILE_DIGESTS[key].hex()] for key in sorted(_used)]
    write_file(path, json.dumps(entries, separators=(",", ":")).encode("utf-8"))


def _update_with_file(digest: Any, name: str, path: Path) -> None:
    digest.update(f"{name}\0".encode() + file_digest(path))


def tree_digest(root: Path, skip: Iterable[str] = ()) -> str:
    """SHA-256 over every file under ``root`` (relative name and bytes' digest), in sorted order.

    ``skip`` names top-level entries to leave out; a missing root has the digest of nothing.
    """
    digest = hashlib.sha256()
    for name, path in _tree_files(root, skip):
        _update_with_file(digest, name, path)
    return digest.hexdigest()


def tree_status(root: Path) -> str:
    """SHA-256 over every file under ``root``: its relative name, size, modification time and
    inode, not its bytes. Whether an output folder is still as a build left it, without reading
    it (the built site is gigabytes at 1,000 filings)."""
    digest = hashlib.sha256()
    for name, path in _tree_files(root):
        status = path.stat()
        digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\0".encode())
    return digest.hexdigest()


def _tree_files(root: Path, skip: Iterable[str] = ()) -> list[tuple[str, Path]]:
    """(relative name, path) of every file under ``root`` but the top-level entries ``skip``
    names, sorted by path; none when ``root`` is missing."""
    if not root.is_dir():
        return []
    skipped = set(skip)
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in skipped
    )
    return [(path.relative_to(root).as_posix(), path) for path in files]


def _dependency_versions() -> list[str]:
    """name==version of each installed requirement of gongkai (their output can change)."""
    try:
        requires = metadata.requires("gongkai") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed in the venv
        return []
    versions = []
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==missing")
    return sorted(versions)


def gongkai_sources(include_site: bool = False) -> list[Path]:
    """gongkai's code and data files; without the site stage unless ``include_site``."""
    skipped = () if include_site else _NOT_CONVERSION
    return sorted(
        p
        for p in PACKAGE_ROOT.rglob("*")
        if p.suffix in _CODE_SUFFIXES
        and p.is_file()
        and "__pycache__" not in p.parts
        and p.relative_to(PACKAGE_ROOT).parts[0] not in skipped
    )


def conversion_sources() -> list[Path]:
    """The gongkai files that a conversion runs or loads (everything but the site stage)."""
    return gongkai_sources(include_site=False)


@cache
def code_fingerprint() -> str:
    """SHA-256 of what converts a filing: gongkai's sources and YAML, library and Python versions.

    Computed once per process (a build hashes the tree once, not once per filing).
    """
    digest = hashlib.sha256(f"gongkai-cache {_VERSION}\0{sys.version}\0".encode())
    digest.update("\n".join(_dependency_versions()).encode())
    for path in conversion_sources():
        _update_with_file(digest, path.relative_to(PACKAGE_ROOT).as_posix(), path)
    return digest.hexdigest()


def filing_key(source: FilingSource) -> str:
    """The cache key of one filing: its inputs' bytes and the code fingerprint."""
    digest = hashlib.sha256(f"{code_fingerprint()}\0{source.filing_id}\0".encode())
    if source.provenance_path is not None:
        _update_with_file(digest, "provenance", source.provenance_path)
    for path in source.files:
        _update_with_file(digest, path.name, path)
    return digest.hexdigest()


def _writing(pid: int) -> bool:
    """Whether process ``pid`` may be writing an entry now (not this one: it is starting)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BuildCache:
    """Entries for one output folder of packages, under ``root``/<hash of the folder's path>."""

    def __init__(self, out: Path, root: Path = CACHE) -> None:
        folder = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        self.out = out
        self.directory = root / folder
        self._clean_temporary()

    def _clean_temporary(self) -> None:
        """Delete the half-written entries a stopped run left (a kill inside `write`).

        The cache may live anywhere (``--cache-dir``), outside the folders whose leftovers
        `atomic.recover` cleans. An entry being written by another live run is left alone.
        """
        if not self.directory.is_dir():
            return
        for temporary in self.directory.glob(".*.tmp"):
            match = _TEMPORARY.match(temporary.name)
            if match and not _writing(int(match["pid"])):
                temporary.unlink(missing_ok=True)

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.json"

    def read(self, name: str) -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(name).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) else None

    def write(self, name: str, entry: dict[str, Any]) -> None:
        """Write an entry atomically (a torn entry would be read as no entry anyway)."""
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        write_file(self._path(name), text.encode("utf-8"))

    def forget(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def fresh_filing(self, filing_id: str, key: str) -> dict[str, Any] | None:
        """The recorded result of ``filing_id`` if its key and its package's bytes are unchanged."""
        entry = self.read(f"filing-{filing_id}")
        if not entry or entry.get("key") != key:
            return None
        package = self.out / filing_id
        if not (package / "datapackage.json").is_file():
            return None
        if tree_digest(package) != entry.get("package"):
            return None
        result = entry.get("result")
        return result if isinstance(result, dict) else None

    def record_filing(self, filing_id: str, key: str, result: dict[str, Any]) -> None:
        package = tree_digest(self.out / filing_id)
        self.write(f"filing-{filing_id}", {"key": key, "package": package, "result": result})

    def collection_key(self, combined_id: str) -> str:
        """Key of the collection: the code fingerprint and every package's bytes, by folder."""
        digest = hashlib.sha256(f"{code_fingerprint()}\0".encode())
        for descriptor in sorted(self.out.glob("*/datapackage.json")):
            folder = descriptor.parent
            if folder.name == combined_id or folder.name.startswith("."):
                continue
            digest.update(f"{folder.name}\0{tree_digest(folder)}\0".encode())
        return digest.hexdigest()

    def fresh_collection(self, combined_id: str, key: str) -> bool:
        entry = self.read("collection")
        target = self.out / combined_id
        return bool(
            entry
            and entry.get("key") == key
            and (target / "datapackage.json").is_file()
            and tree_digest(target) == entry.get("package")
        )

    def record_collection(self, combined_id: str, key: str) -> None:
        self.write("collection", {"key": key, "package": tree_digest(self.out / combined_id)})

    def site_key(self, docs_dir: Path, site_dir: Path, config: Path) -> str:
        """Key of the pages and the built site: every package, all of gongkai (the site stage
        too), the hand-written docs, mkdocs.yml and its theme overrides, and both targets."""
        digest = hashlib.sha256(f"{code_fingerprint()}\0{docs_dir.resolve()}\0".encode())
        digest.update(f"{site_dir.resolve()}\0{tree_digest(self.out)}\0".encode())
        for path in gongkai_sources(include_site=True):
            _update_with_file(digest, path.relative_to(PACKAGE_ROOT).as_posix(), path)
        digest.update(tree_digest(docs_dir, skip=["generated"]).encode())
        _update_with_file(digest, "mkdocs.yml", config)
        for name in ("GONGKAI_SITE_URL", "GONGKAI_REPORT_URL", "GONGKAI_SHARD"):  # in mkdocs
            digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
        digest.update(tree_digest(config.parent / "overrides").encode())
        return digest.hexdigest()

    def fresh_site(self, key: str, generated: Path, site_dir: Path) -> bool:
        entry = self.read("site")
        return bool(
            entry
            and entry.get("key") == key
            and (site_dir / "index.html").is_file()
            and entry.get("generated") == tree_status(generated)
            and entry.get("site") == tree_status(site_dir)
        )

    def record_site(self, key: str, generated: Path, site_dir: Path) -> None:
        entry = {"key": key, "generated": tree_status(generated), "site": tree_status(site_dir)}
        self.write("site", entry)
