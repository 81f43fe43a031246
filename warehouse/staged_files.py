"""How staged documents are named in a staging folder, for the code that writes them
(`pipeline.staging`) and the code that counts them (`warehouse.status`): one definition, below both.

A staged document is `DOC_ID.parquet` (the SHA-256 of its source file); a file still being written
is hidden (`.DOC_ID.PID.tmp`) and never listed. A folder may hold a million of them, so they are
listed as a stream of names (`os.scandir`), never as a sorted list of paths.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".parquet"


def default_staging(db: str | Path) -> Path:
    """The staging folder of a warehouse: beside it, named after it (`ita.duckdb.staging`)."""
    return Path(f"{db}.staging")


def staged_path(folder: Path, doc_id: str) -> Path:
    """Where the document `doc_id` is staged in `folder`."""
    return folder / f"{doc_id}{SUFFIX}"


def staged_ids(folder: Path) -> Iterator[str]:
    """The doc_id of every document staged in `folder`, in the folder's order; none when it is missing."""
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    with entries:
        for entry in entries:
            if entry.name.endswith(SUFFIX) and not entry.name.startswith("."):
                yield entry.name.removesuffix(SUFFIX)
