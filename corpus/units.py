"""Responsible units (หน่วยงานผู้รับผิดชอบ) under one name each, so that counting plans by unit counts a unit once.

Local governments name the same unit by their type and habit (สำนักปลัดเทศบาล in a municipality,
สำนักปลัด อบต. in a tambon, สำนักงานปลัด in older plans), and PDFs add line-wrap spaces and lose tone
marks. The names are data, `catalog/units.csv` (canonical, variant, match = exact | prefix), so a new
variant is a line of CSV. A name is cleaned, a งาน (section) inside a unit is kept beside the unit
("สำนักปลัด (งานนิติการ)"), the agency a name ends with is dropped ("กองคลัง อบต.หนองตะเคียนงาม"),
and what is left is looked up exactly, by prefix, then fuzzily; an unknown name comes back cleaned.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from corpus.catalog import CATALOG_DIR, skeleton, text_key

UNITS_CSV = CATALOG_DIR / "units.csv"
# fuzz.ratio of comparison keys from which a name is taken for a known variant: above the highest
# score between variants of different units (78, สำนักการคลัง / สำนักการช่าง; tests/test_units.py
# keeps the gap), and reached by a seven-letter name with one letter wrong or misplaced (85.7).
FUZZY_MIN = 85.0
_HEADS = ("สำนักงาน", "หน่วยงาน", "สำนัก", "กอง", "ส่วน", "หน่วย", "งาน", "ฝ่าย", "กลุ่มงาน", "กลุ่ม", "ศูนย์")
_BARE_HEADS = frozenset(map(skeleton, _HEADS))
_SECTION_HEADS = ("งาน", "ฝ่าย")  # the parts of a unit that stay named beside it
_SPACE_BETWEEN_THAI = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
_LEAD = re.compile(r"^\s*(?:[-•·*]|\(?[0-9๐-๙]{1,2}[.)])\s*")
_EDGE_PUNCTUATION = re.compile(r"^[\s,;:/]+|[\s,;:/]+$")
# The agency a unit belongs to, printed after the unit's name; written without the marks `skeleton`
# drops, since it is matched on a name whose marks may be lost.
_AGENCY = re.compile(r"\s*(?:ของ|สังกัด)?\s*(?:องคการบริหารสวน|อบต\.?|อบจ\.?|เทศบาล|ทต\.|ทม\.|ทน\.).*$")
_PAREN_SECTION = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
_SPACED_SECTION = re.compile(r"^(?P<section>(?:งาน|ฝ่าย)\S+)\s+(?:สังกัด\s*)?(?P<unit>(?:สำนัก|กอง|ส่วน).+)$")


class _Variants(NamedTuple):
    exact: dict[str, str]  # comparison key -> canonical name
    prefixes: tuple[tuple[str, str], ...]  # (key prefix, canonical), longest first
    keys: tuple[str, ...]  # exact keys, for fuzzy matching
    names: tuple[str, ...]  # canonical name of each key


def canonical_unit(name: str) -> str:
    """One name per unit: variants to their canonical name, a section kept as "unit (งาน…)".

    The section is split off before wrap spaces are removed: a space is the only thing that
    separates "งานพัสดุ กองคลัง" into a section and its unit.
    """
    unit, section = _split_section(_tidy(name))
    unit = clean_unit(unit)
    canonical = _lookup(_drop_agency(unit)) or unit
    return canonical if section is None else f"{canonical} ({clean_unit(section)})"


def canonical_units(names: Iterable[str]) -> list[str]:
    """`canonical_unit` of each name, each unit once, in the order first named (for a row's units)."""
    out = dict.fromkeys(canonical_unit(n) for n in names if n and n.strip())
    out.pop("", None)
    return list(out)


def clean_unit(name: str) -> str:
    """A name as a person would write it: NFC, ำ whole, no numbering, no line-wrap spaces inside Thai."""
    return _SPACE_BETWEEN_THAI.sub("", _tidy(name))


def _tidy(name: str) -> str:
    """NFC, ำ whole, numbering and edge punctuation removed, whitespace runs as one space."""
    text = unicodedata.normalize("NFC", name or "").replace("\u0e4d\u0e32", "\u0e33")
    return _EDGE_PUNCTUATION.sub("", re.sub(r"\s+", " ", _LEAD.sub("", text)))


def _split_section(name: str) -> tuple[str, str | None]:
    """("สำนักปลัด", "งานนิติการ") from "สำนักปลัด (งานนิติการ)", "งานนิติการ (สำนักปลัด)" or
    "งานนิติการ สังกัดสำนักปลัด"; (name, None) when no section is named inside a unit."""
    paren = _PAREN_SECTION.match(name)
    if paren:
        outer, inner = paren["outer"].strip(), paren["inner"].strip()
        if inner.startswith(_SECTION_HEADS) and not outer.startswith(_SECTION_HEADS):
            return outer, inner
        if outer.startswith(_SECTION_HEADS) and not inner.startswith(_SECTION_HEADS):
            return inner, outer
        return name, None
    spaced = _SPACED_SECTION.match(name)
    if spaced:
        return spaced["unit"], spaced["section"]
    return name, None


def _drop_agency(name: str) -> str:
    """"กองคลังอบต.หนองตะเคียนงาม" -> "กองคลง", unless only a head word would be left ("สำนักงานเทศบาล").

    Returns a `skeleton` (marks above the line dropped): it is only looked up, never shown.
    """
    bare = skeleton(name)
    for match in _AGENCY.finditer(bare):
        unit = bare[: match.start()].strip()
        if unit and unit not in _BARE_HEADS:
            return unit
    return bare


def _key(name: str) -> str:
    """Comparison form: the catalog's (no spaces or punctuation, ำ unified) without tone marks."""
    return skeleton(text_key(name))


def is_known_unit(name: str) -> bool:
    """Whether a name is exactly one of the known unit names or their listed variants (units.csv),
    the agency's own name after it aside ("สำนักปลัดเทศบาล"); no fuzzy matching."""
    key = _key(_drop_agency(clean_unit(name)))
    return bool(key) and key in _variants().exact


def _lookup(name: str) -> str | None:
    """The canonical name of a unit name, or None: exact key, then a prefix variant, then fuzzy."""
    key = _key(name)
    if not key:
        return None
    variants = _variants()
    if key in variants.exact:
        return variants.exact[key]
    for prefix, canonical in variants.prefixes:
        if key.startswith(prefix):
            return canonical
    best = process.extractOne(key, variants.keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    return variants.names[best[2]] if best else None


@lru_cache(maxsize=1)
def _variants() -> _Variants:
    """The vocabulary keyed as names are looked up: a variant's agency part dropped like a name's, so
    that fuzzy matching never weighs an agency word ("สำนักงานเทศบาล" is not "สำนักงานปลัดเทศบาล")."""
    table = load_units().fillna({"match": "exact"})
    table["key"] = table["variant"].map(lambda v: _key(_drop_agency(clean_unit(v))))
    exact = table[table["match"] == "exact"]
    prefix = table[table["match"] == "prefix"].sort_values("key", key=lambda k: -k.str.len())
    return _Variants(dict(zip(exact["key"], exact["canonical"])),
                     tuple(zip(prefix["key"], prefix["canonical"])),
                     tuple(exact["key"]), tuple(exact["canonical"]))


def load_units() -> pd.DataFrame:
    """The unit vocabulary (canonical, variant, match), for tests and for users who extend it."""
    return pd.read_csv(UNITS_CSV, dtype=str, encoding="utf-8")
