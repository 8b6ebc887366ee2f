"""Recognise the debris that is not article prose: datelines, bylines, captions, "Read more" lines.

Extraction already drops most page furniture, but some always slips into the text (CNN's
"(CNN) --" opener, "CNN's X contributed to this report", "Scroll down for video"). Bullets and
explainers must never quote it, and a sentence must not start with a dateline.
"""

from __future__ import annotations

import re

from crawler.extract.casefree import CaseFree

__all__ = ["strip_dateline", "is_debris"]

# "(CNN)", "London (CNN) --", "WASHINGTON (Reuters) -", "Sanaa, Yemen (CNN)", "PARIS — ", "Berlin (dpa) -"
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w.'’ -]{0,40}(?:,\s*[\w.'’ -]{2,30})?\s*)?"
    r"\((?:CNN|AP|AFP|Reuters|dpa|DPA|epd|KNA|ANSA|EFE|Europa Press|Lusa|TASS|UPI|PA|AAP|The [\w ]{2,30}"
    r"|[A-Z][A-Za-z]{1,15})\)\s*(?:--|—|–|-|:)?\s*"
)
_CAPS_DATELINE = re.compile(r"^[A-ZÀ-Þ]{3,}(?:[ ,][A-ZÀ-Þ.]{2,}){0,5}\s*(?:--|—|–|\s-)\s+")
_DATE_OPENER = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}\s*[.:-]\s+")  # "March 10, 2015 . We're..."
_BYLINE = re.compile(r"^(?:By|Von|Par|Por|Di|Door|Av|Af|Przez|От)\s+[A-ZÀ-Þ][\w.'’-]+"
                     r"(?:\s+[A-ZÀ-Þ][\w.'’-]+){0,3}"
                     r"\s*(?:,|\.|\||$)")

# Debris said at the very start of a sentence ("Read more:", "Copyright", a bare number or date)...
_DEBRIS_START = re.compile(
    r"(?ix)"
    r"^(?:read\ more|read|more|related|watch|video|photos?|image|gallery|see\ also|listen|click\ here"
    r"|lesen\ sie\ (?:auch|mehr)|mehr\ zum\ thema|lire\ aussi|à\ lire\ aussi|leia\ (?:também|mais)"
    r"|leggi\ anche|lea\ también|lee\ también|læs\ også|les\ også|läs\ också|lees\ ook|czytaj\ (?:też|także)"
    r"|читайте\ также|читайте\ також|ayrıca\ bakınız|関連記事|相关阅读|관련\ 기사)\b\s*[:!.-]"
    r"|^copyright\b"
    r"|^(?:transcript|roll\ call|social\ media)\s*\.?$|^on\ this\ page"
    r"|^thank\ you\ for\ (?:using|reading|watching)|^please\ note\ that"
    r"|^this\ (?:story|article)\ (?:has\ been|was)\ updated"
    r"|^\W*\d+\.?\W*$"
    r"|^\w+\ \d{1,2},\ \d{4}\W*$|^\d{1,2}\.?\ \w+\ \d{4}\W*$"
)
# ...and anywhere in it (credits, promos, links). Searched at every position of every sentence, so
# kept fast: matched on lower-cased text (see CaseFree), and every alternative opens with a literal
# character. The engine then tries the alternatives only where one of those characters occurs; a
# leading \b or \d would make it try all of them at every position (four times the time here).
def _after_first(first: str, condition: str, rest: str) -> str:
    """The regex ``condition first rest``, written so that it opens with the literal ``first``."""
    return f"{first}(?<={condition}{first}){rest}"


_DEBRIS_ANYWHERE = CaseFree(
    r"scroll\ down\ for|click\ here|contributed\ (?:to\ this|from|reporting)|all\ rights\ reserved"
    r"|©|hide\ caption|follow\ @|sign\ up\ for|subscribe\ to|newsletter|getty\ images|\(photo\b|photo:\ "
    r"|image\ (?:source|copyright)|you\ can\ follow|https?://|@\w+\.\w"
    # \bcaption\b\s*\d, \bfollow (us|him|her) on, \bwww\., \bcnn student news\b and \d+ of \d+ photos:
    + "|" + _after_first("c", r"\b", r"aption\b\s*\d") + "|" + _after_first("f", r"\b", r"ollow\ (?:us|him|her)\ on")
    + "|" + _after_first("w", r"\b", r"ww\.") + "|" + _after_first("c", r"\b", r"nn\ student\ news\b")
    + "|" + _after_first("o", r"\d\ ", r"f\ \d+\ photos"),
    re.X,
)


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading dateline, agency tag, date stamp or "By ..." byline."""
    for pattern in (_DATELINE, _CAPS_DATELINE, _DATE_OPENER):
        stripped = pattern.sub("", sentence, count=1)
        if stripped != sentence and len(stripped) >= 10:
            return stripped.lstrip(" -—–:")
    return sentence


def is_debris(sentence: str) -> bool:
    """Whether a sentence is page furniture (caption, credit, promo, byline) rather than reporting."""
    text = sentence.strip()
    if not text or _BYLINE.match(text) and len(text.split()) <= 8:
        return True
    return bool(_DEBRIS_START.match(text)) or _DEBRIS_ANYWHERE.found(text)
