"""Tell an app shell (content filled in by script) from a page that carries its own text.

No Scrapy here: extraction workers call it on pages that gave no article.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree, html

__all__ = ["looks_like_shell"]

_LOADING = re.compile(r"\b(loading|chargement|wird geladen|cargando|caricamento)\b|…|\.\.\.$", re.IGNORECASE)
_APP_ROOT_IDS = ("app", "root", "__next", "__nuxt", "svelte", "main-app", "react-root", "ember-app")
_MIN_TEXT_WORDS = 80



def _visible_words(doc: Any) -> int:
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return len(" ".join(doc.text_content().split()).split())


def looks_like_shell(body: bytes) -> bool:
    """Whether a page is an app shell whose content a script fills in.

    Signs: an empty (or placeholder-only) app root, a "Loading…" placeholder, or a body that is
    mostly scripts; always with little visible text, so an article that merely uses a framework
    is not rendered for nothing.
    """
    try:
        doc = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return False
    scripts = doc.xpath("//script")
    script_chars = sum(len(s.text or "") for s in scripts)
    roots = [el for el in doc.xpath("//*[@id]") if el.get("id", "").lower() in _APP_ROOT_IDS]
    words_in_roots = [len(" ".join(r.text_content().split()).split()) for r in roots]
    placeholder = bool(_LOADING.search(" ".join(doc.xpath("//body//text()[not(ancestor::script)]"))[:2000]))
    words = _visible_words(doc)
    if words >= _MIN_TEXT_WORDS:
        return False
    empty_root = any(n <= 8 for n in words_in_roots)
    mostly_scripts = bool(scripts) and script_chars > 3 * max(1, len(" ".join(doc.text_content().split())))
    return empty_root or placeholder or mostly_scripts
