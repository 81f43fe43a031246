"""The agency register: one row per agency, whatever each document managed to say about it.

An agency's id was a hash of type, name and province, so a document that printed no province (a
partial scan, a report without an address line) made a second agency of the same name, and
`ita agency "<full name>"` then named two. Here a document joins the agency of the same type and
name whose province agrees with it or is unknown on either side, and fills in what the register
lacked; a same-name agency in another province stays another agency. `merge_agencies` fixes what
is left by hand (`ita agencies merge A B`).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import pandas as pd

from corpus.gazetteer import place_agency
from extractors.model import AgencyInfo


class AgencyRegisterError(Exception):
    """An agency register operation cannot be done; the message says why and what to do."""


def agency_id(name: str | None, agency_type: str | None, province: str | None) -> str | None:
    """A stable id for a new agency: the same agency named the same way gets the same id."""
    if not name:
        return None
    key = "|".join(re.sub(r"\s+", "", x or "") for x in (agency_type, name, province))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def register_agency(con: duckdb.DuckDBPyConnection, agency: AgencyInfo) -> str | None:
    """The id of `agency` in the register, adding it or filling what the register lacked.

    Candidates are the agencies of the same type and name; one whose province equals the
    document's wins, else the only one whose province or the document's is unknown. Runs inside
    the caller's transaction (`load_document`)."""
    if not agency.name:
        return None
    rows = con.execute("SELECT agency_id, province FROM agencies WHERE name = ? AND agency_type IS NOT DISTINCT FROM ? "
                       "ORDER BY agency_id", [agency.name, agency.agency_type]).fetchall()
    same = [aid for aid, province in rows if agency.province and province == agency.province]
    open_ = [aid for aid, province in rows if not agency.province or not province]
    found = same[0] if same else (open_[0] if len(open_) == 1 else None)
    if found is None:
        found = agency_id(agency.name, agency.agency_type, agency.province)
    con.execute(
        "INSERT INTO agencies (agency_id, name, agency_type, district, province, name_variants) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (agency_id) DO UPDATE SET district = coalesce(agencies.district, excluded.district), "
        "province = coalesce(agencies.province, excluded.province), "
        "name_variants = list_distinct(list_concat(agencies.name_variants, excluded.name_variants))",
        [found, agency.name, agency.agency_type, agency.district, agency.province, list(agency.variants)])
    return found


def place_warning(agency: AgencyInfo) -> str | None:
    """A warning naming the candidate places of an agency whose name fits several and whose document
    did not say which (the place stays NULL rather than a guess)."""
    if not agency.name or (agency.district and agency.province):
        return None
    placed = place_agency(agency.name, agency.agency_type, agency.district, agency.province)
    if not placed.ambiguous:
        return None
    listed = ", ".join(f"{c.district or '-'} ({c.province})" for c in placed.candidates[:8])
    more = f" and {len(placed.candidates) - 8} more" if len(placed.candidates) > 8 else ""
    return (f"place of {agency.name} left empty: the name fits {len(placed.candidates)} places ({listed}{more}) "
            "and the document does not say which")


def list_agencies(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every agency with its documents, ITA and fiscal years and the name variants documents printed."""
    return con.execute("""
        SELECT a.agency_id, a.name, a.agency_type, a.district, a.province,
               count(d.doc_id) AS documents,
               list(DISTINCT d.doc_type ORDER BY d.doc_type) FILTER (WHERE d.doc_type IS NOT NULL) AS doc_types,
               list(DISTINCT d.ita_year_be ORDER BY d.ita_year_be) FILTER (WHERE d.ita_year_be IS NOT NULL) AS ita_years,
               list(DISTINCT d.fiscal_year_be ORDER BY d.fiscal_year_be)
                   FILTER (WHERE d.fiscal_year_be IS NOT NULL) AS fiscal_years,
               a.name_variants
        FROM agencies a LEFT JOIN documents d USING (agency_id)
        GROUP BY ALL ORDER BY a.province NULLS LAST, a.agency_type, a.name, a.agency_id""").df()


def merge_agencies(con: duckdb.DuckDBPyConnection, keep: str, other: str) -> int:
    """Move every document of agency `other` to agency `keep` (ids), keep `other`'s name as a variant
    and its place where `keep` has none, and drop `other`; returns the documents moved."""
    if keep == other:
        raise AgencyRegisterError("the two agencies are the same one")
    found = dict(con.execute("SELECT agency_id, name FROM agencies WHERE agency_id IN (?, ?)", [keep, other]).fetchall())
    for aid in (keep, other):
        if aid not in found:
            raise AgencyRegisterError(f"no agency with id {aid}: `ita agencies` lists them")
    con.execute("BEGIN TRANSACTION")
    try:
        moved = con.execute("SELECT count(*) FROM documents WHERE agency_id = ?", [other]).fetchone()[0]
        con.execute("UPDATE documents SET agency_id = ? WHERE agency_id = ?", [keep, other])
        (name, district, province, variants), (o_name, o_district, o_province, o_variants) = (
            con.execute("SELECT name, district, province, coalesce(name_variants, []) FROM agencies WHERE agency_id = ?",
                        [aid]).fetchone() for aid in (keep, other))
        variants = [v for v in dict.fromkeys([*variants, *o_variants, o_name]) if v != name]
        con.execute("DELETE FROM agencies WHERE agency_id = ?", [other])
        con.execute("UPDATE agencies SET district = ?, province = ?, name_variants = ? WHERE agency_id = ?",
                    [district or o_district, province or o_province, variants, keep])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return int(moved)


def resolve_ids(con: duckdb.DuckDBPyConnection, refs: list[str]) -> list[str]:
    """agency_ids for what a user typed (ids, full names, อบต.X, unique parts), via the query resolver."""
    from warehouse.queries import resolve_agency

    return [resolve_agency(con, ref).agency_id for ref in refs]


def open_for_merge(db: str | Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened for writing (a merge changes it), with the register's messages on failure."""
    from warehouse.load import WarehouseError, connect

    if not Path(db).exists():
        raise AgencyRegisterError(f"no warehouse at {db}: run `ita ingest FILES --db {db}` first")
    try:
        return connect(db)
    except WarehouseError as exc:
        raise AgencyRegisterError(str(exc)) from exc
