"""The trained part: a two-pass linear token tagger (labels O, CUE, SRC, ADDR, MSG).

Pass 1 sees word, shape, quotation and cue-lexicon features; pass 2 adds pass 1's labels of the
neighbouring tokens and sentences (stacking, trained on cross-validated pass-1 output), which
gives CRF-like label context with a plain logistic regression. Weights live in
``lagebild/models/quotes_de/`` as compressed numpy arrays; ``scripts/train_quotes.py`` rebuilds them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from .features import doc_features

LABELS = ("O", "CUE", "SRC", "ADDR", "MSG")
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "quotes_de"


@dataclass
class LinearLayer:
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)

    def matrix(self, feats: Sequence[Sequence[str]]) -> csr_matrix:
        # one C-level pass over all feature strings (unknown ones -> -1), then numpy drops the
        # unknown ones and counts per row: the same CSR matrix as a per-token Python loop, 3x faster
        lens = np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))
        ids = np.fromiter(map(self.vocab.get, chain.from_iterable(feats), repeat(-1)), dtype=np.int64,
                          count=int(lens.sum()))
        known = ids >= 0
        per_row = np.bincount(np.repeat(np.arange(len(feats)), lens)[known], minlength=len(feats))
        indptr = np.zeros(len(feats) + 1, dtype=np.int32)
        np.cumsum(per_row, out=indptr[1:])
        cols = ids[known].astype(np.int32)
        data = np.ones(len(cols), dtype=np.float32)
        return csr_matrix((data, cols, indptr), shape=(len(feats), len(self.vocab)))

    def scores(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        if not feats:
            return np.zeros((0, len(self.bias)), dtype=np.float32)
        return np.asarray(self.matrix(feats) @ self.weights) + self.bias

    def save(self, path: Path) -> None:
        names = np.array(sorted(self.vocab, key=self.vocab.__getitem__))
        np.savez_compressed(path, vocab=names, weights=self.weights.astype(np.float16), bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> LinearLayer:
        with np.load(path) as z:
            names = [str(x) for x in z["vocab"]]
            return cls({n: i for i, n in enumerate(names)}, z["weights"].astype(np.float32),
                       z["bias"].astype(np.float32))


@dataclass
class Tagger:
    pass1: LinearLayer
    pass2: LinearLayer
    extra_cues: frozenset[str]

    def label_probs(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence a (tokens, labels) array of pass-2 scores (softmax probabilities)."""
        f1 = doc_features(sentences, self.extra_cues)
        flat1 = [f for s in f1 for f in s]
        lab1 = self.pass1.scores(flat1).argmax(1)
        labs: list[list[str]] = []
        k = 0
        for s in sentences:
            labs.append([LABELS[int(x)] for x in lab1[k : k + len(s)]])
            k += len(s)
        f2 = doc_features(sentences, self.extra_cues, labs)
        sc = self.pass2.scores([f for s in f2 for f in s])
        sc = np.exp(sc - sc.max(1, keepdims=True))
        sc /= sc.sum(1, keepdims=True)
        out = []
        k = 0
        for s in sentences:
            out.append(sc[k : k + len(s)])
            k += len(s)
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.pass1.save(folder / "pass1.npz")
        self.pass2.save(folder / "pass2.npz")
        meta = {"labels": list(LABELS), "extra_cues": sorted(self.extra_cues)}
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0), encoding="utf-8")


@lru_cache(maxsize=2)
def load_tagger(folder: Path = MODEL_DIR) -> Tagger | None:
    """The committed German tagger, or None when its files are missing (rules then work alone)."""
    if not (folder / "meta.json").exists():
        return None
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return Tagger(LinearLayer.load(folder / "pass1.npz"), LinearLayer.load(folder / "pass2.npz"),
                  frozenset(meta["extra_cues"]))
