"""One PDF page through PDFium (pypdfium2): its characters with boxes and its ruling lines.

The only module that calls PDFium. Coordinates are turned into points from the page's top-left
corner, as pdfplumber reports them. PDFium keeps global state and is not thread-safe, so callers
hold ``LOCK`` for as long as they use a document.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gongkai.reportio.pdf.lattice import Segment
from gongkai.reportio.pdf.text import Char

LOCK = threading.RLock()
MAX_DRAWING = 100_000  # page objects and path segments of a page; a page of 表三 has about 2,500
STRAIGHT = 0.5  # a segment whose ends differ by at most this across its run is a ruling line
MAX_FORM_DEPTH = 8


@dataclass
class PageContent:
    chars: list[Char] = field(default_factory=list)
    horizontal: list[Segment] = field(default_factory=list)
    vertical: list[Segment] = field(default_factory=list)


class PageTooDense(Exception):
    """The page holds far more characters or drawing than any report page: ``args`` = (what, count)."""


def read_page(page: pdfium.PdfPage, max_chars: int) -> PageContent:
    """The page's printed characters (PDFium's generated spaces and line breaks left out) and lines.

    Raises :class:`PageTooDense` beyond ``max_chars`` characters or MAX_DRAWING objects and path segments,
    so a hostile page cannot keep the Python loops below busy for long.
    """
    left, bottom, right, top = page.get_mediabox()
    objects = raw.FPDFPage_CountObjects(page.raw)
    if objects > MAX_DRAWING:  # before the text page, whose building takes ~10 µs an object
        raise PageTooDense("个图形元素", objects)
    out = PageContent()
    textpage = page.get_textpage()
    try:
        _chars(textpage, top, max_chars, out.chars)
    finally:
        textpage.close()
    _paths(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, None, top, out, [MAX_DRAWING])
    return out


def _chars(textpage: pdfium.PdfTextPage, page_top: float, max_chars: int, out: list[Char]) -> None:
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n > max_chars:
        raise PageTooDense("个字符", n)
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    box, mbox = ctypes.byref(rect), ctypes.byref(matrix)
    get_unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    loose_box, get_matrix, font_size = (
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetMatrix,
        raw.FPDFText_GetFontSize,
    )
    get_origin, ox, oy = raw.FPDFText_GetCharOrigin, ctypes.c_double(), ctypes.c_double()
    for i in range(n):
        code = get_unicode(tp, i)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or generated(tp, i) or not loose_box(tp, i, box):
            continue
        # pdfminer's box, so lines and words group as pdfplumber's: the advance across, and from
        # the font's descent below the baseline up one font size. PDFium's loose box has the same
        # sides and bottom but reaches up to the font's ascent, which differs between the CJK and
        # the Latin font of one line and would split the line.
        left, right, bottom, top = rect.left, rect.right, page_top - rect.bottom, page_top - rect.top
        if get_matrix(tp, i, mbox) and abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6:
            size = font_size(tp, i) * abs(matrix.d)
            if size > 0 and (right - left > 2 * size or bottom - top > 2 * size):
                # Vertical writing (Identity-V fonts, e.g. a 表三 side label): PDFium sizes the
                # box with the unscaled font size. pdfminer's box rises one size from the origin.
                if get_origin(tp, i, ox, oy):
                    left, right, bottom = ox.value, ox.value + size, page_top - oy.value
            if size > 0:
                top = bottom - size
        out.append(Char(left, top, right, bottom, chr(code)))


def _paths(parent, count, get, matrix, page_top: float, out: PageContent, budget: list[int], depth=0) -> None:
    m = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count(parent)):
        _spend(budget, 1)
        obj = get(parent, i)
        if not obj:
            continue
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            raw.FPDFPageObj_GetMatrix(obj, m)
            inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
            _paths(
                obj,
                raw.FPDFFormObj_CountObjects,
                raw.FPDFFormObj_GetObject,
                inner,
                page_top,
                out,
                budget,
                depth + 1,
            )
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
            continue  # neither stroked nor filled: draws nothing
        raw.FPDFPageObj_GetMatrix(obj, m)
        mx = _compose((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
        last: tuple[float, float] | None = None
        start: tuple[float, float] | None = None
        a, b, c, d, e, f = mx
        n = raw.FPDFPath_CountSegments(obj)
        _spend(budget, n)
        for s in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, s)
            if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            here = (a * x.value + c * y.value + e, page_top - (b * x.value + d * y.value + f))
            kind_s = raw.FPDFPathSegment_GetType(seg)
            if kind_s == raw.FPDF_SEGMENT_MOVETO:
                start = here
            elif last is not None and kind_s == raw.FPDF_SEGMENT_LINETO:
                _add(last, here, out)  # curves (Bézier segments) are never ruling lines
            last = here
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _add(here, start, out)
                last = start


def _spend(budget: list[int], n: int) -> None:
    budget[0] -= n
    if budget[0] < 0:
        raise PageTooDense("个图形元素", MAX_DRAWING - budget[0])


def _add(p: tuple[float, float], q: tuple[float, float], out: PageContent) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= STRAIGHT:
        out.horizontal.append(Segment((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= STRAIGHT:
        out.vertical.append(Segment((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _compose(inner: tuple, outer: tuple | None) -> tuple:
    """The matrix that applies ``inner`` and then ``outer`` (PDF row-vector convention)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
