"""Plain data passed between the stages: page -> table -> record.

Every source (native PDF text, OCR, text exports) produces the same `Page`: words with boxes and
fonts plus ruling lines. One table engine works on that model, so a layout fix helps every source.
The classes are small frozen dataclasses so that a test can build a page by hand.
Coordinates are PDF points with the origin at the top left (pdfplumber's `top`/`bottom`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # question_scores builds on this module
    from extractors.question_scores import QuestionScore


@dataclass(frozen=True, slots=True)
class Word:
    """A run of characters on one line, with the box and the font it was printed in.

    `space_before`/`space_after` say whether the source put a real space there. Thai has no spaces
    between words, and justified Thai text spreads letters apart without space characters, so the
    gap alone cannot decide whether two pieces of a line are one word: the source's space glyph can.
    A space at the end of a wrapped line is how a producer says the wrap fell between words.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str = ""
    size: float = 0.0
    bold: bool = False
    space_before: bool = True
    space_after: bool = False

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (or a thin rectangle's edge): horizontal when top == bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return abs(self.bottom - self.top) <= abs(self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of any source: words, ruling lines, size, and how its text was obtained."""

    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...] = ()
    text_source: str = "pdf"  # pdf | ocr | text
    flags: tuple[str, ...] = ()  # damage a reader saw on this page (`readers_disagree`)


@dataclass(frozen=True, slots=True)
class Cell:
    """Text of one table cell, lines kept (a line break inside a cell is often an item break)."""

    lines: tuple[str, ...]
    bold: bool = False
    ends: tuple[int, ...] = ()  # lines that end a paragraph before the cell's last line

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    def marked_lines(self) -> list[str]:
        """The lines, each line that ends a paragraph inside the cell followed by `PARAGRAPH_END`
        (`join_lines` ignores the mark; a list of steps written without numbers splits at it)."""
        return [line + PARAGRAPH_END if i in self.ends else line for i, line in enumerate(self.lines)]

    @property
    def empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One grid row; `spans[i]` is how many columns cell i covers (0 = covered by a cell to its left)."""

    cells: tuple[Cell, ...]
    page: int
    top: float = 0.0
    spans: tuple[int, ...] = ()

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def is_banner(self) -> bool:
        """One cell across the whole row: a group title or section heading printed inside the table."""
        return len(self.cells) > 1 and bool(self.spans) and self.spans[0] == len(self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    """A table as a grid of cells; one logical table may span several pages."""

    rows: tuple[TableRow, ...]
    header: tuple[str, ...] = ()  # one label per column: multi-row headers flattened to "group / sub"
    header_parts: tuple[tuple[str, ...], ...] = ()  # per column, its header labels from the top row down
    page_first: int = 0
    page_last: int = 0
    ruled: bool = True
    context: str = ""  # the text printed just above the table (section headings)


@dataclass(slots=True)
class PageTable:
    """A table as found on one page, before stitching: rows, column edges, and the text above it."""

    page: int
    rows: list[TableRow]
    xs: list[float]
    top: float
    bottom: float
    context: list[str] = field(default_factory=list)  # text lines between the previous table and this one
    at_page_top: bool = False
    ruled: bool = True
    starts: list[float] = field(default_factory=list)  # borderless: left edge of each column's text
    labels: list[tuple[str, float, float]] = field(default_factory=list)  # borderless: header labels


@dataclass(frozen=True, slots=True)
class Question:
    """An ITA question a row cites, as printed, and (after matching) the catalog item it resolves to."""

    code_raw: str | None
    code: str | None
    text: str | None
    catalog_code: str | None = None
    catalog_year_be: int | None = None
    match_score: float | None = None
    code_conflict: bool | None = None
    match_method: str | None = None


@dataclass(slots=True)
class MeasureRow:
    """One logical row of a measures plan or report, continuation rows already merged."""

    row_no: int
    section: str | None = None
    issue_no: int | None = None
    issue_title: str | None = None
    questions: list[Question] = field(default_factory=list)
    measure: str | None = None
    finding: str | None = None
    steps: list[str] = field(default_factory=list)
    period_text: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    responsible: list[str] = field(default_factory=list)
    result: str | None = None
    outcome: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # text of columns with no known role
    page_first: int = 0
    page_last: int = 0


@dataclass(frozen=True, slots=True)
class Score:
    ita_year_be: int | None
    scope: str  # overall | IIT | EIT | OIT | indicator
    indicator_no: int | None
    score: float
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class WeakQuestion:
    """A question an analysis names as weak. `code` is None where OCR left it illegible; then
    `section_code` is the code its legible number and its section's tool give, if they do, for use
    when the wording names no catalog item (`pipeline.resolve.resolve_weak_questions`).
    `by_wording`: the analysis printed no code at all, only the wording, so only a close match to a
    catalog item names it."""

    code: str | None
    question_text: str | None
    recommendation: str | None = None
    catalog_code: str | None = None
    section_code: str | None = None
    by_wording: bool = False


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    """The agency a document is about; `variants` are the other spellings it printed (OCR, typos)."""

    name: str | None
    agency_type: str | None
    district: str | None = None
    province: str | None = None
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageQuality:
    page: int
    flags: tuple[str, ...]
    trusted: bool


@dataclass(slots=True)
class ExtractedDocument:
    """Everything one file yields, ready to load in one transaction. Picklable: workers return it."""

    doc_id: str
    path: str
    file_name: str
    status: str = "ok"  # ok | partial | failed
    error: str | None = None
    doc_type: str = "unknown"
    report_period: str | None = None  # implementation reports: '6 months' | 'annual'
    agency: AgencyInfo | None = None
    fiscal_year_be: int | None = None
    ita_year_be: int | None = None
    n_pages: int = 0
    text_source: str = "pdf"
    rows: list[MeasureRow] = field(default_factory=list)
    row_tables: list[int] = field(default_factory=list)  # table number of each row
    scores: list[Score] = field(default_factory=list)
    weak_questions: list[WeakQuestion] = field(default_factory=list)
    question_scores: list[QuestionScore] = field(default_factory=list)
    quality: list[PageQuality] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


PARAGRAPH_END = "\u2029"  # Unicode's paragraph separator: where a paragraph ended inside a cell


def join_lines(lines: tuple[str, ...] | list[str]) -> str:
    """Join the wrapped lines of a cell into one string.

    A source that printed a space where the line wrapped (LibreOffice, Word) keeps it at the end of
    the line, and that decides. Without that evidence: Thai is written without spaces between words,
    so a wrap between Thai letters or inside a Latin word adds nothing, while a wrap next to a digit
    stood for a space ("1 ตุลาคม" / "2566").
    """
    out = ""
    for line in lines:
        line = line.replace(PARAGRAPH_END, "")
        if not line.strip():
            continue
        if out:
            nxt = line.lstrip()
            gap = out[-1].isspace() or line[0].isspace() or _needs_space(out.rstrip()[-1], nxt[0]) \
                or bool(_ITEM_START.match(nxt))
            out = out.rstrip() + (" " if gap else "")
        out += line.lstrip()
    return out.rstrip()


def _needs_space(left: str, right: str) -> bool:
    """Whether a wrap between these two characters, with no space printed, still separated words.

    Thai puts a space between a Thai word and a number, a Latin word or a bracketed aside
    ("เว็บไซต์ FaceBook", "ปี 2568", "สาธารณะ (OIT)"), so a wrap there stood for one.
    """
    if left.isdigit() != right.isdigit():
        return True
    kinds = {script_of(left), script_of(right)}
    return kinds == {"thai", "latin"} or (left == ")" and script_of(right) == "thai") \
        or (right == "(" and script_of(left) == "thai")


def script_of(char: str) -> str | None:
    """"thai" (letters, vowels, marks: written without spaces between words), "latin" or None."""
    if "\u0e01" <= char <= "\u0e4e":
        return "thai"
    if char.isascii() and char.isalpha():
        return "latin"
    return None


# A line that opens with an ITA question code or a list marker starts a new item, never a word's tail.
_ITEM_START = re.compile(r"^(?:[IiEeOo]\s?[0-9๐-๙]{1,2}(?![0-9๐-๙])|[-•▪●]|\(?[0-9๐-๙]{1,2}[.)])")


def word_lines(words: list[Word]) -> list[list[Word]]:
    """Words -> the words of each text line, lines top to bottom, words left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - w.top) <= max(1.0, 0.35 * (w.size or 10)):
            lines[-1].append(w)
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    return lines


def text_lines(words: list[Word]) -> list[str]:
    """Words -> text lines in reading order, with the source's own spaces (trailing ones kept)."""
    return [line_text(line) for line in word_lines(words)]


def line_text(line: list[Word]) -> str:
    """One line's words as text, with the source's own spaces (a trailing one kept)."""
    text = ""
    for i, w in enumerate(line):
        if i and (w.space_before or line[i - 1].space_after):
            text += " "
        text += w.text
    if line[-1].space_after:
        text += " "
    return text
