"""Drafting an agency's integrity measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน).

Officers write next year's plan from their own analysis and by copying what other agencies wrote
for the same weak ITA questions. `draft_plan` does both with evidence. For each weak item the
agency's own evidence comes first (`warehouse.evidence`: its score against the pass line and its
analysis' words as the finding, its analysis' advice and its own earlier measures as steps); peers
fill what is missing: the steps peers of a comparable type wrote (the measure library's clusters,
so a step copied by 40 agencies counts 40 times, not once per spelling), preferring steps after
which those agencies' score on the item's indicator rose. Borrowed text is adapted to the agency
(`warehouse.adapt`: names, officials, units, years) and every suggestion cites its source agencies
and documents, with the words that were changed and what needs a person's review.

Which items are weak, in order of evidence: the codes the caller gives; else the agency's latest
analysis (its weak questions, and the most-cited items of every indicator scored below
`PASS_SCORE`); else the items its last plan cited. A plan of fiscal year N answers ITA N-1 and runs
1 October N-1 to 30 September N; items of other years are carried to ITA N-1 through their concept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from pythainlp.util.date import thai_full_months

from rapidfuzz import fuzz

from corpus.catalog import load_issues, text_key, year_items
from corpus.units import canonical_unit
from extractors.documents import find_agency
from extractors.normalize import fiscal_year_range, normalize_code
from warehouse import adapt
from warehouse.adapt import Adapter
from warehouse.evidence import PASS_SCORE, Evidence, own_evidence
from warehouse.library import SIMILARITY, ensure_library, is_fresh
from warehouse.queries import AgencyRef, UnknownAgency, resolve_agency
from warehouse.reading import QueryError
from warehouse.reading import open_read, read_frame

ITEMS_PER_WEAK_INDICATOR = 2  # items added for an indicator below the pass line, most cited first
MAX_STEPS = 3  # steps suggested per item: real plans list two to four
TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
HEADERS = ("ประเด็น", "ข้อคำถาม ITA", "ข้อค้นพบ", "ขั้นตอน/วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "หน่วยงานผู้รับผิดชอบ")
SOURCES_TITLE = "ที่มา"
UNKNOWN_UNIT = "(โปรดระบุ)"
NO_STEP = "(โปรดระบุขั้นตอน: ยังไม่มีหน่วยงานในคลังข้อมูลเขียนมาตรการสำหรับข้อนี้)"


class PlanError(QueryError):
    """A plan cannot be drafted; the message says what to give or ingest."""


@dataclass(frozen=True)
class Source:
    """A peer document a suggestion was taken from."""

    agency_id: str
    agency_name: str
    doc_id: str
    file_name: str
    page: int | None
    fiscal_year_be: int | None


@dataclass(frozen=True)
class Suggestion:
    """One step, finding or unit, where it came from, how many agencies wrote it and what their
    scores did next; for borrowed text, the source's words verbatim and what was adapted."""

    kind: str  # step | finding | unit
    text: str
    agencies: int  # agencies in the warehouse that wrote this (near-duplicates clustered)
    rose: int = 0  # of those, agencies whose indicator score rose by their next assessment
    fell: int = 0
    sources: tuple[Source, ...] = ()
    origin: str = "peer"  # own (the agency's documents) | peer | none (a placeholder to fill in)
    original: str = ""  # the source's words, as printed
    changes: tuple[tuple[str, str], ...] = ()  # (source's words, what they became)
    flags: tuple[str, ...] = ()  # what a person must review


@dataclass(frozen=True)
class PlanRow:
    """One weak item: a row of the plan's table."""

    issue_no: int
    issue_title: str
    catalog_year_be: int
    code: str
    question: str
    reason: str  # why the item is in the plan
    finding: Suggestion
    steps: tuple[Suggestion, ...]
    responsible: Suggestion

    @property
    def question_cell(self) -> str:
        return f"{self.code} {self.question}"

    @property
    def steps_cell(self) -> str:
        return "\n".join(f"{i}. {s.text}" for i, s in enumerate(self.steps, start=1))

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        return (self.finding, *self.steps, self.responsible)


@dataclass(frozen=True)
class Plan:
    agency: AgencyRef
    fiscal_year_be: int
    rows: tuple[PlanRow, ...]
    weak_source: str  # where the weak items came from
    peers: int
    notes: tuple[str, ...] = field(default=())

    @property
    def ita_year_be(self) -> int:
        return self.fiscal_year_be - 1

    @property
    def title(self) -> str:
        return f"{TITLE} ประจำปีงบประมาณ พ.ศ. {self.fiscal_year_be}"

    @property
    def period(self) -> str:
        return thai_period(self.fiscal_year_be)

    def write(self, path: str | Path, sources: str = "appendix") -> Path:
        """Write the plan as .xlsx, .docx, .md, .html or .csv, by the file's extension; `sources`
        (appendix | separate | none) places the ที่มา of a .docx."""
        from warehouse.plan_writers import write_plan

        return write_plan(self, Path(path), sources)


def thai_date(d: date) -> str:
    return f"{d.day} {thai_full_months[d.month - 1]} {d.year + 543}"


def thai_period(fiscal_year_be: int) -> str:
    """"1 ตุลาคม 2567 – 30 กันยายน 2568" for fiscal year 2568."""
    start, end = fiscal_year_range(fiscal_year_be)
    return f"{thai_date(start)} – {thai_date(end)}"


# ------------------------------------------------------------------------------------------ draft

def draft_plan(db: str | Path, agency: str, fiscal_year: int | None = None, weak: str | None = None,
               peers: int = 5) -> Plan:
    """Draft `agency`'s measures plan from what its `peers` most similar agencies wrote.

    `weak` ("e12,i19") names the items; otherwise they come from the agency's latest analysis or its
    last plan. For each item, the `peers` agencies most like this one (same type first, then the
    Jaccard similarity of their cited items) that wrote measures for it supply the candidate steps;
    candidates are ranked by how many agencies in the whole warehouse wrote them, plus the agencies
    whose score on the item's indicator rose at their next assessment, minus those whose score fell.
    The same warehouse and arguments always give the same plan.
    """
    if peers < 1:
        raise PlanError("--peers must be at least 1")
    if not Path(db).exists():
        raise PlanError(f"no warehouse at {db}: run `ita ingest FILES --db {db}` first")
    con = open_read(db)
    try:
        if not is_fresh(con):  # documents changed: rebuild the library with a short write, then read again
            con.close()
            ensure_library(db)
            con = open_read(db)
        return _Drafter(con, agency, fiscal_year, weak, peers).plan()
    finally:
        con.close()


class _Drafter:
    """The steps of one draft, sharing one read-only connection and the catalog."""

    def __init__(self, con: duckdb.DuckDBPyConnection, agency: str, fiscal_year: int | None, weak: str | None,
                 peers: int) -> None:
        self.con, self.fiscal_year, self.weak, self.n_peers = con, fiscal_year, weak, peers
        self.catalog = read_frame(con, "SELECT ita_year_be, tool, indicator_no, code, text, concept_id "
                                       "FROM catalog_questions")
        self._year_items: dict[int, pd.DataFrame] = {}
        self.me = self._agency(agency)
        self.notes: list[str] = []

    def _agency(self, agency: str) -> AgencyRef:
        try:
            return resolve_agency(self.con, agency)
        except UnknownAgency as exc:
            if not self.weak:
                raise PlanError(f"{exc}. For an agency not yet in the warehouse, give its weak items with --weak") \
                    from exc
            found = find_agency(agency)
            return AgencyRef("", found.name or agency.strip(), found.agency_type, found.province)

    # -- weak items -------------------------------------------------------------------------------

    def plan(self) -> Plan:
        items, source, fiscal_year = self._weak_items()
        year = fiscal_year - 1
        items = self._carry(items, year)
        concepts = sorted(set(items["concept_id"]))
        similar = self._similar(concepts)
        self.writers = self._writers(similar)
        district = self.con.execute("SELECT any_value(district) FROM agencies WHERE agency_id = ?",
                                    [self.me.agency_id]).fetchall()[0][0]
        self.adapter = Adapter(self._as_writer(self.me.agency_id, self.me.name, self.me.agency_type,
                                               self.me.province, district), fiscal_year)
        library = self._library(concepts, similar)
        own = self._own_library(concepts)
        self.own_units = {canonical_unit(t) for t in own["unit"]["text"]} if "unit" in own else set()
        evidence = own_evidence(self.con, self.catalog, self.me.agency_id, concepts, year)
        rows = [self._row(item, library, own, evidence.get(item.concept_id)) for item in items.itertuples()]
        rows.sort(key=lambda r: (r.issue_no, "ieo".index(r.code[0]), int(r.code[1:])))
        flagged = sum(bool(s.flags) for r in rows for s in r.suggestions)
        if flagged:
            self.notes.append(f"{flagged} suggestions need a review (marked ⚠ in the file; the sources list why)")
        return Plan(self.me, fiscal_year, tuple(rows), source, self.n_peers, tuple(self.notes))

    def _weak_items(self) -> tuple[pd.DataFrame, str, int]:
        """(items: ita_year_be, code, reason), a description of their origin, and the fiscal year."""
        if self.weak:
            year = (self.fiscal_year or self._latest_year() + 1) - 1
            return self._given(self.weak, year), "ข้อคำถามที่ระบุ (--weak)", year + 1
        analysis = self._from_analysis()
        if analysis is not None:
            return analysis
        last = self._from_last_plan()
        if last is not None:
            return last
        raise PlanError(f"no weak items known for {self.me.name}: ingest its ITA analysis report or last plan, "
                        "or name the items with --weak e12,i19")

    def _items_of(self, year: int) -> pd.DataFrame:
        """`year_items` of the warehouse's catalog, computed once per year."""
        if year not in self._year_items:
            self._year_items[year] = year_items(self.catalog, year)
        return self._year_items[year]

    def _latest_year(self) -> int:
        mine = read_frame(self.con, "SELECT max(ita_year_be) AS y FROM v_agency_years WHERE agency_id = ?",
                          [self.me.agency_id])["y"].iloc[0]
        if pd.isna(mine):
            mine = read_frame(self.con, "SELECT max(ita_year_be) AS y FROM v_agency_years")["y"].iloc[0]
        if pd.isna(mine):
            raise PlanError("the warehouse has no dated documents: give the fiscal year with --year")
        return int(mine)

    def _given(self, weak: str, year: int) -> pd.DataFrame:
        """The named items of `year`; an item the catalog lacks for `year` (and its framework
        neighbour) takes the wording of the nearest year that has it, with a note, for a known
        agency and a new one alike."""
        available = self._items_of(year)
        rows = []
        for raw in _split_codes(weak):
            code = normalize_code(raw)
            hit = available[available["code"] == code]
            if hit.empty:
                hit = self._nearest_year(code, year)
            if hit.empty:
                codes = _code_ranges(available["code"])
                raise PlanError(f"{raw!r} is not an item of ITA {year} (the year a plan for fiscal year {year + 1} "
                                f"answers; --year picks another) nor of any year in the catalog. Items of {year}: "
                                f"{codes or 'none in the catalog'}")
            rows.append({"ita_year_be": int(hit["ita_year_be"].iloc[0]), "code": code,
                         "reason": f"ระบุโดยผู้จัดทำ (ITA {year})"})
        if not rows:
            raise PlanError("--weak names no item: give codes such as e12,i19")
        return pd.DataFrame(rows).drop_duplicates("code")

    def _nearest_year(self, code: str, year: int) -> pd.DataFrame:
        """The item `code` of the catalog year nearest `year` (the later on a tie), noted."""
        have = self.catalog[self.catalog["code"] == code]
        if have.empty:
            return have
        nearest = min(set(have["ita_year_be"]), key=lambda y: (abs(y - year), -y))
        self.notes.append(f"{code}: the catalog has no ITA {year} wording, so the wording of ITA {nearest} is used "
                          f"(add the {year} item with `ita catalog import` if it differs)")
        return have[have["ita_year_be"] == nearest]

    def _from_analysis(self) -> tuple[pd.DataFrame, str, int] | None:
        """Weak questions and indicators below the pass line of the agency's latest assessed year."""
        weak = read_frame(self.con, """SELECT ita_year_be AS year, catalog_year_be AS ita_year_be, code, indicator_no
                                       FROM v_agency_weaknesses WHERE agency_key = ? AND in_analysis
                                       AND catalog_year_be IS NOT NULL ORDER BY code""", [self.me.agency_id])
        low = read_frame(self.con, """SELECT ita_year_be AS year, indicator_no, score FROM v_agency_score_values
                                      WHERE agency_id = ? AND scope = 'indicator' ORDER BY indicator_no""",
                         [self.me.agency_id])
        years = set(weak["year"]) | set(low["year"])
        if self.fiscal_year:
            years = {y for y in years if y <= self.fiscal_year - 1}
        if not years:
            return None
        year = int(max(years))
        weak = weak[weak["year"] == year].assign(reason=f"ข้อคำถามที่ได้คะแนนต่ำในรายงานผลการวิเคราะห์ ITA {year}")
        covered = set(weak["indicator_no"].dropna().astype(int))
        low = low[(low["year"] == year) & (low["score"] < PASS_SCORE) & ~low["indicator_no"].isin(covered)]
        extra = [self._most_cited(year, int(n), float(score)) for n, score in zip(low["indicator_no"], low["score"])]
        items = pd.concat([weak[["ita_year_be", "code", "reason"]], *extra], ignore_index=True)
        if items.empty:
            return None
        return items.drop_duplicates("code"), f"รายงานผลการวิเคราะห์ผลการประเมิน ITA {year}", \
            self.fiscal_year or year + 1

    def _most_cited(self, year: int, indicator: int, score: float) -> pd.DataFrame:
        """The items of a weak indicator that the most agencies cite in that year (catalog order on ties)."""
        items = self._items_of(year)
        items = items[items["indicator_no"] == indicator][["ita_year_be", "code"]]
        counts = read_frame(self.con, "SELECT code, agencies AS n FROM item_agencies WHERE ita_year_be = ?", [year])
        items = items.merge(counts, on="code")  # only items some agency cites: others have no evidence
        if items.empty:
            self.notes.append(f"indicator {indicator} scored {score:.2f} but no agency cites its items: "
                              "add rows for it")
        items["order"] = items["code"].map(lambda c: ("ieo".index(c[0]), int(c[1:])))
        top = items.sort_values(["n", "order"], ascending=[False, True]).head(ITEMS_PER_WEAK_INDICATOR)
        return top[["ita_year_be", "code"]].assign(
            reason=f"ตัวชี้วัดที่ {indicator} ได้ {score:.2f} คะแนน ต่ำกว่า {PASS_SCORE:.0f} (ITA {year})")

    def _from_last_plan(self) -> tuple[pd.DataFrame, str, int] | None:
        last = read_frame(self.con, """
            SELECT d.fiscal_year_be, q.catalog_year_be AS ita_year_be, q.catalog_code AS code
            FROM measure_questions q JOIN documents d USING (doc_id)
            WHERE d.agency_id = ? AND d.doc_type IN ('measures', 'measures_report') AND d.fiscal_year_be IS NOT NULL
              AND q.catalog_code IS NOT NULL AND d.status <> 'failed'
            QUALIFY d.fiscal_year_be = max(d.fiscal_year_be) OVER ()
            ORDER BY code""", [self.me.agency_id])
        if last.empty:
            return None
        plan_year = int(last["fiscal_year_be"].iloc[0])
        items = last.drop(columns="fiscal_year_be").drop_duplicates("code")
        items["reason"] = f"ข้อคำถามในมาตรการปีงบประมาณ พ.ศ. {plan_year} ของหน่วยงาน"
        return items, f"มาตรการปีงบประมาณ พ.ศ. {plan_year} ของหน่วยงาน", self.fiscal_year or plan_year + 1

    def _carry(self, items: pd.DataFrame, year: int) -> pd.DataFrame:
        """Items of another ITA year -> the item of the same concept in `year` (kept when it has none)."""
        catalog = self.catalog[["ita_year_be", "code", "concept_id", "text", "indicator_no"]]
        items = items.merge(catalog, how="left", on=["ita_year_be", "code"])
        unknown = items[items["concept_id"].isna()]
        for r in unknown.itertuples():
            self.notes.append(f"{r.code} (ITA {r.ita_year_be}) is not in the ITA catalog and was left out")
        items = items[items["concept_id"].notna()]
        target = self._items_of(year)[["ita_year_be", "code", "concept_id", "text", "indicator_no"]]
        carried = items[["concept_id", "reason"]].merge(target, on="concept_id")
        kept = items[~items["concept_id"].isin(target["concept_id"])]
        old = kept[kept["ita_year_be"] != year]
        if not old.empty:
            self.notes.append(f"no counterpart in the ITA {year} catalog, so their earlier code and wording are kept: "
                              + ", ".join(f"{r.code} (ITA {r.ita_year_be})" for r in old.itertuples()))
        if items.empty:
            raise PlanError("none of the weak items is in the ITA catalog: check the codes")
        return pd.concat([carried, kept], ignore_index=True).drop_duplicates("concept_id")

    # -- evidence ---------------------------------------------------------------------------------

    def _similar(self, concepts: list[str]) -> pd.DataFrame:
        """Every other agency with library entries for `concepts`, most comparable first: the same
        type, then the same family, then other local agencies (a department's last: `adapt.peer_tier`),
        then Jaccard similarity of cited concepts (`agency_profiles`), then the same province."""
        mine = read_frame(self.con, "SELECT concept FROM agency_profiles WHERE agency_key = ?", [self.me.agency_id])
        self.con.register("_mine", pd.DataFrame({"concept": sorted(set(mine["concept"]) or set(concepts))}))
        try:
            similar = read_frame(self.con, """
                WITH cand AS (SELECT DISTINCT agency_id FROM measure_library
                              WHERE concept_id IN (SELECT unnest(?)) AND agency_id <> ?),
                overlap AS (SELECT p.agency_key AS agency_id, count(m.concept) AS shared, count(*) AS n
                            FROM agency_profiles p LEFT JOIN _mine m USING (concept)
                            WHERE p.agency_key IN (SELECT agency_id FROM cand) GROUP BY 1)
                SELECT o.agency_id, a.name, a.agency_type, a.district, a.province, a.name_variants,
                       a.province IS NOT DISTINCT FROM ? AS same_province,
                       o.shared / (o.n + (SELECT count(*) FROM _mine) - o.shared) AS jaccard
                FROM overlap o JOIN agencies a USING (agency_id)
            """, [concepts, self.me.agency_id, self.me.province])
        finally:
            self.con.unregister("_mine")
        similar["tier"] = [adapt.peer_tier(self.me.agency_type, t) for t in similar["agency_type"]]
        return similar.sort_values(["tier", "jaccard", "same_province", "name", "agency_id"],
                                   ascending=[True, False, False, True, True], kind="stable").reset_index(drop=True)

    @staticmethod
    def _as_writer(agency_id, name, agency_type, province, district=None, variants=None) -> adapt.Agency:
        def text(v) -> str | None:
            return v if isinstance(v, str) and v else None

        listed = tuple(v for v in variants if text(v)) if isinstance(variants, (list, tuple, np.ndarray)) else ()
        return adapt.Agency(text(name) or "", text(agency_type), text(district), text(province), listed)

    def _writers(self, similar: pd.DataFrame) -> dict[str, tuple[adapt.Agency, int]]:
        """agency_id -> (the agency as `adapt` needs it, its peer tier)."""
        return {r.agency_id: (self._as_writer(r.agency_id, r.name, r.agency_type, r.province, r.district,
                                              r.name_variants), int(r.tier)) for r in similar.itertuples()}

    def _library(self, concepts: list[str], similar: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Per concept: the library rows of its `n_peers` most comparable agencies, each with its
        cluster's agency count and score movements, and its source document. A peer of another kind
        (a department for a tambon: tier 3) is used for a concept only when no other peer wrote it.

        See `warehouse.library` for the clusters' `agencies`, `rose` and `fell`.
        """
        rank = dict(zip(similar["agency_id"], range(len(similar))))
        self.con.register("_rank", pd.DataFrame({"agency_id": list(rank), "rank": list(rank.values())},
                                                 columns=["agency_id", "rank"]).astype({"rank": "int64"}))
        try:
            rows = read_frame(self.con, """
                WITH pairs AS (SELECT DISTINCT concept_id, agency_id FROM measure_library
                               WHERE concept_id IN (SELECT unnest(?))),
                top AS (SELECT p.*, r.rank FROM pairs p JOIN _rank r USING (agency_id)
                        QUALIFY row_number() OVER (PARTITION BY p.concept_id ORDER BY r.rank) <= ?)
                SELECT l.*, t.rank, a.name AS agency_name, st.agencies, st.rose, st.fell
                FROM measure_library l JOIN top t USING (concept_id, agency_id)
                JOIN measure_clusters st USING (concept_id, kind, cluster_no) JOIN agencies a USING (agency_id)
                WHERE l.concept_id IN (SELECT unnest(?))
                ORDER BY l.concept_id, l.kind, l.cluster_no, t.rank, l.fiscal_year_be DESC, l.file_name
            """, [concepts, self.n_peers, concepts])
        finally:
            self.con.unregister("_rank")
        tiers = {a: t for a, (_, t) in self.writers.items()}
        rows["tier"] = rows["agency_id"].map(tiers).fillna(3).astype(int)
        out = {}
        for concept, g in rows.groupby("concept_id", sort=False):
            comparable = g[g["tier"] < 3]
            out[concept] = comparable if len(comparable) else g
        return out

    def _own_library(self, concepts: list[str]) -> dict[str, pd.DataFrame]:
        """Per kind: the agency's own library rows for `concepts` from its latest plan citing each."""
        if not self.me.agency_id:
            return {}
        rows = read_frame(self.con, """
            SELECT l.*, a.name AS agency_name, st.agencies, st.rose, st.fell
            FROM measure_library l JOIN measure_clusters st USING (concept_id, kind, cluster_no)
            JOIN agencies a USING (agency_id)
            WHERE l.agency_id = ? AND l.concept_id IN (SELECT unnest(?))
            QUALIFY l.fiscal_year_be IS NOT DISTINCT FROM max(l.fiscal_year_be) OVER (PARTITION BY l.concept_id)
            ORDER BY l.concept_id, l.kind, l.position, l.file_name""", [self.me.agency_id, concepts])
        return dict(tuple(rows.groupby("kind", sort=False)))

    # -- rows -------------------------------------------------------------------------------------

    def _row(self, item, library: dict[str, pd.DataFrame], own: dict[str, pd.DataFrame],
             evidence: Evidence | None) -> PlanRow:
        occ = library.get(item.concept_id, pd.DataFrame(columns=["kind"]))
        mine = {k: g[g["concept_id"] == item.concept_id] for k, g in own.items()}
        empty = pd.DataFrame(columns=["kind", "concept_id"])
        issue_no, issue_title = self._issue(item.concept_id, item.indicator_no)
        steps = self._steps(occ[occ["kind"] == "step"], mine.get("step", empty), evidence)
        finding = self._finding(occ[occ["kind"] == "finding"], mine.get("finding", empty), evidence, item.reason)
        unit = self._unit(occ[occ["kind"] == "unit"], mine.get("unit", empty))
        return PlanRow(issue_no, issue_title, int(item.ita_year_be), item.code, item.text, item.reason,
                       finding, steps, unit)

    def _finding(self, peers: pd.DataFrame, mine: pd.DataFrame, evidence: Evidence | None,
                 reason: str) -> Suggestion:
        """The agency's own score and analysis' words; else its earlier finding; else a peer's, flagged."""
        if evidence is not None and evidence.finding():
            return Suggestion("finding", evidence.finding(), 1, sources=self._own_source(evidence), origin="own")
        if len(mine):
            return self._suggestion(_first_cluster(mine), origin="own")
        borrowed = self._suggestions(peers, 1, by_peers=True)
        if borrowed:
            b = borrowed[0]
            return Suggestion(b.kind, b.text, b.agencies, b.rose, b.fell, b.sources, b.origin, b.original, b.changes,
                              (*b.flags, adapt.FLAG_FINDING))
        return Suggestion("finding", reason, 0, origin="none")

    def _steps(self, peers: pd.DataFrame, mine: pd.DataFrame, evidence: Evidence | None) -> tuple[Suggestion, ...]:
        """The analysis' advice, then the agency's own earlier steps, then peers' up to MAX_STEPS,
        a near-duplicate of a step already chosen skipped."""
        chosen: list[Suggestion] = []
        if evidence is not None and evidence.advice:
            chosen.append(Suggestion("step", evidence.advice, 1, sources=self._own_source(evidence), origin="own"))
        if len(mine):  # in the order the agency wrote them
            chosen += [self._suggestion(g, origin="own") for _, g in mine.groupby("cluster_no", sort=False)]
        chosen = _distinct(chosen)[:MAX_STEPS]
        if len(chosen) < MAX_STEPS:
            borrowed = _distinct(chosen + list(self._suggestions(peers, MAX_STEPS + len(chosen))))[len(chosen):]
            chosen += borrowed[: MAX_STEPS - len(chosen)]
        return tuple(chosen) or (Suggestion("step", NO_STEP, 0, origin="none"),)

    def _unit(self, peers: pd.DataFrame, mine: pd.DataFrame) -> Suggestion:
        if len(mine):
            return self._suggestion(_first_cluster(mine), origin="own")
        units = self._suggestions(peers, 1, by_peers=True)
        return units[0] if units else Suggestion("unit", UNKNOWN_UNIT, 0, origin="none")

    def _own_source(self, evidence: Evidence) -> tuple[Source, ...]:
        if evidence.doc_id is None:
            return ()
        return (Source(self.me.agency_id, self.me.name, evidence.doc_id, evidence.file_name or "", None,
                       evidence.ita_year_be + 1),)

    def _suggestions(self, occ: pd.DataFrame, limit: int, by_peers: bool = False) -> tuple[Suggestion, ...]:
        """The best `limit` clusters among the peers' occurrences.

        Steps rank by votes (agencies that wrote them + rose - fell) and are then put in the order
        peers write them (median position in their rows), since steps run in sequence; findings and
        units rank by how many of the peers wrote them, as they describe the peers' own situation.
        """
        if occ.empty:
            return ()
        ranked = []
        for cluster, g in occ.groupby("cluster_no", sort=True):
            first = g.iloc[0]
            votes = g["agency_id"].nunique() if by_peers else int(first["agencies"] + first["rose"] - first["fell"])
            ranked.append(((-votes, -int(first["agencies"]), int(cluster)), g))
        chosen = [g for _, g in sorted(ranked, key=lambda t: t[0])[:limit]]
        if not by_peers:
            chosen.sort(key=lambda g: g["position"].median())  # a stable sort: rank breaks ties
        return tuple(self._suggestion(g) for g in chosen)

    def _suggestion(self, g: pd.DataFrame, origin: str = "peer") -> Suggestion:
        """A cluster's wording adapted from the occurrence that prints it (its writer and fiscal year)."""
        first = g.iloc[0]
        docs = g.drop_duplicates(["agency_id", "doc_id"])
        sources = tuple(Source(agency, name, doc, file, None if pd.isna(page) else int(page),
                               None if pd.isna(year) else int(year))
                        for agency, name, doc, file, page, year in zip(
                            docs["agency_id"], docs["agency_name"], docs["doc_id"], docs["file_name"],
                            docs["page"], docs["fiscal_year_be"]))
        writer, year = self._writer(first)
        if first["kind"] == "unit":
            done = self.adapter.unit(first["cluster_text"], self.own_units)
        else:
            done = self.adapter.adapt(first["cluster_text"], writer, year)
        flags = done.flags + self._other_names(done.text, origin)
        if origin == "peer" and "tier" in g and (g["tier"] == 3).all():  # no comparable peer wrote it
            types = ", ".join(sorted({self.writers[a][0].agency_type or "?" for a in g["agency_id"]}))
            flags += (adapt.FLAG_OTHER_TYPE.format(type=types),)
        return Suggestion(first["kind"], done.text, int(first["agencies"]), int(first["rose"]), int(first["fell"]),
                          sources, origin, done.original, done.changes, flags)

    def _writer(self, occ) -> tuple[adapt.Agency | None, int | None]:
        """Who printed a cluster's wording (None: this agency) and in which fiscal year. The wording
        is the one most agencies in the warehouse wrote, so its writer may be no near peer."""
        found = self.con.execute("""
            SELECT agency_id, fiscal_year_be FROM measure_library
            WHERE concept_id = ? AND kind = ? AND cluster_no = ? AND replace(text, ' ', '') = replace(?, ' ', '')
            ORDER BY agency_id = ? DESC, fiscal_year_be DESC NULLS LAST, agency_id LIMIT 1""",
            [occ["concept_id"], occ["kind"], int(occ["cluster_no"]), occ["cluster_text"],
             self.me.agency_id]).fetchall()
        agency_id, year = found[0] if found else (occ["agency_id"], occ["fiscal_year_be"])
        year = None if year is None or pd.isna(year) else int(year)
        return (None if agency_id == self.me.agency_id else self.writers[agency_id][0]), year

    def _other_names(self, text: str, origin: str) -> tuple[str, ...]:
        """A flag for each agency a borrowed text still names (a third party the writer mentioned)."""
        if origin != "peer":
            return ()
        named = [w.name for w, _ in self.writers.values() if w.name and w.name in text and w.name not in self.me.name]
        return tuple(adapt.FLAG_NAME.format(name=n) for n in named)

    def _issue(self, concept_id: str, indicator_no) -> tuple[int, str]:
        return _issue_of(self.catalog, concept_id, None if pd.isna(indicator_no) else int(indicator_no),
                         self._filed_issues())

    def _filed_issues(self) -> dict[str, int]:
        """Per concept, the issue agencies' plans file it under most often (lowest issue on a tie)."""
        if not hasattr(self, "_filed"):
            filed = read_frame(self.con, """
                SELECT concept_id, issue_no, count(DISTINCT agency_id) AS n FROM measure_library
                WHERE issue_no BETWEEN 1 AND 7 GROUP BY concept_id, issue_no
                QUALIFY row_number() OVER (PARTITION BY concept_id ORDER BY n DESC, issue_no) = 1""")
            self._filed = dict(zip(filed["concept_id"], filed["issue_no"].astype(int)))
        return self._filed


def _first_cluster(occ: pd.DataFrame) -> pd.DataFrame:
    """The occurrences of the cluster the first row belongs to (every document printing it)."""
    return occ[occ["cluster_no"] == occ["cluster_no"].iloc[0]]


def _distinct(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The suggestions without near-duplicates of an earlier one (the library's SIMILARITY)."""
    kept: list[Suggestion] = []
    for s in suggestions:
        key = text_key(s.text)
        if all(fuzz.ratio(key, text_key(k.text)) < SIMILARITY for k in kept):
            kept.append(s)
    return kept


def _split_codes(weak: str) -> list[str]:
    """"e12,i19" / "E 12; i 19" / "e12 i19" -> the printed codes, one each."""
    codes = []
    for piece in filter(None, (p.strip() for p in re.split(r"[,;]", weak))):
        codes += [piece] if normalize_code(piece) or " " not in piece else piece.split()
    return codes


def _code_ranges(codes) -> str:
    """"i1-i30, e1-e15, o1-o4, o8-o26": a year's items, short enough for an error message."""
    runs: list[str] = []
    for tool in "ieo":
        numbers = sorted(int(c[1:]) for c in codes if c[0] == tool)
        for start, *rest in _runs(numbers):
            runs.append(f"{tool}{start}" + (f"-{tool}{rest[-1]}" if rest else ""))
    return ", ".join(runs)


def _runs(numbers: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in numbers:
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


@lru_cache(maxsize=1)
def _issues_of_codes() -> tuple[dict[str, tuple[int, ...]], dict[int, str]]:
    """ITA 2566 code -> the issues a real plan files it under; issue number -> title."""
    issues = load_issues()
    of_code: dict[str, tuple[int, ...]] = {}
    for number, codes in zip(issues["issue_no"], issues["codes_2566"]):
        for code in codes:
            of_code[code] = of_code.get(code, ()) + (int(number),)
    return of_code, dict(zip(issues["issue_no"].astype(int), issues["title"]))


def _issue_of(catalog: pd.DataFrame, concept_id: str, indicator_no: int | None,
              filed: dict[str, int]) -> tuple[int, str]:
    """The ประเด็น an item goes under: its 2566 code's issue in the real plan the catalog records
    (the one agencies file it under most often when it sits under two), else where agencies file it,
    else the issue most items of its indicator belong to."""
    of_code, titles = _issues_of_codes()
    codes_2566 = catalog[(catalog["concept_id"] == concept_id) & catalog["ita_year_be"].isin([2566, 2567])]["code"]
    listed = sorted({n for c in codes_2566 for n in of_code.get(c, ())})
    if listed:
        issue = filed.get(concept_id) if filed.get(concept_id) in listed else listed[0]
    elif concept_id in filed:
        issue = filed[concept_id]
    else:
        same = catalog[(catalog["ita_year_be"] == 2566) & (catalog["indicator_no"] == indicator_no)]["code"]
        votes = pd.Series([of_code[c][0] for c in same if c in of_code], dtype="int64")
        issue = int(votes.mode().min()) if len(votes) else 7
    return issue, titles[issue]
