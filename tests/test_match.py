"""Resolving cited ITA questions to catalog items: real wording variants and the traps of the
reference README (codes that change meaning, misprinted codes, pasted wordings), plus the dev gold."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.catalog import framework_neighbours, load_catalog
from corpus.match import OUTPUT_COLUMNS, match_questions

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
METHODS = {"code+text", "code", "text", "text+finding", "code+finding", "finding", "borrowed-year",
           "review", "no-catalog", "none"}
CATALOG = load_catalog()

# Wordings as agencies print them (README "Two questions agencies print with broken codes").
I27_PRINTED = ("ท่านรู้/ทราบเกี่ยวกับมาตรฐานทางจริยธรรมหรือประมวลจริยธรรมสำหรับเจ้าหน้าที่ของหน่วยงานท่าน "
               "มากน้อยเพียงใด")
I4_PRINTED = ("เจ้าหน้าที่ของหน่วยงานท่าน มีการเรียกรับเงิน ทรัพย์สิน ของขวัญ ของกำนัล หรือผลประโยชน์ "
              "(นอกเหนือจากที่กฎหมายกำหนด เช่น ค่าธรรมเนียม ค่าปรับ) เพื่อแลกกับการปฏิบัติงานหรือให้บริการ หรือไม่")


def text_of(year: int, code: str) -> str:
    return CATALOG[(CATALOG["ita_year_be"] == year) & (CATALOG["code"] == code)]["text"].iloc[0]


def match_one(year: int | None, code: str | None = None, text: str | None = None,
              finding: str | None = None, **extra: object) -> pd.Series:
    citation = {"ita_year_be": year, "code": code, "question_text": text, "finding": finding, **extra}
    return match_questions(pd.DataFrame([citation]), CATALOG).iloc[0]


def assert_match(result: pd.Series, code: str | None, year: int | None, method: str,
                 conflict: bool = False) -> None:
    got = (None if pd.isna(result["catalog_code"]) else result["catalog_code"],
           None if pd.isna(result["catalog_year_be"]) else int(result["catalog_year_be"]),
           result["match_method"], bool(result["code_conflict"]))
    assert got == (code, year, method, conflict)


# --- wording variants ---------------------------------------------------------------------------

@pytest.mark.parametrize(("wording", "code"), [
    # line-wrap spaces, as printed in the dev gold (seed000)
    ("วิธีการขั้นตอนการปฏิบัติ หรือการให้บริการ สะดวก รวดเร็วขึ้นกว่าที่ผ่านมา มาก น้อยเพียงใด", "e12"),
    ("หน่วยงานมีการเผยแพร่ ข้อมูลข่าวสารที่ประชาชน หรือ ผู้รับบริการควรได้รับทราบอย่าง ชัดเจน มากน้อยเพียงใด", "e7"),
    # tone marks lost
    ("หนวยงานมีการเผยแพรขอมูลขาวสารทีประชาชน หรือผูรับบริการควรไดรับทราบอยางชัดเจน มากนอยเพียงใด", "e7"),
    # Thai digits
    ("ในช่วง ๑ ปีที่ผ่านมา ท่านเคยถูกเจ้าหน้าที่เรียกรับเงิน ทรัพย์สิน ของขวัญ ของกำนัล หรือผลประโยชน์", "e4"),
    ("รายงานการกํากับติดตามการดําเนินงานและการใช้ งบประมาณประจําปี รอบ ๖ เดือน", "o12"),
    # truncated cell
    ("การสรรหา บรรจุ แต่งตั้ง โยกย้าย เลื่อนตำแหน่ง ในหน่วยงาน", "i18"),
    # ำ split by a broken font, code left in the cell
    ("ข้อ o24 การด าเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล", "o24"),
    # typo of the dev gold ("อย่างน้อย" for "มากน้อย")
    ("หน่วยงานมีการปรับปรุง องค์กรให้มีความโปร่งใสมากขึ้น อย่างน้อยเพียงใด", "e15"),
])
def test_damaged_wording_alone_finds_its_item(wording: str, code: str) -> None:
    assert_match(match_one(2566, text=wording), code, 2566, "text")
    assert_match(match_one(2566, code, wording), code, 2566, "code+text")


def test_a_truncated_cell_confirms_its_code_even_when_a_shorter_title_is_closer() -> None:
    # "รายงานผลการดำเนินการป…" is the start of o38 and nearly all of o13 "รายงานผลการดำเนินงานประจำปี"
    cut = text_of(2566, "o38")[:22]
    assert_match(match_one(2566, "o38", cut), "o38", 2566, "code+text")


def test_near_identical_titles_o13_o14() -> None:
    assert_match(match_one(2564, text="คู่มือหรือมาตรฐานการปฏิบัติงาน"), "o13", 2564, "text")
    assert_match(match_one(2564, text="คู่มือหรือมาตรฐานการให้บริการ"), "o14", 2564, "text")
    assert_match(match_one(2566, text="คู่มือหรือมาตรฐานการปฏิบัติงาน"), "o14", 2566, "text")  # renumbered
    assert_match(match_one(2564, text="คู่มือหรือมาตรฐานการ"), None, None, "review")  # fits both
    assert_match(match_one(2564, "o14", "คู่มือหรือมาตรฐานการปฏิบัติงาน"), "o13", 2564, "text", conflict=True)


# --- codes that change meaning between years ----------------------------------------------------------

def test_o24_means_different_items_in_2564_and_2566() -> None:
    procurement_report = text_of(2564, "o24")
    assert procurement_report.startswith("รายงานผลการจัดซื้อจัดจ้าง")
    assert_match(match_one(2564, "o24", procurement_report), "o24", 2564, "code+text")
    assert_match(match_one(2564, "o24"), "o24", 2564, "code")
    assert_match(match_one(2566, "o24"), "o24", 2566, "code")
    # a 2566 document citing the old number with the old wording: the wording wins
    assert_match(match_one(2566, "o24", procurement_report), "o22", 2566, "text", conflict=True)


def test_the_year_decides_when_the_year_is_unknown_only_by_wording() -> None:
    assert_match(match_one(None, "o24"), None, None, "review")  # o24 means 3 things
    assert_match(match_one(None, "i23", text_of(2564, "i23")), "i23", 2564, "code+text")
    assert_match(match_one(None, "i19", text_of(2566, "i19")), "i19", 2567, "code+text")  # nearest year
    assert_match(match_one(None, "i19", text_of(2566, "i19"), fiscal_year_be=2567), "i19", 2566, "code+text")


# --- misprinted codes and pasted wordings (reference README) -----------------------------------------

def test_misprinted_e12_with_i27_wording_is_i27() -> None:
    assert_match(match_one(2566, "e12", I27_PRINTED, code_raw="E 12"), "i27", 2566, "text", conflict=True)
    assert_match(match_one(2566, "E 12", I27_PRINTED[:58]), "i27", 2566, "text", conflict=True)
    finding = "บุคลากรยังไม่ทราบมาตรฐานทางจริยธรรมและประมวลจริยธรรมของหน่วยงาน"
    assert_match(match_one(2566, "e12", I27_PRINTED, finding), "i27", 2566, "text+finding", conflict=True)


def test_bare_14_with_i4_wording_is_i4() -> None:
    assert_match(match_one(2566, None, I4_PRINTED, code_raw="14"), "i4", 2566, "code+text", conflict=True)
    cut = I4_PRINTED[:45]  # fits i4 and i5 alike, only the misread "1" = i decides
    assert_match(match_one(2566, None, cut, code_raw="14"), "i4", 2566, "code+text", conflict=True)
    assert_match(match_one(2566, None, text_of(2566, "i14"), code_raw="14"), "i14", 2566, "code+text")


def test_a_wording_pasted_from_another_row_loses_to_code_and_finding() -> None:
    pasted = text_of(2566, "e12")
    finding = "หน่วยงานยังไม่มีการปรับปรุงองค์กรให้มีความโปร่งใสมากขึ้น ประชาชนยังเห็นว่าไม่โปร่งใส"
    assert_match(match_one(2566, "e15", pasted, finding), "e15", 2566, "code+finding", conflict=True)
    # without a finding to side with the code, the clear wording wins, flagged
    assert_match(match_one(2566, "e15", pasted), "e12", 2566, "text", conflict=True)


def test_code_and_wording_that_agree_outvote_the_finding() -> None:
    # dev gold seed000: an e15 row whose finding speaks of e12's theme stays e15
    finding = ("มีผู้รับบริการหรือผู้มา ติดต่อราชการกับหน่วยงาน บางรายมีความเห็นว่า หน่วยงานยังไม่มี การ ปรับปรุงวิธีการ "
               "ขั้นตอน การปฏิบัติงานหรือการ ให้บริการให้มีความสะดวก รวดเร็วกว่าที่ผ่านมา")
    result = match_one(2566, "e15", "หน่วยงานมีการปรับปรุง องค์กรให้มีความโปร่งใสมากขึ้น อย่างน้อยเพียงใด", finding)
    assert_match(result, "e15", 2566, "code+text")


# --- code-only cells, bare numbers, gaps -----------------------------------------------------------------

def test_code_only_cells() -> None:
    assert_match(match_one(2566, "i19"), "i19", 2566, "code")
    assert match_one(2566, "i19")["match_score"] == 80
    assert_match(match_one(2566, "o๒๒"), "o22", 2566, "code")  # Thai digits in the code cell
    assert_match(match_one(2566, "o24", "ก ข ค"), "o24", 2566, "code")  # unreadable wording: code decides


def test_bare_numbers() -> None:
    assert_match(match_one(2566, None, text_of(2566, "o24"), code_raw="24"), "o24", 2566, "code+text")
    assert_match(match_one(2566, None, text_of(2566, "o24"), code_raw="๒๔"), "o24", 2566, "code+text")
    assert_match(match_one(2566, None, text_of(2566, "e7"), code_raw="7"), "e7", 2566, "code+text")
    assert_match(match_one(2566, None, None, code_raw="24"), None, None, "review")  # i24 or o24


def test_a_year_borrows_from_its_framework_neighbour_and_says_so() -> None:
    result = match_one(2565, "i28")
    assert_match(result, "i28", 2564, "borrowed-year")
    assert result["match_score"] == 70  # code alone, minus the borrowing penalty
    paraphrase = "มีการดำเนินการเกี่ยวกับการต่อต้านการทุจริตในหน่วยงาน"  # dev gold seed002, weak question
    assert_match(match_one(2565, "i28", paraphrase), "i28", 2564, "borrowed-year")


def test_never_invents_an_item_the_catalog_lacks() -> None:
    assert_match(match_one(2565, "e11"), None, None, "no-catalog")  # no EIT for 2564-2565
    assert_match(match_one(2568, "o6"), None, None, "no-catalog")  # o5-o7 of 2568 unknown
    assert_match(match_one(2569, "o1", "โครงสร้าง"), None, None, "no-catalog")  # out of scope


def test_findings_alone_give_a_lower_score_or_nothing() -> None:
    found = match_one(2566, finding="รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปีของหน่วยงานมีข้อมูลไม่ครบถ้วน")
    assert_match(found, "o22", 2566, "finding")
    assert found["match_score"] <= 60
    mixed = ("บุคลากรในหน่วยงานไม่ทราบถึงแนวทางปฏิบัติเกี่ยวกับการใช้ทรัพย์สินของราชการที่ต้องการยืมทรัพย์สินของ"
             "ราชการไปใช้ปฏิบัติงาน ยังไม่มีความสะดวก และ มีการยืมทรัพย์สินไปใช้อย่างไม่ถูกต้องและไม่กำกับดูแล"
             "ตรวจสอบเท่าที่ควร")  # dev gold seed000, the i19 row: i19, i20, i21 and i24 at once
    assert_match(match_one(2566, finding=mixed), None, None, "review")
    assert_match(match_one(2566), None, None, "none")


def test_a_user_catalog_item_is_matched(tmp_path: Path) -> None:
    user = tmp_path / "agency.csv"
    pd.DataFrame([{"ita_year_be": 2568, "code": "o5", "text": "กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน"}]).to_csv(user, index=False)
    catalog = load_catalog([user])
    citation = pd.DataFrame([{"ita_year_be": 2568, "code": "o5", "question_text": "กฎหมายที่เกี่ยวข้อง",
                              "finding": None}])
    result = match_questions(citation, catalog).iloc[0]
    assert (result["catalog_code"], result["catalog_year_be"], result["match_method"]) == ("o5", 2568, "code+text")


# --- output contract ---------------------------------------------------------------------------------

def test_output_keeps_the_index_and_types() -> None:
    citations = pd.DataFrame({"ita_year_be": [2566, None], "code": ["o1", None],
                              "question_text": [None, None], "finding": [None, None]}, index=["a", "b"])
    result = match_questions(citations, CATALOG)
    assert list(result.index) == ["a", "b"] and list(result.columns) == OUTPUT_COLUMNS
    assert str(result["catalog_year_be"].dtype) == "Int64" and result["code_conflict"].dtype == bool
    empty = match_questions(citations.iloc[:0], CATALOG)
    assert empty.empty and list(empty.columns) == OUTPUT_COLUMNS


ANY_TEXT = st.one_of(st.none(), st.sampled_from(sorted(set(CATALOG["text"]))),
                     st.text(alphabet="กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอะัาิีึืุู่้๊๋ ", max_size=60))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({
    "ita_year_be": st.one_of(st.none(), st.integers(min_value=2562, max_value=2570)),
    "code": st.one_of(st.none(), st.sampled_from(sorted(set(CATALOG["code"]))), st.sampled_from(["o44", "e16", "i31"])),
    "code_raw": st.one_of(st.none(), st.sampled_from(["14", "๒๔", "7", "105"])),
    "question_text": ANY_TEXT,
    "finding": ANY_TEXT,
}), min_size=1, max_size=12))
def test_every_answer_is_a_catalog_item_of_the_year_or_its_neighbour(citations: list[dict]) -> None:
    frame = pd.DataFrame(citations)
    result = match_questions(frame, CATALOG)
    known = set(zip(CATALOG["ita_year_be"], CATALOG["code"]))
    assert set(result["match_method"]) <= METHODS
    for citation, (_, row) in zip(citations, result.iterrows()):
        if pd.isna(row["catalog_code"]):
            assert pd.isna(row["match_score"])
            continue
        year, code = int(row["catalog_year_be"]), row["catalog_code"]
        assert (year, code) in known and 0 <= row["match_score"] <= 100
        asked = citation["ita_year_be"]
        if asked is not None:
            assert year in (asked, *framework_neighbours(asked))
            assert (year != asked) == (row["match_method"] == "borrowed-year")
            assert year == asked or (asked, code) not in known


# --- dev gold ------------------------------------------------------------------------------------------

def gold_citations() -> pd.DataFrame:
    """Every gold question with a true_code: its document's ITA year, code, wording and row finding."""
    rows = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for row in gold["rows"]:
            for question in row["questions"]:
                rows.append({"doc_id": gold["doc_id"], "ita_year_be": gold["ita_year_be"],
                             "code_raw": question["code_raw"], "code": question["code"],
                             "question_text": question["text"], "finding": row["finding"],
                             "true_code": question["true_code"]})
    return pd.DataFrame(rows)


def gold_report() -> tuple[int, int, pd.DataFrame]:
    """(right, total, misses) of the matcher's catalog_code against the gold true_code."""
    gold = gold_citations()
    gold = gold[gold["true_code"].notna()]
    result = match_questions(gold.drop(columns=["doc_id", "true_code"]), CATALOG)
    right = (result["catalog_code"] == gold["true_code"]).fillna(False)
    misses = pd.concat([gold, result], axis=1)[~right]
    return int(right.sum()), len(gold), misses


@pytest.mark.dev
@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="dev gold not available")
def test_dev_gold_true_codes() -> None:
    right, total, misses = gold_report()
    print(f"\ndev gold true_code: {right}/{total} right")
    for _, miss in misses.iterrows():
        print(f"  MISS {miss['doc_id']} {miss['code_raw']!r} -> {miss['catalog_code']} "
              f"({miss['match_method']}), true {miss['true_code']}: {str(miss['question_text'])[:60]}")
    assert total > 0 and right == total
