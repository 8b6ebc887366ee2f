"""Name the kinds of edit a new version made, the way a researcher of news edits would.

Classification looks at the meaningful text only (page furniture and volatile spans removed,
see archive.volatile), so a "5 minutes ago" label never reads as a rewritten paragraph.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from archive.diffs import align_paragraphs
from archive.story import Story
from archive.volatile import meaningful_body, normalise_text

__all__ = ["EDIT_KINDS", "classify", "classify_with_detail", "is_correction", "is_update_note"]

#: Every kind an edit can be classed as, in the order they are listed.
EDIT_KINDS = (
    "headline_rewrite",     # the headline says something else
    "correction",           # a correction, clarification or editor's note was added
    "update_appended",      # an "Update:" paragraph was added
    "paragraph_added",
    "paragraph_removed",
    "paragraph_rewritten",  # a paragraph kept its place but its words changed
    "byline_change",        # authors added, removed or renamed
    "date_change",          # the publication date moved (or the modified time went back)
    "modified_bump",        # the page's modified time moved forward
    "stealth_edit",         # the content changed but the page's modified time did not
    "metadata_change",      # section, language, image or canonical URL only
)

_CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor'?s note|corrections? (?:and|&) clarifications?)\b"
    r"|\ban earlier version of this (?:article|story|report)\b"
    r"|\bthis (?:article|story|report) (?:has been|was) (?:amended|corrected|updated to correct)\b",
    re.IGNORECASE)
_UPDATE = re.compile(r"^\W*(?:update[sd]?|latest)\b\s*(?:[:\-\u2013\u2014(]|\d|at\b)", re.IGNORECASE)


def is_correction(paragraph: str) -> bool:
    return bool(_CORRECTION.search(paragraph))


def is_update_note(paragraph: str) -> bool:
    return bool(_UPDATE.search(paragraph))


def _later(a: datetime | None, b: datetime | None) -> bool:
    return b is not None and (a is None or b > a)


def _body_kinds(old: Story, new: Story) -> tuple[set[str], dict[str, Any]]:
    kinds: set[str] = set()
    counts = {"added": 0, "removed": 0, "rewritten": 0}
    for op in align_paragraphs(meaningful_body(old.body), meaningful_body(new.body)):
        if op.op == "insert" and op.new is not None:
            if is_correction(op.new):
                kinds.add("correction")
            elif is_update_note(op.new):
                kinds.add("update_appended")
            else:
                kinds.add("paragraph_added")
                counts["added"] += 1
        elif op.op == "delete":
            kinds.add("paragraph_removed")
            counts["removed"] += 1
        elif op.op == "replace" and op.new is not None:
            if is_correction(op.new) and not is_correction(op.old or ""):
                kinds.add("correction")
            else:
                kinds.add("paragraph_rewritten")
                counts["rewritten"] += 1
    return kinds, {k: v for k, v in counts.items() if v}


def classify_with_detail(old: Story, new: Story) -> dict[str, dict[str, Any]]:
    """Edit kind -> what supports it (old/new values, paragraph counts), for storage and display."""
    body_kinds, counts = _body_kinds(old, new)
    found: dict[str, dict[str, Any]] = {kind: {} for kind in body_kinds}
    for kind in ("paragraph_added", "paragraph_removed", "paragraph_rewritten"):
        if kind in found:
            found[kind] = {"paragraphs": counts.get(kind.split("_")[1], 0)}
    if normalise_text(old.headline) != normalise_text(new.headline):
        found["headline_rewrite"] = {"old": old.headline, "new": new.headline}
    if [a.casefold() for a in old.authors] != [a.casefold() for a in new.authors]:
        found["byline_change"] = {"old": list(old.authors), "new": list(new.authors)}
    if old.published_at != new.published_at:
        found["date_change"] = {"field": "published_at", "old": _iso(old.published_at), "new": _iso(new.published_at)}
    if old.updated_at != new.updated_at:
        if _later(old.updated_at, new.updated_at):
            found["modified_bump"] = {"old": _iso(old.updated_at), "new": _iso(new.updated_at)}
        else:
            found["date_change"] = {"field": "updated_at", "old": _iso(old.updated_at), "new": _iso(new.updated_at)}
    content_changed = bool(body_kinds) or "headline_rewrite" in found or "byline_change" in found
    if content_changed and old.updated_at is not None and old.updated_at == new.updated_at:
        found["stealth_edit"] = {"modified": _iso(old.updated_at)}
    if not found and any(getattr(old, f) != getattr(new, f)
                         for f in ("section", "language", "image_url", "canonical_url")):
        found["metadata_change"] = {}
    return {kind: found[kind] for kind in EDIT_KINDS if kind in found}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def classify(old: Story, new: Story) -> list[str]:
    """The kinds of edit from ``old`` to ``new`` (see EDIT_KINDS), in EDIT_KINDS order."""
    return list(classify_with_detail(old, new))
