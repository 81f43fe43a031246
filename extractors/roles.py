"""Column roles from the header and the cells together.

A header can be worded in a way no vocabulary knows, or name one thing while the cells hold another
(family B's `ประเด็น` column holds the weak question's code and wording). What a column's cells hold
is evidence that does not depend on wording: question codes and wordings ending in มากน้อยเพียงใด /
หรือไม่, month-year ranges, unit names, numbered steps, scores from 0 to 100. The header decides when
the cells do not contradict it; the cells decide when the header is unknown or contradicted. Columns
with no role keep their text in `measures.extra` and never shift the others.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from corpus.catalog import load_catalog, skeleton, stem, text_key
from corpus.issues import match_issue
from extractors.columns import header_role
from extractors.model import Table
from extractors.normalize import parse_period, split_questions, split_steps, split_units, thai_digits_to_arabic

_EVIDENCE = 0.6  # share of a column's filled cells that must show a kind of content for it to count
_MONTH = re.compile(
    r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    r"|ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|ก\.ย|ต\.ค|พ\.ย|ธ\.ค")
_PERIOD_LEAD = re.compile(r"^\s*(?:ตลอดปี|ไตรมาส|ทุกเดือน|ทุกไตรมาส|ปีงบประมาณ|ภายใน(?:เดือน|วันที่)|ตั้งแต่)")
_DIGIT = re.compile(r"[0-9๐-๙]")
_QUESTION_END = re.compile(r"(?:มากน้อยเพียงใด|หรือไม่|อย่างไร|ใช่หรือไม่)\s*[?)]*\s*$")
_SCORE = re.compile(r"^\s*\d{1,3}(?:\.\d{1,2})?\s*$")
_UNIT_HEAD = re.compile(r"^(?:สำนัก|กอง|งาน|ฝ่าย|ส่วน|ศูนย์|หน่วย|กลุ่ม|ทุก|ผู้อำนวยการ|ปลัด|นายก|รองปลัด|หัวหน้า|เจ้าหน้าที่|คณะ)")
_SHORT = 80  # characters: periods and units are short cells


def _question(text: str, titles: bool = False) -> bool:
    """Cited questions: a code, a question word at the end, or (`titles`) some ITA item's wording."""
    questions = split_questions(text)
    return bool(questions) and (any(q.code for q in questions) or bool(_QUESTION_END.search(text))
                                or titles and any(_names_item(q.text) for q in questions))


def _question_or_title(text: str) -> bool:
    return _question(text, titles=True)


_ITEM_SCORE = 85  # a wording this close to a catalog item's is that item's (OCR slips, a word lost)
_ITEM_MIN_KEY = 8  # letters: shorter cells ("E-Service") are too short to be told from other text


@lru_cache(maxsize=1)
def _item_keys() -> tuple[str, ...]:
    """Every shipped catalog item's wording, compared as the catalog matcher compares them."""
    return tuple({skeleton(text_key(stem(text))) for text in load_catalog()["text"].dropna()})


def _names_item(text: str | None) -> bool:
    """Whether a cell's wording is some ITA item's: OIT items are titles ("ข้อมูลสถิติการให้บริการ")
    that end in no question word, so neither a code nor "มากน้อยเพียงใด" shows them."""
    key = skeleton(text_key(text or ""))
    return len(key) >= _ITEM_MIN_KEY and \
        process.extractOne(key, _item_keys(), scorer=fuzz.ratio, score_cutoff=_ITEM_SCORE) is not None


_PERIOD_CHARS = 50  # "ระหว่างเดือนตุลาคม 2567 – กันยายน 2568" is 38; a result sentence with a date is longer


def _period(text: str) -> bool:
    """A short cell that is a date range, a month with a year or day, or a whole-year phrase."""
    return len(text) <= _PERIOD_CHARS and (parse_period(text) != (None, None) or bool(_PERIOD_LEAD.match(text))
                                    or bool(_MONTH.search(text)) and bool(_DIGIT.search(text)))


_UNIT_CHARS = 45  # the longest unit names ("กองยุทธศาสตร์และงบประมาณ …") stay under this


def _units(text: str) -> bool:
    """A short cell of unit names only: each one opens with a head word and is name-sized."""
    units = split_units(text)
    return len(text) <= _SHORT and bool(units) and all(_UNIT_HEAD.match(u) and len(u) <= _UNIT_CHARS
                                                       for u in units)


_ITEM_MARK = re.compile(r"^\s*(?:[-•▪●○◦*]|\(?[0-9๐-๙]{1,2}[.)])\s*\S")
_ISSUE_CHARS = 120


def _steps(text: str) -> bool:
    """A list: two or more items, or one item with its bullet or number."""
    return len(split_steps(text)) >= 2 or bool(_ITEM_MARK.match(text))


def _issue(text: str) -> bool:
    """One of the seven NACC issue titles, numbered or not."""
    return len(text) <= _ISSUE_CHARS and match_issue(text)[0] is not None


def _score(text: str) -> bool:
    """Numbers from 0 to 100 only, one per line ("78.91" or "100<br>0" for two items)."""
    numbers = thai_digits_to_arabic(text).split()
    return bool(numbers) and all(_SCORE.match(n) and float(n) <= 100 for n in numbers)


# Content kinds in the order they are tested: the first kind most cells show names the column.
_KINDS = (("question", _question), ("score", _score), ("period", _period), ("responsible", _units),
          ("steps", _steps), ("issue", _issue))  # the costly fuzzy issue match last
# Header roles the cells may overrule, and what they may overrule them with. A header that names a
# plan column keeps it unless the cells clearly hold questions, periods or units instead.
_OVERRULE = {
    None: {"question", "score", "period", "responsible", "issue", "steps"},
    "issue": {"question"},
    "number": {"question"},
    "measure": {"question", "period", "responsible"},
    "finding": {"question"},
    "steps": {"question", "period", "responsible"},
    "outcome": {"period", "responsible"},
    "result": {"period", "responsible"},
}


def content_kind(texts: list[str]) -> str | None:
    """The kind of content most of a column's filled cells show, or None."""
    filled = [t.strip() for t in texts if t.strip()]
    if not filled:
        return None
    for kind, test in _KINDS:
        if _mostly(filled, test):
            if kind == "score" and not any("." in t for t in filled):
                return None  # whole numbers only: a running number (ที่ / ลำดับ), not scores
            return kind
    return None


def _mostly(texts: list[str], test) -> bool:
    """Whether `_EVIDENCE` of the filled cells pass `test`."""
    filled = [t.strip() for t in texts if t.strip()]
    return bool(filled) and _most_show(filled, test, len(filled) - _EVIDENCE * len(filled))


def _most_show(cells: list[str], test, allowed_misses: float) -> bool:
    """Whether all but `allowed_misses` cells pass `test`; stops at the first miss too many."""
    misses = 0
    for text in cells:
        if not test(text):
            misses += 1
            if misses > allowed_misses:
                return False
    return True


@lru_cache(maxsize=256)
def column_roles(table: Table) -> tuple[str | None, ...]:
    """One role per column of a table: header and cells together. A role the header gives one column
    is not given to another by its cells alone (a monitoring column of "ทุกไตรมาส" is not a second
    period); a second steps column is the approach column before it, the measure, when none is."""
    ncols = max((len(r.cells) for r in table.rows), default=len(table.header))
    parts = list(table.header_parts) or [(h,) if h else () for h in table.header]
    parts += [()] * (ncols - len(parts))
    body = [r for r in table.rows if not r.is_banner]
    roles: list[str | None] = []
    kinds: list[str | None] = []
    by_cells: set[int] = set()
    for c in range(ncols):
        role = header_role(parts[c])
        texts = [r.cells[c].text for r in body if c < len(r.cells)]
        kind = content_kind(texts)
        if role is None and kind is None and _mostly(texts, _question_or_title):
            kind = "question"  # an unreadable header over item titles: only there do titles decide
        if kind and kind != role and kind in _OVERRULE.get(role, set()):
            role = kind
            by_cells.add(c)
        roles.append(role)
        kinds.append(kind)
    if "steps" not in roles:  # an approach column of numbered lists, and no other: those are the steps
        for c in range(ncols):
            if roles[c] == "measure" and kinds[c] == "steps":
                roles[c] = "steps"
                break
    for c in by_cells:
        if any(roles[k] == roles[c] for k in range(ncols) if k != c and k not in by_cells):
            roles[c] = None
    steps = [i for i, r in enumerate(roles) if r == "steps"]
    if len(steps) > 1 and "measure" not in roles:
        roles[steps[0]] = "measure"
    return tuple(roles)
