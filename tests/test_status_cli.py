"""`ita status`: the warehouse across all runs, with reasons and what to do next."""
from __future__ import annotations

import io

import pandas as pd
from click.testing import CliRunner

from conftest import BAD, SAMPLE_PDFS
from pipeline.cli import main


def test_status_lists_files_of_every_run_with_reasons_coverage_and_next_steps(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    runner.invoke(main, ["ingest", str(BAD / "truncated.pdf"), str(BAD / "no_table.pdf"), "--db", db, "-q"])
    runner.invoke(main, ["ingest", str(SAMPLE_PDFS / "plan_tambon.office.pdf"),
                         str(SAMPLE_PDFS / "analysis_municipality.office.pdf"), "--db", db, "-q"])
    result = runner.invoke(main, ["status", "--db", db], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "files by status" in out and "what to do next" in out
    assert "truncated.pdf" in out and "the file is cut short" in out  # from the first run
    assert "no_table.pdf" in out and "plan_tambon.office.pdf" not in out  # ok files are not listed
    assert "1 file(s) failed" in out and "ita check FILE" in out
    coverage = out.split("by type and ITA year")[1].split("\n\n")[0]
    assert "measures" in coverage and "analysis" in coverage and "2567" in coverage
    every = runner.invoke(main, ["status", "--db", db, "--all", "--csv"])
    files = pd.read_csv(io.StringIO(every.output))
    assert len(files) == 4 and set(files["status"]) == {"ok", "partial", "failed"}


def test_status_of_a_clean_or_missing_warehouse(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "w.duckdb")
    missing = runner.invoke(main, ["status", "--db", db])
    assert missing.exit_code == 1 and "ita ingest" in missing.output
    runner.invoke(main, ["ingest", str(SAMPLE_PDFS / "plan_pao.office.pdf"), "--db", db, "-q"])
    clean = runner.invoke(main, ["status", "--db", db])
    assert clean.exit_code == 0 and "nothing to do: every file is ok" in clean.output


def test_status_shows_a_running_batch_and_one_killed_before_its_end(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT
    from pipeline.progress import progress_path

    folder, db = tmp_path / "in", str(tmp_path / "w.duckdb")
    folder.mkdir()
    for pdf in sorted(SAMPLE_PDFS.glob("*.pdf"))[:8]:
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", db, "--workers", "1",
                            "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while not progress_path(db).exists() and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.2)
    running = CliRunner().invoke(main, ["status", "--db", db])
    os.killpg(run.pid, signal.SIGKILL)  # a batch killed before its end leaves its progress behind
    run.wait()
    assert running.exit_code == 0, running.output
    assert "ingest in progress" in running.output and "of 8 files done" in running.output, running.output
    after = CliRunner().invoke(main, ["status", "--db", db])
    assert after.exit_code == 0, after.output
    assert "stopped before its end" in after.output and f"run `ita ingest {folder} --db {db}` again" in after.output


def test_status_counts_staged_documents_the_warehouse_lacks(tmp_path):
    from conftest import SAMPLES
    from pipeline.extract import EXTRACTOR_VERSION, extract_file
    from pipeline.staging import write_staged
    from warehouse.staged_files import default_staging

    db = str(tmp_path / "w.duckdb")
    CliRunner().invoke(main, ["ingest", str(SAMPLES / "plan_pao.txt"), "--db", db, "-q"])
    text = SAMPLES / "plan_tambon.txt"
    write_staged(extract_file(text, str(text), "staged-only"), default_staging(db), EXTRACTOR_VERSION)
    result = CliRunner().invoke(main, ["status", "--db", db])
    assert f"1 staged document(s) are not in the warehouse: `ita load {default_staging(db)} --db {db}`" in result.output


def test_load_names_a_staged_file_it_cannot_read_and_loads_the_rest(tmp_path):
    """A staged file cut short (a machine died while copying it) fails alone, in one line; the good one loads."""
    from conftest import SAMPLES
    from pipeline.extract import EXTRACTOR_VERSION, extract_file
    from pipeline.staging import write_staged

    staging, db = tmp_path / "staging", str(tmp_path / "w.duckdb")
    text = SAMPLES / "plan_tambon.txt"
    write_staged(extract_file(text, str(text), "good"), staging, EXTRACTOR_VERSION)
    (staging / "cut.parquet").write_bytes(b"PAR1 not a whole parquet file")
    result = CliRunner().invoke(main, ["load", str(staging), "--db", db])
    assert "Traceback" not in result.output and "staged file cannot be read" in result.output, result.output
    assert "1 ok" in result.output and "1 failed" in result.output, result.output


def test_a_second_batch_on_a_held_warehouse_leaves_the_first_batchs_progress_alone(tmp_path):
    from pipeline.progress import ProgressFile, progress_path

    db = tmp_path / "w.duckdb"
    progress_path(db).write_text('{"pid": 1}', encoding="utf-8")  # the running batch's file
    ProgressFile(db, 3, "ingest x").close()  # a second batch that could not open the warehouse
    assert progress_path(db).exists()
