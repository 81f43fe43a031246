"""The ITA catalog: the official items (IIT / EIT / OIT questions) of each assessment year.

Agency documents cite ITA questions by a code ("o24", "e12") whose meaning changes between years
(o24 is a procurement report in 2564 and an HR item in 2566), so an item is always a pair
(year, code). The data in `corpus/catalog/` (version in its VERSION file, `CATALOG_VERSION`) are
public facts collected with their sources (see its README); the catalog is incomplete (no EIT before 2566, no IIT/EIT for 2565 and 2568, OIT 2568 has
no o5-o7), so two helpers bridge the gaps honestly:

* `FRAMEWORKS` groups years that share one questionnaire; `year_items` lets a year borrow an item
  it lacks from its framework neighbour and marks the row `borrowed`.
* `concept_id` links the same question across years (i23 of 2564 is i19 of 2566), see
  `concept_ids` for the rule.

Text comparison keys (`text_key`, `skeleton`) live here because both the concept clustering and
the matcher (`corpus.match`) must normalise catalog wording the same way.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from pythainlp.util import normalize, thai_digit_to_arabic_digit
from rapidfuzz import fuzz, process

CATALOG_DIR = Path(__file__).with_name("catalog")
CATALOG_VERSION = (CATALOG_DIR / "VERSION").read_text(encoding="utf-8").strip()

# Years that share one questionnaire (same items under the same codes, as far as the sources show).
FRAMEWORKS: tuple[tuple[int, ...], ...] = ((2564, 2565), (2566, 2567), (2568,))
TOOLS: dict[str, str] = {"i": "IIT", "e": "EIT", "o": "OIT"}
COLUMNS = ["ita_year_be", "tool", "indicator_no", "indicator_name", "sub_indicator", "code", "text",
           "source", "confidence", "concept_id"]
# Two wordings of different years are one concept when they are each other's best match and their
# ratio is at least this. Measured on the catalog: true successors score 83-100 (2564 i13/i25 -> 2566
# i13/i25 at 84, OIT "...ประจำปี" -> "...และประพฤติมิชอบประจำปี" at 83), while different questions
# that share boilerplate stay below (2564 i29 vs 2566 i28 at 78.5).
CONCEPT_THRESHOLD = 80.0

# The columns of ita_catalog.csv (source_url read as source); user files may omit all but three.
_CSV_COLUMNS = ["ita_year_be", "tool", "indicator_no", "indicator_name", "sub_indicator", "code", "text", "source"]
# An item code: tool letter and number, leading zeros dropped ("o024" is o24).
CODE_PATTERN = re.compile(r"^([ieo])0*([1-9]\d?)$")
_SUB_QUESTIONS = " : "  # IIT items list their sub-questions after the main question
# "ข้อ o12", "(O12)", "E 12", "o๑๒." and bare numbers followed by a space or a stop ("14 ", "1๒๘.").
_LEADING_CODE = re.compile(r"^\s*(?:ข\u0e49?อ(?:ที\u0e48?)?\s*)?[(\[]?\s*(?:[ieo]\s*\d{1,2}|\d{1,3}(?=[\s.)\]:]))\s*[)\].:]?")
_NOT_LETTER = re.compile(r"[^0-9a-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]+")
# ำ is printed as ำ, ํ+า, " า" or lost to า by broken PDF fonts; all collapse to า (ํ dropped).
_NIKHAHIT = re.compile("\u0e4d")
_SARA_AM = re.compile("\u0e33")
# Marks above the line (tone marks, ็ ์ ๎) are the first thing damaged text loses.
_ABOVE_MARKS = re.compile("[\u0e47-\u0e4c\u0e4e]+")


def text_key(text: str) -> str:
    """Comparison form of a wording: what survives line wraps, font damage and code prefixes.

    NFC, Thai digits as Arabic, lower case, a leading code ("ข้อ o12", "E 12", "14.") removed,
    pythainlp's `normalize` (duplicate and misordered marks), ำ unified, then only letters, marks
    and digits kept: Thai has no spaces between words, so spaces and punctuation carry no meaning.
    """
    text = thai_digit_to_arabic_digit(unicodedata.normalize("NFC", text)).lower()
    text = normalize(_LEADING_CODE.sub("", text, count=1))
    return _NOT_LETTER.sub("", _SARA_AM.sub("\u0e32", _NIKHAHIT.sub("", text)))


def skeleton(key: str) -> str:
    """A `text_key` without marks above the line, for text whose tone marks were lost."""
    return _ABOVE_MARKS.sub("", key)


def stem(text: str) -> str:
    """The main question of an item, without the IIT sub-questions that follow " : "."""
    return text.split(_SUB_QUESTIONS, 1)[0]


def framework_neighbours(year: int) -> tuple[int, ...]:
    """The other years of `year`'s framework, nearest first (later first on a tie)."""
    for years in FRAMEWORKS:
        if year in years:
            return tuple(sorted((y for y in years if y != year), key=lambda y: (abs(y - year), -y)))
    return ()


def load_catalog(user_files: Iterable[Path | str] = ()) -> pd.DataFrame:
    """The catalog with `COLUMNS`, one row per (ita_year_be, code).

    `user_files` are CSVs with at least ita_year_be, code, text (other ita_catalog.csv columns
    optional): their rows add items or override the shipped (year, code) item, later files winning;
    fields they leave blank keep the shipped value. The result is cached per file version, and a
    copy is returned so that callers cannot alter the cache.
    """
    files = tuple((str(p), Path(p).stat().st_mtime_ns) for p in user_files)
    return _load_catalog(files).copy()


@lru_cache(maxsize=8)
def _load_catalog(files: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    items = _read_items(CATALOG_DIR / "ita_catalog.csv", default_source=None)
    for path, _mtime in files:
        items = _override(items, _read_items(Path(path), default_source=f"user:{Path(path).name}"))
    inferred = items["source"].str.startswith("inferred:").fillna(False)
    items["confidence"] = inferred.map({True: "inferred", False: "seen"}).astype("string")
    items = items.sort_values(["ita_year_be", "tool", "number"], kind="stable").reset_index(drop=True)
    items["concept_id"] = concept_ids(items)
    return items[COLUMNS]


def _read_items(path: Path, default_source: str | None) -> pd.DataFrame:
    """Read one catalog CSV, validating what the matcher relies on: a year, a valid code, a text."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"ita_year_be", "code", "text"} - set(raw.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    raw = raw.rename(columns={"source_url": "source"}).replace("", pd.NA).reindex(columns=_CSV_COLUMNS).astype("string")
    parts = raw["code"].str.lower().str.replace(r"\s+", "", regex=True).str.extract(CODE_PATTERN)
    years = pd.to_numeric(raw["ita_year_be"], errors="coerce")
    text = raw["text"].str.strip().replace("", pd.NA)
    bad = parts[0].isna() | years.isna() | text.isna()
    if bad.any():
        lines = ", ".join(str(i + 2) for i in raw.index[bad][:10])
        raise ValueError(f"{path}: rows without a valid year, code (i/e/o + number) or text on line(s) {lines}")
    return pd.DataFrame({
        "ita_year_be": years.astype("int64"),
        "tool": raw["tool"].fillna(parts[0].map(TOOLS)),
        "indicator_no": pd.to_numeric(raw["indicator_no"], errors="coerce").astype("Int64"),
        "indicator_name": raw["indicator_name"],
        "sub_indicator": raw["sub_indicator"],
        "code": parts[0] + parts[1],
        "number": parts[1].astype("int64"),
        "text": text,
        "source": raw["source"].fillna(default_source),
    })


def _override(base: pd.DataFrame, user: pd.DataFrame) -> pd.DataFrame:
    """Add the user's items; a user item replaces the shipped one of the same (year, code)."""
    key = ["ita_year_be", "code"]
    user = user.drop_duplicates(key, keep="last").set_index(key)
    merged = user.combine_first(base.set_index(key)).reset_index()
    return merged.astype({"number": "int64", "indicator_no": "Int64"})


def concept_ids(items: pd.DataFrame) -> pd.Series:
    """One id per question across years: "<tool>:<first year>:<first code>", e.g. "iit:2564:i23".

    Rule, per tool, years in ascending order: each concept is represented by its latest wording;
    an item of the next year joins a concept when the two are each other's best match (mutual best,
    so one item per year per concept) with a score of at least `CONCEPT_THRESHOLD`, the score being
    `fuzz.ratio` of `text_key`s, the larger of full wording and main question (`stem`). Otherwise
    the item starts a new concept named after its own year and code. Deterministic for a catalog.
    """
    ids = pd.Series(pd.NA, index=items.index, dtype="string")
    for tool, tool_items in items.groupby("tool", sort=True):
        ids.update(_cluster_tool(str(tool), tool_items))
    return ids


def _cluster_tool(tool: str, items: pd.DataFrame) -> pd.Series:
    """`concept_ids` for the items of one tool."""
    full = items["text"].map(text_key).to_numpy(dtype=object)
    main = items["text"].map(stem).map(text_key).to_numpy(dtype=object)
    codes = items["code"].to_numpy(dtype=object)
    years = items["ita_year_be"].to_numpy()
    ids = np.empty(len(items), dtype=object)
    latest = np.empty(0, dtype=int)  # per concept, the position of its latest item
    for year in np.unique(years):
        pos = np.flatnonzero(years == year)
        ids[pos] = f"{tool.lower()}:{year}:" + codes[pos]
        linked = np.zeros(len(pos), dtype=bool)
        if latest.size:
            score = np.maximum(process.cdist(full[pos], full[latest], scorer=fuzz.ratio, workers=-1),
                               process.cdist(main[pos], main[latest], scorer=fuzz.ratio, workers=-1))
            best = score.argmax(axis=1)
            here = np.arange(len(pos))
            linked = (score.argmax(axis=0)[best] == here) & (score[here, best] >= CONCEPT_THRESHOLD)
            ids[pos[linked]] = ids[latest[best[linked]]]
            latest[best[linked]] = pos[linked]
        latest = np.concatenate([latest, pos[~linked]])
    return pd.Series(ids, index=items.index, dtype="string")


def year_items(catalog: pd.DataFrame, year: int) -> pd.DataFrame:
    """The items of `year`, plus items of its framework neighbour under codes `year` lacks.

    Borrowed rows keep their own `ita_year_be` and have `borrowed` True, so a result built on
    them can say which year's wording it used.
    """
    own = catalog[catalog["ita_year_be"] == year].assign(borrowed=False)
    parts = [own]
    have = set(own["code"])
    for neighbour in framework_neighbours(year):
        extra = catalog[(catalog["ita_year_be"] == neighbour) & ~catalog["code"].isin(have)]
        parts.append(extra.assign(borrowed=True))
        have |= set(extra["code"])
    return pd.concat(parts).reset_index(drop=True)


@lru_cache(maxsize=1)
def _indicators() -> pd.DataFrame:
    return pd.read_csv(CATALOG_DIR / "ita_indicators.csv", dtype={"indicator_no": "Int64"})


@lru_cache(maxsize=1)
def _grades() -> pd.DataFrame:
    return pd.read_csv(CATALOG_DIR / "ita_grades.csv")


@lru_cache(maxsize=1)
def _issues() -> pd.DataFrame:
    issues = pd.read_csv(CATALOG_DIR / "ita_issues.csv")
    issues["codes_2566"] = issues["codes_2566"].str.split("|")
    return issues


def load_indicators() -> pd.DataFrame:
    """The 10 indicators per year and one "(tool total)" row per tool with its weight in percent."""
    return _indicators().copy()


def load_grades() -> pd.DataFrame:
    """Grade bands (ita_year_be, grade, min_score, max_score, source_url)."""
    return _grades().copy()


def load_issues() -> pd.DataFrame:
    """The seven ประเด็น; `codes_2566` is the list of ITA 2566 codes a real plan files under each."""
    issues = _issues().copy()
    issues["codes_2566"] = issues["codes_2566"].map(list)
    return issues


def grade_for(year: int, score: float | None) -> str | None:
    """The grade a total `score` earns in `year`, or None for an unknown year or an invalid score.

    Bands are chosen by their lower bound, so a score printed with more decimals than the bands
    (94.995) still falls in one band.
    """
    if score is None or not math.isfinite(score) or not 0 <= score <= 100:
        return None
    bands = _grades()
    reached = bands[(bands["ita_year_be"] == year) & (bands["min_score"] <= score)]
    if reached.empty:
        return None
    return str(reached.loc[reached["min_score"].idxmax(), "grade"])
