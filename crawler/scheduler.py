"""A Scrapy scheduler whose queue lives in Redis, so several crawler processes share one crawl.

Each spider of a run has one Redis list (the queue) and one set of request fingerprints (the
duplicate filter); article URLs are claimed in the run's frontier set (crawler.frontier). A
request taken from the queue is *leased*: it is copied into the worker's in-flight hash and
removed only once Scrapy has completely handled it (downloaded, parsed, its items archived, its
follow-up requests queued). A worker that dies leaves its leases behind with no heartbeat; any
other worker of the run puts them back in the queue. The heartbeat beats from its own thread, so a
worker whose event loop is busy for a few seconds (a huge sitemap, a loaded machine) is not taken
for dead and its requests are not fetched twice. A worker finishes when the queue is empty
and no live worker holds a lease, since a lease may still produce new requests.

Without NEWSARCHIVE_REDIS_URL, ``FrontierScheduler`` is Scrapy's own scheduler.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import socket
import threading
import uuid
from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.core.scheduler import BaseScheduler, Scheduler
from scrapy.utils.request import request_from_dict

from crawler.frontier import REDIS_TTL_SECONDS, redis_client, run_key

__all__ = ["FrontierScheduler", "RedisScheduler", "forget_archived_leases"]

logger = logging.getLogger(__name__)

# Atomic: fingerprint check and push, so two workers never queue the same request.
# A redirect or retry hands its parent's lease (ARGV[5]) over in the same step: were the parent
# still leased once its follow-up is queued, a worker killed in between would have both fetched.
_PUSH = """
if ARGV[5] ~= '' then redis.call('HDEL', KEYS[3], ARGV[5]) end
if ARGV[2] == '1' or redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[4]); redis.call('EXPIRE', KEYS[2], ARGV[4])
  return 1
end
return 0
"""
# Atomic: take the oldest request and record it as leased by this worker.
_LEASE = """
local data = redis.call('RPOP', KEYS[1])
if not data then return false end
redis.call('HSET', KEYS[2], ARGV[1], data)
redis.call('EXPIRE', KEYS[2], ARGV[2])
return data
"""
# Atomic: a dead worker's leases go back to the queue.
_RECOVER = """
local items = redis.call('HVALS', KEYS[2])
for _, data in ipairs(items) do redis.call('RPUSH', KEYS[1], data) end
redis.call('DEL', KEYS[2])
return #items
"""


class FrontierScheduler(Scheduler):
    """Scrapy's scheduler for a one-process crawl, RedisScheduler when NEWSARCHIVE_REDIS_URL is set."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        if crawler.settings.get("NEWSARCHIVE_REDIS_URL"):
            return RedisScheduler.from_crawler(crawler)
        return super().from_crawler(crawler)


class RedisScheduler(BaseScheduler):
    """The shared queue, duplicate filter and leases of one spider of one run (see module docstring)."""

    def __init__(self, crawler: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.client = redis_client(settings.get("NEWSARCHIVE_REDIS_URL"))
        self.run = run_key(settings, settings.get("NEWSARCHIVE_RUN_ID") or "default")
        self.lease_seconds = settings.getint("NEWSARCHIVE_REDIS_LEASE_SECONDS", 30)
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.leased: dict[str, Request] = {}
        self._push = self.client.register_script(_PUSH)
        self._lease = self.client.register_script(_LEASE)
        self._recover = self.client.register_script(_RECOVER)
        self._ticker: Any = None
        self._stop_heartbeat = threading.Event()
        self._heartbeat_thread: threading.Thread | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisScheduler:
        return cls(crawler)

    # -- keys ----------------------------------------------------------------------------------------
    def _key(self, *parts: str) -> str:
        return ":".join((self.run, *parts))

    @property
    def spider_name(self) -> str:
        return str(self.crawler.spider.name)

    def _queue(self) -> str:
        return self._key(self.spider_name, "queue")

    def _inflight(self, worker: str | None = None) -> str:
        return self._key(self.spider_name, "inflight", worker or self.worker)

    # -- lifecycle -----------------------------------------------------------------------------------
    def open(self, spider: Any) -> None:
        from twisted.internet import task

        self._heartbeat()
        self._heartbeat_thread = threading.Thread(target=self._beat, name=f"heartbeat-{self.spider_name}",
                                                  daemon=True)
        self._heartbeat_thread.start()
        self._ticker = task.LoopingCall(self._tick)
        self._ticker.start(0.25, now=False)
        logger.info("worker %s joined run %s (%s)", self.worker, self.run, self.spider_name)

    def close(self, reason: str) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        self._stop_heartbeat.set()
        if self._heartbeat_thread is not None:
            self._heartbeat_thread.join(timeout=5)
        self._ack_finished(force=reason != "finished")
        self.client.srem(self._key("workers"), self.worker)
        self.client.delete(self._key("alive", self.worker))

    def _heartbeat(self) -> None:
        pipe = self.client.pipeline()
        pipe.set(self._key("alive", self.worker), "1", ex=self.lease_seconds)
        pipe.sadd(self._key("workers"), self.worker)
        pipe.expire(self._key("workers"), REDIS_TTL_SECONDS)
        pipe.execute()

    def _beat(self) -> None:
        """Renew the heartbeat a few times per lease period until the spider closes."""
        interval = max(0.2, self.lease_seconds / 4)
        while not self._stop_heartbeat.wait(interval):
            try:
                self._heartbeat()
            except Exception as exc:  # noqa: BLE001 - a Redis hiccup must not end the heartbeat
                logger.warning("worker %s could not renew its heartbeat: %s", self.worker, exc)

    def _tick(self) -> None:
        """Acknowledgements, and a nudge to the engine while other workers may add work."""
        self._ack_finished()
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and not self.leased:
            slot.nextcall.schedule()

    # -- leases --------------------------------------------------------------------------------------
    def _ack_finished(self, force: bool = False) -> None:
        """Release the leases of requests Scrapy has completely handled (no longer in progress)."""
        if not self.leased:
            return
        slot = getattr(self.crawler.engine, "_slot", None)
        in_progress = slot.inprogress if slot is not None else set()
        done = [lease for lease, request in self.leased.items() if force or request not in in_progress]
        if done and not force:
            self.client.hdel(self._inflight(), *done)
        for lease in done:
            del self.leased[lease]

    def recover_dead_workers(self) -> int:
        """Put the leases of workers without a heartbeat back in the queue; returns how many."""
        moved = 0
        for raw in self.client.smembers(self._key("workers")):
            worker = raw.decode() if isinstance(raw, bytes) else str(raw)
            if worker == self.worker or self.client.exists(self._key("alive", worker)):
                continue
            count = int(self._recover(keys=[self._queue(), self._inflight(worker)]))
            if count:
                logger.warning("worker %s is gone; %d of its requests are queued again", worker, count)
                self.crawler.stats.inc_value("newsarchive/redis_recovered", count)
            moved += count
            if not any(self.client.exists(self._key(name, "inflight", worker)) for name in self._spider_names()):
                self.client.srem(self._key("workers"), worker)
        return moved

    def _spider_names(self) -> list[str]:
        from crawler.runner import SPIDERS

        return list(SPIDERS)

    def _others_busy(self) -> bool:
        for raw in self.client.smembers(self._key("workers")):
            worker = raw.decode() if isinstance(raw, bytes) else str(raw)
            if worker != self.worker and self.client.hlen(self._inflight(worker)):
                return True
        return False

    # -- the scheduler interface ---------------------------------------------------------------------
    def has_pending_requests(self) -> bool:
        if self.client.llen(self._queue()):
            return True
        self.recover_dead_workers()
        return bool(self.client.llen(self._queue())) or self._others_busy()

    def enqueue_request(self, request: Request) -> bool:
        # Set on a redirect or retry: copies of a leased request carry its lease, and replace it.
        parent = request.meta.pop("newsarchive_lease", None) or ""
        self.leased.pop(parent, None)
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request).hex()
        data = pickle.dumps(request.to_dict(spider=self.crawler.spider), protocol=pickle.HIGHEST_PROTOCOL)
        added = self._push(keys=[self._queue(), self._key(self.spider_name, "seen"), self._inflight()],
                           args=[fingerprint, "1" if request.dont_filter else "0", data, REDIS_TTL_SECONDS, parent])
        stats = self.crawler.stats
        stats.inc_value("scheduler/enqueued/redis" if added else "scheduler/duplicates/redis")
        return bool(added)

    def next_request(self) -> Request | None:
        lease = uuid.uuid4().hex
        data = self._lease(keys=[self._queue(), self._inflight()], args=[lease, REDIS_TTL_SECONDS])
        if data is None:
            return None
        request = request_from_dict(pickle.loads(data), spider=self.crawler.spider)  # noqa: S301 - our own queue
        request.meta["newsarchive_lease"] = lease
        self.leased[lease] = request
        self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    def __len__(self) -> int:
        return int(self.client.llen(self._queue()))


def forget_archived_leases(client: Any, run: str, archived: Callable[[str], bool]) -> int:
    """Drop the run's leases of article requests whose page ``archived`` says is stored already.

    A worker killed after archiving a page but before acknowledging its lease (acknowledgements
    go out every quarter second) would otherwise have that page fetched once more when its leases
    are recovered. ``crawl --resume`` calls this with the URLs the archive holds for the run.
    Returns how many leases were dropped.
    """
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", run) + ":*:inflight:*"
    dropped = 0
    for key in client.scan_iter(match=pattern):
        for lease, data in client.hgetall(key).items():
            request = pickle.loads(data)  # noqa: S301 - our own queue
            meta = request.get("meta") or {}
            # A redirect's follow-up request is leased too; its page was archived by the URL first asked for.
            first = (meta.get("redirect_urls") or [request["url"]])[0]
            if meta.get("newsarchive_article") and (archived(first) or archived(request["url"])):
                dropped += int(client.hdel(key, lease))
    return dropped

