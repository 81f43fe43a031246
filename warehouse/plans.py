"""Drafting an agency's integrity measures plan (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน) from peers.

Officers write next year's plan by copying what other agencies wrote for the same weak ITA
questions. `draft_plan` does that copying with evidence: for each weak item it takes the steps
peers wrote (the measure library's clusters, so a step copied by 40 agencies counts 40 times, not
once per spelling), prefers steps after which those agencies' score on the item's indicator rose,
and cites every suggestion's source agencies and documents, so an officer can check and edit it.

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
import pandas as pd
from pythainlp.util.date import thai_full_months

from corpus.catalog import load_issues, year_items
from extractors.documents import find_agency
from extractors.normalize import fiscal_year_range, normalize_code
from warehouse.library import ensure_library, is_fresh
from warehouse.queries import AgencyRef, QueryError, UnknownAgency, _df, _open, resolve_agency

PASS_SCORE = 85.0  # the NACC pass line: an indicator below it needs measures
ITEMS_PER_WEAK_INDICATOR = 2  # items added for an indicator below the pass line, most cited first
MAX_STEPS = 3  # steps suggested per item: real plans list two to four
TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
HEADERS = ("ประเด็น", "ข้อคำถาม ITA", "ข้อค้นพบ", "ขั้นตอน/วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "หน่วยงานผู้รับผิดชอบ")
SOURCES_TITLE = "ที่มา"
UNKNOWN_UNIT = "(โปรดระบุ)"


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
    """One step, finding or unit, with how many agencies wrote it and what their scores did next."""

    kind: str  # step | finding | unit | own
    text: str
    agencies: int  # agencies in the warehouse that wrote this (near-duplicates clustered)
    rose: int = 0  # of those, agencies whose indicator score rose by their next assessment
    fell: int = 0
    sources: tuple[Source, ...] = ()


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

    def write(self, path: str | Path) -> Path:
        """Write the plan as .xlsx, .docx, .md, .html or .csv, by the file's extension."""
        from warehouse.plan_writers import write_plan

        return write_plan(self, Path(path))


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
    con = _open(db)
    try:
        if not is_fresh(con):  # documents changed: rebuild the library with a short write, then read again
            con.close()
            ensure_library(db)
            con = _open(db)
        return _Drafter(con, agency, fiscal_year, weak, peers).plan()
    finally:
        con.close()


class _Drafter:
    """The steps of one draft, sharing one read-only connection and the catalog."""

    def __init__(self, con: duckdb.DuckDBPyConnection, agency: str, fiscal_year: int | None, weak: str | None,
                 peers: int) -> None:
        self.con, self.fiscal_year, self.weak, self.n_peers = con, fiscal_year, weak, peers
        self.catalog = _df(con, "SELECT ita_year_be, tool, indicator_no, code, text, concept_id FROM catalog_questions")
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
        library = self._library(concepts, similar)
        rows = [self._row(item, library, year) for item in items.itertuples()]
        rows.sort(key=lambda r: (r.issue_no, "ieo".index(r.code[0]), int(r.code[1:])))
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
        mine = _df(self.con, "SELECT max(ita_year_be) AS y FROM v_agency_years WHERE agency_id = ?",
                   [self.me.agency_id])["y"].iloc[0]
        if pd.isna(mine):
            mine = _df(self.con, "SELECT max(ita_year_be) AS y FROM v_agency_years")["y"].iloc[0]
        if pd.isna(mine):
            raise PlanError("the warehouse has no dated documents: give the fiscal year with --year")
        return int(mine)

    def _given(self, weak: str, year: int) -> pd.DataFrame:
        available = self._items_of(year)
        rows = []
        for raw in _split_codes(weak):
            code = normalize_code(raw)
            hit = available[available["code"] == code]
            if hit.empty:
                codes = _code_ranges(available["code"])
                raise PlanError(f"{raw!r} is not an item of ITA {year} (the year a plan for fiscal year {year + 1} "
                                f"answers; --year picks another). Items of {year}: {codes or 'none in the catalog'}")
            rows.append({"ita_year_be": int(hit["ita_year_be"].iloc[0]), "code": code,
                         "reason": f"ระบุโดยผู้จัดทำ (ITA {year})"})
        if not rows:
            raise PlanError("--weak names no item: give codes such as e12,i19")
        return pd.DataFrame(rows).drop_duplicates("code")

    def _from_analysis(self) -> tuple[pd.DataFrame, str, int] | None:
        """Weak questions and indicators below the pass line of the agency's latest assessed year."""
        weak = _df(self.con, """SELECT ita_year_be AS year, catalog_year_be AS ita_year_be, code, indicator_no
                                FROM v_agency_weaknesses WHERE agency_key = ? AND in_analysis
                                AND catalog_year_be IS NOT NULL ORDER BY code""", [self.me.agency_id])
        low = _df(self.con, """SELECT ita_year_be AS year, indicator_no, score FROM v_agency_score_values
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
        counts = _df(self.con, "SELECT code, agencies AS n FROM item_agencies WHERE ita_year_be = ?", [year])
        items = items.merge(counts, on="code")  # only items some agency cites: others have no evidence
        if items.empty:
            self.notes.append(f"indicator {indicator} scored {score:.2f} but no agency cites its items: "
                              "add rows for it")
        items["order"] = items["code"].map(lambda c: ("ieo".index(c[0]), int(c[1:])))
        top = items.sort_values(["n", "order"], ascending=[False, True]).head(ITEMS_PER_WEAK_INDICATOR)
        return top[["ita_year_be", "code"]].assign(
            reason=f"ตัวชี้วัดที่ {indicator} ได้ {score:.2f} คะแนน ต่ำกว่า {PASS_SCORE:.0f} (ITA {year})")

    def _from_last_plan(self) -> tuple[pd.DataFrame, str, int] | None:
        last = _df(self.con, """
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
        """Every other agency with library entries for `concepts`, most similar to this agency first:
        same type, then Jaccard similarity of cited concepts (`agency_profiles`), then same province."""
        mine = _df(self.con, "SELECT concept FROM agency_profiles WHERE agency_key = ?", [self.me.agency_id])
        self.con.register("_mine", pd.DataFrame({"concept": sorted(set(mine["concept"]) or set(concepts))}))
        try:
            return _df(self.con, """
                WITH cand AS (SELECT DISTINCT agency_id FROM measure_library
                              WHERE concept_id IN (SELECT unnest(?)) AND agency_id <> ?),
                overlap AS (SELECT p.agency_key AS agency_id, count(m.concept) AS shared, count(*) AS n
                            FROM agency_profiles p LEFT JOIN _mine m USING (concept)
                            WHERE p.agency_key IN (SELECT agency_id FROM cand) GROUP BY 1)
                SELECT o.agency_id, a.agency_type IS NOT DISTINCT FROM ? AS same_type,
                       a.province IS NOT DISTINCT FROM ? AS same_province,
                       o.shared / (o.n + (SELECT count(*) FROM _mine) - o.shared) AS jaccard
                FROM overlap o JOIN agencies a USING (agency_id)
                ORDER BY same_type DESC, jaccard DESC, same_province DESC, a.name, o.agency_id
            """, [concepts, self.me.agency_id, self.me.agency_type, self.me.province])
        finally:
            self.con.unregister("_mine")

    def _library(self, concepts: list[str], similar: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Per concept: the library rows of its `n_peers` most similar agencies (this agency's own
        after them), each with its cluster's agency count and score movements, and its source document.

        See `warehouse.library` for the clusters' `agencies`, `rose` and `fell`.
        """
        rank = dict(zip(similar["agency_id"], range(len(similar))))
        if self.me.agency_id:  # its own earlier measures count only where fewer peers wrote any
            rank[self.me.agency_id] = len(rank)
        self.con.register("_rank", pd.DataFrame({"agency_id": list(rank), "rank": list(rank.values())}))
        try:
            return dict(tuple(_df(self.con, """
                WITH pairs AS (SELECT DISTINCT concept_id, agency_id FROM measure_library
                               WHERE concept_id IN (SELECT unnest(?))),
                top AS (SELECT p.*, r.rank FROM pairs p JOIN _rank r USING (agency_id)
                        QUALIFY row_number() OVER (PARTITION BY p.concept_id ORDER BY r.rank) <= ?)
                SELECT l.*, t.rank, a.name AS agency_name, st.agencies, st.rose, st.fell
                FROM measure_library l JOIN top t USING (concept_id, agency_id)
                JOIN measure_clusters st USING (concept_id, kind, cluster_no) JOIN agencies a USING (agency_id)
                WHERE l.concept_id IN (SELECT unnest(?))
                ORDER BY l.concept_id, l.kind, l.cluster_no, t.rank, l.fiscal_year_be DESC, l.file_name
            """, [concepts, self.n_peers, concepts]).groupby("concept_id", sort=False)))
        finally:
            self.con.unregister("_rank")

    # -- rows -------------------------------------------------------------------------------------

    def _row(self, item, library: dict[str, pd.DataFrame], year: int) -> PlanRow:
        occ = library.get(item.concept_id, pd.DataFrame(columns=["kind"]))
        issue_no, issue_title = self._issue(item.concept_id, item.indicator_no)
        steps = self._suggestions(occ[occ["kind"] == "step"], MAX_STEPS)
        if not steps:
            steps = (Suggestion("own", "(โปรดระบุขั้นตอน: ยังไม่มีหน่วยงานในคลังข้อมูลเขียนมาตรการสำหรับข้อนี้)", 0),)
        findings = self._suggestions(occ[occ["kind"] == "finding"], 1, by_peers=True)
        finding = findings[0] if findings else Suggestion("own", f"{item.reason}", 0)
        units = self._suggestions(occ[occ["kind"] == "unit"], 1, by_peers=True)
        unit = units[0] if units else Suggestion("own", UNKNOWN_UNIT, 0)
        return PlanRow(issue_no, issue_title, int(item.ita_year_be), item.code, item.text, item.reason,
                       finding, steps, unit)

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

    def _suggestion(self, g: pd.DataFrame) -> Suggestion:
        first = g.iloc[0]
        docs = g.drop_duplicates(["agency_id", "doc_id"])
        sources = tuple(Source(agency, name, doc, file, None if pd.isna(page) else int(page),
                               None if pd.isna(year) else int(year))
                        for agency, name, doc, file, page, year in zip(
                            docs["agency_id"], docs["agency_name"], docs["doc_id"], docs["file_name"],
                            docs["page"], docs["fiscal_year_be"]))
        names = set(g["agency_name"].dropna())
        return Suggestion(first["kind"], self._retarget(first["cluster_text"], names), int(first["agencies"]),
                          int(first["rose"]), int(first["fell"]), sources)

    def _retarget(self, text: str, names: set[str]) -> str:
        """A peer's own name in its wording becomes this agency's ("…ไลน์ทางการของ อบต.X")."""
        for name in sorted(names):
            if name and name != self.me.name:
                text = text.replace(name, self.me.name)
                if _place_name(name) != name:
                    text = text.replace(_place_name(name), _place_name(self.me.name))
        return text

    def _issue(self, concept_id: str, indicator_no) -> tuple[int, str]:
        return _issue_of(self.catalog, concept_id, None if pd.isna(indicator_no) else int(indicator_no),
                         self._filed_issues())

    def _filed_issues(self) -> dict[str, int]:
        """Per concept, the issue agencies' plans file it under most often (lowest issue on a tie)."""
        if not hasattr(self, "_filed"):
            filed = _df(self.con, """
                SELECT concept_id, issue_no, count(DISTINCT agency_id) AS n FROM measure_library
                WHERE issue_no BETWEEN 1 AND 7 GROUP BY concept_id, issue_no
                QUALIFY row_number() OVER (PARTITION BY concept_id ORDER BY n DESC, issue_no) = 1""")
            self._filed = dict(zip(filed["concept_id"], filed["issue_no"].astype(int)))
        return self._filed


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


_LOCAL_TYPES = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร")


def _place_name(name: str) -> str:
    """"หนองตะเคียนงาม" of "องค์การบริหารส่วนตำบลหนองตะเคียนงาม": what "อบต.X" abbreviations keep."""
    return next((name.removeprefix(t) for t in _LOCAL_TYPES if name.startswith(t) and len(name) > len(t)), name)


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
