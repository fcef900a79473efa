"""What a user types into the search box, turned into a safe full-text query for either backend.

Users type words, names with hyphens ("Kim Jong-un"), "phrases" (also „German“ or »French«
quotes), ``OR``/``ODER``/``|``, ``NOT``/``NICHT``/``-word``, brackets and ``word*``. :func:`parse`
reads any string into a small tree without ever raising (stray quotes, brackets and operators are
ignored), :func:`to_fts5` and :func:`to_tsquery` render it for SQLite FTS5 ``MATCH`` and
PostgreSQL ``to_tsquery('german', …)``. Every rendered word is a run of letters and digits inside
quotes, so no input reaches either query parser as syntax.

German word forms and compounds: a plain word of :data:`PREFIX_MIN_CHARS` or more is searched as a
prefix ("Gipfel" finds "Gipfeltreffen", "Gipfels"), and as the prefix of its lemma when that
differs ("Häfen" finds "Hafen", "Streiks" finds "Streik"); measured in ``bench/search_forms.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: Words shorter than this are matched exactly: a short prefix matches unrelated words
#: ("EU" would find "Europa", "Rat" "Ratte"), while from four letters on nearly every prefix hit
#: is a form or compound of the word (bench/search_forms.py).
PREFIX_MIN_CHARS = 4
#: Lemmas shorter than this are not added (simplemma maps some rare forms to short stems).
LEMMA_MIN_CHARS = 4
#: At most this many words are searched (the rest of a pasted paragraph is ignored): FTS5 and
#: tsquery cost grows with the expression, and no one means 30 words as a query.
MAX_TERMS = 16
#: Longer "words" are cut: no real word is longer, and FTS5 indexes tokens up to this size.
MAX_WORD_CHARS = 64
#: Longest input read at all.
MAX_INPUT_CHARS = 1000
#: Markers around hits in snippets (private-use characters: never in news text); templates split
#: on them with :func:`snippet_parts` and mark the hits, so no markup passes through the store.
HIT_START, HIT_END = "\ue000", "\ue001"

OR_WORDS = frozenset({"OR", "ODER", "|"})
AND_WORDS = frozenset({"AND", "UND", "&"})
NOT_WORDS = frozenset({"NOT", "NICHT"})
QUOTES = frozenset('"„“”»«‚')
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"\s+|[()]|[\"„“”»«‚]|[^\s()\"„“”»«‚]+")


@dataclass(frozen=True)
class Term:
    """One word (``words`` of length 1) or a phrase of adjacent words; ``prefix`` from ``word*``."""

    words: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Any_:
    items: tuple[Node, ...] = field(default_factory=tuple)


Node = Term | Not | All | Any_


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) tokens: "phrase", "word", "(", ")", "op"."""
    out: list[tuple[str, str]] = []
    toks = [t for t in _TOKEN.findall(text[:MAX_INPUT_CHARS]) if not t.isspace()]
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok in QUOTES:  # any quotation mark closes a phrase: people mix „…" and "…“
            j, words = i + 1, []
            while j < len(toks) and toks[j] not in QUOTES:
                words.append(toks[j])
                j += 1
            out.append(("phrase", " ".join(words)))
            i = j + 1  # an unclosed quote runs to the end
            continue
        if tok in "()":
            out.append((tok, tok))
        elif tok in OR_WORDS or tok in AND_WORDS or tok in NOT_WORDS:
            out.append(("op", tok))
        else:
            out.append(("word", tok))
        i += 1
    return out


def _term(raw: str, quoted: bool) -> Term | None:
    words = tuple(w.lower()[:MAX_WORD_CHARS] for w in _WORD.findall(raw)[:MAX_TERMS])
    if not words:
        return None
    prefix = not quoted and raw.rstrip().endswith("*") and len(words) == 1
    return Term(words, prefix=prefix, quoted=quoted or len(words) > 1)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.toks, self.i, self.terms = tokens, 0, 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expr(self, depth: int) -> Node | None:
        branches = []
        while (tok := self.peek()) is not None:
            if tok == (")", ")"):
                if depth:
                    break  # the caller consumes it
                self.i += 1  # a stray closing bracket
                continue
            if tok[0] == "op" and tok[1] in OR_WORDS:
                self.i += 1
                continue
            node = self.conj(depth)
            if node is not None:
                branches.append(node)
        return _flat(Any_, branches)

    def conj(self, depth: int) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None and not (tok[0] == "op" and tok[1] in OR_WORDS):
            if tok == (")", ")") and depth:
                break
            if tok == (")", ")") or (tok[0] == "op" and tok[1] in AND_WORDS):
                self.i += 1  # AND is implicit; a stray closing bracket means nothing
                continue
            node = self.unary(depth)
            if node is not None:
                items.append(node)
        return _flat(All, items)

    def unary(self, depth: int) -> Node | None:
        kind, value = self.toks[self.i]
        self.i += 1
        if kind == "op" and value in NOT_WORDS:
            if self.peek() is None or self.peek() == (")", ")"):
                return None
            inner = self.unary(depth)
            if isinstance(inner, Not):
                return inner.node
            return None if inner is None else Not(inner)
        if kind == "(":
            inner = self.expr(depth + 1) if depth < 8 else None
            if self.peek() == (")", ")"):
                self.i += 1
            return inner
        if kind == ")" or kind == "op":
            return None
        if self.terms >= MAX_TERMS:
            return None
        negate = kind == "word" and value.startswith("-") and len(value) > 1
        term = _term(value.lstrip("-+") if kind == "word" else value, quoted=kind == "phrase")
        if term is None:
            return None
        self.terms += 1
        return Not(term) if negate else term


def _flat(kind: type[All] | type[Any_], items: list[Node]) -> Node | None:
    out: list[Node] = []
    for it in items:
        out.extend(it.items if isinstance(it, kind) else (it,))
    if not out:
        return None
    return out[0] if len(out) == 1 else kind(tuple(out))


def parse(text: str | None) -> Node | None:
    """The query tree of ``text``, or None when it holds nothing to search. Never raises."""
    if not text or not isinstance(text, str):
        return None
    return _Parser(_lex(text)).expr(0)


@lru_cache(maxsize=4096)
def lemma_of(word: str) -> str | None:
    """The German (else English) lemma of ``word`` when it differs and is long enough, lowercased."""
    import simplemma

    try:
        lemma = simplemma.lemmatize(word, lang=("de", "en")).lower()
    except (ValueError, KeyError):  # simplemma refuses some odd inputs; then there is no lemma
        return None
    lemma = "".join(_WORD.findall(lemma))
    if lemma == word or len(lemma) < LEMMA_MIN_CHARS:
        return None
    return lemma


def variants(term: Term, expand: bool = True) -> list[tuple[tuple[str, ...], bool]]:
    """The (words, prefix) alternatives one term is searched as."""
    if term.quoted or len(term.words) > 1:
        return [(term.words, False)]
    word = term.words[0]
    if term.prefix:
        return [(term.words, True)]
    if not expand or len(word) < PREFIX_MIN_CHARS or word.isdigit():
        return [(term.words, False)]
    out: list[tuple[tuple[str, ...], bool]] = [((word,), True)]
    lemma = lemma_of(word)
    if lemma and not lemma.startswith(word) and not word.startswith(lemma):
        out.append(((lemma,), True))
    elif lemma and word.startswith(lemma):  # "Streiks" -> "Streik": the lemma's prefix covers both
        out = [((lemma,), True)]
    return out


def _render(node: Node, dialect: str, expand: bool) -> str | None:
    """One node in FTS5 or tsquery syntax; None when it cannot match anything by itself
    (a lone negation: neither engine can list everything that lacks a word)."""
    if isinstance(node, Term):
        alts = [_alt(words, prefix, dialect) for words, prefix in variants(node, expand)]
        if len(alts) == 1:
            return alts[0]
        return "(" + (" OR " if dialect == "fts5" else " | ").join(alts) + ")"
    if isinstance(node, Not):
        return None
    if isinstance(node, Any_):
        parts = [p for p in (_render(n, dialect, expand) for n in node.items) if p]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + (" OR " if dialect == "fts5" else " | ").join(parts) + ")"
    pos = [p for p in (_render(n, dialect, expand) for n in node.items if not isinstance(n, Not)) if p]
    neg = [p for p in (_render(n.node, dialect, expand) for n in node.items if isinstance(n, Not)) if p]
    if not pos:
        return None
    if dialect == "fts5":
        out = "(" + " AND ".join(pos) + ")" if len(pos) > 1 else pos[0]
        for n in neg:
            out = f"({out} NOT {n})"
        return out
    return "(" + " & ".join(pos + [f"!{n}" for n in neg]) + ")"


def _alt(words: tuple[str, ...], prefix: bool, dialect: str) -> str:
    if dialect == "fts5":
        return '"' + " ".join(words) + '"' + ("*" if prefix else "")
    star = ":*" if prefix else ""
    return "(" + " <-> ".join(f"'{w}'{star if i == len(words) - 1 else ''}" for i, w in enumerate(words)) + ")"


def to_fts5(node: Node | None, expand: bool = True) -> str | None:
    """An FTS5 MATCH expression, or None when there is nothing to search."""
    return None if node is None else _render(node, "fts5", expand)


def to_tsquery(node: Node | None, expand: bool = True) -> str | None:
    """Input for PostgreSQL ``to_tsquery('german', …)``, or None when there is nothing to search."""
    return None if node is None else _render(node, "tsquery", expand)


def fts5_match(text: str | None, expand: bool = True) -> str | None:
    return to_fts5(parse(text), expand)


def pg_tsquery(text: str | None, expand: bool = True) -> str | None:
    return to_tsquery(parse(text), expand)


#: FTS5 bm25 column weights (title, text): a word in the headline says more than one in the body.
TITLE_WEIGHT, TEXT_WEIGHT = 3.0, 1.0
#: Snippet length in tokens (SQLite) / words (PostgreSQL).
SNIPPET_TOKENS = 16
PG_HEADLINE = (f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_TOKENS}, MinWords=6, "
               'MaxFragments=2, FragmentDelimiter=" … "')


def search(store: Any, text: str | None, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Articles matching what the user typed, best first: id, title, published, outlet, snippet
    (hits between :data:`HIT_START`/:data:`HIT_END`), score. Empty when ``text`` holds nothing to
    search; never a syntax error, whatever ``text`` is."""
    node = parse(text)
    if node is None:
        return []
    if store.dialect == "postgresql":
        tsq = to_tsquery(node)
        if tsq is None:
            return []
        rows = store.execute(
            "SELECT s.id, s.title, s.published, s.outlet, ts_headline('german', a.text, s.q, ?) AS snippet, s.score"
            " FROM (SELECT a.id, a.title, a.published, a.outlet, q, -ts_rank(a.fts, q) AS score"
            "  FROM articles a, to_tsquery('german', ?) AS q WHERE a.fts @@ q ORDER BY score, a.id LIMIT ? OFFSET ?"
            ") s JOIN articles a ON a.id = s.id ORDER BY s.score, s.id",
            (PG_HEADLINE, tsq, limit, offset)).fetchall()
        return [dict(r) for r in rows]
    match = to_fts5(node)
    if match is None:
        return []
    rows = store.execute(
        "SELECT a.id, a.title, a.published, a.outlet,"
        f" snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', ' … ', {SNIPPET_TOKENS}) AS snippet,"
        f" bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ? OFFSET ?", (match, limit, offset)).fetchall()
    return [dict(r) for r in rows]


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """A snippet with :data:`HIT_START`/:data:`HIT_END` markers as (text, is_hit) parts."""
    parts: list[tuple[str, bool]] = []
    hit = False
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet or ""):
        if piece == HIT_START:
            hit = True
        elif piece == HIT_END:
            hit = False
        elif piece:
            parts.append((piece, hit))
    return parts


__all__ = ["HIT_END", "HIT_START", "Node", "Term", "fts5_match", "parse", "pg_tsquery", "search", "snippet_parts",
           "to_fts5", "to_tsquery", "variants"]
