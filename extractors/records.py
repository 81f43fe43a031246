"""Tables -> measure rows: column roles applied, continuation rows merged, banners as context.

Rules (from real plans and reports):
- a header row repeated on every page was already dropped by the table engine;
- the first row on a new page whose identity cells are empty, or whose steps resume at item 2 or
  later, or whose short cells (period, responsible) are empty while the row above had them, continues
  the row above: its text is appended; so does a row on the same page with nothing of its own but more
  steps or results (one step per grid row, the other cells merged down over them);
- a row with an empty ประเด็น cell is its own row and inherits the issue above (or the issue heading
  printed above the table);
- a banner row (one cell across the table) is a section heading (IIT / EIT / OIT) or a measure-group
  title: context for the rows under it (their measure, when they have none), never a row itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.issues import match_issue as corpus_match_issue
from extractors.model import PARAGRAPH_END, MeasureRow, Table, TableRow, join_lines
from extractors.roles import column_roles
from extractors.normalize import (collapse_spaces, parse_period, split_questions, split_steps, split_units,
                                  thai_digits_to_arabic)
from extractors.thai import repair_text

MEASURE_ROLES = frozenset({"issue", "question", "finding", "measure", "steps", "period", "responsible", "result", "outcome"})
_IDENTITY = ("issue", "question", "finding")
_SECTION = re.compile(r"\b(IIT|EIT|OIT)\b", re.IGNORECASE)
_SECTION_WORDS = (("ภายนอก", "EIT"), ("ภายใน", "IIT"), ("เปิดเผยข้อมูล", "OIT"))
_ISSUE_NUMBER = re.compile(r"^\s*(?:ประเด็น(?:ที่)?\s*)?[\(\[]?[0-9๐-๙]{1,2}[\.\)\]]?\s*")
_FIRST_ITEM = re.compile(r"^\s*[\(\[]?([0-9๐-๙]{1,2})[\.\)\]]")


_PLAN_COLUMNS = frozenset({"steps", "measure", "result", "finding"})


def is_measures_table(table: Table) -> bool:
    """A table with at least two measure-table columns (by header and cells), one of them a plan column
    (steps, approach, finding or result): a table of questions and scores alone is not a plan."""
    roles = set(column_roles(table))
    return len(roles & MEASURE_ROLES) >= 2 and bool(roles & _PLAN_COLUMNS)


def section_of(text: str) -> str | None:
    """IIT / EIT / OIT when a heading names one of the three assessment tools."""
    m = _SECTION.search(text)
    if m:
        return m.group(1).upper()
    if "ผู้มีส่วนได้ส่วนเสีย" in text or "แบบวัด" in text or "ด้าน" in text:
        for word, tool in _SECTION_WORDS:
            if word in text:
                return tool
    return None


_HEADING_CHARS = 120  # a heading is a short line; a sentence that names an issue is prose


def heading_issue(context: str) -> tuple[int | None, str | None]:
    """The NACC issue a heading just above a table names ("1) กระบวนการปฏิบัติงาน…"), or (None, None)."""
    for line in reversed(context.splitlines()[-4:]):
        if len(line.strip()) <= _HEADING_CHARS:
            number, title = match_issue(line)
            if number is not None:
                return number, title
    return None, None


def measure_rows(table: Table, start_no: int = 1, fiscal_year_be: int | None = None,
                 section: str | None = None,
                 heading: tuple[int | None, str | None] = (None, None)) -> list[MeasureRow]:
    """The logical rows of one measures table; `heading` is the issue named above it (or above the
    question table before it), for rows whose own cells name none."""
    roles = column_roles(table)
    for line in reversed(table.context.splitlines()[-3:]):
        found = section_of(line)
        if found:
            section = found
            break
    merged = _merge_rows(list(table.rows), roles)
    out: list[MeasureRow] = []
    issue: tuple[int | None, str | None] = heading
    for logical in merged:
        row = _record(logical.cells, roles, table.header, fiscal_year_be)
        if row is None:
            continue
        row.section = logical.section or section
        row.measure = row.measure or logical.group
        if row.issue_title is None and row.issue_no is None:
            row.issue_no, row.issue_title = issue
        else:
            issue = (row.issue_no, row.issue_title)
        row.row_no = start_no + len(out)
        row.page_first, row.page_last = logical.first, logical.last
        out.append(row)
    return out


@dataclass
class _Logical:
    """A logical row being assembled: lines per column, the section and measure-group banner above
    it, and its first and last page."""

    cells: list[list[str]]
    section: str | None
    group: str | None
    first: int
    last: int


def _merge_rows(rows: list[TableRow], roles: tuple[str | None, ...]) -> list[_Logical]:
    """Group grid rows into logical rows, banners read as their context."""
    logical: list[_Logical] = []
    section: str | None = None
    group: str | None = None
    for row in rows:
        if row.is_banner:
            text = collapse_spaces(row.cells[0].text)
            found = section_of(text)
            if found:
                section, group = found, None
            else:
                group = text
            continue
        cells = [c.marked_lines() for c in row.cells]
        if logical and _continues(logical[-1], row, roles):
            prev = logical[-1]
            for i, lines in enumerate(cells):
                if i < len(prev.cells):
                    prev.cells[i].extend(lines)
            prev.last = row.page
            continue
        logical.append(_Logical(cells, section, group, row.page, row.page))
    return logical


def _continues(prev: _Logical, row: TableRow, roles: tuple[str | None, ...]) -> bool:
    """Whether `row` is the rest of the row above: on the same page, a row with nothing of its own but
    more steps or results (the other cells merged down over it, one step per grid row); after a page
    break, also a row whose identity cells are empty or whose numbered steps resume past item 1."""
    prev_cells, prev_page = prev.cells, prev.last

    def text(cells: list, role: str) -> str:
        return " ".join(join_lines(cells[i]) if isinstance(cells[i], list) else cells[i].text
                        for i, r in enumerate(roles) if r == role and i < len(cells))

    if row.page <= prev_page:
        own = [r for r in (*_IDENTITY, "measure", "period", "responsible") if r in roles]
        more = [r for r in ("steps", "result", "outcome") if r in roles]
        filled = [r for r in own if text(list(row.cells), r).strip()]
        if filled == ["issue"]:  # the rest of an issue title wrapped into a grid row of its own?
            return _completes_issue(text(prev_cells, "issue"), text(list(row.cells), "issue"))
        return bool(own) and not filled and any(text(list(row.cells), r).strip() for r in more)

    identity = [r for r in _IDENTITY if r in roles]
    if identity and not any(text(list(row.cells), r).strip() for r in identity):
        return True
    steps = text(list(row.cells), "steps") or text(list(row.cells), "measure")
    m = _FIRST_ITEM.match(steps)
    if m and int(thai_digits_to_arabic(m.group(1))) > 1:
        return True
    short = [r for r in ("period", "responsible") if r in roles]
    return bool(short) and not any(text(list(row.cells), r).strip() for r in short) \
        and all(text(prev_cells, r).strip() for r in short)


def _completes_issue(above: str, rest: str) -> bool:
    """Whether `rest` is the wrapped end of the issue title above: joined, they name an issue more
    surely than the title above alone (a borderless table cuts a cell's lines into grid rows)."""
    if not above.strip():
        return False
    before = corpus_match_issue(above)
    after = corpus_match_issue(f"{above}{rest.strip()}")
    return after[0] is not None and after[1] > before[1]


def _record(cells: list[list[str]], roles: tuple[str | None, ...], header: tuple[str, ...],
            fiscal_year_be: int | None) -> MeasureRow | None:
    fields: dict[str, str] = {}
    extra: dict[str, str] = {}
    for i, lines in enumerate(cells):
        role = roles[i] if i < len(roles) else None
        # A wrap inside the units cell may fall between two unit names printed without a space
        # ("สำนักปลัดเทศบาล" / "กองยุทธศาสตร์…"); split_units joins a wrapped name back, so keep the break.
        if role == "responsible":
            joined = " ".join(line.strip() for line in lines)
        elif role == "steps":  # a paragraph is a step where nothing is numbered (split_steps reads <br>)
            joined = "<br>".join(join_lines(p) for p in _paragraphs(lines))
        else:
            joined = join_lines(lines)
        text = repair_text(joined).strip()
        if not text:
            continue
        if role in MEASURE_ROLES:
            fields[role] = f"{fields[role]} {text}" if role in fields else text
        elif role != "number":
            extra[(header[i] if i < len(header) else f"column {i + 1}") or f"column {i + 1}"] = text
    return record_from_fields(fields, fiscal_year_be, extra)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """A cell's lines grouped into its paragraphs at the lines marked `PARAGRAPH_END`."""
    out: list[list[str]] = [[]]
    for line in lines:
        out[-1].append(line)
        if line.endswith(PARAGRAPH_END):
            out.append([])
    return [p for p in out if p]


def record_from_fields(fields: dict[str, str], fiscal_year_be: int | None,
                       extra: dict[str, str] | None = None) -> MeasureRow | None:
    """A measure row from the text of each of its roles (a table row's cells, or a list's labelled
    lines): questions, steps, periods and units read from their text."""
    if not fields:
        return None
    row = MeasureRow(row_no=0, extra=extra or {})
    if "issue" in fields:
        number, title = match_issue(fields["issue"])
        if number is None and "measure" not in fields:
            row.measure = collapse_spaces(fields["issue"])  # "ประเด็นที่ต้องพัฒนา" columns hold the measure
        else:
            row.issue_no, row.issue_title = number, title
    row.questions = split_questions(fields.get("question", ""))
    row.finding = _text(fields.get("finding"))
    row.measure = row.measure or _text(fields.get("measure"))
    row.steps = split_steps(fields["steps"]) if "steps" in fields else []
    row.period_text = _text(fields.get("period"))
    if row.period_text:
        row.period_start, row.period_end = parse_period(row.period_text, fiscal_year_be)
    row.responsible = split_units(fields["responsible"]) if "responsible" in fields else []
    row.result = _text(fields.get("result"))
    row.outcome = _text(fields.get("outcome"))
    return row


def _text(value: str | None) -> str | None:
    return collapse_spaces(value) or None if value else None


def match_issue(text: str) -> tuple[int | None, str | None]:
    """(issue number 1-7, title as printed without its numbering) by wording, not by the running number."""
    number, _ = corpus_match_issue(text)
    return number, collapse_spaces(_ISSUE_NUMBER.sub("", text, count=1)) or None
