"""One agency on one screen: its documents, scores by year, weak questions and measures (`ita agency`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warehouse.queries import AgencyRef, resolve_agency
from warehouse.reading import open_read, read_frame


@dataclass
class AgencyView:
    """DataFrames a person reads top to bottom; each is also usable on its own in a notebook."""

    agency: AgencyRef
    documents: pd.DataFrame  # file, type, years, status
    scores: pd.DataFrame  # one row per ITA year: overall, grade, IIT/EIT/OIT, indicators 1-10
    weak_questions: pd.DataFrame
    measures: pd.DataFrame  # one row per measure row, newest fiscal year first


def agency_view(db: str | Path, agency: str) -> AgencyView:
    con = open_read(db)
    try:
        ref = resolve_agency(con, agency)
        docs = read_frame(con, """
            SELECT file_name, doc_type, fiscal_year_be, ita_year_be, n_pages, status, coalesce(error, '') AS error
            FROM documents WHERE agency_id = ? ORDER BY fiscal_year_be DESC NULLS LAST, file_name""", [ref.agency_id])
        long = read_frame(con, """
            SELECT s.ita_year_be, CASE WHEN s.scope = 'indicator' THEN 'ind_' || s.indicator_no ELSE s.scope END AS k,
                   max(s.score) AS score, max(s.grade) AS grade
            FROM scores s JOIN documents d USING (doc_id) WHERE d.agency_id = ? GROUP BY ALL""", [ref.agency_id])
        weak = read_frame(con, """
            SELECT DISTINCT d.ita_year_be, w.code, w.catalog_code, w.question_text, w.recommendation
            FROM weak_questions w JOIN documents d USING (doc_id) WHERE d.agency_id = ?
            ORDER BY 1 DESC, 2""", [ref.agency_id])
        measures = read_frame(con, """
            SELECT DISTINCT ON (d.fiscal_year_be, m.section, m.issue_no, m.measure, m.finding, m.steps)
                   d.fiscal_year_be, m.section, m.issue_no,
                   (SELECT string_agg(coalesce(q.catalog_code, q.code, q.code_raw), ' ' ORDER BY q.position)
                    FROM measure_questions q WHERE q.measure_id = m.measure_id) AS questions,
                   coalesce(m.measure, m.finding, '') AS measure_or_finding, len(m.steps) AS steps,
                   array_to_string(m.responsible_units, ', ') AS responsible
            FROM measures m JOIN documents d USING (doc_id) WHERE d.agency_id = ?
            ORDER BY d.fiscal_year_be DESC NULLS LAST, m.section NULLS FIRST, m.issue_no NULLS LAST""",
                              [ref.agency_id])
    finally:
        con.close()
    return AgencyView(ref, docs, _score_table(long), weak, measures)


def _score_table(long: pd.DataFrame) -> pd.DataFrame:
    """Long (year, key, score) -> one row per year with overall, grade, tools and indicators 1-10."""
    if long.empty:
        return long
    wide = long.pivot_table(index="ita_year_be", columns="k", values="score", aggfunc="max")
    grades = long.dropna(subset=["grade"]).groupby("ita_year_be")["grade"].first()
    order = [c for c in ("overall", "IIT", "EIT", "OIT") if c in wide.columns] + \
            [f"ind_{i}" for i in range(1, 11) if f"ind_{i}" in wide.columns]
    out = wide[order].copy()
    out.insert(1 if "overall" in order else 0, "grade", grades.reindex(out.index))
    return out.reset_index().sort_values("ita_year_be", ascending=False)
