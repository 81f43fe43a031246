"""Damage that repair cannot undo is flagged per page, and the document is `partial` with a reason."""
from __future__ import annotations

import duckdb

from conftest import SAMPLES
from corpus.render import is_landscape, render_document
from extractors.sources.pdf import read_pdf
from extractors.thai import NO_SARA_AM_MIN_CONSONANTS, assess
from pipeline.ingest import ingest


def test_lost_sara_am_is_flagged_and_the_document_is_partial(tmp_path):
    # The classic Word + font export that dropped every ำ: "ดาเนินการ", "ประจาปี" (research notes §1.1).
    source = (SAMPLES / "plan_tambon.txt").read_text(encoding="utf-8")
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(source.replace("ำ", "า"), encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(source, encoding="utf-8")
    db = tmp_path / "q.duckdb"
    ingest([str(damaged), str(clean)], db)
    con = duckdb.connect(str(db), read_only=True)
    status = dict(con.execute("SELECT file_name, status FROM documents").fetchall())
    assert status == {"damaged.txt": "partial", "clean.txt": "ok"}
    flags = con.execute("""
        SELECT list_distinct(flatten(list(flags))) FROM text_quality q JOIN documents d USING (doc_id)
        WHERE d.file_name = 'damaged.txt' AND NOT trusted""").fetchone()[0]
    assert "no_sara_am" in flags
    error = con.execute("SELECT error FROM documents WHERE file_name = 'damaged.txt'").fetchone()[0]
    assert "damaged" in error
    # the rows are still loaded: damaged text is kept and flagged, never dropped
    assert con.execute("SELECT count(*) FROM measures m JOIN documents d USING (doc_id) "
                       "WHERE d.file_name = 'damaged.txt'").fetchone()[0] == 9


def _ingest_with_header_renamed(tmp_path, header: str, renamed: str) -> duckdb.DuckDBPyConnection:
    """The tambon sample plan with one column header renamed, ingested; a read-only connection to it."""
    source = (SAMPLES / "plan_tambon.txt").read_text(encoding="utf-8")
    doc = tmp_path / "renamed.txt"
    doc.write_text(source.replace(header, renamed), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    ingest([str(doc)], db)
    return duckdb.connect(str(db), read_only=True)


def test_unknown_column_is_kept_and_reported(tmp_path):
    """A header no vocabulary knows over cells that show no kind of content (sentences of findings):
    the text is kept under its header and the document says so. Its neighbours keep their roles."""
    con = _ingest_with_header_renamed(tmp_path, "ข้อค้นพบ", "หมายเหตุพิเศษ")
    warnings = con.execute("SELECT warnings FROM documents").fetchone()[0]
    assert any("หมายเหตุพิเศษ" in w for w in warnings)
    kept = con.execute("SELECT extra, finding, responsible FROM measures ORDER BY row_no").fetchall()
    assert all(any("หมายเหตุพิเศษ" in k for k in extra) for extra, _, _ in kept)
    assert all(finding is None for _, finding, _ in kept)
    assert kept[0][2] == ["ทุกส่วนราชการ"]


def test_a_column_of_unit_names_is_the_responsible_unit_whatever_its_header(tmp_path):
    con = _ingest_with_header_renamed(tmp_path, "หน่วยงานผู้รับผิดชอบ", "หมายเหตุพิเศษ")
    units = [r[0] for r in con.execute("SELECT responsible FROM measures ORDER BY row_no").fetchall()]
    assert units[0] == ["ทุกส่วนราชการ"] and all(units)


def test_text_exports_in_cp874_with_bom_or_crlf_give_the_same_records(tmp_path):
    source = (SAMPLES / "report_tambon.txt").read_text(encoding="utf-8")
    (tmp_path / "utf8.txt").write_text(source, encoding="utf-8")
    (tmp_path / "bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "windows.txt").write_bytes(source.encode("cp874", errors="replace"))
    db = tmp_path / "enc.duckdb"
    assert ingest([str(tmp_path)], db).status["ok"] == 3
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("""
        SELECT d.file_name, list(m.measure ORDER BY m.row_no) FROM measures m JOIN documents d USING (doc_id)
        GROUP BY 1 ORDER BY 1""").fetchall()
    texts = {name: measures for name, measures in rows}
    assert texts["utf8.txt"] == texts["bom_crlf.txt"]
    assert [m.replace("?", "") for m in texts["windows.txt"]] == [m.replace("?", "") for m in texts["utf8.txt"]]


def test_a_lost_sara_am_is_seen_over_the_whole_document_not_only_on_full_pages(tmp_path):
    """Pages with fewer than 400 Thai consonants cannot show a lost ำ on their own; the document can."""
    source = (SAMPLES / "plan_pao.txt").read_text(encoding="utf-8").replace("ำ", "า")
    pdf = tmp_path / "lost_am.pdf"
    render_document(source, str(pdf), "office", is_landscape("plan_pao"))
    consonants = [assess(" ".join(w.text for w in p.words)).thai_consonants for p in read_pdf(pdf)]
    assert min(consonants) < NO_SARA_AM_MIN_CONSONANTS <= sum(consonants)  # some pages too short alone
    db = tmp_path / "am.duckdb"
    ingest([str(pdf)], db, ocr="never")  # OCR of the page images would lack ำ too; not what is tested
    con = duckdb.connect(str(db), read_only=True)
    flagged = con.execute("SELECT page FROM text_quality WHERE list_contains(flags, 'no_sara_am') AND NOT trusted "
                          "ORDER BY page").fetchall()
    assert [p for (p,) in flagged] == list(range(1, len(consonants) + 1))
    assert con.execute("SELECT status FROM documents").fetchone()[0] == "partial"
