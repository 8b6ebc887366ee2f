"""Spiders, one per way of discovering articles: feeds, sitemaps, frontpages."""
