"""Each filing's share of the collection, computed from its package once per package content.

The combine stage reads every package, but what it takes from one (its rows of the filings,
key figures, long and checks tables, the budget-vs-actual lines a 决算 prints) depends on that
package alone, and its cross-filing checks and budget-vs-actual lines on that package, its pair
(last year's filing, the 预算 of a 决算) and its facets. With a cache folder (`gongkai build`
passes <cache-dir>/<folder>/collection) each of these is kept under the SHA-256 of what it
depends on (the package folders' bytes, the facets, the code fingerprint of gongkai.cache), so
that after one changed filing only its share, and the pairs it is in, are computed again, and
only the packages they need are read. The tables are then assembled in filing order and written
whole: the bytes are those of a cold build.

The large pieces of a share (its amounts by table kind and its checks: 1.3 MiB a filing held in
memory) go to a scratch file per piece (`Spill`) as each filing is gathered, and are read back
one filing at a time while the table they belong to is assembled: the stage holds the small
pieces of every filing, one filing's share and one table, not every filing's share.

Entries are pickles read back with an unpickler that builds nothing but plain data and
`decimal.Decimal` (a cache folder from elsewhere cannot run code). Entries a combine did not use
are deleted after it (the folder holds one collection's).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import IO, Any, TypeVar

from gongkai.atomic import write_file
from gongkai.collection import frames
from gongkai.collection.across import pair_checks
from gongkai.collection.budget_actual import line_rows, printed_rows
from gongkai.datapackage import Package, load_package, read_descriptor

T = TypeVar("T")
_VERSION = 1  # bump when what an entry holds changes shape
_PACKAGES_KEPT = 8  # packages held at once while gathering


@dataclass
class FilingParts:
    """What the collection takes from one filing package, its facets not included."""

    meta: dict[str, Any]  # frames.filing_meta: what the facets are made of
    filing: dict[str, Any]
    key_figures: dict[str, Any]
    long: dict[str, frames.LongRecords]
    checks: list[dict[str, Any]]

    @property
    def filing_id(self) -> str:
        return str(self.meta["filing_id"])

    def held(self) -> Held:
        return Held(self.meta, self.filing, self.key_figures, frames.check_fields(self.checks))


@dataclass
class Held:
    """What stays in memory of a filing's parts: all but its amounts and checks (see Spill)."""

    meta: dict[str, Any]
    filing: dict[str, Any]
    key_figures: dict[str, Any]
    check_fields: list[str]  # the columns of its checks (frames.check_fields)

    @property
    def filing_id(self) -> str:
        return str(self.meta["filing_id"])


def filing_parts(package: Package) -> FilingParts:
    return FilingParts(
        meta=frames.filing_meta(package),
        filing=frames.filing_record(package),
        key_figures=frames.key_figures_record(package),
        long=frames.long_records(package),
        checks=frames.check_records(package),
    )


class _PlainData(pickle.Unpickler):
    """Builds dicts, lists, tuples, text, numbers and Decimals; refuses any other class."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("decimal", "Decimal"):
            return Decimal
        if (module, name) == ("gongkai.collection.parts", "FilingParts"):
            return FilingParts
        raise pickle.UnpicklingError(f"collection cache: {module}.{name} is not plain data")


class PartsCache:
    """Entries under ``folder`` by key; no folder: nothing kept, everything computed."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()  # the entries this combine read or wrote
        self.computed = 0
        self.reused = 0
        self._fingerprint = ""
        if folder is not None:
            from gongkai.cache import code_fingerprint  # the collection's code is in it

            self._fingerprint = code_fingerprint()

    def package_key(self, directory: Path) -> str:
        """The package folder's bytes (gongkai.cache.tree_digest) but its original/ (the filing's
        files, which no reader of a package opens: a real PDF is most of a package's bytes); its
        name without a cache."""
        if self.folder is None:
            return directory.name
        from gongkai.cache import tree_digest

        return tree_digest(directory, skip=["original"])

    def get(self, name: str, inputs: list[Any], compute: Callable[[], T]) -> T:
        """``compute()``'s value for these inputs, kept in the cache under their hash."""
        if self.folder is None:
            self.computed += 1
            return compute()
        text = json.dumps([_VERSION, self._fingerprint, name, inputs], ensure_ascii=False)
        path = self.folder / f"{name}-{hashlib.sha256(text.encode()).hexdigest()}.pickle"
        self.used.add(path.name)
        try:
            value: T = _PlainData(io.BytesIO(path.read_bytes())).load()
            self.reused += 1
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
        value = compute()
        self.computed += 1
        write_file(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def prune(self) -> int:
        """Delete the entries this combine did not use (and a stopped run's half-written ones);
        returns how many."""
        removed = 0
        if self.folder is None or not self.folder.is_dir():
            return removed
        for path in self.folder.iterdir():
            stale = path.name.startswith(".") and path.stat().st_mtime < time.time() - 3600
            if stale or not (path.name.startswith(".") or path.name in self.used):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class Spill:
    """Pieces of filings' shares in scratch files under ``folder``, one file per piece: each
    value is pickled where the file ends and found again by its filing's id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, IO[bytes]] = {}
        self._at: dict[str, dict[str, int]] = {}

    def add(self, piece: str, filing_id: str, value: Any) -> None:
        if piece not in self._files:
            name = hashlib.sha256(piece.encode()).hexdigest()[:16]
            self._files[piece] = (self.folder / name).open("w+b")
            self._at[piece] = {}
        file = self._files[piece]
        self._at[piece][filing_id] = file.seek(0, os.SEEK_END)
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, piece: str, filing_id: str, default: Any = None) -> Any:
        at = self._at.get(piece, {}).get(filing_id)
        if at is None:
            return default
        file = self._files[piece]
        file.seek(at)
        return _PlainData(file).load()

    def close(self) -> None:
        for file in self._files.values():
            file.close()


@dataclass
class Gathered:
    """Every filing's parts in filing order (their amounts and checks in ``spill``), their
    facets, and the rows that join filings."""

    parts: list[Held]
    facet: dict[str, dict[str, Any]]
    cross_rows: list[dict[str, Any]]
    printed_of: Callable[[str], list[dict[str, Any]]]
    lines_of: Callable[[str, str], list[dict[str, Any]]]
    spill: Spill

    def long_of(self, kind: str) -> Iterator[tuple[dict[str, Any], frames.LongRecords]]:
        """(facets, amounts) of each filing that has a table of this kind, in filing order."""
        for part in self.parts:
            found = self.spill.get(f"long:{kind}", part.filing_id)
            if found is not None:
                yield self.facet[part.filing_id], found

    def checks_of(self) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """(facets, checks) of each filing, in filing order."""
        for part in self.parts:
            yield self.facet[part.filing_id], self.spill.get("checks", part.filing_id, [])


def gather(folders: list[Path], cache: PartsCache, scratch: Path) -> Gathered:
    """The collection's inputs from the package ``folders``; a package is read only when an
    entry it feeds is not in ``cache``. Folders whose package is no filing's are left out.
    Each filing's amounts and checks are kept in files under ``scratch`` (see `Spill`)."""
    loaded: OrderedDict[Path, Package] = OrderedDict()

    def package(directory: Path) -> Package:
        # The last few read are kept (a filing and its pair are read one after the other); all of
        # them were 3.5 MiB a filing, most of the stage's memory.
        if directory in loaded:
            loaded.move_to_end(directory)
        else:
            loaded[directory] = load_package(directory)
            if len(loaded) > _PACKAGES_KEPT:
                loaded.popitem(last=False)
        return loaded[directory]

    def parts_of(directory: Path) -> FilingParts:
        return filing_parts(package(directory))

    def checks_of(directory: Path, prior: Path | None, f: dict[str, Any]) -> list[dict[str, Any]]:
        return pair_checks(package(directory), package(prior) if prior else None, f)

    keys = {directory: cache.package_key(directory) for directory in folders}
    spill = Spill(scratch)
    by_id: dict[str, tuple[Path, Held]] = {}
    for directory in folders:
        if not (read_descriptor(directory).get("gongkai") or {}).get("filing_id"):
            continue  # a combined package, as find_packages leaves out
        parts = cache.get("filing", [keys[directory]], partial(parts_of, directory))
        if parts.filing_id in by_id:
            other = by_id[parts.filing_id][0]
            raise ValueError(
                f"filing {parts.filing_id} is in both {other} and {directory}; keep one of them"
            )
        for kind, amounts in parts.long.items():
            spill.add(f"long:{kind}", parts.filing_id, amounts)
        spill.add("checks", parts.filing_id, parts.checks)
        by_id[parts.filing_id] = (directory, parts.held())
    found = [by_id[filing_id] for filing_id in sorted(by_id)]
    facet = frames.facets_of([held.meta for _, held in found])
    folder_of = {held.filing_id: directory for directory, held in found}
    prior_of = _prior_filings(facet)

    cross_rows: list[dict[str, Any]] = []
    for directory, held in found:
        prior_id = prior_of.get(held.filing_id)
        prior = folder_of.get(prior_id) if prior_id else None
        f = facet[held.filing_id]
        cross_rows.extend(
            cache.get(
                "across",
                [keys[directory], keys[prior] if prior else None, f],
                partial(checks_of, directory, prior, f),
            )
        )

    def printed_of(final_id: str) -> list[dict[str, Any]]:
        final, f = folder_of[final_id], facet[final_id]
        return cache.get("printed", [keys[final], f], lambda: printed_rows(package(final), f))

    def lines_of(budget_id: str, final_id: str) -> list[dict[str, Any]]:
        budget, final, f = folder_of[budget_id], folder_of[final_id], facet[final_id]
        return cache.get(
            "lines",
            [keys[budget], keys[final], f],
            lambda: line_rows(package(budget), package(final), f),
        )

    return Gathered([held for _, held in found], facet, cross_rows, printed_of, lines_of, spill)


def _prior_filings(facet: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    from gongkai.collection.lines import prior_filings

    return prior_filings(facet)
