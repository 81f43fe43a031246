"""Analytical views over the public tables (created with the schema; cheap to recreate)."""
from __future__ import annotations

import duckdb

VIEWS = {
    # One row per citation of an ITA question by an agency: in a plan/report row or as a weak question.
    "v_citations": """
        SELECT d.doc_id, d.agency_id, a.name AS agency_name, a.agency_type, a.province,
               coalesce(q.catalog_year_be, d.ita_year_be) AS ita_year_be,
               coalesce(q.catalog_code, q.code) AS code, q.question_text, 'measure' AS cited_in
        FROM measure_questions q JOIN documents d USING (doc_id) LEFT JOIN agencies a USING (agency_id)
        WHERE coalesce(q.catalog_code, q.code) IS NOT NULL
        UNION ALL
        SELECT d.doc_id, d.agency_id, a.name, a.agency_type, a.province, d.ita_year_be,
               coalesce(w.catalog_code, w.code), w.question_text, 'weak_question'
        FROM weak_questions w JOIN documents d USING (doc_id) LEFT JOIN agencies a USING (agency_id)
        WHERE coalesce(w.catalog_code, w.code) IS NOT NULL
    """,
}


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    for name, body in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
