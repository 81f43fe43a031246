"""Document-level metadata from a document's full text: its type, the agency, and its years.

The full text is every page joined, so it carries whatever the reader produced: Thai or Arabic
digits, line-wrap spaces, table cells interleaved with prose. These rules therefore lean on phrases
every ITA document prints (titles, "ประจำปีงบประมาณ พ.ศ. …", the agency's prefixed name) and on
majority votes across the document, never on a position or layout.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pythainlp.corpus import provinces
from pythainlp.tokenize import word_tokenize
from rapidfuzz import fuzz

from corpus.gazetteer import place_agency
from extractors.model import AgencyInfo
from extractors.normalize import collapse_spaces, fiscal_year_of, strip_html, thai_digits_to_arabic


NO_AGENCY = AgencyInfo(None, None)

# ---------------------------------------------------------------------------------------------
# Document type

_HEAD_CHARS = 1500  # titles sit on the first page; prose further down quotes other titles
_LINE_START = r"(?:^|\n)[\s*#|>\-]*(?:[0-9]{1,2}\.\s*)?"
_MEASURES_WORDS = r"มาตรการ(?:/แนวทาง)?(?:ใน)?(?:การ)?(?:ส่งเสริม|เสริมสร้าง)"
_REPORT_WORDS = r"(?:ผล)?การ(?:ดำเนินการ|ดำเนินงาน|ปฏิบัติ)ตามมาตรการ"
_ANALYSIS_WORDS = r"(?:ผล)?การวิเคราะห์ผล\s*(?:การประเมิน|คะแนน)"
_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("measures_report", re.compile(_LINE_START + r"(?:รายงาน)?" + _REPORT_WORDS)),
    ("analysis", re.compile(_LINE_START + r"(?:รายงาน)?" + _ANALYSIS_WORDS)),
    ("measures", re.compile(_LINE_START + _MEASURES_WORDS)),
)
_REPORT_ANYWHERE = re.compile(r"รายงาน" + _REPORT_WORDS)
_ANALYSIS_ANYWHERE = re.compile(r"รายงาน" + _ANALYSIS_WORDS)
_MEASURES_ANYWHERE = re.compile(_MEASURES_WORDS + r"\s*คุณธรรม|การนำผลการวิเคราะห์\S{0,40}ไปสู่การปฏิบัติ")
_SCORE = re.compile(
    r"คะแนน[^\n]{0,60}?(?<![0-9.])[0-9]{1,3}\.[0-9]{1,2}(?![0-9.])|(?<![0-9.])[0-9]{1,3}\.[0-9]{1,2}\s*คะแนน"
    r"|ระดับ\s*(?:AA|A|B|C|D|E|F)(?![A-Za-z])"
)


def _compact(text: str) -> str:
    """Arabic digits, no HTML, no markdown emphasis: what the phrase rules expect."""
    return thai_digits_to_arabic(strip_html(text)).replace("**", "")


def detect_doc_type(text: str, has_result_columns: bool | None = None) -> str:
    """"measures" | "measures_report" | "analysis" | "unknown", from the title first.

    A title is a title phrase at the start of a line near the top. An analysis may embed a plan
    (so it wins over the plan phrase) but needs scores to be one; a plan often opens with a
    sentence about the analysis ("จากการวิเคราะห์ค่าคะแนน ITA …"), which is prose, not a title.
    Result columns (สรุปผลการดำเนินการ) found by the table engine make a plan a report.
    """
    flat = _compact(text or "")
    head = flat[:_HEAD_CHARS]
    has_scores = bool(_SCORE.search(flat))
    titles = [(m.start(), kind) for kind, rx in _TITLES if (m := rx.search(head))]
    if titles:
        kind = min(titles)[1]  # the first title printed
        if kind == "analysis" and not has_scores:
            kind = "measures" if _MEASURES_ANYWHERE.search(flat) else "analysis"
        if kind == "measures" and has_result_columns:
            kind = "measures_report"
        return kind
    if _REPORT_ANYWHERE.search(flat) or (has_result_columns and _MEASURES_ANYWHERE.search(flat)):
        return "measures_report"
    if _ANALYSIS_ANYWHERE.search(flat) and has_scores:
        return "analysis"
    if _MEASURES_ANYWHERE.search(flat):
        return "measures_report" if has_result_columns else "measures"
    return "unknown"


# ---------------------------------------------------------------------------------------------
# Agency

_THAI = r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]"  # Thai letters and marks, no digits
_THAI_NAME = _THAI + "++"  # possessive: a name run is never shortened to dodge a following "."
_LOCAL_PREFIXES: tuple[tuple[str, str], ...] = (
    # (agency type, printed forms: the full word, then the abbreviation with or without inner dots)
    ("องค์การบริหารส่วนตำบล", r"องค์การบริหารส่วนตำบล|(?<![ก-ฮ])อ\.?บ\.?ต\."),
    ("องค์การบริหารส่วนจังหวัด", r"องค์การบริหารส่วนจังหวัด|(?<![ก-ฮ])อ\.?บ\.?จ\."),
    ("เทศบาลตำบล", r"เทศบาลตำบล|(?<![ก-ฮ])ท\.?ต\."),
    ("เทศบาลเมือง", r"เทศบาลเมือง|(?<![ก-ฮ])ท\.?ม\."),
    ("เทศบาลนคร", r"เทศบาลนคร|(?<![ก-ฮ])ท\.?น\."),
)
_LOCAL = re.compile(
    "(?:" + "|".join(f"(?P<t{i}>{forms})" for i, (_, forms) in enumerate(_LOCAL_PREFIXES)) + ")"
    + rf"[ \t]?(?P<tail>{_THAI_NAME})"
)
_OTHER = re.compile(
    r"(?P<prefix>กรม|กระทรวง|สำนักงาน|มหาวิทยาลัย|โรงเรียน|โรงพยาบาล|วิทยาลัย|สถาบัน|การไฟฟ้า|การประปา)"
    rf"(?P<tail>{_THAI_NAME})(?P<zone>\s?เขต\s?[0-9]{{1,2}})?(?!\.)"
)
# Bodies every ITA document cites but that are never its author: the NACC (and the PACC),
# the civil-service and budget offices, auditors, and an agency's own internal offices.
_NOT_AN_AGENCY = re.compile(
    r"^(?:ป\.?ป\.?|คณะกรรมการป\u0e49?องกัน|คณะกรรมการข้อมูลข่าวสาร|คณะกรรมการข้าราชการพลเรือน"
    r"|ก\.?พ|การตรวจเงินแผ่นดิน|ปลัด|เลขานุการ|งบประมาณ|ผู้ตรวจการแผ่นดิน|ส่งเสริมการปกครองท้องถิ่น$)"
)
_BANGKOK = re.compile(r"กรุงเทพมหานคร(?!\s?[0-9]{5})")
_ADDRESS_BEFORE = re.compile(r"(?:เขต|แขวง|จังหวัด|จ\.)")
_PATTAYA = re.compile(r"(?<!เทศบาล)เมืองพัทยา")
_PLACE_WORD = re.compile(r"อำเภอ|จังหวัด")
# What may follow a name on its title line: "หมู่ที่ 3 ตำบลX อำเภอY จังหวัดZ" (any part missing).
_PLACE = re.compile(
    rf"[ \t]*(?:\n[ \t]*)?(?:(?:หมู่ที่|ม\.)\s?[0-9]+\s*)?(?:(?:ตำบล|ต\.)\s?{_THAI_NAME}\s*)?"
    rf"(?:(?:อำเภอ|อ\.)\s?(?P<district>{_THAI}+?)(?=จังหวัด|จ\.|[^\u0e01-\u0e4e]|$))?"
    rf"\s*(?:(?:จังหวัด|จ\.)\s?(?P<province>{_THAI_NAME}))?"
)
# Words that follow a name without a space in running Thai ("…ด่านเกวียนได้ดำเนินการ"): the name
# ends before the first of them. A name's first word is never cut ("เทศบาลตำบลในเมือง").
_STOP_WORDS = frozenset(
    "ได้ จึง ให้ ประจำ ประจำปี ปีงบประมาณ โดย ที่ ที่ผ่านมา เมื่อ มี ซึ่ง และ หรือ ใน ของ เพื่อ ตาม ว่า เป็น จะ "
    "ได้รับ ดำเนินการ อำเภอ จังหวัด ตำบล หมู่ หมู่ที่ นั้น นี้ ดังนี้ ดังกล่าว ต่อ กับ แก่ จาก ไม่ ยัง พบ แล้ว "
    "ควร ต้อง สามารถ อยู่ ทั้ง ทุก รวม ประกาศ เรื่อง ผล การ คะแนน มีผล เขต ทั่ว ทั่วประเทศ ต่าง ๆ เป็นไปตาม".split()
)
_GENERIC_START = frozenset("และ หรือ ทั่ว ทั่วประเทศ ทุก ต่าง ใน ทั้ง ที่ ของ ได้ ซึ่ง".split())
_VARIANT_MIN_RATIO = 85  # "บางขันแตก" for "บางชั้นแตก" scores ~95; another agency's name scores far lower
_PROVINCES = sorted(provinces(), key=len, reverse=True)
_PAO = "องค์การบริหารส่วนจังหวัด"


@lru_cache(maxsize=4096)
def _cut_name(tail: str) -> str:
    """The name part of the Thai run after a prefix: up to the first following word (not the first)."""
    if not tail:
        return ""
    tokens = word_tokenize(tail, engine="newmm", keep_whitespace=False)
    if not tokens or tokens[0] in _GENERIC_START:
        return ""
    kept = [tokens[0]]
    for token in tokens[1:]:
        if token in _STOP_WORDS:
            break
        kept.append(token)
    return "".join(kept)


def _cut_province(run: str) -> str:
    """A province name: the longest known province the run starts with, else the tokenised cut."""
    return next((p for p in _PROVINCES if run.startswith(p)), None) or _cut_name(run)


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    agency_type: str
    start: int
    end: int


def _local_mentions(flat: str) -> list[_Mention]:
    out: list[_Mention] = []
    for m in _LOCAL.finditer(flat):
        i = next(i for i in range(len(_LOCAL_PREFIXES)) if m.group(f"t{i}"))
        tail = m.group("tail")
        if flat[m.end(): m.end() + 1] == "." and tail[-1:] in ("อ", "จ"):  # "…ด่านเกวียนอ.โชคชัย"
            tail = tail[:-1]
        kind = _LOCAL_PREFIXES[i][0]
        # a provincial administrative organisation is named after its province: the name ends with it
        name = (_cut_province if kind == _PAO else _cut_name)(_PLACE_WORD.split(tail, maxsplit=1)[0])
        if len(name) >= 2:
            out.append(_Mention(kind + name, kind, m.start(), m.start("tail") + len(name)))
    for m in _BANGKOK.finditer(flat):  # not the city in an address ("เขตพญาไท กรุงเทพมหานคร")
        if not _ADDRESS_BEFORE.search(flat[max(0, m.start() - 30): m.start()]):
            out.append(_Mention("กรุงเทพมหานคร", "กรุงเทพมหานคร", m.start(), m.end()))
    out += [_Mention("เมืองพัทยา", "เมืองพัทยา", m.start(), m.end()) for m in _PATTAYA.finditer(flat)]
    return out


def _other_mentions(flat: str) -> list[_Mention]:
    out: list[_Mention] = []
    for m in _OTHER.finditer(flat):
        tail = m.group("tail")
        if _NOT_AN_AGENCY.match(tail):
            continue
        name = _cut_name(tail)
        if len(name) >= 2 and not _NOT_AN_AGENCY.match(name):
            zone = " " + collapse_spaces(m.group("zone")) if m.group("zone") and name == tail else ""
            full = m.group("prefix") + name + zone
            out.append(_Mention(full, "other", m.start(), m.start("tail") + len(name)))
    return out


def _place_after(flat: str, mention: _Mention) -> tuple[str | None, str | None]:
    m = _PLACE.match(flat, mention.end)
    if not m:
        return None, None
    district = _cut_name(m.group("district") or "") or None
    province = _cut_province(m.group("province") or "") or None
    return district, province


def find_agency(text: str) -> AgencyInfo:
    """The agency the document is about: its most frequent prefixed name, abbreviations expanded.

    Local governments (อบต./ทต./ทม./ทน./อบจ., กรุงเทพมหานคร, เมืองพัทยา) are preferred on a tie with
    other bodies (กรม…, สำนักงาน…, โรงเรียน…), whose names a local document also quotes. The
    NACC and the other oversight offices are never the agency. District and province come from
    "อำเภอX จังหวัดY" printed right after one of the name's mentions (usually the title line), and
    what is not printed from the gazetteer when the name identifies one place (`corpus.gazetteer`).
    """
    flat = _compact(text or "")
    local = _local_mentions(flat)
    other = _other_mentions(flat)
    best_local = _most_common(local)
    best_other = _most_common(other)
    if best_local and (not best_other or best_local[1] >= best_other[1]):
        name, _ = best_local
        mentions = local
    elif best_other:
        name, _ = best_other
        mentions = other
    else:
        return NO_AGENCY
    own = [m for m in mentions if m.name == name]
    kind = own[0].agency_type
    district = province = None
    for mention in own:
        district, province = _place_after(flat, mention)
        if district or province:
            break
    placed = place_agency(name, kind, district, province, flat)  # what the name says where the text is silent
    district, province = placed.district, placed.province
    if kind == _PAO and province is None:
        province = name.removeprefix(kind)
    return AgencyInfo(name, kind, district, province, _variants(name, [m.name for m in mentions]))


def _variants(name: str, names: list[str]) -> tuple[str, ...]:
    """Other spellings of the same name (typos, OCR slips), not other agencies or truncated wraps."""
    return tuple(
        n for n in dict.fromkeys(names)
        if n != name and not name.startswith(n) and fuzz.ratio(n, name) >= _VARIANT_MIN_RATIO
    )


def _most_common(mentions: list[_Mention]) -> tuple[str, int] | None:
    """The name mentioned most often; ties go to the one mentioned first (titles come first)."""
    if not mentions:
        return None
    counts = Counter(m.name for m in mentions)
    first = {}
    for m in mentions:
        first.setdefault(m.name, m.start)
    name = max(counts, key=lambda n: (counts[n], -first[n]))
    return name, counts[name]


# ---------------------------------------------------------------------------------------------
# Years

_BE = r"(?:พ\s?\.?\s?ศ\s?\.?\s*)"
_YEAR = re.compile(
    # "ITA ปี 2566"; OCR may misread the short ปี ("ITA U 2566"), so one or two stray characters may stand there
    rf"(?:ปี\s*(?:งบ\s*ประมาณ)?\s*{_BE}?|{_BE}|ITA\s*(?:ปี\s*|\S{{1,2}}\s+)?)(?P<y>25[0-9]{{1,2}})(?![0-9])"
    rf"(?:\s*[-–]\s*{_BE}?(?P<y2>25[0-9]{{2}})(?![0-9]))?"
)
_MEASURES_PHRASE = re.compile(_MEASURES_WORDS)
_FISCAL_PHRASE = re.compile(rf"(?:ประจำ)?\s*ปี\s*(?:งบ\s*ประมาณ)?\s*{_BE}?(?P<y>25[0-9]{{2}})(?![0-9])")
_ANALYSIS_TRIGGER = re.compile(r"วิเคราะห์(?!ไปสู่)")  # not the header "การนำผลการวิเคราะห์ไปสู่การปฏิบัติ"
_RESULT_TRIGGER = re.compile(r"ผลการประเมิน|ผลคะแนน|ค่าคะแนน")
_ASSESSMENT_TRIGGER = re.compile(r"ประเมินคุณธรรมและความโปร่งใส|\bITA\b\)?")
# Between a phrase and its year: no other topic may start (a TOC line followed by another title,
# "วิเคราะห์ผล … 2567 และได้กำหนดมาตรการ … 2568").
_TITLE_GAP_BREAK = re.compile(r"วิเคราะห์|ผลการประเมิน|คะแนน|\|")
_ITA_GAP_BREAK = re.compile(r"มาตรการ|\|")
_WINDOW = 160
_FIRST_ITA_YEAR = 2556  # the NACC's first ITA round; an earlier year is a misread digit (OCR: ๒๕๖๘ -> ๒๕๒๑)


def plausible_year(year: int) -> bool:
    """Whether a Buddhist-era year can be an ITA round or the fiscal year of a plan about one: from
    the first round to two years after this one. Anything else is a misreading, left out."""
    return _FIRST_ITA_YEAR <= year <= date.today().year + 543 + 2


def _year_after(flat: str, pos: int, fiscal: int | None = None) -> int | None:
    """The first printed year within reach after `pos` (the later one of a "2564-2565" pair),
    unless the text turns to the plan first.

    A year OCR cut short ("พ.ศ.๒๕๖ และ…") is the year before the plan's fiscal year when that starts
    with the printed digits: a plan for year F analyses round F - 1.
    """
    window = flat[pos: pos + _WINDOW]
    for m in _YEAR.finditer(window):
        if _ITA_GAP_BREAK.search(window[: m.start()]):
            return None
        year = m.group("y2") or m.group("y")
        if len(year) == 4:
            return int(year) if plausible_year(int(year)) else None  # misread: the year there is unknown
        if fiscal is not None and str(fiscal - 1).startswith(year):
            return fiscal - 1
    return None


def _plan_year(flat: str) -> int | None:
    """The fiscal year in the plan's own title: "มาตรการส่งเสริม… ประจำปีงบประมาณ พ.ศ. X"."""
    for m in _MEASURES_PHRASE.finditer(flat):
        window = flat[m.end(): m.end() + _WINDOW]
        fy = _FISCAL_PHRASE.search(window)
        if fy and not _TITLE_GAP_BREAK.search(window[: fy.start()]) and plausible_year(int(fy.group("y"))):
            return int(fy.group("y"))
    return None


def _analysed_year(flat: str, before: int | None) -> int | None:
    """The ITA round whose results the document analyses.

    The first year after "วิเคราะห์" wins (titles and opening sentences come first); without one,
    the year most often printed after "ผลการประเมิน"/"ผลคะแนน", then after the assessment's name
    ("ประเมินคุณธรรมและความโปร่งใส… (ITA) ประจำปี… X"). A plan is written after the round it
    analyses, so a year not before the plan's own fiscal year is a target, not a result.
    """
    def ok(y: int | None) -> bool:
        return y is not None and (before is None or y < before)

    for m in _ANALYSIS_TRIGGER.finditer(flat):
        y = _year_after(flat, m.end(), before)
        if ok(y):
            return y
    for trigger in (_RESULT_TRIGGER, _ASSESSMENT_TRIGGER):  # "ได้ประเมิน…(ITA) ประจำปี… 2567" comes last
        years = [y for m in trigger.finditer(flat) if ok(y := _year_after(flat, m.end(), before))]
        if years:
            return Counter(years).most_common(1)[0][0]
    return None


def find_years(text: str, period_starts: list[date] | tuple[date, ...] = ()) -> tuple[int | None, int | None]:
    """(fiscal_year_be, ita_year_be) of a document.

    fiscal year: the plan title's "ประจำปีงบประมาณ พ.ศ. X"; else the fiscal year most of the rows'
    periods fall in; else the analysed ITA year + 1 (a plan addresses the round after the one it
    analyses; an analysis is written in that next year); else the most printed "ปีงบประมาณ X".
    ita year: the analysed round as printed ("วิเคราะห์ค่าคะแนน ITA ปี 2566", "…ผลการประเมิน … พ.ศ.
    ๒๕๖๕"); None when the document does not say (it is not guessed from the fiscal year).
    """
    flat = _compact(text or "")
    fiscal = _plan_year(flat)
    if fiscal is None and period_starts:
        fiscal = Counter(fiscal_year_of(d) for d in period_starts).most_common(1)[0][0]
    ita = _analysed_year(flat, fiscal)
    if fiscal is None and ita is not None:
        fiscal = ita + 1
    if fiscal is None:
        printed = Counter(y for m in _FISCAL_PHRASE.finditer(flat) if plausible_year(y := int(m.group("y"))))
        fiscal = printed.most_common(1)[0][0] if printed else None
    return fiscal, ita


_HALF_YEAR = re.compile(r"รอบ\s*(?:6|๖)\s*เดือน|ครึ่งปี")
_REPORT_TITLE = re.compile(r"รายงานผลการ(?:ดำเนินการ|ดำเนินงาน|ขับเคลื่อน)")


def report_period(text: str) -> str | None:
    """'6 months' or 'annual' for an implementation report: NACC asks agencies to report on their measures
    at mid-year (รอบ ๖ เดือน) and at year end. Read from the title (among the first dozen lines), not
    from the rows, where "รอบ 6 เดือน" is often a step): the title line and the two lines under it."""
    lines = (text or "").splitlines()[:12]
    at = next((i for i, line in enumerate(lines) if _REPORT_TITLE.search(line)), None)
    if at is None:
        return None
    return "6 months" if _HALF_YEAR.search(" ".join(lines[at: at + 3])) else "annual"
