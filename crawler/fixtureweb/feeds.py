"""Feeds and sitemaps as outlets publish them: RSS 2.0, Atom 1.0, Google News sitemaps, plain
sitemaps with lastmod, and sitemap indexes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from .metadata import stamp

__all__ = ["FeedItem", "Channel", "rss", "atom", "news_sitemap", "url_sitemap", "sitemap_index"]

_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str  # exactly as the outlet links it
    title: str
    summary: str
    published: datetime
    modified: datetime
    authors: tuple[str, ...]
    section: str
    guid: str
    image_url: str = ""
    content_html: str = ""  # WordPress-style full-text excerpt (content:encoded)


@dataclass(frozen=True, slots=True)
class Channel:
    title: str
    home: str
    self_url: str
    description: str
    language: str
    updated: datetime
    stamp: str = "offset"  # "offset" or "z": how this outlet writes machine dates


def _iso(when: datetime, style: str) -> str:
    return stamp(when, style)


def rss(ch: Channel, items: list[FeedItem]) -> str:
    """An RSS 2.0 document with the dc, content, atom and media extensions."""
    out = [
        _XML,
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n',
        f"<title>{escape(ch.title)}</title>\n<link>{escape(ch.home)}</link>\n",
        f"<description>{escape(ch.description)}</description>\n<language>{ch.language.lower()}</language>\n",
        f"<lastBuildDate>{format_datetime(ch.updated)}</lastBuildDate>\n<ttl>15</ttl>\n",
        f'<atom:link href={quoteattr(ch.self_url)} rel="self" type="application/rss+xml"/>\n',
    ]
    for it in items:
        permalink = "true" if it.guid == it.url else "false"
        out.append(
            f"<item>\n<title>{escape(it.title)}</title>\n<link>{escape(it.url)}</link>\n"
            f'<guid isPermaLink="{permalink}">{escape(it.guid)}</guid>\n'
            f"<pubDate>{format_datetime(it.published)}</pubDate>\n"
            + "".join(f"<dc:creator>{escape(a)}</dc:creator>\n" for a in it.authors)
            + f"<category>{escape(it.section)}</category>\n<description>{escape(it.summary)}</description>\n"
            + (f"<content:encoded><![CDATA[{it.content_html}]]></content:encoded>\n"
               if it.content_html else "")
            + (f'<media:content url={quoteattr(it.image_url)} medium="image"/>\n' if it.image_url else "")
            + "</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def atom(ch: Channel, items: list[FeedItem], feed_id: str) -> str:
    """An Atom 1.0 feed; entries carry published and updated times."""
    out = [
        _XML, f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{ch.language}">\n',
        f"<title>{escape(ch.title)}</title>\n<subtitle>{escape(ch.description)}</subtitle>\n",
        f'<link rel="alternate" type="text/html" href={quoteattr(ch.home)}/>\n',
        f'<link rel="self" type="application/atom+xml" href={quoteattr(ch.self_url)}/>\n',
        f"<id>{escape(feed_id)}</id>\n<updated>{_iso(ch.updated, ch.stamp)}</updated>\n",
        "<generator>Newsroom CMS</generator>\n",
    ]
    for it in items:
        out.append(
            f"<entry>\n<title>{escape(it.title)}</title>\n"
            f'<link rel="alternate" type="text/html" href={quoteattr(it.url)}/>\n'
            f"<id>{escape(it.guid)}</id>\n<published>{_iso(it.published, ch.stamp)}</published>\n"
            f"<updated>{_iso(it.modified, ch.stamp)}</updated>\n"
            + "".join(f"<author><name>{escape(a)}</name></author>\n" for a in it.authors)
            + f"<category term={quoteattr(it.section)}/>\n"
            + f'<summary type="text">{escape(it.summary)}</summary>\n</entry>\n')
    out.append("</feed>\n")
    return "".join(out)


def news_sitemap(items: list[FeedItem], publication: str, language: str, stamp: str) -> str:
    """A Google News sitemap (news:publication, news:publication_date, news:title)."""
    out = [_XML, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
                 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n']
    for it in items:
        image = (f"<image:image><image:loc>{escape(it.image_url)}</image:loc></image:image>"
                 if it.image_url else "")
        out.append(
            f"<url><loc>{escape(it.url)}</loc><news:news><news:publication>"
            f"<news:name>{escape(publication)}</news:name><news:language>{language}</news:language>"
            f"</news:publication><news:publication_date>{_iso(it.published, stamp)}</news:publication_date>"
            f"<news:title>{escape(it.title)}</news:title></news:news>{image}</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


def url_sitemap(items: list[FeedItem], stamp: str) -> str:
    """A plain sitemap: loc, lastmod (the article's modified time) and changefreq."""
    out = [_XML, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    out += [f"<url><loc>{escape(it.url)}</loc><lastmod>{_iso(it.modified, stamp)}</lastmod>"
            "<changefreq>hourly</changefreq><priority>0.8</priority></url>\n" for it in items]
    out.append("</urlset>\n")
    return "".join(out)


def sitemap_index(children: list[tuple[str, datetime]], stamp: str) -> str:
    """A sitemap index pointing at child sitemaps."""
    out = [_XML, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    out += [f"<sitemap><loc>{escape(url)}</loc><lastmod>{_iso(when, stamp)}</lastmod></sitemap>\n"
            for url, when in children]
    out.append("</sitemapindex>\n")
    return "".join(out)
