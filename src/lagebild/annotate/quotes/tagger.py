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

from .features import base_features, label_features

LABELS = ("O", "CUE", "SRC", "ADDR", "MSG")
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "quotes_de"


@dataclass
class LinearLayer:
    vocab: dict[str, int]
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)

    def lookup(self, feats: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids (-1 for unknown ones) of all rows in one flat array, and each row's length."""
        lens = np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))
        ids = np.fromiter(map(self.vocab.get, chain.from_iterable(feats), repeat(-1)), dtype=np.int64,
                          count=int(lens.sum()))
        return ids, lens

    def matrix_from(self, rows: int, parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> csr_matrix:
        """The CSR matrix whose row r holds, in order, the ids of part 0 for row r, then part 1 …;
        each part is (ids, row of each id). Unknown ids (-1) are dropped. Same matrix (entry
        order included) as :meth:`matrix` on the concatenated feature lists."""
        ids = np.concatenate([p[0] for p in parts])
        row = np.concatenate([p[1] for p in parts])
        order = np.argsort(row, kind="stable")
        ids, row = ids[order], row[order]
        known = ids >= 0
        per_row = np.bincount(row[known], minlength=rows)
        indptr = np.zeros(rows + 1, dtype=np.int32)
        np.cumsum(per_row, out=indptr[1:])
        cols = ids[known].astype(np.int32)
        return csr_matrix((np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(rows, len(self.vocab)))

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


def _per_token(ids: np.ndarray, lens: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Repeat each group's ids (``lens[g]`` consecutive entries of ``ids``) for every row whose
    group is ``group[row]``: (ids, row of each id)."""
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    rep = lens[group]
    first = np.repeat(np.cumsum(rep) - rep, rep)
    pos = np.repeat(starts[group], rep) + (np.arange(int(rep.sum())) - first)
    return ids[pos], np.repeat(np.arange(len(group)), rep)


@dataclass
class Tagger:
    pass1: LinearLayer
    pass2: LinearLayer
    extra_cues: frozenset[str]

    def __post_init__(self) -> None:
        # Pass 2 sees pass 1's features plus label features, and both vocabularies come from the
        # same documents with the same count threshold: pass-1 ids map to pass-2 ids, so the
        # shared features are built and looked up once. (-1, unknown, maps to -1.)
        to2 = np.full(len(self.pass1.vocab) + 1, -1, dtype=np.int64)
        for name, k in self.pass1.vocab.items():
            to2[k] = self.pass2.vocab.get(name, -1)
        self._to2 = to2

    def label_probs(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence a (tokens, labels) array of pass-2 scores (softmax probabilities).

        Same numbers as scoring :func:`doc_features` lists with both layers; the features every
        token of a sentence shares are looked up once per sentence and repeated."""
        lens = [len(s) for s in sentences]
        rows = sum(lens)
        if not rows:
            return [np.zeros((0, len(LABELS)), dtype=np.float32) for _ in sentences]
        base = base_features(sentences, self.extra_cues)
        tok_row = np.arange(rows)
        sent_of_tok = np.repeat(np.arange(len(sentences)), lens)
        ids_t, lens_t = self.pass1.lookup([f for s in base.tokens for f in s])
        ids_s, lens_s = self.pass1.lookup(base.sent)
        part_t = (ids_t, np.repeat(tok_row, lens_t))
        part_s = _per_token(ids_s, lens_s, sent_of_tok)
        x1 = self.pass1.matrix_from(rows, [part_t, part_s])
        lab1 = (np.asarray(x1 @ self.pass1.weights) + self.pass1.bias).argmax(1)
        labs: list[list[str]] = []
        k = 0
        for n in lens:
            labs.append([LABELS[int(x)] for x in lab1[k : k + n]])
            k += n
        lab_sent, lab_tok = label_features(base.context, labs)
        ids_ls, lens_ls = self.pass2.lookup(lab_sent)
        ids_lt, lens_lt = self.pass2.lookup([f for s in lab_tok for f in s])
        x2 = self.pass2.matrix_from(rows, [
            (self._to2[part_t[0]], part_t[1]), (self._to2[part_s[0]], part_s[1]),
            _per_token(ids_ls, lens_ls, sent_of_tok), (ids_lt, np.repeat(tok_row, lens_lt))])
        sc = np.asarray(x2 @ self.pass2.weights) + self.pass2.bias
        sc = np.exp(sc - sc.max(1, keepdims=True))
        sc /= sc.sum(1, keepdims=True)
        out = []
        k = 0
        for n in lens:
            out.append(sc[k : k + n])
            k += n
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
