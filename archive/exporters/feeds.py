"""Export stories as RSS 2.0 or Atom feeds that editors can republish with attribution.

Each item carries the headline, the summary, the key points and explainers (as sanitised HTML
content), a link to the original, the authors, the source outlet (RSS ``<source>``, Atom
``<source>``) and the story's times. Items are written one at a time (``lxml.etree.xmlfile``),
so a feed of the whole archive needs no more memory than a feed of ten stories.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from archive.exporters.files import ExportResult, HashingWriter, atomic_file
from archive.exporters.present import Presented, portal_fragment, present
from archive.exporters.selection import ExportFilters, iter_versions

__all__ = ["export_rss", "export_atom", "DEFAULT_SITE_URL", "DEFAULT_TITLE"]

#: Where the feed says it lives unless told: ``.invalid`` is reserved for exactly this.
DEFAULT_SITE_URL = "https://newsarchive.invalid/"
DEFAULT_TITLE = "newsarchive: archived stories"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
_TAG_AUTHORITY = "tag:newsarchive.invalid,2026:"
_RSS_NS = {"atom": ATOM, "dc": DC, "dcterms": DCTERMS, "content": CONTENT}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _guid(p: Presented) -> str:
    return f"{_TAG_AUTHORITY}story/{p.story_id}/v{p.version}"


def _rss_item(p: Presented) -> etree._Element:
    item = etree.Element("item", nsmap=_RSS_NS)
    _sub(item, "title", p.headline)
    if p.link:
        _sub(item, "link", p.link)
    _sub(item, "description", p.summary or p.headline)
    _sub(item, f"{{{CONTENT}}}encoded", portal_fragment(p))
    for author in p.authors:
        _sub(item, f"{{{DC}}}creator", author)
    if p.section:
        _sub(item, "category", p.section)
    if p.outlet_home:
        _sub(item, "source", p.outlet_name, url=p.outlet_home)
    _sub(item, "guid", _guid(p), isPermaLink="false")
    _sub(item, "pubDate", format_datetime(p.when.astimezone(UTC), usegmt=True))
    if p.updated_at:
        _sub(item, f"{{{DCTERMS}}}modified", _iso(p.updated_at))
    if p.language:
        _sub(item, f"{{{DC}}}language", p.language)
    return item


def _atom_entry(p: Presented) -> etree._Element:
    entry = etree.Element(f"{{{ATOM}}}entry", nsmap={None: ATOM})
    _sub(entry, f"{{{ATOM}}}id", _guid(p))
    _sub(entry, f"{{{ATOM}}}title", p.headline, type="text")
    if p.link:
        _sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=p.link)
    for name in p.authors or [p.outlet_name]:
        _sub(_sub(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", name)
    _sub(entry, f"{{{ATOM}}}published", _iso(p.when))
    _sub(entry, f"{{{ATOM}}}updated", _iso(p.last_changed))
    if p.summary:
        _sub(entry, f"{{{ATOM}}}summary", p.summary, type="text")
    _sub(entry, f"{{{ATOM}}}content", portal_fragment(p), type="html")
    if p.section:
        _sub(entry, f"{{{ATOM}}}category", term=p.section)
    source = _sub(entry, f"{{{ATOM}}}source")
    _sub(source, f"{{{ATOM}}}id", p.outlet_home or f"{_TAG_AUTHORITY}outlet/{p.outlet_key}")
    _sub(source, f"{{{ATOM}}}title", p.outlet_name)
    if p.outlet_home:
        _sub(source, f"{{{ATOM}}}link", rel="alternate", href=p.outlet_home)
    _sub(entry, f"{{{ATOM}}}rights", f"© {p.outlet_name}; republished with attribution")
    return entry


def _write_children(xf: Any, holder: etree._Element) -> None:
    """Write the children of a scratch element (a way to build a feed's head with namespaces)."""
    xf.write("\n")
    for child in holder:
        xf.write(child, "\n")


@contextmanager
def _xml(out: HashingWriter) -> Iterator[Any]:
    with etree.xmlfile(out, encoding="utf-8") as xf:  # type: ignore[arg-type]
        xf.write_declaration()
        yield xf


def export_rss(session: Session, out_path: str | os.PathLike[str], filters: ExportFilters, *,
               title: str = DEFAULT_TITLE, site_url: str = DEFAULT_SITE_URL) -> ExportResult:
    """Write an RSS 2.0 feed (with the content, Dublin Core and Atom namespaces) of the selection."""
    target = Path(out_path)
    count = 0
    with atomic_file(target) as out, _xml(out) as xf:
        with xf.element("rss", version="2.0", nsmap=_RSS_NS), xf.element("channel"):
            head = etree.Element("head")
            _sub(head, "title", title)
            _sub(head, "link", site_url)
            _sub(head, "description", "Stories from the newsarchive, each with a link to the original and its source")
            _sub(head, "generator", "newsarchive")
            _sub(head, "docs", "https://www.rssboard.org/rss-specification")
            _write_children(xf, head)
            for row in iter_versions(session, filters=filters):
                xf.write(_rss_item(present(row)), "\n")
                count += 1
    digest = out.hexdigest()
    return ExportResult(count=count, path=target, sha256=digest, files={target.name: digest})


def export_atom(session: Session, out_path: str | os.PathLike[str], filters: ExportFilters, *,
                title: str = DEFAULT_TITLE, site_url: str = DEFAULT_SITE_URL) -> ExportResult:
    """Write an Atom 1.0 feed of the selection; the feed's ``updated`` is its newest entry's."""
    target = Path(out_path)
    count = 0
    newest: datetime | None = None
    with atomic_file(target) as out, _xml(out) as xf:
        with xf.element(f"{{{ATOM}}}feed", nsmap={None: ATOM}):
            head = etree.Element(f"{{{ATOM}}}head", nsmap={None: ATOM})
            _sub(head, f"{{{ATOM}}}id", f"{_TAG_AUTHORITY}feed/{filters_key(filters)}")
            _sub(head, f"{{{ATOM}}}title", title)
            _sub(head, f"{{{ATOM}}}link", rel="alternate", href=site_url)
            _sub(head, f"{{{ATOM}}}generator", "newsarchive")
            _write_children(xf, head)
            for row in iter_versions(session, filters=filters):
                p = present(row)
                xf.write(_atom_entry(p), "\n")
                newest = max(newest, p.last_changed) if newest else p.last_changed
                count += 1
            # Atom leaves the order of a feed's children free, so the newest time can come last.
            updated = etree.Element(f"{{{ATOM}}}updated")
            updated.text = _iso(newest or datetime(1970, 1, 1, tzinfo=UTC))
            xf.write(updated)
    digest = out.hexdigest()
    return ExportResult(count=count, path=target, sha256=digest, files={target.name: digest})


def filters_key(filters: ExportFilters) -> str:
    """A short stable id of a selection, so the same filters give the same feed id."""
    return hashlib.sha256(json.dumps(filters.describe(), sort_keys=True).encode()).hexdigest()[:16]
