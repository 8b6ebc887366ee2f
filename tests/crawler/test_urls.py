"""Canonical URLs: one per article however it was linked."""

from __future__ import annotations

from crawler.sources import parse_sources
from crawler.urls import canonical_article_url, strip_tracking

OUTLET = parse_sources(
    '[[outlet]]\nkey="h"\nname="H"\nhome="https://www.herald.example/"\nfeeds=["https://www.herald.example/f"]'
)[0]


def test_strip_tracking_removes_trackers_and_fragment_but_keeps_real_parameters() -> None:
    url = "https://Herald.example/news/a-b-c?id=7&utm_source=rss&utm_medium=x&fbclid=1&gclid=2&page=2#comments"
    assert strip_tracking(url) == "https://herald.example/news/a-b-c?id=7&page=2"


def test_declared_canonical_trusted_only_on_the_outlets_domain() -> None:
    final = "https://www.herald.example/news/story-one-here?utm_campaign=x"
    on_site = canonical_article_url(final, "https://herald.example/news/story-one-here", OUTLET.owns_host)
    assert on_site == "https://herald.example/news/story-one-here"
    off_site = canonical_article_url(final, "https://aggregator.example/copy/123", OUTLET.owns_host)
    assert off_site == "https://www.herald.example/news/story-one-here"
    assert canonical_article_url(final, None, OUTLET.owns_host) == off_site
    assert canonical_article_url(final, "not a url", OUTLET.owns_host) == off_site


def test_same_article_two_ways_gets_one_url() -> None:
    a = canonical_article_url("https://www.herald.example/x/one-two-three?b=2&a=1#top", None, OUTLET.owns_host)
    b = canonical_article_url("https://www.herald.example/x/one-two-three?a=1&b=2&utm_source=t", None, OUTLET.owns_host)
    assert a == b
