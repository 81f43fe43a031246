"""The matcher's shortcuts for speed (issue 18) must not change what it decides.

Cleaned texts are remembered, year columns of ints are read directly, and small batches are compared
on one thread: each of these is checked against the plain computation.
"""
from __future__ import annotations

import math

import pandas as pd

from bench.bench_match import damaged_citations
from corpus.catalog import load_catalog
from corpus.match import _bare_number, _clean_code, _keys, _years, match_questions


def test_cleaning_steps_give_what_the_uncached_steps_give():
    values = pd.Series(["E 12", "o๑๒", "O012", "ข้อ ๒๔", "14", "", "  ", None, math.nan, pd.NA, 12, "E 12"],
                       dtype=object)
    for step in (_clean_code, _bare_number, _keys):
        for _ in range(2):  # the second time from what was remembered
            got = step(values)
            want = step.__wrapped__(values).to_numpy(dtype=object, na_value=None).tolist()
            assert got == want, step.__name__


def test_years_read_directly_are_what_pandas_reads():
    for values in ([2567, None, 2566], [None, None], [2567, math.nan], [pd.NA, 2568], [2567.0, None], ["2567", "x"]):
        column = pd.Series(values)
        want = pd.to_numeric(column, errors="coerce").astype("Int64").to_numpy(dtype=object, na_value=None).tolist()
        assert _years(column) == want


def test_a_batch_is_matched_as_its_rows_one_by_one():
    """Rows are independent: a large batch (compared on every thread) decides as single rows do."""
    catalog = load_catalog()
    citations = damaged_citations(60, seed=3, known_year=False).drop(columns=["true_code", "true_year_be"])
    citations.loc[::4, "ita_year_be"] = 2566  # years mixed in one batch
    batch = match_questions(citations, catalog)
    for i in range(len(citations)):
        pd.testing.assert_frame_equal(match_questions(citations.iloc[[i]], catalog), batch.iloc[[i]])


def test_a_changed_catalog_is_matched_with_its_own_wording():
    """An item reworded (a user's override) is matched by its new wording in the same process."""
    catalog = load_catalog()
    item = catalog[(catalog["ita_year_be"] == 2567) & (catalog["code"] == "o10")].index[0]
    wording = "หน่วยงานเปิดเผยข้อมูลการจัดซื้อจัดจ้างครบทุกโครงการ"
    citation = pd.DataFrame({"ita_year_be": [2567], "code": [None], "question_text": [wording], "finding": [None]})
    before = match_questions(citation, catalog)
    reworded = catalog.copy()
    reworded.loc[item, "text"] = wording
    after = match_questions(citation, reworded)
    assert pd.isna(before.loc[0, "catalog_code"])  # the shipped wording is not this one
    assert after.loc[0, "catalog_code"] == "o10" and after.loc[0, "match_method"] == "text"
