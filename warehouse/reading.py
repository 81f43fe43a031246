"""Reading the warehouse: open it read-only and run one query, for rows or for a DataFrame.

Apart from `warehouse.queries` (the questions, which need pandas) so that a command that prints one
query's result imports DuckDB and nothing heavier: pandas with numpy and pyarrow took 0.5-0.7 s to
import, four times `ita weaknesses`' query on 10,000 documents. A DataFrame is asked of DuckDB (`.df()`,
which imports pandas itself) only by a caller that wants one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

from warehouse.views import missing_views

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


class QueryError(Exception):
    """A query could not run: no warehouse yet, or the SQL is wrong. The message says which."""


@dataclass(frozen=True)
class Rows:
    """A query's result as DuckDB gives it: the columns' names and DuckDB types, and the rows as
    Python values (None for NULL, lists, dicts, Decimal, date)."""

    columns: list[str]
    types: list[duckdb.sqltypes.DuckDBPyType]
    rows: list[tuple]

    @property
    def empty(self) -> bool:
        return not self.rows

    def head(self, n: int) -> Rows:
        """The first `n` rows (all but the last -n when negative, as `DataFrame.head`)."""
        return replace(self, rows=self.rows[:n])


def open_read(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only, so queries run while another process reads it; a warehouse made
    by an older version gains the analytical views first."""
    if not Path(db).exists():
        raise QueryError(f"no warehouse at {db}: run `ita ingest FILES --db {db}` first")
    try:
        con = duckdb.connect(str(db), read_only=True)
        if missing_views(con):
            con.close()
            _upgrade(db)
            con = duckdb.connect(str(db), read_only=True)
        return con
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            from warehouse.load import locked_message

            raise QueryError(locked_message(db)) from exc
        raise QueryError(f"cannot open {db}: {str(exc).splitlines()[0]}") from exc


def _upgrade(db: str | Path) -> None:
    """Add the views of this version to an older warehouse (one short write)."""
    from warehouse.load import WarehouseError, connect

    try:
        connect(db).close()
    except WarehouseError as exc:
        raise QueryError(f"{exc} (the warehouse needs a one-time upgrade of its views)") from exc


@contextmanager
def _query_errors() -> Iterator[None]:
    """DuckDB's error (wrong SQL, a missing table) as a QueryError of its first line."""
    try:
        yield
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from exc


def read_frame(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> pd.DataFrame:
    with _query_errors():
        return con.execute(query, params or []).df()


def read_rows(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> Rows:
    with _query_errors():
        cursor = con.execute(query, params or [])
        return Rows([d[0] for d in cursor.description], [d[1] for d in cursor.description], cursor.fetchall())


def run_sql(db: str | Path, query: str, params: list | None = None) -> pd.DataFrame:
    return _read_once(db, read_frame, query, params)


def run_sql_rows(db: str | Path, query: str, params: list | None = None) -> Rows:
    return _read_once(db, read_rows, query, params)


def _read_once(db: str | Path, read: Callable[[duckdb.DuckDBPyConnection, str, list | None], T], query: str,
               params: list | None) -> T:
    con = open_read(db)
    try:
        return read(con, query, params)
    finally:
        con.close()
