"""Responsible units under one canonical name: the vocabulary's variants, damage, sections, strangers."""
from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from conftest import SAMPLES, SHARED_DEV
from corpus.units import FUZZY_MIN, _key, canonical_unit, canonical_units, load_units

UNITS = load_units()


@pytest.mark.parametrize("name, canonical", [
    ("สำนักปลัด", "สำนักปลัด"),
    ("สำนักปลัดเทศบาล", "สำนักปลัด"),
    ("สำนักปลัด อบต.", "สำนักปลัด"),
    ("สำนักปลัดอบต.", "สำนักปลัด"),  # as split_units returns it, wrap space removed
    ("สำนักงานปลัด", "สำนักปลัด"),
    ("สำนักปลัดองค์การบริหารส่วนจังหวัด", "สำนักปลัด"),
    ("สำนักงานปลัดเทศบาลตำบลบ้านใหม่", "สำนักปลัด"),
    ("กองคลัง", "กองคลัง"),
    ("ส่วนการคลัง", "กองคลัง"),
    ("กองคลัง อบต.หนองตะเคียนงาม", "กองคลัง"),
    ("กองช่าง", "กองช่าง"),
    ("หน่วยตรวจสอบภายใน", "หน่วยตรวจสอบภายใน"),
    ("หน่วย ตรวจ สอบภายใน", "หน่วยตรวจสอบภายใน"),
    ("ทุกส่วนราชการ", "ทุกส่วนราชการ"),
    ("ทุกสำนัก/กอง", "ทุกส่วนราชการ"),
    ("ทุกกอง", "ทุกส่วนราชการ"),
    ("ทุกกอง/สำนัก", "ทุกส่วนราชการ"),
    ("ทุกสำนัก กอง", "ทุกส่วนราชการ"),
    ("ทุกส่วนราชการที่เกี่ยวข้อง", "ทุกส่วนราชการ"),
])
def test_variants_take_their_canonical_name(name: str, canonical: str) -> None:
    assert canonical_unit(name) == canonical


@pytest.mark.parametrize("name, canonical", [
    ("สำนักปลัด (งานนโยบายและแผน)", "สำนักปลัด (งานนโยบายและแผน)"),
    ("สำนักปลัดเทศบาล (งานนิติการ)", "สำนักปลัด (งานนิติการ)"),
    ("งานพัสดุ (กองคลัง)", "กองคลัง (งานพัสดุ)"),
    ("งานพัสดุ กองคลัง", "กองคลัง (งานพัสดุ)"),
    ("งานพัสดุ สังกัดกองคลัง", "กองคลัง (งานพัสดุ)"),
    ("งานพัสดุ", "งานพัสดุ"),  # a section named alone stays itself
    ("สำนักปลัด (งานตรวจสอบภายใน)", "สำนักปลัด (งานตรวจสอบภายใน)"),  # a section keeps its own name
])
def test_a_section_inside_a_unit_is_kept_beside_the_unit(name: str, canonical: str) -> None:
    assert canonical_unit(name) == canonical


@pytest.mark.parametrize("name, canonical", [
    ("กองชาง", "กองช่าง"),  # tone mark lost by a broken PDF font
    ("สำนกปลด", "สำนักปลัด"),  # upper vowels lost
    ("ส\u0e4d\u0e32นักปลัด", "สำนักปลัด"),  # sara am printed as nikhahit + sara aa
    ("กองคลงั", "กองคลัง"),  # marks out of order
    ("กองสวัสดีการสังคม", "กองสวัสดิการสังคม"),  # a misspelling
    ("1. กองคลัง", "กองคลัง"),
    ("- สำนักปลัด", "สำนักปลัด"),
])
def test_damaged_and_misspelled_names_are_recognised(name: str, canonical: str) -> None:
    assert canonical_unit(name) == canonical


@pytest.mark.parametrize("name, cleaned", [
    ("กองกลาง", "กองกลาง"),  # one letter from กองคลัง in print, another unit
    ("สำนักงานเทศบาล", "สำนักงานเทศบาล"),  # the whole office, not สำนักงานปลัดเทศบาล
    ("กองการ เจ้าหน้าที่ และ สวัสดิการ", "กองการเจ้าหน้าที่และสวัสดิการ"),
    ("คณะทำงาน  ITA ", "คณะทำงาน ITA"),
    ("ผู้อำนวยการกองคลัง", "ผู้อำนวยการกองคลัง"),
])
def test_unknown_names_come_back_cleaned(name: str, cleaned: str) -> None:
    assert canonical_unit(name) == cleaned


def test_every_listed_variant_maps_to_its_own_canonical_name() -> None:
    exact = UNITS[UNITS["match"] == "exact"]
    assert [canonical_unit(v) for v in exact["variant"]] == exact["canonical"].tolist()
    assert set(UNITS["canonical"]) <= set(exact["variant"])  # a canonical name is a variant of itself


def test_fuzzy_threshold_stays_above_any_two_units() -> None:
    """The threshold must not make two different units one: it has to beat their closest pair."""
    exact = UNITS[UNITS["match"] == "exact"]
    closest = max(fuzz.ratio(_key(a.variant), _key(b.variant))
                  for a, b in itertools.combinations(exact.itertuples(), 2) if a.canonical != b.canonical)
    assert closest < FUZZY_MIN - 5


def test_a_rows_units_are_canonical_and_each_named_once() -> None:
    assert canonical_units(["สำนักปลัด", "สำนักปลัดเทศบาล", "กองคลัง", " ", "ส่วนการคลัง", "งานพัสดุ"]) == \
        ["สำนักปลัด", "กองคลัง", "งานพัสดุ"]


def _expected_units() -> list[str]:
    files = [*SAMPLES.glob("*.expected.json"), *(SHARED_DEV.glob("*.gold.json") if SHARED_DEV.is_dir() else [])]
    return [u for f in files for row in json.loads(f.read_text(encoding="utf-8")).get("rows", [])
            for u in row.get("responsible") or []]


def test_the_units_of_the_samples_and_dev_gold_reduce_to_few_names() -> None:
    units = _expected_units()
    canonical = {canonical_unit(u) for u in units}
    assert {"สำนักปลัด", "กองคลัง", "กองช่าง", "หน่วยตรวจสอบภายใน", "ทุกส่วนราชการ"} <= canonical
    assert not {"สำนักปลัดเทศบาล", "สำนักปลัดองค์การบริหารส่วนจังหวัด", "ทุกกอง"} & canonical
    assert len(canonical) < len(set(units))


_VARIANTS = st.sampled_from(sorted(UNITS["variant"]))


@given(_VARIANTS, st.integers(min_value=1, max_value=40), st.booleans())
def test_a_wrap_space_or_lost_tone_marks_change_nothing(variant: str, cut: int, drop_tone_marks: bool) -> None:
    """A PDF wraps a name anywhere and may lose its tone marks; the unit stays the same."""
    cut = min(cut, len(variant) - 1)
    name = f"{variant[:cut]} {variant[cut:]}"
    if drop_tone_marks:
        name = name.replace("\u0e48", "").replace("\u0e49", "")
    assert canonical_unit(name) == canonical_unit(variant)


@given(st.one_of(_VARIANTS, st.text(alphabet="กขคงจสำนักปลัดองานพัสดุ ()/.", max_size=30)))
def test_canonical_names_are_fixed_points(name: str) -> None:
    once = canonical_unit(name)
    assert canonical_unit(once) == once
