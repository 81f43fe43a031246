"""The warehouse at a glance (`ita status`): files by status across all runs, what each type covers,
damaged pages, and what to do next.

`ita ingest` prints a summary of one run; a user coming back a week later needs the state of the
whole warehouse instead: which files never loaded and why, whether some were read by an older
extractor or matched with an older catalog, and which command fixes each.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.catalog_table import stored_catalog_version
from warehouse.reading import open_read, read_frame
from warehouse.staged_files import staged_ids

STAGED_BATCH = 10_000  # staged names looked up in the warehouse at a time (a folder may hold a million)


@dataclass
class WarehouseStatus:
    """Each part is a DataFrame a person reads top to bottom (and a notebook can use on its own)."""

    by_status: pd.DataFrame  # status, files, pages
    coverage: pd.DataFrame  # doc_type, ita_year_be, documents, agencies
    files: pd.DataFrame  # path, status, doc_type, error, ingested_at: files not ok (all with every_file)
    damaged_pages: int = 0
    damaged_documents: int = 0
    staged_not_loaded: int = 0  # documents in the staging folder (`ita ingest --executor ray`) the warehouse lacks
    next_steps: list[str] = field(default_factory=list)


def warehouse_status(db: str | Path, extractor_version: str | None = None, every_file: bool = False,
                     staging: Path | None = None) -> WarehouseStatus:
    """The state of the warehouse at `db`; `extractor_version` is the running extractor's, to name
    documents an older one read; `staging` is a folder of staged documents to count those not
    loaded (by name only, a batch of names at a time: cheap for a folder of a million)."""
    con = open_read(db)
    try:
        by_status = read_frame(con, """
            SELECT status, count(*) AS files, CAST(coalesce(sum(n_pages), 0) AS BIGINT) AS pages
            FROM documents GROUP BY 1
            ORDER BY CASE status WHEN 'ok' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END""")
        coverage = read_frame(con, """SELECT doc_type, ita_year_be, count(*) AS documents,
                                             count(DISTINCT agency_id) AS agencies
                                      FROM documents WHERE status <> 'failed' GROUP BY ALL
                                      ORDER BY doc_type, ita_year_be NULLS LAST""")
        files = read_frame(con, f"""SELECT path, status, doc_type, error, ingested_at FROM documents
                                    {'' if every_file else "WHERE status <> 'ok'"}
                                    ORDER BY CASE status WHEN 'failed' THEN 0 WHEN 'partial' THEN 1 ELSE 2 END, path""")
        damaged = read_frame(con, """SELECT count(*) AS pages, count(DISTINCT doc_id) AS documents
                                     FROM text_quality WHERE NOT trusted""").iloc[0]
        stale = read_frame(con, "SELECT count(*) AS n FROM documents WHERE status <> 'failed' "
                                "AND extractor_version <> ?",
                           [extractor_version or ""]).iloc[0]["n"] if extractor_version else 0
        staged_not_loaded = _staged_not_loaded(con, staging) if staging else 0
        catalog = stored_catalog_version(con)
        old_catalog = read_frame(con, """SELECT count(*) AS n FROM documents WHERE status <> 'failed'
                                         AND catalog_version IS NOT NULL AND catalog_version <> ?""",
                                 [catalog or ""]).iloc[0]["n"] if catalog else 0
    finally:
        con.close()
    status = WarehouseStatus(by_status, coverage, files, int(damaged["pages"]), int(damaged["documents"]),
                             staged_not_loaded=staged_not_loaded)
    status.next_steps = _next_steps(status, int(stale), int(old_catalog), str(db), staging)
    return status


def _staged_not_loaded(con: duckdb.DuckDBPyConnection, staging: Path) -> int:
    """Documents staged in `staging` that the warehouse lacks."""
    missing, names = 0, staged_ids(staging)
    while ids := list(islice(names, STAGED_BATCH)):
        loaded = con.execute("SELECT count(*) FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                             [ids]).fetchone()[0]
        missing += len(ids) - loaded
    return missing


def _next_steps(status: WarehouseStatus, stale: int, old_catalog: int, db: str, staging: Path | None) -> list[str]:
    """One line per thing to do, each with the command that does it."""
    counts = dict(zip(status.by_status["status"], status.by_status["files"]))
    unknown = int(status.coverage.loc[status.coverage["doc_type"] == "unknown", "documents"].sum())
    steps = []
    if not counts:
        steps.append(f"the warehouse is empty: `ita ingest FOLDER --db {db}`")
    if counts.get("failed"):
        steps.append(f"{counts['failed']} file(s) failed: fix each as its reason says, then `ita ingest` them again "
                     "(failed files are always read again)")
    if counts.get("partial"):
        steps.append(f"{counts['partial']} file(s) partial: `ita check FILE --db {db}` shows what was read"
                     + (f"; {unknown} of them are not ITA documents and stay out of every count" if unknown else ""))
    if status.damaged_pages:
        steps.append(f"{status.damaged_pages} page(s) of {status.damaged_documents} document(s) have damaged Thai text: "
                     "install Tesseract for OCR, then `ita ingest FILES --force`")
    if stale:
        steps.append(f"{stale} document(s) were read by an older extractor: `ita ingest FOLDER --db {db}` reads them again")
    if old_catalog:
        steps.append(f"{old_catalog} document(s) were matched with an older catalog: `ita ingest FILES --force` re-matches them")
    if status.staged_not_loaded:
        steps.append(f"{status.staged_not_loaded} staged document(s) are not in the warehouse: `ita load {staging} "
                     f"--db {db}` loads them")
    return steps or ["nothing to do: every file is ok"]
