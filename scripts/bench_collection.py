"""Benchmark of the collection stage alone: combine cold ÷ combine after one changed package.

On a SYNTHETIC corpus (scripts/bench.py's copies of the sample, BENCH_N, default 100) converted
once into build/bench-collection/packages (kept between runs of the same N), this times in this
process, in CPU seconds, the least of RUNS runs each:

- cold: `gongkai.collection.combine` with an empty cache folder;
- one changed: combine with the cache of the previous combine after one package was replaced by
  a re-conversion of its filing with a changed narrative (a new change each run).

`make bench` prints the same ratio from its own corpus after its builds (`measure`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from gongkai import paths

FOLDER = paths.BUILD / "bench-collection"
RUNS = 3


def _convert(inputs: list[Path], out: Path) -> None:
    command = [sys.executable, "-m", "gongkai.cli", "convert", *map(str, inputs)]
    subprocess.run([*command, "--out", str(out), "--no-cache"], check=True, capture_output=True)


def changed_packages(text_file: Path, scratch: Path, count: int) -> list[Path]:
    """``count`` packages of the filing of ``text_file``, each with a narrative change of its own."""
    from bench import change_one

    shutil.rmtree(scratch, ignore_errors=True)
    packages = []
    for number in range(count):
        filings = scratch / f"filings-{number}"
        filings.mkdir(parents=True)
        for source in (text_file, text_file.with_suffix(".yaml")):
            shutil.copy(source, filings / source.name)
        for _ in range(number + 1):
            change_one(filings / text_file.name)
        _convert([filings], scratch / f"packages-{number}")
        packages.append(scratch / f"packages-{number}" / text_file.stem)
    return packages


def _combine_seconds(packages: Path, cache: Path) -> float:
    from gongkai.collection import combine

    started = time.process_time()
    combine(packages, cache)
    return time.process_time() - started


def collection_ratio(packages: Path, changed: list[Path], cache: Path) -> tuple[float, float]:
    """CPU seconds of a cold combine and of one after a changed package (least of each)."""
    cold = []
    for _ in range(RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(_combine_seconds(packages, cache))
    one = []
    for package in changed:
        target = packages / package.name
        shutil.rmtree(target)
        shutil.copytree(package, target)
        one.append(_combine_seconds(packages, cache))
    return min(cold), min(one)


def measure(packages: Path, text_file: Path, scratch: Path) -> tuple[float, float]:
    """collection_ratio's two figures for the converted corpus in ``packages``, changing the
    filing of ``text_file`` (its package is put back afterwards)."""
    original = scratch / "original"
    shutil.rmtree(original, ignore_errors=True)
    shutil.copytree(packages / text_file.stem, original)
    changed = changed_packages(text_file, scratch / "changed", RUNS)
    try:
        return collection_ratio(packages, changed, scratch / "cache")
    finally:
        shutil.rmtree(packages / text_file.stem)
        shutil.copytree(original, packages / text_file.stem)


def main() -> int:
    from bench import synthetic_corpus

    count = int(os.environ.get("BENCH_N", "100"))
    load = os.getloadavg()
    packages = FOLDER / "packages"
    found = [p for p in packages.glob("*/datapackage.json") if p.parent.name != "all-filings"]
    texts = sorted((FOLDER / "filings").rglob("*.txt"))
    if len(found) != count or len(texts) != count:
        shutil.rmtree(packages, ignore_errors=True)
        texts = synthetic_corpus(count, FOLDER / "filings")
        _convert([FOLDER / "filings"], packages)
    cold, one = measure(packages, texts[0], FOLDER)
    after = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after: {after[0]:.2f}")
    print(f"collection stage, N = {count} SYNTHETIC packages, CPU s, least of {RUNS}:")
    print(f"  cold combine {cold:.2f}, after one changed package {one:.2f}: ratio {one / cold:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
