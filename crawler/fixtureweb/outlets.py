"""The outlets of the fixture web as data records (the demo set first)."""

from __future__ import annotations

from typing import Final

from .model import OutletSpec

__all__ = ["DEMO", "SPECS", "section_for"]

HERALD = OutletSpec(
    key="herald", name="The Harbour Herald", short_name="The Herald", language="en", html_lang="en-GB",
    country="GB", theme="herald", locale="harbour",
    sections=(("/news/", "News"), ("/business/", "Business"), ("/sport/", "Sport")),
    feeds=("/rss.xml",), sitemaps=("/sitemap-news.xml",),
    robots=(
        "# The Harbour Herald\nUser-agent: *\nDisallow: /private/\nDisallow: /preview/\nAllow: /\n\n"
        "Sitemap: {base}/sitemap-news.xml\n"
    ),
    disallowed_link="/private/staff-rota", title_suffix=" | The Harbour Herald", demo_index=0,
    strapline="Port Elver and the estuary",
)

LEDGER = OutletSpec(
    key="ledger", name="Midland Ledger", short_name="The Ledger", language="en", html_lang="en-US",
    country="US", theme="ledger", locale="midland",
    sections=(("/local/", "Local"), ("/business/", "Business"), ("/sports/", "Sports"), ("/tech/", "Tech")),
    feeds=("/atom.xml",), sitemaps=("/sitemap_index.xml",),
    robots=(
        "User-agent: *\nCrawl-delay: 0\nDisallow: /search\nDisallow: /account/\n\n"
        "User-agent: GPTBot\nDisallow: /\n\nSitemap: {base}/sitemap_index.xml\n"
    ),
    disallowed_link="/search?q=budget", title_suffix=" - Midland Ledger", demo_index=1,
    strapline="Brennan City",
    hosts_broken=True,
)

COURIER = OutletSpec(
    key="courier", name="Northern Courier", short_name="The Courier", language="en", html_lang="en",
    country="GB", theme="courier", locale="northern",
    sections=(("/category/news/", "News"), ("/category/politics/", "Politics"),
              ("/category/sport/", "Sport")),
    feeds=("/feed/", "/feed/atom/"), sitemaps=("/news-sitemap.xml",),
    robots=(
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /members/\n\n"
        "Sitemap: {base}/news-sitemap.xml\n"
    ),
    disallowed_link="/members/login/", title_suffix=" – Northern Courier", demo_index=2,
    strapline="Fellside and the Northmoor valley",
    tracked_link=True,
)

DEMO: Final = ("herald", "ledger", "courier")
SPECS: Final = {s.key: s for s in (HERALD, LEDGER, COURIER)}

_PREFERENCES = {
    "politics": ("politics", "local", "news"),
    "business": ("business", "news", "local"),
    "tech": ("tech", "business", "news"),
    "sport": ("sport", "sports"),
    "news": ("news", "local"),
}


def section_for(spec: OutletSpec, kind: str) -> tuple[str, str]:
    """The outlet's section (listing path, label) that a story of this kind goes in."""
    by_label = {label.lower(): (path, label) for path, label in spec.sections}
    for wanted in _PREFERENCES[kind]:
        if wanted in by_label:
            return by_label[wanted]
    return spec.sections[0]
