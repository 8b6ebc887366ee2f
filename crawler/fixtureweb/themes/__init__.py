"""One module per outlet look; each gives paths, a MetaStyle and article/listing/plain renderers."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..metadata import MetaStyle
from ..pages import ArticlePage, ListingPage, PlainPage
from . import courier, herald, ledger, portal, spa

__all__ = ["THEMES", "Theme"]


class Theme(Protocol):
    """What a theme module provides (modules satisfy this protocol structurally)."""

    STYLE: MetaStyle
    BODY_XPATH: str  # the article's body paragraphs, for tests
    HEADLINE_XPATH: str

    def paths(self, section: str, published: datetime, slug: str, digest: str) -> tuple[str, str]: ...
    def article(self, page: ArticlePage) -> str: ...
    def listing(self, page: ListingPage) -> str: ...
    def plain(self, page: PlainPage) -> str: ...


THEMES: dict[str, Theme] = {
    "herald": herald, "ledger": ledger, "courier": courier, "spa": spa, "portal": portal,
}
