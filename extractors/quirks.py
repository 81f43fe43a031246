"""Font quirks a whole document shows, repaired by the dictionary where the evidence is clear.

Two quirks of real producers decode wrongly in every reader, so no glyph-level rule can fix them:
- a font whose SARA AA is mapped to SARA AM (BrowalliaNew cells in MS Word 365 exports): the page
  shows ความ, บริการ, the text layer says ควำม, บริกำร;
- text extracted with spaces inside words (THSarabunIT๙ exports): หน่ ว ยงาน.
Both are decided for the document first, from how many words the repair turns from non-words into
dictionary words, so a clean document (whose ำ and spaces are real) is left alone. Then each word is
repaired only where the dictionary reads it strictly better; a word the dictionary cannot decide
keeps its text and flags its page (`aa_as_am`, `spaced_words`), which `text_quality` records.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extractors.model import Page, Word, text_lines
from extractors.thai import dictionary_cost, join_split_words

_AM = "\u0e33"
_AA = "\u0e32"
_THAI_RUN = re.compile("[\u0e01-\u0e4e]+")
# Thai pieces separated by single spaces; a piece an abbreviation's dot ends (พ.ศ., อ.) is no piece
_SPACED_RUN = re.compile("(?<![.\u0e01-\u0e4e])[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+)+(?![.\u0e01-\u0e4e])")
MIN_EVIDENCE = 3  # words the repair must turn into dictionary words before a document is judged quirky
MIN_SHARE = 0.2  # ... and this share of the words it could touch


def _aa_for_am(run: str) -> tuple[str, bool]:
    """Each ำ of a Thai run read as า where that reads strictly better; (text, undecided ำ left).

    A run usually holds several misread ำ, and one alone mended rarely makes words of its
    neighbours: so every ำ is read as า first when that reads better than none, and then each is
    given back its ำ where that reads better still (a real ำ: สำรวจ, จำนวน); else each ำ is tried
    alone."""
    positions = [i for i, ch in enumerate(run) if ch == _AM]
    every = run.replace(_AM, _AA)
    if dictionary_cost(every)[0] < dictionary_cost(run)[0]:
        out, swap = every, _AM
    else:
        out, swap = run, _AA
    for i in positions:
        candidate = out[:i] + swap + out[i + 1:]
        better = dictionary_cost(candidate) < dictionary_cost(out) if swap == _AM \
            else dictionary_cost(candidate)[0] < dictionary_cost(out)[0]  # giving ำ back: longer words win ties
        if better:
            out = candidate
    undecided = _AM in out and dictionary_cost(out)[0] > 0
    return out, undecided


def _repair_aa(text: str) -> tuple[str, bool]:
    undecided = False

    def fix(m: re.Match[str]) -> str:
        nonlocal undecided
        if _AM not in m.group():
            return m.group()
        fixed, left = _aa_for_am(m.group())
        undecided |= left
        return fixed

    return _THAI_RUN.sub(fix, text), undecided


def _has_aa_quirk(words: list[str]) -> bool:
    runs = [m.group() for w in words for m in _THAI_RUN.finditer(w) if _AM in m.group()]
    fixed = sum(1 for r in runs if _aa_for_am(r)[0] != r)
    return fixed >= MIN_EVIDENCE and fixed >= MIN_SHARE * len(runs)


def _has_spaced_quirk(lines: list[str]) -> bool:
    runs = [m.group() for line in lines for m in _SPACED_RUN.finditer(line)]
    joined = sum(1 for r in runs if join_split_words(r) != r)
    return joined >= MIN_EVIDENCE and joined >= MIN_SHARE * len(runs)


def repair_quirks(pages: list[Page]) -> list[Page]:
    """Pages with the document's font quirks repaired and their doubtful pages flagged."""
    words = [w.text for p in pages for w in p.words]
    aa = _has_aa_quirk(words)
    spaced = _has_spaced_quirk([line for p in pages for line in text_lines(list(p.words))])
    if not aa and not spaced:
        return pages
    return [_repair_page(p, aa, spaced) for p in pages]


def _repair_page(page: Page, aa: bool, spaced: bool) -> Page:
    flags = list(page.flags)
    words: list[Word] = list(page.words)
    if aa:
        undecided = False
        for i, w in enumerate(words):
            if _AM in w.text:
                text, left = _repair_aa(w.text)
                undecided |= left
                if text != w.text:
                    words[i] = replace(w, text=text)
        if undecided:
            flags.append("aa_as_am")
    if spaced:
        words = _join_spaced(words)
        left = [m.group() for line in text_lines(words) for m in _SPACED_RUN.finditer(line)]
        if any(join_split_words(run) != run for run in left):
            flags.append("spaced_words")
    return replace(page, words=tuple(words), flags=tuple(dict.fromkeys(flags)))


def _join_spaced(words: list[Word]) -> list[Word]:
    """Spaces inside a word's text, and the space between two words of one line, removed where the
    dictionary joins the pieces into words (`thai.join_split_words`)."""
    out: list[Word] = []
    for w in sorted(words, key=lambda w: (round(w.top), w.x0)):
        text = join_split_words(w.text) if " " in w.text else w.text
        w = replace(w, text=text) if text != w.text else w
        prev = out[-1] if out else None
        if prev is not None and abs(prev.top - w.top) <= max(1.0, 0.35 * (w.size or 10)) \
                and (w.space_before or prev.space_after) and _THAI_RUN.fullmatch(prev.text[-1:] or "") \
                and _THAI_RUN.fullmatch(w.text[:1] or ""):
            tail = prev.text.split(" ")[-1]
            head = w.text.split(" ")[0]
            if _THAI_RUN.fullmatch(tail) and _THAI_RUN.fullmatch(head) \
                    and " " not in join_split_words(f"{tail} {head}"):
                out[-1] = replace(prev, text=prev.text + w.text, x1=w.x1, space_after=w.space_after,
                                  bottom=max(prev.bottom, w.bottom))
                continue
        out.append(w)
    return out
