"""Which way up a scanned page is (extractors/sources/orientation.py), on generated pages.

Pages come from the layout generator (tuning seeds only): a portrait analysis page of prose and a
landscape plan page with a ruled table, rendered at the OCR resolution and turned here by every
quarter, as a scanner feeds them. The end-to-end test OCRs a generated scan whose landscape table
was turned onto portrait sheets, which gave no rows before pages were set upright.
"""
from __future__ import annotations

import io

import duckdb
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from corpus.generator import generate, render
from corpus.generator.pdf import render_pdf
from extractors.sources import ocr
from extractors.sources.orientation import upright_turn
from pipeline.ingest import ingest

needs_tesseract = pytest.mark.skipif(ocr.tesseract_available() is None,
                                     reason="Tesseract with Thai is not installed (.ci/install-ocr.sh)")
TURNS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def _first_seed(want) -> int:
    return next(seed for seed in range(200) if want(generate(seed)[2]))


def _page_image(seed: int, page: int = 0) -> Image.Image:
    doc, _, _ = generate(seed)
    out = io.BytesIO()
    render_pdf(doc, "office", out)
    pdf = pdfium.PdfDocument(out.getvalue())
    return pdf[page].render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")


def _turn_found(image: Image.Image) -> int:
    gray = np.asarray(image, dtype=np.uint8)
    ink = gray < 128
    return upright_turn(ink, ocr.find_rules(ink))


@pytest.fixture(scope="module")
def pages() -> dict[str, Image.Image]:
    table = _first_seed(lambda f: f.get("doc_type") == "measures" and f.get("orientation") == "landscape"
                        and f.get("family") in ("A", "B", "C"))
    prose = _first_seed(lambda f: f.get("doc_type") == "analysis" and not f.get("embedded_plan"))
    return {"landscape table": _page_image(table), "portrait prose": _page_image(prose)}


@pytest.mark.parametrize("kind", ["landscape table", "portrait prose"])
@pytest.mark.parametrize("fed", [0, 90, 180, 270])
def test_a_page_fed_any_way_round_is_set_upright(pages, kind, fed):
    image = pages[kind].transpose(TURNS[fed]) if fed else pages[kind]
    assert _turn_found(image) == (360 - fed) % 360


def test_a_page_with_almost_nothing_on_it_is_left_as_it_is():
    image = Image.new("L", (2480, 3508), 255)
    image.paste(0, (300, 400, 340, 420))  # a speck of ink, no text to judge by
    assert _turn_found(image) == 0
    assert _turn_found(image.transpose(Image.Transpose.ROTATE_180)) == 0


@needs_tesseract
@pytest.mark.slow
def test_a_landscape_table_scanned_onto_portrait_sheets_gives_its_rows(tmp_path):
    seed = _first_seed(lambda f: f.get("doc_type") == "measures" and f.get("orientation") == "landscape"
                       and f.get("family") in ("A", "C") and f.get("rows", 9) <= 4)
    doc, gold, features = generate(seed)
    doc.features["scan"] = {"dpi": 200, "colour": False, "skew_deg": 0.4, "blur": 0.0, "uneven_light": False,
                            "jpeg_quality": 75, "noise": 2.0, "highlighter": False, "stamp": False,
                            "signature_over_text": False, "rotate_landscape_onto_portrait": True,
                            "upside_down_page": False}
    pdf = tmp_path / f"g{seed}.scan.pdf"
    render(doc, "scan", pdf)
    first = pdfium.PdfDocument(pdf)[0]
    assert first.get_width() < first.get_height()  # the sheet is portrait: the table runs down it
    db = tmp_path / "w.duckdb"
    ingest([str(pdf)], db, workers=1)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM measures").fetchone()[0]
        codes = {c for (c,) in con.execute("SELECT code FROM measure_questions WHERE code IS NOT NULL").fetchall()}
    assert rows == len(gold["rows"])
    printed = {q["code"] for r in gold["rows"] for q in r["questions"] if q.get("code")}
    assert len(codes & printed) >= len(printed) // 2


def _scanned_page(tmp_path, seed: int, page: int) -> Image.Image:
    """Page `page` (from 0) of the seed's generated scan, as OCR renders it."""
    doc, _, _ = generate(seed)
    pdf = tmp_path / f"g{seed}.scan.pdf"
    render(doc, "scan", pdf)
    return pdfium.PdfDocument(pdf)[page].render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")


def _ink_turn(image: Image.Image, second_opinion) -> int:
    gray = np.asarray(image, dtype=np.uint8)
    ink = gray < ocr._ink_threshold(gray)
    return upright_turn(ink, ocr.find_rules(ink), second_opinion)


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("seed", [43, 55])
def test_a_turned_page_whose_ink_is_in_doubt_is_turned_on_tesseracts_word(tmp_path, seed):
    """The last sheet of a landscape table scanned onto portrait paper, half of it prose and a
    signature: its rows are only 0.71-0.75 as peaky as its columns, where upright pages of a few lines
    also fall (0.68). Tesseract's orientation detection, asked there only, says it is turned, and it is
    set upright; by the ink alone it was read as it lay, as junk, and its rows were lost. Tuning seeds."""
    image = _scanned_page(tmp_path, seed, 2)
    assert ocr.lines_run_down(image) is True
    assert _ink_turn(image, lambda: ocr.lines_run_down(image)) in (90, 270)


@needs_tesseract
@pytest.mark.slow
def test_an_upright_page_whose_ink_is_in_doubt_is_not_turned_when_tesseract_is_unsure(tmp_path):
    """An upright landscape sheet of four lines and a signature: its rows are 0.68 as peaky as its
    columns, so by the ink alone it was turned on its side. Tesseract is not sure of it either, and an
    unsure page is not turned on its side (tuning seed 76)."""
    image = _scanned_page(tmp_path, 76, 2)
    assert ocr.lines_run_down(image) is False
    assert _ink_turn(image, lambda: ocr.lines_run_down(image)) not in (90, 270)
