"""Read article URLs out of feeds, sitemaps and front pages.

XML is parsed with entity expansion, network access and huge trees disabled: feeds and sitemaps
come from the web and a billion-laughs feed must cost nothing.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as date_parser
from lxml import etree, html

__all__ = ["Entry", "ListingError", "parse_feed", "parse_sitemap", "frontpage_links", "looks_like_article_url"]

MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 50_000


class ListingError(ValueError):
    """A feed or sitemap that cannot be read."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One announced URL and what the listing says about it."""

    url: str
    published: datetime | None = None
    updated: datetime | None = None
    title: str | None = None


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                           remove_comments=True, remove_pis=True, load_dtd=False)


def _maybe_gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
        data = fh.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise ListingError(f"gzipped listing expands past {MAX_XML_BYTES // 2**20} MB")
    return data


#: A DOCTYPE's internal subset. Feeds and sitemaps have no use for declared entities, and libxml2
#: gives up on a whole document whose entities nest deeply even when it would not expand them.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.DOTALL | re.IGNORECASE)


def _parse_xml(body: bytes) -> etree._Element:
    body = _maybe_gunzip(body)
    if len(body) > MAX_XML_BYTES:
        raise ListingError(f"listing larger than {MAX_XML_BYTES // 2**20} MB")
    head = body[:65536]
    if b"<!DOCTYPE" in head.upper() or b"<!doctype" in head:
        body = _INTERNAL_SUBSET.sub(b"", body, count=1)
    try:
        root = etree.fromstring(body.lstrip(), parser=_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not well-formed XML ({exc})") from exc
    if root is None:
        raise ListingError("empty or unreadable XML document")
    return root


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _date(text: str | None) -> datetime | None:
    """A feed or sitemap date: ISO 8601 (sitemaps, Atom) read directly, anything else by dateutil,
    which takes over a hundred times as long (30 µs a date here)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        parsed: datetime = date_parser.parse(text)
        return parsed
    except (ValueError, OverflowError, TypeError):
        return None


def _child_text(elem: etree._Element, *names: str) -> str | None:
    for child in elem:
        if _local(child.tag) in names and child.text and child.text.strip():
            return str(child.text).strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) == "link" and child.get("href"):
            rel = child.get("rel", "alternate")
            if rel == "alternate":
                return str(child.get("href"))
            fallback = fallback or str(child.get("href"))
    return fallback


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    root = _parse_xml(body)
    entries: list[Entry] = []
    for elem in root.iter():
        name = _local(elem.tag)
        if name == "item":
            link = _child_text(elem, "link")
            if not link:
                guid = next((c for c in elem if _local(c.tag) == "guid"), None)
                if guid is not None and guid.text and guid.get("isPermaLink", "true") != "false":
                    link = guid.text.strip()
            published = _date(_child_text(elem, "pubdate", "date", "published"))
            updated = _date(_child_text(elem, "updated", "modified"))
        elif name == "entry":
            link = _atom_link(elem)
            published = _date(_child_text(elem, "published", "issued"))
            updated = _date(_child_text(elem, "updated", "modified"))
        else:
            continue
        if link:
            entries.append(Entry(urljoin(base_url, link.strip()), published, updated, _child_text(elem, "title")))
        if len(entries) >= MAX_ENTRIES:
            break
    if not entries and _local(root.tag) not in ("rss", "feed", "rdf", "channel"):
        raise ListingError(f"not a feed (root element <{_local(root.tag)}>)")
    return entries


def parse_sitemap(body: bytes, base_url: str) -> tuple[str, list[Entry]]:
    """``("index", child sitemaps)`` or ``("urlset", article entries)`` of a sitemap file."""
    root = _parse_xml(body)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise ListingError(f"not a sitemap (root element <{kind}>)")
    entries: list[Entry] = []
    for elem in root:
        if _local(elem.tag) not in ("sitemap", "url"):
            continue
        loc = _child_text(elem, "loc")
        if not loc:
            continue
        published = None
        for sub in elem.iter():
            if _local(sub.tag) == "publication_date":
                published = _date(sub.text)
        entries.append(Entry(urljoin(base_url, loc), published, _date(_child_text(elem, "lastmod"))))
        if len(entries) >= MAX_ENTRIES:
            break
    return ("index" if kind == "sitemapindex" else "urlset"), entries


_NOT_ARTICLE = re.compile(
    r"/(tag|tags|topic|topics|author|authors|search|login|signin|register|subscribe|newsletter|about|"
    r"contact|privacy|terms|cookies|impressum|imprint|page|feed|rss|category|section|video|videos|"
    r"live-tv|podcasts?|weather|account|shop|jobs)(/|$)",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.IGNORECASE)
_NUMERIC_ID = re.compile(r"\d{5,}")
_DATED = re.compile(r"/(19|20)\d{2}/\d{1,2}/")
_HEADLINE_WORDS = 4
_ASSET = re.compile(r"\.(css|js|png|jpe?g|gif|svg|webp|ico|mp4|mp3|woff2?|xml|json|zip)$", re.IGNORECASE)


def looks_like_article_url(url: str, anchor_text: str = "") -> bool:
    """Heuristic for front pages: article links carry a slug, a long numeric id or a date in the
    URL, or a headline-like link text (short links such as ``/go/transit-plan`` have one)."""
    path = urlsplit(url).path
    if not path or path == "/" or _ASSET.search(path) or _NOT_ARTICLE.search(path):
        return False
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return False
    if _SLUG.search(segments[-1]) or _NUMERIC_ID.search(path) or _DATED.search(path):
        return True
    return len(anchor_text.split()) >= _HEADLINE_WORDS


def frontpage_links(body: bytes | str, base_url: str, same_site: Callable[[str | None], bool]) -> list[str]:
    """Article-looking links of a front or section page, on the outlet's own site, in page order."""
    try:
        doc = html.fromstring(body, base_url=base_url)
    except (etree.ParserError, ValueError):
        return []
    seen: set[str] = set()
    links: list[str] = []
    for anchor in doc.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        url = urljoin(base_url, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not same_site(parts.hostname):
            continue
        text = " ".join(anchor.text_content().split())
        if looks_like_article_url(url, text) and url not in seen:
            seen.add(url)
            links.append(url)
    return links
