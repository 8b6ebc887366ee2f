"""The byline readers select exactly what the XPath definitions they replace selected.

``_marked`` and ``_labelled_texts`` test in Python what were two slow XPath expressions (a
``translate()`` of every class, nineteen ``normalize-space()`` calls per text node); the
expressions are kept here as the reference.
"""

from __future__ import annotations

import json

from lxml import etree

from crawler.extract.byline import _LABELS, _labelled_texts, _marked
from crawler.extract.decode import to_text
from crawler.extract.page import parse_page
from crawler.fixtureweb.corpus import find_corpus

_LABEL_TEST = " or ".join(f"starts-with(normalize-space(), '{label}')" for label in _LABELS)
REFERENCE_LABELLED = etree.XPath(f"//article//text()[{_LABEL_TEST}] | //main//text()[{_LABEL_TEST}]")
REFERENCE_MARKED = etree.XPath(
    "//*[@rel='author' and not(self::link)]"
    " | //*[contains(translate(@class, 'AUTHORBYLINE', 'authorbyline'), 'author')"
    " or contains(translate(@class, 'AUTHORBYLINE', 'authorbyline'), 'byline')"
    " or contains(@data-testid, 'author') or contains(@data-testid, 'byline')]"
)

TRICKY = """<html><head><link rel="author" href="/me"></head><body>
<main><p class="Article-AUTHOR">Jane</p><span class="ByLine x">by</span><div rel="author">Rel</div>
<div data-testid="story-byline">T</div><div data-testid="AUTHOR">upper testid is not a match</div>
<p class="AUTHORİTY">dotted capital I</p><p class="KELVIN">no</p>
<p>  By\tJane\n  Doe</p><p>By</p><p>\u00a0By Jane</p><p>Written   by someone</p><b>Von</b> Max</main>
<article><p>Autorin: Eva</p><p>Text:  Tom</p></article><aside><p>BY THE WAY</p></aside></body></html>"""


def _tricky() -> etree._Element:
    return parse_page(TRICKY, "https://example.org/a").tree


def _corpus_trees(limit: int = 60) -> list[etree._Element]:
    folder = find_corpus()
    trees = []
    for gold in sorted(folder.glob("*.json"))[:limit] if folder else []:
        url = json.loads(gold.read_text(encoding="utf-8"))["url"]
        trees.append(parse_page(to_text(gold.with_suffix(".html").read_bytes()), url).tree)
    return trees


def test_python_selection_matches_the_xpath_reference() -> None:
    for tree in [_tricky(), *_corpus_trees()]:
        assert _marked(tree) == REFERENCE_MARKED(tree)
        ours, reference = _labelled_texts(tree), REFERENCE_LABELLED(tree)
        assert [(str(t), t.getparent()) for t in ours] == [(str(t), t.getparent()) for t in reference]


def test_the_tricky_page_exercises_both_readers() -> None:
    tree = _tricky()
    assert [n.text for n in _marked(tree)] == ["Jane", "by", "Rel", "T", "dotted capital I"]
    # "By" and "Von" alone, "\u00a0By" (not XML whitespace) and the <aside> outside main do not count
    assert [str(t).strip() for t in _labelled_texts(tree)] == [
        "By\tJane\n  Doe", "Written   by someone", "Autorin: Eva", "Text:  Tom"]
