"""Parquet files written by DuckDB itself (`COPY ... TO`), so lists, maps and dates keep their types.

pandas' own Parquet writer (through pyarrow) fails on an empty MAP column ("Cannot write struct type
'extra' with no child field") and leaves a 0-byte file; DuckDB writes its MAP and LIST types as
Parquet's. The file is written next to its target and renamed into place, so a failure leaves nothing.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb


class ExportError(Exception):
    """A file could not be written; the message says which and why, in one line."""


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` for a temporary file beside `path`, then move it into place."""
    target = Path(path)
    tmp = target.with_name(f".{target.stem}.part{target.suffix}")
    try:
        write(tmp)
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise ExportError(f"cannot write {path}: {reason}") from exc


def copy_to_parquet(con: duckdb.DuckDBPyConnection, relation: str, path: str | Path) -> int:
    """`COPY (relation) TO path (FORMAT parquet)`; returns the rows written."""
    rows = [0]

    def write(tmp: Path) -> None:
        quoted = str(tmp).replace("'", "''")
        con.execute(f"COPY ({relation}) TO '{quoted}' (FORMAT parquet)")
        rows[0] = con.execute(f"SELECT count(*) FROM read_parquet('{quoted}')").fetchone()[0]

    atomic_write(path, write)
    return rows[0]
