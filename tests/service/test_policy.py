"""The polling rules as pure functions: adaptive intervals within bounds, exponential back-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.fixtureweb import FixtureWeb
from crawler.service.policy import (
    ListingFailure,
    PollPolicy,
    failing_after,
    next_interval,
    retry_delay,
    skipped_listings,
)

POLICY = PollPolicy(min_interval=60, max_interval=3600, initial_interval=300, max_backoff=4 * 3600)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_busy_outlets_are_polled_more_often_and_quiet_ones_less() -> None:
    assert next_interval(300, 1, POLICY) == 300  # about one new article per poll: just right
    assert next_interval(300, 2, POLICY) == 150
    assert next_interval(300, 40, POLICY) == 150  # never more than halved at once
    assert next_interval(300, 0, POLICY) == 450
    assert next_interval(100, 50, POLICY) == 60  # the floor
    assert next_interval(3000, 0, POLICY) == 3600  # the ceiling


def test_a_quiet_outlet_settles_at_the_longest_interval_and_a_busy_one_at_the_shortest() -> None:
    interval = POLICY.first_interval
    for _ in range(20):
        interval = next_interval(interval, 0, POLICY)
    assert interval == POLICY.max_interval
    for _ in range(20):
        interval = next_interval(interval, 5, POLICY)
    assert interval == POLICY.min_interval


def test_failing_listings_back_off_exponentially_up_to_the_cap() -> None:
    delays = [retry_delay(n, POLICY) for n in range(1, 10)]
    assert delays[:4] == [120, 240, 480, 960]
    assert delays[-1] == POLICY.max_backoff
    assert delays == sorted(delays)


def test_failures_count_up_and_a_listing_that_answers_again_is_forgotten() -> None:
    feed, sitemap = "https://a.example/rss", "https://a.example/sitemap.xml"
    first = failing_after({}, {feed, sitemap}, {feed: "http_503"}, NOW, POLICY)
    assert first == {feed: ListingFailure(1, NOW + timedelta(seconds=120), "http_503")}
    later = NOW + timedelta(minutes=5)
    second = failing_after(first, {feed, sitemap}, {feed: "timeout"}, later, POLICY)
    assert second[feed].failures == 2 and second[feed].retry_at == later + timedelta(seconds=240)
    assert skipped_listings(second, later) == {feed}
    assert skipped_listings(second, later + timedelta(seconds=241)) == set()
    # Not polled this time (backing off): its state is kept, not reset.
    assert failing_after(second, {sitemap}, {}, later, POLICY) == second
    assert failing_after(second, {feed, sitemap}, {}, later, POLICY) == {}
    assert ListingFailure.from_json(second[feed].to_json()) == second[feed]


@pytest.mark.parametrize("kwargs", [{"min_interval": 0}, {"min_interval": 10, "max_interval": 5},
                                    {"min_interval": 60, "max_backoff": 30}])
def test_bounds_that_make_no_sense_are_refused_with_the_option_to_fix(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="interval|back-off"):
        PollPolicy(**kwargs)


def test_the_fixture_web_can_take_a_feed_down_and_bring_it_back() -> None:
    web = FixtureWeb(seed=7, edition=1)
    try:
        feed = web.base("herald") + "/rss.xml"
        assert web.fetch(feed).status == 200
        web.take_down(feed + "?utm=1")
        assert web.fetch(feed).status == 503
        assert web.fetch(web.base("herald") + "/sitemap-news.xml").status == 200  # only that listing
        web.bring_up(feed)
        assert web.fetch(feed).status == 200
    finally:
        web.stop()
