"""Benchmark the web app: page latency on an archive of 100,000 stories.

Builds the archive once with bulk inserts (cached under ``bench/out/``; ``--rebuild`` to redo),
serves it with `newsarchive serve` (its own process) on 127.0.0.1, and times the main pages and
API calls one request at a time over HTTP, each page many times with varied stories and filters.
Story text mixes Zipf-distributed everyday words with one or two topic words per story, so a
topic search matches a few percent of the archive, as a real one would.

    .venv/bin/python bench/web.py [--stories 100000] [--repeat 30] [--rebuild]

The last line gives the figures over every timed request: ``p50_ms=... p95_ms=...``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from archive import models  # noqa: E402
from archive.db import Archive, open_archive  # noqa: E402
from archive.story import story_id_for  # noqa: E402

OUT = REPO / "bench" / "out"
OUTLETS = [(f"outlet{i}", f"The Outlet {i}", ["en", "en", "de", "fr"][i % 4]) for i in range(12)]
SECTIONS = ["News", "Politics", "Business", "Sport", "Tech", "Culture", "World", "Local"]
#: Topic words: each article is about one or two of them, as news is (they are what people search).
WORDS = ("council harbour budget flood strike school hospital railway election minister river bridge "
         "storm energy prices housing market police court festival museum library airport port union "
         "workers teachers nurses farmers drought wildfire vaccine research university climate plan "
         "report inquiry mayor tax jobs factory bank shares inflation rates tourism ferry coast").split()
_SYLLABLES = ("ka", "lo", "mer", "tin", "sa", "ve", "ron", "di", "pal", "shu", "gre", "fo", "nim", "ba", "tel")
#: Everyday words, drawn with Zipf frequencies, so a topic word matches a few percent of stories
#: (as "flood" does in a real archive) rather than half of them.
FILLER = sorted({a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "s", "ed", "ing")})[:3000]
_FILLER_WEIGHTS = [1 / (rank + 1) for rank in range(len(FILLER))]
T0 = datetime(2026, 1, 1, tzinfo=UTC)
EDITED_EVERY = 10  # one article in ten has a second version
CLUSTER_EVERY = 40  # one article in forty starts a cluster of three


def _sentence(rng: random.Random, n: int, topics: list[str]) -> str:
    words = rng.choices(FILLER, weights=_FILLER_WEIGHTS, k=n)
    words[rng.randrange(n)] = rng.choice(topics)
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, topics: list[str]) -> list[str]:
    return [" ".join(_sentence(rng, rng.randint(8, 16), topics) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(3, 6))]


def _rows(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """One dict per article with everything its rows need (deterministic for a seed)."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        source = (i % len(OUTLETS)) + 1
        url = f"https://{OUTLETS[source - 1][0]}.example/news/{i}"
        published = T0 + timedelta(minutes=5 * i + rng.randint(0, 4))
        topics = rng.sample(WORDS, rng.randint(1, 2))
        body = _paragraphs(rng, topics)
        yield {"i": i, "source": source, "url": url, "published": None if i % 17 == 0 else published,
               "seen": published + timedelta(minutes=3), "headline": _sentence(rng, rng.randint(6, 11), topics)[:-1],
               "body": body, "section": SECTIONS[i % len(SECTIONS)], "language": OUTLETS[source - 1][2],
               "authors": [] if i % 13 == 0 else [f"Reporter {i % 97}"], "edited": i % EDITED_EVERY == 0}


def _article_rows(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": r["i"], "story_id": story_id_for(r["url"]), "canonical_url": r["url"], "source_id": r["source"],
             "first_seen_at": r["seen"], "last_seen_at": r["seen"], "last_version_number": 2 if r["edited"] else 1}
            for r in batch]


def _version_rows(batch: list[dict[str, Any]], n: int) -> tuple[list[dict[str, Any]], ...]:
    """Captures, versions and derivations: version k of article i has id i (k=1) or n+i (k=2)."""
    captures, versions, derivations = [], [], []
    for r in batch:
        numbers = (1, 2) if r["edited"] else (1,)
        for k in numbers:
            vid = r["i"] if k == 1 else n + r["i"]
            body = r["body"] if k == 1 else [*r["body"], "Update: " + r["body"][0]]
            headline = r["headline"] if k == 1 else r["headline"] + " (updated)"
            when = r["seen"] + timedelta(hours=k - 1)
            captures.append({"id": vid, "article_id": r["i"], "source_id": r["source"], "requested_url": r["url"],
                             "final_url": r["url"], "status": 200, "fetched_at": when,
                             "fetch_method": "browser" if r["i"] % 9 == 0 else "http", "discovered_via": "feeds",
                             "headers": {}, "request_headers": {}, "blob_sha256": None,
                             "outcome": "new_article" if k == 1 else "new_version", "version_id": None})
            versions.append({"id": vid, "article_id": r["i"], "number": k, "content_hash": f"{vid:064x}",
                             "captured_at": when, "capture_id": vid, "headline": headline, "authors": r["authors"],
                             "published_at": r["published"], "published_offset_min": 60 if r["published"] else None,
                             "updated_at": None, "updated_offset_min": None, "section": r["section"],
                             "language": r["language"], "image_url": None, "body": body,
                             "source_fields": {"derived": {}, "provenance": {}}})
            provenance = {"summary": {"method": "extractive", "version": "1", "sentences": [0]}}
            derivations.append({"id": vid, "version_id": vid, "created_at": when, "generator": "extractive-v1",
                                "summary": body[0].split(". ")[0] + ".", "bullets": body[:2],
                                "why_this_matters": body[-1], "what_this_means_for_you": body[0],
                                "provenance": provenance})
    return captures, versions, derivations


def _insert(archive: Archive, model: type[models.Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        with archive.engine.begin() as connection:
            connection.execute(insert(model), rows)


def _link_captures(archive: Archive) -> None:
    with archive.engine.begin() as connection:
        connection.execute(text("UPDATE captures SET version_id = id WHERE outcome != 'error'"))


def _research_rows(archive: Archive, n: int) -> None:
    """Search documents (the FTS triggers index them), clusters and stored edit classes."""
    tables = set(models.Base.metadata.tables)
    if "search_docs" in tables:
        with archive.engine.begin() as connection:
            connection.execute(text(_SEARCH_BACKFILL[archive.engine.dialect.name]))
    if "clusters" in tables:
        clusters, members = [], []
        for c, start in enumerate(range(1, n - 2, CLUSTER_EVERY), 1):
            clusters.append({"id": c, "created_at": T0, "updated_at": T0, "size": 3})
            members += [{"article_id": start + k, "cluster_id": c, "joined_at": T0, "matched_article_id": start,
                         "score": 0.9, "method": "first" if k == 0 else "body"} for k in range(3)]
        _insert(archive, models.Cluster, clusters)  # type: ignore[attr-defined]
        _insert(archive, models.ClusterMember, members)  # type: ignore[attr-defined]
    if "version_edits" in tables:
        edits: list[dict[str, Any]] = [{"version_id": n + i, "article_id": i, "source_id": (i % len(OUTLETS)) + 1, "kind": kind,
                  "detected_at": T0, "detail": {}}
                 for i in range(EDITED_EVERY, n + 1, EDITED_EVERY) for kind in ("headline_rewrite", "update_appended")]
        for start in range(0, len(edits), 20_000):
            _insert(archive, models.VersionEdit, edits[start:start + 20_000])  # type: ignore[attr-defined]


_SEARCH_BACKFILL = {
    "sqlite": """INSERT INTO search_docs (article_id, version_id, version_number, source_id, language, section,
                 story_time, headline, summary, body)
                 SELECT a.id, v.id, v.number, a.source_id, v.language, v.section,
                        COALESCE(v.published_at, a.first_seen_at), v.headline, d.summary,
                        (SELECT group_concat(j.value, char(10)) FROM json_each(v.body) j)
                 FROM articles a JOIN versions v ON v.article_id = a.id AND v.number = a.last_version_number
                 JOIN derivations d ON d.version_id = v.id""",
    "postgresql": """INSERT INTO search_docs (article_id, version_id, version_number, source_id, language, section,
                 story_time, headline, summary, body)
                 SELECT a.id, v.id, v.number, a.source_id, v.language, v.section,
                        COALESCE(v.published_at, a.first_seen_at), v.headline, d.summary,
                        array_to_string(ARRAY(SELECT json_array_elements_text(v.body)), E'\\n')
                 FROM articles a JOIN versions v ON v.article_id = a.id AND v.number = a.last_version_number
                 JOIN derivations d ON d.version_id = v.id""",
}


def build(url: str, n: int, seed: int = 7) -> None:
    """Fill an empty archive with ``n`` articles (and their versions, captures, derivations)."""
    archive = open_archive(url)
    try:
        _insert(archive, models.Source, [{"id": k, "key": key, "name": name, "home_url": f"https://{key}.example/",
                                          "language": lang, "country": "GB"}
                                         for k, (key, name, lang) in enumerate(OUTLETS, 1)])
        batch: list[dict[str, Any]] = []
        for row in _rows(n, seed):
            batch.append(row)
            if len(batch) == 5000:
                _write_batch(archive, batch, n)
                batch = []
        _write_batch(archive, batch, n)
        _link_captures(archive)
        errors: list[dict[str, Any]] = [{"id": 3 * n + k, "article_id": None, "source_id": (k % len(OUTLETS)) + 1,
                   "requested_url": f"https://x.example/gone/{k}", "final_url": f"https://x.example/gone/{k}",
                   "status": 404, "fetched_at": T0 + timedelta(minutes=k), "fetch_method": "http",
                   "discovered_via": "feeds", "headers": {}, "request_headers": {}, "blob_sha256": None,
                   "outcome": "error", "error_kind": "http_404", "error_detail": "Not Found", "version_id": None}
                  for k in range(n // 100)]
        _insert(archive, models.Capture, errors)
        _research_rows(archive, n)
        with archive.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        archive.dispose()


def _write_batch(archive: Archive, batch: list[dict[str, Any]], n: int) -> None:
    if not batch:
        return
    captures, versions, derivations = _version_rows(batch, n)
    _insert(archive, models.Article, _article_rows(batch))
    _insert(archive, models.Capture, captures)
    _insert(archive, models.Version, versions)
    _insert(archive, models.Derivation, derivations)


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


def cached_archive(n: int, rebuild: bool, db: str | None = None) -> str:
    """The archive of ``n`` stories: a SQLite file under bench/out/ (or ``db``, e.g. an empty
    PostgreSQL database), built when it does not hold exactly ``n`` stories or when asked to."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"web-{n}.sqlite3"
    url = db or f"sqlite:///{path}"
    if db is not None:
        archive = open_archive(url)
        try:
            with archive.session() as session:
                count = session.scalar(select(func.count()).select_from(models.Article))
        finally:
            archive.dispose()
        if count == n and not rebuild:
            return url
        if count and not rebuild:
            raise SystemExit(f"{db} holds {count} stories, not {n}: pass --rebuild to wipe its public schema")
        if count:
            _empty_postgres(url)
        started = time.perf_counter()
        build(url, n)
        print(f"built {n} stories in {time.perf_counter() - started:.1f} s -> {db}", flush=True)
        return url
    if path.exists() and not rebuild:
        archive = open_archive(url)
        try:
            with archive.session() as session:
                if session.scalar(select(func.count()).select_from(models.Article)) == n:
                    return url
        finally:
            archive.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    build(url, n)
    print(f"built {n} stories in {time.perf_counter() - started:.1f} s -> {path}", flush=True)
    return url


def _serve(url: str) -> tuple[str, Callable[[], None]]:
    """`newsarchive serve` in its own process, as users run it (the timing client stays apart)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--db", url, "--port", str(port)],
                              cwd=REPO, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/static/app.css", timeout=2)
            break
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the web app did not start") from None
            time.sleep(0.2)

    def stop() -> None:
        server.terminate()
        server.wait(timeout=20)

    return base, stop


def _pages(n: int, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Page name -> a function giving the next URL to time (a different story or filter each time)."""
    def story() -> str:
        return story_id_for(f"https://{OUTLETS[0][0]}.example/news/{rng.randrange(12, n, 12)}")

    def edited() -> str:
        i = rng.randrange(EDITED_EVERY * 12, n, EDITED_EVERY * 12)
        return story_id_for(f"https://outlet0.example/news/{i}")

    def clustered() -> str:
        i = 1 + CLUSTER_EVERY * rng.randrange(1, n // CLUSTER_EVERY - 1)
        return story_id_for(f"https://{OUTLETS[i % len(OUTLETS)][0]}.example/news/{i}")

    return {
        "front": lambda: "/",
        "front_page_n": lambda: f"/?page={rng.randint(2, 200)}",
        "outlet_filter": lambda: f"/?outlet=outlet{rng.randrange(len(OUTLETS))}",
        "filters": lambda: f"/?language=de&section={rng.choice(SECTIONS)}&since=2026-02-01&until=2026-03-01",
        "search": lambda: f"/?q={rng.choice(WORDS)}",
        "search_two": lambda: f"/?q={rng.choice(WORDS)}+{rng.choice(WORDS)}",
        "story": lambda: f"/story/{story()}",
        "history": lambda: f"/story/{edited()}/history",
        "cluster": lambda: f"/story/{clustered()}/cluster",
        "coverage": lambda: f"/coverage?q={rng.choice(WORDS)}",
        "outlet": lambda: f"/outlets/outlet{rng.randrange(len(OUTLETS))}",
        "api_stories": lambda: f"/api/stories?page={rng.randint(1, 50)}",
        "api_story": lambda: f"/api/stories/{story()}",
    }


def _time_pages(base: str, n: int, repeat: int) -> dict[str, list[float]]:
    rng = random.Random(11)
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, next_url in _pages(n, rng).items():
            warm = [client.get(next_url()) for _ in range(2)]  # warm caches and the connection
            if warm[0].status_code == 501:
                print(f"{name}: not available in this install (501), not timed", flush=True)
                continue
            samples = []
            for _ in range(repeat):
                url = next_url()
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}: {response.text[:300]}")
            timings[name] = samples
    return timings


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached archive")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--db", help="benchmark this (PostgreSQL) database instead; filled when empty, wiped only with --rebuild")
    args = parser.parse_args()
    url = cached_archive(args.stories, args.rebuild, args.db)
    base, stop = _serve(url)
    try:
        timings = _time_pages(base, args.stories, args.repeat)
    finally:
        stop()
    every = [t for samples in timings.values() for t in samples]
    print(f"{'page':<16}{'p50_ms':>10}{'p95_ms':>10}{'max_ms':>10}")
    for name, samples in timings.items():
        print(f"{name:<16}{statistics.median(samples):>10.1f}{_percentile(samples, 0.95):>10.1f}{max(samples):>10.1f}")
    figures = {"stories": args.stories, "requests": len(every), "p50_ms": round(statistics.median(every), 1),
               "p95_ms": round(_percentile(every, 0.95), 1)}
    if args.json:
        args.json.write_text(json.dumps({**figures, "pages": timings}, indent=1), encoding="utf-8")
    slowest = max(timings, key=lambda name: _percentile(timings[name], 0.95))
    rest = [t for name, samples in timings.items() if name != slowest for t in samples]
    print(f"stories={args.stories} requests={len(every)} load_avg_1m={os.getloadavg()[0]:.1f} "
          f"p95_ms_without_{slowest}={_percentile(rest, 0.95):.1f}")
    print(f"p50_ms={figures['p50_ms']} p95_ms={figures['p95_ms']}")


if __name__ == "__main__":
    main()
