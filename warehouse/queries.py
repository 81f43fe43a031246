"""Questions users ask of the warehouse, as functions returning DataFrames (the CLI prints them)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


class QueryError(Exception):
    """A query could not run: no warehouse yet, or the SQL is wrong. The message says which."""


def _open(db: str | Path) -> duckdb.DuckDBPyConnection:
    if not Path(db).exists():
        raise QueryError(f"no warehouse at {db}: run `ita ingest FILES --db {db}` first")
    try:
        return duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise QueryError(f"cannot open {db}: {str(exc).splitlines()[0]}") from exc


def run_sql(db: str | Path, query: str, params: list | None = None) -> pd.DataFrame:
    con = _open(db)
    try:
        return con.execute(query, params or []).df()
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from exc
    finally:
        con.close()


def weaknesses(db: str | Path, year: int | None = None, province: str | None = None,
               agency_type: str | None = None, limit: int = 20) -> pd.DataFrame:
    """Questions cited by the most agencies, with the share of agencies in the selection citing them."""
    where, params = ["TRUE"], []
    for column, value in (("ita_year_be", year), ("province", province), ("agency_type", agency_type)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"""
        WITH c AS (SELECT * FROM v_citations WHERE {' AND '.join(where)}),
             n AS (SELECT count(DISTINCT coalesce(agency_id, doc_id)) AS n FROM c)
        SELECT ita_year_be, code,
               count(DISTINCT coalesce(agency_id, doc_id)) AS agencies,
               round(100.0 * count(DISTINCT coalesce(agency_id, doc_id)) / any_value(n.n), 1) AS pct_agencies,
               count(*) AS citations,
               mode(question_text) AS example_wording
        FROM c, n
        GROUP BY ita_year_be, code
        ORDER BY agencies DESC, citations DESC, ita_year_be DESC, code
        LIMIT ?
    """
    return run_sql(db, sql, params + [limit])
