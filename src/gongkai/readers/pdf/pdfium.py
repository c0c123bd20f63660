"""A page's characters and paths from PDFium, in the shape pdfplumber builds from pdfminer.

pdfminer interprets content streams in pure Python, and that was most of the time gongkai spent
reading a PDF. PDFium (pypdfium2) interprets them in C++; this module turns its text page and
path objects into the dicts of pdfplumber's ``Page.objects``, computed the way pdfminer computes
them (a character's box from its origin, the font's declared descent and its font size; a path
classified as line, rectangle or curve by pdfminer's rules), so that everything built on
pdfplumber (crop, dedupe_chars, find_tables, edges) reads the same.

Numbers PDFium holds in single precision are taken back to the decimals the PDF wrote
(``_clean``) and combined in pdfminer's order of operations, so that most coordinates are the very
doubles pdfminer computes: the layout rules compare them with thresholds a designed layout can
meet exactly. Only the attributes gongkai's reader and pdfplumber's table finder use are given
(no colours of characters, no marked-content ids, no images).

What PDFium does not give as pdfminer does:
- printed spaces: PDFium's text page keeps only some (it collapses runs and drops others); the
  reader only uses spaces as gaps, and a text line's box is not published;
- exact doubles where pdfminer accumulates rounding noise (a line of characters each placed by a
  relative move ends at 434.0399999999996 in pdfminer, 434.04 here): a rule that compares two
  such values for equality can decide differently (see tests/readers/test_pdfium_objects.py);
- ``page_objects`` returns None for a page it cannot reproduce (rotated, not at the origin, text
  that is not upright, a character without Unicode or a width PDFium cannot tell), and the caller
  lets pdfminer read that page.
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfminer.fontmetrics import FONT_METRICS

_log = logging.getLogger(__name__)
Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_LINETO, _BEZIERTO, _MOVETO = (
    pdfium_c.FPDF_SEGMENT_LINETO,
    pdfium_c.FPDF_SEGMENT_BEZIERTO,
    pdfium_c.FPDF_SEGMENT_MOVETO,
)


class Unsupported(Exception):
    """The page holds something this module does not reproduce as pdfminer would."""


def page_objects(page: Any, plumber_page: Any) -> dict[str, list[Obj]] | None:
    """The objects of a pypdfium2 page as pdfplumber's ``plumber_page.objects``, or None when the
    page needs pdfminer."""
    if page.get_rotation() % 360 or tuple(plumber_page.mediabox[:2]) != (0, 0):
        return None
    height = float(plumber_page.height)
    geometry = _Geometry(height, float(plumber_page.initial_doctop), plumber_page.page_number)
    try:
        objects: dict[str, list[Obj]] = {}
        chars = _chars(page, geometry)
        if chars:
            objects["char"] = chars
        _paths(page.raw, geometry, objects)
    except Unsupported as exc:
        _log.debug("page %s is read by pdfminer: %s", plumber_page.page_number, exc)
        return None
    return objects


class _Geometry:
    """PDF user space (y up) to pdfplumber's page space (top, bottom, doctop)."""

    def __init__(self, height: float, doctop: float, page_number: int) -> None:
        self.height = height
        self.doctop = doctop
        self.page_number = page_number


# --------------------------------------------------------------------------- characters


def _chars(page: Any, geo: _Geometry) -> list[Obj]:
    textpage = page.get_textpage()
    try:
        return _text_chars(textpage.raw, geo)
    finally:
        textpage.close()


def _text_chars(tp: Any, geo: _Geometry) -> list[Obj]:
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    glyph = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
    m = pdfium_c.FS_MATRIX()
    fonts: dict[int, tuple[float, str]] = {}
    out: list[Obj] = []
    for i in range(pdfium_c.FPDFText_CountChars(tp)):
        if pdfium_c.FPDFText_IsGenerated(tp, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        text_obj = pdfium_c.FPDFText_GetTextObject(tp, i)
        if code in (0, 2) or not text_obj:  # 2: a hyphen PDFium marked as a line-end hyphen
            raise Unsupported("a character without text or text object")
        font = pdfium_c.FPDFTextObj_GetFont(text_obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in fonts:
            fonts[key] = _font(font)
        descent_units, fontname = fonts[key]
        pdfium_c.FPDFText_GetMatrix(tp, i, m)
        if m.b != 0 or m.c != 0 or m.a <= 0 or m.d <= 0:
            raise Unsupported("text that is not upright")
        pdfium_c.FPDFText_GetCharOrigin(tp, i, x, y)
        a, d = _clean(m.a), _clean(m.d)
        e, f = _clean(x.value), _clean(y.value)
        fontsize = _clean(pdfium_c.FPDFText_GetFontSize(tp, i))
        units = _width_units(tp, i, font, code, a * fontsize, x.value, box, glyph)
        # pdfminer's LTChar: the box (0, descent, adv, descent + size) in text space, through
        # the character's matrix, in the same order of operations
        adv = units * 0.001 * fontsize
        descent = descent_units * 0.001 * fontsize
        x0, x1 = e, a * adv + e
        y0, y1 = d * descent + f, d * (descent + fontsize) + f
        out.append(
            {
                "object_type": "char",
                "page_number": geo.page_number,
                "text": chr(code),
                "fontname": fontname,
                "size": y1 - y0,
                "adv": adv,
                "upright": True,
                "matrix": (a, 0.0, 0.0, d, e, f),
                **_box(geo, x0, x1, y0, y1),
            }
        )
    return out


def _clean(value: float) -> float:
    """A number PDFium gives in single precision as the decimal the PDF wrote, when it is one.

    pdfminer computes in double precision from the numbers of the content stream; a value such as
    758.05 comes out of PDFium as 758.0498657. Layout rules compare coordinates with thresholds
    that a designed layout can meet exactly (a line ending 1.5 em short of the margin), so the
    few float32 ulps decide: rounded back to 3 or 4 decimals within 4 ulps, the value is the
    double pdfminer holds.
    """
    size = value if value >= 0 else -value
    tolerance = (size if size > 1.0 else 1.0) * 2.4e-7
    rounded = round(value, 3)
    if -tolerance <= value - rounded <= tolerance:
        return rounded
    rounded = round(value, 4)
    if -tolerance <= value - rounded <= tolerance:
        return rounded
    return float(value)


def _width_units(
    tp: Any,
    i: int,
    font: Any,
    code: int,
    scale: float,
    x0: float,
    box: Any,
    glyph: tuple[ctypes.c_double, ...],
) -> float:
    """The character's width in font units (thousandths of the font size), pdfminer's advance.

    The font's width for the character (PDFium places the next character with it) is checked
    against PDFium's loose box, which reaches to the advance or to the glyph's own right edge,
    whichever lies further right.
    """
    width = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1000.0), width):
        raise Unsupported("a character whose width PDFium cannot tell")
    units = _clean(width.value)
    pdfium_c.FPDFText_GetLooseCharBox(tp, i, box)
    left, right, bottom, top = glyph
    pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
    if right.value - left.value < 1e-3:  # a space: PDFium gives it no box at all
        return units if units >= 0 else _unsupported()
    loose = (box.right - x0) / scale * 1000
    if right.value < box.right - 1e-3:  # the advance is the loose box's right edge
        return units if abs(units - loose) <= 0.5 else _clean(loose)
    if 0 <= units <= loose + 0.5:  # the glyph overhangs its advance
        return units
    return _unsupported()


def _unsupported() -> float:
    raise Unsupported("a character whose width PDFium cannot tell")


def _font(font: Any) -> tuple[float, str]:
    """Descent in font units (as pdfminer reads it) and base name of a font."""
    descent = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent):
        raise Unsupported("a font without metrics")
    n = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(n)
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, n)
    name = buf.value.decode("latin-1")
    if name in FONT_METRICS:  # pdfminer reads the standard fonts' metrics from its AFM tables
        value = float(FONT_METRICS[name][0]["Descent"])  # type: ignore[arg-type]
    else:
        value = _clean(descent.value)
    return (value if value <= 0 else -value), name


# --------------------------------------------------------------------------- paths


def _paths(page_raw: Any, geo: _Geometry, objects: dict[str, list[Obj]]) -> None:
    for k in range(pdfium_c.FPDFPage_CountObjects(page_raw)):
        _walk(pdfium_c.FPDFPage_GetObject(page_raw, k), _IDENTITY, geo, objects)


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        raise Unsupported("an object without matrix")
    return (_clean(m.a), _clean(m.b), _clean(m.c), _clean(m.d), _clean(m.e), _clean(m.f))


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0 (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _walk(obj: Any, outer: Matrix, geo: _Geometry, objects: dict[str, list[Obj]]) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == _FORM:
        inner = _mult(_matrix(obj), outer)
        for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _walk(pdfium_c.FPDFFormObj_GetObject(obj, k), inner, geo, objects)
    elif kind == _PATH:
        _path(obj, _mult(_matrix(obj), outer), geo, objects)


def _path(obj: Any, ctm: Matrix, geo: _Geometry, objects: dict[str, list[Obj]]) -> None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        raise Unsupported("a path without draw mode")
    fill = fillmode.value != 0
    if not fill and not stroke.value:
        return
    a, b, c, d, e, f = ctm
    px, py = ctypes.c_float(), ctypes.c_float()
    # Segments as pdfminer's path operators: (op, (x, y)) with the point in page space.
    path: list[tuple[str, tuple[float, float]]] = []
    start: tuple[float, float] | None = None
    n = pdfium_c.FPDFPath_CountSegments(obj)
    k = 0
    while k < n:
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == _BEZIERTO:  # three points: two controls and the end
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k + 2)
            k += 2
        pdfium_c.FPDFPathSegment_GetPoint(seg, px, py)
        xx, yy = _clean(px.value), _clean(py.value)
        pt = (a * xx + c * yy + e, b * xx + d * yy + f)
        if kind == _MOVETO:
            path.append(("m", pt))
            start = pt
        elif kind == _LINETO:
            path.append(("l", pt))
        elif kind == _BEZIERTO:
            path.append(("c", pt))
        else:
            raise Unsupported("an unknown path segment")
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            path.append(("h", start))
        k += 1
    if not path:
        return
    color = _fill_color(obj) if fill else None
    _paint(path, bool(stroke.value), fill, color, geo, objects)


def _fill_color(obj: Any) -> tuple[float, ...] | None:
    r, g, b, alpha = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, alpha):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _paint(
    path: list[tuple[str, tuple[float, float]]],
    stroke: bool,
    fill: bool,
    color: tuple[float, ...] | None,
    geo: _Geometry,
    objects: dict[str, list[Obj]],
) -> None:
    """pdfminer's PDFLayoutAnalyzer.paint_path: one object per subpath, a line, a rect or a curve."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        # pdfminer paints each match of m[^m]+: a lone move is no subpath
        for sub in re.finditer(r"m[^m]+", shape):
            _paint(path[sub.start() : sub.end()], stroke, fill, color, geo, objects)
        return
    pts = [pt for _, pt in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        kind = "line"
        pts = pts[:2]
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            kind = "rect"
            (x0, y0), (x1, y1) = pts[0], pts[2]
            pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        else:
            kind = "curve"
    else:
        kind = "curve"
    objects.setdefault(kind, []).append(_shape(kind, pts, stroke, fill, color, geo))


def _shape(
    kind: str,
    pts: list[tuple[float, float]],
    stroke: bool,
    fill: bool,
    color: tuple[float, ...] | None,
    geo: _Geometry,
) -> Obj:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
        raise Unsupported("a path outside any sensible page")
    obj: Obj = {
        "object_type": kind,
        "page_number": geo.page_number,
        **_box(geo, x0, x1, y0, y1),
        "stroke": stroke,
        "fill": fill,
        "non_stroking_color": color,
        "pts": [(px, geo.height - py) for px, py in pts],
    }
    return obj


def _box(geo: _Geometry, x0: float, x1: float, y0: float, y1: float) -> Obj:
    """An object's box in pdfplumber's keys: PDF coordinates (y up) and top-down ones."""
    top = geo.height - y1
    return {
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": top,
        "bottom": geo.height - y0,
        "doctop": geo.doctop + top,
    }
