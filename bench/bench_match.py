"""Throughput of `corpus.match.match_questions`, in question-item comparisons per second.

A comparison is one citation scored against one candidate item of its year (the year's items plus
borrowed ones; every item of every year when the year is unknown). The citations are catalog
wordings damaged the way real PDFs damage them (research §4: lost or split ำ, spaces before marks,
lost tone marks, truncation, a code prefix, sub-questions cut, OCR letter confusions, dropped
letters), so nearly every wording is unique and the per-text cache does not flatter the figure.

Run: `cd /work/main && .venv/bin/python -m bench.bench_match` (the goal is >= 100,000/s on 2 cores).
"""
from __future__ import annotations

import random
import re
import time

import pandas as pd

from corpus.catalog import load_catalog, year_items
from corpus.match import wording_key, match_questions

_TONE_MARKS = re.compile("[\u0e48-\u0e4b]")
_MARKS = re.compile("([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
_OCR_CONFUSIONS = str.maketrans("ขบดถ", "ฃปตภ")


def damage(text: str, code: str, rng: random.Random) -> str:
    """Three random damages of the kinds research §4 lists."""
    steps = [
        lambda t: t.replace("ำ", "า"),
        lambda t: t.replace("ำ", " า"),
        lambda t: _MARKS.sub(lambda m: (" " if rng.random() < 0.3 else "") + m.group(1), t),
        lambda t: _TONE_MARKS.sub("", t),
        lambda t: t[: max(4, int(len(t) * rng.uniform(0.5, 0.85)))],
        lambda t: f"ข้อ {code} {t}",
        lambda t: t.split(" : ")[0],
        lambda t: t.translate(_OCR_CONFUSIONS),
        lambda t: "".join(c for c in t if rng.random() > 0.04),
    ]
    for step in rng.sample(steps, 3):
        text = step(text)
    return text


def damaged_citations(n: int, seed: int = 0, known_year: bool = True) -> pd.DataFrame:
    """`n` citations of random catalog items: code (90 %), damaged wording (90 %), finding (50 %)."""
    rng = random.Random(seed)
    catalog = load_catalog()
    rows = []
    for _ in range(n):
        item = catalog.iloc[rng.randrange(len(catalog))]
        rows.append({
            "ita_year_be": int(item["ita_year_be"]) if known_year else None,
            "code": item["code"] if rng.random() < 0.9 else None,
            "question_text": damage(item["text"], item["code"], rng) if rng.random() < 0.9 else None,
            "finding": f"หน่วยงานยังไม่มี{item['text']}ครบถ้วน" if rng.random() < 0.5 else None,
            "true_code": item["code"],
            "true_year_be": int(item["ita_year_be"]),
        })
    return pd.DataFrame(rows)


def comparisons(citations: pd.DataFrame, catalog: pd.DataFrame) -> int:
    """How many (citation, candidate item) pairs a batch implies."""
    per_year = {int(y): len(year_items(catalog, int(y))) for y in citations["ita_year_be"].dropna().unique()}
    known = citations["ita_year_be"].dropna().astype(int).map(per_year).sum()
    return int(known + citations["ita_year_be"].isna().sum() * len(catalog))


def bench_match(n_queries: int = 20_000, seed: int = 0, repeat: int = 2) -> dict[str, float]:
    """Print and return the best-of-`repeat` wall time and comparisons/s, text normalisation
    included (cache cleared), for citations with a known year and with an unknown one; also the
    shares resolved to the right item, to the right question (same concept: with no year, i23 of
    2564 and i19 of 2567 are one question) and to a wrong one."""
    catalog = load_catalog()
    result: dict[str, float] = {}
    for label, known in (("known_year", True), ("unknown_year", False)):
        citations = damaged_citations(n_queries, seed, known_year=known)
        pairs = comparisons(citations, catalog)
        best = float("inf")
        for _ in range(repeat):
            wording_key.cache_clear()
            start = time.perf_counter()
            out = match_questions(citations.drop(columns=["true_code", "true_year_be"]), catalog)
            best = min(best, time.perf_counter() - start)
        right = (out["catalog_code"] == citations["true_code"]).fillna(False)
        same = (_concepts(catalog, out["catalog_year_be"], out["catalog_code"])
                == _concepts(catalog, citations["true_year_be"], citations["true_code"])).fillna(False)
        result |= {f"{label}_seconds": round(best, 2), f"{label}_comparisons": pairs,
                   f"{label}_comparisons_per_s": round(pairs / best),
                   f"{label}_right_item_share": round(float(right.mean()), 4),
                   f"{label}_right_question_share": round(float(same.mean()), 4),
                   f"{label}_wrong_share": round(float((out["catalog_code"].notna() & ~same).mean()), 4)}
    for name, value in result.items():
        print(f"{name:34} {value:,}")
    return result


def _concepts(catalog: pd.DataFrame, years: pd.Series, codes: pd.Series) -> pd.Series:
    """The concept_id of each (year, code), NA where there is none."""
    lookup = catalog.set_index(["ita_year_be", "code"])["concept_id"]
    keys = pd.MultiIndex.from_arrays([years.astype("Int64"), codes.astype("string")])
    return pd.Series(lookup.reindex(keys).to_numpy(), index=years.index, dtype="string")


if __name__ == "__main__":
    bench_match()
