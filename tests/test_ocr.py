"""OCR of scanned pages: extractors/sources/ocr.py and thai_digits.py.

Unit tests run on recorded Tesseract output (tests/data/ocr/: the TSV of two table cells, and the
scan of page 1 of corpus/samples/scan/plan_municipality.scan.pdf as the OCR cache stores it) and on
images drawn here, so they need no Tesseract. End-to-end tests OCR the sample scans and skip when
Tesseract with Thai is not installed (`.ci/install-ocr.sh` installs it).
"""
from __future__ import annotations

import json
import math
import statistics
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from conftest import ROOT, SAMPLES, expected, squash
from extractors import documents
from extractors.columns import column_role
from extractors.model import Page, text_lines
from extractors.records import is_measures_table, measure_rows
from extractors.sources import ocr, thai_digits
from extractors.sources.ocr import Glyph, Scan
from extractors.tables import find_tables

DATA = Path(__file__).parent / "data" / "ocr"
SCANS = SAMPLES / "scan"
SCAN_NAMES = ("plan_municipality", "report_tambon")
needs_fonts = pytest.mark.skipif(not thai_digits.available(), reason="no Thai fonts (apt-get install fonts-thai-tlwg)")
needs_tesseract = pytest.mark.skipif(ocr.tesseract_available() is None,
                                     reason="Tesseract with Thai is not installed (.ci/install-ocr.sh)")


def _font(size: int) -> ImageFont.FreeTypeFont:
    """Laksaman (TH Sarabun's metric clone, the government's font) when installed."""
    fonts = thai_digits.template_fonts()
    return ImageFont.truetype(str(next((f for f in fonts if f.name == "Laksaman.ttf"), fonts[0])), size)


def _drawn(text: str, size: int = 66) -> np.ndarray:
    """Ink of `text` drawn at about 16 pt at 300 dpi, on a page-sized strip."""
    image = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(image).text((40, 50), text, fill=0, font=_font(size))
    return np.asarray(image) < 128


def _ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(ink)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


# ------------------------------------------------------------------ recorded Tesseract output


def test_tsv_lines_group_characters_by_line_and_move_them_onto_the_page():
    origins = ((318, 977), (758, 977))  # the two cells' corners less the white margin around them
    lines = ocr.tsv_lines((DATA / "two_cells.tsv").read_text("utf-8"), origins)
    texts = ["".join(g.text for g in line) for line in lines]
    assert texts[0] == "กระบวนการ"  # Tesseract gives one "word" per Thai character
    assert len(lines[0]) == len("กระบวนการ")
    assert lines[0][0].left == 31 + 318 and lines[0][0].top == 50 + 977
    assert texts[3].startswith("13เจ้าหน้าที่")  # the code i3 as Tesseract reads it (see restore_code)
    assert lines[3][0].left > 758  # second cell, second region


def test_words_are_joined_at_small_gaps_and_split_at_real_ones():
    def g(text: str, left: int, width: int = 20) -> Glyph:
        return Glyph(text, left, 100, left + width, 140)

    line = [g("ก", 0), g("า", 22), g("ร", 44), g("ค", 90), g("\u0e19", 112), g("\u0e34", 140)]
    words = ocr.line_words(line, (100, 140), 12.0, verticals=[])
    assert [w.text for w in words] == ["การ", "คนิ"]  # a mark never starts a word, whatever its gap
    assert all(w.space_before for w in words)
    assert words[0].x0 == pytest.approx(0.0) and words[0].x1 == pytest.approx(64 * 72 / 300)


def test_a_vertical_ruling_line_always_ends_a_word():
    line = [Glyph("ก", 0, 100, 20, 140), Glyph("ข", 24, 100, 44, 140)]
    assert len(ocr.line_words(line, (100, 140), 12.0, verticals=[(21, 50, 23, 200)])) == 2
    assert len(ocr.line_words(line, (100, 140), 12.0, verticals=[(21, 150, 23, 200)])) == 1  # not on this line


def test_a_bullet_tesseract_read_as_a_full_stop_is_a_bullet_again():
    """Tesseract reads a round bullet "•" as "."; a list of measures or steps is told by its bullets.
    A "." whose ink is a solid round blob a third of the letters' height, centred on them, is a
    bullet; a full stop, a speck on the baseline ("พ.ศ."), stays one, and so does a bar."""
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 209, 118, 226), fill=0)  # the bullet: 18 px round, on a 36 px line's middle
    draw.ellipse((166, 331, 171, 336), fill=0)  # the full stop: 5 px on the baseline
    draw.rectangle((300, 195, 303, 240), fill=0)  # a bar
    ink = np.asarray(image) < 128

    def letters(text: str, left: int, top: int) -> list[Glyph]:
        return [Glyph(c, left + 22 * i, top, left + 22 * i + 20, top + 36) for i, c in enumerate(text)]

    bullet_line = (Glyph(".", 96, 200, 124, 236), *letters("มาตรการ", 130, 200), Glyph(".", 296, 190, 308, 244))
    stop_line = (*letters("พ", 140, 300), Glyph(".", 162, 300, 175, 336), *letters("ศ", 180, 300))
    assert [g.text for g in ocr.restore_bullets(bullet_line, ink)] == ["•", *"มาตรการ", "."]
    assert [g.text for g in ocr.restore_bullets(stop_line, ink)] == ["พ", ".", "ศ"]


def test_line_font_sizes_of_nearly_equal_lines_are_one_size():
    sizes = ocr._font_sizes([40, 41, 43, 60])
    assert sizes[0] == sizes[1] == sizes[2] != sizes[3]
    assert 14 < sizes[0] < 18  # body height 41 px at 300 dpi is a 16 pt line


def _recorded_page() -> Page:
    data = json.loads((DATA / "plan_municipality.scan.p1.json").read_text("utf-8"))
    return ocr.build_page(1, data["width"], data["height"], Scan.from_json(json.dumps(data["scan"])))


def test_recorded_scan_becomes_a_page_of_the_common_model():
    page = _recorded_page()
    assert page.text_source == "ocr"
    assert page.rules and page.words
    assert all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < w.bottom <= page.height for w in page.words)
    assert "อำเภอ" in " ".join(text_lines(list(page.words)))  # ํา rebuilt into ำ by the Thai repair


def test_recorded_scan_is_read_by_the_same_table_engine():
    tables = [t for t in find_tables([_recorded_page()]) if is_measures_table(t)]
    assert len(tables) == 1
    roles = {column_role(h) for h in tables[0].header}
    assert {"question", "measure", "responsible", "period"} <= roles
    rows = measure_rows(tables[0])
    want = expected("plan_municipality")["rows"]
    assert [q.code for q in rows[0].questions] == [q["code"] for q in want[0]["questions"]]
    assert fuzz.ratio(squash(rows[0].measure), squash(want[0]["measure"])) >= 90


# ------------------------------------------------------------------------- image geometry


def _ruled_image(angle: float = 0.0, stroke: bool = False) -> Image.Image:
    """A 2 x 3 ruled grid (and optionally a glyph-like stroke inside a cell), turned by `angle`."""
    image = Image.new("L", (2400, 1600), 250)
    draw = ImageDraw.Draw(image)
    for y in (300, 700, 1100):
        draw.line((200, y, 2200, y), fill=20, width=3)
    for x in (200, 900, 1600, 2200):
        draw.line((x, 300, x, 1100), fill=20, width=3)
    if stroke:
        draw.line((500, 420, 500, 510), fill=20, width=6)  # 90 px: longer than a rule's minimum
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=250)


@pytest.mark.parametrize("angle", [0.4, -0.7, 1.5])
def test_a_turned_page_is_straightened(angle):
    image, found = ocr.straighten(_ruled_image(angle))
    assert found == pytest.approx(-angle, abs=0.03)
    ink = np.asarray(image) < 128
    horizontal = [r for r in ocr.find_rules(ink) if r[2] - r[0] > r[3] - r[1]]
    assert all(bottom - top <= 6 for _, top, _, bottom in horizontal)  # level again: thin bands


def test_rules_are_found_and_glyph_strokes_are_not_rules():
    ink = np.asarray(_ruled_image(stroke=True)) < 128
    rules = ocr.find_rules(ink)
    horizontal = sorted((t + b) // 2 for x0, t, x1, b in rules if x1 - x0 > b - t)
    vertical = sorted((x0 + x1) // 2 for x0, t, x1, b in rules if x1 - x0 <= b - t)
    assert horizontal == pytest.approx([300, 700, 1100], abs=3)
    assert vertical == pytest.approx([200, 900, 1600, 2200], abs=3)  # not the stroke at x=500
    tables, cells = ocr.table_cells(rules)
    assert len(tables) == 1 and len(cells) == 6


def test_a_missing_border_merges_two_cells():
    image = _ruled_image()
    ImageDraw.Draw(image).line((900, 310, 900, 690), fill=250, width=9)  # no border in the first row
    _, cells = ocr.table_cells(ocr.find_rules(np.asarray(image) < 128))
    assert len(cells) == 5
    assert any(x1 - x0 > 1300 for x0, _, x1, _ in cells)


# ---------------------------------------------------------------------------- Thai numbers


@needs_fonts
@pytest.mark.parametrize("number", ["๘๖.๔๒", "๒๕๖๗", "+๖.๒๕", "๙๕.๐๐-๑๐๐", "๓๑/๑๒"])
def test_thai_digits_are_read_from_the_image(number):
    ink = _drawn(number)
    x0, top, x1, bottom = _ink_box(_drawn("๐"))  # a digit's body: a dot sits on its bottom
    x0, _, x1, _ = _ink_box(ink)
    assert thai_digits.read_number(ink[:, x0 - 2:x1 + 2], top, bottom) == number


@needs_fonts
def test_a_letter_is_not_taken_for_a_digit():
    ink = _drawn("๑ก")
    x0, top, x1, bottom = _ink_box(ink)
    assert thai_digits.read_number(ink[:, x0:x1], top, bottom) is None


@needs_fonts
def test_tesseract_digits_are_replaced_by_the_digits_on_the_page():
    ink = _drawn("ได้คะแนน ๘๖.๔๒ คะแนน")
    _, top, _, bottom = _ink_box(_drawn("น"))
    columns = ink.any(axis=0)
    pieces = thai_digits.runs(columns)
    number = [p for p in pieces if 300 < p[0] < 520]  # where the number is drawn
    left, right = number[0][0], number[-1][1]
    step = (right - left) // 6  # Tesseract's boxes: where the number is, roughly one per character
    wrong = [Glyph(c, left + 3 + i * step, top, left + (i + 1) * step - 3, bottom) for i, c in enumerate("๕๒๐.๕๒")]
    wrong[-1] = Glyph("๒", wrong[-1].left, top, right - 3, bottom)
    line = [Glyph("ได้", 40, top, 120, bottom), *wrong, Glyph("ค", right + 40, top, right + 70, bottom)]
    fixed = ocr.reread_numbers(line, ink)
    assert [g.text for g in fixed] == ["ได้", "๘๖.๔๒", "ค"]


@needs_fonts
def test_touching_digits_are_read_where_tesseract_boxes_are_loose():
    """A number alone on its line (a header cell's "๒๕๖๕"): Tesseract's boxes may be twice the digits'
    height, and two digits touch. The digits' own ink height decides where to cut them."""
    image = Image.new("L", (900, 300), 255)
    draw, font = ImageDraw.Draw(image), _font(66)
    draw.text((40, 100), "๕", fill=0, font=font)
    draw.text((40 + draw.textbbox((40, 100), "๕", font=font)[2] - 40 - 6, 100), "๖", fill=0, font=font)
    ink = np.asarray(image) < 128
    x0, top, x1, bottom = _ink_box(ink)
    half = (bottom - top) // 2
    assert thai_digits.read_number(ink[:, x0:x1], top - half, bottom + half) == "๕๖"


@needs_fonts
def test_a_number_is_read_apart_from_the_line_above_it():
    """In a two-line header cell ("คะแนนปี" over "๒๕๖๖") the line above comes within a digit's height
    of the number; its ink, parted from the digits by blank rows, is not part of them."""
    image = Image.new("L", (900, 300), 255)
    draw, font = ImageDraw.Draw(image), _font(66)
    draw.text((40, 130), "๒๕๖๖", fill=0, font=font)
    x0, top, x1, bottom = _ink_box(np.asarray(image) < 128)
    draw.text((30, 70), "คะแนนปีปีปี", fill=0, font=font)
    ink = np.asarray(image) < 128
    step = (x1 - x0) // 5
    line = [Glyph(c, x0 + i * step, top + 2, x0 + (i + 1) * step, bottom) for i, c in enumerate("๒๕๒๐๖")]
    assert [g.text for g in ocr.reread_numbers(line, ink)] == ["๒๕๖๖"]


@needs_fonts
def test_a_day_tesseract_read_as_latin_letters_before_a_month_is_read_as_digits():
    """"๓๐ กันยายน" read as "mo กันยายน": where a date puts its day, a short Latin word whose every
    piece surely is a digit is the day. The same word before anything else stays as it was."""
    for after, expected in (("กันยายน", "๓๐"), ("ก็ได้", "mo")):
        ink = _drawn(f"๓๐ {after}")
        day = [p for p in thai_digits.runs(ink.any(axis=0)) if p[0] < 120]
        x0, x1 = day[0][0], day[-1][1]
        _, top, _, bottom = _ink_box(_drawn("น"))
        rest = Glyph(after[0], x1 + 30, top, x1 + 60, bottom)
        line = [Glyph("mo", x0, top, x1, bottom), rest, *(Glyph(c, x1 + 60, top, x1 + 70, bottom) for c in after[1:])]
        assert ocr.reread_numbers(line, ink)[0].text == expected


@needs_fonts
@pytest.mark.parametrize(("printed", "tesseract", "restored"), [
    ("ต.ค. ๖๗", "A.A.", "ต.ค."), ("พ.ค. ๖๗", "W.A.", "พ.ค."), ("e.g. ๖๗", "e.g.", "e.g."), ("N.Y. ๖๗", "N.Y.", "N.Y.")])
def test_an_abbreviated_month_read_as_latin_is_read_from_its_shape(printed, tesseract, restored):
    """Tesseract's eng model reads ต.ค. as "A.A." and พ.ค. as "W.A.": a word shaped like an abbreviated
    month is compared, from the image, with the twelve drawn in the template fonts, and replaced only
    by a clear winner; Latin letters that are Latin ("e.g.", "N.Y.") stay."""
    ink = _drawn(printed)
    pieces = thai_digits.runs(ink.any(axis=0))
    word = [p for p in pieces if p[1] < pieces[0][0] + 130]
    _, top, _, bottom = _ink_box(_drawn("น"))
    line = (Glyph(tesseract, word[0][0], top, word[-1][1], bottom), Glyph("๖", word[-1][1] + 30, top, word[-1][1] + 60, bottom))
    assert ocr.restore_months(line, ink)[0].text == restored


@needs_fonts
def test_what_is_left_without_the_marks_above_must_surely_be_digits():
    """A Thai word loses its marks too when ink above is cut away: what is left is read as digits
    only when it surely is (a damaged ๐ that looks a little like ๓ is not), else Tesseract's text stays."""
    ink = _drawn("๐").copy()
    x0, top, x1, bottom = _ink_box(ink)
    ink[top:top + (bottom - top) * 15 // 100, x0:x1] = False
    ink[top - 12:top - 6, x0 + 2:x1 - 2] = True
    line = [Glyph("๑", x0, top, (x0 + x1) // 2, bottom), Glyph("%", (x0 + x1) // 2, top, x1, bottom)]
    assert [g.text for g in ocr.reread_numbers(line, ink)] == ["๑", "%"]


@needs_fonts
@pytest.mark.parametrize(("printed", "tesseract", "restored"), [
    ("e12", "612", "e12"), ("i3", "13", "i3"), ("e1", "el", "e1"), ("e4", "๐4", "e4"), ("o26", "026", "o26"),
    ("612", "612", "612"), ("026", "026", "026")])
def test_question_codes_are_restored_from_the_shape_of_their_letter(printed, tesseract, restored):
    ink = _drawn(printed + " ข้อ")
    x0, top, x1, bottom = _ink_box(_drawn("ข"))
    code = [p for p in thai_digits.runs(ink.any(axis=0)) if p[0] < 160]  # the code, not ข
    glyph = Glyph(tesseract, code[0][0], top, code[-1][1], bottom)
    line = (glyph, Glyph("ข", 400, top, 440, bottom), Glyph("อ", 444, top, 480, bottom))
    assert ocr.restore_code(line, ink)[0].text == restored


# ----------------------------------------------------------------- pages, cache, availability


def _fake_scan(calls: list[int]):
    def scan_image(image):
        calls.append(1)
        return Scan(((Glyph("ทดสอบ", 100, 100, 300, 140),),), ((100, 50, 2000, 53),), 0.0)
    return scan_image


def test_pages_are_cached_by_their_image(tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(ocr, "tesseract_available", lambda: "5.3.0")
    monkeypatch.setattr(ocr, "scan_image", _fake_scan(calls))
    path = SCANS / "plan_municipality.scan.pdf"
    first = ocr.ocr_pages(path, [1, 2], cache_dir=tmp_path, workers=2)
    again = ocr.ocr_pages(path, [1, 2], cache_dir=tmp_path)
    assert len(calls) == 2  # the second run read both pages from the cache
    assert first == again
    assert first[1].text_source == "ocr" and first[1].words[0].text == "ทดสอบ"
    assert (first[1].width, first[1].height) == pytest.approx((842, 595), abs=1)
    assert len(list(tmp_path.rglob("*.json"))) == 2


def test_cache_key_names_the_image_and_every_setting():
    image = Image.new("L", (50, 50), 255)
    other = image.copy()
    other.putpixel((3, 3), 0)
    key = ocr.cache_key(image, "5.3.0")
    assert key == ocr.cache_key(image.copy(), "5.3.0")
    assert key != ocr.cache_key(other, "5.3.0")
    assert key != ocr.cache_key(image, "5.4.0")


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ITA_CACHE_DIR", str(tmp_path))
    assert ocr.default_cache_dir() == tmp_path / "ocr"
    monkeypatch.delenv("ITA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ocr.default_cache_dir() == tmp_path / "xdg" / "ita" / "ocr"


def test_missing_tesseract_is_reported_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr.tesseract_available.cache_clear()
    try:
        assert ocr.tesseract_available() is None
        with pytest.raises(ocr.OcrError, match="apt-get install tesseract-ocr tesseract-ocr-tha"):
            ocr.ocr_pages(SCANS / "plan_municipality.scan.pdf", [1], cache_dir=tmp_path)
    finally:
        ocr.tesseract_available.cache_clear()


# -------------------------------------------------------------- end to end, with Tesseract


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> dict[str, list[Page]]:
    cache = tmp_path_factory.mktemp("ocr-cache")
    out = {}
    for name in SCAN_NAMES:
        path = SCANS / f"{name}.scan.pdf"
        n = len(ocr.pdfium.PdfDocument(path))
        out[name] = list(ocr.ocr_pages(path, list(range(1, n + 1)), cache_dir=cache, workers=2).values())
    return out


# Measured floors (raise them when OCR improves, never lower them): rows whose question codes are
# right, rows whose period dates are right, and the worst text similarity of a row. Abbreviated
# months ("ต.ค. 67 - ก.ย. 68") are what OCR still misreads most ("A.A. 67 -ก.ุย. 68"), then a code's
# e read as o ("e4" -> "o4": both are codes).
SCAN_FLOORS = {"plan_municipality": (8, 5, 80), "report_tambon": (6, 6, 90)}


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("name", SCAN_NAMES)
def test_scanned_sample_gives_the_expected_rows(scanned, name):
    pages = scanned[name]
    want = expected(name)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    assert documents.find_years(text)[0] == want["fiscal_year_be"]  # Thai digits read right
    rows = [r for t in find_tables(pages) if is_measures_table(t)
            for r in measure_rows(t, fiscal_year_be=want["fiscal_year_be"])]
    assert len(rows) == len(want["rows"])
    codes, periods, similar = 0, 0, []
    for got, row in zip(rows, want["rows"]):
        codes += [q.code for q in got.questions] == [q["code"] for q in row["questions"]]
        periods += (got.period_start, got.period_end) == tuple(
            None if d is None else date.fromisoformat(d) for d in (row["period_start"], row["period_end"]))
        for field in ("measure", "finding", "result", "outcome"):
            if row[field]:
                similar.append(fuzz.ratio(squash(getattr(got, field)), squash(row[field])))
    min_codes, min_periods, min_similar = SCAN_FLOORS[name]
    assert codes >= min_codes and periods >= min_periods
    assert statistics.mean(similar) >= 97 and min(similar) >= min_similar


@needs_tesseract
def test_ocr_of_a_page_reads_most_characters_right(scanned):
    page = scanned["plan_municipality"][0]
    recorded = _recorded_page()
    got = squash(" ".join(text_lines(list(page.words))))
    want = squash(" ".join(text_lines(list(recorded.words))))
    assert fuzz.ratio(got, want) >= 97  # same Tesseract version: the recording is reproduced


def test_sample_scans_are_small_image_only_pdfs():
    import pdfplumber

    for name in SCAN_NAMES:
        path = SCANS / f"{name}.scan.pdf"
        assert path.stat().st_size < 1.5 * 2 ** 20
        with pdfplumber.open(path) as pdf:
            assert not any(p.chars for p in pdf.pages) and all(p.images for p in pdf.pages)
    assert math.fsum(p.stat().st_size for p in SCANS.glob("*.pdf")) < 5 * 2 ** 20
    assert ROOT.joinpath(".ci", "install-ocr.sh").exists()


@needs_tesseract
@pytest.mark.slow
def test_bold_header_letters_run_together_by_a_scan_are_no_ruling_line(tmp_path):
    """A plan's shaded header row in bold, blurred by the scan: the tops and bodies of its letters run
    together into horizontal runs of ink as long as a cell border. Letters stand right above or below
    such a run, where a ruling line has only a cell's padding, so it is not a line: erased as one, it
    took the tops off the labels, which were read as junk, and the columns had no roles (tuning seed 46)."""
    from corpus.generator import generate, render
    from extractors.roles import column_roles

    doc, _, _ = generate(46)
    pdf = tmp_path / "g46.scan.pdf"
    render(doc, "scan", pdf)
    page = ocr.ocr_pages(pdf, [1], cache_dir=tmp_path / "cache")[1]
    table = next(t for t in find_tables([page]) if is_measures_table(t))
    assert {"question", "steps", "responsible", "period"} <= set(column_roles(table))


def _run_over_letters(image: Image.Image, x0: int, y: int) -> None:
    """A 450 px horizontal run of ink with letter-like strokes right under it, as bold letters blurred
    together along their tops leave (or a stamp's frame drawn across a line of text)."""
    draw = ImageDraw.Draw(image)
    draw.line((x0, y, x0 + 450, y), fill=20, width=5)
    for x in range(x0 + 4, x0 + 450, 14):
        draw.line((x, y + 3, x, y + 40), fill=20, width=6)


def test_a_run_over_letters_inside_a_cell_is_no_ruling_line_but_one_outside_tables_is():
    """Inside a table cell, a horizontal run that ends short of the cell's borders and has letters
    right beside it is the letters' tops run together, not a border: erased, it took the tops off a
    header's labels. Outside any table the same run (a stamp's frame across a title) is still a line to
    erase: left there, it joins the letters it crosses."""
    image = _ruled_image()
    _run_over_letters(image, 1000, 450)  # inside the cell between x=900 and x=1600
    _run_over_letters(image, 900, 1300)  # under the table: no vertical line beside it
    rules = ocr.find_rules(np.asarray(image) < 128)
    horizontal = sorted((t + b) // 2 for x0, t, x1, b in rules if x1 - x0 > b - t)
    assert horizontal == pytest.approx([300, 700, 1100, 1300], abs=4)
