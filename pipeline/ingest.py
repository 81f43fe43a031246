"""Batch ingestion: find files, skip what is already loaded, extract in worker processes, load each.

Workers return plain `ExtractedDocument`s (pdfplumber objects are not picklable); only this process
writes to the DuckDB file (DuckDB allows one writer process). Every file ends as a `documents` row,
whatever happens to it, and each document is loaded in its own transaction, so an interrupted run is
safely re-run: finished documents are skipped, the rest are done.
"""
from __future__ import annotations

import glob
import hashlib
import os
import time
from collections import Counter
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extractors.model import ExtractedDocument
from pipeline.executors import BoundedPool, Task
from pipeline.extract import EXTRACTOR_VERSION, SUPPORTED_SUFFIXES, failed_document
from pipeline.limits import Limits
from pipeline.ray_engine import ray_documents
from pipeline.staging import read_staged, staged
from warehouse.load import WarehouseError, connect, known_documents, load_document
from warehouse.staged_files import default_staging


@dataclass
class IngestSummary:
    files: int = 0
    skipped: int = 0
    pages: int = 0
    damaged_pages: int = 0  # pages whose text stayed doubtful after repair (see text_quality)
    rows: int = 0
    status: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of failed/partial files
    unsupported: list[str] = field(default_factory=list)  # files in the folders given that ita cannot read
    recorded: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason) of skipped files
    interrupted: bool = False  # Ctrl-C: what is loaded stays; a re-run finishes the rest

    @property
    def failed(self) -> int:
        return self.status["failed"]


def find_files(inputs: Iterable[str], unsupported: list[str] | None = None) -> list[tuple[Path, str]]:
    """Files named, folders (recursively) and glob patterns -> (path, as-given path), no repeats.

    Inside folders only supported kinds are taken, and the others are appended to `unsupported` (a
    .docx or .xlsx in a folder is named in the summary, never skipped silently); hidden files are
    ignored. A file named explicitly is always taken (if it is not a PDF it will be recorded as
    failed with a reason, which is what a user who named it wants).
    """
    out: dict[Path, str] = {}
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    out.setdefault(f.resolve(), str(f))
                elif unsupported is not None:
                    unsupported.append(str(f))
        elif p.exists():
            out.setdefault(p.resolve(), item)
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise FileNotFoundError(f"no such file, folder or pattern: {item}")
            for m in matches:
                if Path(m).is_file():
                    out.setdefault(Path(m).resolve(), m)
    return [(p, shown) for p, shown in out.items()]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest(inputs: Iterable[str], db: str | Path, force: bool = False, workers: int | None = None,
           progress: Callable[[ExtractedDocument], None] | None = None, ocr: str = "auto",
           summary: IngestSummary | None = None, limits: Limits | None = None, executor: str = "process",
           address: str | None = None, staging: Path | None = None) -> IngestSummary:
    """Ingest files into the warehouse at `db`; return what happened. Never raises for a bad file.

    `ocr` is "auto" (pages without usable text), "always" or "never" (see `extract_file`). Each file
    runs in a worker process within `limits` (time and memory; a file over them is failed): a local
    pool (`executor` "process") or Ray tasks ("ray": a local Ray instance, or the cluster at
    `address`), which stage each document under `staging` (default `DB.staging`) before it is loaded. Pass
    `summary` to keep what was done if the run is interrupted (KeyboardInterrupt is re-raised after
    `summary.interrupted` is set; every document loaded so far stays loaded)."""
    summary = summary if summary is not None else IngestSummary()
    files = find_files(inputs, summary.unsupported)
    summary.files = len(files)
    with _writing(db, summary) as writer:
        known = known_documents(writer.con)
        todo: list[Task] = []
        seen: set[str] = set()
        for path, shown in files:
            try:
                doc_id = sha256_of(path)
            except OSError as exc:
                doc = failed_document(hashlib.sha256(str(path).encode()).hexdigest(), shown,
                                      f"cannot read the file: {exc.strerror or exc}")
                _finish(writer, doc, summary, progress)
                continue
            status = known.get(doc_id)
            if doc_id in seen or (not force and status and status[1] == EXTRACTOR_VERSION and status[0] != "failed"):
                summary.skipped += 1
                if status:  # its recorded status counts (--strict) and its reason is shown (-v)
                    summary.recorded.append((shown, status[0], status[2] or ""))
                if progress:
                    progress(ExtractedDocument(doc_id, shown, path.name, status="skipped",
                                               error=status[2] if status else None))
                continue
            seen.add(doc_id)
            todo.append((path, shown, doc_id))
        if todo:
            for doc in _documents(todo, workers, ocr, limits or Limits(), executor, address,
                                  staging or default_staging(db), force):
                _finish(writer, doc, summary, progress)
    return summary


REOPEN_EVERY = 1000  # documents loaded between two openings of the warehouse (see `Writer`)
REOPEN_WAIT = 30.0  # seconds a reopening waits for a reader (`ita status`) that slipped in to let go


class Writer:
    """The warehouse open for writing, closed and opened again every `REOPEN_EVERY` documents.

    DuckDB (2.0) keeps about 1 KB of memory for every write transaction until its database is
    closed, whatever the transaction did (measured: 1,000 one-row upserts, +1 MB; the same closed
    and reopened, flat); a batch loads each document in its own transaction, so over a national
    batch this is what grows. Reopening costs about 0.2 s."""

    def __init__(self, db: str | Path):
        self.db, self.con, self.loaded = db, connect(db), 0

    def load(self, doc: ExtractedDocument, version: str) -> None:
        load_document(self.con, doc, version)
        self.loaded += 1
        if self.loaded % REOPEN_EVERY == 0:
            self.con.close()
            self.con = self._reopen()

    def _reopen(self) -> duckdb.DuckDBPyConnection:
        """Open again; a reader that took the file in the moment it was closed holds it briefly."""
        deadline = time.monotonic() + REOPEN_WAIT
        while True:
            try:
                return connect(self.db)
            except WarehouseError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


@contextmanager
def _writing(db: str | Path, summary: IngestSummary) -> Iterator[Writer]:
    """The warehouse open for writing; Ctrl-C marks the summary interrupted (what is loaded stays)."""
    writer = Writer(db)
    try:
        yield writer
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        writer.con.close()


def _documents(todo: list[Task], workers: int | None, ocr: str, limits: Limits, executor: str,
               address: str | None, staging: Path, force: bool) -> Iterator[ExtractedDocument]:
    """Every task's document, from the executor chosen."""
    if executor == "ray":
        yield from ray_documents(todo, staging, ocr, limits, workers, address, force)
        return
    with BoundedPool(workers or min(len(todo), os.cpu_count() or 1), limits, ocr) as pool:
        yield from pool.run(todo)


def _finish(writer: Writer, doc: ExtractedDocument, summary: IngestSummary,
            progress: Callable[[ExtractedDocument], None] | None, version: str = EXTRACTOR_VERSION) -> None:
    if doc.status == "failed" and doc.error:
        doc.error = actionable_reason(doc.error, Path(doc.path))
    writer.load(doc, version)
    summary.status[doc.status] += 1
    summary.pages += doc.n_pages
    summary.damaged_pages += sum(1 for q in doc.quality if not q.trusted)
    summary.rows += len(doc.rows)
    if doc.status != "ok":
        summary.failures.append((doc.path, doc.error or ""))
    if progress:
        progress(doc)


_PARSER_FAILURE = "not a readable PDF"  # pipeline.extract's reason when pdfminer cannot parse the file


def actionable_reason(reason: str, path: Path) -> str:
    """A parser's failure ("PDFSyntaxError: No /Root object!", "PSEOF: Unexpected EOF") told as what
    the file is and what to do, from the file's own bytes: not a PDF at all (what it starts with),
    a PDF cut short (no end-of-file marker), or a damaged one."""
    if not reason.startswith(_PARSER_FAILURE):
        return reason
    try:
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, path.stat().st_size - 2048))
            tail = f.read()
    except OSError:
        return reason
    if not head.lstrip().startswith(b"%PDF"):
        start = "".join(c if c.isprintable() else "?" for c in head.lstrip()[:64].decode("utf-8", "ignore"))[:12]
        return (f"the file is not a PDF (it starts with {start!r}): download the document itself "
                "(not the web page that links to it) and ingest that")
    if b"%%EOF" not in tail:
        return "the file is cut short (the PDF has no end): download it again"
    detail = reason[len(_PARSER_FAILURE):].strip(" ()")
    return f"the PDF is damaged ({detail}): open it in a PDF reader, save or print it as a new PDF, and ingest that"


def load_staging(staging: Path, db: str | Path, force: bool = False,
                 progress: Callable[[ExtractedDocument], None] | None = None,
                 summary: IngestSummary | None = None) -> IngestSummary:
    """Load every document staged under `staging` into `db`, each in its own transaction (`ita load`).

    A document already in the warehouse as staged (same extractor version, not failed) is skipped
    unless `force`, so an interrupted load is simply run again."""
    summary = summary if summary is not None else IngestSummary()
    with _writing(db, summary) as writer:
        known = known_documents(writer.con)
        for path in staged(staging):
            summary.files += 1
            try:
                doc, version = read_staged(path)
            except (OSError, ValueError, KeyError, TypeError) as exc:  # cut short, or of another extractor's fields
                summary.status["failed"] += 1
                summary.failures.append((str(path), f"the staged file cannot be read ({type(exc).__name__}): "
                                                    "ingest its PDF again"))
                continue
            status = known.get(doc.doc_id)
            if not force and status and status[1] == version and status[0] != "failed":
                summary.skipped += 1
                summary.recorded.append((doc.path, status[0], status[2] or ""))
                continue
            _finish(writer, doc, summary, progress, version)
    return summary
