"""Scanned pages -> the common page model, through Tesseract.

About half of real ITA PDFs are image-only scans. This module turns such a page into the same `Page`
that native PDF text gives (words with boxes, plus ruling lines), so the one table engine reads it:

1. render the page at 300 dpi with PDFium: Tesseract's LSTM models are trained on text of that size;
2. set it upright (`orientation`: pages fed upside down, landscape tables turned onto a portrait
   sheet) and straighten it: scanners rotate pages by a fraction of a degree, which is enough to
   make Tesseract split the raised Thai marks off into a line of their own;
3. find the ruling lines by a morphological opening (ink runs longer than any glyph stroke), hand
   them to the table engine as `Rule`s exactly as a born-digital PDF's lines, and erase them from the
   image (a line touching a glyph becomes "|" in Tesseract's output); paper is made white;
4. run Tesseract (`tha+eng`) on every cell of a ruled table on its own and on the rest of the page,
   and once more on lines whose raised marks it took for a line of their own (`rejoin_marks`);
5. fix from the image what Tesseract's Thai model reads wrong: Thai digits (`thai_digits`: it has
   ๘ ๙ ๔ -> ๕ and ๖ -> ๒๐, and "mo" for the day ๓๐ before a month), the letter of a question code
   (612 -> e12, `restore_code`) and bullets it reads as full stops (`restore_bullets`);
6. rebuild words: Tesseract's TSV (like its hOCR) makes every Thai character its own "word"
   (tesseract #2702, research notes §3), so characters of one line whose gap is small are joined,
   and a real gap becomes a space; put back the tone marks it drops (`restore_tones`);
7. convert pixels to PDF points (origin top left, as pdfplumber's `top`).

Measured on the shared dev scans (29 pages, 200 dpi, turned, noisy): text CER 1.5 %, question
codes F1 1.0, scores F1 1.0; on generated scans (`bench/bench_ocr.py`) 3.2 s of CPU a page, about
2.8 s of it Tesseract's.

Steps 1-5 are cached per page image (see `default_cache_dir`), so a re-run, or the same page in
another file, is not OCR'd again. Words are rebuilt from the cached characters on every run: that
step is cheap, and improving it needs no new OCR.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
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
from PIL import Image, ImageDraw, ImageOps
from pythainlp.corpus import tnc
from pythainlp.tokenize import word_tokenize
from pythainlp.util.date import thai_abbr_months, thai_full_months

from extractors.model import Page, Rule, Word
from extractors.normalize import LIKE_ONE
from extractors.ruled import Grid, find_grids
from extractors.sources import thai_digits
from extractors.sources.orientation import upright_turn
from extractors.thai import repair_text

DPI = 300
LANGUAGES = "tha+eng"  # eng reads the Latin question codes (e12, o24) and "ITA" better than tha alone
PSM = 6  # one uniform block of text: a cell, or the page around the tables
PREPARATION = 23  # bump when steps 2-5 change (what Tesseract sees, how its reading is fixed): caches keep the old
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-tha"
TIMEOUT = 300  # seconds for one page; a hung Tesseract must not stall a batch

_PT_PER_PX = 72 / DPI
_MAX_SKEW = 3.0  # degrees; a page rotated further is a photo, not a scan, and needs more than this
_MIN_SKEW = 0.05  # degrees; below this, rotating costs sharpness and gains nothing
_OSD_SURE = 10.0  # Tesseract's orientation confidence: turned generated pages 18-38, upright ones under 3
# Ruling lines are ink runs longer than any glyph stroke. Horizontally a glyph is < 80 px at 300 dpi;
# vertically a Thai stack (consonant + upper vowel + tone) stays < 75 px, while the shortest ruled
# row (one 10 pt line plus padding) is ~85 px tall.
_MIN_H_RULE = 120
_MIN_V_RULE = 75
_RULE_FILL = 0.95  # share of a window that must be ink: tolerates scanner speckles inside a line
_RULE_JOIN = 12  # px: pieces of one line broken by noise
_BESIDE = (4, 12)  # px above and below a horizontal run where a ruling line has only a cell's padding
_TEXT_BESIDE = 0.2  # share of ink there that shows letters: the run is a line of text, not a ruling line
_TOUCH = 8  # px: a cell border ends on the line it meets (a glyph stops a cell padding short of it)
_LONG_V_RULE = 300  # px: a vertical run this long is a line whatever it meets
_SLOT_SNAP = 2.5  # points: a ruling line this close to a slot's side is on it (ruled.SNAP)
_BORDER_COVER = 0.8  # a slot side is bordered when a line runs along this share of it (ruled.COVER)
_PAD = 12  # px of white around a cell image
_MIN_INK = 40  # ink pixels a cell needs to be read: fewer are speckles
_MARKS_LINE = 0.6  # a "line" lower than this share of the page's usual letter height is raised marks
_JUNK_LINE = 0.85  # ... and one lower than this without any Thai consonant too
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37")  # ั ิ ี ึ ื
_DROPPED = ("\u0e48", "\u0e49", "\u0e4c")  # ่ ้ ์: the marks Tesseract drops from the top of a stack
_MARKED = re.compile("[\u0e48-\u0e4c]")  # a word that kept a tone mark or ์ lost none
_TONE_EVIDENCE = 4  # how much more frequent the marked word must be (ยิ่ง/ยิง 5x, ชี้/ชี 5x, มี/มี่ 0.003x)
_ERASE_MARGIN = 3  # px around a line's ink also erased: its grey, anti-aliased edge
# A gap wider than this share of the line's body height (a Thai consonant's height) separates words;
# letters inside a Thai word sit closer, and a typed space is wider.
_WORD_GAP = 0.55
# Thai consonants (without marks) are about this share of the font size at 300 dpi in Tesseract's boxes.
_BODY_PER_SIZE = 0.62
_SIZE_CLUSTER = 0.12  # line size estimates within 12 % are one font size (keeps the borderless engine's
#                       "a line in another size ends the table" rule meaningful for OCR noise)
# What Tesseract prints inside a Thai number: digits, punctuation, and letters it mistakes digits for.
_NUMBER_CHARS = frozenset(thai_digits.DIGITS + thai_digits.SIGNS + "0123456789.,-" + "ฒคดสๆฯ@«©")
_SHORT_LATIN = re.compile(r"[-–(]?[A-Za-z]{1,3}")  # what Tesseract's eng model may read for a day's Thai digits
_MONTH_NAMES = tuple(thai_full_months) + tuple(m for m in thai_abbr_months if m != "พ.ศ.")
_LONGEST_MONTH = max(map(len, _MONTH_NAMES)) + 1  # glyphs: Tesseract gives at most one per character
# A word shaped like an abbreviated month that is not Thai: one or two characters and a dot, twice.
_MONTH_SHAPE = re.compile(r"^(?=[^.]*[A-Za-z0-9])[^\s.]{1,2}\.[^\s.]{1,2}\.|^[^\s.]{1,2}\.(?=[^.]*[A-Za-z0-9])[^\s.]{1,2}\.")
_MONTH_ABBREVIATIONS = tuple(m for m in thai_abbr_months if m != "พ.ศ.")
_MONTH_SIMILARITY = 0.8  # an abbreviation drawn and scanned scores 0.85-0.97 with its template
_MONTH_MARGIN = 0.05  # ... and this much more than any other month
# What Tesseract reads for a round bullet (never a letter: o and ๐ are round too).
_READ_FOR_BULLET = (".", "·", "°", "»", "«")
_BULLET_SIZE = 0.3  # of the letter height: a bullet's ink is at least this tall and wide, a full stop's less
_BULLET_OFF_CENTRE = 0.2  # of the letter height: how far from the letters' middle a bullet's centre may be
_BULLET_ROUND = 1.6  # a bullet is about as tall as wide (a bar or a stroke is not)
_BULLET_SOLID = 0.55  # share of its box a bullet's ink fills (a disc ~0.78; a letter's strokes far less)
_NUMBER_ABOVE = 0.6  # of the letter height: Thai digits' tails (๖ ๗ ๙) rise above the letters
_NUMBER_BELOW = 0.3
_CODE_MISREAD = re.compile(r"^([eo๐0๑6@1lI|i])([0-9lI|]{1,2})$")  # a code whose letter may be misread
_SHORT_CODE_LETTERS = "eo\u0e50"  # the letters of codes as short as a Thai letter: e, o and Thai ๐ for o
_LETTER_E = 0.85  # an "e" or "o" is lower than this share of a digit's height
# Marks sit on the letter before them; they never start a word.
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
                        "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
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
class Glyph:
    """One TSV "word": for Thai a character (or a consonant with its marks), for Latin a word.
    Pixels of the straightened page."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class Scan:
    """What the image decides, in pixels of the straightened page: Tesseract's text lines (numbers
    already re-read) and the ruling lines."""

    lines: tuple[tuple[Glyph, ...], ...]
    rules: tuple[tuple[int, int, int, int], ...]  # ink box of each ruling line: x0, top, x1, bottom
    angle: float = 0.0  # degrees the page was rotated by to straighten it
    turn: int = 0  # degrees (0, 90, 180, 270) the page was turned by to set it upright

    def to_json(self) -> str:
        lines = [[[g.text, g.left, g.top, g.right, g.bottom] for g in line] for line in self.lines]
        return json.dumps({"lines": lines, "rules": self.rules, "angle": self.angle, "turn": self.turn},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Scan:
        data = json.loads(text)
        lines = tuple(tuple(Glyph(*g) for g in line) for line in data["lines"])
        return cls(lines, tuple(map(tuple, data["rules"])), data.get("angle", 0.0), data.get("turn", 0))


def cache_key(image: Image.Image, version: str) -> str:
    """sha256 of the rendered pixels, the Tesseract version and every setting that changes the output.

    The pixels rather than their PNG encoding: zlib's output may change between library versions
    while the pixels do not, and encoding a 300 dpi page costs more than hashing it."""
    h = hashlib.sha256()
    h.update(f"{image.size}|{version}|{LANGUAGES}|psm{PSM}|{DPI}dpi|prep{PREPARATION}|"
             f"digits{thai_digits.fonts_digest()}".encode())
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
    """Straighten a page image, find and erase its ruling lines, OCR it region by region.

    Every cell of a ruled table is read on its own, and the rest of the page (tables blanked) as one
    block: read whole, a table row mixes lines of cells whose text is centred at different heights
    (a two-line header beside a one-line one), which Tesseract reads as junk."""
    gray = np.asarray(image, dtype=np.uint8)
    threshold = _ink_threshold(gray)
    ink = gray < threshold
    rules = find_rules(ink)
    turn = upright_turn(ink, rules, lambda: lines_run_down(image))  # which way up (`orientation`)
    if turn:
        image = image.transpose(_TURNS[turn])
    image, angle = straighten(image, threshold)  # turning a page keeps its histogram, so its threshold
    if turn or angle:  # the pixels moved: ink and lines are found again (an upright, level page keeps them)
        gray = np.asarray(image, dtype=np.uint8)
        ink = gray < _ink_threshold(gray)
        rules = find_rules(ink)
    clean = clean_page(gray, ink, rules)
    tables, cells = table_cells(rules)
    rest = clean.copy()
    draw = ImageDraw.Draw(rest)
    for box in tables:
        draw.rectangle(box, fill=255)
    text_ink = np.asarray(clean) < 255
    cells = [box for box in cells if text_ink[box[1]:box[3], box[0]:box[2]].sum() >= _MIN_INK]
    regions = [rest] + [_padded(clean.crop(box)) for box in cells]
    origins = [(0, 0)] + [(box[0] - _PAD, box[1] - _PAD) for box in cells]
    lines = rejoin_marks(tsv_lines(run_tesseract(regions), tuple(origins)), clean)
    lines = [restore_months(restore_bullets(restore_code(reread_numbers(line, text_ink), text_ink), text_ink), text_ink)
             for line in lines]
    return Scan(tuple(map(tuple, lines)), tuple(rules), angle, turn)


def rejoin_marks(lines: list[list[Glyph]], clean: Image.Image) -> list[list[Glyph]]:
    """Lines with their raised marks put back.

    In bold or tightly set Thai, Tesseract may take the row of raised marks (vowels above, tone
    marks) for a line of its own: it reads that as junk and the line below without its marks
    ("ขั้นตอนหรือวิธีการ" -> "ะ a aad" + "ขนตอนหรอวธการ"). Such a marks line is low and sits right on
    the line below; the two are read again together as one line (`--psm 7`), in one Tesseract run
    for the whole page."""
    heights = [_body(line)[1] - _body(line)[0] for line in lines]
    if not heights:
        return lines
    letter = statistics.median(heights)
    pairs = [(i, j) for i, j in enumerate(_line_below(lines))
             if j is not None and _marks_only(lines[i], heights[i], letter)]
    if not pairs:
        return lines
    boxes = [_union(lines[i] + lines[j]) for i, j in pairs]
    images = [_padded(clean.crop(box)) for box in boxes]
    origins = tuple((box[0] - _PAD, box[1] - _PAD) for box in boxes)
    reread = tsv_pages(run_tesseract(images, psm=7), origins, len(boxes))
    out = list(lines)
    for (i, j), glyphs in zip(pairs, reread):
        if glyphs:
            out[i], out[j] = [], glyphs
    return [line for line in out if line]


def _marks_only(line: list[Glyph], height: float, letter: float) -> bool:
    """Whether a Tesseract "line" is the raised marks of the line below: low, or a little less low
    and without a single Thai consonant (the marks read as Latin junk: "vy 6 ๐ ๕")."""
    if height < _MARKS_LINE * letter:
        return True
    return height < _JUNK_LINE * letter and not any(_CONSONANT.match(c) for g in line for c in g.text)


def _line_below(lines: list[list[Glyph]]) -> list[int | None]:
    """For each line, the line that starts right under it and overlaps it sideways, if any."""
    boxes = [_union(line) for line in lines]
    below: list[int | None] = []
    for x0, top, x1, bottom in boxes:
        height = bottom - top
        near = [k for k, (a0, atop, a1, _) in enumerate(boxes)
                if atop > top and atop - bottom <= height and min(x1, a1) - max(x0, a0) > 0]
        below.append(min(near, key=lambda k: boxes[k][1]) if near else None)
    return below


def _union(glyphs: list[Glyph]) -> tuple[int, int, int, int]:
    return (min(g.left for g in glyphs), min(g.top for g in glyphs),
            max(g.right for g in glyphs), max(g.bottom for g in glyphs))


_TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}  # as rot90


def straighten(image: Image.Image, threshold: int | None = None) -> tuple[Image.Image, float]:
    """The page rotated level, and the angle it was rotated by (0 when it was level already).
    `threshold`: the page's ink threshold when the caller has it already."""
    gray = np.asarray(image, dtype=np.uint8)
    angle = round(skew_angle(gray < (_ink_threshold(gray) if threshold is None else threshold)), 3)
    if abs(angle) < _MIN_SKEW:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), angle


def clean_page(gray: np.ndarray, ink: np.ndarray, rules: list[tuple[int, int, int, int]]) -> Image.Image:
    """The image Tesseract reads: ruling lines erased, paper made white."""
    clean = Image.fromarray(np.where(ink, gray, 255).astype(np.uint8))
    draw = ImageDraw.Draw(clean)
    for x0, top, x1, bottom in rules:
        draw.rectangle((x0 - _ERASE_MARGIN, top - _ERASE_MARGIN, x1 + _ERASE_MARGIN, bottom + _ERASE_MARGIN),
                       fill=255)
    return clean


def _padded(image: Image.Image) -> Image.Image:
    """A cell with a white margin: Tesseract finds text lines badly when glyphs touch the edge."""
    return ImageOps.expand(image, border=_PAD, fill=255)


def table_cells(rules: list[tuple[int, int, int, int]]
                ) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Boxes of the ruled tables and of their cells (merged cells as one box), in pixels.

    The grids come from the table engine's own `find_grids`, so OCR reads exactly the cells the
    engine will fill; a missing border between two grid slots merges them, as in `ruled.grid_rows`."""
    px = DPI / 72
    tables: list[tuple[int, int, int, int]] = []
    cells: list[tuple[int, int, int, int]] = []
    for grid in find_grids([_rule(box) for box in rules]):
        xs = [round(x * px) for x in grid.xs]
        ys = [round(y * px) for y in grid.ys]
        tables.append((xs[0], ys[0], xs[-1], ys[-1]))
        for slots in _merged_slots(grid):
            r0, c0 = min(slots)
            r1, c1 = max(slots)
            cells.append((xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    return tables, cells


def _merged_slots(grid: Grid) -> list[list[tuple[int, int]]]:
    """Grid slots (row, column) grouped into cells: slots with no ruling line between them are one."""
    rows, cols = len(grid.ys) - 1, len(grid.xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def root(slot: tuple[int, int]) -> tuple[int, int]:
        while owner[slot] != slot:
            slot = owner[slot]
        return slot

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _bordered(grid.v, grid.xs[c + 1], grid.ys[r], grid.ys[r + 1]):
                owner[root((r, c + 1))] = root((r, c))
            if r + 1 < rows and not _bordered(grid.h, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1]):
                owner[root((r + 1, c))] = root((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for slot in owner:
        groups.setdefault(root(slot), []).append(slot)
    return list(groups.values())


def _bordered(rules: list[Rule], pos: float, a: float, b: float) -> bool:
    """Whether a ruling line at `pos` runs along most of a..b (the side of a grid slot)."""
    for r in rules:
        along = (r.x0, r.x1) if r.horizontal else (r.top, r.bottom)
        at = r.top if r.horizontal else r.x0
        if abs(at - pos) <= _SLOT_SNAP and min(b, along[1]) - max(a, along[0]) >= _BORDER_COVER * (b - a):
            return True
    return False


def run_tesseract(images: list[Image.Image], psm: int = PSM, extra: tuple[str, ...] = ()) -> str:
    """Tesseract's TSV for images (TSV page n = image n), in by stdin as one multi-page TIFF, out by
    stdout: one Tesseract process per page, however many cells, and no temporary files.

    OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads cost more CPU than they save, and pages already
    run in parallel (measured: 4.0 s of CPU a page with one thread, 7.4 s with two)."""
    return _tesseract(images, ["-l", LANGUAGES, "--psm", str(psm), *extra, "tsv"])


def lines_run_down(image: Image.Image) -> bool | None:
    """Tesseract's orientation detection (`--psm 0`, about 1 s of CPU): whether the page is turned by a
    quarter (its lines run down it). Not when Tesseract is not sure (`_OSD_SURE`): an unsure page is
    left upright, as most are. None when it cannot run (no orientation data installed): no opinion.
    Which quarter is left to the ink (`orientation`), as for any turned page."""
    try:
        report = _tesseract([image], ["--psm", "0"])
    except OcrError:
        return None
    rotate = re.search(r"Rotate:\s*(\d+)", report)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", report)
    sure = bool(rotate and confidence and float(confidence.group(1)) >= _OSD_SURE)
    return sure and int(rotate.group(1)) in (90, 270)


def _tesseract(images: list[Image.Image], arguments: list[str]) -> str:
    """Tesseract's output for images sent by stdin as one multi-page TIFF, read from stdout."""
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], dpi=(DPI, DPI))
    cmd = ["tesseract", "stdin", "stdout", "--dpi", str(DPI), *arguments]
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
    vertical = [v for v in vertical if v[3] - v[1] >= _LONG_V_RULE
                or (_meets(v, v[1], horizontal) and _meets(v, v[3], horizontal))]
    return [h for h in horizontal if not _text_in_a_cell(ink, h, vertical)] + vertical


def _text_in_a_cell(ink: np.ndarray, box: tuple[int, int, int, int],
                    vertical: list[tuple[int, int, int, int]]) -> bool:
    """Whether a horizontal run of ink is a line of text in a table cell, not a ruling line: bold
    letters blurred by a scan run together along their tops or bodies, but then the run ends short of
    the cell's borders (it meets no vertical line), and letters stand just above or below it (`_BESIDE`
    px away: 0.3-0.8 of it is ink), where a ruling line has a cell's padding on both sides (at most
    0.02 ink on generated scans). Erased as a line, such a run took the tops off a header's letters,
    which were then read as junk. Outside tables a run with letters beside it (a stamp's frame over a
    title) is still erased: left, it joins the letters it crosses."""
    x0, top, x1, bottom = box
    beside = [v for v in vertical if v[1] - _TOUCH <= top and bottom <= v[3] + _TOUCH]  # lines along its height
    if any(v[0] - _TOUCH <= x <= v[2] + _TOUCH for v in beside for x in (x0, x1)):
        return False  # it ends on a vertical line: a cell border
    if not (any(v[2] < x0 for v in beside) and any(v[0] > x1 for v in beside)):
        return False  # not between two vertical lines: not in a cell
    near, far = _BESIDE
    above = ink[max(top - far, 0):max(top - near, 0), x0:x1]
    below = ink[bottom + near:bottom + far, x0:x1]
    return max(float(above.mean()) if above.size else 0.0, float(below.mean()) if below.size else 0.0) >= _TEXT_BESIDE


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


# ------------------------------------------------------------------------------ TSV -> glyphs


def tsv_lines(tsv: str, origins: tuple[tuple[int, int], ...] = ((0, 0),)) -> list[list[Glyph]]:
    """Level-5 rows of Tesseract's TSV grouped by line, in Tesseract's (logical) order, moved from
    each region's pixels to the page's (TSV page n is the region whose corner is `origins[n - 1]`)."""
    lines: dict[tuple[str, str, str, str], list[Glyph]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        dx, dy = origins[int(row["page_num"]) - 1]
        left, top = int(row["left"]) + dx, int(row["top"]) + dy
        glyph = Glyph(text, left, top, left + int(row["width"]), top + int(row["height"]))
        lines.setdefault((row["page_num"], row["block_num"], row["par_num"], row["line_num"]), []).append(glyph)
    return list(lines.values())


def tsv_pages(tsv: str, origins: tuple[tuple[int, int], ...], count: int) -> list[list[Glyph]]:
    """All glyphs of each TSV page (one image each), in order; an image with no text gives []."""
    pages: list[list[Glyph]] = [[] for _ in range(count)]
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text:
            n = int(row["page_num"]) - 1
            left, top = int(row["left"]) + origins[n][0], int(row["top"]) + origins[n][1]
            pages[n].append(Glyph(text, left, top, left + int(row["width"]), top + int(row["height"])))
    return pages


# ------------------------------------------------------------------------------------ numbers


def reread_numbers(line: list[Glyph], ink: np.ndarray) -> tuple[Glyph, ...]:
    """The line with every printed Thai number read again from the image (`thai_digits`).

    A number is a run of glyphs that Tesseract read as Thai digits, number punctuation, or the
    letters and signs it puts for Thai digits (ฒ for ๗, ค or ส for ๙, @ for ๙๙), with at least one
    Thai digit; or a short Latin word where a date puts its day, right before a month's name
    ("mo กันยายน" for ๓๐ กันยายน), if its every piece surely is a digit. When any piece of the run
    does not look like a digit, Tesseract's reading stays."""
    if not line:
        return ()
    top, bottom = (round(v) for v in _body(line))
    height = max(bottom - top, 1)
    limit = _WORD_GAP * height
    days = {i for i, g in enumerate(line) if _SHORT_LATIN.fullmatch(g.text) and _month_follows(line, i)}
    out: list[Glyph] = []
    run: list[Glyph] = []
    for i, glyph in enumerate([*line, None]):
        numeric = glyph is not None and (all(c in _NUMBER_CHARS for c in glyph.text) or i in days)
        if numeric and (not run or glyph.left - run[-1].right <= limit):
            run.append(glyph)
            continue
        if any(c in thai_digits.DIGITS for g in run for c in g.text):
            out.extend(_reread(run, ink, top, bottom))
        elif any(_SHORT_LATIN.fullmatch(g.text) for g in run):
            out.extend(_reread(run, ink, top, bottom, thai_digits.SURE_DIGIT))
        else:
            out.extend(run)
        run = [glyph] if numeric else []
        if glyph is not None and not numeric:
            out.append(glyph)
    return tuple(out)


def _month_follows(line: list[Glyph], i: int) -> bool:
    """Whether the glyphs after `i` spell a month's name, full or abbreviated."""
    after = "".join(g.text for g in line[i + 1:i + 1 + _LONGEST_MONTH]).lstrip()
    return after.startswith(_MONTH_NAMES)


def _reread(run: list[Glyph], ink: np.ndarray, top: int, bottom: int,
            min_similarity: float = thai_digits.MIN_SIMILARITY) -> list[Glyph]:
    """One glyph with the number's text read from the image, or the run as it was."""
    height = bottom - top
    y0, y1 = max(top - round(_NUMBER_ABOVE * height), 0), bottom + round(_NUMBER_BELOW * height)
    band = ink[y0:y1]
    x0, x1 = _widen(band.any(axis=0), run[0].left, run[-1].right)
    own = _own_rows(band, top - y0, bottom - y0, x0, x1)  # without the ink of the lines above and below
    text = None
    if own is not band:  # what is left must surely be digits: a Thai word loses its marks the same way
        a, b = _widen(own.any(axis=0), run[0].left, run[-1].right)
        text = thai_digits.read_number(own[:, a:b], top - y0, bottom - y0, thai_digits.SURE_DIGIT)
        if text is not None:
            x0, x1 = a, b
    if text is None:
        text = thai_digits.read_number(band[:, x0:x1], top - y0, bottom - y0, min_similarity)
    if text is None:
        return run
    return [Glyph(text, x0, min(g.top for g in run), x1, max(g.bottom for g in run))]


def _own_rows(band: np.ndarray, body_top: int, body_bottom: int, left: int, right: int) -> np.ndarray:
    """The band with the ink of other lines blanked: the rows above or below the number that a blank
    row parts from its letters' bodies (a tall digit's tail is joined to its body, so it stays). In a
    header cell the line above comes within a digit's height, and its ink would join the digits. A
    Thai word's marks are parted from it the same way, so a reading of what is left must be sure.
    The band itself when nothing is blanked."""
    rows = band[:, max(left, 0):right].any(axis=1)
    middle = (body_top + body_bottom) // 2
    if not rows.size or not rows[min(max(middle, 0), len(rows) - 1)]:
        return band
    first, last = middle, middle
    while first > 0 and rows[first - 1]:
        first -= 1
    while last < len(rows) - 1 and rows[last + 1]:
        last += 1
    if not rows[:first].any() and not rows[last + 1:].any():
        return band  # no other ink
    own = np.zeros_like(band)
    own[first:last + 1] = band[first:last + 1]
    return own


def _widen(columns: np.ndarray, left: int, right: int) -> tuple[int, int]:
    """Move the edges of Tesseract's (approximate) boxes out to the blank columns around the glyphs
    they cut (never across a blank column: a letter may follow a number without a space)."""
    left, right = max(left, 0), min(right, len(columns))
    while left > 0 and columns[left - 1]:
        left -= 1
    while right < len(columns) and columns[right]:
        right += 1
    return left, right


def restore_bullets(line: tuple[Glyph, ...], ink: np.ndarray) -> tuple[Glyph, ...]:
    """The line with the bullets Tesseract read as full stops put back: a "." whose ink is a solid
    round blob, as tall and as wide as a third of the letters and centred between their top and
    bottom, is a "•" (a full stop is a speck on the baseline). Lists of measures and steps are told
    by their bullets."""
    if not line:
        return line
    top, bottom = _body(list(line))
    height = max(bottom - top, 1.0)
    return tuple(Glyph("•", g.left, g.top, g.right, g.bottom)
                 if g.text in _READ_FOR_BULLET and _is_bullet(ink[g.top:g.bottom, g.left:g.right], g.top, top, bottom,
                                                              height)
                 else g for g in line)


def _is_bullet(box: np.ndarray, box_top: int, top: float, bottom: float, height: float) -> bool:
    """Whether the piece of ink in the middle of a glyph's box is a bullet (Tesseract's boxes overlap
    the letters beside them, so only the piece between blank columns counts)."""
    pieces = thai_digits.runs(box.any(axis=0))
    if not pieces:
        return False
    middle = box.shape[1] / 2
    a, b = min(pieces, key=lambda p: abs((p[0] + p[1]) / 2 - middle))
    rows = np.flatnonzero(box[:, a:b].any(axis=1))
    tall, wide = int(rows[-1] - rows[0]) + 1, b - a
    solid = box[rows[0]:rows[-1] + 1, a:b].sum() / (tall * wide)
    centre = box_top + (rows[0] + rows[-1]) / 2
    return (min(tall, wide) >= _BULLET_SIZE * height and 1 / _BULLET_ROUND <= tall / wide <= _BULLET_ROUND
            and solid >= _BULLET_SOLID and abs(centre - (top + bottom) / 2) <= _BULLET_OFF_CENTRE * height)


def restore_months(line: tuple[Glyph, ...], ink: np.ndarray) -> tuple[Glyph, ...]:
    """The line with the abbreviated months Tesseract's eng model read as Latin put back ("A.A.67"
    for ต.ค.๖๗, "W.A." for พ.ค., "1.8." for ก.ย.): a word shaped like one (two short groups, each
    ending in a dot, one of them not Thai) is compared, from the image, with the twelve abbreviations
    drawn in the template fonts, and replaced only by a clear winner."""
    if not line or not thai_digits.available():
        return line
    top, bottom = _body(list(line))
    height = max(bottom - top, 1.0)
    out = []
    for g in line:
        shape = _MONTH_SHAPE.match(g.text)
        crop = _abbreviation_ink(ink, g, top, bottom, height) if shape else None
        if crop is not None:
            month, score, margin = thai_digits.classify_word(crop, _MONTH_ABBREVIATIONS)
            if score >= _MONTH_SIMILARITY and margin >= _MONTH_MARGIN:
                g = Glyph(month + g.text[shape.end():], g.left, g.top, g.right, g.bottom)
        out.append(g)
    return tuple(out)


def _abbreviation_ink(ink: np.ndarray, g: Glyph, top: float, bottom: float, height: float) -> np.ndarray | None:
    """The ink of the letters and dots an abbreviation-shaped word opens with, up to its second dot,
    with the marks above its letters; None when its pieces do not show two dots."""
    y0, y1 = max(round(top - _NUMBER_ABOVE * height), 0), round(bottom + _NUMBER_BELOW * height)
    band = ink[y0:y1]
    x0, x1 = _widen(band.any(axis=0), g.left, g.right)
    dots = 0
    for a, b in thai_digits.runs(band[:, x0:x1].any(axis=0)):
        rows = np.flatnonzero(band[:, x0 + a:x0 + b].any(axis=1))
        if rows[-1] - rows[0] + 1 < thai_digits.DOT_SHARE * height and rows[-1] >= bottom - y0 - 0.3 * height:
            dots += 1
            if dots == 2:
                return band[:, x0:x0 + b]
    return None


def restore_code(line: tuple[Glyph, ...], ink: np.ndarray) -> tuple[Glyph, ...]:
    """A question code that opens a line, its letter read from the image ("612" -> "e12",
    "๐4" -> "e4", "13" -> "i3", "el" -> "e1").

    Tesseract reads the Latin letter of a code as a digit: e as 6, ๑, ๐ or @, i as 1 or l. The ink
    tells: a lower-case e or o is only as tall as the letters' bodies while a digit is taller (then
    its shape says e, o or ๐), and an i is a stroke with a dot over it while a 1 is one stroke. A
    number such as 612 keeps its digits."""
    match = _CODE_MISREAD.match(line[0].text) if line else None
    if match is None:
        return line
    top, bottom = (round(v) for v in _body(list(line)))
    height = bottom - top
    band = ink[max(top - round(_NUMBER_ABOVE * height), 0):bottom + round(_NUMBER_BELOW * height)]
    first = line[0]
    x0, x1 = _widen(band.any(axis=0), first.left, first.right)
    pieces = [band[:, x0 + a:x0 + b] for a, b in thai_digits.runs(band[:, x0:x1].any(axis=0))]
    if len(pieces) < 2 or not thai_digits.available():
        return line
    rows = [thai_digits.runs(piece.any(axis=1)) for piece in pieces]
    tall = [runs[-1][1] - runs[0][0] for runs in rows]
    if len(rows[0]) >= 2 and match.group(1) in "1lI|i":
        letter = "i"
    elif tall[0] < _LETTER_E * max(tall[1:]):
        letter = thai_digits.classify(pieces[0], _SHORT_CODE_LETTERS)[0]
    else:
        return line
    code = letter + match.group(2).translate(LIKE_ONE)
    return (Glyph(code, first.left, first.top, first.right, first.bottom), *line[1:])


# ------------------------------------------------------------------------------ glyphs -> words


def build_page(number: int, width: float, height: float, scan: Scan) -> Page:
    """A `Page` in PDF points from a scan in pixels; a page turned by a quarter is as tall as the
    sheet was wide."""
    if scan.turn in (90, 270):
        width, height = height, width
    rules = tuple(_rule(box) for box in scan.rules)
    verticals = [box for box, rule in zip(scan.rules, rules) if not rule.horizontal]
    lines = [(list(line), _body(line)) for line in scan.lines]
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
        text=restore_tones(repair_text("".join(g.text for g in glyphs))),
        x0=min(g.left for g in glyphs) * _PT_PER_PX,
        top=top * _PT_PER_PX,
        x1=max(g.right for g in glyphs) * _PT_PER_PX,
        bottom=bottom * _PT_PER_PX,
        size=size,
        space_before=True,
    )


# ------------------------------------------------------------------------------ dropped marks


def restore_tones(text: str) -> str:
    """Put back the tone mark (or ์) that Tesseract's Thai model most often drops: the one stacked
    over an upper vowel ("ที" for ที่, "ขันตอน" for ขั้นตอน, "เมือ" for เมื่อ, "สัมฤทธิ" for สัมฤทธิ์).

    A word is changed only when the same word with one more mark is a dictionary word that Thai
    text uses `_TONE_EVIDENCE` times as often (Thai National Corpus frequencies, shipped with
    pythainlp): "ที่" is 67 times as frequent as "ที", while "มี" stays (it is 300 times as
    frequent as "มี่"), and so does "ทีม", which is a word of its own."""
    if not _CONSONANT.search(text):
        return text
    return "".join(_with_tone(token) for token in word_tokenize(text, engine="newmm", keep_whitespace=True))


def _with_tone(token: str) -> str:
    freq = _frequencies()
    if not _CONSONANT.search(token) or _MARKED.search(token):
        return token
    candidates = [token[:i] + mark + token[i:] for i in range(1, len(token) + 1)
                  if _CONSONANT.match(token[i - 1]) or token[i - 1] in _UPPER_VOWELS for mark in _DROPPED]
    best = max(candidates, key=lambda w: freq.get(w, 0), default=token)
    return best if freq.get(best, 0) >= _TONE_EVIDENCE * max(freq.get(token, 0), 1) else token


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    return dict(tnc.word_freqs())
