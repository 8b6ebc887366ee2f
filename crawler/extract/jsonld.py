"""Read schema.org objects out of a page's JSON-LD blocks, tolerating the ways sites break them.

Sites wrap objects in ``@graph`` or top-level arrays, refer to authors by ``@id``, leave trailing
commas, HTML comments, CDATA markers, raw newlines inside strings, or several objects back to back
in one ``<script>``. We repair what is cheap to repair and skip the rest without failing the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

__all__ = ["jsonld_objects", "article_objects", "ARTICLE_TYPES", "types_of", "resolve"]

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "satiricalarticle",
    "posting",
    "advertisercontentarticle",
    "medicalscholarlyarticle",
    "discussionforumposting",
    "videoobject_article",
}
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECODER = json.JSONDecoder(strict=False)


def _strip_wrappers(text: str) -> str:
    text = text.strip()
    for junk in ("<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>"):
        text = text.replace(junk, "")
    return text.strip().rstrip(";")


def _decode_all(text: str) -> list[Any]:
    """Every JSON value in ``text``, one after another (some sites concatenate objects)."""
    values: list[Any] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] not in "[{":
            pos += 1
        if pos >= len(text):
            break
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
        values.append(value)
        pos = end
    return values


def _parse_block(raw: str) -> list[Any]:
    text = _strip_wrappers(raw)
    if not text:
        return []
    values = _decode_all(text)
    if values:
        return values
    repaired = _TRAILING_COMMA.sub(r"\1", _CTRL.sub(" ", text.replace("\n", " ").replace("\r", " ")))
    return _decode_all(repaired)


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _flatten(graph)
        main = value.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _flatten(main)


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, ``@graph`` members and arrays flattened, in page order."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        for value in _parse_block(script.text or ""):
            objects.extend(_flatten(value))
    return objects


def types_of(obj: dict[str, Any]) -> set[str]:
    """The object's ``@type`` values, lower-cased and without a schema.org prefix."""
    kind = obj.get("@type") or obj.get("type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for k in kinds if k}


def resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """Replace a bare ``{"@id": ...}`` reference by the object it names, when the page has it."""
    if isinstance(value, dict) and "@id" in value and len(value) <= 2:
        return by_id.get(str(value["@id"]), value)
    if isinstance(value, list):
        return [resolve(v, by_id) for v in value]
    return value


def article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article-typed objects, richest first (the one with a headline and a date wins ties)."""
    found = [o for o in objects if types_of(o) & ARTICLE_TYPES]
    if not found:
        # Some sites type the article as WebPage only; accept it when it carries article fields.
        found = [o for o in objects if "webpage" in types_of(o) and ("datePublished" in o or "author" in o)]

    def richness(obj: dict[str, Any]) -> int:
        return sum(key in obj for key in ("headline", "datePublished", "author", "articleBody"))

    return sorted(found, key=richness, reverse=True)
