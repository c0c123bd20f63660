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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

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
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
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


@dataclass
class Gathered:
    """Every filing's parts in filing order, their facets, and the rows that join filings."""

    parts: list[FilingParts]
    facet: dict[str, dict[str, Any]]
    cross_rows: list[dict[str, Any]]
    printed_of: Callable[[str], list[dict[str, Any]]]
    lines_of: Callable[[str, str], list[dict[str, Any]]]


def gather(folders: list[Path], cache: PartsCache) -> Gathered:
    """The collection's inputs from the package ``folders``; a package is read only when an
    entry it feeds is not in ``cache``. Folders whose package is no filing's are left out."""
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
    by_id: dict[str, tuple[Path, FilingParts]] = {}
    for directory in folders:
        if not (read_descriptor(directory).get("gongkai") or {}).get("filing_id"):
            continue  # a combined package, as find_packages leaves out
        parts = cache.get("filing", [keys[directory]], partial(parts_of, directory))
        if parts.filing_id in by_id:
            other = by_id[parts.filing_id][0]
            raise ValueError(
                f"filing {parts.filing_id} is in both {other} and {directory}; keep one of them"
            )
        by_id[parts.filing_id] = (directory, parts)
    found = [by_id[filing_id] for filing_id in sorted(by_id)]
    facet = frames.facets_of([parts.meta for _, parts in found])
    folder_of = {parts.filing_id: directory for directory, parts in found}
    prior_of = _prior_filings(facet)

    cross_rows: list[dict[str, Any]] = []
    for directory, parts in found:
        prior_id = prior_of.get(parts.filing_id)
        prior = folder_of.get(prior_id) if prior_id else None
        f = facet[parts.filing_id]
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

    return Gathered([parts for _, parts in found], facet, cross_rows, printed_of, lines_of)


def _prior_filings(facet: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    from gongkai.collection.lines import prior_filings

    return prior_filings(facet)
