"""Decoding bytes and refusing non-pages."""

from __future__ import annotations

import codecs

import pytest

from crawler.extract import ExtractionError, extract
from crawler.extract.decode import to_text

from .conftest import page

ACCENTED = "Café “crème” à la carte – naïve Œuvre"


def _html(meta: str = "") -> str:
    return page(head=meta, title=ACCENTED)


def test_windows_1252_without_any_declaration_decodes_right() -> None:
    data = _html().replace('<meta charset="utf-8">', "").encode("cp1252")
    assert ACCENTED in to_text(data)


def test_http_charset_wins_over_detection() -> None:
    data = _html().replace('<meta charset="utf-8">', "").encode("iso-8859-15", errors="replace")
    assert "Café" in to_text(data, "text/html; charset=ISO-8859-15")


def test_latin1_label_is_read_as_windows_1252() -> None:
    data = _html().replace('<meta charset="utf-8">', "").encode("cp1252")
    assert "“crème”" in to_text(data, "text/html; charset=iso-8859-1")


def test_meta_charset_is_used_without_header() -> None:
    text = _html().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    assert ACCENTED in to_text(text.encode("cp1252"))


def test_http_equiv_content_type_is_used() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    text = page(head=meta, title="Москва сегодня").replace('<meta charset="utf-8">', "")
    assert "Москва сегодня" in to_text(text.encode("koi8-r"))


def test_utf8_bom_is_honoured_and_removed() -> None:
    data = codecs.BOM_UTF8 + _html().replace('<meta charset="utf-8">', "").encode("utf-8")
    text = to_text(data)
    assert ACCENTED in text and not text.startswith("\ufeff")


def test_utf16_with_bom() -> None:
    data = _html().replace('<meta charset="utf-8">', "").encode("utf-16")
    assert ACCENTED in to_text(data)


def test_mislabelled_utf8_is_read_as_utf8() -> None:
    data = _html().replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("utf-8")
    assert ACCENTED in to_text(data)


def test_extract_accepts_bytes_end_to_end() -> None:
    data = _html().replace('<meta charset="utf-8">', "").encode("cp1252")
    assert extract(data, "https://herald.example/a").headline == ACCENTED


@pytest.mark.parametrize("data", [b"", b"   \n\t", ""])
def test_empty_input(data: bytes | str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract(data, "https://herald.example/a")
    assert err.value.kind == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x1f\x8b\x08\x00\x00\x00",
        "just some words without any markup at all",
    ],
)
def test_binary_or_plain_content_is_not_html(data: bytes | str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract(data, "https://herald.example/a")
    assert err.value.kind == "not_html"


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", "video/mp4"])
def test_declared_non_html_type_is_refused(content_type: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract(_html().encode(), "https://herald.example/a", content_type=content_type)
    assert err.value.kind == "not_html"


def test_wrong_input_type_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract(12345, "https://herald.example/a")  # type: ignore[arg-type]
