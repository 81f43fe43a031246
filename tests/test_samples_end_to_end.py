"""End to end: every sample document, in every producer style and as a text export, gives the
records its expected-answer file lists (rows, codes, steps, periods, units, metadata)."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from conftest import SAMPLE_NAMES, STYLES, expected, squash

SOURCES = [f"{name}.{style}.pdf" for name in SAMPLE_NAMES for style in STYLES] + [f"{n}.txt" for n in SAMPLE_NAMES]


def _doc(con, file_name: str) -> dict:
    cur = con.execute(
        "SELECT d.*, a.name AS agency_name, a.agency_type, a.district, a.province FROM documents d "
        "LEFT JOIN agencies a USING (agency_id) WHERE d.file_name = ?", [file_name])
    cols = [c[0] for c in cur.description]
    row = cur.fetchone()
    assert row is not None, f"{file_name} was not ingested"
    return dict(zip(cols, row))


def _rows(con, doc_id: str) -> list[dict]:
    cur = con.execute("SELECT * FROM measures WHERE doc_id = ? ORDER BY row_no", [doc_id])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    for r in rows:
        r["codes"] = [c for (c,) in con.execute(
            "SELECT code FROM measure_questions WHERE measure_id = ? ORDER BY position", [r["measure_id"]]).fetchall()]
    return rows


def _name(file_name: str) -> str:
    return file_name.split(".")[0]


@pytest.mark.parametrize("file_name", SOURCES)
def test_document_metadata(con, file_name):
    gold = expected(_name(file_name))
    doc = _doc(con, file_name)
    assert doc["status"] == "ok", doc["error"]
    assert doc["doc_type"] == gold["doc_type"]
    assert doc["agency_name"] == gold["agency"]["name"]
    assert doc["agency_type"] == gold["agency"]["type"]
    assert doc["province"] == gold["agency"]["province"]
    assert doc["district"] == gold["agency"]["district"]
    assert doc["fiscal_year_be"] == gold["fiscal_year_be"]
    assert doc["ita_year_be"] == gold["ita_year_be"]
    assert doc["text_source"] == ("text" if file_name.endswith(".txt") else "pdf")


@pytest.mark.parametrize("file_name", SOURCES)
def test_rows_match_expected(con, file_name):
    gold = expected(_name(file_name))
    rows = _rows(con, _doc(con, file_name)["doc_id"])
    assert len(rows) == len(gold["rows"]), "one record per logical row, continuations merged"
    for got, want in zip(rows, gold["rows"]):
        where = f"{file_name} row {got['row_no']}"
        assert got["issue_no"] == want["issue_no"], where
        assert got["section"] == want["section"], where
        assert got["codes"] == [q["code"] for q in want["questions"]], where
        assert str(got["period_start"] or "") == (want["period_start"] or ""), where
        assert str(got["period_end"] or "") == (want["period_end"] or ""), where
        assert {squash(u) for u in got["responsible"]} == {squash(u) for u in want["responsible"]}, where
        if want["steps"]:
            assert len(got["steps"]) == len(want["steps"]), where
        for field in ("measure", "finding", "result", "outcome", "period_text"):
            if want[field]:
                assert fuzz.ratio(squash(got[field]), squash(want[field])) >= 95, f"{where} {field}"
            else:
                assert not got[field], f"{where} {field}"
        assert fuzz.ratio(squash(got["steps"]), squash(want["steps"])) >= 95, f"{where} steps"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_text_export_and_pdf_give_the_same_records(con, name):
    """The engine is shared: a text export and the PDF rendered from it must agree field by field."""
    pdf = _rows(con, _doc(con, f"{name}.office.pdf")["doc_id"])
    txt = _rows(con, _doc(con, f"{name}.txt")["doc_id"])
    keys = ("issue_no", "section", "codes", "period_start", "period_end")
    assert [tuple(r[k] for k in keys) for r in pdf] == [tuple(r[k] for k in keys) for r in txt]


_FREE_TEXT = ("measure", "finding", "steps", "result", "outcome")


def _spaced(value) -> str:
    value = " ".join(value) if isinstance(value, list) else (value or "")
    return " ".join(value.split())


def _space_error_rate(con, style: str) -> float:
    """Space edits (missing or extra spaces) per character against the text export's own records."""
    edits = chars = 0
    for name in SAMPLE_NAMES:
        want = _rows(con, _doc(con, f"{name}.txt")["doc_id"])
        got = _rows(con, _doc(con, f"{name}.{style}.pdf")["doc_id"])
        for w, g in zip(want, got):
            for field in _FREE_TEXT:
                a, b = _spaced(w[field]), _spaced(g[field])
                edits += Levenshtein.distance(a, b) - Levenshtein.distance(a.replace(" ", ""), b.replace(" ", ""))
                chars += len(a.replace(" ", ""))
    return edits / chars


@pytest.mark.parametrize(("style", "ceiling"), [("office", 0.005), ("borderless", 0.005), ("legacy", 0.005)])
def test_typed_spaces_survive_every_producer(con, style, ceiling):
    """A search for a phrase needs its spaces. The legacy style prints no space glyph at all (a typed
    space is only a gap, and a wrap drops it); reading gaps, checked against the dictionary, keeps
    the rate at 0.20 % (as office) where it is 2.1 % without (measured on these samples)."""
    assert _space_error_rate(con, style) <= ceiling


def test_no_private_use_characters_reach_the_warehouse(con):
    """Legacy (Word + TH SarabunPSK) PUA glyphs must be mapped back in every text column."""
    bad = con.execute(r"""
        SELECT count(*) FROM measures
        WHERE regexp_matches(concat_ws('|', measure, finding, period_text, result, outcome, issue_title,
                                       array_to_string(steps, '|'), array_to_string(responsible, '|')),
                             '[\x{F700}-\x{F71A}\x{F884}-\x{F89E}]')
    """).fetchone()[0]
    assert bad == 0
    qbad = con.execute(r"SELECT count(*) FROM measure_questions WHERE regexp_matches(question_text, '[\x{F700}-\x{F8FF}]')").fetchone()[0]
    assert qbad == 0


def test_provenance_pages_are_recorded(con):
    """A row continued over a page break spans two pages; every row knows where it came from."""
    spans = con.execute("""
        SELECT count(*) FILTER (WHERE page_last > page_first), count(*) FILTER (WHERE page_first IS NULL OR page_first < 1)
        FROM measures m JOIN documents d USING (doc_id) WHERE d.text_source = 'pdf'
    """).fetchone()
    assert spans[0] > 0 and spans[1] == 0


@pytest.mark.parametrize("file_name", SOURCES)
def test_scores_and_weak_questions_match_expected(con, file_name):
    gold = expected(_name(file_name))
    doc_id = _doc(con, file_name)["doc_id"]
    got = sorted(con.execute(
        "SELECT ita_year_be, scope, coalesce(indicator_no, 0), round(score, 2), coalesce(grade, '') FROM scores "
        "WHERE doc_id = ?", [doc_id]).fetchall())
    want = sorted((s["ita_year_be"], s["scope"], s["indicator_no"] or 0, round(s["score"], 2), s["grade"] or "")
                  for s in gold["scores"])
    assert got == want
    weak = sorted(c for (c,) in con.execute("SELECT code FROM weak_questions WHERE doc_id = ?", [doc_id]).fetchall())
    assert weak == sorted(w["code"] for w in gold["weak_questions"])


def test_weak_questions_resolve_to_their_catalog_items(con):
    """Every weak question of the sample analysis (ITA 2567, a year the catalog covers) is resolved."""
    rows = con.execute("""
        SELECT w.code, w.catalog_code FROM weak_questions w JOIN documents d USING (doc_id)
        WHERE d.file_name = 'analysis_municipality.office.pdf'""").fetchall()
    assert rows and all(code == catalog for code, catalog in rows)


@pytest.mark.parametrize("file_name", [s for s in SOURCES if "question_scores" in expected(_name(s))])
def test_per_question_scores_match_expected(con, file_name):
    """Reports that print every item's score load them into question_scores, resolved to the catalog."""
    gold = expected(_name(file_name))
    doc_id = _doc(con, file_name)["doc_id"]
    got = sorted(con.execute("SELECT ita_year_be, code, round(score, 2) FROM question_scores WHERE doc_id = ?",
                             [doc_id]).fetchall())
    assert got == sorted((q["ita_year_be"], q["code"], round(q["score"], 2)) for q in gold["question_scores"])
    unresolved = con.execute("SELECT count(*) FROM question_scores WHERE doc_id = ? AND catalog_code IS NULL",
                             [doc_id]).fetchone()[0]
    assert unresolved == 0


def test_no_question_scores_where_none_are_printed(con):
    printed = {n for n in SAMPLE_NAMES if "question_scores" in expected(n)}
    rows = con.execute("SELECT d.file_name, count(*) FROM question_scores q JOIN documents d USING (doc_id) "
                       "GROUP BY 1").fetchall()
    assert {name.split(".")[0] for name, _ in rows} <= printed
