"""Native PDF text -> pages of the common model (words with boxes and fonts, plus ruling lines).

Text comes from pdfplumber's characters in content-stream order. On the dev PDFs pdfminer's decoding
(pdfplumber) and PDFium's (pypdfium2) agree on every glyph except that PDFium drops the Private-Use-Area
glyphs of Word + TH SarabunPSK files, which pdfminer keeps and `thai.PUA_TO_THAI` maps back; so
pdfplumber's characters are the evidence-based choice (measured in `bench/` notes in the README).

Words are built here rather than with pdfplumber's `extract_words`, whose rule "a char left of the
previous one starts a new word" splits Thai before every zero-width mark (research notes §1.1).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from extractors.model import Page, Rule, Word
from extractors.thai import PUA_TO_THAI

_PUA_TABLE = str.maketrans(PUA_TO_THAI)
# Marks sit on the base letter before them in the stream; they never start a word.
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_LINE_TOLERANCE = 0.35  # fraction of the font size by which two chars' tops may differ on one line
_SPACE_GAP = 0.25  # em: a gap at least this wide (and _SPACE_RATIO times the line's usual gap) is a space
_SPACE_RATIO = 3.0
_MIN_GAPS = 10
_TIGHT = 0.12  # em: the 75th-percentile letter gap of a line whose gaps can be read as spaces
_SPLIT_GAP = 0.45  # em: a wider gap always ends a word (columns, spread letters), with or without a space
_MIN_RULE = 3.0  # points; shorter strokes are glyph parts or dots, not ruling lines


class PdfError(Exception):
    """A PDF that cannot be read at all (encrypted, malformed, not a PDF)."""


def read_pdf(path: Path) -> Iterator[Page]:
    """Yield the pages of a PDF as `Page` objects; raise `PdfError` with a one-line reason."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for broken files; pdfplumber wraps them
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise PdfError("encrypted PDF: it needs a password; save an unprotected copy and ingest that") from exc
        raise PdfError(f"not a readable PDF ({type(cause).__name__}: {cause or 'no detail'})") from exc
    try:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                yield build_page(page, number)
            finally:
                page.close()  # pdfplumber caches per page; free it so memory stays flat over a batch
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"PDF broke while reading ({type(exc).__name__}: {exc or 'no detail'})") from exc
    finally:
        pdf.close()


def build_page(page: pdfplumber.page.Page, number: int) -> Page:
    chars = dedupe_chars(page.chars)
    return Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        words=tuple(words_from_chars(chars)),
        rules=tuple(rules_from_objects(page.lines, page.rects)),
    )


def dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop glyphs printed twice at (almost) the same place: fake bold, shadowed text.

    Hand-rolled because pdfplumber's `Page.dedupe_chars` clusters every char attribute and cost 23 %
    of a whole ingest on the dev PDFs (2.6 s of 11.5 s for 16 pages); a hash of (text, rounded
    position) does the same job in linear time.
    """
    seen: dict[tuple[str, int, int], list[float]] = {}
    out = []
    for ch in chars:
        x0, top = float(ch["x0"]), float(ch["top"])
        dup = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for x in seen.get((ch["text"], round(x0) + dx, round(top) + dy), ()):
                    if abs(x - x0) <= tolerance:
                        dup = True
        if not dup:
            seen.setdefault((ch["text"], round(x0), round(top)), []).append(x0)
            out.append(ch)
    return out


def words_from_chars(chars: list[dict]) -> list[Word]:
    """Group characters into lines, then lines into words, keeping marks with their base letters."""
    words: list[Word] = []
    for line in _lines(chars):
        words.extend(_words_of_line(line))
    return words


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Cluster chars by their top into lines; stream order is kept inside a line."""
    lines: list[list[int]] = []
    for i in sorted(range(len(chars)), key=lambda k: chars[k]["top"]):
        ch = chars[i]
        tol = max(1.0, _LINE_TOLERANCE * float(ch.get("size") or 10))
        for line in reversed(lines[-3:]):
            if abs(chars[line[0]]["top"] - ch["top"]) <= tol:
                line.append(i)
                break
        else:
            lines.append([i])
    return [[chars[i] for i in sorted(line)] for line in lines]


def _clusters(line: list[dict]) -> list[tuple[str, dict, float]]:
    """Base letters with the marks that follow them in the stream: (text, base char, right edge)."""
    out: list[tuple[str, dict, float]] = []
    for ch in line:
        text = ch["text"].translate(_PUA_TABLE)
        if out and text and text[0] in _THAI_MARKS:
            t, base, right = out[-1]
            out[-1] = (t + text, base, max(right, float(ch["x1"])))
        else:
            out.append((text, ch, float(ch["x1"])))
    out.sort(key=lambda c: float(c[1]["x0"]))  # stable: same-x clusters keep stream order
    return out


def _words_of_line(line: list[dict]) -> Iterator[Word]:
    """Split a line at space glyphs and at gaps.

    Word's distributed justification of Thai drops the space glyphs of a line and spreads its letters
    instead; a word space then survives only as a gap clearly wider than the line's usual letter gap
    (measured on the dev legacy PDFs: letter gaps 0.1-2 pt, word gaps 4-6 pt at 13 pt). Such a gap is a
    space; a wide gap that is not (the letters of a very spread line) splits the word without one.
    """
    clusters = _clusters(line)
    gaps = [float(b[1]["x0"]) - a[2] for a, b in zip(clusters, clusters[1:]) if a[0].strip() and b[0].strip()]
    positive = sorted(g for g in gaps if g > 0) or [0.0]
    typical = positive[(3 * len(positive)) // 4]  # 75th percentile of the letter gaps
    # Only a justified line that lost its space glyphs gets spaces from gaps: a line with space glyphs
    # has them where they belong, and a short line has too few gaps to tell letters from words.
    read_gaps = len(gaps) >= _MIN_GAPS and not any(not c[0].strip() for c in clusters)
    current: list[tuple[str, dict, float]] = []
    space_before = True
    prev_right = None
    for cluster in clusters:
        text, base, right = cluster
        size = float(base.get("size") or 10)
        if not text.strip():
            if current:
                yield _word(current, space_before, space_after=True)
                current = []
            space_before = True
            prev_right = right
            continue
        gap = float(base["x0"]) - prev_right if prev_right is not None else 0.0
        # In a line whose letters are spread unevenly (distributed justification of a narrow cell) no gap
        # can be told from a space, so only lines with tight letter gaps get spaces from gaps.
        is_space = read_gaps and typical <= _TIGHT * size and gap > max(_SPACE_GAP * size, _SPACE_RATIO * typical)
        if current and (is_space or gap > _SPLIT_GAP * size):
            yield _word(current, space_before)
            current = []
            space_before = is_space
        current.append(cluster)
        prev_right = right
    if current:
        yield _word(current, space_before)


def _word(clusters: list[tuple[str, dict, float]], space_before: bool, space_after: bool = False) -> Word:
    first = clusters[0][1]
    font = str(first.get("fontname") or "")
    return Word(
        text="".join(c[0] for c in clusters),
        x0=float(first["x0"]),
        top=min(float(c[1]["top"]) for c in clusters),
        x1=max(c[2] for c in clusters),
        bottom=max(float(c[1]["bottom"]) for c in clusters),
        font=font,
        size=float(first.get("size") or 0),
        bold="bold" in font.lower(),
        space_before=space_before,
        space_after=space_after,
    )


def rules_from_objects(lines: list[dict], rects: list[dict]) -> Iterator[Rule]:
    """Ruling lines from stroked lines and from the edges of thin or outlined rectangles."""
    for ln in lines:
        rule = Rule(float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]))
        if max(rule.x1 - rule.x0, rule.bottom - rule.top) >= _MIN_RULE:
            yield rule
    for r in rects:
        x0, top, x1, bottom = (float(r[k]) for k in ("x0", "top", "x1", "bottom"))
        w, h = x1 - x0, bottom - top
        if h <= 2.0 and w >= _MIN_RULE:  # a filled bar drawn as a line
            yield Rule(x0, (top + bottom) / 2, x1, (top + bottom) / 2)
        elif w <= 2.0 and h >= _MIN_RULE:
            yield Rule((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
        elif w >= _MIN_RULE and h >= _MIN_RULE and r.get("stroke"):
            yield Rule(x0, top, x1, top)
            yield Rule(x0, bottom, x1, bottom)
            yield Rule(x0, top, x0, bottom)
            yield Rule(x1, top, x1, bottom)
