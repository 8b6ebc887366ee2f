"""Benchmark the default key-point method against Lead-3 on CNN's human-written highlights.

Scoring and Lead-3 come from the shared reference tool (``score_bullets.py``: same ROUGE scorer,
same sentence splitter for Lead-3), so the two columns are comparable. The ranking weights were
tuned on the first 500 articles; the held-back last 500 are the figures that count.

Usage: python bench/bullets.py [--limit N] [--split tune|held|all]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.normalise import Article, ExtractiveGenerator  # noqa: E402

TUNE = slice(0, 500)
HELD = slice(500, 1000)


def corpus_dir() -> Path:
    """The shared corpus: $NEWSARCHIVE_CORPUS, else ``<repo>/../shared/corpus``."""
    return Path(os.environ.get("NEWSARCHIVE_CORPUS") or REPO.parent / "shared" / "corpus")


def reference_tool() -> ModuleType:
    """Import the shared scorer module from ``<corpus>/../tools/score_bullets.py``."""
    path = corpus_dir().parent / "tools" / "score_bullets.py"
    spec = importlib.util.spec_from_file_location("score_bullets", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"reference scorer not found at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(limit: int | None = None) -> list[dict[str, Any]]:
    path = corpus_dir() / "summaries" / "cnn_validation.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def run_default(
    rows: list[dict[str, Any]], generator: ExtractiveGenerator
) -> tuple[list[list[str]], list[float]]:
    """Bullets of the default method per article, and milliseconds per article (end to end)."""
    preds, times = [], []
    for row in rows:
        start = time.perf_counter()
        derivation = generator.generate(Article(headline="", body=(row["article"],), language="en"))
        times.append(1000 * (time.perf_counter() - start))
        preds.append(derivation.bullets)
    return preds, times


def cpu_ms(rows: list[dict[str, Any]], generator: ExtractiveGenerator) -> float:
    """CPU milliseconds per article: steadier than wall time on a shared machine."""
    start = time.process_time()
    for row in rows:
        generator.generate(Article(headline="", body=(row["article"],), language="en"))
    return 1000 * (time.process_time() - start) / max(1, len(rows))


def evaluate(tool: ModuleType, rows: list[dict[str, Any]], generator: ExtractiveGenerator) -> dict[str, Any]:
    """ROUGE of the default method and Lead-3 on ``rows``, plus timing and bullet shape."""
    scorer = tool.BulletScorer()
    preds, times = run_default(rows, generator)
    lead = [tool.lead(tool.split_sentences(r["article"], "regex"), 3) for r in rows]
    out: dict[str, Any] = {"n": len(rows)}
    for name, batch in (("default", preds), ("lead3", lead)):
        per = [scorer.score(p, r["highlights"]) for p, r in zip(batch, rows, strict=True)]
        out[name] = {k: statistics.fmean(s[k] for s in per) for k in ("R1", "R2", "RL")}
        out[name]["bullets"] = statistics.fmean(len(p) for p in batch)
        out[name]["words"] = statistics.fmean(sum(len(b.split()) for b in p) for p in batch)
    out["ms"] = statistics.fmean(times)
    out["cpu_ms"] = cpu_ms(rows, generator)
    out["p95"] = sorted(times)[int(0.95 * (len(times) - 1))]
    return out


def report(label: str, res: dict[str, Any]) -> None:
    print(f"\n{label}  (n={res['n']})")
    print(f"  {'method':<10} {'R1':>6} {'R2':>6} {'RLsum':>6}  {'bullets':>7} {'words':>6}")
    for name in ("default", "lead3"):
        r = res[name]
        print(f"  {name:<10} {r['R1']:6.2f} {r['R2']:6.2f} {r['RL']:6.2f}  "
              f"{r['bullets']:7.2f} {r['words']:6.1f}")
    d, lead = res["default"], res["lead3"]
    print(f"  delta      {d['R1'] - lead['R1']:+6.2f} {d['R2'] - lead['R2']:+6.2f} "
          f"{d['RL'] - lead['RL']:+6.2f}"
          f"   default speed {res['ms']:.2f} ms/article wall (p95 {res['p95']:.2f}), "
          f"{res['cpu_ms']:.2f} ms CPU")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("tune", "held", "all"), default="all")
    args = parser.parse_args()
    tool = reference_tool()
    rows = load()
    generator = ExtractiveGenerator()
    generator.generate(Article(headline="", body=(rows[0]["article"],), language="en"))  # warm caches
    parts = {"tune": ("tuning part: articles 1-500 (weights were tuned here)", rows[TUNE]),
             "held": ("held-back part: articles 501-1000 (never used for tuning)", rows[HELD])}
    chosen = list(parts) if args.split == "all" else [args.split]
    results = {}
    for key in chosen:
        label, part = parts[key]
        results[key] = evaluate(tool, part, generator)
        report(label, results[key])
    final = results.get("held") or results[chosen[-1]]
    d, lead = final["default"], final["lead3"]
    part_name = "held-back 500" if "held" in results else chosen[-1]
    print(f"\nRESULT ({part_name}): default R1/R2/RLsum {d['R1']:.2f}/{d['R2']:.2f}/{d['RL']:.2f} vs Lead-3 "
          f"{lead['R1']:.2f}/{lead['R2']:.2f}/{lead['RL']:.2f} (R1 {d['R1'] - lead['R1']:+.2f}, "
          f"RLsum {d['RL'] - lead['RL']:+.2f}) at {final['ms']:.2f} ms/article "
          f"({final['cpu_ms']:.2f} ms CPU)")


if __name__ == "__main__":
    main()
