"""An interrupted run leaves the warehouse consistent, and running again finishes the job."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb

from conftest import ROOT, SAMPLE_PDFS, expected


def test_killed_ingest_then_rerun_gives_every_document_once(tmp_path):
    files = tmp_path / "in"
    files.mkdir()
    pdfs = sorted(p for p in SAMPLE_PDFS.glob("*.pdf") if ".scan." not in p.name)  # no OCR: keep it quick
    for pdf in pdfs:
        shutil.copy(pdf, files / pdf.name)
    db = tmp_path / "w.duckdb"
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(files), "--db", str(db), "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd + ["-v"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    for _ in range(2):  # -v prints a line per loaded document: kill after two, mid-way through the third
        assert proc.stderr.readline(), "ingest ended before it loaded two documents"
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    con = duckdb.connect(str(db), read_only=True)
    partial_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    orphans = con.execute("SELECT count(*) FROM measures WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchone()[0]
    con.close()
    assert orphans == 0, "a document's rows were loaded without its documents row"
    assert partial_docs < len(pdfs)

    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{partial_docs} already loaded" in done.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (len(pdfs), len(pdfs))
    dup = con.execute("SELECT count(*) - count(DISTINCT measure_id) FROM measures").fetchone()[0]
    assert dup == 0
    expected_rows = sum(len(expected(p.name.split(".")[0])["rows"]) for p in pdfs)
    assert con.execute("SELECT count(*) FROM measures").fetchone()[0] == expected_rows
