"""The ingestion service behind `newsarchive run`: polls, article fetches and revisits, around the clock.

How it is built, and why. The `run` process is a supervisor that never crawls itself
(``supervisor``). It claims due outlets in the archive database (``schedule``), hands each
cycle to a long-lived crawl worker process (``worker``, talking JSON lines over pipes:
``protocol``, ``child``), and records each outcome: adapted intervals, failing listings backing off
(``policy``). Scrapy stays the engine. The worker keeps one reactor across cycles and runs the
usual spiders, told per cycle which outlets to read (``spiders``).

- Not a fresh ``newsarchive crawl`` per cycle: interpreter, Scrapy and extraction start-up cost
  several seconds a cycle, more than a short poll interval.
- Not spiders fed from one reactor inside `run`: a hung or leaking crawl would take the
  schedule and the signal handling down with it. Here a cycle that overruns is killed at its
  deadline, a dead worker is replaced, and SIGTERM is honoured within the grace period whatever
  the crawl is doing.

The schedule lives in the ``poll_schedule`` table, so it survives restarts and several `run`
processes share it. Each claims outlets with one conditional UPDATE, and a claim lapses on its own
if its process dies. See docs/service.md.
"""
