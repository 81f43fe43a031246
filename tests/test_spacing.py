"""Spaces at line wraps that a producer dropped: decided from the document's own spacing habits."""
from __future__ import annotations

from extractors.spacing import SpacingHabits, catalog_habits


def _habits(*lines: str) -> SpacingHabits:
    habits = SpacingHabits()
    for line in lines:
        habits.learn(line)
    return habits


def test_a_pair_the_author_spaces_elsewhere_is_spaced_at_a_wrap():
    habits = _habits("รายงานผลการดำเนินงาน ปัญหา อุปสรรค และข้อเสนอแนะ", "ระบุปัญหา อุปสรรค ทุกครั้ง")
    assert habits.space_at_wrap("องค์ประกอบปัญหา", "อุปสรรคและข้อเสนอแนะ")


def test_a_pair_the_author_writes_joined_stays_joined():
    habits = _habits("ผู้มีส่วนได้ส่วนเสีย ทุกกลุ่ม", "รับฟังผู้มีส่วนได้ส่วนเสีย")
    assert not habits.space_at_wrap("ผู้มีส่วนได้", "ส่วนเสียทุกกลุ่ม")


def test_without_evidence_a_thai_wrap_has_no_space():
    assert not SpacingHabits().space_at_wrap("การประชาสัมพันธ์", "ข้อมูลข่าวสาร")


def test_words_usually_set_apart_are_spaced_at_an_unseen_wrap():
    # "ซึ่ง" opens a clause; this author always puts a space before it
    habits = _habits("จัดทำคู่มือ ซึ่งกำหนด", "เผยแพร่ข้อมูล ซึ่งเป็นประโยชน์", "ประชุมชี้แจง ซึ่งผู้บริหาร")
    assert habits.space_at_wrap("รายงานผลการดำเนินงาน", "ซึ่งสรุปผล")


def test_the_catalog_wording_is_evidence_too():
    """Plans quote the ITA questions: "… เป็นธรรม มากน้อยเพียงใด" is spaced so in the catalog."""
    habits = catalog_habits()
    assert habits.space_at_wrap("การมอบหมายงานเป็นธรรม", "มากน้อยเพียงใด")
    assert not SpacingHabits().space_at_wrap("การมอบหมายงานเป็นธรรม", "มากน้อยเพียงใด")
    assert catalog_habits() is habits  # built once per process
