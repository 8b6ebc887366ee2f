"""The part of recording a capture that needs no database, done wherever CPU is spare.

Hashing and compressing the body, looking for paywall markers and computing the story's
similarity signature depend on the capture alone. The crawler does them in its extraction
processes, so the single writer thread (which holds the database's write lock while it works)
only writes rows. ``record_capture`` does them itself for a capture that arrives unprepared.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.blobs import PreparedBlob, prepare_blob
from archive.capture import Capture
from archive.similarity import Signature, signature
from archive.volatile import paywall_signals

__all__ = ["Prepared", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """The body as stored, its paywall markers, and the story's signature (when it has a body)."""

    blob: PreparedBlob | None
    paywall: tuple[str, ...]
    signature: Signature | None


def prepare(capture: Capture) -> Prepared:
    body, story = capture.body, capture.story if capture.error_kind is None else None
    return Prepared(
        blob=prepare_blob(body) if body else None,
        paywall=tuple(paywall_signals(body)) if body and story is not None else (),
        signature=signature(story.headline, story.body) if story is not None and story.body else None,
    )
