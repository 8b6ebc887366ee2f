"""What one outlet repeats on every page, learnt from several of its pages.

An ``OutletProfile`` is optional, plain data and built explicitly from pages the caller already
has; ``extract(page, url, profile=...)`` stays a pure function of its inputs. Without a profile
extraction still works, only without the cross-page boilerplate removal and title-suffix hints.

Learning: a paragraph text that occurs on at least ``min_pages`` distinct pages of the outlet (and
on a large enough share of them) is chrome: a newsletter prompt, a "Read more" link, a logo caption,
a standard disclaimer. Title segments that end (or start) most of the outlet's ``<title>``s are the
outlet's title decoration.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from crawler.extract.headline import normal_key

__all__ = ["OutletProfile", "ProfileBuilder", "paragraph_key"]

_DIGITS = re.compile(r"\d+")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·•»:]\s+|\s*\|\s*")


def paragraph_key(text: str) -> str:
    """A key under which repeated chrome matches even when counts or dates in it change."""
    return normal_key(_DIGITS.sub("0", text))[:200]


@dataclass(slots=True)
class OutletProfile:
    """Boilerplate paragraph keys and title decorations of one outlet (JSON-serialisable)."""

    outlet: str = ""
    pages_seen: int = 0
    boilerplate: frozenset[str] = field(default_factory=frozenset)
    title_affixes: frozenset[str] = field(default_factory=frozenset)

    def is_boilerplate(self, paragraph: str) -> bool:
        """Whether the paragraph is one the outlet repeats across its pages."""
        return paragraph_key(paragraph) in self.boilerplate

    def to_json(self) -> str:
        """Serialise (the crawler may store a profile per outlet and reload it)."""
        return json.dumps(
            {
                "outlet": self.outlet,
                "pages_seen": self.pages_seen,
                "boilerplate": sorted(self.boilerplate),
                "title_affixes": sorted(self.title_affixes),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> OutletProfile:
        """Inverse of :meth:`to_json`."""
        data = json.loads(text)
        return cls(
            outlet=data.get("outlet", ""),
            pages_seen=int(data.get("pages_seen", 0)),
            boilerplate=frozenset(data.get("boilerplate", [])),
            title_affixes=frozenset(data.get("title_affixes", [])),
        )


@dataclass
class ProfileBuilder:
    """Accumulates pages of one outlet, then builds an :class:`OutletProfile`.

    Feed it the *raw* paragraph lists of each page (``extract(...).body`` with no profile, or the
    paragraphs from :func:`crawler.extract.candidate_paragraphs`) and the raw ``<title>`` texts.
    """

    outlet: str = ""
    min_pages: int = 2
    min_share: float = 0.3
    _para_pages: Counter[str] = field(default_factory=Counter)
    _titles: Counter[str] = field(default_factory=Counter)
    _pages: int = 0

    def add_page(self, paragraphs: Iterable[str], title: str | None = None) -> None:
        """Count one page's distinct paragraphs and its title's first/last segments."""
        self._pages += 1
        self._para_pages.update({paragraph_key(p) for p in paragraphs if paragraph_key(p)})
        if title:
            parts = [p for p in _TITLE_SPLIT.split(title) if p.strip()]
            if len(parts) > 1:
                self._titles.update({normal_key(parts[0]), normal_key(parts[-1])})

    def build(self) -> OutletProfile:
        """The profile; empty sets until at least ``min_pages`` pages were added."""
        need = max(self.min_pages, int(self._pages * self.min_share + 0.999))
        if self._pages < self.min_pages:
            return OutletProfile(outlet=self.outlet, pages_seen=self._pages)
        chrome = frozenset(k for k, n in self._para_pages.items() if n >= need)
        affixes = frozenset(k for k, n in self._titles.items() if k and n >= need)
        return OutletProfile(self.outlet, self._pages, chrome, affixes)
