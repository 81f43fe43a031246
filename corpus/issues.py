"""Which of the seven NACC issues (ประเด็น) a printed issue title names.

Plans number their rows in many ways ("ประเด็นที่ ๓", "3)", "(3)", a running ลำดับ that is not the
issue number at all), wrap titles over lines, lose tone marks in damaged PDFs, shorten titles and
misspell them. So the wording decides, compared as the catalog compares question wording
(`text_key` + `skeleton`): the whole title, or, when one is at least half as long as the other,
its best-aligned part (a shortened title, or one with extra words such as "(IIT)"). A title must
score `MIN_SCORE` and lead the runner-up by `MARGIN`: four issues start "กระบวนการ…". Only an
explicit "ประเด็นที่ N" with no title is taken by its number.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
from pythainlp.util import thai_digit_to_arabic_digit
from rapidfuzz import fuzz, process

from corpus.catalog import load_issues, skeleton, text_key

MIN_SCORE = 75.0  # other headings score at most 60 (tests: "การป้องกันการรับสินบน" 50, "การบริหารงานบุคคล" 60)
MARGIN = 10.0  # the research's margin for wording decisions (corpus.match.MARGIN)
PARTIAL_MIN_LENGTH = 0.5  # shorter / longer key length from which the best-aligned part is compared
NUMBER_ONLY_SCORE = 80.0  # "ประเด็นที่ ๓" alone: explicit, but no wording confirms it
ISSUES = range(1, 8)
_NUMBERING = re.compile(r"^\s*(?P<word>ประเด็น(?:ที่)?)?\s*[(\[]?\s*(?P<no>\d{1,2})?\s*[.)\]:]?\s*")


def match_issue(text: str | None) -> tuple[int | None, float]:
    """(issue number 1-7 or None, score 0-100) for a printed ประเด็น cell."""
    text = thai_digit_to_arabic_digit(unicodedata.normalize("NFC", text or ""))
    numbering = _NUMBERING.match(text)
    key = _key(text[numbering.end():])
    if key:
        return _by_wording(key)
    number = int(numbering["no"]) if numbering["no"] else None
    if numbering["word"] and number in ISSUES:
        return number, NUMBER_ONLY_SCORE
    return None, 0.0


def _key(text: str) -> str:
    return skeleton(text_key(text))


def _by_wording(key: str) -> tuple[int | None, float]:
    """The issue whose title the key clearly names; the score is its similarity either way."""
    numbers, keys = _variant_keys()
    whole = process.cdist([key], keys, scorer=fuzz.ratio)[0]
    part = process.cdist([key], keys, scorer=fuzz.partial_ratio)[0]
    lengths = np.array([len(k) for k in keys])
    comparable = np.minimum(lengths, len(key)) >= PARTIAL_MIN_LENGTH * np.maximum(lengths, len(key))
    scores = np.where(comparable, np.maximum(whole, part), whole)
    per_issue = {n: float(scores[numbers == n].max()) for n in np.unique(numbers)}
    ranked = sorted(per_issue.items(), key=lambda item: -item[1])
    (best, top), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if top >= MIN_SCORE and top - runner_up >= MARGIN:
        return int(best), round(top, 1)
    return None, round(top, 1)


@lru_cache(maxsize=1)
def _variant_keys() -> tuple[np.ndarray, list[str]]:
    """(issue number, key) of every title and variant in ita_issues.csv (variants separated by "|")."""
    pairs = sorted({(int(row.issue_no), _key(variant))
                    for row in load_issues().itertuples()
                    for variant in [row.title, *str(row.variants).split("|")] if _key(variant)})
    return np.array([n for n, _ in pairs]), [k for _, k in pairs]
