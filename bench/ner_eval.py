"""NER quality: GermEval 2014 test and MEANTIME English held-out, with ablations.

    OMP_NUM_THREADS=1 .venv/bin/python bench/ner_eval.py [--previous DIR] [--ablation DIR] [--skip ...]

1. GermEval 2014 test (NER-de-test.tsv, read only here, never for selection): strict outer-span
   P/R/F1, overall and per class. Rows: the previous model (``--previous``: a directory holding the
   old ``ner_de``/``ner_en``, e.g. ``git archive <commit> src/lagebild/models | tar -x -C DIR``);
   training ablations (``--ablation DIR``: models trained with ``scripts/train_ner.py --variant
   plain|vectors|gaz|cues|full`` or ``--extra SET`` into DIR/<name>, all with the same epoch
   budget; scored without document consistency); the committed model without the
   unseen-word vectors, without document consistency, and as the product runs it.
   "4 classes" scores PER/ORG/LOC/OTH(=MISC) with -deriv/-part spans removed from the gold;
   "official" keeps all 12 GermEval outer classes in the gold (we never predict -deriv/-part).
2. MEANTIME English (the 40 held-out documents of training.ner_corpora.meantime_split): per type, on
   the annotated part of each document (MEANTIME annotates title + first five sentences) and, as
   before, on whole documents.
Speed and model size: bench/ner_grid.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from training.ner_corpora import (  # noqa: E402
    TokSent,
    meantime_split,
    read_germeval,
    read_meantime,
    shared_data,
)

from lagebild.annotate.ner import MODELS_DIR, NerModel, make_consistent  # noqa: E402
from lagebild.threads import limit_threads  # noqa: E402

LABELS = ("PER", "ORG", "LOC", "MISC")
Spans = list[set[tuple[int, int, str]]]
ABLATIONS = (("plain", "plain CNN (hash embeddings)"), ("vectors", "+ static vectors"),
             ("gaz", "+ gazetteers"), ("cues", "+ cue words"), ("full", "+ word rarity (product recipe)"),
             ("extra", "product recipe + ner_de_extra sets (out of domain)"))


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


def predict(model: NerModel, sents: list[TokSent], consistency: bool = True) -> Spans:
    """Tag the sentences (as the product does: features, model, rules; then document consistency
    over the sentences of each source document)."""
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
    per = " | ".join(f"{prf(gold, pred, lab)[0]:.3f}/{prf(gold, pred, lab)[1]:.3f}/**{prf(gold, pred, lab)[2]:.3f}**"
                     for lab in LABELS)
    return f"| {name:<58} | {p:.3f} | {r:.3f} | **{f:.3f}** | {per} |"


def header(first: str) -> str:
    return (f"| {first} | P | R | F1 | PER P/R/F1 | ORG P/R/F1 | LOC P/R/F1 | MISC P/R/F1 |\n"
            "|---|---|---|---|---|---|---|---|")


def germeval_test() -> list[TokSent]:
    return list(read_germeval(shared_data() / "germeval2014_ner" / "NER-de-test.tsv"))


def germeval(path: Path, previous: Path | None, ablation: Path | None) -> None:
    sents = germeval_test()
    gold = [set(s.spans) for s in sents]
    gold_official = [set(s.full_spans) for s in sents]
    print(f"\n## GermEval 2014 test: {len(sents)} sentences, {sum(map(len, gold))} PER/ORG/LOC/OTH spans "
          f"({sum(map(len, gold_official))} incl. -deriv/-part)\n")
    print(header("model"))
    if previous and (previous / "ner_de").exists():
        print(row("previous model (--previous) + consistency", gold, predict(NerModel.load(previous / "ner_de"), sents)))
    for name, label in ABLATIONS:
        meta_path = ablation / name / "lagebild_ner.json" if ablation else None
        if meta_path is not None and meta_path.exists():
            dev = json.loads(meta_path.read_text("utf-8"))["valid_f1"]  # held-out dev half, model alone
            print(row(f"{label} [dev {dev:.3f}]", gold, predict(NerModel.load(meta_path.parent), sents, consistency=False)))
    model = NerModel.load(path)
    if model.oov is not None:
        oov, model.oov = model.oov, None
        print(row("committed, unseen words without vectors", gold, predict(model, sents, consistency=False)))
        model.oov = oov
    print(row("committed, no document consistency", gold, predict(model, sents, consistency=False)))
    final = predict(model, sents)
    print(row("committed + document consistency (product)", gold, final))
    official = [{(a, b, "OTH" if lab == "MISC" else lab) for a, b, lab in p} for p in final]
    p, r, f, _ = prf(gold_official, official)
    print(f"\nOfficial GermEval metric 1 (strict, outer, all 12 classes incl. -deriv/-part) for the last row: "
          f"P {p:.3f} R {r:.3f} F1 {f:.3f}")


def meantime(path: Path, previous: Path | None) -> None:
    docs = list(read_meantime(shared_data() / "meantime_en" / "intra_cross-doc_annotation"))
    train, test = meantime_split(docs)
    sents = [s for d in test for s in d.sentences]
    scored = [j for d in test for j in range(len(d.sentences)) if j < d.annotated]  # per doc: annotated start
    keep = [j < d.annotated for d in test for j in range(len(d.sentences))]
    gold = [set(s.spans) for s in sents]
    gold_a = [g for g, k in zip(gold, keep, strict=True) if k]
    print(f"\n## MEANTIME English: {len(test)} held-out docs (per topic, every third document by name; "
          f"{len(train)} others are training data), {sum(map(len, gold))} name mentions\n")
    print("MEANTIME annotates the title and first five sentences of each document: 'annotated part' scores "
          f"those {len(scored)} of {len(sents)} sentences (the model tags whole documents, consistency included); "
          "'whole docs' also counts names in the unannotated rest as false positives (the figure used before).\n")
    print(header("model"))
    models = [("previous ner_en", previous / "ner_en")] if previous and (previous / "ner_en").exists() else []
    models.append(("ner_en", path))
    for name, mpath in models:
        model = NerModel.load(mpath)
        for cons in (False, True):
            pred = predict(model, sents, consistency=cons)
            pred_a = [p for p, k in zip(pred, keep, strict=True) if k]
            label = f"{name}{' + consistency' if cons else ''}"
            print(row(f"{label}, annotated part", gold_a, pred_a))
            print(row(f"{label}, whole docs", gold, pred))
    counts = Counter(lab for g in gold for _, _, lab in g)
    print("\ngold mentions per type: " + ", ".join(f"{k} {counts[k]}" for k in LABELS))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--previous", type=Path, help="directory with the previous ner_de/ner_en")
    ap.add_argument("--ablation", type=Path)
    ap.add_argument("--de", type=Path, default=MODELS_DIR / "ner_de", help="German model (default: committed)")
    ap.add_argument("--en", type=Path, default=MODELS_DIR / "ner_en", help="English model (default: committed)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["germeval", "meantime"])
    args = ap.parse_args()
    limit_threads()
    if not shared_data().exists():
        print("../shared/data missing: nothing to evaluate")
        return
    print(f"load average {os.getloadavg()[0]:.2f}")
    if "germeval" not in args.skip:
        germeval(args.de, args.previous, args.ablation)
    if "meantime" not in args.skip:
        meantime(args.en, args.previous)


if __name__ == "__main__":
    main()
