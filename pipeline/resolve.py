"""Cited questions -> catalog items, for all rows of a document at once (one cdist call)."""
from __future__ import annotations

import dataclasses

import pandas as pd

from corpus.match import match_questions
from extractors.model import MeasureRow, Question, WeakQuestion
from extractors.normalize import leading_token, misread_code, normalize_code
from warehouse.catalog_table import active_catalog


def resolve_questions(rows: list[MeasureRow], ita_year_be: int | None, fiscal_year_be: int | None,
                      read_by_ocr: bool = False) -> list[MeasureRow]:
    """Fill catalog_code / catalog_year_be / match_score / code_conflict on every cited question.

    The assessment year is the one the document analysed; when it is not stated, a plan for fiscal
    year N answers the assessment of year N-1, the usual cycle. On OCR'd pages a code whose letter
    was misread ("18", "121", or "๐2" where the wording is e2's) is the item the wording names when
    the misread token is that item's code (`misread_code`): the token and the wording agree.
    """
    year = ita_year_be or (fiscal_year_be - 1 if fiscal_year_be else None)
    cites = [(i, k, q) for i, row in enumerate(rows) for k, q in enumerate(row.questions)]
    if not cites:
        return rows
    frame = pd.DataFrame({
        "ita_year_be": [year] * len(cites),
        "code": [q.code for _, _, q in cites],
        "code_raw": [q.code_raw for _, _, q in cites],
        "question_text": [q.text for _, _, q in cites],
        "finding": [rows[i].finding for i, _, _ in cites],
    })
    matched = match_questions(frame, active_catalog().items)
    for (i, k, q), m in zip(cites, matched.itertuples(index=False)):
        catalog_code = _none(m.catalog_code)
        token = _misread_token(q, catalog_code) if read_by_ocr and catalog_code != q.code else None
        misread = token is not None
        rows[i].questions[k] = dataclasses.replace(
            q,
            code=catalog_code if misread else q.code,
            code_raw=token if misread else q.code_raw,
            text=_after_token(q.text, token) if misread else q.text,
            catalog_code=catalog_code,
            catalog_year_be=int(m.catalog_year_be) if pd.notna(m.catalog_year_be) else None,
            match_score=float(m.match_score) if pd.notna(m.match_score) else None,
            code_conflict=False if misread else bool(m.code_conflict) if pd.notna(m.code_conflict) else None,
            match_method=_none(m.match_method),
        )
    return rows


def _misread_token(q: Question, catalog_code: str | None) -> str | None:
    """The printed token that is `catalog_code` misread by OCR (`misread_code`), or None: the code
    read, the token the wording opens with where no code was read, or the two together where OCR cut
    one code in two ("0" and "15 รายงาน…" for o15). An opening token that is the code itself, run
    into its wording ("o10E-Service"), counts too."""
    if catalog_code is None:
        return None
    opening = leading_token(q.text) if q.code is None else None
    if opening and normalize_code(opening) == catalog_code:
        return opening
    candidates = [q.code_raw, opening, f"{q.code_raw} {opening}" if q.code_raw and opening else None]
    return next((c for c in candidates if misread_code(c, catalog_code)), None)


def _after_token(text: str | None, token: str) -> str | None:
    """The wording without the misread code it opened with."""
    if not text:
        return text
    opening = leading_token(text)
    if opening is None or opening not in token:
        return text
    rest = text[text.index(opening) + len(opening):].strip()
    return rest or None


def _none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


WORDING_ONLY_MIN = 90.0  # match score a weak question printed without any code must reach


def resolve_weak_questions(weak: list[WeakQuestion], ita_year_be: int | None) -> list[WeakQuestion]:
    """Catalog items for the questions an analysis names as weak (the year analysed is its own).

    A question listed with an illegible code (OCR) takes the code of the item its wording names, else
    the code its section and legible number give (`WeakQuestion.section_code`), or is dropped. One
    listed by its wording alone is kept only when the wording is close to a catalog item's
    (`WORDING_ONLY_MIN`): under a weakness heading, other listed lines are comments."""
    if not weak:
        return weak
    frame = pd.DataFrame({
        "ita_year_be": [ita_year_be] * len(weak),
        "code": [w.code for w in weak],
        "code_raw": [w.code for w in weak],
        "question_text": [w.question_text for w in weak],
        "finding": [None] * len(weak),
    })
    matched = match_questions(frame, active_catalog().items)
    out: dict[str, WeakQuestion] = {}
    for w, m in zip(weak, matched.itertuples(index=False)):
        catalog_code = _none(m.catalog_code)
        if w.by_wording and not (pd.notna(m.match_score) and m.match_score >= WORDING_ONLY_MIN):
            continue  # a listed line with no code that is no close catalog wording: not a question
        code = w.code or catalog_code or w.section_code
        if code is None:
            continue  # an illegible code that nothing names: nothing to report
        # an illegible code is the item its wording names; a code listed twice is one weak question
        resolved = dataclasses.replace(w, code=code, catalog_code=catalog_code)
        out.setdefault(resolved.code, resolved)
    return list(out.values())
