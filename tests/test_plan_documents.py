"""The .docx a person signs, rendered to PDF by LibreOffice and read back: pages, headings, every row.

LibreOffice finds TH SarabunPSK (named in the document) as Sarabun from the PyPI package
fontpkg-sarabun, through a fontconfig file of the test's own; no system font is used. Sarabun is
about a third larger than TH SarabunPSK at the same size, so the page count here is an upper bound
of what officers print. Skips, saying why, where soffice is not installed (.ci/install-office.sh).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from importlib import resources

import pypdfium2 as pdfium
import pytest

from warehouse.plans import HEADERS, draft_plan

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                                        "run .ci/install-office.sh as root")
MAX_PAGES_SARABUN = 4  # a nine-row plan; the goal of 3 holds only with TH SarabunPSK's own metrics


def render(docx, tmp_path):
    fonts = resources.files("fontpkg_sarabun") / "files"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir><cachedir>{tmp_path}/fc</cachedir>
<alias binding="same"><family>TH SarabunPSK</family><prefer><family>Sarabun</family></prefer></alias>
</fontconfig>""", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx)], env=env, check=True, capture_output=True,
                   timeout=180)
    pdf = pdfium.PdfDocument(str(docx.with_suffix(".pdf")))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))], pdf


def test_nine_row_plan_renders_on_few_pages_with_every_row(sample_db, tmp_path):
    plan = draft_plan(sample_db, "เทศบาลเมืองบึงทองหลาง", fiscal_year=2569)
    assert len(plan.rows) == 9
    pages, pdf = render(plan.write(tmp_path / "plan.docx", sources="none"), tmp_path)
    assert len(pages) <= MAX_PAGES_SARABUN
    flat = ["".join(p.split()) for p in pages]
    assert "".join(plan.title.split()) in flat[0] and "".join(plan.agency.name.split()) in flat[0]
    for page in flat:  # the header row repeated on every page
        assert all("".join(h.split())[:6] in page for h in HEADERS)
    text = "".join(flat)
    for row in plan.rows:  # no row cut off (a row taller than a page would be clipped)
        for step in row.steps:
            assert "".join(step.text.split())[-12:] in text, step.text
    assert "ประกาศณวันที่" in flat[-1] and "นายกเทศมนตรีเมืองบึงทองหลาง" in flat[-1]
    width, height = pdf[0].get_size()
    assert width > height  # A4 landscape
