"""`--executor ray` on a local Ray instance (2 CPUs): the same records as the process pool, staged
documents rebuild a warehouse, and a Ray worker killed mid-batch loses nothing and duplicates nothing.

Few tests, each one Ray start-up (20-30 s on a busy 2-core machine)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, SAMPLE_PDFS, SAMPLES
from pipeline.ingest import ingest, load_staging
from processes import ray_worker_running, wait_for

ray = pytest.importorskip("ray")

FILES = [*sorted(SAMPLE_PDFS.glob("*.office.pdf")), SAMPLE_PDFS / "plan_tambon.legacy.pdf",
         SAMPLES / "analysis_municipality.txt"]
RUN_COLUMNS = ("ingested_at", "seconds")  # when and how fast a run was, not what it read


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every base table's rows, sorted, without the columns that only say when a run happened."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables "
                                    "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall():
            columns = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_name = ?", [table]).fetchall()}
            exclude = ", ".join(c for c in RUN_COLUMNS if c in columns)
            out[table] = con.execute(f"SELECT * {f'EXCLUDE ({exclude})' if exclude else ''} FROM {table} "
                                     "ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def test_ray_loads_the_same_records_as_the_process_pool_and_staging_rebuilds_them(tmp_path):
    files = [str(f) for f in FILES]
    pool_db, ray_db, rebuilt_db = tmp_path / "pool.duckdb", tmp_path / "ray.duckdb", tmp_path / "rebuilt.duckdb"
    assert ingest(files, pool_db, workers=2).failed == 0
    try:
        summary = ingest(files, ray_db, workers=2, executor="ray")
    finally:
        ray.shutdown()
    assert summary.status["ok"] + summary.status["partial"] == len(FILES), summary
    expected = _tables(pool_db)
    assert expected["measures"] and expected["documents"]
    assert _tables(ray_db) == expected
    staged = sorted(p.name for p in (tmp_path / "ray.duckdb.staging").iterdir())
    assert len(staged) == len(FILES) and all(name.endswith(".parquet") for name in staged)

    assert load_staging(tmp_path / "ray.duckdb.staging", rebuilt_db).files == len(FILES)
    assert _tables(rebuilt_db) == expected
    again = load_staging(tmp_path / "ray.duckdb.staging", rebuilt_db)  # re-run safe: nothing loaded twice
    assert again.skipped == len(FILES) and _tables(rebuilt_db) == expected


def test_a_ray_worker_killed_mid_batch_loses_nothing_and_a_rerun_duplicates_nothing(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    for f in FILES:
        shutil.copy(f, folder / f.name)
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", str(db), "--executor", "ray",
               "--workers", "2", "-q"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = wait_for(lambda: ray_worker_running("_stage"), run)
    assert killed, "no Ray worker was seen extracting a file"
    os.kill(killed, signal.SIGKILL)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    assert f"{len(FILES)} files: " in out and " 0 failed" in out, out

    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(FILES)} already loaded" in rerun.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (len(FILES),) * 2
        assert con.execute("SELECT count(*) - count(DISTINCT measure_id) FROM measures").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone() == (0,)
    finally:
        con.close()
