"""Date parsing and choice: offsets kept, precision refined, future and modified dates refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from crawler.extract import extract
from crawler.extract.dates import DateCandidate, choose_date, date_from_url, parse_date

from .conftest import page

NOW = datetime(2024, 6, 1, tzinfo=UTC)
CEST = timezone(timedelta(hours=2))


def test_iso_with_offset_keeps_the_offset() -> None:
    cand = parse_date("2024-05-03T15:47:42+02:00")
    assert cand is not None and cand.value == datetime(2024, 5, 3, 15, 47, 42, tzinfo=CEST)
    assert cand.value.utcoffset() == timedelta(hours=2) and cand.precision == 2


def test_compact_offset_z_and_space_forms() -> None:
    assert parse_date("2024-05-03T15:47:42+0200").value.utcoffset() == timedelta(hours=2)  # type: ignore[union-attr]
    assert parse_date("2024-05-03T13:47:42Z").value.utcoffset() == timedelta(0)  # type: ignore[union-attr]
    assert parse_date("2024-05-03 15:47:42 +02:00").value == datetime(2024, 5, 3, 15, 47, 42, tzinfo=CEST)  # type: ignore[union-attr]


def test_date_only_and_naive_forms() -> None:
    day = parse_date("2024-05-03")
    assert day is not None and not day.has_time and day.precision == 0
    naive = parse_date("2024-05-03T15:47")
    assert naive is not None and naive.precision == 1 and naive.value.tzinfo is None


def test_rfc2822_and_epoch() -> None:
    assert parse_date("Fri, 03 May 2024 13:47:42 GMT").value == datetime(2024, 5, 3, 13, 47, 42, tzinfo=UTC)  # type: ignore[union-attr]
    assert parse_date("1714744062").value == datetime(2024, 5, 3, 13, 47, 42, tzinfo=UTC)  # type: ignore[union-attr]


def test_garbage_is_none() -> None:
    assert parse_date("yesterday-ish") is None
    assert parse_date("") is None


def test_future_dates_are_refused() -> None:
    future = DateCandidate(datetime(2030, 1, 1, tzinfo=UTC), "jsonld", True)
    real = DateCandidate(datetime(2024, 5, 3, 9, 0, tzinfo=UTC), "meta", True)
    assert choose_date([future, real], NOW) == real
    assert choose_date([future], NOW) is None


def test_a_precise_peer_refines_a_bare_date() -> None:
    day = DateCandidate(datetime(2024, 5, 3), "url", False)
    full = DateCandidate(datetime(2024, 5, 3, 15, 47, tzinfo=CEST), "time", True)
    other_day = DateCandidate(datetime(2024, 5, 2, 9, 0, tzinfo=CEST), "meta", True)
    assert choose_date([day, other_day, full], NOW) == full


def test_naive_time_is_refined_by_the_same_wall_clock_with_offset() -> None:
    naive = DateCandidate(datetime(2024, 5, 3, 15, 47), "jsonld", True)
    aware = DateCandidate(datetime(2024, 5, 3, 15, 47, tzinfo=CEST), "meta", True)
    assert choose_date([naive, aware], NOW) == aware


def test_local_offset_preferred_to_utc_for_the_same_instant() -> None:
    utc = DateCandidate(datetime(2024, 5, 3, 13, 47, tzinfo=UTC), "jsonld", True)
    local = DateCandidate(datetime(2024, 5, 3, 15, 47, tzinfo=CEST), "time", True)
    assert choose_date([utc, local], NOW) == local


def test_url_dates() -> None:
    assert date_from_url("https://x.example/2024/05/03/story").value == datetime(2024, 5, 3)  # type: ignore[union-attr]
    assert date_from_url("https://x.example/news-20240503-story").value == datetime(2024, 5, 3)  # type: ignore[union-attr]
    assert date_from_url("https://x.example/story-12345") is None


def test_published_never_comes_from_modified() -> None:
    head = '<meta property="article:modified_time" content="2024-05-04T10:00:00+02:00">'
    ex = extract(page(head=head), "https://herald.example/news/story", now=NOW)
    assert ex.updated_at == datetime(2024, 5, 4, 10, 0, tzinfo=CEST)
    assert ex.published_at != ex.updated_at


def test_extract_uses_meta_and_time_elements() -> None:
    head = '<meta property="article:published_time" content="2024-05-03T15:47:00+02:00">'
    ex = extract(page(head=head), "https://herald.example/news/story", now=NOW)
    assert ex.published_at == datetime(2024, 5, 3, 15, 47, tzinfo=CEST)
    body = '<p><time datetime="2024-05-02T08:30:00-04:00">May 2</time></p>' + "".join(
        f"<p>{'The harbour budget was debated again by the council members today. ' * 2}{i}</p>"
        for i in range(4)
    )
    ex = extract(page(body_html=body), "https://herald.example/news/story", now=NOW)
    assert ex.published_at == datetime(2024, 5, 2, 8, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert ex.signals["published_at"] == "time"


def test_future_jsonld_date_falls_back_to_a_real_one() -> None:
    head = (
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2099-01-01T00:00:00Z"}'
        '</script><meta property="article:published_time" content="2024-05-03T15:47:00+02:00">'
    )
    ex = extract(page(head=head), "https://herald.example/news/story", now=NOW)
    assert ex.published_at == datetime(2024, 5, 3, 15, 47, tzinfo=CEST)
