"""The shared dev set, scored by its own scorer: a ratcheted floor per producer style.

Raise a floor when the pipeline improves; never lower one. Skipped where ../shared is absent
(a user's checkout): the dev documents are not part of this repository.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import SHARED_DEV
from pipeline.ingest import ingest

SCORER = SHARED_DEV.parent / "score.py"
# style -> (headline floor, question-codes F1 floor, text CER ceiling, space CER ceiling)
FLOORS = {
    "office": (1.0, 1.0, 0.0005, 0.0015),
    "legacy": (1.0, 1.0, 0.001, 0.005),  # issue 3: space CER <= 0.5 %
    "borderless": (1.0, 1.0, 0.0005, 0.0015),
}
TEXT_FLOOR = 1.0  # the .txt sources ingested directly as text exports
SCAN_FLOOR = (0.99, 1.0, 0.02, 0.9)  # image-only PDFs through OCR: headline, codes F1, text CER, weak-questions F1

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not available here")


def _score(db) -> dict:
    spec = importlib.util.spec_from_file_location("ita_dev_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score(str(db), str(SHARED_DEV))


@pytest.mark.parametrize("style", sorted(FLOORS))
def test_dev_style_stays_above_its_floor(tmp_path, style):
    db = tmp_path / f"{style}.duckdb"
    files = sorted(str(p) for p in SHARED_DEV.glob(f"*.{style}.pdf"))
    assert ingest(files, db, workers=2).failed == 0
    report = _score(db)
    headline, codes, cer, space = FLOORS[style]
    summary = report["summary"]
    print(style, json.dumps(report["parts"]), summary.get("text_cer"), summary.get("space_cer"))
    assert report["docs_scored"] == len(files)
    assert report["headline"] >= headline
    assert summary["question_codes"]["f1"] >= codes
    assert summary["text_cer"] <= cer
    assert summary["space_cer"] <= space
    assert summary["row_count_exact"] == 1.0


def test_dev_text_exports(tmp_path):
    db = tmp_path / "txt.duckdb"
    assert ingest(sorted(str(p) for p in SHARED_DEV.glob("*.txt")), db, workers=2).failed == 0
    report = _score(db)
    assert report["headline"] >= TEXT_FLOOR


def test_dev_scans_through_ocr(tmp_path):
    from extractors.sources.ocr import tesseract_available

    if tesseract_available() is None:
        pytest.skip("Tesseract is not installed (.ci/install-ocr.sh)")
    db = tmp_path / "scan.duckdb"
    assert ingest(sorted(str(p) for p in SHARED_DEV.glob("*.scan.pdf")), db, workers=2).failed == 0
    report = _score(db)
    headline, codes, cer, weak = SCAN_FLOOR
    assert report["headline"] >= headline
    assert report["summary"]["question_codes"]["f1"] >= codes
    assert report["summary"]["text_cer"] <= cer
    assert report["summary"]["weak_questions"]["f1"] >= weak
