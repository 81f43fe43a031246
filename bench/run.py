"""`make bench`: speed figures measured side by side in one run (machines here are noisy).

Parts: ingest vs a bare pdfplumber pass (below; on the samples, the dev set and 40 held-out generated
documents), catalog matching throughput (`bench.bench_match`), plan quality (`bench.bench_plans`),
analytics latency on a synthetic 10,000-agency warehouse (`bench.bench_analytics`), and the
generalisation score on held-out generated documents (`bench.eval_layouts`, office and text styles).

Ingest throughput: pages per second of the whole `ita ingest` path (one worker, so the comparison
is per core) beside a bare pdfplumber pass over the same files (open every page, read its chars,
lines and rects), as a ratio (issue 18's goal: ingest/bare <= 1.0, PDFium reading the pages); between
them the text pass (the Thai text step: reading, words, spaces, repair). Run on the bundled samples, on
../shared/eval/dev and on held-out generated documents when present.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pdfplumber

from extractors.model import text_lines
from extractors.sources.pdf import read_pdf
from extractors.thai import repair_text
from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3
SETS = {
    "samples": sorted((ROOT / "corpus" / "samples" / "pdf").glob("*.pdf")),
    "dev": sorted(p for p in (ROOT.parent / "shared" / "eval" / "dev").glob("*.pdf") if ".scan." not in p.name),
    # layouts no rule was tuned on (`make eval` writes them; absent until it has run once)
    "held-out": sorted((ROOT / "build" / "eval" / "10000-10299").glob("g100[0-3]?.office.pdf")),
}


def bare_pass(files: list[Path]) -> tuple[int, float]:
    """Pages and seconds of the minimum any pdfplumber-based extractor must do."""
    started, pages = time.perf_counter(), 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                _ = page.chars, page.lines, page.rects
                pages += 1
                page.close()
    return pages, time.perf_counter() - started


def text_pass(files: list[Path]) -> tuple[int, float]:
    """The whole Thai text step (`read_pdf`: PDFium's reading, pdfminer's where PDFium's is in doubt, PUA
    map, marks, gaps read as spaces with the dictionary's veto, wrap spaces), then `repair_text` on every line."""
    started, pages = time.perf_counter(), 0
    for f in files:
        for page in read_pdf(f):
            pages += 1
            for line in text_lines(list(page.words)):
                repair_text(line)
    return pages, time.perf_counter() - started


def ingest_pass(files: list[Path]) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = ingest([str(f) for f in files], Path(tmp) / "bench.duckdb", workers=1)
        return summary.pages, time.perf_counter() - started


def main() -> None:
    print(f"{'set':<8} {'files':>5} {'pages':>5} {'bare p/s':>9} {'text p/s':>9} {'ingest p/s':>11} "
          f"{'text/bare':>9} {'ingest/bare':>11}")
    for name, files in SETS.items():
        if not files:
            continue
        ingest_pass(files[:1])  # warm imports and caches (catalog, dictionaries) outside the timing
        runs = [(bare_pass(files), text_pass(files), ingest_pass(files)) for _ in range(REPEATS)]
        pages, ipages = runs[0][0][0], runs[0][2][0]
        # the least of interleaved repeats: what the code costs when the noisy machine leaves it alone
        bare, text, ing = (min(run[k][1] for run in runs) for k in range(3))
        print(f"{name:<8} {len(files):>5} {pages:>5} {pages / bare:>9.1f} {pages / text:>9.1f} {ipages / ing:>11.1f} "
              f"{text / bare:>9.2f} {ing / bare:>11.2f}")
    from bench.bench_analytics import bench_analytics
    from bench.bench_match import bench_match
    from bench.bench_plans import bench_plans

    bench_match()
    bench_plans()  # plan quality, leave-one-out (bench.bench_plans)
    bench_analytics()  # 10,000 agencies x 3 years: builds a synthetic warehouse first (minutes)
    from bench.bench_ocr import main as bench_ocr

    bench_ocr([])  # OCR seconds a page, this code against the revision before the scan work (minutes)
    from bench.eval_layouts import SCORER
    from bench.eval_layouts import main as eval_layouts

    if SCORER.exists():  # generality: the held-out generated documents, scored (`make eval`)
        eval_layouts(["--styles", "office,text"])


if __name__ == "__main__":
    main()
