"""Benchmark the streaming exports: 100,000 stories to JSON Lines and Parquet, speed and peak memory.

    .venv/bin/python bench/export.py [--stories 100000] [--db URL] [--rebuild] [--repeat N]

The archive is built once with bulk inserts (one version, capture and derivation per story, text
of realistic length) and cached as ``bench/out/export-<N>.sqlite3``. Each export then runs in a
fresh process, so its peak resident memory (``ru_maxrss``) is the export's alone; CPU time is
reported next to wall-clock time, since the latter depends on what else the machine runs
(``--repeat N`` runs each export N times and reports the fastest, saying so). Targets:
>= 20,000 stories/s for JSON Lines, peak memory under 300 MB. The last line is
``jsonl_per_s=... parquet_per_s=... peak_mb=...``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import insert, update  # noqa: E402

from archive import models  # noqa: E402
from archive.db import open_archive  # noqa: E402

OUT = REPO / "bench" / "out"
WORDS = ("council harbour flood defences budget minister report residents school hospital rail line "
         "strike union talks weather storm river bridge court ruling police investigation market prices "
         "energy bills housing plan election vote campaign climate target museum festival").split()
OUTLETS = ("herald", "ledger", "courier", "brief", "wire")
T0 = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 5_000


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _rows(i: int, rng: random.Random) -> dict[str, dict[str, Any]]:
    outlet = i % len(OUTLETS)
    url = f"https://{OUTLETS[outlet]}.example/2026/{i:06d}/{rng.choice(WORDS)}-{rng.choice(WORDS)}"
    when = T0 + timedelta(minutes=i)
    body = [" ".join(_sentence(rng, rng.randint(12, 22)) for _ in range(3)) for _ in range(8)]
    signal = rng.choice(("jsonld", "opengraph", "meta", "microdata"))
    prov = {"provenance": {"headline": {"method": "source", "signal": signal},
                           "published_at": {"method": "source", "signal": rng.choice(("jsonld", "time"))}},
            "derived": {}}
    picked = sorted(rng.sample(range(24), 3))  # which sentences the extractive summary took: varies
    return {
        "article": {"id": i, "story_id": f"{i:016x}", "canonical_url": url, "source_id": outlet + 1,
                    "first_seen_at": when, "last_seen_at": when, "last_version_number": 1},
        "capture": {"id": i, "article_id": i, "source_id": outlet + 1, "requested_url": url, "final_url": url,
                    "status": 200, "fetched_at": when, "fetch_method": "http", "discovered_via": "feeds",
                    "headers": {"content-type": "text/html; charset=utf-8"}, "request_headers": {},
                    "blob_sha256": None, "outcome": "new_article"},
        "version": {"id": i, "article_id": i, "number": 1, "content_hash": f"{i:064x}", "captured_at": when,
                    "capture_id": i, "headline": _sentence(rng, 9)[:-1], "authors": ["Ada Lovelace"],
                    "published_at": when - timedelta(hours=1), "published_offset_min": 60, "updated_at": None,
                    "updated_offset_min": None, "section": "News", "language": "en", "image_url": None,
                    "body": body, "source_fields": prov},
        "derivation": {"id": i, "version_id": i, "created_at": when, "generator": "extractive-v1",
                       "summary": body[0][:240], "bullets": [_sentence(rng, 10) for _ in range(3)],
                       "why_this_matters": _sentence(rng, 18), "what_this_means_for_you": _sentence(rng, 18),
                       "provenance": {"summary": {"method": "extractive", "version": "1", "sentences": picked[:1]},
                                      "bullets": {"method": "extractive", "version": "1", "sentences": picked}}},
    }


def build(url: str, stories: int) -> None:
    """Bulk-insert ``stories`` one-version stories (ids given, so rows link without look-ups)."""
    archive = open_archive(url)
    rng = random.Random(2026)
    with archive.engine.begin() as conn:
        conn.execute(insert(models.Source), [
            {"id": n + 1, "key": key, "name": key.title(), "home_url": f"https://{key}.example/", "language": "en",
             "country": "GB"} for n, key in enumerate(OUTLETS)])
    for start in range(1, stories + 1, CHUNK):
        batch = [_rows(i, rng) for i in range(start, min(start + CHUNK, stories + 1))]
        with archive.engine.begin() as conn:
            for table, key in ((models.Article, "article"), (models.Capture, "capture"),
                               (models.Version, "version"), (models.Derivation, "derivation")):
                conn.execute(insert(table), [row[key] for row in batch])
    with archive.engine.begin() as conn:
        conn.execute(update(models.Capture).values(version_id=models.Capture.id))
    with archive.engine.connect() as conn:  # fold the WAL in: exports then read a settled file
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.dispose()


def run_one(url: str, fmt: str, out: Path) -> dict[str, Any]:
    """One export in this process: count, seconds, stories/s, peak RSS."""
    from archive.exporters.run import run_export
    from archive.exporters.selection import ExportFilters

    archive = open_archive(url)
    started, cpu = time.perf_counter(), time.process_time()
    with archive.session() as session:
        result, _ = run_export(session, fmt, out, ExportFilters(latest_only=False))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    archive.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"format": fmt, "count": result.count, "seconds": round(seconds, 2),
            "per_s": round(result.count / seconds), "cpu_s": round(cpu, 2),
            "per_cpu_s": round(result.count / cpu), "peak_mb": round(peak_mb, 1),
            "bytes": out.stat().st_size}


def _calibration_ms() -> float:
    """A fixed pure-Python workload, so figures from machines of different speed can be compared."""
    import timeit

    return min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000


def _child(args: argparse.Namespace, fmt: str) -> dict[str, Any]:
    """One export of ``fmt`` in a fresh process (so its peak memory is its own)."""
    proc = subprocess.run([sys.executable, __file__, "--stories", str(args.stories), "--run", fmt,
                           *(["--db", args.db] if args.db else [])], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--db", help="Archive URL (default: a cached SQLite file under bench/out/).")
    parser.add_argument("--rebuild", action="store_true", help="Build the cached archive again.")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Run each export this many times (fresh processes) and report the fastest.")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one export in a child process
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    cached = OUT / f"export-{args.stories}.sqlite3"
    url = args.db or f"sqlite:///{cached}"
    if args.run:
        print(json.dumps(run_one(url, args.run, OUT / f"bench-export.{args.run}")))
        return
    if not args.db and (args.rebuild or not cached.exists()):
        cached.unlink(missing_ok=True)
        started = time.perf_counter()
        build(url, args.stories)
        print(f"built {args.stories} stories in {time.perf_counter() - started:.1f} s -> {cached}")
    results = {}
    peaks: list[float] = []  # of every run, not only the fastest
    for fmt in ("jsonl", "parquet"):
        runs = [_child(args, fmt) for _ in range(max(1, args.repeat))]
        peaks.extend(run["peak_mb"] for run in runs)
        results[fmt] = r = min(runs, key=lambda run: run["seconds"])
        walls = ", ".join(str(run["seconds"]) for run in runs)
        best = f"; fastest of {len(runs)} runs (wall {walls} s)" if len(runs) > 1 else ""
        print(f"{fmt:8} {r['count']} stories in {r['seconds']} s = {r['per_s']} stories/s "
              f"(CPU {r['cpu_s']} s = {r['per_cpu_s']}/CPU-s), peak {max(run['peak_mb'] for run in runs)} MB, "
              f"{r['bytes'] / 1e6:.1f} MB written{best}")
    peak = max(peaks)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (wall-clock rates fall when other work shares them); "
          f"calibration: sum(range(10**6)) best of 5 = {_calibration_ms():.1f} ms on this machine now")
    print(f"jsonl_per_s={results['jsonl']['per_s']} parquet_per_s={results['parquet']['per_s']} peak_mb={peak}")


if __name__ == "__main__":
    main()
