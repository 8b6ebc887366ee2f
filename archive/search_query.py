"""The search box's small query language, parsed once and compiled for each backend.

    flood defences          both words (anywhere, any order)
    "flood defences"        the phrase
    flood OR storm          either word
    flood -storm            flood, not storm (also: flood NOT storm)
    defen*                  words starting with "defen"
    (flood OR storm) wall   grouping

User text never reaches SQL: every word becomes a quoted FTS5 string or a bound parameter of a
PostgreSQL tsquery function. Anything else (an unclosed quote, a dangling OR, a query of only
exclusions) raises SearchSyntaxError with a message a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SearchSyntaxError", "Term", "Node", "parse", "to_fts5", "to_fts5_any_in", "terms_of"]


class SearchSyntaxError(ValueError):
    """The query cannot be read; the message says what is wrong and how to write it."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]   # one word, or the words of a phrase
    prefix: bool = False     # last word is a prefix (word*)
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Node:
    op: str                  # "and" | "or"
    children: tuple[Node | Term, ...]
    negated: bool = False


_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)|(?P<quote>")')
_WORD = re.compile(r"\w+")
MAX_TERMS = 64


def _lex(query: str) -> list[tuple[str, str]]:
    tokens = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or ""
        if kind == "quote":
            raise SearchSyntaxError('a quote is not closed: put phrases between two double quotes, e.g. "flood wall"')
        tokens.append((kind, m.group(kind) or ""))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.count = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self, depth: int = 0) -> Node | Term:
        alternatives = [self.conjunction(depth)]
        while (tok := self.peek()) is not None and tok == ("word", "OR"):
            self.take()
            if self.peek() is None or self.peek() == ("close", ")") or self.peek() == ("word", "OR"):
                raise SearchSyntaxError("OR needs a word on both sides, e.g. flood OR storm")
            alternatives.append(self.conjunction(depth))
        if any(_negated(a) for a in alternatives) and len(alternatives) > 1:
            raise SearchSyntaxError("an exclusion (-word or NOT word) cannot be one side of OR")
        return alternatives[0] if len(alternatives) == 1 else Node("or", tuple(alternatives))

    def conjunction(self, depth: int) -> Node | Term:
        parts: list[Node | Term] = []
        negate_next = False
        while (tok := self.peek()) is not None and tok[0] != "close" and tok != ("word", "OR"):
            if tok == ("word", "AND"):
                self.take()
                continue
            if tok == ("word", "NOT"):
                self.take()
                negate_next = True
                continue
            part = self.unit(depth)
            if part is None:
                continue  # punctuation only, e.g. "--" or "&": nothing to search for
            if negate_next:
                part = _negate(part)
                negate_next = False
            parts.append(part)
        if negate_next:
            raise SearchSyntaxError("NOT needs a word after it, e.g. flood NOT storm")
        if not parts:
            raise SearchSyntaxError("expected a word here (is an OR, AND or bracket misplaced?)")
        if all(_negated(p) for p in parts):
            raise SearchSyntaxError("a query needs at least one word to find, not only words to exclude")
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def unit(self, depth: int) -> Node | Term | None:
        kind, value = self.take()
        if kind == "open":
            if depth >= 8:
                raise SearchSyntaxError("brackets are nested too deep")
            inner = self.expression(depth + 1)
            if self.peek() != ("close", ")"):
                raise SearchSyntaxError("a bracket is not closed: add ')'")
            self.take()
            return inner
        if kind == "phrase":
            return self.term(value, phrase=True)
        return self.word(value)

    def word(self, value: str) -> Term | None:
        if not _WORD.search(value):
            return None
        negated = value.startswith("-")
        if negated:
            value = value[1:]
        prefix = value.endswith("*")
        term = self.term(value.rstrip("*"), phrase=False, prefix=prefix)
        return Term(term.words, term.prefix, negated)

    def term(self, text: str, *, phrase: bool, prefix: bool = False) -> Term:
        words = tuple(w.lower() for w in _WORD.findall(text))
        if not words:
            what = "the phrase" if phrase else "the word"
            raise SearchSyntaxError(f"{what} {text!r} has no letters or digits to search for")
        self.count += len(words)
        if self.count > MAX_TERMS:
            raise SearchSyntaxError(f"the query is too long (more than {MAX_TERMS} words)")
        return Term(words, prefix)


def _negated(part: Node | Term) -> bool:
    return part.negated


def _negate(part: Node | Term) -> Node | Term:
    if isinstance(part, Term):
        return Term(part.words, part.prefix, not part.negated)
    return Node(part.op, part.children, not part.negated)


def parse(query: str) -> Node | Term:
    """The query's syntax tree; raises SearchSyntaxError when it cannot be read."""
    if not query or not query.strip():
        raise SearchSyntaxError("the query is empty: give at least one word")
    parser = _Parser(_lex(query))
    tree = parser.expression()
    if parser.peek() is not None:
        raise SearchSyntaxError("a closing bracket ')' has no opening bracket")
    return tree


# -- SQLite FTS5 ------------------------------------------------------------------------------------
def _fts5_term(term: Term) -> str:
    # The words as one double-quoted FTS5 string (a phrase when several); \w+ words hold no quote.
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def to_fts5(tree: Node | Term) -> str:
    """An FTS5 MATCH expression (pass it as a bound parameter)."""
    if isinstance(tree, Term):
        return _fts5_term(tree)
    if tree.op == "or":
        return "(" + " OR ".join(to_fts5(c) for c in tree.children) + ")"
    positive = [to_fts5(_negate(c) if c.negated else c) for c in tree.children if not c.negated]
    negative = [to_fts5(_negate(c)) for c in tree.children if c.negated]
    out = "(" + " AND ".join(positive) + ")"
    for item in negative:
        out += f" NOT {item}"
    return "(" + out + ")"


def to_fts5_any_in(tree: Node | Term, column: str) -> str:
    """An FTS5 expression matching stories with any of the query's positive terms in ``column``
    (a name from our schema, never user text)."""
    return "{" + column + "} : (" + " OR ".join(_fts5_term(t) for t in terms_of(tree)) + ")"


def terms_of(tree: Node | Term) -> list[Term]:
    """The positive terms (for highlighting)."""
    if isinstance(tree, Term):
        return [] if tree.negated else [tree]
    if tree.negated:
        return []
    return [t for c in tree.children for t in terms_of(c)]
