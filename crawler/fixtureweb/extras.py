"""Outlets outside the demo set: JS-only apps (pulse, pulsar), a portal with its own editorial
fields (brief), three papers sharing wire copy (wire-a/b/c) and one full of hostile markup (xss) and
one of pages built to break a crawler (hostile)."""

from __future__ import annotations

from collections.abc import Callable

from . import portal
from .demo import DemoOutlet
from .hostile import HostileOutlet
from .model import OutletSpec
from .sitebase import SiteOutlet
from .syndication import syndicated_for
from .xss import XssOutlet

__all__ = ["extra_outlets", "EXTRA_SPECS"]

_ROBOTS = "User-agent: *\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"


def _spec(key: str, name: str, short: str, theme: str, locale: str, suffix: str, **kw: object) -> OutletSpec:
    fields: dict[str, object] = dict(
        key=key, name=name, short_name=short, language="en", html_lang="en-GB", country="GB", theme=theme,
        locale=locale, sections=(("/latest/", "News"), ("/business/", "Business"), ("/sport/", "Sport")),
        feeds=("/rss.xml",), sitemaps=("/sitemap.xml",), robots=_ROBOTS, disallowed_link="",
        title_suffix=suffix)
    fields.update(kw)
    return OutletSpec(**fields)  # type: ignore[arg-type]


EXTRA_SPECS = {
    s.key: s for s in (
        _spec("pulse", "Pulse", "Pulse", "spa", "national", " | Pulse", render="browser",
              strapline="Kingsbridge"),
        _spec("pulsar", "Pulsar Live", "Pulsar", "spa", "harbour", " · Pulsar Live", strapline="Port Elver"),
        _spec("brief", "The Brief", "The Brief", "portal", "national", " | The Brief",
              strapline="Kingsbridge"),
        _spec("wire-a", "Bayside Gazette", "The Gazette", "herald", "harbour", " | Bayside Gazette",
              strapline="the bay and the estuary"),
        _spec("wire-b", "Prairie Post", "The Post", "ledger", "midland", " - Prairie Post",
              html_lang="en-US", country="US", feeds=("/atom.xml",), strapline="Tallow County"),
        _spec("wire-c", "Dales Chronicle", "The Chronicle", "courier", "northern", " – Dales Chronicle",
              feeds=("/feed/",), strapline="the dales"),
    )
}


def extra_outlets(seed: int, base: Callable[[str], str]) -> list[SiteOutlet]:
    """The extra outlets, each built with its own base URL."""
    out: list[SiteOutlet] = []
    for key, spec in EXTRA_SPECS.items():
        enrich = portal.enrich if key == "brief" else None
        out.append(DemoOutlet(spec, seed, base(key), syndicated=syndicated_for(key), enrich=enrich))
    out.append(XssOutlet(base("xss")))
    out.append(HostileOutlet(base("hostile")))
    return out
