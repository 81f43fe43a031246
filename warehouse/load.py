"""Loading extracted documents into the DuckDB warehouse: one transaction per document.

Rows go in as pandas DataFrames (DuckDB scans them in bulk; `executemany` is ~1000x slower,
research notes §5). A document is deleted and re-inserted inside the same transaction, so an
interrupted run leaves either the old or the new version of a document, never half of one, and a
re-run can simply load again.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from corpus.units import canonical_units
from extractors.model import ExtractedDocument
from warehouse.agencies import place_warning, register_agency
from warehouse.catalog_table import stored_catalog_version

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
_DOC_TABLES = ("measure_questions", "measures", "scores", "weak_questions", "question_scores", "text_quality")


class WarehouseError(Exception):
    """The warehouse file cannot be opened or written (locked by another process, not a DuckDB file)."""


def locked_message(path: str | Path) -> str:
    """DuckDB's "Could not set lock on file … (PID …)" as the user can act on it."""
    return f"another ita process is writing to {path}; wait for it to finish or use another --db"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create or upgrade) a warehouse; opened for writing, its catalog copy is brought up to date."""
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        msg = str(exc).splitlines()[0]
        if "lock" in msg.lower():
            raise WarehouseError(locked_message(path)) from exc
        raise WarehouseError(f"cannot open {path}: {msg}") from exc
    if not read_only:
        con.execute(SCHEMA)
        from warehouse.catalog_table import CatalogFileError, sync_catalog
        from warehouse.views import create_views  # views depend on the tables above

        try:
            sync_catalog(con)  # before the views: they read catalog_questions
        except CatalogFileError as exc:
            con.close()
            raise WarehouseError(str(exc)) from exc
        create_views(con)
        from warehouse.question_queries import question_views  # imports queries, which imports views

        for name, body in question_views().items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
    return con


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str | None]]:
    """doc_id -> (status, extractor_version, error) of every document already loaded."""
    return {r[0]: (r[1], r[2], r[3])
            for r in con.execute("SELECT doc_id, status, extractor_version, error FROM documents").fetchall()}


def load_document(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument, extractor_version: str) -> None:
    """Replace everything known about `doc.doc_id` with `doc`, atomically."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in _DOC_TABLES:
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc.doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
        aid = register_agency(con, doc.agency) if doc.agency else None
        warning = place_warning(doc.agency) if doc.agency else None
        if warning and warning not in doc.warnings:
            doc.warnings.append(warning)
        con.execute(
            "INSERT INTO documents (doc_id, path, file_name, doc_type, agency_id, fiscal_year_be, ita_year_be, "
            "n_pages, text_source, status, error, extractor_version, ingested_at, warnings, seconds, catalog_version, "
            "report_period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc.doc_id, doc.path, doc.file_name, doc.doc_type, aid, doc.fiscal_year_be, doc.ita_year_be,
             doc.n_pages, doc.text_source, doc.status, doc.error, extractor_version,
             datetime.now(timezone.utc).replace(tzinfo=None), list(doc.warnings), round(doc.seconds, 3),
             stored_catalog_version(con), doc.report_period],
        )
        _insert_rows(con, doc)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, select: str) -> None:
    """Bulk insert: `select` lists one expression per target column, named after the frame's columns,
    so the column list is spelled out and later-added columns (extra, never renamed) stay NULL."""
    if frame.empty:
        return
    columns = ", ".join(frame.columns.drop(["extra_keys", "extra_values"], errors="ignore"))
    if "extra_keys" in frame.columns:
        columns += ", extra"
    con.register("_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {select} FROM _frame")
    finally:
        con.unregister("_frame")


def _insert_rows(con: duckdb.DuckDBPyConnection, doc: ExtractedDocument) -> None:
    measures, questions = [], []
    for i, row in enumerate(doc.rows):
        mid = f"{doc.doc_id}:{row.row_no}"
        measures.append({
            "measure_id": mid, "doc_id": doc.doc_id, "row_no": row.row_no, "section": row.section,
            "issue_no": row.issue_no, "issue_title": row.issue_title, "measure": row.measure,
            "finding": row.finding, "steps": list(row.steps), "period_text": row.period_text,
            "period_start": row.period_start, "period_end": row.period_end,
            "responsible": list(row.responsible), "result": row.result, "outcome": row.outcome,
            "responsible_units": canonical_units(row.responsible),
            "page_first": row.page_first, "page_last": row.page_last,
            "table_no": doc.row_tables[i] if i < len(doc.row_tables) else None,
            "extra_keys": list(row.extra), "extra_values": list(row.extra.values()),
        })
        for pos, q in enumerate(row.questions, start=1):
            questions.append({
                "measure_id": mid, "doc_id": doc.doc_id, "position": pos, "code_raw": q.code_raw,
                "code": q.code, "question_text": q.text, "catalog_code": q.catalog_code,
                "catalog_year_be": q.catalog_year_be, "match_score": q.match_score,
                "code_conflict": q.code_conflict, "match_method": q.match_method,
            })
    _insert(con, "measures", pd.DataFrame(measures),
            "measure_id, doc_id, row_no, section, issue_no, issue_title, measure, finding, "
            "CAST(steps AS VARCHAR[]), period_text, CAST(period_start AS DATE), CAST(period_end AS DATE), "
            "CAST(responsible AS VARCHAR[]), result, outcome, CAST(responsible_units AS VARCHAR[]), "
            "page_first, page_last, table_no, "
            "map(CAST(extra_keys AS VARCHAR[]), CAST(extra_values AS VARCHAR[]))")
    _insert(con, "measure_questions", pd.DataFrame(questions),
            "measure_id, doc_id, position, code_raw, code, question_text, catalog_code, "
            "CAST(catalog_year_be AS INTEGER), CAST(match_score AS DOUBLE), CAST(code_conflict AS BOOLEAN), match_method")
    scores = pd.DataFrame([
        {"doc_id": doc.doc_id, "ita_year_be": s.ita_year_be, "scope": s.scope, "indicator_no": s.indicator_no,
         "score": s.score, "grade": s.grade} for s in doc.scores])
    _insert(con, "scores", scores, "doc_id, CAST(ita_year_be AS INTEGER), scope, CAST(indicator_no AS INTEGER), "
            "CAST(score AS DOUBLE), CAST(grade AS VARCHAR)")
    weak = pd.DataFrame([
        {"doc_id": doc.doc_id, "code": w.code, "question_text": w.question_text, "catalog_code": w.catalog_code,
         "recommendation": w.recommendation} for w in doc.weak_questions])
    _insert(con, "weak_questions", weak, "doc_id, code, question_text, CAST(catalog_code AS VARCHAR), "
            "CAST(recommendation AS VARCHAR)")
    item_scores = pd.DataFrame([
        {"doc_id": doc.doc_id, "ita_year_be": q.ita_year_be, "code": q.code, "question_text": q.question_text,
         "score": q.score, "catalog_code": q.catalog_code} for q in doc.question_scores])
    _insert(con, "question_scores", item_scores, "doc_id, CAST(ita_year_be AS INTEGER), code, "
            "CAST(question_text AS VARCHAR), CAST(score AS DOUBLE), CAST(catalog_code AS VARCHAR)")
    quality = pd.DataFrame([
        {"doc_id": doc.doc_id, "page": q.page, "flags": list(q.flags), "trusted": q.trusted} for q in doc.quality])
    _insert(con, "text_quality", quality, "doc_id, page, CAST(flags AS VARCHAR[]), trusted")
