"""Native PDF text -> pages of the common model (words with boxes and fonts, plus ruling lines).

Text comes from PDFium's characters (`pdfium_reader`), or pdfminer's where PDFium's reading is in
doubt (then checked against PDFium's text, `second_reading`), in content-stream order, with the
Private-Use-Area glyphs of Word + TH SarabunPSK files mapped back to Thai. Words are built here rather
than with pdfplumber's `extract_words`, whose rule "a char left of the previous one starts a new word"
splits Thai before every zero-width mark (research notes §1.1), and spaces a producer dropped are read from the gaps
they left (`_words_of_run`) and, at line wraps, from the document's habits (`settle_spaces`).
"""
from __future__ import annotations

import bisect
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect

from extractors.model import Page, Rule, Word, script_of, text_lines
from extractors.sources.pdfium_reader import PageReading, read_page
from extractors.sources.second_reading import DISAGREEMENT_SHARE, UNDECODABLE, pdfium_text, reconcile
from extractors.spacing import SpacingHabits, catalog_habits
from extractors.thai import PUA_TO_THAI, splits_into_words, token_starts

_PUA_TABLE = str.maketrans(PUA_TO_THAI)
# Marks sit on the base letter before them in the stream; they never start a word.
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_LINE_TOLERANCE = 0.35  # fraction of the font size by which two chars' tops may differ on one line
# em: a gap this much wider than its run's median letter gap is a word space whose glyph was dropped:
# about a space's width. On the dev legacy PDFs (918 runs, 20,500 gaps) gap minus median has a valley
# at 0.20-0.28 em between letter gaps (spread up to +0.2 by justification) and word gaps (+0.3 and
# up); Sarabun's own space is 0.23-0.24 em. Gaps inside Thai words are vetoed by the dictionary.
_SPACE_EXCESS = 0.22
_MIN_RUN_GAPS = 4  # fewer gaps give no usable median letter gap
# a producer that prints wrap spaces shows one at this share of its cell line breaks at least
# (LibreOffice: 62 of 375 dev office runs end on one; Word + PSK: none of 380)
_PRINTED_WRAP_SPACES = 0.05
_LINE_PITCH = 2.5  # font sizes: a cell's next line is at most this far below its previous one
_CONTEXT = 30  # characters each side of a line break that the dictionary looks at
_MAI_YAMOK = "ๆ"
_NO_BREAK_BEFORE = frozenset(_MAI_YAMOK + "ฯ.,:;!?%)]}\"'”’")
_FIT_SLACK = 0.1  # em: how much room beyond the next word's width proves it would have fitted
# A gap this many times the run's usual letter gap beyond it is more than distributed justification
# adds: its spread gaps in the dev legacy PDFs reach 2.2 times; any ratio from 2.5 to 4 scores the same.
_UNSPREAD_RATIO = 3.0
_SAME_GAP = 0.02  # em: gaps closer than this are the same width (glyph positions are rounded)
_SPLIT_GAP = 0.45  # em: a wider gap always ends a word (columns, spread letters), with or without a space
_MIN_RULE = 3.0  # points; shorter strokes are glyph parts or dots, not ruling lines
_NEIGHBOURS = tuple((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))  # rounded positions a twin may take


class PdfError(Exception):
    """A PDF that cannot be read at all (encrypted, malformed, not a PDF)."""


def read_pdf(path: Path) -> list[Page]:
    """The pages of a PDF as `Page` objects; raise `PdfError` with a one-line reason.

    PDFium reads each page (`pdfium_reader`: several times faster than pdfminer, the same glyphs); a
    page whose PDFium reading is in doubt, and every page of a file PDFium cannot open, is read by
    pdfminer and checked against PDFium's text (`_MinerPages`). The whole document is read before the
    pages are returned because whether its producer dropped the spaces at line wraps, and which of them
    to restore, is decided from all its pages (`settle_spaces`).
    """
    try:
        document: pdfium.PdfDocument | None = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError):  # what PDFium cannot open, pdfminer may still read (or say why not)
        document = None
    miner = _MinerPages(path) if document is None else None
    readings: list[tuple[PageReading, tuple[str, ...]]] = []
    try:
        for index in range(len(document) if document is not None else miner.count):  # type: ignore[union-attr]
            reading = _pdfium_reading(document, index) if document is not None else None
            if reading is None or reading.doubt:
                miner = miner or _MinerPages(path)
                readings.append(miner.page(index, pdfium_text(document, index)))
            else:
                readings.append((reading, ()))
        texts = [page_text(dedupe_chars(r.chars), tuple(rules_from_objects(r.lines, r.rects))) for r, _ in readings]
        settled = settle_spaces(texts)
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"PDF broke while reading ({type(exc).__name__}: {exc or 'no detail'})") from exc
    finally:
        if miner is not None:
            miner.close()
        if document is not None:
            document.close()
    return [
        Page(number, reading.width, reading.height, tuple(words), text.rules, flags=page_flags)
        for number, ((reading, page_flags), text, words) in enumerate(zip(readings, texts, settled), start=1)
    ]


def _pdfium_reading(document: pdfium.PdfDocument, index: int) -> PageReading | None:
    """PDFium's reading of a page, or None when PDFium fails on it: pdfminer may still read that page,
    so one page PDFium cannot load does not fail the file."""
    try:
        return read_page(document, index)
    except Exception:  # noqa: BLE001 - any failure of PDFium's reading sends the page to pdfminer
        return None


class _MinerPages:
    """pdfminer's reading of a PDF's pages (through pdfplumber), each checked against PDFium's text."""

    def __init__(self, path: Path) -> None:
        try:
            self._pdf = pdfplumber.open(path)
        except Exception as exc:  # pdfminer raises many types for broken files; pdfplumber wraps them
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, PDFPasswordIncorrect):
                raise PdfError("encrypted PDF: it needs a password; save an unprotected copy and ingest that") from exc
            raise PdfError(f"not a readable PDF ({type(cause).__name__}: {cause or 'no detail'})") from exc
        self.count = len(self._pdf.pages)

    def page(self, index: int, second_text: str | None) -> tuple[PageReading, tuple[str, ...]]:
        """One page's reading and its flags (`readers_disagree`)."""
        page = self._pdf.pages[index]
        try:
            chars, disagree = _checked_chars(dedupe_chars(page.chars), second_text)
            reading = PageReading(chars, page.lines, page.rects, float(page.width), float(page.height))
            return reading, ("readers_disagree",) if disagree else ()
        finally:
            page.close()  # pdfplumber caches per page; free it so memory stays flat over a batch

    def close(self) -> None:
        self._pdf.close()


def _checked_chars(chars: list[dict], second_text: str | None) -> tuple[list[dict], bool]:
    """pdfminer's glyphs settled against PDFium's reading of the page, and whether the readers disagree.

    The glyphs keep pdfminer's boxes; a glyph's text is PDFium's where the evidence prefers it
    (`second_reading.reconcile`). No second reading (PDFium could not open the page): as read.
    """
    if second_text is None:
        return chars, False
    ours = [_decoded(ch["text"]) for ch in chars]
    settled, disagreement = reconcile(ours, second_text)
    if settled is not ours:
        chars = [ch if new == old else {**ch, "text": new} for ch, new, old in zip(chars, settled, ours)]
    return chars, disagreement > DISAGREEMENT_SHARE * max(len(chars), 1)


def settle_spaces(texts: list[PageText]) -> list[list[Word]]:
    """Each page's words with the spaces at line wraps decided for the whole document.

    A producer that prints a space glyph at the end of its wrapped lines (a share of them: a wrap falls
    on a space now and then, `_PRINTED_WRAP_SPACES`) has said where its wraps fell between words, so
    its words stand as read. A document without any (Word's justified Thai) gets
    a space at a wrap where the next word would have fitted on the line (`_wrapped_at_space`) or
    where its own spacing habits, and the catalog's, call for one (`extractors.spacing`).
    """
    if sum(t.spaced_wraps for t in texts) >= max(1, _PRINTED_WRAP_SPACES * sum(t.all_wraps for t in texts)):
        return [text.words for text in texts]
    judged = [text.judge_breaks() for text in texts]
    habits = SpacingHabits()
    if any(wraps for _, wraps in judged):
        for text in texts:
            for line in text.lines:
                habits.learn(line)
        habits.merge(catalog_habits())
    settled = []
    for text, (fits, wraps) in zip(texts, judged):
        words = list(text.words)
        for index in fits:
            words[index] = replace(words[index], space_after=True)
        for last, first in wraps:
            if habits.space_at_wrap(words[last].text, words[first].text):
                words[last] = replace(words[last], space_after=True)
        settled.append(words)
    return settled


def dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop glyphs printed twice at (almost) the same place: fake bold, shadowed text.

    Hand-rolled because pdfplumber's `Page.dedupe_chars` clusters every char attribute and cost 23 %
    of a whole ingest on the dev PDFs (2.6 s of 11.5 s for 16 pages); a hash of (text, rounded
    position) does the same job in linear time, each glyph's position rounded once.
    """
    seen: dict[tuple[str, int, int], list[float]] = {}
    out = []
    for ch in chars:
        x0 = float(ch["x0"])
        text, column, row = ch["text"], round(x0), round(float(ch["top"]))
        if not any(abs(x - x0) <= tolerance for dx, dy in _NEIGHBOURS
                   for x in seen.get((text, column + dx, row + dy), ())):
            seen.setdefault((text, column, row), []).append(x0)
            out.append(ch)
    return out


class _Break(NamedTuple):
    """A cell's line break that did not fall on a space glyph: the line, the line below it, the index of
    the line's last word and of the next line's first word, and whether Thai letters meet there."""

    line: _Run
    below: _Run
    last: int
    first: int
    thai: bool


@dataclass(slots=True)
class PageText:
    """What one page's characters give: words and ruling lines, and the evidence for wrap spaces.

    Inside ruled table cells: `breaks` are the line breaks that did not fall on a space glyph,
    `spaced_wraps` how many did, of `all_wraps`. `lines` is each cell's part of each line, as read.
    """

    words: list[Word]
    rules: tuple[Rule, ...]
    breaks: list[_Break] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    spaced_wraps: int = 0
    all_wraps: int = 0

    def judge_breaks(self) -> tuple[list[int], list[tuple[int, int]]]:
        """(fits, wraps): line-final words after which the next line's first word would have fitted,
        and the other breaks between Thai letters, as (last word, next first word).

        Judged only when `settle_spaces` asks: a producer that prints its wrap spaces needs neither,
        and the dictionary lookups of `_wrapped_at_space` were a tenth of such a document's reading."""
        fits: list[int] = []
        wraps: list[tuple[int, int]] = []
        for wrap in self.breaks:
            if _wrapped_at_space(wrap.line, wrap.below):
                fits.append(wrap.last)
            elif wrap.thai:
                wraps.append((wrap.last, wrap.first))
        return fits, wraps


def words_from_chars(chars: list[dict], rules: tuple[Rule, ...] = ()) -> list[Word]:
    """The words of one page read on its own (a one-page document)."""
    return settle_spaces([page_text(chars, rules)])[0]


def page_text(chars: list[dict], rules: tuple[Rule, ...] = ()) -> PageText:
    """Group characters into lines, then lines into words, keeping marks with their base letters.

    Vertical `rules` cut a line into the runs of its table cells, so that a cell's letter spacing is
    judged on its own and a cell border is never read as a space; they also tell which line continues
    which inside a cell (the cell's previous run, at most `_LINE_PITCH` font sizes above), for the spaces
    a producer dropped at line wraps (`settle_spaces`).
    """
    verticals = [r for r in rules if r.x1 - r.x0 <= 1.0 and r.bottom - r.top >= _MIN_RULE]
    text = PageText([], rules)
    words = text.words
    above: dict[tuple[int, int], tuple[_Run, int]] = {}  # cell -> its last run so far, its last word
    for line in _lines(chars):
        middle = (float(line[0]["top"]) + float(line[0]["bottom"])) / 2
        cuts = sorted(r.x0 for r in verticals if r.top <= middle <= r.bottom)
        for run in _runs(_clusters(line), cuts):
            new = list(_words_of_run(run))
            if not new:
                continue
            text.lines.append(" ".join(text_lines(new)))
            if run.cell is not None:
                key = (round(run.cell[0]), round(run.cell[1]))
                previous = above.get(key)
                if previous and run.top - previous[0].top <= _LINE_PITCH * run.size:
                    _note_wrap(text, previous, run, len(words), new)
                above[key] = (run, len(words) + len(new) - 1)
            words.extend(new)
    return text


def _note_wrap(text: PageText, previous: tuple[_Run, int], run: _Run, first: int, new: list[Word]) -> None:
    """Record how the cell line `previous` wrapped onto `run`: on a space glyph, or not (judged later)."""
    line, last = previous
    text.all_wraps += 1
    if not line.clusters[-1][0].strip():
        text.spaced_wraps += 1
    else:
        thai = script_of(text.words[last].text[-1:]) == script_of(new[0].text[:1]) == "thai"
        text.breaks.append(_Break(line, run, last, first, thai))


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
        text = _decoded(ch["text"])
        if out and text and text[0] in _THAI_MARKS:
            t, base, right = out[-1]
            out[-1] = (t + text, base, max(right, float(ch["x1"])))
        else:
            out.append((text, ch, float(ch["x1"])))
    out.sort(key=lambda c: float(c[1]["x0"]))  # stable: same-x clusters keep stream order
    return out


@lru_cache(maxsize=1 << 12)
def _decoded(text: str) -> str:
    """A glyph's text with PUA variants mapped to Thai; a glyph the font could not decode becomes U+FFFD.
    Cached: a page has a few dozen distinct glyphs among its thousands.

    pdfminer writes "(cid:N)" for a glyph without a Unicode mapping, and a font without the glyph
    gives a control character (often NUL, which also breaks CSV and terminal output). U+FFFD says
    honestly that something unreadable was printed there, and the damage detector counts it. A tab
    or line break glyph is a space.
    """
    if text.startswith("(cid:"):
        return UNDECODABLE
    if text and unicodedata.category(text[0]) == "Cc":
        return " " if text.isspace() else UNDECODABLE * len(text)
    return text.translate(_PUA_TABLE)


def _logical_order(clusters: list[tuple[str, dict, float]]) -> list[tuple[str, dict, float]]:
    """Put runs of right-to-left letters (Arabic, Hebrew, with their combining marks) back into
    reading order, within a word.

    A PDF draws glyphs left to right, so sorting by x gives an RTL word backwards; PDFium's text
    reader reverses such runs and matched the dev gold ("راج", a place name) where pdfminer did not.
    Words are split on the visual order (gaps are geometric); only their text is reordered, so a
    phrase of several RTL words keeps its words in visual order (rare in Thai documents).
    """
    out: list[tuple[str, dict, float]] = []
    rtl: list[tuple[str, dict, float]] = []
    for cluster in clusters:
        kind = unicodedata.bidirectional(cluster[0][0]) if cluster[0] else ""
        if kind in ("R", "AL") or (kind == "NSM" and rtl):
            rtl.append(cluster)
            continue
        out.extend(reversed(rtl))
        rtl = []
        out.append(cluster)
    out.extend(reversed(rtl))
    return out


@dataclass(frozen=True, slots=True)
class _Run:
    """One cell's part of a text line: its clusters, the cell's x bounds inside ruled cells, and the
    usual gap between its letters (the median; None when the run has too few gaps to tell)."""

    clusters: list[tuple[str, dict, float]]
    cell: tuple[float, float] | None
    letter_gap: float | None

    @property
    def size(self) -> float:
        return float(self.clusters[0][1].get("size") or 10)

    @property
    def top(self) -> float:
        return float(self.clusters[0][1]["top"])


def _runs(clusters: list[tuple[str, dict, float]], cuts: list[float]) -> list[_Run]:
    """Split a line's clusters at the x positions of the vertical rules that cross it."""
    parts: list[tuple[list[tuple[str, dict, float]], tuple[float, float] | None]] = []
    cell = -1
    for cluster in clusters:
        here = bisect.bisect_right(cuts, float(cluster[1]["x0"]))
        if here != cell or not parts:
            parts.append(([], (cuts[here - 1], cuts[here]) if 0 < here < len(cuts) else None))
            cell = here
        parts[-1][0].append(cluster)
    return [_Run(part, bounds, _letter_gap(part)) for part, bounds in parts]


def _letter_gap(run: list[tuple[str, dict, float]]) -> float | None:
    gaps = [float(b[1]["x0"]) - a[2] for a, b in zip(run, run[1:]) if a[0].strip() and b[0].strip()]
    return max(statistics.median(gaps), 0.0) if len(gaps) >= _MIN_RUN_GAPS else None


def _wrapped_at_space(line: _Run, below: _Run) -> bool:
    """Whether a cell's line ended on a space that the producer did not print.

    A line breaker moves a word to the next line only when it does not fit. So when the first word of
    the line below would have fitted into the room left on this line, the break was not between two
    words of a run (it would have kept that word) but at a space or a paragraph end, both of which
    read as a space. The room is measured without the letter spacing that justification added; the
    cell's inner margin is taken from where this line starts. The first word is the dictionary's.
    Only documents that print no space at their wraps use the answer (`settle_spaces`).
    """
    left, right = line.cell  # type: ignore[misc]
    text = [c[0] for c in line.clusters]
    if not any(t.strip() for t in text) or not below.clusters[0][0].strip():
        return False
    first_x0 = float(line.clusters[0][1]["x0"])
    room = (right - (first_x0 - left)) - line.clusters[-1][2] + _added_spacing(line)
    # Tokenise across the break, as the breaker saw it: a word's extent depends on its context.
    tail = "".join(text).replace(" ", "")[-_CONTEXT:]
    head = "".join(c[0] for c in below.clusters).replace(" ", "")[:_CONTEXT]
    starts = token_starts(tail + head)
    if len(tail) not in starts:
        return False  # the break cut a word: an over-long word split by force, not a word boundary
    first_word = min((s for s in starts if s > len(tail)), default=len(tail + head)) - len(tail)
    while first_word < len(head) and head[first_word] in _NO_BREAK_BEFORE:
        first_word += 1  # ฯ, ๆ and closing punctuation stay with the word before them
    used = 0
    end = below.clusters[0][2]
    spread = below.letter_gap or 0.0
    for count, cluster in enumerate(below.clusters):
        if used >= first_word:
            break
        used += len(cluster[0].strip())
        end = cluster[2] - spread * count
    return room >= end - float(below.clusters[0][1]["x0"]) + _FIT_SLACK * line.size


def _added_spacing(run: _Run) -> float:
    """Width that justification spread over a run's gaps: all letter gaps, and as much per word gap."""
    gaps = [float(b[1]["x0"]) - a[2] for a, b in zip(run.clusters, run.clusters[1:])]
    usual = run.letter_gap or 0.0
    letters = [g for g in gaps if g - usual < _SPACE_EXCESS * run.size]
    return max(sum(letters), 0.0) * len(gaps) / len(letters) if letters else 0.0


def _words_of_run(run: _Run) -> Iterator[Word]:
    """Split a run (one cell's part of a line) into words at space glyphs and at gaps.

    Word's distributed justification of Thai drops the space glyphs and spreads the letters instead, so
    a word space survives only as a gap wider than the run's usual letter gap by about a space's width
    (`_SPACE_EXCESS`). Narrow cells spread their letters unevenly, so such a gap inside Thai (or inside
    a number) is a space only where the dictionary also sees a word boundary. A wide gap that is not a
    space (spread letters, columns of a table without rules) still ends the word, without a space.
    """
    spaces = _gap_spaces(run)
    current: list[tuple[str, dict, float]] = []
    space_before = True
    prev_right = None
    for index, cluster in enumerate(run.clusters):
        text, base, right = cluster
        if not text.strip():
            if current:
                yield _word(current, space_before, space_after=True)
                current = []
            space_before = True
            prev_right = right
            continue
        gap = float(base["x0"]) - prev_right if prev_right is not None else 0.0
        is_space = index in spaces
        if current and (is_space or gap > _SPLIT_GAP * float(base.get("size") or 10)):
            yield _word(current, space_before)
            current = []
            space_before = is_space
        current.append(cluster)
        prev_right = right
    if current:
        yield _word(current, space_before)


def _gap_spaces(run: _Run) -> set[int]:
    """Indices of the clusters that a dropped space precedes, by geometry checked against the dictionary.

    Between two Latin letters the gap alone decides, but only when the run has enough gaps to know its
    usual letter spacing: a short spread word ("I T A" in a narrow cell) must not fall apart. Before
    ไม้ยมก the gap decides too: newmm binds "ต่าง ๆ" into one token whether or not it was spaced, and
    both "ต่างๆ" and the Royal Institute's "ต่าง ๆ" are typed (dev documents: 3 and 5 times).

    Elsewhere a wide gap inside a newmm token is letter spacing, unless the gap is more than
    justification could have added there (`_UNSPREAD_RATIO` letter gaps beyond the usual one) and
    splitting the text at it leaves dictionary words on both sides: "แสดงความ คิดเห็น" and "จัดซื้อ
    จัดจ้าง" are typed so, while newmm reads the compounds "ความคิด", "จัดซื้อจัดจ้าง" across the space.

    A run calibrates itself: where its wide gaps inside words (letter spacing, by the rules above)
    reach some width, a gap between two Thai words no wider than that is spreading too
    ("สำหรั บ ภารกิจ" spread alike reads สำหรับภารกิจ). Where the script changes, Thai puts a space
    anyway ("30 กันยายน 2567"), so those gaps are not held to it.
    """
    clusters = run.clusters
    usual = run.letter_gap or 0.0
    excess = {
        i: float(clusters[i][1]["x0"]) - clusters[i - 1][2] - usual
        for i in range(1, len(clusters))
        if clusters[i][0].strip() and clusters[i - 1][0].strip()
    }
    wide = [i for i, extra in excess.items() if extra >= _SPACE_EXCESS * float(clusters[i][1].get("size") or 10)]
    if not wide:
        return set()
    offsets, text = [], ""
    for cluster in clusters:
        offsets.append(len(text))
        text += cluster[0].strip()
    starts = token_starts(text)
    measured = run.letter_gap is not None

    def typed_space(i: int) -> bool:
        if script_of(clusters[i - 1][0][:1]) == script_of(clusters[i][0][:1]) == "latin":
            return measured
        if offsets[i] in starts or clusters[i][0].startswith(_MAI_YAMOK):
            return True
        return measured and excess[i] >= _UNSPREAD_RATIO * usual and splits_into_words(text, offsets[i])

    def between_thai(i: int) -> bool:
        return script_of(clusters[i - 1][0][:1]) == script_of(clusters[i][0][:1]) == "thai"

    typed = {i for i in wide if typed_space(i)}
    spread = max((excess[i] for i in wide if i not in typed), default=None)
    if spread is None:
        return typed
    return {i for i in typed if not between_thai(i) or excess[i] > spread + _SAME_GAP * run.size}


def _word(clusters: list[tuple[str, dict, float]], space_before: bool, space_after: bool = False) -> Word:
    first = clusters[0][1]
    font = str(first.get("fontname") or "")
    return Word(
        text="".join(c[0] for c in _logical_order(clusters)),
        x0=min(float(c[1]["x0"]) for c in clusters),
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
