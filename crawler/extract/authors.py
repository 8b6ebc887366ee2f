"""Turn raw byline values into a clean, ordered list of credited names.

Bylines arrive as strings ("By Jane Doe and John Roe, Reporters"), schema.org Person objects,
lists of either, or ``@id`` references. We strip the "By"-style prefixes of many languages, role
words, dates and "x minutes ago" residue, split lists, drop the outlet itself when a person is
also credited, and keep page order without duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from crawler.extract.page import clean_space

__all__ = [
    "author_names",
    "typed_author_names",
    "body_byline",
    "clean_author_list",
    "split_byline",
    "looks_like_name",
    "is_desk_credit",
]

_PREFIX = re.compile(
    r"^(?:(?:text|texte|written|reported|report|words|story|photos?|fotos?|video|interview|"
    r"redaktion|redaction|rédaction|autor(?:in)?(?:/autor)?|author|authors|auteur|autore|skrevet|escrito|"
    r"av|af|by|von|vom|par|por|di|da|de|door|przez|от|автор|yazan|oleh|ni|tekst|text)"
    r"\s*[:\-–—]?\s+)+",
    re.I,
)
_ROLE_SUFFIX = re.compile(
    r"\s*(?:[,|/–—-]\s*|\s+)(?:staff\s+(?:writer|reporter)|senior\s+\w+|chief\s+\w+|\w+\s+correspondent|"
    r"correspondent|reporter|editor|journalist|contributor|columnist|writer|redakteur(?:in)?|"
    r"korrespondent(?:in)?|journalistin|journaliste|periodista|giornalista|dziennikarz|muhabir|"
    r"redaktør|reporter(?:in)?|기자|특파원|논설위원|記者|特派員|編集委員)\s*$",
    re.I,
)
_ROLE_WORDS = (
    r"(?:(?:senior|chief|staff|deputy|political|foreign|economics|sports?|business|science|health|"
    r"special|contributing|managing|associate|executive|freelance|leitende[rn]?|stellvertretende[rn]?)\s+)*"
    r"(?:\w+\s+)?(?:correspondent|reporter|editor|journalist|contributor|columnist|writer|redakteur(?:in)?|"
    r"korrespondent(?:in)?|journalistin|journaliste|periodista|giornalista|dziennikarz|muhabir|redaktør|"
    r"photographer|fotograf(?:in)?|producer|analyst)"
)
_ROLE_ONLY = re.compile(rf"^{_ROLE_WORDS}$", re.I)
_CJK_ROLE = re.compile(r"\s*(?:기자|특파원|논설위원|선임기자|記者|特派員|編集委員|論説委員)$")
_TRAILING_NOISE = re.compile(
    r"\s*(?:\(?\b(?:updated|published|aktualisiert|veröffentlicht|mis à jour|publié|actualizado|"
    r"aggiornato|pubblicato|opdateret|oppdatert|uppdaterad|posted|last updated)\b.*$)",
    re.I,
)
_SPLIT = re.compile(
    r"\s*(?:;|\||\n|,|/|·|•|\s+(?:and|und|et|y|e|och|og|en|ve|dan|na|és|и|i|a)\s+|\s+&\s+|、|・|，)\s*",
    re.I,
)
_AGO = re.compile(
    r"\b(?:\d+\s*)?(?:minutes?|mins?|hours?|hrs?|days?|seconds?|stunden?|minuten?|tagen?)\s+ago\b|"
    r"\bvor\s+\d+\s+(?:minuten|stunden|tagen)\b|\bil y a\b|\bhace\s+\d+",
    re.I,
)
_NOT_NAME = re.compile(
    r"https?://|www\.|@|\d{1,2}[:.]\d{2}|\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?\s+\d|\bminutes?\b|\bhours?\b|\bshare\b|\bfollow\b|\bclose\b|\bread more\b|"
    r"\bsubscribe\b|\bnewsletter\b|\bmin read\b|\bpublished\b|\bupdated\b|[()\[\]]|\bimage\b|\bgetty\b|"
    r"\bistock|shutterstock|\bfoto:|\bphoto:|\bbild:|^\d+\s*min\b",
    re.I,
)
_MAX_WORDS = 7
_DESK = re.compile(r"^[A-Z][A-Za-z'’.-]+$")
_DESK_CREDIT = re.compile(
    r"^[A-Z][A-Za-z'’.-]+\s+(?:staff\b|\w+\s+reporters?$|reporters?$|correspondents?$)", re.I
)
_LINKISH = re.compile(r"https?://|www\.|\S@\S")


def _name_of(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value for name in _name_of(item)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            name = " ".join(str(n) for n in name)
        if not name and (value.get("givenName") or value.get("familyName")):
            name = f"{value.get('givenName', '')} {value.get('familyName', '')}"
        return [str(name)] if name else []
    return [str(value)]


def author_names(value: Any) -> list[str]:
    """Raw names from a JSON-LD ``author``/``creator`` value (string, object or list)."""
    return [clean_space(n) for n in _name_of(value) if clean_space(n)]


_ACCOUNT_SLUGS = {"admin", "administrator", "webmaster", "wpadmin", "siteadmin", "root"}


def _is_site_account(item: Any) -> bool:
    """A CMS login credited by default (its profile is ``/author/admin/``), not the writer."""
    if not isinstance(item, dict):
        return False
    link = str(item.get("url") or item.get("@id") or "").split("#")[0].rstrip("/")
    return "/" in link and link.rsplit("/", 1)[1].lower() in _ACCOUNT_SLUGS


def typed_author_names(value: Any) -> tuple[list[str], list[str]]:
    """JSON-LD authors split into (people, organisations); untyped entries count as people."""
    people: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if _is_site_account(item):
            continue
        kind = str(item.get("@type", "")).lower() if isinstance(item, dict) else ""
        target = orgs if ("organization" in kind or "newsmediaorganization" in kind) else people
        target.extend(author_names(item))
    return people, orgs


def _strip_one(name: str) -> str:
    name = clean_space(unicodedata.normalize("NFC", name))
    name = _TRAILING_NOISE.sub("", name)
    name = _PREFIX.sub("", name)
    name = re.sub(r"\s*\((?:[^)]{0,40})\)\s*$", "", name)  # "(dpa)", "(Reuters)" as role tag
    if _ROLE_ONLY.match(name.strip(" ,;:|-")):
        return ""
    credit, prev = name, None
    while prev != name:
        prev = name
        name = _CJK_ROLE.sub("", _ROLE_SUFFIX.sub("", name))
    name = name.strip(" ,;:|-–—·•*\"'")
    if name != credit and _DESK.match(name) and _DESK_CREDIT.match(credit):
        return credit.strip()  # "Guardian staff reporter": a desk credit, not a person called "Guardian"
    return "" if _ROLE_ONLY.match(name) else name


def is_desk_credit(name: str) -> bool:
    """ "Guardian staff reporter", "Telegraph Reporters": the outlet's byline for its staff, kept as written."""
    return bool(_DESK_CREDIT.match(name))


def looks_like_name(name: str) -> bool:
    """Whether a cleaned string can be a credited name (not a date, link, timestamp or UI text)."""
    if not name or len(name) > 80 or len(name.split()) > _MAX_WORDS:
        return False
    if _AGO.search(name) or _NOT_NAME.search(name):
        return False
    return any(ch.isalpha() for ch in name)


def split_byline(text: str) -> list[str]:
    """Split one byline string into names ("A, B and C" -> [A, B, C])."""
    text = _TRAILING_NOISE.sub("", clean_space(text))
    if _LINKISH.search(text):
        return []
    text = _PREFIX.sub("", text)
    parts = _SPLIT.split(text)
    return [p for p in (_strip_one(p) for p in parts) if p]


def _same(a: str, b: str) -> bool:
    return a.casefold().replace(" ", "") == b.casefold().replace(" ", "")


def clean_author_list(raw: list[str], *, site_name: str | None = None) -> list[str]:
    """Cleaned, split, de-duplicated names in order; the outlet is dropped when a person remains."""
    names: list[str] = []
    for item in raw:
        for name in split_byline(item):
            if looks_like_name(name) and not any(_same(name, seen) for seen in names):
                names.append(name)
    if site_name and len(names) > 1:
        names = [n for n in names if not _same(n, site_name)] or names
    return names


_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*$")


def body_byline(paragraph: str) -> list[str]:
    """Names when a body paragraph is only a byline ("JANE DOE", "Jane Doe/John Roe"), else []."""
    text = clean_space(paragraph)
    if len(text) > 80 or text[-1:] in '.!?:;,"”' or any(ch.isdigit() for ch in text):
        return []
    text = _PREFIX.sub("", text)
    parts = [p.strip() for p in re.split(r"\s*(?:/|&|\band\b|,)\s*", text) if p.strip()]
    if not parts or len(parts) > 3:
        return []
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return []
    return parts
