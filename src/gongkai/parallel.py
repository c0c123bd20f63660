"""Run conversions one by one, in a process pool, or on a Dask cluster; results in input order.

Each filing is converted by `convert_outcome`, a plain top-level function that never raises: it
turns the result or the error into an `Outcome` (what the summary row and the messages say), so
the one failing filing never stops the others wherever it runs. The caller gets the outcomes in
the order of the filings it gave, whatever order the workers finish in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from gongkai import limits
from gongkai.model import ReadError

if TYPE_CHECKING:  # jsonschema and yaml: not needed to start the command line
    from gongkai.filings import FilingSource

Item = TypeVar("Item")
Value = TypeVar("Value")
MAX_PROBLEMS_SHOWN = 10
COLUMNS = ("filing", "tables", "records", "checks", "pass", "fail", "skip", "problems")


@dataclass
class Outcome:
    """One filing's conversion as the command line reports it (picklable, no live objects)."""

    filing_id: str
    status: str  # converted | cached | unreadable | failed
    row: list[str]  # the summary table's cells, filing id first
    messages: list[tuple[str, str]] = field(default_factory=list)  # (label, text); "" = plain
    result: dict[str, Any] | None = None  # what the cache keeps of a converted filing
    seconds: float = 0.0


def outcome_from_result(filing_id: str, result: dict[str, Any], status: str) -> Outcome:
    """The summary row and problem lines of a conversion (fresh or recorded in the cache)."""
    s = result["summary"]
    problems: list[str] = result["problems"]
    messages = [("problem", message) for message in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        messages.append(
            ("", f"… {len(problems) - MAX_PROBLEMS_SHOWN} more in {result['problems_file']}")
        )
    row = [
        filing_id,
        str(result["tables"]),
        str(result["records"]),
        str(s["checks"]),
        str(s["pass"]),
        str(s["fail"]),
        str(s["skip"]),
        str(len(problems)),
    ]
    return Outcome(filing_id, status, row, messages, result)


def convert_outcome(
    source: FilingSource, out: Path, limits_sent: dict[str, str] | None = None
) -> Outcome:
    """Convert one filing into ``out``; any error becomes an unreadable or failed outcome.

    ``limits_sent``: the GONGKAI_MAX_* variables of the command line, for a Dask worker that
    does not share its environment.
    """
    from gongkai.convert import convert  # imported in the worker, not when the CLI starts

    started = time.perf_counter()
    try:
        with limits.sent(limits_sent or {}):
            converted = convert(source, out)
    except ReadError as exc:
        outcome = Outcome(
            source.filing_id, "unreadable", [source.filing_id, *"------", "unreadable"]
        )
        outcome.messages.append(("error", str(exc)))
    except Exception as exc:  # a bug met on one filing must not stop the others
        files = ", ".join(path.name for path in source.files)
        outcome = Outcome(source.filing_id, "failed", [source.filing_id, *"------", "failed"])
        outcome.messages.append(
            (
                "error",
                f"{files}: gongkai failed on this filing ({type(exc).__name__}: {exc}); "
                "the other filings go on and its previous package, if any, is kept. "
                "Please report it with the file.",
            )
        )
    else:
        result = {
            "tables": converted.tables,
            "records": converted.records,
            "summary": converted.summary,
            "problems": converted.problems,
            "problems_file": str(converted.directory / "data" / "problems.csv"),
        }
        outcome = outcome_from_result(converted.filing_id, result, "converted")
    outcome.seconds = time.perf_counter() - started
    return outcome


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def map_in_order(
    function: Callable[[Item], Value], items: list[Item], jobs: int
) -> Iterator[Value]:
    """``function`` of each item on ``jobs`` fresh processes, results in item order, each as
    soon as it and those before it are done (the caller need not hold them all).

    The first exception is raised again here. Workers are spawned, not forked: a fork would copy
    a chart renderer's runtime threads half-alive out of a process that already used it.
    """
    if jobs <= 1 or len(items) < 2:
        yield from map(function, items)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context) as pool:
        yield from pool.map(function, items)


def in_own_process(function: Callable[..., Value], *args: Any) -> Value:
    """``function(*args)`` in a fresh (spawned) process; its exception is raised again here."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def _broken(source: FilingSource, exc: BaseException) -> Outcome:
    """A worker died (killed, out of memory) or the cluster lost the task."""
    outcome = Outcome(source.filing_id, "failed", [source.filing_id, *"------", "failed"])
    outcome.messages.append(
        (
            "error",
            f"{source.filing_id}: the worker converting it stopped ({type(exc).__name__}: "
            f"{exc}); the other filings go on. Try again with --jobs 1 to see the error.",
        )
    )
    return outcome


def _in_order(
    sources: list[FilingSource], finished: Iterator[tuple[int, Outcome]]
) -> Iterator[tuple[int, Outcome]]:
    """Yield (index, outcome) in input order as soon as every earlier one has finished."""
    waiting: dict[int, Outcome] = {}
    following = 0
    for index, outcome in finished:
        waiting[index] = outcome
        while following in waiting:
            yield following, waiting.pop(following)
            following += 1


def _pool(sources: list[FilingSource], out: Path, jobs: int) -> Iterator[tuple[int, Outcome]]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures: dict[Future[Outcome], int] = {
            pool.submit(convert_outcome, source, out): index for index, source in enumerate(sources)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except Exception as exc:  # BrokenProcessPool: the worker, not the filing, failed
                yield index, _broken(sources[index], exc)


def _dask(sources: list[FilingSource], out: Path, scheduler: str) -> Iterator[tuple[int, Outcome]]:
    """On a Dask cluster whose workers see ``out`` and the filings at the same paths.

    The limits set here go along with each filing; its time limit holds in the worker's thread
    (`limits.deadline`).
    """
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler) as client:
        futures = client.map(
            convert_outcome, sources, out=out, limits_sent=limits.set_here(), pure=False
        )
        positions = {future.key: index for index, future in enumerate(futures)}
        for future in dask_completed(futures):
            index = positions[future.key]
            try:
                yield index, future.result()
            except Exception as exc:  # the task was lost with its worker
                yield index, _broken(sources[index], exc)


def run(
    sources: list[FilingSource],
    out: Path,
    jobs: int = 1,
    scheduler: str | None = None,
    on_finished: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Convert ``sources`` into ``out``; yield their outcomes in the order of ``sources``.

    ``scheduler`` (a Dask scheduler address) wins over ``jobs``; ``jobs`` 1 converts in this
    process, one after the other. ``on_finished`` is called as each filing finishes, in any
    order (for a progress bar).
    """
    finished: Iterator[tuple[int, Outcome]]
    if scheduler:
        finished = _dask(sources, out, scheduler)
    elif jobs > 1 and len(sources) > 1:
        finished = _pool(sources, out, min(jobs, len(sources)))
    else:
        finished = ((i, convert_outcome(s, out)) for i, s in enumerate(sources))

    def report(pairs: Iterator[tuple[int, Outcome]]) -> Iterator[tuple[int, Outcome]]:
        for pair in pairs:
            if on_finished:
                on_finished(pair[1])
            yield pair

    for _, outcome in _in_order(sources, report(finished)):
        yield outcome
