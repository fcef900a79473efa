"""Source-role error classes on held-out *train* documents (never dev), to pick what to fix.

    OMP_NUM_THREADS=1 .venv/bin/python bench/quotes_errors.py --model /tmp/qcv/h140 --holdout 140 [--examples 5]

Pairs system and gold attributions as the scorer does (message overlap) and sorts every pair's
Source into: exact, too short (system inside gold), too long (gold inside system), shifted
(overlap, neither inside), wrong span (no overlap), missing (gold has one, system none), spurious
(system has one, gold none); plus gold attributions with a source the system missed entirely and
system attributions with a source that pair with no gold one. Each class: count and the tokens
(false negatives / false positives) it costs the micro Source F1.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from lagebild.annotate.quotes import attributions
from lagebild.annotate.quotes.entity_tags import tag_documents
from lagebild.annotate.quotes.extract import to_spkatt
from lagebild.annotate.quotes.spkatt import Annotation, pair_annotations, read_dir
from lagebild.annotate.quotes.tagger import load_tagger

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TRAIN = DATA / "spkatt2023_task2_de_wikinews_quotes" / "data" / "train" / "task2"
ENTITY_CACHE = Path("/tmp/lagebild_quotes_entities") / "spkatt_train.json"


def classify(gold: list[int], sys: list[int]) -> str:
    g, s = set(gold), set(sys)
    if not g and not s:
        return "none"
    if not s:
        return "missing"
    if not g:
        return "spurious"
    if g == s:
        return "exact"
    if s < g:
        return "too short"
    if g < s:
        return "too long"
    return "shifted" if g & s else "wrong span"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--holdout", type=int, default=140)
    ap.add_argument("--holdout-at", type=int, default=None)
    ap.add_argument("--examples", type=int, default=4)
    args = ap.parse_args()
    docs = read_dir(TRAIN)
    start = len(docs) - args.holdout if args.holdout_at is None else args.holdout_at
    docs = docs[start : start + args.holdout]
    tagger = load_tagger(args.model)
    ents = tag_documents([(d.name, d.sentences) for d in docs], ENTITY_CACHE)
    counts: Counter[str] = Counter()
    cost: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    examples: dict[str, list[str]] = defaultdict(list)
    empty = Annotation({})
    for d in docs:
        system = to_spkatt(d.sentences, attributions=attributions(d.sentences, "de", tagger=tagger, ents=ents[d.name]))
        gold = list(d.annotations)
        flat = [t for s in d.sentences for t in s]
        for sj, gi in pair_annotations(system, gold):
            s = system[sj] if sj is not None else empty
            g = gold[gi] if gi is not None else empty
            kind = classify(g.get("Source"), s.get("Source"))
            if sj is None and kind == "missing":
                kind = "missed attribution"
            elif gi is None and kind == "spurious":
                kind = "spurious attribution"
            counts[kind] += 1
            gs, ss = set(g.get("Source")), set(s.get("Source"))
            cost[kind][0] += len(gs - ss)
            cost[kind][1] += len(ss - gs)
            if kind not in ("exact", "none") and len(examples[kind]) < args.examples:
                ids = sorted(gs | ss | set(g.get("Cue")) | set(s.get("Cue")))
                lo, hi = max(0, ids[0] - 3), min(len(flat), ids[-1] + 4)
                examples[kind].append(" ".join(flat[lo:hi]) + f"\n      gold: {' '.join(flat[i] for i in sorted(gs))}"
                                      f" | sys: {' '.join(flat[i] for i in sorted(ss))}")
    print(f"{'class':<22}{'pairs':>7}{'FN tok':>8}{'FP tok':>8}")
    for kind, n in counts.most_common():
        print(f"{kind:<22}{n:>7}{cost[kind][0]:>8}{cost[kind][1]:>8}")
    for kind, ex in examples.items():
        print(f"\n== {kind}")
        for e in ex:
            print("  ", e)


if __name__ == "__main__":
    main()
