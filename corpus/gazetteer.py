"""Where an agency is, from its name: Thailand's provinces, districts and subdistricts (geothai, offline).

Most ITA documents name their agency on the title line but print its district and province only
sometimes. A local government is named after a place: an อบต. after its tambon (องค์การบริหารส่วน
ตำบลยอดแกง → ยอดแกง, นามน, กาฬสินธุ์), a เทศบาลนคร/เมือง after its province or district
(เทศบาลนครพิษณุโลก → เมืองพิษณุโลก, พิษณุโลก), an อบจ. after its province. The same tambon name exists
in several provinces, so a name alone decides only when it names one place; what the document
prints (its province, its district, or a candidate's district or province anywhere in the text)
narrows the candidates, and a place is filled only when one candidate is left.

geothai ships the DOPA gazetteer inside the package: nothing is fetched at run time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import geothai

BANGKOK = "กรุงเทพมหานคร"
PROVINCE_SEAT = "เมือง"  # the capital district of province P is เมืองP


@dataclass(frozen=True, slots=True)
class Place:
    """One candidate location: district (อำเภอ/เขต) and province, without the words."""

    district: str | None
    province: str


@dataclass(frozen=True)
class Placement:
    """What the gazetteer says about an agency: its place when one candidate is left, else the
    candidates (none when the name is not a known place)."""

    district: str | None = None
    province: str | None = None
    candidates: tuple[Place, ...] = field(default=())

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    return frozenset(p.name_th for p in geothai.provinces())


@lru_cache(maxsize=1)
def _districts_by_name() -> dict[str, tuple[Place, ...]]:
    grouped: dict[str, list[Place]] = {}
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            grouped.setdefault(d.name_th, []).append(Place(d.name_th, p.name_th))
    return {k: tuple(v) for k, v in grouped.items()}


@lru_cache(maxsize=4096)
def _subdistrict_places(name: str) -> tuple[Place, ...]:
    return tuple(dict.fromkeys(Place(a.district.name_th, a.province.name_th) for a in geothai.match(name)))


def is_province(name: str | None) -> bool:
    return bool(name) and name in _province_names()


def province_of_district(district: str) -> tuple[str, ...]:
    """The provinces that have a district of this name (usually one)."""
    return tuple(dict.fromkeys(p.province for p in _districts_by_name().get(district, ())))


def _candidates(agency_type: str | None, place_name: str) -> tuple[Place, ...]:
    """Places an agency of this type named after `place_name` may be, most specific reading first."""
    if agency_type == "องค์การบริหารส่วนจังหวัด":
        return (Place(None, place_name),) if is_province(place_name) else ()
    if agency_type == BANGKOK:
        return (Place(None, BANGKOK),)
    if agency_type == "เมืองพัทยา":
        return (Place("บางละมุง", "ชลบุรี"),)
    if agency_type in ("เทศบาลนคร", "เทศบาลเมือง"):  # named after a province (its capital) or a district
        if is_province(place_name):
            seat = PROVINCE_SEAT + place_name
            return (Place(seat if seat in _districts_by_name() else None, place_name),)
        return _districts_by_name().get(place_name, ()) or _subdistrict_places(place_name)
    if agency_type in ("องค์การบริหารส่วนตำบล", "เทศบาลตำบล"):  # named after a tambon (a ทต. sometimes a district)
        return _subdistrict_places(place_name) or _districts_by_name().get(place_name, ())
    return ()


def place_agency(name: str | None, agency_type: str | None, district: str | None = None,
                 province: str | None = None, text: str = "") -> Placement:
    """The district and province of an agency: what the document printed, completed from its name.

    A printed district or province is kept and narrows the candidates; a printed district alone
    gives its province when the district name is unique. Among several candidates, the one whose
    district (or else province) the text mentions decides; otherwise the place stays unknown
    and the candidates are returned for a warning.
    """
    if not name or not agency_type:
        return Placement(district, province)
    place_name = name.removeprefix(agency_type).strip()
    candidates = _candidates(agency_type, place_name) if place_name else ()
    if province:
        candidates = tuple(c for c in candidates if c.province == province)
    if district:
        candidates = tuple(c for c in candidates if c.district in (None, district))
    if len(candidates) > 1 and text:
        squeezed = text.replace(" ", "")
        for words, key in ((("อำเภอ", "อ."), lambda c: c.district), (("จังหวัด", "จ."), lambda c: c.province)):
            # the text names one candidate's district (else province) as a place: "อำเภอX", "อ.X"
            named = tuple(c for c in candidates if key(c) and any(w + key(c) in squeezed for w in words))
            if len(named) == 1:
                candidates = named
                break
    if len(candidates) == 1:
        only = candidates[0]
        return Placement(district or only.district, province or only.province, candidates)
    if district and not province:  # the name did not decide, the printed district may
        provinces = province_of_district(district)
        if len(provinces) == 1:
            return Placement(district, provinces[0], candidates)
    return Placement(district, province, candidates)
