"""`make bench`: speed figures measured side by side in one run (machines here are noisy).

Three parts: ingest vs a bare pdfplumber pass (below), catalog matching throughput
(`bench.bench_match`), and analytics latency on a synthetic 10,000-agency warehouse
(`bench.bench_analytics`).

Ingest throughput: pages per second of the whole `ita ingest` path (one worker, so the comparison
is per core) beside a bare pdfplumber pass over the same files (open every page, read its chars,
lines and rects), as a ratio. Run on the bundled samples and, when present, on ../shared/eval/dev.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pdfplumber

from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "samples": sorted((ROOT / "corpus" / "samples" / "pdf").glob("*.pdf")),
    "dev": sorted(p for p in (ROOT.parent / "shared" / "eval" / "dev").glob("*.pdf") if ".scan." not in p.name),
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


def ingest_pass(files: list[Path]) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = ingest([str(f) for f in files], Path(tmp) / "bench.duckdb", workers=1)
        return summary.pages, time.perf_counter() - started


def main() -> None:
    print(f"{'set':<8} {'files':>5} {'pages':>5} {'bare p/s':>9} {'ingest p/s':>11} {'ratio':>6}")
    for name, files in SETS.items():
        if not files:
            continue
        ingest_pass(files[:1])  # warm imports and caches (catalog, dictionaries) outside the timing
        pages, bare = bare_pass(files)
        ipages, ing = ingest_pass(files)
        print(f"{name:<8} {len(files):>5} {pages:>5} {pages / bare:>9.1f} {ipages / ing:>11.1f} {ing / bare:>6.2f}")
    from bench.bench_analytics import bench_analytics
    from bench.bench_match import bench_match

    bench_match()
    bench_analytics()  # 10,000 agencies x 3 years: builds a synthetic warehouse first (minutes)


if __name__ == "__main__":
    main()
