"""Prometheus metrics of the service (fetches, errors, versions, queue lengths, lag), served on
127.0.0.1 only: whoever runs the service scrapes them locally or through their own proxy."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server

from crawler.service.protocol import CycleReport

__all__ = ["Metrics"]


class Metrics:
    """The service's metrics in a registry of their own (no process-wide globals)."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.cycles = Counter("newsarchive_cycles", "Crawl cycles, by how they ended", ["outcome"], registry=r)
        self.cycle_seconds = Gauge("newsarchive_last_cycle_seconds", "Duration of the last cycle", registry=r)
        self.fetches = Counter("newsarchive_fetches", "Pages fetched and recorded, by outcome", ["outcome"],
                               registry=r)
        self.errors = Counter("newsarchive_fetch_errors", "Failed article fetches, by kind", ["kind"], registry=r)
        self.versions = Counter("newsarchive_versions", "Versions stored (new articles and new versions)",
                                registry=r)
        self.not_modified = Counter("newsarchive_not_modified", "Conditional requests answered 304", ["what"],
                                    registry=r)
        self.polls = Counter("newsarchive_polls", "Outlet polls, by outcome", ["outlet", "outcome"], registry=r)
        self.listing_errors = Counter("newsarchive_listing_errors", "Feeds and sitemaps that failed a poll",
                                      ["outlet"], registry=r)
        self.new_articles = Counter("newsarchive_new_articles", "Articles first archived by a poll", ["outlet"],
                                    registry=r)
        self.revisits = Counter("newsarchive_revisits", "Archived articles fetched again because they were due",
                                registry=r)
        self.interval = Gauge("newsarchive_poll_interval_seconds", "Current poll interval", ["outlet"], registry=r)
        self.failing = Gauge("newsarchive_failing_listings", "Feeds and sitemaps backing off", ["outlet"],
                             registry=r)
        self.outlets_due = Gauge("newsarchive_outlets_due", "Outlets whose poll is due (queue length)", registry=r)
        self.revisits_due = Gauge("newsarchive_revisits_due", "Archived articles due for a revisit (queue length)",
                                  registry=r)
        self.lag = Gauge("newsarchive_poll_lag_seconds", "How late the most overdue poll is", registry=r)
        self.worker_starts = Counter("newsarchive_worker_starts", "Crawl worker processes started", registry=r)

    def serve(self, port: int) -> None:
        """Expose the metrics at http://127.0.0.1:PORT/metrics (a daemon thread)."""
        start_http_server(port, addr="127.0.0.1", registry=self.registry)

    def record_cycle(self, outcome: str, report: CycleReport | None) -> None:
        self.cycles.labels(outcome).inc()
        if report is None:
            return
        self.cycle_seconds.set(report.seconds)
        outcomes = report.count("newsarchive/outcome/")
        for name, count in outcomes.items():
            self.fetches.labels(name).inc(count)
        for kind, count in report.count("newsarchive/error/").items():
            self.errors.labels(kind).inc(count)
        self.versions.inc(outcomes.get("new_article", 0) + outcomes.get("new_version", 0))
        self.not_modified.labels("listing").inc(report.stats.get("newsarchive/listing_not_modified", 0))
        self.not_modified.labels("article").inc(report.stats.get("newsarchive/revisit_not_modified", 0))
        self.revisits.inc(report.stats.get("newsarchive/revisit/schedule", 0))

    def record_poll(self, outlet: str, outcome: str, new_articles: int, interval: float, failed: int,
                    failing: int) -> None:
        self.polls.labels(outlet, outcome).inc()
        self.new_articles.labels(outlet).inc(new_articles)
        self.listing_errors.labels(outlet).inc(failed)
        self.interval.labels(outlet).set(interval)
        self.failing.labels(outlet).set(failing)

    def record_queue(self, outlets_due: int, revisits_due: Iterable[int], lag: float) -> None:
        self.outlets_due.set(outlets_due)
        self.revisits_due.set(sum(revisits_due))
        self.lag.set(max(lag, 0.0))
