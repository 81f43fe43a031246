"""The catalog as users extend it and review it: the warehouse's catalog table, `ita catalog import |
show | learn` and `ita check`, on real DuckDB files built by ingesting samples and synthetic plans."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SAMPLE_PDFS, SAMPLES
from corpus.catalog import CATALOG_VERSION, load_catalog
from corpus.match import match_questions, wording_key
from pipeline.cli_catalog import catalog, check
from pipeline.ingest import ingest
from warehouse.catalog_table import (CATALOG_DIR_ENV, active_catalog, catalog_version, learn_catalog,
                                     stored_catalog_version, sync_catalog, user_catalog_files)
from warehouse.load import WarehouseError, connect

HEADER = "ประเด็น\tข้อคำถาม ITA\tข้อค้นพบ\tแนวทาง/มาตรการ\tขั้นตอน/วิธีการปฏิบัติ\tระยะเวลาดำเนินการ\tผู้รับผิดชอบ"
# ITA 2568 i14 as plan_pao prints it; the catalog has no IIT wording for 2568 (nor a framework neighbour).
I14 = "ท่านได้รับการประเมินผลการปฏิบัติงานจากผู้บังคับบัญชาของท่านอย่างเป็นธรรม มากน้อยเพียงใด"
I14_OTHER = "ผู้บังคับบัญชามอบหมายงานให้ท่านอย่างเป็นธรรมและเหมาะสมกับตำแหน่ง มากน้อยเพียงใด"
# Three synthetic อบจ. plans for ITA 2568 besides plan_pao (อุทัยธานี, ingested as text and as PDF: one agency).
# Two print i14 as plan_pao does (a line-wrap space, a lost vowel mark), one prints another question.
SYNTHETIC = {"ชัยนาท": I14.replace("ปฏิบัติงาน", "ปฏิบัติ งาน"), "สิงห์บุรี": I14.replace("บังคับ", "บังคบ"),
             "อ่างทอง": I14_OTHER}


def plan_text(province: str, i14_wording: str) -> str:
    """A one-table measures plan in the samples' text format (corpus/samples/README.md)."""
    agency = f"องค์การบริหารส่วนจังหวัด{province}"
    rows = [
        ["3. ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ", "o4 ข่าวประชาสัมพันธ์",
         "ข่าวกิจกรรมบนเว็บไซต์ของหน่วยงานไม่เป็นปัจจุบัน", "มาตรการเผยแพร่ข่าวสารอย่างต่อเนื่อง",
         "<p>1. มอบหมายผู้รับผิดชอบเผยแพร่ข่าวภายใน ๓ วัน</p><p>2. ตรวจสอบการเผยแพร่ทุกสิ้นเดือน</p>",
         "ตลอดปีงบประมาณ พ.ศ. 2569", "สำนักปลัดองค์การบริหารส่วนจังหวัด"],
        ["6. กระบวนการควบคุม ตรวจสอบการใช้อำนาจและการบริหารงานบุคคล", f"i14 {i14_wording}",
         "บุคลากรบางส่วนเห็นว่าการประเมินผลการปฏิบัติงานยังไม่เป็นธรรม", "มาตรการบริหารงานบุคคลอย่างเป็นธรรม",
         "<p>1. กำหนดหลักเกณฑ์การประเมินที่ชัดเจน</p><p>2. แจ้งผลการประเมินพร้อมเหตุผลเป็นรายบุคคล</p>",
         "ไตรมาส 1-4", "สำนักปลัดองค์การบริหารส่วนจังหวัด"],
    ]
    intro = (f"ตามที่{agency}ได้เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
             "ประจำปีงบประมาณ พ.ศ. 2568 และได้วิเคราะห์ผลการประเมินเป็นรายข้อแล้ว จึงกำหนดมาตรการส่งเสริมคุณธรรม"
             "และความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2569 ดังนี้")
    lines = ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ประจำปีงบประมาณ พ.ศ. 2569", agency, "", intro, "",
             HEADER, *("\t".join(r) for r in rows)]
    return "\n".join(lines) + "\n"


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, encoding=encoding)
    return path


@pytest.fixture(autouse=True)
def user_catalog(tmp_path, monkeypatch) -> Path:
    """Every test gets its own, empty user catalog folder (never the developer's ~/.config)."""
    folder = tmp_path / "user-catalog"
    monkeypatch.setenv(CATALOG_DIR_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def plans_db(tmp_path_factory) -> Path:
    """plan_pao (text and PDF) plus the synthetic plans, each in its own folder as plan.txt."""
    root = tmp_path_factory.mktemp("plans")
    for i, (province, wording) in enumerate(SYNTHETIC.items()):
        (root / f"p{i}").mkdir()
        (root / f"p{i}" / "plan.txt").write_text(plan_text(province, wording), encoding="utf-8")
    db = root / "plans.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CATALOG_DIR_ENV, str(root / "no-user-catalog"))
        summary = ingest([str(root), str(SAMPLES / "plan_pao.txt"), str(SAMPLE_PDFS / "plan_pao.office.pdf")], db,
                         workers=1)
    assert summary.status["ok"] == 5
    return db


def invoke(command, args: list[str]):
    return CliRunner().invoke(command, args, catch_exceptions=False)


# --- the warehouse's catalog table --------------------------------------------------------------------------

def test_opening_for_writing_fills_the_catalog_table_and_its_version(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    try:
        table = con.execute("SELECT * FROM catalog_questions").df()
        assert stored_catalog_version(con) == CATALOG_VERSION
        columns = set(con.execute("DESCRIBE documents").df()["column_name"])
    finally:
        con.close()
    shipped = load_catalog()
    assert len(table) == len(shipped)
    assert {"ita_year_be", "tool", "indicator_no", "code", "text", "source", "concept_id"} <= set(table.columns)
    assert (table["catalog_version"] == CATALOG_VERSION).all()
    row = table[(table["ita_year_be"] == 2566) & (table["code"] == "i19")].iloc[0]
    assert row["concept_id"] == "iit:2564:i23" and row["tool"] == "IIT"
    assert "catalog_version" in columns


def test_a_user_file_changes_the_version_and_the_table_follows(tmp_path, user_catalog):
    db = tmp_path / "w.duckdb"
    connect(db).close()
    invoke(catalog, ["import", str(write_csv(tmp_path / "mine.csv", [
        {"ita_year_be": 2568, "code": "o5", "text": "กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน"}]))])
    version = catalog_version()
    assert version.startswith(CATALOG_VERSION + "+user.") and version != CATALOG_VERSION
    con = connect(db)
    try:
        item = con.execute("SELECT text, source, catalog_version FROM catalog_questions "
                           "WHERE ita_year_be = 2568 AND code = 'o5'").fetchall()
        assert item == [("กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน", "user:mine.csv", version)]
        assert stored_catalog_version(con) == version
        assert sync_catalog(con) is False  # nothing changed since: no refill
    finally:
        con.close()


def test_a_warehouse_with_the_older_seven_column_catalog_table_is_upgraded(tmp_path):
    db = tmp_path / "old.duckdb"
    old = duckdb.connect(str(db))
    old.execute("CREATE TABLE catalog_questions (ita_year_be INTEGER, tool VARCHAR, indicator_no INTEGER, "
                "code VARCHAR, text VARCHAR, source VARCHAR, concept_id VARCHAR)")
    old.close()
    con = connect(db)
    try:
        assert con.execute("SELECT count(*), count(confidence), count(catalog_version) FROM catalog_questions"
                           ).fetchone() == (len(load_catalog()),) * 3
    finally:
        con.close()


def test_a_broken_user_file_stops_writing_and_names_the_fix(tmp_path, user_catalog):
    user_catalog.mkdir()
    (user_catalog / "broken.csv").write_text("ita_year_be,code\n2568,o5\n", encoding="utf-8")
    with pytest.raises(WarehouseError, match="broken.csv.*Fix or delete"):
        connect(tmp_path / "w.duckdb")


# --- ita catalog import --------------------------------------------------------------------------------------

def test_import_copies_a_valid_file_and_matching_uses_it(tmp_path, user_catalog):
    source = write_csv(tmp_path / "agency.csv", [
        {"ita_year_be": 2568, "tool": "OIT", "code": "O05", "text": "กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน"},
        {"ita_year_be": 2568, "tool": "", "code": "o4", "text": "ข่าวประชาสัมพันธ์ของหน่วยงาน"}])
    result = invoke(catalog, ["import", str(source)])
    assert result.exit_code == 0
    assert "imported 2 items (1 new, 1 replacing shipped wording)" in result.output
    assert user_catalog_files() == [user_catalog / "agency.csv"]
    citation = pd.DataFrame([{"ita_year_be": 2568, "code": "o5", "question_text": "กฎหมายที่เกี่ยวข้อง",
                              "finding": None}])
    matched = match_questions(citation, active_catalog().items).iloc[0]
    assert (matched["catalog_code"], matched["catalog_year_be"]) == ("o5", 2568)


@pytest.mark.parametrize("rows, encoding, message", [
    ([{"ita_year_be": 2568, "code": "o5"}], "utf-8", "missing column"),
    ([{"ita_year_be": 2025, "code": "o5", "text": "ข้อมูล"}], "utf-8", "Buddhist-era"),
    ([{"ita_year_be": 2568, "tool": "EIT", "code": "o5", "text": "ข้อมูล"}], "utf-8", "does not fit the code"),
    ([{"ita_year_be": 2568, "code": "o5", "text": "ก"}, {"ita_year_be": 2568, "code": "O 5", "text": "ข"}], "utf-8",
     r"same year and code on line\(s\) 2, 3"),
    ([{"ita_year_be": 2568, "code": "x5", "text": "ข้อมูล"}], "utf-8", "not a valid code on line"),
    ([{"ita_year_be": 2568, "code": "o5", "text": "กฎหมายที่เกี่ยวข้อง"}], "cp874", "CSV UTF-8"),
])
def test_import_rejects_a_bad_file_with_the_fix_and_copies_nothing(tmp_path, user_catalog, rows, encoding, message):
    result = CliRunner().invoke(catalog, ["import", str(write_csv(tmp_path / "bad.csv", rows, encoding))])
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    assert user_catalog_files() == []


def test_import_reports_every_problem_of_a_file_in_one_pass(tmp_path, user_catalog):
    bad = tmp_path / "many.csv"
    bad.write_text("ita_year_be,tool,code,text\n"
                   "2025,OIT,o5,กฎหมาย\n"  # Christian-era year
                   "2568,EIT,o6,ข้อมูล\n"  # tool contradicts the code
                   "2568,,x7,ข้อมูล\n"  # not a code
                   "2568,,o8,\n"  # no text
                   "2568,,o9,ก,ข\n"  # a comma in an unquoted text
                   "25x8,,o10,ข้อมูล\n"  # not a year
                   "2568,,o11,ค\n2568,,O 11,ง\n", encoding="utf-8")  # the same item twice
    result = CliRunner().invoke(catalog, ["import", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    for expected in ("7 problem(s)", "Christian-era year on line(s) 2", "does not fit the code's letter "
                     "(i = IIT, e = EIT, o = OIT) on line(s) 3", "not a valid code on line(s) 4",
                     "is empty on line(s) 5", "more cells than the header has columns on line(s) 6",
                     "not a whole number on line(s) 7", "the same year and code on line(s) 8, 9"):
        assert expected in result.output, (expected, result.output)
    assert user_catalog_files() == []


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"), (b"\xef\xbb\xbfita_year_be,code,text\n", "no items"),
    (b'ita_year_be,code,text\n2568,o5,"unclosed\n', "problem"),
])
def test_import_never_leaks_a_library_error(tmp_path, user_catalog, content, message):
    bad = tmp_path / "odd.csv"
    bad.write_bytes(content)
    result = CliRunner().invoke(catalog, ["import", str(bad)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert "Error tokenizing" not in result.output and "EmptyDataError" not in result.output


def test_import_of_a_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(catalog, ["import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "does not exist" in result.output


# --- ita catalog show ------------------------------------------------------------------------------------------

def test_show_filters_by_year_and_tool_and_includes_user_items(tmp_path):
    shown = json.loads(invoke(catalog, ["show", "--year", "2568", "--tool", "oit", "--json"]).stdout)
    assert len(shown) == 23 and {(r["ita_year_be"], r["tool"]) for r in shown} == {(2568, "OIT")}
    assert "o5" not in {r["code"] for r in shown}
    invoke(catalog, ["import", str(write_csv(tmp_path / "mine.csv", [
        {"ita_year_be": 2568, "code": "o5", "text": "กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน"}]))])
    csv = invoke(catalog, ["show", "--year", "2568", "--csv"]).stdout
    frame = pd.read_csv(pd.io.common.StringIO(csv))
    assert frame.loc[frame["code"] == "o5", "source"].tolist() == ["user:mine.csv"]


def test_show_writes_the_whole_catalog_to_parquet_with_sources_unshortened(tmp_path):
    out = tmp_path / "catalog.parquet"
    invoke(catalog, ["show", "--year", "2567", "--parquet", str(out)])
    written = pd.read_parquet(out)
    assert set(written["ita_year_be"]) == {2567} and len(written) > 30
    assert written["source"].str.len().max() > 40  # the table on screen cuts sources to 40 characters


def test_show_says_which_years_exist_when_a_year_has_none():
    result = CliRunner().invoke(catalog, ["show", "--year", "2590"])
    assert result.exit_code == 1 and "covers 2564, 2565, 2566, 2567, 2568" in result.output


# --- ita catalog learn ---------------------------------------------------------------------------------------

def test_learn_proposes_the_wording_most_agencies_print_for_a_code_the_catalog_lacks(plans_db):
    proposals = json.loads(invoke(catalog, ["learn", "--db", str(plans_db), "--json"]).stdout)
    assert [(p["kind"], p["ita_year_be"], p["code"]) for p in proposals] == [("new", 2568, "i14")]
    (i14,) = proposals
    assert wording_key(i14["text"]) == wording_key(I14)  # not อ่างทอง's other question
    assert (i14["agencies"], i14["cited_by"]) == (3, 4)  # plan_pao's text and PDF are one agency
    assert i14["tool"] == "IIT" and i14["mean_similarity"] > 95 and i14["catalog_text"] is None


def test_learn_needs_min_agencies(plans_db):
    result = invoke(catalog, ["learn", "--db", str(plans_db), "--min-agencies", "4", "--json"])
    assert json.loads(result.stdout) == []
    assert "0 proposals" in result.stderr


def test_learn_flags_a_catalog_entry_the_agencies_contradict(plans_db, tmp_path):
    wrong = "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"  # 2567's o4, imported by mistake as 2568's
    invoke(catalog, ["import", str(write_csv(tmp_path / "wrong.csv", [{"ita_year_be": 2568, "code": "o4", "text": wrong}]))])
    proposals = json.loads(invoke(catalog, ["learn", "--db", str(plans_db), "--json"]).stdout)
    (o4,) = [p for p in proposals if p["code"] == "o4"]
    assert (o4["kind"], o4["text"], o4["agencies"], o4["cited_by"]) == ("contradiction", "ข่าวประชาสัมพันธ์", 4, 4)
    assert o4["catalog_text"] == wrong and o4["catalog_year_be"] == 2568 and o4["catalog_similarity"] < 50


def test_learn_out_writes_an_importable_user_catalog_and_matching_then_resolves_the_code(plans_db, tmp_path):
    out = tmp_path / "proposals.csv"
    invoke(catalog, ["learn", "--db", str(plans_db), "--out", str(out)])
    written = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(written.columns) == ["ita_year_be", "tool", "indicator_no", "indicator_name", "sub_indicator",
                                     "code", "text", "source", "closest_code", "closest_similarity"]
    assert written[["ita_year_be", "tool", "code"]].values.tolist() == [["2568", "IIT", "i14"]]
    assert written["source"].iloc[0].startswith("agency-documents:ita catalog learn (3 agencies")
    assert invoke(catalog, ["import", str(out)]).exit_code == 0
    # the learned item is now in the catalog, so learning again proposes nothing and ingesting resolves i14
    assert json.loads(invoke(catalog, ["learn", "--db", str(plans_db), "--json"]).stdout) == []
    again = tmp_path / "again.duckdb"
    ingest([str(SAMPLES / "plan_pao.txt")], again, workers=1)
    con = duckdb.connect(str(again), read_only=True)
    try:
        resolved = con.execute("SELECT catalog_code, catalog_year_be, match_method FROM measure_questions "
                               "WHERE code = 'i14'").fetchall()
        recorded = con.execute("SELECT catalog_version FROM documents").fetchall()
    finally:
        con.close()
    assert resolved == [("i14", 2568, "code+text")]
    assert recorded == [(catalog_version(),)]


def test_learn_out_never_writes_a_misprint_of_another_item(plans_db, tmp_path):
    # the year's catalog has the wording the agencies print for i14 under i15: they misprint the code
    invoke(catalog, ["import", str(write_csv(tmp_path / "mine.csv", [{"ita_year_be": 2568, "code": "i15", "text": I14}]))])
    out = tmp_path / "proposals.csv"
    result = invoke(catalog, ["learn", "--db", str(plans_db), "--out", str(out), "--json"])
    (i14,) = [p for p in json.loads(result.stdout) if p["code"] == "i14"]
    assert (i14["closest_code"], i14["closest_similarity"]) == ("i15", 100.0)
    assert pd.read_csv(out, encoding="utf-8-sig").empty
    assert "wrote 0 proposals" in result.stderr and "1 left out" in result.stderr


def test_learn_without_a_warehouse_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(catalog, ["learn", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "ita ingest FILES --db" in result.output


def citations(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["ita_year_be", "code", "text", "agency"])


def test_learn_takes_the_biggest_cluster_not_the_most_printed_single_wording():
    typo = I14.replace("ประเมิน", "ประเมืน")
    found = learn_catalog(citations([(2568, "i14", I14, "a"), (2568, "i14", I14, "b"), (2568, "i14", typo, "c"),
                                     (2568, "i14", I14_OTHER, "d"), (2568, "i14", I14_OTHER, "e")]), load_catalog())
    assert found[["code", "text", "agencies", "cited_by"]].values.tolist() == [["i14", I14, 3, 5]]


def test_learn_wants_a_majority_of_the_citing_agencies():
    rows = [(2568, "i14", I14, a) for a in "abc"] + [(2568, "i14", I14_OTHER, a) for a in "def"]
    assert learn_catalog(citations(rows), load_catalog()).empty


def test_a_contradiction_of_a_borrowed_item_names_the_year_it_was_borrowed_from():
    catalog_2564 = load_catalog().query("ita_year_be == 2564 and code == 'i5'")["text"].iloc[0]
    rows = [(2565, "i5", I14_OTHER, a) for a in "abc"]  # 2565 has no IIT: it borrows 2564's
    (found,) = learn_catalog(citations(rows), load_catalog()).to_dict("records")
    assert (found["kind"], found["catalog_year_be"], found["catalog_text"]) == ("contradiction", 2564, catalog_2564)


def test_closest_code_exposes_a_code_agencies_misprint():
    i27 = load_catalog().query("ita_year_be == 2567 and code == 'i27'")["text"].iloc[0]
    rows = [(2567, "e12", i27, a) for a in "abc"]
    (found,) = learn_catalog(citations(rows), load_catalog()).to_dict("records")
    assert (found["kind"], found["closest_code"], found["closest_similarity"]) == ("contradiction", "i27", 100.0)


# --- ita check ---------------------------------------------------------------------------------------------

def test_check_shows_a_document_with_its_citations_and_catalog_wording(sample_db):
    result = invoke(check, ["plan_tambon.office.pdf", "--db", str(sample_db)])
    out = result.output
    assert result.exit_code == 0
    assert out.startswith("plan_tambon.office.pdf\n")
    assert "องค์การบริหารส่วนตำบลหนองตะเคียนงาม" in out and "fiscal 2568, ITA 2567" in out and "status     ok" in out
    i21 = load_catalog().query("ita_year_be == 2567 and code == 'i21'")["text"].iloc[0]
    flagged = [line for line in out.splitlines() if line.startswith("!")]
    assert any("i12 → i21 (2567)" in line and "printed code and wording disagree" in line for line in flagged)
    assert f"catalog  {i21}" in out
    assert "E 12 → e12 → e12 (2567)" in out


def test_check_finds_a_document_by_file_on_disk_path_or_doc_id_prefix(sample_db):
    pdf = SAMPLE_PDFS / "plan_pao.legacy.pdf"
    con = duckdb.connect(str(sample_db), read_only=True)
    doc_id, path = con.execute("SELECT doc_id, path FROM documents WHERE file_name = ?", [pdf.name]).fetchone()
    con.close()
    for ref in (str(pdf), path, doc_id[:8], doc_id.upper()):
        out = invoke(check, [ref, "--db", str(sample_db)]).output
        assert f"doc_id     {doc_id}" in out, ref


def test_check_flagged_lists_only_the_citations_to_review(sample_db):
    out = invoke(check, ["plan_tambon.txt", "--db", str(sample_db), "--flagged"]).output
    rows = [line for line in out.splitlines() if " row " in line]
    assert rows and all(line.startswith("!") for line in rows)


def test_check_shows_damaged_pages(plans_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(plans_db.read_bytes())
    con = duckdb.connect(str(db))
    doc_id = con.execute("SELECT doc_id FROM documents WHERE file_name = 'plan_pao.office.pdf'").fetchone()[0]
    con.execute("INSERT INTO text_quality (doc_id, page, flags, trusted) VALUES (?, 2, ['pua', 'no_sara_am'], false)",
                [doc_id])
    con.close()
    out = invoke(check, [doc_id[:10], "--db", str(db)]).output
    assert "page 2   pua, no_sara_am  (not trusted)" in out
    assert "i14 → no item" in out and "no catalog item for the year" in out


@pytest.mark.parametrize("ref, message", [
    ("plan.txt", "3 documents match 'plan.txt'; give a doc_id prefix"),
    ("nothing-like-it.pdf", "no document matches"),
    ("abc", "no document matches"),  # too short for a doc_id prefix
])
def test_check_explains_an_ambiguous_or_unknown_reference(plans_db, ref, message):
    result = CliRunner().invoke(check, [ref, "--db", str(plans_db)])
    assert result.exit_code == 1 and message in result.output


def test_check_of_a_file_not_ingested_says_to_ingest_it(plans_db):
    result = CliRunner().invoke(check, [str(SAMPLE_PDFS / "plan_tambon.office.pdf"), "--db", str(plans_db)])
    assert result.exit_code == 1 and "not in this warehouse" in result.output and "ita ingest" in result.output
