"""Adapting text borrowed from another agency's plan to the agency a plan is drafted for.

A peer's step says who does what in the peer's own words: its name (องค์การบริหารส่วนจังหวัดX,
อบจ.X, X), its officials (นายกองค์การบริหารส่วนจังหวัด), its units and budget law (สำนักปลัดเทศบาล,
เทศบัญญัติ), and dates of its fiscal year. Copied unchanged, the draft names the wrong agency. Each of
those words is replaced by this agency's counterpart in one pass over the text (longest form first,
so "นายก อบจ." is never half-replaced), every change is recorded so the sources appendix can quote
the peer verbatim and list what was adapted, and what cannot be adapted (a unit this agency type
does not have, another agency named, a year that is no date of the plan) is flagged for review.

The vocabulary is per family of agency types, from how local government is organised (กรมส่งเสริม
การปกครองท้องถิ่น structures): tambon administrations, municipalities (ตำบล/เมือง/นคร share titles
and units), provincial administrations; any other body gets neutral words (หัวหน้าส่วนราชการ).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from corpus.units import canonical_unit
from extractors.normalize import collapse_spaces

TAMBON, MUNICIPAL, PROVINCIAL, OTHER = "tambon", "municipal", "provincial", "other"
LOCAL_TYPES = {"องค์การบริหารส่วนตำบล": TAMBON, "เทศบาลตำบล": MUNICIPAL, "เทศบาลเมือง": MUNICIPAL,
               "เทศบาลนคร": MUNICIPAL, "องค์การบริหารส่วนจังหวัด": PROVINCIAL,
               "กรุงเทพมหานคร": OTHER, "เมืองพัทยา": OTHER}
SHORT = {"องค์การบริหารส่วนตำบล": "อบต.", "เทศบาลตำบล": "ทต.", "เทศบาลเมือง": "ทม.", "เทศบาลนคร": "ทน.",
         "องค์การบริหารส่วนจังหวัด": "อบจ."}
# A two-letter abbreviation starts a word ("ทต." but not the end of "…ทต."), or follows ของ/กับ/ต่อ typed
# without a space; followed by a name it needs no such guard.
_ABBR = r"(?:(?<![ก-ฮ])|(?<=ของ)|(?<=กับ)|(?<=ต่อ))"
_SHORT_FORMS = {"อบต.": r"อ\.?บ\.?ต\.", "ทต.": r"ท\.?ต\.", "ทม.": r"ท\.?ม\.", "ทน.": r"ท\.?น\.",
                "อบจ.": r"อ\.?บ\.?จ\."}
_MONTH = r"(?:มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม)"
# A law's year: "พระราชบัญญัติ… พ.ศ. 2540", the law named shortly before "พ.ศ." with no month between.
_LAW_CONTEXT = re.compile(r"(?:พระราชบัญญัติ|พ\.ร\.บ\.|ระเบียบ|พระราชกฤษฎีกา|ประมวล|กฎหมาย|ฉบับที่)"
                          rf"(?:(?!{_MONTH}).){{0,80}}พ\.ศ\.\s?$")
_YEAR = re.compile(r"(?<![0-9๐-๙])(?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙])")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TAG = re.compile(r"<[^>]*>")
FLAG_UNIT = "หน่วยงานนี้ไม่มีใน{kind}ทั่วไป: โปรดระบุหน่วยงานของท่าน"
FLAG_OTHER_TYPE = "มาจากหน่วยงานต่างประเภท ({type}): โปรดตรวจสอบความเหมาะสม"
FLAG_NAME = "ข้อความระบุชื่อหน่วยงานอื่น ({name}): โปรดตรวจสอบ"
FLAG_YEAR = "ปี พ.ศ. {year} อยู่นอกปีงบประมาณของแผน: โปรดตรวจสอบ"
FLAG_FINDING = "ข้อค้นพบของหน่วยงานอื่น: โปรดปรับให้ตรงกับสภาพของหน่วยงาน"


@dataclass(frozen=True)
class Vocabulary:
    """What an agency type family calls its officials, office, staff, budget law and itself."""

    head: str
    palad: str
    office: str  # the head office as its plans write it (canonical_unit of it is สำนักปลัด)
    staff: str
    law: str
    council: str
    generic: str  # the agency referred to without its name ("ของเทศบาล")
    units: frozenset[str]  # canonical units (corpus/catalog/units.csv) the family has


_LOCAL_UNITS = frozenset({"สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขและสิ่งแวดล้อม",
                          "กองสวัสดิการสังคม", "กองส่งเสริมการเกษตร", "หน่วยตรวจสอบภายใน", "ทุกส่วนราชการ",
                          "กองการเจ้าหน้าที่"})
VOCABULARY = {
    TAMBON: Vocabulary("นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล", "สำนักปลัด", "พนักงานส่วนตำบล",
                       "ข้อบัญญัติ", "สภาองค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล", _LOCAL_UNITS),
    MUNICIPAL: Vocabulary("นายกเทศมนตรี", "ปลัดเทศบาล", "สำนักปลัดเทศบาล", "พนักงานเทศบาล", "เทศบัญญัติ",
                          "สภาเทศบาล", "เทศบาล",
                          _LOCAL_UNITS | {"กองยุทธศาสตร์และงบประมาณ", "กองวิชาการและแผนงาน"}),
    PROVINCIAL: Vocabulary("นายกองค์การบริหารส่วนจังหวัด", "ปลัดองค์การบริหารส่วนจังหวัด",
                           "สำนักปลัดองค์การบริหารส่วนจังหวัด", "พนักงานส่วนจังหวัด", "ข้อบัญญัติ",
                           "สภาองค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด",
                           _LOCAL_UNITS | {"กองยุทธศาสตร์และงบประมาณ", "กองพัสดุและทรัพย์สิน"}),
    OTHER: Vocabulary("หัวหน้าส่วนราชการ", "รองหัวหน้าส่วนราชการ", "สำนักงานเลขานุการ", "บุคลากร",
                      "แผนการใช้จ่ายงบประมาณ", "คณะผู้บริหาร", "หน่วยงาน", frozenset({"ทุกส่วนราชการ",
                                                                                   "หน่วยตรวจสอบภายใน"})),
}
FAMILY_NAMES = {TAMBON: "องค์การบริหารส่วนตำบล", MUNICIPAL: "เทศบาล", PROVINCIAL: "องค์การบริหารส่วนจังหวัด",
                OTHER: "หน่วยงานประเภทนี้"}
# Printed forms of each role across families, as regular expressions (an abbreviation's dots optional).
_FORMS = {
    "head": {TAMBON: [r"นายกองค์การบริหารส่วนตำบล", r"นายก ?อ\.?บ\.?ต\."], MUNICIPAL: [r"นายกเทศมนตรี(?:ตำบล|เมือง|นคร)?"],
             PROVINCIAL: [r"นายกองค์การบริหารส่วนจังหวัด", r"นายก ?อ\.?บ\.?จ\."]},
    "palad": {TAMBON: [r"ปลัดองค์การบริหารส่วนตำบล", r"ปลัด ?อ\.?บ\.?ต\."], MUNICIPAL: [r"ปลัดเทศบาล(?:ตำบล|เมือง|นคร)?"],
              PROVINCIAL: [r"ปลัดองค์การบริหารส่วนจังหวัด", r"ปลัด ?อ\.?บ\.?จ\."]},
    "office": {TAMBON: [r"สำนัก(?:งาน)?ปลัดองค์การบริหารส่วนตำบล", r"สำนัก(?:งาน)?ปลัด ?อ\.?บ\.?ต\."],
               MUNICIPAL: [r"สำนัก(?:งาน)?ปลัดเทศบาล(?:ตำบล|เมือง|นคร)?"],
               PROVINCIAL: [r"สำนัก(?:งาน)?ปลัดองค์การบริหารส่วนจังหวัด", r"สำนัก(?:งาน)?ปลัด ?อ\.?บ\.?จ\."]},
    "staff": {TAMBON: [r"พนักงานส่วนตำบล"], MUNICIPAL: [r"พนักงานเทศบาล"], PROVINCIAL: [r"พนักงานส่วนจังหวัด"]},
    "law": {TAMBON: [r"ข้อบัญญัติ"], MUNICIPAL: [r"เทศบัญญัติ"], PROVINCIAL: [r"ข้อบัญญัติ"]},
    "council": {TAMBON: [r"สภาองค์การบริหารส่วนตำบล", r"สภา ?อ\.?บ\.?ต\."], MUNICIPAL: [r"สภาเทศบาล(?:ตำบล|เมือง|นคร)?"],
                PROVINCIAL: [r"สภาองค์การบริหารส่วนจังหวัด", r"สภา ?อ\.?บ\.?จ\."]},
    "generic": {TAMBON: [r"องค์การบริหารส่วนตำบล"], MUNICIPAL: [r"เทศบาล(?:ตำบล|เมือง|นคร)?"],
                PROVINCIAL: [r"องค์การบริหารส่วนจังหวัด"]},
    "generic_short": {TAMBON: [_SHORT_FORMS["อบต."]], MUNICIPAL: [_ABBR + r"ท\.?[ตมน]\."],
                      PROVINCIAL: [_SHORT_FORMS["อบจ."]]},
}


def family(agency_type: str | None) -> str:
    return LOCAL_TYPES.get(agency_type or "", OTHER)


def is_local(agency_type: str | None) -> bool:
    return (agency_type or "") in LOCAL_TYPES


def peer_tier(mine: str | None, theirs: str | None) -> int:
    """0 same type, 1 same family (เทศบาลตำบล / เทศบาลเมือง), 2 both local or both not, 3 across."""
    if mine == theirs:
        return 0
    if family(mine) == family(theirs) and family(mine) != OTHER:
        return 1
    return 2 if is_local(mine) == is_local(theirs) else 3


def clean(text: str | None) -> str:
    """Text as a person types it: HTML entities decoded (also double-encoded ones), tags gone, one space."""
    text = text if isinstance(text, str) else ""  # NULL read through pandas is NaN
    for _ in range(3):  # "&amp;#x27;" needs two rounds
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return collapse_spaces(_TAG.sub(" ", text))


def vote_spaces(variants: list[tuple[str, int]]) -> str:
    """One spelling of a text read differently by several documents: (text, documents) pairs with the
    same letters. A space is kept where more than half the documents print it; a gap only some
    readers saw is a line wrap (PDF readers differ on wraps, never on the letters)."""
    bare = variants[0][0].replace(" ", "")
    votes: dict[int, int] = {}
    total = 0
    for text, weight in variants:
        total += weight
        at = 0
        for ch in text:
            if ch == " ":
                votes[at] = votes.get(at, 0) + weight
            else:
                at += 1
    out = []
    for i, ch in enumerate(bare):
        if i and 2 * votes.get(i, 0) > total:
            out.append(" ")
        out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Agency:
    """Who a text is about: name, type and place (district, province) when known."""

    name: str
    agency_type: str | None
    district: str | None = None
    province: str | None = None
    variants: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        kind = self.agency_type or ""
        return self.name.removeprefix(kind) if kind and self.name.startswith(kind) and self.name != kind else ""

    @property
    def short(self) -> str:
        """"อบต.บ้านใหม่"; the full name where the type has no abbreviation."""
        return SHORT[self.agency_type] + self.place if self.agency_type in SHORT and self.place else self.name

    @property
    def vocabulary(self) -> Vocabulary:
        return VOCABULARY[family(self.agency_type)]


@dataclass(frozen=True)
class Adapted:
    text: str
    original: str
    changes: tuple[tuple[str, str], ...] = ()  # (printed words, what they became)
    flags: tuple[str, ...] = ()


class Adapter:
    """Rewrites peers' texts for `me`, a plan of fiscal year `fiscal_year`."""

    def __init__(self, me: Agency, fiscal_year: int) -> None:
        self.me, self.fiscal_year = me, fiscal_year
        self._role_rules = self._roles()

    def _roles(self) -> list[tuple[str, str | None]]:
        """(regex, replacement) for every other family's titles, offices, staff, laws and generic words."""
        mine = family(self.me.agency_type)
        words = self.me.vocabulary
        targets = {"head": words.head, "palad": words.palad, "office": words.office, "staff": words.staff,
                   "law": words.law, "council": words.council, "generic": words.generic,
                   "generic_short": SHORT.get(self.me.agency_type or "", words.generic)}
        rules: list[tuple[str, str | None]] = []
        for role, forms in _FORMS.items():
            for fam, patterns in forms.items():
                if fam != mine:
                    rules += [(p, targets[role]) for p in patterns]
        return sorted(rules, key=lambda r: -len(r[0]))

    def _name_rules(self, peer: Agency) -> list[tuple[str, str | None]]:
        """The peer's name in every spelling: full, อบต.X (dots and a space optional), bare place; its
        province and district after จังหวัด/อำเภอ."""
        if not peer.name or peer.name == self.me.name:
            return []
        rules: list[tuple[str, str | None]] = [(re.escape(n), self.me.name) for n in (peer.name, *peer.variants) if n]
        place, my_place = peer.place, self.me.place or self.me.name
        if place:
            for short, form in _SHORT_FORMS.items():
                if SHORT.get(peer.agency_type or "") == short:
                    rules.append((form + r" ?" + re.escape(place), self.me.short))
            if len(place) >= 3 and place != my_place:
                rules.append((r"(?<![จอ]ังหวัด)(?<!อำเภอ)" + re.escape(place), my_place))
        for word, theirs, mine in (("จังหวัด", peer.province, self.me.province),
                                   ("อำเภอ", peer.district, self.me.district)):
            if theirs and theirs != mine:
                rules.append((re.escape(word) + r" ?" + re.escape(theirs), word + mine if mine else None))
        return sorted(rules, key=lambda r: -len(r[0]))

    def adapt(self, text: str, peer: Agency | None, fiscal_year: int | None) -> Adapted:
        """`text` written by `peer` in its plan of `fiscal_year`, in this agency's words."""
        original = clean(text)
        # names first: at one position "เทศบาลเมืองX" is the peer's name before it is a type word
        rules = (self._name_rules(peer) if peer else []) + self._role_rules
        changes: list[tuple[str, str]] = []
        flags: list[str] = []
        out = original
        if rules:
            rx = re.compile("|".join(f"({p})" for p, _ in rules))

            def swap(m: re.Match) -> str:
                target = rules[m.lastindex - 1][1]
                if target is None:  # a place this agency's record does not name: kept, flagged
                    flags.append(FLAG_NAME.format(name=m.group()))
                    return m.group()
                if target != m.group():
                    changes.append((m.group(), target))
                return target

            out = rx.sub(swap, out)
        out = self._years(out, fiscal_year, changes, flags)
        return Adapted(out, original, tuple(dict.fromkeys(changes)), tuple(dict.fromkeys(flags)))

    def _years(self, text: str, source_year: int | None, changes: list, flags: list) -> str:
        """Years of the source's plan move with the plan: a date in its fiscal year (or the two before)
        becomes the same date in this plan's; a law's year ("พ.ร.บ. … พ.ศ. 2540") stays."""
        delta = self.fiscal_year - source_year if source_year else 0

        def shift(m: re.Match) -> str:
            printed = m.group()
            year = int(printed.translate(_TO_ARABIC))
            if _LAW_CONTEXT.search(text[max(0, m.start() - 100): m.start()]):
                return printed
            if delta and source_year - 3 <= year <= source_year + 1:
                new = str(year + delta)
                new = new.translate(_TO_THAI) if printed != printed.translate(_TO_ARABIC) else new
                changes.append((printed, new))
                year, printed = year + delta, new
            if not self.fiscal_year - 1 <= year <= self.fiscal_year:
                flags.append(FLAG_YEAR.format(year=printed))
            return printed

        return _YEAR.sub(shift, text)

    def unit(self, text: str, own_units: set[str]) -> Adapted:
        """A responsible unit named as this agency type names it (สำนักปลัด → สำนักปลัดเทศบาล), flagged
        when the type has no such unit and the agency never named it."""
        original = clean(text)
        words = self.me.vocabulary
        canonical = canonical_unit(original)
        base = canonical.split(" (")[0]
        shown = canonical.replace("สำนักปลัด", words.office, 1) if base == "สำนักปลัด" else canonical
        flags = () if base in words.units or canonical in own_units or base in own_units else (
            FLAG_UNIT.format(kind=FAMILY_NAMES[family(self.me.agency_type)]),)
        changes = ((original, shown),) if shown != original else ()
        return Adapted(shown, original, changes, flags)


def head_title(name: str, agency_type: str | None) -> str:
    """Who signs the agency's plan: "นายกเทศมนตรีเมืองX" for เทศบาลเมืองX, "อธิบดีกรมX" for กรมX."""
    special = {"กรุงเทพมหานคร": "ผู้ว่าราชการกรุงเทพมหานคร", "เมืองพัทยา": "นายกเมืองพัทยา"}
    if name in special:
        return special[name]
    if agency_type and agency_type.startswith("เทศบาล") and name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + name.removeprefix("เทศบาล")
    if family(agency_type) in (TAMBON, PROVINCIAL):
        return "นายก" + name
    return ("อธิบดี" if name.startswith("กรม") else "หัวหน้า") + name
