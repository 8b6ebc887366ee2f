"""Benchmark full-text search on a generated archive of 100,000 stories (SQLite by default).

Builds the archive once with bulk inserts (the same tables and triggers record_capture fills,
without its per-capture work) and caches it under ``bench/out/`` keyed by the parameters and
the schema revision; then times ``archive.search.search_results`` on typical queries, warm: topic
words, phrases, operators, filters, and everyday words that match most stories. Each query's line
says whether every match was ranked ("all") or only candidates ("bounded").

    .venv/bin/python bench/search.py [--stories 100000] [--rounds 5] [--db URL] [--rebuild]

The last line reads ``p50_ms=... p95_ms=...`` (wall-clock, over every timed query; target p95 <
50 ms); the line before gives the machine's load and the same percentiles in CPU time of the
searching thread, which is what the latency would be on an idle machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine import Connection  # noqa: E402

from archive import models  # noqa: E402
from archive.db import open_archive  # noqa: E402
from archive.migrate import head_revision  # noqa: E402
from archive.search import search_results  # noqa: E402
from bench.search_corpus import generate  # noqa: E402

OUT = REPO / "bench" / "out"
START = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 5000
#: (query, filters): what researchers type: topic words, phrases, OR, exclusions, prefixes, filters.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("flood", {}),
    ("flood defences", {}),
    ('"prime minister"', {}),
    ("strike OR walkout", {}),
    ("budget -library", {}),
    ("econom*", {}),
    ("election results", {"outlet": "outlet07"}),
    ("hospital waiting", {"since": START + timedelta(days=640)}),
    ("housing rent", {"language": "en"}),
    ("football", {"section": "Sport"}),
    ("energy bills", {"offset": 20}),
    ("kalomer", {}),
    # Everyday words match most of the archive (too many to rank whole; see archive.search_sqlite).
    ("government", {}),
    ("said", {}),
    ("people minister", {}),
    ("council", {"section": "Politics"}),
    ("people", {"outlet": "outlet07"}),
    ("the", {}),
]


def _rows(start_id: int, stories: list[Any]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {"articles": [], "captures": [], "versions": [], "search_docs": []}
    for offset, story in enumerate(stories):
        i = start_id + offset
        url = f"https://outlet{story.outlet:02d}.example/{story.section.lower()}/{i}"
        when = START + timedelta(days=story.day, minutes=i % 1440)
        sid = hashlib.sha256(url.encode()).hexdigest()
        rows["articles"].append({"id": i, "story_id": sid[:16], "canonical_url": url, "source_id": story.outlet + 1,
                                 "first_seen_at": when, "last_seen_at": when, "last_version_number": 1})
        rows["captures"].append({"id": i, "article_id": i, "source_id": story.outlet + 1, "requested_url": url,
                                 "final_url": url, "status": 200, "fetched_at": when, "fetch_method": "http",
                                 "discovered_via": "bench", "headers": {}, "request_headers": {},
                                 "outcome": "new_article"})
        rows["versions"].append({"id": i, "article_id": i, "number": 1, "content_hash": sid, "captured_at": when,
                                 "capture_id": i, "headline": story.headline, "authors": [], "published_at": when,
                                 "published_offset_min": 0, "section": story.section, "language": story.language,
                                 "body": story.body, "source_fields": {}})
        rows["search_docs"].append({"article_id": i, "version_id": i, "version_number": 1,
                                    "source_id": story.outlet + 1, "language": story.language,
                                    "section": story.section, "story_time": when, "headline": story.headline,
                                    "summary": story.summary, "body": "\n".join(story.body)})
    return rows


def _load(connection: Connection, count: int, seed: int) -> None:
    connection.execute(insert(models.Source), [
        {"id": n + 1, "key": f"outlet{n:02d}", "name": f"Outlet {n}", "home_url": f"https://outlet{n:02d}.example/"}
        for n in range(40)])
    batch: list[Any] = []
    next_id = 1
    for story in generate(count, seed=seed):
        batch.append(story)
        if len(batch) == BATCH:
            _insert(connection, next_id, batch)
            next_id += len(batch)
            batch = []
            print(f"  {next_id - 1:,} stories", file=sys.stderr, flush=True)
    if batch:
        _insert(connection, next_id, batch)
    connection.execute(text("UPDATE captures SET version_id = id"))


def _insert(connection: Connection, start_id: int, stories: list[Any]) -> None:
    rows = _rows(start_id, stories)
    for model in (models.Article, models.Capture, models.Version, models.SearchDoc):
        connection.execute(insert(model), rows[model.__tablename__])


def build(path: Path, count: int, seed: int) -> None:
    """A migrated archive with ``count`` generated stories, written atomically to ``path``."""
    partial = path.with_suffix(".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    archive = open_archive(f"sqlite:///{partial}")
    started = time.perf_counter()
    with archive.engine.begin() as connection:
        _load(connection, count, seed)
    with archive.engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO story_fts(story_fts) VALUES ('optimize')")
        connection.exec_driver_sql("ANALYZE")
    raw = archive.engine.raw_connection()  # outside any transaction (the driver autocommits here)
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    archive.dispose()
    partial.rename(path)
    print(f"built {count:,} stories in {time.perf_counter() - started:.0f} s -> {path} "
          f"({path.stat().st_size / 2**20:.0f} MiB)", file=sys.stderr)


def _time_queries(url: str, rounds: int) -> tuple[list[float], list[float], dict[str, list[float]], dict[str, str]]:
    archive = open_archive(url)
    timings: list[float] = []
    cpu: list[float] = []
    per_query: dict[str, list[float]] = {}
    outcome: dict[str, str] = {}
    with archive.session() as session:
        for query, filters in QUERIES:  # warm-up: page cache and statement cache
            search_results(session, query, **filters)
        for _ in range(rounds):
            for query, filters in QUERIES:
                label = query + (f" {json.dumps(filters, default=str)}" if filters else "")
                started, started_cpu = time.perf_counter(), time.thread_time()
                found = search_results(session, query, limit=20, **filters)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                per_query.setdefault(label, []).append(elapsed)
                outcome[label] = f"{len(found.hits):3d} hits {'all' if found.complete else 'bounded':>7}"
    archive.dispose()
    return timings, cpu, per_query, outcome


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", help="search this archive instead of the generated SQLite one")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached archive")
    args = parser.parse_args()
    url = args.db
    if url is None:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"search-{args.stories}-{args.seed}-{head_revision()}.sqlite3"
        if args.rebuild or not path.exists():
            build(path, args.stories, args.seed)
        url = f"sqlite:///{path}"
    timings, cpu, per_query, outcome = _time_queries(url, args.rounds)
    for label, values in per_query.items():
        print(f"{statistics.median(values):8.1f} ms  max {max(values):7.1f} ms  {outcome[label]}  {label}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    # CPU time of the searching thread: what the latency would be on an otherwise idle machine.
    print(f"queries={len(timings)} stories={args.stories} load={load:.1f} cpus={os.cpu_count()} "
          f"cpu_p50_ms={_percentile(cpu, 0.50):.1f} cpu_p95_ms={_percentile(cpu, 0.95):.1f}")
    print(f"p50_ms={_percentile(timings, 0.50):.1f} p95_ms={_percentile(timings, 0.95):.1f}")


if __name__ == "__main__":
    main()
