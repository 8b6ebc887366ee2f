"""``extract()``: one page in, one :class:`Extracted` out (or an :class:`ExtractionError`).

The page is decoded and parsed once; every signal reader and trafilatura share that tree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.extract import fuse
from crawler.extract.assemble import assemble_body
from crawler.extract.authors import body_byline
from crawler.extract.body import run_trafilatura
from crawler.extract.decode import to_text
from crawler.extract.page import Page, parse_page
from crawler.extract.profile import OutletProfile
from crawler.extract.prose import MIN_PROSE_CHARS, prose_chars
from crawler.extract.result import Extracted, ExtractionError
from crawler.extract.rules import RULES, OutletRule, rule_for
from crawler.extract.signals import Signals, read_signals

__all__ = ["extract"]

_MIN_BODY_CHARS = 80
_MIN_BODY_CHARS_NO_ARTICLE_SIGNAL = 250


def _byline_from_body(
    page: Page, sig: Signals, authors: list[str], source: str | None, body: list[str]
) -> tuple[list[str], str | None, list[str]]:
    """A byline printed as an early body paragraph: out of the body, and the credit when we had none."""
    outlets = fuse.outlet_names(page, sig)
    for i, paragraph in enumerate(body[:3]):
        names = body_byline(paragraph)
        if not names:
            continue
        if not authors or all(fuse.is_outlet(a, outlets) for a in authors):
            return names, "body", body[:i] + body[i + 1 :]
        if {n.casefold() for n in names} <= {a.casefold() for a in authors}:
            return authors, source, body[:i] + body[i + 1 :]
    return authors, source, body


def _ruled_headline(
    page: Page,
    sig: Signals,
    profile: OutletProfile | None,
    rule: OutletRule,
    headline: str | None,
    source: str | None,
) -> tuple[str | None, str | None]:
    """The outlet rule's headline (its own reader, or the signal it names) when it finds one."""
    ruled = rule.headline(page)
    if not ruled and rule.headline_signal:
        ruled, _ = fuse.headline_from(page, sig, profile, rule.headline_signal)
    return (ruled, f"rule:{rule.name}") if ruled else (headline, source)


def _descriptions(page: Page, sig: Signals) -> list[str]:
    found = [page.first("og:description"), page.first("description"), page.first("twitter:description")]
    return [d for d in found + sig.descriptions if d]


def _check_body(paragraphs: list[str], sig: Signals, has_date: bool) -> None:
    chars = sum(len(p) for p in paragraphs)
    if not paragraphs:
        raise ExtractionError("no_article_text", "no article body found on the page")
    article_like = bool(sig.jsonld_types & {"newsarticle", "article", "reportagenewsarticle", "blogposting"})
    floor = _MIN_BODY_CHARS if (article_like or has_date) else _MIN_BODY_CHARS_NO_ARTICLE_SIGNAL
    if chars < floor:
        raise ExtractionError("no_article_text", f"only {chars} characters of text found")
    prose = prose_chars(paragraphs)
    if prose < MIN_PROSE_CHARS:  # counters, labels, sign-in prompts: a gallery or wall, not an article
        raise ExtractionError("no_article_text", f"only {prose} characters of prose among {chars} of text")


def extract(
    html: str | bytes,
    url: str,
    *,
    content_type: str | None = None,
    profile: OutletProfile | None = None,
    now: datetime | None = None,
) -> Extracted:
    """Extract the article fields of one page.

    ``profile`` (optional) carries what the outlet repeats across pages; ``now`` bounds dates
    (a date after it is impossible); it defaults to the current time.
    Raises :class:`ExtractionError` (``empty``, ``not_html``, ``no_article_text``) for bad input.
    """
    now = now or datetime.now(UTC)
    page = parse_page(to_text(html, content_type), url)
    sig = read_signals(page)
    result = run_trafilatura(page.tree, url)
    site_name, site_src = fuse.site_name_of(sig, result)
    headline, head_src = fuse.choose_headline(page, sig, result, profile)
    authors, auth_src = fuse.choose_authors(page, sig, result)
    published, updated = fuse.choose_dates(page, sig, now)
    rule = rule_for(url, published.value if published else None, RULES)
    if rule is not None:
        headline, head_src = _ruled_headline(page, sig, profile, rule, headline, head_src)
    parts = assemble_body(page, sig, result, profile, headline or "", _descriptions(page, sig))
    body = parts.paragraphs
    authors, auth_src, body = _byline_from_body(page, sig, authors, auth_src, body)
    _check_body(body, sig, published is not None)
    if rule is not None:
        ruled_authors = rule.authors(page)
        if ruled_authors:
            authors, auth_src = ruled_authors, f"rule:{rule.name}"
    section, sec_src = fuse.choose_simple(sig.sections)
    image, img_src = fuse.choose_simple(sig.images)
    canonical, can_src = fuse.choose_simple(sig.canonicals)
    language, lang_src = fuse.language_of(sig, result)
    signals = {
        "headline": head_src,
        "authors": auth_src,
        "site_name": site_src,
        "section": sec_src,
        "image_url": img_src,
        "canonical_url": can_src,
        "language": lang_src,
        "body": parts.source,
        "published_at": published.source if published else None,
        "updated_at": updated.source if updated else None,
        "source_summary": "portal" if parts.portal.summary else None,
        "source_key_points": "portal" if parts.portal.key_points else None,
        "source_why_this_matters": "portal" if parts.portal.why else None,
        "source_what_this_means_for_you": "portal" if parts.portal.what else None,
    }
    return Extracted(
        url=url,
        body=body,
        headline=headline or "",
        canonical_url=page.absolute(canonical),
        authors=authors,
        published_at=published.value if published else None,
        updated_at=updated.value if updated else None,
        section=section,
        language=language,
        image_url=page.absolute(image),
        site_name=site_name,
        signals={k: v for k, v in signals.items() if v},
        source_summary=parts.portal.summary,
        source_key_points=parts.portal.key_points,
        source_why_this_matters=parts.portal.why,
        source_what_this_means_for_you=parts.portal.what,
    )
