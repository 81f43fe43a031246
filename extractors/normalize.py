"""One home for every normalisation of ITA text: digits, question codes, periods, steps, units.

Thai agencies type these fields by hand in Word or Excel, and the text then goes through a PDF
reader, so the same thing arrives in many shapes: "O๑๑", "๐24" (Thai zero typed for the letter o),
"E 12", "1๒๘" (an Arabic one typed for the letter i), "ต.ค. 66 - ก.ย. 67", "(๑) … (๒) …". Each
function here takes one cell's text and returns the normalised value; nothing here knows about
tables or pages, so every source (PDF text, OCR, HTML/markdown exports) shares the same rules.
"""
from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pythainlp.util import thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_month_lists, thai_full_months

from corpus.units import is_known_unit
from extractors.model import Question

# ---------------------------------------------------------------------------------------------
# Small text helpers

_SPACES = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|li|br|div|tr|ol|ul)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
_THAI_CHAR = "\u0e01-\u0e4e"  # letters, vowels and marks; digits (๐-๙) are U+0E50..59
_SPACE_BETWEEN_THAI = re.compile(rf"(?<=[{_THAI_CHAR}])\s+(?=[{_THAI_CHAR}])")
_DIGIT = "0-9\u0e50-\u0e59"  # Arabic and Thai digits; Python's \d would also take other scripts


def thai_digits_to_arabic(s: str) -> str:
    """Thai digits → Arabic, character for character, so string positions stay valid."""
    return thai_digit_to_arabic_digit(s) if s else ""


def collapse_spaces(s: str | None) -> str:
    """All whitespace runs (incl. NBSP and zero-width marks PDFs leave behind) → one space."""
    return _SPACES.sub(" ", s or "").strip()


def strip_html(s: str | None) -> str:
    """Drop HTML tags (text exports wrap cells in <p>, <b>, <ol>) and decode entities."""
    return html.unescape(_ANY_TAG.sub(" ", s or ""))


def html_blocks(s: str | None) -> list[str]:
    """Split text at block tags (<p>, <li>, <br>…): an author's paragraph is an item boundary."""
    return [b for b in (collapse_spaces(strip_html(part)) for part in _BLOCK_TAG.split(s or "")) if b]


def remove_wrap_spaces(s: str) -> str:
    """Remove spaces between two Thai characters: Thai has no word spaces, so they are line wraps."""
    return _SPACE_BETWEEN_THAI.sub("", s)


def _num(s: str) -> int:
    return int(thai_digits_to_arabic(s))


# ---------------------------------------------------------------------------------------------
# ITA question codes

_MAX_CODE = 50  # IIT has 30 items, EIT 15, OIT 43 (2566); leave room for other years' lists
_TOOL_OF = {"i": "i", "l": "i", "e": "e", "o": "o"}  # "l" is the usual OCR/typing slip for I
LIKE_ONE = str.maketrans("lI|", "111")  # OCR's readings of the digit one (the text layer and the image reader)

# One code token as printed. Alternatives, in order: a tool letter (+ optional space/dash/dot);
# a Thai or Arabic zero typed (or read by OCR) for the letter o ("๐24", "024": no number starts with
# a zero, so a leading one is the letter); an Arabic one typed for i before Thai digits ("1๒๘");
# OCR's bar for a capital I, right against its digits ("|๒", "!16").
_CODE_TOKEN = (
    rf"(?:(?P<letter>[iIeEoOlL])[ \t]?[-.]?[ \t]?(?P<n1>[{_DIGIT}]{{1,2}})"
    rf"|[\u0e500](?P<n2>[1-9\u0e51-\u0e59][{_DIGIT}]?)"
    r"|1[ \t]?(?P<n3>[\u0e50-\u0e59]{1,2})"
    rf"|[|!](?P<n4>[{_DIGIT}]{{1,2}}))"
)
# A code must stand alone: not inside an English word ("info2"), a number ("๑๐๒๔") or a decimal /
# time ("o1.5", "๐๙.๓๐"). "ข้อ" and brackets around it are part of the match, not of code_raw.
_CODE_IN_TEXT = re.compile(
    rf"(?:ข้อ(?:ที่)?\s*)?(?P<open>[(\[]\s*)?"
    rf"(?<![A-Za-z{_DIGIT}])(?P<code>{_CODE_TOKEN})"
    rf"(?![A-Za-z{_DIGIT}]|[.,:/][{_DIGIT}])"
    r"(?(open)\s*[)\]])"
)
_CODE_TOKEN_RE = re.compile(_CODE_TOKEN)
_CODE_WRAPPER = re.compile(r"^[\s(\[]*(?:ข้อ(?:ที่)?)?[\s(\[]*|[\s)\].,:;]*$")


def _code_from_match(m: re.Match[str]) -> str | None:
    letter = m.group("letter")
    digits = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4")
    tool = _TOOL_OF[letter.lower()] if letter else ("o" if m.group("n2") else "i")
    n = _num(digits)
    return f"{tool}{n}" if 1 <= n <= _MAX_CODE else None


# What OCR reads for a code's tool letter besides a mark (`_is_mark`): i as a one, o as a zero,
# e as a six or @.
_MISREAD_LETTER = {"i": "1\u0e51lI", "o": "0\u0e50OQ", "e": "6\u0e56@\u0e51\u0e50"}


def misread_code(raw: str | None, code: str) -> bool:
    """Whether `raw` is `code` with its letter misread ("18" for i8, "[16" for i16, "612" for e12,
    "0 15" for o15), or its digit one read as a bare stroke ("๐))" for o11: a closing bracket is then
    no wrapper). One stray mark may precede the letter ("[๑๑๓").

    Only a reading that keeps a character for the letter and the item's number counts: "15" printed
    for i15 is a number without its letter, not a misreading, and stays uncoded; so is a list number
    ("1)", "(1)"); and a number OCR read as letters ("imo") gives no evidence of which item was
    printed (the wording may be pasted from another item's row), so that code stays unknown."""
    if not raw or not code or code[0] not in _MISREAD_LETTER:
        return False
    text = collapse_spaces(raw)
    if _LIST_MARKER.fullmatch(text):
        return False
    for token in {_CODE_WRAPPER.sub("", text), _LEADING_WRAPPER.sub("", text), _KHO.sub("", text)}:
        token = token.replace(" ", "")
        for start in (0, 1):  # the letter first, or after one stray mark
            letter, rest = token[start:start + 1], thai_digits_to_arabic(token[start + 1:]).translate(_STROKES)
            if (letter and (letter in _MISREAD_LETTER[code[0]] or _is_mark(letter))
                    and 0 < len(rest) <= 2 and rest.isdigit() and int(rest) == int(code[1:])
                    and (start == 0 or _is_mark(token[0]))):
                return True
    return False


def _is_mark(char: str) -> bool:
    """Punctuation or a symbol: what OCR leaves where it could not read a letter ("[", "|", "!")."""
    return unicodedata.category(char)[0] in "PS"


_LIST_MARKER = re.compile(rf"\(?[{_DIGIT}]{{1,2}}[.)]")
_LEADING_WRAPPER = re.compile(r"^[\s(\[]*(?:ข้อ(?:ที่)?)?[\s(\[]*")
_KHO = re.compile(r"^\s*ข้อ(?:ที่)?\s*")  # the word before a code; a bracket after it may be the letter
_STROKES = str.maketrans("lI|!)][", "1111111")  # a digit one OCR read as a bare stroke
# The short token a wording opens with, where OCR could not read the code: marks and digits up to
# a space, the wording's first Thai letter or, after a digit, a capitalised Latin word ("[16ท่านเคย…",
# "| 10 หน่วยงาน…", "๐)) แผน…", "o10E-Service").
_LEADING_TOKEN = re.compile(
    rf"^\s*(?:ข้อ(?:ที่)?\s*)?(?P<token>[^\sก-ฮเ-ไ]{{1,4}}?(?:\s?[{_DIGIT}]{{1,2}})?)"
    rf"(?=\s|[ก-ฮเ-ไ]|(?<=[{_DIGIT}])[A-Z][a-z-])")


def leading_token(text: str | None) -> str | None:
    """The short token a wording opens with ("ข้อ๐)) แผนดำเนินงาน…" -> "๐))", "[16ท่าน…" -> "[16"):
    where a code OCR could not read as one was printed. None for a wording that opens with a word."""
    m = _LEADING_TOKEN.match(text or "")
    return m.group("token") if m and len(m.group("token").replace(" ", "")) >= 2 else None


def normalize_code(raw: str | None) -> str | None:
    """An ITA question code printed any way → "i28" / "e12" / "o24"; None for a bare number.

    Accepted slips, all seen in agency documents: Thai digits, a space or dash after the letter,
    upper case, "ข้อ" and brackets around the code, a Thai or Arabic zero for the letter o, an Arabic
    "1" for i when Thai digits follow ("1๒๘", OCR's "1 ๓๐"), and "l" for I. A bare number ("14") is not guessed:
    which tool it belongs to is the catalog matcher's job, from the wording.
    """
    if not raw:
        return None
    token = _CODE_WRAPPER.sub("", collapse_spaces(raw))
    m = _CODE_TOKEN_RE.fullmatch(token)
    return _code_from_match(m) if m else None


_LEAD_JUNK = re.compile(
    rf"^(?:[\s\-–—•▪●○◦*:;.,)\]]|[{_DIGIT}]{{1,2}}[.)](?![{_DIGIT}])|\([{_DIGIT}]{{1,2}}\))+"
)
_TRAIL_MARKER = re.compile(rf"(?:\s+(?:[{_DIGIT}]{{1,2}}[.)]|\([{_DIGIT}]{{1,2}}\)|[-•–]))+\s*$")
# A bare number leading the wording, spaced or (OCR loses the space) run into its first Thai letter.
_BARE_NUMBER = re.compile(
    rf"^(?:ข้อ(?:ที่)?\s*)?(?P<num>[{_DIGIT}]{{1,3}})(?![{_DIGIT}.)/,:])(?:\s+|(?=[ก-ฮเ-ไ]))(?P<rest>\S.*)$")
_HAS_THAI_LETTER = re.compile("[ก-ฮ]")


def _clean_question_text(s: str) -> str | None:
    s = _TRAIL_MARKER.sub("", _LEAD_JUNK.sub("", s)).strip()
    return s or None


def split_questions(text: str | None) -> list[Question]:
    """The text of a ข้อคำถาม ITA cell → its questions, one per printed code.

    Codes usually lead their wording ("e1 หน่วยงาน…", "E 9 … E10 …"); some agencies put them after
    it in brackets ("การเปิดเผยข้อมูล (O12)"), which is recognised when the cell ends with a code
    and starts with Thai wording. Wording before the first leading code is a label ("IIT", "ข้อคำถาม")
    and is dropped. A cell without any code is one question with code None; a bare number at the
    start ("14 เจ้าหน้าที่…", a slip for i4) is kept as code_raw for the catalog matcher to judge.
    """
    flat = collapse_spaces(strip_html(text))
    if not flat:
        return []
    matches = [m for m in _CODE_IN_TEXT.finditer(flat) if _code_from_match(m) and _stands_as_code(m, flat)]
    if not matches:
        question = _uncoded_question(flat)
        return [question] if question.text or question.code_raw else []
    lead = _clean_question_text(flat[: matches[0].start()])
    tail = _clean_question_text(flat[matches[-1].end():])
    if lead and not tail and _HAS_THAI_LETTER.search(lead):  # codes follow their wording
        starts = [0] + [m.end() for m in matches[:-1]]
        return [
            Question(m.group("code"), _code_from_match(m), _clean_question_text(flat[s: m.start()]))
            for s, m in zip(starts, matches)
        ]
    ends = [m.start() for m in matches[1:]] + [len(flat)]
    return [
        Question(m.group("code"), _code_from_match(m), _clean_question_text(flat[m.end(): e]))
        for m, e in zip(matches, ends)
    ]


_WEAK_LETTERS = ("0", "|", "!")  # an Arabic zero or OCR's bar for the letter: a code only where codes stand


def _stands_as_code(m: re.Match[str], flat: str) -> bool:
    """A code printed with a zero or a bar for its letter counts after ข้อ or at the start of the cell;
    inside the wording only a zero before two digits does ("027": no padded number has three digits
    there), since "ภายใน 05 วัน" is a number of days, not o5."""
    code = m.group("code")
    return (not code.startswith(_WEAK_LETTERS) or m.group().startswith("ข้อ")
            or _clean_question_text(flat[:m.start()]) is None or code.startswith("0") and len(code) == 3)


def _uncoded_question(flat: str) -> Question:
    bare = _BARE_NUMBER.match(flat)
    if bare:
        raw = bare.group("num")
        return Question(raw, normalize_code(raw), _clean_question_text(bare.group("rest")))
    return Question(None, None, _clean_question_text(flat))


# ---------------------------------------------------------------------------------------------
# Periods (ระยะเวลาดำเนินการ)


def _month_alternatives() -> tuple[str, dict[str, int]]:
    """Regex for a Thai month name (full, short "ตุลา", abbreviated with or without dots) + lookup.

    pythainlp lists the forms; abbreviations are loosened to "ต.ค." / "ต.ค" / "ตค." / "ต. ค.".
    Short and abbreviated forms must not run on into a Thai letter, so "ก.พ.ร." (an office) and
    "ก.ค.ศ." (a commission) are not months.
    """
    lookup: dict[str, int] = {}
    full: list[str] = []
    loose: list[str] = []
    for month, forms in enumerate(thai_full_month_lists, start=1):
        for form in forms:
            if form.isdigit():
                continue
            key = form.replace(".", "")
            lookup[key] = month
            if form == thai_full_months[month - 1]:
                full.append(re.escape(form))
            elif form == thai_abbr_months[month - 1]:
                letters = [c for c in form if c != "."]
                loose.append(r"\.?\s?".join(letters) + r"\.?")
            else:
                loose.append(re.escape(form))
    full.sort(key=len, reverse=True)
    loose.sort(key=len, reverse=True)
    pattern = rf"(?:{'|'.join(full)}|(?:(?<![ก-ฮ])|(?<=เดือน))(?:{'|'.join(loose)})(?!\.?[ก-ฮะ-ฺเ-์]))"
    return pattern, lookup


_MONTH, _MONTH_LOOKUP = _month_alternatives()
_MONTH_PUNCT = re.compile(r"[.\s]")
_BE = r"(?:พ\s?\.?\s?ศ\s?\.?\s*)"
_YEAR = r"(?:[0-9]{4}|[0-9]{2})(?![0-9]|\.[0-9])"
_DATE_TOKEN = re.compile(
    rf"(?:(?<![0-9])(?P<d>[0-9]{{1,2}})\s*)?(?:เดือน\s*)?(?P<m>{_MONTH})(?:\s*{_BE}?(?P<y>{_YEAR}))?"
    rf"|(?P<sd>[0-9]{{1,2}})/(?P<sm>[0-9]{{1,2}})/(?P<sy>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
)
_CONNECTOR = re.compile(r"\s*(?:-|–|—|~|ถึง|จนถึง|to)\s*(?:วันที่\s*)?(?:เดือน\s*)?", re.I)
_CONNECTOR_BEFORE = re.compile(r"\s*(?:-|–|—|~|ถึง|to)\s*(?:เดือน\s*)?$", re.I)
_DAY_RANGE = re.compile(
    rf"(?<![0-9])(?P<d1>[0-9]{{1,2}})\s*[-–—]\s*(?P<d2>[0-9]{{1,2}})\s*(?:เดือน\s*)?(?P<m>{_MONTH})\s*{_BE}?(?P<y>{_YEAR})"
)
_DEADLINE_BEFORE = re.compile(
    r"(?:ภายใน|(?<![ก-๙])ณ|ก่อน|ไม่เกิน|แล้วเสร็จ|สิ้นสุด|by)\s*(?:วันที่|เดือน|สิ้นเดือน)?\s*$", re.I
)
_WHOLE_YEAR = re.compile(
    r"(?:ตลอด|ภายใน|ทั้ง)\s*(?:ทั้ง\s*)?ปี|ทุก\s*ไตรมาส|ราย\s*ไตรมาส|ทุก\s*เดือน|ราย\s*เดือน"
)
_QUARTERS = re.compile(
    r"ไตรมาส\s*(?:ที่)?\s*(?P<q1>[1-4])(?:\s*(?:-|–|ถึง|และ|,)\s*(?:ไตรมาส\s*(?:ที่)?\s*)?(?P<q2>[1-4]))?"
)
_FISCAL_YEAR = re.compile(
    rf"ปี\s*(?:งบ\s*(?:ประมาณ|ฯ)\s*)?{_BE}?(?P<y1>{_YEAR})(?:\s*[-–]\s*{_BE}?(?P<y2>{_YEAR}))?"
)


# An abbreviated month as OCR may give it: a stray lower or upper vowel on a letter ("ก.ุย.", "ธิ.ค"),
# a space before a dot ("ต.ค ."), a dot lost beside the stray vowel ("กุย.").
_ABBREVIATION_NOISE = re.compile(
    r"(?<![ก-ฮ])(?P<a>[ก-ฮ])(?P<m1>[\u0e34\u0e38]?)\s?(?P<d1>\.?)\s?(?P<m2>[\u0e34\u0e38]?)(?P<b>[ก-ฮ])"
    r"(?P<d2>\s?\.)?(?!\.?[ก-ฮ\u0e31-\u0e3a\u0e47-\u0e4e])")
_TWO_LETTER_MONTHS = frozenset(k for k in (m.replace(".", "") for m in thai_abbr_months) if len(k) == 2)


def _clean_abbreviation(m: re.Match[str]) -> str:
    """An abbreviated month with OCR's noise taken out; any other text as it was. Only a form with a
    dot and with noise changes: "คน" and "มิ.ย." stay."""
    key = m.group("a") + m.group("b")
    noisy = m.group("m1") or m.group("m2") or " " in m.group() or not (m.group("d1") and m.group("d2"))
    dotted = m.group("d1") or m.group("d2")
    return f"{m.group('a')}.{m.group('b')}." if key in _TWO_LETTER_MONTHS and dotted and noisy else m.group()


def _month_number(printed: str) -> int:
    return _MONTH_LOOKUP[_MONTH_PUNCT.sub("", printed)]


def fiscal_year_of(d: date) -> int:
    """The Buddhist-era fiscal year containing a date: FY N runs 1 Oct (N-1) .. 30 Sep N."""
    return d.year + 543 + (1 if d.month >= 10 else 0)


def fiscal_year_range(fy_be: int) -> tuple[date, date]:
    """Fiscal year N (BE) → (N-544)-10-01 .. (N-543)-09-30 in CE, as GOLD_SCHEMA defines it."""
    return date(fy_be - 544, 10, 1), date(fy_be - 543, 9, 30)


def _be_year(raw: str | None) -> int | None:
    """A printed year → BE: 2-digit years are BE ("ก.ย. 67"), 19xx/20xx are CE."""
    if not raw:
        return None
    y = int(raw)
    if y < 100:
        return 2500 + y
    if 2400 <= y <= 2700:
        return y
    if 1900 <= y < 2200:
        return y + 543
    return None


def _month_year(month: int, year_be: int | None, fiscal_year_be: int | None) -> int | None:
    """CE year of a month printed without a year, placed inside the document's fiscal year."""
    if year_be is not None:
        return year_be - 543
    if fiscal_year_be is None:
        return None
    return fiscal_year_be - 544 if month >= 10 else fiscal_year_be - 543


def _safe_date(y: int, m: int, d: int) -> date | None:
    """A date with the day clamped to the month ("31 กันยายน" is a common slip)."""
    if not 1 <= m <= 12 or not 1 <= d <= 31:
        return None
    return date(y, m, min(d, calendar.monthrange(y, m)[1]))


@dataclass(frozen=True, slots=True)
class _Token:
    """One printed date or month, with what was actually printed (day and year may be missing)."""

    start: int
    end: int
    day: int | None
    month: int
    year_be: int | None

    @classmethod
    def from_match(cls, m: re.Match[str]) -> _Token:
        if m.group("m"):
            day = int(m.group("d")) if m.group("d") else None
            return cls(m.start(), m.end(), day if day and day <= 31 else None, _month_number(m.group("m")),
                       _be_year(m.group("y")))
        return cls(m.start(), m.end(), int(m.group("sd")), int(m.group("sm")), _be_year(m.group("sy")))

    def first_day(self, year_ce: int) -> date | None:
        return _safe_date(year_ce, self.month, self.day or 1)

    def last_day(self, year_ce: int) -> date | None:
        return _safe_date(year_ce, self.month, self.day or 31)


def _range_of(a: _Token, b: _Token, fiscal_year_be: int | None) -> tuple[date | None, date | None]:
    """Two tokens joined by "ถึง"/"-": a year printed on one end only is carried to the other."""
    if not (1 <= a.month <= 12 and 1 <= b.month <= 12):
        return None, None
    ya = a.year_be - 543 if a.year_be else None
    yb = b.year_be - 543 if b.year_be else None
    if ya is None and yb is not None:
        ya = yb if a.month <= b.month else yb - 1
    elif yb is None and ya is not None:
        yb = ya if b.month >= a.month else ya + 1
    elif ya is None and yb is None:
        ya = _month_year(a.month, None, fiscal_year_be)
        yb = _month_year(b.month, None, fiscal_year_be)
    if ya is None or yb is None:
        return None, None
    return a.first_day(ya), b.last_day(yb)


def _quarter_range(q1: int, q2: int, fy_be: int) -> tuple[date, date]:
    """Quarter 1 of FY N is Oct–Dec of N-1; quarter 4 ends the fiscal year in September."""
    start_month = (10 + 3 * (q1 - 1) - 1) % 12 + 1
    end_month = (12 + 3 * (q2 - 1) - 1) % 12 + 1
    start = date(_month_year(start_month, None, fy_be), start_month, 1)
    ey = _month_year(end_month, None, fy_be)
    return start, date(ey, end_month, calendar.monthrange(ey, end_month)[1])


def parse_period(text: str | None, fiscal_year_be: int | None = None) -> tuple[date | None, date | None]:
    """A ระยะเวลาดำเนินการ cell → (start, end) in CE, or (None, None) when it is not a period.

    In order: an explicit range ("1 ต.ค. 66 - 30 ก.ย. 67", "ตุลาคม ๒๕๖๗-กันยายน ๒๕๖๘", "1-31
    มีนาคม 2567"); a whole-year phrase ("ตลอดปีงบประมาณ", "ทุกไตรมาส", "ไตรมาส 1-4") = the fiscal
    year printed with it or the document's; then report deadlines ("ณ วันที่ …", "ภายในเดือน …")
    mean no period at all (gold: a deadline is not a start-end range); then "ปีงบประมาณ 2567",
    quarters, and finally one lone month (a one-month range, as the gold reads "กันยายน ๒๕๖๘").
    A lone day ("30 กันยายน 2567") is a deadline in all but name and gives nothing.
    """
    # No date word has a space inside; justified or wrapped cells put some there ("กั น ยา ยน").
    flat = _SPACE_BETWEEN_THAI.sub("", collapse_spaces(thai_digits_to_arabic(strip_html(text))))
    flat = _ABBREVIATION_NOISE.sub(_clean_abbreviation, flat)
    if not flat:
        return None, None
    tokens = [_Token.from_match(m) for m in _DATE_TOKEN.finditer(flat)]
    explicit = _explicit_range(flat, tokens, fiscal_year_be)
    if explicit:
        return explicit
    fy_match = _FISCAL_YEAR.search(flat)
    fy_printed = _be_year(fy_match.group("y1")) if fy_match else None
    fy = fy_printed or fiscal_year_be
    quarters = _QUARTERS.search(flat)
    whole_year = _WHOLE_YEAR.search(flat) or (
        quarters and quarters.group("q1") == "1" and quarters.group("q2") == "4"
    )
    if whole_year:
        return fiscal_year_range(fy) if fy else (None, None)
    if _has_deadline(flat, [t.start for t in tokens] + ([quarters.start()] if quarters else [])):
        return None, None
    if fy_printed:
        last = _be_year(fy_match.group("y2")) or fy_printed
        return fiscal_year_range(fy_printed)[0], fiscal_year_range(last)[1]
    if quarters and fy:
        q1 = int(quarters.group("q1"))
        q2 = int(quarters.group("q2") or q1)
        return _quarter_range(q1, q2, fy) if q1 <= q2 else (None, None)
    if len(tokens) == 1 and tokens[0].day is None:
        t = tokens[0]
        y = _month_year(t.month, t.year_be, fiscal_year_be)
        if y is not None:
            return _one_end(flat, t, y)
    return None, None


def _one_end(flat: str, t: _Token, year_be: int) -> tuple[date | None, date | None]:
    """A lone month is a one-month range, unless a connector joins it to something that is no date
    ("ต.ค. 67 - 1.8. 68": OCR could not read the other end). Then only its own end is known."""
    after = _CONNECTOR.match(flat, t.end)
    if after and flat[after.end():].strip():
        return t.first_day(year_be), None
    if _CONNECTOR_BEFORE.search(flat[:t.start]) and _CONNECTOR_BEFORE.sub("", flat[:t.start]).strip():
        return None, t.last_day(year_be)
    return t.first_day(year_be), t.last_day(year_be)


def _has_deadline(flat: str, starts: list[int]) -> bool:
    """Whether any date or quarter is introduced as a deadline ("ณ วันที่", "ภายในเดือน", "ก่อน")."""
    return any(_DEADLINE_BEFORE.search(flat[:start]) for start in starts)


def _explicit_range(flat: str, tokens: list[_Token], fiscal_year_be: int | None) -> tuple[date, date] | None:
    """A printed range: "1-31 มีนาคม 2567", or two dates/months with only "-"/"ถึง" between them."""
    days = _DAY_RANGE.search(flat)
    if days:
        month = _month_number(days.group("m"))
        y = _be_year(days.group("y"))
        if y:
            start = _safe_date(y - 543, month, int(days.group("d1")))
            end = _safe_date(y - 543, month, int(days.group("d2")))
            if start and end and start <= end:
                return start, end
    for a, b in zip(tokens, tokens[1:]):
        between = flat[a.end: b.start]
        unreadable = _UNREADABLE_YEAR.match(between) if a.year_be is None and b.year_be else None
        # two bare months side by side ("มกราคม กรกฎาคม 2568"): the dash between them was lost
        dash_lost = a.day is None and a.year_be is None and b.year_be is not None and not between.strip()
        if dash_lost or _CONNECTOR.fullmatch(between[unreadable.end():] if unreadable else between):
            start, end = _range_of(a, b, fiscal_year_be)
            if start and end and start <= end:
                return start, end
    return None


# Digits after a range's first month that are no year: OCR's reading of one ("ตุลาคม ๒๕๒๐๓๕-กันยายน
# ๒๕๖๘"). The range's other end, which has its year, gives the first one (`_range_of`).
_UNREADABLE_YEAR = re.compile(r"\s*[0-9]{3,8}(?![0-9])")


# ---------------------------------------------------------------------------------------------
# Steps (ขั้นตอน/วิธีการปฏิบัติ)

# Item markers, one pattern per numbering style. A marker may follow Thai text directly (authors
# often omit the space) but never a digit, Latin letter, "." or "/" – so "5.1", "พ.ศ.2567",
# "1/2568" and "100.00" are not markers – and "1." must not run on into a digit.
_MARKER_STYLES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![{_DIGIT}A-Za-z./])\((?P<n>[{_DIGIT}]{{1,2}})\)"),
    re.compile(rf"(?<![{_DIGIT}A-Za-z./(])(?P<n>[{_DIGIT}]{{1,2}})\.(?![{_DIGIT}])"),
    re.compile(rf"(?<![{_DIGIT}A-Za-z./(])(?P<n>[{_DIGIT}]{{1,2}})\)"),
)
_BULLETS = "•●▪■◆◇○◦➢➤✓✔"  # always item starts
_WEAK_BULLETS = "-–—*"  # item starts only in a cell that opens with one: elsewhere a dash is a dash
_STRONG_BULLET = re.compile(rf"(?<!\S)[{_BULLETS}]")
_ITEM_LEAD = re.compile(
    rf"^\s*(?:\([{_DIGIT}]{{1,2}}\)|[{_DIGIT}]{{1,2}}[.)](?![{_DIGIT}])|[{_BULLETS}{re.escape(_WEAK_BULLETS)}])?\s*"
)


def _marker_chain(text: str, style: re.Pattern[str], block_starts: set[int]) -> list[int]:
    """Positions of the longest run of markers numbered n, n+1, n+2 … in reading order.

    A run must start at 1, or at the very start of the cell (a row continued from the previous
    page resumes at "(๓)"). A lone marker counts only where a cell or paragraph starts, so that
    "ระดับ 2." in the middle of a sentence does not split it.
    """
    cands = [(m.start(), _num(m.group("n"))) for m in style.finditer(text)]
    best: list[int] = []
    for i, (pos, value) in enumerate(cands):
        if value != 1 and pos != 0:
            continue
        chain, expect = [pos], value + 1
        for p, v in cands[i + 1:]:
            if v == expect:
                chain.append(p)
                expect += 1
        if len(chain) == 1 and pos not in block_starts:
            continue
        if len(chain) > len(best):
            best = chain
    return best


def _bullet_starts(text: str) -> list[int]:
    """Bullet positions: symbols like "•" anywhere; a dash or star only if the cell starts with it."""
    starts = [m.start() for m in _STRONG_BULLET.finditer(text)]
    first = text[:1]
    if first and first in _WEAK_BULLETS:
        starts += [m.start() for m in re.finditer(rf"(?<!\S){re.escape(first)}(?![{_DIGIT}])", text)]
    return starts


def split_steps(text: str | None) -> list[str]:
    """A ขั้นตอน/วิธีการปฏิบัติ cell → its items, numbering and bullets removed.

    Boundaries are HTML paragraphs, the longest consecutive numbering run of one style
    ("1." / "(๑)" / "1)"), or – when nothing is numbered – bullets. Text before item 1 (a lead-in
    like "งานพัสดุต้องดำเนินการดังนี้") stays as the first item, as the gold does.
    """
    blocks = html_blocks(text)
    if not blocks:
        return []
    joined = "\n".join(blocks)
    block_starts = {0} | {i + 1 for i, c in enumerate(joined) if c == "\n"}
    chains = [_marker_chain(joined, style, block_starts) for style in _MARKER_STYLES]
    best = max(chains, key=lambda c: (len(c), -c[0] if c else 0))
    cuts = set(block_starts) | set(best)
    if len(best) < 2:
        cuts |= set(_bullet_starts(joined))
    bounds = sorted(cuts) + [len(joined)]
    items = (_ITEM_LEAD.sub("", joined[a:b]) for a, b in zip(bounds, bounds[1:]))
    return [collapse_spaces(i) for i in items if collapse_spaces(i)]


# ---------------------------------------------------------------------------------------------
# Responsible units (หน่วยงานผู้รับผิดชอบ)

_UNIT_HEADS = ("สำนัก", "กอง", "งาน", "หน่วย", "ฝ่าย", "ศูนย์", "ส่วน", "ทุก", "กลุ่ม", "แผนก")
_UNIT_SEPARATORS = re.compile(
    rf"\s*(?:[,、，;；\n]|(?<!\S)(?:[{_DIGIT}]{{1,2}}[.)]|\([{_DIGIT}]{{1,2}}\)|[{_BULLETS}{re.escape(_WEAK_BULLETS)}])"
    rf"(?![{_DIGIT}]))\s*"
)


def _is_unit(s: str) -> bool:
    """A unit name: starts with a unit head word and has more than the head word itself."""
    return any(s.startswith(h) and len(s) > len(h) + 1 for h in _UNIT_HEADS)


def _split_slashes(piece: str) -> list[str]:
    """Split on "/" unless one side is a bare head word ("ทุกกอง/สำนัก" is one unit)."""
    out: list[str] = []
    for part in (p.strip() for p in piece.split("/")):
        if out and (part in _UNIT_HEADS or out[-1] in _UNIT_HEADS):
            out[-1] = f"{out[-1]}/{part}"
        elif part:
            out.append(part)
    return out


def _split_on_spaces(piece: str) -> list[str]:
    """Split at spaces (and "และ") only where both sides are unit names; other spaces are wraps."""
    words = piece.split()
    units: list[str] = []
    for i, w in enumerate(words):
        if units and units[-1] == "และ":  # "… และ กองคลัง": glue the conjunction to its right side
            units.pop()
            w = "และ" + w
        rest = w[3:] if w.startswith("และ") else w
        # a bare head word after a whole unit opens the next one, its name wrapped ("… กอง" / "คลัง")
        starts_unit = _is_unit(rest) or (rest in _UNIT_HEADS and i + 1 < len(words))
        if units and starts_unit and _is_unit(units[-1].replace(" ", "")):
            units.append(rest)
        elif units and w != "และ":
            units[-1] = f"{units[-1]} {w}"
        else:
            units.append(w)
    return units


def split_units(text: str | None) -> list[str]:
    """A หน่วยงานผู้รับผิดชอบ cell → unit names, wrap spaces inside each name removed.

    "สำนักปลัด/ หน่วย ตรวจ สอบภายใน" → ["สำนักปลัด", "หน่วยตรวจสอบภายใน"];
    "สำนักปลัดเทศบาล กองยุทธศาสตร์ และงบประมาณ" → ["สำนักปลัดเทศบาล", "กองยุทธศาสตร์และงบประมาณ"].
    """
    units: list[str] = []
    for block in html_blocks(text):
        for piece in _UNIT_SEPARATORS.split(block):
            for part in _split_slashes(piece):
                for unit in _split_on_spaces(part):
                    # "และ" and "/" are kept inside a name ("กองยุทธศาสตร์และงบประมาณ")
                    unit = remove_wrap_spaces(_ITEM_LEAD.sub("", unit)).strip()
                    if unit and unit != "และ":
                        units.extend(_split_known_units(unit))
    return units


def _split_known_units(name: str) -> list[str]:
    """Two known unit names run together where a wrap or OCR lost the space between them
    ("สำนักปลัดเทศบาลกองยุทธศาสตร์และงบประมาณ"): split where a head word starts the second; only when
    both sides are names of `corpus/catalog/units.csv`."""
    for head in _UNIT_HEADS:
        at = name.find(head, 1)
        while at > 0:
            if is_known_unit(name[:at]) and is_known_unit(name[at:]):
                return [name[:at], name[at:]]
            at = name.find(head, at + 1)
    return [name]
