"""Bad input never crashes a batch or loses data: every file ends as a `documents` row with a
status and a one-line reason, and the batch goes on."""
from __future__ import annotations

import duckdb
from click.testing import CliRunner

from conftest import BAD, SAMPLE_PDFS
from pipeline.cli import main
from pipeline.ingest import ingest


def test_each_bad_file_is_recorded_and_the_batch_goes_on(tmp_path):
    db = tmp_path / "bad.duckdb"
    good = SAMPLE_PDFS / "plan_tambon.office.pdf"
    summary = ingest([str(BAD), str(good)], db, workers=1)
    assert summary.files == 6
    con = duckdb.connect(str(db), read_only=True)
    got = {name: (status, error) for name, status, error in
           con.execute("SELECT file_name, status, error FROM documents").fetchall()}
    assert got["plan_tambon.office.pdf"][0] == "ok"
    assert got["empty.pdf"] == ("failed", "empty file: nothing to read")
    assert got["not_a_pdf.pdf"][0] == "failed" and "not a readable PDF" in got["not_a_pdf.pdf"][1]
    assert got["truncated.pdf"][0] == "failed"
    assert got["encrypted.pdf"][0] == "failed" and "password" in got["encrypted.pdf"][1]
    assert got["no_table.pdf"][0] == "partial" and "no measures table" in got["no_table.pdf"][1]
    for status, error in got.values():
        assert status == "ok" or (error and "\n" not in error)
    assert con.execute("SELECT count(*) FROM measures m JOIN documents d USING (doc_id) "
                       "WHERE d.status = 'failed'").fetchone()[0] == 0


def test_cli_exit_codes_plain_and_strict(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "cli.duckdb")
    plain = runner.invoke(main, ["ingest", str(BAD / "empty.pdf"), str(BAD / "no_table.pdf"), "--db", db, "-q"])
    assert plain.exit_code == 0, plain.output
    assert "0 ok, 1 partial, 1 failed" in plain.output
    strict = runner.invoke(main, ["ingest", str(BAD / "empty.pdf"), "--db", db, "--strict", "--force", "-q"])
    assert strict.exit_code == 1


def test_missing_path_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope.pdf"), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_failed_file_is_retried_on_the_next_run(tmp_path):
    """A failed document is not 'known': fix the file, run again, and it is extracted."""
    db = tmp_path / "retry.duckdb"
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"")
    assert ingest([str(target)], db).status["failed"] == 1
    target.write_bytes((SAMPLE_PDFS / "plan_pao.office.pdf").read_bytes())
    second = ingest([str(target)], db)
    assert second.status["ok"] == 1
    con = duckdb.connect(str(db), read_only=True)
    # the failed row had another doc_id (hash of other bytes); both are kept as history of what was seen
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == 1


def test_scan_without_tesseract_is_partial_and_names_the_install(tmp_path, monkeypatch):
    """No OCR engine: scanned pages are recorded as partial with the command to install it, never empty-ok."""
    from conftest import SAMPLES

    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on PATH
    db = tmp_path / "scan.duckdb"
    ingest([str(SAMPLES / "scan" / "report_tambon.scan.pdf")], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    status, error, source = con.execute("SELECT status, error, text_source FROM documents").fetchone()
    assert status == "partial" and "tesseract-ocr-tha" in error and source == "pdf"
