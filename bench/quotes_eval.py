"""SpkAtt-2023 Task 2 dev scores (the task's definitions) next to the published baseline, and speed.

    OMP_NUM_THREADS=1 .venv/bin/python bench/quotes_eval.py            # dev scores + speed
    OMP_NUM_THREADS=1 .venv/bin/python bench/quotes_eval.py --no-speed

Rows: "tagger" = the trained model alone, "tagger+rules" = what quotes_stage runs (rules add
attributions the tagger missed, plus nested sources). Joint = macro F1 over the roles of the track
(full: Message, Addr, Cue, Frame, Source; simplified: Message, Source on top-level annotations).
Speed: articles per second of quotes_stage (sentence split included) on 10kGNAD test (1,028).
"""

from __future__ import annotations

import csv
import os
import sys
import time
from pathlib import Path

from lagebild.annotate.quotes import attributions, extract_quotes
from lagebild.annotate.quotes.entity_tags import tag_documents
from lagebild.annotate.quotes.extract import to_spkatt
from lagebild.annotate.quotes.spkatt import read_dir, score
from lagebild.annotate.quotes.tagger import load_tagger
from lagebild.annotate.sentences import split_sentences

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEV = DATA / "spkatt2023_task2_de_wikinews_quotes" / "data" / "dev" / "task2"
GNAD = DATA / "10kgnad_test" / "test.csv"
ENTITY_CACHE = Path("/tmp/lagebild_quotes_entities") / "spkatt_dev.json"
BASELINE_JOINT = 40.4  # published rule-based baseline, SpkAtt-2023 Task 2 (joint F1)


def dev_table() -> None:
    docs = read_dir(DEV)
    tagger = load_tagger()
    assert tagger is not None, "model files missing: run scripts/train_quotes.py"
    ents = tag_documents([(d.name, d.sentences) for d in docs], ENTITY_CACHE)  # as the pipeline's NER stage
    systems = {
        "tagger": {d.name: to_spkatt(d.sentences, tagger) for d in docs},
        "tagger+rules": {d.name: to_spkatt(d.sentences, attributions=attributions(d.sentences, "de",
                                                                                  ents=ents[d.name]))
                         for d in docs},
    }
    print(f"SpkAtt-2023 Task 2 dev: {len(docs)} documents, "
          f"{sum(len(d.annotations) for d in docs)} gold annotations")
    head = f"{'system':<28}{'joint F1':>9}{'joint P':>9}{'joint R':>9}{'msg F1':>8}{'roles F1':>9}{'src F1':>8}" \
           f"{'| cue':>7}{'source':>8}{'message':>8}"
    print(head)
    print(f"{'baseline (published, rules)':<28}{BASELINE_JOINT:>9.1f}")
    for name, sysd in systems.items():
        for simplified in (False, True):
            s = score(sysd, docs, simplified=simplified)
            m, mi = s.macro, s.micro
            label = f"{name} ({'simplified' if simplified else 'full'})"
            cue = f"{mi['Cue'] * 100:>7.1f}" if "Cue" in mi else f"{'':>7}"
            print(f"{label:<28}{m['joint_f1'] * 100:>9.1f}{m['joint_p'] * 100:>9.1f}{m['joint_r'] * 100:>9.1f}"
                  f"{m['message_f1'] * 100:>8.1f}{m['roles_f1'] * 100:>9.1f}{m['Source_f1'] * 100:>8.1f}"
                  f"{cue}{mi['Source'] * 100:>8.1f}{mi['Message'] * 100:>8.1f}")
    print("(macro = task definition, src F1 = macro F1 of the Source role; cue/source/message columns = micro "
          "token F1 per role)")
    m = score(systems["tagger+rules"], docs).macro
    print("tagger+rules (full), per role macro F1 (P/R): " + "  ".join(
        f"{r} {m[r + '_f1'] * 100:.1f} ({m[r + '_p'] * 100:.1f}/{m[r + '_r'] * 100:.1f})"
        for r in ("Message", "Cue", "Source", "Frame", "Addr")))


def speed() -> None:
    csv.field_size_limit(10**8)
    with GNAD.open(encoding="utf-8") as fh:
        texts = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) > 1]
    extract_quotes(texts[0], split_sentences(texts[0], "de"), "de")  # load the model first
    t0 = time.perf_counter()
    n_quotes = 0
    for text in texts:
        n_quotes += len(extract_quotes(text, split_sentences(text, "de"), "de"))
    dt = time.perf_counter() - t0
    print(f"10kGNAD test: {len(texts)} articles in {dt:.1f} s = {len(texts) / dt:.1f} articles/s "
          f"({n_quotes} attributions, {n_quotes / len(texts):.1f} per article; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    if not DEV.exists():
        sys.exit(f"missing {DEV}")
    dev_table()
    if "--no-speed" not in sys.argv:
        speed()
