"""The xss outlet's hostile pages, crawled and served: no payload reaches the HTML as markup."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from archive.web import WebConfig, create_app
from tests.web.conftest import Crawled

pytestmark = pytest.mark.slow

_ACTIVE = re.compile(r"<(script|iframe|object|embed|svg|img)\b|\son\w+\s*=|javascript:|data:text", re.IGNORECASE)


def test_hostile_stories_render_inert(crawled: Crawled) -> None:
    with TestClient(create_app(WebConfig(database_url=crawled.database_url))) as client:
        items = client.get("/api/stories", params={"outlet": "xss"}).json()["items"]
        assert len(items) == len(crawled.xss_urls) == 4
        pages = ["/?outlet=xss", "/api/stories?outlet=xss"]
        pages += [f"/story/{i['story_id']}{suffix}" for i in items for suffix in ("", "/history", "/cluster")]
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.text.replace('<script src="/static/app.js" defer></script>', "")
            if path.startswith("/api/"):
                continue  # JSON is data, not markup; browsers never render it (nosniff, JSON type)
            found = _ACTIVE.findall(html)
            assert not found, (path, found)
