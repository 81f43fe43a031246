"""CLI: python -m corpus.generator --seeds 10000-10299 --styles office,legacy,borderless,text,scan --out build/eval

Writes g<seed>.gold.json, g<seed>.features.json and one file per style for every seed.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from corpus.generator import STYLES, file_name, generate, render


def parse_seeds(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", required=True, help="e.g. 0-199 or 5,7,10-12")
    ap.add_argument("--styles", default="office,legacy,borderless,text", help=f"comma-separated: {','.join(STYLES)}")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    styles = [s for s in a.styles.split(",") if s]
    for s in styles:
        if s not in STYLES:
            ap.error(f"unknown style {s!r}; choose from {', '.join(STYLES)}")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    timing = {s: 0.0 for s in styles}
    t_gen = 0.0
    seeds = parse_seeds(a.seeds)
    for seed in seeds:
        t0 = time.perf_counter()
        doc, gold, feats = generate(seed)
        t_gen += time.perf_counter() - t0
        facts = {}
        for s in styles:
            t0 = time.perf_counter()
            facts[s] = render(doc, s, out / file_name(seed, s))
            timing[s] += time.perf_counter() - t0
        feats = dict(feats)
        rendered = {}
        fpath = out / f"g{seed}.features.json"
        if fpath.exists():   # styles rendered by an earlier run into the same folder keep their facts
            try:
                rendered = json.loads(fpath.read_text("utf-8")).get("rendered") or {}
            except ValueError:
                rendered = {}
        rendered.update({s: v for s, v in facts.items() if v})
        feats["rendered"] = dict(sorted(rendered.items()))
        (out / f"g{seed}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", "utf-8")
        fpath.write_text(json.dumps(feats, ensure_ascii=False, indent=2, default=list)
                                                   + "\n", "utf-8")
        if not a.quiet:
            print(f"g{seed}: {gold['doc_type']:<16} family {str(feats.get('family')):<7} rows {len(gold['rows'])}",
                  file=sys.stderr)
    n = max(len(seeds), 1)
    print(f"{len(seeds)} documents; seconds per document: generate {t_gen / n:.3f}, "
          + ", ".join(f"{s} {t / n:.3f}" for s, t in timing.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
