"""Shared fixtures: one running fixture web per test module, and a small HTTP helper."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from crawler.fixtureweb import FixtureWeb


@dataclass
class Got:
    status: int
    headers: dict[str, str]
    body: bytes


def get(web: FixtureWeb, url: str, headers: dict[str, str] | None = None, method: str = "GET",
        timeout: float = 10.0) -> Got:
    """Fetch through the real server: connect to 127.0.0.1 and name the outlet in the Host header."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=timeout)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, headers={"Host": parts.netloc, **(headers or {})})
        resp = conn.getresponse()
        return Got(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb(seed=7, slow_seconds=0.5) as running:
        yield running
