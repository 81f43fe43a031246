"""Which way up a scanned page is: pages fed upside down, and landscape tables turned onto a portrait sheet.

Tesseract reads a page only the right way up: a turned page gives junk, and a plan's landscape table
scanned onto a portrait sheet gives no rows at all. Two measurements on the page's ink decide, with no
OCR (Tesseract's own orientation detection costs about 0.9 s of CPU a page, a third of the budget):

1. **Direction of the lines.** Cut the page into narrow strips across its lines: in each strip, a
   page of horizontal text piles its ink into bands of rows (the lines) with white between, so the
   row profile is peaky; the column profile of the same strip is flat. On a page turned by 90 degrees
   it is the other way round. Ruling lines are erased first: a table's vertical borders would make
   columns peaky on an upright page.
2. **Which side is up.** Thai puts far more ink above a line's body (upper vowels, tone marks, the
   tall strokes of ป ฝ ฟ) than below it (lower vowels ุ ู and a few tails); Latin text does the same
   with ascenders and descenders. A page whose lines carry more ink below than above is upside down.

Each decision needs clear evidence (`_TURNED`, `_FLIPPED`); a page with too little text, or evidence
in between, is left as it is: most pages are upright, and turning a good page ruins it. Where the
direction of the lines is in between (`_SURELY_TURNED` to `_SURELY_UPRIGHT`: a turned page half
prose, an upright one of a few lines and a signature), a second opinion decides when the caller has
one (Tesseract's orientation detection, asked for about one page in twenty): on generated scans the
two kinds overlap there (turned pages 0.71 and 0.75, upright ones 0.68 and 0.82).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

_STRIP = 240  # px at 300 dpi (about 20 mm): narrower than a table column, several letters wide
_MIN_STRIP_INK = 500  # ink pixels a strip needs to count: fewer is a speck or a stray mark
_MIN_STRIPS = 2  # strips with text a page needs, each way, before its direction is judged
_TURNED = 0.7  # row peakiness below this share of the column peakiness: the lines run down the page
_SURELY_TURNED = 0.45  # ... below this, whatever a second opinion says (turned pages: 0.24-0.75)
_SURELY_UPRIGHT = 1.0  # ... at or above this, upright (upright pages: 0.68 and up, mostly 1.2 and up)
_FLIPPED = 0.8  # ink above the bodies below this share of the ink beneath: the page is upside down
_CORE = 0.4  # rows of a line denser than this share of its densest row are its body (the x-height band)
_MIN_LINE_ROWS = 8  # px: a band of ink shorter than this is a dash or dots, not a line of text


def upright_turn(ink: np.ndarray, rules: list[tuple[int, int, int, int]],
                 lines_run_down: Callable[[], bool | None] | None = None) -> int:
    """Degrees (0, 90, 180 or 270, counter-clockwise as `Image.rotate`) that set the page upright.

    `ink` is the page's ink mask, `rules` the ink boxes of its ruling lines (x0, top, x1, bottom).
    `lines_run_down` is the second opinion asked where the ink's evidence is in between: whether the
    page's lines run down it (None: no opinion, and `_TURNED` decides)."""
    text = ink.copy()
    for x0, top, x1, bottom in rules:
        text[max(top - 3, 0):bottom + 4, max(x0 - 3, 0):x1 + 4] = False
    rows, columns = _peakiness(text), _peakiness(text.T)
    turn = 0
    if rows is not None and columns is not None and _turned(rows / columns, lines_run_down):
        turn, text = 90, np.rot90(text)  # counter-clockwise, as Image.rotate(90, expand=True)
    above, below = _ink_above_and_below(text)
    if below > 0 and above < _FLIPPED * below:
        turn = (turn + 180) % 360
    return turn


def _turned(ratio: float, lines_run_down: Callable[[], bool | None] | None) -> bool:
    """Whether lines whose rows are `ratio` as peaky as their columns run down the page."""
    if ratio < _SURELY_TURNED or ratio >= _SURELY_UPRIGHT:
        return ratio < _SURELY_TURNED
    opinion = lines_run_down() if lines_run_down else None
    return ratio < _TURNED if opinion is None else opinion


def _strips(ink: np.ndarray) -> list[np.ndarray]:
    """Vertical strips of the page that hold some text."""
    strips = [ink[:, x:x + _STRIP] for x in range(0, max(ink.shape[1] - _STRIP // 2, 1), _STRIP)]
    return [s for s in strips if s.sum() >= _MIN_STRIP_INK]


def _peakiness(ink: np.ndarray) -> float | None:
    """Median over strips of how concentrated the strip's row profile is (sum of squares over sum:
    the ink-weighted mean row density). None when too few strips hold text to judge."""
    values = []
    for strip in _strips(ink):
        profile = strip.sum(axis=1).astype(np.float64)
        values.append(float(np.dot(profile, profile) / profile.sum()))
    return float(np.median(values)) if len(values) >= _MIN_STRIPS else None


def _ink_above_and_below(ink: np.ndarray) -> tuple[float, float]:
    """Ink above and below the bodies of the page's lines, found strip by strip (lines of different
    table cells are at different heights, so a whole-page profile would blur them together)."""
    above = below = 0.0
    for strip in _strips(ink):
        profile = strip.sum(axis=1).astype(np.float64)
        edges = np.diff(np.concatenate(([0], (profile > 0).astype(np.int8), [0])))
        for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
            band = profile[start:end]
            if end - start < _MIN_LINE_ROWS:
                continue
            body = np.flatnonzero(band >= _CORE * band.max())
            above += band[:body[0]].sum()
            below += band[body[-1] + 1:].sum()
    return above, below
