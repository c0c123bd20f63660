"""Readers turn a file of any supported format into the neutral document model (gongkai.model)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gongkai.model import Document, ReadError

Reader = Callable[[Path], Document]


def _registry() -> dict[str, Reader]:
    from gongkai.readers import text

    readers: dict[str, Reader] = {".txt": text.read_text_export}
    try:
        from gongkai.readers import pdf

        readers[".pdf"] = pdf.read_pdf
    except ImportError:  # pragma: no cover - optional until the PDF reader lands
        pass
    for suffix, module_name, func in (
        (".xlsx", "office", "read_xlsx"),
        (".xls", "office", "read_xls"),
        (".docx", "office", "read_docx"),
        (".html", "office", "read_html"),
        (".htm", "office", "read_html"),
    ):
        try:
            module = __import__(f"gongkai.readers.{module_name}", fromlist=[func])
            readers[suffix] = getattr(module, func)
        except (ImportError, AttributeError):  # pragma: no cover
            pass
    return readers


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
    return reader(path)
