"""Analysis reports -> the score of every ITA item (question) they print.

Many รายงานผลการวิเคราะห์ print the NACC's per-item results: a table "ประเด็นการประเมิน | คะแนนที่ได้"
with each tool and indicator heading and its score, then its items ("i7 ท่านทราบข้อมูล… | 86.50"),
wordings wrapped over two or three lines and items cut by page breaks; per-issue tables "ที่ | หัวข้อ
| เครื่องมือการประเมิน | ข้อคำถาม | คะแนน" listing several codes per cell with one score per line (or
one 100 for a whole OIT group); and lists of low-scoring items. Two readers cover them:

1. tables: a row whose cell starts with a code is an item row, paired with the numbers of the
   columns whose header names a score (คะแนน) or a year; a row with no code right under an item
   row that still waits for its score (a page break cut it) carries the rest of its wording and its
   score; a heading row (an indicator, a tool) gives the printed score the items are checked against;
2. text lines, for what no table gave (borderless PDFs, whose two-column tables no table engine
   finds): a line that starts with a code opens an item, the score is the number that ends its
   first or its last line; a wrapped line joins the item when it is a part of the item's catalog
   wording (so the paragraph after a table never does).

A number pairs with items only when it says which: one score per item, or one 100 (or 0) for a
group, since a mean of scores of at most 100 is 100 only when each one is. An item printed twice
with one value is kept once; with two values both are kept and a warning names them (which print
is wrong is for a person to decide). An indicator printed beside all of its items is checked
against their mean, and a difference is reported, never repaired.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz

from corpus.catalog import load_catalog, year_items
from corpus.match import match_questions, wording_key
from extractors.columns import column_role
from extractors.model import Table, TableRow, join_lines
from extractors.normalize import collapse_spaces, thai_digits_to_arabic
from extractors.records import is_measures_table
from extractors.tables import PAGE_FURNITURE
from extractors.scores import (
    BULLET,
    CODE_GROUP,
    TOLERANCE,
    body_rows,
    classify,
    clean_text,
    codes_in,
    column_labels,
    prose_text,
    score_column_role,
    tool_of,
    years_in,
)

MAX_WRAP_LINES = 3  # lines an item the catalog lacks may take to reach its score
_WORDING_MIN = 90  # partial_ratio of a wrapped line inside the item's catalog wording
_MAX_HEADING = 80  # characters: a longer line is a sentence, not a table heading

_D = "0-9\u0e50-\u0e59"
# An item: a code group at the start of a line (after a bullet or "ข้อ"), or right after the tool
# column of a per-issue row printed as text ("1 การปฏิบัติงาน IIT i7 …").
_ITEM = re.compile(
    rf"^(?:.*?(?<![A-Za-z])(?:IIT|EIT|OIT)\s+)?\s*{BULLET}?\s*(?:ข้อ(?:ที่)?\s*)?(?P<codes>{CODE_GROUP})"
)
# A bare item number under a tool column ("ข้อ 7", "7.", "๗) ท่านทราบ…"; not "6 เดือน", a wrapped line).
_BARE_ITEM = re.compile(rf"^\s*(?:ข้อ(?:ที่)?\s*(?P<after>[{_D}]{{1,2}})(?![{_D}.])|(?P<before>[{_D}]{{1,2}})[.)](?![{_D}]))")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{1,2})?(?![\d.])")
_SCORE_CELL = re.compile(r"^[\d.\s]*(?:คะแนน)?[\d.\s]*$")
_TRAILING_SCORE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*(?:คะแนน)?\s*$")
_NOT_A_SCORE_BEFORE = re.compile(r"(?:ร้อยละ|เกณฑ์|ไม่น้อยกว่า|ไม่ต่ำกว่า|เป้าหมาย)\s*$")
_SCORE_WORDS = re.compile(r"\s*(?:(?:ได้)?(?:ผล)?(?:ค่า)?คะแนน(?:ที่ได้)?|=|:)\s*$")
_SECTION_START = re.compile(rf"^\s*[{_D}]{{1,2}}\.\s*\D")
_SCORE_LABEL = re.compile(r"คะแนน|score", re.IGNORECASE)
_TOOL_LETTERS = {"IIT": "i", "EIT": "e", "OIT": "o"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """The score a document prints for one ITA item of one assessment year.

    `code` is the printed code normalised ("i7"); `catalog_code` is the catalog item it resolves to
    (`resolve_question_scores`), None until resolved or when nothing fits.
    """

    ita_year_be: int | None
    code: str
    question_text: str | None
    score: float
    catalog_code: str | None = None


@dataclass(slots=True)
class _Item:
    """An item as a reader assembles it: codes, wording lines, and its score per year column."""

    codes: list[str]
    lines: list[str]
    values: dict[int | None, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Heading:
    """A score printed for an indicator among the items."""

    year: int | None
    indicator_no: int
    value: float


def extract_question_scores(tables: list[Table], text: str, ita_year_be: int | None
                            ) -> tuple[list[QuestionScore], list[str]]:
    """Every item score a document prints, and warnings (conflicting prints, indicators whose
    printed score is not the mean of their items).

    `tables` are all tables of the document, `text` its full text (pages separated by
    `scores.PAGE_BREAK` where known), `ita_year_be` the assessment year analysed (the year of every
    score printed under no year).
    """
    items, headings = _table_items(tables, ita_year_be)
    text_items, text_headings = _text_line_items(prose_text(text, tables), ita_year_be)
    reads = [r for item in items for r in _reads(item)]
    known = {(r.year, r.code) for r in reads}
    reads += [r for item in text_items for r in _reads(item) if (r.year, r.code) not in known]
    printed = {(h.year, h.indicator_no) for h in headings}
    headings += [h for h in text_headings if (h.year, h.indicator_no) not in printed]
    scores = _merge(reads)
    return scores, _conflicts(scores) + _heading_conflicts(headings) + _check_indicators(scores, headings)


class _Read(NamedTuple):
    """One score as printed: text lines read the same print less surely than a table, so they
    only fill the (year, code) pairs no table gave."""

    year: int | None
    code: str
    wording: str | None
    value: float


def _reads(item: _Item) -> list[_Read]:
    wording = _wording(item.lines)
    return [_Read(year, code, wording, value) for year, value in item.values.items() for code in item.codes]


# ---------------------------------------------------------------------------------------- parsing


def _flat(text: str) -> str:
    """NFC, ำ restored, Thai digits as Arabic: one character for one, so positions carry over."""
    return thai_digits_to_arabic(clean_text(text))


def _squeeze(text: str) -> str:
    return _SPACES.sub("", _flat(text))


def _item_start(line: str) -> tuple[list[str], str] | None:
    """(codes, the wording after them) when a line opens an item. Codes are matched with their
    Thai digits ("๐24" is o24), so on the cleaned line, not the Arabic one."""
    clean = clean_text(line)
    m = _ITEM.match(clean)
    codes = codes_in(m.group("codes")) if m else []
    return (codes, clean[m.end():]) if codes else None


def _trailing_score(line: str) -> tuple[float, str] | None:
    """(score, the cleaned line before it) when a text line ends with a score: with decimals, or a
    bare 100 or 0 (OIT items pass or fail); a share, a threshold or a count ("ร้อยละ 100", "รอบ 6")
    is not one."""
    clean = clean_text(line)
    flat = thai_digits_to_arabic(clean)
    m = _TRAILING_SCORE.search(flat)
    if not m or _NOT_A_SCORE_BEFORE.search(flat[: m.start()]):
        return None
    value = float(m.group("num"))
    if value > 100 or ("." not in m.group("num") and value not in (0.0, 100.0)):
        return None
    return value, clean[: m.start()]


def _cell_scores(lines: tuple[str, ...]) -> list[float] | None:
    """The scores a score cell holds, one per line or space-separated; None when it holds words.
    Lines are read one by one: joined, "78.91" over "71.25" would read as one glued number."""
    flat = [_flat(line) for line in lines if line.strip()]
    if not flat or not all(_SCORE_CELL.match(line) for line in flat):
        return None
    values = [float(n) for line in flat for n in _NUMBER.findall(line)]
    return values if values and all(v <= 100 for v in values) else None


def _wording(lines: Iterable[str]) -> str | None:
    """An item's printed wording: lines joined, spaces collapsed, a trailing "ได้คะแนน" dropped."""
    text = collapse_spaces(clean_text(join_lines([ln for ln in lines if ln.strip()])))
    text = _SCORE_WORDS.sub("", text).strip(" \t-–:.,;")
    return text or None


def _heading(label: str, year: int | None) -> int | None:
    """The indicator number a heading names, or 0 for another heading (a tool, the total); None
    when the label is no heading (a question's wording, a sentence)."""
    if not label.strip() or len(label) > _MAX_HEADING:
        return None
    subject = classify(label, year)
    if subject is None:
        return None
    return subject.indicator_no if subject.scope == "indicator" else 0


# ----------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class _Columns:
    """What the columns of an item-score table hold."""

    scores: tuple[tuple[int, int | None], ...]  # (column, year of its scores)
    question: int | None  # the ข้อคำถาม column, where a bare item number may stand
    header: tuple[tuple[str, ...], ...]  # squeezed header rows, to drop their repeats


def _table_items(tables: list[Table], year: int | None) -> tuple[list[_Item], list[_Heading]]:
    """Items and indicator headings of every table that prints item scores, in reading order.

    An item waiting for its score at the end of one table may get it from the first row of the
    next (a page break that the table engine did not stitch)."""
    items: list[_Item] = []
    headings: list[_Heading] = []
    waiting: _Item | None = None
    for table in tables:
        columns = _columns(table, year) if not is_measures_table(table) else None
        if columns is None:
            waiting = None
            continue
        waiting = _read_table(table, columns, year, items, headings, waiting)
    return [i for i in items if i.values], headings


def _columns(table: Table, year: int | None) -> _Columns | None:
    """The score columns (header names a score or a year, not a rank, change or weight) and the
    question column; None for a table with no score column."""
    header_rows, data = body_rows(table)
    if not data:
        return None
    ncols = max(len(r.cells) for r in header_rows + data)
    labels = column_labels(table, header_rows, ncols)
    scores = tuple((c, (years_in(label) or [year])[0]) for c, label in enumerate(labels)
                   if score_column_role(label) == "data" and (_SCORE_LABEL.search(label) or years_in(label)))
    if not scores:
        return None
    question = next((c for c, label in enumerate(labels) if column_role(label) == "question"), None)
    header = tuple(tuple(_squeeze(t) for t in r.texts) for r in header_rows)
    return _Columns(scores, question, header)


def _read_table(table: Table, columns: _Columns, year: int | None, items: list[_Item],
                headings: list[_Heading], waiting: _Item | None) -> _Item | None:
    """Append the table's items and, if it has items, its headings (a table of indicators alone is
    the scores reader's); return the item still waiting for its score."""
    score_cols = {c for c, _ in columns.scores}
    wordings = _catalog_wordings(year)
    tool: str | None = None
    last: _Item | None = waiting
    own_headings: list[_Heading] = []
    has_items = False
    for row in body_rows(table)[1]:
        if tuple(_squeeze(t) for t in row.texts) in columns.header:
            continue  # the header repeated on a new page
        tool = _row_tool(row, score_cols) or tool
        values = _row_values(row, columns)
        found = _row_items(row, columns, tool, values)
        label = " ".join(c.text for i, c in enumerate(row.cells) if i not in score_cols)
        heading = _heading(label, year)
        if found:
            items.extend(found)
            last, has_items = found[-1], True
        elif last is not None and label.strip() and _carries_on(last, label, bool(values), heading, wordings):
            last.lines.append(label)  # the rest of an item that a page break cut
            _pair([last], values)
        else:
            if heading:
                own_headings += [_Heading(y, heading, v[0]) for y, v in values.items() if len(v) == 1]
            last = None
    if has_items:
        headings.extend(own_headings)
    return last if last is not None and not last.values else None


def _row_tool(row: TableRow, score_cols: set[int]) -> str | None:
    """IIT / EIT / OIT when a short cell of the row names a tool (the per-issue layout's column)."""
    for i, cell in enumerate(row.cells):
        if i not in score_cols and 0 < len(cell.text) <= 60 and not _item_start(cell.text):
            tool = tool_of(cell.text)
            if tool:
                return tool
    return None


def _row_items(row: TableRow, columns: _Columns, tool: str | None,
               values: dict[int | None, list[float]]) -> list[_Item]:
    """The items of an item row, each with its scores; [] for any other row."""
    score_cols = {c for c, _ in columns.scores}
    for i, cell in enumerate(row.cells):
        if i in score_cols:
            continue
        items = _cell_items(cell.lines, tool if i == columns.question else None)
        if items:
            if len(items) == 1 and not _wording(items[0].lines):  # code in one column, wording in the next
                items[0].lines = [c.text for j, c in enumerate(row.cells) if j > i and j not in score_cols]
            _pair(items, values)
            return items
    return []


def _cell_items(lines: tuple[str, ...], tool: str | None) -> list[_Item]:
    """Items of one cell: each line that opens with a code (or, under a tool, a bare number) starts
    one; the lines after it are its wrapped wording. A cell that does not open with one has none."""
    items: list[_Item] = []
    for line in lines:
        start = _item_start(line) or _bare_item(line, tool)
        if start:
            items.append(_Item(start[0], [start[1]]))
        elif items:
            items[-1].lines.append(line)
        elif line.strip():
            return []
    return items


def _bare_item(line: str, tool: str | None) -> tuple[list[str], str] | None:
    """A bare item number in the question column of a row whose tool column names the tool."""
    clean = clean_text(line)
    m = _BARE_ITEM.match(thai_digits_to_arabic(clean)) if tool else None
    if not m:
        return None
    return [f"{_TOOL_LETTERS[tool]}{int(m.group('after') or m.group('before'))}"], clean[m.end():]


def _row_values(row: TableRow, columns: _Columns) -> dict[int | None, list[float]]:
    """Scores of a row per year column (several per cell when a cell lists several items)."""
    out: dict[int | None, list[float]] = {}
    for col, year in columns.scores:
        values = _cell_scores(row.cells[col].lines) if col < len(row.cells) else None
        if values:
            out.setdefault(year, []).extend(values)
    return out


def _pair(items: list[_Item], values: dict[int | None, list[float]]) -> None:
    """Give each item its score: one per item in order, or one 100 (or 0) for all of them, which
    only a group whose every item scored 100 (or 0) can average. Any other count says nothing
    about single items (a group's mean) and pairs nothing."""
    codes = sum(len(i.codes) for i in items)
    for year, scores in values.items():
        if len(scores) == len(items) and all(len(i.codes) == 1 or s in (0.0, 100.0) for i, s in zip(items, scores)):
            for item, score in zip(items, scores):
                item.values[year] = score
        elif len(scores) == 1 and codes > 1 and scores[0] in (0.0, 100.0):
            for item in items:
                item.values[year] = scores[0]


# ------------------------------------------------------------------------------------- text lines


def _text_line_items(text: str, year: int | None) -> tuple[list[_Item], list[_Heading]]:
    """Items and indicator headings printed as text lines (the tables a borderless PDF hides).

    A line that opens with a code starts an item; its score ends its first line, or a later one
    (the score on the last line of a cell, or after a page break). Column headers ("ประเด็นการประเมิน
    คะแนนที่ได้", repeated on each page) and page numbers are passed over; a heading or a numbered
    section ends an item. An indicator heading counts only next to items (not in a comparison table).
    """
    items: list[_Item] = []
    headings: list[_Heading] = []
    unconfirmed: list[_Heading] = []  # headings not yet seen next to an item
    wordings = _catalog_wordings(year)
    current: _Item | None = None
    for line in text.splitlines():
        scored = _trailing_score(line)
        if not line.strip() or _is_column_header(line) or (PAGE_FURNITURE.match(line) and not scored):
            continue
        start = _item_start(line)
        if start:
            _keep(current, items)
            headings += unconfirmed
            unconfirmed = []
            current = _Item(start[0], [])
            _add_line(current, start[1], year)
            continue
        label = scored[1] if scored else line
        no = _heading(label, year)
        if current is not None and not _SECTION_START.match(_flat(line)) and _carries_on(
                current, label, scored is not None, no, wordings, room=len(current.lines) < MAX_WRAP_LINES):
            _add_line(current, line, year)
            continue
        if no and scored:  # an indicator among items: after one, or before the next
            (headings if current is not None else unconfirmed).append(_Heading(year, no, scored[0]))
        elif no is None:
            unconfirmed = []
        _keep(current, items)
        current = None
    _keep(current, items)
    return items, headings


def _add_line(item: _Item, line: str, year: int | None) -> None:
    """A line of an item's wording, with the score it ends with."""
    scored = _trailing_score(line)
    item.lines.append(scored[1] if scored else line)
    if scored:
        item.values[year] = scored[0]


def _keep(item: _Item | None, items: list[_Item]) -> None:
    """Keep an item that got its score; one that never did was no score row."""
    if item is not None and item.values:
        items.append(item)


def _is_column_header(line: str) -> bool:
    """A short line naming a score column, without a number: a table header, maybe repeated."""
    return len(line) <= _MAX_HEADING and bool(_SCORE_LABEL.search(line)) \
        and not _NUMBER.search(_flat(line)) and not _item_start(line)


def _carries_on(item: _Item, text: str, has_score: bool, heading: int | None, wordings: dict[str, list[str]],
                room: bool = True) -> bool:
    """Whether text without a code (a wrapped line, a row after a page break) is the rest of an item.

    It is when it is a part of the item's catalog wording, maybe with the score the item waits for,
    even if it names an indicator ("…การใช้งบประมาณประจำปี รอบ ๖ เดือน" is o12's, not a heading), or
    when it is that score alone. For codes the catalog lacks, any text that is no heading carries
    on an item that waits for its score, while there is `room`.
    """
    if has_score and item.values:
        return False  # a second score is another row's
    if not text.strip():
        return has_score
    if any(code in wordings for code in item.codes):
        return _in_wording(item, text, wordings)
    return not item.values and heading is None and room


def _in_wording(item: _Item, text: str, wordings: dict[str, list[str]]) -> bool:
    """Whether text is a part of the catalog wording of one of the item's codes."""
    key = wording_key(text)
    return bool(key) and any(fuzz.partial_ratio(key, w) >= _WORDING_MIN
                             for code in item.codes for w in wordings.get(code, ()))


@lru_cache(maxsize=16)
def _catalog_wordings(year: int | None) -> dict[str, list[str]]:
    """Comparison keys of each code's catalog wording: the year's items (borrowing from its
    framework neighbour), or every year's when the year is unknown."""
    catalog = load_catalog()
    items = year_items(catalog, year) if year is not None else catalog
    out: dict[str, list[str]] = {}
    for code, text in zip(items["code"], items["text"]):
        out.setdefault(str(code), []).append(wording_key(str(text)))
    return out


# ------------------------------------------------------------------------------ merging and checks


def _merge(reads: list[_Read]) -> list[QuestionScore]:
    """One score per (year, code, value), in print order, with the first wording printed: a value
    printed twice is one score, two values for one item are both kept."""
    values: dict[tuple[int | None, str], list[float]] = {}
    wording: dict[tuple[int | None, str], str | None] = {}
    for r in reads:
        _add_distinct(values.setdefault((r.year, r.code), []), r.value)
        wording[(r.year, r.code)] = wording.get((r.year, r.code)) or r.wording
    return [QuestionScore(year, code, wording[(year, code)], v) for (year, code), vs in values.items() for v in vs]


def _add_distinct(values: list[float], value: float) -> None:
    """Add a printed value unless it is one already there (two decimals are printed)."""
    if all(abs(v - value) >= 0.005 for v in values):
        values.append(value)


def _by_item(scores: list[QuestionScore]) -> dict[tuple[int | None, str], list[float]]:
    out: dict[tuple[int | None, str], list[float]] = {}
    for s in scores:
        out.setdefault((s.ita_year_be, s.code), []).append(s.score)
    return out


def _conflicts(scores: list[QuestionScore]) -> list[str]:
    """A warning for each item printed with different scores (which print is wrong is for a person)."""
    return [f"conflicting scores for {_name(code, year)}: printed as {_listed(vs)}; all kept"
            for (year, code), vs in _by_item(scores).items() if len(vs) > 1]


def _heading_conflicts(headings: list[_Heading]) -> list[str]:
    return [f"conflicting scores for {_name(f'indicator {no}', year)} among its items: printed as {_listed(vs)}"
            for (year, no), vs in _heading_values(headings).items() if len(vs) > 1]


def _name(what: str, year: int | None) -> str:
    return f"{what} {year}" if year else what


def _listed(values: list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def _heading_values(headings: list[_Heading]) -> dict[tuple[int | None, int], list[float]]:
    out: dict[tuple[int | None, int], list[float]] = {}
    for h in headings:
        _add_distinct(out.setdefault((h.year, h.indicator_no), []), h.value)
    return out


def _check_indicators(scores: list[QuestionScore], headings: list[_Heading]) -> list[str]:
    """Each indicator printed among its items against the mean of their scores.

    Only an indicator whose every catalog item has exactly one printed score is checked: a list of
    low-scoring items is not the whole indicator, and a conflicting item is already reported.
    """
    by_item = _by_item(scores)
    warnings: list[str] = []
    for (year, no), printed in _heading_values(headings).items():
        codes = _indicator_codes(year).get(no, [])
        values = [by_item.get((year, c), []) for c in codes]
        if not codes or any(len(v) != 1 for v in values):
            continue
        mean = sum(v[0] for v in values) / len(values)
        warnings += [f"{_name(f'indicator {no}', year)} is {p:g} but its {len(codes)} items average {mean:.2f}"
                     for p in printed if abs(p - mean) > TOLERANCE]
    return warnings


@lru_cache(maxsize=16)
def _indicator_codes(year: int | None) -> dict[int, list[str]]:
    """The item codes of each indicator in `year`'s catalog (with its framework neighbour's)."""
    if year is None:
        return {}
    items = year_items(load_catalog(), year).dropna(subset=["indicator_no"])
    out: dict[int, list[str]] = {}
    for no, code in zip(items["indicator_no"], items["code"]):
        out.setdefault(int(no), []).append(str(code))
    return out


# ----------------------------------------------------------------------------------- the catalog


def resolve_question_scores(scores: list[QuestionScore]) -> list[QuestionScore]:
    """The catalog item of each score: the printed code checked against the printed wording in the
    score's own year (`corpus.match`, one cdist call for the document)."""
    if not scores:
        return scores
    frame = pd.DataFrame({
        "ita_year_be": [s.ita_year_be for s in scores],
        "code": [s.code for s in scores],
        "code_raw": [s.code for s in scores],
        "question_text": [s.question_text for s in scores],
        "finding": [None] * len(scores),
    })
    matched = match_questions(frame, load_catalog())["catalog_code"]
    return [dataclasses.replace(s, catalog_code=None if pd.isna(c) else str(c)) for s, c in zip(scores, matched)]
