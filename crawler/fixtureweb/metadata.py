"""The <head> of an article page: title, OpenGraph, author meta, canonical and JSON-LD, in the
several shapes real outlets use (plain object, @graph, top-level array; author as string, Person
or list of Persons; dates with an offset or in UTC with ``Z``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .model import ArticleDraft, ArticleState, OutletSpec
from .pages import esc, to_utc_z

__all__ = ["MetaStyle", "article_head", "jsonld_script", "stamp"]


@dataclass(frozen=True, slots=True)
class MetaStyle:
    shape: str  # "plain" | "graph" | "array"
    author: str  # "person" | "list" | "string"
    time: str  # "offset" | "z"
    canonical: str  # "absolute" | "none"


def stamp(when: datetime, style: str) -> str:
    """A machine-readable date the way this outlet writes it."""
    return to_utc_z(when) if style == "z" else when.isoformat()


def _authors(names: tuple[str, ...], shape: str, base: str) -> Any:
    people = [{"@type": "Person", "name": n, "url": f"{base}/authors/{n.lower().replace(' ', '-')}"}
              for n in names]
    if shape == "string":
        return ", ".join(names)
    if shape == "list":
        return people
    return people[0] if len(people) == 1 else people


def _article(spec: OutletSpec, base: str, url: str, draft: ArticleDraft, state: ArticleState,
             image_url: str, style: MetaStyle) -> dict[str, Any]:
    return {
        "@type": "NewsArticle",
        "headline": state.headline,
        "description": draft.standfirst,
        "image": [image_url],
        "datePublished": stamp(draft.published, style.time),
        "dateModified": stamp(state.modified, style.time),
        "author": _authors(draft.authors, style.author, base),
        "publisher": {"@type": "Organization", "name": spec.name,
                      "logo": {"@type": "ImageObject", "url": f"{base}/static/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": draft.section,
        "inLanguage": spec.html_lang,
    }


def jsonld_script(data: Any) -> str:
    """A JSON-LD script element; ``</`` is escaped so text can never close the script early."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def _jsonld(spec: OutletSpec, base: str, url: str, article: dict[str, Any], style: MetaStyle) -> Any:
    ctx = "https://schema.org"
    if style.shape == "graph":
        org = {"@type": "NewsMediaOrganization", "@id": f"{base}/#org", "name": spec.name, "url": f"{base}/"}
        page = {"@type": "WebPage", "@id": url, "url": url, "name": article["headline"]}
        return {"@context": ctx, "@graph": [org, page, {**article, "publisher": {"@id": f"{base}/#org"}}]}
    if style.shape == "array":
        crumbs = {"@context": ctx, "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
            {"@type": "ListItem", "position": 2, "name": article["articleSection"], "item": url},
        ]}
        return [{"@context": ctx, **article}, crumbs]
    return {"@context": ctx, **article}


def article_head(spec: OutletSpec, base: str, url: str, draft: ArticleDraft, state: ArticleState,
                 image_url: str, style: MetaStyle) -> str:
    """Everything an article page carries in <head> apart from charset, styles and scripts."""
    article = _article(spec, base, url, draft, state, image_url, style)
    lines = [
        f"<title>{esc(state.headline + spec.title_suffix)}</title>",
        f'<meta name="description" content="{esc(draft.standfirst)}">',
        f'<meta name="author" content="{esc(", ".join(draft.authors))}">',
    ]
    if style.canonical == "absolute":
        lines.append(f'<link rel="canonical" href="{esc(url)}">')
    lines += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(state.headline)}">',
        f'<meta property="og:description" content="{esc(draft.standfirst)}">',
        f'<meta property="og:url" content="{esc(url)}">',
        f'<meta property="og:site_name" content="{esc(spec.name)}">',
        f'<meta property="og:image" content="{esc(image_url)}">',
        f'<meta property="article:published_time" content="{stamp(draft.published, style.time)}">',
        f'<meta property="article:modified_time" content="{stamp(state.modified, style.time)}">',
        f'<meta property="article:section" content="{esc(draft.section)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        jsonld_script(_jsonld(spec, base, url, article, style)),
    ]
    return "\n".join(lines)
