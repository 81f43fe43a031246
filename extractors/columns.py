"""Header phrases -> column roles: the one vocabulary that decides what a column means.

Agencies word headers in many ways (ข้อคำถาม ITA / ข้อความ ITA / ขอคำถาม, ผู้รับผิดชอบ / หน่วยงานผู้รับผิดชอบ,
line-wrap spaces, reordered or missing columns). Columns are recognised by meaning, never by position:
when a new layout appears, add a phrase here rather than a branch to a parser.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

# The role whose phrases cover most of a label names it; on a tie the earlier role wins, so the more
# specific roles ("ขั้นตอนหรือวิธีการ/มาตรการ" is steps, not measure) come before the general ones.
ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("group", ("การนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "การนำผลการวิเคราะห์")),
    ("number", ("ลำดับ", "ลำดับที่")),
    ("question", ("ข้อคำถาม", "ข้อคำถาม ITA", "ข้อความita", "คำถาม", "ประเด็นคำถาม")),
    ("finding", ("ข้อค้นพบ", "ผลการวิเคราะห์", "สภาพปัญหา", "ปัญหาที่พบ")),
    ("result", ("สรุปผลการดำเนินการ", "ผลการดำเนินการ", "ผลการดำเนินงาน", "ผลการปฏิบัติ")),
    ("steps", ("ขั้นตอน", "วิธีการปฏิบัติ", "วิธีการดำเนินการ", "วิธีดำเนินการ", "การดำเนินการ", "การดำเนินงาน")),
    ("responsible", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานผู้รับผิดชอบ", "ผู้ดำเนินการ")),
    ("period", ("ระยะเวลา", "ระยะเวลาดำเนินการ", "ระยะเวลาการดำเนินการ", "กำหนดเวลา", "ห้วงเวลา", "ช่วงเวลา",
                "กรอบเวลา", "การกำกับติดตาม")),
    ("outcome", ("ผลลัพธ์", "ความสำเร็จ", "ผลสัมฤทธิ์", "ปัญหา/อุปสรรค", "ปัญหาอุปสรรค", "อุปสรรค")),
    ("measure", ("มาตรการ", "แนวทาง", "โครงการ/กิจกรรม", "กิจกรรม")),
    ("issue", ("ประเด็น", "ประเด็นที่ต้องพัฒนา", "ประเด็นที่ต้องปรับปรุง")),
)
ROLES = tuple(role for role, _ in ROLE_KEYWORDS)
_NOISE = re.compile(r"[\s/()\-–:.,*|!]+")  # "|" and "!": a cell border OCR read as a glyph
_TONE = re.compile("[\u0e48-\u0e4b]")
_MAX_HEADER_LEN = 60  # a header label is short; a long cell is data even if it uses a header word
_MIN_COVER = 0.3  # header words must make up this share of a label: "1. จัดทำแนวทาง…" is data


_NOTE = re.compile(r"\*[^*]*\*?|\([^)]*\)?|\[[^\]]*\]?")


_AM_AA = re.compile("[\u0e32\u0e33\u0e4d]")


def _key(text: str) -> str:
    """Comparison form: notes in brackets or asterisks dropped ("ข้อค้นพบ *แสดงการวิเคราะห์…*"), no
    spaces or punctuation, no tone marks, and no า, ำ or nikhahit: damaged text loses marks, the
    nikhahit of sara am ("ข้อคาถาม") or the whole ำ ("ระยะเวลาดเนินการ", "ข้อคถาม")."""
    bare = _NOTE.sub("", text).strip() or text
    return _AM_AA.sub("", _TONE.sub("", _NOISE.sub("", bare.lower())))


_KEYWORDS = tuple((role, tuple(_key(k) for k in keys)) for role, keys in ROLE_KEYWORDS)
_WEIGHTED = tuple((role, tuple((_key(k), len(k)) for k in keys)) for role, keys in ROLE_KEYWORDS)


def _coverage(key: str) -> float:
    """Share of the label's characters that belong to some header keyword."""
    covered = [False] * len(key)
    for _, keys in _KEYWORDS:
        for k in keys:
            start = key.find(k)
            while start >= 0:
                covered[start:start + len(k)] = [True] * len(k)
                start = key.find(k, start + 1)
    return sum(covered) / len(key)


def header_coverage(label: str) -> float:
    """Share of a label's letters that known header phrases cover (0 for an empty label): how much of
    a line's start is a label rather than text that happens to contain a header word."""
    key = _key(label)
    return _coverage(key) if key else 0.0


def _role_weight(key: str, role_keys: tuple[tuple[str, int], ...]) -> int:
    """How much of a label one role's phrases account for: the printed length of every phrase of the
    role the label contains. The role that accounts for most names the label ("มาตรการ/แนวทางการ
    ดำเนินการ" is the measure, "การดำเนินการ" alone the steps, "ประเด็นข้อคำถาม" the question)."""
    return sum(length for k, length in role_keys if k in key)


# Short Latin junk OCR leaves inside a Thai word ("ขั้นตอน/วิ oY a ธีการปฏิบัติ"): no header keyword has
# Latin letters between two Thai ones.
_LATIN_INSIDE_THAI = re.compile(r"(?<=[\u0e01-\u0e4e])\s?[A-Za-z][A-Za-z ]{0,4}\s?(?=[\u0e01-\u0e4e])")


@lru_cache(maxsize=4096)
def column_role(label: str) -> str | None:
    """The role of a column from its header label, or None when the label is not a known header.

    A label known by no keyword is tried once more without Latin junk inside its Thai words."""
    role = _label_role(label)
    if role is None:
        cleaned = _LATIN_INSIDE_THAI.sub("", label)
        role = _label_role(cleaned) if cleaned != label else None
    return role


def _label_role(label: str) -> str | None:
    key = _key(label)
    if not key or len(key) > _MAX_HEADER_LEN:
        return None
    if _coverage(key) >= _MIN_COVER:
        covered = [(_role_weight(key, keys), -n, role) for n, (role, keys) in enumerate(_WEIGHTED)]
        best = max(covered)
        if best[0]:
            return best[2]
    best_role, best = None, 0.0
    for role, keys in _KEYWORDS:  # typos: a header misspelled beyond the keywords, about as long as one
        for k in keys:
            if len(k) >= 5 and abs(len(k) - len(key)) <= 3 and key not in k:  # a shorter phrase is another word
                score = fuzz.ratio(k, key)
                if score > best:
                    best_role, best = role, score
    return best_role if best >= 85 else None


def is_header_row(texts: list[str]) -> bool:
    """A row is a header when most of its non-empty cells are known header labels."""
    filled = [t for t in texts if t.strip()]
    if not filled:
        return False
    known = sum(1 for t in filled if column_role(t))
    return known >= 2 and known * 2 >= len(filled) or (len(filled) == 1 and known == 1 and len(texts) == 1)


def header_role(labels: tuple[str, ...]) -> str | None:
    """The role a column's header labels name, its labels given from the top header row down.

    The column's own, lowest label decides: a group over several columns ("แนวทางการดำเนินการ" over
    units, actions and period) names none of them. A group phrase (การนำผลการวิเคราะห์ไปสู่การปฏิบัติ)
    as a column's own label heads the approach column, which is the measure."""
    if not labels:
        return None
    role = column_role(labels[-1])
    return "measure" if role == "group" else role
