"""Outlets whose article headline is their JSON-LD ``headline``, not the og:title that wins generically.

Generically og:title is the best single headline signal (it is right on most pages of most
outlets). Some outlets put a different, social-media headline into og:title and keep the
article's own headline only in the JSON-LD ``NewsArticle.headline`` (often also the visible h1).
That choice is the outlet's editorial convention and cannot be read off one page, so it lives
here as data: one line per outlet, with the reason observed on its pages.
"""

from __future__ import annotations

from datetime import date

from crawler.extract.rules.base import OutletRule

__all__ = ["JsonLdHeadline", "HEADLINE_RULES"]


class JsonLdHeadline(OutletRule):
    """The outlet's headline is its JSON-LD ``headline``.

    Failure fixed: og:title carries a separate social/teaser headline (different wording, a
    dropped kicker, or a shortened form), so the generic og:title-first choice returns a headline
    the article page does not use.
    """

    headline_signal = "jsonld"

    def __init__(self, name: str, host: str, reason: str, valid_until: date | None = None) -> None:
        self.name = name
        self.hosts = frozenset({host})
        self.reason = reason
        self.valid_until = valid_until


_TEASER = "og:title is a rewritten social headline"

#: (rule name, host, what og:title holds instead of the article headline)
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("HamburgerAbendblatt.Headline", "abendblatt.de", _TEASER),
    ("BerlinerMorgenpost.Headline", "morgenpost.de", _TEASER),
    ("Focus.Headline", "focus.de", _TEASER),
    ("MitteldeutscheZeitung.Headline", "mz.de", "og:title drops the kicker the headline starts with"),
    ("NDR.Headline", "ndr.de", _TEASER),
    ("TOnline.Headline", "t-online.de", _TEASER),
    ("Corriere.Headline", "corriere.it", "og:title is a shortened rewrite of the headline"),
    ("HankookIlbo.Headline", "hankookilbo.com", "og:title adds quotation marks and the outlet suffix"),
    ("Rzeczpospolita.Headline", "rp.pl", _TEASER),
    ("TheSun.Headline", "thesun.co.uk", "og:title is a shortened form of the headline"),
    ("Wired.Headline", "wired.com", _TEASER),
    ("DailyMaverick.Headline", "dailymaverick.co.za", "og:title is a shortened rewrite of the headline"),
)

HEADLINE_RULES: tuple[OutletRule, ...] = tuple(JsonLdHeadline(*row) for row in _TABLE)
