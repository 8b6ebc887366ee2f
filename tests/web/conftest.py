"""Web app fixtures: a small built archive on each backend, a crawled fixture-web archive, a live server."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from archive.db import Archive, open_archive
from archive.web import WebConfig, create_app
from tests.web.builders import Built, build_archive

TOKEN = "s3cret-token"
CRAWLED_OUTLETS = ["herald", "ledger", "courier", "wire-a", "wire-b", "wire-c", "xss"]


def _url(archive: Archive) -> str:
    return archive.engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """One built archive per test module and backend, for tests that only read (building takes ~2 s)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'archive.sqlite3'}"
        opened = open_archive(url)
        yield opened
        opened.dispose()
        return
    admin: Engine = request.getfixturevalue("postgres_admin")
    schema = f"t_web_{uuid.uuid4().hex[:10]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    opened = open_archive(admin.url.update_query_dict({"options": options}).render_as_string(hide_password=False))
    try:
        yield opened
    finally:
        opened.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="module")
def built(shared_archive: Archive) -> Built:
    """What the module's shared archive holds (tests using it must not change it)."""
    return build_archive(shared_archive)


@pytest.fixture(scope="module")
def client(shared_archive: Archive, built: Built) -> Iterator[TestClient]:
    app = create_app(WebConfig(database_url=_url(shared_archive)), archive=shared_archive)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def own_built(archive: Archive) -> Built:
    """A freshly built archive for a test that changes it."""
    return build_archive(archive)


@pytest.fixture
def token_client(archive: Archive, own_built: Built, tmp_path: Path) -> Iterator[TestClient]:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[outlet]]\nkey = "herald"\nname = "The Harbour Herald"\nhome = "https://herald.example/"\n'
                       'feeds = ["https://herald.example/feed.xml"]\n', encoding="utf-8")
    config = WebConfig(database_url=_url(archive), token=TOKEN, sources=sources)
    with TestClient(create_app(config, archive=archive)) as test_client:
        yield test_client


@dataclass(frozen=True)
class Crawled:
    """The fixture web crawled twice (editions 1 and 2) into a SQLite archive."""

    database_url: str
    xss_urls: list[str]
    story_groups: list[set[str]]
    edited: set[str]  # article URLs that changed between the editions
    sources: Path


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """Crawl herald/ledger/courier, wire-a/b/c and xss, edition 1 then 2 (once per run: ~15 s)."""
    from crawler.fixtureweb import FixtureWeb
    from tests.integration.crawling import crawl, normal

    folder = tmp_path_factory.mktemp("crawled-web")
    url = f"sqlite:///{folder / 'archive.sqlite3'}"
    with FixtureWeb(seed=7, edition=1, slow_seconds=0.5) as web:
        sources = web.write_sources(folder / "sources.toml", CRAWLED_OUTLETS)
        crawl(sources, url, cwd=folder)
        groups = web.story_groups(1)
        web.set_edition(2)
        crawl(sources, url, cwd=folder)
        _revisit_all(sources, url, folder)  # a crawl finds new articles; a revisit catches the edits
        edited = {normal(u) for u, kinds in web.changes(1, 2, outlets=CRAWLED_OUTLETS).items() if "new" not in kinds}
        return Crawled(database_url=url, xss_urls=[normal(u) for u in web.xss_urls()], story_groups=groups,
                       edited=edited, sources=sources)


def _revisit_all(sources: Path, database_url: str, cwd: Path) -> None:
    """Fetch every archived article again (`newsarchive revisit --all`), as the lead's crawl() runs `crawl`."""
    import subprocess
    import sys

    from crawler.demo import LOCAL_WEB_SETTINGS

    settings = [arg for name, value in LOCAL_WEB_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "revisit", "--all", "--sources", str(sources),
                           "--db", database_url, *settings], capture_output=True, text=True, timeout=240, cwd=cwd)
    assert proc.returncode == 0, f"revisit failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


@dataclass(frozen=True)
class LiveServer:
    base: str
    crawled: Crawled


@pytest.fixture(scope="session")
def live_server(crawled: Crawled) -> Iterator[LiveServer]:
    """The app over the crawled archive, served by uvicorn on 127.0.0.1 in a thread."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(WebConfig(database_url=crawled.database_url, sources=crawled.sources))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(base=f"http://127.0.0.1:{port}", crawled=crawled)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.archive.dispose()
        sock.close()
