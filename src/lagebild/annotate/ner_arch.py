"""The NER model's word embedding layer: spaCy's ``MultiHashEmbed`` (hashed token attributes and
static vectors) plus, with ``subword_rows > 0``, a learned bag of the word's character n-grams,
registered as ``lagebild.NerEmbed.v1``.

The n-grams (lowercased, with ``<``/``>`` marking the word's start and end, n in ``subword_n``) are
hashed into one table learned from the labelled data and averaged, as fastText builds a word from
its pieces: German compounds and inflected or unseen names share pieces with words seen in training
("Bundesverkehrsministerium", "Verkehrsministers").

:func:`register` runs before a model is loaded (:mod:`lagebild.annotate.ner`) and in the
training script, so that spaCy finds the architecture named in the model's config.
"""

from __future__ import annotations

import zlib
from functools import cache
from typing import Any

import numpy as np

#: Words whose n-gram ids are remembered (bounded so a long-running process keeps its memory).
SUBWORD_MEMO_MAX = 200_000


def ngram_ids(word: str, sizes: tuple[int, ...], rows: int) -> np.ndarray:
    """Hashed table rows of the character n-grams of ``<word>`` (lowercased); a word shorter than
    every n-gram size gets the row of its whole marked form."""
    marked = f"<{word.lower()}>"
    grams = [marked[i : i + n] for n in sizes for i in range(len(marked) - n + 1)] or [marked]
    return np.fromiter((zlib.crc32(g.encode("utf-8")) % rows for g in grams), dtype=np.int64, count=len(grams))


def subword_embed(width: int, rows: int, sizes: tuple[int, ...]) -> Any:
    """Model[list[Doc], Ragged]: per token, the mean of its n-gram rows of a learned table."""
    from thinc.api import Model
    from thinc.types import Ragged

    memo: dict[str, np.ndarray] = {}

    def ids_of(word: str) -> np.ndarray:
        got = memo.get(word)
        if got is None:
            if len(memo) > SUBWORD_MEMO_MAX:
                memo.clear()
            got = memo[word] = ngram_ids(word, sizes, rows)
        return got

    def init(model: Any, X: Any = None, Y: Any = None) -> None:
        scale = 1.0 / np.sqrt(width)
        table = model.ops.xp.asarray(np.random.uniform(-scale, scale, (rows, width)).astype("float32"))
        model.set_param("E", table)

    def forward(model: Any, docs: list[Any], is_train: bool) -> tuple[Any, Any]:
        table = model.get_param("E")
        per_tok = [ids_of(t.text) for doc in docs for t in doc]
        doc_lens = np.array([len(doc) for doc in docs], dtype="int32")
        if not per_tok:
            return Ragged(model.ops.alloc2f(0, width), model.ops.asarray1i(doc_lens)), lambda d: []
        counts = np.array([len(a) for a in per_tok], dtype=np.int64)
        ids = np.concatenate(per_tok)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        out = np.add.reduceat(table[ids], starts, axis=0) / counts[:, None].astype("float32")

        def backprop(d_out: Any) -> list[Any]:
            grad = np.repeat(d_out.data / counts[:, None].astype("float32"), counts, axis=0)
            d_table = np.zeros_like(table)
            np.add.at(d_table, ids, grad)
            model.inc_grad("E", d_table)
            return []

        return Ragged(out.astype("float32"), model.ops.asarray1i(doc_lens)), backprop

    return Model("subword_embed", forward, init=init, dims={"nO": width, "nV": rows}, params={"E": None})


@cache
def register() -> None:
    """Register ``lagebild.NerEmbed.v1`` with spaCy (once per process)."""
    from spacy.ml.featureextractor import FeatureExtractor
    from spacy.ml.staticvectors import StaticVectors
    from spacy.util import registry
    from thinc.api import HashEmbed, Maxout, chain, concatenate, list2ragged, ragged2list, with_array

    @registry.architectures("lagebild.NerEmbed.v1")
    def ner_embed(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                  subword_rows: int = 0, subword_width: int = 64,
                  subword_n: list[int] = [3, 4, 5]) -> Any:  # noqa: B006 (a config value, never mutated)
        if len(rows) != len(attrs):
            raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
        embeds: list[Any] = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(rows)]
        parts: list[Any] = [chain(FeatureExtractor(attrs), list2ragged(), with_array(concatenate(*embeds)))]
        size = width * len(attrs)
        if include_static_vectors:
            parts.append(StaticVectors(width, dropout=0.0))
            size += width
        if subword_rows:
            parts.append(subword_embed(subword_width, subword_rows, tuple(subword_n)))
            size += subword_width
        return chain(concatenate(*parts), with_array(Maxout(width, size, nP=3, dropout=0.0, normalize=True)),
                     ragged2list())

