# ruff: noqa: E501 - markup and prose templates read better whole than wrapped
"""Northern Courier: a weekly on WordPress (JSON-LD as a top-level array, author as a plain string,
share buttons inside the entry content, dated permalinks with a trailing slash)."""

from __future__ import annotations

import zlib
from datetime import datetime

from ..metadata import MetaStyle
from ..pages import ArticlePage, ListingPage, PlainPage, esc, links, paras
from .chrome import cookie_banner, most_read, newsletter, share_bar, views

STYLE = MetaStyle(shape="array", author="string", time="offset", canonical="absolute")
BODY_XPATH = '//div[@class="entry-content"]/p'
HEADLINE_XPATH = '//h1[@class="entry-title"]'


def paths(section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]:
    return (f"/{published:%Y/%m/%d}/{slug}/",
            f"/wp-content/uploads/{published:%Y/%m}/{slug[:40]}-1024x576.png")


def _display(when: datetime) -> str:
    return f"{when.day} {when:%B %Y}"


def _header(page: ArticlePage | ListingPage | PlainPage) -> str:
    clock = ""
    if page.chrome is not None:
        clock = f'<div class="header-clock">Page refreshed {page.chrome.minutes_ago} minutes ago</div>'
    menu = links((("/", "Home"), *page.spec.sections, ("/members/login/", "Members")))
    return (f'<header id="masthead" class="site-header"><p class="site-title"><a href="/" rel="home">'
            f'{esc(page.spec.name)}</a></p><p class="site-description">News from {esc(page.spec.strapline)}</p>'
            f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>'
            f"{clock}</header>")


def _footer(site: str) -> str:
    return (f'<footer id="colophon" class="site-footer"><div class="site-info">Proudly independent since 1891 · '
            f'<a href="/contact/">Contact the newsroom</a></div></footer>\n{cookie_banner(site, "cmplz-cookiebanner")}')


def _doc(lang: str, head: str, body_class: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="profile" href="https://gmpg.org/xfn/11">\n'
        f"{head}\n"
        "<link rel='stylesheet' id='courier-style-css' href='/wp-content/themes/courier/style.css?ver=6.6' media='all' />\n"
        f'</head>\n<body class="{body_class}">\n<div id="page" class="site">\n'
        '<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>\n'
        f"{body}\n</div>\n</body>\n</html>\n"
    )


def _sidebar(page: ArticlePage | ListingPage) -> str:
    return (f'<aside id="secondary" class="widget-area">'
            f'{most_read(page.chrome, "Popular this week", "widget popular-posts")}'
            f'{newsletter("Courier Weekly", "Our pick of the week from across the valley, every Friday.", "widget newsletter")}'
            "</aside>")


def article(page: ArticlePage) -> str:
    d, s = page.draft, page.state
    body = "\n".join(
        f'<p class="has-background correction-note">{esc(p)}</p>' if p.startswith("Correction:")
        else f"<p>{esc(p)}</p>" for p in s.paragraphs)
    related = ""
    if page.related:
        related = (f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
                   f"<em>Related</em></h3><ul>{links(page.related)}</ul></div>")
    section_href = f"/category/{esc(d.section.lower())}/"
    main = f"""<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{zlib.crc32(d.uid.encode()) % 90000 + 10000}" class="post type-post status-publish format-standard has-post-thumbnail hentry">
<header class="entry-header">
<h1 class="entry-title">{esc(s.headline)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{d.published.isoformat()}">{_display(d.published)}</time><time class="updated" datetime="{s.modified.isoformat()}">{_display(s.modified)}</time></span>
<span class="byline"> Written by <span class="author vcard">{esc(" & ".join(d.authors))}</span></span> {views(page.chrome, "view-count", "reads")}</div>
</header>
<div class="post-thumbnail"><img width="1024" height="576" src="{esc(page.image_url)}" class="attachment-post-thumbnail wp-post-image" alt="" decoding="async"></div>
<div class="entry-content">
{body}
{share_bar(page.url, "sharedaddy sd-sharing-enabled", "Share this:")}
{related}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{section_href}" rel="category tag">{esc(d.section)}</a></span></footer>
</article>
</main></div>
{_sidebar(page)}
</div>"""
    return _doc(page.spec.html_lang, page.head, "post-template-default single single-post",
                f"{_header(page)}\n{main}\n{_footer(page.spec.name)}")


def listing(page: ListingPage) -> str:
    posts = "\n".join(
        f'<article class="post type-post"><header class="entry-header"><h2 class="entry-title">'
        f'<a href="{esc(it.href)}" rel="bookmark">{esc(it.headline)}</a></h2></header>'
        f'<div class="entry-summary"><p>{esc(it.standfirst)}</p></div></article>' for it in page.items)
    alternates = "\n".join(
        f'<link rel="alternate" type="{t}" title="{esc(page.spec.name)} &raquo; Feed" href="{esc(h)}" />'
        for t, h in page.feeds)
    main = (f'<div id="content" class="site-content"><div id="primary" class="content-area">'
            f'<main id="main" class="site-main"><header class="page-header"><h1 class="page-title">'
            f"{esc(page.heading)}</h1></header>\n{posts}\n</main></div>\n{_sidebar(page)}</div>")
    head = f"<title>{esc(page.title)}</title>\n{alternates}"
    return _doc(page.spec.html_lang, head, "home blog", f"{_header(page)}\n{main}\n{_footer(page.spec.name)}")


def plain(page: PlainPage) -> str:
    main = (f'<div id="content" class="site-content"><main id="main" class="site-main">'
            f'<h1 class="page-title">{esc(page.heading)}</h1>\n{paras(page.paragraphs)}\n{page.extra_html}</main></div>')
    return _doc(page.spec.html_lang, f"<title>{esc(page.title)}</title>", "page",
                f"{_header(page)}\n{main}\n{_footer(page.spec.name)}")
