"""Full-text search: query language, ranking, filters, snippets, safety (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from archive import search_sqlite
from archive.db import Archive
from archive.search import (
    HIGHLIGHT,
    SearchSyntaxError,
    matching_ids,
    search,
    search_article_ids,
    search_results,
    snippet_parts,
)
from archive.search_query import parse, to_fts5, to_fts5_any_in
from tests.research.builders import COURIER, HERALD, LEDGER, make_capture, make_story, record

FLOOD = ["The council approved new flood defences for the harbour front on Monday.",
         "The scheme costs 12 million pounds and protects 3,000 homes from storm surges."]
BUDGET = ["Councillors passed the annual budget after a five-hour meeting.",
          "Library opening hours will be cut to save money, and a flood of complaints followed."]
MATCH = ["Ravenswood scored twice as City beat United 3-1 at the riverside stadium.",
         "The manager praised the defence and the travelling fans."]


@pytest.fixture
def filled(archive: Archive) -> Archive:
    def add(url: str, source, headline: str, body: list[str], day: int, section: str, language: str = "en") -> None:
        story = make_story(url, source=source, headline=headline, body=body, section=section, language=language,
                           published_at=datetime(2026, 10, day, 9, 0, tzinfo=timezone(timedelta(hours=1))))
        record(archive, make_capture(story, minutes=day))

    add("https://herald.example/flood", HERALD, "Flood defences approved for harbour", FLOOD, 3, "News")
    add("https://ledger.example/budget", LEDGER, "Budget passed after long meeting", BUDGET, 4, "Politics")
    add("https://courier.example/match", COURIER, "City beat United", MATCH, 5, "Sport", "en-IE")
    add("https://courier.example/crue", COURIER, "Crue de la rivière: digues renforcées",
        ["Les digues de la rivière seront renforcées contre la crue, a annoncé la mairie."], 5, "News", "fr")
    return archive


def test_ranked_headline_first_with_snippets(filled: Archive) -> None:
    with filled.session() as session:
        hits = search(session, "flood")
    assert [h.outlet for h in hits] == ["herald", "ledger"]  # the headline match ranks first
    assert hits[0].rank > hits[1].rank
    top = hits[0]
    assert top.headline == "Flood defences approved for harbour" and top.version == 1 and len(top.story_id) == 16
    assert HIGHLIGHT[0] in top.snippet and ("flood", True) in [(t.lower(), h) for t, h in snippet_parts(top.snippet)]
    assert top.published_at is not None and top.published_at.astimezone(UTC).day == 3


def test_query_language(filled: Archive) -> None:
    with filled.session() as session:
        def outlets(query: str) -> list[str]:
            return sorted(h.outlet for h in search(session, query))

        assert outlets('"flood defences"') == ["herald"]
        assert outlets("flood -budget") == ["herald"]
        assert outlets("flood NOT budget") == ["herald"]
        assert outlets("stadium OR harbour") == ["courier", "herald"]
        assert outlets("defen*") == ["courier", "herald"]  # defences, defence
        assert outlets("(stadium OR library) hours") == ["ledger"]
        assert outlets("rivière") == outlets("riviere") == ["courier"]  # accents folded on both backends
        assert outlets("nothingmatchesthis") == []


def test_filters(filled: Archive) -> None:
    with filled.session() as session:
        assert [h.outlet for h in search(session, "flood", outlet="ledger")] == ["ledger"]
        assert sorted(h.outlet for h in search(session, "the", language="en")) == ["courier", "herald", "ledger"]
        assert [h.headline for h in search(session, "digues", language="fr")] == ["Crue de la rivière: digues renforcées"]
        assert search(session, "digues", language="en") == []
        assert [h.outlet for h in search(session, "flood", section="politics")] == ["ledger"]
        since = datetime(2026, 10, 4, tzinfo=UTC)
        assert [h.outlet for h in search(session, "flood", since=since)] == ["ledger"]
        assert [h.outlet for h in search(session, "flood", until=since)] == ["herald"]
        page = search(session, "the", limit=1, offset=1)
        assert len(page) == 1 and page[0].article_id != search(session, "the", limit=1)[0].article_id


def test_article_ids(filled: Archive) -> None:
    with filled.session() as session:
        ids = search_article_ids(session, "flood")
        assert ids == {h.article_id for h in search(session, "flood")} and len(ids) == 2


@pytest.mark.parametrize("query", ['flood "', "-flood", "flood OR", "(flood", "flood)", "NOT", "", "   ", '""'])
def test_bad_queries_raise_clear_errors(filled: Archive, query: str) -> None:
    with filled.session() as session, pytest.raises(SearchSyntaxError) as caught:
        search(session, query)
    assert isinstance(caught.value, ValueError) and len(str(caught.value)) > 10


@pytest.mark.parametrize("query", [
    "'; DROP TABLE articles; --", "flood' OR 1=1 --", 'x" OR "1"="1', "NEAR(flood budget)", "headline:flood",
    "flood*'", "{flood}", "^flood", "flood:*", "a & b | !c", "\\' \\\"",
])
def test_hostile_queries_stay_text(filled: Archive, query: str) -> None:
    with filled.session() as session:
        try:
            hits = search(session, query)
        except SearchSyntaxError:
            hits = []
        assert all(h.story_id for h in hits)
        assert len(search(session, "flood")) == 2  # the tables are still there


def test_parser_compiles_to_quoted_fts5() -> None:
    assert to_fts5(parse('flood "sea wall" -storm')) == '(("flood" AND "sea wall") NOT "storm")'
    assert to_fts5(parse("covid-19 defen*")) == '(("covid 19" AND "defen"*))'
    assert to_fts5(parse("Drop table; --")) == '(("drop" AND "table"))'


def test_headline_expression_keeps_only_words_to_find() -> None:
    assert to_fts5_any_in(parse('flood "sea wall" -storm'), "headline") == '{headline} : ("flood" OR "sea wall")'
    assert to_fts5_any_in(parse("defen* (storm OR rain)"), "headline") == '{headline} : ("defen"* OR "storm" OR "rain")'


@pytest.fixture
def many(archive: Archive) -> Archive:
    """Five flood stories archived in order: the oldest has the word in its headline, the rest in the body."""
    def add(n: int, headline: str, body: list[str], source=HERALD) -> None:
        story = make_story(f"https://{source.key}.example/s{n}", source=source, headline=headline, body=body,
                           published_at=datetime(2026, 10, 1 + n, 9, 0, tzinfo=UTC))
        record(archive, make_capture(story, minutes=n))

    add(0, "Flood barrier opens", ["The new barrier opened on the river."])
    for n in range(1, 5):
        add(n, f"Council meeting {n}", [f"Item {n} on the agenda was the flood plan, and the roads."],
            source=LEDGER if n == 2 else HERALD)
    return archive


def test_very_common_queries_rank_candidates_and_say_so(many: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    with many.session() as session:
        complete = search_results(session, "flood")
        assert complete.complete and complete.note is None and len(complete.hits) == 5
        best = {h.article_id: h.rank for h in complete.hits}
        monkeypatch.setattr(search_sqlite, "EXACT_LIMIT", 2)
        monkeypatch.setattr(search_sqlite, "RECENT", 1)
        monkeypatch.setattr(search_sqlite, "HEADLINE", 1)
        bounded = search_results(session, "flood", limit=2)
        deeper = search_results(session, "flood", limit=1, offset=1)
        filtered = search_results(session, "flood", outlet="ledger")
        past_the_end = search_results(session, "flood", limit=10)  # every match is a candidate
    if many.engine.dialect.name != "sqlite":  # PostgreSQL always ranks every match
        assert bounded.complete and [h.article_id for h in bounded.hits] == list(best)[:2]
        return
    # Ties in score go to the oldest: the complete ranking's second is meeting 1, but the candidates
    # are the newest two matches (meetings 3 and 4) and the newest with the word in its headline.
    assert [h.headline for h in complete.hits[:2]] == ["Flood barrier opens", "Council meeting 1"]
    assert not bounded.complete and "Add words or narrower filters" in (bounded.note or "")
    assert [h.headline for h in bounded.hits] == ["Flood barrier opens", "Council meeting 3"]
    assert all(h.rank == pytest.approx(best[h.article_id]) for h in bounded.hits)  # the complete ranking's scores
    assert [h.headline for h in deeper.hits] == ["Council meeting 3"] and not deeper.complete
    # Filters leaving few enough matches, or a page reaching past the last match, rank completely again.
    assert filtered.complete and [h.headline for h in filtered.hits] == ["Council meeting 2"]
    assert past_the_end.complete and past_the_end.hits == complete.hits


def test_filters_mean_the_same_everywhere(filled: Archive) -> None:
    with filled.session() as session:
        assert search_results(session, "flood", outlet="nosuchoutlet").hits == []
        assert sorted(h.outlet for h in search(session, "the", language="EN")) == ["courier", "herald", "ledger"]
        assert [h.language for h in search(session, "beat", language="en")] == ["en-IE"]
        assert search(session, "beat", language="e") == []  # a prefix of a language is not a language
        assert set(session.scalars(matching_ids(session, "flood"))) == search_article_ids(session, "flood")
