"""A tiny scripted web server on 127.0.0.1 for crawl tests: answers by (host, path), logs every request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawler.fixtureweb import FixtureWeb

__all__ = ["ScriptedWeb", "Hit", "article_html"]

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Hit:
    at: float
    host: str
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class ScriptedWeb:
    """``routes[(host, path)]`` is an answer or a function of the hit number (0, 1, ...) giving one."""

    routes: dict[tuple[str, str], Answer | Callable[[int], Answer]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                host = self.headers.get("Host", "").split(":")[0]
                route = web.routes.get((host, self.path))
                count = sum(1 for h in web.hits if (h.host, h.path) == (host, self.path))
                status, headers, body = (404, {}, b"not here") if route is None else \
                    (route(count) if callable(route) else route)
                web.hits.append(Hit(time.monotonic(), host, self.path, dict(self.headers), status))
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def base(self, host: str) -> str:
        return f"http://{host}.localhost:{self.port}"

    def add(self, host: str, path: str, answer: Answer | Callable[[int], Answer]) -> str:
        self.routes[(f"{host}.localhost", path)] = answer
        return self.base(host) + path

    def hits_for(self, url_path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == url_path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


_PAGES: list[bytes] = []


def article_html(n: int) -> bytes:
    """A real-looking article page (from the fixture web's generator), distinct for each ``n``."""
    if not _PAGES:
        web = FixtureWeb(seed=11)
        try:
            _PAGES.extend(web.fetch(u).body for u in sorted(web.article_urls(outlets=["herald"])))
        finally:
            web.stop()
    return _PAGES[n % len(_PAGES)]


def feed(urls: list[str], dates: list[str] | None = None) -> bytes:
    items = "".join(f"<item><title>Story {i}</title><link>{u}</link>"
                    + (f"<pubDate>{dates[i]}</pubDate>" if dates else "") + "</item>"
                    for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def sitemap(entries: list[tuple[str, str]]) -> bytes:
    urls = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def sources(outlets: dict[str, dict[str, list[str]]], base: Callable[[str], str]) -> str:
    out = []
    for key, lists in outlets.items():
        out.append(f'[[outlet]]\nkey = "{key}"\nname = "{key.title()}"\nhome = "{base(key)}/"\n'
                   + "".join(f"{name} = {lists[name]!r}\n".replace("'", '"') for name in lists))
    return "\n".join(out)
