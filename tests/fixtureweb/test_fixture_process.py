"""Determinism, the corpus outlet, and the subprocess entry point."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import lxml.html

from crawler.fixtureweb import FixtureWeb
from crawler.fixtureweb.corpus import find_corpus

from .conftest import get

REPO = Path(__file__).resolve().parents[2]


def _all_pages(web: FixtureWeb) -> dict[str, bytes]:
    out = {}
    for key in ("herald", "ledger", "courier"):
        for path, route in web.routes(key).items():
            resp = route() if callable(route) else route
            out[f"{key}{path}"] = resp.body.replace(f":{web.port}".encode(), b":PORT")
    return out


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    one, two, other = FixtureWeb(seed=7), FixtureWeb(seed=7), FixtureWeb(seed=8)
    try:
        assert one.port != two.port
        for n in (1, 3):
            for web in (one, two):
                web.set_edition(n)
            assert _all_pages(one) == _all_pages(two)
        assert one.article_urls(1) != other.article_urls(1)
    finally:
        for web in (one, two, other):
            web.stop()


def test_same_seed_same_bytes_over_http() -> None:
    with FixtureWeb(seed=3) as one, FixtureWeb(seed=3) as two:
        for url in sorted(one.article_urls())[:5]:
            other = url.replace(str(one.port), str(two.port))
            assert get(one, url).body.replace(f":{one.port}".encode(), b":P") == \
                get(two, other).body.replace(f":{two.port}".encode(), b":P")


def test_corpus_pages_are_served_with_feed_and_sitemap() -> None:
    with FixtureWeb(seed=7) as web:
        expected = web.corpus_expected()
        assert len(expected) >= 100
        url, record = next(iter(sorted(expected.items())))
        assert get(web, url).body == (find_corpus() / f"{record['id']}.html").read_bytes()
        feed = get(web, web.base("corpus") + "/feed.xml").body.decode()
        assert url in feed and "corpus" in web.sources_toml(["corpus"])


def test_corpus_copies_are_distinct_pages() -> None:
    with FixtureWeb(seed=7, corpus_copies=3) as web:
        urls = web.article_urls(outlets=["corpus"])
        assert len(urls) == 3 * len(list(find_corpus().glob("*.json")))
        corpus_id = sorted(web.corpus_expected().values(), key=lambda r: r["id"])[0]["id"]
        bodies = [get(web, f"{web.base('corpus')}/articles/{corpus_id}/{k}").body for k in (1, 2, 3)]
        assert len(set(bodies)) == 3
        canonical = lxml.html.fromstring(bodies[1]).xpath('//link[@rel="canonical"]/@href')
        assert canonical in ([], [f"{web.base('corpus')}/articles/{corpus_id}/2"])


def test_subprocess_entry_point() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "crawler.fixtureweb", "--seed", "7", "--port", "0"],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith("PORT=")
        port = int(first.removeprefix("PORT="))
        base = f"http://127.0.0.1:{port}/__fixture__"
        state = json.load(urllib.request.urlopen(f"{base}/state", timeout=5))
        assert state["edition"] == 1 and state["seed"] == 7
        req = urllib.request.Request(f"{base}/edition/2", method="POST", data=b"")
        assert json.load(urllib.request.urlopen(req, timeout=5))["edition"] == 2
        changes = json.load(urllib.request.urlopen(f"{base}/changes?from=1&to=2", timeout=5))
        with FixtureWeb(seed=7) as local:
            expected = local.changes(1, 2)
        assert {u.replace(f":{port}/", "/").split("localhost")[1] for u in changes} == \
            {u.replace(f":{local.port}/", "/").split("localhost")[1] for u in expected}
    finally:
        proc.terminate()
        proc.wait(timeout=5)
