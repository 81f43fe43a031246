"""Resolve the ITA questions a document cites to the catalog item of the assessment year.

A citation carries up to three pieces of evidence: the printed code, the printed wording and the
row's finding. Each can be wrong: codes are misprinted ("E 12" printed next to i27's wording),
wordings are pasted from another row, and codes change meaning between years. The rules (one per
case, in `_decide`) let two agreeing pieces of evidence outvote the third, accept a wording only
with a clear margin over the runner-up (research §4: a margin of 10 points gave 99.9 % precision on
damaged text), and never name an item the catalog of that year (or its framework neighbour) lacks.

Wording x item scores come from one `rapidfuzz.process.cdist` call per assessment year of the batch,
over unique texts; the few (wording, item) pairs that need a second look (truncated cells) are
scored with `cpdist`, findings with `cdist(partial_ratio)` only for the rows that need them. The
rules are array operations on those matrices, with no Python loop over pairs.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from pythainlp.util import thai_digit_to_arabic_digit
from rapidfuzz import fuzz, process

from corpus.catalog import CODE_PATTERN, skeleton, stem, text_key, year_items

MARGIN = 10.0  # top item minus the best item of another concept, for text and finding alike
TEXT_MIN = 60.0  # a wording scoring below this with every item identifies nothing
FINDING_MIN = 75.0  # partial_ratio of an item inside a finding; short titles reach ~70 by chance
FINDING_WEIGHT = 0.6  # a finding paraphrases: an item chosen from it scores lower
AGREE_SCORE = 90.0  # code and wording agree: at least this confident
CODE_SCORE = 80.0  # code alone, or code and finding against a pasted wording
FRAGMENT_MIN_LENGTH = 10  # shorter wordings fit the start of too many items
FRAGMENT_CANDIDATES = 3  # items per wording whose start is compared (its best by plain ratio)
BORROW_PENALTY = 10.0  # the item is the framework neighbour's wording, not the year's own
_TIE = 1e-3  # prefers the nearest year among equal scores without changing any decision
OUTPUT_COLUMNS = ["catalog_code", "catalog_year_be", "match_score", "code_conflict", "match_method"]

_BARE_NUMBER = re.compile(r"^\s*(?:ข้อ(?:ที่)?)?\s*(\d{1,3})\s*[.)]?\s*$")
# Question boilerplate that a finding never repeats, removed before looking for an item in one.
_BOILERPLATE_PHRASES = ("มากน้อยเพียงใด", "หรือไม่", "อย่างไร", "ตามประเด็นดังต่อไปนี้", "ดังต่อไปนี้", "ของท่าน", "ท่าน")


@lru_cache(maxsize=1 << 16)
def wording_key(text: str) -> str:
    """The comparison form of a wording: the `skeleton` of its `text_key`, cached per text.

    Only the skeleton is compared: on the research's damaged-query set (8,000 queries, two seeds)
    it accepted 0.3 points more than the best of plain key and skeleton, at the same 100 %
    precision, for half the comparisons. The same wordings recur in every batch, hence the cache.
    """
    return skeleton(text_key(text))


_BOILERPLATE = re.compile("|".join(map(wording_key, _BOILERPLATE_PHRASES)))


def match_questions(citations: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Resolve each citation to (catalog_code, catalog_year_be), with a score and how it was decided.

    `citations` has ita_year_be (nullable), code (normalised, e.g. "e12", or None), question_text
    and finding (or None); optional code_raw (a bare number such as "14" is used when code is None)
    and fiscal_year_be (for a null ita_year_be, the ITA year analysed is usually fiscal_year_be - 1,
    which then wins ties between years). `catalog` is `corpus.catalog.load_catalog()`.
    The result has the same index and `OUTPUT_COLUMNS`; match_method is one of code+text, code,
    text, text+finding, code+finding, finding, borrowed-year (the item is the framework
    neighbour's), review (evidence ambiguous or contradictory), no-catalog (the catalog has no such
    item for the year), none (nothing to match).
    """
    rows = _prepare(citations, catalog)
    parts = [_resolve(group, _candidates(catalog, int(year))) for year, group in rows.groupby("year_key")]
    out = pd.concat(parts).sort_index() if parts else _unmatched(rows.index, np.array([], dtype=str))
    out.index = citations.index
    return out


def _prepare(citations: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Clean the evidence columns and attach the year each row is matched in (-1 = any year)."""
    year = pd.to_numeric(_column(citations, "ita_year_be"), errors="coerce").astype("Int64")
    fiscal = pd.to_numeric(_column(citations, "fiscal_year_be"), errors="coerce").astype("Int64")
    rows = pd.DataFrame({
        "year_key": year.fillna(-1).astype("int64"),
        "anchor": year.fillna(fiscal - 1).fillna(int(catalog["ita_year_be"].max())).astype("int64"),
        "code": _clean_code(_column(citations, "code")),
        "bare": _bare_number(_column(citations, "code_raw")),
        "qkey": _keys(_column(citations, "question_text")),
        "fkey": _keys(_column(citations, "finding")),
    })
    rows.loc[rows["code"].notna(), "bare"] = pd.NA
    return rows.set_axis(pd.RangeIndex(len(rows)))


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """An optional input column, all NA when the caller did not supply it."""
    return frame[name] if name in frame else pd.Series(pd.NA, index=frame.index, dtype="object")


def _clean_code(codes: pd.Series) -> pd.Series:
    """"E 12", "o๑๒", "O012" -> "e12", "o12", "o12"; anything else -> NA (no usable code)."""
    text = codes.astype("string").map(thai_digit_to_arabic_digit, na_action="ignore").astype("string")
    parts = text.str.lower().str.replace(r"\s+", "", regex=True).str.extract(CODE_PATTERN)
    return (parts[0] + parts[1]).astype("string")


def _bare_number(raw: pd.Series) -> pd.Series:
    """The digits of a code cell printed without its tool letter ("14", "ข้อ ๒๔"), else NA."""
    text = raw.astype("string").map(thai_digit_to_arabic_digit, na_action="ignore").astype("string")
    return text.str.extract(_BARE_NUMBER)[0].astype("string")


def _keys(texts: pd.Series) -> pd.Series:
    """`wording_key` of each text, NA where the text is missing or has no letters left."""
    keys = texts.astype("string").map(wording_key, na_action="ignore").astype("string")
    return keys.mask(keys == "")


def _candidates(catalog: pd.DataFrame, year: int) -> pd.DataFrame:
    """The items a row of `year` may resolve to (-1: every item of every year)."""
    items = catalog.assign(borrowed=False) if year < 0 else year_items(catalog, year)
    items = items.reset_index(drop=True)
    return items.assign(key=items["text"].map(wording_key),
                        key_stem=items["text"].map(stem).map(wording_key),
                        concept=pd.factorize(items["concept_id"])[0])


def _code_candidates(rows: pd.DataFrame) -> pd.DataFrame:
    """(row, code, literal) for every code a row's printed code may stand for.

    A printed code stands for itself. A bare number N stands for iN, eN and oN, and, when it starts
    with 1 or 0, also for i/o + the rest: "14" next to i4's wording is a misread "i4" (the reference
    README documents it). Those readings are not literal, so choosing one flags a code conflict.
    """
    coded = rows.loc[rows["code"].notna(), ["code"]].assign(literal=True)
    bare = rows["bare"].dropna()
    number = bare.astype("int64").astype("string")
    readings = [coded] + [(letter + number).to_frame("code").assign(literal=True) for letter in "ieo"]
    for first, letter in (("1", "i"), ("0", "o")):
        rest = bare[(bare.str.len() >= 2) & bare.str.startswith(first)].str[1:].astype("int64")
        readings.append((letter + rest[rest > 0].astype("string")).to_frame("code").assign(literal=False))
    long = pd.concat(readings).rename_axis("row").reset_index()
    return long.groupby(["row", "code"], as_index=False)["literal"].max()


def _text_scores(keys: pd.Series, items: pd.DataFrame, allowed: np.ndarray) -> np.ndarray:
    """Wording x item similarity (-1 where the row has no wording).

    `fuzz.ratio` with the full item or its main question, the larger (a wording without the IIT
    sub-questions then scores as high as the full one), computed once per unique wording; then
    raised to the fragment score (`_fragment_scores`) for each row's best few items and for the
    items its printed code allows, so that a truncated cell can still match its item.
    """
    present = keys.dropna()
    scores = np.full((len(keys), len(items)), -1.0, dtype=np.float32)
    if present.empty:
        return scores
    queries, where = np.unique(present.to_numpy(dtype=str), return_inverse=True)
    choices, pos = np.unique(np.concatenate([items["key"], items["key_stem"]]).astype(str), return_inverse=True)
    best = process.cdist(queries, choices, scorer=fuzz.ratio, workers=-1, dtype=np.float32)
    rows = keys.index.get_indexer(present.index)
    scores[rows] = np.maximum(best[:, pos[: len(items)]], best[:, pos[len(items):]])[where]
    k = min(FRAGMENT_CANDIDATES, len(items))
    near = np.zeros_like(allowed)
    np.put_along_axis(near, np.argpartition(-scores, k - 1, axis=1)[:, :k], True, axis=1)
    pair_rows, pair_items = np.nonzero((near | allowed) & (scores >= 0))
    fragment = _fragment_scores(keys.to_numpy(dtype=object)[pair_rows], items["key"].to_numpy(dtype=object)[pair_items])
    scores[pair_rows, pair_items] = np.maximum(scores[pair_rows, pair_items], fragment)
    return scores


def _fragment_scores(wordings: np.ndarray, item_keys: np.ndarray) -> np.ndarray:
    """Each wording against the start of its paired item, cut to the wording's length.

    A table cell often holds only the first part of a long question; `ratio` against the whole
    item then scores low while the start matches. Scored pairwise with `cpdist` for the few pairs
    that matter; 0 where the wording is too short to say anything or not shorter than the item.
    """
    scores = np.zeros(len(wordings), dtype=np.float32)
    lengths = np.fromiter((len(w) if isinstance(w, str) else 0 for w in wordings), dtype=int, count=len(wordings))
    item_lengths = np.fromiter(map(len, item_keys), dtype=int, count=len(item_keys))
    cut = np.flatnonzero((lengths >= FRAGMENT_MIN_LENGTH) & (lengths < item_lengths))
    if cut.size == 0:
        return scores
    starts = [item[:length] for item, length in zip(item_keys[cut], lengths[cut])]
    scores[cut] = process.cpdist(wordings[cut], starts, scorer=fuzz.ratio, workers=-1)
    return scores


def _finding_scores(keys: pd.Series, items: pd.DataFrame) -> np.ndarray:
    """Finding x item: how well the item's main question, boilerplate removed, appears in the finding."""
    present = keys.dropna()
    scores = np.zeros((len(keys), len(items)), dtype=np.float32)
    if present.empty or items.empty:
        return scores
    queries, where = np.unique(present.to_numpy(dtype=str), return_inverse=True)
    cores = items["key_stem"].str.replace(_BOILERPLATE, "", regex=True).tolist()
    found = process.cdist(queries, cores, scorer=fuzz.partial_ratio, workers=-1, dtype=np.float32)
    scores[keys.index.get_indexer(present.index)] = found[where]
    return scores


def _resolve(rows: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Apply the rules to the rows of one year against that year's candidate items."""
    n, m = len(rows), len(items)
    if m == 0:
        anything = rows[["code", "bare", "qkey", "fkey"]].notna().any(axis=1).to_numpy()
        return _unmatched(rows.index, np.where(anything, "no-catalog", "none"))
    local = rows.reset_index(drop=True)
    codes = _code_candidates(local)
    hit = codes.merge(items[["code"]].reset_index(names="item"), on="code")
    allowed = np.zeros((n, m), dtype=bool)
    literal = np.zeros((n, m), dtype=bool)
    allowed[hit["row"], hit["item"]] = True
    literal[hit["row"], hit["item"]] = hit["literal"].to_numpy(dtype=bool)
    tie = _TIE * np.abs(items["ita_year_be"].to_numpy()[None, :] - local["anchor"].to_numpy()[:, None])
    evidence = _Evidence(items["concept"].to_numpy(), tie)
    text = evidence.rank(_text_scores(local["qkey"], items, allowed))
    code = evidence.rank_within(text.scores, allowed)
    fits = code.agrees_with(text)
    needs_finding = local["fkey"].notna().to_numpy() & (
        (text.clear & ~fits & code.any)
        | (local["qkey"].isna() & local["code"].isna() & local["bare"].isna()).to_numpy())
    finding = evidence.rank(_finding_scores(local["fkey"].where(needs_finding), items), minimum=FINDING_MIN)
    choice, score, method, conflict = _decide(local, text, code, finding, literal, fits)
    return _output(rows.index, items, choice, score, conflict, method)


class _Ranking:
    """Best item per row and whether it is clearly ahead of every item of another concept."""

    def __init__(self, scores: np.ndarray, tie: np.ndarray, concept: np.ndarray, mask: np.ndarray,
                 minimum: float) -> None:
        rows = np.arange(len(scores))
        ranked = np.where(mask, scores - tie, -np.inf)
        self.scores = scores
        self.any = mask.any(axis=1)
        self.best = ranked.argmax(axis=1)
        self.top = scores[rows, self.best]
        self.concept = concept[self.best]
        others = mask & (concept[None, :] != self.concept[:, None])
        self.runner_up = np.where(others, scores, -1.0).max(axis=1, initial=-1.0)
        self.clear = self.any & (self.top >= minimum) & (self.top - self.runner_up >= MARGIN)
        self.one_concept = self.any & ~others.any(axis=1)

    def agrees_with(self, other: _Ranking) -> np.ndarray:
        """This ranking's best item is `other`'s best concept or within the margin of its top."""
        return self.any & ((self.concept == other.concept) | (self.top >= other.top - MARGIN))


class _Evidence:
    """Builds rankings that share the items' concepts and the nearest-year tie-break."""

    def __init__(self, concept: np.ndarray, tie: np.ndarray) -> None:
        self.concept, self.tie = concept, tie

    def rank(self, scores: np.ndarray, minimum: float = TEXT_MIN) -> _Ranking:
        return _Ranking(scores, self.tie, self.concept, scores >= 0, minimum)

    def rank_within(self, scores: np.ndarray, allowed: np.ndarray) -> _Ranking:
        """Rank only the items the printed code allows; without wording, the nearest year wins."""
        return _Ranking(np.where(scores >= 0, scores, 0.0), self.tie, self.concept, allowed, TEXT_MIN)


class _Rule(NamedTuple):
    """When a rule applies, which item it picks, the score, the method name and the conflict flag."""

    when: np.ndarray
    item: np.ndarray
    score: np.ndarray | float
    method: str
    conflict: np.ndarray | bool


def _decide(rows: pd.DataFrame, text: _Ranking, code: _Ranking, finding: _Ranking, literal: np.ndarray,
            code_fits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rules, first match wins. Returns item index (-1 = none), score, method, code conflict.

    1 code+text: the wording fits the code's item (within the margin of its best item) and scores
      at least TEXT_MIN with it; among a bare number's readings the chosen one must be clear.
    2 code+finding: the wording clearly names another item, but the finding clearly prefers the
      code's item: the wording was pasted from another row.
    3 text(+finding): the wording clearly names another item (a misprinted code) or there is no code.
    4 code: a printed code whose items share one concept, and a wording that says nothing clear.
    5 finding: no code, no wording; the finding clearly names an item (scored lower).
    Otherwise review (evidence present but undecided), no-catalog (code the year lacks) or none.
    A conflict is a printed code that the chosen item does not literally carry, or, for an
    unresolved row, a printed code that a recognisable wording contradicts.
    """
    has_text = rows["qkey"].notna().to_numpy()
    has_code = rows["code"].notna().to_numpy()
    cited = has_code | rows["bare"].notna().to_numpy()
    idx = np.arange(len(rows))
    weak_text = ~has_text | (text.top < TEXT_MIN)
    finding_for_code = finding.scores[idx, code.best] - finding.scores[idx, text.best]
    wording_decides = text.clear & ~code_fits
    pasted = (wording_decides & code.one_concept & (finding_for_code >= MARGIN)
              & (finding.scores[idx, code.best] >= TEXT_MIN))
    text_conflict = cited & ~literal[idx, text.best]
    rules = [
        _Rule(has_text & code_fits & (code.top >= TEXT_MIN) & (code.clear | code.one_concept),
              code.best, np.maximum(code.top, AGREE_SCORE), "code+text", ~literal[idx, code.best]),
        _Rule(pasted, code.best, CODE_SCORE, "code+finding", True),
        _Rule(wording_decides & (-finding_for_code >= MARGIN), text.best, text.top, "text+finding", text_conflict),
        _Rule(wording_decides, text.best, text.top, "text", text_conflict),
        _Rule(has_code & code.one_concept & (weak_text | code_fits), code.best, CODE_SCORE, "code", False),
        _Rule(~cited & ~has_text & finding.clear, finding.best, finding.top * FINDING_WEIGHT, "finding", False),
    ]
    when = [rule.when for rule in rules]
    choice = np.select(when, [rule.item for rule in rules], -1)
    score = np.select(when, [rule.score for rule in rules], np.nan)
    method = np.select(when, [rule.method for rule in rules], "")
    conflict = np.select(when, [rule.conflict for rule in rules],
                         cited & code.any & has_text & (text.top >= TEXT_MIN) & ~code_fits)
    unresolved = np.select([has_code & ~code.any, cited | has_text | rows["fkey"].notna().to_numpy()],
                           ["no-catalog", "review"], "none")
    return choice, score, np.where(choice >= 0, method, unresolved), conflict.astype(bool)


def _unmatched(index: pd.Index, method: np.ndarray) -> pd.DataFrame:
    """Result rows for a year the catalog does not cover at all."""
    return pd.DataFrame({"catalog_code": pd.Series(pd.NA, index=index, dtype="string"),
                         "catalog_year_be": pd.Series(pd.NA, index=index, dtype="Int64"),
                         "match_score": np.full(len(index), np.nan),
                         "code_conflict": np.zeros(len(index), dtype=bool),
                         "match_method": pd.Series(method, index=index, dtype="string")})


def _output(index: pd.Index, items: pd.DataFrame, choice: np.ndarray, score: np.ndarray,
            conflict: np.ndarray, method: np.ndarray) -> pd.DataFrame:
    """Result rows: a borrowed item says so in its method and scores lower."""
    chosen = choice >= 0
    picked = items.iloc[np.where(chosen, choice, 0)]
    borrowed = chosen & picked["borrowed"].to_numpy(dtype=bool)
    return pd.DataFrame({
        "catalog_code": pd.Series(picked["code"].to_numpy(), index=index, dtype="string").where(chosen),
        "catalog_year_be": pd.Series(picked["ita_year_be"].to_numpy(), index=index, dtype="Int64").where(chosen),
        "match_score": np.where(chosen, np.round(np.clip(score - BORROW_PENALTY * borrowed, 0, 100), 1), np.nan),
        "code_conflict": conflict,
        "match_method": pd.Series(np.where(borrowed, "borrowed-year", method), index=index, dtype="string"),
    }, index=index)
