"""Bounded work per file: a file that takes too long, or whose worker dies, fails alone; the batch goes on."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import ROOT, SAMPLE_PDFS
from pipeline.ingest import ingest
from pipeline.limits import Limits
from pathological_pdf import write_pathological_pdf
from processes import child_reading, wait_for

GOOD = ("plan_municipality.office.pdf", "plan_pao.office.pdf", "report_tambon.office.pdf")


def _batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLE_PDFS / name, folder / name)
    write_pathological_pdf(folder / "slow.pdf")
    return folder


def _statuses(db: Path) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: (status, error) for name, status, error
                in con.execute("SELECT file_name, status, error FROM documents").fetchall()}
    finally:
        con.close()


def _ingest(folder: Path, db: Path, *flags: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", str(db), "--workers", "2", *flags]


def test_a_file_over_its_time_fails_with_the_reason_and_every_good_file_loads(tmp_path):
    folder, db = _batch(tmp_path), tmp_path / "w.duckdb"
    started = time.monotonic()
    done = subprocess.run(_ingest(folder, db, "--timeout", "10", "-q"), cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    statuses = _statuses(db)
    assert statuses["slow.pdf"] == ("failed", "took more than 10 s: the file may be damaged or unusually complex; "
                                              "--timeout to allow more")
    assert all(statuses[name][0] == "ok" for name in GOOD), statuses
    assert elapsed < 60, f"the batch took {elapsed:.0f} s: the slow file was not stopped at its limit"
    assert "slow.pdf: took more than 10 s" in done.stderr  # the summary names it


def test_a_killed_worker_fails_only_its_own_file_and_the_pool_goes_on(tmp_path):
    folder, db = _batch(tmp_path), tmp_path / "w.duckdb"
    slow = (folder / "slow.pdf").resolve()
    run = subprocess.Popen(_ingest(folder, db, "-q"), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    worker = wait_for(lambda: child_reading(run.pid, slow), run)
    assert worker, "no worker was seen reading the slow file"
    os.kill(worker, signal.SIGKILL)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    statuses = _statuses(db)
    status, reason = statuses["slow.pdf"]
    assert status == "failed" and reason.startswith("the process reading the file died (killed by signal 9)"), reason
    assert all(statuses[name][0] == "ok" for name in GOOD), statuses


def test_a_file_over_its_memory_fails_with_the_reason(tmp_path):
    # a worker holds the Thai dictionaries and PDF libraries (~250 MB resident): 64 MB is over at once
    summary = ingest([str(SAMPLE_PDFS / GOOD[0])], tmp_path / "w.duckdb", workers=1, limits=Limits(max_memory_mb=64))
    assert summary.failures == [(str(SAMPLE_PDFS / GOOD[0]), Limits(max_memory_mb=64).memory_reason())]
    assert "needed more than 64 MB of memory" in summary.failures[0][1] and "--max-memory" in summary.failures[0][1]
