"""How one outlet's articles appear and change from edition to edition, and what each change was.

Edition 1 is built from the seed; edition n is built from edition n-1 with its own random stream,
so any edition can be reproduced and ``changes`` is exact by construction.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .model import ArticleDraft, ArticleState, OutletSpec, Syndicated, edition_time
from .outlets import section_for
from .prose import Story, compose, make_facts, person_names, slugify
from .syndication import adapt_syndicated
from .topics import TOPICS

__all__ = ["OutletTimeline", "PathMaker", "Enricher", "CHANGE_KINDS"]

CHANGE_KINDS = frozenset({"headline", "paragraph_added", "correction", "updated_bumped", "stealth", "new"})
#: (section label, published, slug, uid) -> (article path, image path)
PathMaker = Callable[[str, datetime, str, str], tuple[str, str]]
#: (rng, topic, facts, story) -> extra fields a theme needs (portal key points, explainers...)
Enricher = Callable[[random.Random, str, dict[str, Any], Story], tuple[tuple[str, str], ...]]
_BUMPED = ("headline", "paragraph_added", "correction")
_SPARE_CORRECTION = "Correction: This article has been amended to correct a spelling error."


class OutletTimeline:
    """Drafts and per-edition states of one outlet's articles."""

    def __init__(self, spec: OutletSpec, seed: int, paths: PathMaker, *, hidden: tuple[str, ...] = (),
                 tracked_link: bool = False, topics: tuple[str, ...] | None = None,
                 syndicated: tuple[Syndicated, ...] = (), enrich: Enricher | None = None) -> None:
        self.spec = spec
        self.seed = seed
        self._paths = paths
        self._topics = topics or tuple(TOPICS)
        self._syndicated = syndicated
        self._enrich = enrich
        self._count = 0
        self.drafts: dict[str, ArticleDraft] = {}
        self._states: list[dict[str, ArticleState]] = []
        self._changes: list[dict[str, frozenset[str]]] = [{}]
        self._used: dict[str, dict[str, int]] = {}
        self._first_edition(hidden, tracked_link)

    # -- public ---------------------------------------------------------------------------------
    def state(self, edition: int) -> dict[str, ArticleState]:
        """Every published article (listed or not) as it is in ``edition``."""
        if edition < 1:
            raise ValueError("editions start at 1")
        while len(self._states) < edition:
            self._next_edition(len(self._states) + 1)
        return self._states[edition - 1]

    def changes(self, edition: int) -> dict[str, frozenset[str]]:
        """What changed between ``edition - 1`` and ``edition``, by article uid."""
        self.state(edition)
        return self._changes[edition - 1]

    def listed(self, edition: int) -> list[str]:
        """Uids listed on front pages, feeds and sitemaps in ``edition``, newest first."""
        states = self.state(edition)
        uids = [u for u, s in states.items() if s.listed]
        return sorted(uids, key=lambda u: self.drafts[u].published, reverse=True)

    # -- building -------------------------------------------------------------------------------
    def _rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, self.spec.key, *parts)))

    def _first_edition(self, hidden: tuple[str, ...], tracked_link: bool) -> None:
        rng = self._rng("edition", 1)
        count = rng.randint(9, 11)
        now = edition_time(1)
        minutes = sorted(rng.sample(range(25, 36 * 60), count), reverse=True)
        topics = self._topic_cycle(rng, count)
        states: dict[str, ArticleState] = {}
        for i, (ago, topic) in enumerate(zip(minutes, topics, strict=True)):
            uid = self._new_uid()
            query = "utm_source=rss&utm_medium=feed" if tracked_link and i == count - 2 else ""
            draft, first = self._draft(uid, topic, now - timedelta(minutes=ago), 1, states, link_query=query)
            touched = self._rng("touched", uid)
            modified = draft.published
            if touched.random() < 0.4:
                modified = min(draft.published + timedelta(minutes=touched.randint(5, 90)), now)
            states[uid] = ArticleState(first.headline, first.paragraphs, modified)
        for name in hidden:
            uid = f"{self.spec.key}-{name}"
            draft, first = self._draft(uid, self._rng("hidden", name).choice(self._topics),
                                       now - timedelta(hours=40), 1, states, hidden=True)
            states[uid] = ArticleState(first.headline, first.paragraphs, draft.published, listed=False)
        for syn in self._syndicated:
            uid = f"{self.spec.key}-{syn.key}"
            states[uid] = self._draft(uid, syn.topic, syn.published, 1, states, syn=syn)[1]
        self._states.append(states)

    def _new_uid(self) -> str:
        self._count += 1
        return f"{self.spec.key}-{self._count - 1:02d}"

    def _topic_cycle(self, rng: random.Random, count: int) -> list[str]:
        order: list[str] = []
        while len(order) < count:
            order.extend(rng.sample(self._topics, len(self._topics)))
        return order[:count]

    def _story(self, uid: str, topic: str, published: datetime,
               syn: Syndicated | None) -> tuple[dict[str, Any], Story, random.Random]:
        """Facts and text: the outlet's own, or shared with other outlets for a syndicated story."""
        rng = self._rng("draft", uid)
        if syn is None:
            facts = make_facts(rng, self.spec.locale, topic, self.spec.short_name, published)
            return facts, compose(rng, topic, facts), rng
        shared = random.Random(f"{self.seed}:story:{syn.key}")
        outlet = "Newswire" if syn.mode == "wire" else self.spec.short_name
        facts = make_facts(shared, "national", topic, outlet, published)
        story = compose(shared if syn.mode == "wire" else rng, topic, facts)
        return facts, adapt_syndicated(story, facts, syn), rng

    def _draft(self, uid: str, topic: str, published: datetime, edition: int,
               states: dict[str, ArticleState], *, hidden: bool = False, link_query: str = "",
               syn: Syndicated | None = None) -> tuple[ArticleDraft, ArticleState]:
        facts, story, rng = self._story(uid, topic, published, syn)
        # Two stories on one topic may draw the same headline; a newsroom would reword one.
        taken = {s.headline for s in states.values()}
        options = [h for h in (story.headline, *story.headlines) if h not in taken]
        options = options or [f"{story.headline} (update {n})" for n in range(2, 99)
                              if f"{story.headline} (update {n})" not in taken]
        headline = options[0]
        alternatives = tuple(h for h in (story.headline, *story.headlines) if h != headline)
        _, label = section_for(self.spec, TOPICS[topic].kind)
        digest = hashlib.sha1(f"{self.seed}:{uid}".encode()).hexdigest()[:6]
        slug = slugify(headline)
        if any(d.path.rstrip("/").endswith(slug) for d in self.drafts.values()):
            slug = f"{slug}-{digest}"
        path, image = self._paths(label, published, slug, digest)
        staff = person_names(self._rng("staff"), 7)
        authors = tuple(rng.sample(staff, 2 if rng.random() < 0.3 else 1))
        if syn is not None and syn.mode == "wire":
            authors = ("Newswire",)
        older = [u for u in states if self.drafts[u].published < published and states[u].listed]
        related = tuple(rng.sample(older, min(len(older), rng.randint(2, 3))))
        draft = ArticleDraft(
            uid=uid, outlet=self.spec.key, path=path, section=label, topic=topic, authors=authors,
            published=published, first_edition=edition, standfirst=story.standfirst, image_path=image,
            image_caption=f"{facts['city']} ({facts['region']}). Photograph: {self.spec.short_name}",
            pool=story.pool, headlines=alternatives, corrections=story.corrections,
            related=related, related_titles=tuple(states[u].headline for u in related),
            hidden=hidden, link_query=link_query, story_key=syn.key if syn else "",
            extra=self._enrich(rng, topic, facts, story) if self._enrich else (),
        )
        self.drafts[uid] = draft
        self._used[uid] = {"headline": 0, "pool": 0, "correction": 0}
        return draft, ArticleState(headline, story.paragraphs, published, listed=not hidden)

    def _next_edition(self, n: int) -> None:
        rng = self._rng("edition", n)
        prev = self._states[-1]
        states = dict(prev)
        changes: dict[str, frozenset[str]] = {}
        old = sorted((u for u, s in prev.items() if s.listed), key=lambda u: self.drafts[u].published)
        kinds = list(_BUMPED) if n == 2 else rng.sample([*_BUMPED, "touch"], 2)
        if self.spec.demo_index >= 0 and (n - 2) % 3 == self.spec.demo_index:
            kinds.append("stealth")
        candidates = old[1:] if len(old) > len(kinds) + 1 else old
        targets = rng.sample(candidates, min(len(kinds), len(candidates)))
        now = edition_time(n)
        for uid, kind in zip(targets, kinds, strict=False):
            if kind in ("paragraph_added", "stealth") and self._pool_left(uid) < 2:
                kind = "touch"  # nothing left to add: only the modified time moves
            when = now - timedelta(minutes=rng.randint(5, 150))
            states[uid] = self._edit(uid, prev[uid], kind, when, {s.headline for s in states.values()})
            changes[uid] = frozenset({"stealth"} if kind == "stealth" else
                                     {"updated_bumped"} if kind == "touch" else {kind, "updated_bumped"})
        if n == 2 or n % 2 == 1:
            for uid in [u for u in old if u not in changes][:1]:
                gone = prev[uid]
                states[uid] = ArticleState(gone.headline, gone.paragraphs, gone.modified, listed=False)
        for _ in range(rng.randint(1, 2) if n == 2 else 1):
            uid = self._new_uid()
            published = now - timedelta(minutes=rng.randint(10, 300))
            draft, first = self._draft(uid, rng.choice(self._topics), published, n, states)
            states[uid] = first
            changes[uid] = frozenset({"new"})
        self._states.append(states)
        self._changes.append(changes)

    def _pool_left(self, uid: str) -> int:
        return len(self.drafts[uid].pool) - self._used[uid]["pool"]

    def _take_pool(self, uid: str, count: int) -> list[str]:
        start = self._used[uid]["pool"]
        self._used[uid]["pool"] = start + count
        return list(self.drafts[uid].pool[start:start + count])

    def _edit(self, uid: str, state: ArticleState, kind: str, when: datetime,
              taken: set[str]) -> ArticleState:
        draft, used = self.drafts[uid], self._used[uid]
        paragraphs = list(state.paragraphs)
        headline = state.headline
        if kind == "headline":
            for _ in draft.headlines:
                headline = draft.headlines[used["headline"] % len(draft.headlines)]
                used["headline"] += 1
                if headline not in taken:
                    break
        elif kind == "paragraph_added":
            paragraphs.insert(len(paragraphs) - 1, " ".join(self._take_pool(uid, 2)))
        elif kind == "correction":
            spare = (*draft.corrections, _SPARE_CORRECTION)
            paragraphs.append(spare[min(used["correction"], len(spare) - 1)])
            used["correction"] += 1
        elif kind == "stealth":
            middle = len(paragraphs) // 2
            paragraphs[middle] = f"{paragraphs[middle]} {self._take_pool(uid, 1)[0]}"
            return ArticleState(headline, tuple(paragraphs), state.modified)
        return ArticleState(headline, tuple(paragraphs), when)
