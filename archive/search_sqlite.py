"""Rank full-text matches on SQLite with FTS5's BM25: every match, or a bounded set of candidates.

BM25 costs about a microsecond per matching story (more for a word that fills every story),
and FTS5 cannot stop early: it scores every match before it can sort. A topic word matches a
few thousand stories of a 100,000-story archive, which is cheap to rank whole; a word in most
stories ("said", "government", "the") matches tens of thousands, which is not. So:

- up to ``EXACT_LIMIT`` matches (before filters), every match is ranked: the complete ranking;
- beyond that, only candidates are ranked: the ``RECENT`` most recently archived matches and the
  ``HEADLINE`` most recently archived matches with a query word in the headline. BM25 weighs
  the headline ten times the body, so the best matches are nearly always among those. Each
  candidate gets the very score the complete ranking would give it; the caller is told the
  ranking is not complete (``Ranked.complete``) and says so to the reader.

Filters join the covering index of ``search_docs`` only (never the wide rows with the text), and
scores are computed only for rows that pass them. FTS5 is asked for rowid ranges only, never
single rowids: each such lookup would restart the query, and BM25 recounts the whole index for
every restart (seconds for a common word).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, select, table
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from archive.models import SearchDoc
from archive.search_query import Node, SearchSyntaxError, Term, to_fts5, to_fts5_any_in
from archive.search_schema import FTS_TABLE

__all__ = ["Ranked", "rank", "matching_ids", "readable_errors", "EXACT_LIMIT", "RECENT", "HEADLINE"]

#: Rank every match when the query matches at most this many stories (about 15 ms of BM25).
EXACT_LIMIT = 20_000
#: Otherwise rank this many of the most recently archived matches (more when paging deeper) ...
RECENT = 1_000
#: ... and this many of the most recently archived matches with a query word in the headline.
HEADLINE = 2_000
#: Weights of headline, summary and body in BM25 (PostgreSQL weighs them A, B, C).
BM25_WEIGHTS = (10.0, 4.0, 1.0)

_fts = table(FTS_TABLE, column("rowid"))
_MATCH = literal_column(FTS_TABLE).op("MATCH")


@dataclass(frozen=True, slots=True)
class Ranked:
    """Ranked ``(article_id, score)`` rows, best first, and whether every match was ranked."""

    rows: Sequence[Any]
    complete: bool = True


def _matches(query: str, name: str, conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Rowids of the index's matches for ``query`` (bound as ``name``) that pass ``conditions``."""
    stmt = select(_fts.c.rowid).where(_MATCH(bindparam(name, query)))
    if conditions:
        stmt = stmt.join(SearchDoc, SearchDoc.article_id == _fts.c.rowid).where(*conditions)
    return stmt


@contextmanager
def readable_errors() -> Iterator[None]:
    """FTS5's complaints about a query as SearchSyntaxError (words reach it quoted, so this is rare)."""
    try:
        yield
    except OperationalError as exc:
        if "fts5" in str(exc.orig).lower():
            raise SearchSyntaxError(f"the search index cannot read this query ({exc.orig})") from None
        raise


def _execute(session: Session, stmt: Select[Any]) -> Sequence[Any]:
    with readable_errors():
        return session.connection().execute(stmt).all()


def _newest(session: Session, stmt: Select[Any], n: int) -> list[int]:
    """The rowids of the ``n`` most recently archived rows of ``stmt``, newest first."""
    return [int(row[0]) for row in _execute(session, stmt.order_by(_fts.c.rowid.desc()).limit(n))]


def _score() -> ColumnElement[Any]:
    # bm25 is lower for better matches; negated, higher is better as on PostgreSQL.
    return (-func.bm25(literal_column(FTS_TABLE), *BM25_WEIGHTS)).label("score")


def _scored(query: str, conditions: list[ColumnElement[bool]], limit: int, offset: int) -> Select[Any]:
    """The page of the complete ranking: every match passing ``conditions`` scored, best first."""
    stmt = _matches(query, "fts_query", conditions).add_columns(_score())
    return stmt.order_by(literal_column("score").desc(), _fts.c.rowid).limit(limit).offset(offset)


def _newest_scored(session: Session, query: str, conditions: list[ColumnElement[bool]], n: int) -> list[Any]:
    """(rowid, score) of the ``n`` most recently archived matches passing ``conditions``: FTS5
    reads its list newest first and stops there, and only those rows are scored."""
    stmt = _matches(query, "fts_query", conditions).add_columns(_score())
    return list(_execute(session, stmt.order_by(_fts.c.rowid.desc()).limit(n)))


def _scored_among(session: Session, query: str, ids: list[int]) -> list[Any]:
    """(rowid, score) of the matches with these rowids (which passed the filters already).

    FTS5 reads the query's matches between the oldest and newest of them; "+ 0" keeps SQLite
    from handing the membership test to FTS5 as rowid lookups (see the module's docstring).
    """
    if not ids:
        return []
    chosen: Select[Any] = select(literal_column("value")).select_from(func.json_each(bindparam("ids", json.dumps(ids))))
    stmt = (_matches(query, "fts_query", []).add_columns(_score())
            .where(_fts.c.rowid.between(min(ids), max(ids)), (_fts.c.rowid + 0).in_(chosen)))
    return list(_execute(session, stmt))


def _page(rows: list[Any], limit: int, offset: int) -> list[Any]:
    """Rows in the complete ranking's order (score, then oldest first), sliced to the page."""
    return sorted(rows, key=lambda row: (-row[1], row[0]))[offset:offset + limit]


def _count(session: Session, query: str, cap: int) -> int:
    """How many stories match ``query``, counting no further than ``cap``."""
    counted = select(func.count()).select_from(_matches(query, "fts_count", []).limit(cap).subquery())
    return int(_execute(session, counted)[0][0])


def _few_matches(session: Session, tree: Node | Term) -> bool:
    """Whether ``tree`` matches at most EXACT_LIMIT stories.

    Single words are counted first (cheap: one list each, read no further than the limit); only
    when they cannot settle it is the whole query counted, which for a phrase or an AND of
    common words means matching word positions across tens of thousands of stories.
    """
    cap = EXACT_LIMIT + 1
    counts: dict[str, int] = {}

    def bound(part: Node | Term) -> int:
        """An upper bound on the matches of ``part`` (negated parts are never asked)."""
        if isinstance(part, Term):
            words = [f'"{w}"' for w in part.words[:-1]] + [_fts5_last_word(part)]
            return min(counts.setdefault(w, _count(session, w, cap)) for w in words)
        found = [bound(child) for child in part.children if not child.negated]
        return min(cap, sum(found)) if part.op == "or" else min(found)

    if bound(tree) < cap:
        return True
    if isinstance(tree, Term) and len(tree.words) == 1:
        return False  # that count was exact
    return _count(session, to_fts5(tree), cap) < cap


def _fts5_last_word(term: Term) -> str:
    return f'"{term.words[-1]}"' + ("*" if term.prefix else "")


def rank(session: Session, tree: Node | Term, limit: int, offset: int,
         conditions: list[ColumnElement[bool]]) -> Ranked:
    """The page ``offset``..``offset + limit`` of the matches of ``tree`` passing ``conditions``."""
    query = to_fts5(tree)
    if _few_matches(session, tree):
        return Ranked(_execute(session, _scored(query, conditions, limit, offset)))
    wanted = max(RECENT, offset + limit)
    headline = to_fts5_any_in(tree, "headline")
    # A lone word or phrase in the headline matches the query as it is; anything else must say so.
    in_headline = _matches(headline if isinstance(tree, Term) else f"({query}) AND {headline}", "fts_headline",
                           conditions)
    if not conditions:  # the newest matches are candidates, scored below with the rest in one pass
        recent = _newest(session, _matches(query, "fts_query", []), wanted)
        older = [i for i in _newest(session, in_headline, HEADLINE) if i < recent[-1]]
        # Paging past the last match makes every match a candidate: the ranking is complete again.
        return Ranked(_page(_scored_among(session, query, recent + older), limit, offset),
                      complete=len(recent) < wanted)
    # Filters may leave few matches: score the newest while finding them, and stop if that is all.
    scored = _newest_scored(session, query, conditions, wanted)
    if len(scored) < wanted:
        return Ranked(_page(scored, limit, offset))
    older = [i for i in _newest(session, in_headline, HEADLINE) if i < scored[-1][0]]
    return Ranked(_page(scored + _scored_among(session, query, older), limit, offset), complete=False)


def matching_ids(tree: Node | Term) -> Select[Any]:
    """A SELECT of the article ids matching ``tree`` (to use as a subquery)."""
    return select(_fts.c.rowid.label("article_id")).where(_MATCH(bindparam("fts_ids_query", to_fts5(tree))))
