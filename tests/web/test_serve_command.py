"""`newsarchive serve` starts the app as users run it: read-only by default, writable with a token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    db = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    proc = subprocess.Popen([sys.executable, "-m", "crawler.cli", "serve", "--db", db, "--port", str(port)],
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/facets", timeout=2)
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(proc.communicate()[0].decode()) from None
            time.sleep(0.2)


def test_serve_is_read_only_without_a_token(tmp_path: Path) -> None:
    proc, base = _serve(tmp_path, {"NEWSARCHIVE_WEB_TOKEN": ""})
    try:
        page = httpx.get(base + "/")
        assert page.status_code == 200 and "read-only" in page.text and "No stories" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        refused = httpx.post(base + "/api/crawl", json={}, headers={"Authorization": "Bearer x"})
        assert refused.status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_takes_the_token_from_the_environment(tmp_path: Path) -> None:
    proc, base = _serve(tmp_path, {"NEWSARCHIVE_WEB_TOKEN": "t0ken"})
    try:
        assert "read-only" not in httpx.get(base + "/").text
        wrong = httpx.post(base + "/api/stories/0000000000000000/derived", json={"summary": "x"},
                           headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = httpx.post(base + "/api/stories/0000000000000000/derived", json={"summary": "x"},
                           headers={"Authorization": "Bearer t0ken"})
        assert right.status_code == 404  # authorised; the story just does not exist
    finally:
        proc.terminate()
        proc.wait(timeout=20)
