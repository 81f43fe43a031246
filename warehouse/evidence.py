"""An agency's own evidence about an ITA item, which a plan states before anything borrowed.

A plan's ข้อค้นพบ must be about the agency itself: its score on the item (or, when only indicator
scores were published, on the item's indicator) against the pass line, and what its own analysis
wrote about the item. An analysis writes the problem and the advice in one sentence ("ยังไม่ได้จัดทำ
รายงาน ควรรายงานความก้าวหน้า…"): the words before ควร are the finding, the advice after it is the
agency's own first step. All of it is read for the agency's latest ITA round up to the plan's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from corpus.catalog import load_indicators, year_items
from warehouse.adapt import clean

PASS_SCORE = 85.0  # the NACC pass line: an item or indicator below it needs measures
_ADVICE = re.compile(r"(?:^|\s)(?:จึง)?ควร(?:จะ|ให้|มีการ)?\s*")


@dataclass(frozen=True)
class Evidence:
    """What the agency's own documents say about one item (a concept) in one ITA round."""

    ita_year_be: int
    score: float | None = None  # the item's own score
    indicator_no: int | None = None
    indicator_score: float | None = None
    words: str = ""  # the analysis' finding
    advice: str = ""  # the analysis' recommendation, as a step (without ควร)
    doc_id: str | None = None  # the analysis the words and scores come from
    file_name: str | None = None

    def finding(self) -> str:
        """"คะแนน 71.75 ต่ำกว่าเกณฑ์ 85 (ITA 2567) …words": the score first, then the analysis' words."""
        year = f"(ITA {self.ita_year_be})"
        if self.score is not None:
            line = f"คะแนนข้อนี้ {self.score:.2f} {_against(self.score)} {year}"
        elif self.indicator_score is not None and self.indicator_score < PASS_SCORE:  # a passed indicator says
            # nothing about the item the analysis named
            name = _indicator_name(self.ita_year_be, self.indicator_no)
            line = f"ตัวชี้วัดที่ {self.indicator_no} {name} ได้คะแนน {self.indicator_score:.2f} " \
                   f"{_against(self.indicator_score)} {year}"
        else:
            line = ""
        return " ".join(p for p in (line, self.words) if p)


def _against(score: float) -> str:
    return f"ต่ำกว่าเกณฑ์ {PASS_SCORE:.0f}" if score < PASS_SCORE else f"(เกณฑ์ {PASS_SCORE:.0f})"


def _indicator_name(year: int, number: int | None) -> str:
    names = load_indicators()
    hit = names[(names["ita_year_be"] == year) & (names["indicator_no"] == number)]["indicator_name"]
    if hit.empty:  # a year the indicator table lacks: the latest year that names it
        hit = names[names["indicator_no"] == number].sort_values("ita_year_be")["indicator_name"].tail(1)
    return "" if hit.empty else str(hit.iloc[0])


def split_advice(text: str | None) -> tuple[str, str]:
    """("ยังไม่ได้จัดทำรายงาน", "รายงานความก้าวหน้า…") from an analysis' sentence about an item."""
    text = clean(text)
    m = _ADVICE.search(text)
    if not m:
        return text, ""
    return text[: m.start()].strip(), text[m.end():].strip()


def own_evidence(con: duckdb.DuckDBPyConnection, catalog: pd.DataFrame, agency_id: str, concepts: list[str],
                 year: int) -> dict[str, Evidence]:
    """Per concept, the agency's evidence of its latest ITA round up to `year` that says anything."""
    if not agency_id:
        return {}
    weak = con.execute("""
        SELECT d.ita_year_be, w.catalog_code AS code, w.recommendation, d.doc_id, d.file_name
        FROM weak_questions w JOIN documents d USING (doc_id)
        WHERE d.agency_id = ? AND d.status <> 'failed' AND d.ita_year_be <= ? AND w.catalog_code IS NOT NULL
        ORDER BY d.ita_year_be DESC, d.file_name""", [agency_id, year]).df()
    items = con.execute("""
        SELECT ita_year_be, concept_id, min(score) AS score, any_value(doc_id) AS doc_id
        FROM v_question_scores WHERE agency_id = ? AND ita_year_be <= ? AND concept_id IS NOT NULL
          AND score IS NOT NULL GROUP BY ALL""", [agency_id, year]).df()
    indicators = con.execute("""
        SELECT ita_year_be, indicator_no, score FROM v_agency_score_values
        WHERE agency_id = ? AND scope = 'indicator' AND ita_year_be <= ?""", [agency_id, year]).df()
    files = dict(con.execute("SELECT doc_id, file_name FROM documents WHERE agency_id = ?", [agency_id]).fetchall())
    out: dict[str, Evidence] = {}
    for concept in concepts:
        for y in sorted(set(weak["ita_year_be"]) | set(items["ita_year_be"]) | set(indicators["ita_year_be"]),
                        reverse=True):
            found = _evidence(catalog, concept, int(y), weak, items, indicators, files)
            if found is not None:
                out[concept] = found
                break
    return out


def _evidence(catalog: pd.DataFrame, concept: str, year: int, weak: pd.DataFrame, items: pd.DataFrame,
              indicators: pd.DataFrame, files: dict[str, str]) -> Evidence | None:
    known = year_items(catalog, year)
    codes = set(known[known["concept_id"] == concept]["code"])
    indicator = known[known["concept_id"] == concept]["indicator_no"].dropna()
    indicator_no = int(indicator.iloc[0]) if len(indicator) else None
    said = weak[(weak["ita_year_be"] == year) & weak["code"].isin(codes)]
    scored = items[(items["ita_year_be"] == year) & (items["concept_id"] == concept)]
    ind = indicators[(indicators["ita_year_be"] == year) & (indicators["indicator_no"] == indicator_no)]
    if said.empty and scored.empty and ind.empty:
        return None
    words, advice = split_advice(said["recommendation"].iloc[0]) if len(said) else ("", "")
    doc = said["doc_id"].iloc[0] if len(said) else (scored["doc_id"].iloc[0] if len(scored) else None)
    return Evidence(year, float(scored["score"].iloc[0]) if len(scored) else None, indicator_no,
                    float(ind["score"].iloc[0]) if len(ind) else None, words, advice, doc, files.get(doc))
