"""Printed ประเด็น cells -> the seven NACC issues: numbering styles, wraps, damage, typos, strangers."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SAMPLES, SHARED_DEV
from corpus.catalog import load_issues
from corpus.issues import MIN_SCORE, NUMBER_ONLY_SCORE, match_issue

TITLES = {int(r.issue_no): r.title for r in load_issues().itertuples()}


@pytest.mark.parametrize("number", sorted(TITLES))
def test_every_title_as_printed_is_its_issue(number: int) -> None:
    assert match_issue(TITLES[number]) == (number, 100.0)


@pytest.mark.parametrize("text, number", [
    ("1. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ", 1),
    ("(๕) กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง", 5),
    ("ประเด็นที่ ๓ ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ", 3),
    ("3) ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ", 3),
    ("๔.กระบวนการกำกับดูแลการใช้ทรัพย์สินของราชการ", 4),
    ("ประเด็นที่ 6: กระบวนการควบคุม ตรวจสอบการใช้อำนาจและการบริหารงานบุคคล (IIT)", 6),
])
def test_numbering_styles_are_read_past(text: str, number: int) -> None:
    assert match_issue(text)[0] == number


def test_the_wording_decides_over_a_running_number() -> None:
    """plan_municipality numbers its rows 1-9 (ลำดับ): a number is not the issue."""
    assert match_issue("3. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ")[0] == 1


@pytest.mark.parametrize("text, expected", [
    ("ประเด็นที่ ๓", (3, NUMBER_ONLY_SCORE)),  # explicit issue number, no title
    ("ประเด็นที่ 7", (7, NUMBER_ONLY_SCORE)),
    ("3)", (None, 0.0)),  # a bare running number says nothing
    ("ประเด็นที่ 9", (None, 0.0)),  # there are seven issues
    ("", (None, 0.0)),
])
def test_a_number_alone_counts_only_when_it_says_ประเด็น(text: str, expected: tuple) -> None:
    assert match_issue(text) == expected


@pytest.mark.parametrize("text, number", [
    ("กระบวนการปฏิบัติงานที่โปร่งใสและมี ประสิทธิภาพ", 1),  # line wrap (dev gold)
    ("ช่องทางและรูปแบบการ ประชาสัมพันธ์ เผยแพร่ข้อมูล ข่าวสารภาครัฐ", 3),
    ("การให้บริการและระบบ e-service", 2),
    ("การใหบริการและระบบ E-Servise", 2),  # a lost mark and a typo
    ("กระบวนการกำกบดูแลการใช้ทรพย์สนของราชการ", 4),  # upper vowels lost
    ("กระบวนการควบคุม ตรวจสอบการใช้อ\u0e4d\u0e32นาจและการบริหารงานบุคคล", 6),  # sara am as two marks
    ("กลไกและมาตรการในการแก้ไข และ ป้องกันการทุจริตภายใน หน่วยงาน", 7),
    ("กระบวนการสร้างความโปร่งใสในการใช้งบประมาณ", 5),  # shortened, still only issue 5
])
def test_wrapped_damaged_misspelled_and_shortened_titles(text: str, number: int) -> None:
    found, score = match_issue(text)
    assert found == number and score >= MIN_SCORE


@pytest.mark.parametrize("text", [
    "การป้องกันการรับสินบน",  # plan_municipality's own heading, not an NACC issue
    "กระบวนการ",  # the start of issues 1, 4, 5 and 6
    "การบริหารงานบุคคล",  # a third of issue 6's title: could as well be a measure's heading
    "การเปิดเผยข้อมูล",
    "การแก้ไขปัญหาการทุจริต",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
])
def test_other_headings_and_ambiguous_fragments_name_no_issue(text: str) -> None:
    assert match_issue(text)[0] is None


def _printed_issues() -> list[tuple[str, int | None]]:
    files = [*SAMPLES.glob("*.expected.json"), *(SHARED_DEV.glob("*.gold.json") if SHARED_DEV.is_dir() else [])]
    return [(row["issue_title"], row.get("issue_no")) for f in files
            for row in json.loads(f.read_text(encoding="utf-8")).get("rows", []) if row.get("issue_title")]


def test_the_issue_titles_of_the_samples_and_dev_gold() -> None:
    printed = _printed_issues()
    assert len(printed) >= 20
    assert [(title, match_issue(title)[0]) for title, _ in printed] == printed


@given(st.sampled_from(sorted(TITLES)), st.integers(min_value=0, max_value=60), st.sampled_from(["", "ประเด็นที่ ", "1. ", "(๗) "]))
def test_a_wrap_space_anywhere_and_any_numbering_keep_the_issue(number: int, cut: int, numbering: str) -> None:
    """A line wraps between letters, never between a letter and its vowel or tone mark."""
    title = TITLES[number]
    cut = min(cut, len(title))
    while cut < len(title) and unicodedata.category(title[cut]) == "Mn":
        cut += 1
    assert match_issue(f"{numbering}{title[:cut]} {title[cut:]}") == (number, 100.0)
