"""Reader for the text export of a Word filing: one cell per TAB-prefixed line, blank line between rows."""

from __future__ import annotations

from pathlib import Path

from gongkai.model import Block, Cell, Document, Location, ReadError, TableBlock, TextBlock
from gongkai.normalize import normalize_text

_ENCODINGS = ("utf-8", "gb18030")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM) or GBK/GB18030; fail clearly on binary data."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        # A byte-order mark promises an encoding that the rest of the file breaks.
        raise ReadError(
            f"{name}: starts with a UTF-8/UTF-16 byte-order mark but is not valid in that "
            f"encoding (byte {exc.start}); save it again as UTF-8 and retry"
        ) from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM shows up as every other byte NUL on CJK-with-ASCII text.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\t" in text or "\n" in text:
                return text
        raise ReadError(
            f"{name}: binary file, not a text export; convert it or give its original format"
        )
    for enc in _ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(
        f"{name}: cannot decode as UTF-8, UTF-16 or GB18030; save it as UTF-8 and retry"
    )


def parse_text_export(text: str) -> tuple[Block, ...]:
    """Group TAB-prefixed lines into table rows (blank line ends a row) and rows into tables.

    A table ends at the first plain (non-TAB) line that is not blank, or at two blank lines.
    Plain lines become text blocks, one per line.
    """
    blocks: list[Block] = []
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    table_start = 0
    blank_run = 0

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(tuple(row))
            row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(TableBlock(rows=tuple(rows), location=Location(line=table_start)))
            rows = []

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        if raw.startswith("\t"):
            if not rows and not row:
                table_start = number
            blank_run = 0
            row.append(Cell(normalize_text(raw[1:]), Location(line=number)))
        elif not raw.strip():
            blank_run += 1
            end_row()
            if blank_run >= 2:
                end_table()
        else:
            blank_run = 0
            end_table()
            blocks.append(TextBlock(normalize_text(raw).strip(), Location(line=number)))
    end_table()
    return tuple(blocks)


def read_text_export(path: Path) -> Document:
    text = decode_bytes(path.read_bytes(), path.name)
    blocks = parse_text_export(text)
    if not blocks:
        raise ReadError(f"{path.name}: no text or tables found; is this the right file?")
    return Document(source=path.name, format="txt", blocks=blocks)
