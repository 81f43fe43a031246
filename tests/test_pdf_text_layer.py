"""What the PDF reader makes of text layers that lost their spaces or their Unicode map, and how its
reading is checked against PDFium's.

The PDFs here are made on the spot: with reportlab (glyphs a font lacks) and by hand (a Type0 font
without a ToUnicode map, which neither pdfminer nor PDFium can decode). Both are real files read by
the real pdfplumber; nothing is mocked.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont
from reportlab.pdfgen import canvas

from conftest import SAMPLE_PDFS
from corpus.render import sarabun_path
from extractors.model import Rule, text_lines
from extractors.sources.pdf import _logical_order, read_pdf, words_from_chars
from extractors.sources.second_reading import reconcile
from pipeline.ingest import ingest


def _char(text: str, x0: float, width: float = 6.0, top: float = 100.0, size: float = 16.0) -> dict:
    """A character as pdfplumber describes it (only the keys the reader uses)."""
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "size": size,
            "fontname": "Sarabun"}


def _line(pieces: list[tuple[str, float]], letter_gap: float = 0.5) -> list[dict]:
    """Characters of one line; each piece is a string and the gap (pt) printed before it."""
    chars, x = [], 50.0
    for text, gap_before in pieces:
        x += gap_before
        for ch in text:
            chars.append(_char(ch, x))
            x += 6.0 + letter_gap
    return chars


def _read(chars: list[dict]) -> str:
    return "\n".join(text_lines(words_from_chars(chars)))


def test_a_word_gap_without_a_space_glyph_is_read_as_a_space():
    # Word's justified Thai: no space glyph, the word gap is a space's width (about 0.3 em) wider.
    chars = _line([("ปัญหา", 0.0), ("อุปสรรค", 5.5), ("และข้อเสนอแนะ", 5.5)])
    assert _read(chars) == "ปัญหา อุปสรรค และข้อเสนอแนะ"


def test_a_gap_inside_a_dictionary_word_is_letter_spacing_not_a_space():
    # A narrow cell spreads its letters unevenly; the wide gap in กันยา|ยน falls inside one word.
    chars = _line([("30", 0.0), ("กันยา", 5.5), ("ยน", 5.5), ("2567", 5.5)])
    assert _read(chars) == "30 กันยายน 2567"


def test_a_space_typed_inside_a_compound_is_kept_where_the_letters_were_not_spread():
    # newmm reads ความคิดเห็น across the gap; the gap is a space's width in a line with no added spacing.
    assert _read(_line([("สามารถแสดงความ", 0.0), ("คิดเห็น", 5.5)])) == "สามารถแสดงความ คิดเห็น"


def test_the_same_gap_in_a_spread_line_is_letter_spacing():
    # Distributed justification added 3 pt to every gap: 5.5 pt more is within what it spreads unevenly.
    assert _read(_line([("สามารถแสดงความ", 0.0), ("คิดเห็น", 5.5)], letter_gap=3.0)) == "สามารถแสดงความคิดเห็น"


def test_a_gap_no_wider_than_the_spread_inside_a_word_is_no_space():
    # Justification spread this run's letters 6.4 pt apart inside สำหรับ: the same gap between words
    # is spreading too; a space's width more is a space.
    assert _read(_line([("สำหรั", 0.0), ("บ", 6.4), ("ภารกิจ", 6.4)], letter_gap=3.0)) == "สำหรับภารกิจ"
    assert _read(_line([("สำหรั", 0.0), ("บ", 4.0), ("ภารกิจ", 8.0)], letter_gap=3.0)) == "สำหรับ ภารกิจ"


def test_a_space_before_mai_yamok_is_read_from_the_gap():
    assert _read(_line([("กิจกรรมต่าง", 0.0), ("ๆ", 5.5), ("เช่น", 5.5)])) == "กิจกรรมต่าง ๆ เช่น"
    assert _read(_line([("กิจกรรมต่างๆ", 0.0), ("เช่น", 5.5)])) == "กิจกรรมต่างๆ เช่น"


def test_latin_words_take_spaces_from_gaps_alone():
    chars = _line([("นโยบาย", 0.0), ("No", 5.5), ("Gift", 5.5), ("Policy", 5.5)])
    assert _read(chars) == "นโยบาย No Gift Policy"


def test_a_short_spread_latin_word_stays_whole():
    """A narrow cell spreads "ITA" letter by letter; three letters give no usual spacing to compare."""
    assert _read(_line([("ITA", 0.0)], letter_gap=6.0)) == "ITA"


def test_cells_are_read_apart_and_a_wrap_where_the_next_word_fits_is_a_space():
    """Two ruled cells on one line: each keeps its own spacing. In the left cell the line "รายงาน"
    ends with room for "ปัญหา" (the next line's first word), so the break was a space Word dropped."""
    rules = (Rule(40.0, 90.0, 40.0, 200.0), Rule(160.0, 90.0, 160.0, 200.0), Rule(300.0, 90.0, 300.0, 200.0))
    left = [_char(c, 44.0 + 6.5 * k, top=100.0) for k, c in enumerate("รายงาน")]
    right = [_char(c, 164.0 + 7.5 * k, top=100.0) for k, c in enumerate("ปัญหา")]
    below = [_char(c, 44.0 + 6.5 * k, top=120.0) for k, c in enumerate("ปัญหาอุปสรรคและข้อเสนอแนะ")]
    words = words_from_chars(left + right + below, rules)
    lines = text_lines(words)
    assert lines[0].split() == ["รายงาน", "ปัญหา"]  # a cell border is not read as a space inside a word
    assert next(w for w in words if w.text == "รายงาน").space_after


def test_right_to_left_runs_are_put_back_in_reading_order():
    # A PDF draws Arabic left to right in visual order; the reader must reverse the run, not the line.
    clusters = [(t, _char(t, x), x + 6.0) for t, x in (("ล", 0), ("ج", 7), ("ا", 14), ("ر", 21), ("ร", 28))]
    assert "".join(c[0] for c in _logical_order(clusters)) == "ลراجร"


def _pdf_with_glyphs_the_font_lacks(path: Path) -> None:
    pdfmetrics.registerFont(ReportlabFont("SarabunTest", str(sarabun_path("Regular"))))
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont("SarabunTest", 16)
    c.drawString(72, 700, "องค์การบริหารส่วนตำบลراجรังเข้")  # Sarabun has no Arabic glyphs
    c.save()


def test_glyphs_the_font_lacks_become_replacement_characters_not_nul(tmp_path):
    path = tmp_path / "missing_glyphs.pdf"
    _pdf_with_glyphs_the_font_lacks(path)
    (page,) = read_pdf(path)
    text = " ".join(w.text for w in page.words)
    assert "\x00" not in text
    assert re.search("ตำบล\ufffd+รังเข้", text)  # reportlab draws them all on one spot: deduplicated


def _pdf_without_unicode_map(path: Path, text: str) -> None:
    """A Type0 / Identity-H font with the whole Sarabun embedded and no ToUnicode: codes are glyph ids."""
    font_file = sarabun_path("Regular")
    font = TTFont(str(font_file))
    cmap, gid = font.getBestCmap(), {g: i for i, g in enumerate(font.getGlyphOrder())}
    codes = b"".join(gid[cmap[ord(c)]].to_bytes(2, "big") for c in text)
    advance = font["hmtx"]
    scale = 1000 / font["head"].unitsPerEm
    widths = " ".join(f"{gid[cmap[ord(c)]]} [{round(advance[cmap[ord(c)]][0] * scale)}]" for c in sorted(set(text)))
    content = b"BT /F1 16 Tf 72 700 Td <" + codes.hex().encode() + b"> Tj ET"
    data = font_file.read_bytes()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Sarabun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Sarabun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /CIDToGIDMap /Identity /W ["
        + widths.encode() + b"] >>",
        b"<< /Type /FontDescriptor /FontName /Sarabun /Flags 4 /FontBBox [-500 -300 1500 1100] /ItalicAngle 0 "
        b"/Ascent 1068 /Descent -232 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
        b"<< /Length %d /Length1 %d >>\nstream\n%s\nendstream" % (len(data), len(data), data),
    ]
    write_pdf(path, objects)


def write_pdf(path: Path, objects: list[bytes]) -> None:
    """A PDF file of these objects (numbered from 1, the first the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_a_font_without_unicode_map_makes_the_document_partial_with_the_reason(tmp_path):
    path = tmp_path / "no_tounicode.pdf"
    _pdf_without_unicode_map(path, "ประกาศเจตนารมณ์การป้องกันการทุจริต No Gift Policy ประจำปี ๒๕๖๗")
    db = tmp_path / "w.duckdb"
    ingest([str(path)], db, ocr="never")
    con = duckdb.connect(str(db), read_only=True)
    status, error = con.execute("SELECT status, error FROM documents").fetchone()
    assert status == "partial"
    assert "page(s) 1" in error
    flags, trusted = con.execute("SELECT flags, trusted FROM text_quality WHERE page = 1").fetchone()
    assert not trusted
    assert "foreign_script" in flags  # pdfminer's guess: letters of other scripts
    assert "readers_disagree" in flags  # PDFium's guess is another garble


def test_readers_agree_on_every_sample_page():
    """pdfminer's reading (PUA mapped) and PDFium's agree on our office and legacy samples: no page flagged."""
    for path in sorted(SAMPLE_PDFS.glob("*.pdf")):
        if ".office." in path.name or ".legacy." in path.name:
            assert all("readers_disagree" not in page.flags for page in read_pdf(path)), path.name


def test_a_glyph_only_pdfium_decodes_takes_its_reading():
    ours = list("ประกาศ") + ["\ufffd"] + list("จตนารมณ์")
    settled, disagreement = reconcile(ours, "ประกาศเจตนารมณ์")
    assert "".join(settled) == "ประกาศเจตนารมณ์"
    assert disagreement == 0  # settled: a page PDFium fully repairs is not flagged


def test_a_differing_glyph_goes_to_the_reading_that_makes_words():
    ours = list("ประกาศเจตนารนณ์การป้องกันการทุจริต")  # ม misread as น: "เจตนารนณ์" is no word
    settled, _ = reconcile(ours, "ประกาศเจตนารมณ์การป้องกันการทุจริต")
    assert "".join(settled) == "ประกาศเจตนารมณ์การป้องกันการทุจริต"
    settled, _ = reconcile(list("ประกาศเจตนารมณ์"), "ประกาศเจตนารนณ์")  # the other way round: ours stays
    assert "".join(settled) == "ประกาศเจตนารมณ์"


def test_reading_order_composition_and_undecodable_glyphs_are_no_disagreement():
    assert reconcile(list("ขั้นตอนการ") + [" "] + list("ปฏิบัติ"), "ปฏิบัติ\r\nขั้นตอนการ")[1] == 0
    assert reconcile(["ก", "ำ", "ไ", "ร"], "ก\u0e4d\u0e32ไร")[1] == 0  # ํ + า is how PDFium gives ำ
    assert reconcile(["ต", "\ufffd", "\ufffd"], "ต")[1] == 0  # neither reader decodes those glyphs


def test_a_sara_am_in_two_glyphs_is_aligned_whole_and_left_as_printed():
    """Word + PSK files give ำ as ํ then า; PDFium composes it. Settling another glyph on the page
    must not turn the pair into ำ + า."""
    ours = list("ดําเนินการ") + ["x"]
    settled, disagreement = reconcile(ours, "ดำเนินการy")
    assert settled[:3] == ["ด", "\u0e4d", "\u0e32"]
    assert disagreement == 1  # x against y: neither reads better, ours stays
