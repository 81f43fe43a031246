"""Bounded work per file: a file that takes too long, or whose worker dies, fails alone; the batch goes on."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest

from conftest import ROOT, SAMPLE_PDFS, SAMPLES
from pipeline.executors import BoundedPool
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


def _group_members(leaders: set[int]) -> set[int]:
    """Live processes (not zombies) in the process groups led by `leaders`, the leaders left out."""
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) in leaders and int(proc.name) not in leaders:
            found.add(int(proc.name))
    return found


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_a_file_stopped_during_ocr_takes_the_processes_its_worker_started_with_it(tmp_path, monkeypatch):
    """Tesseract (and the OCR page pool) run on after pebble kills their worker unless the worker's
    whole process group is killed: a file stopped mid-OCR leaves nothing running. The file's time
    limit is cut once Tesseract is seen running, so the stop lands during OCR however busy the machine."""
    monkeypatch.setenv("ITA_CACHE_DIR", str(tmp_path / "cache"))  # OCR for real, not from the cache
    scans = pdfium.PdfDocument.new()
    for name in ("plan_municipality.scan.pdf", "report_tambon.scan.pdf"):
        scans.import_pages(pdfium.PdfDocument(SAMPLES / "scan" / name))
    path = tmp_path / "scans.pdf"
    scans.save(path)
    seen: list[set[int]] = []
    running = threading.Event()
    running.set()

    with BoundedPool(1, Limits(timeout=600)) as pool:
        def watch() -> None:  # what the worker started, as last seen before its file was stopped
            while running.is_set():
                workers = {int(c) for t in Path(f"/proc/{os.getpid()}/task").iterdir()
                           for c in (t / "children").read_text().split()}
                members = _group_members(workers)
                if members:
                    seen.append(members)
                    pool.limits = Limits(timeout=1, ocr_page_seconds=0)  # the file is now over its time
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            doc = next(pool.run([(path, str(path), "scans")]))
        finally:
            running.clear()
            watcher.join()
    assert seen, "the worker started no process while it OCR'd"
    assert doc.status == "failed" and doc.error.startswith("took more than 1 s"), doc.error
    last = seen[-1]
    deadline = time.monotonic() + 5
    while _group_members_alive(last) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_members_alive(last), "processes the stopped worker started still run"


def _group_members_alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(pid)
        except (OSError, IndexError):
            continue
    return alive
