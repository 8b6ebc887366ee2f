"""Make scraped text and markup safe to republish: whatever a hostile page carried, nothing runs.

Every output that shows content taken from the web (the static site, feeds, the web app) goes
through here. Stories are plain text, but a page can smuggle markup into any field (a headline
with a ``<script>``, an author with an ``onerror`` image, a ``javascript:`` canonical URL), so:

- ``sanitise_html`` keeps a small allowlist of inline and block tags, no ``style``, no event
  handlers, and only http(s)/mailto links (nh3, an html5ever-based sanitiser, does the parsing:
  it sees markup the way a browser does, which a regex never will);
- ``sanitise_text`` turns a field into plain text with any markup removed, for templates that
  escape it again on output (so it is safe twice over);
- ``safe_url`` lets through absolute http(s) URLs only, after undoing the tricks browsers forgive
  (entities, embedded tabs and newlines, leading control characters, mixed case).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

__all__ = ["sanitise_html", "sanitise_text", "safe_url", "ALLOWED_TAGS", "URL_SCHEMES"]

#: Tags a republished fragment may keep: text structure and emphasis, nothing that loads or runs.
ALLOWED_TAGS = frozenset({
    "p", "br", "a", "em", "strong", "b", "i", "u", "s", "q", "cite", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "sub", "sup", "small", "abbr", "time", "span",
    "figure", "figcaption", "hr",
})
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "time": {"datetime"}, "q": {"cite"},
               "blockquote": {"cite"}}
#: Elements dropped together with their content (their text is code or an embedded document).
_DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg",
                      "math", "textarea", "select", "title"}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_REL = "noopener noreferrer nofollow ugc"
# Browsers drop ASCII tab/newline anywhere in a URL and leading/trailing C0 controls and spaces.
_URL_INVISIBLES = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_ATTRIBUTE_BREAKERS = str.maketrans({c: f"%{ord(c):02X}" for c in "<>\"'`"})


def sanitise_html(fragment: str) -> str:
    """``fragment`` with only allowlisted tags and attributes left, and only http(s)/mailto links."""
    if not fragment:
        return ""
    return nh3.clean(
        fragment, tags=set(ALLOWED_TAGS), clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()}, url_schemes=set(URL_SCHEMES),
        link_rel=_LINK_REL, strip_comments=True,
    )


def sanitise_text(text: str | None) -> str:
    """Plain text with any markup removed (script and style bodies included); entities decoded.

    The result is text, not HTML: escape it on output (Jinja2's autoescape does).
    """
    if not text:
        return ""
    if "<" not in text and "&" not in text:
        return text  # the common case: nothing that could be markup
    cleaned = nh3.clean(text, tags=set(), clean_content_tags=set(_DROP_WITH_CONTENT), attributes={})
    return html.unescape(cleaned)


def safe_url(url: str | None) -> str | None:
    """``url`` normalised if it is an absolute http(s) URL with a host; None for anything else.

    ``javascript:``, ``data:``, ``vbscript:`` and relative or scheme-less URLs all give None,
    however they are disguised (``&#106;avascript:``, ``jav\\tascript:``, ``JaVaScRiPt:``).
    """
    if not url:
        return None
    candidate = _URL_INVISIBLES.sub("", url).strip(_URL_EDGES)
    # Judge the decoded form too: "&#106;avascript:" in text stays text, but never risk it.
    decoded = _URL_INVISIBLES.sub("", html.unescape(candidate)).strip(_URL_EDGES)
    if not (_is_web_url(candidate) and _is_web_url(decoded)):
        return None
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in candidate):
        return None  # spaces or controls inside: not a well-formed URL
    # Quote characters that could end an attribute, whatever the output escapes.
    return candidate.translate(_ATTRIBUTE_BREAKERS)


def _is_web_url(candidate: str) -> bool:
    try:
        parts = urlsplit(candidate)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False
