"""Questions users ask of the warehouse, as functions returning DataFrames (the CLI prints them).

Every function opens the warehouse read-only (`warehouse.reading`), so they run while another process
reads it; a warehouse made by an older version gains the analytical views the first time one is needed.
What only naming an agency needs (the Thai name reader, fuzzy matching) and the loader are imported
where used. The SQL of `weaknesses` is `warehouse.weakness_sql`'s: `ita weaknesses` runs it itself for
its usual table, without importing this module and pandas, which took longer than the query.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from corpus.catalog import load_indicators
from warehouse.exports import ExportError, copy_to_parquet
from warehouse.reading import QueryError, open_read, read_frame, read_rows, run_sql
from warehouse.weakness_sql import GROUPS, check_year, weakness_span, weakness_sql

PEER_PROVINCE_MIN = 5  # a province's agencies of one type form the peer group once there are this many
SCOPES = ("overall", "IIT", "EIT", "OIT")


class UnknownAgency(QueryError):
    """No agency in the warehouse matches the name given."""


@dataclass(frozen=True)
class AgencyRef:
    """An agency as the warehouse knows it."""

    agency_id: str
    name: str
    agency_type: str | None
    province: str | None


def sql_to_parquet(db: str | Path, query: str, path: str | Path) -> int:
    """Write a query's result to Parquet straight from the warehouse (DuckDB's types: lists, maps, dates)."""
    con = open_read(db)
    query = query.strip().rstrip(";")
    try:
        read_rows(con, f"SELECT * FROM ({query}) LIMIT 0")  # a wrong query is the user's SQL, not the file's fault
        return copy_to_parquet(con, query, path)
    except ExportError as exc:
        raise QueryError(str(exc)) from exc
    finally:
        con.close()


def weaknesses(db: str | Path, year: int | None = None, province: str | None = None,
               agency_type: str | None = None, limit: int = 20, by: str = "item",
               years: str | tuple[int, int] | None = None) -> pd.DataFrame:
    """ITA questions (or concepts, indicators, tools) cited by the most agencies, per ITA year.

    `pct_agencies` is the share of the agencies in the selection (year, type, province) that have a
    document for that year. With `years` (e.g. "2565-2567") the result is a trend: one row per key
    with the agencies and share of each year and the change of share from the first to the last
    year; use by="concept" for trends of questions, since codes change meaning between years. A
    concept's row starts with its code in its latest year (`item`, '2567 o12').
    """
    span = weakness_span(year, years)
    frame = run_sql(db, *weakness_sql(span, province, agency_type, by))
    if by == "indicator":
        frame = frame.merge(_indicator_names(), how="left", on=["ita_year_be", "indicator_no"])
    if years is not None:
        keys = GROUPS[by][0] + [k for k in ("wording", "item") if k in frame]
        return _trend(frame, keys, span).head(limit)
    return frame.head(limit)


def _indicator_names() -> pd.DataFrame:
    names = load_indicators().dropna(subset=["indicator_no"])
    names = names.astype({"indicator_no": "int64"})[["ita_year_be", "indicator_no", "indicator_name"]]
    return names.rename(columns={"indicator_name": "wording"})


def _trend(frame: pd.DataFrame, keys: list[str], span: tuple[int, int]) -> pd.DataFrame:
    """Long (year, key) counts -> one row per key with agencies_Y and pct_Y for each year of `span`.

    A year with agencies in the selection but no citation of a key shows 0; a year without any
    agency in the selection shows nothing (NA), so a missing year is not read as a fall to zero.
    """
    year_list = list(range(span[0], span[1] + 1))
    labels = [k for k in keys if k in ("wording", "item")]
    id_cols = [k for k in keys if k not in labels]
    present = set(frame["ita_year_be"])
    frame = frame.sort_values("ita_year_be")
    wide = frame.set_index(id_cols + ["ita_year_be"])[["agencies", "pct_agencies"]].unstack("ita_year_be")
    out = pd.DataFrame(index=wide.index)
    for y in year_list:
        if y in present:
            out[f"agencies_{y}"] = wide[("agencies", y)].fillna(0).astype("int64")
            out[f"pct_{y}"] = wide[("pct_agencies", y)].fillna(0.0)
        else:
            out[f"agencies_{y}"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
            out[f"pct_{y}"] = np.nan
    measured = [y for y in year_list if y in present]  # the change runs between years with data
    out["change_pct"] = (out[f"pct_{measured[-1]}"] - out[f"pct_{measured[0]}"]).round(1) if measured else np.nan
    for label in labels:  # codes change meaning between years: label a key with its latest wording and code
        out = out.join(frame.groupby(id_cols, dropna=False)[label].last())
    order = [f"agencies_{y}" for y in reversed(year_list)]
    out = (out.reset_index()
           .sort_values(order + id_cols, ascending=[False] * len(order) + [True] * len(id_cols), na_position="last")
           .reset_index(drop=True))
    return out[["item", *out.columns.drop("item")]] if "item" in out else out  # a concept as its latest code first


# ------------------------------------------------------------------------------------------ agencies

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text or ""))


def _ref(row: pd.Series) -> AgencyRef:
    """An AgencyRef from a row, with None (never NaN) for what the register does not know."""
    return AgencyRef(*(None if pd.isna(v) else v for v in row.tolist()))


def resolve_agency(con: duckdb.DuckDBPyConnection, agency: str) -> AgencyRef:
    """The one agency `agency` names: an agency_id, a full name, an abbreviated name (อบต.X), or a
    part of a name that only one agency has. Anything else is an error listing the closest names."""
    exact = read_frame(con, "SELECT agency_id, name, agency_type, province FROM agencies "
                            "WHERE agency_id = ? OR name = ?", [agency.strip(), agency.strip()])
    if len(exact) == 1:  # the common case, without loading every name
        return _ref(exact.iloc[0])
    from rapidfuzz import fuzz, process

    from extractors.documents import find_agency

    rows = read_frame(con, "SELECT agency_id, name, agency_type, province FROM agencies ORDER BY agency_id")
    if rows.empty:
        raise QueryError("the warehouse has no agencies yet: ingest their documents first (`ita ingest`)")
    wanted = _squash(agency)
    names = rows["name"].map(_squash)
    expanded = _squash(find_agency(agency).name or "")
    for mask in (rows["agency_id"] == agency.strip(), names == wanted, names == expanded,
                 names.str.contains(wanted, regex=False) if wanted else names != names):
        hits = rows[mask]
        if len(hits) == 1:
            return _ref(hits.iloc[0])
        if len(hits) > 1:
            listed = "; ".join(f"{r.name} ({r.province if isinstance(r.province, str) else 'province unknown'}, "
                               f"{r.agency_id})"
                               for r in hits.head(8).itertuples())
            same = hits["name"].nunique() == 1
            fix = (f"; if they are one agency, join them: `ita agencies merge {hits['agency_id'].iloc[0]} "
                   f"{hits['agency_id'].iloc[1]}`" if same else "")
            raise QueryError(f"{agency!r} names {len(hits)} agencies: {listed}. Give the agency_id or the full "
                             f"name{fix}")
    close = process.extract(expanded or wanted, names.tolist(), scorer=fuzz.ratio, limit=5)
    listed = "; ".join(rows["name"].iloc[i] for _, _, i in close)
    raise UnknownAgency(f"no agency {agency!r} in the warehouse. Closest names: {listed}")


def peers(db: str | Path, agency: str, limit: int = 10) -> pd.DataFrame:
    """Agencies most similar to `agency` by weakness profile: the concepts they cite, in any year.

    Jaccard on the sets of cited concepts and cosine on the number of ITA years each concept was
    cited; agencies of the same type come first, since their plans are the ones that transfer.
    """
    con = open_read(db)
    try:
        me = resolve_agency(con, agency)
        cited = read_frame(con, "SELECT count(*) AS n FROM v_agency_weaknesses WHERE agency_key = ?", [me.agency_id])
        if not cited["n"].iloc[0]:
            raise QueryError(f"{me.name} cites no ITA question in the warehouse: ingest its plan or analysis first")
        return read_frame(con, _PEERS_SQL,
                          [me.agency_id, me.agency_id, me.agency_id, me.agency_type, me.province, limit])
    finally:
        con.close()


_PEERS_SQL = """
    WITH prof AS (
        SELECT agency_key, coalesce(concept_id, code) AS c, count(DISTINCT ita_year_be) AS w
        FROM v_agency_weaknesses GROUP BY ALL
    ),
    me AS (SELECT c, w FROM prof WHERE agency_key = ?),
    me_label AS (  -- a concept as the agency knows it: the code of the latest year it cited it ('2567 o12')
        SELECT coalesce(concept_id, code) AS c, arg_max(ita_year_be || ' ' || code, ita_year_be) AS label
        FROM v_agency_weaknesses WHERE agency_key = ? GROUP BY 1
    ),
    me_norm AS (SELECT count(*) AS n, sqrt(sum(w * w)) AS norm FROM me),
    norms AS (SELECT agency_key, count(*) AS n, sqrt(sum(w * w)) AS norm FROM prof GROUP BY 1),
    shared AS (
        SELECT p.agency_key, count(*) AS shared, sum(p.w * me.w) AS dot, list(l.label ORDER BY l.label) AS shared_items,
               list(p.c ORDER BY p.c) AS shared_concepts
        FROM prof p JOIN me USING (c) JOIN me_label l USING (c) WHERE p.agency_key <> ? GROUP BY 1
    )
    SELECT s.agency_key AS agency_id, a.name, a.agency_type, a.province,
           a.agency_type IS NOT DISTINCT FROM ? AS same_type, a.province IS NOT DISTINCT FROM ? AS same_province,
           s.shared, round(s.shared / (me_norm.n + n.n - s.shared), 3) AS jaccard,
           round(s.dot / (me_norm.norm * n.norm), 3) AS cosine, array_to_string(s.shared_items, ', ') AS shared_items,
           s.shared_concepts
    FROM shared s JOIN norms n USING (agency_key) CROSS JOIN me_norm LEFT JOIN agencies a ON a.agency_id = s.agency_key
    ORDER BY same_type DESC, jaccard DESC, cosine DESC, same_province DESC, a.name, s.agency_key
    LIMIT ?
"""


# ------------------------------------------------------------------------------------------ compare

def compare(db: str | Path, agency: str, year: int | None = None) -> pd.DataFrame:
    """The agency's scores beside its peer group's, one row per indicator, tool and overall.

    Peers are the agencies of the same type with scores that year; when at least
    `PEER_PROVINCE_MIN` of them are in the agency's province, only those. `percentile` is the share
    of peers scoring below the agency (ties count half); `gap` is the agency's score minus the peer
    median. Indicators come first, the one where it lags most (lowest gap) on top (`lag_rank` 1).
    The peer group is described in the `peer_group` column and in `frame.attrs["peer_group"]`.
    """
    check_year(year)
    con = open_read(db)
    try:
        me = resolve_agency(con, agency)
        if year is None:
            found = read_frame(con, "SELECT max(ita_year_be) AS y FROM v_agency_score_values WHERE agency_id = ?",
                               [me.agency_id])["y"].iloc[0]
            if pd.isna(found):
                raise QueryError(f"no scores for {me.name}: ingest its ITA analysis report "
                                 "(รายงานผลการวิเคราะห์ผลการประเมิน ITA)")
            year = int(found)
        scores = read_frame(con, """SELECT v.agency_id, a.agency_type, a.province, v.scope, v.indicator_no, v.score
                                    FROM v_agency_score_values v JOIN agencies a USING (agency_id)
                                    WHERE v.ita_year_be = ? AND a.agency_type IS NOT DISTINCT FROM ?""",
                            [year, me.agency_type])
    finally:
        con.close()
    mine = scores[scores["agency_id"] == me.agency_id]
    if mine.empty:
        raise QueryError(f"no scores for {me.name} in ITA {year}: ingest its analysis report of that year, "
                         "or leave out --year to use its latest")
    others = scores[scores["agency_id"] != me.agency_id]
    in_province = others[others["province"] == me.province]
    group = f"{me.agency_type or 'agencies of unknown type'}"
    if in_province["agency_id"].nunique() >= PEER_PROVINCE_MIN:
        others, group = in_province, f"{group} in {me.province}"
    group = f"{group}, ITA {year} (n={others['agency_id'].nunique()})"
    frame = _compare_rows(mine, others, year)
    frame.insert(0, "peer_group", group)
    frame.attrs["peer_group"] = group
    return frame


def _compare_rows(mine: pd.DataFrame, others: pd.DataFrame, year: int) -> pd.DataFrame:
    names = _indicator_names()
    names = names[names["ita_year_be"] == year].set_index("indicator_no")["wording"].to_dict()
    peer_values = {key: g["score"].to_numpy(dtype=float)
                   for key, g in others.groupby([others["scope"], others["indicator_no"].fillna(0)])}
    rows = []
    for r in mine.itertuples():
        ind = 0 if pd.isna(r.indicator_no) else int(r.indicator_no)
        values = peer_values.get((r.scope, ind), np.empty(0))
        n = len(values)
        rows.append({
            "scope": r.scope, "indicator_no": ind or pd.NA, "name": names.get(ind, "") if ind else r.scope,
            "score": r.score, "peers": n,
            "peer_median": float(np.median(values)) if n else np.nan,
            "peer_mean": round(float(values.mean()), 2) if n else np.nan,
            "peer_p25": float(np.percentile(values, 25)) if n else np.nan,
            "peer_p75": float(np.percentile(values, 75)) if n else np.nan,
            "percentile": round(100.0 * ((values < r.score).sum() + 0.5 * (values == r.score).sum()) / n, 1)
            if n else np.nan,
        })
    frame = pd.DataFrame(rows)
    frame["gap"] = (frame["score"] - frame["peer_median"]).round(2)
    indicators = frame["scope"] == "indicator"
    frame["lag_rank"] = frame["gap"].where(indicators).rank(method="first").astype("Int64")
    frame["order"] = np.where(indicators, 0, 1 + frame["scope"].map({s: i for i, s in enumerate(reversed(SCOPES))}))
    frame = frame.sort_values(["order", "lag_rank", "indicator_no"], na_position="last").drop(columns="order")
    frame["indicator_no"] = frame["indicator_no"].astype("Int64")
    return frame.reset_index(drop=True)
