"""The warehouse is closed and opened again during a long batch (DuckDB holds memory for every write
transaction until its database closes): documents loaded on either side of a reopening all stay."""
from __future__ import annotations

import duckdb

from conftest import SAMPLES
from pipeline import ingest as ingest_module
from pipeline.extract import EXTRACTOR_VERSION, extract_file
from pipeline.ingest import load_staging
from pipeline.staging import write_staged


def test_documents_loaded_across_reopenings_are_all_kept_once(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "REOPEN_EVERY", 2)  # five documents: two reopenings
    text = SAMPLES / "plan_municipality.txt"
    staging, db = tmp_path / "staging", tmp_path / "w.duckdb"
    for n in range(5):
        write_staged(extract_file(text, str(text), f"doc{n}"), staging, EXTRACTOR_VERSION)
    assert load_staging(staging, db).status["ok"] == 5
    again = load_staging(staging, db)
    assert again.skipped == 5 and not again.status
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (5, 5)
        rows = con.execute("SELECT doc_id, count(*) FROM measures GROUP BY 1").fetchall()
    finally:
        con.close()
    assert len(rows) == 5 and len({n for _, n in rows}) == 1
