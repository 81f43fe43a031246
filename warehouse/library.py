"""The measure library: what peers wrote for each ITA question, near-duplicates clustered.

Agencies copy plans from each other and from templates, changing a name or a word, and the same
plan is often ingested twice (PDF and text export). Counting texts would count those copies as
different measures; clustering their comparison keys (`corpus.catalog.text_key`: no spaces, Thai
digits as Arabic, damaged marks unified) with `fuzz.ratio` >= `SIMILARITY` makes "how many agencies
wrote this step" a meaningful number. Thai has no spaces between words, so token scorers do not
apply: the ratio is on characters.

Grouping is per catalog concept (`corpus.catalog.concept_ids`), so steps written for 2564 i23 and for
2566 i19 (the same question renumbered) pool together. The result is the `measure_library` table
(one row per occurrence; `v_measure_library` aggregates the clusters). Building it is too slow to
repeat per query on a large warehouse, so it is stored with a fingerprint of the loaded documents
and rebuilt only when they change (`ensure_library`). Two small tables are derived in the same pass,
for the same reason (a plan must draft in under a second on 10,000 agencies):

* `agency_profiles(agency_key, concept, years)`: the concepts each agency cites (v_agency_weaknesses),
  with the number of ITA years it cites each: the weakness profile plans compare agencies by;
* `item_agencies(ita_year_be, code, agencies)`: how many agencies cite each item per year;
* `measure_clusters(concept_id, kind, cluster_no, agencies, rose, fell)`: per cluster, the agencies
  that wrote it and how many of them saw their indicator score rise or fall afterwards.

Each library row also carries the agency's score on the item's indicator in the year the plan
answered (`score_before`) and at its next assessment in the warehouse (`score_after`), so a plan can
prefer steps after which scores rose.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process

from corpus.catalog import CATALOG_VERSION, text_key
from warehouse.adapt import clean, vote_spaces

SIMILARITY = 85.0  # a name or a word changed in a 60-letter step still scores ~90; another step < 70
RULE = "6"  # bump when the table's columns or the clustering change: stored libraries are then rebuilt
KINDS = ("step", "measure", "finding", "unit")
COLUMNS = ["concept_id", "kind", "cluster_no", "cluster_text", "text", "position", "agency_id", "doc_id", "measure_id",
           "ita_year_be", "fiscal_year_be", "catalog_year_be", "code", "indicator_no", "issue_no", "file_name", "page",
           "score_before", "score_after"]

_TABLE = """(
    concept_id     VARCHAR,   -- catalog concept the row's cited item belongs to
    kind           VARCHAR,   -- step | measure | finding | unit
    cluster_no     INTEGER,   -- 1 = the cluster the most agencies used, per concept and kind
    cluster_text   VARCHAR,   -- the cluster's representative wording (the variant most agencies wrote)
    text           VARCHAR,   -- this occurrence's wording, spaces collapsed
    position       INTEGER,   -- 1-based order of a step or unit within its row (NULL for measure, finding)
    agency_id      VARCHAR,
    doc_id         VARCHAR,
    measure_id     VARCHAR,
    ita_year_be    INTEGER,
    fiscal_year_be INTEGER,
    catalog_year_be INTEGER,
    code           VARCHAR,
    indicator_no   INTEGER,
    issue_no       INTEGER,   -- the ประเด็น the agency filed the row under (measures.issue_no)
    file_name      VARCHAR,   -- the source document and page, for citing it
    page           INTEGER,
    score_before   DOUBLE,    -- the agency's indicator score in ita_year_be
    score_after    DOUBLE     -- its score at its next assessment in the warehouse (NULL: none yet)
)"""
LIBRARY_DDL = f"""CREATE TABLE IF NOT EXISTS measure_library {_TABLE};
CREATE TABLE IF NOT EXISTS measure_library_state (fingerprint VARCHAR, built_at TIMESTAMP, occurrences BIGINT);"""

_ROWS = """
    WITH rows AS (
        SELECT DISTINCT m.measure_id, m.doc_id, d.agency_id,
               coalesce(d.ita_year_be, q.catalog_year_be) AS ita_year_be, d.fiscal_year_be, q.catalog_year_be,
               q.catalog_code AS code, c.concept_id, c.indicator_no, m.issue_no, d.file_name, m.page_first AS page,
               m.measure, m.steps, m.finding, m.responsible
        FROM measure_questions q JOIN measures m USING (measure_id) JOIN documents d ON d.doc_id = m.doc_id
        JOIN catalog_questions c ON c.ita_year_be = q.catalog_year_be AND c.code = q.catalog_code
        WHERE d.agency_id IS NOT NULL AND d.status <> 'failed'
    ),
    s AS (SELECT agency_id, ita_year_be, indicator_no, score FROM v_agency_score_values WHERE scope = 'indicator'),
    moved AS (
        SELECT r.measure_id, r.concept_id, any_value(b.score) AS score_before,
               arg_min(l.score, l.ita_year_be) AS score_after
        FROM rows r
        LEFT JOIN s b ON b.agency_id = r.agency_id AND b.ita_year_be = r.ita_year_be AND b.indicator_no = r.indicator_no
        LEFT JOIN s l ON l.agency_id = r.agency_id AND l.indicator_no = r.indicator_no AND l.ita_year_be > r.ita_year_be
        GROUP BY r.measure_id, r.concept_id
    )
    SELECT * FROM rows JOIN moved USING (measure_id, concept_id)
"""
_DERIVED = {
    "agency_profiles": """
        SELECT agency_key, concept, count(*) AS years FROM (
            SELECT DISTINCT agency_key, coalesce(concept_id, code) AS concept, ita_year_be FROM v_agency_weaknesses)
        GROUP BY agency_key, concept""",
    "item_agencies": """
        SELECT ita_year_be, code, count(DISTINCT agency_key) AS agencies FROM v_agency_weaknesses
        GROUP BY ita_year_be, code""",
    # Per cluster: agencies that wrote it, and of those, whose indicator score rose / fell at their
    # next assessment, judged at each agency's first use of the cluster.
    "measure_clusters": """
        SELECT concept_id, kind, cluster_no, count(*) AS agencies,
               count(*) FILTER (WHERE after > before) AS rose, count(*) FILTER (WHERE after < before) AS fell
        FROM (SELECT concept_id, kind, cluster_no, agency_id, arg_min(score_before, ita_year_be) AS before,
                     arg_min(score_after, ita_year_be) AS after
              FROM measure_library GROUP BY concept_id, kind, cluster_no, agency_id)
        GROUP BY concept_id, kind, cluster_no""",
}


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever a document is added or re-loaded (or the catalog or this module's rule changes)."""
    n, h = con.execute("SELECT count(*), coalesce(sum(hash(doc_id || CAST(ingested_at AS VARCHAR))), 0) "
                       "FROM documents").fetchall()[0]
    return f"{RULE}:{CATALOG_VERSION}:{SIMILARITY}:{n}:{h}"


def _texts(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (measure row, concept, kind, text): the texts a row contributes.

    `step` is each step, or the measure itself when the row lists no separate steps (some layouts put
    the action in the มาตรการ column only); `measure` is the มาตรการ heading when printed.
    """
    base = ["measure_id", "doc_id", "agency_id", "ita_year_be", "fiscal_year_be", "catalog_year_be", "code",
            "concept_id", "indicator_no", "issue_no", "file_name", "page", "score_before", "score_after"]
    rows = rows.assign(
        step=[list(s) if s is not None and len(s) else ([m] if m else [])
              for s, m in zip(rows["steps"], rows["measure"])],
        unit=[list(r) if r is not None else [] for r in rows["responsible"]],
    )
    parts = []
    for kind in KINDS:
        part = rows[base + [kind]]
        if kind in ("step", "unit"):  # lists: one row per item, numbered in the order the agency wrote them
            part = part.explode(kind)
            part = part.assign(position=part.groupby(level=0).cumcount() + 1)
        parts.append(part.rename(columns={kind: "text"}).assign(kind=kind))
    texts = pd.concat(parts, ignore_index=True)
    texts = texts[texts["text"].notna()]
    # Copied plans repeat the same texts thousands of times: normalise each distinct text once.
    distinct = pd.unique(texts["text"])
    shown = dict(zip(distinct, map(clean, distinct)))  # no tags, entities or runs of spaces
    keys = {t: text_key(t) for t in set(shown.values())}
    texts["text"] = texts["text"].map(shown)
    texts["key"] = texts["text"].map(keys)
    return texts[texts["key"].str.len() > 0].drop_duplicates(["measure_id", "concept_id", "kind", "key"])


def _cluster(keys: pd.Series, weights: pd.Series) -> dict[str, int]:
    """Leader clustering: keys in order of weight join the first leader they match, else lead.

    Ordering by (weight desc, key) makes the result deterministic and makes every leader the most
    used wording of its cluster; cluster numbers follow the order of the leaders.
    """
    order = pd.DataFrame({"key": keys, "w": weights}).sort_values(["w", "key"], ascending=[False, True])
    leaders: list[str] = []
    assigned: dict[str, int] = {}
    for key in order["key"]:
        hit = process.extractOne(key, leaders, scorer=fuzz.ratio, score_cutoff=SIMILARITY) if leaders else None
        if hit is None:
            leaders.append(key)
            assigned[key] = len(leaders)
        else:
            assigned[key] = hit[2] + 1
    return assigned


def build_library(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The `measure_library` rows for everything in the warehouse (COLUMNS)."""
    texts = _texts(con.execute(_ROWS).df())
    if texts.empty:
        return pd.DataFrame(columns=COLUMNS)
    per_key = texts.groupby(["concept_id", "kind", "key"], sort=False)["agency_id"].nunique().rename("w").reset_index()
    clusters = []
    for (concept, kind), group in per_key.groupby(["concept_id", "kind"], sort=True):
        assigned = _cluster(group["key"], group["w"])
        clusters.append(pd.DataFrame({"concept_id": concept, "kind": kind, "key": list(assigned),
                                      "cluster_no": list(assigned.values())}))
    texts = texts.merge(pd.concat(clusters, ignore_index=True), on=["concept_id", "kind", "key"])
    # The cluster's wording: the letters most agencies wrote, then most documents print, then the first;
    # spaced as most of the documents printing those letters space them (`vote_spaces`: readers
    # differ on line-wrap spaces, and a tie must not go to whichever variant sorts first).
    texts["letters"] = texts["text"].str.replace(" ", "", regex=False)
    group = ["concept_id", "kind", "cluster_no"]
    letters = (texts.groupby([*group, "letters"]).agg(n=("agency_id", "nunique"), docs=("doc_id", "nunique"))
               .reset_index().sort_values(["n", "docs", "letters"], ascending=[False, False, True])
               .drop_duplicates(group))
    spellings = (texts.merge(letters[[*group, "letters"]], on=[*group, "letters"])
                 .groupby([*group, "text"])["doc_id"].nunique().reset_index())
    best = pd.DataFrame(
        [(*key, vote_spaces(list(zip(g["text"], g["doc_id"])))) for key, g in spellings.groupby(group, sort=False)],
        columns=[*group, "cluster_text"])
    # Stored in concept order, so that a plan's lookups of a few concepts skip most of the table.
    return (texts.merge(best, on=group)[COLUMNS]
            .sort_values(["concept_id", "agency_id", "kind", "cluster_no", "measure_id"], kind="stable"))


def refresh_library(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Rebuild `measure_library` (and the derived tables) if documents changed since it was built;
    True when it was rebuilt. One transaction: readers see the old library or the new one."""
    stamp = fingerprint(con)
    state = con.execute("SELECT fingerprint FROM measure_library_state").fetchall()
    if not force and state and state[0][0] == stamp:
        return False
    library = build_library(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DROP TABLE IF EXISTS measure_library; CREATE TABLE measure_library {_TABLE}")
        if not library.empty:
            con.register("_library", library)
            con.execute(f"INSERT INTO measure_library SELECT {', '.join(COLUMNS)} FROM _library")
            con.unregister("_library")
        for name, query in _DERIVED.items():
            con.execute(f"CREATE OR REPLACE TABLE {name} AS {query}")
        con.execute("DELETE FROM measure_library_state")
        con.execute("INSERT INTO measure_library_state VALUES (?, ?, ?)",
                    [stamp, datetime.now(timezone.utc).replace(tzinfo=None), len(library)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the stored library was built from the documents loaded now."""
    try:
        state = con.execute("SELECT fingerprint FROM measure_library_state").fetchall()
    except duckdb.CatalogException:  # a warehouse from before the library
        return False
    return bool(state) and state[0][0] == fingerprint(con)


def ensure_library(db: str | Path) -> None:
    """Make the stored library current, opening the warehouse for writing only when it is stale."""
    from warehouse.load import connect

    with duckdb.connect(str(db), read_only=True) as con:
        if is_fresh(con):
            return
    con = connect(db)
    try:
        refresh_library(con)
    finally:
        con.close()
