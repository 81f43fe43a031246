"""Extracting files in worker processes, each file bounded in time and memory (`pipeline.limits`).

pebble's ProcessPool runs the workers: a task it cancels while running has its worker killed and
replaced, a worker that dies fails only the task it was running (the standard library's pool breaks
and fails every pending task, an innocent neighbour included), and workers are recycled after
`TASKS_PER_WORKER` files so a leaky PDF library cannot grow memory over a batch.

The time a file may take is only known once it runs (its OCR pages add an allowance), so workers
tell this process their pid when a file starts and how many pages it will OCR, and this process
cancels a file past its time (counted from when pebble reports it running) or over its memory
(resident, read from /proc). Each worker leads its own process group, so what it started (Tesseract,
the OCR page pool) is killed with it: pebble kills the worker alone, and its children would run on.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import queue as queue_module
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, wait
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from extractors.model import ExtractedDocument
from pipeline.extract import extract_file, failed_document
from pipeline.limits import Limits, crash_reason, resident_mb

TASKS_PER_WORKER = 50  # recycle workers so a leaky PDF library cannot grow memory over a batch
POLL_SECONDS = 0.25  # how often deadlines and memory are checked

Task = tuple[Path, str, str]  # (path, as-given path, doc_id)

_events: multiprocessing.Queue | None = None  # in a worker: where it tells the pool what it is doing

# A plan of one row: reading it loads what every document needs (the Thai dictionary trie, the ITA
# catalog and its matcher, the gazetteer), 2-5 s that would otherwise be charged to each new worker's
# first file, and to its time limit.
_WARM_UP_TEXT = """มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
ประจำปีงบประมาณ พ.ศ. 2568
องค์การบริหารส่วนตำบลหนองตะเคียนงาม อำเภอพิมาย จังหวัดนครราชสีมา

ประเด็น\tข้อคำถาม ITA\tข้อค้นพบ\tขั้นตอน / วิธีการปฏิบัติ\tระยะเวลาดำเนินการ\tหน่วยงานผู้รับผิดชอบ
1. การให้บริการ\te13 หน่วยงานมีระบบการให้บริการออนไลน์หรือไม่\tยังไม่ครอบคลุม\tจัดทำระบบ\tตุลาคม 2567 - กันยายน 2568\tสำนักปลัด
"""


def warm_up() -> None:
    """Load, in this process, what every extraction needs, before workers are forked from it: each
    worker (and each recycled one) then starts warm, sharing those tables copy-on-write."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(_WARM_UP_TEXT, encoding="utf-8")
        extract_file(path, str(path), "warm-up")


def _worker_init(events: multiprocessing.Queue) -> None:
    """Keep the queue the worker reports to, and lead a process group of its own, which the processes
    it starts join, so that stopping a file kills them all (`_kill_group`). Pebble's workers already
    leave Ctrl-C to this process; their children, out of the terminal's group now, are killed the
    same way when a batch is cut short."""
    global _events
    _events = events
    os.setpgid(0, 0)


def _kill_group(pid: int | None) -> None:
    """Kill a worker and every process it started (its process group); gone already is fine."""
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _extract_task(path: Path, shown: str, doc_id: str, ocr: str) -> ExtractedDocument:
    """In a worker: one file, announced with the worker's pid, its OCR pages announced before OCR."""
    events = _events
    assert events is not None, "_worker_init sets the events queue"
    events.put((doc_id, "start", os.getpid()))
    return extract_file(path, shown, doc_id, ocr, on_ocr=lambda n: events.put((doc_id, "ocr", n)))


@dataclass
class _Running:
    """What this process knows of a file in the pool."""

    task: Task
    pid: int | None = None  # the worker's, once it tells (memory is read from it)
    started: float | None = None  # when this process first saw a worker running it
    ocr_pages: int = 0
    stopped: str | None = None  # the reason it was cancelled (over time or memory)


class BoundedPool:
    """A pool of `workers` processes extracting files, each within `limits`. Use as a context manager."""

    def __init__(self, workers: int, limits: Limits, ocr: str = "auto"):
        self.workers, self.limits, self.ocr = max(1, workers), limits, ocr
        warm_up()
        # Collect what earlier pools left (pebble channels, connections) before forking: a worker that
        # inherits it and collects it itself can die of a segmentation fault.
        gc.collect()
        self._events: multiprocessing.Queue = multiprocessing.Queue()
        self._pool = ProcessPool(max_workers=self.workers, max_tasks=TASKS_PER_WORKER,
                                 initializer=_worker_init, initargs=(self._events,))

    def __enter__(self) -> BoundedPool:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self._pool.close()
        else:  # Ctrl-C or an error: do not wait for the files still running
            self._pool.stop()
        self._pool.join()
        self._events.close()

    def run(self, tasks: Iterable[Task]) -> Iterator[ExtractedDocument]:
        """Extract `tasks`; yield each document as it finishes. Every task yields exactly one document."""
        queue = list(tasks)[::-1]
        pending: dict[ProcessFuture, _Running] = {}
        by_doc: dict[str, _Running] = {}
        try:
            while queue or pending:
                while queue and len(pending) < 2 * self.workers:  # bounded: results stream, memory stays flat
                    task = queue.pop()
                    running = _Running(task)
                    pending[self._pool.schedule(_extract_task, args=(*task, self.ocr))] = running
                    by_doc[task[2]] = running
                done, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                self._read_events(by_doc)
                for future in done:
                    running = pending.pop(future)
                    del by_doc[running.task[2]]
                    yield self._document(future, running)
                self._enforce(pending)
        finally:  # cut short (Ctrl-C, an error): files still running take what they started with them
            for running in pending.values():
                _kill_group(running.pid)

    def _read_events(self, by_doc: dict[str, _Running]) -> None:
        while True:
            try:
                doc_id, kind, value = self._events.get_nowait()
            except queue_module.Empty:
                return
            running = by_doc.get(doc_id)
            if running is None:  # the file already finished
                continue
            if kind == "start":
                running.pid = value
            else:
                running.ocr_pages = value

    def _enforce(self, pending: dict[ProcessFuture, _Running]) -> None:
        """Cancel (pebble kills the worker and starts another) a file past its time or its memory."""
        now = time.monotonic()
        for future, running in pending.items():
            if running.started is None and future.running():  # a worker took it (pebble's acknowledgement)
                running.started = now
            if running.started is None or running.stopped or future.done():
                continue
            if now - running.started > self.limits.seconds_for(running.ocr_pages):
                running.stopped = self.limits.timeout_reason(running.ocr_pages)
            elif (resident_mb(running.pid) or 0) > self.limits.max_memory_mb:
                running.stopped = self.limits.memory_reason()
            if running.stopped:
                future.cancel()
                _kill_group(running.pid)

    def _document(self, future: ProcessFuture, running: _Running) -> ExtractedDocument:
        """The file's document, or a failed one saying why it has none."""
        _, shown, doc_id = running.task
        try:
            return future.result()
        except CancelledError:
            return failed_document(doc_id, shown, running.stopped or crash_reason("stopped"))
        except ProcessExpired as exc:  # what the worker started dies with it
            _kill_group(running.pid)
            code = exc.exitcode
            detail = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
            if running.stopped:  # killed by us at the same moment it ended on its own
                return failed_document(doc_id, shown, running.stopped)
            return failed_document(doc_id, shown, crash_reason(detail))
        except Exception as exc:  # the task could not be sent or its result not received
            return failed_document(doc_id, shown, crash_reason(f"{type(exc).__name__}: {exc}"))
