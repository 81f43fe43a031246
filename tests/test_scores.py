"""Scores and weak questions of analysis reports, on snippets written in the style of real reports.

Documents go through the same path as a text export (layout -> tables -> text lines), so tables
are found by the table engine and the text readers see only what lies outside them.
"""
from __future__ import annotations

import pytest

from extractors.model import MeasureRow, Question, Score, text_lines
from extractors.scores import (
    PAGE_BREAK,
    check_scores,
    classify,
    extract_analysis,
    indicator_by_name,
    prose_text,
    sentence_scores,
)
from extractors.sources.text import layout
from pipeline.resolve import resolve_questions, resolve_weak_questions
from extractors.tables import find_tables


def analyse(doc: str, year: int | None = 2566):
    pages = layout(doc)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    return extract_analysis(find_tables(pages), text, year)


def keyed(scores: list[Score]) -> dict[tuple[int | None, str, int | None], float]:
    return {(s.ita_year_be, s.scope, s.indicator_no): s.score for s in scores}


# --------------------------------------------------------------------------------------- tables

COMPARISON = """ตารางเปรียบเทียบคะแนนรายตัวชี้วัด ปี ๒๕๖๕ และปี ๒๕๖๖

| อันดับ | ตัวชี้วัด | คะแนน ๒๕๖๕ | คะแนน ๒๕๖๖ | การเปลี่ยนแปลง |
|---|---|---|---|---|
| ๑ | การป้องกันการทุจริต | ๘๐.๒๕ | ๙๖.๕๐ | +๑๖.๒๕ |
| ๒ | การใช้ทรัพย์สินของทางราชการ | ๘๘.๕ | ๙๐.๑๐ | +๑.๖๐ |
| ๓ | การปรับปรุงการทำงาน | ๗๐.๐๐ | ๗๕.๔๔ | +๕.๔๔ |
"""


def test_comparison_table_maps_indicators_by_name_and_years_by_column():
    scores, _, _ = analyse(COMPARISON)
    assert keyed(scores) == {
        (2565, "indicator", 10): 80.25, (2566, "indicator", 10): 96.5,
        (2565, "indicator", 4): 88.5, (2566, "indicator", 4): 90.1,
        (2565, "indicator", 8): 70.0, (2566, "indicator", 8): 75.44,
    }  # ranks 1-3 are not indicator numbers; the change column is not a score


def test_a_score_ocr_garbled_is_read_back_from_the_other_year_and_the_change():
    # OCR read ๗๖.๒๗ as "ฒ่๖.๒๗" and put a speck before ๖๐.๕๑; its legible digits must end the value.
    doc = COMPARISON.replace("| ๘๐.๒๕ |", "| ฒ่๐.๒๕ |").replace("| ๗๕.๔๔ |", "| '๗๕.๔๔ |")
    scores, _, _ = analyse(doc)
    assert keyed(scores)[(2565, "indicator", 10)] == 80.25  # 96.50 - 16.25
    assert keyed(scores)[(2566, "indicator", 8)] == 75.44  # 70.00 + 5.44


def test_a_garbled_score_whose_digits_disagree_with_the_change_is_left_out():
    doc = COMPARISON.replace("| ๘๐.๒๕ |", "| ฒ่๑.๒๕ |")  # 96.50 - 16.25 = 80.25 does not end in 1.25
    scores, _, _ = analyse(doc)
    assert (2565, "indicator", 10) not in keyed(scores)
    assert keyed(scores)[(2566, "indicator", 10)] == 96.5


def test_a_rank_column_named_by_score_and_an_unnamed_change_column_are_not_scores():
    doc = """| อันดับคะแนน | ตัวชี้วัด | คะแนน | +/- |
|---|---|---|---|
| 1 | การเปิดเผยข้อมูล | 100 | +2.50 |
| 2 | การใช้อำนาจ | 90.25 | -1.75 |
"""
    scores, _, warnings = analyse(doc)
    assert keyed(scores) == {(2566, "indicator", 9): 100.0, (2566, "indicator", 3): 90.25}
    assert warnings == []  # a change read as a second score would conflict


def test_year_rows_with_tools_in_columns_and_a_grade_column():
    doc = """ผลการประเมินย้อนหลัง

| ปีงบประมาณ | IIT | EIT | OIT | คะแนนรวม | ระดับ |
|---|---|---|---|---|---|
| 2564 | 80.00 | 82.00 | 70.00 | 76.60 | B |
| 2565 | 85.00 | 86.00 | 90.00 | 87.30 | A |
"""
    scores, _, warnings = analyse(doc)
    assert keyed(scores) == {
        (2564, "IIT", None): 80.0, (2564, "EIT", None): 82.0, (2564, "OIT", None): 70.0, (2564, "overall", None): 76.6,
        (2565, "IIT", None): 85.0, (2565, "EIT", None): 86.0, (2565, "OIT", None): 90.0, (2565, "overall", None): 87.3,
    }
    assert {(s.ita_year_be, s.grade) for s in scores if s.grade} == {(2564, "B"), (2565, "A")}
    assert warnings == []


def test_grade_bands_weights_and_question_scores_are_not_scores():
    doc = """เกณฑ์ระดับผลการประเมิน

| ช่วงคะแนน | ระดับ |
|---|---|
| 95.00 - 100 | AA |
| 85.00 - 94.99 | A |

| เครื่องมือ | ตัวชี้วัด | น้ำหนัก |
|---|---|---|
| แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) | ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ | ร้อยละ 30 |

| ข้อ | ข้อคำถาม | คะแนน |
|---|---|---|
| i7 | หน่วยงานมีการใช้งบประมาณอย่างคุ้มค่า | 71.20 |
"""
    scores, _, _ = analyse(doc)
    assert scores == []


# ------------------------------------------------------------------------------------ sentences


def test_overall_tool_and_indicator_sentences():
    doc = """ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลหนองไผ่ล้อม ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ได้คะแนน ๘๙.๔๕ คะแนน อยู่ในระดับ A
แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)
มีค่าคะแนนเท่ากับ ๘๗.๒๐ คะแนน
ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต ได้คะแนน ๘๔.๔๗ คะแนน
โดย IIT ได้ 90.10 คะแนน และ OIT ได้ 92.00 คะแนน"""
    scores, _, _ = analyse(doc)
    assert keyed(scores) == {
        (2566, "overall", None): 89.45, (2566, "EIT", None): 87.2, (2566, "indicator", 5): 84.47,
        (2566, "IIT", None): 90.1, (2566, "OIT", None): 92.0,
    }
    assert [s.grade for s in scores if s.scope == "overall"] == ["A"]


def test_score_widget_copied_from_the_assessment_site():
    scores, _, _ = analyse("คะแนน เทศบาลตำบลบ้านโคก\n93.40 คะแนน\nระดับผลการประเมิน\nAA")
    assert [(s.scope, s.score, s.grade) for s in scores] == [("overall", 93.4, "AA")]


def test_pass_lines_changes_shares_and_averages_are_not_scores():
    doc = """เกณฑ์ผ่านการประเมินอยู่ที่ 85.00 คะแนน
คะแนนเพิ่มขึ้น 3.28 คะแนน
ผู้รับบริการพึงพอใจร้อยละ 88.50
ค่าเฉลี่ยทั่วประเทศ 87.30 คะแนน
หน่วยงานได้ 12.50 ล้านบาท
ข้อ i28 ได้คะแนน 62.50 คะแนน
ช่วงคะแนน 85.00 - 94.99 อยู่ในระดับ A"""
    scores, _, _ = analyse(doc)
    assert scores == []


def test_year_stated_in_the_sentence_wins_over_the_assessment_year():
    doc = """ปีงบประมาณ พ.ศ. 2565 ได้ 80.12 คะแนน
คะแนนเพิ่มขึ้นจากปี 2565 เป็น 91.96 คะแนน"""
    scores, _, _ = analyse(doc)
    assert keyed(scores) == {(2565, "overall", None): 80.12, (2566, "overall", None): 91.96}


def test_unknown_assessment_year_is_the_latest_year_printed_beside_a_score():
    doc = COMPARISON + """
ผลคะแนนรายตัวชี้วัดของเครื่องมือ IIT

| ตัวชี้วัด | คะแนน |
|---|---|
| ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ | 91.21 |
"""
    scores, _, _ = analyse(doc, year=None)
    assert keyed(scores)[(2566, "indicator", 1)] == 91.21
    assert all(s.ita_year_be is not None for s in scores)


def test_a_name_printed_the_old_way_is_found_in_a_sentence():
    scores, _, _ = analyse("ตัวชี้วัดการปรับปรุงการทำงาน ได้คะแนน ๗๕.๔๔ คะแนน")
    assert keyed(scores) == {(2566, "indicator", 8): 75.44}


# -------------------------------------------------------------------------- rows in plain text


def test_borderless_rows_with_glued_numbers_and_wrapped_names():
    text = """อันดับตัวชี้วัดคะแนน๒๕๖๕คะแนน๒๕๖๖การเปลี่ยนแปลง
๑การเปิดเผยข้อมูล๙๗.๕๙๕.๐๐-๒.๕๐
๒การป้องกันการ๘๐.๐๐๑๐๐.๐๐+๒๐.๐๐
ทุจริต
๓การปรับปรุงการ๖๑.๔๐๘๖.๓๓+๒๔.๙๓
ทำงาน
๔การใช้๘๐.๐๐๘๒.๐๐+๒.๐๐
ทรัพย์สินของราชการ"""
    scores, _, _ = extract_analysis([], text, 2566)
    assert keyed(scores) == {
        (2565, "indicator", 9): 97.5, (2566, "indicator", 9): 95.0,  # not 97.59 and 5.00
        (2565, "indicator", 10): 80.0, (2566, "indicator", 10): 100.0,
        (2565, "indicator", 8): 61.4, (2566, "indicator", 8): 86.33,
        (2565, "indicator", 4): 80.0, (2566, "indicator", 4): 82.0,  # "การใช้" alone begins three names
    }


def test_the_change_column_decides_how_glued_numbers_split():
    # 97.595.00 reads as 97.5 | 95.00 or as 97.59 | 5.00: a change of -92.59 says the second
    text = "คะแนน ๒๕๖๕ คะแนน ๒๕๖๖ การเปลี่ยนแปลง\nการเปิดเผยข้อมูล๙๗.๕๙๕.๐๐-๙๒.๕๙"
    scores, _, _ = extract_analysis([], text, 2566)
    assert keyed(scores) == {(2565, "indicator", 9): 97.59, (2566, "indicator", 9): 5.0}


def test_lines_inside_a_table_are_not_read_as_sentences():
    doc = """มาตรการส่งเสริมคุณธรรมและความโปร่งใส

| ข้อคำถาม | ข้อค้นพบ | มาตรการ |
|---|---|---|
| o24 การบริหารทรัพยากรบุคคล | การใช้อำนาจได้ 100.00 คะแนน | รักษามาตรฐาน |
"""
    pages = layout(doc)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    assert sentence_scores(text, 2566), "read as prose, the cell would give a score"
    assert sentence_scores(prose_text(text, find_tables(pages)), 2566) == []
    assert analyse(doc)[0] == []


# ------------------------------------------------------------------------------ merge and checks


def test_a_score_printed_twice_is_kept_once_and_a_conflict_is_reported():
    doc = """แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ได้คะแนน 86.55 คะแนน

| เครื่องมือ | คะแนน |
|---|---|
| IIT | 86.55 |

ผลการประเมินภาพรวมได้ 90.00 คะแนน
สรุปผลคะแนนรวมได้ 91.00 คะแนน"""
    scores, _, warnings = analyse(doc)
    assert sorted((s.scope, s.score) for s in scores) == [("IIT", 86.55), ("overall", 90.0)]
    assert len(warnings) == 1 and "91" in warnings[0]


def test_printed_grade_is_kept_and_checked_against_the_bands():
    scores, _, warnings = analyse("ผลการประเมิน ITA ได้คะแนน 84.50 คะแนน อยู่ในระดับ A")
    assert [(s.score, s.grade) for s in scores] == [(84.5, "A")]
    assert len(warnings) == 1 and "B" in warnings[0]


def _tool_and_indicators(iit: float, overall: float) -> list[Score]:
    indicators = [90.0, 80.0, 85.0, 88.0, 82.0, 91.0, 89.0, 90.0, 95.0, 100.0]
    scores = [Score(2566, "indicator", n, v) for n, v in enumerate(indicators, start=1)]
    return scores + [Score(2566, "IIT", None, iit), Score(2566, "EIT", None, 90.0),
                     Score(2566, "OIT", None, 97.5), Score(2566, "overall", None, overall)]


def test_consistent_scores_raise_no_warning():
    # IIT = mean(90, 80, 85, 88, 82) = 85.0; overall = 0.3 * 85 + 0.3 * 90 + 0.4 * 97.5 = 91.5
    assert check_scores(_tool_and_indicators(iit=85.0, overall=91.5)) == []


def test_tool_and_overall_that_disagree_with_their_parts_are_reported():
    warnings = check_scores(_tool_and_indicators(iit=80.0, overall=95.0))
    assert len(warnings) == 2
    assert any(w.startswith("IIT 2566") for w in warnings)
    assert any(w.startswith("overall 2566") for w in warnings)


# ---------------------------------------------------------------------------- indicator names


@pytest.mark.parametrize(("label", "number"), [
    ("การปรับปรุงการทำงาน", 8),  # the name agencies still print for การปรับปรุงระบบการทำงาน
    ("การใช้ทรัพย์สินของทางราชการ", 4),
    ("๓ คุณภาพการดำเนินงาน", 6),  # a rank in front of the name
    ("การป้องกันการ", 10),  # cut by a line wrap
    ("การใช้", None),  # begins three names
    ("การต่อต้านการทุจริต", None),
])
def test_indicator_numbers_come_from_the_catalog_names(label, number):
    assert indicator_by_name(label, 2566) == number


def test_a_tools_thai_name_is_not_the_indicator_it_contains():
    subject = classify("แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", 2566)
    assert (subject.scope, subject.indicator_no) == ("OIT", None)
    assert classify("ตัวชี้วัดย่อยที่ ๙.๒ การเปิดเผยข้อมูล", 2566) is None


# ----------------------------------------------------------------------------- weak questions

WEAKNESSES = """ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน
- ข้อ 1๑๕ ผู้บริหารมีการมอบหมายงานอย่างเป็นธรรม ควรจัดทำคำสั่งมอบหมายงานให้ชัดเจน
- ข้อE๙ เจ้าหน้าที่ให้ข้อมูลแก่ผู้มาติดต่ออย่างชัดเจน ควรจัดทำป้ายขั้นตอนการให้บริการ
- O๒๐ รายงานผลการจัดซื้อจัดจ้างประจำปี ขาดการวิเคราะห์ผล
- ข้อ e5 หน่วยงานมีช่องทางรับฟังความคิดเห็น ได้คะแนน 72.15
- i ๑๘ บุคลากรได้รับการพัฒนาอย่างทั่วถึง ควรจัดอบรมทุกไตรมาส
- ข้อ e5 หน่วยงานมีช่องทางรับฟังความคิดเห็น ควรเพิ่มช่องทางออนไลน์
- O๒๑ รายงานการกำกับติดตามการใช้งบประมาณ รอบ 6 เดือน ข้อมูลที่เผยแพร่ไม่แสดงความก้าวหน้า"""


def test_weak_questions_in_every_code_form_with_wording_and_recommendation():
    _, weak, _ = analyse(WEAKNESSES)
    assert [w.code for w in weak] == ["i15", "e9", "o20", "e5", "i18", "o21"]  # e5 printed twice, kept once
    first = weak[0]
    assert first.question_text == "ผู้บริหารมีการมอบหมายงานอย่างเป็นธรรม"
    assert first.recommendation == "ควรจัดทำคำสั่งมอบหมายงานให้ชัดเจน"
    assert weak[2].question_text == "รายงานผลการจัดซื้อจัดจ้างประจำปี"  # the finding "ขาด…" is cut off
    assert weak[5].question_text == "รายงานการกำกับติดตามการใช้งบประมาณ รอบ 6 เดือน"  # so is "…ไม่แสดง…"


OCR_MISREADS = """ข้อเสนอแนะสำหรับการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)
- ข้อ 1 ๓๐ หากมีเจ้าหน้าที่กระทำการทุจริต หน่วยงานของท่านจะมีการตรวจสอบและลงโทษอย่างจริงจัง ควรมีแนวทางปฏิบัติ
- ข้อ 0๑๑ แผนดำเนินงานและการใช้งบประมาณประจำปี ควรเผยแพร่ให้ทันเวลา
-ข้อ6๑๔หน่วยงานเปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วมปรับปรุงพัฒนาการดำเนินงานให้ดีขึ้น ควรเปิดโอกาสให้มากขึ้น
-ข้อEoo ผู้บริหารสนับสนุนการจัดงานวัดประจำปีของชุมชนอย่างสม่ำเสมอ ควรจัดให้มากขึ้น
- ข้อ 12 การประชุมประจำเดือน ควรจัดให้ตรงเวลา
- ข้อ ITA หน่วยงานเปิดโอกาสให้บุคคลภายนอกได้เข้าไปมีส่วนร่วม ควรปรับปรุง"""


def test_codes_ocr_misread_are_read_or_named_by_their_wording():
    """OCR reads I as "1 ", O as "0" and a whole code as "6๑๔" or "Eoo" (dev scans); a list number
    ("ข้อ 12") is not a code, nor is a tool's name ("ข้อ ITA"). A garbled code is named by its wording
    when the catalog knows it."""
    _, weak, _ = analyse(OCR_MISREADS)
    weak = [w for w in weak if not w.by_wording]  # lines with no code at all: the catalog's close match decides
    assert [w.code for w in weak] == ["i30", "o11", None, None]
    assert weak[2].section_code == "i14"  # the IIT heading above and the legible ๑๔
    resolved = resolve_weak_questions(weak, 2567)
    # the wording names e14, which outweighs the section; the fourth wording is no ITA question and
    # "Eoo" has no legible number, so nothing names it and it is dropped
    assert [(w.code, w.catalog_code) for w in resolved] == [("i30", "i30"), ("o11", "o11"), ("e14", "e14")]


I8_WORDING = "ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ มากน้อยเพียงใด"
E2_WORDING = "หน่วยงานปฏิบัติหรือให้บริการแก่ท่าน อย่างเป็นธรรมและไม่เลือกปฏิบัติ มากน้อยเพียงใด"


O11_WORDING = "แผนดำเนินงานและการใช้งบประมาณประจำปี"
I16_WORDING = "ท่านเคยถูกผู้บังคับบัญชาสั่งการให้ทำธุระส่วนตัวของผู้บังคับบัญชา มากน้อยเพียงใด"
O15_WORDING = "คู่มือหรือมาตรฐานการให้บริการ"
I30_WORDING = "หากมีเจ้าหน้าที่กระทำการทุจริต หน่วยงานของท่านจะมีการตรวจสอบและลงโทษอย่างจริงจัง มากน้อยเพียงใด"


@pytest.mark.parametrize(("raw", "printed", "wording", "read_by_ocr", "code", "item"), [
    ("18", None, I8_WORDING, True, "i8", "i8"), ("18", None, I8_WORDING, False, None, "i8"),
    ("๐2", "o2", E2_WORDING, True, "e2", "e2"), ("๐2", "o2", E2_WORDING, False, "o2", "e2"),
    (None, None, "ข้อ๐)) " + O11_WORDING, True, "o11", "o11"), (None, None, "ข้อ๐)) " + O11_WORDING, False, None, "o11"),
    (None, None, "ข้อ 1) " + O11_WORDING, True, None, "o11"), (None, None, "(1) " + O11_WORDING, True, None, "o11"),
    (None, None, "[16" + I16_WORDING, True, "i16", "i16"), (None, None, "[16" + I16_WORDING, False, None, "i16"),
    (None, None, "[๑๑๖ " + I16_WORDING, True, "i16", "i16"), (None, None, "| 16 " + I16_WORDING, True, "i16", "i16"),
    ("0", None, "15 " + O15_WORDING, True, "o15", "o15"), (None, None, "imo" + I30_WORDING, True, None, "i30"),
    (None, None, "ITA " + I30_WORDING, True, None, "i30"), (None, None, "16 " + I16_WORDING, True, None, "i16"),
    (None, None, "[17" + I16_WORDING, True, None, "i16")])
def test_a_misread_code_on_an_ocr_page_is_the_item_its_wording_names(raw, printed, wording, read_by_ocr, code, item):
    """OCR read i8 as "18", e2 as "๐2", o11 as "๐))" (its ones as bare strokes, so no code was read),
    i16 as "[16" run into its wording, o15 cut in two ("0" | "15 …"); the wording names the item and
    the token has its number, so on an OCR'd page that is the code, and the wording loses the token.
    Typed text keeps what the agency wrote; a list number ("1)", "(1)"), a bare number ("16"), a word
    ("ITA"), a number the item does not have ("[17") or none legible ("imo") names no code."""
    question = Question(raw, printed, wording)
    (row,) = resolve_questions([MeasureRow(row_no=1, questions=[question])], 2567, 2568, read_by_ocr=read_by_ocr)
    assert (row.questions[0].code, row.questions[0].catalog_code) == (code, item)
    if code and not printed:  # the token was the code: the wording is left
        assert row.questions[0].text in (I8_WORDING, O11_WORDING, I16_WORDING, O15_WORDING, I30_WORDING)


@pytest.mark.parametrize(("printed", "grade"), [("(ระดับ\n8)", "B"), ("(ระดับ B)", "B"), ("(ระดับ0)", None)])
def test_a_grade_letter_ocr_read_as_a_digit_is_the_letter_the_bands_give(printed, grade):
    """OCR reads B as 8: 83.82 is in band B for 2565, so "8" there is B. The same glyph beside a score
    the bands put in another grade (C reads as 0, but 83.82 is B) names no grade at all."""
    found = sentence_scores(f"ได้คะแนนรวม 88.09 คะแนน เพิ่มขึ้นจากปี พ.ศ. 2565 ซึ่งได้ 83.82 คะแนน {printed} ซึ่งผ่านเกณฑ์", 2566)
    assert [(f.year, f.value, f.grade) for f in found if f.year == 2565] == [(2565, 83.82, grade)]


def test_a_bracket_after_the_word_grade_is_no_grade():
    """"อยู่ในระดับ (ผ่าน)" beside a score in band C prints no grade letter at all."""
    found = sentence_scores("ปี พ.ศ. 2567 ได้คะแนนรวม 70.00 คะแนน อยู่ในระดับ (ผ่าน)", 2567)
    assert [(f.value, f.grade) for f in found] == [(70.0, None)]


def test_a_garbled_code_the_catalog_cannot_name_takes_its_section_and_number():
    """A scanned 2565 analysis: the shipped catalog has no EIT wording for 2565, so only the section
    heading (EIT) and the legible number can name "ข้อ6๑๔"; a heading pages of lines away does not count."""
    doc = """๒. ข้อเสนอแนะสำหรับการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้
ส่วนเสียภายนอก (EIT)
ควรพัฒนาและปรับปรุงการดำเนินการในตัวชี้วัดที่มีผลการประเมินต่ำดังนี้
-ข้อ6๑๔หน่วยงานเปิดโอกาสให้ผู้รับบริการผู้มาติดต่อเข้าไปมีส่วนร่วม ควรเปิดโอกาสให้มากขึ้น"""
    _, weak, _ = analyse(doc, 2565)
    assert [(w.code, w.section_code) for w in weak] == [(None, "e14")]
    assert [(w.code, w.catalog_code) for w in resolve_weak_questions(weak, 2565)] == [("e14", None)]
    far = doc.replace("ส่วนเสียภายนอก (EIT)\n", "ส่วนเสียภายนอก (EIT)\n" + "ข้อความอื่น ๆ\n" * 50)
    _, weak, _ = analyse(far, 2565)
    assert [w.section_code for w in weak] == [None]


def test_a_score_printed_beside_a_wrapped_wording_is_not_part_of_it():
    """Lines read across a borderless list: the score sits at the end of the wording's first line."""
    doc = """ข้อคำถามที่ได้คะแนนต่ำ ควรพัฒนา
- i๒๘ หน่วยงานของท่าน มีการนำผลการประเมิน ITA ไปปรับปรุงการทำงาน เพื่อป้องกันการ ๗๖.๔๐
ทุจริตในหน่วยงาน มากน้อยเพียงใด"""
    _, weak, _ = analyse(doc)
    assert [(w.code, w.question_text) for w in weak] == [
        ("i28", "หน่วยงานของท่าน มีการนำผลการประเมิน ITA ไปปรับปรุงการทำงาน เพื่อป้องกันการทุจริตในหน่วยงาน มากน้อยเพียงใด")]


def test_strengths_and_weak_indicators_are_not_weak_questions():
    doc = """จุดแข็ง
- ข้อ o1 โครงสร้างหน่วยงาน ได้คะแนนเต็ม
- ข้อ o2 ข้อมูลผู้บริหาร
ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต ได้คะแนนต่ำที่สุด

จุดที่ควรพัฒนา
- ข้อ e4 เจ้าหน้าที่ของหน่วยงานให้ข้อมูลเกี่ยวกับการดำเนินการอย่างชัดเจน"""
    _, weak, _ = analyse(doc)
    assert [w.code for w in weak] == ["e4"]


def test_codes_inside_a_sentence_count_only_when_the_sentence_says_they_are_weak():
    doc = """ข้อคำถามที่ได้คะแนนต่ำ ได้แก่ ข้อ O10 - O12 และ e9
ทั้งนี้ หน่วยงานได้เผยแพร่ข้อมูลตาม o20 เรียบร้อยแล้ว"""
    _, weak, _ = analyse(doc)
    assert [w.code for w in weak] == ["o10", "o11", "o12", "e9"]


def test_a_sentence_naming_what_its_lead_in_announced_lists_weak_questions_in_every_form():
    """"… พบประเด็นที่ต้องพัฒนา / ได้แก่ <wording> และ O ๒๗ … และ ๐2 … และ 1๓๐ … ซึ่ง…": the sentence
    after the lead-in names the weak questions, wrapped over lines, one by its wording alone; the
    clause after "ซึ่ง" is about the list, not part of the last wording."""
    doc = """๓. ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไข
จากการวิเคราะห์ผลการประเมินรายข้อ พบประเด็นที่ต้องพัฒนา
ได้แก่ ผู้บังคับบัญชาของท่าน มีการคัดเลือกผู้เข้ารับการฝึกอบรม การศึกษาดูงาน หรือการให้ทุนการศึกษา อย่างเป็นธรรม มากน้อยเพียงใด และ O ๒๗ แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ และ ๐2 ข้อมูลผู้บริหาร และ 1๓๐ หากมีเจ้าหน้าที่กระทำการทุจริต หน่วยงานของท่านจะมีการตรวจสอบและลงโทษอย่างจริงจัง มากน้อยเพียงใด ซึ่งหน่วยงานจะนำไปกำหนดมาตรการแก้ไขต่อไป"""
    _, weak, _ = analyse(doc)
    resolved = resolve_weak_questions(weak, 2566)
    assert [w.code for w in resolved] == ["i15", "o27", "o2", "i30"]
    assert resolved[-1].question_text.endswith("มากน้อยเพียงใด")


def test_questions_listed_by_their_wording_alone_are_named_by_the_catalog():
    """Under a lead-in that announces a list, each line is an entry, bulleted or not; an entry with
    no code is a weak question only when its wording is close to a catalog item's. A recommendation,
    a line no catalog item words, and a strength are not."""
    doc = """จากผลการประเมิน พบว่ามีข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์ และต้องปรับปรุงแก้ไข ดังนี้
หน่วยงานมีช่องทางเผยแพร่ข้อมูลข่าวสารที่สามารถเข้าถึงได้ง่าย มากน้อยเพียงใด
- ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ
- ควรจัดอบรมเจ้าหน้าที่ผู้รับผิดชอบการเผยแพร่ข้อมูลบนเว็บไซต์
- การประชุมประจำเดือนของหน่วยงาน

จุดแข็ง
- ข้อมูลผู้บริหาร"""
    _, weak, _ = analyse(doc)
    assert [w.code for w in resolve_weak_questions(weak, 2566)] == ["e6", "o20"]


def test_a_score_listing_printed_as_lines_under_a_weakness_heading_is_not_a_weakness_list():
    """A table with no rules reads as lines. Under "จุดอ่อน", a listing captioned "คะแนนรายข้อ…" with
    its header "ข้อ ประเด็นการประเมิน คะแนนที่ได้" prints every item's score: its caption, not the
    heading further up, says whether its rows are weak. Captioned "…คะแนนต่ำกว่าเกณฑ์", they are."""
    weakness = """๓. ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไข
จากผลการประเมิน พบว่ามีข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์ ดังนี้
- o35 การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ
"""
    listing = """ข้อ ประเด็นการประเมิน คะแนนที่ได้
o1 โครงสร้าง 100
o2 ข้อมูลผู้บริหาร 100
o3 อำนาจหน้าที่ 0
"""
    _, weak, _ = analyse(weakness + "คะแนนรายข้อของแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)\n" + listing)
    assert [w.code for w in resolve_weak_questions(weak, 2566)] == ["o35"]
    _, weak, _ = analyse(weakness + "ข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์\n" + listing)
    assert [w.code for w in resolve_weak_questions(weak, 2566)] == ["o35", "o1", "o2", "o3"]


def test_a_table_of_low_scoring_questions_lists_weak_questions():
    doc = """ข้อคำถามที่ได้คะแนนต่ำกว่าเกณฑ์

| ข้อ | ประเด็นคำถาม | คะแนน |
|---|---|---|
| i12 | บุคลากรใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตัว | 70.25 |
| e 4 | เจ้าหน้าที่ให้ข้อมูลเกี่ยวกับการดำเนินการ (อย่างชัดเจน) | 78.00 |
"""
    _, weak, _ = analyse(doc)
    assert [(w.code, w.question_text) for w in weak] == [
        ("i12", "บุคลากรใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตัว"),
        ("e4", "เจ้าหน้าที่ให้ข้อมูลเกี่ยวกับการดำเนินการ (อย่างชัดเจน)"),
    ]


def test_codes_of_a_measures_table_are_not_weak_questions_even_under_a_weakness_heading():
    doc = """ประเด็นที่ต้องปรับปรุงแก้ไข

| ข้อคำถาม | มาตรการ | ผู้รับผิดชอบ |
|---|---|---|
| O๑๐ แผนการใช้จ่ายงบประมาณประจำปี | จัดทำแผนและเผยแพร่บนเว็บไซต์ | กองคลัง |
"""
    pages = layout(doc)
    assert len(find_tables(pages)) == 1
    assert analyse(doc)[1] == []


def test_a_heading_that_repeats_a_table_cell_on_another_page_stays_prose():
    """Page 1's table has the cell "ส่วนเสียภายนอก (EIT)"; page 2's section heading wraps onto the same
    words. Only the table's own page loses its lines, so the heading still names the section."""
    table_page = """| แบบวัด | คะแนน |
|---|---|
| แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) | 86.55 |
| ส่วนเสียภายนอก (EIT) | 89.98 |"""
    pages = layout(table_page)
    page_text = "\n".join(text_lines(list(pages[0].words)))
    heading = "๒. ข้อเสนอแนะสำหรับการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้\nส่วนเสียภายนอก (EIT)"
    tables = find_tables(pages)
    assert "ส่วนเสียภายนอก (EIT)" in prose_text(page_text + PAGE_BREAK + heading, tables)
    assert "ส่วนเสียภายนอก (EIT)" not in prose_text(page_text + PAGE_BREAK + heading, tables).split("๒.")[0]


TWO_IIT_VALUES = """| เครื่องมือ | คะแนน |
|---|---|
| IIT | 58.00 |

แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ได้คะแนน 85.00 คะแนน"""


def test_where_two_values_are_printed_for_a_tool_its_indicators_decide():
    """The tool table prints IIT as 58.00 (digits swapped), a sentence says 85.00: the mean of IIT's
    indicators (85.00) supports the sentence, so it is kept though tables are read more surely; the
    other value stays as a warning that says why."""
    doc = """| ตัวชี้วัด | คะแนน |
|---|---|
| ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ | 90.00 |
| ตัวชี้วัดที่ 2 การใช้งบประมาณ | 80.00 |
| ตัวชี้วัดที่ 3 การใช้อำนาจ | 85.00 |
| ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ | 88.00 |
| ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต | 82.00 |

""" + TWO_IIT_VALUES
    scores, _, warnings = analyse(doc)
    assert keyed(scores)[(2566, "IIT", None)] == 85.0
    assert any("85 kept" in w and "58 also printed" in w for w in warnings)


def test_without_arithmetic_to_decide_the_table_value_stands():
    """Indicators missing: nothing adds up either value, so the table's (the surer reader's) stays."""
    doc = TWO_IIT_VALUES
    scores, _, warnings = analyse(doc)
    assert keyed(scores)[(2566, "IIT", None)] == 58.0
    assert any("58 kept" in w and "85 also printed" in w for w in warnings)
