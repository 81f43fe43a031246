"""A page's objects as PDFium holds them, walked in content-stream order with form XObjects opened.

Why a walk of its own: PDFium's text page gives glyphs but no paths, may order text objects its own way
(pdfminer keeps the stream's order, which marks rely on to find their base letter), and silently skips a
text object with no extent (a space drawn on its own). The walk gives, for the glyph reader
(`pdfium_reader`), each text object's place in the stream and the blank ones; and the ruling-line
candidates as pdfplumber gives them: pdfminer's lines ("ml", "mlh") and axis-aligned closed four-sided
shapes ("mlllh", "mllll") among the subpaths, curves left out, as `lines` and `rects` dicts.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator

from pypdfium2 import raw

SAME = 0.01  # points: positions closer than this are the same (PDFium keeps floats)
_DRAWN = (raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO)


def matrix(obj: raw.FPDF_PAGEOBJECT) -> raw.FS_MATRIX:
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    return m


def times(m: raw.FS_MATRIX, n: raw.FS_MATRIX | None) -> raw.FS_MATRIX:
    """m then n: a point in a form's space mapped by the object's matrix, then by the form's."""
    if n is None:
        return m
    return raw.FS_MATRIX(m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d, m.c * n.a + m.d * n.c,
                         m.c * n.b + m.d * n.d, m.e * n.a + m.f * n.c + n.e, m.e * n.b + m.f * n.d + n.f)


def handle(obj: ctypes._Pointer) -> int:
    """A PDFium object's address: the same object reached from the text page and from the walk.
    (`addressof` of what it points to: a seventh of `cast`'s cost, asked for every glyph.)"""
    return ctypes.addressof(obj.contents) if obj else 0


class PageObjects:
    """A page's text objects in stream order (`order`: address -> place), the ones with no extent and
    the matrix that places them (`blank`), and its ruling candidates (`lines`, `rects`, top-left origin)."""

    def __init__(self, page: raw.FPDF_PAGE, height: float) -> None:
        self.order: dict[int, int] = {}
        self.blank: list[tuple[raw.FPDF_PAGEOBJECT, raw.FS_MATRIX]] = []
        self.lines: list[dict] = []
        self.rects: list[dict] = []
        self._height = height
        count = raw.FPDFPage_CountObjects(page)
        self._walk((raw.FPDFPage_GetObject(page, i) for i in range(count)), None)

    def _walk(self, objects: Iterator[raw.FPDF_PAGEOBJECT], outer: raw.FS_MATRIX | None) -> None:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                self.order[handle(obj)] = len(self.order)
                left, bottom, right, top = (ctypes.c_float() for _ in range(4))
                raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                if right.value - left.value < SAME:
                    self.blank.append((obj, times(matrix(obj), outer)))
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                self._path(obj, times(matrix(obj), outer))
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                count = raw.FPDFFormObj_CountObjects(obj)
                self._walk((raw.FPDFFormObj_GetObject(obj, i) for i in range(count)), times(matrix(obj), outer))

    def _path(self, obj: raw.FPDF_PAGEOBJECT, m: raw.FS_MATRIX) -> None:
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        x, y = ctypes.c_float(), ctypes.c_float()
        subpath: list[tuple[str, float, float]] = []
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            kind = raw.FPDFPathSegment_GetType(segment)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                self._subpath(subpath, bool(stroke.value))
                subpath = [("m", *point)]
            elif kind in _DRAWN and subpath:
                subpath.append(("l" if kind == raw.FPDF_SEGMENT_LINETO else "c", *point))
                if raw.FPDFPathSegment_GetClose(segment):
                    subpath.append(("h", *subpath[0][1:]))
        self._subpath(subpath, bool(stroke.value))

    def _subpath(self, subpath: list[tuple[str, float, float]], stroke: bool) -> None:
        """Keep a subpath pdfminer makes a line or a rect of (its `paint_path`, same shapes and tests).

        PDFium closes a path with a line back to its start (for `re` and for `h` alike), which pdfminer
        drops as redundant before its "h". A shape with a curve ("c") is neither.
        """
        if len(subpath) > 3 and subpath[-1][0] == "h" and subpath[-2][0] == "l" and subpath[-2][1:] == subpath[0][1:]:
            del subpath[-2]
        shape = "".join(op for op, _, _ in subpath)
        points = [(px, py) for _, px, py in subpath]
        if shape in ("ml", "mlh"):
            self.lines.append(self._box(points[:2], stroke))
        elif shape in ("mlllh", "mllll") and points[0] == points[4]:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
            if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
                self.rects.append(self._box(points[:4], stroke))

    def _box(self, points: list[tuple[float, float]], stroke: bool) -> dict:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return {"x0": min(xs), "x1": max(xs), "top": self._height - max(ys), "bottom": self._height - min(ys),
                "stroke": stroke}
