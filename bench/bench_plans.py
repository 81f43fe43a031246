"""Plan quality, leave-one-out: would `ita plan` have drafted what an agency really wrote?

For every agency with both a plan for fiscal year FY (citing its items) and the analysis of ITA FY-1
it answers, the plan is removed from a copy of the warehouse and drafted again from the agency's
weak items; the draft is compared with the plan the agency wrote:

* item recall: the share of the plan's cited items (as catalog concepts) that the draft has;
* step similarity: per real step, the best rapidfuzz ratio against the draft's steps for the same
  item, on the comparison form (`corpus.catalog.text_key`: no spaces, Arabic digits), averaged; beside
  it a baseline that copies the most common peer steps of each item unchanged;
* leaks: a draft cell naming another agency of the warehouse (full name, อบต.X short form or bare
  place name), an official, unit or document of another agency type (นายกเทศมนตรี in a tambon's
  plan), or a Buddhist-era year outside the plan's fiscal year;
* empty rows: a row whose finding or steps are the "(โปรดระบุ…)" placeholder although some source
  (the agency's own analysis or scores, or a peer's plan) has one.

The documents: `bench.plan_corpus` (13 agencies of every local type and one department, generated),
and the bundled samples, none of which has both a plan and its analysis, so on them only leaks are
counted, for a plan drafted for each sample agency and for two agencies the warehouse does not know.
Officials and units are judged with the generated corpus' vocabulary, which the drafter never sees.
"""
from __future__ import annotations

import re
import shutil
from collections import Counter
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rapidfuzz import fuzz

from bench.plan_corpus import ITA_YEAR, KINDS, write
from corpus.catalog import text_key
from pipeline.ingest import ingest
from warehouse.plans import MAX_STEPS, PlanError, draft_plan

ROOT = Path(__file__).resolve().parent.parent
_YEAR = re.compile(r"(?<![0-9๐-๙])(?:25|๒๕)[0-9๐-๙]{2}(?![0-9๐-๙])")
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PLACEHOLDER = "(โปรดระบุ"


@dataclass
class Result:
    agencies: int = 0
    rows: int = 0
    recall: list[float] = field(default_factory=list)
    similarity: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    empty_findings: int = 0
    empty_steps: int = 0

    def leak_kinds(self) -> str:
        kinds = Counter(leak.split(": ", 1)[1].split()[0] for leak in self.leaks)
        return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none"

    def line(self, name: str) -> str:
        def mean(xs: list[float]) -> str:
            return f"{sum(xs) / len(xs):.3f}" if xs else "-"
        return (f"{name:<10} {self.agencies:>8} {self.rows:>5} {mean(self.recall):>7} {mean(self.similarity):>8} "
                f"{mean(self.baseline):>9} {len(self.leaks):>6} {self.empty_findings:>9} {self.empty_steps:>7} "
                f"{len(self.refused):>7}")


HEADER = (f"{'corpus':<10} {'agencies':>8} {'rows':>5} {'recall':>7} {'step sim':>8} {'baseline':>9} {'leaks':>6} "
          f"{'no finding':>9} {'no step':>7} {'refused':>7}")


# ------------------------------------------------------------------------------------------ leaks

def _vocabulary(kind_name: str) -> list[str]:
    k = KINDS[kind_name]
    words = [k.head, k.palad, k.office, k.staff, k.law]
    words += [k.full, k.short] if kind_name != "กรม" else ["ของกรม"]
    if kind_name.startswith("เทศบาล"):
        words.append("เทศบาล")
    return words


def _kind_of(agency_type: str | None) -> str:
    return agency_type if agency_type in KINDS else "กรม"


def leaks_in(text: str, me: tuple[str, str | None], others: Iterable[tuple[str, str | None]], fy: int) -> list[str]:
    """What in `text` belongs to another agency, another agency type, or another fiscal year."""
    found = []
    my_name, my_type = me
    for name, agency_type in others:
        place = name.removeprefix(agency_type or "") if agency_type else name
        forms = {name, place if len(place) >= 4 else name}
        if agency_type in KINDS:
            forms |= {KINDS[agency_type].short + place, KINDS[agency_type].short + " " + place}
        for form in forms:
            if form and form in text and form not in my_name:
                found.append(f"name {form}")
    mine = _vocabulary(_kind_of(my_type))
    covered = [(m.start(), m.end()) for w in mine for m in re.finditer(re.escape(w), text)]
    for kind_name in KINDS:
        for word in set(_vocabulary(kind_name)) - set(mine):
            for m in re.finditer(re.escape(word), text):
                if not any(a <= m.start() and m.end() <= b for a, b in covered):
                    found.append(f"type {word}")
    for m in _YEAR.finditer(text):
        if int(m.group().translate(_ARABIC)) not in (fy - 1, fy):
            found.append(f"year {m.group()}")
    return found


def plan_cells(plan) -> list[tuple[str, str]]:
    """(code, text) of every cell a person reads: finding, steps, unit."""
    return [(r.code, t) for r in plan.rows for t in (r.finding.text, *(s.text for s in r.steps), r.responsible.text)]


# ------------------------------------------------------------------------------------------ leave-one-out

def _agencies(con) -> list[tuple[str, str, str | None]]:
    return con.execute("SELECT agency_id, name, agency_type FROM agencies ORDER BY name").fetchall()


def _remove(db: Path, doc_ids: list[str]) -> None:
    """Delete documents and everything extracted from them (every table with a doc_id column)."""
    con = duckdb.connect(str(db))
    try:
        tables = [t for (t,) in con.execute("""SELECT table_name FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.column_name = 'doc_id' AND t.table_type = 'BASE TABLE'""").fetchall()]
        for table in sorted(tables, key=lambda t: t == "documents"):  # documents last
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [doc_ids])
    finally:
        con.close()


def _real_plan(con, agency_id: str, fy: int) -> tuple[list[str], dict[str, list[str]]]:
    """Documents of the agency's plan of `fy`, and its steps per cited concept."""
    rows = con.execute("""
        SELECT m.doc_id, c.concept_id, m.steps FROM measures m JOIN documents d ON d.doc_id = m.doc_id
        JOIN measure_questions q USING (measure_id)
        JOIN catalog_questions c ON c.ita_year_be = q.catalog_year_be AND c.code = q.catalog_code
        WHERE d.agency_id = ? AND d.doc_type = 'measures' AND d.fiscal_year_be = ?""", [agency_id, fy]).fetchall()
    steps: dict[str, list[str]] = {}
    for _, concept, s in rows:
        steps.setdefault(concept, [])
        steps[concept] += [x for x in (s or []) if x not in steps[concept]]
    docs = sorted({d for d, _, _ in rows} | {d for (d,) in con.execute(
        "SELECT doc_id FROM documents WHERE agency_id = ? AND doc_type = 'measures' AND fiscal_year_be = ?",
        [agency_id, fy]).fetchall()})
    return docs, steps


def _concepts(con, year: int) -> dict[str, str]:
    return dict(con.execute("SELECT code, concept_id FROM catalog_questions WHERE ita_year_be = ?", [year]).fetchall())


def _best(step: str, candidates: list[str]) -> float:
    key = text_key(step)
    return max((fuzz.ratio(key, text_key(c)) / 100 for c in candidates), default=0.0)


def _baseline(con, agency_id: str, concept: str) -> list[str]:
    """The most common peer steps of the item, unchanged (the copy-most-common baseline)."""
    return [t for (t,) in con.execute("""
        SELECT any_value(l.cluster_text) FROM measure_library l WHERE l.concept_id = ? AND l.kind = 'step'
          AND l.agency_id <> ? GROUP BY l.cluster_no
        ORDER BY count(DISTINCT l.agency_id) DESC, l.cluster_no LIMIT ?""", [concept, agency_id, MAX_STEPS]).fetchall()]


def _sources(con, agency_id: str, concept: str, year: int) -> tuple[bool, bool]:
    """Whether anything in the warehouse could fill the row's finding, and its steps."""
    peer = dict(con.execute("SELECT kind, count(*) FROM measure_library WHERE concept_id = ? GROUP BY kind",
                            [concept]).fetchall())
    own = con.execute("""
        SELECT count(*) FILTER (WHERE w.recommendation LIKE '%ควร%'), count(*) FROM weak_questions w
        JOIN documents d USING (doc_id) JOIN catalog_questions c ON c.ita_year_be = d.ita_year_be
          AND c.code = w.catalog_code
        WHERE d.agency_id = ? AND c.concept_id = ?""", [agency_id, concept]).fetchone()
    return bool(peer.get("finding") or own[1]), bool(peer.get("step") or own[0])


def leave_one_out(db: Path, fy: int, result: Result, only: set[str] | None = None) -> None:
    """Every agency (or the names in `only`) with an analysis of ITA fy-1 and a plan of `fy`."""
    with duckdb.connect(str(db), read_only=True) as con:
        agencies = _agencies(con)
        candidates = [a for a in agencies if con.execute(
            "SELECT count(*) FROM documents WHERE agency_id = ? AND doc_type = 'analysis' AND ita_year_be = ?",
            [a[0], fy - 1]).fetchone()[0] and (only is None or a[1] in only)]
    with tempfile.TemporaryDirectory() as tmp:
        for agency_id, name, agency_type in candidates:
            copy = Path(tmp) / "loo.duckdb"
            shutil.copy(db, copy)
            with duckdb.connect(str(copy), read_only=True) as con:
                docs, real = _real_plan(con, agency_id, fy)
            if not real:
                continue
            _remove(copy, docs)
            plan = draft_plan(copy, agency_id, fiscal_year=fy)
            with duckdb.connect(str(copy), read_only=True) as con:
                concepts = _concepts(con, fy - 1)
                drafted = {concepts.get(r.code, r.code): r for r in plan.rows}
                result.agencies += 1
                result.rows += len(plan.rows)
                result.recall.append(sum(c in drafted for c in real) / len(real))
                for concept, steps in real.items():
                    row = drafted.get(concept)
                    draft_steps = [s.text for s in row.steps] if row else []
                    base = _baseline(con, agency_id, concept)
                    result.similarity += [_best(s, draft_steps) for s in steps]
                    result.baseline += [_best(s, base) for s in steps]
                for concept, row in drafted.items():
                    has_finding, has_step = _sources(con, agency_id, concept, fy - 1)
                    no_finding = row.finding.text == row.reason or row.finding.text.startswith(PLACEHOLDER)
                    result.empty_findings += has_finding and no_finding
                    result.empty_steps += has_step and row.steps[0].text.startswith(PLACEHOLDER)
            others = [(n, t) for a, n, t in agencies if a != agency_id]
            result.leaks += [f"{name} {code}: {leak}" for code, text in plan_cells(plan)
                             for leak in leaks_in(text, (name, agency_type), others, fy)]
            copy.unlink()


def sample_leaks(db: Path, result: Result) -> None:
    """Leaks in a plan drafted for every sample agency, and for two agencies the warehouse lacks."""
    with duckdb.connect(str(db), read_only=True) as con:
        agencies = _agencies(con)
        cited = {a for (a,) in con.execute("""SELECT DISTINCT agency_id FROM v_agency_weaknesses
                                             WHERE agency_id IS NOT NULL""").fetchall()}
    cases = [(a, n, t, None) for a, n, t in agencies if a in cited]  # a report citing no item has no plan
    cases += [("อบต.บ้านใหม่", "องค์การบริหารส่วนตำบลบ้านใหม่", "องค์การบริหารส่วนตำบล", "o10,o24"),
              ("เทศบาลเมืองท่าน้ำใหม่", "เทศบาลเมืองท่าน้ำใหม่", "เทศบาลเมือง", "e12,o11,o24")]
    for key, name, agency_type, weak in cases:
        try:
            plan = draft_plan(db, key, weak=weak)
        except PlanError as exc:
            result.refused.append(f"{name}: {exc}")
            continue
        result.agencies += 1
        result.rows += len(plan.rows)
        others = [(n, t) for a, n, t in agencies if n != name]
        result.leaks += [f"{name} {code}: {leak}" for code, text in plan_cells(plan)
                         for leak in leaks_in(text, (name, agency_type), others, plan.fiscal_year_be)]
        with duckdb.connect(str(db), read_only=True) as con:
            for row in plan.rows:
                concept = _concepts(con, row.catalog_year_be).get(row.code, row.code)
                has_finding, has_step = _sources(con, key, concept, row.catalog_year_be)
                result.empty_steps += has_step and row.steps[0].text.startswith(PLACEHOLDER)
                result.empty_findings += has_finding and (row.finding.text == row.reason
                                                          or row.finding.text.startswith(PLACEHOLDER))


def bench_plans(show: int = 8) -> dict[str, Result]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "generated.duckdb"
        ingest([str(p) for p in write(Path(tmp) / "docs")], generated, workers=2)
        results["generated"] = Result()
        leave_one_out(generated, ITA_YEAR + 1, results["generated"])
        samples = Path(tmp) / "samples.duckdb"
        ingest([str(ROOT / "corpus" / "samples" / "pdf")], samples, workers=2)
        results["samples"] = Result()
        sample_leaks(samples, results["samples"])
    print("plan quality (leave-one-out on generated agencies; leaks only on the samples)")
    print(HEADER)
    for name, result in results.items():
        print(result.line(name))
        print(f"    leaks by kind: {result.leak_kinds()}")
        for leak in result.leaks[:show]:
            print(f"    leak: {leak}")
        for refusal in result.refused:
            print(f"    refused: {refusal}")
    return results


if __name__ == "__main__":
    bench_plans()
