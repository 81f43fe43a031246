"""The SQL of `ita weaknesses` and the checks of its selection (years, agency type, province).

Apart from `warehouse.queries` (which shapes trends and names indicators with pandas) so that the
command's usual table, counted per item, concept or tool, is one query away from the screen without
importing pandas: `ita weaknesses` imports this module, and its start-up was most of its time.
"""
from __future__ import annotations

import re
from pathlib import Path

from warehouse.agency_types import full_agency_type
from warehouse.reading import QueryError, open_read, read_rows

BY = ("item", "concept", "indicator", "tool")
CE_BE_OFFSET = 543  # Buddhist era = Christian era + 543

GROUPS = {  # by -> (key columns, SQL for the wording of a key, if it has one)
    "item": (["code"], "any_value(cq.text)"),
    "concept": (["concept"], "any_value(ct.text)"),
    "indicator": (["tool", "indicator_no"], None),  # named from corpus/catalog/ita_indicators.csv
    "tool": (["tool"], None),
}


def check_year(year: int | None) -> int | None:
    """An ITA year as the warehouse stores it (BE); a Christian-era year is refused with its BE form."""
    if year is not None and year < 2400:
        raise QueryError(f"{year} looks like a Christian-era year: did you mean {year + CE_BE_OFFSET}? "
                         "ITA years are Buddhist era (พ.ศ.)")
    return year


def parse_years(years: str | int | tuple[int, int] | None) -> tuple[int, int] | None:
    """"2565-2567" / "2566" / (2565, 2567) -> (first, last) ITA years (BE)."""
    if years is None or isinstance(years, tuple):
        return years
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", str(years))
    if not match:
        raise QueryError(f"years {years!r}: give one BE year or a range such as 2565-2567")
    first, last = check_year(int(match[1])), check_year(int(match[2] or match[1]))
    if last < first:
        raise QueryError(f"years {years!r}: the range runs backwards; write {last}-{first}")
    return first, last


def weakness_span(year: int | None, years: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """The ITA years a selection covers: one `year`, a range `years` ("2565-2567"), or every year (None)."""
    year = check_year(year)
    if year is not None and years is not None:
        raise QueryError("give either a year or a range of years, not both")
    return parse_years(years) if years is not None else ((year, year) if year is not None else None)


def weakness_sql(span: tuple[int, int] | None, province: str | None = None, agency_type: str | None = None,
                 by: str = "item") -> tuple[str, list]:
    """SQL and parameters: one row per ITA year and key of `by`, the most cited first (see
    `warehouse.queries.weaknesses`). A concept comes with its code in its latest year first ('2567 o12');
    only an item keeps the wording its documents printed (`example_wording`) and its catalog ids."""
    if by not in BY:
        raise QueryError(f"by {by!r}: choose one of {', '.join(BY)}")
    where, params = _where(span, province, full_agency_type(agency_type))
    keys, label = GROUPS[by]
    key_sql = ", ".join(f"w.{k}" for k in keys)
    sql = f"""
        WITH w AS (SELECT *, coalesce(concept_id, code) AS concept FROM v_agency_weaknesses WHERE {where}),
        pop AS (SELECT ita_year_be, count(DISTINCT agency_key) AS n FROM v_agency_years WHERE {where} GROUP BY 1),
        concept_text AS (SELECT concept_id, arg_max(text, ita_year_be) AS text FROM catalog_questions GROUP BY 1)
        SELECT {"w.ita_year_be || ' ' || min(w.code) AS item," if by == 'concept' else ''}
               w.ita_year_be, {key_sql},
               count(DISTINCT w.agency_key) AS agencies,
               round(100.0 * count(DISTINCT w.agency_key) / any_value(pop.n), 1) AS pct_agencies,
               CAST(sum(w.citations) AS BIGINT) AS citations,
               count(DISTINCT w.agency_key) FILTER (WHERE w.in_measures) AS in_plans,
               count(DISTINCT w.agency_key) FILTER (WHERE w.in_analysis) AS in_analyses,
               {f'coalesce({label}, mode(w.example_wording)) AS wording,' if label else ''}
               {'mode(w.example_wording) AS example_wording, any_value(w.concept_id) AS concept_id, '
                'any_value(w.tool) AS tool, any_value(w.indicator_no) AS indicator_no, ' if by == 'item' else ''}
               any_value(pop.n) AS agencies_in_selection
        FROM w JOIN pop USING (ita_year_be)
        LEFT JOIN catalog_questions cq ON cq.ita_year_be = w.catalog_year_be AND cq.code = w.code
        LEFT JOIN concept_text ct ON ct.concept_id = w.concept_id
        GROUP BY w.ita_year_be, {key_sql}
        ORDER BY agencies DESC, citations DESC, w.ita_year_be DESC, {key_sql}
    """
    return sql, params + params


def _where(years: tuple[int, int] | None, province: str | None, agency_type: str | None) -> tuple[str, list]:
    where, params = ["TRUE"], []
    if years:
        where.append("ita_year_be BETWEEN ? AND ?")
        params += list(years)
    for column, value in (("province", province), ("agency_type", agency_type)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(where), params


def selection_hint(db: str | Path, year: int | None = None, agency_type: str | None = None,
                   province: str | None = None, years: tuple[int, int] | None = None) -> str:
    """Why a selection found nothing, in one line: the filters the warehouse has no data for, with
    the values it does have ("years in the warehouse: 2566, 2567"); "" when each filter has data."""
    con = open_read(db)
    try:
        have_years, types, provinces = read_rows(
            con, "SELECT list(DISTINCT ita_year_be ORDER BY ita_year_be), list(DISTINCT agency_type ORDER BY "
                 "agency_type), list(DISTINCT province ORDER BY province) FROM v_agency_years").rows[0]
    finally:
        con.close()
    have_years = [int(y) for y in have_years if y is not None]
    wanted = [year] if year is not None else list(range(years[0], years[1] + 1)) if years else []
    notes = []
    if wanted and not set(wanted) & set(have_years):
        notes.append(f"no documents of ITA {', '.join(map(str, wanted))}; years in the warehouse: "
                     f"{', '.join(map(str, have_years)) or 'none'}")
    for label, value, values in (("agency type", agency_type, types), ("province", province, provinces)):
        values = [v for v in values if v is not None]
        if value is not None and value not in values:
            notes.append(f"no {label} {value!r}; the warehouse has: {', '.join(values) or 'none'}")
    return "; ".join(notes)
