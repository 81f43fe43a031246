"""Thai digits (๐-๙), and the letter of a question code, read from the page image where
Tesseract's Thai model cannot read them.

Debian's `tha` model (tessdata_fast) reads Thai digits badly in every font we tried, clean or
scanned: ๖ -> ๒๐, ๗ -> ๓ or ฒ, ๘ and ๙ and ๔ -> ๕ ("๘๖.๔๒" -> "๕๒๐.๕๒"), and a whitelist of digits
does not help (the wrong digit is its first choice). Thai documents print years, dates and every
score in Thai digits, so these are re-read here: a number is cut into glyphs at the blank columns
between them, and each glyph is matched against the ten digits rendered from the Thai fonts on the
machine (Debian's fonts-thai-tlwg: Laksaman is a metric clone of the government's TH Sarabun; and
Sarabun itself when the fontpkg-sarabun package is installed). Digit shapes differ little between
fonts, so a handful of fonts covers unseen ones. The same matching tells the e, o or ๐ of a code
such as e4 from each other (`classify` with other characters).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DIGITS = "๐๑๒๓๔๕๖๗๘๙"
SIGNS = "+/%()"  # printed between or around digits, as tall as a digit; dots and dashes are told by size
FONT_DIRS = (Path("/usr/share/fonts/truetype/tlwg"), Path("/usr/share/fonts/opentype/tlwg"))
# Upright text faces only: slanted, monospaced, typewriter and handwriting faces draw digits apart.
_SKIP_FACES = ("Oblique", "Italic", "Mono", "Typewriter", "Typist", "Typo", "Purisa")
_SIDE = 20  # glyphs are compared as _SIDE x _SIDE greyscale squares
_ASPECT_WEIGHT = 0.3  # how much a different height/width ratio counts against a template
MIN_SIMILARITY = 0.55  # below this a glyph is not a Thai digit (measured: digits score 0.75-0.95)
SURE_DIGIT = 0.75  # a glyph this like a digit is one (a Thai letter stripped of its marks scores ~0.6)
DOT_SHARE = 0.35  # a piece lower than this share of the letter height is a dot or a dash (digits are ~1)
_BOLD_DOT = 0.5  # ... and so is a piece lower and narrower than this (a bold dot)
_SPECK = 8  # ink pixels: fewer are scanner noise
_WORD_BOX = (48, 16)  # width, height: a short word (an abbreviated month) is compared at this size
_DIGIT_WIDTH = 0.75  # a Thai digit is at least this wide, in letter heights: a wider piece may be two


@lru_cache(maxsize=1)
def template_fonts() -> tuple[Path, ...]:
    """The font files digits are rendered from, in a fixed order (their names join the OCR cache key)."""
    found = [p for d in FONT_DIRS if d.is_dir() for p in sorted(d.glob("*.[ot]tf"))
             if not any(s in p.name for s in _SKIP_FACES)]
    try:
        package = resources.files("fontpkg_sarabun") / "files"
        found += [Path(str(package / f"Sarabun-{w}.ttf")) for w in ("Regular", "Bold")]
    except ModuleNotFoundError:
        pass
    return tuple(p for p in found if p.is_file())


def fonts_digest() -> str:
    """Short fingerprint of the template fonts: different fonts may read a digit differently."""
    return hashlib.sha256("|".join(p.name for p in template_fonts()).encode()).hexdigest()[:12]


def available() -> bool:
    return bool(template_fonts())


@lru_cache(maxsize=4)
def _templates(chars: str = DIGITS + SIGNS) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    """Every character of `chars` in every template font as a `_vector`, its label and aspect ratio."""
    return _drawn(tuple(chars), _vector)


def _drawn(texts: tuple[str, ...], vectorise: Callable[[np.ndarray], tuple[np.ndarray, float]]
           ) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    """Every text drawn in every template font, vectorised (the ink is cropped, so where it is drawn
    on the canvas does not matter), with its label and its height/width ratio."""
    vectors, labels, aspects = [], [], []
    for path in template_fonts():
        font = ImageFont.truetype(str(path), 96)
        for text in texts:
            image = Image.new("L", (600, 240), 255)
            ImageDraw.Draw(image).text((40, 40), text, fill=0, font=font)
            vector, aspect = vectorise(np.asarray(image) < 128)
            vectors.append(vector)
            labels.append(text)
            aspects.append(aspect)
    return np.array(vectors), tuple(labels), np.array(aspects)


def _vector(ink: np.ndarray) -> tuple[np.ndarray, float]:
    """A glyph's ink, cropped, centred in a square (so the aspect ratio counts), shrunk, blurred
    (so stroke width and a pixel's shift matter little), as a zero-mean unit vector."""
    ys, xs = np.nonzero(ink)
    ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = ink.shape
    side = max(h, w)
    square = np.zeros((side, side), np.uint8)
    square[(side - h) // 2:(side - h) // 2 + h, (side - w) // 2:(side - w) // 2 + w] = ink * 255
    image = Image.fromarray(square).resize((_SIDE, _SIDE), Image.Resampling.BILINEAR)
    vector = np.asarray(image.filter(ImageFilter.GaussianBlur(1)), np.float64).ravel()
    vector -= vector.mean()
    return vector / (np.linalg.norm(vector) or 1.0), h / w


def classify(ink: np.ndarray, chars: str = DIGITS + SIGNS) -> tuple[str, float]:
    """The character of `chars` a glyph's ink looks most like, and how much (cosine similarity less
    an aspect penalty)."""
    vectors, labels, aspects = _templates(chars)
    vector, aspect = _vector(ink)
    scores = vectors @ vector - _ASPECT_WEIGHT * np.abs(np.log(aspects / aspect))
    best = int(np.argmax(scores))
    return labels[best], float(scores[best])


@lru_cache(maxsize=2)
def _word_templates(words: tuple[str, ...]) -> tuple[np.ndarray, tuple[str, ...], np.ndarray]:
    """Every word of `words` in every template font, as `_word_vector`s, with its label and aspect."""
    return _drawn(words, _word_vector)


def _word_vector(ink: np.ndarray) -> tuple[np.ndarray, float]:
    """A short word's ink, cropped and stretched to a fixed box (a word is wider than tall, so it is
    not squared like a glyph), blurred, as a zero-mean unit vector; and its height/width ratio."""
    ys, xs = np.nonzero(ink)
    ink = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = ink.shape
    image = Image.fromarray(ink.astype(np.uint8) * 255).resize(_WORD_BOX, Image.Resampling.BILINEAR)
    vector = np.asarray(image.filter(ImageFilter.GaussianBlur(1)), np.float64).ravel()
    vector -= vector.mean()
    return vector / (np.linalg.norm(vector) or 1.0), h / w


def classify_word(ink: np.ndarray, words: tuple[str, ...]) -> tuple[str, float, float]:
    """The word of `words` an ink crop looks most like, how much (cosine less an aspect penalty), and
    by how much more than the next-best other word."""
    vectors, labels, aspects = _word_templates(words)
    vector, aspect = _word_vector(ink)
    scores = vectors @ vector - _ASPECT_WEIGHT * np.abs(np.log(aspects / aspect))
    best = {}
    for label, score in zip(labels, scores):
        best[label] = max(best.get(label, -1.0), float(score))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    return ranked[0][0], ranked[0][1], ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else -1.0)


def read_number(ink: np.ndarray, body_top: int, body_bottom: int,
                min_similarity: float = MIN_SIMILARITY) -> str | None:
    """The text of a printed number (Thai digits with . , - + / between them), or None when a
    piece of it is not a Thai digit (then the caller keeps Tesseract's reading).

    `ink` covers the number with the line's full height; `body_top`/`body_bottom` are the rows of
    the letter bodies in it (a dot sits on the bottom one, a dash between them). Every digit must
    look at least `min_similarity` like one."""
    if not available() or not ink.any():
        return None
    # the digits' own height where Tesseract's boxes (the body) are loose, as on a line of one number
    rows = np.flatnonzero(ink.any(axis=1))
    height = max(min(body_bottom - body_top, int(rows[-1] - rows[0]) + 1), 1)
    text = ""
    for x0, x1 in runs(ink.any(axis=0)):
        piece = ink[:, x0:x1]
        if piece.sum() < _SPECK:
            continue
        rows = np.flatnonzero(piece.any(axis=1))
        top, bottom = int(rows[0]), int(rows[-1])
        tall, wide = bottom - top + 1, x1 - x0
        if tall < DOT_SHARE * height or (tall < _BOLD_DOT * height and wide < _BOLD_DOT * height):
            text += _mark(top, bottom, x1 - x0, body_top, body_bottom)
            continue
        digits = _digits(piece, height, min_similarity)
        if digits is None:
            return None
        text += digits
    return text if any(c in DIGITS for c in text) else None


def _digits(piece: np.ndarray, height: int, min_similarity: float) -> str | None:
    """The digit(s) of one piece of ink. Digits may touch in a noisy scan or a tight font (๕๖), so
    a piece wider than a digit is also tried as 2, 3... digits cut at its thinnest columns, and the
    reading whose worst digit is best wins."""
    width = piece.shape[1]
    best: tuple[float, str] | None = None
    for count in range(1, max(1, round(width / (_DIGIT_WIDTH * height))) + 1):
        parts = [piece[:, a:b] for a, b in _cuts(piece.sum(axis=0), count)]
        if any(not part.any() for part in parts):
            continue
        read = [classify(part) for part in parts]
        worst = min(score for _, score in read)
        if best is None or worst > best[0]:
            best = (worst, "".join(digit for digit, _ in read))
    return best[1] if best and best[0] >= min_similarity else None


def _cuts(columns: np.ndarray, count: int) -> list[tuple[int, int]]:
    """`count` column ranges, cut at the emptiest column near each of the even split points."""
    width = len(columns)
    edges = [0]
    for k in range(1, count):
        lo, hi = round((k - 0.3) * width / count), round((k + 0.3) * width / count)
        edges.append(lo + int(np.argmin(columns[lo:hi])))
    edges.append(width)
    return list(zip(edges, edges[1:]))


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True values: of a number's columns with ink, its pieces."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _mark(top: int, bottom: int, width: int, body_top: int, body_bottom: int) -> str:
    """A small piece: a dash floats mid-letter and is wide; a dot or comma sits on the baseline."""
    middle = (top + bottom) / 2
    height = body_bottom - body_top
    if width > 1.5 * (bottom - top + 1) and body_top + 0.2 * height < middle < body_bottom - 0.15 * height:
        return "-"
    return "."
