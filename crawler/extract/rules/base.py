"""The shape of one dated per-outlet rule and how the applicable one is found."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

from crawler.extract.page import Page

__all__ = ["OutletRule", "rule_for"]


class OutletRule:
    """Overrides for one outlet layout. Subclasses set ``hosts``, ``valid_until`` and a reason.

    ``valid_until`` is the first day the layout no longer applies (None: still current).
    ``headline_signal`` names the page signal (``jsonld``, ``h1``...) that carries the outlet's
    article headline when another one (usually og:title, a social teaser) would win generically.
    """

    name: str = ""
    hosts: frozenset[str] = frozenset()
    valid_from: date | None = None
    valid_until: date | None = None
    reason: str = ""
    headline_signal: str | None = None

    def applies(self, url: str, published: datetime | None) -> bool:
        """Whether this version covers a page of ``url`` published at ``published``."""
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if host not in self.hosts:
            return False
        day = published.date() if published else None
        if day is None:
            return self.valid_until is None  # undated pages get the current layout only
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day < self.valid_until
        )

    def authors(self, page: Page) -> list[str] | None:
        """Credited names, or None to keep the generic result."""
        return None

    def headline(self, page: Page) -> str | None:
        """The headline, or None to keep the generic result."""
        return None


def rule_for(url: str, published: datetime | None, rules: Sequence[OutletRule]) -> OutletRule | None:
    """The rule version covering this page, if any."""
    return next((rule for rule in rules if rule.applies(url, published)), None)
