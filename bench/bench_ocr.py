"""OCR cost per page on generated scans: this code against an earlier revision, side by side in one run.

    python -m bench.bench_ocr                  # against the revision before the scan work (BASE)
    python -m bench.bench_ocr --base HEAD~3 --seeds 0-9

Each version reads the same scanned PDFs with an empty OCR cache in one process (as a batch worker
does: one-off costs such as loading the Thai dictionary are paid once and not counted), in the order
base, this, this, base, so that a machine growing busier slows both alike. CPU seconds count our
process and the Tesseract processes it waits for (`RUSAGE_CHILDREN`): the figure a batch pays per page
per core, whatever else the machine is doing. The earlier revision runs from a temporary `git worktree`.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.eval_layouts import generate, seed_range

ROOT = Path(__file__).resolve().parent.parent
BASE = "3ccfb5d"  # main before pages were set upright and codes read by their grammar (2026-12-07)

# Run inside each version's checkout: OCR every page of the files with a fresh cache, print the cost.
_MEASURE = """
import json, resource, sys, tempfile, time
from pathlib import Path
import pypdfium2 as pdfium
from extractors.sources.ocr import ocr_pages
from extractors.sources.ocr import restore_tones
restore_tones("ทดสอบ")  # the dictionary loads once per worker: not an OCR cost
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
total = {"pages": 0, "cpu": 0.0, "wall": 0.0}
for name in sys.argv[1:]:
    path = Path(name)
    pages = list(range(1, len(pdfium.PdfDocument(path)) + 1))
    with tempfile.TemporaryDirectory() as cache:
        start_cpu, start = cpu(), time.perf_counter()
        ocr_pages(path, pages, cache_dir=Path(cache), workers=1)
        total["cpu"] += cpu() - start_cpu
        total["wall"] += time.perf_counter() - start
    total["pages"] += len(pages)
print(json.dumps(total))
"""


def _cost(checkout: Path, files: list[Path]) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, files)], cwd=checkout, capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": str(checkout)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(files: list[Path], base: str) -> dict[str, dict]:
    """CPU and wall seconds per page for this checkout and for `base`, over the same files."""
    totals = {"this": {"pages": 0, "cpu": 0.0, "wall": 0.0}, base: {"pages": 0, "cpu": 0.0, "wall": 0.0}}
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            for name, checkout in ((base, worktree), ("this", ROOT), ("this", ROOT), (base, worktree)):
                for key, value in _cost(checkout, files).items():
                    totals[name][key] += value
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False,
                           capture_output=True)
    return totals


def report(totals: dict[str, dict], base: str) -> list[str]:
    per_page = {name: (t["cpu"] / t["pages"], t["wall"] / t["pages"]) for name, t in totals.items() if t["pages"]}
    lines = [f"OCR of {totals['this']['pages'] // 2} generated scan pages (twice each), one worker, empty cache:"]
    lines += [f"  {name:>10}: {cpu:.2f} s CPU a page (ours + Tesseract), {wall:.2f} s wall"
              for name, (cpu, wall) in per_page.items()]
    if base in per_page and per_page[base][0]:
        lines.append(f"  ratio this / {base}: {per_page['this'][0] / per_page[base][0]:.2f} (CPU)")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-5", help="tuning seeds whose scans are read (default 0-5)")
    ap.add_argument("--base", default=BASE, help=f"the revision to compare with (default {BASE})")
    ap.add_argument("--out", default=str(ROOT / "build" / "bench-scans"), help="folder of the generated scans")
    a = ap.parse_args(argv)
    folder = Path(a.out)
    folder.mkdir(parents=True, exist_ok=True)
    generate(a.seeds, ["scan"], folder)
    files = [folder / f"g{n}.scan.pdf" for n in seed_range(a.seeds)]
    print("\n".join(report(compare(files, a.base), a.base)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
