"""parse_page's C-side class lookup gives every element the class lxml.html's own parser gives."""

from __future__ import annotations

from copy import copy

import lxml.html

from crawler.extract.page import parse_page

HTML = (
    "<html lang='en'><head><title>T</title></head><body><form><label>L</label><input name='a'>"
    "<select><option>o</option></select><textarea>t</textarea></form><p>Text <b>bold</b></p></body></html>"
)


def test_element_classes_match_lxml_html() -> None:
    ours = parse_page(HTML, "https://example.com/a").tree
    theirs = lxml.html.document_fromstring(HTML)
    expected = [(el.tag, type(el)) for el in theirs.iter()]
    assert [(el.tag, type(el)) for el in ours.iter()] == expected
    assert [(el.tag, type(el)) for el in copy(ours).iter()] == expected  # trafilatura works on copies
