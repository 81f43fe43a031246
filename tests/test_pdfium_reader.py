"""PDFium as the first reader: it gives pdfminer's glyphs, boxes and ruling lines on real PDFs, and a page
whose PDFium reading is in doubt is read by pdfminer instead, with the reason.

The sample PDFs are the bundled ones (three producer styles); the doubtful ones are made on the spot
(`test_pdf_text_layer`'s helpers: a font without a Unicode map, glyphs a font lacks), and a rotated page
is a sample page turned by PDFium. Nothing is mocked.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLE_PDFS
from test_pdf_text_layer import _pdf_with_glyphs_the_font_lacks, _pdf_without_unicode_map, write_pdf

from extractors.sources import pdf as pdf_source
from extractors.sources.pdf import dedupe_chars, read_pdf, rules_from_objects
from extractors.sources.pdfium_reader import read_page

SAMPLES = sorted(SAMPLE_PDFS.glob("*.pdf"))
_KEYS = ("x0", "x1", "top", "bottom", "size")


def _same_glyphs(ours: list[dict], theirs: list[dict]) -> None:
    assert [c["text"] for c in ours] == [c["text"] for c in theirs]
    for a, b in zip(ours, theirs):
        assert all(abs(a[k] - float(b[k])) < 0.01 for k in _KEYS), (a, {k: b[k] for k in _KEYS})


def _same_rules(lines: list[dict], rects: list[dict], page: pdfplumber.page.Page) -> None:
    ours = [(r.x0, r.top, r.x1, r.bottom) for r in rules_from_objects(lines, rects)]
    theirs = [(r.x0, r.top, r.x1, r.bottom) for r in rules_from_objects(page.lines, page.rects)]
    assert len(ours) == len(theirs) and all(a == pytest.approx(b, abs=0.01) for a, b in zip(ours, theirs))


@pytest.mark.parametrize("path", SAMPLES[::4], ids=lambda p: p.name)
def test_pdfium_reads_the_glyphs_and_rules_pdfminer_reads(path):
    document = pdfium.PdfDocument(str(path))
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            reading = read_page(document, index)
            assert reading.doubt is None
            assert (reading.width, reading.height) == pytest.approx((float(page.width), float(page.height)))
            _same_glyphs(dedupe_chars(reading.chars), dedupe_chars(page.chars))
            _same_rules(reading.lines, reading.rects, page)


def test_a_space_drawn_on_its_own_is_read_although_pdfium_skips_it(tmp_path):
    # a text object of one space has no extent: PDFium's text page leaves it out, pdfminer reads it
    path = tmp_path / "lone_space.pdf"
    _pdf(path, b"BT /F1 10 Tf 200 600 Td (Word) Tj ET BT /F1 10 Tf 222 600 Td ( ) Tj ET "
               b"BT /F1 10 Tf 230 600 Td (next) Tj ET")
    reading = read_page(pdfium.PdfDocument(str(path)), 0)
    with pdfplumber.open(path) as pdf:
        _same_glyphs(reading.chars, pdf.pages[0].chars)
    assert "".join(c["text"] for c in reading.chars) == "Word next"


def test_scaled_text_and_ruling_lines_in_any_shape_land_where_pdfminer_puts_them(tmp_path):
    path = tmp_path / "shapes.pdf"
    _pdf(path, b"BT /F1 12 Tf 1.5 0 0 2 100 700 Tm (Scaled) Tj ET 0.5 w 50 50 m 300 50 l S "
               b"40 40 200 100 re S 10 10 m 10 90 l 90 90 l 90 10 l h S "
               b"q 2 0 0 2 10 10 cm 10 300 m 100 300 l S Q 5 5 m 50 80 60 5 90 5 c S")
    reading = read_page(pdfium.PdfDocument(str(path)), 0)
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        _same_glyphs(reading.chars, page.chars)
        _same_rules(reading.lines, reading.rects, page)


@pytest.mark.parametrize(("make", "doubt"), [
    (lambda p: _pdf_without_unicode_map(p, "ประกาศเจตนารมณ์ No Gift Policy"), "a glyph with no Unicode"),
    (_pdf_with_glyphs_the_font_lacks, "a glyph PDFium could not decode"),
])
def test_a_page_pdfium_cannot_decode_is_read_by_pdfminer_and_checked(tmp_path, monkeypatch, make, doubt):
    path = tmp_path / "doubtful.pdf"
    make(path)
    assert read_page(pdfium.PdfDocument(str(path)), 0).doubt == doubt
    read_by_miner = []
    original = pdf_source._MinerPages.page
    monkeypatch.setattr(pdf_source._MinerPages, "page",
                        lambda self, index, text: read_by_miner.append(index) or original(self, index, text))
    (page,) = read_pdf(path)
    assert read_by_miner == [0] and page.words


def test_a_rotated_page_is_left_to_pdfminer_and_the_others_stay_with_pdfium(tmp_path, monkeypatch):
    document = pdfium.PdfDocument(str(SAMPLE_PDFS / "plan_tambon.office.pdf"))
    document[1].set_rotation(90)
    path = tmp_path / "rotated.pdf"
    document.save(str(path))
    assert read_page(pdfium.PdfDocument(str(path)), 1).doubt == "a rotated or offset page"
    read_by_miner = []
    original = pdf_source._MinerPages.page
    monkeypatch.setattr(pdf_source._MinerPages, "page",
                        lambda self, index, text: read_by_miner.append(index) or original(self, index, text))
    pages = read_pdf(path)
    assert read_by_miner == [1]
    assert (pages[1].width, pages[1].height) == pytest.approx((pages[0].height, pages[0].width))


def _pdf(path: Path, content: bytes) -> None:
    """A one-page PDF drawing `content` (a content stream written by hand) in a font of fixed widths (not one
    of the standard 14, whose metrics pdfminer takes from its own tables)."""
    write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> >> "
         b"/Contents 4 0 R >>"),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /TestSans /FirstChar 32 /LastChar 126 /Widths ["
         + b" ".join(b"500" for _ in range(95)) + b"] /FontDescriptor 6 0 R >>"),
        (b"<< /Type /FontDescriptor /FontName /TestSans /Flags 32 /FontBBox [-166 -225 1000 931] "
         b"/ItalicAngle 0 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88 >>"),
    ])


def test_the_reader_used_is_the_one_the_page_needs_on_real_documents():
    """Every sample page is PDFium's (no doubt): the samples show the whole fast path."""
    for path in SAMPLES:
        document = pdfium.PdfDocument(str(path))
        assert all(read_page(document, i).doubt is None for i in range(len(document))), path.name
