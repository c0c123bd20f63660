"""Rendered charts by content: an SVG is drawn once per chart data and site code, and reused by
every later build (a rebuild after one changed filing draws that filing's charts only).

Drawing (Altair's schema validation, then vl-convert) is most of the pages stage. The cache is
a folder of <sha256>.svg files, used only when ``GONGKAI_CHART_CACHE`` names it (`gongkai build`
sets it to <cache-dir>/charts); the pages' worker processes inherit it. The key is the chart
data (title, unit, bars: frozen dataclasses of str and Decimal, so their repr is exact), the
gongkai sources with the site stage, the installed library versions and the fonts vl-convert
measures the labels with: any change of those draws the chart again.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.atomic import write_file

if TYPE_CHECKING:
    from gongkai.site.charts import ChartData

ENVIRONMENT = "GONGKAI_CHART_CACHE"


@cache
def fingerprint(font_dirs: tuple[str, ...]) -> str:
    from gongkai.cache import code_fingerprint, gongkai_sources

    digest = hashlib.sha256(f"charts\0{code_fingerprint()}\0".encode())
    for path in gongkai_sources(include_site=True):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    for directory in font_dirs:  # a font added or changed moves the labels
        for font in sorted(Path(directory).rglob("*")) if Path(directory).is_dir() else []:
            stat = font.stat()
            digest.update(f"{font}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def chart_key(chart: ChartData, font_dirs: tuple[str, ...]) -> str:
    """The SHA-256 naming one chart's SVG in the cache."""
    return hashlib.sha256(f"{fingerprint(font_dirs)}\0{chart!r}".encode()).hexdigest()


def cached_svg(
    chart: ChartData, render: Callable[[ChartData], str], font_dirs: tuple[str, ...]
) -> str:
    """The chart's SVG from the cache, or drawn by ``render`` and kept (no cache: drawn)."""
    folder = os.environ.get(ENVIRONMENT)
    if not folder:
        return render(chart)
    path = Path(folder) / f"{chart_key(chart, font_dirs)}.svg"
    try:
        svg = path.read_text("utf-8")
        os.utime(path)  # used by this build: kept by prune()
        return svg
    except OSError:
        pass
    svg = render(chart)
    write_file(path, svg.encode("utf-8"))  # another process drawing the chart writes the same
    return svg


def prune(folder: Path, started: float) -> int:
    """Delete the entries (charts, search documents) no build used since ``started`` (a file
    time, see gongkai.pipeline.mark_start); returns how many. Hidden files are not entries."""
    removed = 0
    for path in folder.glob("[!.]*") if folder.is_dir() else []:
        if path.stat().st_mtime < started:
            path.unlink(missing_ok=True)
            removed += 1
    for path in folder.glob(".*.tmp") if folder.is_dir() else []:
        if path.stat().st_mtime < time.time() - 3600:  # a stopped run's half-written chart
            path.unlink(missing_ok=True)
    return removed
