"""Collect every candidate value a page offers for each field, tagged with the signal it came from.

Candidates are listed in order of trust within each field; ``fuse`` decides among them. Reading
is cheap XPath over the shared tree, so every signal is read on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.extract import jsonld
from crawler.extract.authors import typed_author_names
from crawler.extract.dates import DateCandidate, date_from_url, parse_date
from crawler.extract.page import Page, clean_space

__all__ = ["Signals", "read_signals"]

Candidate = tuple[str, str]  # (signal, value)

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date.available",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "date",
    "dc.date",
    "article.created",
    "created",
    "datecreated",
    "og:updated_time_published",
    "release_date",
    "content_publish_time",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "article.updated",
    "lastmod",
    "modified_time",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "byl",
    "cxenseparse:author",
    "twitter:creator:name",
    "article.author",
    "articleauthor",
    "author_name",
    "authorname",
    "article:author_name",
)


# Visible headlines, minus the h1s sites put in breadcrumbs, logos, navigation and teasers.
_H1 = (
    "//h1[not(ancestor::nav or ancestor::aside or ancestor::footer"
    " or ancestor::*[contains(@class, 'breadcrumb') or contains(@class, 'Breadcrumb')"
    " or contains(@class, 'logo') or contains(@class, 'teaser')])][not(contains(@class, 'logo'))]"
)
# Compiled once: a string passed to .xpath() is compiled again on every call.
_H1_NODES = etree.XPath(_H1)
_TITLE = etree.XPath("/html/head/title | /html/title")
_TIMES = etree.XPath("//article//time[@datetime] | //time[@pubdate] | //time[@datetime]")
_ITEMPROP = etree.XPath("//*[@itemprop]")
_ITEM_NAME = etree.XPath('.//*[@itemprop="name"]')


@dataclass(slots=True)
class Signals:
    """Candidates per field, most trusted first."""

    headlines: list[Candidate] = field(default_factory=list)
    authors: list[tuple[str, list[str]]] = field(default_factory=list)
    org_authors: list[tuple[str, list[str]]] = field(default_factory=list)
    published: list[DateCandidate] = field(default_factory=list)
    updated: list[DateCandidate] = field(default_factory=list)
    sections: list[Candidate] = field(default_factory=list)
    images: list[Candidate] = field(default_factory=list)
    site_names: list[Candidate] = field(default_factory=list)
    canonicals: list[Candidate] = field(default_factory=list)
    languages: list[Candidate] = field(default_factory=list)
    article_body: str | None = None
    descriptions: list[str] = field(default_factory=list)
    jsonld_types: set[str] = field(default_factory=set)


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id") or ""
    return clean_space(str(value)) if value is not None else ""


def _add_date(target: list[DateCandidate], raw: Any, source: str) -> None:
    for item in raw if isinstance(raw, list) else [raw]:
        cand = parse_date(_text(item), source)
        if cand is not None:
            target.append(cand)


def _read_jsonld(page: Page, sig: Signals) -> None:
    objects = jsonld.jsonld_objects(page.tree)
    by_id = {str(o["@id"]): o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        sig.jsonld_types |= jsonld.types_of(obj)
        if "website" in jsonld.types_of(obj) or "organization" in jsonld.types_of(obj):
            if obj.get("name") and "website" in jsonld.types_of(obj):
                sig.site_names.append(("jsonld", _text(obj["name"])))
    for art in jsonld.article_objects(objects):
        if art.get("headline"):
            sig.headlines.append(("jsonld", _text(art["headline"])))
        elif art.get("name"):
            sig.headlines.append(("jsonld", _text(art["name"])))
        people, orgs = typed_author_names(jsonld.resolve(art.get("author") or art.get("creator"), by_id))
        if people:
            sig.authors.append(("jsonld", people + orgs))
        elif orgs:
            sig.org_authors.append(("jsonld", orgs))
        _add_date(sig.published, art.get("datePublished") or art.get("dateCreated"), "jsonld")
        _add_date(sig.updated, art.get("dateModified"), "jsonld")
        if art.get("articleSection"):
            sig.sections.append(("jsonld", _text(art["articleSection"])))
        image = jsonld.resolve(art.get("image") or art.get("thumbnailUrl"), by_id)
        if image:
            sig.images.append(("jsonld", _text(image)))
        publisher = jsonld.resolve(art.get("publisher"), by_id)
        if isinstance(publisher, dict) and publisher.get("name"):
            sig.site_names.append(("jsonld", _text(publisher["name"])))
        if art.get("inLanguage"):
            sig.languages.append(("jsonld", _text(art["inLanguage"])))
        if isinstance(art.get("description"), str):
            sig.descriptions.append(clean_space(art["description"]))
        if art.get("articleBody") and not sig.article_body:
            sig.article_body = str(art["articleBody"])
        main = art.get("mainEntityOfPage") or art.get("url")
        if main:
            sig.canonicals.append(("jsonld", _text(main)))


def _read_meta(page: Page, sig: Signals) -> None:
    for key, source in (
        ("og:title", "opengraph"),
        ("twitter:title", "meta"),
        ("title", "meta"),
        ("dc.title", "meta"),
        ("headline", "meta"),
    ):
        value = page.first(key)
        if value:
            sig.headlines.append((source, value))
    for key in _AUTHOR_META:
        values = [v for v in page.meta.get(key, []) if v and not v.startswith(("http://", "https://"))]
        if values:
            sig.authors.append(("opengraph" if key.startswith(("article:", "og:")) else "meta", values))
    for key in _PUBLISHED_META:
        for value in page.meta.get(key, []):
            _add_date(
                sig.published,
                value,
                "opengraph" if ":" in key and "og" in key or "article:" in key else "meta",
            )
    for key in _MODIFIED_META:
        for value in page.meta.get(key, []):
            _add_date(sig.updated, value, "opengraph" if key.startswith(("og:", "article:")) else "meta")
    for key, source in (("article:section", "opengraph"), ("section", "meta"), ("article-section", "meta")):
        if page.first(key):
            sig.sections.append((source, page.first(key) or ""))
    for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"):
        if page.first(key):
            sig.images.append(("opengraph", page.first(key) or ""))
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"):
        value = page.first(key)
        if value:
            sig.site_names.append(("opengraph" if key.startswith("og") else "meta", value.lstrip("@")))
    for href in page.links.get("canonical", []):
        sig.canonicals.insert(0, ("canonical", href))
    if page.first("og:url"):
        sig.canonicals.append(("opengraph", page.first("og:url") or ""))
    for key in ("og:locale", "content-language", "language", "dc.language"):
        if page.first(key):
            sig.languages.append(("meta", page.first(key) or ""))
    if page.lang:
        sig.languages.insert(0, ("html", page.lang))


def _read_microdata(page: Page, sig: Signals) -> None:
    # One pass over the tree for every itemprop; the fields then filter the few nodes it found.
    nodes = [n for n in _ITEMPROP(page.tree) if n.tag != "meta"]
    for node in [n for n in nodes if n.get("itemprop") == "headline"][:1]:
        sig.headlines.append(("microdata", clean_space(node.text_content())))
    names: list[str] = []
    for node in [n for n in nodes if n.get("itemprop") in ("author", "creator") and n.tag != "link"][:8]:
        inner = _ITEM_NAME(node)
        text = inner[0].get("content") or inner[0].text_content() if inner else node.text_content()
        if text and clean_space(text):
            names.append(clean_space(text))
    if names:
        sig.authors.append(("microdata", names))
    for node in [n for n in nodes if n.get("itemprop") == "datePublished"][:2]:
        _add_date(
            sig.published, node.get("datetime") or node.get("content") or node.text_content(), "microdata"
        )
    for node in [n for n in nodes if n.get("itemprop") == "dateModified"][:1]:
        _add_date(
            sig.updated, node.get("datetime") or node.get("content") or node.text_content(), "microdata"
        )


def _read_time_and_dom(page: Page, sig: Signals) -> None:
    tree = page.tree
    for node in _H1_NODES(tree)[:3]:
        text = clean_space(node.text_content())
        if text:
            sig.headlines.append(("h1", text))
    for title in _TITLE(tree)[:1]:
        if clean_space(title.text_content()):
            sig.headlines.append(("title", clean_space(title.text_content())))
    for node in _TIMES(tree)[:3]:
        _add_date(sig.published, node.get("datetime"), "time")
    url_date = date_from_url(page.url)
    if url_date:
        sig.published.append(url_date)


def read_signals(page: Page) -> Signals:
    """All candidates of one page; never raises on malformed markup."""
    sig = Signals()
    _read_jsonld(page, sig)
    _read_meta(page, sig)
    _read_microdata(page, sig)
    _read_time_and_dom(page, sig)
    return sig
