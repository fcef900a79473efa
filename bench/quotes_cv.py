"""Tuning harness on held-out *train* documents (never dev): the full quotes pipeline (tagger +
rules) with a tagger trained without those documents, scored with the task's definitions.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_quotes.py --holdout 140 --out /tmp/qcv/h140
    OMP_NUM_THREADS=1 .venv/bin/python bench/quotes_cv.py --model /tmp/qcv/h140 --holdout 140

Prints joint / per-role macro P, R, F1 (full track) and micro token F1 per role.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lagebild.annotate.quotes import attributions
from lagebild.annotate.quotes.entity_tags import tag_documents
from lagebild.annotate.quotes.extract import to_spkatt
from lagebild.annotate.quotes.spkatt import read_dir, score
from lagebild.annotate.quotes.tagger import load_tagger

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TRAIN = DATA / "spkatt2023_task2_de_wikinews_quotes" / "data" / "train" / "task2"
ENTITY_CACHE = Path("/tmp/lagebild_quotes_entities") / "spkatt_train.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, required=True, help="tagger trained without the held-out docs")
    ap.add_argument("--holdout", type=int, default=140, help="the last N train documents")
    ap.add_argument("--holdout-at", type=int, default=None, help="first held-out doc (default: the last N)")
    ap.add_argument("--no-entities", action="store_true", help="score without entity tags (as without an NER stage)")
    args = ap.parse_args()
    docs = read_dir(TRAIN)
    start = len(docs) - args.holdout if args.holdout_at is None else args.holdout_at
    docs = docs[start : start + args.holdout]
    tagger = load_tagger(args.model)
    assert tagger is not None
    ents = tag_documents([(d.name, d.sentences) for d in docs], ENTITY_CACHE)
    if args.no_entities:
        ents = {d.name: [["O"] * len(s) for s in d.sentences] for d in docs}
    system = {d.name: to_spkatt(d.sentences, attributions=attributions(d.sentences, "de", tagger=tagger,
                                                                       ents=ents[d.name]))
              for d in docs}
    for simplified in (False, True):
        s = score(system, docs, simplified=simplified)
        m = s.macro
        groups = ["joint", "Message", "Cue", "Source", "Frame", "Addr"] if not simplified else ["joint"]
        print(("simplified " if simplified else "full ") + "  ".join(
            f"{g} {m[g + '_f1'] * 100:.1f} ({m[g + '_p'] * 100:.1f}/{m[g + '_r'] * 100:.1f})" for g in groups))
        if not simplified:
            print("micro", {k: round(v * 100, 1) for k, v in s.micro.items()})


if __name__ == "__main__":
    main()
