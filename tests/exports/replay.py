"""Replay captured pages from an exported WARC with real web-archive tools, for the WARC tests.

Two replayers, both third-party readers of our files:

- ``cdxj``: the Webrecorder ``cdxj-indexer`` indexes the WARC, and a small HTTP server answers
  each request by looking the URL up in that index and reading the record at its offset with
  ``warcio`` (the way pywb's ``id_`` mode serves a payload);
- ``pywb``: the real pywb (``wb-manager add`` + ``wayback``), when it is installed. pywb pins old
  versions of libraries the project uses, so it lives in its own virtualenv: point
  ``NEWSARCHIVE_PYWB_BIN`` at that environment's ``bin`` folder (or put ``wayback`` on PATH).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from cdxj_indexer.main import write_cdx_index
from warcio.archiveiterator import ArchiveIterator

__all__ = ["cdxj_index", "replayers", "replay_server", "fetch", "pywb_bin"]


def pywb_bin() -> Path | None:
    """The folder holding pywb's ``wb-manager`` and ``wayback``, if pywb is installed anywhere we know."""
    configured = os.environ.get("NEWSARCHIVE_PYWB_BIN")
    candidates = [Path(configured)] if configured else []
    found = shutil.which("wayback")
    if found:
        candidates.append(Path(found).parent)
    for folder in candidates:
        if (folder / "wayback").exists() and (folder / "wb-manager").exists():
            return folder
    return None


def replayers() -> list[str]:
    return ["cdxj"] + (["pywb"] if pywb_bin() is not None else [])


def cdxj_index(warc: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(SURT key, timestamp, fields) of every indexed record, as ``cdxj-indexer`` writes them."""
    buffer = io.StringIO()
    write_cdx_index(buffer, [str(warc)], {"sort": True, "post_append": False, "include_all": False})
    lines = []
    for line in buffer.getvalue().splitlines():
        key, stamp, fields = line.split(" ", 2)
        lines.append((key, stamp, json.loads(fields)))
    return lines


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cdxj_server(warc: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``/<timestamp>id_/<url>`` from the WARC through its CDXJ index."""
    index = {(fields["url"], stamp): fields for _, stamp, fields in cdxj_index(warc) if "status" in fields}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            stamp, _, url = self.path.lstrip("/").partition("id_/")
            fields = index.get((url, stamp))
            if fields is None:
                self.send_error(404)
                return
            with warc.open("rb") as handle:
                handle.seek(int(fields["offset"]))
                record = next(iter(ArchiveIterator(handle)))
                body = record.content_stream().read()
                self.send_response(int(record.http_headers.get_statuscode()))
                for name, value in record.http_headers.headers:
                    if name.lower() not in ("content-length", "connection"):
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def replay_server(kind: str, warc: Path, workdir: Path) -> Iterator[str]:
    """A running replay of ``warc``; yields the prefix to put before ``<timestamp>id_/<url>``."""
    if kind == "cdxj":
        server, prefix = _cdxj_server(warc)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield prefix
        finally:
            server.shutdown()
            server.server_close()
        return
    folder = pywb_bin()
    assert folder is not None, "pywb is not installed"
    subprocess.run([str(folder / "wb-manager"), "init", "news"], cwd=workdir, check=True, capture_output=True)
    subprocess.run([str(folder / "wb-manager"), "add", "news", str(warc)], cwd=workdir, check=True,
                   capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([str(folder / "wayback"), "-p", str(port), "-b", "127.0.0.1"], cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/news/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def fetch(prefix: str, stamp: str, url: str) -> tuple[int, dict[str, str], bytes]:
    """GET one capture from a replay server: status, headers (lower-case names), body."""
    host_port = prefix.split("/")[2]
    path = "/" + prefix.split("/", 3)[3] + f"{stamp}id_/{quote(url, safe=':/?&=%#')}"
    conn = http.client.HTTPConnection(host_port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()
