"""Scanned pages -> the common page model, through Tesseract.

About half of real ITA PDFs are image-only scans. This module turns such a page into the same `Page`
that native PDF text gives (words with boxes, plus ruling lines), so the one table engine reads it:

1. render the page at 300 dpi with PDFium: Tesseract's LSTM models are trained on text of that size;
2. straighten it: scanners rotate pages by a fraction of a degree, which is enough to make Tesseract
   split the raised Thai marks off into a line of their own ("ประเด็น" -> "ประเดน" + "็ ้");
3. find the ruling lines by a morphological opening (ink runs longer than any glyph stroke), hand
   them to the table engine as `Rule`s exactly as a born-digital PDF's lines, and erase them from the
   image: a line touching a glyph becomes "|" or "l" in Tesseract's output;
4. run Tesseract (`tha+eng`, one uniform block of text) to TSV;
5. rebuild words: Tesseract's TSV (like its hOCR) makes every Thai character its own "word"
   (tesseract #2702, research notes §3), so characters of one line whose gap is small are joined,
   and a real gap becomes a space;
6. convert pixels to PDF points (origin top left, as pdfplumber's `top`).

Tesseract's output and the rules found are cached per page image (see `default_cache_dir`), so a
re-run, or the same page in another file, is not OCR'd again. Words are rebuilt from the cached TSV
on every run: that step is cheap, and improving it needs no new OCR.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from extractors.model import Page, Rule, Word
from extractors.thai import repair_text

DPI = 300
LANGUAGES = "tha+eng"  # eng reads the Latin question codes (e12, o24) and "ITA" better than tha alone
PSM = 6  # one uniform block: a table row's cells stay on one Tesseract line, which keeps rows aligned
PREPARATION = 2  # bump when deskewing or line erasing changes: it changes what Tesseract sees
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-tha"
TIMEOUT = 300  # seconds for one page; a hung Tesseract must not stall a batch

_PT_PER_PX = 72 / DPI
_MAX_SKEW = 3.0  # degrees; a page rotated further is a photo, not a scan, and needs more than this
_MIN_SKEW = 0.05  # degrees; below this, rotating costs sharpness and gains nothing
# Ruling lines are ink runs longer than any glyph stroke. Horizontally a glyph is < 80 px at 300 dpi;
# vertically a Thai stack (consonant + upper vowel + tone) stays < 75 px, while the shortest ruled
# row (one 10 pt line plus padding) is ~85 px tall.
_MIN_H_RULE = 120
_MIN_V_RULE = 75
_RULE_FILL = 0.95  # share of a window that must be ink: tolerates scanner speckles inside a line
_RULE_JOIN = 12  # px: pieces of one line broken by noise
_TOUCH = 8  # px: a cell border ends on the line it meets (a glyph stops a cell padding short of it)
_LONG_V_RULE = 300  # px: a vertical run this long is a line whatever it meets
_ERASE_MARGIN = 3  # px around a line's ink also erased: its grey, anti-aliased edge
# A gap wider than this share of the line's body height (a Thai consonant's height) separates words;
# letters inside a Thai word sit closer, and a typed space is wider.
_WORD_GAP = 0.55
# Thai consonants (without marks) are about this share of the font size at 300 dpi in Tesseract's boxes.
_BODY_PER_SIZE = 0.62
_SIZE_CLUSTER = 0.12  # line size estimates within 12 % are one font size (keeps the borderless engine's
#                       "a line in another size ends the table" rule meaningful for OCR noise)
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe; Tesseract runs in its own process


class OcrError(Exception):
    """OCR could not run (Tesseract missing, crashed or timed out) for a page."""


@lru_cache(maxsize=1)
def tesseract_available() -> str | None:
    """Tesseract's version ("5.3.0") when it can read Thai, else None.

    Without the `tha` data Tesseract "reads" Thai as Latin garbage, which is worse than no text: the
    pipeline then records the page as partial with `INSTALL_HINT` instead."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    available = set((langs.stdout + langs.stderr).split())
    if not set(LANGUAGES.split("+")) <= available:
        return None
    first = (version.stdout or version.stderr).split()
    return first[1] if len(first) > 1 else "unknown"


def default_cache_dir() -> Path:
    """`$ITA_CACHE_DIR/ocr`, else `$XDG_CACHE_HOME/ita/ocr`, else `~/.cache/ita/ocr`.

    A per-user cache rather than one beside the warehouse: entries are keyed by the page image, so
    they are valid for every warehouse, and the same scan ingested into a test warehouse and a real
    one is OCR'd once. Set ITA_CACHE_DIR to keep it elsewhere (CI, read-only home)."""
    if os.environ.get("ITA_CACHE_DIR"):
        return Path(os.environ["ITA_CACHE_DIR"]) / "ocr"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ita" / "ocr"


def ocr_pages(path: Path, page_numbers: list[int], cache_dir: Path | None = None,
              workers: int = 1) -> dict[int, Page]:
    """OCR the given 1-based pages of a PDF into `Page`s with `text_source="ocr"`.

    `workers` > 1 OCRs pages in parallel (threads are enough: the work runs in Tesseract processes
    and numpy). Raises `OcrError` when Tesseract cannot run; `tesseract_available()` says beforehand.
    """
    version = tesseract_available()
    if version is None:
        raise OcrError(f"scanned page: OCR needs Tesseract ({INSTALL_HINT})")
    cache = cache_dir if cache_dir is not None else default_cache_dir()
    pdf = pdfium.PdfDocument(path)
    try:
        def one(number: int) -> tuple[int, Page]:
            with _PDFIUM_LOCK:
                page = pdf[number - 1]
                width, height = page.get_size()
                image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                page.close()
            scan = _cached_scan(image, version, cache)
            return number, build_page(number, width, height, scan)

        if workers <= 1 or len(page_numbers) <= 1:
            return dict(map(one, page_numbers))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(pool.map(one, page_numbers))
    finally:
        pdf.close()


# ------------------------------------------------------------------------------------- the scan


@dataclass(frozen=True, slots=True)
class Scan:
    """What the image decides, in pixels of the straightened image: Tesseract's TSV and the rules."""

    tsv: str
    rules: tuple[tuple[int, int, int, int], ...]  # ink box of each ruling line: x0, top, x1, bottom
    angle: float = 0.0  # degrees the page was rotated by to straighten it

    def to_json(self) -> str:
        return json.dumps({"tsv": self.tsv, "rules": self.rules, "angle": self.angle}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Scan:
        data = json.loads(text)
        return cls(data["tsv"], tuple(tuple(r) for r in data["rules"]), data.get("angle", 0.0))


def cache_key(image: Image.Image, version: str) -> str:
    """sha256 of the rendered pixels, the Tesseract version and every setting that changes the output.

    The pixels rather than their PNG encoding: zlib's output may change between library versions
    while the pixels do not, and encoding a 300 dpi page costs more than hashing it."""
    h = hashlib.sha256()
    h.update(f"{image.size}|{version}|{LANGUAGES}|psm{PSM}|{DPI}dpi|prep{PREPARATION}".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def _cached_scan(image: Image.Image, version: str, cache: Path) -> Scan:
    key = cache_key(image, version)
    entry = cache / key[:2] / f"{key}.json"
    try:
        return Scan.from_json(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        pass  # not cached yet, or a half-written entry: OCR again
    scan = scan_image(image)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(scan.to_json(), encoding="utf-8")
        tmp.replace(entry)  # atomic: a parallel worker never reads half an entry
    except OSError:
        pass  # a read-only cache costs speed, not results
    return scan


def scan_image(image: Image.Image) -> Scan:
    """Straighten a page image, find and erase its ruling lines, OCR it."""
    gray = np.asarray(image, dtype=np.uint8)
    angle = skew_angle(gray < _ink_threshold(gray))
    if abs(angle) >= _MIN_SKEW:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        gray = np.asarray(image, dtype=np.uint8)
    rules = find_rules(gray < _ink_threshold(gray))
    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    for x0, top, x1, bottom in rules:
        draw.rectangle((x0 - _ERASE_MARGIN, top - _ERASE_MARGIN, x1 + _ERASE_MARGIN, bottom + _ERASE_MARGIN),
                       fill=255)
    return Scan(run_tesseract(clean), tuple(rules), round(angle, 3))


def run_tesseract(image: Image.Image, psm: int = PSM, extra: tuple[str, ...] = ()) -> str:
    """Tesseract's TSV for an image, image in by stdin, TSV out by stdout (no temporary files).

    OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads cost more CPU than they save, and pages already
    run in parallel (research notes §3; measured: 4.0 s of CPU a page with one thread, 7.4 s with two)."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    cmd = ["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", str(psm), "--dpi", str(DPI), *extra, "tsv"]
    try:
        done = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=TIMEOUT,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"Tesseract took longer than {TIMEOUT} s on a page") from exc
    except OSError as exc:
        raise OcrError(f"Tesseract could not run ({exc}); {INSTALL_HINT}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract failed ({detail[-1] if detail else f'exit {done.returncode}'})")
    return done.stdout.decode("utf-8", "replace")


# ------------------------------------------------------------------------------ image geometry


def _ink_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold: the grey level that best separates ink from paper on this page."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * np.arange(256))
    total_w, total_m = weight[-1], mass[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_m * weight - mass * total_w) ** 2 / (weight * (total_w - weight))
    return int(np.nanargmax(between[:-1]))


def skew_angle(ink: np.ndarray) -> float:
    """Degrees to rotate the page by (counter-clockwise, as `Image.rotate`) to level its lines.

    Projection profile: shear the ink pixels by each candidate angle and count them per row; level
    text lines and ruling lines pile up in few rows, so the sum of squared row counts peaks at the
    page's skew. Coarse to fine over ±3°, on every other pixel (the result does not move)."""
    ys, xs = np.nonzero(ink[::2, ::2])
    if len(ys) < 100:
        return 0.0
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)
    offset = xs.max() * np.tan(np.radians(_MAX_SKEW)) + 1

    def sharpness(deg: float) -> float:
        rows = np.bincount((ys - xs * np.tan(np.radians(deg)) + offset).astype(np.int64))
        return float(np.dot(rows, rows))

    best = 0.0
    for step, span in ((0.25, _MAX_SKEW), (0.05, 0.25), (0.01, 0.05)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = float(max(candidates, key=sharpness))
    return best  # lines drop by tan(best) per pixel: rotating by `best` degrees levels them


def find_rules(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Ruling lines of a straightened page as (x0, top, x1, bottom) pixel boxes.

    Found at half resolution (a 2 x 2 max-pool keeps every line and quarters the work). A short
    vertical run counts only when it runs from one horizontal line to another, as a cell border
    does: the tail of ฏ above the stroke of ไ on the next line, or ฏ's tail reaching down to a
    line, look like short vertical lines too."""
    small = np.pad(ink, ((0, ink.shape[0] % 2), (0, ink.shape[1] % 2)))
    small = small.reshape(small.shape[0] // 2, 2, small.shape[1] // 2, 2).any(axis=(1, 3))
    horizontal = [(2 * x0, 2 * y0, 2 * x1 + 1, 2 * y1 + 1)
                  for y0, y1, x0, x1 in _segments(_opened(small, _MIN_H_RULE // 2))]
    vertical = [(2 * x0, 2 * y0, 2 * x1 + 1, 2 * y1 + 1)
                for x0, x1, y0, y1 in _segments(_opened(small.T, _MIN_V_RULE // 2))]
    return horizontal + [v for v in vertical if v[3] - v[1] >= _LONG_V_RULE
                         or (_meets(v, v[1], horizontal) and _meets(v, v[3], horizontal))]


def _meets(vertical: tuple[int, int, int, int], y: int, horizontal: list[tuple[int, int, int, int]]) -> bool:
    """Whether the vertical line's end at `y` lies on one of the horizontal lines."""
    x = (vertical[0] + vertical[2]) // 2
    return any(x0 - _TOUCH <= x <= x1 + _TOUCH and top - _TOUCH <= y <= bottom + _TOUCH
               for x0, top, x1, bottom in horizontal)


def _opened(ink: np.ndarray, length: int) -> np.ndarray:
    """Morphological opening of each row by a `length`-pixel line, tolerant to speckles: a window
    is line when `_RULE_FILL` of it is ink, and the result is every pixel of such windows."""
    full = _window_sums(ink, length) >= int(_RULE_FILL * length)
    return _window_sums(np.pad(full, ((0, 0), (length - 1, length - 1))), length) > 0


def _window_sums(a: np.ndarray, length: int) -> np.ndarray:
    """Sum of every `length`-pixel window of each row, by the window's first column."""
    c = np.pad(np.cumsum(a, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    return c[:, length:] - c[:, :-length]


def _segments(mask: np.ndarray) -> Iterator[tuple[int, int, int, int]]:
    """Rows of a line mask -> (first row, last row, start, end) of each line: adjacent rows (the
    line's thickness, and its slant left after straightening) are one line; pieces of a line closer
    than `_RULE_JOIN` are joined."""
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        cols = np.flatnonzero(mask[band[0]:band[-1] + 1].any(axis=0))
        for piece in np.split(cols, np.flatnonzero(np.diff(cols) > _RULE_JOIN // 2) + 1):
            yield int(band[0]), int(band[-1]), int(piece[0]), int(piece[-1])


# ------------------------------------------------------------------------------ TSV -> words


@dataclass(frozen=True, slots=True)
class Glyph:
    """One TSV "word": for Thai a character (or a consonant with its marks), for Latin a word."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


def tsv_lines(tsv: str) -> list[list[Glyph]]:
    """Level-5 rows of Tesseract's TSV grouped by line, in Tesseract's (logical) order."""
    lines: dict[tuple[str, str, str, str], list[Glyph]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]), int(row["top"])
        glyph = Glyph(text, left, top, left + int(row["width"]), top + int(row["height"]))
        lines.setdefault((row["page_num"], row["block_num"], row["par_num"], row["line_num"]), []).append(glyph)
    return list(lines.values())


def build_page(number: int, width: float, height: float, scan: Scan) -> Page:
    """A `Page` in PDF points from a scan in pixels."""
    rules = tuple(_rule(box) for box in scan.rules)
    verticals = [box for box, rule in zip(scan.rules, rules) if not rule.horizontal]
    lines = [(line, _body(line)) for line in tsv_lines(scan.tsv)]
    sizes = _font_sizes([body[1] - body[0] for _, body in lines])
    words = [w for (line, body), size in zip(lines, sizes) for w in line_words(line, body, size, verticals)]
    return Page(number, width, height, tuple(words), rules, text_source="ocr")


def _rule(box: tuple[int, int, int, int]) -> Rule:
    """A line's ink box in pixels -> the line through its middle, in points."""
    x0, top, x1, bottom = (v * _PT_PER_PX for v in box)
    if x1 - x0 >= bottom - top:
        return Rule(x0, (top + bottom) / 2, x1, (top + bottom) / 2)
    return Rule((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)


def _body(line: list[Glyph]) -> tuple[float, float]:
    """Top and bottom of the line's letter bodies: medians, because Tesseract gives some glyphs the
    whole line's height and marks their own small boxes."""
    return statistics.median(g.top for g in line), statistics.median(g.bottom for g in line)


def _font_sizes(bodies: list[float]) -> list[float]:
    """Font size in points per line, lines of nearly the same size given exactly one size."""
    estimates = [max(b, 1.0) * _PT_PER_PX / _BODY_PER_SIZE for b in bodies]
    order = sorted(range(len(estimates)), key=estimates.__getitem__)
    sizes = [0.0] * len(estimates)
    group: list[int] = []
    for i in order + [None]:
        if i is not None and (not group or estimates[i] <= estimates[group[0]] * (1 + _SIZE_CLUSTER)):
            group.append(i)
            continue
        size = round(statistics.median(estimates[j] for j in group), 1) if group else 0.0
        for j in group:
            sizes[j] = size
        group = [i] if i is not None else []
    return sizes


def line_words(line: list[Glyph], body: tuple[float, float], size: float,
               verticals: list[tuple[int, int, int, int]]) -> list[Word]:
    """Join a line's glyphs into words at small gaps; never across a vertical ruling line."""
    top, bottom = body
    limit = _WORD_GAP * max(bottom - top, 1.0)
    walls = [(x0 + x1) / 2 for x0, y0, x1, y1 in verticals if y0 <= (top + bottom) / 2 <= y1]
    words: list[list[Glyph]] = []
    right = centre = 0.0
    for glyph in line:
        here = (glyph.left + glyph.right) / 2
        if not words or glyph.text[0] not in _THAI_MARKS and (
                glyph.left - right > limit or any(centre < x < here for x in walls)):
            words.append([glyph])
            right = glyph.right
        else:
            words[-1].append(glyph)
            right = max(right, glyph.right)
        centre = here
    return [_word(ws, top, bottom, size) for ws in words]


def _word(glyphs: list[Glyph], top: float, bottom: float, size: float) -> Word:
    return Word(
        text=repair_text("".join(g.text for g in glyphs)),
        x0=min(g.left for g in glyphs) * _PT_PER_PX,
        top=top * _PT_PER_PX,
        x1=max(g.right for g in glyphs) * _PT_PER_PX,
        bottom=bottom * _PT_PER_PX,
        size=size,
        space_before=True,
    )
