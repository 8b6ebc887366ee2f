"""The API's OpenAPI document is valid and covers every /api/ route."""

from __future__ import annotations

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from tests.web.builders import Built


def test_openapi_document_validates_and_lists_every_api_route(client: TestClient, built: Built) -> None:
    document = client.get("/api/openapi.json").json()
    validate(document)
    paths = set(document["paths"])
    expected = {
        "/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/history", "/api/stories/{story_id}/diff",
        "/api/stories/{story_id}/cluster", "/api/clusters", "/api/coverage", "/api/outlets", "/api/outlets/{key}",
        "/api/facets", "/api/edits", "/api/export/{fmt}", "/api/stories/{story_id}/derived", "/api/crawl", "/api/crawl/{job_id}",
    }
    assert paths == expected
    assert set(document["paths"]["/api/outlets"]) == {"get", "post"}
    assert all(not p.startswith("/story") for p in paths)  # HTML pages stay out of the API document
