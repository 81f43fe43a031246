"""The plan as a Word document an officer can sign and submit.

What NACC submissions look like and officers' machines have: A4 landscape, TH SarabunPSK 16 pt on
every run (including the complex-script font and size Word applies to Thai: w:cs, w:szCs), a title
block naming the agency and fiscal year, the six official columns with the header row repeated on
every page and no row split over a page break, page numbers, and an approval block (ประกาศ ณ วันที่ /
ลงชื่อ / the head's title for the agency type) kept with the table's last row. Column widths are chosen
for the fewest printed lines (`plan_writers.column_widths`), steps widest, and the page number sits
inside the bottom margin, so a nine-row plan prints on three pages at most (tests/test_plan_documents.py
renders it). A suggestion flagged for review is highlighted. The sources (ที่มา) are an appendix, a
separate file, or left out.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from warehouse.adapt import head_title
from warehouse.plan_writers import (FONT, MARGIN, PAGE_W, SIZE, SOURCE_HEADERS, basis_note, column_widths, groups,
                                    issue_label, source_rows)
from warehouse.plans import HEADERS, SOURCES_TITLE, Plan, PlanRow, Suggestion

PAGE_H = 210  # mm
FOOTER = 6  # mm from the page's foot to the page number: inside the bottom margin, clear of printers' edge
APPROVAL_INDENT = 120  # mm: the approval block stands under the right half of the table
LINE = 1.25  # line height in em
SOURCE_MODES = ("appendix", "separate", "none")


def write_docx(plan: Plan, path: Path, sources: str = "appendix") -> None:
    """The plan at `path`; with sources="separate" its ที่มา goes to `<name>.sources.docx` beside it."""
    if sources not in SOURCE_MODES:
        raise ValueError(f"sources must be one of {', '.join(SOURCE_MODES)}")
    doc = _document()
    for text, size in ((plan.title, SIZE + 2), (plan.agency.name, SIZE + 2)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, bold=True, size=size)
    table = _plan_table(doc, plan)
    for cell in table.rows[-1].cells:  # the last row stays on the page of the approval block
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
    _approval(doc, plan)
    if sources == "appendix":
        doc.add_page_break()
        _sources(doc, plan)
    doc.save(path)
    if sources == "separate":
        appendix = _document()
        _sources(appendix, plan)
        appendix.save(sources_path(path))


def sources_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.sources{path.suffix}")


def _document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN))
    section.footer_distance = Mm(FOOTER)  # Word's default 12.7 mm would push the text up past the margin
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZE)
    style.paragraph_format.space_after = Pt(0)
    # a line 1.25 em high: room for Thai marks above and below, without the font's own wide line gap
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.paragraph_format.line_spacing = Pt(SIZE * LINE)
    _set_fonts(style.element.get_or_add_rPr(), SIZE, bold=False)
    _page_numbers(section)
    return doc


def _plan_table(doc, plan: Plan) -> Table:
    widths = column_widths(plan)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table, widths)
    for cell, text in zip(table.rows[0].cells, HEADERS):
        _cell(cell, [(text, False)], bold=True, center=True)
        _shade(cell)
    _row_flags(table.rows[0], header=True)
    for _, rows in groups(plan):
        first = None
        for row in rows:
            tr = table.add_row()
            _row_flags(tr)
            cells = tr.cells
            for c, lines in enumerate(_cells(plan, row)):
                if c == 0 and first is not None:
                    continue
                _cell(cells[c], lines)
            if first is None:
                first = cells[0]
            else:
                first.merge(cells[0])
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)
    return table


def _cells(plan: Plan, row: PlanRow) -> list[list[tuple[str, bool]]]:
    """Each cell as lines of (text, flagged): one line per step, so officers edit one step at a time."""
    def one(s: Suggestion) -> list[tuple[str, bool]]:
        return [(s.text, bool(s.flags))]

    steps = [(f"{i}. {s.text}", bool(s.flags)) for i, s in enumerate(row.steps, start=1)]
    return [[(issue_label(row), False)], [(row.question_cell, False)], one(row.finding), steps,
            [(plan.period, False)], one(row.responsible)]


def _approval(doc, plan: Plan) -> None:
    """ประกาศ ณ วันที่ … / ลงชื่อ … / (…) / the head's title, kept together and with the table's last row,
    so the signature never stands on a page of its own. Room to sign is spacing before the ลงชื่อ
    line, not empty paragraphs (an officer deleting one would shift the block)."""
    lines = [("ประกาศ ณ วันที่ ........ เดือน ............................ พ.ศ. ..........", SIZE / 2),
             ("ลงชื่อ ..................................................", SIZE * LINE),
             ("(..................................................)", 0),
             (head_title(plan.agency.name, plan.agency.agency_type), 0)]
    for i, (text, space_before) in enumerate(lines):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.left_indent = Mm(APPROVAL_INDENT)
        p.paragraph_format.space_before = Pt(space_before)
        p.paragraph_format.keep_with_next = i < len(lines) - 1
        _run(p, text)


def _sources(doc, plan: Plan) -> None:
    p = doc.add_paragraph()
    _run(p, f"ภาคผนวก: {SOURCES_TITLE} ({plan.agency.name})", bold=True)
    _run(doc.add_paragraph(), basis_note(plan), size=14)
    table = doc.add_table(rows=1, cols=len(SOURCE_HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, SOURCE_HEADERS):
        _cell(cell, [(text, False)], bold=True, size=12)
    _row_flags(table.rows[0], header=True)
    for values in source_rows(plan):
        tr = table.add_row()
        _row_flags(tr)
        for cell, value in zip(tr.cells, values):
            _cell(cell, [(line, False) for line in str(value).split("\n")], size=12)


# ------------------------------------------------------------------------------------------ xml helpers

def _set_fonts(rpr, size: float, bold: bool) -> None:
    """The font for every script slot, and the complex-script size and bold Word applies to Thai."""
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


def _run(paragraph, text: str, bold: bool = False, size: float = SIZE, highlight: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    _set_fonts(run._element.get_or_add_rPr(), size, bold)
    return run


def _cell(cell, lines: list[tuple[str, bool]], bold: bool = False, center: bool = False, size: float = SIZE) -> None:
    for i, (line, flagged) in enumerate(lines or [("", False)]):  # a new cell holds one empty paragraph
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=bold, size=size, highlight=flagged)


def _row_flags(row, header: bool = False) -> None:
    """No row split over a page break; the header row repeated on every page."""
    props = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", *(("w:tblHeader",) if header else ())):
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "true")
        props.append(flag)


def _fixed_layout(table, widths: list[float]) -> None:
    """Widths Word and LibreOffice keep: a fixed layout and the grid in twentieths of a point; cell
    padding of 1 mm (Word's default 1.9 mm costs a Thai word per line in a narrow column)."""
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        edge = OxmlElement(side)
        edge.set(qn("w:w"), str(int(Mm(1).twips)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    props.append(margins)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Mm(width).twips)))


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E7E6E6")):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _page_numbers(section) -> None:
    """"- N -" centred in the footer, from a PAGE field."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "- ", size=14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = _run(p, "", size=14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = " PAGE "
            run._element.append(code)
        else:
            run.text = text
    _run(p, " -", size=14)
