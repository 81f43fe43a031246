"""Text exports (.txt / .md, as OCR and VLM tools such as Typhoon OCR write them) -> the page model.

A text export has no geometry, so this module lays it out: every paragraph becomes a line of words,
every table (TAB-separated rows or Markdown pipe rows, HTML inside cells) becomes a ruled grid with
one word per cell line. The same table engine as for PDFs then finds, stitches and reads the tables,
so a text export and the PDF it came from give the same records.

Page breaks: a table block that follows another table block with nothing but a blank line between
them (the export of a table continued on the next page, header repeated) is laid out at the top of a
new page, which is exactly the situation the stitcher recognises in PDFs.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from extractors.model import Page, Rule, Word

PAGE_W, PAGE_H = 842.0, 100000.0  # one tall page per block run: the engine needs no page height
LINE_H = 14.0
COL_W = 120.0
_TAG_BREAK = re.compile(r"<\s*(br|/p|/li|li|p|/tr|/div|div)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BOLD = re.compile(r"<\s*(b|strong)\b[^>]*>|\*\*", re.IGNORECASE)
_MD_RULE = re.compile(r"^[\s|:\-]*-[\s|:\-]*$")  # a Markdown header rule: only pipes, dashes, colons


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Thai Windows-874 when the bytes read as Thai, else UTF-8 lossy.

    Generic charset guessers call short CP874 files Korean (research notes §1.4), so the test is
    the Thai share of the decoded text, not a guesser.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp874", errors="replace")
    letters = [c for c in text if c.isalpha()]
    if letters and sum("\u0e00" <= c <= "\u0e7f" for c in letters) / len(letters) > 0.15:
        return text
    return data.decode("utf-8", errors="replace")


def read_text(path: Path) -> list[Page]:
    return layout(decode(path.read_bytes()))


def layout(text: str) -> list[Page]:
    """Lay a text export out as pages of words and ruling lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    pages: list[Page] = []
    words: list[Word] = []
    rules: list[Rule] = []
    y = 0.0
    prev_table = False
    for block in blocks:
        rows = _table_rows(block)
        if rows and prev_table and words:
            pages.append(Page(len(pages) + 1, PAGE_W, PAGE_H, tuple(words), tuple(rules), text_source="text"))
            words, rules, y = [], [], 0.0
        if rows:
            y = _grid(rows, y, words, rules)
        else:
            for line in block.split("\n"):
                y = _paragraph(line, y, words)
        y += LINE_H
        prev_table = bool(rows)
    if words or not pages:
        pages.append(Page(len(pages) + 1, PAGE_W, PAGE_H, tuple(words), tuple(rules), text_source="text"))
    return pages


def _table_rows(block: str) -> list[list[str]] | None:
    lines = [ln for ln in block.split("\n") if ln.strip()]
    if all("\t" in ln for ln in lines):
        return [ln.split("\t") for ln in lines]
    if all(ln.strip().startswith("|") for ln in lines):
        return [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines if not _MD_RULE.match(ln)]
    return None


def _cell_lines(cell: str) -> tuple[list[str], bool]:
    """HTML/Markdown cell -> text lines and whether it is bold throughout."""
    bold = bool(_BOLD.search(cell)) and len(_TAG.sub("", _BOLD.sub("", cell)).strip()) > 0 \
        and _TAG.sub("", cell).replace("**", "").strip() == _plain_bold(cell)
    text = _TAG_BREAK.sub("\n", cell)
    text = html.unescape(_TAG.sub("", text)).replace("**", "")
    return [ln.strip() for ln in text.split("\n") if ln.strip()], bold


def _plain_bold(cell: str) -> str:
    """The text inside bold markup, to tell a wholly bold cell from one with a bold lead-in."""
    parts = re.findall(r"<\s*(?:b|strong)\b[^>]*>(.*?)<\s*/\s*(?:b|strong)\s*>|\*\*(.*?)\*\*", cell, flags=re.S | re.I)
    return "".join(html.unescape(_TAG.sub("", a or b)) for a, b in parts).strip()


def _paragraph(line: str, y: float, words: list[Word]) -> float:
    text = html.unescape(_TAG.sub("", line)).replace("**", "").strip()
    if text:
        words.append(Word(text, 0.0, y, min(PAGE_W, 6.0 * len(text)), y + LINE_H - 2, size=12.0,
                          bold=line.strip().startswith(("**", "<b>"))))
    return y + LINE_H


def _grid(rows: list[list[str]], y: float, words: list[Word], rules: list[Rule]) -> float:
    ncols = max(len(r) for r in rows)
    xs = [i * COL_W for i in range(ncols + 1)]
    top = y
    for cells in rows:
        cells = cells + [""] * (ncols - len(cells))
        parsed = [_cell_lines(c) for c in cells]
        height = max(1, max(len(lines) for lines, _ in parsed)) * LINE_H
        banner = bool(parsed[0][0]) and ncols > 2 and not any(lines for lines, _ in parsed[1:]) \
            and len(" ".join(parsed[0][0])) < 150
        for c, (lines, bold) in enumerate(parsed):
            for k, line in enumerate(lines):
                wy = y + k * LINE_H
                words.append(Word(line, xs[c] + 2, wy + 1, xs[c + 1] - 2, wy + LINE_H - 1, size=12.0, bold=bold,
                                  space_after=True))
        rules.append(Rule(xs[0], y, xs[-1], y))
        inner = [] if banner else xs[1:-1]
        for x in [xs[0], *inner, xs[-1]]:
            rules.append(Rule(x, y, x, y + height))
        y += height
    rules.append(Rule(xs[0], y, xs[-1], y))
    return y if y > top else y + LINE_H
