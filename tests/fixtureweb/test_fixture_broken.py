"""Each broken case behaves as its expected outcome says."""

from __future__ import annotations

import time
from urllib.parse import urljoin

import lxml.html
import pytest

from crawler.fixtureweb import BrokenCase, FixtureWeb

from .conftest import get


def _case(web: FixtureWeb, name: str) -> BrokenCase:
    return next(c for c in web.broken_cases() if c.name == name)


def _follow(web: FixtureWeb, url: str, limit: int = 10) -> tuple[list[str], int]:
    chain = [url]
    for _ in range(limit):
        got = get(web, chain[-1])
        if got.status not in (301, 302, 303, 307, 308):
            return chain, got.status
        chain.append(urljoin(chain[-1], got.headers["location"]))
    return chain, -1


def test_every_case_is_linked_from_the_ledger_front_page(web: FixtureWeb) -> None:
    cases = web.broken_cases()
    assert {c.expected for c in cases} == {"http_404", "http_500", "stored", "redirect_loop", "not_html",
                                           "too_large", "no_article_text", "timeout"}
    front = web.base("ledger") + "/"
    linked = {urljoin(front, h) for h in lxml.html.fromstring(get(web, front).body).xpath("//a/@href")}
    assert {c.url for c in cases} <= linked
    assert not {c.url for c in cases} & web.article_urls()


@pytest.mark.parametrize(("name", "status"), [("not_found", 404), ("server_error", 500)])
def test_error_statuses(web: FixtureWeb, name: str, status: int) -> None:
    assert get(web, _case(web, name).url).status == status


def test_redirect_chain_of_three_hops_ends_at_an_article(web: FixtureWeb) -> None:
    case = _case(web, "redirect_chain")
    chain, status = _follow(web, case.url)
    assert status == 200 and len(chain) == 4 and chain[-1] == case.final_url
    page = get(web, chain[-1]).body.decode()
    assert case.headline in page and case.text_sample.split(". ")[0] in page


def test_redirect_loop_never_ends(web: FixtureWeb) -> None:
    chain, status = _follow(web, _case(web, "redirect_loop").url)
    assert status == -1 and len(set(chain)) == 2


def test_pdf_is_not_html(web: FixtureWeb) -> None:
    got = get(web, _case(web, "pdf").url)
    assert got.status == 200 and got.headers["content-type"] == "application/pdf"
    assert got.body.startswith(b"%PDF-") and got.body.rstrip().endswith(b"%%EOF")


def test_windows_1252_page_without_header_charset(web: FixtureWeb) -> None:
    case = _case(web, "windows_1252")
    got = get(web, case.url)
    assert got.headers["content-type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        got.body.decode("utf-8")
    assert b"charset=windows-1252" in got.body
    text = got.body.decode("cp1252")
    assert case.headline in text and case.text_sample in text and "€" in text and "’" in text


def test_oversized_page(web: FixtureWeb) -> None:
    got = get(web, _case(web, "too_large").url, {"Accept-Encoding": "gzip"})
    assert got.status == 200 and int(got.headers["content-length"]) > 12 * 1024 * 1024
    assert "content-encoding" not in got.headers


def test_gallery_has_no_article_text(web: FixtureWeb) -> None:
    doc = lxml.html.fromstring(get(web, _case(web, "gallery").url).body)
    assert len(doc.xpath('//div[@class="gallery"]//img')) == 12
    main_text = " ".join(p.text_content() for p in doc.xpath('//div[@class="container"]//p'))
    assert len(main_text) < 100


def test_slow_page_waits_before_answering(web: FixtureWeb) -> None:
    url = _case(web, "slow").url
    started = time.monotonic()
    got = get(web, url)
    assert got.status == 200 and time.monotonic() - started >= web.slow_seconds
    with pytest.raises(TimeoutError):
        get(web, url, timeout=0.2)
