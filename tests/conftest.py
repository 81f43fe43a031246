"""Shared fixtures: the bundled sample documents, ingested once per session into real DuckDB files."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SAMPLE_PDFS = SAMPLES / "pdf"
BAD = SAMPLES / "bad"
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"
SAMPLE_NAMES = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json"))
STYLES = ("office", "legacy", "borderless")


def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def squash(value) -> str:
    """Comparison form a user would accept: NFC, Arabic digits, no whitespace, ำ unified."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    text = unicodedata.normalize("NFC", str(value)).translate(_THAI_DIGITS).replace("\u0e4d\u0e32", "\u0e33")
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session", autouse=True)
def isolated_user_catalog(tmp_path_factory):
    """Tests never read or write the developer's own user catalog (~/.config/ita/catalog)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ITA_CATALOG_DIR", str(tmp_path_factory.mktemp("user-catalog")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """Every sample PDF (all styles) and text source ingested into one warehouse."""
    db = tmp_path_factory.mktemp("wh") / "samples.duckdb"
    summary = ingest([str(SAMPLE_PDFS), *map(str, sorted(SAMPLES.glob("*.txt")))], db, workers=2)
    assert summary.failed == 0
    return db


@pytest.fixture()
def con(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()
