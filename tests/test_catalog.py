"""The shipped ITA catalog, its loader, user overrides, concept links and grade bands."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.catalog import (CATALOG_DIR, CATALOG_VERSION, COLUMNS, FRAMEWORKS, concept_ids,
                            framework_neighbours, grade_for, load_catalog, load_grades, load_indicators, load_issues,
                            skeleton, text_key, year_items)


def item(catalog: pd.DataFrame, year: int, code: str) -> pd.Series:
    rows = catalog[(catalog["ita_year_be"] == year) & (catalog["code"] == code)]
    assert len(rows) == 1, (year, code)
    return rows.iloc[0]


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


# --- shipped data ---------------------------------------------------------------------------------

def test_reference_files_are_shipped_with_sources_and_a_version() -> None:
    for name in ("ita_catalog.csv", "ita_indicators.csv", "ita_grades.csv", "ita_issues.csv", "README.md"):
        assert (CATALOG_DIR / name).is_file(), name
    assert "source_url" in pd.read_csv(CATALOG_DIR / "ita_catalog.csv", nrows=1).columns
    assert CATALOG_VERSION == "2026.11-1"


def test_catalog_has_one_row_per_year_and_code_with_the_documented_columns() -> None:
    catalog = load_catalog()
    assert list(catalog.columns) == COLUMNS
    assert not catalog.duplicated(["ita_year_be", "code"]).any()
    assert catalog["text"].str.len().min() > 0


def test_completeness_matches_the_reference_readme() -> None:
    counts = load_catalog().groupby(["ita_year_be", "tool"]).size().to_dict()
    assert counts == {(2564, "IIT"): 30, (2564, "OIT"): 43, (2565, "OIT"): 43,
                      (2566, "IIT"): 30, (2566, "EIT"): 15, (2566, "OIT"): 43,
                      (2567, "IIT"): 30, (2567, "EIT"): 15, (2567, "OIT"): 43, (2568, "OIT"): 23}
    codes_2568 = set(load_catalog().query("ita_year_be == 2568")["code"])
    assert not codes_2568 & {"o5", "o6", "o7"}


def test_confidence_is_derived_from_the_source() -> None:
    catalog = load_catalog()
    inferred = catalog["source"].str.startswith("inferred:")
    assert (catalog.loc[inferred, "confidence"] == "inferred").all()
    assert (catalog.loc[~inferred, "confidence"] == "seen").all()
    assert item(catalog, 2567, "i1")["confidence"] == "inferred"  # carried over from 2566
    assert item(catalog, 2566, "i1")["confidence"] == "seen"


def test_the_cached_catalog_cannot_be_altered_by_a_caller() -> None:
    catalog = load_catalog()
    catalog.loc[0, "text"] = "changed"
    assert load_catalog().loc[0, "text"] != "changed"


# --- concepts ------------------------------------------------------------------------------------

def test_concept_links_a_renumbered_question_across_years() -> None:
    catalog = load_catalog()
    assets = item(catalog, 2564, "i23")["concept_id"]
    assert assets == "iit:2564:i23"
    assert item(catalog, 2566, "i19")["concept_id"] == assets
    assert item(catalog, 2567, "i19")["concept_id"] == assets
    assert item(catalog, 2564, "i19")["concept_id"] != assets  # 2564 i19 is another question


def test_concept_follows_meaning_not_code() -> None:
    catalog = load_catalog()
    procurement_report = item(catalog, 2564, "o24")["concept_id"]
    assert item(catalog, 2566, "o22")["concept_id"] == procurement_report
    assert item(catalog, 2566, "o24")["concept_id"] != procurement_report
    assert item(catalog, 2568, "o24")["concept_id"] != item(catalog, 2566, "o24")["concept_id"]
    # the two near-identical manual titles stay apart, each following its renumbering
    assert item(catalog, 2566, "o14")["concept_id"] == item(catalog, 2564, "o13")["concept_id"]
    assert item(catalog, 2566, "o15")["concept_id"] == item(catalog, 2564, "o14")["concept_id"]


def test_a_concept_has_at_most_one_item_per_year_and_ids_are_deterministic() -> None:
    catalog = load_catalog()
    assert not catalog.duplicated(["concept_id", "ita_year_be"]).any()
    assert catalog["concept_id"].str.fullmatch(r"(iit|eit|oit):25\d\d:[ieo]\d{1,2}").all()
    first = catalog.groupby("concept_id")["ita_year_be"].min()
    assert (first.index.str.split(":").str[1].astype(int) == first.to_numpy()).all()
    assert concept_ids(catalog.drop(columns="concept_id")).equals(catalog["concept_id"])


# --- user files ----------------------------------------------------------------------------------

def test_a_user_file_adds_and_overrides_items(tmp_path: Path) -> None:
    user = write_csv(tmp_path / "mine.csv", [
        {"ita_year_be": 2566, "code": "O24", "text": "การดำเนินการตามแผนบริหารทรัพยากรบุคคล (ฉบับหน่วยงาน)"},
        {"ita_year_be": 2568, "code": "o5", "text": "กฎหมายที่เกี่ยวข้อง"},
    ])
    catalog = load_catalog([user])
    overridden = item(catalog, 2566, "o24")
    assert overridden["text"].endswith("(ฉบับหน่วยงาน)")
    assert overridden["source"] == "user:mine.csv" and overridden["confidence"] == "seen"
    assert overridden["indicator_no"] == 9 and overridden["tool"] == "OIT"  # blanks keep shipped fields
    added = item(catalog, 2568, "o5")
    assert added["tool"] == "OIT" and pd.isna(added["indicator_no"])
    assert len(catalog) == len(load_catalog()) + 1


def test_later_user_files_win_and_edits_are_seen(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", [{"ita_year_be": 2566, "code": "o1", "text": "โครงสร้าง A"}])
    second = write_csv(tmp_path / "b.csv", [{"ita_year_be": 2566, "code": "o1", "text": "โครงสร้าง B",
                                             "source_url": "inferred:guess"}])
    row = item(load_catalog([first, second]), 2566, "o1")
    assert row["text"] == "โครงสร้าง B" and row["confidence"] == "inferred"
    write_csv(first, [{"ita_year_be": 2566, "code": "o1", "text": "โครงสร้าง C"}])
    os.utime(first, ns=(1, 1))  # a different mtime, as an edit would give
    assert item(load_catalog([first]), 2566, "o1")["text"] == "โครงสร้าง C"


@pytest.mark.parametrize("row", [
    {"ita_year_be": 2566, "code": "x1", "text": "ไม่ใช่รหัส"},
    {"ita_year_be": "ปี", "code": "o1", "text": "โครงสร้าง"},
    {"ita_year_be": 2566, "code": "o1", "text": ""},
])
def test_an_invalid_user_row_is_refused_with_its_line(tmp_path: Path, row: dict) -> None:
    with pytest.raises(ValueError, match="line"):
        load_catalog([write_csv(tmp_path / "bad.csv", [row])])


def test_a_user_file_needs_year_code_and_text(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="missing column"):
        load_catalog([write_csv(tmp_path / "bad.csv", [{"ita_year_be": 2566, "code": "o1"}])])


# --- frameworks -----------------------------------------------------------------------------------

def test_frameworks_and_neighbours() -> None:
    assert FRAMEWORKS == ((2564, 2565), (2566, 2567), (2568,))
    assert framework_neighbours(2565) == (2564,)
    assert framework_neighbours(2566) == (2567,)
    assert framework_neighbours(2568) == ()
    assert framework_neighbours(2569) == ()


def test_a_year_borrows_only_what_it_lacks_and_says_so() -> None:
    catalog = load_catalog()
    items_2565 = year_items(catalog, 2565)
    borrowed = items_2565[items_2565["borrowed"]]
    assert set(borrowed["tool"]) == {"IIT"} and len(borrowed) == 30
    assert (borrowed["ita_year_be"] == 2564).all()
    assert not items_2565.loc[~items_2565["borrowed"], "ita_year_be"].ne(2565).any()
    assert not year_items(catalog, 2568)["borrowed"].any()  # no neighbour: o5-o7 stay missing
    assert year_items(catalog, 2569).empty


# --- indicators, grades, issues ----------------------------------------------------------------------

def test_indicators_and_tool_weights() -> None:
    indicators = load_indicators()
    per_year = indicators[indicators["indicator_no"].notna()].groupby("ita_year_be").size()
    assert (per_year == 10).all() and list(per_year.index) == [2564, 2565, 2566, 2567, 2568]
    totals = indicators[indicators["indicator_name"] == "(tool total)"]
    assert (totals.groupby("ita_year_be")["weight_percent"].sum() == 100).all()


def test_issues_list_their_2566_codes() -> None:
    issues = load_issues()
    assert list(issues["issue_no"]) == [1, 2, 3, 4, 5, 6, 7]
    assert "i19" in issues.loc[issues["issue_no"] == 4, "codes_2566"].iloc[0]
    issues.loc[0, "codes_2566"].append("x")
    assert "x" not in load_issues().loc[0, "codes_2566"]


@pytest.mark.parametrize(("year", "score", "grade"), [
    (2565, 91.96, "A"),  # the analysis report in the dev set: 91.96 = A
    (2566, 95.0, "AA"), (2566, 94.99, "A"), (2566, 94.995, "A"), (2568, 85.0, "A"), (2568, 84.99, "B"),
    (2564, 50.0, "E"), (2564, 49.99, "F"), (2567, 0.0, "F"), (2567, 100.0, "AA"),
])
def test_grade_for(year: int, score: float, grade: str) -> None:
    assert grade_for(year, score) == grade


@pytest.mark.parametrize(("year", "score"), [(2569, 90.0), (2566, None), (2566, math.nan), (2566, -1.0), (2566, 100.5)])
def test_grade_for_unknown_year_or_invalid_score_is_none(year: int, score: float | None) -> None:
    assert grade_for(year, score) is None


def test_grades_cover_every_catalog_year() -> None:
    assert set(load_grades()["ita_year_be"]) == set(load_catalog()["ita_year_be"])


# --- text keys -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("damaged", "clean"), [
    ("ดําเนินการ", "ดำเนินการ"),  # nikhahit + sara aa
    ("ด าเนินการ", "ดำเนินการ"),  # split by a broken font
    ("ดาเนินการ", "ดำเนินการ"),  # ำ lost to า
    ("รอบ ๖ เดือน", "รอบ 6 เดือน"),
    ("ข้อ o12 รายงานผลการดำเนินงาน", "รายงานผลการดำเนินงาน"),
    ("ขอ O12 รายงานผลการดำเนินงาน", "รายงานผลการดำเนินงาน"),  # tone mark lost from ข้อ
    ("E 12 ท่านทราบ", "ท่านทราบ"),
    ("1๒๘. หน่วยงานของท่าน", "หน่วยงานของท่าน"),
    ("เจ้าหน้าที่ของ หน่วย งาน\nท่าน", "เจ้าหน้าที่ของหน่วยงานท่าน"),
])
def test_text_key_forgives_damage(damaged: str, clean: str) -> None:
    assert text_key(damaged) == text_key(clean)


def test_text_key_keeps_numbers_inside_the_wording() -> None:
    assert text_key("ในช่วง ๑ ปีที่ผ่านมา") == "ในช่วง1ปีที่ผ่านมา"
    assert text_key("E-Service") == "eservice"


def test_skeleton_drops_marks_above_the_line() -> None:
    assert skeleton(text_key("เจ้าหน้าที่ประพฤติมิชอบ")) == skeleton(text_key("เจาหนาทีประพฤติมิชอบ"))


THAI_LETTERS = st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E2E), min_size=1, max_size=40)


@given(THAI_LETTERS, st.lists(st.integers(min_value=0, max_value=40), max_size=5))
def test_spaces_between_thai_letters_never_change_the_key(text: str, cuts: list[int]) -> None:
    spaced = text
    for cut in sorted(set(cuts), reverse=True):
        spaced = spaced[:cut] + " " + spaced[cut:]
    assert text_key(spaced) == text_key(text)


@given(st.integers(min_value=0, max_value=10**6))
def test_thai_and_arabic_digits_give_one_key(number: int) -> None:
    arabic = f"รอบ {number} เดือน"
    thai = arabic.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert text_key(thai) == text_key(arabic)
