"""Writing a drafted plan in the official layout: .xlsx (officers edit it), .docx (they submit it),
.md, .html and .csv.

Every format carries the same two parts: the plan table (title, agency, the six official columns,
rows grouped under the seven ประเด็น) and the sources (ที่มา: which agencies and documents each
suggestion came from), as a second sheet, an appendix or a section. The .docx follows what NACC
submissions look like: A4 landscape, Sarabun on every run, including the complex-script font and
size Word uses for Thai (w:cs, w:szCs), and the header row repeated on every page.
"""
from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from warehouse.fonts import STACK, FontMissing, sarabun_css
from warehouse.plans import HEADERS, SOURCES_TITLE, Plan, PlanRow, Suggestion

FONT = "Sarabun"
KIND_LABELS = {"step": "ขั้นตอน/วิธีการปฏิบัติ", "finding": "ข้อค้นพบ", "unit": "หน่วยงานผู้รับผิดชอบ"}
ORIGIN_LABELS = {"own": "ของหน่วยงานเอง", "peer": "จากหน่วยงานอื่น", "none": "ไม่มีแหล่งอ้างอิง: โปรดระบุ"}
SOURCE_HEADERS = ("ข้อคำถาม ITA", "ส่วนของมาตรการ", "ข้อความที่เสนอ", "ข้อความต้นฉบับ (ตามเอกสาร)",
                  "คำที่ปรับ / ต้องตรวจสอบ", "จำนวนหน่วยงานที่ใช้", "คะแนนตัวชี้วัดดีขึ้น / ลดลง (หน่วยงาน)",
                  "หน่วยงานต้นแบบ", "เอกสาร")
MARK = "⚠ "  # before a suggestion a person must review, where a format has no highlighting (.md, .csv)


def write_plan(plan: Plan, path: Path) -> Path:
    writers: dict[str, Callable[[Plan, Path], None]] = {
        ".xlsx": write_xlsx, ".docx": write_docx, ".md": write_md, ".html": write_html, ".csv": write_csv}
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
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = book.active
    sheet.title = "มาตรการ"
    for r, text in ((1, plan.title), (2, plan.agency.name)):
        sheet.cell(r, 1, text).font = Font(name=FONT, size=16, bold=True)
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
    header_row = 4
    for c, text in enumerate(HEADERS, start=1):
        cell = sheet.cell(header_row, c, text)
        cell.font, cell.border = Font(name=FONT, size=14, bold=True), border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = header_row + 1
    for _, rows in groups(plan):
        first = r
        for row in rows:
            for c, text in enumerate(table_cells(plan, row), start=1):
                cell = sheet.cell(r, c, text if c > 1 or r == first else None)
                cell.font, cell.alignment, cell.border = Font(name=FONT, size=14), wrap, border
            r += 1
        if r - 1 > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
    for c, width in enumerate((30, 42, 42, 62, 24, 24), start=1):
        sheet.column_dimensions[chr(64 + c)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    sources = book.create_sheet(SOURCES_TITLE)
    sources.cell(1, 1, basis_note(plan)).font = Font(name=FONT, size=12, italic=True)
    for c, text in enumerate(SOURCE_HEADERS, start=1):
        cell = sources.cell(2, c, text)
        cell.font, cell.border, cell.alignment = Font(name=FONT, size=12, bold=True), border, wrap
    for i, values in enumerate(source_rows(plan), start=3):
        for c, value in enumerate(values, start=1):
            cell = sources.cell(i, c, value)
            cell.font, cell.alignment, cell.border = Font(name=FONT, size=12), wrap, border
    for c, width in enumerate((12, 26, 60, 12, 16, 36, 44), start=1):
        sources.column_dimensions[chr(64 + c)].width = width
    book.save(path)


# ------------------------------------------------------------------------------------------ docx

def write_docx(plan: Plan, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    _font_defaults(doc.styles["Normal"])
    for text in (plan.title, plan.agency.name):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, bold=True, size=16)

    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(w) for w in (40, 48, 48, 70, 30, 31)]
    for cell, text in zip(table.rows[0].cells, HEADERS):
        _cell_text(cell, text, bold=True, center=True)
    _repeat_header(table.rows[0])
    for _, rows in groups(plan):
        first = None
        for row in rows:
            cells = table.add_row().cells
            for c, text in enumerate(table_cells(plan, row)):
                if c == 0 and first is not None:
                    continue
                _cell_text(cells[c], text)
            if first is None:
                first = cells[0]
            else:
                first.merge(cells[0])
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width

    doc.add_page_break()
    p = doc.add_paragraph()
    _run(p, f"ภาคผนวก: {SOURCES_TITLE}", bold=True, size=16)
    _run(doc.add_paragraph(), basis_note(plan), size=12)
    sources = doc.add_table(rows=1, cols=len(SOURCE_HEADERS))
    sources.style = "Table Grid"
    for cell, text in zip(sources.rows[0].cells, SOURCE_HEADERS):
        _cell_text(cell, text, bold=True, size=12)
    _repeat_header(sources.rows[0])
    for values in source_rows(plan):
        for cell, value in zip(sources.add_row().cells, values):
            _cell_text(cell, str(value), size=12)
    doc.save(path)


def _font_defaults(style) -> None:
    from docx.shared import Pt

    style.font.name = FONT
    style.font.size = Pt(14)
    _set_fonts(style.element.get_or_add_rPr(), 14, bold=False)


def _set_fonts(rpr, size: float, bold: bool) -> None:
    """Sarabun for every script slot, and the complex-script size and bold Word applies to Thai."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    for tag, on in (("w:bCs", bold), ("w:szCs", True)):
        element = rpr.find(qn(tag))
        if element is None and on:
            element = OxmlElement(tag)
            rpr.append(element)
        if tag == "w:szCs" and element is not None:
            element.set(qn("w:val"), str(int(size * 2)))


def _run(paragraph, text: str, bold: bool = False, size: float = 14):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    _set_fonts(run._element.get_or_add_rPr(), size, bold)
    return run


def _cell_text(cell, text: str, bold: bool = False, center: bool = False, size: float = 14) -> None:
    """One paragraph per line, so numbered steps stay one per line when officers edit them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = text.split("\n") if text else [""]
    for i, line in enumerate(lines):  # a new cell holds one empty paragraph: the first line goes there
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=bold, size=size)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


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
