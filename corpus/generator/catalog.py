"""The ITA reference tables, read straight from corpus/catalog/*.csv.

The generator reads the CSVs itself (it imports nothing from extractors/ or pipeline/), so the
answer keys it writes cannot inherit a bug in the extractor's own catalog code. Question wordings
printed in a generated document are the catalog's wording of the document's ITA year, so the gold
`true_code` is always a real item of that year.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalog"
TOOLS = ("IIT", "EIT", "OIT")
TOOL_NAMES = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "OIT": "แบบตรวจการเปิดเผยข้อมูลสาธารณะ",
}
# Which of the seven issues an item falls under when the catalog's own 2566 list says nothing
# (years other than 2566/2567): by indicator, the issue plans most often file it under.
INDICATOR_ISSUE = {1: 1, 2: 5, 3: 6, 4: 4, 5: 7, 6: 1, 7: 3, 8: 2, 9: 3, 10: 7}


@dataclass(frozen=True)
class Item:
    year: int
    tool: str
    indicator_no: int
    code: str
    text: str

    @property
    def number(self) -> int:
        return int(self.code[1:])


def _rows(name: str) -> list[dict]:
    with open(CATALOG_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=None)
def items(year: int) -> tuple[Item, ...]:
    """Every catalog item of one ITA year, in catalog order."""
    out = []
    for r in _rows("ita_catalog.csv"):
        if int(r["ita_year_be"]) == year:
            out.append(Item(year, r["tool"], int(r["indicator_no"]), r["code"].lower(), r["text"].strip()))
    return tuple(out)


def item(year: int, code: str) -> Item | None:
    for it in items(year):
        if it.code == code:
            return it
    return None


@lru_cache(maxsize=None)
def years() -> tuple[int, ...]:
    return tuple(sorted({int(r["ita_year_be"]) for r in _rows("ita_catalog.csv")}))


@lru_cache(maxsize=None)
def issues() -> tuple[tuple[int, str, frozenset], ...]:
    """(issue_no, title, codes filed under it in 2566) for the seven NACC issues."""
    return tuple((int(r["issue_no"]), r["title"].strip(), frozenset(r["codes_2566"].split("|")))
                 for r in _rows("ita_issues.csv"))


def issue_title(no: int) -> str:
    return next(t for n, t, _ in issues() if n == no)


def issues_of(it: Item) -> list[int]:
    """The issues an item may be filed under (2566/2567: the real plan's list; else by indicator)."""
    if it.year in (2566, 2567):
        found = [n for n, _, codes in issues() if it.code in codes]
        if found:
            return found
    return [INDICATOR_ISSUE[it.indicator_no]]


@lru_cache(maxsize=None)
def indicators(year: int) -> tuple[tuple[str, int, str], ...]:
    """(tool, indicator_no, name) for indicators 1-10 of a year."""
    return tuple((r["tool"], int(r["indicator_no"]), r["indicator_name"])
                 for r in _rows("ita_indicators.csv")
                 if int(r["ita_year_be"]) == year and r["indicator_no"].strip())


@lru_cache(maxsize=None)
def grade_bands(year: int) -> tuple[tuple[str, float, float], ...]:
    rows = [r for r in _rows("ita_grades.csv") if int(r["ita_year_be"]) == year]
    if not rows:
        rows = [r for r in _rows("ita_grades.csv") if int(r["ita_year_be"]) == 2567]
    return tuple((r["grade"], float(r["min_score"]), float(r["max_score"])) for r in rows)


def grade(year: int, score: float) -> str:
    for g, lo, hi in grade_bands(year):
        if lo <= round(score, 2) <= hi + 0.005:
            return g
    return "F"
