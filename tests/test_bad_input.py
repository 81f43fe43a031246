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
    assert got["not_a_pdf.pdf"][0] == "failed" and got["not_a_pdf.pdf"][1].startswith("the file is not a PDF (it starts with")
    assert got["truncated.pdf"] == ("failed", "the file is cut short (the PDF has no end): download it again")
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


def test_reasons_say_what_the_file_is_and_what_to_do(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.pdf").write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    (folder / "form.docx").write_bytes(b"PK\x03\x04 not read by ita")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "plan.pdf").write_bytes((SAMPLE_PDFS / "plan_tambon.office.pdf").read_bytes())
    db = str(tmp_path / "w.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert "the file is not a PDF (it starts with '<html><body>'): download the document itself" in result.output
    assert "2 file(s) skipped, not PDF/.txt/.md: form.docx, sheet.xlsx" in result.output
    assert "PDFSyntaxError" not in result.output and "Traceback" not in result.output


def test_verbose_prints_each_failure_once(tmp_path):
    db = str(tmp_path / "w.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(BAD / "truncated.pdf"), "--db", db, "-v"])
    assert result.output.count("cut short") == 1, result.output


def test_strict_and_verbose_see_files_loaded_before(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    files = [str(BAD / "no_table.pdf"), str(SAMPLE_PDFS / "plan_pao.office.pdf")]
    assert runner.invoke(main, ["ingest", *files, "--db", db, "-q"]).exit_code == 0
    again = runner.invoke(main, ["ingest", *files, "--db", db, "--strict", "-v"])
    assert again.exit_code == 1, again.output  # no_table.pdf is recorded as partial, though not re-read
    assert "2 already loaded" in again.output
    assert "recorded: no measures table or scores found in the text" in again.output
    ok_only = runner.invoke(main, ["ingest", files[1], "--db", db, "--strict", "-q"])
    assert ok_only.exit_code == 0, ok_only.output


def test_a_locked_warehouse_is_one_line_saying_what_to_do(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        runner = CliRunner()
        for args in (["ingest", str(BAD / "empty.pdf")], ["sql", "SELECT 1"], ["weaknesses"]):
            result = runner.invoke(main, [*args, "--db", str(db)])
            assert result.exit_code == 1, (args, result.output)
            assert f"another ita process is writing to {db}; wait for it to finish or use another --db" in result.output
            assert "PID" not in result.output and "Traceback" not in result.output
    finally:
        holder.kill()
        holder.wait()


def test_ctrl_c_prints_the_summary_so_far_and_a_rerun_finishes(tmp_path):
    import signal
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    # Enough files that the interrupt lands mid-batch however fast ingest is and however slowly this test
    # reads the child's output: each sample three times, a comment after %%EOF making each copy its own file.
    pdfs = [folder / f"{copy}-{pdf.name}" for copy in range(3)
            for pdf in sorted(SAMPLE_PDFS.glob("*.office.pdf")) + sorted(SAMPLE_PDFS.glob("*.legacy.pdf"))]
    for path in pdfs:
        path.write_bytes((SAMPLE_PDFS / path.name.split("-", 1)[1]).read_bytes() + f"\n% copy {path.name}\n".encode())
    db = str(tmp_path / "w.duckdb")
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", db, "-v", "--workers", "1"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           cwd=str(SAMPLE_PDFS.parents[2]))
    for line in run.stderr:  # -v prints a line per loaded file: interrupt after the first
        if line.startswith("ok"):
            break
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 130, (out, err)
    assert f"{len(pdfs)} files:" in out and "Traceback" not in err and "Aborted" not in err
    assert "interrupted" in err and "run the same command again" in err
    done = int(out.split(" ok,")[0].split()[-1])
    assert 1 <= done < len(pdfs)
    rerun = subprocess.run(command[:-3] + ["-q"], capture_output=True, text=True, cwd=str(SAMPLE_PDFS.parents[2]))
    assert f"{done} already loaded" in rerun.stdout, rerun.stdout
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == len(pdfs)


def test_a_file_with_no_ita_evidence_stays_out_of_every_count(tmp_path):
    from conftest import ROOT

    runner = CliRunner()
    plans = sorted(SAMPLE_PDFS.glob("*.office.pdf"))
    only_pdfs, with_notes = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    runner.invoke(main, ["ingest", *map(str, plans), "--db", only_pdfs, "-q"])
    notes = tmp_path / "notes.md"  # quotes ITA titles and a year, names no agency, has no table
    notes.write_text("# บันทึก\n\nรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส\n\n"
                     "ผลการประเมิน ITA ประจำปี พ.ศ. 2567 คะแนน 88.22 คะแนน\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", *map(str, plans), str(ROOT / "README.md"), str(notes), "--db", with_notes, "-q"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(with_notes, read_only=True)
    for name in ("README.md", "notes.md"):
        doc_type, status, error, year = con.execute(
            "SELECT doc_type, status, error, ita_year_be FROM documents WHERE file_name = ?", [name]).fetchone()
        assert (doc_type, status, year) == ("unknown", "partial", None), name
        assert error.startswith("not an ITA document"), name
    con.close()
    shares = [runner.invoke(main, ["weaknesses", "--db", db, "--json", "--limit", "50"]).output for db in (only_pdfs, with_notes)]
    assert shares[0] == shares[1] and "pct_agencies" in shares[0]
