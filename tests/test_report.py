"""The HTML report: one offline file whose charts draw and whose Thai shows, checked in a real browser.

Headless Chromium renders the file when it is available; as root with apt-get it is installed for
the test (Debian's `chromium`); otherwise the browser checks are skipped and the file checks remain.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from warehouse import synthetic
from warehouse.report import build_report

CHARTS = 4


@pytest.fixture(scope="module")
def syn_db(tmp_path_factory):
    return synthetic.build(tmp_path_factory.mktemp("report") / "syn.duckdb", 45)


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        try:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=300, check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], capture_output=True, timeout=600,
                           check=True)
        except (subprocess.SubprocessError, OSError):
            pass
        found = shutil.which("chromium")
    if not found:
        pytest.skip("headless Chromium is not available")
    return found


def render(browser: str, page, screenshot=None) -> str:
    """The DOM after the page's scripts ran (plotly draws on load)."""
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000"]
    if screenshot:
        args += [f"--screenshot={screenshot}", "--window-size=1400,3000"]
    else:
        args.append("--dump-dom")
    done = subprocess.run([*args, page.as_uri()], capture_output=True, text=True, timeout=180)
    return done.stdout


def test_report_is_one_offline_file_with_charts_and_tables(syn_db, tmp_path):
    out = build_report(syn_db, out=tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    assert "ITA) ปี 2567" in page and page.count('class="plotly-graph-div"') == CHARTS
    assert "@font-face" in page and "data:font/ttf;base64," in page  # Sarabun inlined
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"http", page)  # nothing fetched
    assert page.count('class="dataframe data"') >= CHARTS
    assert "ข้อคำถาม ITA ที่หน่วยงานอ้างถึงมากที่สุด" in page and "จำนวนหน่วยงานตามระดับผลการประเมิน" in page


def test_report_on_the_samples_says_what_is_missing(sample_db, tmp_path):
    page = build_report(sample_db, out=tmp_path / "samples.html").read_text(encoding="utf-8")
    assert "ข้อคำถาม ITA ที่หน่วยงานอ้างถึงมากที่สุด" in page and "plotly-graph-div" in page


def test_charts_draw_in_a_browser(syn_db, tmp_path, chromium):
    out = build_report(syn_db, out=tmp_path / "report.html")
    dom = render(chromium, out)
    assert dom.count('class="main-svg"') >= CHARTS, dom[:500]  # plotly drew every chart
    assert all(f'class="{layer}' in dom for layer in ("trace bars", "trace boxes", "scatterlayer"))
    assert "การปฏิบัติหน้าที่" in dom  # Thai axis labels are in the drawn SVG
    shot = tmp_path / "report.png"
    render(chromium, out, screenshot=shot)
    assert shot.exists() and shot.stat().st_size > 50_000  # a page of drawn charts, not a blank one
