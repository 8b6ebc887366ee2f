"""Rank full-text matches on PostgreSQL: a ``tsquery`` built from bound words, ranked by ts_rank.

The index (migration 0003) is a ``tsvector`` per article with headline, summary and body
weighted A, B and C, under the 'simple' configuration with accents folded; query words are
folded with the same table, so both backends find the same stories.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from archive.models import SearchDoc
from archive.search_query import Node, Term
from archive.search_schema import FTS_TABLE
from archive.search_sqlite import Ranked

__all__ = ["rank", "matching_ids", "tsquery"]

_CONFIG: ColumnElement[Any] = literal_column("'simple'::regconfig")
#: PostgreSQL folds accents of indexed text with this table (migration 0003); queries likewise.
_FOLD = str.maketrans("àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž", "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz")
_fts = table(FTS_TABLE, column("article_id"), column("tsv"))


def _term(term: Term) -> ColumnElement[Any]:
    words = [w.translate(_FOLD) for w in term.words]
    if term.prefix:
        lexemes = " <-> ".join(f"'{w}'" for w in words) + ":*"  # \w+ words hold no quote
        query: ColumnElement[Any] = func.to_tsquery(_CONFIG, bindparam(None, lexemes))
    elif len(words) > 1:
        query = func.phraseto_tsquery(_CONFIG, bindparam(None, " ".join(words)))
    else:
        query = func.plainto_tsquery(_CONFIG, bindparam(None, words[0]))
    return func.tsquery_not(query) if term.negated else query


def tsquery(tree: Node | Term) -> ColumnElement[Any]:
    """The query as a ``tsquery`` expression; every word is a bound parameter."""
    if isinstance(tree, Term):
        return _term(tree)
    parts = [tsquery(child) for child in tree.children]
    combine = func.tsquery_or if tree.op == "or" else func.tsquery_and
    out = parts[0]
    for part in parts[1:]:
        out = combine(out, part)
    return func.tsquery_not(out) if tree.negated else out


def rank(session: Session, tree: Node | Term, limit: int, offset: int,
         conditions: list[ColumnElement[bool]]) -> Ranked:
    """The page ``offset``..``offset + limit`` of the matches of ``tree`` passing ``conditions``, every match ranked."""
    query = tsquery(tree)
    score = func.ts_rank(_fts.c.tsv, query).label("score")
    stmt = select(_fts.c.article_id, score).where(_fts.c.tsv.op("@@")(query))
    if conditions:
        stmt = stmt.join(SearchDoc, SearchDoc.article_id == _fts.c.article_id).where(*conditions)
    stmt = stmt.order_by(literal_column("score").desc(), _fts.c.article_id).limit(limit).offset(offset)
    return Ranked(session.connection().execute(stmt).all())


def matching_ids(tree: Node | Term) -> Select[Any]:
    """A SELECT of the article ids matching ``tree`` (to use as a subquery)."""
    return select(_fts.c.article_id).where(_fts.c.tsv.op("@@")(tsquery(tree)))
