"""NER quality and speed.

    OMP_NUM_THREADS=1 .venv/bin/python bench/ner_eval.py [--ablation /tmp/abl] [--speed-docs 1028]

1. GermEval 2014 test (NER-de-test.tsv, read only here): strict outer-span P/R/F1, overall and per
   class, for the committed model with and without document consistency, plus ablation models
   (scripts/train_ner.py --variant plain|vectors|gaz|cues --config scripts/ner_ablation.cfg
   --out DIR/<variant>; the tried-and-dropped rows: ``--variant clusters --holdout 5`` as DIR/clusters and
   ``--variant clusters --holdout 5 --augment 1 --europarl-test --epochs 9`` as DIR/augment) when
   --ablation is given.
   "4 classes" scores PER/ORG/LOC/OTH(=MISC) with -deriv/-part spans removed from the gold;
   "official" keeps all 12 GermEval outer classes in the gold (we never predict -deriv/-part).
2. MEANTIME English (held-out documents of lagebild.annotate.ner_data.meantime_split): per type.
3. Speed: tokens per second on 10kGNAD articles (full text, one process, one thread).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.annotate.ner import MODELS_DIR, NerModel, make_consistent  # noqa: E402
from lagebild.annotate.ner_data import (  # noqa: E402
    TokSent,
    meantime_split,
    read_germeval,
    read_meantime,
    shared_data,
)

LABELS = ("PER", "ORG", "LOC", "MISC")
Spans = list[set[tuple[int, int, str]]]


def prf(gold: Spans, pred: Spans, label: str | None = None) -> tuple[float, float, float, int]:
    tp = n_g = n_p = 0
    for g, p in zip(gold, pred, strict=True):
        if label:
            g = {x for x in g if x[2] == label}
            p = {x for x in p if x[2] == label}
        tp += len(g & p)
        n_g += len(g)
        n_p += len(p)
    pr = tp / n_p if n_p else 0.0
    rc = tp / n_g if n_g else 0.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0), n_g


def predict(model: NerModel, sents: list[TokSent], consistency: bool) -> Spans:
    docs = model.tag_words([s.words for s in sents])
    if consistency:
        groups: dict[str, list[int]] = {}
        for i, s in enumerate(sents):
            groups.setdefault(s.doc_id, []).append(i)
        for idx in groups.values():
            make_consistent([docs[i] for i in idx], model.lang)
    return [{(e.start, e.end, e.label_) for e in d.ents} for d in docs]


def row(name: str, gold: Spans, pred: Spans) -> str:
    p, r, f, _ = prf(gold, pred)
    per = " ".join(f"{prf(gold, pred, lab)[2]:.3f}" for lab in LABELS)
    return f"| {name:<34} | {p:.3f} | {r:.3f} | **{f:.3f}** | {per.replace(' ', ' | ')} |"


def germeval(ablation: Path | None) -> None:
    sents = list(read_germeval(shared_data() / "germeval2014_ner" / "NER-de-test.tsv"))
    gold = [set(s.spans) for s in sents]
    off_map = {"MISC": "OTH"}
    gold_official = [set(s.full_spans) for s in sents]
    print(f"\n## GermEval 2014 test: {len(sents)} sentences, {sum(map(len, gold))} PER/ORG/LOC/OTH spans "
          f"({sum(map(len, gold_official))} incl. -deriv/-part)\n")
    print("| model | P | R | F1 | PER | ORG | LOC | MISC(OTH) |")
    print("|---|---|---|---|---|---|---|---|")
    runs: list[tuple[str, Path, bool]] = []
    if ablation:
        for v, name in (("plain", "plain CNN (hash embeddings)"), ("vectors", "+ static vectors (64-d)"),
                        ("gaz", "+ gazetteers"), ("cues", "+ cue words"),
                        ("clusters", "tried: final + w2v clusters, holdout 1/5"),
                        ("augment", "tried: + mention repl., Europarl test")):
            if (ablation / v / "lagebild_ner.json").exists():
                runs.append((name, ablation / v, False))
    runs += [("final: + word rarity, 128-d vectors", MODELS_DIR / "ner_de", False),
             ("final + document consistency", MODELS_DIR / "ner_de", True)]
    final: Spans = []
    for name, path, cons in runs:
        pred = predict(NerModel.load(path), sents, cons)
        print(row(name, gold, pred))
        final = pred
    official = [{(a, b, off_map.get(lab, lab)) for a, b, lab in p} for p in final]
    p, r, f, _ = prf(gold_official, official)
    print(f"\nOfficial GermEval metric 1 (strict, outer, all 12 classes incl. -deriv/-part) for the last row: "
          f"P {p:.3f} R {r:.3f} F1 {f:.3f}")


def meantime() -> None:
    docs = list(read_meantime(shared_data() / "meantime_en" / "intra_cross-doc_annotation"))
    train, test = meantime_split(docs)
    sents = [s for d in test for s in d.sentences]
    gold = [set(s.spans) for s in sents]
    print(f"\n## MEANTIME English: train on {len(train)} docs, test on {len(test)} held-out docs "
          f"(per topic, every third document by name), {sum(map(len, gold))} name mentions\n")
    print("| model | P | R | F1 | PER | ORG | LOC | MISC |")
    print("|---|---|---|---|---|---|---|---|")
    model = NerModel.load(MODELS_DIR / "ner_en")
    for cons in (False, True):
        pred = predict(model, sents, cons)
        print(row("ner_en" + (" + document consistency" if cons else ""), gold, pred))
    counts = Counter(lab for g in gold for _, _, lab in g)
    print("\ngold mentions per type: " + ", ".join(f"{k} {counts[k]}" for k in LABELS))


def speed(n_docs: int) -> None:
    csv.field_size_limit(10**7)
    with (shared_data() / "10kgnad_test" / "test.csv").open(encoding="utf-8") as fh:
        texts = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) >= 2][:n_docs]
    model = NerModel.load(MODELS_DIR / "ner_de")
    model.tag_text("Aufwärmen .")
    t0 = time.perf_counter()
    n_tok = n_ent = 0
    for text in texts:
        doc = model.tag_text(text)
        make_consistent([doc], "de")
        n_tok += len(doc)
        n_ent += len(doc.ents)
    sec = time.perf_counter() - t0
    print(f"\n## Speed (10kGNAD, {len(texts)} articles, 1 process)\n")
    print("| tokens | entities | seconds | tokens/s |\n|---|---|---|---|")
    print(f"| {n_tok} | {n_ent} | {sec:.1f} | {n_tok / sec:,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ablation", type=Path)
    ap.add_argument("--speed-docs", type=int, default=1028)
    ap.add_argument("--skip", nargs="*", default=[], choices=["germeval", "meantime", "speed"])
    args = ap.parse_args()
    if not shared_data().exists():
        print("../shared/data missing: nothing to evaluate")
        return
    if "germeval" not in args.skip:
        germeval(args.ablation)
    if "meantime" not in args.skip:
        meantime()
    if "speed" not in args.skip:
        speed(args.speed_docs)


if __name__ == "__main__":
    main()
