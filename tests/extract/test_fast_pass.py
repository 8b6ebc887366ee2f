"""trafilatura's fast pass, and the full cascade for pages where it keeps too little."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.extract import body
from crawler.extract.body import FAST_PASS_MIN_SHARE, _bare_extraction, _paragraph_prose, run_trafilatura
from crawler.extract.decode import to_text
from crawler.extract.page import parse_page

_REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("NEWSARCHIVE_CORPUS") or _REPO.parent / "shared" / "corpus") / "articles"


def _tree(name: str) -> object:
    return parse_page(to_text((CORPUS / name).read_bytes(), "text/html"), "https://example.com/a").tree


def _chars(result: object) -> int:
    return sum(map(len, result.paragraphs))  # type: ignore[attr-defined]


def test_a_page_the_fast_pass_cuts_short_gets_the_full_cascade() -> None:
    tree = _tree("no-Dagbladet_2026_01_06.html")
    fast = _bare_extraction(tree, "https://example.com/a", fast=True)
    full = _bare_extraction(tree, "https://example.com/a")
    assert fast is not None and full is not None
    assert _chars(fast) < FAST_PASS_MIN_SHARE * _paragraph_prose(tree) < _chars(full)
    assert run_trafilatura(tree, "https://example.com/a").paragraphs == full.paragraphs


@pytest.mark.parametrize("name", ["za-TimesLive_2025_11_10.html", "ca-NationalPost_2024_08_28.html"])
def test_a_page_the_fast_pass_covers_is_not_extracted_twice(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(name)
    calls: list[bool] = []
    real = body.trafilatura.bare_extraction
    monkeypatch.setattr(body.trafilatura, "bare_extraction",
                        lambda *a, **k: calls.append(bool(k.get("fast"))) or real(*a, **k))
    result = run_trafilatura(tree, "https://example.com/a")
    assert result is not None and _chars(result) >= FAST_PASS_MIN_SHARE * _paragraph_prose(tree)
    assert calls == [True]
