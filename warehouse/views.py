"""Analytical views over the public tables (created with the schema; cheap to recreate).

The views are plain SQL so that a user's own queries see exactly what `ita weaknesses`, `ita compare`
and `ita plan` see. Two derived tables feed them:

* `catalog_questions`: the ITA catalog (filled by `warehouse.catalog_table.sync_catalog`), so that SQL
  can map a cited item to its concept, tool and indicator.
* `measure_library`: peers' steps, findings and units clustered into near-duplicates, built in Python
  by `warehouse.library` (rapidfuzz) and rebuilt on demand when documents change.

Counts are of agencies, never of files: the same plan ingested as PDF and as text export is one
agency citing an item once. A document without a recognised agency counts as its own agency.
"""
from __future__ import annotations

import duckdb

INDICATORS = range(1, 11)
# The views `_views` creates, named apart from their SQL: every command that reads the warehouse checks
# them (`missing_views`), few build them, and building imports the catalog (pandas, pythainlp) and the
# measure library, which is why those are imported where the SQL is built.
VIEWS = ("v_citations", "v_agency_years", "v_agency_weaknesses", "v_weaknesses", "v_agency_score_values",
         "v_agency_scores", "v_measure_library")


def _framework_years() -> str:
    """(year, catalog_year, preference) rows: where a year's printed code may be found in the catalog.

    Weak questions carry no catalog year, and a year missing an item borrows it from its framework
    neighbour (`corpus.catalog.year_items`), so a code is looked up in its own year first.
    """
    from corpus.catalog import FRAMEWORKS

    rows = [(y, c, abs(c - y) * 2 + (c < y)) for years in FRAMEWORKS for y in years for c in years]
    return "VALUES " + ", ".join(f"({y}, {c}, {p})" for y, c, p in rows)


def _grade_case(score: str, year: str) -> str:
    """A SQL CASE giving the grade band of `score` in `year`, from corpus/catalog/ita_grades.csv."""
    from corpus.catalog import load_grades

    bands = load_grades().sort_values(["ita_year_be", "min_score"], ascending=[True, False])
    whens = " ".join(f"WHEN {year} = {int(b.ita_year_be)} AND {score} >= {float(b.min_score)} THEN '{b.grade}'"
                     for b in bands.itertuples())
    return f"CASE {whens} END"


def _views() -> dict[str, str]:
    indicator_columns = ", ".join(
        f"max(v.score) FILTER (WHERE v.scope = 'indicator' AND v.indicator_no = {n}) AS ind_{n}" for n in INDICATORS)
    return {
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
        # One row per agency and ITA year it has a usable document for: the denominators of shares.
        "v_agency_years": """
            SELECT DISTINCT coalesce(d.agency_id, d.doc_id) AS agency_key, d.agency_id, a.name AS agency_name,
                   a.agency_type, a.province, d.ita_year_be
            FROM documents d LEFT JOIN agencies a USING (agency_id)
            WHERE d.status <> 'failed' AND d.ita_year_be IS NOT NULL AND d.doc_type IS DISTINCT FROM 'unknown'
        """,
        # One row per agency, ITA year (the round whose results the document answers) and cited item.
        "v_agency_weaknesses": f"""
            WITH framework(year, catalog_year, pref) AS ({_framework_years()}),
            measured AS (
                SELECT q.doc_id, coalesce(d.ita_year_be, q.catalog_year_be) AS ita_year_be, q.catalog_year_be,
                       coalesce(q.catalog_code, q.code) AS code, q.question_text, 'measure' AS cited_in
                FROM measure_questions q JOIN documents d USING (doc_id)
                WHERE coalesce(q.catalog_code, q.code) IS NOT NULL AND d.status <> 'failed'
            ),
            weak AS (
                SELECT w.doc_id, d.ita_year_be, coalesce(w.catalog_code, w.code) AS code, w.question_text
                FROM weak_questions w JOIN documents d USING (doc_id)
                WHERE coalesce(w.catalog_code, w.code) IS NOT NULL AND d.status <> 'failed'
            ),
            weak_resolved AS (
                SELECT w.doc_id, w.ita_year_be,
                       arg_min(c.ita_year_be, f.pref) AS catalog_year_be, w.code, w.question_text,
                       'weak_question' AS cited_in
                FROM weak w
                LEFT JOIN framework f ON f.year = w.ita_year_be
                LEFT JOIN catalog_questions c ON c.ita_year_be = f.catalog_year AND c.code = w.code
                GROUP BY ALL
            ),
            cited AS (SELECT * FROM measured UNION ALL SELECT * FROM weak_resolved),
            grouped AS (  -- on the keys alone: names, types and catalog columns are joined afterwards
                SELECT d.agency_id, CASE WHEN d.agency_id IS NULL THEN d.doc_id END AS lone_doc,
                       c.ita_year_be, c.catalog_year_be, c.code,
                       bool_or(c.cited_in = 'measure') AS in_measures,
                       bool_or(c.cited_in = 'weak_question') AS in_analysis,
                       count(*) AS citations, min(c.question_text) AS example_wording
                FROM cited c JOIN documents d USING (doc_id)
                GROUP BY d.agency_id, lone_doc, c.ita_year_be, c.catalog_year_be, c.code
            )
            SELECT coalesce(g.agency_id, g.lone_doc) AS agency_key, g.agency_id, a.name AS agency_name,
                   a.agency_type, a.province, g.ita_year_be,
                   g.catalog_year_be, g.code, cq.concept_id,
                   coalesce(cq.tool, CASE left(g.code, 1) WHEN 'i' THEN 'IIT' WHEN 'e' THEN 'EIT'
                                                          WHEN 'o' THEN 'OIT' END) AS tool,
                   cq.indicator_no, g.in_measures, g.in_analysis, g.citations, g.example_wording
            FROM grouped g LEFT JOIN agencies a ON a.agency_id = g.agency_id
            LEFT JOIN catalog_questions cq ON cq.ita_year_be = g.catalog_year_be AND cq.code = g.code
        """,
        # Per ITA year, item, agency type and province: agencies citing the item and their share of the
        # agencies of that type and province in the warehouse that year. Cells add up over types and
        # provinces, because an agency has one type and one province.
        "v_weaknesses": """
            WITH pop AS (
                SELECT ita_year_be, agency_type, province, count(DISTINCT agency_key) AS agencies_in_group
                FROM v_agency_years GROUP BY ALL
            ),
            cell AS (
                SELECT ita_year_be, catalog_year_be, code, concept_id, tool, indicator_no, agency_type, province,
                       count(*) AS agencies, count(*) FILTER (WHERE in_measures) AS agencies_in_measures,
                       count(*) FILTER (WHERE in_analysis) AS agencies_in_analysis,
                       CAST(sum(citations) AS BIGINT) AS citations
                FROM v_agency_weaknesses GROUP BY ALL
            )
            SELECT cell.*, p.agencies_in_group,
                   round(100.0 * cell.agencies / p.agencies_in_group, 1) AS pct_agencies
            FROM cell LEFT JOIN pop p ON p.ita_year_be = cell.ita_year_be
                AND p.agency_type IS NOT DISTINCT FROM cell.agency_type
                AND p.province IS NOT DISTINCT FROM cell.province
        """,
        # One row per agency, ITA year, scope and indicator: the score the documents agree on. A report
        # of year Y outranks a later report's comparison column for Y; then the value most documents
        # state; then the higher value (deterministic).
        "v_agency_score_values": """
            WITH stated AS (
                SELECT d.agency_id, s.ita_year_be, s.scope, coalesce(s.indicator_no, 0) AS ind,
                       round(s.score, 2) AS score, count(*) AS n_docs,
                       bool_or(d.ita_year_be = s.ita_year_be) AS own_year, max(s.grade) AS grade
                FROM scores s JOIN documents d USING (doc_id)
                WHERE d.agency_id IS NOT NULL AND s.score IS NOT NULL AND s.ita_year_be IS NOT NULL
                  AND d.status <> 'failed'
                GROUP BY ALL
            )
            SELECT agency_id, ita_year_be, scope, nullif(ind, 0) AS indicator_no, score, grade, n_docs
            FROM stated
            QUALIFY row_number() OVER (PARTITION BY agency_id, ita_year_be, scope, ind
                                       ORDER BY own_year DESC, n_docs DESC, score DESC) = 1
        """,
        # One row per agency and ITA year: overall score and grade (as stated, else from the year's
        # bands), tool scores and the ten indicator scores (ind_1 .. ind_10).
        "v_agency_scores": f"""
            WITH wide AS (
                SELECT v.agency_id, a.name AS agency_name, a.agency_type, a.province, v.ita_year_be,
                       max(v.score) FILTER (WHERE v.scope = 'overall') AS overall,
                       max(v.grade) FILTER (WHERE v.scope = 'overall') AS stated_grade,
                       max(v.score) FILTER (WHERE v.scope = 'IIT') AS iit,
                       max(v.score) FILTER (WHERE v.scope = 'EIT') AS eit,
                       max(v.score) FILTER (WHERE v.scope = 'OIT') AS oit,
                       {indicator_columns}
                FROM v_agency_score_values v LEFT JOIN agencies a USING (agency_id)
                GROUP BY ALL
            )
            SELECT * EXCLUDE (stated_grade),
                   coalesce(stated_grade, {_grade_case('overall', 'ita_year_be')}) AS grade
            FROM wide
        """,
        # Per catalog concept and kind (step | measure | finding | unit): each cluster of near-duplicate
        # texts peers wrote, with how many agencies used it; see warehouse/library.py.
        "v_measure_library": """
            SELECT concept_id, kind, cluster_no, any_value(cluster_text) AS text,
                   count(DISTINCT agency_id) AS agencies, count(DISTINCT text) AS variants,
                   list(DISTINCT code ORDER BY code) AS codes,
                   min(ita_year_be) AS first_year, max(ita_year_be) AS last_year,
                   list(DISTINCT agency_id ORDER BY agency_id) AS agency_ids,
                   list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
            FROM measure_library GROUP BY concept_id, kind, cluster_no
        """,
    }


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the derived tables' DDL and the views; `catalog_questions` exists by now (load.connect)."""
    from warehouse.library import LIBRARY_DDL

    con.execute(LIBRARY_DDL)
    for name, body in _views().items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")


def missing_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Views an older warehouse lacks (it gains them the next time it is opened for writing)."""
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in VIEWS if name not in have]
