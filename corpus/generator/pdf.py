"""Draw a generated Document as a PDF in the office, borderless or legacy producer style.

Reuses corpus.render for what it already does well (PSK glyph choice `thai_display`, Thai line
wrapping `wrap`, rich-text parsing, the font build), and adds what generated layouts need and the
sample renderer lacks: body cells merged down a column (rowspan) and across (banners), header
groups of any depth, page orientation changing between sections, continuation pages with or
without the header repeated, horizontal-only ruling, and the legacy font quirks (a cell font whose
SARA AA reaches the text layer as SARA AM; text with spaces inside words).
"""
from __future__ import annotations

import io
import zlib
from contextlib import contextmanager
from typing import Optional

from corpus import render as R
from corpus.generator.model import Document, PageBreak, Paragraph, Table

FONT_R = "ItaGen-R"
FONT_B = "ItaGen-B"
QUIRK_AA = 0xF8E0          # draws SARA AA, tells the text layer SARA AM (BrowalliaNew-like cells)
QUIRK_DIGIT0 = 0xF8F0      # F8F0-F8F9 draw Thai digits, tell the text layer ASCII digits (THSarabunIT๙)
_THAI_DIGIT_TO_QUIRK = {0x0E50 + i: chr(QUIRK_DIGIT0 + i) for i in range(10)}
_READY = False


def register() -> None:
    """Sarabun with the PSK PUA glyphs (corpus.render) plus the quirk code point."""
    global _READY
    if _READY:
        return
    from fontTools.ttLib import TTFont as FT
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    R.register_fonts()
    for name, weight in ((FONT_R, "Regular"), (FONT_B, "Bold")):
        font = FT(io.BytesIO(R.build_psk_font(weight)), recalcTimestamp=False)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[QUIRK_AA] = "uni0E32"
                for i in range(10):
                    table.cmap[QUIRK_DIGIT0 + i] = table.cmap[0x0E50 + i]
        # a face name of its own: reportlab shares faces by name, and corpus.render's Sarabun
        # (same name, without these code points) would be used instead
        for rec in font["name"].names:
            if rec.nameID in (1, 3, 4, 6):
                rec.string = f"ItaGen-{weight}" if rec.nameID in (4, 6) else ("ItaGen" if rec.nameID == 1 else
                                                                              f"ItaGen-{weight}-1.0")
        buf = io.BytesIO()
        font.save(buf)
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(buf.getvalue()), shapable=False))
    _READY = True


@contextmanager
def text_layer(style: str):
    """Office/borderless: PUA glyphs read back as plain Thai; legacy keeps PUA. The quirk code point
    always reads as SARA AM (that is the quirk)."""
    from reportlab.pdfbase import ttfonts

    orig = ttfonts.makeToUnicodeCMap

    def patched(fontname, subset):
        out = []
        for c in subset:
            if c == QUIRK_AA:
                out.append(0x0E33)
            elif QUIRK_DIGIT0 <= c <= QUIRK_DIGIT0 + 9:
                out.append(0x30 + c - QUIRK_DIGIT0)
            elif style != "legacy":
                out.append(R.PUA_TO_UNICODE.get(c, c))
            else:
                out.append(c)
        return orig(fontname, out)

    ttfonts.makeToUnicodeCMap = patched
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = orig


def _quirk_disp(disp: str, quirk: Optional[str], key: int) -> list[str]:
    """Display pieces of a token under a font quirk; a " " piece is a space glyph inside a word."""
    if quirk == "am":
        return [disp.replace("\u0e32", chr(QUIRK_AA))]
    if quirk == "spaced":
        cl = R.clusters(disp)
        if len(cl) < 4 or not any("\u0e01" <= c <= "\u0e2e" for c in disp):
            return [disp]
        out: list[str] = []
        for i, c in enumerate(cl):
            out.append(c)
            if 0 < i < len(cl) - 1 and (key + i * 7) % 5 == 0:
                out.append(" ")
        return out
    return [disp]


def fit_widths(tb: Table, avail: float, size: float, pad_x: float) -> list[float]:
    """Column widths from the table's weights, widened so that no word of a cell (or bold header
    word) must be cut, as a word processor's autofit does (capped: a very long word still breaks)."""
    ncols = len(tb.widths)
    minw = [30.0] * ncols
    for grid, bold in ((tb.header, True), (tb.body, False)):
        for row in grid:
            for j, cell in enumerate(row):
                if cell is None or cell.colspan != 1:
                    continue
                for p in R.parse_rich(cell.text):
                    for seg in R._segments(p.text):
                        if seg.strip():
                            w = R.text_width(R.thai_display(seg), bold or cell.bold, size) + 2 * pad_x + 2
                            minw[j] = max(minw[j], min(w, 95.0))
    fixed: dict[int, float] = {}
    for _ in range(ncols):
        free = [j for j in range(ncols) if j not in fixed]
        if not free:
            break
        rest = avail - sum(fixed.values())
        wt = sum(tb.widths[j] for j in free)
        changed = False
        for j in free:
            if rest * tb.widths[j] / wt < minw[j]:
                fixed[j] = minw[j]
                changed = True
        if not changed:
            break
    free = [j for j in range(ncols) if j not in fixed]
    rest = max(avail - sum(fixed.values()), 1.0)
    wt = sum(tb.widths[j] for j in free) or 1.0
    out = [fixed.get(j, rest * tb.widths[j] / wt) for j in range(ncols)]
    scale = avail / sum(out)
    return [w * scale for w in out] if scale < 1 else out


class PdfWriter:
    """Page flow: paragraphs and tables, page orientation per section."""

    def __init__(self, out, style: str, orientation: str, title: str):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        register()
        self.style = style
        self.A4 = A4
        self.orientation = orientation
        self.c = canvas.Canvas(out, pagesize=self._size(orientation), invariant=1, pageCompression=1)
        legacy = style == "legacy"
        self.c.setCreator("Microsoft® Word 2016" if legacy else "Writer")
        self.c.setProducer(("Microsoft® Word 2016" if legacy else "LibreOffice 7.5")
                           + " (synthetic: corpus/generator)")
        self.c.setTitle(title)
        self._geometry()
        self.digit_glyphs = False   # legacy: Thai digits drawn, ASCII in the text layer
        self.page_has_content = False
        self.pages = 1
        self.row_splits = 0

    def _size(self, orientation: str):
        w, h = self.A4
        return (h, w) if orientation == "landscape" else (w, h)

    def _geometry(self):
        land = self.orientation == "landscape"
        self.pagesize = self._size(self.orientation)
        self.margin_x = 42.0 if land else 56.0
        self.top = self.pagesize[1] - (40.0 if land else 54.0)
        self.bottom = 36.0 if land else 50.0
        self.width = self.pagesize[0] - 2 * self.margin_x
        self.y = self.top

    def new_page(self, orientation: Optional[str] = None):
        self.c.showPage()
        self.pages += 1
        if orientation and orientation != self.orientation:
            self.orientation = orientation
        self.c.setPageSize(self._size(self.orientation))
        self._geometry()
        self.page_has_content = False

    def space_left(self) -> float:
        return self.y - self.bottom

    @staticmethod
    def lead(size: float) -> float:
        return size * 1.45

    # -- lines -----------------------------------------------------------------------------
    def draw_line(self, line: R.Line, x: float, baseline: float, width: float, align: str,
                  justify: bool, quirk: Optional[str] = None):
        toks = list(line.toks)
        if self.digit_glyphs and self.style == "legacy":
            toks = [R.Tok(t.text, t.disp.translate(_THAI_DIGIT_TO_QUIRK), t.bold, t.space, t.width) for t in toks]
        while toks and toks[-1].space:
            toks.pop()
        while toks and toks[0].space:
            toks.pop(0)
        if not toks:
            return
        size = line.size
        natural = sum(t.width for t in toks)
        x0 = x
        if align == "center":
            x0 = x + max(0.0, (width - natural) / 2)
        elif align == "right":
            x0 = x + max(0.0, width - natural)
        t = self.c.beginText()
        legacy = self.style == "legacy"
        if quirk is not None:
            cx = x0
            for k, tk in enumerate(toks):
                if not tk.space:
                    px = cx
                    for piece in _quirk_disp(tk.disp, quirk, zlib.crc32(tk.text.encode()) + k):
                        t.setTextOrigin(px, baseline)
                        t.setFont(FONT_B if tk.bold else FONT_R, size)
                        t.textOut(piece)
                        px += 1.2 if piece == " " else R.text_width(piece.replace(chr(QUIRK_AA), "\u0e32"),
                                                                    tk.bold, size)
                elif not legacy:
                    t.setTextOrigin(cx, baseline)
                    t.setFont(FONT_R, size)
                    t.textOut(" ")
                cx += tk.width
        else:
            R.draw_toks(t, toks, x0, baseline, width, size, legacy, justify and not line.last and natural < width,
                        FONT_R, FONT_B)
        self.c.drawText(t)

    def layout(self, markup: str, width: float, size: float, bold: bool = False) -> list[R.Line]:
        lines: list[R.Line] = []
        for p in R.parse_rich(markup):
            if bold:
                p = R.Para([R.Run(r.text, True) for r in p.runs])
            wrapped = R.wrap(p, max(width, 20.0), size)
            for i, toks in enumerate(wrapped):
                lines.append(R.Line(toks, size, i == len(wrapped) - 1))
        return lines

    # -- paragraphs --------------------------------------------------------------------------
    def paragraph(self, p: Paragraph, default_size: float):
        size = p.size or default_size
        lead = self.lead(size)
        markup = f"<b>{p.text}</b>" if p.bold else p.text
        width = self.width - p.indent
        lines = self.layout(markup, width, size)
        if self.page_has_content:
            self.y -= p.space_before
        need = lead * min(len(lines), 2) + (lead * 6 if p.keep_with_next else 0.0)
        if self.space_left() < need and self.page_has_content:
            self.new_page()
        align = "left" if p.align == "justify" else p.align
        for ln in lines:
            if self.space_left() < lead:
                self.new_page()
            self.draw_line(ln, self.margin_x + p.indent, self.y - size * 1.12, width, align,
                           p.align == "justify", p.quirk if self.style == "legacy" else None)
            self.y -= lead
            self.page_has_content = True
        self.y -= 3.0

    # -- tables ------------------------------------------------------------------------------
    def rule_box(self, mode: str, x: float, y: float, w: float, h: float):
        c = self.c
        c.setLineWidth(0.5)
        if mode == "grid":
            c.rect(x, y, w, h, stroke=1, fill=0)
        elif mode == "horizontal":
            c.line(x, y, x + w, y)
            c.line(x, y + h, x + w, y + h)

    def table(self, tb: Table, size: float):
        # office and legacy rule every cell; borderless draws none, or only the horizontals
        mode = "grid"
        if self.style == "borderless":
            mode = "horizontal" if tb.rules == "horizontal" else "none"
        pad_x, pad_y = 3.5, 2.5
        lead = self.lead(size)
        widths = fit_widths(tb, self.width, size, pad_x)
        xs = [self.margin_x]
        for w in widths:
            xs.append(xs[-1] + w)

        # header layout
        hl = []
        for r, row in enumerate(tb.header):
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                w = xs[j + cell.colspan] - xs[j] - 2 * pad_x
                hl.append((r, j, cell, self.layout(cell.text, w, size, bold=True)))
        nh = len(tb.header)
        row_h = [0.0] * nh
        for r, j, cell, lines in hl:
            if cell.rowspan == 1:
                row_h[r] = max(row_h[r], len(lines) * lead + 2 * pad_y)
        for r, j, cell, lines in hl:
            if cell.rowspan > 1:
                have = sum(row_h[r:r + cell.rowspan])
                need = len(lines) * lead + 2 * pad_y
                if need > have:
                    row_h[r + cell.rowspan - 1] += need - have
        header_h = sum(row_h)

        def draw_header():
            top = self.y
            for r, j, cell, lines in hl:
                y_top = top - sum(row_h[:r])
                h = sum(row_h[r:r + cell.rowspan])
                x0, x1 = xs[j], xs[j + cell.colspan]
                if tb.header_fill and self.style != "borderless":
                    self.c.setFillGray(0.88)
                    self.c.rect(x0, y_top - h, x1 - x0, h, stroke=0, fill=1)
                    self.c.setFillGray(0)
                y0 = y_top - (h - len(lines) * lead) / 2
                for i, ln in enumerate(lines):
                    self.draw_line(ln, x0 + pad_x, y0 - i * lead - size * 1.12, x1 - x0 - 2 * pad_x,
                                   "center", False)
                self.rule_box(mode, x0, y_top - h, x1 - x0, h)
            self.y = top - header_h
            self.page_has_content = True

        # body layout: lines of every cell
        body_lines: dict[tuple[int, int], list] = {}
        for r, row in enumerate(tb.body):
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                w = xs[j + cell.colspan] - xs[j] - 2 * pad_x
                body_lines[(r, j)] = self.layout(cell.text, w, size, bold=cell.bold)

        body_h = self.top - self.bottom - header_h
        if tb.header:
            first = 2 * lead + 2 * pad_y
            if self.space_left() < header_h + first:
                self.new_page()
            draw_header()
        # active spans: col -> dict(start row, end row, lines, pos, seg_top, x0, x1, cell)
        spans: dict[int, dict] = {}

        def close_segments():
            for sp in spans.values():
                self.rule_box(mode, sp["x0"], self.y, sp["x1"] - sp["x0"], sp["seg_top"] - self.y)

        def page_turn():
            close_segments()
            self.new_page()
            if tb.header and tb.repeat_header:
                draw_header()
            for sp in spans.values():
                sp["seg_top"] = self.y

        for r, row in enumerate(tb.body):
            if r in tb.breaks and r > 0:
                page_turn()
            own = []  # (j, cell, lines) of cells starting here with rowspan 1
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                lines = body_lines[(r, j)]
                if cell.rowspan > 1:
                    spans[j] = dict(start=r, end=r + cell.rowspan - 1, lines=lines, pos=0, seg_top=self.y,
                                    x0=xs[j], x1=xs[j + cell.colspan], cell=cell)
                else:
                    own.append((j, cell, lines))
            need = max([len(ls) for _, _, ls in own] + [1])
            for sp in spans.values():
                if sp["end"] == r:
                    need = max(need, len(sp["lines"]) - sp["pos"])
            if spans and any(sp["start"] == r for sp in spans.values()):
                # a merged cell starts here: its first lines should start on this page
                if self.space_left() < 2 * lead + 2 * pad_y and self.page_has_content:
                    for sp in spans.values():
                        if sp["start"] == r:
                            sp["seg_top"] = self.y  # nothing drawn yet
                    page_turn()
            start = 0
            while start < need:
                remaining = need - start
                fit = int((self.space_left() - 2 * pad_y) // lead)
                if remaining <= fit:
                    take = remaining
                elif fit >= 2 and (self.space_left() > 0.25 * body_h or remaining * lead + 2 * pad_y > body_h):
                    take = fit
                    self.row_splits += 1
                else:
                    page_turn()
                    continue
                h = take * lead + 2 * pad_y
                y_top = self.y
                for j, cell, lines in own:
                    x0, x1 = xs[j], xs[j + cell.colspan]
                    for i, ln in enumerate(lines[start:start + take]):
                        self.draw_line(ln, x0 + pad_x, y_top - pad_y - i * lead - size * 1.12,
                                       x1 - x0 - 2 * pad_x, cell.align, False,
                                       cell.quirk if self.style == "legacy" else None)
                    self.rule_box(mode, x0, y_top - h, x1 - x0, h)
                for sp in spans.values():
                    part = sp["lines"][sp["pos"]:sp["pos"] + take]
                    for i, ln in enumerate(part):
                        self.draw_line(ln, sp["x0"] + pad_x, y_top - pad_y - i * lead - size * 1.12,
                                       sp["x1"] - sp["x0"] - 2 * pad_x, sp["cell"].align, False,
                                       sp["cell"].quirk if self.style == "legacy" else None)
                    sp["pos"] += len(part)
                self.y -= h
                self.page_has_content = True
                start += take
                if start < need:
                    page_turn()
            for j in [j for j, sp in spans.items() if sp["end"] == r]:
                sp = spans.pop(j)
                self.rule_box(mode, sp["x0"], self.y, sp["x1"] - sp["x0"], sp["seg_top"] - self.y)
        close_segments()
        self.y -= 8.0

    def save(self):
        with text_layer(self.style):
            self.c.save()


def render_pdf(doc: Document, style: str, out) -> dict:
    """Draw the document; returns layout facts (pages, rows split by the page flow)."""
    w = PdfWriter(out, style, doc.orientation, doc.title)
    w.digit_glyphs = bool(doc.features.get("legacy_digit_glyphs"))
    for b in doc.blocks:
        land = w.orientation == "landscape"
        if isinstance(b, PageBreak):
            if w.page_has_content:
                w.new_page(b.orientation)
            elif b.orientation != w.orientation:   # nothing drawn yet: turn this page instead
                w.orientation = b.orientation
                w.c.setPageSize(w._size(w.orientation))
                w._geometry()
        elif isinstance(b, Paragraph):
            w.paragraph(b, 13.5 if land else 14.0)
        elif isinstance(b, Table):
            w.table(b, b.size or (11.0 if land else 10.5))
    w.save()
    return {"pages": w.pages, "row_splits": w.row_splits}
