"""A running batch's progress, beside the warehouse, for `ita status` to show while the batch runs.

DuckDB lets no other process open a file another process writes to, not even to read, so while
`ita ingest` (or `ita load`) runs, `ita status` cannot read the warehouse. The batch writes its counts
to `DB.progress.json` instead (at most once a second, written aside and renamed, so a reader never
sees half a file); the file is removed when the batch ends, and one left by a batch that was killed
says so. Counting the staging folder takes longer as it fills (a million names, about a second), so
it is counted again only after 100 times as long as its last count took: at most 1% of the batch.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.ingest import IngestSummary
from warehouse.staged_files import staged_ids

WRITE_EVERY = 1.0  # seconds between writes: a batch of small files must not spend its time on this
COUNT_SHARE = 100  # the staging folder is counted again after this many times its last count's duration


def progress_path(db: str | Path) -> Path:
    return Path(f"{db}.progress.json")


class ProgressFile:
    """Written by the batch: `update(summary)` after each document, `close()` at its end."""

    def __init__(self, db: str | Path, total: int, command: str, staging: Path | None = None):
        self.path, self.staging, self._written = progress_path(db), staging, 0.0
        self._staged, self._count_due = None, 0.0
        self.head = {"pid": os.getpid(), "command": command, "total": total,
                     "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "staging": str(staging) if staging else None}

    def update(self, summary: IngestSummary, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written < WRITE_EVERY:
            return
        self._written = now
        body = self.head | {"done": sum(summary.status.values()), "skipped": summary.skipped,
                            "status": dict(summary.status), "pages": summary.pages,
                            "staged": self._staged_count(now),
                            "updated": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        aside = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        aside.write_text(json.dumps(body), encoding="utf-8")
        os.replace(aside, self.path)

    def _staged_count(self, now: float) -> int | None:
        """Documents in the staging folder, as last counted (see the module's docstring)."""
        if self.staging and now >= self._count_due:
            self._staged = sum(1 for _ in staged_ids(self.staging))
            self._count_due = now + COUNT_SHARE * (time.monotonic() - now)
        return self._staged

    def close(self) -> None:
        """Remove the file this batch wrote; a batch that never wrote one (it could not open the
        warehouse another batch holds) leaves that batch's file alone."""
        if self._written:
            self.path.unlink(missing_ok=True)


@dataclass
class BatchProgress:
    """What `ita status` shows of a batch: its counts, and whether its process still runs."""

    command: str
    total: int
    done: int
    skipped: int
    status: dict[str, int]
    pages: int
    started: str
    updated: str
    staged: int | None
    running: bool

    def lines(self) -> list[str]:
        counts = ", ".join(f"{self.status.get(s, 0)} {s}" for s in ("ok", "partial", "failed"))
        elapsed = (datetime.fromisoformat(self.updated) - datetime.fromisoformat(self.started)).total_seconds()
        rate = f", {self.pages / elapsed:.1f} pages/s" if elapsed > 0 and self.pages else ""
        out = [f"{'running' if self.running else 'stopped before its end'}: `ita {self.command}` started {self.started}",
               f"{self.done + self.skipped} of {self.total} files done ({counts}; {self.skipped} already loaded); "
               f"{self.pages} pages{rate}; last update {self.updated}"]
        if self.staged is not None:
            out.append(f"{self.staged} document(s) staged in all (staged documents are loaded as they finish)")
        if not self.running:
            out.append(f"run `ita {self.command}` again: it skips what is loaded and finishes the rest")
        return out


def read_progress(db: str | Path) -> BatchProgress | None:
    """The progress a batch on `db` left, or None when no batch runs or was cut short."""
    try:
        body = json.loads(progress_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return BatchProgress(body["command"], body["total"], body["done"], body["skipped"], body["status"],
                         body["pages"], body["started"], body["updated"], body["staged"], _alive(body["pid"]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
