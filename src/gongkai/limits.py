"""Limits on what one filing may cost (bytes, pages, rows, cells, spans, inflated size, seconds):
a filing over a limit fails alone, with a message naming the limit and how to raise it.

Each limit is read from its environment variable when it is checked, so that
``GONGKAI_MAX_ROWS=500000 gongkai convert ...`` raises it for one run (the worker processes of
``--jobs`` inherit it). docs/security.md lists them; the defaults are far above any real filing.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from gongkai.model import Document, ReadError, TextBlock


@dataclass(frozen=True)
class Limit:
    env: str  # the environment variable that sets it
    default: int
    unit: str  # what is counted, as the message says it
    what: str  # one line for docs/security.md


FILE_MB = Limit("GONGKAI_MAX_FILE_MB", 100, "MB", "size of one file of a filing")
PAGES = Limit("GONGKAI_MAX_PAGES", 2_000, "pages", "pages of one PDF")
ROWS = Limit("GONGKAI_MAX_ROWS", 200_000, "rows", "rows of one table or worksheet")
CELLS = Limit("GONGKAI_MAX_CELLS", 1_000_000, "cells", "cells of one table or worksheet")
SPAN = Limit("GONGKAI_MAX_SPAN", 200, "rows or columns", "rows or columns one merged cell spans")
INFLATED_MB = Limit(
    "GONGKAI_MAX_INFLATED_MB", 200, "MB", "XLSX/DOCX contents once unzipped (all members)"
)
DIGITS = Limit("GONGKAI_MAX_DIGITS", 100, "digits", "digits in one number, code or amount")
SECONDS = Limit("GONGKAI_MAX_SECONDS", 600, "seconds", "time to convert one filing")
ALL = (FILE_MB, PAGES, ROWS, CELLS, SPAN, INFLATED_MB, DIGITS, SECONDS)


class LimitExceeded(ReadError):
    """A filing is over a limit. ``file`` is filled in by the reader that knows it."""

    def __init__(self, limit: Limit, count: int, where: str = "", file: str = "") -> None:
        self.limit, self.value, self.where, self.file = limit, count, where, file
        # The limit in force now: the message may be made where another one is (a Dask task's).
        self.maximum = value(limit)
        super().__init__(self.message())

    def message(self) -> str:
        limit, maximum = self.limit, self.maximum
        place = ", ".join(part for part in (self.file, self.where) if part)
        count = f"{self.value:,} {limit.unit}, over"
        if limit is SECONDS:
            count = f"still converting after {self.value:,} seconds,"
        head = f"{place + ': ' if place else ''}{count} the limit of {maximum:,} ({limit.what})"
        if self.value > maximum * 1000:
            return f"{head}; far beyond any real filing: the file is damaged, download it again"
        raised = max(self.value + 1, maximum * 4)
        return (
            f"{head}; if the file is genuine, raise the limit for this run: "
            f"{limit.env}={raised} gongkai convert ..."
        )

    def __str__(self) -> str:
        return self.message()


# Limits a Dask task brought from the command line that sent it (`sent`), for its thread only.
_SENT = threading.local()


def value(limit: Limit) -> int:
    """The limit in force: its environment variable if set to a positive integer, else the default.

    In a Dask task, the variable as the command line that sent the task had it wins.
    """
    raw = getattr(_SENT, "settings", {}).get(limit.env) or os.environ.get(limit.env, "")
    raw = raw.strip()
    if raw.isdecimal() and int(raw) > 0:
        return int(raw)
    return limit.default


def check(limit: Limit, count: int, where: str = "", file: str = "") -> None:
    """Raise LimitExceeded when ``count`` is over ``limit``."""
    if count > value(limit):
        raise LimitExceeded(limit, count, where, file)


def check_file_size(path: Path) -> None:
    megabytes = path.stat().st_size / 1_000_000
    if megabytes > value(FILE_MB):
        raise LimitExceeded(FILE_MB, int(megabytes + 0.999), file=path.name)


# A worksheet's <row> and <c> elements, with or without a namespace prefix.
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 1 << 20
# What zipfile raises on a damaged archive: bad directory, bad deflate data (zlib.error, found by
# the fuzzer), an unknown compression method, an encrypted member, a short read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    OSError,
    EOFError,
    ValueError,
)


def check_archive(path: Path) -> None:
    """Check a zip-based file (XLSX, DOCX) from its directory before anything is inflated.

    The directory's sizes bound what zipfile will ever inflate, so a zip bomb is refused here.
    Worksheets are then streamed once, counting rows and cells, so that a sheet of a million
    rows is refused before a spreadsheet library builds a million rows in memory.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            inflated = sum(member.file_size for member in members)
            check(INFLATED_MB, -(-inflated // 1_000_000), file=path.name)
            for member in members:
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", member.filename):
                    _check_sheet(archive, member, path.name)
    except _ZIP_ERRORS as exc:
        raise ReadError(
            f"{path.name}: a damaged zip archive ({type(exc).__name__}: {exc}); download it "
            "again or re-save it from an office program"
        ) from exc


def _check_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    rows = cells = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            # The tail of the last chunk is read again; a match within it ends before the new bytes.
            data = tail + chunk
            rows += len(_ROW.findall(data)) - len(_ROW.findall(tail))
            cells += len(_CELL.findall(data)) - len(_CELL.findall(tail))
            tail = data[-16:]
            where = f"worksheet {member.filename}"
            check(ROWS, rows, where, name)
            check(CELLS, cells, where, name)


def check_table(rows: int, width: int, where: str) -> None:
    """A table's rows and cells (rows x columns, merged positions counted) within the limits."""
    check(ROWS, rows, where)
    check(CELLS, rows * width, where)


def check_digits(document: Document) -> None:
    """No run of digits longer than GONGKAI_MAX_DIGITS in any cell or line of ``document``.

    A run past Python's int limit (4,300 digits) would stop any int() on it; no code, amount
    or line number of a budget comes near even the default.
    """
    limit = value(DIGITS)
    longest = re.compile(rf"\d{{{limit + 1},}}")
    for block in document.blocks:
        if isinstance(block, TextBlock):
            if match := longest.search(block.text):
                raise LimitExceeded(
                    DIGITS, len(match[0]), f"the text at {block.location.describe()}"
                )
            continue
        for number, row in enumerate(block.rows, start=1):
            for cell in row:
                if match := longest.search(cell.text):
                    where = f"the table at {block.location.describe()}, row {number}"
                    raise LimitExceeded(DIGITS, len(match[0]), where)


def set_here() -> dict[str, str]:
    """The limits set in this process's environment, to send along with a Dask task."""
    return {limit.env: os.environ[limit.env] for limit in ALL if limit.env in os.environ}


@contextmanager
def sent(settings: dict[str, str]) -> Iterator[None]:
    """Apply the limits a Dask task was sent with (`set_here` of the command line), in this
    thread only: ``GONGKAI_MAX_SECONDS=1200 gongkai convert --scheduler ...`` raises the limit on
    workers started elsewhere, without touching the environment of other tasks."""
    previous = getattr(_SENT, "settings", {})
    _SENT.settings = {**previous, **settings}
    try:
        yield
    finally:
        _SENT.settings = previous


class _Expired(BaseException):
    """Raised into a thread whose filing ran out of time (see `_thread_deadline`)."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Make ``thread_id`` raise ``exception`` at its next Python instruction (None: cancel)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


@contextmanager
def deadline(filing_id: str) -> Iterator[Callable[[], None]]:
    """Stop the conversion of one filing after GONGKAI_MAX_SECONDS.

    In the main thread of a process (the CLI, each --jobs worker) a SIGALRM timer; in other
    threads (a Dask worker's) a timer thread that raises into the converting one. Either way the
    filing is stopped at its next Python instruction: a single call into C (one regular
    expression, one inflate) finishes first.

    Yields ``stop``: called once the package is complete and before it is published, it raises
    if the time ran out — also when a library swallowed the exception raised into the
    conversion (openpyxl's bare ``except:`` turns it into a TypeError that may be handled) — and
    otherwise stops the clock, so that publishing is never interrupted halfway and an over-time
    filing never publishes its package.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        with _thread_deadline(filing_id) as stop_thread:
            yield stop_thread
        return
    seconds = value(SECONDS)
    fired = False

    def expired(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        fired = True
        raise LimitExceeded(SECONDS, seconds, "conversion stopped", filing_id)

    def stop() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if fired:
            raise LimitExceeded(SECONDS, seconds, "conversion stopped", filing_id)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield stop
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_deadline(filing_id: str) -> Iterator[Callable[[], None]]:
    seconds = value(SECONDS)
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(thread_id, _Expired)

    def finish() -> None:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            _raise_in(thread_id, None)  # not raised yet: it would surface anywhere later

    def stop() -> None:
        finish()
        if state["fired"]:
            raise LimitExceeded(SECONDS, seconds, "conversion stopped", filing_id)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield stop
        finally:
            finish()
    except _Expired:
        raise LimitExceeded(SECONDS, seconds, "conversion stopped", filing_id) from None
    if state["fired"]:  # the time ran out as the conversion ended: over the limit all the same
        raise LimitExceeded(SECONDS, seconds, "conversion stopped", filing_id)
