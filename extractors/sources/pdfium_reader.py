"""PDFium's reading of a PDF page: glyphs (text, font, size, box) and ruling lines, shaped as pdfplumber's.

Why: pdfminer's pure-Python parse was most of an ingest's time (issue 18: `ita ingest` took 2.6 times a bare
pdfplumber pass); PDFium reads the same page several times faster. Glyphs come out as pdfplumber's char
dicts (x0 at the glyph's origin, x1 one advance further, bottom at the baseline less the font's descent,
top one font size above it) and paths as its lines and rects (`pdfium_objects`), so every step after the
reader is unchanged. On the dev set, the samples and generated documents the two readers give the same
glyphs, boxes within 0.01 pt, except for the doubts below.

Where PDFium's reading is in doubt the page says why (`PageReading.doubt`) and is read with pdfminer
instead: a glyph with no Unicode (or U+FFFD, or a control code: pdfminer may decode it, and the second
reading then settles it), a Private-Use glyph the Thai map does not know, glyphs drawn rotated or
mirrored (pdfminer's boxes are then its own), and a rotated or offset page (its coordinates too).
"""
from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import pypdfium2 as pdfium
from pypdfium2 import raw

from extractors.sources.pdfium_objects import SAME, PageObjects, handle
from extractors.thai import PUA_TO_THAI

_NAME_BYTES = 256
_PUA = range(0xE000, 0xF900)
_DECOMPOSED_AM = "\u0e4d\u0e32"  # PDFium's reading of a glyph mapped to SARA AM: its compatibility decomposition
_SPACE = 0x20


@dataclass(frozen=True, slots=True)
class PageReading:
    """One page as PDFium read it: pdfplumber-shaped chars, lines and rects, the page size, and the reason
    the reading is in doubt (None when it can be used; the glyphs are then empty)."""

    chars: list[dict]
    lines: list[dict]
    rects: list[dict]
    width: float
    height: float
    doubt: str | None = None


def read_page(document: pdfium.PdfDocument, index: int) -> PageReading:
    """Read page `index` of an open document."""
    page = document[index]
    try:
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
        if page.get_rotation() or abs(left) > SAME or abs(bottom) > SAME:
            return PageReading([], [], [], width, height, "a rotated or offset page")
        objects = PageObjects(page.raw, height)
        textpage = page.get_textpage()
        try:
            chars, doubt = _Glyphs(height, objects).read(textpage.raw)
        finally:
            textpage.close()
        return PageReading(chars, objects.lines, objects.rects, width, height, doubt)
    finally:
        page.close()


class _Direct:
    """PDFium's per-character text functions, declared to take plain addresses and ints.

    pypdfium2 declares them with typed pointer arguments, which ctypes checks and converts on every call:
    half the cost of the seven calls the glyph loop makes for each character. The same functions are
    called here through prototypes of the same C signatures (fpdf_text.h) with `void *` for every pointer.
    """

    def __init__(self) -> None:
        address, index = ctypes.c_void_p, ctypes.c_int
        self.unicode = self._declare(raw.FPDFText_GetUnicode, ctypes.c_uint, address, index)
        self.generated = self._declare(raw.FPDFText_IsGenerated, ctypes.c_int, address, index)
        self.map_error = self._declare(raw.FPDFText_HasUnicodeMapError, ctypes.c_int, address, index)
        self.text_object = self._declare(raw.FPDFText_GetTextObject, address, address, index)
        self.origin = self._declare(raw.FPDFText_GetCharOrigin, ctypes.c_int, address, index, address, address)
        self.box = self._declare(raw.FPDFText_GetCharBox, ctypes.c_int, address, index, *[address] * 4)
        self.loose_box = self._declare(raw.FPDFText_GetLooseCharBox, ctypes.c_int, address, index, address)

    @staticmethod
    def _declare(function: ctypes._CFuncPtr, result: type, *arguments: type) -> ctypes._CFuncPtr:
        return ctypes.CFUNCTYPE(result, *arguments)(ctypes.cast(function, ctypes.c_void_p).value)


_DIRECT = _Direct()


@dataclass(slots=True)
class _Font:
    """A text object's font as pdfminer places its glyphs: name, size on the page, descent below the
    baseline and horizontal scale (points per unit of width), and the advance widths looked up so far."""

    handle: raw.FPDF_FONT
    name: str
    size: float
    descent: float
    scale: float
    upright: bool
    widths: dict[str, float | None] = field(default_factory=dict)

    @classmethod
    def of(cls, obj: raw.FPDF_PAGEOBJECT, size: float, m: raw.FS_MATRIX) -> _Font:
        """`size`: the font size the text object sets; `m`: the matrix that takes its glyphs to the page."""
        font = raw.FPDFTextObj_GetFont(obj)
        buffer = ctypes.create_string_buffer(_NAME_BYTES)
        length = raw.FPDFFont_GetBaseFontName(font, buffer, _NAME_BYTES)
        descent = ctypes.c_float()
        raw.FPDFFont_GetDescent(font, ctypes.c_float(size), descent)
        upright = abs(m.b) <= SAME and abs(m.c) <= SAME and m.a > 0 and m.d > 0
        return cls(font, buffer.raw[:max(length - 1, 0)].decode("utf-8", "replace"), size * m.d,
                   descent.value * m.d, size * m.a, upright)

    def width(self, text: str) -> float | None:
        """The advance of the glyph standing for `text` (one character), None when the font cannot say."""
        if text not in self.widths:
            width = ctypes.c_float()
            found = len(text) == 1 and raw.FPDFFont_GetGlyphWidth(self.handle, ord(text), ctypes.c_float(1.0), width)
            self.widths[text] = width.value * self.scale if found else None
        return self.widths[text]

    def char(self, text: str, x0: float, x1: float, baseline: float, height: float) -> dict:
        """A glyph as pdfplumber gives it; `baseline` in PDF coordinates, the dict's from the page's top."""
        bottom = height - (baseline + self.descent)
        return {"text": text, "x0": x0, "x1": x1, "top": bottom - self.size, "bottom": bottom, "size": self.size,
                "fontname": self.name}


class _Glyphs:
    """One page's glyphs from PDFium's text page, in stream order, as pdfminer reads them.

    Three differences are undone. PDFium's own spaces (gaps it reads as spaces, line ends:
    `FPDFText_IsGenerated`) are left out, since gaps are read by our own rules, except one it put in place
    of a printed space: a space glyph after a kerning gap is dropped as a duplicate of the space PDFium
    makes of that gap, which then sits at the printed space's origin, where a space made of a gap alone
    sits at the next glyph's. A text object with no extent (a space drawn on its own) PDFium skips: it is
    read as one space. And a glyph standing for several characters (a tone mark with SARA AM, or ำ read
    as its decomposition) PDFium splits into one char per character with the same origin and the same ink,
    whole or cut into side-by-side slices; they are joined back into one glyph.
    """

    def __init__(self, height: float, objects: PageObjects) -> None:
        self._height = height
        self._objects = objects
        self._fonts: dict[int, _Font] = {}
        self._found: list[tuple[int, int, dict]] = []  # (object's place in the stream, char index, char)

    def read(self, textpage: raw.FPDF_TEXTPAGE) -> tuple[list[dict], str | None]:
        """The chars and the first doubt about them (no chars then).

        This loop runs for every glyph of every page: PDFium's functions are called through `_Direct`,
        and each value is read once."""
        x, y, loose = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
        ink = [ctypes.c_double() for _ in range(4)]
        ink_left, ink_right, ink_low, ink_high = ink
        at_x, at_y, at_loose = ctypes.addressof(x), ctypes.addressof(y), ctypes.addressof(loose)
        at_ink = [ctypes.addressof(side) for side in ink]
        page = ctypes.cast(textpage, ctypes.c_void_p).value
        fonts, order_of, found, height = self._fonts, self._objects.order, self._found, self._height
        previous: tuple = ()  # the last glyph's object, origin, ink bottom and top, ink left and right
        made_space: tuple[int, float] | None = None  # index and origin of PDFium's space since that glyph
        for i in range(raw.FPDFText_CountChars(textpage)):
            code = _DIRECT.unicode(page, i)
            if _DIRECT.generated(page, i):
                if code == _SPACE:
                    _DIRECT.origin(page, i, at_x, at_y)
                    made_space = (i, x.value)
                continue
            doubt = _doubt(code) or ("a glyph with no Unicode" if _DIRECT.map_error(page, i) else None)
            key = _DIRECT.text_object(page, i) or 0
            font = fonts.get(key) or fonts.setdefault(key, self._font(textpage, i, ctypes.cast(key, raw.FPDF_PAGEOBJECT)))
            if doubt or not font.upright:
                return [], doubt or "glyphs drawn rotated or mirrored"
            _DIRECT.origin(page, i, at_x, at_y)
            _DIRECT.box(page, i, *at_ink)
            _DIRECT.loose_box(page, i, at_loose)
            origin_x, baseline = x.value, y.value
            left, right = ink_left.value, ink_right.value
            place = (key, origin_x, baseline, ink_low.value, ink_high.value)
            if previous[:5] == place and (left == previous[6] or (left, right) == previous[5:]):
                glyph = found[-1][2]
                glyph["text"] = (glyph["text"] + chr(code)).replace(_DECOMPOSED_AM, "\u0e33")
                glyph["x1"] = origin_x + _advance(font, glyph["text"], origin_x, loose.right, right)
                continue
            order = order_of.get(key, len(order_of))
            if made_space and previous[:1] == (key,) and abs(made_space[1] - origin_x) > SAME:
                found.append((order, made_space[0], font.char(" ", made_space[1], origin_x, baseline, height)))
            previous, made_space = (*place, left, right), None
            text = chr(code)
            x1 = origin_x + _advance(font, text, origin_x, loose.right, right)
            found.append((order, i, font.char(text, origin_x, x1, baseline, height)))
        self._blank_objects()
        found.sort(key=itemgetter(0, 1))
        return [ch for _, _, ch in found], None

    def _font(self, textpage: raw.FPDF_TEXTPAGE, index: int, obj: raw.FPDF_PAGEOBJECT) -> _Font:
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(textpage, index, m)
        return _Font.of(obj, raw.FPDFText_GetFontSize(textpage, index), m)

    def _blank_objects(self) -> None:
        for obj, m in self._objects.blank:
            size = ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, size)
            font = _Font.of(obj, size.value, m)
            x1 = m.e + (font.width(" ") or 0.0)
            self._found.append((self._objects.order[handle(obj)], -1, font.char(" ", m.e, x1, m.f, self._height)))


def _advance(font: _Font, text: str, origin: float, loose_right: float, ink_right: float) -> float:
    """How far the pen moves after a glyph (pdfminer's x1 - x0).

    PDFium's loose box spans the glyph's ink and its advance, so its right edge gives the advance unless
    the ink reaches as far (a mark hung right of its base, an overhang, a glyph of several characters cut
    into slices): then the font's width of the glyph's character does, when one character names it.
    """
    if loose_right > ink_right + SAME:
        return loose_right - origin
    width = font.width(text)
    return loose_right - origin if width is None else width


@lru_cache(maxsize=1 << 12)
def _doubt(code: int) -> str | None:
    """Why PDFium's reading of this character cannot be taken as it is, if it cannot."""
    if code in (0, 0xFFFD):
        return "a glyph PDFium could not decode"
    text = chr(code)
    if unicodedata.category(text) == "Cc" and not text.isspace():
        return "a control code for a glyph"
    if code in _PUA and text not in PUA_TO_THAI:
        return "a Private-Use glyph the Thai map does not know"
    return None
