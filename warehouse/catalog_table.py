"""The ITA catalog inside the warehouse, the user's own catalog files, and catalog induction.

Users query citations with SQL and need the wording each (year, code) had, so the warehouse holds a
copy of the catalog, `catalog_questions`. The catalog is the shipped CSVs plus the user's files
(`ita catalog import`), so the copy is refreshed whenever the warehouse is opened for writing and
either source changed; `meta.catalog_version` says which catalog the copy is. Documents record the
version that matched them (`documents.catalog_version`), so a user sees which ones to re-ingest.

User files live in one folder per user, not per warehouse, because matching runs in extraction
workers that do not know which warehouse they feed: `$ITA_CATALOG_DIR`, else
`$XDG_CONFIG_HOME/ita/catalog` (`~/.config/ita/catalog`). Files apply in name order, later ones win.

Catalog induction (`learn_catalog`) proposes wordings for the (year, code) pairs the catalog lacks,
from what agencies print, and flags catalog entries most agencies contradict.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from corpus.catalog import CATALOG_VERSION, CODE_PATTERN, CONCEPT_THRESHOLD, TOOLS, load_catalog, stem, year_items
from corpus.match import wording_key

CATALOG_DIR_ENV = "ITA_CATALOG_DIR"
USER_CSV_COLUMNS = ["ita_year_be", "tool", "indicator_no", "indicator_name", "sub_indicator", "code", "text", "source"]
TABLE_COLUMNS = ["ita_year_be", "tool", "indicator_no", "code", "text", "source", "concept_id",
                 "indicator_name", "sub_indicator", "confidence", "catalog_version"]
LEARN_COLUMNS = ["kind", "ita_year_be", "tool", "code", "text", "agencies", "cited_by", "mean_similarity",
                 "catalog_year_be", "catalog_text", "catalog_similarity", "closest_code", "closest_similarity"]
# Two wordings are one question from this score on: the catalog's own rule for linking items across
# years (`corpus.catalog.CONCEPT_THRESHOLD`), so "same question" means one thing in the code base.
SAME_QUESTION = CONCEPT_THRESHOLD
MIN_AGENCIES = 3  # default support a proposal needs; one or two agencies may share a template's typo
MISPRINT = 95.0  # a proposal this similar to another item of its year is that item under a misprinted code
YEARS_BE = (2500, 2700)  # a plausible Buddhist-era year; 2025 is a Christian-era year typed by mistake

# Public tables (a contract: add columns, never rename) and the internal meta table.
_DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS catalog_questions (
    ita_year_be     INTEGER,   -- the ITA assessment year (BE)
    tool            VARCHAR,   -- IIT | EIT | OIT
    indicator_no    INTEGER,
    code            VARCHAR,   -- 'i1', 'e12', 'o24'
    text            VARCHAR,   -- the item's wording (IIT sub-questions after ' : ')
    source          VARCHAR,   -- where the wording was seen; 'user:FILE' for a user file without one
    concept_id      VARCHAR,   -- the same question across years: 'iit:2564:i23'
    indicator_name  VARCHAR,
    sub_indicator   VARCHAR,
    confidence      VARCHAR,   -- seen | inferred
    catalog_version VARCHAR    -- the catalog this row comes from (= meta.catalog_version)
);
-- a warehouse whose catalog_questions came from `warehouse.views.ensure_catalog` has only the contract columns
ALTER TABLE catalog_questions ADD COLUMN IF NOT EXISTS indicator_name VARCHAR;
ALTER TABLE catalog_questions ADD COLUMN IF NOT EXISTS sub_indicator VARCHAR;
ALTER TABLE catalog_questions ADD COLUMN IF NOT EXISTS confidence VARCHAR;
ALTER TABLE catalog_questions ADD COLUMN IF NOT EXISTS catalog_version VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS catalog_version VARCHAR;
"""


class CatalogFileError(ValueError):
    """A user catalog file cannot be used; the message says what is wrong and how to fix it."""


# --- the user's catalog files ---------------------------------------------------------------------

def user_catalog_dir() -> Path:
    """Where user catalog files are kept: $ITA_CATALOG_DIR, else $XDG_CONFIG_HOME/ita/catalog."""
    override = os.environ.get(CATALOG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "ita" / "catalog"


def user_catalog_files() -> list[Path]:
    """The user's catalog CSVs in the order they apply (by name; a later file wins)."""
    folder = user_catalog_dir()
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def catalog_version(files: Sequence[Path] | None = None) -> str:
    """The shipped VERSION, plus a hash of the user files' names and bytes when there are any.

    Names count because they decide which file wins an override.
    """
    files = user_catalog_files() if files is None else files
    if not files:
        return CATALOG_VERSION
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return f"{CATALOG_VERSION}+user.{digest.hexdigest()[:12]}"


class ActiveCatalog(NamedTuple):
    version: str
    items: pd.DataFrame  # `corpus.catalog.load_catalog` columns
    files: list[Path]


def active_catalog() -> ActiveCatalog:
    """The catalog matching uses now: shipped items overridden by the user's files.

    Raises CatalogFileError naming the broken file, since a user file is the only part that can break.
    """
    files = user_catalog_files()
    version = catalog_version(files)
    try:
        return ActiveCatalog(version, load_catalog(files), files)
    except ValueError as exc:  # also bad encodings and malformed CSV
        raise CatalogFileError(f"user catalog in {user_catalog_dir()} is unusable: {exc}. Fix or delete the "
                               "file (`ita catalog import` validates a file before copying it)") from exc


class ImportedCatalog(NamedTuple):
    path: Path  # the copy in the user catalog folder
    items: int
    overrides: int  # items that replace a shipped (year, code) wording


def import_catalog_file(path: Path) -> ImportedCatalog:
    """Validate a user CSV and copy it into the user catalog folder (same name, replacing a file of that name).

    Validation goes beyond the loader's (year, code, text present) to catch what users get wrong in
    spreadsheets: a non-UTF-8 export, Christian-era years, a tool that contradicts the code's
    letter, and the same (year, code) twice (the loader would silently keep the last one). Every
    problem of the file is reported in one pass, with its CSV line numbers, so one edit fixes them all.
    """
    raw = _read_user_csv(path)
    keys, problems = _check_rows(raw)
    if problems:
        raise CatalogFileError(f"{path} was not imported: {len(problems)} problem(s)\n"
                               + "\n".join(f"  {p}" for p in problems))
    try:
        load_catalog([path])  # the loader's own reading, as matching will do it
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogFileError(f"{path} was not imported: {str(exc).splitlines()[0]}") from exc
    shipped = load_catalog()[["ita_year_be", "code"]]
    overrides = len(keys.merge(shipped, on=["ita_year_be", "code"]))
    folder = user_catalog_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}.csv"
    if not (target.exists() and target.samefile(path)):  # importing a file from the folder itself
        shutil.copyfile(path, target)
    return ImportedCatalog(target, len(keys), overrides)


def _read_user_csv(path: Path) -> pd.DataFrame:
    """The file's cells as text; what stops reading at all (encoding, no columns) is a CatalogFileError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogFileError(f"{path} is not UTF-8 text (line {line}); in Excel use 'Save As > CSV UTF-8'") from exc
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:  # an unclosed quote: nothing after it can be read as rows
        raise CatalogFileError(f"{path} was not imported: 1 problem(s)\n  a quote (\") opened on or before line "
                               f"{reader.line_num} is never closed ({exc}); close it or remove it") from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise CatalogFileError(f"{path} is empty; a catalog file needs a header with ita_year_be, code, text")
    header = [cell.strip() for cell in rows[0]]
    missing = [c for c in ("ita_year_be", "code", "text") if c not in header]
    if missing:
        optional = ", ".join(c for c in USER_CSV_COLUMNS if c not in ("ita_year_be", "code", "text"))
        raise CatalogFileError(f"{path}: missing column(s) {', '.join(missing)}; a catalog file needs the columns "
                               f"ita_year_be, code, text (optional: {optional})")
    body = rows[1:]
    if not any(any(cell.strip() for cell in r) for r in body):
        raise CatalogFileError(f"{path} has a header but no items; add one row per item")
    frame = pd.DataFrame([(r + [""] * len(header))[: len(header)] for r in body], columns=header, dtype=str)
    frame["_extra_cells"] = [len(r) - len(header) for r in body]
    return frame


def _check_rows(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Every problem of the rows, each naming its CSV lines (the header is line 1): cell count, year,
    code, text, tool vs code letter, indicator number, the same item twice. Returns the rows'
    (ita_year_be, code) keys, normalised as the loader does, and the problems."""
    problems: list[str] = []

    def report(mask: pd.Series, what: str, fix: str) -> None:
        if mask.any():
            problems.append(f"{what} on line(s) {_lines(mask)}; {fix}")

    blank = raw.drop(columns="_extra_cells").apply(lambda col: col.str.strip() == "").all(axis=1)
    raw = raw[~blank]  # empty lines Excel leaves at the end
    report(raw["_extra_cells"] > 0, "more cells than the header has columns",
           "a text with a comma must be quoted")
    years = pd.to_numeric(raw["ita_year_be"].str.strip(), errors="coerce")
    report(years.isna() | (years % 1 != 0), "the year is not a whole number", "write it as 2568")
    report(years.notna() & (years < YEARS_BE[0]), "a Christian-era year",
           "years are Buddhist-era (2568, not 2025: add 543)")
    report(years.notna() & (years > YEARS_BE[1]), f"a year after {YEARS_BE[1]}", "check the year")
    parts = raw["code"].str.lower().str.replace(r"\s+", "", regex=True).str.extract(CODE_PATTERN)
    report(parts[0].isna(), "not a valid code", "write i, e or o and a number (i12, e5, o24)")
    report(raw["text"].str.strip() == "", "the text (the question's wording) is empty", "fill it in")
    if "tool" in raw:
        given = raw["tool"].str.strip().str.upper()
        report((given != "") & parts[0].notna() & (given != parts[0].map(TOOLS)),
               "the tool does not fit the code's letter (i = IIT, e = EIT, o = OIT)", "fix the tool or leave it blank")
    if "indicator_no" in raw:
        number = raw["indicator_no"].str.strip()
        report((number != "") & pd.to_numeric(number, errors="coerce").isna(), "indicator_no is not a number",
               "write the indicator's number or leave it blank")
    keys = pd.DataFrame({"ita_year_be": years.fillna(0).astype("int64"), "code": parts[0] + parts[1]},
                        index=raw.index)
    report(keys["code"].notna() & keys.duplicated(keep=False), "the same year and code", "keep one row per item")
    return keys.dropna(), problems


def _lines(mask: pd.Series) -> str:
    """CSV line numbers of the rows in `mask` (data starts on line 2), the first ten."""
    lines = [str(i + 2) for i in mask.index[mask]]
    return ", ".join(lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")


# --- the warehouse copy -----------------------------------------------------------------------------

def sync_catalog(con: duckdb.DuckDBPyConnection) -> bool:
    """Create the catalog tables and refill `catalog_questions` when the catalog changed; True if refilled.

    Cheap when nothing changed (a hash of the user files), so it runs on every writable open.
    One transaction: a reader never sees an empty or half-written catalog. Raises
    CatalogFileError for a broken user file.
    """
    con.execute(_DDL)
    if stored_catalog_version(con) == catalog_version():
        return False
    catalog = active_catalog()
    frame = catalog.items.assign(catalog_version=catalog.version)[TABLE_COLUMNS]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM catalog_questions")
        con.register("_catalog", frame)
        try:
            con.execute("INSERT INTO catalog_questions BY NAME SELECT * REPLACE (CAST(ita_year_be AS INTEGER) "
                        "AS ita_year_be, CAST(indicator_no AS INTEGER) AS indicator_no) FROM _catalog")
        finally:
            con.unregister("_catalog")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('catalog_version', ?)", [catalog.version])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def stored_catalog_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The catalog version `catalog_questions` holds (None before the first sync): the one to record
    in `documents.catalog_version` when a document is loaded."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'catalog_version'").fetchone()
    except duckdb.CatalogException:  # a warehouse opened read-only before its first sync
        return None
    return row[0] if row else None


def warehouse_catalog(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The catalog the warehouse holds, or the active one for a warehouse not synced yet."""
    if stored_catalog_version(con) is None:
        return active_catalog().items
    return con.execute("SELECT * FROM catalog_questions").df()


# --- catalog induction --------------------------------------------------------------------------------

_CITATIONS_SQL = """
    SELECT coalesce(d.ita_year_be, d.fiscal_year_be - 1) AS ita_year_be, lower(q.code) AS code,
           q.question_text AS text, coalesce(d.agency_id, d.doc_id) AS agency
    FROM measure_questions q JOIN documents d USING (doc_id)
    WHERE q.code IS NOT NULL AND trim(coalesce(q.question_text, '')) <> ''
    UNION ALL
    SELECT coalesce(d.ita_year_be, d.fiscal_year_be - 1), lower(w.code), w.question_text,
           coalesce(d.agency_id, d.doc_id)
    FROM weak_questions w JOIN documents d USING (doc_id)
    WHERE w.code IS NOT NULL AND trim(coalesce(w.question_text, '')) <> ''
"""


def printed_citations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every printed (ita_year_be, code, text) with the agency that printed it (doc_id if unknown).

    The year is the assessment the document analysed; a plan for fiscal year N that does not say
    answers the assessment of N-1 (the rule `pipeline.resolve` matches with).
    """
    frame = con.execute(_CITATIONS_SQL).df()
    frame = frame[frame["code"].str.fullmatch(CODE_PATTERN.pattern) & frame["ita_year_be"].notna()]
    return frame.astype({"ita_year_be": "int64"}).reset_index(drop=True)


@dataclass(frozen=True)
class Consensus:
    """The wording most agencies print for one (year, code), and how strongly they agree."""

    text: str
    agencies: int  # distinct agencies printing a wording of the biggest cluster
    cited_by: int  # distinct agencies printing any wording for the (year, code)
    mean_similarity: float  # agencies' wordings in the cluster against the medoid, agency-weighted


def learn_catalog(citations: pd.DataFrame, catalog: pd.DataFrame, min_agencies: int = MIN_AGENCIES) -> pd.DataFrame:
    """Proposals (`LEARN_COLUMNS`) from printed citations (`printed_citations`) against a catalog.

    kind "new": the year and its framework neighbours have no item under the code, and a majority
    of the agencies citing it (at least `min_agencies`) print one wording: the medoid of the
    biggest cluster. kind "contradiction": the catalog (or the neighbour it borrows from) has the
    item, but such a majority prints a wording that is not the same question (`SAME_QUESTION`).
    `closest_code` names the year's catalog item most like the proposal, which exposes a code
    agencies commonly misprint rather than a catalog gap.
    """
    rows = []
    for (year, code), group in citations.groupby(["ita_year_be", "code"], sort=True):
        found = _consensus(group)
        if found is None or found.agencies < min_agencies or 2 * found.agencies <= found.cited_by:
            continue
        items = year_items(catalog, int(year))
        entry = items[items["code"] == code]
        proposal = _proposal(int(year), str(code), found, items, entry)
        if proposal is not None:
            rows.append(proposal)
    out = pd.DataFrame(rows, columns=LEARN_COLUMNS).astype(
        {"ita_year_be": "int64", "agencies": "int64", "cited_by": "int64", "catalog_year_be": "Int64",
         "catalog_similarity": "float64", "closest_similarity": "float64"})
    order = out.assign(_n=out["code"].str[1:].astype(int)).sort_values(["kind", "ita_year_be", "tool", "_n"])
    return out.loc[order.index].reset_index(drop=True)


def _proposal(year: int, code: str, found: Consensus, items: pd.DataFrame, entry: pd.DataFrame) -> dict | None:
    """One output row, or None when the catalog already has the wording agencies print."""
    catalog_year = catalog_text = catalog_similarity = None
    if not entry.empty:
        catalog_year, catalog_text = int(entry["ita_year_be"].iloc[0]), str(entry["text"].iloc[0])
        catalog_similarity = float(_similarity([found.text], [catalog_text])[0, 0])
        if catalog_similarity >= SAME_QUESTION:
            return None
    closest_code, closest_similarity = None, None
    if not items.empty:
        scores = _similarity([found.text], items["text"].tolist())[0]
        best = int(scores.argmax())
        closest_code, closest_similarity = str(items["code"].iloc[best]), round(float(scores[best]), 1)
    return {"kind": "new" if entry.empty else "contradiction", "ita_year_be": year, "tool": TOOLS[code[0]],
            "code": code, "text": found.text, "agencies": found.agencies, "cited_by": found.cited_by,
            "mean_similarity": round(found.mean_similarity, 1), "catalog_year_be": catalog_year,
            "catalog_text": catalog_text,
            "catalog_similarity": None if catalog_similarity is None else round(catalog_similarity, 1),
            "closest_code": closest_code, "closest_similarity": closest_similarity}


def _similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Wording x wording, as the matcher compares: `fuzz.ratio` of comparison keys, the larger of
    the full wording and the main question (agencies often drop IIT sub-questions)."""
    full = process.cdist([wording_key(t) for t in a], [wording_key(t) for t in b], scorer=fuzz.ratio, workers=-1)
    main = process.cdist([wording_key(stem(t)) for t in a], [wording_key(stem(t)) for t in b],
                         scorer=fuzz.ratio, workers=-1)
    return np.maximum(full, main)


def _consensus(group: pd.DataFrame) -> Consensus | None:
    """Cluster one (year, code)'s printed wordings; the medoid of the cluster most agencies print.

    Wordings are first grouped by comparison key (spacing and line wraps vary, not the question),
    each key shown by its most common printing. Clusters grow around the most printed keys
    (leader clustering: deterministic and immune to chaining), a key joining the best leader it
    matches at `SAME_QUESTION` or more.
    """
    group = group.assign(key=group["text"].map(wording_key))
    group = group[group["key"] != ""]
    if group.empty:
        return None
    agencies = group.groupby("key")["agency"].agg(lambda a: frozenset(a))
    shown = group.groupby("key")["text"].agg(_representative)
    order = sorted(agencies.index, key=lambda k: (-len(agencies[k]), k))
    texts = [shown[k] for k in order]
    weights = np.array([len(agencies[k]) for k in order], dtype=float)
    sim = _similarity(texts, texts)
    members = _leader_clusters(sim)
    support = [frozenset().union(*(agencies[order[i]] for i in m)) for m in members]
    biggest = max(range(len(members)), key=lambda c: (len(support[c]), -c))
    cluster = members[biggest]
    within = sim[np.ix_(cluster, cluster)]
    w = weights[cluster]
    medoid = cluster[int(np.argmax(within @ w))]
    mean = float(sim[medoid, cluster] @ w / w.sum())
    return Consensus(texts[medoid], len(support[biggest]), int(group["agency"].nunique()), mean)


def _representative(texts: pd.Series) -> str:
    """The printing of a wording to show: the most common, then the shortest (fewest stray spaces)."""
    counts = texts.str.split().str.join(" ").value_counts()
    return min(counts.index, key=lambda t: (-counts[t], len(t), t))


def _leader_clusters(sim: np.ndarray) -> list[list[int]]:
    """Clusters of positions 0..n-1 (already ordered by support): each joins its best leader or leads."""
    leaders: list[int] = []
    members: list[list[int]] = []
    for i in range(len(sim)):
        scores = [sim[i, leader] for leader in leaders]
        if scores and max(scores) >= SAME_QUESTION:
            members[int(np.argmax(scores))].append(i)
        else:
            leaders.append(i)
            members.append([i])
    return members


def misprints(proposals: pd.DataFrame) -> pd.Series:
    """Proposals whose wording is another item of the year (similarity >= `MISPRINT`): agencies print
    that item under a wrong code, and importing the proposal would put its wording under a second code."""
    return (proposals["closest_code"].notna() & (proposals["closest_code"] != proposals["code"])
            & (proposals["closest_similarity"] >= MISPRINT))


def proposals_csv(proposals: pd.DataFrame, path: Path) -> int:
    """Write proposals as a user catalog file, ready for `ita catalog import` after review; returns the
    rows written. Misprints (`misprints`) are left out; each row carries its closest catalog item
    (`closest_code`, `closest_similarity`) for the review (the importer ignores those columns).

    UTF-8 with a byte-order mark, so that Excel (where people review Thai CSVs) shows the Thai text.
    """
    kept = proposals[~misprints(proposals)]
    source = [f"agency-documents:ita catalog learn ({n} agencies, similarity {m:.0f})"
              for n, m in zip(kept["agencies"], kept["mean_similarity"])]
    frame = kept.assign(source=source).reindex(columns=[*USER_CSV_COLUMNS, "closest_code", "closest_similarity"])
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return len(frame)
