"""NER model-size grid: quality vs CPU time vs size on disk, one numeric thread (as the product runs).

    OMP_NUM_THREADS=1 .venv/bin/python bench/ner_grid.py NAME=DIR ... [--docs 300] [--baseline DIR]

For every model directory (trained by ``scripts/train_ner.py --set ... --out DIR``; models written
with ``--speed-only`` had one short epoch: same shapes, sensible output, speed columns only):
strict span F1 on the held-out GermEval dev half (the model-selection sentences) and on GermEval
test (reporting only), with document consistency as the product runs; CPU milliseconds per
10kGNAD article for the whole entity step (tokeniser, features, unseen-word vectors, CNN, rules,
consistency), tokens per second, and megabytes on disk. The committed ``ner_de`` is the baseline
row unless ``--baseline`` names another directory. The load average is printed with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from training.ner_corpora import read_germeval, shared_data  # noqa: E402

from lagebild.annotate.ner import MODELS_DIR, NerModel, make_consistent  # noqa: E402
from lagebild.threads import limit_threads  # noqa: E402
from ner_eval import germeval_test, predict, prf  # noqa: E402

from common import gnad_texts, table  # noqa: E402


def heldout_dev() -> list:
    """The GermEval dev sentences scripts/train_ner.py holds out for model selection (odd index)."""
    dev = list(read_germeval(shared_data() / "germeval2014_ner" / "NER-de-dev.tsv"))
    return [s for i, s in enumerate(dev) if i % 2 == 1]


def speed(model: NerModel, texts: list[str]) -> tuple[float, float, float]:
    """CPU ms per article, wall ms per article, tokens per CPU second over ``texts``."""
    model.tag_text("Aufwärmen in Berlin .")
    n_tok = 0
    c0, w0 = time.process_time(), time.perf_counter()
    for text in texts:
        doc = model.tag_text(text)
        make_consistent([doc], model.lang)
        n_tok += len(doc)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return 1000 * cpu / len(texts), 1000 * wall / len(texts), n_tok / cpu


def megabytes(path: Path) -> float:
    """Size on disk (symlinked parts followed: a grid row may share another model's files)."""
    return sum((Path(d) / f).stat().st_size for d, _, files in os.walk(path, followlinks=True) for f in files) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="*", help="NAME=DIR")
    ap.add_argument("--baseline", type=Path, default=MODELS_DIR / "ner_de")
    ap.add_argument("--docs", type=int, default=300, help="10kGNAD articles for the speed columns")
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args()
    limit_threads()
    texts = gnad_texts(args.docs)
    dev, test = heldout_dev(), germeval_test()
    rows = []
    for item in [f"baseline={args.baseline}", *args.models]:
        name, _, path = item.partition("=")
        meta = json.loads((Path(path) / "lagebild_ner.json").read_text("utf-8"))
        model = NerModel.load(Path(path))
        trained = not meta.get("speed_only") and not args.no_quality
        f_dev = prf([set(s.spans) for s in dev], predict(model, dev))[2] if trained else float("nan")
        f_test = prf([set(s.spans) for s in test], predict(model, test))[2] if trained else float("nan")
        cpu_ms, wall_ms, tok_s = speed(model, texts)
        arch = " ".join(meta.get("overrides") or []) or "scripts/ner.cfg"
        budget = f"{meta['best_epoch'] + 1}/{meta.get('epoch_budget', '')}".rstrip("/")
        rows.append([name, arch.replace("components.ner.model.", ""), meta.get("labels", "main"), budget,
                     "yes" if model.oov is not None else "no", f"{f_dev:.3f}", f"{f_test:.3f}", cpu_ms, wall_ms,
                     round(tok_s), megabytes(Path(path))])
        print(rows[-1], flush=True)
    print(f"\n## NER size grid (GermEval F1 with consistency; speed on {len(texts)} 10kGNAD articles, "
          f"1 thread; load average {os.getloadavg()[0]:.2f})\n")
    print(table(["model", "overrides", "labels", "epochs (best/budget)", "unseen-word vectors", "F1 dev (held out)",
                 "F1 test", "CPU ms/article",
                 "wall ms/article", "tokens/CPU s", "MB"], rows))


if __name__ == "__main__":
    main()
