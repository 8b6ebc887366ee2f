# ruff: noqa: E501 - markup and prose templates read better whole than wrapped
"""The Harbour Herald: a British regional daily with a BEM-style CMS and plain JSON-LD."""

from __future__ import annotations

from datetime import datetime

from ..metadata import MetaStyle
from ..pages import ArticlePage, ListingPage, PlainPage, esc, links, paras
from .chrome import cookie_banner, most_read, newsletter, share_bar, views

STYLE = MetaStyle(shape="plain", author="person", time="offset", canonical="absolute")
BODY_XPATH = '//div[@class="story__body"]/p'
HEADLINE_XPATH = '//h1[@class="story__headline"]'


def paths(section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]:
    day = published.strftime("%Y/%m/%d")
    return f"/{section.lower()}/{day}/{slug}", f"/media/{published:%Y/%m}/{slug}.png"


def _display(when: datetime) -> str:
    return f"{when.day} {when:%B %Y}, {when:%H:%M} BST"


def _nav(page: ArticlePage | ListingPage | PlainPage) -> str:
    items = (("/", "Home"), *page.spec.sections, ("/opinion/", "Opinion"), ("/weather/", "Weather"))
    return f'<nav class="primary-nav" aria-label="Sections"><ul>{links(items)}</ul></nav>'


def _top(page: ArticlePage | ListingPage | PlainPage) -> str:
    ticker = ""
    if page.chrome is not None:
        ticker = (f'<div class="ticker">Live: updated {page.chrome.minutes_ago} minutes ago · '
                  f"Harbour tides and travel</div>")
    return (
        f"{cookie_banner(page.spec.name)}\n"
        f'<header class="masthead"><a class="masthead__logo" href="/">{esc(page.spec.name)}</a>'
        f'<a class="masthead__subscribe" href="/subscribe/">Subscribe</a>{_nav(page)}{ticker}</header>'
    )


def _footer(site: str) -> str:
    return (
        '<footer class="site-footer"><ul><li><a href="/about/">About us</a></li>'
        '<li><a href="/contact/">Contact</a></li><li><a href="/privacy/">Privacy</a></li>'
        '<li><a href="/complaints/">Complaints and corrections</a></li></ul>'
        f"<p>© 2026 {esc(site)} Media Ltd. All rights reserved.</p></footer>"
    )


def _doc(lang: str, head: str, body_class: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'{head}\n<link rel="stylesheet" href="/static/herald.css">\n</head>\n'
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )


def article(page: ArticlePage) -> str:
    d, s = page.draft, page.state
    byline = " and ".join(
        f'<a href="/authors/{esc(a.lower().replace(" ", "-"))}" rel="author">{esc(a)}</a>' for a in d.authors)
    updated = ""
    if s.modified != d.published:
        updated = f' · Updated <time datetime="{s.modified.isoformat()}">{_display(s.modified)}</time>'
    body_paras = "\n".join(
        f'<p class="correction"><em>{esc(p)}</em></p>' if p.startswith("Correction:") else f"<p>{esc(p)}</p>"
        for p in s.paragraphs)
    related = f'<aside class="read-more"><h2>Read more</h2><ul>{links(page.related)}</ul></aside>' \
        if page.related else ""
    main = f"""<main id="main">
<article class="story">
<header class="story__header">
<p class="story__kicker"><a href="/{esc(d.section.lower())}/">{esc(d.section)}</a></p>
<h1 class="story__headline">{esc(s.headline)}</h1>
<p class="story__standfirst">{esc(d.standfirst)}</p>
<p class="byline">By {byline}</p>
<p class="dateline"><time datetime="{d.published.isoformat()}">{_display(d.published)}</time>{updated}</p>
</header>
<figure class="story__image"><img src="{esc(page.image_url)}" alt="" width="1200" height="675">
<figcaption>{esc(d.image_caption)}</figcaption></figure>
{share_bar(page.url, "share-tools")} {views(page.chrome, "view-count", "readers")}
<div class="story__body">
{body_paras}
</div>
{related}
</article>
{newsletter("The Morning Tide", f"The day's top stories from {page.spec.strapline}, in your inbox at 7am.",
            "newsletter-signup")}
{most_read(page.chrome, "Most read")}
</main>"""
    return _doc(page.spec.html_lang, page.head, "article-page", f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")


def listing(page: ListingPage) -> str:
    blocks = []
    for i, item in enumerate(page.items):
        cls = "teaser teaser--lead" if i == 0 else "teaser"
        img = f'<img src="{esc(item.image_url)}" alt="" loading="lazy">' if i < 3 else ""
        blocks.append(
            f'<div class="{cls}">{img}<h3 class="teaser__headline"><a href="{esc(item.href)}">'
            f'{esc(item.headline)}</a></h3><p class="teaser__standfirst">{esc(item.standfirst)}</p>'
            f'<span class="teaser__section">{esc(item.section)}</span></div>')
    extra = f'<aside class="more-links"><ul>{links(page.extra_links)}</ul></aside>' if page.extra_links else ""
    alternates = "\n".join(f'<link rel="alternate" type="{t}" href="{esc(h)}">' for t, h in page.feeds)
    main = (f'<main id="main"><h1 class="page-title">{esc(page.heading)}</h1>\n'
            f'<section class="teasers">\n' + "\n".join(blocks) + f"\n</section>\n{extra}\n"
            f'{most_read(page.chrome, "Most read")}</main>')
    head = f"<title>{esc(page.title)}</title>\n{alternates}"
    return _doc(page.spec.html_lang, head, "front-page", f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")


def plain(page: PlainPage) -> str:
    main = f'<main id="main"><h1>{esc(page.heading)}</h1>\n{paras(page.paragraphs)}\n{page.extra_html}</main>'
    head = f"<title>{esc(page.title)}</title>"
    return _doc(page.spec.html_lang, head, "plain-page", f"{_top(page)}\n{main}\n{_footer(page.spec.name)}")
