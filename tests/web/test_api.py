"""Every JSON endpoint under /api/, on SQLite and PostgreSQL, against a small built archive."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient

from tests.web.builders import Built
from tests.web.conftest import TOKEN


def test_stories_lists_latest_first_and_pages(client: TestClient, built: Built) -> None:
    first = client.get("/api/stories", params={"page_size": 10}).json()
    assert len(first["items"]) == 10 and first["has_next"] and first["page"] == 1
    assert first["items"][0]["story_id"] == built.flood_ledger  # 09:30 UTC, the newest
    flood = next(i for i in first["items"] if i["story_id"] == built.flood)
    assert flood["version"] == 2 and flood["versions"] == 2
    assert flood["headline"] == "Harbour flood defences approved after long row"
    assert flood["summary"] == "The council approved new flood defences on Monday."
    seen: list[str] = []
    for page in range(1, 5):
        body = client.get("/api/stories", params={"page_size": 10, "page": page}).json()
        seen += [i["story_id"] for i in body["items"]]
        if not body["has_next"]:
            break
    assert len(seen) == len(set(seen)) == built.total


def test_stories_filters(client: TestClient, built: Built) -> None:
    def ids(**params: str) -> set[str]:
        return {i["story_id"] for i in client.get("/api/stories", params={**params, "page_size": 200}).json()["items"]}

    assert ids(language="pl") == {built.polish}
    assert ids(section="Politics") == {built.budget}
    assert ids(outlet="ledger") == {built.flood_ledger, built.budget}
    assert ids(since="2026-10-04", until="2026-10-04") == {built.polish}
    assert built.flood in ids(since="2026-10-05")
    assert ids(outlet="nobody") == set()


def test_bad_filters_are_clear_errors(client: TestClient) -> None:
    response = client.get("/api/stories", params={"since": "yesterday"})
    assert response.status_code == 400 and "since" in response.json()["detail"]
    assert client.get("/api/stories", params={"page": 0}).status_code == 422


def test_search_uses_the_full_text_index(client: TestClient, built: Built) -> None:
    body = client.get("/api/stories", params={"q": "flood defences"}).json()
    found = [i["story_id"] for i in body["items"]]
    assert built.flood in found and built.budget not in found
    assert all(i["rank"] is not None for i in body["items"])
    assert "\u27e6flood\u27e7" in body["items"][0]["snippet"]  # matched words marked
    assert client.get("/api/stories", params={"q": '"unclosed'}).status_code in (200, 400)
    narrowed = client.get("/api/stories", params={"q": "flood", "outlet": "ledger"}).json()["items"]
    assert [i["story_id"] for i in narrowed] == [built.flood_ledger]


def test_story_json_and_versions(client: TestClient, built: Built) -> None:
    latest = client.get(f"/api/stories/{built.flood}").json()
    assert latest["id"] == built.flood and latest["version"] == 2 and latest["versions"] == 2
    assert latest["provenance"]["summary"]["method"] == "extractive"
    first = client.get(f"/api/stories/{built.flood}", params={"version": 1}).json()
    assert first["headline"] == "Council approves flood defences"
    assert client.get("/api/stories/0000000000000000").status_code == 404
    assert client.get(f"/api/stories/{built.flood}", params={"version": 9}).status_code == 404


def test_history_and_diff(client: TestClient, built: Built) -> None:
    history = client.get(f"/api/stories/{built.flood}/history").json()
    assert [v["number"] for v in history["versions"]] == [1, 2]
    assert history["versions"][0]["edit_class"] is None
    assert history["versions"][1]["edit_class"]  # e.g. headline rewrite
    assert history["versions"][1]["captures"] == 2
    diff = client.get(f"/api/stories/{built.flood}/diff", params={"a": 1, "b": 2}).json()
    assert diff["a"] == 1 and diff["b"] == 2
    assert "Harbour flood defences approved" in json.dumps(diff["diff"])
    assert client.get(f"/api/stories/{built.flood}/diff", params={"a": 1, "b": 7}).status_code == 404


def test_cluster_endpoints(client: TestClient, built: Built) -> None:
    cluster = client.get(f"/api/stories/{built.flood}/cluster").json()
    assert [m["id"] for m in cluster["members"]] == [built.flood, built.flood_ledger]
    assert all("only_here" in m for m in cluster["members"])  # small clusters say what each adds
    assert cluster["cluster_id"] is not None
    alone = client.get(f"/api/stories/{built.polish}/cluster").json()
    assert [m["id"] for m in alone["members"]] == [built.polish]
    listed = client.get("/api/clusters").json()
    assert any({m["story_id"] for m in c["members"]} == {built.flood, built.flood_ledger} for c in listed)
    assert client.get("/api/stories/0000000000000000/cluster").status_code == 404


def test_edit_log(client: TestClient, built: Built) -> None:
    entries = client.get("/api/edits").json()
    assert [(e["story_id"], e["version"]) for e in entries] == [(built.flood, 2)]
    assert entries[0]["kinds"] == ["headline_rewrite"]
    assert client.get("/api/edits", params={"kind": "correction"}).json() == []
    assert client.get("/api/edits", params={"outlet": "ledger"}).json() == []
    assert client.get("/api/edits", params={"kind": "nonsense"}).status_code == 400


def test_coverage(client: TestClient, built: Built) -> None:
    by_outlet = client.get("/api/coverage", params={"q": "flood", "by": "outlet"}).json()
    counts = {row["key"]: row["stories"] for row in by_outlet["rows"]}
    assert counts.get("herald") == 1 and counts.get("ledger") == 1
    by_day = client.get("/api/coverage", params={"q": "flood", "by": "day"}).json()
    assert sum(row["stories"] for row in by_day["rows"]) == 2
    assert client.get("/api/coverage", params={"q": "flood", "by": "year"}).status_code == 422


def test_outlets_and_outlet_report(client: TestClient, built: Built) -> None:
    summary = client.get("/api/outlets").json()
    assert {o["key"] for o in summary["outlets"]} == {"herald", "ledger", "gazeta"}
    assert summary["articles"] == built.total
    ledger = client.get("/api/outlets/ledger").json()
    assert ledger["articles"] == 2 and ledger["missing_dates"] == 1 and ledger["missing_authors"] == 1
    assert ledger["browser_captures"] == 1 and ledger["stored_captures"] == 2
    herald = client.get("/api/outlets/herald").json()
    assert herald["errors"] == 1 and herald["errors_by_kind"] == {"http_404": 1}
    assert herald["recent_errors"][0]["url"] == "https://herald.example/missing"
    assert herald["last_fetch"] is not None
    assert client.get("/api/outlets/nobody").status_code == 404


def test_facets(client: TestClient) -> None:
    found = client.get("/api/facets").json()
    assert found["languages"] == ["en", "pl"]
    assert {"Kraj", "News", "Politics", "World"} <= set(found["sections"])
    assert {"key": "gazeta", "name": "Gazeta Portu"} in found["outlets"]


def test_exports_jsonl_and_csv_keep_the_filters(client: TestClient, built: Built) -> None:
    response = client.get("/api/export/jsonl", params={"outlet": "ledger"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert {line["id"] for line in lines} == {built.flood_ledger, built.budget}
    response = client.get("/api/export/csv", params={"language": "pl"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["story_id"] for r in rows] == [built.polish]
    assert client.get("/api/export/pdf").status_code == 404


def test_exports_parquet_and_rss(client: TestClient, built: Built) -> None:
    import pyarrow.parquet as pq

    parquet = client.get("/api/export/parquet", params={"outlet": "herald"})
    assert parquet.status_code == 200
    table = pq.read_table(io.BytesIO(parquet.content))
    assert built.flood in table.column("story_id").to_pylist()
    rss = client.get("/api/export/rss", params={"outlet": "ledger"})
    assert rss.status_code == 200 and b"<rss" in rss.content
    assert b"Flood wall plan wins approval" in rss.content
    assert b"<script>" not in rss.content


def test_export_with_search_query_and_cluster(client: TestClient, built: Built) -> None:
    response = client.get("/api/export/jsonl", params={"q": "flood"})
    assert {json.loads(line)["id"] for line in response.text.splitlines()} == {built.flood, built.flood_ledger}
    cluster = client.get(f"/api/stories/{built.flood}/cluster").json()["cluster_id"]
    response = client.get("/api/export/csv", params={"cluster": str(cluster)})
    assert {r["story_id"] for r in csv.DictReader(io.StringIO(response.text))} == {built.flood, built.flood_ledger}
    by_section = client.get("/api/export/csv", params={"section": "Politics"})
    assert [r["story_id"] for r in csv.DictReader(io.StringIO(by_section.text))] == [built.budget]
    searched = client.get("/api/export/jsonl", params={"q": "flood", "section": "Politics"})
    assert searched.status_code == 200 and searched.text == ""  # both filters apply, as on the listing


def test_writes_are_refused_without_a_configured_token(client: TestClient, built: Built) -> None:
    response = client.post(f"/api/stories/{built.flood}/derived", json={"summary": "x"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    assert client.post("/api/outlets", json={}).status_code in (403, 422)
    assert client.post("/api/crawl", json={}).status_code == 403


def test_edit_derived_fields_with_the_token(token_client: TestClient, own_built: Built) -> None:
    built = own_built
    url = f"/api/stories/{built.flood}/derived"
    assert token_client.post(url, json={"summary": "Edited."}).status_code == 401
    assert token_client.post(url, json={"summary": "Edited."}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    response = token_client.post(url, json={"summary": "Edited.", "bullets": ["One", "Two"], "note": "typo"},
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    story = token_client.get(f"/api/stories/{built.flood}").json()
    assert story["summary"] == "Edited." and story["bullets"] == ["One", "Two"]
    assert story["provenance"]["summary"] == {"method": "editor", "note": "typo"}
    assert story["provenance"]["why_this_matters"]["method"] == "source"  # untouched fields keep theirs
    assert story["why_this_matters"] == "Work starts in spring and lasts two years."
    bad = token_client.post(url, json={}, headers={"X-Newsarchive-Token": TOKEN})
    assert bad.status_code == 400


def test_add_outlet_with_the_token(token_client: TestClient) -> None:
    entry = {"key": "tribune", "name": "The Tribune", "home": "https://tribune.example/",
             "feeds": ["https://tribune.example/rss"], "language": "en"}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert token_client.post("/api/outlets", json=entry).status_code == 401
    response = token_client.post("/api/outlets", json=entry, headers=headers)
    assert response.status_code == 200, response.text
    from crawler.sources import load_sources

    sources = token_client.app.state.config.sources  # type: ignore[attr-defined]
    assert [o.key for o in load_sources(sources)] == ["herald", "tribune"]
    again = token_client.post("/api/outlets", json=entry, headers=headers)
    assert again.status_code == 400 and "twice" in again.json()["detail"]
    no_urls = token_client.post("/api/outlets", json={**entry, "key": "x", "feeds": []}, headers=headers)
    assert no_urls.status_code == 400
    assert [o.key for o in load_sources(sources)] == ["herald", "tribune"]


def test_crawl_status_of_unknown_job(token_client: TestClient) -> None:
    response = token_client.get("/api/crawl/nope", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 404


def test_api_errors_are_json(client: TestClient) -> None:
    response = client.get("/api/stories/zzz")
    assert response.status_code == 404 and response.headers["content-type"] == "application/json"
