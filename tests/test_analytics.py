"""Analytical views and queries on the samples and on a generated 60-agency warehouse with known answers.

The synthetic warehouse (`warehouse.synthetic`) follows arithmetic rules, so every expected number
below is computed from those rules in plain Python, never from the SQL under test.
"""
from __future__ import annotations

import shutil

import click
import duckdb
import numpy as np
import pytest
from click.testing import CliRunner

from corpus.catalog import grade_for, load_catalog, year_items
from pipeline.cli_analytics import COMMANDS
from warehouse import queries, synthetic
from warehouse.library import ensure_library
from warehouse.load import connect
from warehouse.question_queries import question_views
from warehouse.views import VIEWS, missing_views

N = 60
YEARS = synthetic.YEARS


@pytest.fixture(scope="module")
def syn_db(tmp_path_factory):
    db = synthetic.build(tmp_path_factory.mktemp("syn") / "syn.duckdb", N)
    ensure_library(db)
    return db


@pytest.fixture(scope="module")
def samples(sample_db, tmp_path_factory):
    """A copy of the sample warehouse, so building its library leaves the shared one untouched."""
    db = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    shutil.copy(sample_db, db)
    ensure_library(db)
    return db


def item(year: int, j: int) -> tuple[str, str]:
    """(code, concept) of the synthetic item j in `year`."""
    concept = synthetic.items()[j]
    row = year_items(load_catalog(), year).set_index("concept_id").loc[concept]
    return row["code"], concept


def citing(t: int, j: int, kinds: range = range(N)) -> set[int]:
    return {k for k in kinds if synthetic.cites(k, t, j)}


def cli() -> click.Group:
    return click.Group("ita", commands={c.name: c for c in COMMANDS})


# ------------------------------------------------------------------------------------------ samples

def test_sample_weaknesses_count_agencies_not_files(samples):
    frame = queries.weaknesses(samples, year=2567, limit=100)
    e12 = frame[frame["code"] == "e12"].iloc[0]
    con = duckdb.connect(str(samples), read_only=True)
    try:
        n, citing, files = con.execute("""
            SELECT (SELECT count(DISTINCT agency_id) FROM documents WHERE ita_year_be = 2567),
                   count(DISTINCT d.agency_id), count(*)
            FROM (SELECT doc_id FROM measure_questions WHERE catalog_code = 'e12'
                  UNION ALL SELECT doc_id FROM weak_questions WHERE catalog_code = 'e12') c
            JOIN documents d USING (doc_id) WHERE d.ita_year_be = 2567""").fetchall()[0]
    finally:
        con.close()
    # every sample is ingested as 3 PDFs and a text file: each agency counts once, each file's citation once
    assert files >= 4 * citing and e12["agencies"] == citing and e12["citations"] == files
    assert e12["agencies_in_selection"] == n and e12["pct_agencies"] == round(100 * citing / n, 1)
    assert e12["concept_id"] == "eit:2566:e12" and e12["indicator_no"] == 8


def test_sample_measure_library_clusters_the_four_renderings_of_one_plan(samples):
    con = duckdb.connect(str(samples), read_only=True)
    try:
        lib = con.execute("SELECT * FROM v_measure_library WHERE concept_id = 'eit:2566:e12' AND kind = 'step' "
                          "ORDER BY cluster_no").df()
    finally:
        con.close()
    assert len(lib) == 3 and lib["agencies"].eq(1).all()  # three steps, each written by one agency
    assert any(t.startswith("เปิดช่องทางชำระภาษีที่ดิน") for t in lib["text"])
    assert lib["doc_ids"].map(len).eq(4).all()


def test_old_warehouse_gains_the_views_on_first_query(tmp_path):
    db = tmp_path / "old.duckdb"
    connect(db).close()
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW v_weaknesses")
    con.close()
    assert queries.weaknesses(db).empty


def test_the_views_checked_on_opening_are_the_views_made(tmp_path):
    """Opening a warehouse checks the names in `VIEWS` without building their SQL (which imports the
    catalog): each view the loader makes is among them, so an older warehouse lacking one is upgraded."""
    db = tmp_path / "w.duckdb"
    connect(db).close()
    con = duckdb.connect(str(db), read_only=True)
    try:
        made = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert missing_views(con) == []
    finally:
        con.close()
    assert made - set(question_views()) == set(VIEWS)


# ------------------------------------------------------------------------------------------ synthetic

def test_weakness_counts_and_shares(syn_db):
    t, year = 1, YEARS[1]
    frame = queries.weaknesses(syn_db, year=year, limit=100).set_index("code")
    for j in range(synthetic.N_ITEMS):
        code, concept = item(year, j)
        expected = citing(t, j)
        assert frame.loc[code, "agencies"] == len(expected), code
        assert frame.loc[code, "pct_agencies"] == round(100 * len(expected) / N, 1)
        assert frame.loc[code, "concept_id"] == concept
    # analyses name the first cited item as weak
    first = [min((j for j in range(synthetic.N_ITEMS) if synthetic.cites(k, t, j)), default=None) for k in range(N)]
    code0, _ = item(year, 0)
    assert frame.loc[code0, "in_analyses"] == first.count(0)


def test_weaknesses_by_type_and_province_add_up(syn_db):
    t, year, j = 2, YEARS[2], 0
    code, _ = item(year, j)
    con = duckdb.connect(str(syn_db), read_only=True)
    try:
        cells = con.execute("SELECT agency_type, province, agencies, agencies_in_group FROM v_weaknesses "
                            "WHERE ita_year_be = ? AND code = ?", [year, code]).df()
    finally:
        con.close()
    assert cells["agencies"].sum() == len(citing(t, j))
    kind = synthetic.TYPES[0]
    mine = {k for k in citing(t, j) if k % 3 == 0}
    assert cells.loc[cells["agency_type"] == kind, "agencies"].sum() == len(mine)
    filtered = queries.weaknesses(syn_db, year=year, agency_type=kind, limit=100).set_index("code")
    assert filtered.loc[code, "agencies"] == len(mine)
    assert filtered.loc[code, "agencies_in_selection"] == N // 3


def test_trend_by_concept_and_counts_by_indicator(syn_db):
    trend = queries.weaknesses(syn_db, by="concept", years="2565-2567", limit=100).set_index("concept")
    for j, concept in enumerate(synthetic.items()):
        for t, year in enumerate(YEARS):
            assert trend.loc[concept, f"agencies_{year}"] == len(citing(t, j))
    by_tool = queries.weaknesses(syn_db, by="tool", year=2567).set_index("tool")
    iit = [j for j, c in enumerate(synthetic.items()) if c.startswith("iit")]
    assert by_tool.loc["IIT", "agencies"] == len({k for j in iit for k in citing(2, j)})
    with pytest.raises(queries.QueryError, match="either a year or a range"):
        queries.weaknesses(syn_db, year=2567, years="2565-2567")
    with pytest.raises(queries.QueryError, match="range"):
        queries.weaknesses(syn_db, years="2567-2565")


def test_agency_scores_one_row_per_agency_and_year(syn_db):
    con = duckdb.connect(str(syn_db), read_only=True)
    try:
        scores = con.execute("SELECT * FROM v_agency_scores").df().set_index(["agency_id", "ita_year_be"])
    finally:
        con.close()
    assert len(scores) == N * len(YEARS)
    k, t = 7, 1
    row = scores.loc[(synthetic.agency_id(k), YEARS[t])]
    ind = [synthetic.indicator_score(k, i, t) for i in range(1, 11)]
    assert [row[f"ind_{i}"] for i in range(1, 11)] == ind
    overall = round(0.3 * np.mean(ind[:5]) + 0.3 * np.mean(ind[5:8]) + 0.4 * np.mean(ind[8:]), 2)
    assert row["overall"] == pytest.approx(overall) and row["grade"] == grade_for(YEARS[t], overall)


def test_compare_percentiles_against_the_same_type(syn_db):
    k, t = 4, 2
    frame = queries.compare(syn_db, synthetic.agency_name(k))
    peers = [p for p in range(N) if p % 3 == k % 3 and p != k]  # < 5 per province: the whole type
    assert frame.attrs["peer_group"].endswith(f"(n={len(peers)})")
    for i in range(1, 11):
        mine = synthetic.indicator_score(k, i, t)
        others = np.array([synthetic.indicator_score(p, i, t) for p in peers])
        row = frame[(frame["scope"] == "indicator") & (frame["indicator_no"] == i)].iloc[0]
        assert row["score"] == mine and row["peer_median"] == np.median(others)
        assert row["percentile"] == round(100 * ((others < mine).sum() + 0.5 * (others == mine).sum()) / len(others), 1)
    gaps = frame[frame["scope"] == "indicator"].sort_values("lag_rank")["gap"].tolist()
    assert gaps == sorted(gaps) and frame.iloc[0]["lag_rank"] == 1


def test_compare_uses_the_province_when_it_has_five_peers(tmp_path):
    db = synthetic.build(tmp_path / "big.duckdb", 3 * 7 * 6 + 3)  # 6+ agencies per type and province
    frame = queries.compare(db, synthetic.agency_id(0))
    assert frame.attrs["peer_group"].startswith(f"{synthetic.TYPES[0]} in {synthetic.PROVINCES[0]}")


def test_peers_by_jaccard_same_type_first(syn_db):
    def profile(k):
        return {j for j in range(synthetic.N_ITEMS) for t in range(len(YEARS)) if synthetic.cites(k, t, j)}

    k = 5
    frame = queries.peers(syn_db, synthetic.agency_id(k), limit=N)
    expected = {synthetic.agency_id(p): len(profile(k) & profile(p)) / len(profile(k) | profile(p))
                for p in range(N) if p != k and profile(k) & profile(p)}
    got = dict(zip(frame["agency_id"], frame["jaccard"]))
    assert got == pytest.approx({a: round(v, 3) for a, v in expected.items()})
    assert frame["same_type"].tolist() == sorted(frame["same_type"], reverse=True)
    same = frame[frame["same_type"]]
    assert same["jaccard"].tolist() == sorted(same["jaccard"], reverse=True)


def test_library_clusters_near_duplicate_steps(syn_db):
    j = 3
    concept = synthetic.items()[j]
    con = duckdb.connect(str(syn_db), read_only=True)
    try:
        lib = con.execute("SELECT * FROM v_measure_library WHERE concept_id = ? AND kind = 'step'", [concept]).df()
    finally:
        con.close()
    writers = {k for t in range(len(YEARS)) for k in citing(t, j)}
    first = lib[lib["text"].isin([synthetic.STEPS_A[0], synthetic.STEP_A0_VARIANT])]
    assert len(first) == 1  # the one-word variant joined the same cluster
    assert first.iloc[0]["agencies"] == len({k for k in writers if k % 4 != 2})
    assert first.iloc[0]["variants"] == 2 and first.iloc[0]["cluster_no"] == 1
    b = lib[lib["text"] == synthetic.STEPS_B[0]].iloc[0]
    assert b["agencies"] == len({k for k in writers if k % 4 == 2})


def test_cli_commands_print_tables_and_explain_errors(syn_db):
    runner = CliRunner()
    out = runner.invoke(cli(), ["weaknesses", "--db", str(syn_db), "--by", "indicator", "--years", "2565-2567",
                                "--csv"])
    assert out.exit_code == 0 and out.output.startswith("tool,indicator_no,agencies_2565")
    out = runner.invoke(cli(), ["compare", synthetic.agency_id(1), "--db", str(syn_db), "--json"])
    assert out.exit_code == 0 and '"lag_rank":1' in out.output
    out = runner.invoke(cli(), ["peers", synthetic.agency_id(1), "--db", str(syn_db), "--limit", "3"])
    assert out.exit_code == 0 and synthetic.TYPES[1] in out.output
    out = runner.invoke(cli(), ["compare", "ไม่มีหน่วยงานนี้", "--db", str(syn_db)])
    assert out.exit_code == 1 and "Closest names" in out.output
    out = runner.invoke(cli(), ["weaknesses", "--db", str(syn_db), "--years", "25x"])
    assert out.exit_code == 1 and "2565-2567" in out.output
    for command in COMMANDS:
        assert command.help and len(command.help) > 40
        assert all(p.help for p in command.params if isinstance(p, click.Option))
