"""Page chrome that generic extraction lets into the body, and how to recognise it on one page.

Two kinds of evidence, both generic (no outlet rules):

* where a text sits: image captions and credits, embedded social posts, link-wrapped teaser
  blocks, related/recommended boxes, and other ``<article>`` elements of an infinite-scroll page
  (when the headline sits in its own ``<article>``). A body paragraph whose text is found only in
  such places is dropped.
* what a text says: "Read more"-style cross-links in many languages, and short UI labels
  ("Advertisement", "Share", "Link to YouTube content").
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from crawler.extract.headline import normal_key

__all__ = ["chrome_paragraphs", "cut_related_tail", "is_chrome_text", "paragraph_key"]

_CHROME_CLASS = re.compile(
    r"caption|credit|copyright|bildunterschrift|bildtext|image-?text|photo-?text|img-?text|"
    r"related|recommend|read-?more|readmore|more-?articles|more-?stories|also-?read|outbrain|taboola|"
    r"newsletter|twitter-tweet|instagram-media|tiktok-embed|social-?embed",
    re.I,
)
_MAX_DROP_SHARE = 0.3
_MAX_STRONG_SHARE = 0.8
_STRONG_CLASSES = {
    "caption",
    "credit",
    "copyright",
    "bildunterschrift",
    "bildtext",
    "twitter-tweet",
    "instagram-media",
    "tiktok-embed",
}
_CHROME_TAGS = {"figcaption", "aside", "nav", "footer"}
_BLOCKS = ("p", "div", "li", "span", "figcaption", "h2", "h3", "h4", "blockquote", "td")
_READ_ALSO = re.compile(
    r"^(?:read (?:more|also)|also read|see also|more on this|related|les også|les mer|se også|läs (?:också|mer)|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch interessieren|"
    r"czytaj (?:też|także|więcej)|zobacz też|leia também|lee también|leggi anche|lire aussi|à lire aussi|"
    r"baca juga|devamını oku|ilgili haber|ayrıca okuyun|lees ook|læs også|katso myös|funda futhi|"
    r"funda olunye udaba lapha)\b\s*[:：|-]?|^[A-ZÄÖÜ][A-ZÄÖÜ ]{6,40}\s*\|\s*\S|^(?:>>|→)\s*\S",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^(?:image|images|photo|photos|picture|pictures|foto|fotos|bild|bilder|credit|credits|grafik|video)"
    r"\s*(?:credit)?\s*:\s*\S",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(?:\w+,?\s+)?\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*uhr)?)?$", re.I
)
_UI_LABELS = {
    normal_key(x)
    for x in (
        "Advertisement",
        "Anzeige",
        "Werbung",
        "Reklame",
        "Annonse",
        "Annons",
        "Publicité",
        "Publicidad",
        "Pubblicità",
        "Reklama",
        "Read more",
        "Czytaj więcej",
        "Weiterlesen",
        "Mehr lesen",
        "Lire la suite",
        "Share",
        "Teilen",
        "Del",
        "Dela",
        "Partager",
        "Compartir",
        "Condividi",
        "Udostępnij",
        "Link zum YouTube-Inhalt",
        "Link to YouTube content",
        "Quellen:",
        "Sources:",
        "Kilde:",
        "Close",
        "Schließen",
        "Loading",
        "Loading...",
        "Advertisement embed-more-topicStory continues below",
        "Story continues below advertisement",
        "Artikel anhören",
        "Listen to this article",
        "Zum Angebot",
        "Mehr anzeigen",
        "Show more",
        "Bitte markieren Sie die entsprechenden Wörter im Text.",
        "Embed",
        "Teaser",
    )
}


_TAIL_MARKERS = {
    normal_key(x)
    for x in (
        "Ähnliche",
        "Ähnliche Artikel",
        "Mehr zum Thema",
        "Weitere Artikel",
        "Das könnte Sie auch interessieren",
        "Related",
        "Related articles",
        "Related stories",
        "Related content",
        "More from",
        "More stories",
        "You may also like",
        "Recommended",
        "Recommended for you",
        "Most read",
        "Most popular",
        "Meistgelesen",
        "Mest lest",
        "Mest läst",
        "Relaterte saker",
        "Relaterade artiklar",
        "Les også",
        "Läs också",
        "Leia também",
        "Lea también",
        "Potrebbe interessarti",
        "Czytaj także",
        "Zobacz też",
        "İlgili haberler",
        "Baca juga",
        "Lire aussi",
        "Sur le même sujet",
        "À lire aussi",
        "Trending",
        "Top stories",
    )
}


def cut_related_tail(paragraphs: list[str]) -> list[str]:
    """Paragraphs up to a "Related:"-style heading in the second half of the body (teasers follow it)."""
    half = len(paragraphs) // 2
    for i, text in enumerate(paragraphs):
        if i >= max(half, 2) and len(text) <= 40 and normal_key(text) in _TAIL_MARKERS:
            return paragraphs[:i]
    return paragraphs


def paragraph_key(text: str) -> str:
    """Comparison key for one paragraph (letters and digits, first 200 of them)."""
    return normal_key(text)[:200]


def is_chrome_text(text: str) -> bool:
    """Whether a paragraph is a cross-link ("Read more: ..."), a photo credit, a bare date line
    or a UI label."""
    if len(text) <= 100 and _CREDIT_LINE.match(text):
        return True
    if len(text) <= 40 and _DATE_LINE.match(text):
        return True
    return bool(_READ_ALSO.match(text)) or normal_key(text) in _UI_LABELS


@lru_cache(maxsize=4096)
def _class_kind(classes: str) -> str | None:
    """What a class attribute says: "strong", "weak" or None (pages repeat a few class strings)."""
    match = _CHROME_CLASS.search(classes)
    if match:
        return "strong" if match.group(0).lower() in _STRONG_CLASSES else "weak"
    return None


def _chrome_kind(node: HtmlElement, main_article: HtmlElement | None) -> str | None:
    """ "strong" (caption, link-wrapped teaser, another article), "weak" (aside, related box) or None."""
    for anc in [node, *node.iterancestors()]:
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in {"body", "html", "main"}:
            return None
        if (tag == "a" and anc is not node) or tag == "figcaption":
            return "strong"
        if tag == "article" and main_article is not None and anc is not main_article:
            if main_article not in anc.iterancestors() and anc not in main_article.iterancestors():
                return "strong"
        if tag in _CHROME_TAGS:
            return "weak"
        classes = anc.get("class")
        kind = _class_kind(classes) if classes else None
        if kind:
            return kind
    return None


def _has_own_text(node: HtmlElement) -> bool:
    text = node.text
    if text and text.strip():
        return True
    for child in node:  # a loop, not any() over a generator: this runs for every block of the page
        tail = child.tail
        if tail and tail.strip():
            return True
    return False


def _share(body: list[tuple[str, str]], keys: set[str]) -> float:
    """Share of the body's characters in paragraphs whose key is in ``keys`` (body: text, key pairs)."""
    return sum(len(p) for p, key in body if key in keys) / max(1, sum(len(p) for p, _ in body))


def chrome_paragraphs(tree: HtmlElement, headline_node: HtmlElement | None, body: list[str]) -> set[str]:
    """Keys of body paragraphs that the page shows only in chrome places (captions, teasers...)."""
    keyed = [(p, paragraph_key(p)) for p in body]
    wanted = {key for _, key in keyed}
    main_article = None
    if headline_node is not None:
        main_article = next((a for a in headline_node.iterancestors("article")), None)
    found: dict[str, set[str]] = {"strong": set(), "weak": set(), "content": set()}
    for node in tree.iter(*_BLOCKS):
        if not _has_own_text(node):
            continue
        key = paragraph_key(node.text_content())  # keys ignore spacing, so the fast text is enough
        if key in wanted:
            found[_chrome_kind(node, main_article) or "content"].add(key)
    strong = found["strong"] - found["content"]
    weak = found["weak"] - found["content"] - strong
    # Chrome is the minority of what the extractor kept; when a weak hint (an <aside>, a
    # "related" class) would take much of the body, the markup misled us: keep the text.
    dropped = strong if _share(keyed, strong) <= _MAX_STRONG_SHARE else set()
    if _share(keyed, weak) <= _MAX_DROP_SHARE:
        dropped |= weak
    return dropped
