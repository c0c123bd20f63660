"""Reader for PDF filings with a text layer: text lines and tables (ruled or text-aligned) via pdfplumber.

The steps, each a module: ``lines`` (characters to lines), ``ruled`` (tables drawn with rules),
``aligned`` (tables printed without rules), ``paragraphs`` (wrapped lines, titles and captions),
``page`` (one page in reading order) and ``joins`` (tables continued over page breaks);
``rawtable`` holds the page-level table they hand each other. ``pdfium`` gives each page its
characters and rules from PDFium (C++), computed as pdfminer computes them: pdfminer's Python
interpreter of content streams is left only the pages PDFium cannot reproduce.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from gongkai import limits
from gongkai.model import Document, ReadError
from gongkai.readers.pdf.joins import Item, join_pages
from gongkai.readers.pdf.page import read_page
from gongkai.readers.pdf.pdfium import page_objects
from gongkai.readers.pdf.ruled import closing_rules as _closing_rules  # tests/test_completeness.py

__all__ = ["_closing_rules", "read_pdf"]

# pdfminer is chatty about broken fonts and xref recovery; those are not our user's business.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# PDFium is not thread-safe, not even across documents: one thread at a time in a process (a Dask
# worker converts filings in threads).
_PDFIUM = threading.Lock()

_OPEN_ERRORS = (
    PdfminerException,
    PDFSyntaxError,
    PSException,
    PDFEncryptionError,
    PDFPasswordIncorrect,
)


def read_pdf(path: Path) -> Document:
    """Read a PDF into text and table blocks in reading order; raise ReadError for unusable files."""
    name = path.name
    try:
        pdf = pdfplumber.open(path)
    except _OPEN_ERRORS as exc:
        raise _open_error(name, exc) from None
    except OSError as exc:
        raise ReadError(
            f"{name}: cannot open the file ({exc.strerror or exc}); check the path"
        ) from None
    except Exception as exc:
        raise _open_error(name, exc) from None
    with pdf:
        try:
            pages = list(pdf.pages)
            limits.check(limits.PAGES, len(pages))
            fast = _pdfium(path, len(pages))
            page_items: list[list[Item]] = []
            n_chars = 0
            try:
                for number, page in enumerate(pages, start=1):
                    if fast is not None:
                        _use_pdfium(fast, page, number)
                    page_items.append(read_page(page, number))
                    n_chars += len(page.chars)
            finally:
                if fast is not None:
                    with _PDFIUM:
                        fast.close()
        except ReadError:
            raise
        except Exception as exc:
            raise _open_error(name, exc) from None
    if not pages:
        raise ReadError(
            f"{name}: the PDF has no pages; the file is damaged or truncated, download it again"
        )
    if n_chars == 0:
        raise ReadError(
            f"{name}: no text layer (scanned PDF?); gongkai reads the text of PDFs and does not do OCR. "
            "Look for a text version of the filing (XLS, DOC or a text PDF) or run OCR first "
            "(e.g. ocrmypdf --language chi_sim) and read the result"
        )
    blocks = join_pages(page_items)
    return Document(source=name, format="pdf", blocks=tuple(blocks), pages=len(pages))


def _pdfium(path: Path, n_pages: int) -> Any:
    """The same file opened with PDFium, or None: then pdfminer reads every page (also when
    GONGKAI_PDF_OBJECTS=pdfminer, to compare the two)."""
    if os.environ.get("GONGKAI_PDF_OBJECTS") == "pdfminer":
        return None
    with _PDFIUM:
        try:
            doc = pypdfium2.PdfDocument(path)
        except Exception:
            return None
        if len(doc) != n_pages:
            doc.close()
            return None
    return doc


def _use_pdfium(doc: Any, page: Any, number: int) -> None:
    """Give the pdfplumber page its objects from PDFium, unless that page needs pdfminer.

    pdfplumber keeps a page's objects in ``_objects`` (see ``Page.objects``) and builds
    everything else (crop, filter, dedupe_chars, find_tables, edges) from them.
    """
    try:
        with _PDFIUM:
            pdfium_page = doc[number - 1]
            try:
                objects = page_objects(pdfium_page, page)
            finally:
                pdfium_page.close()
    except Exception:  # whatever PDFium cannot do, pdfminer still may
        return
    if objects is not None:
        page._objects = objects


def _open_error(name: str, exc: BaseException) -> ReadError:
    inner: BaseException = exc
    while (
        isinstance(inner, PdfminerException)
        and inner.args
        and isinstance(inner.args[0], BaseException)
    ):
        inner = inner.args[0]
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return ReadError(
            f"{name}: the PDF is encrypted and cannot be opened without a password; "
            "ask the publisher for an unprotected copy or remove the protection and retry"
        )
    detail = str(inner) or type(inner).__name__
    return ReadError(
        f"{name}: not a readable PDF (damaged, truncated or another format: {detail}); "
        "download the file again or check that it really is a PDF"
    )
