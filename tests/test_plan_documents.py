"""The .docx a person signs, rendered to PDF by LibreOffice and read back: pages, headings, every row,
no text over a cell's border or off the page.

LibreOffice finds TH SarabunPSK (named in the document) as Sarabun from the PyPI package
fontpkg-sarabun, through a fontconfig file of the test's own; no system font is used. Sarabun is
drawn half as wide again as TH SarabunPSK at the same size: TH SarabunPSK's advance widths come to
0.66 of Sarabun's over a drafted plan's text (TLWG draws TH Sarabun as its Laksaman, the same design,
at 0.66 for the same reason). So a copy with every font size times 0.66, rounded up to a half point
(16 pt -> 11 pt), prints what officers print, and holds the issue's goal of three pages; its line
heights are the document's own (exactly 20 pt), untouched. The document as written, in Sarabun at
16 pt, is an upper bound checked the same way but allowed a fourth page. Skips, saying why, where
soffice is not installed (.ci/install-office.sh).
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import zipfile
from importlib import resources
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from warehouse.plan_writers import MARGIN
from warehouse.plans import HEADERS, draft_plan

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                        "run .ci/install-office.sh as root")
PSK_PER_SARABUN = 0.66  # TH SarabunPSK's width per point over Sarabun's
MAX_PAGES = 3  # a nine-row plan without the appendix, as officers print it (the goal)
MAX_PAGES_SARABUN_16 = 4  # the same plan in the wider substitute at the document's own size
PT_PER_MM = 72 / 25.4


def as_th_sarabun(docx: Path, out: Path) -> Path:
    """A copy of `docx` whose sizes (w:sz, w:szCs, in half points) are scaled to TH SarabunPSK's widths."""
    def scaled(m: re.Match) -> bytes:
        return m[1] + str(math.ceil(int(m[2]) * PSK_PER_SARABUN)).encode()

    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(".xml"):
                data = re.sub(rb'(<w:szC?s? w:val=")(\d+)', scaled, data)
            dst.writestr(item, data)
    return out


def render(docs: list[Path], tmp_path: Path) -> list[pdfium.PdfDocument]:
    fonts = resources.files("fontpkg_sarabun") / "files"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir><cachedir>{tmp_path}/fc</cachedir>
<alias binding="same"><family>TH SarabunPSK</family><prefer><family>Sarabun</family></prefer></alias>
</fontconfig>""", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, docs)], env=env, check=True, capture_output=True,
                   timeout=180)
    return [pdfium.PdfDocument(str(d.with_suffix(".pdf"))) for d in docs]


def overflowing(page) -> list[str]:
    """Letters crossing a table's vertical rule or standing outside the page's margins (cut off)."""
    width, height = page.get_size()
    rules = []
    for obj in page.get_objects():
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            if right - left < 2 and top - bottom > 5:
                rules.append(((left + right) / 2, bottom, top))
    text = page.get_textpage()
    inset = MARGIN * PT_PER_MM / 2
    bad = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.isspace():
            continue
        left, bottom, right, top = text.get_charbox(i)
        middle = (bottom + top) / 2
        crossed = any(left + 0.5 < x < right - 0.5 and low < middle < high for x, low, high in rules)
        if crossed or left < inset or right > width - inset or bottom < inset / 2 or top > height - inset:
            bad.append(text.get_text_range(max(0, i - 10), 20))
    return bad


def test_nine_row_plan_prints_on_three_pages_with_every_row_and_no_overflow(sample_db, tmp_path):
    plan = draft_plan(sample_db, "เทศบาลเมืองบึงทองหลาง", fiscal_year=2569)
    assert len(plan.rows) == 9
    docx = plan.write(tmp_path / "plan.docx", sources="none")
    printed, upper = render([as_th_sarabun(docx, tmp_path / "printed.docx"), docx], tmp_path)
    assert len(printed) <= MAX_PAGES and len(upper) <= MAX_PAGES_SARABUN_16
    for pdf in (printed, upper):
        pages = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
        assert "".join(plan.title.split()) in pages[0] and "".join(plan.agency.name.split()) in pages[0]
        for page in pages:  # the header row repeated on every page that holds rows
            if not page.startswith("ประกาศณวันที่"):  # LibreOffice may set the approval block apart
                assert all("".join(h.split())[:6] in page for h in HEADERS)
        text = "".join(pages)
        for row in plan.rows:  # no row lost (a row taller than a page would be cut off)
            for cell in (row.question_cell, row.finding.text, *(s.text for s in row.steps), row.responsible.text):
                assert "".join(cell.split())[-12:] in text, cell
        assert "ประกาศณวันที่" in pages[-1] and "นายกเทศมนตรีเมืองบึงทองหลาง" in pages[-1]
        for i in range(len(pdf)):
            assert overflowing(pdf[i]) == [], f"page {i + 1}"
            width, height = pdf[i].get_size()
            assert width > height  # A4 landscape
