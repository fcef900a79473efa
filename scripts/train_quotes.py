"""Train the German attribution tagger (src/lagebild/models/quotes_de/) from SpkAtt-2023.

Reads ../shared/data/spkatt2023_task2_de_wikinews_quotes/data/train (never dev/), optionally the
parliament set (Task 1 train). ``--holdout N`` keeps the last N train documents out and scores
them with the task's definitions (that is the tuning set); without it the committed model is
trained on all train documents.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_quotes.py            # the committed model
    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_quotes.py --holdout 140 --out /tmp/qcv/h140
    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_quotes.py --holdout 140 --holdout-at 0 --out /tmp/qcv/h0
(then bench/quotes_cv.py scores the full pipeline on the held-out documents)
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from lagebild.annotate.quotes import lexicon_de as lx
from lagebild.annotate.quotes.extract import to_spkatt
from lagebild.annotate.quotes.features import doc_features
from lagebild.annotate.quotes.spkatt import Document, read_dir, read_document, score
from lagebild.annotate.quotes.tagger import LABELS, MODEL_DIR, LinearLayer, Tagger

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TRAIN = DATA / "spkatt2023_task2_de_wikinews_quotes" / "data" / "train" / "task2"
PARL = DATA / "spkatt2023_task1_de_parliament" / "data" / "train" / "task1"
#: Features seen fewer times are dropped (keeps the model small, removes one-off noise).
MIN_FEATURE_COUNT = 2
#: A word labelled as cue this often in train joins the learned cue lexicon.
MIN_CUE_COUNT = 2
PRIORITY = {"CUE": 4, "SRC": 3, "ADDR": 2, "MSG": 1, "O": 0}


def token_labels(doc: Document) -> list[list[str]]:
    offs = doc.offsets
    flat = ["O"] * offs[-1]
    for a in doc.annotations:
        if a.nested:
            continue
        for role, lab in (("Message", "MSG"), ("Addr", "ADDR"), ("Source", "SRC"), ("Cue", "CUE")):
            for t in a.get(role):
                if PRIORITY[lab] > PRIORITY[flat[t]]:
                    flat[t] = lab
    return [flat[offs[i] : offs[i + 1]] for i in range(len(doc.sentences))]


def read_parliament(folder: Path) -> list[Document]:
    docs = []
    for p in sorted(folder.glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if any("Message" not in a for a in d["Annotations"]):
            continue
        d["Annotations"] = [dict(a, Form="Indirect", IsNested=False) for a in d["Annotations"] if a["Message"]]
        tmp = Path("/tmp") / f"parl_{p.name}"
        tmp.write_text(json.dumps(d), encoding="utf-8")
        docs.append(read_document(tmp))
        tmp.unlink()
    return docs


def learned_cues(docs: Sequence[Document]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        flat = [t.lower() for s in doc.sentences for t in s]
        for a in doc.annotations:
            for t in a.get("Cue"):
                counts[flat[t]] += 1
    known = lx.CUE_VERBS | lx.CUE_PREPS
    return frozenset(w for w, c in counts.items() if c >= MIN_CUE_COUNT and w.isalpha() and w not in known)


def fit(feats: list[list[str]], y: list[int], c: float) -> LinearLayer:
    counts: Counter[str] = Counter(f for fs in feats for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    layer = LinearLayer(vocab, np.zeros((len(vocab), len(LABELS)), np.float32), np.zeros(len(LABELS), np.float32))
    x = layer.matrix(feats)
    clf = LogisticRegression(C=c, max_iter=300)
    clf.fit(x, y)
    w = np.zeros((len(vocab), len(LABELS)), np.float32)
    b = np.zeros(len(LABELS), np.float32) - 30.0  # labels never seen stay impossible
    for k, cls in enumerate(clf.classes_):
        w[:, cls] = clf.coef_[k]
        b[cls] = clf.intercept_[k]
    layer.weights, layer.bias = w, b
    return layer


def flatten(docs: Sequence[Document], cues: frozenset[str], prev: list[list[list[str]]] | None = None
            ) -> tuple[list[list[str]], list[int]]:
    xs: list[list[str]] = []
    ys: list[int] = []
    for k, doc in enumerate(docs):
        f = doc_features(doc.sentences, cues, prev[k] if prev is not None else None)
        for fs, labs in zip(f, token_labels(doc), strict=True):
            xs.extend(fs)
            ys.extend(LABELS.index(lab) for lab in labs)
    return xs, ys


def predict_labels(layer: LinearLayer, docs: Sequence[Document], cues: frozenset[str]) -> list[list[list[str]]]:
    out = []
    for doc in docs:
        f = doc_features(doc.sentences, cues)
        lab = layer.scores([x for s in f for x in s]).argmax(1)
        k, labs = 0, []
        for s in doc.sentences:
            labs.append([LABELS[int(v)] for v in lab[k : k + len(s)]])
            k += len(s)
        out.append(labs)
    return out


def train(docs: list[Document], c: float, folds: int = 3) -> Tagger:
    cues = learned_cues(docs)
    t0 = time.time()
    x1, y1 = flatten(docs, cues)
    pass1 = fit(x1, y1, c)
    print(f"pass1: {len(x1)} tokens, {len(pass1.vocab)} features, {time.time() - t0:.0f}s", flush=True)
    # Cross-validated pass-1 labels, so pass 2 learns from realistic (imperfect) neighbours.
    prev: list[list[list[str]]] = [[] for _ in docs]
    for k in range(folds):
        tr = [d for i, d in enumerate(docs) if i % folds != k]
        layer = fit(*flatten(tr, cues), c)
        held = [i for i in range(len(docs)) if i % folds == k]
        for i, labs in zip(held, predict_labels(layer, [docs[i] for i in held], cues), strict=True):
            prev[i] = labs
    x2, y2 = flatten(docs, cues, prev)
    pass2 = fit(x2, y2, c)
    print(f"pass2: {len(pass2.vocab)} features, {time.time() - t0:.0f}s", flush=True)
    return Tagger(pass1, pass2, cues)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--holdout", type=int, default=0, help="keep the last N train docs for tuning")
    ap.add_argument("--holdout-at", type=int, default=None, help="first held-out doc (default: the last N)")
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    ap.add_argument("--parliament", action="store_true", help="add the Task 1 parliament train set")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    args = ap.parse_args()
    docs = read_dir(TRAIN)
    start = len(docs) - args.holdout if args.holdout_at is None else args.holdout_at
    held = docs[start : start + args.holdout] if args.holdout else []
    docs = docs[:start] + docs[start + args.holdout :] if args.holdout else docs
    if args.parliament:
        docs = docs + read_parliament(PARL)
    tagger = train(docs, args.c)
    if held:
        system = {d.name: to_spkatt(d.sentences, tagger) for d in held}
        for simplified in (False, True):
            s = score(system, held, simplified=simplified)
            name = "simplified" if simplified else "full"
            print(name, {k: round(v * 100, 1) for k, v in s.macro.items() if k.endswith("f1")},
                  {k: round(v * 100, 1) for k, v in s.micro.items()})
    if not args.no_save:
        tagger.save(args.out)
        print("saved", args.out, sorted(p.stat().st_size for p in args.out.iterdir()))


if __name__ == "__main__":
    main()
