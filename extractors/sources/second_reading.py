"""PDFium's text of a page pdfminer read, to check pdfminer's reading and to settle where they differ.

PDFium reads pages first (`pdfium_reader`); pdfminer (through pdfplumber) reads a page where PDFium's
reading is in doubt (a glyph it could not decode, one with no Unicode map), and PDFium's text of that
page is then the second reading. PDFium decodes the same glyphs with its own font code. On the dev PDFs (office and legacy) and on our samples the two agree glyph
for glyph once PUA glyphs are mapped and ำ is composed, except for glyphs neither can decode. Where
they do differ, each differing glyph is decided by evidence: a glyph pdfminer could not decode
(U+FFFD) takes PDFium's reading; otherwise PDFium's reading wins only when its word reads as better
Thai (`thai.reads_better`: valid syllable order, then dictionary words), pdfminer's on a tie.

A page whose readers disagree on more than `DISAGREEMENT_SHARE` of its glyphs is flagged
`readers_disagree` and not trusted: neither reading can then be taken for what was typed.
"""
from __future__ import annotations

from collections import Counter

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from extractors.thai import PUA_TO_THAI, reads_better

DISAGREEMENT_SHARE = 0.02
UNDECODABLE = "\ufffd"
_CONTEXT = 12  # characters of the same text on each side that the evidence looks at
_PUA_TABLE = str.maketrans(PUA_TO_THAI)


def pdfium_text(document: pdfium.PdfDocument | None, index: int) -> str | None:
    """PDFium's text of page `index`; None when PDFium could not open the file or read the page (no check)."""
    if document is None:
        return None
    try:
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                return textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
    except Exception:  # a check must never stop the reading: any PDFium failure skips it
        return None


def reconcile(ours: list[str], theirs: str) -> tuple[list[str], int]:
    """Settle pdfminer's glyph texts (`ours`, stream order, PUA already mapped) against PDFium's page text.

    Returns the glyph texts, PDFium's reading taken where the evidence prefers it, and the number of
    glyphs the two readers still disagree on after that (counted as multisets, so reading order and
    ำ composition do not count, nor glyphs neither can decode).
    """
    their_text = _comparable(theirs.translate(_PUA_TABLE))
    if not _disagreement(_comparable("".join(ours)), their_text):
        return ours, 0
    our_text, owner = _composed(ours)
    settled = list(ours)
    for op in Levenshtein.opcodes(our_text, their_text):
        if op.tag != "replace" or op.src_end - op.src_start != op.dest_end - op.dest_start:
            continue
        for offset in range(op.src_end - op.src_start):
            position = op.src_start + offset
            glyph = owner[position]
            other = their_text[op.dest_start + offset]
            if glyph is not None and _prefer(ours[glyph], other, our_text, position):
                settled[glyph] = other
    return settled, _disagreement(_comparable("".join(settled)), their_text)


def _composed(glyphs: list[str]) -> tuple[str, list[int | None]]:
    """Our text as `_comparable` gives it, with the glyph each character came from: None where one
    character stands for several glyphs (ํ + า read as ำ) or one glyph gave several characters."""
    text: list[str] = []
    owner: list[int | None] = []
    for index, glyph in enumerate(glyphs):
        if glyph.isspace() or not glyph:
            continue
        if glyph == "\u0e32" and text and text[-1] == "\u0e4d":
            text[-1], owner[-1] = "\u0e33", None
            continue
        text.extend(glyph)
        owner.extend([index] if len(glyph) == 1 else [None] * len(glyph))
    return "".join(text), owner


def _prefer(mine: str, other: str, text: str, position: int) -> bool:
    """Whether PDFium's `other` should replace our `mine` at `position` of our text."""
    if mine == UNDECODABLE:
        return other != UNDECODABLE
    left, right = text[max(0, position - _CONTEXT):position], text[position + 1:position + 1 + _CONTEXT]
    return reads_better(left + other + right, left + mine + right)


def _comparable(text: str) -> str:
    """Text as both readers should give it: no whitespace or control characters, ำ composed."""
    return "".join(c for c in text if c.isprintable() and not c.isspace()).replace("\u0e4d\u0e32", "\u0e33")


def _disagreement(ours: str, theirs: str) -> int:
    """Glyphs one reader has and the other has not; glyphs neither could decode are not a disagreement."""
    mine, other = Counter(ours.replace(UNDECODABLE, "")), Counter(theirs.replace(UNDECODABLE, ""))
    return max(sum((mine - other).values()), sum((other - mine).values()))
