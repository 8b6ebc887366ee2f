"""The HTTP side: a threading server on 127.0.0.1 whose handler asks the router for an answer and
adds what real servers add (ETag, conditional 304s, gzip when asked, Content-Length, keep-alive)."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from .model import Response

__all__ = ["FixtureServer", "Hold", "RequestRecord", "App"]


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the fixture web answered (for politeness and robots tests)."""

    at: float  # time.monotonic()
    method: str
    host: str
    target: str  # path with query, as requested
    status: int
    user_agent: str


class Hold:
    """Answers to the chosen paths beyond the first ``free`` wait until ``release()``: a crawl
    caught mid-way on purpose, however fast the machine runs it."""

    def __init__(self, paths: set[tuple[str, str]], free: int) -> None:
        self.paths = paths  # (host without port, path without query)
        self.free = free
        self.seen = 0
        self.held = 0
        self._released = threading.Event()
        self._lock = threading.Lock()

    def release(self) -> None:
        self._released.set()

    def wait(self, host: str, target: str, stopping: threading.Event) -> None:
        if (host.split(":")[0].lower(), target.split("?")[0]) not in self.paths:
            return
        with self._lock:
            self.seen += 1
            if self.seen <= self.free:
                return
            self.held += 1
        while not self._released.wait(0.05) and not stopping.is_set():
            pass


class App(Protocol):
    def respond(self, method: str, host: str, target: str, body: bytes) -> Response: ...


@lru_cache(maxsize=2048)
def _gzipped(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=5, mtime=0)


def _etag(body: bytes) -> str:
    return f'"{zlib.crc32(body):08x}-{len(body):x}"'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FixtureWeb/1.0"
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't wait for ACKs
    sys_version = ""
    server: FixtureServer

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the request log on the server records what tests need."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(body=self.rfile.read(length) if length else b"")

    def _answer(self, head: bool = False, body: bytes = b"") -> None:
        host = self.headers.get("Host", "")
        resp = self.server.app.respond(self.command, host, self.path, body)
        payload, headers = resp.body, list(resp.headers)
        etag = _etag(payload)
        status = resp.status
        if status == 200 and self.headers.get("If-None-Match") == etag:
            status, payload = 304, b""
        elif (resp.compressible and self.server.compress and len(payload) > 1024
              and "gzip" in (self.headers.get("Accept-Encoding") or "")):
            payload = _gzipped(payload)
            headers.append(("Content-Encoding", "gzip"))
        # Logged on arrival: a slow answer the client gave up on still counts as a fetch, and
        # belongs to the crawl that asked for it, not to whatever runs when the delay ends.
        self.server.log(RequestRecord(time.monotonic(), self.command, host, self.path, status,
                                      self.headers.get("User-Agent", "")))
        if (hold := self.server.hold) is not None:
            hold.wait(host, self.path, self.server.stopping)
        if resp.delay and self.server.stopping.wait(resp.delay):
            self.close_connection = True
            return
        self.send_response(status)
        if resp.content_type and status != 304:
            self.send_header("Content-Type", resp.content_type)
        if status in (200, 304):
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=60")
        if resp.compressible:
            self.send_header("Vary", "Accept-Encoding")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if not head and payload:
            self.wfile.write(payload)


class FixtureServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer bound at construction (so the port is known before serving)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, app: App, port: int = 0, compress: bool = True) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.app = app
        self.compress = compress
        self.stopping = threading.Event()
        self.hold: Hold | None = None
        self.requests: deque[RequestRecord] = deque(maxlen=200_000)  # bounded for long-running use
        self._lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up (timeouts, aborted downloads) are normal here; anything else is shown."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def log(self, record: RequestRecord) -> None:
        if not record.target.startswith("/__fixture__/"):
            with self._lock:
                self.requests.append(record)
