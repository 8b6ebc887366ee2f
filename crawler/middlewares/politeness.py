"""Downloader middleware: bounded retries with back-off, Retry-After and robots.txt Crawl-delay, per domain.

Scrapy's own RetryMiddleware retries at once; a server that answers 429 or 503 is asking for the
opposite. Here a retryable answer pauses the whole domain (its downloader slot) for the time the
server asked for (``Retry-After``, capped) or an exponential back-off, then retries the request
a bounded number of times. ``Crawl-delay`` from robots.txt becomes a floor under the domain's
delay that AutoThrottle cannot go below.

When several crawler processes share a run (NEWSARCHIVE_REDIS_URL), a pause is also stored in
Redis under the run's key prefix, so a Retry-After told to one worker holds the domain back in
every worker (:class:`SharedPauses`).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object

__all__ = ["PolitenessMiddleware", "SharedPauses", "retry_after_seconds", "backoff_seconds"]

logger = logging.getLogger(__name__)

_MIN_DELAY = 0.001  # Scrapy only honours a slot's pause when its delay is non-zero

# Atomic: lengthen a domain's pause, never shorten it. The time left is the key's own expiry
# (PTTL), counted by Redis's clock, so workers on machines whose clocks disagree still agree.
_EXTEND_PAUSE = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
  return tonumber(ARGV[1])
end
return left
"""


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Exponential back-off for the ``attempt``-th retry (1-based): base, 2*base, 4*base... capped."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


class SharedPauses:
    """Domain pauses shared by every worker of a run: one Redis key per domain, ``<run>:pause:<domain>``.

    The key expires when the pause ends, so nothing needs cleaning up. A worker reads a domain's
    pause at most every ``refresh`` seconds (one PTTL round trip), not on every request. Redis
    failures are logged and the pause stays local: a Redis hiccup must not stop the crawl.
    """

    def __init__(self, client: Any, prefix: str, refresh: float = 0.5) -> None:
        self.client = client
        self.prefix = prefix
        self.refresh = refresh
        self._extend = client.register_script(_EXTEND_PAUSE)
        self._seen: dict[str, tuple[float, float]] = {}  # domain -> (paused until, read at), monotonic

    def key(self, domain: str) -> str:
        return f"{self.prefix}:pause:{domain}"

    def extend(self, domain: str, seconds: float, why: str) -> None:
        """Pause ``domain`` for every worker for at least ``seconds`` from now."""
        now = time.monotonic()
        try:
            left_ms = int(self._extend(keys=[self.key(domain)], args=[max(1, round(seconds * 1000)), why]))
        except Exception as exc:  # noqa: BLE001 - redis errors vary by client version
            logger.warning("could not share the pause of %s through Redis (%s); pausing this worker only",
                           domain, exc)
            return
        self._seen[domain] = (now + left_ms / 1000, now)

    def until(self, domain: str) -> float:
        """Monotonic time until which some worker asked to pause ``domain`` (0.0 when none did)."""
        now = time.monotonic()
        seen = self._seen.get(domain)
        if seen is not None and now - seen[1] < self.refresh:
            return seen[0]
        try:
            left_ms = int(self.client.pttl(self.key(domain)))
        except Exception as exc:  # noqa: BLE001
            logger.warning("could not read the shared pause of %s from Redis: %s", domain, exc)
            left_ms = 0
        until = now + left_ms / 1000 if left_ms > 0 else 0.0
        self._seen[domain] = (until, now)
        return until


def shared_pauses(settings: Any) -> SharedPauses | None:
    """The run's shared pauses when NEWSARCHIVE_REDIS_URL is set, else None (one worker: local only)."""
    url = settings.get("NEWSARCHIVE_REDIS_URL")
    if not url:
        return None
    from crawler.frontier import redis_client, run_key

    return SharedPauses(redis_client(url), run_key(settings, settings.get("NEWSARCHIVE_RUN_ID") or "default"))


class PolitenessMiddleware:
    """Replaces Scrapy's RetryMiddleware (same settings: RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS)."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.max_retries = settings.getint("RETRY_TIMES")
        self.retry_codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}
        self.retry_exceptions = tuple(load_object(e) if isinstance(e, str) else e
                                      for e in settings.getlist("RETRY_EXCEPTIONS"))
        self.retry_after_max = settings.getfloat("NEWSARCHIVE_RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("NEWSARCHIVE_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("NEWSARCHIVE_BACKOFF_MAX")
        self.crawl_delay_max = settings.getfloat("NEWSARCHIVE_CRAWL_DELAY_MAX")
        self.floors: dict[str, float] = {}  # slot key -> minimum delay (Crawl-delay)
        self.paused_until: dict[str, float] = {}  # slot key -> monotonic time
        self.shared = shared_pauses(settings)
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> PolitenessMiddleware:
        return cls(crawler)

    # -- per-domain state on the downloader slot -------------------------------------------------
    def _slot(self, request: Request, create: bool = False) -> tuple[str, Any]:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None and create:
            # The downloader makes a domain's slot only after the middlewares ran; a pause must hold
            # the first request to a domain too (another worker's Retry-After), so make it now.
            _, slot = downloader._get_slot(request)
        return key, slot

    def _paused_until(self, key: str) -> float:
        until = self.paused_until.get(key, 0.0)
        if self.shared is not None:
            until = max(until, self.shared.until(key))
        return until

    def process_request(self, request: Request) -> None:
        key = self.crawler.engine.downloader.get_slot_key(request)
        floor = self.floors.get(key, 0.0)
        until = self._paused_until(key)
        paused = until > time.monotonic()
        if not floor and not paused:
            return
        _, slot = self._slot(request, create=paused)
        if slot is None:
            return
        if floor:
            slot.delay = max(slot.delay, floor)
            slot.jitter = 0.0  # Crawl-delay is a minimum: no random shortening
            request.meta["autothrottle_dont_adjust_delay"] = True  # nor AutoThrottle lowering it
        if paused:
            slot.delay = max(slot.delay, _MIN_DELAY)
            slot.lastseen = max(slot.lastseen, until - slot.delay)

    def pause(self, request: Request, seconds: float, why: str) -> None:
        key, _ = self._slot(request)
        until = time.monotonic() + seconds
        self.paused_until[key] = max(self.paused_until.get(key, 0.0), until)
        if self.shared is not None:
            self.shared.extend(key, seconds, why)
        self.crawler.stats.inc_value("newsarchive/domain_paused")
        logger.info("pausing %s for %.1f s (%s)", key, seconds, why)

    def _robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = _crawl_delay(robotparser, self.crawler.settings.get("USER_AGENT", ""))
        if delay:
            key = urlparse_cached(request).hostname or ""
            self.floors[key] = min(delay, self.crawl_delay_max)
            self.crawler.stats.inc_value("newsarchive/crawl_delay_applied")

    # -- retries -----------------------------------------------------------------------------------
    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_codes:
            return response
        attempt = request.meta.get("retry_times", 0) + 1
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            # The server wants us gone for longer than a crawl should wait: give up now.
            self.crawler.stats.inc_value("newsarchive/retry_after_too_long")
            return response
        wait = asked if asked is not None else backoff_seconds(attempt, self.backoff_base, self.backoff_max)
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        self.pause(request, wait, f"HTTP {response.status}" + (" Retry-After" if asked is not None else ""))
        return retry

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.retry_exceptions) \
                or "blocked_address" in str(exception):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            attempt = request.meta.get("retry_times", 0) + 1
            self.pause(request, backoff_seconds(attempt, self.backoff_base, self.backoff_max),
                       type(exception).__name__)
        return retry

    def _retry(self, request: Request, reason: str | Exception) -> Request | None:
        return get_retry_request(request, spider=self.crawler.spider, reason=reason,
                                 max_retry_times=request.meta.get("max_retry_times", self.max_retries))


def _crawl_delay(robotparser: Any, user_agent: str) -> float | None:
    """Crawl-delay for our agent from Scrapy's Protego-backed parser (None when not given)."""
    inner = getattr(robotparser, "rp", None)
    if inner is None or not hasattr(inner, "crawl_delay"):
        return None
    try:
        delay = inner.crawl_delay(user_agent)
    except Exception:  # noqa: BLE001 - a malformed robots.txt must not stop the crawl
        return None
    return float(delay) if delay else None
