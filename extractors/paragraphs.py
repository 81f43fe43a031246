"""Where a paragraph ends inside a table cell, from the geometry of its lines.

Agencies often write the steps of a measure one per paragraph, with no number or bullet, so the
text alone cannot say where one step ends and the next begins. The layout can: a word processor
wraps a line only when the next word does not fit, so a line that stops well short of the column's
right edge, with room left for the first word of the line below it, ended its paragraph there.
Thai has no spaces between words, so "the first word" is the dictionary's first word of the line.
The rule holds for left-aligned and justified text; a line that does not start at the column's
left edge (centred text, an indented continuation) is never taken as a paragraph end.
"""
from __future__ import annotations

import statistics
import unicodedata
from functools import lru_cache

from pythainlp.tokenize import word_tokenize

from extractors.model import Cell, Word, line_text, word_lines

_SLACK = 0.5  # em: room beyond the next word's width before a short line counts as an ending
_LEFT = 1.0  # em: how far from the column's left edge a line may start and still be flush left
# Share of the column a short line must leave empty: producers' line breakers do not split Thai as
# our dictionary does (LibreOffice kept "นายกองค์การบริหารส่วนจัง" whole), so a little room proves nothing.
_MIN_ROOM = 0.4


def paragraph_ends(lines: list[list[Word]], left: float, right: float) -> tuple[int, ...]:
    """Indices of the lines (words left to right) that end a paragraph before the last line.

    `left` and `right` are the column's text edges: the leftmost start and rightmost end of any
    line in the column (a single cell's lines show too little of the column's width)."""
    ends = []
    for i, (line, below) in enumerate(zip(lines, lines[1:])):
        em = statistics.median(w.size or 10.0 for w in line)
        if line[0].x0 - left > _LEFT * em:
            continue
        room = right - line[-1].x1
        if room >= _MIN_ROOM * (right - left) and room > first_word_width(below[0]) + _SLACK * em:
            ends.append(i)
    return tuple(ends)


def wraps_on(line: list[Word], below: list[Word], right: float) -> bool:
    """Whether `line` was wrapped into `below` (one paragraph going on): the first word of `below`
    would not have fitted in the room `line` leaves before the column's right edge `right`."""
    em = statistics.median(w.size or 10.0 for w in line)
    return right - line[-1].x1 < first_word_width(below[0]) + _SLACK * em


def first_word_width(word: Word) -> float:
    """The printed width of the first dictionary word of `word`'s text, by its share of the
    characters that take up width (combining vowels and tone marks sit above or below)."""
    text = word.text
    head = _first_word(text)
    return (word.x1 - word.x0) * _advancing(head) / max(1, _advancing(text))


@lru_cache(maxsize=8192)
def _first_word(text: str) -> str:
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return tokens[0] if tokens else text


def _advancing(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c) != "Mn")


def text_edges(words: list[Word]) -> tuple[float, float]:
    """The leftmost start and rightmost end of `words` (a column's, or a cell's own)."""
    return min((w.x0 for w in words), default=0.0), max((w.x1 for w in words), default=0.0)


def cell_of(words: list[Word], edges: tuple[float, float] | None = None) -> Cell:
    """A table cell from its words: its lines, whether all of it is bold, and where its paragraphs
    end, measured against `edges` (its column's text edges; the cell's own when not given)."""
    lines = word_lines(words)
    left, right = edges or text_edges(words)
    return Cell(tuple(line_text(line) for line in lines), bold=bool(words) and all(w.bold for w in words),
                ends=paragraph_ends(lines, left, right))
