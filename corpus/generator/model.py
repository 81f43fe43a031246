"""The document model: what a generated document says (logical rows, scores) and how it is laid out
(blocks of paragraphs and tables with spans). Renderers read only this; gold.py reads only this.

Keeping content (LogicalRow) apart from layout (Table grid cells) is what makes the answer key
exact: the layout code prints strings it got from the logical row, and the gold is built from the
same logical row, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass
class Question:
    code_raw: Optional[str]      # exactly as printed (None: no code printed)
    code: Optional[str]          # normalised printed code (None for a bare number / no code)
    text: Optional[str]          # wording as printed, without the code (None: code only)
    true_code: Optional[str]     # the catalog item the row is about
    printed: str = ""            # the whole cell fragment for this question


@dataclass
class LogicalRow:
    section: Optional[str] = None
    issue_no: Optional[int] = None
    issue_title: Optional[str] = None
    questions: list[Question] = field(default_factory=list)
    measure: Optional[str] = None
    finding: Optional[str] = None
    steps: list[str] = field(default_factory=list)
    period_text: Optional[str] = None
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    responsible: list[str] = field(default_factory=list)
    result: Optional[str] = None
    outcome: Optional[str] = None
    extras: dict[str, str] = field(default_factory=dict)    # role -> printed text (not in gold)
    tool: Optional[str] = None                              # IIT/EIT/OIT of its first question


@dataclass
class Paragraph:
    text: str                     # markup: <b>..</b> allowed
    align: str = "left"           # left | center | right | justify
    bold: bool = False
    indent: float = 0.0           # left indent of every line (points)
    size: Optional[float] = None
    space_before: float = 0.0
    keep_with_next: bool = False
    quirk: Optional[str] = None   # legacy font quirk: "am" | "spaced"


@dataclass
class Cell:
    text: str                     # markup: <p>, <br>, <b>
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: str = "left"
    quirk: Optional[str] = None


Grid = list[list[Optional[Cell]]]   # None = covered by a span (or nothing printed)


@dataclass
class Table:
    header: Grid
    body: Grid
    widths: list[float]                      # relative column weights
    repeat_header: bool = True
    breaks: set[int] = field(default_factory=set)   # body rows that start a new page
    rules: Optional[str] = None              # grid | horizontal | none (None: the style decides)
    size: Optional[float] = None
    header_fill: bool = False                # grey header background (Word tables)


@dataclass
class PageBreak:
    orientation: str = "portrait"            # portrait | landscape


Block = Union[Paragraph, Table, PageBreak]


@dataclass
class Document:
    seed: int
    doc_id: str
    doc_type: str
    orientation: str
    blocks: list[Block]
    agency: dict
    fiscal_year_be: int
    ita_year_be: Optional[int]
    rows: list[LogicalRow]
    scores: list[dict] = field(default_factory=list)
    weak_questions: list[dict] = field(default_factory=list)
    question_scores: list[dict] = field(default_factory=list)
    features: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title: str = ""
