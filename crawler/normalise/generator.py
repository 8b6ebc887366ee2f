"""The generator seam: what any writer of the derived fields (extractive or a model) takes and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from archive.story import FieldProvenance

__all__ = ["Article", "Derivation", "Generator"]


@dataclass(frozen=True, slots=True)
class Article:
    """The article text a generator may use, and nothing else: derived fields must be faithful to it.

    ``key_points`` are the source's own bullets when the page had them; a generator does not
    replace them, but must not repeat them in the explainers either.
    """

    headline: str
    body: tuple[str, ...]
    language: str | None = None
    key_points: tuple[str, ...] = ()


@dataclass(slots=True)
class Derivation:
    """The four derived fields plus, for each, how it was made."""

    summary: str = ""
    bullets: list[str] = field(default_factory=list)
    why_this_matters: str = ""
    what_this_means_for_you: str = ""
    provenance: dict[str, FieldProvenance] = field(default_factory=dict)


@runtime_checkable
class Generator(Protocol):
    """Writes the derived fields of one article. Must not raise for odd input (empty body...)."""

    name: str
    version: str

    def generate(self, article: Article) -> Derivation:
        """The derived fields for ``article``, each with its provenance."""
        ...
