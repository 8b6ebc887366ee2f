"""A cluster's stories side by side: who ran it when, how long, and what each has that the others lack.

"What only this one has" is told two ways: sentences with no close match in any other member
(a quote, a detail, a paragraph the others cut), and names and numbers no other member mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from archive import queries
from archive.clusters import ClusterInfo
from archive.diffs import similarity
from archive.similarity import event_tokens
from archive.story import Story

__all__ = ["MemberView", "Comparison", "compare_cluster", "unique_content", "sentences"]

#: A sentence at least this similar to one of another member's counts as shared.
SHARED = 0.6
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[\"\u201c\u2018'A-Z0-9])")


@dataclass(frozen=True, slots=True)
class MemberView:
    article_id: int
    story_id: str
    url: str
    outlet: str
    outlet_name: str
    published_at: datetime | None
    headline: str
    words: int
    paragraphs: int
    version: int
    method: str
    only_here: list[str] = field(default_factory=list)        # sentences no other member has
    only_here_terms: list[str] = field(default_factory=list)  # names and numbers no other member has

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "story_id": self.story_id, "url": self.url, "outlet": self.outlet,
                "outlet_name": self.outlet_name,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "headline": self.headline, "words": self.words, "paragraphs": self.paragraphs,
                "version": self.version, "method": self.method, "only_here": self.only_here,
                "only_here_terms": self.only_here_terms}


@dataclass(frozen=True, slots=True)
class Comparison:
    cluster_id: int
    members: list[MemberView]

    def to_dict(self) -> dict[str, Any]:
        return {"cluster_id": self.cluster_id, "size": len(self.members),
                "members": [m.to_dict() for m in self.members]}


def sentences(body: list[str]) -> list[str]:
    out = []
    for paragraph in body:
        out += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 4]
    return out


def _normal(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def unique_content(stories: dict[int, Story]) -> dict[int, tuple[list[str], list[str]]]:
    """Member id -> (sentences only it has, names/numbers only it has)."""
    split = {key: [(s, _normal(s)) for s in sentences(story.body)] for key, story in stories.items()}
    tokens = {key: event_tokens(story.headline, story.body) for key, story in stories.items()}
    out: dict[int, tuple[list[str], list[str]]] = {}
    for key, own in split.items():
        others = [n for other, items in split.items() if other != key for _, n in items]
        other_set = set(others)
        only = [s for s, n in own if n not in other_set and all(similarity(n, o) < SHARED for o in others)]
        elsewhere = set().union(*(t for other, t in tokens.items() if other != key)) if len(tokens) > 1 else set()
        out[key] = (only, sorted(tokens[key] - elsewhere))
    return out


def compare_cluster(session: Session, cluster: ClusterInfo) -> Comparison:
    """Load the latest version of every member and compare them."""
    stories: dict[int, Story] = {}
    loaded = {}
    for member in cluster.members:
        found = queries.get_story(session, member.story_id)
        if found is not None:
            stories[member.article_id] = found.story
            loaded[member.article_id] = found
    unique = unique_content(stories) if len(stories) > 1 else {k: ([], []) for k in stories}
    views = []
    for member in cluster.members:
        story = stories.get(member.article_id)
        if story is None:
            continue
        only, terms = unique[member.article_id]
        views.append(MemberView(
            member.article_id, member.story_id, member.canonical_url, member.outlet, member.outlet_name,
            story.published_at or member.story_time, story.headline, sum(len(p.split()) for p in story.body),
            len(story.body), loaded[member.article_id].version, member.method, only, terms))
    return Comparison(cluster.id, views)
