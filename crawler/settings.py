"""Scrapy settings plus newsarchive's own (NEWSARCHIVE_*); the crawler's only reader of the environment."""

from __future__ import annotations

import os

from crawler.rendering import BROWSER_ARGS


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    return default if not value.strip() else value.strip().lower() in ("1", "true", "yes", "on")


BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- newsarchive's own settings -------------------------------------------------------------
#: Where captures go (SQLAlchemy URL). The archive reads DATABASE_URL the same way.
NEWSARCHIVE_DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///newsarchive.sqlite3")
#: The sources (outlets) file the spiders read.
NEWSARCHIVE_SOURCES = os.environ.get("NEWSARCHIVE_SOURCES", "sources.toml")
#: Limit a crawl to these outlet keys (empty: all outlets of the sources file).
NEWSARCHIVE_OUTLETS: list[str] = []
#: How to reach whoever runs the crawler; it goes into the User-Agent, as polite crawlers do.
NEWSARCHIVE_CONTACT = os.environ.get("NEWSARCHIVE_CONTACT", "https://github.com/newsarchive/newsarchive")
#: Extraction worker processes (-1: one per core, 0: extract in the crawler process).
NEWSARCHIVE_EXTRACT_WORKERS = int(os.environ.get("NEWSARCHIVE_EXTRACT_WORKERS", "-1"))
#: Spiders started with the same run id fetch each article URL once between them (with Redis:
#: every worker of every machine that uses the same run id).
NEWSARCHIVE_RUN_ID = os.environ.get("NEWSARCHIVE_RUN_ID", "")

# --- incremental fetching -------------------------------------------------------------------
#: True: fetch every listed article again, even when the archive has it and its listing entry
#: has not changed (the foundation's behaviour). False: only new or changed entries are fetched.
NEWSARCHIVE_REFETCH_KNOWN = _flag("NEWSARCHIVE_REFETCH_KNOWN")
#: Front pages carry no dates: a known article linked from one is fetched again only when its
#: last capture is older than this many seconds.
NEWSARCHIVE_FRONTPAGE_REFETCH_AFTER = int(os.environ.get("NEWSARCHIVE_FRONTPAGE_REFETCH_AFTER", str(6 * 3600)))

# --- network guard --------------------------------------------------------------------------
#: Allow fetches to loopback addresses (127.0.0.0/8, ::1, *.localhost): the local fixture web.
NEWSARCHIVE_ALLOW_LOOPBACK = _flag("NEWSARCHIVE_ALLOW_LOOPBACK")
#: Allow fetches to every non-public address (private, link-local...): an intranet crawl.
NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS = _flag("NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS")

# --- JavaScript rendering -------------------------------------------------------------------
#: Render once, in the browser, a page of an unmarked outlet that gave no text and looks like a shell.
NEWSARCHIVE_RENDER_FALLBACK = _flag("NEWSARCHIVE_RENDER_FALLBACK", True)
#: Resource types the browser may load besides documents, scripts, styles and XHR (e.g. ["image"]).
NEWSARCHIVE_RENDER_RESOURCES: list[str] = []
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium"),
    "headless": True,
    "args": BROWSER_ARGS,
}
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_CONTEXTS: dict[str, dict[str, object]] = {}  # contexts are made on first use, not at start

# --- crawl traps ----------------------------------------------------------------------------
NEWSARCHIVE_MAX_PAGES_PER_OUTLET = 20_000
NEWSARCHIVE_MAX_DEPTH = 4  # sitemap index -> index -> sitemap -> article is 3
NEWSARCHIVE_TRAP_MAX_QUERY_PARAMS = 8
NEWSARCHIVE_TRAP_MAX_PAGE_NUMBER = 20
NEWSARCHIVE_TRAP_CALENDAR_YEARS_AHEAD = 1

# --- several machines -----------------------------------------------------------------------
#: redis://host:6379/0 to share one frontier between crawler processes; empty: this process only.
NEWSARCHIVE_REDIS_URL = os.environ.get("NEWSARCHIVE_REDIS_URL", "")
#: Prefix of every Redis key (one per deployment; tests use a unique one).
NEWSARCHIVE_REDIS_PREFIX = os.environ.get("NEWSARCHIVE_REDIS_PREFIX", "newsarchive")
#: A worker that has not been heard of for this long is taken as dead; its requests go back.
NEWSARCHIVE_REDIS_LEASE_SECONDS = 30

USER_AGENT = f"newsarchive/0.1 (news archiving crawler; +{NEWSARCHIVE_CONTACT})"

# --- politeness -----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
COOKIES_ENABLED = False
# Scrapy starts this many tasks for every callback's output (the limit is per response). Our
# article callbacks yield one item and listing callbacks only requests, so Scrapy's default of 100
# was pure overhead: creating and running the tasks was about a quarter of the event loop's CPU
# per page in a profiled benchmark crawl.
CONCURRENT_ITEMS = 8
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
#: Longest Retry-After honoured; a server asking for more is given up on for this crawl.
NEWSARCHIVE_RETRY_AFTER_MAX = 600.0
#: Back-off when the server names no wait: base, 2*base, 4*base... seconds, at most max.
NEWSARCHIVE_BACKOFF_BASE = 1.0
NEWSARCHIVE_BACKOFF_MAX = 120.0
#: Longest robots.txt Crawl-delay honoured.
NEWSARCHIVE_CRAWL_DELAY_MAX = 60.0

# --- limits ---------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
URLLENGTH_LIMIT = 2083

# --- machinery ------------------------------------------------------------------------------
TWISTED_DNS_RESOLVER = "crawler.resolver.LoopbackAliasResolver"
SCHEDULER = "crawler.scheduler.FrontierScheduler"  # Scrapy's own, or Redis-backed with NEWSARCHIVE_REDIS_URL
DOWNLOAD_HANDLERS = {
    "http": "crawler.rendering.RenderingDownloadHandler",
    "https": "crawler.rendering.RenderingDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.netguard.NetworkGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.politeness.PolitenessMiddleware": 550,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.traps.TrapGuardMiddleware": 850,  # after DepthMiddleware (900) set depth
}
ITEM_PIPELINES = {
    "crawler.pipelines.ProcessPipeline": 300,
    "crawler.pipelines.ArchivePipeline": 800,
}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no code-executing HTTP endpoint in a crawler fed with outside URLs
LOG_LEVEL = os.environ.get("NEWSARCHIVE_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
