"""Why a fetch failed, in one short stable word; and the response headers worth keeping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from twisted.internet import error as net_errors
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from archive.capture import KEPT_HEADERS

__all__ = ["failure_kind", "header_dict"]


def failure_kind(failure: Failure) -> str:
    """A short stable word for why a fetch failed, used in logs, stats and stored captures."""
    exc = failure.value
    message = str(exc).lower()
    if "blocked_address" in message:
        return "blocked_address"
    if "maxsize" in message or "max size" in message:  # also Scrapy's decompression-bomb refusal
        return "too_large"
    if isinstance(exc, IgnoreRequest):
        if "redirect" in message:
            return "redirect_loop"
        if "robots.txt" in message:
            return "robots_disallowed"
        return "ignored"
    if isinstance(exc, (CancelledError, DownloadCancelledError)) or "max size" in message or "maxsize" in message:
        return "too_large"
    if isinstance(exc, (DownloadTimeoutError, net_errors.TimeoutError, net_errors.TCPTimedOutError)) \
            or "timed out" in message or "timeout" in type(exc).__name__.lower():
        return "timeout"
    if isinstance(exc, (CannotResolveHostError, net_errors.DNSLookupError)):
        return "dns_error"
    if isinstance(exc, (DownloadConnectionRefusedError, net_errors.ConnectionRefusedError)):
        return "connection_refused"
    return "fetch_failed"


def header_dict(headers: Any, keep: Iterable[str] | None = KEPT_HEADERS) -> dict[str, str]:
    """Headers as a plain lower-cased dict (the last value of repeated ones), limited to ``keep``."""
    wanted = set(keep) if keep is not None else None
    out: dict[str, str] = {}
    for name, values in headers.items():
        key = (name.decode("latin-1") if isinstance(name, bytes) else str(name)).lower()
        if wanted is not None and key not in wanted:
            continue
        value = values[-1] if isinstance(values, list) and values else values
        out[key] = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return out
