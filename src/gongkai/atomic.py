"""Folders replaced whole (a package, the generated pages, the site): built beside the old copy and
swapped in, so that a kill at any moment leaves the last good copy or the new one, never neither.

The swap is one ``renameat2(RENAME_EXCHANGE)`` where the system has it (Linux): the new copy and
the old trade names at once. Elsewhere it is two renames, ``final -> .final.old-*`` then
``staging -> final``; a kill between them leaves the old copy under its ``.old-*`` name, and the
next run puts it back (`recover`) before it deletes anything.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# .<final name>.<new|old>-<pid>-<token>: the pid tells a live run's folder from a leftover.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-(?P<pid>\d+)-[0-9a-f]+$")
# Names older versions of gongkai used (no pid): always leftovers.
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?P<kind>staging|old|new-[a-z0-9_]{8})$")
_RENAME_EXCHANGE = 2
# Staging folders this process is writing now (a Dask worker converts on several threads).
_LIVE: set[Path] = set()
_AT_FDCWD = -100


def _sibling(final: Path, kind: str) -> Path:
    return final.parent / f".{final.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # only the folders in _LIVE are at work here; the rest are a dead pid's
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _leftovers(parent: Path) -> list[tuple[Path, str]]:
    """The (entry, final name) of what stopped runs left in ``parent``; old copies are marked
    by a final name ending in ``:old``."""
    found = []
    for entry in sorted(parent.iterdir()):
        match = _LEFTOVER.match(entry.name)
        if entry in _LIVE or (match and _alive(int(match["pid"]))):
            continue
        if match is None:
            match = _LEGACY.match(entry.name)
            # .X.staging and .X.old were package.py's: only a package folder counts as one.
            if match is None or (
                match["kind"] in ("staging", "old") and not (entry / "datapackage.json").is_file()
            ):
                continue
        found.append((entry, match["name"] + (":old" if match["kind"] == "old" else "")))
    return found


def recover(parent: Path) -> list[str]:
    """Clean what an interrupted run left in ``parent``; return what was done, one line each.

    A folder whose final copy is missing gets its ``.old-*`` copy back. Staging and old copies of
    dead runs are deleted, as are ``.*.tmp`` files in the packages of ``parent`` (and their
    ``data/``). Folders of a run still at work (its pid alive, or this process's) are left alone.
    """
    if not parent.is_dir():
        return []
    done: list[str] = []
    leftovers = _leftovers(parent)
    for entry, name in sorted(leftovers, key=lambda pair: -pair[0].stat().st_mtime):
        final = parent / name.removesuffix(":old")
        if name.endswith(":old") and not final.exists() and not final.is_symlink():
            entry.rename(final)  # the newest old copy
            done.append(f"restored {final} from {entry.name} (a run was stopped mid-swap)")
    for entry, _ in leftovers:
        if entry.exists():
            _remove(entry)
            done.append(f"removed {entry} (left by a stopped run)")
    # Only in packages: a live run's staging folder is hidden, and other folders are not ours.
    for package in parent.glob("[!.]*/datapackage.json"):
        for folder in (package.parent, package.parent / "data"):
            for temporary in sorted(folder.glob(".*.tmp")):
                temporary.unlink(missing_ok=True)
                done.append(f"removed {temporary} (left by a stopped run)")
    return done


def publish(staging: Path, final: Path) -> None:
    """Put the complete folder ``staging`` in the place of ``final`` (replaced if present)."""
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        _remove(staging)  # it holds the old copy now
        return
    old = _sibling(final, "old")
    final.rename(old)
    try:
        staging.rename(final)
    except BaseException:
        old.rename(final)
        raise
    _remove(old)


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: into ``.<name>.<pid>.tmp`` beside it, then renamed over
    it (a process writing the same path at once writes its own temporary; the last rename wins).
    A stopped run's ``.*.tmp`` is deleted by the code that owns the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


@contextmanager
def atomic_directory(final: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield an empty staging folder beside ``final``; on success it replaces ``final``.

    On failure the staging folder is removed and the last good ``final`` is untouched. What a
    stopped run left beside it is cleaned first (`recover`). ``mode``: the folder's permissions.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    recover(final.parent)
    staging = _sibling(final, "new")
    staging.mkdir()
    _LIVE.add(staging)
    try:
        yield staging
        if mode is not None:
            staging.chmod(mode)
        publish(staging, final)
    except BaseException:
        _remove(staging)
        raise
    finally:
        _LIVE.discard(staging)
