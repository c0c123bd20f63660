"""PDFium's page objects against pdfminer's: the fast reader must read what pdfminer reads.

``gongkai.readers.pdf.pdfium`` builds pdfplumber's page objects from PDFium; these tests hold
them to pdfminer's on real filings of different templates, object by object, and then hold the
whole document read both ways to be the same text and the same table cells.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pytest
from pdfplumber.utils import dedupe_chars as pdfplumber_dedupe

from gongkai.model import Document, TableBlock, TextBlock
from gongkai.readers.pdf import read_pdf
from gongkai.readers.pdf.page import dedupe_chars
from gongkai.readers.pdf.pdfium import page_objects

FILINGS = Path(__file__).resolve().parents[2] / "filings"
SAMPLES = [
    FILINGS / "jiangsu" / "jiangsu_2019_gaoyuan_budget.pdf",  # ruled by rectangles, fake bold
    FILINGS / "shanghai" / "shanghai_2026_shujuju_budget.pdf",  # scaled text matrix
    FILINGS / "chongqing" / "chongqing_2026_jingxinwei_budget.pdf",  # lines; huge-descent font
    FILINGS / "guangzhou" / "guangzhou_2026_tongjiju_budget.pdf",  # curves; overhanging glyphs
]
ROTATED = FILINGS / "jiangsu" / "jiangsu_2018_sheng-wei-ban_budget-2.pdf"
TOLERANCE = 0.01


def _unmatched(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[str]:
    """Objects of ``ours`` with no object of the same kind and text within TOLERANCE in ``theirs``."""
    pool: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for obj in theirs:
        pool[(obj["object_type"], obj.get("text", ""))].append(obj)
    missing = []
    for obj in ours:
        candidates = pool[(obj["object_type"], obj.get("text", ""))]
        near = [
            k
            for k, other in enumerate(candidates)
            if all(abs(obj[key] - other[key]) <= TOLERANCE for key in ("x0", "x1", "top", "bottom"))
        ]
        if near:
            candidates.pop(near[0])
        else:
            missing.append(
                f"{obj['object_type']} {obj.get('text', '')!r} at {obj['x0']:.2f},{obj['top']:.2f}"
            )
    return missing


def _printed(objects: dict[str, list[dict[str, Any]]], kind: str) -> list[dict[str, Any]]:
    """The objects of one kind, without spaces (PDFium keeps only some of the printed ones)."""
    return [o for o in objects.get(kind, []) if kind != "char" or o["text"].strip()]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_pdfium_objects_are_pdfminers(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        doc = pypdfium2.PdfDocument(path)
        try:
            checked = fallbacks = 0
            for k, page in enumerate(pdf.pages):
                ours = page_objects(doc[k], page)
                if ours is None:  # a page PDFium cannot give as pdfminer would: pdfminer reads it
                    fallbacks += 1
                    continue
                for kind in ("char", "rect", "line", "curve"):
                    a, b = _printed(ours, kind), _printed(page.objects, kind)
                    assert len(a) == len(b), f"page {k + 1}: {len(a)} {kind}s, pdfminer {len(b)}"
                    assert _unmatched(a, b) == [], f"page {k + 1}"
                    checked += len(a)
        finally:
            doc.close()
    assert checked > 1000
    assert fallbacks <= 1


def test_rotated_page_is_left_to_pdfminer() -> None:
    with pdfplumber.open(ROTATED) as pdf:
        doc = pypdfium2.PdfDocument(ROTATED)
        try:
            rotated = [k for k, p in enumerate(pdf.pages) if p.rotation]
            assert rotated
            assert page_objects(doc[rotated[0]], pdf.pages[rotated[0]]) is None
        finally:
            doc.close()


def _content(doc: Document) -> list[tuple[Any, ...]]:
    """What a document says, without the boxes (PDFium drops some printed spaces, and a line's
    box reaches over its trailing spaces)."""
    out: list[tuple[Any, ...]] = []
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            cells = tuple(tuple((c.text, c.rowspan, c.colspan) for c in row) for row in block.rows)
            out.append(("table", block.location.page, cells))
        elif isinstance(block, TextBlock):
            out.append(("text", block.location.page, block.text))
    return out


@pytest.mark.parametrize("path", SAMPLES[:2], ids=lambda p: p.stem)
def test_document_read_with_pdfium_is_the_one_read_with_pdfminer(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = read_pdf(path)
    monkeypatch.setenv("GONGKAI_PDF_OBJECTS", "pdfminer")
    slow = read_pdf(path)
    assert fast.pages == slow.pages
    assert _content(fast) == _content(slow)


@pytest.mark.parametrize("path", [SAMPLES[0], ROTATED], ids=lambda p: p.stem)
def test_dedupe_chars_is_pdfplumbers_on_real_pages(path: Path) -> None:
    """The reader's dedupe_chars returns pdfplumber's list: the same dicts in the same order."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            view = page.crop(page.bbox)
            ours = dedupe_chars(view.chars)
            assert [id(c) for c in ours] == [id(c) for c in view.dedupe_chars(tolerance=1).chars]


def test_dedupe_chars_drops_the_copies_of_fake_bold_as_pdfplumber() -> None:
    def char(text: str, x0: float, doctop: float, font: str = "F1") -> dict[str, Any]:
        return {
            "text": text,
            "x0": x0,
            "doctop": doctop,
            "upright": True,
            "fontname": font,
            "size": 10.0,
        }

    chars = [
        char("预", 10.3, 5.0),  # the copy printed first, to the right
        char("算", 20.0, 5.0),
        char("预", 10.0, 5.0),
        char("预", 10.0, 5.0),  # an equal dict: pdfplumber orders by the first equal one
        char("预", 12.0, 5.0),  # too far: a character of its own
        char("算", 20.2, 5.4, font="F2"),  # another font: kept
        char("表", 30.0, 5.0),
    ]
    theirs = pdfplumber_dedupe(chars, tolerance=1)
    ours = dedupe_chars(chars)
    assert [id(c) for c in ours] == [id(c) for c in theirs]
    assert [c["text"] for c in ours] == ["算", "预", "预", "算", "表"]


def test_pdfs_read_in_threads_at_once_read_as_one_at_a_time() -> None:
    """PDFium is not thread-safe; a Dask worker converts filings in threads of one process."""
    alone = [_content(read_pdf(p)) for p in SAMPLES[:2]]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = [_content(d) for d in pool.map(read_pdf, SAMPLES[:2] * 2)]
    assert together == alone * 2
