"""Snippets: the densest window of query words, marked; accents and prefixes; no hit, no marks."""

from __future__ import annotations

from archive.search import HIGHLIGHT
from archive.search_query import parse, terms_of
from archive.snippets import make_snippet

BODY = ("The council met on Monday. " * 20) + "Flood defences along the river were approved after a long flood " \
       "debate. " + ("Residents were relieved. " * 20)


def _snippet(query: str, *texts: str) -> str:
    return make_snippet(list(texts), terms_of(parse(query)), ("[", "]"))


def test_window_around_the_densest_hits() -> None:
    snippet = _snippet("flood defences", BODY)
    assert "[Flood] [defences]" in snippet and "[flood]" in snippet
    assert snippet.startswith("\u2026") and snippet.endswith("\u2026") and len(snippet) < 260


def test_prefix_phrase_and_accents() -> None:
    assert "[defences]" in _snippet("defen*", BODY)
    assert "[Flood] [defences]" in _snippet('"flood defences"', BODY)
    assert "[rivière]" in _snippet("riviere", "La crue de la rivière a surpris les habitants.")
    assert "[council]" not in _snippet("flood -council", BODY)  # exclusions are not highlighted


def test_falls_back_to_later_texts_then_plain_start() -> None:
    assert _snippet("kingsbridge", "no match here", "", "Kingsbridge dockers strike") == "[Kingsbridge] dockers strike"
    assert _snippet("absent", "Plain text without the word.") == "Plain text without the word."
    assert HIGHLIGHT == ("\u27e6", "\u27e7")
