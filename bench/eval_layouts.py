"""`make eval`: the generalisation benchmark. The extractor scored on generated documents no rule was tuned on.

    python -m bench.eval_layouts                         # held-out seeds 10000-10299 (scans: 10000-10059)
    python -m bench.eval_layouts --seeds 0-99 --styles office,text   # a tuning run (seeds 0-999 only)

The documents come from `corpus.generator` (which imports nothing of the extractor, so its answer keys
cannot share the extractor's mistakes). Each style is ingested into its own warehouse and scored with
the shared scorer (`../shared/eval/score.py`), once for the whole style and once per document (the
scorer run on that document's gold file alone), which gives the mean headline, the 10th percentile,
the parts, the documents with no rows where their key has rows, and the worst ten with their layout
features. Seeds 0-999 are for development; 10000-10299 are reported and never tuned on. Scans cost
seconds of OCR a page, so the scan style is scored on the first 60 held-out seeds.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
HELD_OUT = "10000-10299"
HELD_OUT_SCANS = "10000-10059"
TEXT_STYLES = ("office", "legacy", "borderless", "text")
STYLES = (*TEXT_STYLES, "scan")
SUFFIX = {"text": "text.txt"}


def _scorer():
    spec = importlib.util.spec_from_file_location("ita_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_range(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def generate(seeds: str, styles: list[str], out: Path) -> None:
    """Write the documents that are not there yet (the generator is deterministic, so a cache is safe)."""
    missing = [s for s in styles for n in seed_range(seeds)
               if not (out / f"g{n}.{SUFFIX.get(s, s + '.pdf')}").exists()]
    if missing:
        subprocess.run([sys.executable, "-m", "corpus.generator", "--seeds", seeds, "--styles", ",".join(styles),
                        "--out", str(out)], check=True, cwd=ROOT)


def score_style(style: str, seeds: list[int], folder: Path, workers: int) -> dict:
    """Ingest one style's documents into a fresh warehouse and score them, whole and per document."""
    scorer = _scorer()
    files = [str(folder / f"g{n}.{SUFFIX.get(style, style + '.pdf')}") for n in seeds]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / f"{style}.duckdb"
        started = time.perf_counter()
        summary = ingest(files, db, workers=workers)
        seconds = time.perf_counter() - started
        gold_dir = Path(tmp) / "gold"
        gold_dir.mkdir()
        for n in seeds:
            (gold_dir / f"g{n}.gold.json").symlink_to(folder / f"g{n}.gold.json")
        whole = scorer.score(str(db), str(gold_dir))
        per_doc = []
        for n in seeds:
            one = Path(tmp) / f"one{n}"
            one.mkdir()
            (one / f"g{n}.gold.json").symlink_to(folder / f"g{n}.gold.json")
            rep = scorer.score(str(db), str(one))
            doc = rep["per_doc"][0] if rep["per_doc"] else {}
            rows = doc.get("rows", {})
            parts = dict(rep["parts"])
            if not rows.get("gold") and not rows.get("pred"):
                parts.pop("row_fields", None)  # no rows to score: the scorer's 0.0 here is not an error
            per_doc.append({"seed": n, "headline": sum(parts.values()) / len(parts) if parts else 0.0,
                            "parts": parts,
                            "rows_pred": rows.get("pred", 0), "rows_gold": rows.get("gold", 0)})
    return {"style": style, "summary": summary, "seconds": seconds, "whole": whole, "per_doc": per_doc}


def report(result: dict, folder: Path, worst: int = 10) -> list[str]:
    docs = result["per_doc"]
    heads = sorted(d["headline"] for d in docs)
    p10 = heads[max(0, int(len(heads) * 0.1) - 1)] if heads else 0.0
    zero = [d for d in docs if d["rows_gold"] and not d["rows_pred"]]
    whole = result["whole"]
    s = result["summary"]
    lines = [f"== {result['style']}: {len(docs)} documents, {s.pages} pages in {result['seconds']:.0f} s "
             f"({s.status['ok']} ok, {s.status['partial']} partial, {s.failed} failed)",
             f"   mean headline {statistics.mean(heads):.4f}   10th percentile {p10:.4f}   "
             f"whole-set headline {whole['headline']:.4f}",
             f"   parts {whole['parts']}",
             f"   rows exact {whole['summary'].get('row_count_exact')}   question codes "
             f"{whole['summary']['question_codes']['f1']}   catalog_code {whole['summary'].get('catalog_code')}"
             f"   weak questions {whole['summary'].get('weak_questions', {}).get('f1')}",
             f"   documents with zero rows where the key has rows: {len(zero)}"
             + (f" ({', '.join('g%d' % d['seed'] for d in zero[:12])})" if zero else "")]
    fields = {k: v for k, v in whole["summary"].items() if k.startswith("row.") or k in ("grade", "text_cer")}
    lines.append(f"   fields {fields}")
    lines.append("   worst documents:")
    for d in sorted(docs, key=lambda d: d["headline"])[:worst]:
        features = json.loads((folder / f"g{d['seed']}.features.json").read_text("utf-8"))
        short = ", ".join(f"{k}={v}" for k, v in features.items() if not isinstance(v, (dict, list)))
        lines.append(f"     g{d['seed']} {d['headline']:.3f} rows {d['rows_pred']}/{d['rows_gold']} "
                     f"{d['parts']}  [{short}]")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=HELD_OUT, help="a range like 10000-10299 (held out) or 0-99 (tuning)")
    ap.add_argument("--styles", default=",".join(STYLES), help="office,legacy,borderless,text,scan")
    ap.add_argument("--scan-seeds", default=None,
                    help=f"seeds for the scan style (default: {HELD_OUT_SCANS} with the held-out seeds, else --seeds)")
    ap.add_argument("--out", default=None, help="folder of the generated documents (a cache)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", help="write every figure here")
    a = ap.parse_args(argv)
    if not SCORER.exists():
        print(f"the scorer {SCORER} is not here: `make eval` needs ../shared/eval", file=sys.stderr)
        return 2
    styles = [s.strip() for s in a.styles.split(",") if s.strip()]
    folder = Path(a.out or ROOT / "build" / "eval" / a.seeds)
    folder.mkdir(parents=True, exist_ok=True)
    scan_seeds = a.scan_seeds or (HELD_OUT_SCANS if a.seeds == HELD_OUT else a.seeds)
    seeds_of = {style: scan_seeds if style == "scan" else a.seeds for style in styles}
    for style in styles:
        generate(seeds_of[style], [style], folder)
    results = []
    for style in styles:
        result = score_style(style, seed_range(seeds_of[style]), folder, a.workers)
        print("\n".join(report(result, folder)), flush=True)
        results.append(result)
    if a.json:
        Path(a.json).write_text(json.dumps([{k: v for k, v in r.items() if k != "summary"} for r in results],
                                           ensure_ascii=False, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
