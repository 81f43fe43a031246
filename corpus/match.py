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

import math
import re
from collections.abc import Callable
from functools import lru_cache, wraps
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
_REMEMBERED_TEXTS = 1 << 16  # per cleaning step (`_per_text`): a batch's distinct codes and wordings
_PARALLEL_PAIRS = 10_000  # comparisons from which rapidfuzz's threads pay for starting them
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
    parts = [_resolve(rows.take(where), pd.Index(where), _candidates(catalog, int(year)))
             for year, where in rows.by_year()]
    if not parts:
        out = _unmatched(pd.RangeIndex(0), np.array([], dtype=str))
    else:  # each part's rows are in order; parts of several years interleave
        out = parts[0] if len(parts) == 1 else pd.concat(parts).sort_index()
    out.index = citations.index
    return out


def _prepare(citations: pd.DataFrame, catalog: pd.DataFrame) -> _Rows:
    """Clean the evidence columns and attach the year each row is matched in (-1 = any year)."""
    year, fiscal = _years(_column(citations, "ita_year_be")), _years(_column(citations, "fiscal_year_be"))
    latest = int(catalog["ita_year_be"].max())
    code = _clean_code(_column(citations, "code"))
    return _Rows(
        year_key=np.array([-1 if y is None else y for y in year], dtype="int64"),
        anchor=np.array([y if y is not None else latest if f is None else f - 1 for y, f in zip(year, fiscal)],
                        dtype="int64"),
        code=code,
        bare=[None if c is not None else b for c, b in zip(code, _bare_number(_column(citations, "code_raw")))],
        qkey=_keys(_column(citations, "question_text")),
        fkey=_keys(_column(citations, "finding")),
    )


def _years(values: pd.Series) -> list[int | None]:
    """A year column as whole numbers, None where missing or not a number (`pd.to_numeric`, coerced).
    Python ints and missing values, what the pipeline passes, are taken as they are: pandas' conversions
    cost more than the rest of a document's matching."""
    raw = values.tolist()
    if all(type(v) is int or _missing(v) for v in raw):
        return [None if _missing(v) else v for v in raw]
    return pd.to_numeric(values, errors="coerce").astype("Int64").to_numpy(dtype=object, na_value=None).tolist()


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """An optional input column, all NA when the caller did not supply it."""
    return frame[name] if name in frame else pd.Series(pd.NA, index=frame.index, dtype="object")


def _per_text(transform: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], list[str | None]]:
    """`transform`, an element-wise cleaning of a text column, remembered per text; NA is None.

    A document's citations are a handful of rows, so pandas' fixed cost per operation, not the
    texts, was most of the matcher's time (issue 18), while the same codes and wordings recur from
    document to document. Only texts not seen before go through `transform` (in one call), so every
    result is `transform`'s own; values other than text are never remembered, and a missing value
    (None, NA, NaN) is missing after every cleaning step.
    """
    seen: dict[str, str | None] = {}

    @wraps(transform)
    def cached(values: pd.Series) -> list[str | None]:
        raw = [None if _missing(v) else v for v in values.tolist()]
        new = [v for v in dict.fromkeys(raw) if v is not None and not (isinstance(v, str) and v in seen)]
        done = transform(pd.Series(new, dtype=object)).to_numpy(dtype=object, na_value=None) if new else []
        fresh = dict(zip(new, done))
        if len(seen) > _REMEMBERED_TEXTS:
            seen.clear()
        seen.update((v, out) for v, out in fresh.items() if isinstance(v, str))
        return [None if v is None else fresh[v] if v in fresh else seen[v] for v in raw]

    return cached


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


@_per_text
def _clean_code(codes: pd.Series) -> pd.Series:
    """"E 12", "o๑๒", "O012" -> "e12", "o12", "o12"; anything else -> NA (no usable code)."""
    text = codes.astype("string").map(thai_digit_to_arabic_digit, na_action="ignore").astype("string")
    parts = text.str.lower().str.replace(r"\s+", "", regex=True).str.extract(CODE_PATTERN)
    return (parts[0] + parts[1]).astype("string")


@_per_text
def _bare_number(raw: pd.Series) -> pd.Series:
    """The digits of a code cell printed without its tool letter ("14", "ข้อ ๒๔"), else NA."""
    text = raw.astype("string").map(thai_digit_to_arabic_digit, na_action="ignore").astype("string")
    return text.str.extract(_BARE_NUMBER)[0].astype("string")


@_per_text
def _keys(texts: pd.Series) -> pd.Series:
    """`wording_key` of each text, NA where the text is missing or has no letters left."""
    keys = texts.astype("string").map(wording_key, na_action="ignore").astype("string")
    return keys.mask(keys == "")


class _Items(NamedTuple):
    """The candidate items of one year and what a batch compares them by."""

    concept: np.ndarray
    year: np.ndarray
    code: np.ndarray  # object: the items' codes
    keys: np.ndarray  # object: the items' comparison keys (`wording_key`)
    borrowed: np.ndarray
    by_code: dict[str, np.ndarray]  # code -> the items carrying it
    choices: np.ndarray  # unique keys and main-question keys, as `cdist` compares them
    choice_of_key: np.ndarray  # item -> its key's place in `choices`
    choice_of_stem: np.ndarray  # item -> its main question key's place in `choices`
    cores: list[str]  # main question keys without boilerplate, as findings are searched for them

    def __len__(self) -> int:
        return len(self.code)


def _candidates(catalog: pd.DataFrame, year: int) -> _Items:
    """The items a row of `year` may resolve to (-1: every item of every year).

    Built per call, not cached: with a cache the process that forks the workers collected its garbage
    later, and a worker forked before that collected the parent's old pools and crashed
    (test_agencies_cli; see `pipeline.executors`)."""
    items = (catalog.assign(borrowed=False) if year < 0 else year_items(catalog, year)).reset_index(drop=True)
    keys = items["text"].map(wording_key)
    stems = items["text"].map(stem).map(wording_key)
    codes = items["code"].to_numpy(dtype=object)
    by_code: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        by_code.setdefault(code, []).append(index)
    choices, pos = np.unique(np.concatenate([keys, stems]).astype(str), return_inverse=True)
    return _Items(concept=pd.factorize(items["concept_id"])[0], year=items["ita_year_be"].to_numpy(), code=codes,
                  keys=keys.to_numpy(dtype=object), borrowed=items["borrowed"].to_numpy(dtype=bool),
                  by_code={code: np.array(where) for code, where in by_code.items()},
                  choices=choices, choice_of_key=pos[: len(items)], choice_of_stem=pos[len(items):],
                  cores=stems.str.replace(_BOILERPLATE, "", regex=True).tolist())


def _code_candidates(codes: list[object], bare: list[object]) -> list[dict[str, bool]]:
    """For each row, every code its printed code may stand for, and whether that reading is literal.

    A printed code stands for itself. A bare number N stands for iN, eN and oN, and, when it starts
    with 1 or 0, also for i/o + the rest: "14" next to i4's wording is a misread "i4" (the reference
    README documents it). Those readings are not literal, so choosing one flags a code conflict.
    """
    out: list[dict[str, bool]] = []
    for code, number in zip(codes, bare):
        readings: dict[str, bool] = {}
        if isinstance(code, str):
            readings[code] = True
        if isinstance(number, str):
            for letter in "ieo":
                readings[letter + str(int(number))] = True
            for first, letter in (("1", "i"), ("0", "o")):
                rest = int(number[1:]) if len(number) >= 2 and number.startswith(first) else 0
                if rest > 0:
                    readings[f"{letter}{rest}"] = readings.get(f"{letter}{rest}", False)
        out.append(readings)
    return out


def _code_matrices(codes: list[dict[str, bool]], items: _Items) -> tuple[np.ndarray, np.ndarray]:
    """(allowed, literal): row x item, the items a row's code may name and whether literally."""
    allowed = np.zeros((len(codes), len(items)), dtype=bool)
    literal = np.zeros((len(codes), len(items)), dtype=bool)
    for row, readings in enumerate(codes):
        for code, is_literal in readings.items():
            hit = items.by_code.get(code)
            if hit is not None:
                allowed[row, hit] = True
                literal[row, hit] = is_literal
    return allowed, literal


class _Rows(NamedTuple):
    """Citations as the rules read them: plain arrays, None where a piece of evidence is missing."""

    year_key: np.ndarray
    anchor: np.ndarray
    code: list[str | None]
    bare: list[str | None]
    qkey: list[str | None]
    fkey: list[str | None]

    def by_year(self) -> list[tuple[int, np.ndarray]]:
        """(year, the positions of its rows), years in order."""
        return [(year, np.flatnonzero(self.year_key == year)) for year in np.unique(self.year_key)]

    def take(self, where: np.ndarray) -> _Rows:
        def pick(values: list[str | None]) -> list[str | None]:
            return [values[i] for i in where]

        return _Rows(self.year_key[where], self.anchor[where], pick(self.code), pick(self.bare), pick(self.qkey),
                     pick(self.fkey))

    def has(self, name: str) -> np.ndarray:
        return np.array([value is not None for value in getattr(self, name)], dtype=bool)


def _text_scores(keys: list[str | None], items: _Items, allowed: np.ndarray) -> np.ndarray:
    """Wording x item similarity (-1 where the row has no wording).

    `fuzz.ratio` with the full item or its main question, the larger (a wording without the IIT
    sub-questions then scores as high as the full one), computed once per unique wording; then
    raised to the fragment score (`_fragment_scores`) for each row's best few items and for the
    items its printed code allows, so that a truncated cell can still match its item.
    """
    present = [row for row, key in enumerate(keys) if key is not None]
    scores = np.full((len(keys), len(items)), -1.0, dtype=np.float32)
    if not present:
        return scores
    queries, where = np.unique(np.array([keys[row] for row in present], dtype=str), return_inverse=True)
    best = process.cdist(queries, items.choices, scorer=fuzz.ratio, workers=_workers(len(queries) * len(items.choices)),
                         dtype=np.float32)
    scores[present] = np.maximum(best[:, items.choice_of_key], best[:, items.choice_of_stem])[where]
    k = min(FRAGMENT_CANDIDATES, len(items))
    near = np.zeros_like(allowed)
    np.put_along_axis(near, np.argpartition(-scores, k - 1, axis=1)[:, :k], True, axis=1)
    pair_rows, pair_items = np.nonzero((near | allowed) & (scores >= 0))
    fragment = _fragment_scores(np.array(keys, dtype=object)[pair_rows], items.keys[pair_items])
    scores[pair_rows, pair_items] = np.maximum(scores[pair_rows, pair_items], fragment)
    return scores


def _workers(pairs: int) -> int:
    """rapidfuzz's threads for `pairs` comparisons: one for a document's few citations, where starting
    threads took longer than the comparisons (5 ms against 0.5 ms a call), all for a large batch."""
    return -1 if pairs >= _PARALLEL_PAIRS else 1


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
    scores[cut] = process.cpdist(wordings[cut], starts, scorer=fuzz.ratio, workers=_workers(cut.size))
    return scores


def _finding_scores(keys: list[str | None], items: _Items) -> np.ndarray:
    """Finding x item: how well the item's main question, boilerplate removed, appears in the finding."""
    present = [row for row, key in enumerate(keys) if key is not None]
    scores = np.zeros((len(keys), len(items)), dtype=np.float32)
    if not present:
        return scores
    queries, where = np.unique(np.array([keys[row] for row in present], dtype=str), return_inverse=True)
    found = process.cdist(queries, items.cores, scorer=fuzz.partial_ratio, workers=_workers(len(queries) * len(items.cores)),
                          dtype=np.float32)
    scores[present] = found[where]
    return scores


def _resolve(local: _Rows, index: pd.Index, items: _Items) -> pd.DataFrame:
    """Apply the rules to the rows of one year against that year's candidate items."""
    if len(items) == 0:
        anything = local.has("code") | local.has("bare") | local.has("qkey") | local.has("fkey")
        return _unmatched(index, np.where(anything, "no-catalog", "none"))
    allowed, literal = _code_matrices(_code_candidates(local.code, local.bare), items)
    tie = _TIE * np.abs(items.year[None, :] - local.anchor[:, None])
    evidence = _Evidence(items.concept, tie)
    text = evidence.rank(_text_scores(local.qkey, items, allowed))
    code = evidence.rank_within(text.scores, allowed)
    fits = code.agrees_with(text)
    needs_finding = local.has("fkey") & (
        (text.clear & ~fits & code.any) | (~local.has("qkey") & ~local.has("code") & ~local.has("bare")))
    finding = evidence.rank(_finding_scores([k if need else None for k, need in zip(local.fkey, needs_finding)],
                                            items), minimum=FINDING_MIN)
    choice, score, method, conflict = _decide(local, text, code, finding, literal, fits)
    return _output(index, items, choice, score, conflict, method)


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


def _decide(rows: _Rows, text: _Ranking, code: _Ranking, finding: _Ranking, literal: np.ndarray,
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
    has_text = rows.has("qkey")
    has_code = rows.has("code")
    cited = has_code | rows.has("bare")
    idx = np.arange(len(rows.anchor))
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
    unresolved = np.select([has_code & ~code.any, cited | has_text | rows.has("fkey")],
                           ["no-catalog", "review"], "none")
    return choice, score, np.where(choice >= 0, method, unresolved), conflict.astype(bool)


def _unmatched(index: pd.Index, method: np.ndarray) -> pd.DataFrame:
    """Result rows for a year the catalog does not cover at all."""
    return pd.DataFrame({"catalog_code": pd.Series(pd.NA, index=index, dtype="string"),
                         "catalog_year_be": pd.Series(pd.NA, index=index, dtype="Int64"),
                         "match_score": np.full(len(index), np.nan),
                         "code_conflict": np.zeros(len(index), dtype=bool),
                         "match_method": pd.Series(method, index=index, dtype="string")})


def _output(index: pd.Index, items: _Items, choice: np.ndarray, score: np.ndarray,
            conflict: np.ndarray, method: np.ndarray) -> pd.DataFrame:
    """Result rows: a borrowed item says so in its method and scores lower."""
    chosen = choice >= 0
    picked = np.where(chosen, choice, 0)
    borrowed = chosen & items.borrowed[picked]
    return pd.DataFrame({
        "catalog_code": pd.Series(items.code[picked], index=index, dtype="string").where(chosen),
        "catalog_year_be": pd.Series(items.year[picked], index=index, dtype="Int64").where(chosen),
        "match_score": np.where(chosen, np.round(np.clip(score - BORROW_PENALTY * borrowed, 0, 100), 1), np.nan),
        "code_conflict": conflict,
        "match_method": pd.Series(np.where(borrowed, "borrowed-year", method), index=index, dtype="string"),
    }, index=index)
