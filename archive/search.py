"""Full-text search over the latest version of every article: ranked, filtered, with snippets.

SQLite answers from an FTS5 index (BM25), PostgreSQL from a ``tsvector`` GIN index (ts_rank);
both index headline, summary and body of ``search_docs`` with the headline weighing most, and
both read the same query language (archive.search_query). Matched words in snippets are
wrapped in HIGHLIGHT marks; ``snippet_parts`` splits a snippet for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from archive import search_pg, search_sqlite
from archive.models import Article, SearchDoc, Source
from archive.search_filters import StoryFilters
from archive.search_query import Node, SearchSyntaxError, Term, parse, terms_of
from archive.search_sqlite import readable_errors
from archive.snippets import make_snippet

__all__ = ["SearchHit", "SearchResults", "SearchSyntaxError", "search", "search_results", "search_article_ids",
           "matching_ids", "readable_errors", "snippet_parts", "HIGHLIGHT"]

#: What wraps a matched word in a snippet (rare characters, so they never clash with article text).
HIGHLIGHT = ("\u27e6", "\u27e7")
_ELLIPSIS = "\u2026"


@dataclass(frozen=True, slots=True)
class SearchHit:
    story_id: str
    article_id: int
    version: int
    headline: str
    outlet: str
    published_at: datetime | None  # published, else first seen
    snippet: str
    rank: float  # higher is better; comparable within one result list only
    canonical_url: str = ""
    section: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "article_id": self.article_id, "version": self.version,
                "headline": self.headline, "outlet": self.outlet,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "snippet": self.snippet, "rank": self.rank, "canonical_url": self.canonical_url,
                "section": self.section, "language": self.language}


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One page of hits, and whether they are the best of every match (``complete``) or, for a
    query matching very many stories, the best of the candidates ranked (archive.search_sqlite)."""

    hits: list[SearchHit] = field(default_factory=list)
    complete: bool = True

    @property
    def note(self) -> str | None:
        """What a reader should know about the ranking, or None when there is nothing to say."""
        if self.complete:
            return None
        return (f"The query's words are in more than {search_sqlite.EXACT_LIMIT:,} stories, too many to rank "
                f"them all: these are the best of the {search_sqlite.RECENT:,} most recently archived matches "
                f"and of the {search_sqlite.HEADLINE:,} newest with a query word in the headline. "
                "Add words or narrower filters for a complete ranking.")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, highlighted) pieces, marks removed."""
    start, end = HIGHLIGHT
    out: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        i = rest.find(start)
        if i < 0:
            out.append((rest, False))
            break
        j = rest.find(end, i + 1)
        if j < 0:
            out.append((rest.replace(start, ""), False))
            break
        if i:
            out.append((rest[:i], False))
        out.append((rest[i + 1:j], True))
        rest = rest[j + 1:]
    return [(text, hit) for text, hit in out if text]


def _hits(session: Session, ranked: Sequence[Any], tree: Node | Term) -> list[SearchHit]:
    """Hits for ranked ``(article_id, score)`` rows, with snippets cut from each hit's text."""
    if not ranked:
        return []
    stmt = (select(SearchDoc.article_id, Article.story_id, SearchDoc.version_number, SearchDoc.headline, Source.key,
                   SearchDoc.story_time, Article.canonical_url, SearchDoc.section, SearchDoc.language,
                   SearchDoc.body, SearchDoc.summary)
            .join(Article, Article.id == SearchDoc.article_id)
            .join(Source, Source.id == SearchDoc.source_id)
            .where(SearchDoc.article_id.in_(bindparam("hit_ids", expanding=True))))
    found = session.connection().execute(stmt, {"hit_ids": [row[0] for row in ranked]})
    rows = {row[0]: row for row in found}
    terms = terms_of(tree)
    out = []
    for article_id, score in ranked:
        row = rows.get(article_id)
        if row is None:
            continue
        _, story_id, version, headline, outlet, when, url, section, language, body, summary = row
        snippet = make_snippet([body, summary, headline], terms, HIGHLIGHT, _ELLIPSIS)
        out.append(SearchHit(story_id, article_id, version, headline, outlet, when, snippet, float(score), url,
                             section, language))
    return out


def _backend(session: Session) -> Any:
    return search_pg if session.get_bind().dialect.name == "postgresql" else search_sqlite


def search_results(session: Session, query: str, *, outlet: str | None = None, language: str | None = None,
                   since: datetime | None = None, until: datetime | None = None, section: str | None = None,
                   limit: int = 20, offset: int = 0) -> SearchResults:
    """Stories whose latest version matches ``query``, best first, and whether every match was ranked.

    ``since`` is inclusive and ``until`` exclusive, on the story's time (published, else first
    seen; naive datetimes are UTC). Raises SearchSyntaxError for a query it cannot read.
    """
    tree = parse(query)
    conditions = StoryFilters(outlet, language, since, until, section).conditions(session)
    if conditions is None:
        return SearchResults([])
    limit, offset = max(0, int(limit)), max(0, int(offset))
    ranked = _backend(session).rank(session, tree, limit, offset, conditions)
    return SearchResults(_hits(session, ranked.rows, tree), ranked.complete)


def search(session: Session, query: str, *, outlet: str | None = None, language: str | None = None,
           since: datetime | None = None, until: datetime | None = None, section: str | None = None,
           limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """The hits of ``search_results`` (same arguments), best first."""
    return search_results(session, query, outlet=outlet, language=language, since=since, until=until,
                          section=section, limit=limit, offset=offset).hits


def matching_ids(session: Session, query: str) -> Select[Any]:
    """A SELECT of the ids of every article whose latest version matches ``query``, to use as a
    subquery (coverage counts, exports); raises SearchSyntaxError for a query it cannot read."""
    return _backend(session).matching_ids(parse(query))  # type: ignore[no-any-return]


def search_article_ids(session: Session, query: str) -> set[int]:
    """Ids of every article whose latest version matches ``query`` (no ranking, no limit)."""
    stmt = matching_ids(session, query)
    with readable_errors():
        return set(session.scalars(stmt))
