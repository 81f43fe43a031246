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
