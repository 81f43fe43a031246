"""Repair what PDF producers and readers do to Thai text, and measure how damaged it is.

Thai breaks in PDFs in a few recurring shapes (see notes/research.md §1): combining marks stored as
Private Use Area glyph variants, SARA AM (ำ) decomposed or lost, marks emitted out of order, spaces
inserted before marks, marks doubled by fake bold, and letters spread apart by distributed
justification. None of the readers raise an error, so this module repairs what can be repaired from
evidence and reports what it saw:

- `reorder_marks` works on character boxes (geometry is the only evidence of which base a mark sits on);
- `repair_text` is the cheap string-level chain every text goes through; it only changes sequences that
  never occur in correct Thai, and asks the dictionary only for the one ambiguous case (า vs ำ);
- `join_split_words` is the stronger, dictionary-driven repair for pages known to be justified-damaged;
- `assess` counts damage signals so a document can be routed (another reader, OCR) instead of silently
  accepted.

NFKC/NFKD are never used: they decompose ำ into ํ + า (a compatibility decomposition).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import product

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import remove_dangling, reorder_vowels

# --- PUA glyph variants ---------------------------------------------------------------------------

# HarfBuzz Thai shaper (src/hb-ot-shaper-thai.cc, thai_pua_shape): fonts without Thai GSUB get
# positioned glyph variants at these PUA code points; a ToUnicode CMap that maps the variant instead of
# the base character leaks them into the text. (Thai character, Windows PUA, Mac PUA).
_HARFBUZZ_PUA: tuple[tuple[str, int, int], ...] = (
    # SD: shift combining mark down
    ("\u0e48", 0xF70A, 0xF88B),  # MAI EK
    ("\u0e49", 0xF70B, 0xF88E),  # MAI THO
    ("\u0e4a", 0xF70C, 0xF891),  # MAI TRI
    ("\u0e4b", 0xF70D, 0xF894),  # MAI CHATTAWA
    ("\u0e4c", 0xF70E, 0xF897),  # THANTHAKHAT
    ("\u0e38", 0xF718, 0xF89B),  # SARA U
    ("\u0e39", 0xF719, 0xF89C),  # SARA UU
    ("\u0e3a", 0xF71A, 0xF89D),  # PHINTHU
    # SDL: shift combining mark down-left
    ("\u0e48", 0xF705, 0xF88C),  # MAI EK (fixthaipdf wrongly maps F705 to MAI CHATTAWA)
    ("\u0e49", 0xF706, 0xF88F),  # MAI THO
    ("\u0e4a", 0xF707, 0xF892),  # MAI TRI
    ("\u0e4b", 0xF708, 0xF895),  # MAI CHATTAWA
    ("\u0e4c", 0xF709, 0xF898),  # THANTHAKHAT
    # SL: shift combining mark left
    ("\u0e48", 0xF713, 0xF88A),  # MAI EK
    ("\u0e49", 0xF714, 0xF88D),  # MAI THO
    ("\u0e4a", 0xF715, 0xF890),  # MAI TRI
    ("\u0e4b", 0xF716, 0xF893),  # MAI CHATTAWA
    ("\u0e4c", 0xF717, 0xF896),  # THANTHAKHAT
    ("\u0e31", 0xF710, 0xF884),  # MAI HAN-AKAT (fixthaipdf wrongly maps F710 to MAI THO)
    ("\u0e34", 0xF701, 0xF885),  # SARA I
    ("\u0e35", 0xF702, 0xF886),  # SARA II
    ("\u0e36", 0xF703, 0xF887),  # SARA UE
    ("\u0e37", 0xF704, 0xF888),  # SARA UEE
    ("\u0e47", 0xF712, 0xF889),  # MAITAIKHU
    ("\u0e4d", 0xF711, 0xF899),  # NIKHAHIT
    # RD: remove descender from base
    ("\u0e0d", 0xF70F, 0xF89A),  # YO YING
    ("\u0e10", 0xF700, 0xF89E),  # THO THAN
)

PUA_TO_THAI: dict[str, str] = {
    chr(code): thai for thai, windows, mac in _HARFBUZZ_PUA for code in (windows, mac)
}

# Invisible characters that split words for matching and tokenising: ZWSP, ZWNJ, ZWJ, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u00ad"
_TRANSLATE = str.maketrans({**PUA_TO_THAI, **dict.fromkeys(_INVISIBLE)})

# --- character classes (regex fragments) ----------------------------------------------------------

_CONS = "\u0e01-\u0e2e"  # ก..ฮ, incl. ฤ ฦ which carry marks like consonants
_THAI = "\u0e01-\u0e4e"  # letters, vowels, marks, ๆ ฯ; not the digits
_TONE = "\u0e48-\u0e4b"
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # non-spacing: above/below vowels, tones, ์ ํ ๎ ฺ ็
_NON_INITIAL = _MARK + "\u0e30\u0e32\u0e33"  # + ะ า ำ: nothing can begin a syllable with these
_LEAD = "\u0e40-\u0e44"  # เ แ โ ใ ไ: always followed by their consonant
_GAP = "[ \u00a0]+"
_AA, _AM, _NIKHAHIT = "\u0e32", "\u0e33", "\u0e4d"

# The characters of _MARK, by their order on one base in Unicode text: vowel (and NIKHAHIT, which
# shaping puts first), tone, then THANTHAKHAT/YAMAKKAN.
_MARK_RANK: dict[str, int] = {
    **dict.fromkeys("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e4d", 0),
    **dict.fromkeys("\u0e48\u0e49\u0e4a\u0e4b", 1),
    **dict.fromkeys("\u0e4c\u0e4e", 2),
}

_SPACE_AFTER_LEAD = re.compile(f"([{_LEAD}]){_GAP}(?=[{_CONS}])")
# consonant (+ tone) + gap + า: either a spurious space or a lost NIKHAHIT (ำ drawn as ํ + า).
# A chunk is a Thai run with every gap-before-า in it; the gap regex picks those after a consonant.
# It must start where a run starts: tried at every position of a run, the search was quadratic.
_SPACED_AA_CHUNK = re.compile(f"(?<![{_THAI}])[{_THAI}]+(?:{_GAP}{_AA}[{_THAI}]*)+")
_SPACED_AA_GAP = re.compile(f"(?<=[{_CONS}])([{_TONE}]?){_GAP}(?={_AA})")
_SPACE_BEFORE_NON_INITIAL = re.compile(f"(?<=[{_THAI}]){_GAP}(?=[{_NON_INITIAL}])")
# ํ + า in either tone position is the shaped or NFKD form of ำ; Unicode order is tone, ำ.
_DECOMPOSED_AM = re.compile(f"([{_TONE}]*){_NIKHAHIT}([{_TONE}]*){_AA}")
_AM_THEN_AA = re.compile(f"{_AM}{_AA}+")
# A repeated mark or following vowel is never Thai; PDFs produce it by over-printing (fake bold).
_DOUBLED = re.compile(f"([{_MARK}\u0e30\u0e32\u0e33])\\1+")

# Clean text (nearly all of it) must cost a few scans, so `repair_text` first asks `_suspect`, which
# finds a superset of what the rules of `_repair_pass` change (tests/test_thai.py checks that nothing
# outside it is changed). Each regex starts with a character class: Python's re engine scans for such
# a prefix quickly, but not for an alternation, which made one combined regex ~5x slower.
_TRANSLATABLE = re.compile("[" + "".join(PUA_TO_THAI) + _INVISIBLE + "]")
# A space before a character no syllable starts with, or after a leading vowel.
_ODD_SPACE = re.compile(f" (?:[{_NON_INITIAL}]|(?<=[{_LEAD}] ))")
# Two characters that cannot start a syllable, other than the pairs correct Thai has: vowel + tone
# or THANTHAKHAT (ที่, สิทธิ์), tone + following vowel (ค่า, น้ำ, ค่ะ), า + ะ (เกาะ).
_ODD_PAIR = re.compile(
    f"[{_NON_INITIAL}][{_NON_INITIAL}]"
    f"(?<![\u0e31\u0e34-\u0e39][{_TONE}\u0e4c])(?<![{_TONE}][\u0e30\u0e32\u0e33])(?<!\u0e32\u0e30)"
)
# NIKHAHIT (ำ parts), LAKKHANGYAO unless in ฤๅ ฦๅ without a tone after it (reorder_vowels), NBSP
# (the regexes above look for plain spaces).
_ODD_CHAR = re.compile(
    f"[{_NIKHAHIT}\u0e45\u00a0](?:(?<![\u0e24\u0e26]\u0e45)|(?=[{_TONE}]))"
)


def _suspect(text: str) -> bool:
    return bool(
        _ODD_SPACE.search(text)
        or _ODD_PAIR.search(text)
        or text[:1] in _MARK_RANK  # a mark with no base (remove_dangling)
        or _ODD_CHAR.search(text)
        or "\u0e40\u0e40" in text  # เ + เ typed for แ (reorder_vowels)
    )


# --- dictionary evidence --------------------------------------------------------------------------

# pythainlp's thai_words() has no one-letter words except ฆ ฏ ฒ; these short tokens are real text.
_SHORT_WORDS = frozenset({"ณ", "ฯ", "ๆ", "ก็"})


@lru_cache(maxsize=1 << 16)
def dictionary_cost(text: str) -> tuple[int, int]:
    """(characters outside dictionary words, number of tokens) of a Thai string, by newmm.

    Fewer unknown characters means the string reads as words; among equals, fewer tokens means
    longer words (จำนวน|เงิน beats จาน|วน|เงิน). Cached: the same fragments recur on every page.
    """
    words = thai_words()
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    unknown = sum(len(t) for t in tokens if t not in words and t not in _SHORT_WORDS)
    return unknown, len(tokens)


@lru_cache(maxsize=1 << 14)
def token_starts(text: str) -> frozenset[int]:
    """Offsets in `text` where newmm starts a token: the places a space can stand without splitting a word.

    A reader that must guess spaces from gaps asks this before putting one inside Thai: a gap that
    falls inside a dictionary word ("กันยา|ยน", "สำหรั|บ") is letter spacing, not a word space.
    """
    starts, offset = set(), 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        starts.add(offset)
        offset += len(token)
    return frozenset(starts)


def splits_into_words(text: str, offset: int) -> bool:
    """Whether cutting `text` at `offset` leaves dictionary words on both sides, as it found them.

    newmm reads the longest words it can, so a space typed inside a compound ("แสดงความ คิดเห็น")
    falls inside one of its tokens; the cut is still a word boundary when it costs nothing: no
    character that was in a dictionary word before ends up outside one.
    """
    if not 0 < offset < len(text):
        return False
    return dictionary_cost(text[:offset])[0] + dictionary_cost(text[offset:])[0] <= dictionary_cost(text)[0]


def _is_word_sequence(fragment: str) -> bool:
    return dictionary_cost(fragment)[0] == 0


def reads_better(candidate: str, current: str) -> bool:
    """Whether `candidate` reads as better Thai than `current`: valid syllable order first (no
    sequence `repair_text` would have to fix), then fewer characters outside dictionary words.

    The evidence for choosing between two readings of the same glyphs; on a tie `current` stays.
    """
    odd_candidate, odd_current = _suspect(candidate), _suspect(current)
    if odd_candidate != odd_current:
        return odd_current
    return dictionary_cost(candidate)[0] < dictionary_cost(current)[0]


# --- repair_text ----------------------------------------------------------------------------------


def repair_text(text: str) -> str:
    """Repair PDF damage in one text (a cell, a line, a paragraph) without changing clean text.

    Maps PUA variants, drops invisible characters, rebuilds ำ, removes spaces that precede characters
    no Thai syllable can begin with (and spaces after a leading vowel), collapses doubled marks, and
    puts vowels and tone marks in Unicode order. Non-Thai text, digits and newlines are left alone.
    The rules feed each other (a removed space exposes ํ + า, reordering exposes a doubled mark), so
    the chain runs until nothing changes; that also makes the function idempotent.
    """
    if _TRANSLATABLE.search(text):
        text = text.translate(_TRANSLATE)
    previous = None
    while text != previous and _suspect(text):
        previous, text = text, _repair_pass(text)
    return text


def _repair_pass(text: str) -> str:
    text = _SPACE_AFTER_LEAD.sub(r"\1", text)
    text = _SPACED_AA_CHUNK.sub(_resolve_spaced_aa, text)
    text = _SPACE_BEFORE_NON_INITIAL.sub("", text)
    text = _DECOMPOSED_AM.sub(f"\\1\\2{_AM}", text)
    text = _AM_THEN_AA.sub(_AM, text)
    text = reorder_vowels(text)
    text = _DOUBLED.sub(r"\1", text)
    # Safe only now: every space before a mark that has a Thai base has been removed above, so this
    # drops just marks with nothing to sit on (pythainlp.util.normalize runs it before re-attaching,
    # which deletes marks that a space had separated from their base).
    return remove_dangling(text)


def _resolve_spaced_aa(match: re.Match[str]) -> str:
    """Choose า or ำ for every consonant + space + า in a run of Thai, by dictionary evidence.

    The space itself is always wrong (no syllable starts with า). Whether a NIKHAHIT was lost with it
    ("จ านวน" for จำนวน) or the space is a reader's word-gap error ("เจ้ า" for เจ้า) is decided with
    the neighbouring gaps, because they interact ("ค าน า" is คำนำ, although คาน alone is a word). ำ
    wins only when it reads strictly better; on a tie the printed า stays (น้ า -> น้า, not น้ำ).
    """
    pieces = _SPACED_AA_GAP.split(match.group())  # text, tone, text, tone, ..., text
    texts, tones = pieces[0::2], pieces[1::2]  # every text after the first starts with the printed า
    joints = [tone + _AA for tone in tones]  # as printed, minus the space
    for start in range(0, len(tones), _JOINT_GAPS):
        stop = min(start + _JOINT_GAPS, len(tones))
        # Only the text near these gaps can tell; a window keeps a long damaged paragraph linear.
        window = [
            _weave(texts[: start + 1], joints[:start])[-_CONTEXT:],
            *texts[start + 1 : stop],
            texts[stop][: 1 + _CONTEXT],
        ]
        choices = [
            [tone + (_AM if am else _AA) for tone, am in zip(tones[start:stop], choice)]
            for choice in product((False, True), repeat=stop - start)
        ]
        joints[start:stop] = min(choices, key=partial(_choice_cost, window))
    return _weave(texts, joints)


def _choice_cost(window: list[str], joints: list[str]) -> tuple[tuple[int, int], int]:
    """Dictionary cost of one choice, then its number of ำ: on a tie the printed า wins."""
    return dictionary_cost(_weave(window, joints)), sum(j[-1] == _AM for j in joints)


_JOINT_GAPS = 4  # gaps decided together: 2**4 tokenisations at most
_CONTEXT = 24  # characters of context on each side, longer than most Thai words


def _weave(texts: list[str], joints: list[str]) -> str:
    """Rebuild a run: each text after the first starts with the printed า that its joint replaces."""
    return texts[0] + "".join(j + t[1:] for j, t in zip(joints, texts[1:]))


# --- join_split_words -----------------------------------------------------------------------------

# Space-separated pieces made only of Thai letters; a piece glued to anything else ("พ.ศ.") is a
# word of its own kind, not a fragment.
_SPACED_THAI_RUN = re.compile(f"(?<!\\S)[{_THAI}]+(?: +[{_THAI}]+)+(?!\\S)")
_SPACES = re.compile("( +)")
_MAX_PIECES_PER_WORD = 8
_UNKNOWN_WEIGHT = 1000.0  # one unknown character outweighs any token or gap preference
_JOIN_BROKEN_PAIR = -0.5  # gap between two non-words: a justification gap unless it costs a word
_JOIN_MIXED_PAIR = 0.01  # gap next to one word: keep unless joining reads better


def join_split_words(text: str) -> str:
    """Join Thai words that distributed justification spread into space-separated pieces.

    Only for text known to be damaged that way: the dictionary decides, and it can be wrong on names.
    A space between two pieces that are each words (or word sequences) on their own is kept as a
    real phrase space ("มาก น้อยเพียงใด"); a piece that is not a word is joined to its neighbours
    where that yields dictionary words ("ปร ะ กาศ" -> ประกาศ). `repair_text` runs before (pieces
    must be clean to be looked up) and after (joining can bring repairable characters together).
    """
    joined = _SPACED_THAI_RUN.sub(lambda m: _join_run(m.group()), repair_text(text))
    return repair_text(joined)


def _join_run(run: str) -> str:
    parts = _SPACES.split(run)
    pieces, gaps = parts[0::2], parts[1::2]
    is_word = [_is_word_sequence(p) for p in pieces]
    segments = _merge_rebuilt(pieces, _best_segments(pieces, is_word), is_word)
    out = []
    for k, (start, end) in enumerate(segments):
        if k:
            out.append(gaps[start - 1])
        out.append("".join(pieces[start:end]))
    return "".join(out)


def _best_segments(pieces: list[str], is_word: list[bool]) -> list[tuple[int, int]]:
    """Split pieces into words by dynamic programming (O(n * _MAX_PIECES_PER_WORD) tokenisations).

    Cost of a segment: unknown characters (heavily), tokens, and a small price or reward per joined
    gap. A gap between two words is never crossed: nothing in the text says it is not a real space.
    """
    n = len(pieces)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n  # (cost, segment start)
    for end in range(1, n + 1):
        gap_cost = 0.0
        for start in range(end - 1, max(-1, end - 1 - _MAX_PIECES_PER_WORD), -1):
            if start < end - 1:
                left, right = is_word[start], is_word[start + 1]
                if left and right:
                    break
                gap_cost += _JOIN_MIXED_PAIR if left or right else _JOIN_BROKEN_PAIR
            unknown, tokens = dictionary_cost("".join(pieces[start:end]))
            cost = best[start][0] + _UNKNOWN_WEIGHT * unknown + tokens + gap_cost
            if cost < best[end][0]:
                best[end] = (cost, start)
    segments = []
    end = n
    while end:
        start = best[end][1]
        segments.append((start, end))
        end = start
    return segments[::-1]


def _merge_rebuilt(
    pieces: list[str], segments: list[tuple[int, int]], is_word: list[bool]
) -> list[tuple[int, int]]:
    """Join two neighbouring words that were both rebuilt from pieces ("ประ|กาศ ประชา|สัม|พัน|ธ์").

    Inside a stretch where the line's letters were spread, the space between two rebuilt words is most
    likely spread too. A word that stands whole next to a rebuilt one keeps its space ("... ธ์ ณ").
    """
    def unknown(start: int, end: int) -> int:
        return dictionary_cost("".join(pieces[start:end]))[0]

    merged = [segments[0]]
    for start, end in segments[1:]:
        prev_start, prev_end = merged[-1]
        if (
            prev_end - prev_start > 1
            and end - start > 1
            and not (is_word[prev_end - 1] and is_word[start])
            and unknown(prev_start, end) <= unknown(prev_start, prev_end) + unknown(start, end)
        ):
            merged[-1] = (prev_start, end)
        else:
            merged.append((start, end))
    return merged


# --- reorder_marks --------------------------------------------------------------------------------

_BASE = -1  # kind of a consonant, the only base a mark sits on; a mark's kind is its rank (>= 0)
_KIND: dict[str, int] = {**dict.fromkeys(map(chr, range(0x0E01, 0x0E2F)), _BASE), **_MARK_RANK}
_KIND.update({pua: _KIND[thai] for pua, thai in PUA_TO_THAI.items()})
_ZERO_WIDTH = 0.01  # pt; pdfminer gives zero-advance marks a zero-width box at the pen position
_ZERO_WIDTH_REACH = 0.25  # share of a median base width a zero-advance mark is assumed to cover


def reorder_marks(chars: list[tuple[str, float, float]]) -> list[str]:
    """Put each combining mark of one text line right after the consonant it is drawn over.

    `chars` are (text, x0, x1) in content-stream order. Readers that sort glyphs by x, or fonts that
    shift marks, emit marks before their base or at the end of the line; the boxes still show where
    each mark sits. A mark goes to the consonant whose box it overlaps most (on a tie, the one it
    already follows); a mark that overlaps no consonant stays where it was. Non-marks keep stream order,
    marks on one base are put in Unicode order. A zero-width mark box (pdfminer: the pen position after
    its base) is read as ink to the left of that point, which is how zero-advance Thai marks are drawn.
    O(n log n) for a line; a mark lying wholly over the consonant it follows costs no search.
    """
    texts = [t for t, _, _ in chars]
    kinds = [_kind(t) for t in texts]
    bases = sorted((x0, x1, i) for i, (_, x0, x1) in enumerate(chars) if kinds[i] == _BASE)
    if not bases:
        return texts
    widths = sorted(x1 - x0 for x0, x1, _ in bases)
    reach = widths[len(widths) // 2] * _ZERO_WIDTH_REACH
    hosts: dict[int, list[int]] = {}  # index of the char a mark is to follow (-1: line start) -> marks
    in_place = True
    previous = -1
    for i, (_, x0, x1) in enumerate(chars):
        kind = kinds[i]
        if kind is None or kind == _BASE:
            previous = i
            continue
        left, right = (x0 - reach, x0) if x1 - x0 < _ZERO_WIDTH else (x0, x1)
        host = _host(left, right, previous, chars, kinds, bases, widths[-1])
        marks = hosts.setdefault(host, [])
        in_place = in_place and host == previous and (not marks or kinds[marks[-1]] <= kind)
        marks.append(i)
    if in_place:
        return texts
    out = [texts[m] for m in sorted(hosts.get(-1, ()), key=kinds.__getitem__)]
    for i, text in enumerate(texts):
        if kinds[i] is None or kinds[i] == _BASE:
            out.append(text)
            out.extend(texts[m] for m in sorted(hosts.get(i, ()), key=kinds.__getitem__))
    return out


def _kind(text: str) -> int | None:
    """Mark rank, _BASE for a consonant, None for the rest (a glyph's text may be several chars)."""
    kind = _KIND.get(text)
    if kind is not None or len(text) < 2:
        return kind
    kinds = [_KIND.get(c) for c in text]
    if all(k is not None and k >= 0 for k in kinds):
        return kinds[0]
    return _BASE if kinds[0] == _BASE else None


def _host(
    left: float,
    right: float,
    previous: int,
    chars: list[tuple[str, float, float]],
    kinds: list[int | None],
    bases: list[tuple[float, float, int]],
    max_width: float,
) -> int:
    """Index of the char a mark spanning [left, right] should follow.

    The consonant overlapping it most; on a tie the one it follows in the stream, then the leftmost.
    With no overlap at all the mark keeps its stream place (`previous`).
    """
    if previous >= 0 and kinds[previous] == _BASE:
        _, x0, x1 = chars[previous]
        if x0 <= left and right <= x1:  # wholly over the base it follows: none can overlap more
            return previous
    best, best_key = previous, (0.0, False, 0.0)
    k = bisect_left(bases, (right,)) - 1  # last base starting left of the mark's right edge
    while k >= 0 and bases[k][0] > left - max_width:
        x0, x1, i = bases[k]
        key = (round(min(right, x1) - max(left, x0), 2), i == previous, -x0)
        if key[0] > 0 and key > best_key:
            best, best_key = i, key
        k -= 1
    return best


# --- damage assessment ----------------------------------------------------------------------------

NO_SARA_AM_MIN_CONSONANTS = 400  # d2md: healthy Thai documents had ำ 28-316 times, broken ones 0

_RE_CONSONANT = re.compile(f"[{_CONS}]")
_RE_SARA_AM = re.compile(f"[{_AM}{_NIKHAHIT}]")
_RE_PUA = re.compile("[\ue000-\uf8ff]")
_RE_SPACED_AA = re.compile(f"[{_CONS}]{_GAP}{_AA}")
# Letters a Thai agency document has no reason to print: any outside Thai, ASCII and Latin-1.
# Beyond a small share of a page (a foreign name, a symbol font) they are a font map gone wrong.
_RE_FOREIGN_LETTER = re.compile("[^\\W\\d_\u0000-\u00ff\u0e00-\u0e7f]")
UNREADABLE_SHARE = 0.02  # share of a page's letters beyond which undecodable or foreign glyphs distrust it
_RE_SPACE_BEFORE_MARK = re.compile(f"(?<=[{_THAI}]){_GAP}(?=[{_MARK}\u0e30\u0e33])")


@dataclass(frozen=True, slots=True)
class TextDamage:
    """Counts of damage signals in a text; `flags` names the ones that fire.

    Run `assess` on raw text to see what a reader produced, or on repaired text to see what is left
    (`pua_left` then counts PUA code points the HarfBuzz table does not cover, e.g. symbol fonts).
    """

    thai_consonants: int
    sara_am: int  # ำ, counting NIKHAHIT too: a decomposed ํ + า is repairable, not lost
    pua_left: int  # Private Use Area code points
    spaced_aa: int  # consonant + space + า: the signature of a lost NIKHAHIT or a spurious gap
    space_before_mark: int  # space before a combining mark, ะ or ำ (า is counted in spaced_aa)
    undecodable: int = 0  # U+FFFD: glyphs the reader could not map to a character
    letters: int = 0  # letters of any script, the base for the share of foreign ones
    foreign_letters: int = 0  # letters outside Thai, ASCII and Latin-1: the mark of a wrong font map

    @property
    def flags(self) -> tuple[str, ...]:
        checks = (
            ("pua", self.pua_left > 0),
            (
                "no_sara_am",
                self.thai_consonants >= NO_SARA_AM_MIN_CONSONANTS and self.sara_am == 0,
            ),
            ("spaced_aa", self.spaced_aa > 0),
            ("space_before_mark", self.space_before_mark > 0),
            ("undecodable", self.undecodable > UNREADABLE_SHARE * max(self.letters, 1)),
            ("foreign_script", self.foreign_letters > UNREADABLE_SHARE * max(self.letters, 1)),
        )
        return tuple(name for name, fired in checks if fired)


def assess(text: str) -> TextDamage:
    """Count the damage signals of notes/research.md §1 in `text` (best on a whole document)."""
    return TextDamage(
        thai_consonants=len(_RE_CONSONANT.findall(text)),
        sara_am=len(_RE_SARA_AM.findall(text)),
        pua_left=len(_RE_PUA.findall(text)),
        spaced_aa=len(_RE_SPACED_AA.findall(text)),
        space_before_mark=len(_RE_SPACE_BEFORE_MARK.findall(text)),
        undecodable=text.count("\ufffd"),
        letters=sum(1 for c in text if c.isalpha()),
        foreign_letters=len(_RE_FOREIGN_LETTER.findall(text)),
    )
