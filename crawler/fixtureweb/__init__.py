"""A local web of fictional news outlets for demos, tests and benchmarks (no Scrapy here).

One HTTP server on 127.0.0.1 serves every outlet on ``<key>.localhost:PORT``; pages, feeds and
sitemaps are generated from a seed, change edition by edition like a newsroom's, and come with
ground truth (``article_urls``, ``changes``, ``broken_cases``...).
"""

from __future__ import annotations

from .model import ArticleTruth, BrokenCase
from .outlets import DEMO
from .pages import VOLATILE_CLASSES
from .server import RequestRecord
from .web import FixtureWeb

__all__ = ["FixtureWeb", "BrokenCase", "ArticleTruth", "RequestRecord", "DEMO", "VOLATILE_CLASSES"]
