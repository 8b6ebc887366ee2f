# ruff: noqa: E501 - hostile markup reads better whole than wrapped
"""The ``xss`` outlet: real-looking articles carrying the usual script-injection payloads in the
title, body, author, image URLs and links. Each payload calls ``alert`` with a marker starting
``xss-`` so a test can tell whether any of them survived into executable output."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any

from .feeds import Channel, FeedItem, news_sitemap, rss
from .model import BASE_TIME, Response, Route
from .prose import compose, make_facts
from .sitebase import SiteOutlet, html_response, text_response, xml_response

__all__ = ["XssOutlet", "XSS_MARKER_PREFIX", "BODY_PAYLOADS"]

XSS_MARKER_PREFIX = "xss-"
#: Inserted between the article's paragraphs, one per slot.
BODY_PAYLOADS = (
    "<script>alert('xss-body-script')</script>",
    "<p><img src=x onerror=\"alert('xss-img-onerror')\"> Photographs from the meeting were shared online.</p>",
    "<p>Read <a href=\"javascript:alert('xss-js-link')\">the full report</a> on the council website.</p>",
    "<p><svg onload=\"alert('xss-svg-onload')\"></svg>Officials are due to publish figures next week.</p>",
    "<p style=\"background:url(javascript:alert('xss-css-url'))\">The consultation closes at the end of the month.</p>",
    "<div style=\"width: expression(alert('xss-css-expression'))\"><p>Campaigners say they will keep pressing for answers.</p></div>",
    "<iframe srcdoc=\"&lt;script&gt;alert('xss-iframe-srcdoc')&lt;/script&gt;\"></iframe>",
    "<p>One resident wrote &lt;script&gt;alert('xss-entity-text')&lt;/script&gt; on the petition, to make a point about security.</p>",
    "<p>See the <a href=\"&#106;avascript:alert('xss-entity-link')\">archive</a> and the <a href=\"jav&#x09;ascript:alert('xss-tab-link')\">minutes</a>.</p>",
    "<p onmouseover=\"alert('xss-event-handler')\">Hover text is a common trick on hostile pages.</p>",
    "<object data=\"javascript:alert('xss-object')\"></object><embed src=\"javascript:alert('xss-embed')\">",
    "<p><a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLWRhdGEnKTwvc2NyaXB0Pg==\">Download the data</a></p>",
)
_TITLE_PAYLOADS = (
    " <script>alert('xss-h1')</script>",
    " <img src=x onerror=alert('xss-h1-img')>",
    " &lt;b onmouseover=alert('xss-h1-entity')&gt;",
    "",
)


class XssOutlet(SiteOutlet):
    """Four articles, each with a different mix of payloads; feed and sitemap list them."""

    key = "xss"
    name = "The Exploit Times"

    def __init__(self, base: str) -> None:
        super().__init__(base)
        self.stories = [self._story(i) for i in range(4)]

    def _story(self, i: int) -> dict[str, Any]:
        rng = random.Random(f"xss:{i}")
        topic = ("budget", "strike", "flood", "tech")[i]
        published = BASE_TIME - timedelta(hours=3 + 5 * i)
        facts = make_facts(rng, "national", topic, "The Times", published)
        story = compose(rng, topic, facts)
        return {"path": f"/news/{i + 1}/{topic}-story", "headline": story.headline, "topic": topic,
                "paragraphs": story.paragraphs, "published": published, "standfirst": story.standfirst}

    def urls(self) -> list[str]:
        return [self.base + s["path"] for s in self.stories]

    def article_urls(self, edition: int) -> set[str]:
        return set(self.urls())

    def canonical_urls(self, edition: int) -> set[str]:
        return set(self.urls())

    def _page(self, i: int) -> str:
        s = self.stories[i]
        url = self.base + s["path"]
        title_payload = _TITLE_PAYLOADS[i]
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s["headline"] + title_payload,
              "author": {"@type": "Person", "name": "Eve <script>alert('xss-ld-author')</script>"},
              "image": ["javascript:alert('xss-ld-image')"], "datePublished": s["published"].isoformat(),
              "url": url, "description": "<img src=x onerror=alert('xss-ld-description')>"}
        body = []
        for n, paragraph in enumerate(s["paragraphs"]):
            body.append(f"<p>{paragraph}</p>")
            slot = (n * 4 + i) % len(BODY_PAYLOADS)
            if n < len(BODY_PAYLOADS) // 2:
                body.append(BODY_PAYLOADS[slot])
        canonical = url if i else "javascript:alert('xss-canonical')"
        ld_text = json.dumps(ld).replace("</", "<\\/")
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{s["headline"]} &lt;script&gt;alert("xss-title")&lt;/script&gt; | The Exploit Times</title>
<meta name="author" content="Eve &lt;img src=x onerror=alert('xss-meta-author')&gt;">
<meta property="og:title" content="{s["headline"]}&quot;&gt;&lt;script&gt;alert('xss-og-title')&lt;/script&gt;">
<meta property="og:image" content="javascript:alert('xss-og-image')">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{s["published"].isoformat()}">
<link rel="canonical" href="{canonical}">
<script type="application/ld+json">{ld_text}</script>
<style>body {{ background: url("javascript:alert('xss-style-block')") }}</style>
</head>
<body onload="alert('xss-body-onload')">
<header><a href="/">The Exploit Times</a></header>
<article>
<h1>{s["headline"]}{title_payload}</h1>
<p class="byline">By <span class="author">Eve Mallory <img src=x onerror="alert('xss-byline')"></span></p>
<figure><img src="javascript:alert('xss-img-src')" alt="x" onerror="alert('xss-img-alt')"><figcaption>Picture: agency</figcaption></figure>
<div class="article-body">
{chr(10).join(body)}
</div>
</article>
<footer><a href="javascript:void(alert('xss-footer'))">Contact</a></footer>
</body>
</html>
"""

    def routes(self, edition: int) -> dict[str, Route]:
        items = [FeedItem(self.base + s["path"], s["headline"] + " <script>alert('xss-feed-title')</script>",
                          "<img src=x onerror=alert('xss-feed-summary')>", s["published"], s["published"],
                          ("Eve <b onclick=alert('xss-feed-author')>Mallory</b>",), "News", self.base + s["path"])
                 for s in self.stories]
        channel = Channel(self.name, f"{self.base}/", f"{self.base}/rss.xml", "Hostile markup for tests", "en-GB",
                          BASE_TIME)
        links = "".join(f'<li><a href="{u}">{s["headline"]}</a></li>' for u, s in zip(self.urls(), self.stories, strict=True))
        out: dict[str, Route] = {
            "/robots.txt": text_response(f"User-agent: *\nAllow: /\n\nSitemap: {self.base}/sitemap.xml\n"),
            "/": html_response(f"<!DOCTYPE html><html><head><title>The Exploit Times</title></head><body>"
                               f"<h1>The Exploit Times</h1><ul>{links}</ul></body></html>"),
            "/rss.xml": Response(200, rss(channel, items).encode(), "application/rss+xml; charset=utf-8"),
            "/sitemap.xml": xml_response(news_sitemap(items, self.name, "en", "offset")),
        }
        for i, s in enumerate(self.stories):
            out[s["path"]] = html_response(self._page(i))
        return out

    def static_routes(self) -> bool:
        return True

    def sources_entry(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "home": f"{self.base}/", "language": "en", "country": "GB",
                "feeds": [f"{self.base}/rss.xml"], "sitemaps": [f"{self.base}/sitemap.xml"],
                "frontpages": [f"{self.base}/"]}
