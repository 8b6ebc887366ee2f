"""Which article URLs a crawl run has already claimed, shared by every spider (and worker) of the run.

The feeds, sitemaps and front-page spiders of one run often discover the same article; each URL
is fetched once per run. Article requests bypass Scrapy's per-spider duplicate filter (so that a
redirect loop is seen as a loop, not silently filtered), and are claimed here instead: in this
process, or in Redis when several crawler processes share the run (NEWSARCHIVE_REDIS_URL).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

__all__ = ["Frontier", "RunFrontier", "RedisFrontier", "frontier_for_run", "frontier_for", "redis_client"]

#: Redis keys of a run expire this long after their last use, so old runs clean up after themselves.
REDIS_TTL_SECONDS = 3 * 24 * 3600


class Frontier(Protocol):
    def claim(self, url: str) -> bool: ...


class RunFrontier:
    """An in-process set of claimed URLs (thread-safe)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def claim(self, url: str) -> bool:
        """Claim ``url`` for this run; False when some spider already did."""
        with self._lock:
            if url in self._seen:
                return False
            self._seen.add(url)
            return True

    def __len__(self) -> int:
        return len(self._seen)


class RedisFrontier:
    """The run's claimed URLs as one Redis set, shared by every worker process on every machine."""

    def __init__(self, client: Any, key: str) -> None:
        self.client = client
        self.key = key

    def claim(self, url: str) -> bool:
        pipe = self.client.pipeline()
        pipe.sadd(self.key, url)
        pipe.expire(self.key, REDIS_TTL_SECONDS)
        added, _ = pipe.execute()
        return bool(added)

    def __len__(self) -> int:
        return int(self.client.scard(self.key))


_RUNS: dict[str, RunFrontier] = {}
_RUNS_LOCK = threading.Lock()
_CLIENTS: dict[str, Any] = {}


def frontier_for_run(run_id: str) -> RunFrontier:
    """The frontier shared by all spiders started with the same run id in this process."""
    with _RUNS_LOCK:
        return _RUNS.setdefault(run_id, RunFrontier())


def redis_client(url: str) -> Any:
    """One Redis client per URL and process (the client pools its connections)."""
    import redis

    with _RUNS_LOCK:
        if url not in _CLIENTS:
            _CLIENTS[url] = redis.Redis.from_url(url, socket_timeout=10, health_check_interval=30)
        return _CLIENTS[url]


def run_key(settings: Any, run_id: str) -> str:
    """The Redis key prefix of one run: ``<prefix>:<run id>``."""
    return f"{settings.get('NEWSARCHIVE_REDIS_PREFIX') or 'newsarchive'}:{run_id}"


def frontier_for(settings: Any, run_id: str) -> Frontier:
    """The run's frontier: in Redis when NEWSARCHIVE_REDIS_URL is set, else in this process."""
    url = settings.get("NEWSARCHIVE_REDIS_URL")
    if url:
        return RedisFrontier(redis_client(url), f"{run_key(settings, run_id)}:claimed")
    return frontier_for_run(run_id)
