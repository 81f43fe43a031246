"""`make bench-scale`: memory over a large batch, and `ita weaknesses` on the warehouse it leaves.

A national batch is hundreds of thousands of files in one `ita ingest`: memory that grows with the
files done (a list kept per file, a cache without bound) ends it hours in. This ingests N small
generated PDFs (`corpus.generator`, office style; copies of them with a byte appended, so each has its
own SHA-256 and is a new document) and prints the resident memory of the ingesting process and of its
workers every `--every` files, with the ingesting process's peak since the reading before (the
warehouse is reopened every 1,000 documents, so its memory is a saw: the readings and the peaks
are both its slope), then the slope of a least-squares line through each (MB per 1,000 files: flat
within noise is the goal), and how long `ita weaknesses` takes on the result.

    python -m bench.bench_scale --files 10000 --every 1000 --workers 2
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from extractors.model import ExtractedDocument
from pipeline.ingest import ingest
from pipeline.limits import resident_mb
from warehouse import queries

ROOT = Path(__file__).resolve().parent.parent


def make_files(folder: Path, count: int, distinct: int) -> list[Path]:
    """`count` PDFs made of `distinct` generated documents, each copy with its own bytes."""
    source = folder / "generated"
    subprocess.run([sys.executable, "-m", "corpus.generator", "--seeds", f"0-{distinct - 1}", "--styles", "office",
                    "--out", str(source), "--quiet"], cwd=ROOT, check=True)
    originals = sorted(source.glob("*.office.pdf"))
    out = folder / "files"
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = out / f"{i:06d}.pdf"
        path.write_bytes(originals[i % len(originals)].read_bytes() + b"%% copy %d\n" % i)
        files.append(path)
    return files


def workers_mb() -> float:
    """Resident memory of this process's children (the extraction workers), in MB."""
    children = [c for task in Path(f"/proc/{os.getpid()}/task").iterdir() for c in (task / "children").read_text().split()]
    return sum(resident_mb(int(child)) or 0 for child in children)


def slope_per_1000(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of MB against files done, per 1,000 files."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return statistics.linear_regression(xs, ys).slope * 1000 if len(points) > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="PDFs to ingest (default 10000)")
    parser.add_argument("--every", type=int, default=1000, help="report memory every N files (default 1000)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--distinct", type=int, default=50, help="generated documents the copies are made of")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-scale", help="work folder (replaced)")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    files = make_files(args.out, args.files, args.distinct)
    db = args.out / "scale.duckdb"
    readings: list[tuple[int, float]] = []
    peaks: list[tuple[int, float]] = []
    done, pages, peak, started = [0], [0], [0.0], time.perf_counter()

    def progress(doc: ExtractedDocument) -> None:
        done[0] += 1
        pages[0] += doc.n_pages
        own = resident_mb(os.getpid()) or 0.0
        peak[0] = max(peak[0], own)
        if done[0] % args.every == 0 or done[0] == len(files):
            readings.append((done[0], own))
            peaks.append((done[0], peak[0]))
            elapsed = time.perf_counter() - started
            print(f"{done[0]:>7} files  {pages[0]:>8} pages  {elapsed:8.0f} s  {pages[0] / elapsed:6.1f} pages/s  "
                  f"ingest process {own:7.1f} MB (peak since the last reading {peak[0]:7.1f})  "
                  f"workers {workers_mb():7.1f} MB", flush=True)
            peak[0] = 0.0

    summary = ingest([str(f) for f in files], db, workers=args.workers, progress=progress)
    print(f"{summary.files} files: {summary.status['ok']} ok, {summary.status['partial']} partial, "
          f"{summary.failed} failed; {summary.pages} pages in {time.perf_counter() - started:.0f} s")
    for name, points in (("RSS", readings), ("peak RSS", peaks)):
        after_first = points[1:] if len(points) > 2 else points
        print(f"{name} slope of the ingest process: {slope_per_1000(points):+.2f} MB per 1,000 files "
              f"({slope_per_1000(after_first):+.2f} after the first reading, which includes the start-up)")

    runs = []
    for _ in range(5):
        t = time.perf_counter()
        queries.weaknesses(db)
        runs.append(time.perf_counter() - t)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "weaknesses", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)
    command = time.perf_counter() - t
    print(f"ita weaknesses on {summary.files} documents: query {statistics.median(runs):.3f} s (median of 5), "
          f"whole command {command:.2f} s (Python start-up included)")


if __name__ == "__main__":
    main()
