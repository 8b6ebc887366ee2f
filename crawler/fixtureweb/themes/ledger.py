# ruff: noqa: E501 - markup and prose templates read better whole than wrapped
"""Midland Ledger: an American metro paper on a big commercial CMS (@graph JSON-LD, no canonical
link, UTC dates, inline "Read more" and ad slots inside the article body)."""

from __future__ import annotations

from datetime import datetime

from ..metadata import MetaStyle
from ..pages import US_EASTERN, ArticlePage, ListingPage, PlainPage, esc, links, paras
from .chrome import cookie_banner, most_read, newsletter, share_bar, views

STYLE = MetaStyle(shape="graph", author="list", time="z", canonical="none")
BODY_XPATH = '//section[@class="article-body"]/p'
HEADLINE_XPATH = '//h1[@itemprop="headline"]'


def paths(section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]:
    return f"/articles/{section.lower()}/{slug}-{digest}", f"/img/articles/{digest}-1200x675.png"


def display(when: datetime) -> str:
    """US newspaper style: ``Oct. 5, 2026 at 2:10 a.m. EDT``."""
    local = when.astimezone(US_EASTERN)
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    return f"{local:%b}. {local.day}, {local.year} at {hour}:{local:%M} {half} EDT"


def _top(page: ArticlePage | ListingPage | PlainPage) -> str:
    bar = ""
    if page.chrome is not None:
        bar = (f'<div class="top-bar"><span class="weather">{page.chrome.temperature}°F {esc(page.spec.strapline)}</span>'
               f'<span class="last-updated">Last updated {page.chrome.minutes_ago} min ago</span></div>')
    nav = links((("/", "Home"), *page.spec.sections, ("/search", "Search")))
    return (f'{bar}\n<header id="site-header"><a class="brand" href="/">{esc(page.spec.name)}</a>'
            f'<nav id="site-nav"><ul>{nav}</ul></nav>'
            '<a class="btn-subscribe" href="/account/subscribe">Subscribe for $1</a></header>')


def _footer(site: str) -> str:
    return (f'<footer id="site-footer"><p>© 2026 {esc(site)} Publishing Co.</p>'
            '<ul><li><a href="/about">About</a></li><li><a href="/terms">Terms of Use</a></li>'
            '<li><a href="/privacy">Privacy Policy</a></li><li><a href="/ethics">Ethics policy</a></li></ul>'
            f"{cookie_banner(site, 'gdpr-consent')}</footer>")


def _doc(lang: str, head: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" class="no-js">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"{head}\n"
        '<script>window.dataLayer = window.dataLayer || []; document.documentElement.className = "js";</script>\n'
        '<link rel="stylesheet" href="/assets/ledger.min.css">\n</head>\n'
        f'<body>\n<div class="site-wrap">\n{body}\n</div>\n</body>\n</html>\n'
    )


def _body(page: ArticlePage) -> str:
    out = []
    ps = page.state.paragraphs
    for i, p in enumerate(ps):
        if p.startswith("Correction:"):
            out.append(f"<p><strong>Correction:</strong> {esc(p[len('Correction: '):])}</p>")
        else:
            out.append(f"<p>{esc(p)}</p>")
        if i == 1 and page.related:
            href, title = page.related[0]
            out.append(f'<div class="inline-related"><strong>Read more:</strong> '
                       f'<a href="{esc(href)}">{esc(title)}</a></div>')
        if i == 3:
            out.append('<div class="ad-slot" data-ad-unit="mid-article">Advertisement</div>')
    return "\n".join(out)


def article(page: ArticlePage) -> str:
    d, s = page.draft, page.state
    by = " and ".join(esc(a) for a in d.authors)
    updated = f' <span class="updated">Updated {display(s.modified)}</span>' if s.modified != d.published else ""
    main = f"""<div class="container">
<div class="article-wrapper" itemscope itemtype="https://schema.org/NewsArticle">
<span class="section-label"><a href="/{esc(d.section.lower())}/">{esc(d.section)}</a></span>
<h1 itemprop="headline">{esc(s.headline)}</h1>
<div class="meta-line"><span class="author-name">By {by}</span> | <span class="pub-date">{display(d.published)}</span>{updated}</div>
{share_bar(page.url, "social-share", "Share")}{views(page.chrome, "pageviews")}
<div class="lead-art"><img src="{esc(page.image_url)}" alt="{esc(d.image_caption)}"><span class="credit">{esc(d.image_caption)}</span></div>
<section class="article-body" itemprop="articleBody">
{_body(page)}
</section>
{newsletter(f"Get the {page.spec.name} Morning Briefing", f"Top {page.spec.strapline} headlines every weekday morning. Free.", "newsletter-box")}
</div>
<aside class="sidebar">{most_read(page.chrome, "Trending now", "trending")}</aside>
</div>"""
    return _doc(page.spec.html_lang, page.head, f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")


def listing(page: ListingPage) -> str:
    cards = "\n".join(
        f'<div class="card"><span class="card-section">{esc(it.section)}</span>'
        f'<h2 class="card-title"><a href="{esc(it.href)}">{esc(it.headline)}</a></h2>'
        f'<span class="card-time">{display(it.published)}</span></div>' for it in page.items)
    extra = ""
    if page.extra_links:
        extra = f'<section class="more-from"><h2>More from {esc(page.spec.short_name)}</h2><ul>{links(page.extra_links)}</ul></section>'
    alternates = "\n".join(f'<link rel="alternate" type="{t}" href="{esc(h)}">' for t, h in page.feeds)
    main = (f'<div class="container"><h1 class="page-heading">{esc(page.heading)}</h1>'
            f'<div class="card-grid">\n{cards}\n</div>\n{extra}\n'
            f'<aside class="sidebar">{most_read(page.chrome, "Trending now", "trending")}</aside></div>')
    head = f"<title>{esc(page.title)}</title>\n{alternates}"
    return _doc(page.spec.html_lang, head, f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")


def plain(page: PlainPage) -> str:
    main = (f'<div class="container"><h1 class="page-heading">{esc(page.heading)}</h1>\n'
            f"{paras(page.paragraphs)}\n{page.extra_html}</div>")
    return _doc(page.spec.html_lang, f"<title>{esc(page.title)}</title>",
                f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")
