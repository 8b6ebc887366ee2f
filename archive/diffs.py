"""What changed between two versions of a story: field by field, paragraph by paragraph, word by word.

Pure functions over Story objects (no database), so the CLI, the web app and the edit classifier
share one diff. Paragraphs are aligned first; a paragraph that was reworded (rather than added or
removed) is paired with its old self and diffed word by word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from archive.story import Story

__all__ = ["WordOp", "FieldChange", "ParagraphOp", "StoryDiff", "diff_versions", "diff_words", "align_paragraphs",
           "similarity", "DIFF_FIELDS"]

#: Fields compared one by one (the body is compared paragraph by paragraph).
DIFF_FIELDS = ("headline", "summary", "authors", "published_at", "updated_at", "section", "language",
               "image_url", "canonical_url")
#: Two paragraphs at least this similar are one paragraph reworded, not one removed and one added.
REWORDED = 0.5


@dataclass(frozen=True, slots=True)
class WordOp:
    """A run of words: ``equal``, ``insert`` (only in the new text) or ``delete`` (only in the old)."""

    op: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


@dataclass(frozen=True, slots=True)
class FieldChange:
    name: str
    old: Any
    new: Any
    words: tuple[WordOp, ...] = ()  # for text fields

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.name, "old": _jsonable(self.old), "new": _jsonable(self.new)}
        if self.words:
            out["words"] = [w.to_dict() for w in self.words]
        return out


@dataclass(frozen=True, slots=True)
class ParagraphOp:
    """One step of the body alignment.

    ``op`` is ``equal``, ``insert``, ``delete`` or ``replace`` (a paragraph reworded, with its
    word diff). Indexes are positions in the old and new bodies (None on the side that lacks it).
    """

    op: str
    old_index: int | None
    new_index: int | None
    old: str | None
    new: str | None
    words: tuple[WordOp, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "old_index": self.old_index, "new_index": self.new_index,
                               "old": self.old, "new": self.new}
        if self.words:
            out["words"] = [w.to_dict() for w in self.words]
        return out


@dataclass(frozen=True, slots=True)
class StoryDiff:
    fields: tuple[FieldChange, ...]
    body: tuple[ParagraphOp, ...]
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. version numbers, filled by callers

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(p.op != "equal" for p in self.body)

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.name == name), None)

    def counts(self) -> dict[str, int]:
        """Paragraphs inserted, deleted, replaced and kept."""
        out = {"insert": 0, "delete": 0, "replace": 0, "equal": 0}
        for p in self.body:
            out[p.op] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**self.meta, "changed": self.changed, "fields": [f.to_dict() for f in self.fields],
                "body": [p.to_dict() for p in self.body], "counts": self.counts()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


_TOKEN = re.compile(r"\S+")


def diff_words(old: str, new: str) -> tuple[WordOp, ...]:
    """Word runs of ``old`` -> ``new`` (whitespace is not significant)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[WordOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(WordOp("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(WordOp("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(WordOp("insert", " ".join(b[j1:j2])))
    return tuple(out)


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two paragraphs, 0..1."""
    return SequenceMatcher(None, _TOKEN.findall(a), _TOKEN.findall(b), autojunk=False).ratio()


def _pair_block(old: Sequence[str], new: Sequence[str], i0: int, j0: int) -> list[ParagraphOp]:
    """Pair reworded paragraphs inside a replaced block, in order; the rest are inserts/deletes."""
    ops: list[ParagraphOp] = []
    i = 0
    for j, text in enumerate(new):
        match = next((k for k in range(i, len(old)) if similarity(old[k], text) >= REWORDED), None)
        if match is None:
            ops.append(ParagraphOp("insert", None, j0 + j, None, text))
            continue
        ops += [ParagraphOp("delete", i0 + k, None, old[k], None) for k in range(i, match)]
        ops.append(ParagraphOp("replace", i0 + match, j0 + j, old[match], text, diff_words(old[match], text)))
        i = match + 1
    ops += [ParagraphOp("delete", i0 + k, None, old[k], None) for k in range(i, len(old))]
    return ops


def align_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[ParagraphOp]:
    """The body alignment: kept, added, removed and reworded paragraphs, in reading order."""
    ops: list[ParagraphOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes():
        if tag == "equal":
            ops += [ParagraphOp("equal", i1 + k, j1 + k, old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        elif tag == "delete":
            ops += [ParagraphOp("delete", i, None, old[i], None) for i in range(i1, i2)]
        elif tag == "insert":
            ops += [ParagraphOp("insert", None, j, None, new[j]) for j in range(j1, j2)]
        else:
            ops += _pair_block(old[i1:i2], new[j1:j2], i1, j1)
    return ops


def _same_instant(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b  # aware datetimes compare as instants


def _field_changes(old: Story, new: Story) -> list[FieldChange]:
    out = []
    for name in DIFF_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if isinstance(a, datetime) or isinstance(b, datetime):
            if not _same_instant(a, b):
                out.append(FieldChange(name, a, b))
        elif isinstance(a, list) or isinstance(b, list):
            if list(a or []) != list(b or []):
                out.append(FieldChange(name, list(a or []), list(b or [])))
        elif (a or None) != (b or None):
            words = diff_words(a or "", b or "") if name in ("headline", "summary") else ()
            out.append(FieldChange(name, a, b, words))
    return out


def diff_versions(old: Story, new: Story) -> StoryDiff:
    """Everything that differs between two versions of a story (pure; ``.to_dict()`` is JSON-ready)."""
    return StoryDiff(tuple(_field_changes(old, new)), tuple(align_paragraphs(old.body, new.body)))
