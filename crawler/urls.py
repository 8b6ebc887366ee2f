"""URL hygiene: one canonical URL per article, whatever link or tracker led to it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["strip_tracking", "canonical_article_url", "is_http_url"]

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_", "itm_", "_hs")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "ocid", "cmpid", "ncid", "ref", "ref_src", "ref_url", "smid", "mbid", "_ga", "_gl", "soc_src", "soc_trk",
    "at_medium", "at_campaign", "wt_mc", "cid", "rss", "feature", "share", "s_cid",
})


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def strip_tracking(url: str) -> str:
    """The URL without its fragment and tracking parameters, with the rest of the query kept in order."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    netloc = parts.netloc.lower()
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query, doseq=True), ""))


def canonical_article_url(final_url: str, declared: str | None, owns_host: Callable[[str | None], bool]) -> str:
    """Pick the URL an article is archived under.

    The page's own canonical (``<link rel=canonical>`` or og:url) is trusted only on the outlet's
    domain, since syndicated and misconfigured pages often point elsewhere; otherwise the final URL
    is used. Either way tracking parameters and fragments are removed, and the form is normalised
    (w3lib) so the same article reached two ways gets one row.
    """
    chosen = final_url
    if declared and is_http_url(declared) and owns_host(urlsplit(declared).hostname):
        chosen = declared
    return canonicalize_url(strip_tracking(chosen), keep_fragments=False)
