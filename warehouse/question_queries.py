"""Per-question scores in the warehouse: the `v_question_scores` view and the weakest items.

An item is a (year, code) pair, never a code alone: o24 is a procurement report in 2564 and an HR
item in 2566, so scores are compared within one ITA year. A year that lacks an item in the catalog
borrows its wording from its framework neighbour, as everywhere else in the warehouse
(`corpus.catalog.framework_neighbours`). Counts are of agencies, not files: the same report
ingested as PDF and as text export is one agency scoring an item once.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from corpus.catalog import FRAMEWORKS, framework_neighbours
from warehouse.agency_types import full_agency_type
from warehouse.reading import run_sql
from warehouse.weakness_sql import check_year

WEAK_BELOW = 85.0  # the lower bound of grade A: an item scoring less pulls an agency below A


def _framework_values() -> str:
    """(year, catalog_year, preference) rows: a year's own catalog first, then its neighbours."""
    rows = [(year, other, rank) for years in FRAMEWORKS for year in years
            for rank, other in enumerate((year, *framework_neighbours(year)))]
    return "VALUES " + ", ".join(f"({y}, {c}, {p})" for y, c, p in rows)


def question_views() -> dict[str, str]:
    """View name -> body, to create with the other views (`warehouse.views`)."""
    return {
        # One row per item score a document prints, with its agency and its catalog item's wording,
        # tool, indicator and concept. A conflicting print (two values for one item) is two rows.
        "v_question_scores": f"""
            WITH framework(year, catalog_year, pref) AS ({_framework_values()}),
            placed AS (
                SELECT q.doc_id, q.ita_year_be, q.code, q.catalog_code, q.question_text, q.score,
                       arg_min(c.ita_year_be, f.pref) AS catalog_year_be
                FROM question_scores q
                LEFT JOIN framework f ON f.year = q.ita_year_be
                LEFT JOIN catalog_questions c ON c.ita_year_be = f.catalog_year AND c.code = q.catalog_code
                GROUP BY ALL
            )
            SELECT p.doc_id, d.agency_id, coalesce(d.agency_id, d.doc_id) AS agency_key, a.name AS agency_name,
                   a.agency_type, a.province, p.ita_year_be, p.code, p.catalog_code, p.catalog_year_be,
                   coalesce(c.tool, CASE left(coalesce(p.catalog_code, p.code), 1)
                                    WHEN 'i' THEN 'IIT' WHEN 'e' THEN 'EIT' WHEN 'o' THEN 'OIT' END) AS tool,
                   c.indicator_no, c.concept_id, c.text AS catalog_text, p.question_text, p.score
            FROM placed p JOIN documents d USING (doc_id) LEFT JOIN agencies a USING (agency_id)
            LEFT JOIN catalog_questions c ON c.ita_year_be = p.catalog_year_be AND c.code = p.catalog_code
            WHERE d.status <> 'failed'
        """,
    }


def weakest_questions(db: str | Path, year: int | None = None, agency_type: str | None = None,
                      limit: int = 20, province: str | None = None) -> pd.DataFrame:
    """The ITA items agencies score lowest: one row per ITA year and catalog item, lowest mean first.

    Each agency counts once per item: its score is the mean of the distinct values its documents
    print (a conflicting print is not resolved here; `documents.warnings` names it). `pct_below_85`
    is the share of those agencies scoring below `WEAK_BELOW`. `year`, `agency_type` (full or short
    form) and `province` narrow the agencies; without a year every year is listed, items of different
    years apart.
    """
    where, params = ["TRUE"], []
    for column, value in (("ita_year_be", check_year(year)), ("agency_type", full_agency_type(agency_type)),
                          ("province", province)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"""
        WITH v AS ({question_views()["v_question_scores"]}),
        per_agency AS (
            SELECT ita_year_be, coalesce(catalog_code, code) AS code, agency_key,
                   any_value(tool) AS tool, any_value(indicator_no) AS indicator_no,
                   any_value(catalog_text) AS catalog_text, mode(question_text) AS printed_text,
                   avg(DISTINCT score) AS score
            FROM v WHERE {" AND ".join(where)}
            GROUP BY ALL
        )
        SELECT ita_year_be, code, any_value(tool) AS tool, any_value(indicator_no) AS indicator_no,
               coalesce(any_value(catalog_text), mode(printed_text)) AS wording,
               count(*) AS agencies, round(avg(score), 2) AS mean_score,
               round(100.0 * count(*) FILTER (WHERE score < {WEAK_BELOW}) / count(*), 1) AS pct_below_85,
               round(min(score), 2) AS min_score, round(max(score), 2) AS max_score
        FROM per_agency
        GROUP BY ita_year_be, code
        ORDER BY mean_score, agencies DESC, ita_year_be DESC, code
        LIMIT ?
    """
    return run_sql(db, sql, [*params, limit])
