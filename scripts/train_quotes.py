"""Train the German attribution tagger (src/lagebild/models/quotes_de/) from SpkAtt-2023.

Reads ../shared/data/spkatt2023_task2_de_wikinews_quotes/data/train (never dev/). ``--holdout N``
keeps the last N train documents out and scores them with the task's definitions (that is the
tuning set); without it the committed model is trained on all train documents.

``--with-parliament`` adds the Task 1 parliament *train* part (its dev/ and eval/ are never read),
subsampled and down-weighted. Off by default: it lowered the held-out pipeline joint F1 (140 docs,
bench/quotes_cv.py) from 65.0 to 63.7 (every 2nd speech, weight 0.5), 63.8 (weight 0.2) and 64.2
(``--parliament-reported --parliament-every 1 --parliament-weight 1``: only sentences reporting
someone else's speech) -- first-person debate speech ("ich glaube", "wir wissen") is another genre.

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
from lagebild.annotate.quotes.spkatt import ROLES_FULL, Annotation, Document, absolute_ids, read_dir, score
from lagebild.annotate.quotes.tagger import LABELS, MODEL_DIR, LinearLayer, Tagger

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TRAIN = DATA / "spkatt2023_task2_de_wikinews_quotes" / "data" / "train" / "task2"
PARL = DATA / "spkatt2023_task1_de_parliament" / "data" / "train" / "task1"
#: Features seen fewer times are dropped (keeps the model small, removes one-off noise).
MIN_FEATURE_COUNT = 2
#: A word labelled as cue this often in train joins the learned cue lexicon.
MIN_CUE_COUNT = 2
PRIORITY = {"CUE": 4, "SRC": 3, "ADDR": 2, "MSG": 1, "O": 0}
#: Parliament speeches are another genre (first person, addresses to the chamber): their tokens
#: count this much of a Wikinews token in the loss, so the news style stays dominant.
PARLIAMENT_WEIGHT = 0.5
#: Every k-th parliament speech is used: the whole set (148k tokens) would double training time.
PARLIAMENT_EVERY = 2
#: Sources that mark a speaker's own or the audience's speech (not reported speech as in news);
#: with --parliament-reported, sentences holding such an event are left out.
FIRST_PERSON_SOURCES = frozenset({"", "ich", "wir", "mich", "mir", "uns", "meiner", "unserer", "man", "Sie", "Ihnen"})


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


def read_parliament(folder: Path, every: int = PARLIAMENT_EVERY, reported: bool = False) -> list[Document]:
    """Task 1 speeches as Task 2 documents: only speech events with a Message (Task 2 annotates
    nothing else), so a cue without a message is an O token as it would be in Wikinews.
    ``reported``: keep only sentences with events that report someone else's speech."""
    docs = []
    for p in sorted(folder.glob("*.json"))[::every]:
        d = json.loads(p.read_text(encoding="utf-8"))
        sentences = [list(s["Tokens"]) for s in d["Sentences"]]
        events = [a for a in d["Annotations"] if a.get("Message")]
        bad: set[int] = set()
        if reported:
            for a in events:
                src = " ".join(sentences[int(x.split(":")[0])][int(x.split(":")[1])] for x in a["Source"])
                if src in FIRST_PERSON_SOURCES or src.lower() in FIRST_PERSON_SOURCES - {"Sie", "Ihnen"}:
                    bad |= {int(x.split(":")[0]) for r in ROLES_FULL for x in a.get(r, [])}
            bad |= {int(x.split(":")[0]) for a in events for r in ROLES_FULL for x in a.get(r, [])
                    if any(int(y.split(":")[0]) in bad for r2 in ROLES_FULL for y in a.get(r2, []))}
        keep = [i for i in range(len(sentences)) if i not in bad]
        if reported:  # and only sentences with such an event: the rest is another genre's small talk
            used = {int(x.split(":")[0]) for a in events for x in a["Message"]}
            keep = [i for i in keep if i in used]
        new_id = {old: k for k, old in enumerate(keep)}
        kept = [sentences[i] for i in keep]
        offs = [0]
        for sent in kept:
            offs.append(offs[-1] + len(sent))
        anns = []
        for a in events:
            ids = {r: [f"{new_id[int(x.split(':')[0])]}:{x.split(':')[1]}" for x in a.get(r, [])
                       if int(x.split(":")[0]) in new_id] for r in ROLES_FULL}
            if ids["Message"]:
                anns.append(Annotation({r: absolute_ids(v, offs) for r, v in ids.items()}))
        docs.append(Document("parl_" + p.stem, kept, anns))
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


def fit(feats: list[list[str]], y: list[int], c: float, weight: np.ndarray | None = None) -> LinearLayer:
    counts: Counter[str] = Counter(f for fs in feats for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    layer = LinearLayer(vocab, np.zeros((len(vocab), len(LABELS)), np.float32), np.zeros(len(LABELS), np.float32))
    x = layer.matrix(feats)
    clf = LogisticRegression(C=c, max_iter=300)
    t0 = time.time()
    clf.fit(x, y, sample_weight=weight)
    print(f"  fit: {x.shape[0]} tokens, {x.shape[1]} features, {time.time() - t0:.0f}s", flush=True)
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


def token_weights(docs: Sequence[Document], weights: Sequence[float] | None) -> np.ndarray | None:
    if weights is None or all(w == 1.0 for w in weights):
        return None
    return np.concatenate([np.full(sum(map(len, d.sentences)), w, np.float64) for d, w in zip(docs, weights, strict=True)])


def train(docs: list[Document], c: float, folds: int = 3, weights: Sequence[float] | None = None,
          cue_docs: Sequence[Document] | None = None) -> Tagger:
    """``weights``: one loss weight per document; ``cue_docs``: the documents the learned cue
    lexicon comes from (default: all)."""
    cues = learned_cues(docs if cue_docs is None else cue_docs)
    t0 = time.time()
    x1, y1 = flatten(docs, cues)
    pass1 = fit(x1, y1, c, token_weights(docs, weights))
    print(f"pass1: {len(x1)} tokens, {len(pass1.vocab)} features, {time.time() - t0:.0f}s", flush=True)
    # Cross-validated pass-1 labels, so pass 2 learns from realistic (imperfect) neighbours.
    prev: list[list[list[str]]] = [[] for _ in docs]
    for k in range(folds):
        idx = [i for i in range(len(docs)) if i % folds != k]
        tr = [docs[i] for i in idx]
        layer = fit(*flatten(tr, cues), c, token_weights(tr, None if weights is None else [weights[i] for i in idx]))
        held = [i for i in range(len(docs)) if i % folds == k]
        for i, labs in zip(held, predict_labels(layer, [docs[i] for i in held], cues), strict=True):
            prev[i] = labs
    x2, y2 = flatten(docs, cues, prev)
    pass2 = fit(x2, y2, c, token_weights(docs, weights))
    print(f"pass2: {len(pass2.vocab)} features, {time.time() - t0:.0f}s", flush=True)
    return Tagger(pass1, pass2, cues)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--holdout", type=int, default=0, help="keep the last N train docs for tuning")
    ap.add_argument("--holdout-at", type=int, default=None, help="first held-out doc (default: the last N)")
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    ap.add_argument("--with-parliament", action="store_true", help="add the Task 1 parliament train part")
    ap.add_argument("--parliament-weight", type=float, default=PARLIAMENT_WEIGHT)
    ap.add_argument("--parliament-every", type=int, default=PARLIAMENT_EVERY)
    ap.add_argument("--parliament-reported", action="store_true", help="only sentences reporting others' speech")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model")
    args = ap.parse_args()
    docs = read_dir(TRAIN)
    start = len(docs) - args.holdout if args.holdout_at is None else args.holdout_at
    held = docs[start : start + args.holdout] if args.holdout else []
    docs = docs[:start] + docs[start + args.holdout :] if args.holdout else docs
    news = docs
    weights = [1.0] * len(docs)
    if args.with_parliament:
        parl = read_parliament(PARL, args.parliament_every, args.parliament_reported)
        print(f"parliament: {len(parl)} speeches, {sum(len(s) for d in parl for s in d.sentences)} tokens, "
              f"weight {args.parliament_weight}", flush=True)
        docs = docs + parl
        weights += [args.parliament_weight] * len(parl)
    tagger = train(docs, args.c, weights=weights, cue_docs=news)
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
