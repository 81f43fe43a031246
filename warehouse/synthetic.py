"""A synthetic many-agency warehouse, generated from the catalog by simple arithmetic rules.

Real warehouses of thousands of agencies cannot ship with the project, yet analytics need them:
tests need known answers (how many agencies cite an item, an agency's percentile among its peers,
which steps a plan picks) and the benchmark needs size. The rules below make every answer
computable by hand, independently of the SQL under test. For agency k (0-based) and year index t:

* type `TYPES[k % 3]`, province `PROVINCES[(k // 3) % len(PROVINCES)]`, name `<type>ทดสอบ<k>`;
* item j (one of `ITEMS` concepts, carried to each year's code) is cited by its plan of ITA year
  `years[t]` iff (k + t) % (j % 4 + 2) == 0; its analysis names the first of them as weak;
* steps: k % 4 in (0, 1) -> STEPS_A, 2 -> STEPS_B, 3 -> [STEPS_A[0], STEP_C]; odd k write the
  first step of STEPS_A with one word changed (a near-duplicate);
* finding: FINDINGS[0] when k % 3 != 2 else FINDINGS[1]; unit: "กองคลัง" when k % 3 == 0 else "สำนักปลัด";
* indicator i's score: 60 + (7k + 13i + 11t) % 40; tools the mean of their indicators; overall
  0.3 IIT + 0.3 EIT + 0.4 OIT, graded with the year's bands.

Rows go in as DataFrames, in bulk, into a real warehouse file opened with `warehouse.load.connect`.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from corpus.catalog import grade_for, load_catalog, year_items
from warehouse.load import connect

TYPES = ("องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง")
PROVINCES = ("ขอนแก่น", "เชียงใหม่", "นครราชสีมา", "สงขลา", "อุดรธานี", "ลำปาง", "ชลบุรี")
YEARS = (2565, 2566, 2567)
N_ITEMS = 16
STEPS_A = ("ทบทวนขั้นตอนการปฏิบัติงานและจัดทำคู่มือให้เป็นปัจจุบัน",
           "ประชาสัมพันธ์ขั้นตอนและช่องทางให้ประชาชนทราบผ่านเว็บไซต์และเพจเฟซบุ๊ก")
STEP_A0_VARIANT = "ทบทวนขั้นตอนการปฏิบัติงานและปรับปรุงคู่มือให้เป็นปัจจุบัน"
STEPS_B = ("แต่งตั้งคณะทำงานติดตามผลการดำเนินงานทุกไตรมาส",
           "รายงานผลการดำเนินงานต่อผู้บริหารและเผยแพร่บนเว็บไซต์ของหน่วยงาน")
STEP_C = "จัดอบรมให้ความรู้แก่บุคลากรเกี่ยวกับแนวปฏิบัติที่ถูกต้อง"
FINDINGS = ("ผู้รับบริการบางส่วนยังไม่ทราบขั้นตอนและระยะเวลาการให้บริการ",
            "บุคลากรบางส่วนยังไม่เข้าใจแนวปฏิบัติในเรื่องนี้")
TOOL_INDICATORS = {"IIT": range(1, 6), "EIT": range(6, 9), "OIT": range(9, 11)}


def items() -> list[str]:
    """The concepts the synthetic plans cite: ones every year 2565-2567 has, IIT and OIT mixed."""
    catalog = load_catalog()
    common = set.intersection(*(set(year_items(catalog, y)["concept_id"]) for y in YEARS))
    return sorted(common)[::3][:N_ITEMS]


def agency_id(k: int) -> str:
    return f"syn{k:05d}"


def agency_name(k: int) -> str:
    return f"{TYPES[k % 3]}ทดสอบ{k:05d}"


def cites(k: int, t: int, j: int) -> bool:
    return (k + t) % (j % 4 + 2) == 0


def steps_of(k: int) -> list[str]:
    first = STEP_A0_VARIANT if k % 2 else STEPS_A[0]
    return {0: [first, STEPS_A[1]], 1: [first, STEPS_A[1]], 2: list(STEPS_B), 3: [first, STEP_C]}[k % 4]


def unit_of(k: int) -> str:
    return "กองคลัง" if k % 3 == 0 else "สำนักปลัด"


def indicator_score(k: int, i: int, t: int) -> float:
    return float(60 + (7 * k + 13 * i + 11 * t) % 40)


def build(path: str | Path, n_agencies: int, years: tuple[int, ...] = YEARS) -> Path:
    """Create the warehouse at `path` (replacing it) with `n_agencies` agencies over `years`."""
    path = Path(path)
    path.unlink(missing_ok=True)
    catalog = load_catalog()
    concepts = items()
    per_year = {y: year_items(catalog, y).set_index("concept_id") for y in years}
    agencies = pd.DataFrame({
        "agency_id": [agency_id(k) for k in range(n_agencies)],
        "name": [agency_name(k) for k in range(n_agencies)],
        "agency_type": [TYPES[k % 3] for k in range(n_agencies)],
        "district": None,
        "province": [PROVINCES[(k // 3) % len(PROVINCES)] for k in range(n_agencies)],
    })
    docs, measures, questions, scores, weak = [], [], [], [], []
    stamp = datetime(2025, 1, 1)
    for t, year in enumerate(years):
        table = per_year[year]
        for k in range(n_agencies):
            plan, analysis = f"plan-{year}-{k:05d}", f"analysis-{year}-{k:05d}"
            for doc_id, kind in ((plan, "measures"), (analysis, "analysis")):
                docs.append((doc_id, f"{doc_id}.pdf", f"{doc_id}.pdf", kind, agency_id(k), year + 1, year, 3,
                             "pdf", "ok", None, "synthetic", stamp, [], 0.0))
            cited = [j for j in range(len(concepts)) if cites(k, t, j)]
            for row_no, j in enumerate(cited, start=1):
                item = table.loc[concepts[j]]
                mid = f"{plan}:{row_no}"
                measures.append((mid, plan, row_no, item["tool"], None, None, None,
                                 FINDINGS[0] if k % 3 != 2 else FINDINGS[1], steps_of(k), None, None, None,
                                 [unit_of(k)], None, None, 1 + row_no // 4, 1 + row_no // 4, 1))
                questions.append((mid, plan, 1, item["code"], item["code"], item["text"], item["code"],
                                  int(item["ita_year_be"]), 100.0, False, "synthetic"))
            if cited:
                item = table.loc[concepts[cited[0]]]
                weak.append((analysis, item["code"], item["text"], item["code"], None))
            ind = {i: indicator_score(k, i, t) for i in range(1, 11)}
            tools = {tool: sum(ind[i] for i in r) / len(r) for tool, r in TOOL_INDICATORS.items()}
            overall = round(0.3 * tools["IIT"] + 0.3 * tools["EIT"] + 0.4 * tools["OIT"], 2)
            scores += [(analysis, year, "indicator", i, s, None) for i, s in ind.items()]
            scores += [(analysis, year, tool, None, round(s, 2), None) for tool, s in tools.items()]
            scores.append((analysis, year, "overall", None, overall, grade_for(year, overall)))
    con = connect(path)
    try:
        _insert(con, "agencies", agencies)
        _insert(con, "documents", pd.DataFrame(docs, columns=[
            "doc_id", "path", "file_name", "doc_type", "agency_id", "fiscal_year_be", "ita_year_be", "n_pages",
            "text_source", "status", "error", "extractor_version", "ingested_at", "warnings", "seconds"]))
        _insert(con, "measures", pd.DataFrame(measures, columns=[
            "measure_id", "doc_id", "row_no", "section", "issue_no", "issue_title", "measure", "finding", "steps",
            "period_text", "period_start", "period_end", "responsible", "result", "outcome", "page_first",
            "page_last", "table_no"]))
        _insert(con, "measure_questions", pd.DataFrame(questions, columns=[
            "measure_id", "doc_id", "position", "code_raw", "code", "question_text", "catalog_code",
            "catalog_year_be", "match_score", "code_conflict", "match_method"]))
        _insert(con, "scores", pd.DataFrame(scores, columns=["doc_id", "ita_year_be", "scope", "indicator_no",
                                                             "score", "grade"]))
        _insert(con, "weak_questions", pd.DataFrame(weak, columns=["doc_id", "code", "question_text", "catalog_code",
                                                                   "recommendation"]))
    finally:
        con.close()
    return path


def _insert(con, table: str, frame: pd.DataFrame) -> None:
    """Insert the frame's columns by name, cast to the table's types (a DataFrame guesses them from
    values); columns the frame lacks, such as ones added to the schema later, stay NULL."""
    types = dict(con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                             f"WHERE table_name = '{table}'").fetchall())
    select = ", ".join(f"CAST({c} AS {types[c]}) AS {c}" for c in frame.columns)
    con.register("_frame", frame.astype(object).where(frame.notna(), None))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {select} FROM _frame")
    finally:
        con.unregister("_frame")
