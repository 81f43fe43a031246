"""Per-question (item) scores: the item_scores sample in every producer style and as text export,
nothing from documents that print no item scores, and snippets in the layouts of real reports.

Snippets in Markdown go the way of a text export (layout -> tables -> text lines); snippets given as
plain lines are what a borderless PDF leaves once no table engine found its two-column table.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE_PDFS, SAMPLES, SHARED_DEV, expected
from extractors.documents import find_years
from extractors.model import text_lines
from extractors.question_scores import QuestionScore, extract_question_scores, resolve_question_scores
from extractors.scores import classify, extract_analysis
from extractors.sources.text import layout
from extractors.tables import find_tables
from pipeline.extract import read_pages
from warehouse.load import connect
from warehouse.question_queries import question_views, weakest_questions

SAMPLE_FILES = [SAMPLE_PDFS / f"item_scores.{style}.pdf" for style in ("office", "legacy", "borderless")] \
    + [SAMPLES / "item_scores.txt"]
SAMPLE_WARNINGS = [
    "conflicting scores for i8 2567: printed as 71.25, 72.25; all kept",
    "indicator 7 2567 is 90.48 but its 5 items average 91.28",
]


def read_file(path: Path) -> tuple[list[QuestionScore], list[str]]:
    pages, _ = read_pages(path)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    return extract_question_scores(find_tables(pages), text, find_years(text)[1])


def read_markdown(doc: str, year: int | None = 2567) -> tuple[list[QuestionScore], list[str]]:
    pages = layout(doc)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    return extract_question_scores(find_tables(pages), text, year)


def read_lines(text: str, year: int | None = 2567) -> tuple[list[QuestionScore], list[str]]:
    return extract_question_scores([], text, year)


def triples(scores: list[QuestionScore]) -> list[tuple[int | None, str, float]]:
    return sorted((s.ita_year_be, s.code, s.score) for s in scores)


# ------------------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module", params=SAMPLE_FILES, ids=lambda p: p.name)
def sample(request) -> tuple[list[QuestionScore], list[str]]:
    return read_file(request.param)


def test_the_sample_gives_exactly_the_expected_item_scores(sample):
    scores, _ = sample
    want = sorted((q["ita_year_be"], q["code"], q["score"]) for q in expected("item_scores")["question_scores"])
    assert triples(scores) == want  # 88 items, i8 twice: 71.25 in the full table, ๗๒.๒๕ in the low list


def test_the_sample_reports_the_conflict_and_the_indicator_that_is_not_its_items_mean(sample):
    assert sample[1] == SAMPLE_WARNINGS


def test_the_sample_wordings_are_whole_across_wraps_and_the_page_break(sample):
    scores, _ = sample
    text = {s.code: s.question_text.replace(" ", "") for s in scores}
    assert all(text.values())
    assert text["i24"].startswith("หน่วยงานของท่าน") and text["i24"].endswith("ส่วนตัวมากน้อยเพียงใด")
    assert text["i1"].endswith("มากน้อยเพียงใด")  # the wrapped second line joined
    assert text["o12"] == "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณประจำปีรอบ6เดือน"


def test_resolved_sample_items_are_their_own_catalog_items():
    scores = resolve_question_scores(read_file(SAMPLES / "item_scores.txt")[0])
    assert [s.catalog_code for s in scores] == [s.code for s in scores]


OTHER_DOCUMENTS = sorted(p for p in SAMPLE_PDFS.glob("*.pdf") if not p.name.startswith("item_scores")) \
    + sorted(p for p in SAMPLES.glob("*.txt") if p.stem != "item_scores") \
    + sorted(SHARED_DEV.glob("*.pdf")) + sorted(SHARED_DEV.glob("*.txt"))


@pytest.mark.parametrize("path", OTHER_DOCUMENTS, ids=lambda p: p.name)
def test_plans_reports_and_analyses_without_item_scores_give_nothing(path):
    assert read_file(path) == ([], [])


# --------------------------------------------------------------------------- text lines (borderless)


def test_a_wrapped_wording_with_the_score_on_its_first_line():
    text = """ประเด็นการประเมินคะแนนที่ได้
ตัวชี้วัดที่ 2 การใช้งบประมาณ82.91
i7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานที่ท่านปฏิบัติหน้าที่78.91
มากน้อยเพียงใด
i9 หน่วยงานของท่าน ใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์และคุ้มค่า มากน้อย87.07
เพียงใด
จากตารางข้างต้น หน่วยงานควรเร่งชี้แจงข้อมูลงบประมาณให้บุคลากรทราบทุกไตรมาส"""
    scores, _ = read_lines(text)
    assert [(s.code, s.score, s.question_text) for s in scores] == [
        ("i7", 78.91, "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงานหรือของส่วนงานที่ท่านปฏิบัติหน้าที่มากน้อยเพียงใด"),
        ("i9", 87.07, "หน่วยงานของท่าน ใช้จ่ายงบประมาณเป็นไปตามวัตถุประสงค์และคุ้มค่า มากน้อยเพียงใด"),
    ]  # the paragraph after the table is no part of i9's catalog wording


def test_a_wrapped_wording_with_the_score_on_its_last_line_and_a_page_break_inside():
    text = """i11 เจ้าหน้าที่ของหน่วยงานท่าน มีการเบิกจ่ายเงินที่เป็นเท็จ เช่น ค่าทำงานล่วงเวลา
ค่าวัสดุ อุปกรณ์ หรือค่าเดินทาง ฯลฯ มากน้อยเพียงใด 89.00
i12 หน่วยงานของท่าน มีการจัดซื้อจัดจ้างที่เอื้อประโยชน์
- 7 -
ประเด็นการประเมิน คะแนนที่ได้
ให้ผู้ประกอบการรายใดรายหนึ่ง มากน้อยเพียงใด 79.70
ตัวชี้วัดที่ 3 การใช้อำนาจ 88.06"""
    scores, _ = read_lines(text)
    assert [(s.code, s.score) for s in scores] == [("i11", 89.0), ("i12", 79.7)]
    assert scores[1].question_text == "หน่วยงานของท่าน มีการจัดซื้อจัดจ้างที่เอื้อประโยชน์ให้ผู้ประกอบการรายใดรายหนึ่ง มากน้อยเพียงใด"


def test_the_rest_of_an_item_that_names_an_indicator_is_still_the_item():
    text = """o11 แผนดำเนินงานและการใช้งบประมาณประจำปี 100
o12 รายงานการกำกับติดตามการดำเนินงานและ
การใช้งบประมาณประจำปี รอบ ๖ เดือน ๐
o13 รายงานผลการดำเนินงานประจำปี 100"""
    scores, warnings = read_lines(text)
    assert [(s.code, s.score) for s in scores] == [("o11", 100.0), ("o12", 0.0), ("o13", 100.0)]
    assert warnings == []  # "การใช้งบประมาณ" there is o12's wording, not indicator 2 scoring 0


def test_an_item_the_catalog_lacks_may_still_wait_for_its_score_but_not_past_a_heading():
    text = """i7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณ
ของหน่วยงาน มากน้อยเพียงใด 80.00
i8 ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ
ตัวชี้วัดที่ 3 การใช้อำนาจ 88.00"""
    scores, _ = read_lines(text, year=2568)  # the catalog has no IIT wording for 2568
    assert [(s.code, s.score) for s in scores] == [("i7", 80.0)]


def test_a_score_on_a_line_of_its_own_between_wrapped_lines():
    text = "e1 หน่วยงานปฏิบัติหรือให้บริการแก่ท่าน\n92.98\nเป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด"
    scores, _ = read_lines(text)
    assert [(s.code, s.score) for s in scores] == [("e1", 92.98)]
    assert scores[0].question_text.endswith("มากน้อยเพียงใด")


def test_thai_digits_in_codes_and_scores():
    text = ("ข้อ i๘ ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ มากน้อยเพียงใด ๗๒.๒๕\n"
            "๐12 รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณประจำปี รอบ ๖ เดือน ๐")
    scores, _ = read_lines(text)
    assert [(s.code, s.score) for s in scores] == [("i8", 72.25), ("o12", 0.0)]
    assert scores[1].question_text.endswith("รอบ ๖ เดือน")  # free text keeps Thai digits as printed


def test_shares_thresholds_counts_and_items_without_a_score_are_not_item_scores():
    text = """- ข้อ i28 หน่วยงานของท่าน มีการนำผลการประเมิน ITA ไปปรับปรุงการทำงาน ควรชี้แจงผลให้บุคลากรทราบ
- o37 รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริต ต้องเผยแพร่ให้ครบร้อยละ 100
e5 ผู้รับบริการพึงพอใจไม่น้อยกว่า 85.00
o24 การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล รอบ 6"""
    assert read_lines(text) == ([], [])


def test_an_item_score_stated_in_a_sentence_line():
    scores, _ = read_lines("- ข้อ e5 หน่วยงานมีช่องทางรับฟังความคิดเห็น ได้คะแนน 72.15")
    assert [(s.code, s.score, s.question_text) for s in scores] == [("e5", 72.15, "หน่วยงานมีช่องทางรับฟังความคิดเห็น")]


# ------------------------------------------------------------------------------------------ tables


PER_ISSUE = """ผลคะแนนรายประเด็น

| ที่ | หัวข้อ | เครื่องมือการประเมิน | ข้อคำถาม | คะแนน |
|---|---|---|---|---|
| 1 | การใช้งบประมาณ | IIT | i7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน<br>i8 ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ | ๗๘.๙๑<br>๗๑.๒๕ |
| | | EIT | e1 หน่วยงานปฏิบัติหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา | 92.98 |
| | | OIT | o11 แผนดำเนินงานและการใช้งบประมาณประจำปี<br>o12 รายงานการกำกับติดตามการดำเนินงาน | 100<br>0 |
| 2 | การเปิดเผยข้อมูล | OIT | o1 - o3 | 100 |
| 3 | การใช้อำนาจ | IIT | ข้อ 13 ท่านได้รับมอบหมายงานอย่างเป็นธรรม<br>ข้อ 14 ท่านได้รับการประเมินผลอย่างเป็นธรรม | 93.43<br>89.70 |
| 4 | คุณภาพการดำเนินงาน | EIT | e2, e3 | 84.29 |
"""


def test_the_per_issue_layout_with_a_tool_column():
    scores, warnings = read_markdown(PER_ISSUE)
    assert [(s.code, s.score) for s in scores] == [
        ("i7", 78.91), ("i8", 71.25), ("e1", 92.98), ("o11", 100.0), ("o12", 0.0),
        ("o1", 100.0), ("o2", 100.0), ("o3", 100.0),  # one 100 for a group: every item scored 100
        ("i13", 93.43), ("i14", 89.7),  # bare numbers under the tool column
    ]  # e2, e3 share 84.29: a group's mean says nothing of either item
    assert scores[0].question_text == "ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน"
    assert warnings == []


def test_oit_items_all_100_in_the_per_issue_layout_printed_as_text_lines():
    text = "2 การเปิดเผยข้อมูล OIT o1 โครงสร้าง 100\no2 ข้อมูลผู้บริหาร 100\no3 อำนาจหน้าที่ 100"
    assert triples(read_lines(text)[0]) == [(2567, "o1", 100.0), (2567, "o2", 100.0), (2567, "o3", 100.0)]


def test_a_full_table_split_by_a_page_break_with_headings_repeated_items_and_a_conflict():
    doc = """| ประเด็นการประเมิน | คะแนนที่ได้ |
|---|---|
| ตัวชี้วัดที่ 2 การใช้งบประมาณ | 82.00 |
| i7 ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน | 80.00 |
| i8 ท่านเคยเข้าไปมีส่วนร่วม | |

| ประเด็นการประเมิน | คะแนนที่ได้ |
|---|---|
| ในกระบวนการงบประมาณ มากน้อยเพียงใด | 84.00 |
| ตัวชี้วัดที่ 3 การใช้อำนาจ | 88.06 |

ข้อคำถามที่ได้คะแนนต่ำ

| ข้อ | ข้อคำถาม | คะแนน |
|---|---|---|
| i7 | ท่านทราบข้อมูลเกี่ยวกับงบประมาณของหน่วยงาน | 80.00 |
| i8 | ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ | 74.00 |
"""
    scores, warnings = read_markdown(doc)
    assert [(s.code, s.score) for s in scores] == [("i7", 80.0), ("i8", 84.0), ("i8", 74.0)]
    assert scores[1].question_text.replace(" ", "") == "ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณมากน้อยเพียงใด"
    assert warnings == ["conflicting scores for i8 2567: printed as 84, 74; all kept"]


def test_a_row_after_a_page_break_that_names_an_indicator_finishes_its_item():
    doc = """| ประเด็นการประเมิน | คะแนนที่ได้ |
|---|---|
| ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล | 93.33 |
| o12 รายงานการกำกับติดตามการดำเนินงานและ | |

| ประเด็นการประเมิน | คะแนนที่ได้ |
|---|---|
| การใช้งบประมาณประจำปี รอบ ๖ เดือน | ๐ |
"""
    scores, warnings = read_markdown(doc)
    assert [(s.code, s.score) for s in scores] == [("o12", 0.0)] and warnings == []
    pages = layout(doc)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    indicators, _, _ = extract_analysis(find_tables(pages), text, 2567)
    assert [(s.indicator_no, s.score) for s in indicators] == [(9, 93.33)]  # not indicator 2 scoring 0


def test_year_columns_give_each_score_its_year_and_a_change_column_none():
    doc = """| ข้อคำถาม | คะแนน ๒๕๖๖ | คะแนน ๒๕๖๗ | เปลี่ยนแปลง |
|---|---|---|---|
| e1 หน่วยงานปฏิบัติหรือให้บริการแก่ท่าน | 88.10 | 92.98 | +4.88 |
"""
    assert triples(read_markdown(doc)[0]) == [(2566, "e1", 88.1), (2567, "e1", 92.98)]


def test_the_codes_of_a_measures_table_are_not_item_scores():
    doc = """| ข้อคำถาม | มาตรการ | ผู้รับผิดชอบ | คะแนน |
|---|---|---|---|
| o12 รายงานการกำกับติดตามการดำเนินงาน | เผยแพร่รายงานรอบ 6 เดือน | กองคลัง | 100 |
"""
    assert read_markdown(doc) == ([], [])


def test_an_indicator_that_is_not_the_mean_of_its_items_is_reported_not_repaired():
    items = "\n".join(f"e{n} ข้อคำถาม {80 + 2 * k}.00" for k, n in enumerate(range(11, 16)))  # mean 84.00
    scores, warnings = read_lines(f"ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน 85.00\n{items}")
    assert len(scores) == 5 and warnings == ["indicator 8 2567 is 85 but its 5 items average 84.00"]
    assert read_lines(f"ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน 84.00\n{items}")[1] == []


# --------------------------------------------------------------- the score reader beside the items


def test_the_rest_of_a_question_is_no_indicator_and_its_wording_is_no_recommendation():
    assert classify("การใช้ทรัพย์สินของราชการอย่างสม่ำเสมอ มากน้อยเพียงใด", 2567) is None
    doc = """| ประเด็นการประเมิน | คะแนนที่ได้ |
|---|---|
| ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร | 96.36 |
| e7 หน่วยงานมีการเผยแพร่ข้อมูลข่าวสารที่ประชาชน หรือผู้รับบริการควรได้รับทราบอย่างชัดเจน มากน้อยเพียงใด | 96.36 |
"""
    pages = layout(doc)
    text = "\n".join("\n".join(text_lines(list(p.words))) for p in pages)
    scores, weak, _ = extract_analysis(find_tables(pages), text, 2567)
    assert [(s.scope, s.indicator_no, s.score) for s in scores] == [("indicator", 7, 96.36)]
    assert weak == []


# ------------------------------------------------------------------------------------ the warehouse

# The public table as the lead adds it to warehouse/schema.sql.
QUESTION_SCORES_DDL = """CREATE TABLE IF NOT EXISTS question_scores (
    doc_id VARCHAR, ita_year_be INTEGER, code VARCHAR, question_text VARCHAR, score DOUBLE, catalog_code VARCHAR)"""


def test_weakest_questions_count_each_agency_once_per_item(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute(QUESTION_SCORES_DDL)
    for name, body in question_views().items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
    con.execute("INSERT INTO agencies (agency_id, name, agency_type) VALUES "
                "('a1', 'เทศบาลเมืองศรีสำราญ', 'เทศบาลเมือง'), ('a2', 'องค์การบริหารส่วนตำบลหนองไผ่', 'องค์การบริหารส่วนตำบล')")
    con.execute("INSERT INTO documents (doc_id, agency_id, ita_year_be, status) VALUES "
                "('pdf', 'a1', 2567, 'ok'), ('txt', 'a1', 2567, 'ok'), ('d2', 'a2', 2567, 'partial'), "
                "('bad', 'a2', 2567, 'failed')")
    rows = [(doc, code, score) for doc in ("pdf", "txt")  # one report as PDF and as its text export
            for code, score in (("i8", 71.25), ("i8", 72.25), ("o12", 0.0), ("i7", 90.0))]
    rows += [("d2", "i8", 88.0), ("d2", "o12", 100.0), ("d2", "i7", 80.0), ("bad", "i8", 10.0)]
    con.executemany("INSERT INTO question_scores VALUES (?, 2567, ?, NULL, ?, ?)",
                    [(doc, code, score, code) for doc, code, score in rows])
    con.close()
    frame = weakest_questions(db, year=2567)
    assert frame[["code", "agencies", "mean_score", "pct_below_85"]].values.tolist() == [
        ["o12", 2, 50.0, 50.0], ["i8", 2, 79.88, 50.0], ["i7", 2, 85.0, 50.0]]  # a1's i8: the mean of 71.25 and 72.25
    assert frame["wording"].iloc[1] == "ท่านเคยเข้าไปมีส่วนร่วมในกระบวนการงบประมาณ มากน้อยเพียงใด"
    assert frame["tool"].tolist() == ["OIT", "IIT", "IIT"] and frame["indicator_no"].tolist() == [9, 2, 2]
    town = weakest_questions(db, agency_type="เทศบาลเมือง", limit=1)
    assert town[["code", "mean_score"]].values.tolist() == [["o12", 0.0]]
    assert weakest_questions(db, year=2566).empty
