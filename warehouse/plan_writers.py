"""Writing a drafted plan in the official layout: .xlsx (officers edit it), .docx (they submit it),
.md, .html and .csv.

Every format carries the same two parts: the plan table (title, agency, the six official columns,
rows grouped under the seven ประเด็น) and the sources (ที่มา: which agencies and documents each
suggestion came from), as a second sheet, an appendix or a section. The .docx, the document
officers sign, is written by `warehouse.plan_docx`.
"""
from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from warehouse.fonts import STACK, FontMissing, sarabun_css
from warehouse.plans import HEADERS, SOURCES_TITLE, Plan, PlanRow, Suggestion

FONT = "TH SarabunPSK"  # what officers' machines have; the .docx and .xlsx name it
SIZE = 16
PAGE_W, MARGIN = 297, 10.0  # mm: A4 landscape
WIDTH_FLOOR = 18.0  # mm: the narrowest column still holds a Thai word of its header on a line
CELL_PADDING = 2.0  # mm: a cell's left and right padding together (1 mm each in the .docx)
STEPS = 3  # the steps column, always the widest
HEADER_PAGES = 2  # the header row is printed once per page: a nine-row plan runs to two or three pages
XLSX_MM_PER_UNIT = 2.0  # an Excel column width unit (a digit of the default font) in mm, padding included
# A letter of TH SarabunPSK 16 pt in mm (marks above and below take no width): its advance widths
# average 2.0 mm over a drafted plan's text; 2.2 keeps a word that fits by a hair from deciding a width.
MM_PER_LETTER = 2.2
LETTER_WIDTHS = (MM_PER_LETTER * 0.9, MM_PER_LETTER, MM_PER_LETTER * 1.1)  # a substitute font is not as wide
SPACE_LETTERS = 0.6  # a space is about 0.6 of a letter's width
KIND_LABELS = {"step": "ขั้นตอน/วิธีการปฏิบัติ", "finding": "ข้อค้นพบ", "unit": "หน่วยงานผู้รับผิดชอบ"}
ORIGIN_LABELS = {"own": "ของหน่วยงานเอง", "peer": "จากหน่วยงานอื่น", "none": "ไม่มีแหล่งอ้างอิง: โปรดระบุ"}
SOURCE_HEADERS = ("ข้อคำถาม ITA", "ส่วนของมาตรการ", "ข้อความที่เสนอ", "ข้อความต้นฉบับ (ตามเอกสาร)",
                  "คำที่ปรับ / ต้องตรวจสอบ", "จำนวนหน่วยงานที่ใช้", "คะแนนตัวชี้วัดดีขึ้น / ลดลง (หน่วยงาน)",
                  "หน่วยงานต้นแบบ", "เอกสาร")
MARK = "⚠ "  # before a suggestion a person must review, where a format has no highlighting (.md, .csv)


def write_plan(plan: Plan, path: Path, sources: str = "appendix") -> Path:
    """The plan in the format `path`'s extension names; `sources` (appendix | separate | none) places
    the ที่มา in a .docx (the other formats always carry it: a sheet, a section, columns)."""
    from warehouse.plan_docx import write_docx

    writers: dict[str, Callable[[Plan, Path], None]] = {
        ".xlsx": write_xlsx, ".docx": lambda p, f: write_docx(p, f, sources), ".md": write_md, ".html": write_html,
        ".csv": write_csv}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"cannot write {path.name}: use one of {', '.join(writers)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(plan, path)
    return path


# ------------------------------------------------------------------------------------------ cells

def issue_label(row: PlanRow) -> str:
    return f"{row.issue_no}. {row.issue_title}"


def groups(plan: Plan) -> list[tuple[str, list[PlanRow]]]:
    """Rows under their ประเด็น, in issue order (rows are already sorted)."""
    return [(label, list(rows)) for label, rows in groupby(plan.rows, key=issue_label)]


def marked(s: Suggestion) -> str:
    return MARK + s.text if s.flags else s.text


def table_cells(plan: Plan, row: PlanRow, mark: bool = False) -> list[str]:
    """The six cells of a row, ประเด็น included; with `mark`, flagged suggestions start with ⚠."""
    text = marked if mark else (lambda s: s.text)
    steps = "\n".join(f"{i}. {text(s)}" for i, s in enumerate(row.steps, start=1))
    return [issue_label(row), row.question_cell, text(row.finding), steps, plan.period, text(row.responsible)]


def column_widths(plan: Plan) -> list[float]:
    """mm per column, chosen so the printed table is as short as it can be, steps the widest column.

    Widths in proportion to the text a column holds still waste lines: a row is as tall as its
    tallest cell, so millimetres given to a cell that is not the tallest print blank space, and a
    narrow column wraps whole Thai words early. Starting from proportional widths, width moves
    between columns (8 mm at a time, down to 0.5 mm) while the printed lines fall: every row's
    tallest cell wrapped word by word, a merged ประเด็น cell stretching its group, and the header row
    once per page. Lines are counted at letter widths 10 % either side of TH SarabunPSK's too, so
    the widths also suit a substitute font and do not hang on one word's fitting by a hair.
    """
    grouped = [[[cell.split("\n") for cell in table_cells(plan, row)] for row in rows] for _, rows in groups(plan)]

    def cost(widths: list[float]) -> int:
        total = 0
        for letter in LETTER_WIDTHS:
            for group in grouped:
                rows = sum(max(_cell_lines(cell, w, letter) for cell, w in zip(row[1:], widths[1:])) for row in group)
                total += max(rows, _cell_lines(group[0][0], widths[0], letter))
            total += HEADER_PAGES * max(_cell_lines([h], w, letter) for h, w in zip(HEADERS, widths))
        return total

    need = [sum(_visible(p) for group in grouped for row in group for p in row[c]) or 1 for c in range(6)]
    need[0] /= 2  # an issue is printed once per group (merged cells)
    spare = PAGE_W - 2 * MARGIN - WIDTH_FLOOR * len(HEADERS)
    widths = [WIDTH_FLOOR + spare * n / sum(need) for n in need]
    widest = max(range(len(widths)), key=widths.__getitem__)
    widths[STEPS], widths[widest] = widths[widest], widths[STEPS]
    best = cost(widths)
    for step in (8.0, 4.0, 2.0, 1.0, 0.5):
        while True:
            moves = [[w - step if k == i else w + step if k == j else w for k, w in enumerate(widths)]
                     for i in range(len(widths)) for j in range(len(widths)) if i != j]
            scored = min(((cost(m), m) for m in moves if min(m) >= WIDTH_FLOOR and m[STEPS] == max(m)),
                         default=None)
            if scored is None or scored[0] >= best:
                break
            best, widths = scored
    return widths


def _cell_lines(paragraphs: list[str], width: float, letter: float = MM_PER_LETTER) -> int:
    """Printed lines of a cell `width` mm wide holding these paragraphs, a letter `letter` mm wide."""
    per_line = max(1.0, (width - CELL_PADDING) / letter)
    return sum(_wrapped(p, per_line) for p in paragraphs)


@lru_cache(maxsize=65536)
def _wrapped(paragraph: str, per_line: float) -> int:
    """Lines a paragraph takes wrapped at word boundaries, as Word and LibreOffice break Thai (by
    dictionary words, and at spaces); a word longer than a line is broken inside."""
    lines, used = 1, 0.0
    for letters, space in _words(paragraph):
        if used and used + letters > per_line:
            lines, used = lines + 1, 0.0
        while letters > per_line:  # a word wider than a whole line is broken inside it
            lines, letters = lines + 1, letters - per_line
        used += letters + space * SPACE_LETTERS
    return lines


@lru_cache(maxsize=4096)
def _words(paragraph: str) -> tuple[tuple[int, bool], ...]:
    """(visible letters, a space follows) per unbreakable piece: Thai dictionary words, brackets and
    closing punctuation kept with the word they touch."""
    from pythainlp.tokenize import word_tokenize

    words: list[list] = []
    glue = False  # the previous piece opens a bracket: the next word joins it
    for token in word_tokenize(paragraph, engine="newmm", keep_whitespace=True):
        if token.isspace():
            if words:
                words[-1][1] = True
            continue
        if words and (glue or (not words[-1][1] and token[0] in ")]}.,;:!?%")):
            words[-1][0] += _visible(token)
        else:
            words.append([_visible(token), False])
        glue = token[-1] in "([{"
    return tuple((n, space) for n, space in words)


def row_height(values: list[str], widths_mm: list[float], size: float = SIZE) -> float:
    """Points a row needs to show every line of its cells wrapped at their widths, counted at the
    widest letter the column widths allow for, so a row in Excel is never cut short."""
    letter = LETTER_WIDTHS[-1] * size / SIZE
    most = max(_cell_lines((v or "").split("\n"), w, letter) for v, w in zip(values, widths_mm))
    return round(most * size * 1.25 + 4, 1)


def _visible(text: str) -> int:
    """Letters that take width: Thai marks above and below a consonant do not."""
    return sum(1 for ch in text if not ("\u0e31" == ch or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))


def _source_line(s: Suggestion) -> tuple[str, str]:
    agencies = list(dict.fromkeys(src.agency_name for src in s.sources))
    docs = [f"{src.file_name}" + (f" (หน้า {src.page})" if src.page else "") for src in s.sources]
    return "\n".join(agencies), "\n".join(docs)


def review_note(s: Suggestion) -> str:
    """"อบจ. → อบต.; 2567 → 2568" and the flags: what was adapted and what a person must check."""
    changed = "; ".join(f"{a} → {b}" for a, b in s.changes)
    return "\n".join(p for p in (changed, *(MARK + f for f in s.flags)) if p)


def source_rows(plan: Plan) -> list[list[str | int]]:
    """One row per suggestion: what was proposed, the source's words verbatim, what was adapted or
    needs a review, how many agencies wrote it, and where from."""
    rows: list[list[str | int]] = []
    for row in plan.rows:
        parts = [("finding", row.finding)] + [(f"step {i}", s) for i, s in enumerate(row.steps, start=1)] \
            + [("unit", row.responsible)]
        for part, s in parts:
            label = f"{KIND_LABELS['step']} ข้อ {part.split()[1]}" if part.startswith("step") else KIND_LABELS[part]
            agencies, docs = _source_line(s)
            moved = f"{s.rose} / {s.fell}" if s.kind == "step" and s.origin == "peer" else ""
            original = s.original if s.origin == "peer" else ""
            rows.append([row.code, f"{label} ({ORIGIN_LABELS[s.origin]})", s.text, original, review_note(s),
                         s.agencies, moved, agencies, docs])
    return rows


def basis_note(plan: Plan) -> str:
    return (f"ร่างจากข้อมูลในคลัง: {plan.weak_source}; ขั้นตอนมาจากมาตรการของหน่วยงานที่คล้ายกันที่สุด "
            f"{plan.peers} หน่วยงานต่อข้อคำถาม จัดลำดับตามจำนวนหน่วยงานที่ใช้และคะแนนตัวชี้วัดที่ดีขึ้นในปีถัดไป")


# ------------------------------------------------------------------------------------------ xlsx

def write_xlsx(plan: Plan, path: Path) -> None:
    """A sheet to edit that prints like the .docx: text wrapped in rows tall enough for every line,
    widths by content, the header frozen and filterable, A4 landscape fitted to the page width with
    the header repeated; flagged suggestions filled yellow with the reason as a cell comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    flagged_fill = PatternFill("solid", fgColor="FFF176")
    book = Workbook()
    sheet = book.active
    sheet.title = "มาตรการ"
    for r, text in ((1, plan.title), (2, plan.agency.name)):
        sheet.cell(r, 1, text).font = Font(name=FONT, size=SIZE + 2, bold=True)
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    header_row = 4
    for c, text in enumerate(HEADERS, start=1):
        cell = sheet.cell(header_row, c, text)
        cell.font, cell.border = Font(name=FONT, size=SIZE, bold=True), border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = column_widths(plan)
    chars = [w / XLSX_MM_PER_UNIT for w in widths]
    r = header_row + 1
    for _, rows in groups(plan):
        first = r
        for row in rows:
            parts = (None, None, row.finding, row.steps, None, row.responsible)
            values = table_cells(plan, row)
            for c, (text, part) in enumerate(zip(values, parts), start=1):
                cell = sheet.cell(r, c, text if c > 1 or r == first else None)
                cell.font, cell.alignment, cell.border = Font(name=FONT, size=SIZE), wrap, border
                flags = [f for s in ((part,) if isinstance(part, Suggestion) else part or ()) for f in s.flags]
                if flags:
                    cell.fill = flagged_fill
                    cell.comment = Comment("\n".join(dict.fromkeys(flags)), "ita plan")
            sheet.row_dimensions[r].height = row_height(values, widths)
            r += 1
        if r - 1 > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
    for c, width in enumerate(chars, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = round(width, 1)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.auto_filter.ref = f"A{header_row}:F{r - 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True

    sources = book.create_sheet(SOURCES_TITLE)
    sources.cell(1, 1, basis_note(plan)).font = Font(name=FONT, size=14, italic=True)
    for c, text in enumerate(SOURCE_HEADERS, start=1):
        cell = sources.cell(2, c, text)
        cell.font, cell.border, cell.alignment = Font(name=FONT, size=14, bold=True), border, wrap
    source_widths = (12, 26, 50, 50, 36, 12, 14, 32, 40)
    for i, values in enumerate(source_rows(plan), start=3):
        for c, value in enumerate(values, start=1):
            cell = sources.cell(i, c, value)
            cell.font, cell.alignment, cell.border = Font(name=FONT, size=14), wrap, border
        sources.row_dimensions[i].height = row_height([str(v) for v in values],
                                                      [w * XLSX_MM_PER_UNIT for w in source_widths], size=14)
    for c, width in enumerate(source_widths, start=1):
        sources.column_dimensions[get_column_letter(c)].width = width
    sources.freeze_panes = "A3"
    sources.auto_filter.ref = f"A2:{get_column_letter(len(SOURCE_HEADERS))}{sources.max_row}"
    book.save(path)


# ------------------------------------------------------------------------------------------ text

def _md(text: str) -> str:
    return html.escape(str(text)).replace("|", "\\|").replace("\n", "<br>")


def write_md(plan: Plan, path: Path) -> None:
    lines = [f"# {plan.title}", "", f"**{plan.agency.name}**", "", "| " + " | ".join(HEADERS) + " |",
             "|" + "---|" * 6]
    for _, rows in groups(plan):
        for i, row in enumerate(rows):
            cells = table_cells(plan, row, mark=True)
            cells[0] = cells[0] if i == 0 else ""
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    lines += ["", f"## {SOURCES_TITLE}", "", basis_note(plan), "", "| " + " | ".join(SOURCE_HEADERS) + " |",
              "|" + "---|" * len(SOURCE_HEADERS)]
    lines += ["| " + " | ".join(_md(v) for v in values) + " |" for values in source_rows(plan)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_FLAGGED_LINE = re.compile(r"^(\d+\. )?(" + MARK + ".*)$")  # a line of a cell holding a flagged suggestion


def write_html(plan: Plan, path: Path) -> None:
    """A printable page (A4 landscape) with Sarabun inlined, so Thai shows on machines without a Thai font."""
    def cell(text: str, tag: str = "td", rowspan: int = 1) -> str:
        span = f' rowspan="{rowspan}"' if rowspan > 1 else ""
        lines = [_FLAGGED_LINE.sub(r"\1<mark>\2</mark>", html.escape(line)) for line in str(text).split("\n")]
        return f"<{tag}{span}>{'<br>'.join(lines)}</{tag}>"

    body = []
    for _, rows in groups(plan):
        for i, row in enumerate(rows):
            cells = table_cells(plan, row, mark=True)
            first = cell(cells[0], rowspan=len(rows)) if i == 0 else ""
            body.append("<tr>" + first + "".join(cell(c) for c in cells[1:]) + "</tr>")
    sources = "".join("<tr>" + "".join(cell(v) for v in values) + "</tr>" for values in source_rows(plan))
    try:
        fonts = sarabun_css()
    except FontMissing:  # still readable where the system has a Thai font
        fonts = ""
    page = f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>{html.escape(plan.title)}</title>
<style>
{fonts}
@page {{ size: A4 landscape; margin: 15mm; }}
body {{ font-family: {STACK}; font-size: 14pt; }}
h1, h2 {{ text-align: center; font-size: 16pt; margin: 0.2em; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1em; }}
th, td {{ border: 1px solid #000; padding: 4px 6px; vertical-align: top; }}
th {{ background: #eee; }}
mark {{ background: #fff176; }}
thead {{ display: table-header-group; }}
.sources {{ font-size: 11pt; page-break-before: always; }}
</style></head><body>
<h1>{html.escape(plan.title)}</h1><h2>{html.escape(plan.agency.name)}</h2>
<table class="plan"><thead><tr>{"".join(cell(h, "th") for h in HEADERS)}</tr></thead>
<tbody>{"".join(body)}</tbody></table>
<section class="sources"><h2>{SOURCES_TITLE}</h2><p>{html.escape(basis_note(plan))}</p>
<table><thead><tr>{"".join(cell(h, "th") for h in SOURCE_HEADERS)}</tr></thead><tbody>{sources}</tbody></table>
</section></body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_csv(plan: Plan, path: Path) -> None:
    """One line per step (a row's other cells repeated), with its sources: for spreadsheets and scripts."""
    headers = ["issue_no", *HEADERS[:3], "step_no", HEADERS[3], *HEADERS[4:], "agencies_using_step",
               "source_agencies", "source_documents", "review"]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(headers)
        for row in plan.rows:
            for i, step in enumerate(row.steps, start=1):
                agencies, docs = _source_line(step)
                review = "; ".join(f for s in (row.finding, step, row.responsible) for f in s.flags)
                out.writerow([row.issue_no, issue_label(row), row.question_cell, marked(row.finding), i, marked(step),
                              plan.period, marked(row.responsible), step.agencies, agencies.replace("\n", "; "),
                              docs.replace("\n", "; "), review])
