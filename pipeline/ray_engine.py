"""`ita ingest --executor ray`: the same per-file extraction as Ray tasks, on this machine or a cluster.

Each task extracts one file in a `BoundedPool` of one process kept by its Ray worker (the same time
and memory bounds as the local pool, a worker killed and replaced when a file is over them) and
writes the document to the staging folder (`pipeline.staging`); this process, the only writer of the
warehouse, reads the staged document back and loads it. Ray retries a task whose worker or machine
died, and recycles workers after `TASKS_PER_WORKER` files. On a cluster every machine needs thai-ita
installed and the staging folder mounted at the same path (a shared filesystem).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from extractors.model import ExtractedDocument
from pipeline.executors import TASKS_PER_WORKER, BoundedPool, Task
from pipeline.extract import EXTRACTOR_VERSION, failed_document
from pipeline.limits import Limits, crash_reason
from pipeline.staging import read_staged, write_staged
from warehouse.staged_files import staged_path

INSTALL = "pip install 'thai-ita[ray]'"
RETRIES = 3  # a task whose worker or machine died is run again this often before its file is failed

_UNREADABLE = (OSError, ValueError, KeyError, TypeError)  # a staged file missing here, cut short or of other fields
_pool: BoundedPool | None = None  # in a Ray worker: the one-process pool it extracts in, warmed once


class RayMissing(Exception):
    """Ray is not installed, or cannot be started or reached: the message says what to do."""


def _stage(task: Task, ocr: str, limits: Limits, staging: str) -> str:
    """In a Ray worker: extract one file within `limits`, stage it; return the staged file's path."""
    global _pool
    if _pool is None or (_pool.limits, _pool.ocr) != (limits, ocr):
        _pool = BoundedPool(1, limits, ocr)
    doc = next(_pool.run([task]))
    return str(write_staged(doc, Path(staging), EXTRACTOR_VERSION))


def ray_documents(tasks: Iterable[Task], staging: Path, ocr: str, limits: Limits, workers: int | None,
                  address: str | None, force: bool = False) -> Iterator[ExtractedDocument]:
    """Each task's document: staged by an earlier run that ended before loading it (by this extractor
    version, not failed, and not `force`), else extracted on Ray."""
    rest = []
    for task in tasks:
        path = staged_path(staging, task[2])
        if not force and path.exists():
            try:
                doc, version = read_staged(path)
            except _UNREADABLE:  # half-written, or staged by an extractor whose fields differ: extract again
                version = None
            if version == EXTRACTOR_VERSION and doc.status != "failed":
                yield doc
                continue
        rest.append(task)
    if rest:
        yield from _ray_extract(rest, staging, ocr, limits, workers, address)


def _ray_extract(tasks: list[Task], staging: Path, ocr: str, limits: Limits, workers: int | None,
                 address: str | None) -> Iterator[ExtractedDocument]:
    """Run `tasks` as Ray tasks; yield each document as read back from staging, as it finishes."""
    try:
        import ray
    except ModuleNotFoundError as exc:
        raise RayMissing(f"--executor ray needs Ray, which is not installed: run `{INSTALL}`") from exc
    if not ray.is_initialized():
        try:
            ray.init(address=address, num_cpus=None if address else workers, include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; the user needs one line
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise RayMissing(f"could not start or reach {where} ({type(exc).__name__}: {exc}); "
                             "check --address, or run without --executor ray") from exc
    # No Ray memory reservation: a reservation larger than any node would wait forever; each task's
    # BoundedPool enforces --max-memory itself.
    remote = ray.remote(num_cpus=1, max_retries=RETRIES, max_calls=TASKS_PER_WORKER)(_stage)
    capacity = max(1, int(ray.cluster_resources().get("CPU", 1)))
    queue = tasks[::-1]
    pending: dict[object, Task] = {}
    try:
        while queue or pending:
            while queue and len(pending) < 2 * capacity:  # bounded: results stream, memory stays flat
                task = queue.pop()
                pending[remote.remote(task, ocr, limits, str(staging))] = task
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                _, shown, doc_id = pending.pop(ref)
                try:
                    doc, _version = read_staged(Path(ray.get(ref)))
                except ray.exceptions.RayError as exc:  # died RETRIES + 1 times: the file is failed alone
                    cause = getattr(exc, "cause", None) or exc  # a task's own error, else Ray's
                    message = str(cause).strip().splitlines()
                    detail = type(cause).__name__ + (f": {message[-1][:200]}" if message else "")
                    doc = failed_document(doc_id, shown, crash_reason(detail))
                except _UNREADABLE as exc:
                    doc = failed_document(doc_id, shown, f"its staged document cannot be read here ({exc}): "
                                          "mount the staging folder at the same path on every machine")
                yield doc
    except BaseException:
        for ref in pending:  # Ctrl-C: what is staged stays staged; the rest is not waited for
            ray.cancel(ref, force=True)
        raise
