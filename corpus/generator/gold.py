"""The answer key (shared/eval/GOLD_SCHEMA.md) from a Document's logical rows and scores."""
from __future__ import annotations

from corpus.generator.model import Document, LogicalRow
from corpus.generator.thaitext import collapse


def _t(s):
    return collapse(s) if s else None


def row_gold(r: LogicalRow) -> dict:
    return {
        "section": r.section,
        "issue_no": r.issue_no,
        "issue_title": r.issue_title,
        "questions": [{"code_raw": q.code_raw, "code": q.code, "text": _t(q.text), "true_code": q.true_code}
                      for q in r.questions],
        "measure": _t(r.measure),
        "finding": _t(r.finding),
        "steps": [collapse(s) for s in r.steps],
        "period_text": _t(r.period_text),
        "period_start": r.period_start,
        "period_end": r.period_end,
        "responsible": list(r.responsible),
        "result": _t(r.result),
        "outcome": _t(r.outcome),
    }


def gold(doc: Document) -> dict:
    out = {
        "doc_id": doc.doc_id,
        "source": f"{doc.doc_id}.text.txt",
        "doc_type": doc.doc_type,
        "agency": doc.agency,
        "fiscal_year_be": doc.fiscal_year_be,
        "ita_year_be": doc.ita_year_be,
        "rows": [row_gold(r) for r in doc.rows],
        "scores": doc.scores,
        "weak_questions": doc.weak_questions,
    }
    if doc.question_scores:
        out["question_scores"] = doc.question_scores
    out["notes"] = " ".join(doc.notes)
    return out
