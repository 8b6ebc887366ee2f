"""Turn fetched bytes into text, refusing what is not an HTML page.

Charset order follows what browsers do (HTTP header, byte-order mark, ``<meta charset>``), with one
correction browsers do not make: a declared single-byte charset is overruled when the bytes are
valid UTF-8 with multi-byte sequences, because mislabelled UTF-8 is far more common on news sites
than Latin-1 text that happens to form valid UTF-8.
"""

from __future__ import annotations

import codecs
import re

from crawler.extract.result import ExtractionError

__all__ = ["to_text", "charset_from_content_type", "check_content_type"]

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain"}
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"ID3",
    b"OggS",
    b"\x00\x00\x00",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
    b"wOFF",
    b"wOF2",
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# WHATWG maps these labels to windows-1252, which is what such pages really are.
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}
_SINGLE_BYTE = {
    codecs.lookup(n).name
    for n in (
        "latin-1",
        "ascii",
        "windows-1252",
        "iso-8859-15",
        "iso-8859-2",
        "windows-1250",
        "koi8-r",
        "windows-1251",
    )
}
_TAG = re.compile(r"<\s*(?:html|head|body|div|p|meta|title|article|!doctype|span|a|script|link)\b", re.I)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return m.group(1).strip().lower() if m else None


def check_content_type(content_type: str | None) -> None:
    """Raise ``not_html`` when the declared media type is clearly not a page."""
    if not content_type:
        return
    media = content_type.split(";", 1)[0].strip().lower()
    if media and media not in _HTML_TYPES and not media.endswith("+xml"):
        raise ExtractionError("not_html", f"content type {media} is not an HTML page")


def _normal_label(label: str) -> str | None:
    label = label.strip().lower()
    if label in _LATIN1_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(data: bytes, content_type: str | None) -> str | None:
    header = charset_from_content_type(content_type)
    if header and _normal_label(header):
        return _normal_label(header)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    m = _META_CHARSET.search(data[:8192])
    if m:
        return _normal_label(m.group(1).decode("ascii", "ignore"))
    return None


def _detect(data: bytes) -> str:
    """Guess an undeclared charset: UTF-8 when valid, else a statistical detector, else cp1252."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            name = _normal_label(best.encoding) or "windows-1252"
            # Western pages are the common case; cp1252 is a superset of Latin-1 for the text we see.
            return "windows-1252" if name in {"iso8859-1", "latin-1"} else name
    except Exception:  # noqa: BLE001 - a detector failure must not lose the page
        pass
    return "windows-1252"


def _bytes_to_str(data: bytes, content_type: str | None) -> str:
    declared = _declared_charset(data, content_type)
    if declared in _SINGLE_BYTE and _is_multibyte_utf8(data):
        declared = "utf-8"
    charset = declared or _detect(data)
    if charset.startswith("utf-16") and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # a <meta charset=utf-16> in an ASCII-compatible document is a lie (the meta itself was readable)
        charset = "utf-8"
    text = data.decode(charset, errors="replace")
    return text.lstrip("\ufeff")


def _looks_binary(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return head.count(b"\x00") > 4


def to_text(data: str | bytes, content_type: str | None = None) -> str:
    """Decoded page text; raises ``empty`` or ``not_html`` for input that holds no HTML page."""
    if data is None or (isinstance(data, (bytes, bytearray, str)) and not data.strip()):
        raise ExtractionError("empty", "the page is empty")
    if not isinstance(data, (bytes, bytearray, str)):
        raise ExtractionError("not_html", f"cannot read a page from {type(data).__name__}")
    check_content_type(content_type)
    if isinstance(data, (bytes, bytearray)):
        if _looks_binary(bytes(data)):
            raise ExtractionError("not_html", "the content is binary")
        text = _bytes_to_str(bytes(data), content_type)
    else:
        text = data.lstrip("\ufeff")
    if "\x00" in text[:2048] or not _TAG.search(text[:200_000]):
        raise ExtractionError("not_html", "no HTML markup found")
    return text
