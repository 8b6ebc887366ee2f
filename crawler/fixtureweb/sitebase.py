"""What every outlet of the fixture web answers: its routes for an edition and its ground truth."""

from __future__ import annotations

from typing import Any

from .model import BrokenCase, Response, Route

__all__ = ["SiteOutlet", "text_response", "html_response", "xml_response", "redirect"]


def text_response(text: str, status: int = 200) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def html_response(text: str, status: int = 200, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return Response(status, text.encode("utf-8"), "text/html; charset=utf-8", headers)


def xml_response(text: str, content_type: str = "application/xml; charset=utf-8") -> Response:
    return Response(200, text.encode("utf-8"), content_type)


def redirect(location: str, status: int = 301) -> Response:
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'.encode()
    return Response(status, body, "text/html; charset=utf-8", (("Location", location),))


class SiteOutlet:
    """Base class: an outlet with no articles. Subclasses fill in routes and ground truth."""

    key: str = ""
    name: str = ""

    def __init__(self, base: str) -> None:
        self.base = base

    def routes(self, edition: int) -> dict[str, Route]:
        """Path (no query) -> answer, for one edition. Called once per edition and cached."""
        raise NotImplementedError

    def static_routes(self) -> bool:
        """True when routes do not depend on the edition (built once)."""
        return False

    def article_urls(self, edition: int) -> set[str]:
        return set()

    def canonical_urls(self, edition: int) -> set[str]:
        return set()

    def changes(self, from_edition: int, to_edition: int) -> dict[str, set[str]]:
        return {}

    def broken_cases(self) -> list[BrokenCase]:
        return []

    def disallowed_urls(self) -> set[str]:
        return set()

    def not_found(self, path: str) -> Response:
        """The answer for a path this outlet does not have."""
        return text_response(f"Not found: {path}\n", 404)

    def sources_entry(self) -> dict[str, Any]:
        """The outlet's [[outlet]] table for the sources file."""
        raise NotImplementedError
