"""A story made safe to republish: every scraped field sanitised once, for feeds and the static site.

Nothing taken from the web reaches an output except through here: text fields lose any markup
(``sanitise_text``), links that are not absolute http(s) URLs are dropped (``safe_url``), and
characters XML cannot carry are removed, so feeds stay well-formed whatever a page contained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from archive.exporters.selection import ExportRow
from archive.sanitise import safe_url, sanitise_html, sanitise_text

__all__ = ["Presented", "present", "portal_fragment", "xml_safe"]

# Characters XML 1.0 forbids (C0 controls but tab, newline, return; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(value: str | None) -> str:
    return xml_safe(sanitise_text(value)).strip()


@dataclass(frozen=True, slots=True)
class Presented:
    """The sanitised fields of one story version, ready for a template or a feed writer."""

    story_id: str
    version: int
    versions: int
    headline: str
    summary: str
    bullets: list[str]
    body: list[str]
    why_this_matters: str
    what_this_means_for_you: str
    authors: list[str]
    outlet_key: str
    outlet_name: str
    outlet_home: str | None
    link: str | None  # the original article
    image_url: str | None
    section: str
    language: str
    published_at: datetime | None
    updated_at: datetime | None
    captured_at: datetime

    @property
    def when(self) -> datetime:
        """The story's time for feeds: published, else first captured."""
        return self.published_at or self.captured_at

    @property
    def last_changed(self) -> datetime:
        """The newest of its times, for Atom's ``updated``."""
        return max(t.astimezone(UTC) for t in (self.updated_at, self.published_at, self.captured_at) if t)


def _texts(values: list[str]) -> list[str]:
    return [t for t in (_text(v) for v in values) if t]


def present(row: ExportRow) -> Presented:
    story = row.story
    return Presented(
        story_id=story.id, version=row.version, versions=row.versions, headline=_text(story.headline),
        summary=_text(story.summary), bullets=_texts(story.bullets), body=_texts(story.body),
        why_this_matters=_text(story.why_this_matters), what_this_means_for_you=_text(story.what_this_means_for_you),
        authors=_texts(story.authors), outlet_key=_text(story.source.key), outlet_name=_text(story.source.name),
        outlet_home=safe_url(story.source.home_url), link=safe_url(story.canonical_url),
        image_url=safe_url(story.image_url), section=_text(story.section), language=_text(story.language),
        published_at=story.published_at, updated_at=story.updated_at, captured_at=row.captured_at,
    )


def portal_fragment(p: Presented) -> str:
    """The story's editorial layout as an HTML fragment (for feed content), built escaped and sanitised."""
    parts: list[str] = []
    if p.summary:
        parts.append(f"<p><strong>{escape(p.summary)}</strong></p>")
    if p.bullets:
        parts.append("<h3>Key points</h3><ul>" + "".join(f"<li>{escape(b)}</li>" for b in p.bullets) + "</ul>")
    if p.why_this_matters:
        parts.append(f"<h3>Why this matters</h3><p>{escape(p.why_this_matters)}</p>")
    if p.what_this_means_for_you:
        parts.append(f"<h3>What this means for you</h3><p>{escape(p.what_this_means_for_you)}</p>")
    source = escape(p.outlet_name)
    if p.link:
        source = f'<a href="{escape(p.link)}">{source}</a>'
    byline = f" by {escape(', '.join(p.authors))}" if p.authors else ""
    parts.append(f"<p>Source: {source}{byline}</p>")
    return xml_safe(sanitise_html("".join(parts)))
