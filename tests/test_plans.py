"""Plans drafted from peers: which items, which steps and sources, and the files officers get.

Expected answers come from the synthetic warehouse's rules (`warehouse.synthetic`) and from the
sample plan of อบต.หนองตะเคียนงาม, never from the code under test.
"""
from __future__ import annotations

import csv
import shutil

import click
import duckdb
import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from corpus.catalog import load_catalog, load_issues, year_items
from conftest import SAMPLES, expected
from pipeline.cli_analytics import COMMANDS
from warehouse import synthetic
from warehouse.plans import HEADERS, PlanError, draft_plan, thai_period

N = 60
YEARS = synthetic.YEARS
TAMBON = "องค์การบริหารส่วนตำบลหนองตะเคียนงาม"


@pytest.fixture(scope="module")
def syn_db(tmp_path_factory):
    return synthetic.build(tmp_path_factory.mktemp("plans") / "syn.duckdb", N)


@pytest.fixture(scope="module")
def samples(sample_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("plan_samples") / "samples.duckdb"
    shutil.copy(sample_db, db)
    return db


def profile(k: int) -> set[int]:
    return {j for j in range(synthetic.N_ITEMS) for t in range(len(YEARS)) if synthetic.cites(k, t, j)}


def tier(k: int, p: int) -> int:
    """Same type 0; the two municipal types (เทศบาลตำบล, เทศบาลเมือง: k % 3 of 1 and 2) 1; else 2."""
    return 0 if p % 3 == k % 3 else (1 if k % 3 and p % 3 else 2)


def expected_peers(k: int, j: int, n: int) -> list[int]:
    """The n agencies a plan for agency k draws on for item j: writers of j, same type first, then the
    same family, then Jaccard of their cited items, then same province, then name."""
    writers = {p for p in range(N) for t in range(len(YEARS)) if synthetic.cites(p, t, j) and p != k}

    def key(p):
        jaccard = len(profile(k) & profile(p)) / len(profile(k) | profile(p))
        same_province = (p // 3) % 7 == (k // 3) % 7
        return (tier(k, p), -jaccard, not same_province, synthetic.agency_name(p))

    return sorted(writers, key=key)[:n]


def code_2567(j: int) -> str:
    concept = synthetic.items()[j]
    return year_items(load_catalog(), 2567).set_index("concept_id").loc[concept, "code"]


# ------------------------------------------------------------------------------------------ synthetic

def test_plan_rows_steps_and_sources_for_given_items(syn_db):
    k, j = 9, 2  # a type-0 agency that never cited item 2 (k % 4 == 1): every step is a peer's
    code = code_2567(j)
    plan = draft_plan(syn_db, synthetic.agency_name(k), weak=code, peers=4)
    assert plan.fiscal_year_be == 2568 and plan.ita_year_be == 2567
    assert plan.title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2568"
    assert plan.period == "1 ตุลาคม 2567 – 30 กันยายน 2568"
    [row] = plan.rows
    assert row.code == code and row.reason.startswith("ระบุโดยผู้จัดทำ")
    peers = {synthetic.agency_id(p) for p in expected_peers(k, j, 4)}
    sources = {s.agency_id for step in row.steps for s in step.sources}
    assert sources <= peers and sources
    for step in row.steps:
        for s in step.sources:
            assert s.file_name.startswith("plan-") and s.file_name.endswith(f"{int(s.agency_id[3:]):05d}.pdf")
    # the first step of STEPS_A (and its one-word variant) is written by 3 agencies in 4: it ranks first
    writers = {p for p in range(N) for t in range(len(YEARS)) if synthetic.cites(p, t, j)}
    top = max(row.steps, key=lambda s: s.agencies)
    assert top.text in (synthetic.STEPS_A[0], synthetic.STEP_A0_VARIANT)
    assert top.agencies == len({p for p in writers if p % 4 != 2})
    assert all(s.rose + s.fell <= s.agencies for s in row.steps) and {s.origin for s in row.steps} == {"peer"}
    # peers of the same type (k % 3 == 0) name กองคลัง; the finding is the agency's own indicator score
    indicator = int(year_items(load_catalog(), 2567).set_index("code").loc[code, "indicator_no"])
    score = synthetic.indicator_score(k, indicator, 2)
    assert score < 85 and row.finding.origin == "own"
    assert row.finding.text.startswith(f"ตัวชี้วัดที่ {indicator} ") and f"ได้คะแนน {score:.2f} ต่ำกว่าเกณฑ์ 85" in \
        row.finding.text
    assert row.responsible.text == "กองคลัง" and not row.responsible.flags
    issues = {n for n, codes in zip(load_issues()["issue_no"], load_issues()["codes_2566"]) if code in codes}
    assert row.issue_no in issues
    assert draft_plan(syn_db, synthetic.agency_name(k), weak=code, peers=4) == plan  # deterministic


def test_own_earlier_steps_come_before_peers(syn_db):
    k, j = 3, 0  # agency 3 wrote item 0 in its 2566 plan: [STEP_A0_VARIANT, STEP_C] (odd k, k % 4 == 3)
    plan = draft_plan(syn_db, synthetic.agency_name(k), weak=code_2567(j), peers=4)
    [row] = plan.rows
    assert [s.text for s in row.steps[:2]] == synthetic.steps_of(k)
    assert all(s.origin == "own" and {x.agency_id for x in s.sources} == {synthetic.agency_id(k)}
               for s in row.steps[:2])
    assert len(row.steps) == 3 and row.steps[2].origin == "peer"  # peers fill the rest, no near-duplicate
    assert row.steps[2].text not in (synthetic.STEPS_A[0], synthetic.STEP_A0_VARIANT)
    assert row.responsible.text == synthetic.unit_of(k) and row.responsible.origin == "own"


def test_plan_items_from_the_latest_analysis(syn_db):
    k, t = 4, 2
    plan = draft_plan(syn_db, synthetic.agency_id(k))
    assert plan.fiscal_year_be == YEARS[t] + 1 and "ITA 2567" in plan.weak_source
    first = min(j for j in range(synthetic.N_ITEMS) if synthetic.cites(k, t, j))
    codes = [r.code for r in plan.rows]
    assert code_2567(first) in codes  # the analysis' weak question
    low = {i for i in range(1, 11) if synthetic.indicator_score(k, i, t) < 85}
    assert any(r.reason.startswith("ตัวชี้วัดที่") for r in plan.rows) == bool(low - {r.code for r in plan.rows})
    assert [r.issue_no for r in plan.rows] == sorted(r.issue_no for r in plan.rows)


def test_plan_errors_say_what_to_do(syn_db):
    with pytest.raises(PlanError, match="is not an item of ITA 2567.*i1-i30, e1-e15, o1-o43"):
        draft_plan(syn_db, synthetic.agency_id(1), weak="o99")
    with pytest.raises(PlanError, match="--weak"):
        draft_plan(syn_db, "หน่วยงานที่ไม่มีในคลัง")
    plan = draft_plan(syn_db, "เทศบาลตำบลหน่วยงานใหม่", weak="E 12; o๑๑")
    assert plan.agency.name == "เทศบาลตำบลหน่วยงานใหม่" and [r.code for r in plan.rows] == ["e12", "o11"]


def test_plan_files_have_the_official_layout(syn_db, tmp_path):
    plan = draft_plan(syn_db, synthetic.agency_id(6), weak=f"{code_2567(0)},{code_2567(1)},{code_2567(2)}")
    steps = sum(len(r.steps) for r in plan.rows)

    doc = Document(str(plan.write(tmp_path / "plan.docx")))
    section = doc.sections[0]
    assert section.page_width > section.page_height and round(section.page_width.mm) == 297
    assert [p.text for p in doc.paragraphs[:2]] == [plan.title, plan.agency.name]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADERS)
    assert len(table.rows) == len(plan.rows) + 1
    body = table.rows[1].cells
    assert body[4].text == thai_period(plan.fiscal_year_be) and body[3].text.startswith("1. ")
    run = body[3].paragraphs[0].runs[0]
    assert run.font.name == "TH SarabunPSK" and run._element.rPr.rFonts.get(qn("w:cs")) == "TH SarabunPSK"
    assert run.font.size.pt == 16 and run._element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [c.width for c in table.rows[1].cells]
    assert widths[3] == max(widths) and len(set(widths)) > 2  # by content, steps widest
    assert "PAGE" in section.footer._element.xml
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("ประกาศ ณ วันที่") for t in texts) and "นายก" + plan.agency.name in texts
    assert any(p.text.startswith("ภาคผนวก: ที่มา") for p in doc.paragraphs)
    assert len(doc.tables[1].rows) == 1 + sum(len(r.steps) + 2 for r in plan.rows)
    bare = Document(str(plan.write(tmp_path / "bare.docx", sources="none")))
    assert len(bare.tables) == 1 and not (tmp_path / "bare.sources.docx").exists()
    plan.write(tmp_path / "apart.docx", sources="separate")
    assert len(Document(str(tmp_path / "apart.docx")).tables) == 1
    assert len(Document(str(tmp_path / "apart.sources.docx")).tables[0].rows) == len(doc.tables[1].rows)

    book = load_workbook(plan.write(tmp_path / "plan.xlsx"))
    assert book.sheetnames == ["มาตรการ", "ที่มา"]
    sheet = book["มาตรการ"]
    assert sheet["A1"].value == plan.title and sheet["A2"].value == plan.agency.name
    assert [c.value for c in sheet[4]] == list(HEADERS)
    assert sheet["E5"].value == plan.period and sheet["A5"].font.name == "TH SarabunPSK"
    assert sheet.max_row == 4 + len(plan.rows)
    assert sheet["D5"].alignment.wrap_text and sheet.freeze_panes == "A5" and sheet.auto_filter.ref == \
        f"A4:F{4 + len(plan.rows)}"
    lines = max(len(r.steps) for r in plan.rows)
    assert max(sheet.row_dimensions[5 + i].height for i in range(len(plan.rows))) >= lines * 16
    assert sheet.column_dimensions["D"].width == max(sheet.column_dimensions[c].width for c in "ABCDEF")
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4"
    assert book["ที่มา"].max_row == 2 + sum(len(r.steps) + 2 for r in plan.rows)

    with (plan.write(tmp_path / "plan.csv")).open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == steps
    md = plan.write(tmp_path / "plan.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {plan.title}") and "| " + " | ".join(HEADERS) + " |" in md and "## ที่มา" in md
    page = plan.write(tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "@font-face" in page and all(h in page for h in HEADERS)
    with pytest.raises(ValueError, match="xlsx"):
        plan.write(tmp_path / "plan.pdf")


# ------------------------------------------------------------------------------------------ samples

def test_sample_plan_from_the_agencys_last_plan(samples):
    plan = draft_plan(samples, "อบต.หนองตะเคียนงาม", fiscal_year=2568)
    assert plan.agency.name == TAMBON and plan.weak_source == "มาตรการปีงบประมาณ พ.ศ. 2568 ของหน่วยงาน"
    by_code = {r.code: r for r in plan.rows}
    assert set(by_code) == {"i1", "e12", "e13", "e6", "e7", "i19", "i21", "o11", "o24", "i29"}
    assert (by_code["i1"].issue_no, by_code["e12"].issue_no, by_code["i19"].issue_no) == (1, 2, 4)
    e12 = by_code["e12"]
    # no peer wrote measures for e12: its own plan's three steps come back, citing its four renderings
    starts = ("เปิดช่องทางชำระภาษี", "จัดหน่วยบริการเคลื่อนที่", "ประชาสัมพันธ์ขั้นตอน")
    assert len(e12.steps) == 3 and all(s.text.startswith(w) for s, w in zip(e12.steps, starts))
    assert {s.file_name for s in e12.steps[0].sources} == {
        "plan_tambon.txt", "plan_tambon.office.pdf", "plan_tambon.legacy.pdf", "plan_tambon.borderless.pdf"}
    assert e12.responsible.text == "กองคลัง"


def test_cli_plan_writes_the_file(samples, tmp_path):
    group = click.Group("ita", commands={c.name: c for c in COMMANDS})
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(group, ["plan", "--agency", TAMBON, "--db", str(samples), "--year", "2568",
                                        "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "10 rows" in result.output
    docx = tmp_path / "plan.docx"
    apart = CliRunner().invoke(group, ["plan", "--agency", TAMBON, "--db", str(samples), "--year", "2568",
                                       "--out", str(docx), "--sources", "separate"])
    assert apart.exit_code == 0, apart.output
    assert docx.exists() and (tmp_path / "plan.sources.docx").exists()
    bad = CliRunner().invoke(group, ["plan", "--agency", TAMBON, "--db", str(samples), "--out", "x.pdf"])
    assert bad.exit_code == 2 and ".docx" in bad.output


def test_sample_plan_states_the_agencys_own_scores_and_advice(samples):
    """A plan drafted from an analysis: each finding is the agency's own score against 85, each first
    step its analysis' advice for the item (not a placeholder, not a peer's finding)."""
    plan = draft_plan(samples, "เทศบาลตำบลนาโพธิ์ทอง")
    key = expected("analysis_municipality")
    indicators = {s["indicator_no"]: s["score"] for s in key["scores"]
                  if s["scope"] == "indicator" and s["ita_year_be"] == 2567}
    items = year_items(load_catalog(), 2567).set_index("code")
    with duckdb.connect(str(samples), read_only=True) as con:
        advice = dict(con.execute("""SELECT w.catalog_code, any_value(w.recommendation) FROM weak_questions w
            JOIN documents d USING (doc_id) WHERE d.file_name = 'analysis_municipality.txt' GROUP BY 1""").fetchall())
    assert {r.code for r in plan.rows} == {w["code"] for w in key["weak_questions"]}
    for row in plan.rows:
        score = indicators[int(items.loc[row.code, "indicator_no"])]
        assert row.finding.origin == "own"
        if score < 85:
            assert f"ได้คะแนน {score:.2f} ต่ำกว่าเกณฑ์ 85 (ITA 2567)" in row.finding.text
        if "ควร" in advice[row.code]:
            step = row.steps[0]
            assert step.origin == "own" and advice[row.code].endswith(step.text) and "ควร" not in step.text
            assert {s.file_name for s in step.sources} <= {f"analysis_municipality.{x}" for x in
                                                            ("txt", "office.pdf", "legacy.pdf", "borderless.pdf")}
    assert sum(r.steps[0].origin == "none" for r in plan.rows) <= 1  # o12's analysis gives no advice


def test_sample_item_scores_are_the_finding(samples):
    key = expected("item_scores")
    plan = draft_plan(samples, "เทศบาลเมืองศรีสำราญ", weak="e11,i8")
    for row in plan.rows:
        printed = min(q["score"] for q in key["question_scores"] if q["code"] == row.code)
        assert row.finding.text.startswith(f"คะแนนข้อนี้ {printed:.2f} ต่ำกว่าเกณฑ์ 85 (ITA 2567)")


def test_borrowed_text_is_adapted_to_the_agency(samples, tmp_path):
    """The issue's case: a new อบต. drafting o10, o24 for 2569 from the อบจ.'s 2569 plan."""
    plan = draft_plan(samples, "อบต.บ้านใหม่", weak="o10,o24")
    cells = " ".join(s.text for r in plan.rows for s in r.suggestions)
    for word in ("อบจ.", "องค์การบริหารส่วนจังหวัด", "อุทัยธานี"):
        assert word not in cells
    o24 = next(r for r in plan.rows if r.code == "o24")
    boss = next(s for s in o24.steps if "นายก" in s.text)
    assert "เสนอนายกองค์การบริหารส่วนตำบล" in boss.text and "นายกองค์การบริหารส่วนจังหวัด" in boss.original
    assert ("นายกองค์การบริหารส่วนจังหวัด", "นายกองค์การบริหารส่วนตำบล") in boss.changes
    assert all(r.finding.flags for r in plan.rows)  # a peer's finding is never presented as the agency's own
    md = plan.write(tmp_path / "p.md").read_text(encoding="utf-8")
    assert "⚠ " in md and "นายกองค์การบริหารส่วนจังหวัด → นายกองค์การบริหารส่วนตำบล" in md
    assert boss.original in md  # the appendix quotes the source verbatim


def test_municipality_gets_its_titles_names_and_dates(samples):
    """The tambon's i1 steps borrowed by a new เทศบาลเมือง: its own short name and its mayor."""
    plan = draft_plan(samples, "เทศบาลเมืองท่าน้ำใหม่", weak="i1")
    text = " ".join(s.text for r in plan.rows for s in r.suggestions)
    assert "หนองตะเคียนงาม" not in text and "ไลน์ทางการของ ทม.ท่าน้ำใหม่" in text and "นายกเทศมนตรี" in text
    assert "นายกองค์การบริหารส่วนตำบล" not in text


def test_items_of_any_year_for_a_new_agency(samples):
    """ITA 2568 has no EIT items in the shipped catalog: e12 takes 2567's wording, with a note."""
    plan = draft_plan(samples, "เทศบาลเมืองท่าน้ำใหม่", weak="e12")
    [row] = plan.rows
    assert plan.fiscal_year_be == 2569 and row.catalog_year_be == 2567
    assert any("e12" in n and "2567" in n for n in plan.notes)
    with pytest.raises(PlanError, match="nor of any year"):
        draft_plan(samples, "เทศบาลเมืองท่าน้ำใหม่", weak="e99")


def test_library_spells_a_step_as_most_documents_print_it(samples):
    """Two of four renderings read a line wrap as a space ("เสนอ นายก…"): the tie goes to no space."""
    with duckdb.connect(str(samples), read_only=True) as con:
        draft_plan(samples, "อบต.บ้านใหม่", weak="o24")  # builds the library
    with duckdb.connect(str(samples), read_only=True) as con:
        spelled = con.execute("""SELECT DISTINCT cluster_text FROM measure_library
                                 WHERE text LIKE 'หน่วยตรวจสอบภายในสรุปผล%'""").fetchall()
    source = next(line for line in (SAMPLES / "plan_pao.txt").read_text(encoding="utf-8").split("</p>")
                  if "หน่วยตรวจสอบภายในสรุปผล" in line)
    assert spelled == [(source.split(". ", 1)[1],)]
