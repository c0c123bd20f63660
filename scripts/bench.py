"""Benchmark: time and peak memory of each pipeline stage, as ratios to a baseline in the same run.

The baseline is reading the filing's bytes and splitting them into lines (the least any reader
must do). Ratios, not seconds, are what to compare across machines; absolute times are printed
for information. Generated scale fixtures (the sample's tables repeated) are labelled as such.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongkai import paths
from gongkai.convert import convert
from gongkai.extract import extract_filing
from gongkai.filings import FilingSource, load_provenance
from gongkai.readers import read_document

REPEAT = 5


def measure(func: Callable[[], Any]) -> tuple[float, int]:
    """Median seconds over REPEAT runs, and peak traced bytes of one run."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak


def scaled_filing(text: str, times: int, directory: Path) -> Path:
    """GENERATED scale fixture: the sample's narrative and performance tables repeated."""
    head, _, tail = text.partition("第一部分")
    path = directory / f"generated_scale_x{times}.txt"
    path.write_text(head + "第一部分" + tail * times, encoding="utf-8")
    return path


def main() -> int:
    source = load_provenance(paths.FILINGS / "changli" / "changli_2023_dept_budget_hrss.yaml")
    sample = source.files[0]
    rows: list[tuple[str, float, int]] = []
    baseline_time, baseline_memory = measure(lambda: sample.read_bytes().decode().split("\n"))
    rows.append(("baseline: read bytes + split lines", baseline_time, baseline_memory))
    document = read_document(sample)
    rows.append(("read (text export)", *measure(lambda: read_document(sample))))
    rows.append(("extract", *measure(lambda: extract_filing("bench", [document], {}))))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        rows.append(("convert (read..validate, xlsx)", *measure(lambda: convert(source, out))))
        big = scaled_filing(sample.read_text("utf-8"), 10, out)
        big_source = FilingSource("generated_scale_x10", [big])
        rows.append(
            ("convert, generated x10 narrative", *measure(lambda: convert(big_source, out)))
        )
    real = paths.SHARED / "data-fetched" / "jiangsu_open-budget"
    pdf = real / "江苏省委办公厅__江苏省委办公厅2019年度部门预算公开表格.pdf"
    if pdf.exists():
        import pdfplumber

        with pdfplumber.open(pdf) as opened:
            pages = len(opened.pages)
        with tempfile.TemporaryDirectory() as tmp:
            pdf_source = FilingSource("bench_pdf", [pdf])
            seconds, peak = measure(lambda: convert(pdf_source, Path(tmp)))
        rows.append((f"convert real PDF, per page ({pages} p.)", seconds / pages, peak))
    print(f"{'stage':40} {'seconds':>9} {'x base':>8} {'peak MiB':>9} {'x base':>8}")
    for name, seconds, peak in rows:
        print(
            f"{name:40} {seconds:9.4f} {seconds / baseline_time:8.1f} "
            f"{peak / 2**20:9.2f} {peak / max(baseline_memory, 1):8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
