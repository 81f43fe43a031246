"""Analysis reports -> the ITA scores they state and the questions they name as weak.

A รายงานผลการวิเคราะห์ผลการประเมิน ITA prints its results in many ways: ruled tables (a comparison
of two years per indicator, one table per tool), score widgets copied from the NACC site ("91.96
คะแนน / ระดับผลการประเมิน / A"), sentences ("มีค่าคะแนนเท่ากับ ๘๖.๕๕ คะแนน"), and in borderless
PDFs rows of names and numbers that no table engine finds, sometimes with the numbers glued
together ("๘๑.๒๕๑๐๐.๐๐+๑๘.๗๕"). Three readers cover them, most reliable first, and their results are
merged by (year, scope, indicator):

1. tables: every number cell labelled by its row (an indicator, a tool, the overall result) and its
   column (a year, a score heading); ranks, changes, weights and grade bands are not scores;
2. sentences: a number that a score verb or the word คะแนน vouches for, attributed to the nearest
   subject printed before it;
3. table rows printed as text lines: only fills gaps, because it reads the same print less surely.

Tables are read as tables only: the text readers see the text without the lines printed inside the
tables found, so that a measures table's jumbled lines are never read as sentences.

Indicators are numbered by NAME through the catalog, never by a printed rank. Weak questions are
the codes a report lists under a heading, or cites in a sentence, that says they scored low or need
work. A measures table's codes are not: they belong to its measure rows, whatever its heading says
("ประเด็นที่ต้องพัฒนา" heads plans as often as analyses).

The score of each item (question) is `extractors.question_scores`'s to read; the code patterns and
table helpers it shares with this module are the public names here.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from corpus.catalog import grade_for, load_indicators, text_key
from extractors.model import Cell, Score, Table, TableRow, WeakQuestion, join_lines, script_of
from extractors.normalize import collapse_spaces, normalize_code, thai_digits_to_arabic
from extractors.records import is_measures_table

TOLERANCE = 0.1  # printed scores have two decimals; a mean or weighted sum rounds well within this
_LOOKBACK = 300  # characters before a number in which a sentence names its subject
_YEAR_LOOKBACK = 120  # characters before a number in which a sentence names its year
_CONTEXT_LINES = 40  # lines above a listed question in which its section heading is looked for
_NAME_MIN_SHARE = 0.6  # a name cut by a line wrap must keep this share of the official name
_MAX_ROW_LABEL = 80  # characters: a longer "label" before a number is a sentence, not a table row
_MIN_TABLE_LINE = 4  # characters: a shorter line (a widget's grade "A") is kept even if a cell matches

# Names agencies print instead of the catalog's.
NAME_ALIASES = {
    "การปรับปรุงการทำงาน": "การปรับปรุงระบบการทำงาน",
    "การใช้ทรัพย์สินของทางราชการ": "การใช้ทรัพย์สินของราชการ",
}
TOOL_PHRASES = (  # Thai names of the three tools, as in "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"
    ("ผู้มีส่วนได้ส่วนเสียภายใน", "IIT"),
    ("ผู้มีส่วนได้ส่วนเสียภายนอก", "EIT"),
    ("เปิดเผยข้อมูลสาธารณะ", "OIT"),
)
_TOOL_PHRASE_PATTERNS = tuple((re.compile(r"\s?".join(phrase)), tool) for phrase, tool in TOOL_PHRASES)

_D = "0-9\u0e50-\u0e59"  # Arabic and Thai digits
# An ITA question code as agencies print it (normalize_code decides what it means): "E๑๑", "o 12",
# "1๒๘" (an Arabic one typed for i; OCR also reads "1 ๓๐"), "๐24" or "0๑๑" (a zero for o). An Arabic
# digit followed by Thai digits is no number anyone types: it is a misread letter.
CODE = rf"(?:[iIeEoOlL][ \t]?[-.]?[ \t]?[{_D}]{{1,2}}|\u0e50[{_D}]{{1,2}}|1[ \t]?[\u0e50-\u0e59]{{1,2}}|0[\u0e50-\u0e59]{{1,2}})"
CODE_END = rf"(?![A-Za-z{_D}]|[.,][{_D}])"
BULLET = rf"(?:[-–•●▪○◦*>➢✓]|\(?[{_D}]{{1,2}}[.)])"
_QUESTION_LEAD = re.compile(rf"^\s*{BULLET}?\s*(?:ข้อ(?:ที่)?\s*)?{CODE}{CODE_END}")
_QUESTION_CUE = re.compile(rf"ข้อ(?:ที่)?\s*[iIeEoO]?\s?[{_D}]|(?<![A-Za-z{_D}])[iIeEoO]\s?[{_D}]{{1,2}}(?![{_D}.])")

_GRADE = r"(AA|A|B|C|D|E|F)(?![A-Za-z])"
_TOOL_CODE = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])", re.IGNORECASE)
_EXPLICIT_INDICATOR = re.compile(r"ตัวชี้วัด\s*ที่\s*(\d{1,2})(?![\d.])")
# How an ITA question's wording ends (IIT and EIT items); no indicator, tool or total label ends so.
_ENDINGS = r"มากน้อยเพียงใด|หรือไม่|อย่างไร"
_QUESTION_END = re.compile(rf"(?:{_ENDINGS})\s*$")
_SUB_INDICATOR = re.compile(r"ย่อย|(?<![\d.])\d{1,2}\.\d(?!\d)\s*(?=[ก-๙(])")
_OVERALL_LABEL = re.compile(
    r"ภาพรวม|คะแนนรวม|ผลรวม|^รวม|^(?:ผลการประเมิน|ผลคะแนน|ค่าคะแนน|คะแนน)?ita(?:ประจำปี|งบประมาณ|ปี|พศ|\d)*$"
)
_YEAR = re.compile(r"25[5-7]\d")
_SHORT_YEAR = re.compile(r"ปี\s*(?:งบประมาณ)?\s*(?:พ\.?\s?ศ\.?)?\s*(\d{2})(?!\d)")
_SCORE_CELL = re.compile(r"^\s*(?P<sign>[+-])?\s*(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*(?:คะแนน)?\s*$")
_SPACES = re.compile(r"\s+")


def extract_analysis(tables: list[Table], text: str, ita_year_be: int | None
                     ) -> tuple[list[Score], list[WeakQuestion], list[str]]:
    """Scores, weak questions and warnings of an analysis report.

    `tables` are all tables of the document, `text` its full text (pages separated by `PAGE_BREAK`
    where known), `ita_year_be` the assessment year the report analyses (the year of every score
    printed without one).
    """
    prose = prose_text(text, tables)
    found: list[_Found] = []
    for table in tables:
        found.extend(table_scores(table, ita_year_be))
    found.extend(sentence_scores(prose, ita_year_be))
    found.extend(text_row_scores(prose, ita_year_be))
    if ita_year_be is None:
        _date_undated(found)
    warnings: list[str] = []
    scores = _merge(found, warnings)
    warnings.extend(check_scores(scores))
    weak = [w for table in tables for w in table_weak_questions(table)] + weak_questions(prose)
    return scores, _dedupe_questions(weak), warnings


def _date_undated(found: list[_Found]) -> None:
    """Without a known assessment year, a score printed without a year belongs to the latest year
    the report prints beside a score: the year it analyses (earlier years are comparisons)."""
    years = [f.year for f in found if f.year is not None]
    for f in found:
        if f.year is None and years:
            f.year = max(years)


# ---------------------------------------------------------------------------------- small helpers


def clean_text(text: str) -> str:
    """NFC, and ำ restored where a broken font wrote it as ํ + า."""
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")


def _arabic(text: str) -> str:
    """`clean_text` with Thai digits as Arabic (one for one, so cue and number positions agree)."""
    return thai_digits_to_arabic(clean_text(text))


def _squeeze(text: str) -> str:
    return _SPACES.sub("", clean_text(text))


def years_in(label: str) -> list[int]:
    """Buddhist-era years a label prints, in order ("คะแนน ๒๕๖๔", glued "๒๕๖๔๒๕๖๕", "ปี 65")."""
    flat = _arabic(label)
    found = [int(m.group()) for m in _YEAR.finditer(flat)]
    return found or [2500 + int(m.group(1)) for m in _SHORT_YEAR.finditer(flat)]


PAGE_BREAK = "\f"  # between pages of a document's text, as pdftotext writes it


def prose_text(text: str, tables: list[Table]) -> str:
    """The text without the lines printed inside the tables found.

    A page line inside a table is the lines of one row's cells side by side, so a line is dropped
    when, spaces removed, it is one line of each of some cells of one row, in column order. When
    `text` separates its pages with `PAGE_BREAK`, only the tables on a line's own page count: a
    heading that repeats a cell of a table pages away ("ส่วนเสียภายนอก (EIT)") is prose.
    """
    pages = text.split(PAGE_BREAK)
    if len(pages) == 1:
        return _without_row_lines(text, tables)
    return "\n".join(_without_row_lines(page, [t for t in tables if t.page_first <= number <= t.page_last])
                     for number, page in enumerate(pages, start=1))


def _without_row_lines(text: str, tables: list[Table]) -> str:
    headers = [TableRow(tuple(Cell((label,)) for label in t.header), t.page_first) for t in tables if t.header]
    index: dict[str, list[tuple[int, int]]] = {}  # cell line -> (row id, column) where it is printed
    for r, row in enumerate([row for t in tables for row in t.rows] + headers):
        for c, cell in enumerate(row.cells):
            for key in filter(None, map(_squeeze, cell.lines)):
                index.setdefault(key, []).append((r, c))
    lengths = sorted({len(k) for k in index})
    return "\n".join(line for line in text.splitlines() if not _row_line(_squeeze(line), index, lengths))


def _row_line(key: str, index: dict[str, list[tuple[int, int]]], lengths: list[int]) -> bool:
    """Whether `key` is cell lines of one row in column order (search over (position, row, column))."""
    if len(key) < _MIN_TABLE_LINE:
        return False
    todo = [(0, -1, -1)]
    seen: set[tuple[int, int, int]] = set()
    while todo:
        pos, row, col = todo.pop()
        for n in lengths:
            if pos + n > len(key):
                break
            for r, c in index.get(key[pos:pos + n], ()):
                if (row == -1 or (r == row and c > col)) and (pos + n, r, c) not in seen:
                    if pos + n == len(key):
                        return True
                    seen.add((pos + n, r, c))
                    todo.append((pos + n, r, c))
    return False


# ------------------------------------------------------------------------------------ the catalog


@dataclass(frozen=True, slots=True)
class _Subject:
    """What a printed number is the score of."""

    scope: str  # overall | IIT | EIT | OIT | indicator
    indicator_no: int | None = None


class _Indicator(NamedTuple):
    """A row of the catalog's indicator table; `no` is None on a tool's total row (its weight)."""

    year: int
    tool: str
    no: int | None
    name: str
    weight: float | None


@lru_cache(maxsize=1)
def _indicator_rows() -> tuple[_Indicator, ...]:
    frame = load_indicators()
    frame = frame.astype(object).where(frame.notna(), None)
    return tuple(
        _Indicator(int(r.ita_year_be), str(r.tool), None if r.indicator_no is None else int(r.indicator_no),
                   str(r.indicator_name), None if r.weight_percent is None else float(r.weight_percent))
        for r in frame.itertuples()
    )


def _year_rows(year: int | None) -> list[_Indicator]:
    """The catalog rows of `year`, or of the nearest catalogued year (names barely change)."""
    rows = _indicator_rows()
    years = sorted({r.year for r in rows})
    near = min(years, key=lambda y: (abs(y - year), -y)) if year is not None else years[-1]
    return [r for r in rows if r.year == near]


@lru_cache(maxsize=16)
def _names(year: int | None) -> tuple[tuple[str, int], ...]:
    """(name, indicator number) for the year's official names and their known aliases."""
    official = {r.name: r.no for r in _year_rows(year) if r.no is not None}
    aliases = [(alias, official[name]) for alias, name in NAME_ALIASES.items() if name in official]
    return tuple(official.items()) + tuple(aliases)


@lru_cache(maxsize=16)
def _name_keys(year: int | None) -> tuple[tuple[str, int], ...]:
    return tuple((text_key(name), no) for name, no in _names(year))


@lru_cache(maxsize=16)
def _name_patterns(year: int | None) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Regexes that find an indicator name in running text, a wrap space allowed between letters."""
    return tuple((re.compile(r"\s?".join(map(re.escape, name))), no) for name, no in _names(year))


def tool_indicators(year: int | None) -> dict[str, list[int]]:
    """Indicator numbers of each tool in `year` (IIT 1-5, EIT 6-8, OIT 9-10 in the catalog)."""
    out: dict[str, list[int]] = {}
    for r in _year_rows(year):
        if r.no is not None:
            out.setdefault(r.tool, []).append(r.no)
    return out


def tool_weights(year: int | None) -> dict[str, float]:
    """Weight of each tool in the overall score, as a fraction."""
    return {r.tool: r.weight / 100 for r in _year_rows(year) if r.no is None and r.weight is not None}


def indicator_by_name(label: str, year: int | None) -> int | None:
    """The official number of the indicator a label names; None when no name fits clearly.

    A name contained in the label first; then a near-identical wording; then a name cut by a line
    wrap ("การป้องกันการ" of "การป้องกันการทุจริต"), which must be the only name it begins.
    """
    key = re.sub(r"^\d+", "", text_key(label))
    if len(key) < 4:
        return None
    keys = _name_keys(year)
    contained = [(len(k), no) for k, no in keys if k in key]
    if contained:
        return max(contained)[1]
    ratios = sorted(((fuzz.ratio(key, k), no) for k, no in keys), reverse=True)
    if ratios[0][0] >= 85 and ratios[0][0] - ratios[1][0] >= 10:
        return ratios[0][1]
    prefixed = {no for k, no in keys if k.startswith(key) and len(key) >= _NAME_MIN_SHARE * len(k)}
    return prefixed.pop() if len(prefixed) == 1 else None


def tool_of(label: str) -> str | None:
    """IIT / EIT / OIT when a label names a tool by its Thai name or its code."""
    squeezed = _squeeze(label)
    for phrase, tool in TOOL_PHRASES:
        if phrase in squeezed:
            return tool
    m = _TOOL_CODE.search(label)
    return m.group(1).upper() if m else None


def classify(label: str, year: int | None) -> _Subject | None:
    """The subject a row or column label names: an indicator, a tool or the overall result.

    A question ("i7 หน่วยงานมีการใช้งบประมาณ…" contains an indicator name, and so does the rest of a
    question's wording carried over a page break, which ends like a question: "…มากน้อยเพียงใด")
    and a sub-indicator ("ตัวชี้วัดย่อยที่ ๙.๒") are not our scopes. A tool's Thai name contains an
    indicator's ("แบบตรวจการเปิดเผยข้อมูลสาธารณะ"), so a tool name outranks an indicator name.
    """
    flat = _arabic(label)
    if not flat.strip() or _QUESTION_LEAD.match(clean_text(label)) or _SUB_INDICATOR.search(flat) \
            or _QUESTION_END.search(flat):
        return None
    tool = tool_of(flat)
    by_name = indicator_by_name(_EXPLICIT_INDICATOR.sub(" ", _TOOL_CODE.sub(" ", flat)), year)
    if by_name is not None and not any(p in _squeeze(flat) for p, _ in TOOL_PHRASES):
        return _Subject("indicator", by_name)
    explicit = _EXPLICIT_INDICATOR.search(flat)
    if explicit and 1 <= int(explicit.group(1)) <= 10:
        return _Subject("indicator", int(explicit.group(1)))
    if tool:
        return _Subject(tool)
    if _OVERALL_LABEL.search(text_key(flat)):
        return _Subject("overall")
    return None


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
    ("rank", re.compile(r"^(?:อันดับ|ลำดับ|ที่$|no$)")),  # "อันดับคะแนน" is a rank, not a score
    ("change", re.compile(r"เปลี่ยนแปลง|ผลต่าง|ส่วนต่าง|เพิ่มขึ้น|ลดลง|เพิ่มลด")),
    ("weight", re.compile(r"น้ำหนัก|ร้อยละ")),
    ("other", re.compile(r"คะแนนเต็ม|เป้าหมาย|เกณฑ์")),
    ("grade", re.compile(r"^(?:ระดับ|เกรด|grade)|ระดับผลการประเมิน")),
)
_SEPARATOR = re.compile(r"^[\s\-–—:|=]*$")
_HEADING_LABEL = re.compile(r"^\s*(?:ตัวชี้วัด|แบบ(?:วัด|ตรวจ)|IIT|EIT|OIT|คะแนนรวม|รวม)")
_GRADE_CELL = re.compile(rf"\s*{_GRADE}\s*")


def score_column_role(label: str) -> str:
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


def body_rows(table: Table) -> tuple[list[TableRow], list[TableRow]]:
    """(header rows, data rows): separator rows dropped, leading rows without a number are headers."""
    rows = [r for r in table.rows if not all(_SEPARATOR.match(c.text) for c in r.cells)]
    lead = 0
    while lead < len(rows) and not any(_number(c.text) for c in rows[lead].cells):
        lead += 1
    return rows[:lead], rows[lead:]


def column_labels(table: Table, header_rows: list[TableRow], ncols: int) -> list[str]:
    """One label per column: the engine's header plus the header rows (a spanning cell reaches
    every column under it)."""
    labels = [[table.header[c]] if c < len(table.header) and table.header[c] else [] for c in range(ncols)]
    for row in header_rows:
        owner = 0
        for c in range(min(ncols, len(row.cells))):
            if not row.spans or c >= len(row.spans) or row.spans[c] != 0:
                owner = c
            text = row.cells[owner].text
            if text and text not in labels[c]:
                labels[c].append(text)
    return [" ".join(parts) for parts in labels]


def table_scores(table: Table, default_year: int | None) -> list[_Found]:
    """Scores in one table: each number cell labelled by its row and its column.

    An item row without its score ("o12 รายงานการกำกับติดตาม…" at the foot of a page) is continued by
    the next row with a number, its wording's rest and its score; that rest may name an indicator
    ("…การใช้งบประมาณประจำปี รอบ ๖ เดือน | ๐"), so it is skipped unless it opens as a heading does.
    """
    header_rows, data = body_rows(table)
    if not data:
        return []
    ncols = max(len(r.cells) for r in header_rows + data)
    labels = column_labels(table, header_rows, ncols)
    roles = [score_column_role(label) for label in labels]
    found: list[_Found] = []
    waiting = False  # an item row above has no score yet (a repeated header may come between)
    for row in data:
        texts = [clean_text(c.text) for c in row.cells]
        item = any(_QUESTION_LEAD.match(t) for t in texts)
        numbered = any(_number(t) for t in texts)
        first = next((t for t in texts if t.strip()), "")
        rest_of_item = waiting and numbered and not item and not _HEADING_LABEL.match(first)
        if not row.is_banner and not rest_of_item and not _coded_item(texts):
            found.extend(_row_scores(row, labels, roles, default_year))
        if item or numbered:
            waiting = item and not numbered
    return found


def _coded_item(texts: list[str]) -> bool:
    """A row that names an ITA item by its code ("EIT | e1 | 81.30"): its score is the item's (read by
    `question_scores`), never its tool's, indicator's or the overall one."""
    return any(normalize_code(t.split()[0]) for t in texts if t.split())


def _row_scores(row: TableRow, labels: list[str], roles: list[str], default_year: int | None) -> list[_Found]:
    recovered = _recovered_by_change(row, labels, roles)
    label = " ".join(c.text for i, c in enumerate(row.cells)
                     if roles[i] == "data" and not _number(c.text) and i not in recovered)
    row_subject = classify(label, default_year)
    row_years = years_in(label)
    out: list[_Found] = []
    for i, cell in enumerate(row.cells):
        parsed = (_number(cell.text) or recovered.get(i)) if roles[i] == "data" else None
        if not parsed or parsed[1] or parsed[0] > 100:
            continue  # a signed number is a change, not a score
        value, _, decimals = parsed
        col_years = years_in(labels[i])
        if not decimals and not col_years and "คะแนน" not in labels[i]:
            continue  # a bare integer under no score heading is a count or a page number
        subject = row_subject or classify(labels[i], default_year)
        if subject is None and row_years and "คะแนน" in labels[i]:
            subject = _Subject("overall")  # one row per year under a plain score column
        if subject is not None:
            out.append(_Found((col_years or row_years or [default_year])[0], subject, value, None, 0))
    grades = [m.group(1) for role, cell in zip(roles, row.cells)
              if role == "grade" and (m := _GRADE_CELL.fullmatch(cell.text))]
    _attach_grade(out, grades[0] if grades else None)
    return out


def _recovered_by_change(row: TableRow, labels: list[str], roles: list[str]) -> dict[int, tuple[float, bool, bool]]:
    """A year's score that OCR garbled ("ฒ่๖.๒๗"), from the other year's score and the printed change.

    A comparison row prints two years and the change between them, so any two give the third. The
    value is taken only where the garbled cell's own legible digits end it ("6.27" of 76.27): the
    change then confirms a reading rather than inventing one.
    """
    cells = row.cells
    years = {i: years_in(labels[i]) for i in range(len(cells)) if roles[i] == "data"}
    columns = sorted((i for i, found in years.items() if len(found) == 1), key=lambda i: years[i][0])
    changes = [i for i in range(len(cells)) if roles[i] == "change"]
    if len(columns) != 2 or len(changes) != 1:
        return {}
    change = _SCORE_CELL.match(_arabic(cells[changes[0]].text))
    earlier, later = (_number(cells[i].text) for i in columns)
    if not change or not change.group("sign") or (earlier is None) == (later is None):
        return {}
    delta = float(change.group("num")) * (-1 if change.group("sign") == "-" else 1)
    missing, value = (columns[0], later[0] - delta) if earlier is None else (columns[1], earlier[0] + delta)
    legible = re.sub(r"[^\d.]", "", _arabic(cells[missing].text)).strip(".")
    printed = (f"{value:.2f}", f"{value:.1f}")
    if not 0 <= value <= 100 or len(legible.replace(".", "")) < 2 or not any(p.endswith(legible) for p in printed):
        return {}
    return {missing: (round(value, 2), False, True)}


def _attach_grade(found: list[_Found], grade: str | None) -> None:
    """A grade printed in a row belongs to its overall score, or else to its only score."""
    if not grade:
        return
    overall = [f for f in found if f.subject.scope == "overall"]
    for f in overall or (found if len(found) == 1 else []):
        f.grade = grade


# -------------------------------------------------------------------------------------- sentences

_PROSE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}\.\d{1,2})(?!\d)(?!\.\d)")
_FOLLOWED_BY_POINTS = re.compile(r"^[ \t]*คะแนน(?!เต็ม)")
_VERB_BEFORE = re.compile(r"(?:คะแนน(?:รวม|เฉลี่ย)?|เท่ากับ|อยู่ที่|ได้|เป็น|=|:|IIT|EIT|OIT)\s*[:=]?\s*$")
_NOT_A_SCORE_BEFORE = re.compile(
    r"(?:เกณฑ์|ผ่าน|เป้าหมาย|ต่ำกว่า|สูงกว่า|ไม่น้อยกว่า|เพิ่มขึ้น|ลดลง|เปลี่ยนแปลง|ผลต่าง|ต่างกัน|แตกต่าง"
    r"|พึงพอใจ|ทั่วประเทศ|ระดับประเทศ|ค่าเฉลี่ย|เฉลี่ยของ|ร้อยละ|ตั้งแต่|ระหว่าง|คะแนนเต็ม)[^\n]{0,30}$|[-–]\s*$"
)
_NOT_A_SCORE_AFTER = re.compile(
    r"^\s*(?:%|เปอร์เซ็นต์|[-–]\s*\d|ขึ้นไป|คะแนนเต็ม|ล้าน|บาท|คน|ราย|แห่ง|ครั้ง|วัน|เดือน|ปี|ชั่วโมง|นาที|เรื่อง|ข้อ)"
)
_GRADE_LEAD = (r"^\s*(?:คะแนน)?\s*[(),]?\s*(?:ซึ่ง)?\s*(?:อยู่\s*(?:ใน)?)?\s*"
               r"(?:ระดับ|เกรด)\s*(?:ผลการประเมิน)?\s*[:：]?\s*\"?")
_GRADE_AFTER = re.compile(_GRADE_LEAD + _GRADE)
# What OCR reads for a grade letter: B as 8, C or D as 0 or O, A as 4, E as 6.
_MISREAD_GRADE = {"B": "8", "C": "0OG(", "D": "0O", "A": "4", "E": "6"}
# ... a bracket only when no word follows it: "ระดับ (ผ่าน)" is a bracketed word, not a grade
_GRADE_MISREAD_AFTER = re.compile(_GRADE_LEAD + r"([0-9OG]|\((?![\u0e01-\u0e4e]))(?![0-9A-Za-z])")
_OVERALL_WORDS = re.compile(r"ภาพรวม|คะแนนรวม|ITA|คุณธรรมและความโปร่งใส")
_RISE_TO = re.compile(r"เป็น\s*$")
_STATED_YEAR = re.compile(r"(?:ปี|พ\.?\s?ศ\.?|ITA)\s*(?:งบประมาณ)?\s*(?:พ\.?\s?ศ\.?)?\s*(25[5-7]\d)(?!\s*[-–]\s*\d)")
_COMPARED_YEAR = re.compile(r"(?:จาก|กับ|เทียบ|ก่อน)\s*$")


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
        subject = _nearest_subject(window, default_year) if value <= 100 and _vouched(window, after) else None
        if subject is None:
            continue
        year = _year_before(window, default_year)
        grade = _grade_after(after, year, value) if subject.scope == "overall" else None
        out.append(_Found(year, subject, value, grade, 1))
    return out


def _grade_after(after: str, year: int | None, value: float) -> str | None:
    """The grade printed after an overall score. A glyph OCR gives for a letter ("ระดับ 8") is that
    letter only when the year's bands give the score that very letter: two pieces of evidence agree."""
    printed = _GRADE_AFTER.match(after)
    if printed:
        return printed.group(1)
    misread = _GRADE_MISREAD_AFTER.match(after)
    band = grade_for(year, value) if misread and year else None
    return band if band and misread.group(1) in _MISREAD_GRADE.get(band, "") else None


def _vouched(window: str, after: str) -> bool:
    """Whether the words around a number make it a score (not a pass line, a change or a share)."""
    if _NOT_A_SCORE_AFTER.match(after):
        return False
    guard = _NOT_A_SCORE_BEFORE.search(window)
    if guard and not _RISE_TO.search(window) and not _STATED_YEAR.search(window[guard.start():]):
        return False  # a change or a pass line, unless the words after it name the year it was scored in
    return bool(_FOLLOWED_BY_POINTS.match(after) or _VERB_BEFORE.search(window))


def _nearest_subject(window: str, year: int | None) -> _Subject | None:
    """The subject printed closest before a number; a question or sub-indicator there means none.

    With no subject named, a number vouched for as a score is the agency's overall result.
    """
    cues: list[tuple[int, _Subject | None]] = [(m.end(), None) for m in _QUESTION_CUE.finditer(window)]
    cues += [(m.end(), None) for m in re.finditer("ย่อย", window)]
    cues += [(m.end(), _Subject("indicator", int(m.group(1)))) for m in _EXPLICIT_INDICATOR.finditer(window)
             if 1 <= int(m.group(1)) <= 10]
    for pattern, no in _name_patterns(year):
        cues += [(m.end(), _Subject("indicator", no)) for m in pattern.finditer(window)]
    for pattern, tool in _TOOL_PHRASE_PATTERNS:
        cues += [(m.end(), _Subject(tool)) for m in pattern.finditer(window)]
    cues += [(m.end(), _Subject(m.group(1).upper())) for m in _TOOL_CODE.finditer(window)]
    cues += [(m.end(), _Subject("overall")) for m in _OVERALL_WORDS.finditer(window)]
    if not cues:
        return _Subject("overall")
    return max(cues, key=lambda c: c[0])[1]


def _year_before(window: str, default_year: int | None) -> int | None:
    """The year a sentence states for its score ("ปี ๒๕๖๔ ได้ …"), else the assessment year.

    Only a year printed as one ("ปี", "พ.ศ.", "ITA" before it), close to the number and not a
    range's end ("พ.ศ. ๒๕๖๐-๒๕๖๔") counts. In "เพิ่มขึ้นจากปี ๒๕๖๔ เป็น ๙๑.๙๖" the year is where the
    score came from; a year after the assessment year is the fiscal year of the plan that follows.
    """
    near = window[-_YEAR_LOOKBACK:]
    rising = _RISE_TO.search(near)
    for m in reversed(list(_STATED_YEAR.finditer(near))):
        year = int(m.group(1))
        if rising and _COMPARED_YEAR.search(near[: m.start()]):
            continue
        if default_year is None or year <= default_year:
            return year
    return default_year


# ------------------------------------------------------------------------------ rows in plain text

_ROW_LINE = re.compile(
    rf"^(?:(?P<label>.*?[^\d\s.+\-–])\s*)?(?P<nums>\d[\d.\s+\-–]*?)\s*(?P<grade>(?<=[\d\s]){_GRADE})?\s*$"
)
_GLUED_PART = re.compile(r"[+\-–]?[\d.]+")
_ROW_NUMBER = re.compile(r"^\d{1,2}[.)]?\s*(?=\D)")


def text_row_scores(text: str, default_year: int | None) -> list[_Found]:
    """Table rows printed as lines (a borderless PDF): a label, then one number per year column.

    The years come from a header line just above ("คะแนน ๒๕๖๔ คะแนน ๒๕๖๕"); a signed number is the
    change column. A name wrapped onto the next line is joined before it is looked up, and numbers
    printed on a line of their own (centred in a two-line cell) take the name around them.
    """
    lines = [_arabic(line).strip() for line in text.splitlines()]
    out: list[_Found] = []
    header_years: list[int] = []
    since_header = len(lines)
    for i, line in enumerate(lines):
        since_header += 1
        m = _ROW_LINE.match(line)
        label = (m.group("label") or "") if m else ""
        numbers = _split_numbers(m.group("nums")) if m and _row_label_ok(label) else None
        if not numbers:
            if _PROSE_NUMBER.search(line):
                header_years = []  # a sentence with a score ends the table above
            elif years_in(line) and len(line) <= _MAX_ROW_LABEL:
                header_years, since_header = years_in(line), 0
            continue
        subject = _row_subject(label, lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else "",
                               default_year)
        plain = [v for v, signed in numbers if not signed]
        years = header_years if since_header <= 4 else []
        if years:
            since_header = 0  # the next row of the same table is near its header again
        if subject is None or not plain or len(plain) < len(years) or (not years and len(plain) != 1):
            continue
        grade = m.group("grade") if subject.scope == "overall" else None
        out.extend(_Found(year, subject, value, grade, 2) for year, value in zip(years or [default_year], plain))
    return out


def _row_label_ok(label: str) -> bool:
    """A row's label is short and holds no score: otherwise the line is a sentence."""
    return len(label) <= _MAX_ROW_LABEL and not _PROSE_NUMBER.search(label)


def _row_subject(label: str, prev_line: str, next_line: str, year: int | None) -> _Subject | None:
    """The subject of a text row, the name's wrapped part on the next line joined when needed."""
    wrapped = next_line if next_line and not re.search(r"\d", next_line) and len(next_line) <= 30 else ""
    label = _ROW_NUMBER.sub("", label)
    if not label and not re.search(r"\d", prev_line):
        label = _ROW_NUMBER.sub("", prev_line)
    return classify(label, year) or (classify(label + wrapped, year) if wrapped else None)


def _split_numbers(run: str) -> list[tuple[float, bool]] | None:
    """(value, signed) for each number of a row's numeric tail, glued ones separated:
    "81.25100.00+18.75" -> 81.25, 100.00, +18.75.

    Glued digits are read so that every number has one or two decimals and is at most 100; of the
    readings left, the one whose two unsigned numbers differ by the printed change wins, then the
    one with the fewest scores below 10, then the one with the most two-decimal numbers.
    """
    options: list[list[list[tuple[float, bool, int]]]] = []
    for part in _GLUED_PART.findall(run):
        signed = part[0] in "+-–"
        readings = [[(v, signed, d) for v, d in reading] for reading in _readings(part.lstrip("+-–"))]
        if not readings:
            return None
        options.append(readings)
    if not options:
        return None
    best = max((list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)),
               key=_reading_rank)
    return [(v, s) for v, s, _ in best]


def _readings(digits: str) -> list[list[tuple[float, int]]]:
    """Every way to read a digit run as numbers with 1-2 decimals (or as one integer), each <= 100,
    as (value, number of decimals) lists."""
    if "." not in digits:
        return [[(float(digits), 0)]] if digits.isdigit() and int(digits) <= 100 else []
    pieces = digits.split(".")
    if not all(p.isdigit() for p in pieces) or len(pieces[-1]) > 2:
        return []
    cuts = [[j for j in (1, 2) if len(p) - 3 <= j < len(p)] for p in pieces[1:-1]]
    out: list[list[tuple[float, int]]] = []
    for choice in itertools.product(*cuts):
        ints = [pieces[0]] + [p[j:] for j, p in zip(choice, pieces[1:-1])]
        decimals = [p[:j] for j, p in zip(choice, pieces[1:-1])] + [pieces[-1]]
        if any(len(a) > 3 or (len(a) > 1 and a[0] == "0") for a in ints):
            continue
        numbers = [(float(f"{a}.{b}"), len(b)) for a, b in zip(ints, decimals)]
        if all(v <= 100 for v, _ in numbers):
            out.append(numbers)
    return out


def _reading_rank(reading: list[tuple[float, bool, int]]) -> tuple[bool, int, int]:
    plain = [v for v, s, _ in reading if not s]
    change = [v for v, s, _ in reading if s]
    fits = len(plain) >= 2 and len(change) == 1 and abs(abs(plain[1] - plain[0]) - change[0]) < 0.015
    return fits, -sum(1 for v in plain if v < 10), sum(1 for _, _, d in reading if d == 2)


# ------------------------------------------------------------------------------ merging and checks


_Key = tuple[int | None, str, int | None]


def _merge(found: list[_Found], warnings: list[str]) -> list[Score]:
    """One score per (year, scope, indicator), a grade filled in later.

    Where a table or a sentence prints another value for a score, the document's own arithmetic
    decides (a tool is the mean of its indicators, the overall result the weighted tools); without
    it, the surest reader's value stands. Either way the other value is reported. A value from a
    text row is a weaker read of a print already seen, and is dropped silently.
    """
    kept: dict[_Key, _Found] = {}
    others: dict[_Key, list[_Found]] = {}
    for f in sorted(found, key=lambda f: f.source):
        key = (f.year, f.subject.scope, f.subject.indicator_no)
        old = kept.get(key)
        if old is None:
            kept[key] = f
        elif abs(old.value - f.value) < 0.005:
            old.grade = old.grade or f.grade
        elif f.source < 2:
            others.setdefault(key, []).append(f)
    for key, rivals in others.items():
        expected = _arithmetic({k: f.value for k, f in kept.items()}, key)
        first = kept[key]
        if expected is not None and abs(first.value - expected) > TOLERANCE:
            kept[key] = next((f for f in rivals if abs(f.value - expected) <= TOLERANCE), first)
        chosen = kept[key]
        why = " (its parts add up to it)" if chosen is not first else ""
        for f in [first, *rivals]:
            if f is not chosen:
                warnings.append(f"conflicting scores for {_describe(key)}: {chosen.value:g} kept{why}, "
                                f"{f.value:g} also printed")
    return [Score(f.year, f.subject.scope, f.subject.indicator_no, f.value, f.grade) for f in kept.values()]


def _arithmetic(values: dict[_Key, float], key: _Key) -> float | None:
    """What the document's other scores make of one score: a tool the mean of its indicators, the
    overall result the weighted tools (None where a part is missing or the score is an indicator)."""
    year, scope, _ = key
    if scope == "overall":
        weights = tool_weights(year)
        tools = [values.get((year, tool, None)) for tool in weights]
        return sum(w * v for w, v in zip(weights.values(), tools)) if weights and None not in tools else None
    parts = [values.get((year, "indicator", n)) for n in tool_indicators(year).get(scope, [])]
    return sum(parts) / len(parts) if parts and None not in parts else None


def _describe(key: tuple[int | None, str, int | None]) -> str:
    year, scope, no = key
    name = f"indicator {no}" if scope == "indicator" else scope
    return f"{name} {year}" if year else name


def check_scores(scores: list[Score]) -> list[str]:
    """Printed grades against the year's bands, each tool against the mean of its indicators, and
    the overall score against the weighted tools; each disagreement is a short warning."""
    warnings: list[str] = []
    for s in scores:
        expected = grade_for(s.ita_year_be, s.score) if s.grade and s.ita_year_be and s.scope == "overall" else None
        if expected and expected != s.grade:
            warnings.append(f"grade {s.grade} printed for {s.score:g} ({s.ita_year_be}); the bands give {expected}")
    by_key = {(s.ita_year_be, s.scope, s.indicator_no): s.score for s in scores}
    for year in sorted({s.ita_year_be for s in scores}, key=lambda y: y or 0):
        for tool, nos in tool_indicators(year).items():
            values = [by_key.get((year, "indicator", n)) for n in nos]
            printed = by_key.get((year, tool, None))
            if printed is not None and None not in values:
                mean = sum(values) / len(values)
                if abs(mean - printed) > TOLERANCE:
                    warnings.append(f"{tool} {year} is {printed:g} but its indicators average {mean:.2f}")
        weights = tool_weights(year)
        tools = {t: by_key.get((year, t, None)) for t in weights}
        overall = by_key.get((year, "overall", None))
        if overall is not None and weights and None not in tools.values():
            weighted = sum(weights[t] * v for t, v in tools.items())
            if abs(weighted - overall) > TOLERANCE:
                warnings.append(f"overall {year} is {overall:g} but the weighted tools give {weighted:.2f}")
    return warnings


# --------------------------------------------------------------------------------- weak questions

_JOIN = r"\s*(?:,|/|และ|หรือ|ถึง|[-–])\s*(?:ข้อ(?:ที่)?\s*)?"
CODE_GROUP = rf"{CODE}{CODE_END}(?:{_JOIN}{CODE}{CODE_END})*"
# A listed question: a line that starts (after a bullet or an item number) with a code.
_ITEM = re.compile(rf"^\s*{BULLET}?\s*(?:ข้อ(?:ที่)?\s*)?(?P<codes>{CODE_GROUP})")
# A code inside a sentence: after "ข้อ", or a Latin tool letter standing alone.
_MENTION = re.compile(
    rf"ข้อ(?:ที่)?\s*(?P<a>{CODE_GROUP})"
    rf"|(?<![A-Za-z{_D}])(?P<b>[iIeEoO][ \t]?[{_D}]{{1,2}}{CODE_END}(?:{_JOIN}{CODE}{CODE_END})*)"
    rf"|(?:ได้แก่|และ)\s*(?P<c>{CODE_GROUP})"  # a code in any form where a sentence lists one
)
_ONE_CODE = re.compile(rf"{CODE}{CODE_END}")
# A listed question whose code OCR garbled beyond reading ("ข้อ6๑๔", "ข้อEoo"): after "ข้อ", a short
# token of letters and digits that no list number is (a Latin letter in it, or Arabic and Thai digits
# mixed), then Thai wording. The wording names the question (`resolve_weak_questions`).
_ILLEGIBLE_ITEM = re.compile(
    rf"^\s*{BULLET}?\s*ข้อ(?:ที่)?\s*(?P<token>[A-Za-z0-9\u0e50-\u0e59|]{{2,4}})\s*(?=[ก-ฮเ-ไ])"
)
_LETTER_MISREAD = re.compile(r"[2-9](?P<number>[\u0e50-\u0e59]{1,2})")  # "6๑๔": a letter, then its number
_RANGE = re.compile(r"^\s*(?:ถึง|[-–])\s*(?:ข้อ(?:ที่)?\s*)?$")
_MAX_RANGE = 15
# A lead-in that announces a list: the lines after it are its entries, each one a block.
_LEAD_IN = re.compile(r"(?:ดังนี้|ดังต่อไปนี้|ได้แก่|:)\s*$")
# A sentence that goes on from a lead-in to name what it announced ("ได้แก่ o10 … และ O 22 …").
_ENUMERATION = re.compile(r"^\s*(?:ได้แก่|คือ|ประกอบด้วย|ดังนี้)")
_LIST_OPENING = re.compile(rf"^\s*{BULLET}?\s*")
_BULLET_LINE = re.compile(rf"^\s*{BULLET}\s")
_AND = re.compile(r"\s+และ\s+")  # between two questions a sentence names (inside a wording, "และ" has no spaces)
_DANGLING_AND = re.compile(r"\s*(?:และ|,)?\s*(?:ข้อ(?:ที่)?)?\s*$")
_SENTENCE_TAIL = re.compile(r"\s+ซึ่ง")  # "… ซึ่งหน่วยงานจะนำไปกำหนดมาตรการ…": the list has ended
_HEADING_START = re.compile(
    r"^\s*(?:[0-9๐-๙]{1,2}\.\s*)?\(?(?:ข้อเสนอแนะ|ข้อสังเกต|ตัวชี้วัด|จุดอ่อน|จุดแข็ง|ประเด็น|มาตรการ|สรุป|แบบวัด"
    r"|แบบตรวจ|ส่วนที่|บทที่|หน่วยงานควร)"
)
_MAX_BLOCK_LINES = 12
_MAX_HEADING = 40  # characters: a line this short that names weakness or strength is a heading
_MAX_SCORE_HEADER = 80  # characters: a longer line naming a score is a sentence, not a column header
# Where the wording of a listed question stops: its recommendation, finding or score follows. The
# catalog's own wordings hold negations ("ไม่เป็นธรรม", "หรือไม่", "ไม่มีผลกระทบ"), so a negation ends
# the wording only where it opens a phrase, or, for the words of a finding, the phrase it is in.
_WORDING_END = re.compile(
    r"ควร|ขาด|ยังไม่|(?:^|(?<=\s))(?:ไม่มี|ไม่ได้|ไม่ครบ|ไม่พบ|ไม่ปรากฏ|ไม่แสดง|ไม่เป็นไปตาม|พบว่า|เนื่องจาก"
    rf"|ข้อเสนอแนะ|จึง)|(?:ได้|มี)?(?:ผล)?คะแนน|ร้อยละ|[{_D}]+\.[{_D}]+"
)
_QUESTION_ENDING = re.compile(_ENDINGS)
_FINDING_WORDS = re.compile(r"ไม่แสดง|ไม่ครบ|ไม่พบ|ไม่ปรากฏ|ไม่เป็นไปตาม|ไม่ผ่าน")
_WEAK = (r"จุดอ่อน|ข้อบกพร่อง|ต้องปรับปรุง|ควรปรับปรุง|ต้องแก้ไข|ควรแก้ไข|ต้องพัฒนา|ควรพัฒนา|ต่ำ"
         r"|ไม่ได้รับคะแนน|ไม่ได้คะแนน|ไม่ผ่าน|ข้อสังเกต|ข้อเสนอแนะ|ประเด็นที่ต้อง|น้อยที่สุด")
_STRONG = r"จุดแข็ง|คะแนนสูง|สูงสุด|คะแนนเต็ม|ดีเยี่ยม|(?<!ไม่)ผ่านเกณฑ์|รักษามาตรฐาน|ควรรักษา|(?<!ไม่)ครบถ้วน"
# Cues of a heading ("ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน") and, wider, of a listed item's own comment.
_HEADING_CUE = re.compile(rf"(?P<strong>{_STRONG})|(?P<weak>{_WEAK})")
_ITEM_CUE = re.compile(
    rf"(?P<strong>{_STRONG})|(?P<weak>{_WEAK}|ควร|ขาด|ไม่มี|ไม่ครบ|ยังไม่|(?<![{_D}.])[0๐](?:\.[0๐]+)?\s*คะแนน)"
)
_LEAD_TRIM = " \t-–:.,;)\"'“”"
_TRAIL_TRIM = " \t-–:,;(\"'“”"


@dataclass(slots=True)
class _Block:
    """A paragraph of the text: a listed item, a heading or running prose, wrapped lines joined.
    `listed`: it opens with a bullet or follows a lead-in that announces a list ("… ดังนี้")."""

    first_line: int
    text: str
    is_item: bool
    listed: bool = False
    score_header: bool = False  # a table's column header naming a score ("ข้อ | ประเด็น | คะแนนที่ได้")


def weak_questions(text: str) -> list[WeakQuestion]:
    """The questions a text names as weak or to improve.

    A listed question ("- ข้อ E๑๑ … ควร…") is weak when its own comment says so (a recommendation,
    a low score, a missing element) or, failing that, when the nearest heading above does
    ("จุดอ่อน", "ข้อเสนอแนะ", "ไม่ได้รับคะแนน"); a code inside a sentence only when the sentence does.
    """
    blocks = _blocks([collapse_spaces(clean_text(line)) for line in text.splitlines()])
    out: list[WeakQuestion] = []
    caption: int | None = None  # the score header the rows below belong to, while they last
    for n, block in enumerate(blocks):
        if block.score_header:
            caption = n
        elif not block.is_item:
            caption = None
        questions = list(_block_questions(block))
        if not questions and block.listed:
            questions = _worded_question(block)
        for code, wording, comment, lead in questions:
            verdict = _last_cue(_ITEM_CUE, " ".join(filter(None, [lead, comment])))
            if verdict is None and caption is not None:  # a score table's row: its caption decides
                verdict = _last_cue(_HEADING_CUE, "\n".join(b.text for b in blocks[max(caption - 1, 0):caption + 1]))
            elif verdict is None and (block.is_item or block.listed or _ENUMERATION.match(block.text)):
                verdict = _context_verdict(blocks, n)
            if verdict == "weak":
                section_code = None if code else _code_by_section(blocks, n)
                by_wording = code is None and not _illegible_item(block.text)
                out.append(WeakQuestion(code, wording, comment, section_code=section_code, by_wording=by_wording))
    return out


def _worded_question(block: _Block) -> list[tuple[None, str, str | None, str]]:
    """A listed entry that names its question by wording alone ("• เจ้าหน้าที่ของหน่วยงานท่าน …
    มากน้อยเพียงใด"): (None, wording, comment, lead), for the catalog to name, or nothing when the
    entry opens with a recommendation (no wording before it)."""
    text = _LIST_OPENING.sub("", block.text)
    wording, comment = _split_wording(text)
    return [(None, wording, comment, "")] if wording else []


def _code_by_section(blocks: list[_Block], n: int) -> str | None:
    """The code of a listed item whose letter OCR read as a digit other than 1 or 0 ("ข้อ6๑๔", which
    `CODE` cannot read as i or o): its legible number, under the tool its section heading names
    ("…ผู้มีส่วนได้ส่วนเสียภายนอก (EIT)" above makes it e14). None when either is missing."""
    item = _illegible_item(blocks[n].text)
    token = _LETTER_MISREAD.fullmatch(item.group("token")) if item else None
    if token is None:
        return None
    tool = next(filter(None, (tool_of(b.text) for b in _headings_above(blocks, n))), None)
    return normalize_code(tool[0] + token.group("number")) if tool else None


def table_weak_questions(table: Table) -> list[WeakQuestion]:
    """Questions a table lists as weak ("ข้อคำถามที่ได้คะแนนต่ำ | คะแนน"): a row whose cell starts with
    a code. The verdict is the row's own comment, else the table's heading: its header, else the
    nearest of the lines just above that names one, up to a caption that names the scores and no
    verdict. A measures table's codes belong to its measure rows, so it lists none.
    """
    if is_measures_table(table):
        return []
    header_rows, data = body_rows(table)
    heading_verdict = _last_cue(_HEADING_CUE, "\n".join(list(table.header) + [r.texts[0] for r in header_rows]))
    for line in reversed([ln for ln in table.context.splitlines()[-3:] if ln.strip()]):
        if heading_verdict:
            break
        heading_verdict = _last_cue(_HEADING_CUE, line)
        if heading_verdict is None and _is_score_header(clean_text(line).strip("*# ")):
            break  # a caption that names the scores and no verdict ("คะแนนรายข้อของ…"): a listing of all items
    out: list[WeakQuestion] = []
    for row in header_rows + data:
        texts = [collapse_spaces(clean_text(c.text)) for c in row.cells]
        for i, text in enumerate(texts):
            item = _ITEM.match(text)
            if not item:
                continue
            others = [t for j, t in enumerate(texts) if j != i and t and not _number(t)]
            wording, comment = _split_wording(text[item.end():])
            if wording is None and others and not _ITEM.match(others[0]):
                wording, others = others[0], others[1:]
            comment = " ".join(filter(None, [comment, *others])) or None
            if (_last_cue(_ITEM_CUE, comment or "") or heading_verdict) == "weak":
                out.extend(WeakQuestion(code, wording, comment) for code in codes_in(item.group("codes")))
    return out


def _dedupe_questions(questions: Iterable[WeakQuestion]) -> list[WeakQuestion]:
    """One entry per code: the first seen, its missing wording or comment filled from a later one."""
    kept: dict[str, WeakQuestion] = {}
    for q in questions:
        if q.code is None:  # an illegible code: one entry per wording, named later by the catalog
            kept.setdefault(f"?{q.question_text}", q)
            continue
        old = kept.get(q.code)
        if old is None:
            kept[q.code] = q
        elif not old.question_text or not old.recommendation:
            kept[q.code] = WeakQuestion(q.code, old.question_text or q.question_text,
                                        old.recommendation or q.recommendation)
    return list(kept.values())


def _blocks(lines: list[str]) -> list[_Block]:
    """Lines grouped into paragraphs: a bullet, an item number, a line citing a code, a heading
    (a known heading word first, or a short line naming weakness or strength) or the line after a
    lead-in that announces a list ("… ดังนี้") starts one."""
    blocks: list[_Block] = []
    parts: list[str] = []
    in_list = False

    def close(end: int) -> None:
        heading = _HEADING_START.match(parts[0])
        listed = not heading and (in_list or bool(_BULLET_LINE.match(parts[0])))
        blocks.append(_Block(end - len(parts), join_lines(parts), _is_item(parts[0]), listed,
                             _is_score_header(parts[0])))

    for i, line in enumerate(lines):
        bullet = _BULLET_LINE.match(line)
        after_lead_in = bool(parts) and _LEAD_IN.search(parts[-1]) is not None
        enumerating = bool(parts) and _ENUMERATION.match(parts[0]) is not None  # one sentence, wrapped
        starts = (_is_item(line) or (_MENTION.search(line) and not enumerating) or bullet or after_lead_in
                  or _ENUMERATION.match(line) or _is_score_header(line) or (parts and _is_score_header(parts[-1]))
                  or _HEADING_START.match(line) or (len(line) <= _MAX_HEADING and _HEADING_CUE.search(line))
                  or not line or len(parts) >= _MAX_BLOCK_LINES)
        if parts and starts:
            close(i)
            in_list = after_lead_in or (in_list and bool(line) and not _HEADING_START.match(line))
            parts = []
        if line:
            parts.append(line)
    if parts:
        close(len(lines))
    return blocks


def _is_score_header(line: str) -> bool:
    """A table's column header naming a score, as a text line: short, "คะแนน" in it, no number."""
    return len(line) <= _MAX_SCORE_HEADER and "คะแนน" in line and not re.search(f"[{_D}]", line) \
        and not _is_item(line)


def _is_item(line: str) -> bool:
    return bool(_ITEM.match(line) or _illegible_item(line))


def _illegible_item(line: str) -> re.Match[str] | None:
    """A listed question whose code cannot be read (see `_ILLEGIBLE_ITEM`); None for anything else."""
    m = _ILLEGIBLE_ITEM.match(line)
    if m is None or _ITEM.match(line):
        return None
    token = m.group("token")
    if token.upper() in ("ITA", "IIT", "EIT", "OIT"):
        return None  # "ข้อ ITA …": the assessment or a tool named, not a question
    latin = any(c.isascii() and c.isalpha() for c in token)
    mixed = any(c in "0123456789" for c in token) and any("\u0e50" <= c <= "\u0e59" for c in token)
    return m if latin or mixed else None


def _block_questions(block: _Block) -> Iterator[tuple[str | None, str | None, str | None, str]]:
    """(code, wording, the comment after the wording, the text before the codes) for every code
    group a paragraph cites: a listed item's leading codes only (a code in its recommendation is a
    reference), or every code group of a sentence. A listed item with an illegible code gives code
    None and its wording."""
    item = _ITEM.match(block.text)
    illegible = None if item else _illegible_item(block.text)
    if illegible:
        wording, comment = _split_wording(block.text[illegible.end():])
        if wording:  # without a wording nothing can name the question
            yield None, wording, comment, block.text[:illegible.start("token")]
        return
    if item:
        groups = [(item.start("codes"), item.end("codes"))]
    else:
        groups = [(m.start(next(g for g in "abc" if m.group(g))), m.end()) for m in _MENTION.finditer(block.text)]
        enumeration = _ENUMERATION.match(block.text)
        if enumeration:  # the questions it names by wording before its first code ("ได้แก่ แนวปฏิบัติ… และ o2 …")
            stretch = block.text[enumeration.end():groups[0][0] if groups else len(block.text)]
            stretch = _SENTENCE_TAIL.split(_DANGLING_AND.sub("", stretch))[0]
            for part in _AND.split(stretch):
                wording, comment = _split_wording(part)
                if wording:
                    yield None, wording, comment, ""
    ends = [start for start, _ in groups[1:]] + [len(block.text)]
    for (start, end), nxt in zip(groups, ends):
        rest, tail = block.text[end:nxt], None
        if not item:  # in a sentence, "ซึ่ง…" goes on about the list, not the question (no wording holds it)
            rest, *tails = _SENTENCE_TAIL.split(rest, maxsplit=1)
            tail = "ซึ่ง" + tails[0] if tails else None
        wording, comment = _split_wording(rest)
        comment = " ".join(filter(None, [comment, tail])) or None
        for code in codes_in(block.text[start:end]):
            yield code, wording, comment, block.text[:start]


def codes_in(group: str) -> list[str]:
    """Normalised codes of a group ("ข้อ i28, i29"; "O1 - O3" is o1, o2, o3)."""
    tokens = list(_ONE_CODE.finditer(group))
    out: list[str] = []
    prev: str | None = None
    for k, token in enumerate(tokens):
        code = normalize_code(token.group())
        if code is None:
            continue
        between = group[tokens[k - 1].end(): token.start()] if k else ""
        if prev and _RANGE.match(between) and prev[0] == code[0] \
                and 0 < int(code[1:]) - int(prev[1:]) <= _MAX_RANGE:
            out.extend(f"{code[0]}{n}" for n in range(int(prev[1:]) + 1, int(code[1:])))
        out.append(code)
        prev = code
    return out


def _split_wording(rest: str) -> tuple[str | None, str | None]:
    """A listed question's wording and the comment after it (recommendation or finding).

    A wording may itself hold a word that usually opens a comment (e7: "…ที่ประชาชนควรได้รับทราบ…
    มากน้อยเพียงใด"): a cut with no question ending before it and one after it fell inside the
    question, so the wording runs to that ending.
    """
    rest = rest.lstrip(_LEAD_TRIM)
    end = _WORDING_END.search(rest)
    cut = end.start() if end else len(rest)
    ending = _QUESTION_ENDING.search(rest, cut)
    if ending and not _QUESTION_ENDING.search(rest, 0, cut):
        cut = ending.end()
        if end and _SCORE_NUMBER.fullmatch(end.group()):
            # a score printed beside the wording's first line, read into it: no wording holds one
            rest = _join_around(rest[:end.start()], rest[end.end():])
            ending = _QUESTION_ENDING.search(rest)
            cut = ending.end() if ending else len(rest)
    finding = _FINDING_WORDS.search(rest, 0, cut)
    if finding:
        phrase = rest.rfind(" ", 0, finding.start()) + 1
        cut = phrase or finding.start()
    return rest[:cut].rstrip(_TRAIL_TRIM) or None, rest[cut:].strip() or None


_SCORE_NUMBER = re.compile(rf"[{_D}]+\.[{_D}]+")


def _join_around(left: str, right: str) -> str:
    """Two pieces of one wording with something cut out between them: Thai letters meet without a
    space (the cut fell at a line wrap inside the text), anything else with one."""
    left, right = left.rstrip(), right.lstrip()
    thai = script_of(left[-1:]) == script_of(right[:1]) == "thai"
    return left + ("" if thai or not left or not right else " ") + right


def _last_cue(pattern: re.Pattern[str], text: str) -> str | None:
    """"weak" or "strong": the last cue of a text decides ("ดีเยี่ยม … ควรพัฒนาตัวชี้วัดที่มีผลต่ำ ดังนี้")."""
    last = None
    for m in pattern.finditer(text):
        last = "weak" if m.group("weak") else "strong"
    return last


def _context_verdict(blocks: list[_Block], n: int) -> str | None:
    """The verdict of the nearest heading or lead-in above a listed question."""
    return next(filter(None, (_last_cue(_HEADING_CUE, b.text) for b in _headings_above(blocks, n))), None)


def _headings_above(blocks: list[_Block], n: int) -> Iterator[_Block]:
    """The headings and lead-ins above block `n`, nearest first, up to `_CONTEXT_LINES` lines away."""
    start = blocks[n].first_line
    for block in reversed(blocks[:n]):
        if start - block.first_line > _CONTEXT_LINES:
            return
        if not block.is_item:
            yield block
