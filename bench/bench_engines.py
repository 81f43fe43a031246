"""Throughput of `ita ingest` on the process pool and on Ray, side by side on the same files.

Each engine ingests the same generated PDFs (`bench.bench_scale.make_files`) into a fresh warehouse
with the same number of workers; pages per second are measured over the whole run (start-up
included: Ray's local instance takes 5-20 s to start) and from the first document loaded to the last
(the rate a long batch settles at, which is what a projection to a million pages should use).

    python -m bench.bench_engines --files 200 --workers 2
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from bench.bench_scale import ROOT, make_files
from extractors.model import ExtractedDocument
from pipeline.ingest import ingest


def measure(files: list[Path], db: Path, executor: str, workers: int) -> tuple[int, float, float]:
    """Pages, pages/s over the whole run, pages/s from the first document loaded to the last."""
    loaded: list[tuple[float, int]] = []

    def progress(doc: ExtractedDocument) -> None:
        loaded.append((time.perf_counter(), doc.n_pages))

    started = time.perf_counter()
    summary = ingest([str(f) for f in files], db, workers=workers, executor=executor, progress=progress)
    whole = time.perf_counter() - started
    steady = sum(p for _, p in loaded[1:]) / (loaded[-1][0] - loaded[0][0])
    return summary.pages, summary.pages / whole, steady


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-engines", help="work folder (replaced)")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    files = make_files(args.out, args.files, distinct=50)
    for executor in ("process", "ray"):
        pages, whole, steady = measure(files, args.out / f"{executor}.duckdb", executor, args.workers)
        print(f"{executor:<8} {len(files)} files, {pages} pages, {args.workers} workers: {whole:5.2f} pages/s "
              f"over the whole run, {steady:5.2f} pages/s first-to-last document", flush=True)


if __name__ == "__main__":
    main()
