"""The awkward URLs one demo outlet links from its front page, and what a crawler should make of each."""

from __future__ import annotations

import random
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from .binary import pdf
from .metadata import jsonld_script
from .model import BrokenCase, Response, Route
from .pages import esc
from .sitebase import html_response, redirect
from .topics import GENERIC

if TYPE_CHECKING:
    from .demo import DemoOutlet

__all__ = ["BrokenSet", "HIDDEN", "LARGE_BYTES"]

#: Articles of the hosting outlet that are never listed: the redirect chain's target and the slow page.
HIDDEN = ("relocated", "slow")
LARGE_BYTES = 12 * 1024 * 1024

_P404 = "/articles/local/school-board-recap-what-was-decided-4f1a2b"
_P500 = "/articles/business/quarterly-jobs-report-brennan-city-9c8d7e"
_HOPS = ("/go/transit-plan", "/r/transit-plan", "/articles/local/transit-plan")
_LOOP = ("/moved/parking-fees", "/moved/parking-fees/")
_PDF = "/documents/budget-2027-summary"
_CP1252 = "/articles/archive/from-the-archive-cafe-rose-turns-25-1998"
_LARGE = "/articles/live/election-night-live-coverage"
_GALLERY = "/galleries/harvest-festival-in-pictures"

CP1252_HEADLINE = "From the archive: Café Rosé’s owner looks back on 25 years"
CP1252_SAMPLE = "the €2.50 espresso would stay on the menu"
_CP1252_PARAS = (
    "When Amélie Durand opened Café Rosé on Canal Street in 1973, the block was lined with "
    "shuttered warehouses and a single bus stop.",
    "Twenty-five years later the café’s “naïve” hand-painted sign is a local landmark, and "
    "Durand says the €2.50 espresso would stay on the menu for as long as she runs the place.",
    "“People told me a French café would never survive in Brennan City,” she said. “They were wrong "
    "— mostly.”",
    "The café survived the 1981 flood, two recessions and a fire in the kitchen that closed it for "
    "three months in 1990.",
    "Regulars describe the crème brûlée as the best in Tallow County; Durand credits her mother’s recipe "
    "and a stubborn refusal to change it.",
    "The city council named the corner “Place Rosé” in a ceremony last spring, a gesture Durand called "
    "“très gentil, and long overdue”.",
)


class BrokenSet:
    """Routes, front-page links and expected outcomes of the broken cases."""

    def __init__(self, outlet: DemoOutlet) -> None:
        self.outlet = outlet

    def _hidden_path(self, name: str) -> str:
        return self.outlet.timeline.drafts[f"{self.outlet.key}-{name}"].path

    def cases(self) -> list[BrokenCase]:
        b = self.outlet.base
        relocated = b + self._hidden_path("relocated")
        state = self.outlet.timeline.state(1)[f"{self.outlet.key}-relocated"]
        return [
            BrokenCase(b + _P404, "http_404", "not_found"),
            BrokenCase(b + _P500, "http_500", "server_error"),
            BrokenCase(b + _HOPS[0], "stored", "redirect_chain", final_url=relocated, headline=state.headline,
                       text_sample=state.paragraphs[0]),
            BrokenCase(b + _LOOP[0], "redirect_loop", "redirect_loop"),
            BrokenCase(b + _PDF, "not_html", "pdf"),
            BrokenCase(b + _CP1252, "stored", "windows_1252", final_url=b + _CP1252, headline=CP1252_HEADLINE,
                       text_sample=CP1252_SAMPLE),
            BrokenCase(b + _LARGE, "too_large", "too_large"),
            BrokenCase(b + _GALLERY, "no_article_text", "gallery"),
            BrokenCase(b + self._hidden_path("slow"), "timeout", "slow"),
        ]

    def links(self) -> tuple[tuple[str, str], ...]:
        slow = self.outlet.timeline.state(1)[f"{self.outlet.key}-slow"].headline
        return (
            (_P404, "School board recap: what was decided on Tuesday"),
            (_P500, "Quarterly jobs report: Brennan City adds 1,200 positions"),
            (_HOPS[0], "Transit plan approved: what changes for riders"),
            (_LOOP[0], "Parking fees to double downtown"),
            (_PDF, "Read the full 2027 budget summary"),
            (_CP1252, "From the archive: Café Rosé turns 25"),
            (_LARGE, "Election night: live coverage"),
            (_GALLERY, "In pictures: Harvest festival on Main Street"),
            (self._hidden_path("slow"), slow),
        )

    def routes(self, edition: int) -> dict[str, Route]:
        o = self.outlet
        slow_path = self._hidden_path("slow")
        slow_page = o.article_html(f"{o.key}-slow", edition)
        return {
            _P404: html_response(o.plain_html("Page not found", "We can't find that page",
                                              ("It may have been moved or deleted.",), edition), 404),
            _P500: Response(500, b"<html><body><h1>500 Internal Server Error</h1>"
                                 b"<p>upstream timed out</p></body></html>", "text/html"),
            _HOPS[0]: redirect(o.base + _HOPS[1], 301),
            _HOPS[1]: redirect(_HOPS[2], 302),
            _HOPS[2]: redirect(o.base + self._hidden_path("relocated"), 308),
            _LOOP[0]: redirect(o.base + _LOOP[1], 301),
            _LOOP[1]: redirect(o.base + _LOOP[0], 301),
            _PDF: Response(200, pdf(), "application/pdf",
                           (("Content-Disposition", 'inline; filename="budget-2027-summary.pdf"'),)),
            _CP1252: Response(200, self.cp1252_page.encode("cp1252"), "text/html"),
            _LARGE: lambda: _large_page(o.seed),
            _GALLERY: html_response(self.gallery_page(edition)),
            slow_path: Response(200, slow_page.encode("utf-8"), delay=o.slow_seconds),
        }

    @cached_property
    def cp1252_page(self) -> str:
        """A page from an old CMS: windows-1252 bytes, declared only in a meta tag."""
        body = "\n".join(f"<p>{esc(p)}</p>" for p in _CP1252_PARAS)
        return (
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\n'
            f"<title>{esc(CP1252_HEADLINE)} - Midland Ledger</title>\n"
            f'<meta name="author" content="Ledger Staff">\n</head>\n<body bgcolor="#ffffff">\n'
            '<table width="760"><tr><td class="nav"><a href="/">Home</a> | '
            '<a href="/local/">Local</a></td></tr>\n'
            f'<tr><td class="story"><h1>{esc(CP1252_HEADLINE)}</h1>\n'
            '<p class="byline">By Ledger Staff · Sept. 14, 1998</p>\n'
            f"{body}\n</td></tr>\n<tr><td><small>© 1998 Midland Ledger</small></td></tr></table>\n"
            "</body>\n</html>\n"
        )

    def gallery_page(self, edition: int) -> str:
        """A photo gallery: pictures and counters, no article text."""
        figures = "\n".join(
            f'<figure class="slide"><img src="/img/galleries/harvest-{i:02d}.png" alt="" '
            f'data-caption="Harvest festival, photo {i}"><figcaption>{i} / 12</figcaption></figure>'
            for i in range(1, 13))
        ld = jsonld_script({"@context": "https://schema.org", "@type": "ImageGallery",
                            "name": "In pictures: Harvest festival on Main Street"})
        return self.outlet.plain_html("In pictures: Harvest festival on Main Street",
                                      "In pictures: Harvest festival", (), edition,
                                      extra_html=f'{ld}<div class="gallery">{figures}</div>')


@lru_cache(maxsize=4)
def _large_page(seed: int) -> Response:
    """A live blog grown past every sane size limit (over 12 MB of HTML).

    Built once per seed and process, and quickly: a page slower to build than the crawler's
    download timeout would turn "too large" into a timeout on a loaded machine."""
    rng = random.Random(f"{seed}:large")
    texts = [esc(text.format(outlet="The Ledger", org="the clerk", city="Brennan City")) for text in GENERIC]
    head = ("<!DOCTYPE html>\n<html lang=\"en-US\"><head><meta charset=\"utf-8\">"
            "<title>Election night: live coverage - Midland Ledger</title></head><body>"
            '<h1 itemprop="headline">Election night: live coverage</h1><section class="article-body">\n')
    count = LARGE_BYTES // (60 + min(len(t) for t in texts)) + 1  # every entry is longer: >= 12 MB
    entries = [f'<div class="live-entry" id="entry-{i}"><time>{(20 + i // 60) % 24:02d}:{i % 60:02d}'
               f"</time><p>{text} Update {i}.</p></div>\n" for i, text in enumerate(rng.choices(texts, k=count))]
    html = head + "".join(entries) + "</section></body></html>\n"
    return Response(200, html.encode("utf-8"), "text/html; charset=utf-8",
                    compressible=False)
