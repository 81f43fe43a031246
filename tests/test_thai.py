"""Thai repair: PUA table, sara am, mark geometry, spurious spaces, justified text, damage flags.

Expected values are written out by hand (the PUA table from HarfBuzz's hb-ot-shaper-thai.cc, the words
from the failure shapes in notes/research.md §1), not computed with the code under test.
"""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words

from extractors import thai
from extractors.thai import (
    PUA_TO_THAI,
    TextDamage,
    assess,
    join_split_words,
    reorder_marks,
    repair_text,
)

MAI_EK, MAI_THO, MAI_TRI, MAI_CHATTAWA = "\u0e48", "\u0e49", "\u0e4a", "\u0e4b"
THANTHAKHAT, NIKHAHIT = "\u0e4c", "\u0e4d"

# hb-ot-shaper-thai.cc, thai_pua_shape(): (Windows PUA, Mac PUA, Thai character).
HARFBUZZ_TABLE = [
    # SD
    (0xF70A, 0xF88B, MAI_EK),
    (0xF70B, 0xF88E, MAI_THO),
    (0xF70C, 0xF891, MAI_TRI),
    (0xF70D, 0xF894, MAI_CHATTAWA),
    (0xF70E, 0xF897, THANTHAKHAT),
    (0xF718, 0xF89B, "\u0e38"),  # SARA U
    (0xF719, 0xF89C, "\u0e39"),  # SARA UU
    (0xF71A, 0xF89D, "\u0e3a"),  # PHINTHU
    # SDL
    (0xF705, 0xF88C, MAI_EK),
    (0xF706, 0xF88F, MAI_THO),
    (0xF707, 0xF892, MAI_TRI),
    (0xF708, 0xF895, MAI_CHATTAWA),
    (0xF709, 0xF898, THANTHAKHAT),
    # SL
    (0xF713, 0xF88A, MAI_EK),
    (0xF714, 0xF88D, MAI_THO),
    (0xF715, 0xF890, MAI_TRI),
    (0xF716, 0xF893, MAI_CHATTAWA),
    (0xF717, 0xF896, THANTHAKHAT),
    (0xF710, 0xF884, "\u0e31"),  # MAI HAN-AKAT
    (0xF701, 0xF885, "\u0e34"),  # SARA I
    (0xF702, 0xF886, "\u0e35"),  # SARA II
    (0xF703, 0xF887, "\u0e36"),  # SARA UE
    (0xF704, 0xF888, "\u0e37"),  # SARA UEE
    (0xF712, 0xF889, "\u0e47"),  # MAITAIKHU
    (0xF711, 0xF899, NIKHAHIT),
    # RD
    (0xF70F, 0xF89A, "\u0e0d"),  # YO YING without descender
    (0xF700, 0xF89E, "\u0e10"),  # THO THAN without descender
]
PUA_CASES = [(chr(w), thai_char) for w, _, thai_char in HARFBUZZ_TABLE] + [
    (chr(m), thai_char) for _, m, thai_char in HARFBUZZ_TABLE
]


# --- PUA ------------------------------------------------------------------------------------------


def test_pua_table_covers_both_ranges_exactly():
    windows = {chr(c) for c in range(0xF700, 0xF71B)}
    mac = {chr(c) for c in range(0xF884, 0xF89F)}
    assert set(PUA_TO_THAI) == windows | mac
    assert len(PUA_TO_THAI) == 54


@pytest.mark.parametrize(("pua", "expected"), PUA_CASES, ids=[f"U+{ord(p):04X}" for p, _ in PUA_CASES])
def test_pua_code_point_maps_like_harfbuzz(pua, expected):
    assert PUA_TO_THAI[pua] == expected
    if expected in "\u0e0d\u0e10":  # a consonant variant stands alone
        assert repair_text(f"เ{pua}ิญ") == f"เ{expected}ิญ"
    else:  # a mark variant follows its base
        assert repair_text(f"ก{pua}") == f"ก{expected}"


def test_pua_points_fixthaipdf_gets_wrong():
    assert PUA_TO_THAI["\uf705"] == MAI_EK  # fixthaipdf: MAI CHATTAWA
    assert PUA_TO_THAI["\uf710"] == "\u0e31"  # fixthaipdf: MAI THO


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ก\uf70aอน", "ก่อน"),
        ("จากการวิเคราะห\uf70eค\uf70aาคะแนน", "จากการวิเคราะห์ค่าคะแนน"),  # seed000.legacy.pdf
        ("ป\uf702 2566", "ปี 2566"),
        ("ป\uf713 า", "ป่า"),  # SL variant + a reader's gap
        ("\uf700าน", "ฐาน"),
        ("ค\uf89c\uf88bมือ", "คู่มือ"),  # Mac range: SARA UU, MAI EK (SD)
    ],
)
def test_pua_in_words(raw, expected):
    assert repair_text(raw) == expected


# --- sara am --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ดํา", "ดำ"),  # NIKHAHIT + SARA AA
        ("ด่ํา", "ด่ำ"),  # tone, NIKHAHIT, AA (the NFKD order)
        ("ดํ่า", "ด่ำ"),  # NIKHAHIT, tone, AA (HarfBuzz's shaped order)
        ("ดำา", "ดำ"),  # ำ + stray า
        ("ดำาเนินการ", "ดำเนินการ"),
        ("ด ํ า", "ดำ"),
        ("น ํ ้ า", "น้ำ"),
        ("น ้ ํ า", "น้ำ"),
        ("สํารวจความพึงพอใจ", "สำรวจความพึงพอใจ"),  # seed000 source text
        ("จัดท ำบัตรคิว", "จัดทำบัตรคิว"),  # BrowalliaNew: real ำ comes out as " ำ"
    ],
)
def test_sara_am_forms(raw, expected):
    assert repair_text(raw) == expected


@pytest.mark.parametrize("word", ["น้ำ", "ดำเนินงาน", "ประจำปี", "กำหนด", "ค่ำ", "สำนักปลัด", "คำนำ"])
def test_nfkc_round_trip_is_undone(word):
    decomposed = unicodedata.normalize("NFKC", word)
    assert decomposed != word  # NFKC really splits ำ
    assert repair_text(decomposed) == word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("จ านวน", "จำนวน"),  # only the ำ word exists
        ("ค าน า", "คำนำ"),  # decided together: คาน alone is a word
        ("ด าเนินงาน ประจ าปีงบประมาณ", "ดำเนินงาน ประจำปีงบประมาณ"),
        ("ส านักปลัด", "สำนักปลัด"),
        ("ท างาน", "ทำงาน"),
        ("ก าร", "การ"),  # only the า word exists
        ("เจ้ า หน้ า ที่", "เจ้า หน้า ที่"),
        ("น้ า", "น้า"),  # both are words: keep what is printed
        ("ข า", "ขา"),
    ],
)
def test_spaced_aa_decided_by_dictionary(raw, expected):
    assert repair_text(raw) == expected


def test_lost_sara_am_without_space_is_not_rewritten():
    # "ดาเนินงาน" has no local evidence; assess() flags such documents instead (no_sara_am).
    assert repair_text("ดาเนินงาน") == "ดาเนินงาน"


# --- spaces, duplicates, words that must not change -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ถ ึง", "ถึง"),
        ("ต ้องการ", "ต้องการ"),
        ("กรณ ีที่", "กรณีที่"),
        ("พ ุ่ม", "พุ่ม"),
        ("ปร ะ กาศ", "ประ กาศ"),
        ("ไ มมี", "ไมมี"),  # nothing follows a leading vowel but its consonant
        ("ต\u00a0้องการ", "ต้องการ"),  # NBSP
        ("ถ ึง ต ้องการ มาก", "ถึง ต้องการ มาก"),  # real word spaces survive
        ("ต่อไปนี้ อย่างไร ้", "ต่อไปนี้ อย่างไร้"),  # string level cannot move it back; geometry can
    ],
)
def test_spaces_before_marks_removed(raw, expected):
    assert repair_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ข้้้อความ", "ข้อความ"),
        ("ดีีี", "ดี"),
        ("ที่่", "ที่"),
        ("ขอ้้", "ขอ้"),
        ("นาา", "นา"),
        ("ก่ิน", "กิ่น"),  # tone typed before the vowel: Unicode order is vowel, tone
        ("เเปลก", "แปลก"),  # two SARA E for SARA AE
    ],
)
def test_fake_bold_duplicates_and_order(raw, expected):
    assert repair_text(raw) == expected


@pytest.mark.parametrize(
    "clean",
    [
        "น้ำ",
        "น้า",
        "คู่มือ",
        "ดำเนินงาน",
        "ต่าง ๆ",
        "ต่างๆ",
        "E-Service",
        "o12",
        "o24 การดำเนินการ",
        "๘๕.๕๐",
        "๐24",
        "ประชาสัมพันธ์",
        "สิทธิ์",
        "ฤๅษี",
        "1 ตุลาคม 2566 ถึง 30 กันยายน 2567",
        "สำนักปลัด/กองคลัง",
        "ข้อ 1.\n2. กำชับ\n\nผู้บังคับบัญชา",
        "  two  spaces  ",
        "Do's & Don'ts",
        "",
    ],
)
def test_clean_text_unchanged(clean):
    assert repair_text(clean) == clean


def test_invisible_characters_removed():
    assert repair_text("ประชา\u200bสัมพันธ์\u00ad\ufeff") == "ประชาสัมพันธ์"


def test_dangling_mark_without_base_dropped():
    assert repair_text("\u0e49ข้อความ") == "ข้อความ"
    assert repair_text("ITA \u0e48ข้อ") == "ITA ข้อ"


def test_mark_classes_agree():
    # The regex class and the rank table must name the same 16 combining marks.
    in_class = {chr(c) for c in range(0x0E00, 0x0E80) if re.fullmatch(f"[{thai._MARK}]", chr(c))}
    assert in_class == set(thai._MARK_RANK)
    assert len(in_class) == 16
    assert all(unicodedata.category(c) == "Mn" for c in in_class)


# --- reorder_marks --------------------------------------------------------------------------------

# Boxes measured on shared/eval/dev/seed000.legacy.pdf (Word 2016, PUA marks), "...ห์ค่า...".
PDFIUM_BOXES = [  # pypdfium2 get_charbox: ink boxes, marks overlap their base
    ("ห", 183.08, 192.01),
    ("\uf70e", 188.46, 192.66),
    ("ค", 193.95, 201.26),
    ("\uf70a", 200.39, 201.26),
    ("า", 204.51, 210.19),
]
PDFMINER_BOXES = [  # pdfplumber chars: zero-width marks at the pen position after the base
    ("ท", 358.02, 368.36),
    ("ี", 368.36, 368.36),
    ("่", 368.36, 368.36),
    ("ผ", 368.57, 377.74),
    ("\uf70a", 377.74, 377.74),
    ("า", 378.44, 386.04),
    ("น", 387.02, 397.12),
]


def _is_mark(text):
    """A combining mark (Unicode Mn in the Thai block), PUA variants included."""
    return all(unicodedata.category(PUA_TO_THAI.get(c, c)) == "Mn" for c in text)


def _is_consonant(text):
    return "\u0e01" <= PUA_TO_THAI.get(text, text) <= "\u0e2e"


def _texts(chars):
    return [t for t, _, _ in chars]


@pytest.mark.parametrize("line", [PDFIUM_BOXES, PDFMINER_BOXES], ids=["pdfium", "pdfminer"])
def test_reorder_marks_is_noop_on_correct_stream(line):
    assert reorder_marks(line) == _texts(line)


@pytest.mark.parametrize("line", [PDFIUM_BOXES, PDFMINER_BOXES], ids=["pdfium", "pdfminer"])
def test_reorder_marks_restores_marks_moved_to_line_end(line):
    marks = [c for c in line if _is_mark(c[0])]
    displaced = [c for c in line if c not in marks] + marks
    assert reorder_marks(displaced) == _texts(line)


@pytest.mark.parametrize("line", [PDFIUM_BOXES, PDFMINER_BOXES], ids=["pdfium", "pdfminer"])
def test_reorder_marks_restores_marks_emitted_before_base(line):
    displaced = list(line)
    for i in range(1, len(displaced)):
        if _is_mark(displaced[i][0]) and not _is_mark(displaced[i - 1][0]):
            displaced[i - 1], displaced[i] = displaced[i], displaced[i - 1]
    assert displaced != line
    assert reorder_marks(displaced) == _texts(line)


LEGACY_PDF = Path(__file__).resolve().parents[2] / "shared/eval/dev/seed000.legacy.pdf"


def _pdfium_lines(path: Path) -> list[list[tuple[str, float, float]]]:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(path)[0].get_textpage()
    lines, line = [], []
    for i in range(page.count_chars()):
        text = page.get_text_range(i, 1)
        if text in ("\r", "\n"):
            lines, line = (lines + [line] if line else lines), []
            continue
        left, _, right, _ = page.get_charbox(i)
        line.append((text, left, right))
    return lines + [line] if line else lines


@pytest.mark.skipif(not LEGACY_PDF.exists(), reason="shared eval PDFs not present")
def test_reorder_marks_undoes_x_sorting_on_a_real_pdf():
    # Word 2016 + PUA font; ink boxes from pypdfium2. Sorting each line by x0 (what some readers do)
    # puts marks whose ink starts left of their base before it ("รวิ" -> "ริว"); geometry undoes it.
    lines = _pdfium_lines(LEGACY_PDF)
    stream = [repair_text("".join(_texts(line))) for line in lines]
    x_sorted = [sorted(line, key=lambda c: c[1]) for line in lines]
    assert sum(repair_text("".join(_texts(x))) != s for x, s in zip(x_sorted, stream)) >= 10
    assert [repair_text("".join(reorder_marks(x))) for x in x_sorted] == stream
    assert stream[0].startswith("จากการวิเคราะห์ค่าคะแนน ITA ปี")


def test_reorder_marks_fixes_x_sorted_reader_output():
    # คู่มือ as a reader that sorts by x0 emits it ("ค่มู อื"): each mark after the next base.
    line = [
        ("ค", 10.0, 18.0),
        ("่", 14.0, 17.5),
        ("ม", 18.5, 26.0),
        ("ู", 12.0, 16.0),
        ("อ", 26.5, 33.0),
        ("ื", 19.0, 25.5),
    ]
    assert "".join(reorder_marks(line)) == "คู่มือ"


def test_reorder_marks_tone_displaced_to_line_end():
    # "ต่อไปนี้ อย่างไร" emitted as "ต่อไปนี อย่างไร ้": the tone's box is over น.
    text = "ต่อไปนี้ อย่างไร"
    line, x = [], 0.0
    for ch in text:
        if _is_mark(ch):
            line.append((ch, x - 4.0, x - 0.5))
        else:
            line.append((ch, x, x + 7.0))
            x += 7.5
    tone = line.pop(7)
    assert tone[0] == MAI_THO
    assert "".join(reorder_marks(line + [tone])) == text


def test_reorder_marks_keeps_marks_without_base_in_place():
    line = [("1", 0.0, 5.0), ("่", 5.0, 5.0), ("A", 6.0, 11.0)]
    assert reorder_marks(line) == ["1", "่", "A"]
    assert reorder_marks([]) == []


def test_reorder_marks_is_fast():
    line = []
    for k in range(5000):
        line += [("ก", 10.0 * k, 10.0 * k + 8.0), ("่", 10.0 * k + 8.0, 10.0 * k + 8.0)]
    displaced = line[0::2] + line[1::2]  # all marks at the end
    assert reorder_marks(displaced) == _texts(line)


# --- join_split_words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ปร ะ กาศ ประชา สัม พัน ธ์", "ประกาศประชาสัมพันธ์"),
        ("ไ มมีกา ร ป รับ ป รุง", "ไมมีการปรับปรุง"),  # the lost ่ stays lost
        ("มาก น้อยเพียงใด", "มาก น้อยเพียงใด"),
        ("ประชา สัม พัน ธ์ ณ ที่ทำการ", "ประชาสัมพันธ์ ณ ที่ทำการ"),
        ("ต่าง ๆ", "ต่าง ๆ"),
        ("e12 สะดวก รวดเร็วขึ้น", "e12 สะดวก รวดเร็วขึ้น"),
        ("ประจำปีงบประมาณ พ.ศ.๒๕๖๘", "ประจำปีงบประมาณ พ.ศ.๒๕๖๘"),  # พ belongs to พ.ศ.
        ("ข องหน่ ว ยงาน", "ของหน่วยงาน"),
        (
            "จะเป็น ปร ะ กาศ ประชา สัม พัน ธ์ ณ ที่ทำการ อบต.บางชั้นแตก",
            "จะเป็น ประกาศประชาสัมพันธ์ ณ ที่ทำการ อบต.บางชั้นแตก",
        ),
    ],
)
def test_join_split_words(raw, expected):
    assert join_split_words(raw) == expected


def test_join_split_words_is_not_part_of_repair_text():
    assert repair_text("ประชา สัม พัน ธ์") == "ประชา สัม พัน ธ์"


# --- assess ---------------------------------------------------------------------------------------


def test_assess_clean_text_has_no_flags():
    damage = assess("องค์การบริหารส่วนตำบลบางชั้นแตก ต่าง ๆ E-Service " * 30)
    assert damage.flags == ()
    assert damage.sara_am == 30
    assert damage.thai_consonants > 400


def test_assess_counts_every_signal():
    damage = assess("ก\uf70aอน จ านวน ถ ึง ต ้อง")
    assert damage == TextDamage(
        thai_consonants=12, sara_am=0, pua_left=1, spaced_aa=1, space_before_mark=2, letters=13
    )
    assert damage.flags == ("pua", "spaced_aa", "space_before_mark")


def test_assess_flags_glyphs_a_reader_could_not_decode():
    """U+FFFD (a glyph without a Unicode mapping) beyond 2 % of a page's letters distrusts it."""
    page = "ประกาศเจตนารมณ์การป้องกันการทุจริต " * 10
    assert "undecodable" not in assess(page + "\ufffd").flags  # one unmapped glyph on a page: noted, trusted
    assert "undecodable" in assess(page + "\ufffd" * 20).flags


def test_assess_flags_a_wrong_font_map_by_its_foreign_letters():
    """A font read without its Unicode map turns Thai and Latin into letters of other scripts."""
    garbled = "ปรṛกṝศ เจตนṝรมณẢ Rs Kmjx Tspmg"  # what pdfminer made of a PDF without ToUnicode
    assert "foreign_script" in assess(garbled).flags
    names = "ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๗ ITA café " * 5 + "ราج"  # a foreign name is not damage
    assert "foreign_script" not in assess(names).flags


def test_assess_no_sara_am_needs_enough_consonants():
    lost = "ดาเนินงานประจาปีงบประมาณ "  # 15 consonants, every ำ lost
    assert "no_sara_am" in assess(lost * 27).flags  # 405 consonants
    assert "no_sara_am" not in assess(lost * 26).flags  # 390
    assert "no_sara_am" not in assess(lost * 27 + "ดำ").flags
    assert "no_sara_am" not in assess(lost * 27 + "ดํา").flags  # decomposed ำ is repairable


def test_assess_after_repair_is_clean():
    raw = "ก\uf70aอน จ านวน ถ ึง ต ้อง ดํา " * 50
    assert assess(repair_text(raw)).flags == ()


# --- properties -----------------------------------------------------------------------------------

THAI_ALPHABET = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if unicodedata.category(chr(c)) != "Cn")
ARBITRARY = st.text(
    alphabet=st.sampled_from(THAI_ALPHABET + "abcXYZ019 .-/()\n\u00a0\u200b\uf70a\uf711\uf884"),
    max_size=40,
)
WORDS = sorted(thai_words())
CLEAN_THAI = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(ARBITRARY)
def test_repair_text_is_idempotent(text):
    once = repair_text(text)
    assert repair_text(once) == once


@settings(max_examples=1500, deadline=None)
@given(ARBITRARY)
@example("ฤๅ่")  # found by a longer run: the tone must move before LAKKHANGYAO
def test_text_the_gate_passes_is_not_changed_by_the_rules(text):
    # repair_text skips the rules when _suspect finds nothing; that must never skip a repair.
    if not thai._suspect(text):
        assert thai._repair_pass(text) == text


@settings(max_examples=500, deadline=None)
@given(CLEAN_THAI)
def test_repair_text_leaves_clean_thai_unchanged(text):
    assert repair_text(text) == text


def _layout(word: str, rng: random.Random, pdfminer: bool) -> list[tuple[str, float, float]]:
    """Place a word like a PDF reader reports it: bases advance, marks sit over their base."""
    line, x = [], 0.0
    for ch in word:
        if _is_mark(ch):
            line.append((ch, x, x) if pdfminer else (ch, x - 6.0 + rng.random(), x - rng.random()))
        else:
            width = 5.0 + 5.0 * rng.random()
            line.append((ch, x, x + width))
            x += width + 0.3
    return line


BASED_WORDS = [
    w
    for w in WORDS
    if " " not in w
    and all(not _is_mark(c) or (i and (_is_consonant(w[i - 1]) or _is_mark(w[i - 1])))
            for i, c in enumerate(w))
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(BASED_WORDS), min_size=1, max_size=6), st.randoms(), st.booleans())
def test_reorder_marks_noop_and_recovery_on_laid_out_words(words, rng, pdfminer):
    text = "".join(words)
    line = _layout(text, rng, pdfminer)
    assert "".join(reorder_marks(line)) == text
    shuffled = list(line)
    rng.shuffle(shuffled)  # any stream order of marks among the bases ...
    bases = iter(c for c in line if not _is_mark(c[0]))
    stream = [c if _is_mark(c[0]) else next(bases) for c in shuffled]  # ... bases kept in order
    assert "".join(reorder_marks(stream)) == text


@pytest.mark.parametrize(("text", "offset", "expected"), [
    ("แสดงความคิดเห็น", 8, True),  # ความ|คิดเห็น: both sides stay words though newmm reads ความคิดเห็น
    ("การจัดซื้อจัดจ้าง", 10, True),  # จัดซื้อ|จัดจ้าง
    ("ประกาศ", 2, False),  # ปร|ะกาศ leaves letters outside any word
    ("กันยายน", 5, False),  # กันยา|ยน
    ("ประกาศ", 0, False),  # no cut at the edges
])
def test_a_cut_is_a_word_boundary_only_when_both_sides_stay_words(text, offset, expected):
    assert thai.splits_into_words(text, offset) is expected
