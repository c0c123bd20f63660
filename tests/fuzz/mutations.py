"""Hypothesis strategies that damage a filing the ways a government website or a careless export
does: flipped bytes, truncation, byte-order marks, duplicated rows, huge numbers, 5,000-digit
codes, control characters in cells, spans of 1,000, and the same inside the XML of XLSX/DOCX."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from hypothesis import strategies as st

Mutation = Callable[[bytes], bytes]

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xff", b"\xff\xfe\x00")
# What a cell may hold instead of its text.
HOSTILE = (
    "9" * 77,  # past every float and openpyxl's number handling
    "1" * 5000,  # past Python's int-from-string limit (4,300 digits)
    "-" + "9" * 400 + ".5",
    "1e999999",
    "NaN",
    "\x00\x01\x07\x0b\x0c\x1b\x7f",
    "\ufeff\u202e\u200b",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "２０１０１",
    "²",  # str.isdigit() says yes, int() says no
    "٣٤",  # Arabic-Indic digits: int() takes them
    "（" * 50,
    "\t" * 30,
)
_NUMBER = re.compile(rb"\d[\d.,]*")


def _flip(data: bytes, positions: list[int], values: list[int]) -> bytes:
    out = bytearray(data)
    for position, value in zip(positions, values, strict=False):
        if out:
            out[position % len(out)] ^= value or 1
    return bytes(out)


@st.composite
def byte_mutation(draw: st.DrawFn) -> tuple[str, Mutation]:
    """A mutation of the raw bytes, described for the failure report."""
    kind = draw(st.sampled_from(["flip", "truncate", "bom", "insert", "duplicate", "delete"]))
    if kind == "flip":
        count = draw(st.integers(1, 16))
        positions = draw(st.lists(st.integers(0, 1 << 30), min_size=count, max_size=count))
        values = draw(st.lists(st.integers(1, 255), min_size=count, max_size=count))
        return f"flip {count} bytes at {positions}", lambda d: _flip(d, positions, values)
    fraction = draw(st.floats(0, 1))
    if kind == "truncate":
        return f"truncate at {fraction:.4f}", lambda d: d[: int(len(d) * fraction)]
    if kind == "bom":
        bom = draw(st.sampled_from(BOMS))
        odd = draw(st.booleans())
        return (
            f"BOM {bom!r}{' odd length' if odd else ''}",
            lambda d: bom + d + (b"\x00" if odd else b""),
        )
    if kind == "insert":
        junk = draw(st.binary(min_size=1, max_size=64))
        return f"insert {junk!r} at {fraction:.4f}", lambda d: _at(d, fraction, junk, 0)
    length = draw(st.integers(1, 4096))
    if kind == "delete":
        return f"delete {length} at {fraction:.4f}", lambda d: _at(d, fraction, b"", length)
    times = draw(st.integers(2, 50))
    return f"duplicate {length} bytes x{times} at {fraction:.4f}", lambda d: _duplicate(
        d, fraction, length, times
    )


def _at(data: bytes, fraction: float, insert: bytes, delete: int) -> bytes:
    position = int(len(data) * fraction)
    return data[:position] + insert + data[position + delete :]


def _duplicate(data: bytes, fraction: float, length: int, times: int) -> bytes:
    position = int(len(data) * fraction)
    return data[:position] + data[position : position + length] * times + data[position:]


@st.composite
def text_mutation(draw: st.DrawFn) -> tuple[str, Mutation]:
    """A mutation of text (the export, HTML, the XML inside XLSX/DOCX), on its UTF-8 bytes."""
    kind = draw(st.sampled_from(["number", "line", "control", "span", "hostile", "bytes"]))
    nth = draw(st.integers(0, 400))
    if kind == "number":
        value = draw(st.sampled_from(HOSTILE[:5])).encode()
        return f"number #{nth} -> {value[:20]!r}…", lambda d: _nth_number(d, nth, value)
    if kind == "line":
        times = draw(st.integers(2, 200))
        return f"line #{nth} x{times}", lambda d: _repeat_line(d, nth, times)
    if kind == "control":
        char = bytes([draw(st.sampled_from([*range(0, 9), 11, 12, *range(14, 32), 127]))])
        return f"control {char!r} after number #{nth}", lambda d: _nth_number(d, nth, None, char)
    if kind == "span":
        span = draw(st.sampled_from([b"1000", b"0", b"-1", b"65535", b"9" * 5000, b"x"]))
        attribute = draw(st.sampled_from([b"colspan", b"rowspan"]))
        return f"{attribute.decode()}={span[:10]!r} on cells", lambda d: _spans(d, attribute, span)
    if kind == "hostile":
        value = draw(st.sampled_from(HOSTILE)).encode("utf-8", "replace")
        return f"cell text #{nth} -> {value[:20]!r}", lambda d: _nth_number(d, nth, value)
    return draw(byte_mutation())


def _nth_number(data: bytes, nth: int, value: bytes | None, append: bytes = b"") -> bytes:
    matches = list(_NUMBER.finditer(data))
    if not matches:
        return data
    match = matches[nth % len(matches)]
    replacement = (value if value is not None else match.group()) + append
    return data[: match.start()] + replacement + data[match.end() :]


def _repeat_line(data: bytes, nth: int, times: int) -> bytes:
    lines = data.split(b"\n")
    index = nth % len(lines)
    return b"\n".join([*lines[:index], *[lines[index]] * times, *lines[index + 1 :]])


def _spans(data: bytes, attribute: bytes, span: bytes) -> bytes:
    data = re.sub(rb"<td(?=[\s>])", b"<td " + attribute + b'="' + span + b'"', data)
    # The same inside DOCX (gridSpan) and XLSX (a merged range) XML.
    data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + span + b'"/>')
    return re.sub(rb'<mergeCell ref="[A-Z]+\d+:', b'<mergeCell ref="A1:', data)


def zip_mutation(members: tuple[str, ...]) -> st.SearchStrategy[tuple[str, Mutation]]:
    """Damage the XML of one member of an XLSX/DOCX and zip it again (or the zip's own bytes)."""

    @st.composite
    def mutation(draw: st.DrawFn) -> tuple[str, Mutation]:
        if draw(st.integers(0, 4)) == 0:
            return draw(byte_mutation())
        member = draw(st.sampled_from(members))
        description, inner = draw(text_mutation())
        return f"{member}: {description}", lambda d: _rezip(d, member, inner)

    return mutation()


def _rezip(data: bytes, member: str, mutate: Mutation) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, mutate(content) if info.filename == member else content)
    return buffer.getvalue()
