"""Render the project's sample documents (corpus/samples/*.txt) to PDF in three producer styles.

    python -m corpus.render                 # every sample, every style, plus the bad files
    python -m corpus.render --only plan_pao --styles office,legacy
    python -m corpus.render --styles scan --no-bad   # the scanned copies only

Styles
  office      LibreOffice-like: ruled tables, header rows repeated on every page, cells wrap inside
              their column; a clean Unicode text layer (marks in logical order, typed spaces kept).
  borderless  the same layout without any ruling lines.
  scan        an image-only copy of the office style, as a scanner makes it: 200 dpi grey pages,
              each turned by a fraction of a degree, with paper grain and specks; written for a
              few samples (SCAN_SAMPLES) to corpus/samples/scan/, outside the pdf/ folder whose
              files the text-layer tests count. Needs pypdfium2, Pillow and numpy (installed).
  legacy      MS-Word-like output of a Thai "PSK" font: Thai marks that a PSK font draws with a
              shifted glyph are written to the text layer as Private-Use-Area code points
              (U+F70A-F70E shift-down, U+F705-F709 shift-down-left, U+F713-F717 shift-left,
              U+F701-F704/F710-F712 left-shifted upper vowels, U+F700/F70F tail-less ฐ/ญ,
              U+F718-F71A lowered lower vowels), and Thai lines are justified by letter spacing;
              no line has a space glyph (a typed space is only a gap, and a wrap drops it).

Source format (the same as the evaluation .txt sources)
  * Blank lines separate blocks. A block without TABs is a run of paragraphs (one per line).
  * A block of TAB-separated lines is a table block; its first line is the header row. A second
    header line is recognised when it starts with an empty cell and only fills the columns that the
    first header line spans (an empty header cell after a filled one spans it).
  * A table block whose header repeats the previous table's header continues that table on a new
    page (the source records where the original page broke). A data row whose leading cells are
    empty is printed as it is: it is the continuation of the row on the previous page.
  * A data row with only its first cell filled is a banner row spanning the whole table.
  * Cells may hold <p>, <br>, <li>, <ol>, <ul>, <b> tags and **bold**; an <ol> without <li> items is
    split before its inline "1. ", "2. " numbers.
  * The first block of a document is its centred bold title when all its lines are short.

Rendering uses reportlab (canvas level; no OpenType shaping) with the Sarabun font of the PyPI
package fontpkg-sarabun. Before use the font is extended with fontTools: the PSK-style Private Use
Area code points are mapped to Sarabun's own mark variants (".narrow", ".small", "thai.less") and a
few composite glyphs, and U+0E48-U+0E4C are mapped to the raised tone marks, so that glyph choice is
done here (see `thai_display`) and needs no shaping. The office and borderless styles map those code
points back to plain Thai in the ToUnicode CMap; the legacy style keeps them. Line breaks inside
Thai text use pythainlp's dictionary word segmentation. Output is deterministic (reportlab
invariant mode: fixed dates and document id).
"""
from __future__ import annotations

import argparse
import html
import io
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "samples"
STYLES = ("office", "borderless", "legacy", "scan")
SCAN_SAMPLES = ("plan_municipality", "report_tambon")  # small: OCR tests read every page
SCAN_DPI = 200  # what agencies' scanners produce (the dev set's scans are 200 dpi too)
PORTRAIT_PREFIXES = ("analysis", "item_scores")  # analysis reports are portrait

# --------------------------------------------------------------------------------------------
# Thai glyph selection (PSK / Microsoft Private-Use-Area convention)
# --------------------------------------------------------------------------------------------

TALL = set("\u0e1b\u0e1d\u0e1f\u0e2c")                 # ป ฝ ฟ ฬ: marks shift left
TAIL_LESS = {"\u0e10": "\uf700", "\u0e0d": "\uf70f"}  # ฐ ญ lose their tail above a lower vowel
LONG_TAIL = set("\u0e0e\u0e0f\u0e24\u0e26")            # ฎ ฏ ฤ ฦ: lower vowels shift down
UPPER_VOWELS = {"\u0e31": "\uf710", "\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703",
                "\u0e37": "\uf704", "\u0e47": "\uf712", "\u0e4d": "\uf711"}
LOWER_VOWELS = {"\u0e38": "\uf718", "\u0e39": "\uf719", "\u0e3a": "\uf71a"}
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"               # ่ ้ ๊ ๋ ์
SARA_AM = "\u0e33"

# PUA code point -> the Unicode it stands for (used for the office text layer)
PUA_TO_UNICODE = {0xF700: 0x0E10, 0xF70F: 0x0E0D}
for _k, _v in UPPER_VOWELS.items():
    PUA_TO_UNICODE[ord(_v)] = ord(_k)
for _k, _v in LOWER_VOWELS.items():
    PUA_TO_UNICODE[ord(_v)] = ord(_k)
for _i, _t in enumerate(TONES):
    PUA_TO_UNICODE[0xF705 + _i] = ord(_t)  # shift down-left
    PUA_TO_UNICODE[0xF70A + _i] = ord(_t)  # shift down
    PUA_TO_UNICODE[0xF713 + _i] = ord(_t)  # shift left


def is_thai_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def thai_display(text: str) -> str:
    """Choose PSK-style glyph code points for Thai marks, as MS Word + a PSK font would.

    Tone marks sit low (shift-down code points) unless the consonant carries an upper vowel or the
    syllable ends in sara am; on ป ฝ ฟ ฬ marks move left; ฐ/ญ drop their tail above a lower vowel.
    """
    out: list[str] = []
    base = None
    base_idx = -1
    has_upper = False
    n = len(text)
    for i, ch in enumerate(text):
        if is_thai_consonant(ch):
            base, base_idx, has_upper = ch, len(out), False
            out.append(ch)
        elif ch in LOWER_VOWELS and base:
            if base in TAIL_LESS:
                out[base_idx] = TAIL_LESS[base]
            out.append(LOWER_VOWELS[ch] if base in LONG_TAIL else ch)
        elif ch in UPPER_VOWELS and base:
            has_upper = True
            out.append(UPPER_VOWELS[ch] if base in TALL else ch)
        elif ch in TONES and base:
            k = TONES.index(ch)
            high = has_upper or (i + 1 < n and text[i + 1] == SARA_AM)
            if base in TALL:
                out.append(chr((0xF713 if high else 0xF705) + k))
            else:
                out.append(ch if high else chr(0xF70A + k))
        else:
            if ch != SARA_AM:
                base = None
            out.append(ch)
    return "".join(out)


MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
MARKS |= {chr(c) for c in range(0xF701, 0xF71B) if c != 0xF70F}


def clusters(disp: str) -> list[str]:
    """Split a display string into spacing clusters (a base char and its zero-width marks)."""
    out: list[str] = []
    for ch in disp:
        if ch in MARKS and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

FONT_REGULAR = "SarabunPSK-R"
FONT_BOLD = "SarabunPSK-B"
_FONTS_READY = False


def sarabun_path(weight: str) -> Path:
    """Path of a Sarabun .ttf shipped by the fontpkg-sarabun package (never a system font)."""
    p = resources.files("fontpkg_sarabun") / "files" / f"Sarabun-{weight}.ttf"
    return Path(str(p))


def build_psk_font(weight: str) -> bytes:
    """Sarabun with PSK-style PUA code points mapped to its mark variants (see module doc)."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    font = TTFont(io.BytesIO(sarabun_path(weight).read_bytes()), recalcTimestamp=False)
    for tag in ("DSIG", "GSUB", "GPOS", "GDEF"):
        if tag in font:
            del font[tag]
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    names = ["uni0E48", "uni0E49", "uni0E4A", "uni0E4B", "uni0E4C"]

    def composite(new: str, base: str, dx: int, dy: int) -> str:
        g = Glyph()
        g.numberOfContours = -1
        comp = GlyphComponent()
        comp.glyphName, comp.x, comp.y, comp.flags = base, dx, dy, 0x4
        g.components = [comp]
        glyf.glyphs[new] = g
        order.append(new)
        hmtx.metrics[new] = (0, 0)
        return new

    cmap: dict[int, str] = {0xF700: "thoThanthai.less", 0xF70F: "yoYingthai.less",
                            0xF710: "uni0E31.narrow", 0xF711: "uni0E4D.narrow", 0xF712: "uni0E47.narrow",
                            0xF718: "uni0E38.small", 0xF719: "uni0E39.small", 0xF71A: "uni0E3A.small"}
    for k, v in enumerate(["uni0E34", "uni0E35", "uni0E36", "uni0E37"]):
        cmap[0xF701 + k] = v + ".narrow"
    for k, nm in enumerate(names):
        cmap[0xF705 + k] = nm + ".narrow"          # low, left (tall consonant, no upper vowel)
        cmap[0xF70A + k] = nm                      # Sarabun's default tone mark sits low
        # raised marks: Sarabun's ".small" variants, lowered a little as its GPOS would do
        cmap[0x0E48 + k] = composite(nm + ".psk.high", nm + ".small", -10, -40)
        cmap[0xF713 + k] = composite(nm + ".psk.highleft", nm + ".small", -160, -40)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(cmap)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def register_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, weight in ((FONT_REGULAR, "Regular"), (FONT_BOLD, "Bold")):
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(build_psk_font(weight)), shapable=False))
    _FONTS_READY = True


def text_width(disp: str, bold: bool, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    return pdfmetrics.stringWidth(disp, FONT_BOLD if bold else FONT_REGULAR, size)


@contextmanager
def text_layer(style: str):
    """While saving: office/borderless write plain Thai in ToUnicode, legacy keeps the PUA codes."""
    from reportlab.pdfbase import ttfonts

    orig = ttfonts.makeToUnicodeCMap
    if style != "legacy":
        def patched(fontname, subset):
            return orig(fontname, [PUA_TO_UNICODE.get(c, c) for c in subset])
        ttfonts.makeToUnicodeCMap = patched
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = orig


# --------------------------------------------------------------------------------------------
# Source parsing
# --------------------------------------------------------------------------------------------

@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Para:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Block:
    kind: str                      # "para" | "table"
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


TAG_RE = re.compile(r"(<[^>]*>|\*\*)")
OL_ITEM_RE = re.compile(r"(?<=\S)\s+(?=(?:\d{1,2}|[๐-๙]{1,2})[.)]\s)")


def parse_source(text: str) -> list[Block]:
    blocks: list[Block] = []
    cur: list[str] = []

    def flush():
        if not cur:
            return
        if any("\t" in ln for ln in cur):
            rows = [ln.split("\t") for ln in cur]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            blocks.append(Block("table", rows=rows))
        else:
            blocks.append(Block("para", lines=list(cur)))
        cur.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip("\n")
        if not line.strip():
            flush()
        else:
            cur.append(line)
    flush()
    return blocks


def parse_rich(s: str) -> list[Para]:
    """Cell or paragraph markup -> paragraphs of bold/normal runs."""
    def split_ol(m: re.Match) -> str:
        body = m.group(0)
        if re.search(r"<li\b", body, re.I):
            return body
        return OL_ITEM_RE.sub("<br>", body)

    s = re.sub(r"<ol\b[^>]*>.*?(?:</ol>|$)", split_ol, s, flags=re.I | re.S)
    paras: list[Para] = []
    runs: list[Run] = []
    bold = False

    def end_para():
        nonlocal runs
        text = "".join(r.text for r in runs)
        if text.strip():
            # collapse whitespace across runs
            merged: list[Run] = []
            for r in runs:
                t = re.sub(r"\s+", " ", r.text)
                if merged and merged[-1].bold == r.bold:
                    merged[-1].text += t
                else:
                    merged.append(Run(t, r.bold))
            merged[0].text = merged[0].text.lstrip()
            merged[-1].text = merged[-1].text.rstrip()
            merged = [r for r in merged if r.text]
            for a, b in zip(merged, merged[1:]):
                if a.text.endswith(" ") and b.text.startswith(" "):
                    b.text = b.text[1:]
            paras.append(Para([r for r in merged if r.text]))
        runs = []

    for piece in TAG_RE.split(s):
        if not piece:
            continue
        if piece == "**":
            bold = not bold
            continue
        if piece.startswith("<") and piece.endswith(">"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            name = tag.group(1).lower() if tag else ""
            if name in ("p", "br", "li", "ol", "ul", "div", "tr"):
                end_para()
            elif name in ("b", "strong"):
                bold = not piece.startswith("</")
            continue
        runs.append(Run(html.unescape(piece), bold))
    end_para()
    return paras


def norm_key(s: str) -> str:
    return re.sub(r"\s+|<[^>]*>|\*\*", "", s)


# --------------------------------------------------------------------------------------------
# Line breaking
# --------------------------------------------------------------------------------------------

@dataclass
class Tok:
    text: str       # original Unicode
    disp: str       # display (glyph) string
    bold: bool
    space: bool
    width: float


NO_BREAK_BEFORE = set(")]}>,.:;!?/%ฯๆ”’\"'")
NO_BREAK_AFTER = set("([{<“‘\"'")


def _thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def _segments(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    out: list[str] = []
    for part in re.split(r"(\s+)", text):
        if not part:
            continue
        if part.isspace():
            out.append(" ")
        elif any(_thai_letter(c) for c in part):
            out.extend(t for t in word_tokenize(part, engine="newmm", keep_whitespace=False) if t)
        else:
            out.append(part)
    return out


def tokenize(para: Para, size: float) -> list[list[Tok]]:
    """Paragraph -> chunks: lists of tokens that must not be broken apart; a space is its own chunk."""
    chunks: list[list[Tok]] = []
    prev: Tok | None = None
    for run in para.runs:
        for seg in _segments(run.text):
            if seg == " ":
                tok = Tok(" ", " ", run.bold, True, text_width(" ", run.bold, size))
                chunks.append([tok])
                prev = tok
                continue
            disp = thai_display(seg)
            tok = Tok(seg, disp, run.bold, False, text_width(disp, run.bold, size))
            glue = False
            if prev is not None and not prev.space:
                a, b = prev.text[-1], seg[0]
                if b in NO_BREAK_BEFORE or a in NO_BREAK_AFTER:
                    glue = True
                elif not (_thai_letter(a) or _thai_letter(b)):
                    glue = True        # keep Latin words, numbers and codes whole
                elif b in MARKS or b == SARA_AM:
                    glue = True
            if glue and chunks and not chunks[-1][0].space:
                chunks[-1].append(tok)
            else:
                chunks.append([tok])
            prev = tok
    return chunks


def split_long(chunk: list[Tok], width: float, size: float) -> list[list[Tok]]:
    """Break an over-wide chunk between clusters."""
    pieces: list[list[Tok]] = []
    cur: list[Tok] = []
    curw = 0.0
    for tok in chunk:
        for cl in clusters(tok.disp):
            w = text_width(cl, tok.bold, size)
            if cur and curw + w > width:
                pieces.append(cur)
                cur, curw = [], 0.0
            text = "".join(chr(PUA_TO_UNICODE.get(ord(c), ord(c))) for c in cl)
            cur.append(Tok(text, cl, tok.bold, False, w))
            curw += w
    if cur:
        pieces.append(cur)
    return pieces


def wrap(para: Para, width: float, size: float, first_width: float | None = None) -> list[list[Tok]]:
    """Greedy line filling; the first line may be narrower (first-line indent)."""
    full = width
    width = first_width if first_width is not None else full
    lines: list[list[Tok]] = []
    cur: list[Tok] = []
    curw = 0.0
    pending: list[Tok] = []
    for chunk in tokenize(para, size):
        if chunk[0].space:
            if cur:
                pending.append(chunk[0])
            continue
        cw = sum(t.width for t in chunk)
        pw = sum(t.width for t in pending)
        if not cur or curw + pw + cw <= width + 0.01:
            if cw > width + 0.01 and not cur:
                pieces = split_long(chunk, width, size)
                for p in pieces[:-1]:
                    lines.append(p)
                    width = full
                chunk = pieces[-1]
                cw = sum(t.width for t in chunk)
                cur, curw, pending = list(chunk), cw, []
                continue
            cur.extend(pending)
            cur.extend(chunk)
            curw += pw + cw
            pending = []
        else:
            lines.append(cur)
            width = full
            pending = []
            if cw > width + 0.01:
                pieces = split_long(chunk, width, size)
                lines.extend(pieces[:-1])
                width = full
                chunk = pieces[-1]
                cw = sum(t.width for t in chunk)
            cur, curw = list(chunk), cw
    if cur:
        lines.append(cur)
    return lines


# --------------------------------------------------------------------------------------------
# Page writer
# --------------------------------------------------------------------------------------------

@dataclass
class Line:
    toks: list[Tok]
    size: float
    last: bool          # last line of its paragraph (never justified)


def draw_justified(t, toks, x0, baseline, width, size, regular: str = FONT_REGULAR,
               bold_font: str = FONT_BOLD) -> bool:
    """Word-style Thai justification: every cluster placed on its own, no space glyphs (used by the
    sample renderer and by corpus.generator, each with its own fonts).

    Returns False (and draws nothing) when the line cannot be justified."""
    items = []  # (cluster or None for a typed space, bold, natural width)
    for tk in toks:
        if tk.space:
            if items:
                items.append((None, tk.bold, tk.width))
            continue
        for cl in clusters(tk.disp):
            items.append((cl, tk.bold, text_width(cl, tk.bold, size)))
    glyphs = [it for it in items if it[0] is not None]
    natural = sum(it[2] for it in items)
    slack = width - natural
    letter_gaps = 0
    word_gaps = 0
    prev_glyph = False
    for it in items:
        if it[0] is None:
            word_gaps += 1
            prev_glyph = False
        else:
            if prev_glyph:
                letter_gaps += 1
            prev_glyph = True
    if not glyphs or slack <= 0:
        return False
    per_letter = 0.0
    per_word = 0.0
    if word_gaps:
        per_letter = min(slack * 0.35 / letter_gaps, 1.3) if letter_gaps else 0.0
        per_word = (slack - per_letter * letter_gaps) / word_gaps
    elif letter_gaps:
        per_letter = slack / letter_gaps
    if per_letter > 5.0 or per_word > size * 3:
        per_letter, per_word = min(per_letter, 1.0), min(per_word, size * 0.5)
    cx = x0
    prev_glyph = False
    for cl, bold, w in items:
        if cl is None:
            cx += w + per_word
            prev_glyph = False
            continue
        if prev_glyph:
            cx += per_letter
        t.setTextOrigin(cx, baseline)
        t.setFont(bold_font if bold else regular, size)
        t.textOut(cl)
        cx += w
        prev_glyph = True
    return True


def draw_toks(t, toks, x0: float, baseline: float, width: float, size: float, legacy: bool, justify: bool,
              regular: str = FONT_REGULAR, bold_font: str = FONT_BOLD) -> None:
    """One line's tokens into a text object as its producer writes them (used by the sample renderer
    and by corpus.generator, each with its own fonts): Word + PSK justifies cluster by cluster and prints
    no space glyph; LibreOffice justifies by widening its space glyphs; otherwise runs of one weight."""
    if legacy and justify and draw_justified(t, toks, x0, baseline, width, size, regular, bold_font):
        return
    if justify:
        # LibreOffice: justify by widening the spaces; the space glyphs stay in the text
        n_sp = sum(1 for tk in toks if tk.space)
        extra = (width - sum(tk.width for tk in toks)) / n_sp if n_sp else 0.0
        if extra > size * 1.5:
            extra = 0.0
        cx = x0
        for tk in toks:
            t.setTextOrigin(cx, baseline)
            t.setFont(bold_font if tk.bold else regular, size)
            t.textOut(tk.disp)
            cx += tk.width + (extra if tk.space else 0.0)
    elif legacy:
        # Word + PSK: no space glyph in the text layer at all; a typed space is only a gap
        cx = x0
        for tk in toks:
            if not tk.space:
                t.setTextOrigin(cx, baseline)
                t.setFont(bold_font if tk.bold else regular, size)
                t.textOut(tk.disp)
            cx += tk.width
    else:
        t.setTextOrigin(x0, baseline)
        cur_bold = None
        buf = ""
        for tk in toks:
            if tk.bold != cur_bold and buf:
                t.setFont(bold_font if cur_bold else regular, size)
                t.textOut(buf)
                buf = ""
            cur_bold = tk.bold
            buf += tk.disp
        if buf:
            t.setFont(bold_font if cur_bold else regular, size)
            t.textOut(buf)


class Writer:
    def __init__(self, out, style: str, landscape: bool, meta: dict, encrypt=None):
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.pagesizes import landscape as to_landscape
        from reportlab.pdfgen import canvas

        register_fonts()
        self.style = style
        self.pagesize = to_landscape(A4) if landscape else A4
        self.c = canvas.Canvas(out, pagesize=self.pagesize, invariant=1, pageCompression=1,
                               encrypt=encrypt)
        legacy = style == "legacy"
        self.c.setCreator("Microsoft® Word 2016" if legacy else "Writer")
        self.c.setProducer(("Microsoft® Word 2016" if legacy else "LibreOffice 7.5")
                           + " (synthetic sample: corpus/render.py)")
        self.c.setAuthor(meta.get("author", ""))
        self.c.setTitle(meta.get("title", ""))
        self.c.setSubject("ITA sample document, %s style" % style)
        self.margin_x = 42.0 if landscape else 60.0
        self.margin_top = 40.0 if landscape else 56.0
        self.margin_bottom = 36.0 if landscape else 50.0
        self.width = self.pagesize[0] - 2 * self.margin_x
        self.y = self.pagesize[1] - self.margin_top
        self.page_has_content = False
        self.auto_splits = 0

    # -- page management
    @property
    def bottom(self) -> float:
        return self.margin_bottom

    @property
    def top(self) -> float:
        return self.pagesize[1] - self.margin_top

    def new_page(self):
        self.c.showPage()
        self.y = self.top
        self.page_has_content = False

    def space_left(self) -> float:
        return self.y - self.bottom

    # -- text
    def leading(self, size: float) -> float:
        return size * 1.45

    def draw_line(self, line: Line, x: float, baseline: float, width: float, align: str,
                  justify: bool):
        toks = line.toks
        while toks and toks[-1].space:
            toks = toks[:-1]
        while toks and toks[0].space:
            toks = toks[1:]
        if not toks:
            return
        size = line.size
        natural = sum(t.width for t in toks)
        c = self.c
        t = c.beginText()
        if align == "center":
            x0 = x + max(0.0, (width - natural) / 2)
        elif align == "right":
            x0 = x + max(0.0, width - natural)
        else:
            x0 = x
        draw_toks(t, toks, x0, baseline, width, size, self.style == "legacy",
                  justify and not line.last and natural < width)
        c.drawText(t)

    def layout(self, paras: list[Para], width: float, size: float, bold: bool = False,
               indent: float = 0.0) -> list[Line]:
        lines: list[Line] = []
        for p in paras:
            if bold:
                p = Para([Run(r.text, True) for r in p.runs])
            wrapped = wrap(p, width, size, first_width=width - indent if indent else None)
            for i, toks in enumerate(wrapped):
                lines.append(Line(toks, size, i == len(wrapped) - 1))
        return lines

    # -- paragraphs
    def paragraph(self, para: Para, size: float, align: str = "left", indent: float = 0.0,
                  space_before: float = 0.0, space_after: float = 4.0, justify: bool = True,
                  keep_with: float = 0.0):
        lead = self.leading(size)
        lines = self.layout([para], self.width, size, indent=indent)
        if self.page_has_content:
            self.y -= space_before
        need = lead * min(len(lines), 2) + keep_with
        if self.space_left() < need and self.page_has_content:
            self.new_page()
        for i, ln in enumerate(lines):
            if self.space_left() < lead:
                self.new_page()
            baseline = self.y - size * 1.12
            x = self.margin_x + (indent if i == 0 else 0.0)
            w = self.width - (indent if i == 0 else 0.0)
            self.draw_line(ln, x, baseline, w, align, justify)
            self.y -= lead
            self.page_has_content = True
        self.y -= space_after

    # -- tables
    def table(self, spec: "TableSpec", header: list[list[str]], body: list[list[str]],
              size: float, continued: bool):
        if continued and self.page_has_content:
            self.new_page()
        pad_x, pad_y = 4.0, 3.0
        lead = self.leading(size)
        xs = [self.margin_x]
        for w in spec.widths:
            xs.append(xs[-1] + w)
        hcells = header_cells(header, spec.ncols)
        h_layout = []
        for (r, c0, c1, rspan, text) in hcells:
            w = xs[c1 + 1] - xs[c0] - 2 * pad_x
            h_layout.append((r, c0, c1, rspan, self.layout(parse_rich(text), w, size, bold=True)))
        row_h = [0.0] * len(header)
        for (r, c0, c1, rspan, lines) in h_layout:
            if rspan == 1:
                row_h[r] = max(row_h[r], len(lines) * lead + 2 * pad_y)
        for (r, c0, c1, rspan, lines) in h_layout:
            if rspan > 1:
                have = sum(row_h[r:r + rspan])
                need = len(lines) * lead + 2 * pad_y
                if need > have:
                    row_h[r + rspan - 1] += need - have
        header_h = sum(row_h)

        def draw_header():
            top = self.y
            for (r, c0, c1, rspan, lines) in h_layout:
                y_top = top - sum(row_h[:r])
                h = sum(row_h[r:r + rspan])
                text_h = len(lines) * lead
                y0 = y_top - (h - text_h) / 2
                for i, ln in enumerate(lines):
                    self.draw_line(ln, xs[c0] + pad_x, y0 - i * lead - size * 1.12,
                                   xs[c1 + 1] - xs[c0] - 2 * pad_x, "center", False)
                self.rule_box(xs[c0], y_top - h, xs[c1 + 1] - xs[c0], h)
            self.y = top - header_h
            self.page_has_content = True

        laid_rows = []
        for row in body:
            banner = bool(row[0].strip()) and not any(x.strip() for x in row[1:]) and spec.ncols > 2
            if banner:
                cells = [(0, spec.ncols - 1, row[0])]
            else:
                cells = [(j, j, row[j]) for j in range(spec.ncols)]
            laid = []
            for (c0, c1, text) in cells:
                w = xs[c1 + 1] - xs[c0] - 2 * pad_x
                laid.append((c0, c1, self.layout(parse_rich(text), w, size)))
            laid_rows.append(laid)
        # keep the header with (the start of) the first body rows
        first_lines = 0
        for laid in laid_rows[:2]:
            first_lines += max((len(ls) for _, _, ls in laid), default=1)
        min_body = lead * min(max(first_lines, 1), 4) + 2 * pad_y
        if self.space_left() < header_h + min_body:
            self.new_page()
        draw_header()
        for laid in laid_rows:
            n_lines = max((len(ls) for _, _, ls in laid), default=0)
            start = 0
            while True:
                remaining = n_lines - start
                fit = int((self.space_left() - 2 * pad_y) // lead)
                if remaining <= fit:
                    take = remaining
                else:
                    body_h = self.top - self.bottom - header_h
                    if fit >= 2 and (self.space_left() > 0.25 * body_h or
                                     remaining * lead + 2 * pad_y > body_h):
                        take = fit
                        self.auto_splits += 1
                    else:
                        self.new_page()
                        draw_header()
                        continue
                h = max(take, 1) * lead + 2 * pad_y
                y_top = self.y
                for (c0, c1, lines) in laid:
                    part = lines[start:start + take]
                    for i, ln in enumerate(part):
                        self.draw_line(ln, xs[c0] + pad_x, y_top - pad_y - i * lead - size * 1.12,
                                       xs[c1 + 1] - xs[c0] - 2 * pad_x, "left",
                                       self.style == "legacy")
                    self.rule_box(xs[c0], y_top - h, xs[c1 + 1] - xs[c0], h)
                self.y -= h
                self.page_has_content = True
                start += take
                if start >= n_lines:
                    break
                self.new_page()
                draw_header()
        self.y -= 8.0

    def rule_box(self, x, y, w, h):
        if self.style == "borderless":
            return
        c = self.c
        c.setLineWidth(0.5)
        c.rect(x, y, w, h, stroke=1, fill=0)

    def save(self):
        with text_layer(self.style):
            self.c.save()


def header_cells(header: list[list[str]], ncols: int):
    """Header rows -> cells (row, first col, last col, rowspan, text) with spans resolved."""
    cells = []
    if not header:
        return cells
    row0 = header[0]
    groups = []  # (c0, c1)
    j = 0
    while j < ncols:
        k = j
        if row0[j].strip():
            while k + 1 < ncols and not row0[k + 1].strip() and len(header) > 1 and \
                    header[1][k + 1].strip():
                k += 1
        groups.append((j, k))
        j = k + 1
    for (c0, c1) in groups:
        text = row0[c0]
        spans_down = len(header) > 1 and c0 == c1 and not header[1][c0].strip()
        cells.append((0, c0, c1, 2 if spans_down else 1, text))
        if len(header) > 1 and not spans_down:
            if c0 == c1:
                cells.append((1, c0, c0, 1, header[1][c0]))
            else:
                for j in range(c0, c1 + 1):
                    cells.append((1, j, j, 1, header[1][j]))
    return cells


def is_subheader(row0: list[str], row1: list[str]) -> bool:
    """Second header line: starts empty and only fills columns the first line spans."""
    if row1[0].strip():
        return False
    spanned = set()
    for j in range(1, len(row0)):
        if not row0[j].strip() and row0[j - 1].strip():
            spanned.update({j - 1, j})
    filled = {j for j, x in enumerate(row1) if x.strip()}
    return bool(filled) and filled <= spanned


@dataclass
class TableSpec:
    ncols: int
    widths: list[float]


def column_widths(rows: list[list[str]], header: list[list[str]], avail: float, size: float) -> list[float]:
    ncols = len(header[0])
    load = [0.0] * ncols
    minw = [0.0] * ncols
    for row in rows:
        banner = bool(row[0].strip()) and not any(x.strip() for x in row[1:])
        if banner:
            continue
        for j in range(ncols):
            text = " ".join(p.text for p in parse_rich(row[j]))
            load[j] += text_width(thai_display(text), False, size)
            for seg in _segments(text):
                if seg.strip():
                    minw[j] = max(minw[j], min(text_width(thai_display(seg), False, size), 110.0))
    for hrow in header:
        for j in range(ncols):
            for seg in _segments(" ".join(p.text for p in parse_rich(hrow[j]))):
                if seg.strip():
                    minw[j] = max(minw[j], text_width(thai_display(seg), True, size))
    minw = [m + 10.0 for m in minw]
    minw = [max(m, 34.0) for m in minw]
    weight = [max(l, 1.0) ** 0.6 for l in load]
    fixed: dict[int, float] = {}
    for _ in range(ncols):
        free = [j for j in range(ncols) if j not in fixed]
        rest = avail - sum(fixed.values())
        tot = sum(weight[j] for j in free)
        changed = False
        for j in free:
            share = rest * weight[j] / tot
            if share < minw[j]:
                fixed[j] = minw[j]
                changed = True
        if not changed:
            break
    free = [j for j in range(ncols) if j not in fixed]
    rest = avail - sum(fixed.values())
    tot = sum(weight[j] for j in free) or 1.0
    return [fixed[j] if j in fixed else rest * weight[j] / tot for j in range(ncols)]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------

HEADING_RE = re.compile(r"^\s*(?:\*\*|<b>)?\s*(?:[0-9๐-๙]+\s*[.)]|ส่วนที่|ตอนที่|ด้าน)")


def render_document(source: str, out, style: str, landscape: bool, encrypt=None) -> Writer:
    blocks = parse_source(source)
    title_lines: list[str] = []
    body_start = 0
    if blocks and blocks[0].kind == "para" and not title_lines_done(blocks[0]):
        title_lines = list(blocks[0].lines)
        body_start = 1
    meta = {"title": re.sub(r"<[^>]*>|\*\*", "", title_lines[0]) if title_lines else ""}
    w = Writer(out, style, landscape, meta, encrypt=encrypt)
    para_size = 14.0 if not landscape else 13.0
    cell_size = 11.5 if landscape else 11.0
    for ln in title_lines:
        for p in parse_rich(ln):
            w.paragraph(Para([Run(r.text, True) for r in p.runs]), 15.0, align="center",
                        space_after=2.0, justify=False)
    if title_lines:
        w.y -= 6.0

    # table groups share column widths: key = normalised first header row
    groups: dict[str, list[list[str]]] = {}
    headers: dict[str, list[list[str]]] = {}
    for b in blocks[body_start:]:
        if b.kind != "table":
            continue
        key = norm_key("\t".join(b.rows[0]))
        hdr = [b.rows[0]]
        if len(b.rows) > 1 and is_subheader(b.rows[0], b.rows[1]):
            hdr.append(b.rows[1])
        headers.setdefault(key, hdr)
        groups.setdefault(key, []).extend(b.rows[len(hdr):])
    specs = {k: TableSpec(len(headers[k][0]), column_widths(rows, headers[k], w.width, cell_size))
             for k, rows in groups.items()}

    prev_table_key = None
    rest = blocks[body_start:]
    for bi, b in enumerate(rest):
        if b.kind == "para":
            nxt = rest[bi + 1] if bi + 1 < len(rest) else None
            for ln in b.lines:
                paras = parse_rich(ln)
                for p in paras:
                    text = p.text
                    short = len(text) <= 110
                    heading = short and (HEADING_RE.match(ln) is not None or
                                         all(r.bold for r in p.runs))
                    keep = 0.0
                    if heading and nxt is not None and nxt.kind == "table" and ln == b.lines[-1]:
                        keep = w.leading(cell_size) * 8
                    if heading:
                        w.paragraph(Para([Run(r.text, True) for r in p.runs]), para_size,
                                    space_before=4.0, space_after=2.0, justify=False, keep_with=keep)
                    else:
                        bullet = text.startswith(("-", "•"))
                        indent = 36.0 if len(text) > 110 and not bullet else 0.0
                        w.paragraph(p, para_size, indent=indent, justify=len(text) > 110)
            prev_table_key = None
        else:
            key = norm_key("\t".join(b.rows[0]))
            hdr_n = 2 if len(b.rows) > 1 and is_subheader(b.rows[0], b.rows[1]) else 1
            continued = prev_table_key == key
            w.table(specs[key], b.rows[:hdr_n], b.rows[hdr_n:], cell_size, continued)
            prev_table_key = key
    w.save()
    return w


def title_lines_done(b: Block) -> bool:
    """A paragraph block ends the title area when one of its lines reads like body text."""
    return any(len(ln) > 120 or ln.lstrip().startswith(("-", "•")) for ln in b.lines)


def is_landscape(name: str) -> bool:
    return not name.startswith(PORTRAIT_PREFIXES)


def render_sample(src: Path, style: str, out_dir: Path) -> Path:
    out = out_dir / f"{src.stem}.{style}.pdf"
    w = render_document(src.read_text("utf-8"), str(out), style, is_landscape(src.stem))
    if w.auto_splits:
        print(f"  note: {out.name}: {w.auto_splits} row(s) split at a page end by the renderer",
              file=sys.stderr)
    return out


def render_scan(src: Path, out_dir: Path) -> Path:
    """An image-only PDF of the office rendering, scanned: grey, slightly turned, grainy.

    Deterministic: the angles and the noise come from a generator seeded with the sample's name,
    and the PDF's dates are fixed."""
    import time
    import zlib

    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    office = io.BytesIO()
    render_document(src.read_text("utf-8"), office, "office", is_landscape(src.stem))
    rng = np.random.default_rng(zlib.crc32(src.stem.encode()))
    pages = []
    for page in pdfium.PdfDocument(office.getvalue()):
        image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(float(rng.uniform(-0.6, 0.6)), resample=Image.Resampling.BICUBIC, fillcolor=255)
        pixels = np.asarray(image, np.float32) * 0.93 + 10 + rng.normal(0.0, 5.0, (image.height, image.width))
        pixels[rng.random(pixels.shape) < 0.0003] = 90  # dust specks
        pages.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{src.stem}.scan.pdf"
    fixed = time.gmtime(1704067200)  # 2024-01-01
    pages[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:], quality=60,
                  title=src.stem, creationDate=fixed, modDate=fixed)
    return out


# --------------------------------------------------------------------------------------------
# Bad inputs for tests
# --------------------------------------------------------------------------------------------

NO_TABLE_TEXT = """ประกาศองค์การบริหารส่วนตำบลหนองตะเคียนงาม
เรื่อง ประชาสัมพันธ์ช่องทางการแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ

องค์การบริหารส่วนตำบลหนองตะเคียนงาม ขอประชาสัมพันธ์ให้ประชาชนทราบว่า ผู้ที่พบเห็นเจ้าหน้าที่เรียกรับเงินหรือผลประโยชน์ใด ๆ เพื่อแลกกับการให้บริการ สามารถแจ้งเรื่องร้องเรียนได้ที่ศูนย์ดำรงธรรมขององค์การบริหารส่วนตำบล ทางโทรศัพท์ ทางเว็บไซต์ของหน่วยงาน หรือส่งหนังสือถึงนายกองค์การบริหารส่วนตำบลโดยตรง ข้อมูลของผู้ร้องเรียนจะถูกเก็บรักษาไว้เป็นความลับ

ประกาศ ณ วันที่ ๑๕ พฤศจิกายน พ.ศ. ๒๕๖๗
"""

ENCRYPT_USER_PASSWORD = "ita-sample"
ENCRYPT_OWNER_PASSWORD = "ita-owner"


def render_bad(out_dir: Path, pdf_dir: Path) -> list[Path]:
    from reportlab.lib.pdfencrypt import StandardEncryption

    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    p = out_dir / "empty.pdf"
    p.write_bytes(b"")
    made.append(p)
    p = out_dir / "not_a_pdf.pdf"
    p.write_text("นี่ไม่ใช่ไฟล์ PDF แต่เป็นไฟล์ข้อความธรรมดาที่ตั้งชื่อลงท้ายด้วย .pdf\n"
                 "This is a plain text file renamed to .pdf.\n", "utf-8")
    made.append(p)
    full = pdf_dir / "plan_tambon.office.pdf"
    if not full.exists():
        render_sample(SAMPLES / "plan_tambon.txt", "office", pdf_dir)
    data = full.read_bytes()
    p = out_dir / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    made.append(p)
    p = out_dir / "encrypted.pdf"
    enc = StandardEncryption(ENCRYPT_USER_PASSWORD, ENCRYPT_OWNER_PASSWORD, canPrint=0,
                             canModify=0, canCopy=0, canAnnotate=0, strength=128)
    render_document((SAMPLES / "plan_tambon.txt").read_text("utf-8"), str(p), "office", True,
                    encrypt=enc)
    made.append(p)
    p = out_dir / "no_table.pdf"
    render_document(NO_TABLE_TEXT, str(p), "office", False)
    made.append(p)
    return made


# --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated sample names (default: all)")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated styles")
    ap.add_argument("--samples", default=str(SAMPLES), help="folder with <name>.txt sources")
    ap.add_argument("--no-bad", action="store_true", help="skip the bad-input files")
    a = ap.parse_args(argv)
    samples = Path(a.samples)
    pdf_dir = samples / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    names = a.only.split(",") if a.only else None
    styles = [s for s in a.styles.split(",") if s]
    for s in styles:
        if s not in STYLES:
            ap.error(f"unknown style {s!r}; choose from {', '.join(STYLES)}")
    for src in sorted(samples.glob("*.txt")):
        if names and src.stem not in names:
            continue
        for style in styles:
            if style == "scan":
                if src.stem not in SCAN_SAMPLES:
                    continue
                out = render_scan(src, samples / "scan")
            else:
                out = render_sample(src, style, pdf_dir)
            print(f"{out.relative_to(samples.parent)}  {out.stat().st_size // 1024} KB")
    if not a.no_bad and not names:
        for p in render_bad(samples / "bad", pdf_dir):
            print(f"{p.relative_to(samples.parent)}  {p.stat().st_size} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
