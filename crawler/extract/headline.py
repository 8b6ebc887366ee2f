"""Clean headline candidates: drop the outlet's name that sites glue onto titles.

``<title>`` and often ``og:title`` read "Headline | Outlet", "Outlet - Headline" or
"Headline - Outlet - 13.06.2023". We cut a segment only when it names the outlet (``og:site_name``,
``application-name``, the host name, or a suffix the outlet's profile learnt from its other pages),
so a headline that itself contains " - " or ": " stays whole.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.extract.page import Page, clean_space

__all__ = ["strip_site_name", "host_words", "normal_key"]

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«›/~*]\s+|\s*[|ㅣ｜：]\s*|,\s+|(?<=\w):\s+")
_GLUED = re.compile(r"^(.*\S)-(\w[\w .]{0,30})$")
_DATEISH = re.compile(r"^[\d\s./:,-]+$|^\d{1,2}\.\s*\w+\s+\d{4}$")


_NON_ALNUM = re.compile(r"[\W_]+")


def normal_key(text: str) -> str:
    """A comparison key: case-folded letters and digits only (spacing and punctuation ignored)."""
    return _NON_ALNUM.sub("", text.casefold())


def host_words(url: str) -> set[str]:
    """Keys for the registrable part of the host ("www.spiegel.de" -> {"spiegel", "spiegelde"})."""
    host = (urlsplit(url).hostname or "").lower()
    labels = [part for part in host.split(".") if part not in {"www", "m", "amp", "edition", "mobile"}]
    if len(labels) >= 2:
        second_level = (
            len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in {"co", "com", "org", "net", "ac"}
        )
        core = labels[-3] if second_level else labels[-2]
        registrable = labels[-3:] if second_level else labels[-2:]
        return {normal_key(core), normal_key(".".join(registrable)), normal_key(".".join(labels))}
    return {normal_key(x) for x in labels}


def _near_site(key: str, site: str) -> bool:
    """ "harbourheraldonline" names "harbourherald"; short keys must match exactly."""
    return (
        len(key) >= 4
        and len(site) >= 4
        and (key.startswith(site) or site.startswith(key))
        and (len(key) <= len(site) + 12)
    )


def _is_site_segment(segment: str, site_keys: set[str], exact_keys: set[str]) -> bool:
    key = normal_key(segment)
    if not key or _DATEISH.match(segment.strip()) or key in site_keys or key in exact_keys:
        return True
    return len(segment.split()) <= 5 and any(_near_site(key, site) for site in site_keys)


def strip_site_name(title: str, site_names: Iterable[str], exact_names: Iterable[str] = ()) -> str:
    """``title`` without leading/trailing segments that name the outlet (or are only a date).

    ``site_names`` also match loosely ("Herald Online" for "Herald"); ``exact_names`` (section
    names) only match whole segments, since "Hamburg" must not eat "Hamburg Marathon 2024".
    """
    title = clean_space(html.unescape(title) if "&" in title else title)
    site_keys = {normal_key(s) for s in site_names if s and normal_key(s)}
    exact_keys = {normal_key(s) for s in exact_names if s and normal_key(s)}
    if not title or not (site_keys or exact_keys):
        return title
    parts = _split_keep(title)
    while len(parts) > 1 and _is_site_segment(parts[-1][0], site_keys, exact_keys):
        parts.pop()
    while len(parts) > 1 and _is_site_segment(parts[0][0], site_keys, exact_keys):
        parts.pop(0)
    last, sep = parts[-1]
    glued = _GLUED.match(last)
    if glued and normal_key(glued.group(2)) in site_keys | exact_keys:
        parts[-1] = (glued.group(1), sep)
    return clean_space("".join(text + sep for text, sep in parts[:-1]) + parts[-1][0])


def _split_keep(title: str) -> list[tuple[str, str]]:
    """Segments with the separator that followed each, so unchanged parts rejoin verbatim."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _SEPARATORS.finditer(title):
        out.append((title[pos : m.start()], m.group(0)))
        pos = m.end()
    out.append((title[pos:], ""))
    return [(text, sep) for text, sep in out if text.strip() or sep.strip() == ""] or [(title, "")]


_ORDER = ("opengraph", "jsonld", "h1", "microdata", "meta", "title", "trafilatura")


_DECORATION = re.compile(r"^\s*[-–—|ㅣ｜：:*·•»›]\s*\S")
_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′´`"} | {c: '"' for c in "“”„‟«»″"})


def loose(text: str) -> str:
    """A form for comparing candidates: NFKC, quotes unified, whitespace collapsed."""
    return clean_space(unicodedata.normalize("NFKC", text).translate(_QUOTES))


def _undecorated(value: str, others: list[str]) -> str:
    """``value`` cut back to a shorter candidate it extends by a separator and a tail ("X - Section")."""
    lv = loose(value)
    for other in others:
        lo = loose(other)
        if 10 <= len(lo) < len(lv) and lv.startswith(lo) and _DECORATION.match(lv[len(lo) :]):
            return other
    return value


def pick_headline(
    cands: list[tuple[str, str]], site_names: list[str], sections: list[str] | None = None
) -> tuple[str | None, str | None]:
    """The headline among ``(signal, raw value)`` candidates: og:title first, repaired by its peers."""
    site_keys = {normal_key(s) for s in site_names if s}
    cleaned = [(src, strip_site_name(v, site_names, sections or ())) for src, v in cands if v]
    cleaned = [(s, v) for s, v in cleaned if v and normal_key(v) not in site_keys]
    if not cleaned:
        return None, None
    values = [v for _, v in cleaned]
    rank = {name: i for i, name in enumerate(_ORDER)}
    src, best = min(cleaned, key=lambda sv: rank.get(sv[0], len(_ORDER)))
    best = _undecorated(best, values)
    return best, src


def headline_node(page: Page, headline: str) -> HtmlElement | None:
    """The element showing the headline (an h1/h2 containing it), else the first h1."""
    key = loose(headline)[:60]
    fallback = None
    for node in page.tree.iter("h1", "h2"):
        text = loose(node.text_content())
        if key and key in text:
            return node
        if fallback is None and node.tag == "h1":
            fallback = node
    return fallback
