"""Scrapy middlewares of newsarchive, one job each: network guard, politeness, crawl traps."""
