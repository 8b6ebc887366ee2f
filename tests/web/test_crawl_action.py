"""Starting a crawl from the web app (token required) fills the archive it serves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.web import WebConfig, create_app
from crawler.demo import LOCAL_WEB_SETTINGS
from crawler.fixtureweb import FixtureWeb
from tests.web.conftest import TOKEN

pytestmark = pytest.mark.slow


def test_crawl_started_from_the_api_archives_the_outlet(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    settings = tuple(arg for name, value in LOCAL_WEB_SETTINGS.items() for arg in ("--set", f"{name}={value}"))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with FixtureWeb(seed=7, edition=1, slow_seconds=0.5) as web:
        sources = web.write_sources(tmp_path / "sources.toml", ["herald", "ledger"])
        config = WebConfig(database_url=url, token=TOKEN, sources=sources, crawl_args=settings)
        with TestClient(create_app(config)) as client:
            assert client.post("/api/crawl", json={"outlets": ["herald"]}).status_code == 401
            started = client.post("/api/crawl", json={"outlets": ["herald"]}, headers=auth)
            assert started.status_code == 202, started.text
            job = started.json()["data"]["id"]
            deadline = time.monotonic() + 180
            while (state := client.get(f"/api/crawl/{job}", headers=auth).json())["detail"] == "running":
                assert time.monotonic() < deadline, state
                time.sleep(0.5)
            assert state["detail"] == "done", state["data"]["output_tail"]
            listed = client.get("/api/stories", params={"page_size": 200}).json()["items"]
            assert listed and {item["outlet"] for item in listed} == {"herald"}
            expected = {u.split("?")[0] for u in web.article_urls(outlets=["herald"])}
            assert len(listed) >= len(expected)
