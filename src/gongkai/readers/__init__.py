"""Readers turn a file of any supported format into the neutral document model (gongkai.model)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gongkai import limits
from gongkai.model import Document, ReadError

Reader = Callable[[Path], Document]


def _registry() -> dict[str, Reader]:
    # Imported when first needed: the PDF reader pulls in pdfplumber, which the CLI's help does not need.
    from gongkai.readers.docx import read_docx
    from gongkai.readers.html import read_html
    from gongkai.readers.pdf import read_pdf
    from gongkai.readers.text import read_text_export
    from gongkai.readers.xls import read_xls
    from gongkai.readers.xlsx import read_xlsx

    return {
        ".txt": read_text_export,
        ".pdf": read_pdf,
        ".xlsx": read_xlsx,
        ".xls": read_xls,
        ".docx": read_docx,
        ".html": read_html,
        ".htm": read_html,
    }


def supported_suffixes() -> list[str]:
    return sorted(_registry())


def read_document(path: Path) -> Document:
    """Read one file with the reader for its suffix; raise ReadError with a clear message otherwise."""
    readers = _registry()
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ReadError(
            f"{path.name}: unsupported file type {path.suffix!r}; "
            f"gongkai reads {', '.join(sorted(readers))}"
        )
    if not path.exists():
        raise ReadError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise ReadError(f"{path.name}: the file is empty; download it again from the publisher")
    limits.check_file_size(path)
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":  # XLSX, DOCX: sizes checked before inflating
            limits.check_archive(path)
    try:
        document = reader(path)
        limits.check_digits(document)
        return document
    except limits.LimitExceeded as exc:
        exc.file = exc.file or path.name
        raise
    except ReadError:
        raise
    except Exception as exc:  # a reader's library met a bad file: never a traceback
        raise ReadError(
            f"{path.name}: cannot read this {path.suffix.lstrip('.').upper()} file "
            f"({type(exc).__name__}: {exc}); it is probably damaged: download it again or "
            "re-save it from the program that made it, and report it if it opens there"
        ) from exc
