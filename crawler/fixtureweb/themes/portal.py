# ruff: noqa: E501 - markup templates read better whole than wrapped
"""The Brief: a portal whose pages carry their own standfirst, key points and explainers, in four
markups (classed list, "Key points" heading with an ordered list, inline labels, a doubled label)."""

from __future__ import annotations

from datetime import datetime

from ..metadata import MetaStyle
from ..pages import ArticlePage, ListingPage, PlainPage, esc, links, paras
from .chrome import cookie_banner, share_bar

STYLE = MetaStyle(shape="plain", author="list", time="offset", canonical="absolute")
BODY_XPATH = '//div[@class="brief-body"]/p'
HEADLINE_XPATH = "//h1"
WHY, WHAT = "Why this matters:", "What this means for you:"


def variant_of(uid: str) -> int:
    """The markup variant an article uses: cycles with the article number so all four appear."""
    suffix = uid.rsplit("-", 1)[-1]
    return int(suffix) % 4 if suffix.isdigit() else 0


def paths(section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]:
    return f"/briefs/{published:%Y%m%d}/{slug}", f"/images/{digest}.png"


def _chrome(page: ArticlePage | ListingPage | PlainPage) -> str:
    breaking = ""
    if page.chrome is not None and page.chrome.most_read:
        breaking = (f'<div class="breaking-banner"><span class="flag">BREAKING</span> '
                    f'<a href="{esc(page.chrome.most_read[0][0])}">{esc(page.chrome.most_read[0][1])}</a></div>')
    return (f"{breaking}<header class=\"portal-header\"><a class=\"logo\" href=\"/\">{esc(page.spec.name)}</a>"
            f'<p class="tagline">Around The Clock</p>'
            '<div class="ticker" data-src="/api/ticker">Loading latest headlines…</div></header>')


def _footer(site: str) -> str:
    return ('<aside class="signup"><h2>Get The Brief in your inbox</h2><p>Sign up for our newsletter: '
            'the five stories you need, every morning before 7am.</p><form><input type="email" name="email">'
            f'<button>Subscribe</button></form></aside><footer><p>© 2026 {esc(site)}</p></footer>{cookie_banner(site)}')


def _doc(page: ArticlePage | ListingPage | PlainPage, head: str, main: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{page.spec.html_lang}">\n<head>\n<meta charset="utf-8">\n{head}\n'
            f'</head>\n<body>\n{_chrome(page)}\n{main}\n{_footer(page.spec.name)}\n</body>\n</html>\n')


def _explainers(variant: int, why: str, what: str) -> str:
    if variant == 1:
        return f"<h2>Why this matters</h2>\n<p>{esc(why)}</p>\n<h2>What this means for you</h2>\n<p>{esc(what)}</p>"
    if variant == 2:
        return f'<aside class="explainer"><p>{WHY} {esc(why)}</p>\n<p>{WHAT} {esc(what)}</p></aside>'
    doubled = f"{WHAT} " if variant == 3 else ""
    return (f"<p><strong>{WHY}</strong> {esc(why)}</p>\n"
            f"<p><strong>{WHAT}</strong> {doubled}{esc(what)}</p>")


def _key_points(variant: int, summary: str, bullets: list[str]) -> str:
    items = "".join(f"<li>{esc(b)}</li>" for b in bullets)
    if variant == 1:
        return f'<div class="summary"><p>{esc(summary)}</p></div>\n<h2>Key points</h2><ol>{items}</ol>'
    if variant == 2:
        return (f'<p class="dek">{esc(summary)}</p>\n<section class="at-a-glance"><h3>At a glance</h3>'
                f"<ul>{items}</ul></section>")
    return f'<p class="standfirst">{esc(summary)}</p>\n<ul class="key-points">{items}</ul>'


def article(page: ArticlePage) -> str:
    d, s = page.draft, page.state
    extra = dict(d.extra)
    variant = variant_of(d.uid)
    body = paras(s.paragraphs)
    main = f"""<main><article>
<h1>{esc(s.headline)}</h1>
<p class="meta">By {esc(", ".join(d.authors))} · <time datetime="{d.published.isoformat()}">{d.published:%d %b %Y %H:%M}</time></p>
{share_bar(page.url, "share", "Share")}
{_key_points(variant, d.standfirst, extra["bullets"].split(chr(10)))}
<div class="brief-body">
{body}
</div>
{_explainers(variant, extra["why_this_matters"], extra["what_this_means_for_you"])}
</article></main>"""
    return _doc(page, page.head, main)


def listing(page: ListingPage) -> str:
    items = tuple((it.href, it.headline) for it in page.items)
    return _doc(page, f"<title>{esc(page.title)}</title>",
                f"<main><h1>{esc(page.heading)}</h1><ul class=\"briefs\">{links(items)}</ul></main>")


def plain(page: PlainPage) -> str:
    return _doc(page, f"<title>{esc(page.title)}</title>",
                f"<main><h1>{esc(page.heading)}</h1>{paras(page.paragraphs)}{page.extra_html}</main>")
