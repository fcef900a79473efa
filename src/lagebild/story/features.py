"""What the story clustering compares: hashed lemma and entity vectors, an online IDF, an embedding.

An article becomes an :class:`ArticleFeatures`: sparse term vector over lemma hashes (simplemma;
title and lead count twice), a sparse entity vector over canonical entity keys (the ``entities``
layer's ``canonical`` attribute, or proper-noun-looking tokens when no NER ran), the multilingual
USE sentence embedding of title + lead, and the publication interval in days. Term and entity
weights are TF-IDF against :class:`OnlineIdf`: document frequencies over a fixed hash space, so
the vocabulary never has to be known in advance and the table has constant size.
"""

from __future__ import annotations

import math
import re
import struct
import threading
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from ..model import Article, PubDate
from .lexicon import ADJECTIVE_ENDINGS_DE, CLUSTER_STOPWORDS, NOUN_MARKERS_DE
from .signature import actor_key, happening_day, happening_kinds

#: Hash buckets for terms and entities; 2^20 keeps collisions rare (<1% of a 100k vocabulary)
#: while the document-frequency table stays at 4 MB.
HASH_BITS = 20
HASH_MASK = (1 << HASH_BITS) - 1
#: Characters of body text read for terms: the top of a news article says what it is about,
#: and capping keeps long articles from costing more than short ones.
MAX_BODY_CHARS = 6000
#: Characters of title + lead fed to the sentence encoder (USE works on sentence-length input).
LEAD_CHARS = 300
#: Title and lead terms count this many times: they name the happening, the body elaborates.
LEAD_BOOST = 2.0
#: Terms kept per article vector (largest weights); the tail adds noise and time, not signal.
MAX_ARTICLE_TERMS = 150
#: Shortest lemma kept as a term.
MIN_TERM_CHARS = 3
#: Weight of each token of a multi-word entity name next to the whole name (weight 1).
NAME_TOKEN_WEIGHT = 0.5
#: Cap of the term cache (token -> bucket); cleared when full so memory stays bounded.
TERM_CACHE_MAX = 400_000

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_SENT_END = re.compile(r"[.!?:]\s*$")

SparseVec = dict[int, float]


def bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) & HASH_MASK


class OnlineIdf:
    """Document frequencies over hash buckets, updated one document at a time."""

    def __init__(self, df: np.ndarray | None = None, n_docs: int = 0) -> None:
        self.df = df if df is not None else np.zeros(1 << HASH_BITS, dtype=np.int32)
        self.n_docs = n_docs
        self.touched: set[int] = set()

    def observe(self, keys: set[int]) -> None:
        if keys:
            idx = np.fromiter(keys, dtype=np.int64, count=len(keys))
            self.df[idx] += 1
            self.touched.update(keys)
        self.n_docs += 1

    def weights(self, counts: dict[int, float]) -> SparseVec:
        """Sublinear TF times smoothed IDF, L2-normalised."""
        if not counts:
            return {}
        keys = list(counts)
        dfs = self.df[np.asarray(keys, dtype=np.int64)]
        n = self.n_docs + 1
        vec = {k: (1.0 + math.log(c)) * (math.log(n / (1.0 + float(d))) + 1.0)
               for k, c, d in zip(keys, counts.values(), dfs, strict=True)}
        return normalise(vec)


def normalise(vec: SparseVec, keep: int | None = None) -> SparseVec:
    if keep is not None and len(vec) > keep:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:keep])
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm > 0 else {}


def dot(a: SparseVec, b: SparseVec) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


@dataclass(slots=True)
class ArticleFeatures:
    article_id: str
    terms: SparseVec
    entities: SparseVec
    embedding: np.ndarray | None
    start: int | None  # first day of the publication interval (date ordinal), None when undated
    end: int | None  # last day of the interval (a month-granular date covers the whole month)
    title: str
    title_terms: SparseVec = field(default_factory=dict)
    has_title: bool = False  # a real headline, not the first line of the text
    actors: SparseVec = field(default_factory=dict)  # the entities that are no places
    kinds: frozenset[str] = frozenset()  # happening kinds (signature.happening_kinds)
    day: int | None = None  # the day of the happening the lead reports (date ordinal)
    lang: str = ""

    def top_keys(self, n: int) -> list[int]:
        ranked = sorted(self.terms.items(), key=lambda kv: -kv[1])[:n]
        return [k for k, _ in ranked] + list(self.entities)


def interval(pub: PubDate | None) -> tuple[int | None, int | None]:
    """(first day, last day) as date ordinals of the period a publication date covers."""
    if pub is None:
        return None, None
    try:
        first = pub.day()
    except (ValueError, IndexError):
        return None, None
    if pub.granularity == "year":
        last = date(first.year, 12, 31)
    elif pub.granularity == "month":
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
    else:
        last = first
    return first.toordinal(), last.toordinal()


class Featurizer:
    """Turns articles into :class:`ArticleFeatures`; owns the online IDF and the encoder."""

    def __init__(self, idf: OnlineIdf | None = None, use_encoder: bool = True) -> None:
        self.idf = idf or OnlineIdf()
        self.use_encoder = use_encoder
        self._cache: dict[tuple[str, str], int | None] = {}
        self._encoder: Any = None
        self._lock = threading.Lock()

    # -- text pieces --------------------------------------------------------------------------
    def title_of(self, article: Article) -> str:
        if article.title:
            return article.title.strip()
        first = article.text.strip().split("\n", 1)[0].strip()
        return first[:160].rsplit(" ", 1)[0] + " …" if len(first) > 160 else first

    def lead_of(self, article: Article) -> str:
        text = article.text.strip()
        title = article.title.strip() if article.title else ""
        lead = text[:LEAD_CHARS]
        if len(text) > LEAD_CHARS:
            lead = lead.rsplit(" ", 1)[0]
        return f"{title}. {lead}" if title and not text.startswith(title) else lead

    def _term(self, token: str, lang: str) -> int | None:
        key = (token, lang)
        hit = self._cache.get(key, -1)
        if hit != -1:
            return hit
        import simplemma

        low = token.lower()
        value: int | None = None
        if len(low) >= MIN_TERM_CHARS and low not in CLUSTER_STOPWORDS.get(lang, CLUSTER_STOPWORDS["en"]):
            try:
                lemma = simplemma.lemmatize(token, lang).lower()
            except ValueError:  # language simplemma does not know
                lemma = low
            if lemma not in CLUSTER_STOPWORDS.get(lang, CLUSTER_STOPWORDS["en"]):
                value = bucket("w:" + lemma)
        if len(self._cache) >= TERM_CACHE_MAX:
            self._cache.clear()
        self._cache[key] = value
        return value

    def term_counts(self, text: str, lang: str, weight: float = 1.0,
                    counts: dict[int, float] | None = None) -> dict[int, float]:
        counts = {} if counts is None else counts
        for m in _TOKEN.finditer(text):
            b = self._term(m.group(), lang)
            if b is not None:
                counts[b] = counts.get(b, 0.0) + weight
        return counts

    def entity_counts(self, article: Article, lang: str) -> dict[int, float]:
        """Canonical entity keys from the NER layer; proper-noun tokens when there is none."""
        return self.entity_and_actor_counts(article, lang)[0]

    def entity_and_actor_counts(self, article: Article, lang: str) -> tuple[dict[int, float], dict[int, float]]:
        """Entity counts (see :meth:`entity_counts`) and those of the actors among them (people,
        organisations, named things: every entity but places; none without an NER layer)."""
        counts: dict[int, float] = {}
        actors: dict[int, float] = {}
        spans = article.spans("entities")
        if spans:
            from ..link.variants import spelling_key

            for s in spans:
                canon = s.attrs.get("canonical")
                name = str(canon).split(":", 1)[-1] if canon else spelling_key(s.text_of(article.text))
                label = str(canon).split(":", 1)[0] if canon and ":" in str(canon) else s.label
                keys = [(bucket("e:" + name), 1.0)]
                # the name's tokens too: "kim" matches "kim jong un" in another article, and the
                # keys are those of the proper-noun fallback, so stores with and without NER agree
                parts = name.split()
                if len(parts) > 1:
                    keys += [(bucket("e:" + tok), NAME_TOKEN_WEIGHT) for tok in parts if len(tok) >= MIN_TERM_CHARS]
                for b, w in keys:
                    counts[b] = counts.get(b, 0.0) + w
                    if actor_key(label):
                        actors[b] = actors.get(b, 0.0) + w
            return counts, actors
        for name in proper_nouns(article.text[:MAX_BODY_CHARS], lang):
            b = bucket("e:" + name)
            counts[b] = counts.get(b, 0.0) + 1.0
        return counts, actors

    def embed(self, texts: list[str]) -> np.ndarray | None:
        if not self.use_encoder or not texts:
            return None
        with self._lock:
            if self._encoder is None:
                from ..encoder import use_encoder

                self._encoder = use_encoder()  # shared with NER, one BLAS thread
            out = np.asarray(self._encoder.encode(texts), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.maximum(norms, 1e-9), dtype=np.float32)

    # -- the record ------------------------------------------------------------------------------
    def features(self, article: Article, embedding: np.ndarray | None = None,
                 observe: bool = True) -> ArticleFeatures:
        """Features of one article; ``observe`` counts it into the IDF first (online update)."""
        lang = (article.language or "de")[:2]
        title = self.title_of(article)
        lead = self.lead_of(article)
        counts = self.term_counts(lead, lang, LEAD_BOOST)
        body = article.text[:MAX_BODY_CHARS]
        self.term_counts(body[len(lead):] if body.startswith(lead) else body, lang, 1.0, counts)
        ents, actors = self.entity_and_actor_counts(article, lang)
        if observe:
            self.idf.observe(set(counts) | set(ents))
        terms = self.idf.weights(counts)
        if len(terms) > MAX_ARTICLE_TERMS:
            terms = normalise(terms, MAX_ARTICLE_TERMS)
        title_terms = {k: terms.get(k, 0.0) for k in self.term_counts(title, lang)}
        if embedding is None and self.use_encoder:
            emb = self.embed([lead])
            embedding = None if emb is None else emb[0]
        start, end = interval(article.published)
        day = happening_day(article)
        return ArticleFeatures(article.id, terms, self.idf.weights(ents), embedding, start, end, title,
                               title_terms, bool(article.title and article.title.strip()),
                               self.idf.weights(actors), happening_kinds(article, title, lang),
                               start if day is None else day, lang)


def proper_nouns(text: str, lang: str) -> list[str]:
    """Name-like tokens when no NER layer exists: capitalised, not sentence-initial, and (German,
    where every noun is capitalised) not after an article, determiner or inflected adjective."""
    from ..link.variants import spelling_token

    out: list[str] = []
    prev = ""
    prev_end = 0
    stop = CLUSTER_STOPWORDS.get(lang, CLUSTER_STOPWORDS["en"])
    for m in _TOKEN.finditer(text):
        tok = m.group()
        initial = prev == "" or bool(_SENT_END.search(text[max(0, prev_end - 2):m.start()]))
        if tok[0].isupper() and not initial and tok.lower() not in stop and len(tok) > 1:
            acronym = tok.isupper()
            if lang == "de" and not acronym:
                p = prev.lower()
                noun = p in NOUN_MARKERS_DE or (prev.islower() and p.endswith(ADJECTIVE_ENDINGS_DE))
                if not noun:
                    out.append(spelling_token(tok.rstrip("s") if tok.endswith("s") and len(tok) > 4 else tok))
            else:
                out.append(spelling_token(tok))
        prev, prev_end = tok, m.end()
    return out


#: Terms kept when an article's features are stored for a later split check.
STORED_TERMS = 64
_FEAT_HEAD = struct.Struct("<iiiii")


def pack_features(f: ArticleFeatures) -> bytes:
    """Compact features for the store: top terms, entities (float16), embedding as int8."""
    terms = sorted(f.terms.items(), key=lambda kv: -kv[1])[:STORED_TERMS]
    ents = sorted(f.entities.items(), key=lambda kv: -kv[1])[:STORED_TERMS]
    emb = b"" if f.embedding is None else np.clip(np.round(f.embedding * 127), -127, 127).astype(np.int8).tobytes()
    head = _FEAT_HEAD.pack(-1 if f.start is None else f.start, -1 if f.end is None else f.end,
                           len(terms), len(ents), len(emb))
    parts = [head]
    for items in (terms, ents):
        parts.append(np.asarray([k for k, _ in items], dtype=np.int32).tobytes())
        parts.append(np.asarray([v for _, v in items], dtype=np.float16).tobytes())
    parts.append(emb)
    parts.append(pack_signature(f.actors, dict.fromkeys(sorted(f.kinds), 1.0), f.day, lang_bits(f.lang)))
    return b"".join(parts)


def unpack_features(article_id: str, data: bytes) -> ArticleFeatures:
    start, end, nt, ne, nemb = _FEAT_HEAD.unpack_from(data)
    off = _FEAT_HEAD.size
    vecs = []
    for count in (nt, ne):
        keys = np.frombuffer(data, dtype=np.int32, count=count, offset=off)
        off += 4 * count
        vals = np.frombuffer(data, dtype=np.float16, count=count, offset=off)
        off += 2 * count
        vecs.append(normalise(dict(zip(keys.tolist(), vals.astype(np.float32).tolist(), strict=True))))
    emb = None
    if nemb:
        raw = np.frombuffer(data, dtype=np.int8, count=nemb, offset=off).astype(np.float32)
        emb = raw / max(float(np.linalg.norm(raw)), 1e-9)
    off += nemb
    actors, kinds, day, langs = unpack_signature(data, off)
    return ArticleFeatures(article_id, vecs[0], vecs[1], emb, None if start < 0 else start,
                           None if end < 0 else end, "", actors=actors, kinds=frozenset(kinds),
                           day=day if day is not None else (None if start < 0 else start),
                           lang=next((k for k, v in LANG_BITS.items() if v == langs), ""))


#: Languages as bits (a cluster holds the set of its members' languages).
LANG_BITS = {"de": 1, "en": 2}
OTHER_LANG_BIT = 4
_SIG_HEAD = struct.Struct("<2siiii")
_SIG_MAGIC = b"S1"


def lang_bits(lang: str) -> int:
    return LANG_BITS.get(lang[:2], OTHER_LANG_BIT) if lang else 0


def pack_signature(actors: SparseVec, kinds: dict[str, float], day: int | None, langs: int) -> bytes:
    """The happening signature as a trailer of stored features and centroids (actors as
    float32 weights, kinds with their counts, the happening day, the language bits)."""
    ak = np.fromiter(actors, dtype=np.int32, count=len(actors))
    av = np.fromiter(actors.values(), dtype=np.float32, count=len(actors))
    kn = "|".join(f"{k}={v:g}" for k, v in sorted(kinds.items())).encode()
    return (_SIG_HEAD.pack(_SIG_MAGIC, -1 if day is None else day, langs, len(ak), len(kn))
            + ak.tobytes() + av.tobytes() + kn)


def unpack_signature(data: bytes, off: int) -> tuple[SparseVec, dict[str, float], int | None, int]:
    """What :func:`pack_signature` wrote at ``off`` (empty when the blob predates it)."""
    if len(data) < off + _SIG_HEAD.size or data[off:off + 2] != _SIG_MAGIC:
        return {}, {}, None, 0
    _, day, langs, na, nk = _SIG_HEAD.unpack_from(data, off)
    off += _SIG_HEAD.size
    ak = np.frombuffer(data, dtype=np.int32, count=na, offset=off)
    av = np.frombuffer(data, dtype=np.float32, count=na, offset=off + 4 * na)
    off += 8 * na
    kinds = {}
    for item in data[off:off + nk].decode().split("|") if nk else ():
        k, v = item.split("=")
        kinds[k] = float(v)
    return dict(zip(ak.tolist(), av.tolist(), strict=True)), kinds, None if day < 0 else day, langs
