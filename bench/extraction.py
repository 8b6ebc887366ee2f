"""Benchmark extraction on the shared corpus: quality per field (overall, per language) and speed.

Runs ``crawler.extract.extract`` on every corpus page (optionally with outlet profiles learnt from
the outlet's *other* corpus pages), writes predictions to ``bench/out/``, scores them with the
shared ``score_meta.py`` and times plain ``trafilatura.bare_extraction(with_metadata=True)`` on the
same pages, interleaved with ours page by page. Speed is CPU time of this process (the machine may
be shared: wall-clock time would count other people's work); ours is ``extract`` alone, the
crawl's normalisation step is timed by ``bench/crawl.py``, which uses the same trafilatura call.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--no-profiles] [--limit N] [--json OUT]

The last line states the headline figures, e.g.
``title_exact=0.96 authors_f1=0.95 ... speed_ratio=0.91``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.extract import ExtractionError, extract  # noqa: E402
from crawler.extract.learn import profiles_for_corpus  # noqa: E402

OUT = REPO / "bench" / "out"
BASELINE = REPO / "bench" / "baselines" / "extraction.json"
FIELDS = ("title_exact", "authors_f1", "published_minute", "published_date", "body_f1", "body_precision")


def corpus_dir() -> Path:
    """The corpus folder: $NEWSARCHIVE_CORPUS, else ``<repo>/../shared/corpus``; articles inside."""
    base = Path(os.environ.get("NEWSARCHIVE_CORPUS") or REPO.parent / "shared" / "corpus")
    return base / "articles" if (base / "articles").is_dir() else base


def load_scorer() -> ModuleType:
    """Import the shared tools' ``score_meta.py`` so we use the very same metric definitions."""
    path = Path(os.environ.get("NEWSARCHIVE_TOOLS") or REPO.parent / "shared" / "tools") / "score_meta.py"
    spec = importlib.util.spec_from_file_location("score_meta", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(corpus: Path, limit: int | None) -> list[dict[str, Any]]:
    """Each page's gold record plus its HTML text."""
    pages = []
    for gold_path in sorted(corpus.glob("*.json"))[:limit]:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["html"] = gold_path.with_suffix(".html").read_text(encoding="utf-8")
        pages.append(gold)
    return pages


def predict(page: dict[str, Any], profile: Any) -> dict[str, Any]:
    """One prediction line in the scorer's format."""
    crawl = page.get("crawl_date")
    from datetime import datetime

    now = datetime.fromisoformat(crawl) if crawl else None
    try:
        ex = extract(page["html"], page["url"], profile=profile, now=now)
    except ExtractionError as exc:
        return {"id": page["id"], "error": exc.kind}
    return {
        "id": page["id"],
        "title": ex.headline,
        "authors": ex.authors,
        "published": ex.published_at.isoformat() if ex.published_at else None,
        "body": "\n\n".join(ex.body),
        "signals": ex.signals,
    }


def run_ours(pages: list[dict[str, Any]], use_profiles: bool) -> tuple[list[dict[str, Any]], float]:
    """Predictions and docs/s (profile learning is not timed: the crawler builds profiles offline)."""
    profiles = profiles_for_corpus(pages) if use_profiles else {}
    start = time.perf_counter()
    preds = [predict(p, profiles.get(p["id"])) for p in pages]
    return preds, len(pages) / (time.perf_counter() - start)


def time_both(pages: list[dict[str, Any]], rounds: int = 2) -> tuple[float, float]:
    """docs per CPU second of ours and of plain trafilatura, interleaved page by page so that
    machine load (cache and memory contention) hits both alike."""
    import trafilatura

    ours = theirs = 0.0
    for _ in range(rounds):
        for page in pages:
            start = time.process_time()
            trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
            middle = time.process_time()
            predict(page, None)
            ours += time.process_time() - middle
            theirs += middle - start
    return rounds * len(pages) / ours, rounds * len(pages) / theirs


def score(scorer: ModuleType, preds: list[dict[str, Any]], pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall and per-language aggregates using the shared scorer's functions."""
    by_id = {p["id"]: p for p in preds}
    rows, groups = [], defaultdict(list)
    for page in pages:
        gold = {k: v for k, v in page.items() if k != "html"}
        row = scorer.score_doc(by_id.get(page["id"], {}), gold)
        row["_id"] = page["id"]
        rows.append(row)
        groups[str(page.get("language"))].append(row)
    return {
        "overall": scorer.aggregate(rows),
        "rows": rows,
        "by_language": {k: scorer.aggregate(v) for k, v in sorted(groups.items())},
    }


def evaluate(corpus: Path | None = None, use_profiles: bool = True) -> dict[str, Any]:
    """Quality figures over the corpus (what the quality-floor test checks against the baseline)."""
    pages = load_pages(corpus or corpus_dir(), None)
    preds, _ = run_ours(pages, use_profiles)
    result = score(load_scorer(), preds, pages)
    return {
        "overall": {m: result["overall"][m] for m in FIELDS},
        "documents": len(pages),
        "by_language": {
            lang: {m: agg[m] for m in FIELDS if agg[m] is not None}
            for lang, agg in result["by_language"].items()
        },
    }


def write_baseline(result: dict[str, Any]) -> None:
    """Pin overall and per-language figures, rounded down to 3 decimals (lowering them is deliberate)."""

    def floor3(x: float) -> float:
        return int(x * 1000) / 1000

    data = {
        "note": "Quality floor for crawler.extract on the shared corpus; tests/extract/test_quality_floor.py "
        "fails when a figure drops below these. Regenerate with bench/extraction.py --write-baseline.",
        "documents": len(result["rows"]),
        "overall": {m: floor3(result["overall"][m]) for m in FIELDS},
        "by_language": {
            lang: {m: floor3(agg[m]) for m in FIELDS if agg[m] is not None}
            for lang, agg in result["by_language"].items()
        },
    }
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    BASELINE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def print_tables(result: dict[str, Any]) -> None:
    """One table per field: overall first, then each language."""
    for metric in FIELDS:
        print(f"\n{metric}")
        overall = result["overall"]
        print(f"  {'all':<8} {overall[metric]!s:>7}  (n={overall[metric + '_n']})")
        for lang, agg in result["by_language"].items():
            if agg[metric] is not None:
                print(f"  {lang:<8} {agg[metric]:>7.3f}  (n={agg[metric + '_n']})")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-profiles", action="store_true", help="extract without outlet profiles")
    ap.add_argument("--no-speed", action="store_true", help="skip the trafilatura timing run")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument(
        "--write-baseline",
        action="store_true",
        help=f"pin the measured quality figures as the new floor in {BASELINE.relative_to(REPO)}",
    )
    args = ap.parse_args(argv)
    corpus = args.corpus or corpus_dir()
    pages = load_pages(corpus, args.limit)
    scorer = load_scorer()
    preds, _ = run_ours(pages, not args.no_profiles)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "extraction_predictions.jsonl", "w", encoding="utf-8") as fh:
        for pred in preds:
            fh.write(json.dumps(pred, ensure_ascii=False) + "\n")
    result = score(scorer, preds, pages)
    with open(OUT / "extraction_per_doc.jsonl", "w", encoding="utf-8") as fh:
        for row in result["rows"]:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print_tables(result)
    ours_dps, traf_dps = (0.0, 0.0) if args.no_speed else time_both(pages)
    ratio = ours_dps / traf_dps if traf_dps else 0.0
    print(f"\nspeed (per CPU second): ours {ours_dps:.1f} docs/s, trafilatura {traf_dps:.1f} docs/s, ratio {ratio:.2f}")
    figures = {m: result["overall"][m] for m in FIELDS}
    figures["speed_ratio"] = round(ratio, 3)
    if args.write_baseline:
        write_baseline(result)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return figures


if __name__ == "__main__":
    main()
