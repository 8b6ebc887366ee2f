"""Response hardening and the write token: read-only unless a token is configured, then required."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "SECURITY_HEADERS", "SecurityHeaders", "check_token", "safe_link", "token_from_headers"]

#: No inline script or style anywhere: scraped text can never become code, even if it slipped
#: past escaping. Our one script and stylesheet come from /static.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: every response (pages, API, static, errors) carries the same strict headers.

    Plain ASGI rather than Starlette's BaseHTTPMiddleware: it only edits the header list on the
    way out, so it costs nothing on the hot path and never buffers a streamed download.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.raw if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def check_token(configured: str | None, given: str | None) -> None:
    """Raise 403 when writes are off (no token configured), 401 when ``given`` does not match."""
    if not configured:
        raise HTTPException(403, "this archive is read-only: start the server with --token "
                                 "(or NEWSARCHIVE_WEB_TOKEN) to allow changes")
    if not given or not hmac.compare_digest(given.encode(), configured.encode()):
        raise HTTPException(401, "a valid token is required for this action",
                            headers={"WWW-Authenticate": "Bearer"})


def token_from_headers(request: Request) -> str | None:
    """The token an API client sent: ``Authorization: Bearer ...`` or ``X-Newsarchive-Token``."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-newsarchive-token")


def _fallback_safe_url(url: str | None) -> str | None:
    if not url:
        return None
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.hostname and not any(c in text for c in "\t\r\n"):
        return text
    return None


def safe_link(url: str | None) -> str | None:
    """A scraped URL fit for an href (http/https only), else None.

    Uses ``archive.sanitise.safe_url`` when that module exists; a stricter local check stays
    either way, so a javascript: or data: URL never reaches a link.
    """
    checked = _fallback_safe_url(url)
    if checked is None:
        return None
    try:
        from archive.sanitise import safe_url
    except ImportError:
        return checked
    result = safe_url(checked)
    return result if result else None
