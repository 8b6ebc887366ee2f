"""FixtureWeb: the local fictional news web that the demo, the tests and the benchmarks crawl."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .corpus import CorpusOutlet, find_corpus
from .demo import DemoOutlet
from .extras import extra_outlets
from .model import ArticleTruth, BrokenCase, Response, Route
from .outlets import DEMO, SPECS
from .server import FixtureServer, Hold, RequestRecord
from .sitebase import SiteOutlet, text_response
from .sources import sources_toml
from .syndication import WIRE_OUTLETS
from .xss import XssOutlet

__all__ = ["FixtureWeb"]


class FixtureWeb:
    """Fictional news outlets on ``<key>.localhost:PORT``, all served by one server on 127.0.0.1.

    The server socket is bound when the object is made, so ``port`` and every URL are known before
    ``start()``. Everything served is a pure function of (seed, edition, port).
    """

    def __init__(self, seed: int = 7, edition: int = 1, slow_seconds: float = 4.0, *, port: int = 0,
                 corpus_copies: int = 0, corpus_dir: str | Path | None = None, compress: bool = True) -> None:
        if edition < 1:
            raise ValueError("editions start at 1")
        self.seed = seed
        self.slow_seconds = slow_seconds
        self._edition = edition
        self._server = FixtureServer(self, port, compress)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, int], dict[str, Route]] = {}
        self._sites: dict[str, SiteOutlet] = {}
        self._down: dict[tuple[str, str], int] = {}  # (host, path) -> status answered instead
        for key in DEMO:
            self._sites[key] = DemoOutlet(SPECS[key], seed, self.base(key), slow_seconds)
        for site in extra_outlets(seed, self.base):
            self._sites[site.key] = site
        corpus = find_corpus(corpus_dir)
        if corpus is not None:
            self._sites["corpus"] = CorpusOutlet(corpus, self.base("corpus"), corpus_copies)

    # -- lifecycle ----------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.port

    def start(self) -> FixtureWeb:
        """Serve in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                            name=f"fixtureweb-{self.port}", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread (the subprocess entry point)."""
        self._server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        """Stop serving, wake slow responses and close the socket."""
        self._server.stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> FixtureWeb:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- addressing ----------------------------------------------------------------------------------
    def base(self, key: str) -> str:
        """An outlet's base URL, e.g. ``http://herald.localhost:8123`` (no trailing slash)."""
        return f"http://{key}.localhost:{self.port}"

    @property
    def outlets(self) -> list[str]:
        """Keys of every outlet served (the demo set first)."""
        return list(self._sites)

    @property
    def edition(self) -> int:
        return self._edition

    def set_edition(self, n: int) -> None:
        """Move the whole web to edition ``n`` (forwards or back)."""
        if n < 1:
            raise ValueError("editions start at 1")
        self._edition = n

    def take_down(self, url: str, status: int = 503) -> None:
        """Answer ``url`` (whatever its query) with ``status`` until ``bring_up``: a feed going down."""
        parts = urlsplit(url)
        self._down[((parts.hostname or "").lower(), parts.path or "/")] = status

    def bring_up(self, url: str) -> None:
        parts = urlsplit(url)
        self._down.pop(((parts.hostname or "").lower(), parts.path or "/"), None)

    def hold(self, urls: Iterable[str], free: int = 0) -> Hold:
        """Let ``free`` fetches of ``urls`` through, then hold the rest unanswered until the returned
        hold is released (and replace any earlier hold)."""
        paths = {((parts.hostname or "").lower(), parts.path or "/") for parts in map(urlsplit, urls)}
        self._server.hold = Hold(paths, free)
        return self._server.hold

    def site(self, key: str) -> SiteOutlet:
        return self._sites[key]

    # -- sources -------------------------------------------------------------------------------------
    def _chosen(self, outlets: Iterable[str] | None) -> list[SiteOutlet]:
        keys = list(DEMO if outlets is None else outlets)
        missing = [k for k in keys if k not in self._sites]
        if missing:
            raise KeyError(f"not served by this fixture web: {', '.join(missing)}")
        return [self._sites[k] for k in keys]

    def sources_toml(self, outlets: list[str] | None = None) -> str:
        """The sources file text for these outlets (default: the demo set)."""
        return sources_toml([s.sources_entry() for s in self._chosen(outlets)],
                            f"fixture web, seed {self.seed}, port {self.port}")

    def write_sources(self, path: str | Path, outlets: list[str] | None = None) -> Path:
        target = Path(path)
        target.write_text(self.sources_toml(outlets), encoding="utf-8")
        return target

    # -- ground truth ----------------------------------------------------------------------------------
    def article_urls(self, edition: int | None = None, outlets: list[str] | None = None) -> set[str]:
        """Good article URLs, exactly as feeds/sitemaps link them, listed in that edition."""
        n = edition or self._edition
        return set().union(*(s.article_urls(n) for s in self._chosen(outlets)))

    def canonical_urls(self, edition: int | None = None, outlets: list[str] | None = None) -> set[str]:
        """The same articles by the URL their pages declare (tracking parameters dropped)."""
        n = edition or self._edition
        return set().union(*(s.canonical_urls(n) for s in self._chosen(outlets)))

    def changes(self, from_edition: int, to_edition: int,
                outlets: list[str] | None = None) -> dict[str, set[str]]:
        """Article URL -> what changed between two editions (``to_edition`` >= ``from_edition``)."""
        if to_edition < from_edition:
            raise ValueError("changes() compares an edition with a later one")
        out: dict[str, set[str]] = {}
        for site in self._chosen(outlets):
            out.update(site.changes(from_edition, to_edition))
        return out

    def broken_cases(self, outlets: list[str] | None = None) -> list[BrokenCase]:
        return [c for s in self._chosen(outlets) for c in s.broken_cases()]

    def disallowed_urls(self, outlets: list[str] | None = None) -> set[str]:
        """Pages linked from front pages that robots.txt forbids (a crawler must never fetch them)."""
        return set().union(*(s.disallowed_urls() for s in self._chosen(outlets)))

    def articles(self, edition: int | None = None, outlets: list[str] | None = None) -> list[ArticleTruth]:
        """Ground truth of every generated article published by that edition (listed or not)."""
        n = edition or self._edition
        return [t for s in self._chosen(outlets) if isinstance(s, DemoOutlet) for t in s.truth(n)]

    def corpus_expected(self) -> dict[str, dict[str, object]]:
        """Served corpus URL -> the corpus's expected JSON for that page ({} without a corpus)."""
        site = self._sites.get("corpus")
        return site.expected() if isinstance(site, CorpusOutlet) else {}

    def portal_expected(self, edition: int | None = None) -> dict[str, dict[str, Any]]:
        """``brief`` article URL -> headline, summary, bullets, body, why_this_matters,
        what_this_means_for_you, as the pages themselves give them."""
        site = self._sites["brief"]
        return site.portal_expected(edition or self._edition) if isinstance(site, DemoOutlet) else {}

    def story_groups(self, edition: int | None = None) -> list[set[str]]:
        """Expected clusters over the ``wire-*`` outlets' listed articles: shared wire copy and
        same-event stories group together; every other article is a group of one."""
        merged: dict[str, set[str]] = {}
        for key in WIRE_OUTLETS:
            site = self._sites[key]
            if isinstance(site, DemoOutlet):
                for story, urls in site.story_groups(edition or self._edition).items():
                    merged.setdefault(story, set()).update(urls)
        return sorted(merged.values(), key=lambda g: (-len(g), sorted(g)))

    def xss_urls(self) -> list[str]:
        """Article pages of the ``xss`` outlet (payload markers all start with ``xss-``)."""
        site = self._sites["xss"]
        return site.urls() if isinstance(site, XssOutlet) else []

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far (control endpoints excluded)."""
        return list(self._server.requests)

    def clear_requests(self) -> None:
        with self._server._lock:
            self._server.requests.clear()

    # -- serving ---------------------------------------------------------------------------------------
    def routes(self, key: str, edition: int | None = None) -> dict[str, Route]:
        """One outlet's routes for an edition, built once and cached."""
        n = edition or self._edition
        site = self._sites[key]
        cache_key = (key, 0 if site.static_routes() else n)
        routes = self._cache.get(cache_key)
        if routes is None:
            with self._lock:
                routes = self._cache.get(cache_key)
                if routes is None:
                    routes = self._cache[cache_key] = site.routes(n)
        return routes

    def fetch(self, url: str) -> Response:
        """Answer a URL in-process, without HTTP (fast unit tests, determinism checks)."""
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.respond("GET", parts.netloc, target or "/", b"")

    def respond(self, method: str, host: str, target: str, body: bytes) -> Response:
        """Route one request: control endpoints on any host, else the outlet named by the Host header."""
        parts = urlsplit(target)
        if parts.path.startswith("/__fixture__/"):
            return self._control(method, parts.path, parse_qs(parts.query))
        name = host.split(":")[0].lower()
        if (name, parts.path) in self._down:
            return text_response(f"fixture web: {parts.path} is down (take_down)\n", self._down[(name, parts.path)])
        key = name[: -len(".localhost")] if name.endswith(".localhost") else None
        if key not in self._sites:
            served = ", ".join(f"{k}.localhost" for k in self._sites)
            return text_response(f"fixture web: unknown host {host!r}; served hosts: {served}\n", 404)
        routes = self.routes(key)
        route = routes.get(parts.path)
        if route is None:
            if parts.path + "/" in routes:
                slash = parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                return Response(301, b"", None, (("Location", slash),))
            return self._sites[key].not_found(parts.path)
        return route() if callable(route) else route

    def _control(self, method: str, path: str, query: dict[str, list[str]]) -> Response:
        parts = path.strip("/").split("/")
        outlets = query["outlets"][0].split(",") if "outlets" in query else None
        if len(parts) == 3 and parts[1] == "edition" and method == "POST" and parts[2].isdigit():
            self.set_edition(int(parts[2]))
            return self._json(self._state())
        if parts[1:] == ["state"]:
            return self._json(self._state())
        if parts[1:] == ["truth"]:
            n = int(query.get("edition", [self._edition])[0])
            return self._json({
                "edition": n, "article_urls": sorted(self.article_urls(n, outlets)),
                "canonical_urls": sorted(self.canonical_urls(n, outlets)),
                "disallowed_urls": sorted(self.disallowed_urls(outlets)),
                "broken_cases": [asdict(c) for c in self.broken_cases(outlets)]})
        if parts[1:] == ["changes"]:
            changes = self.changes(int(query["from"][0]), int(query["to"][0]), outlets)
            return self._json({url: sorted(kinds) for url, kinds in sorted(changes.items())})
        if parts[1:] == ["sources"]:
            return text_response(self.sources_toml(outlets))
        return text_response(f"fixture web: no control endpoint {path}\n", 404)

    def _state(self) -> dict[str, object]:
        return {"edition": self._edition, "seed": self.seed, "port": self.port, "outlets": self.outlets,
                "demo": list(DEMO)}

    @staticmethod
    def _json(data: object) -> Response:
        return Response(200, json.dumps(data, indent=1).encode(), "application/json", compressible=False)
