"""Analysis reports -> the ITA scores they state and the questions they name as weak.

A รายงานผลการวิเคราะห์ผลการประเมิน ITA prints its results in many ways: ruled tables (a comparison
of two years per indicator, one table per tool), score widgets copied from the NACC site ("91.96
คะแนน / ระดับผลการประเมิน / A"), sentences ("มีค่าคะแนนเท่ากับ ๘๖.๕๕ คะแนน"), and in borderless
PDFs rows of names and numbers that no table engine finds, sometimes with the numbers glued
together ("๘๑.๒๕๑๐๐.๐๐+๑๘.๗๕"). Three readers cover them, most reliable first, and their results are
merged by (year, scope, indicator):

1. tables: every numeric cell labelled by its row (an indicator, a tool, the overall result) and its
   column (a year, a score heading); ranks, changes, weights and grade bands are not scores;
2. sentences: a number a score verb or the word คะแนน vouches for, attributed to the nearest subject
   printed before it;
3. table rows printed as text lines: only fills gaps, because it reads the same print less surely.

Indicators are numbered by NAME through the catalog, never by the printed rank. Weak questions are
the codes a report lists under a heading or in a sentence that says they scored low or need work.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.catalog import grade_for, load_indicators, text_key
from extractors.model import Score, Table, TableRow, WeakQuestion, join_lines
from extractors.normalize import collapse_spaces, normalize_code, thai_digits_to_arabic

TOLERANCE = 0.1  # printed scores have two decimals; a mean or weighted sum rounds within this
_LOOKBACK = 160  # characters before a number in which a sentence names its subject
_CONTEXT_LINES = 40  # lines above a listed question in which its section heading is looked for
_NAME_MIN_SHARE = 0.6  # a wrapped name cut to a prefix must keep this share of the official name

# Names agencies print instead of the catalog's (the 2562 wording, a longer form).
NAME_ALIASES = {
    "การปรับปรุงการทำงาน": "การปรับปรุงระบบการทำงาน",
    "การใช้ทรัพย์สินของทางราชการ": "การใช้ทรัพย์สินของราชการ",
}
TOOL_PHRASES = (  # Thai names of the three tools, as in "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"
    ("ผู้มีส่วนได้ส่วนเสียภายใน", "IIT"),
    ("ผู้มีส่วนได้ส่วนเสียภายนอก", "EIT"),
    ("เปิดเผยข้อมูลสาธารณะ", "OIT"),
)

_D = "0-9\u0e50-\u0e59"  # Arabic and Thai digits
_GRADE = r"(AA|A|B|C|D|E|F)(?![A-Za-z])"
_TOOL_CODE = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])", re.IGNORECASE)
_EXPLICIT_INDICATOR = re.compile(r"ตัวชี้วัด\s*ที่\s*(\d{1,2})(?![\d.])")
_SUB_INDICATOR = re.compile(r"ย่อย|(?<![\d.])\d{1,2}\.\d(?![\d])\s*(?=[ก-๙(])")
_YEAR = re.compile(r"25[5-7]\d")
_SHORT_YEAR = re.compile(r"ปี\s*(?:งบประมาณ)?\s*(?:พ\.?\s?ศ\.?)?\s*(\d{2})(?!\d)")
_SCORE_CELL = re.compile(r"^\s*(?P<sign>[+-])?\s*(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*(?:คะแนน)?\s*$")
_OVERALL_LABEL = re.compile(
    r"ภาพรวม|คะแนนรวม|ผลรวม|^รวม|^(?:ผลการประเมิน|ผลคะแนน|ค่าคะแนน|คะแนน)?ita(?:ประจำปี|งบประมาณ|ปี|พศ|\d)*$"
)
_QUESTION_CODE = re.compile(rf"ข้อ(?:ที่)?\s*[iIeEoO]?\s?[{_D}]|(?<![A-Za-z{_D}])[iIeEoO]\s?[{_D}]{{1,2}}(?![{_D}.])")
_MAX_ROW_LABEL = 80  # characters: a longer "label" before a number is a sentence, not a table row

# ------------------------------------------------------------------------------------ the catalog


@dataclass(frozen=True, slots=True)
class _Subject:
    """What a printed number is the score of."""

    scope: str  # overall | IIT | EIT | OIT | indicator
    indicator_no: int | None = None


@lru_cache(maxsize=None)
def _indicator_rows() -> tuple[tuple[int, str, int | None, str, float | None], ...]:
    frame = load_indicators()
    return tuple(
        (int(r.ita_year_be), str(r.tool), None if r.indicator_no is None or str(r.indicator_no) == "<NA>"
         else int(r.indicator_no), str(r.indicator_name),
         None if str(r.weight_percent) == "nan" else float(r.weight_percent))
        for r in frame.itertuples()
    )


def _year_rows(year: int | None) -> list[tuple[int, str, int | None, str, float | None]]:
    """The catalog rows of `year`, or of the nearest catalogued year (names barely change)."""
    rows = _indicator_rows()
    years = sorted({r[0] for r in rows})
    near = min(years, key=lambda y: (abs(y - year), -y)) if year is not None else years[-1]
    return [r for r in rows if r[0] == near]


@lru_cache(maxsize=16)
def _name_keys(year: int | None) -> tuple[tuple[str, int], ...]:
    """(comparison key, indicator number) for the year's official names and their known aliases."""
    official = {name: no for _, _, no, name, _ in _year_rows(year) if no is not None}
    keys = [(text_key(name), no) for name, no in official.items()]
    keys += [(text_key(alias), official[name]) for alias, name in NAME_ALIASES.items() if name in official]
    return tuple(keys)


@lru_cache(maxsize=16)
def _name_patterns(year: int | None) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Regexes that find an indicator name in running text, wrap spaces allowed between letters."""
    official = {name: no for _, _, no, name, _ in _year_rows(year) if no is not None}
    names = list(official.items()) + [(a, official[n]) for a, n in NAME_ALIASES.items() if n in official]
    return tuple((re.compile(r"\s?".join(map(re.escape, name))), no) for name, no in names)


def tool_indicators(year: int | None) -> dict[str, list[int]]:
    """Indicator numbers of each tool in `year` (IIT 1-5, EIT 6-8, OIT 9-10 in the catalog)."""
    out: dict[str, list[int]] = {}
    for _, tool, no, _, _ in _year_rows(year):
        if no is not None:
            out.setdefault(tool, []).append(no)
    return out


def tool_weights(year: int | None) -> dict[str, float]:
    """Weight of each tool in the overall score, as a fraction."""
    return {tool: w / 100 for _, tool, no, _, w in _year_rows(year) if no is None and w is not None}


def indicator_by_name(label: str, year: int | None) -> int | None:
    """The official number of the indicator a label names; None when no name fits clearly.

    Exact containment first; then a near-identical wording ("การปรับปรุงการทำงาน"); then a name cut by
    a line wrap ("การป้องกันการ" of "การป้องกันการทุจริต"), which must be the only name it begins.
    """
    key = re.sub(r"^\d+", "", text_key(label))
    if len(key) < 4:
        return None
    keys = _name_keys(year)
    contained = [(len(k), no) for k, no in keys if k in key]
    if contained:
        return max(contained)[1]
    ratios = sorted(((fuzz.ratio(key, k), no) for k, no in keys), reverse=True)
    if ratios[0][0] >= 85 and (len(ratios) == 1 or ratios[0][0] - ratios[1][0] >= 10):
        return ratios[0][1]
    prefixed = {no for k, no in keys if k.startswith(key) and len(key) >= _NAME_MIN_SHARE * len(k)}
    return prefixed.pop() if len(prefixed) == 1 else None


def tool_of(label: str) -> str | None:
    """IIT / EIT / OIT when a label names a tool by its code or its Thai name."""
    for phrase, tool in TOOL_PHRASES:
        if phrase in re.sub(r"\s+", "", label):
            return tool
    m = _TOOL_CODE.search(label)
    return m.group(1).upper() if m else None


def classify(label: str, year: int | None) -> _Subject | None:
    """The subject a row or column label names: an indicator, a tool or the overall result.

    A question code or a sub-indicator ("ตัวชี้วัดย่อยที่ ๙.๒") is not one of our scopes. A tool's Thai
    name contains an indicator's ("แบบตรวจการเปิดเผยข้อมูลสาธารณะ"), so tool names are tried first.
    """
    flat = _arabic(label)
    if not flat.strip() or _QUESTION_CODE.search(flat) or _SUB_INDICATOR.search(flat):
        return None
    explicit = _EXPLICIT_INDICATOR.search(flat)
    by_name = indicator_by_name(_EXPLICIT_INDICATOR.sub(" ", _TOOL_CODE.sub(" ", flat)), year)
    if by_name is not None and not any(p in re.sub(r"\s+", "", flat) for p, _ in TOOL_PHRASES):
        return _Subject("indicator", by_name)
    if explicit and 1 <= int(explicit.group(1)) <= 10:
        return _Subject("indicator", int(explicit.group(1)))
    tool = tool_of(flat)
    if tool:
        return _Subject(tool)
    if _OVERALL_LABEL.search(text_key(flat)):
        return _Subject("overall")
    return None


# ---------------------------------------------------------------------------------- small helpers


def _clean(text: str) -> str:
    """NFC, and ำ restored where a broken font wrote it as ํ + า."""
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")


def _arabic(text: str) -> str:
    """`_clean` with Thai digits as Arabic, character for character (positions stay valid)."""
    return thai_digits_to_arabic(_clean(text))


def years_in(label: str) -> list[int]:
    """Buddhist-era years a label prints, in order ("คะแนน ๒๕๖๔", glued "๒๕๖๔๒๕๖๕", "ปี 65")."""
    flat = _arabic(label)
    found = [int(m.group()) for m in _YEAR.finditer(flat)]
    return found or [2500 + int(m.group(1)) for m in _SHORT_YEAR.finditer(flat)]


@dataclass(slots=True)
class _Found:
    """A score as one reader saw it; `source` 0 = table, 1 = sentence, 2 = text row (least sure)."""

    year: int | None
    subject: _Subject
    value: float
    grade: str | None
    source: int


# ----------------------------------------------------------------------------------------- tables

_COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rank", re.compile(r"^(?:อันดับ(?:ที่)?|ลำดับ(?:ที่)?|ที่|no)$")),
    ("change", re.compile(r"เปลี่ยนแปลง|ผลต่าง|ส่วนต่าง|เพิ่มขึ้น|ลดลง|เพิ่มลด")),
    ("weight", re.compile(r"น้ำหนัก|ร้อยละ")),
    ("other", re.compile(r"คะแนนเต็ม|เป้าหมาย|เกณฑ์")),
    ("grade", re.compile(r"^(?:ระดับ|เกรด|grade)|ระดับผลการประเมิน")),
)
_SEPARATOR = re.compile(r"^[\s\-–—:|=]*$")


def _column_role(label: str) -> str:
    """What a column holds, from its header: rank, change, weight, other, grade or data."""
    key = text_key(label)
    for role, pattern in _COLUMN_ROLES:
        if pattern.search(key):
            return role
    return "data"


def _number(text: str) -> tuple[float, bool, bool] | None:
    """(value, signed, has decimals) when a cell holds just a score-like number."""
    m = _SCORE_CELL.match(_arabic(text))
    if not m:
        return None
    return float(m.group("num")), bool(m.group("sign")), "." in m.group("num")


def _column_labels(table: Table, header_rows: list[TableRow], ncols: int) -> list[str]:
    """One label per column: the engine's header plus the leading rows that hold no number."""
    labels = [[table.header[c]] if c < len(table.header) and table.header[c] else [] for c in range(ncols)]
    for row in header_rows:
        owner = 0
        for c, cell in enumerate(row.cells[:ncols]):
            if not row.spans or c >= len(row.spans) or row.spans[c] != 0:
                owner = c
            text = row.cells[owner].text
            if text and text not in labels[c]:
                labels[c].append(text)
    return [" ".join(parts) for parts in labels]


def table_scores(table: Table, default_year: int | None) -> list[_Found]:
    """Scores in one table: each number cell labelled by its row and its column."""
    rows = [r for r in table.rows if not all(_SEPARATOR.match(c.text) for c in r.cells)]
    lead = 0
    while lead < len(rows) and not any(_number(c.text) for c in rows[lead].cells):
        lead += 1
    if lead == len(rows):
        return []
    ncols = max(len(r.cells) for r in rows)
    labels = _column_labels(table, rows[:lead], ncols)
    roles = [_column_role(label) for label in labels]
    found: list[_Found] = []
    for row in rows[lead:]:
        if not row.is_banner:
            found.extend(_row_scores(row, labels, roles, default_year))
    return found


def _row_scores(row: TableRow, labels: list[str], roles: list[str], default_year: int | None) -> list[_Found]:
    label = " ".join(c.text for i, c in enumerate(row.cells)
                     if roles[i] == "data" and not _number(c.text) and c.text.strip())
    grade = next((m.group(1) for i, c in enumerate(row.cells)
                  if roles[i] == "grade" and (m := re.fullmatch(rf"\s*{_GRADE}\s*", c.text))), None)
    row_subject = classify(label, default_year)
    row_years = years_in(label)
    out: list[_Found] = []
    for i, cell in enumerate(row.cells):
        parsed = _number(cell.text) if roles[i] == "data" else None
        if not parsed or parsed[1] or parsed[0] > 100:
            continue
        value, _, decimals = parsed
        col_years = years_in(labels[i])
        if not decimals and not col_years and "คะแนน" not in labels[i]:
            continue  # a bare integer under no score heading is a count or a page number
        subject = row_subject or classify(labels[i], default_year)
        if subject is None and row_years and "คะแนน" in labels[i]:
            subject = _Subject("overall")  # a row per year under a plain score column
        if subject is None:
            continue
        year = (col_years or row_years or [default_year])[0]
        out.append(_Found(year, subject, value, None, 0))
    _attach_grade(out, grade)
    return out


def _attach_grade(found: list[_Found], grade: str | None) -> None:
    """A grade printed in a row belongs to its overall score, or to its only score."""
    if not grade:
        return
    overall = [f for f in found if f.subject.scope == "overall"]
    for f in overall or (found if len(found) == 1 else []):
        f.grade = grade


# -------------------------------------------------------------------------------------- sentences

_PROSE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}\.\d{1,2})(?![\d])(?!\.\d)")
_FOLLOWED_BY_POINTS = re.compile(r"^\s*คะแนน(?!เต็ม)")
_VERB_BEFORE = re.compile(r"(?:คะแนน(?:รวม|เฉลี่ย)?|เท่ากับ|อยู่ที่|ได้|เป็น|=|:)\s*$")
_NOT_A_SCORE_BEFORE = re.compile(
    r"(?:เกณฑ์|ผ่าน|เป้าหมาย|ต่ำกว่า|สูงกว่า|ไม่น้อยกว่า|เพิ่มขึ้น|ลดลง|เปลี่ยนแปลง|ผลต่าง|ต่างกัน|แตกต่าง"
    r"|พึงพอใจ|ทั่วประเทศ|ระดับประเทศ|ร้อยละ|ตั้งแต่|ระหว่าง|คะแนนเต็ม|[-–])[^\n]{0,30}$"
)
_NOT_A_SCORE_AFTER = re.compile(r"^\s*(?:%|เปอร์เซ็นต์|[-–]\s*\d|ขึ้นไป|คะแนนเต็ม)")
_GRADE_AFTER = re.compile(
    rf"^\s*(?:คะแนน)?\s*[),]?\s*(?:ซึ่ง)?\s*(?:อยู่\s*(?:ใน)?)?\s*(?:ระดับ|เกรด)\s*(?:ผลการประเมิน)?\s*[:：]?\s*\"?{_GRADE}"
)
_OVERALL_WORDS = re.compile(r"ภาพรวม|คะแนนรวม|ITA|คุณธรรมและความโปร่งใส")
_COMPARED_YEAR = re.compile(r"(?:จาก|กับ|เทียบ|ก่อน)\s*(?:ปี)?\s*(?:งบประมาณ)?\s*(?:พ\.?\s?ศ\.?)?\s*$")


def sentence_scores(text: str, default_year: int | None) -> list[_Found]:
    """Scores stated in sentences and score widgets: "มีผลคะแนน ๙๑.๙๖ คะแนน อยู่ในระดับ A"."""
    flat = _arabic(text)
    out: list[_Found] = []
    prev_end = 0
    for m in _PROSE_NUMBER.finditer(flat):
        window = flat[max(prev_end, m.start() - _LOOKBACK): m.start()]
        prev_end = m.end()
        after = flat[m.end(): m.end() + 80]
        value = float(m.group(1))
        if value > 100 or not _vouched(window, after):
            continue
        subject = _nearest_subject(window, default_year)
        if subject is None:
            continue
        grade = _GRADE_AFTER.match(after)
        year = _year_before(window, default_year)
        out.append(_Found(year, subject, value, grade.group(1) if grade and subject.scope == "overall" else None, 1))
    return out


def _vouched(window: str, after: str) -> bool:
    """Whether the words around a number make it a score (and not a pass line, change or share)."""
    if _NOT_A_SCORE_AFTER.match(after):
        return False
    if _NOT_A_SCORE_BEFORE.search(window) and not re.search(r"เป็น\s*$", window):
        return False
    return bool(_FOLLOWED_BY_POINTS.match(after) or _VERB_BEFORE.search(window))


def _nearest_subject(window: str, year: int | None) -> _Subject | None:
    """The subject printed closest before a number; a question or sub-indicator there means skip.

    With no subject named, a number that is vouched for as a score is the agency's overall result.
    """
    cues: list[tuple[int, _Subject | None]] = []
    for m in _QUESTION_CODE.finditer(window):
        cues.append((m.end(), None))
    for m in re.finditer("ย่อย", window):
        cues.append((m.end(), None))
    for m in _EXPLICIT_INDICATOR.finditer(window):
        if 1 <= int(m.group(1)) <= 10:
            cues.append((m.end(), _Subject("indicator", int(m.group(1)))))
    for pattern, no in _name_patterns(year):
        cues += [(m.end(), _Subject("indicator", no)) for m in pattern.finditer(window)]
    for phrase, tool in TOOL_PHRASES:
        cues += [(m.end(), _Subject(tool)) for m in re.finditer(r"\s?".join(phrase), window)]
    cues += [(m.end(), _Subject(m.group(1).upper())) for m in _TOOL_CODE.finditer(window)]
    cues += [(m.end(), _Subject("overall")) for m in _OVERALL_WORDS.finditer(window)]
    if not cues:
        return _Subject("overall")
    return max(cues, key=lambda c: c[0])[1]


def _year_before(window: str, default_year: int | None) -> int | None:
    """The year a sentence states for its score ("ปี ๒๕๖๔ ได้ ..."), else the assessment year.

    A year the score is compared with ("เพิ่มขึ้นจากปี ๒๕๖๔") or a later year (the plan's fiscal
    year) is not the score's year.
    """
    for m in reversed(list(_YEAR.finditer(window))):
        year = int(m.group())
        if _COMPARED_YEAR.search(window[: m.start()]):
            continue
        if default_year is None or year <= default_year:
            return year
    return default_year


# ------------------------------------------------------------------------------ rows in plain text

_ROW_LINE = re.compile(r"^(?P<label>.*?[^\d\s.+\-–])\s*(?P<nums>\d[\d.\s+\-–]*?)\s*(?P<grade>(?<=[\d\s])" + _GRADE + r")?\s*$")
_GLUED_PART = re.compile(r"[+\-–]?[\d.]+")


def text_row_scores(text: str, default_year: int | None) -> list[_Found]:
    """Table rows a borderless PDF printed as lines: a label, then one number per year column.

    The years come from a header line just above ("คะแนน ๒๕๖๔ คะแนน ๒๕๖๕"); a signed number is the
    change column. A name wrapped onto the next line is joined before it is looked up.
    """
    lines = [_arabic(line).strip() for line in text.splitlines()]
    out: list[_Found] = []
    header_years: list[int] = []
    since_header = 99
    for i, line in enumerate(lines):
        since_header += 1
        m = _ROW_LINE.match(line)
        numbers = _split_numbers(m.group("nums")) if m else None
        if not numbers:
            if years_in(line) and not _PROSE_NUMBER.search(line):
                header_years, since_header = years_in(line), 0
            continue
        subject = _row_subject(m.group("label"), lines[i + 1] if i + 1 < len(lines) else "", default_year)
        plain = [v for v, signed in numbers if not signed]
        years = header_years if since_header <= 4 else []
        since_header = 0 if years else since_header
        if subject is None or not plain or (not years and len(plain) != 1) or len(plain) < len(years):
            continue
        for year, value in zip(years or [default_year], plain):
            out.append(_Found(year, subject, value, m.group("grade") if subject.scope == "overall" else None, 2))
    return out


def _row_subject(label: str, next_line: str, year: int | None) -> _Subject | None:
    label = re.sub(r"^\d{1,2}[.)]?\s*(?=\D)", "", label)  # the rank or row number
    subject = classify(label, year)
    if subject is None and next_line and not re.search(r"\d", next_line) and len(next_line) <= 30:
        subject = classify(label + next_line, year)
    return subject


def _split_numbers(run: str) -> list[tuple[float, bool]] | None:
    """The numbers of a row's numeric tail, glued ones separated: "81.25100.00+18.75" -> 3 numbers.

    Glued digits are split so that every number has one or two decimals and is at most 100; of the
    readings left, the one whose unsigned pair differs by the printed change wins, then the one with
    the fewest scores below 10, then the one with the most two-decimal numbers.
    """
    parts = _GLUED_PART.findall(run.replace(" ", " "))
    if not parts:
        return None
    options: list[list[list[tuple[float, bool, int]]]] = []
    for part in parts:
        signed = part[0] in "+-–"
        readings = [[(v, signed, d) for v, d in reading] for reading in _readings(part.lstrip("+-–"))]
        if not readings:
            return None
        options.append(readings)
    best = max((list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)),
               key=_reading_rank)
    return [(v, s) for v, s, _ in best]


def _readings(digits: str) -> list[list[tuple[float, int]]]:
    """Every way to read a digit run as numbers with 1-2 decimals (or one integer), each <= 100."""
    if "." not in digits:
        return [[(float(digits), 0)]] if digits.isdigit() and int(digits) <= 100 else []
    pieces = digits.split(".")
    if not pieces[0].isdigit() or not pieces[-1].isdigit() or len(pieces[-1]) > 2:
        return []
    out: list[list[tuple[float, int]]] = []
    cuts = [[(j, p) for j in (1, 2) if 0 < j < len(p) and len(p) - j <= 3] for p in pieces[1:-1]]
    for choice in itertools.product(*cuts):
        ints = [pieces[0]] + [p[j:] for j, p in choice]
        decs = [p[:j] for j, p in choice] + [pieces[-1]]
        numbers = [(float(f"{a}.{b}"), len(b)) for a, b in zip(ints, decs)]
        if all(v <= 100 and (len(a) == 1 or a[0] != "0") for (v, _), a in zip(numbers, ints)):
            out.append(numbers)
    return out


def _reading_rank(reading: list[tuple[float, bool, int]]) -> tuple[bool, int, int]:
    plain = [v for v, s, _ in reading if not s]
    change = [v for v, s, _ in reading if s]
    fits = len(plain) >= 2 and len(change) == 1 and abs(abs(plain[1] - plain[0]) - change[0]) < 0.015
    return fits, -sum(1 for v in plain if v < 10), sum(1 for _, _, d in reading if d == 2)


# ------------------------------------------------------------------------------ merging and checks


def _merge(found: list[_Found], warnings: list[str]) -> list[Score]:
    """One score per (year, scope, indicator): the first reader's value, a later grade filled in.

    A different value from a table or a sentence is reported; one from a text row is a weaker read
    of a table already seen, and is dropped silently.
    """
    kept: dict[tuple[int | None, str, int | None], _Found] = {}
    for f in sorted(found, key=lambda f: f.source):
        key = (f.year, f.subject.scope, f.subject.indicator_no)
        old = kept.get(key)
        if old is None:
            kept[key] = f
        elif abs(old.value - f.value) < 0.005:
            old.grade = old.grade or f.grade
        elif f.source < 2:
            warnings.append(f"conflicting scores for {_describe(key)}: {old.value:g} kept, {f.value:g} also printed")
    return [Score(f.year, f.subject.scope, f.subject.indicator_no, f.value, f.grade) for f in kept.values()]


def _describe(key: tuple[int | None, str, int | None]) -> str:
    year, scope, no = key
    name = f"indicator {no}" if scope == "indicator" else scope
    return f"{name} {year}" if year else name


def check_scores(scores: list[Score]) -> list[str]:
    """Printed grades against the year's bands, tool scores against their indicators' mean, and the
    overall score against the weighted tools; each disagreement becomes a short warning."""
    warnings: list[str] = []
    by_key = {(s.ita_year_be, s.scope, s.indicator_no): s.score for s in scores}
    for s in scores:
        expected = grade_for(s.ita_year_be, s.score) if s.grade and s.ita_year_be and s.scope == "overall" else None
        if expected and expected != s.grade:
            warnings.append(f"grade {s.grade} printed for {s.score:g} ({s.ita_year_be}); the bands give {expected}")
    for year in sorted({s.ita_year_be for s in scores}, key=lambda y: y or 0):
        for tool, nos in tool_indicators(year).items():
            values = [by_key.get((year, "indicator", n)) for n in nos]
            printed = by_key.get((year, tool, None))
            if printed is not None and all(v is not None for v in values):
                mean = sum(values) / len(values)
                if abs(mean - printed) > TOLERANCE:
                    warnings.append(f"{tool} {year} is {printed:g} but its indicators average {mean:.2f}")
        weights = tool_weights(year)
        tools = {t: by_key.get((year, t, None)) for t in weights}
        overall = by_key.get((year, "overall", None))
        if overall is not None and weights and all(v is not None for v in tools.values()):
            weighted = sum(weights[t] * v for t, v in tools.items())
            if abs(weighted - overall) > TOLERANCE:
                warnings.append(f"overall {year} is {overall:g} but the weighted tools give {weighted:.2f}")
    return warnings


# --------------------------------------------------------------------------------- weak questions

_CODE = rf"(?:[iIeEoOlL][ \t]?[-.]?[ \t]?[{_D}]{{1,2}}|\u0e50[{_D}]{{1,2}}|1[\u0e50-\u0e59]{{1,2}})"
_CODE_END = rf"(?![A-Za-z{_D}]|[.,][{_D}])"
_JOIN = r"\s*(?:,|/|และ|หรือ|ถึง|[-–])\s*(?:ข้อ(?:ที่)?\s*)?"
_BULLET = rf"(?:[-–•●▪○◦*>➢✓]|\(?[{_D}]{{1,2}}[.)])"
# A listed question: a line that starts (after a bullet or item number) with a code, "ข้อ" optional.
_ITEM = re.compile(rf"^\s*{_BULLET}?\s*(?:ข้อ(?:ที่)?\s*)?(?P<codes>{_CODE}{_CODE_END}(?:{_JOIN}{_CODE}{_CODE_END})*)")
# A code inside a sentence: after "ข้อ", or a Latin tool letter standing alone.
_MENTION = re.compile(
    rf"(?:ข้อ(?:ที่)?\s*(?P<a>{_CODE}{_CODE_END}(?:{_JOIN}{_CODE}{_CODE_END})*))"
    rf"|(?<![A-Za-z{_D}])(?P<b>[iIeEoO][ \t]?[{_D}]{{1,2}}{_CODE_END}(?:{_JOIN}{_CODE}{_CODE_END})*)"
)
_ONE_CODE = re.compile(rf"{_CODE}{_CODE_END}")
_RANGE = re.compile(rf"^\s*(?:ถึง|[-–])\s*(?:ข้อ(?:ที่)?\s*)?$")
_HEADING_START = re.compile(
    r"^\s*(?:[0-9๐-๙]{1,2}\.\s*)?\(?(?:ข้อเสนอแนะ|ข้อสังเกต|ตัวชี้วัด|จุดอ่อน|จุดแข็ง|ประเด็น|มาตรการ|สรุป|แบบวัด|แบบตรวจ"
    r"|ส่วนที่|บทที่|หน่วยงานควร)"
)
# Where the wording of a listed question stops: its recommendation, finding or score follows.
_WORDING_END = re.compile(
    r"ควร|ขาด|(?:^|(?<=\s))(?:ไม่มี|ไม่ได้|ไม่ครบ|ไม่พบ|ไม่ปรากฏ|ยังไม่|พบว่า|เนื่องจาก|ข้อเสนอแนะ)"
    rf"|(?:ได้|มี)?(?:ผล)?คะแนน|ร้อยละ|[{_D}]+\.[{_D}]+"
)
_WEAK_HEADING = (r"จุดอ่อน|ข้อบกพร่อง|ต้องปรับปรุง|ควรปรับปรุง|ต้องแก้ไข|ควรแก้ไข|ต้องพัฒนา|ควรพัฒนา|ต่ำ"
                 r"|ไม่ได้รับคะแนน|ไม่ได้คะแนน|ไม่ผ่าน|ข้อสังเกต|ข้อเสนอแนะ|ประเด็นที่ต้อง|น้อยที่สุด")
_STRONG = r"จุดแข็ง|คะแนนสูง|สูงสุด|คะแนนเต็ม|ดีเยี่ยม|(?<!ไม่)ผ่านเกณฑ์|รักษามาตรฐาน|ควรรักษา|ครบถ้วน"
_HEADING_CUE = re.compile(rf"(?P<strong>{_STRONG})|(?P<weak>{_WEAK_HEADING})")
_ITEM_CUE = re.compile(rf"(?P<strong>{_STRONG})|(?P<weak>{_WEAK_HEADING}|ควร|ขาด|ไม่มี|ไม่ครบ|ยังไม่|[0๐]\s*คะแนน)")
_TRIM = " \t-–:.,;)(\"'“”"


@dataclass(slots=True)
class _Block:
    """A paragraph of the text: a listed item, a heading or running prose, wrapped lines joined."""

    first_line: int
    text: str
    is_item: bool


def weak_questions(text: str) -> list[WeakQuestion]:
    """The questions a report names as weak or to improve, one per code, first wording kept.

    A listed question ("- ข้อ E๑๑ … ควร…") is weak when its own words say so (a recommendation, a
    low score, a missing element) or, failing that, when the nearest section heading above does
    ("จุดอ่อน", "ข้อเสนอแนะ", "ไม่ได้รับคะแนน"); a code inside a sentence only when the sentence says so.
    """
    blocks = _blocks([collapse_spaces(_clean(line)) for line in text.splitlines()])
    found: dict[str, WeakQuestion] = {}
    for n, block in enumerate(blocks):
        for code, wording, comment in _block_questions(block):
            verdict = _last_cue(_ITEM_CUE, comment or "") or _last_cue(_ITEM_CUE, block.text[:20])
            if verdict is None and block.is_item:
                verdict = _context_verdict(blocks, n)
            if verdict != "weak":
                continue
            old = found.get(code)
            if old is None:
                found[code] = WeakQuestion(code, wording, comment)
            elif not old.question_text and wording:
                found[code] = WeakQuestion(code, wording, old.recommendation or comment)
    return list(found.values())


def _blocks(lines: list[str]) -> list[_Block]:
    """Lines grouped into paragraphs: a bullet, an item number, a listed code or a heading starts one."""
    blocks: list[_Block] = []
    parts: list[str] = []
    for i, line in enumerate(lines):
        item = bool(_ITEM.match(line) or re.match(rf"^\s*{_BULLET}\s", line))
        starts = item or _HEADING_START.match(line) or not line or len(parts) >= 12
        if parts and starts:
            blocks.append(_Block(i - len(parts), join_lines(parts), bool(_ITEM.match(parts[0]))))
            parts = []
        if line:
            parts.append(line)
    if parts:
        blocks.append(_Block(len(lines) - len(parts), join_lines(parts), bool(_ITEM.match(parts[0]))))
    return blocks


def _block_questions(block: _Block) -> Iterator[tuple[str, str | None, str | None]]:
    """(code, wording, what follows the wording) for every code group a paragraph cites."""
    matches = [m for m in _MENTION.finditer(block.text)]
    item = _ITEM.match(block.text)
    groups = [(item.start("codes"), item.end("codes"))] if item else []
    groups += [(m.start("a") if m.group("a") else m.start("b"), m.end()) for m in matches
               if not item or m.start() >= item.end()]
    for (start, end), nxt in zip(groups, [g[0] for g in groups[1:]] + [len(block.text)]):
        wording, comment = _split_wording(block.text[end:nxt])
        for code in _codes(block.text[start:end]):
            yield code, wording, comment


def _codes(group: str) -> list[str]:
    """Normalised codes of a group ("ข้อ i28, i29", "O1 - O3" expanded to o1, o2, o3)."""
    tokens = list(_ONE_CODE.finditer(group))
    codes = [normalize_code(t.group()) for t in tokens]
    out: list[str] = []
    for k, code in enumerate(codes):
        if code is None:
            continue
        prev = codes[k - 1] if k else None
        between = group[tokens[k - 1].end(): tokens[k].start()] if k else ""
        if prev and _RANGE.match(between) and prev[0] == code[0] and 0 < int(code[1:]) - int(prev[1:]) <= 15:
            out.extend(f"{code[0]}{n}" for n in range(int(prev[1:]) + 1, int(code[1:])))
        out.append(code)
    return out


def _split_wording(rest: str) -> tuple[str | None, str | None]:
    """A listed question's wording and the comment after it (recommendation or finding)."""
    rest = rest.strip(_TRIM)
    end = _WORDING_END.search(rest)
    cut = end.start() if end else len(rest)
    wording = rest[:cut].strip(_TRIM) or None
    comment = rest[cut:].strip(_TRIM) or None
    return wording, comment


def _last_cue(pattern: re.Pattern[str], text: str) -> str | None:
    """"weak" or "strong": the last cue in a text decides ("ดีเยี่ยม … แต่ตัวชี้วัดที่มีผลต่ำ ดังนี้")."""
    last = None
    for m in pattern.finditer(text):
        last = "weak" if m.group("weak") else "strong"
    return last


def _context_verdict(blocks: list[_Block], n: int) -> str | None:
    """The verdict of the nearest heading or lead-in above a listed question."""
    start = blocks[n].first_line
    for block in reversed(blocks[:n]):
        if start - block.first_line > _CONTEXT_LINES:
            return None
        if block.is_item:
            continue
        verdict = _last_cue(_HEADING_CUE, block.text)
        if verdict:
            return verdict
    return None


# ------------------------------------------------------------------------------------ entry point


def extract_analysis(tables: list[Table], text: str, ita_year_be: int | None
                     ) -> tuple[list[Score], list[WeakQuestion], list[str]]:
    """Scores, weak questions and warnings of an analysis report.

    `tables` are all tables of the document, `text` its full text, `ita_year_be` the assessment year
    the report analyses (the year of any score printed without one).
    """
    found: list[_Found] = []
    for table in tables:
        found.extend(table_scores(table, ita_year_be))
    found.extend(sentence_scores(text, ita_year_be))
    found.extend(text_row_scores(text, ita_year_be))
    warnings: list[str] = []
    scores = _merge(found, warnings)
    warnings.extend(check_scores(scores))
    return scores, weak_questions(text), warnings
