"""Precision and recall of corroboration and conflict links, and timeline precision, on the label
sets in ``bench/labels/`` (how they were drawn and labelled: ``bench/labels/PROTOCOL.md``).

    .venv/bin/python bench/claims_eval.py                  # the labelled system (before) only
    .venv/bin/python bench/claims_eval.py --after DIR      # and the current code's dumps in DIR

Pairs carry a sampling weight (stratum population / pairs drawn), so recall is estimated over all
candidate pairs, not only over the system's own links. "Before" is the output the pairs were
drawn from (commit 7a9a412); "after" is the current code on stores built from the same inputs
(``bench/claims_corpora.py``, dumped by ``bench/claims_after.py dump``): every link it makes is
labelled (through the labelled pair it matches, else through ``claim_links_after.jsonl``, the
second round), and recall is measured on the labelled true pairs. Timeline precision after is
measured on a fresh sample of the current code's entries (``timeline_entries_after.jsonl``; later
rounds ``timeline_entries_after_roundN.jsonl``, drawn the same way from that round's dumps and
carried over by ``bench/claims_carry.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "labels"
#: What a link of each kind must be labelled to count as right.
TRUE_LABEL = {"corroboration": "corroborates", "conflict": "contradicts"}


def load(name: str) -> list[dict[str, Any]]:
    with (LABELS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def weight(r: dict[str, Any]) -> float:
    return r["population"] / max(1, r["drawn"])


def link_scores(pairs: list[dict[str, Any]], system: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per link kind: precision over the labelled links of that kind, recall over the labelled
    true pairs (both weighted), and the counts behind them. ``system``: pair id -> link kind."""
    out: dict[str, dict[str, float]] = {}
    for kind, truth in TRUE_LABEL.items():
        linked = [r for r in pairs if system.get(r["pair"]) == kind]
        true = [r for r in pairs if r["label"] == truth]
        tp_w = sum(weight(r) for r in linked if r["label"] == truth)
        link_w = sum(weight(r) for r in linked)
        found_w = sum(weight(r) for r in true if system.get(r["pair"]) == kind)
        true_w = sum(weight(r) for r in true)
        out[kind] = {"precision": tp_w / link_w if link_w else float("nan"),
                     "recall": found_w / true_w if true_w else float("nan"),
                     "links": len(linked), "right": sum(r["label"] == truth for r in linked),
                     "true_pairs": len(true), "true_found": sum(system.get(r["pair"]) == kind for r in true)}
    return out


def timeline_scores(entries: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Right entries / labelled entries, per corpus and in all."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in entries:
        for key in (e["corpus"], "all"):
            out[key][0] += e["verdict"] == "right"
            out[key][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def print_links(title: str, scores: dict[str, dict[str, float]]) -> None:
    print(f"{title:<10}{'links':>7}{'right':>7}{'precision':>11}{'true pairs':>12}{'found':>7}{'recall':>8}")
    for kind, s in scores.items():
        print(f"  {kind:<14}{s['links']:>5.0f}{s['right']:>7.0f}{s['precision']:>11.2f}"
              f"{s['true_pairs']:>12.0f}{s['true_found']:>7.0f}{s['recall']:>8.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--after", type=Path, help="folder with the current code's dumps (claims_after.py dump)")
    args = ap.parse_args()
    pairs = load("claim_pairs.jsonl")
    entries = load("timeline_entries.jsonl")
    print(f"claim pairs: {len(pairs)} labelled ({dict(Counter(r['label'] for r in pairs))}); "
          f"timeline entries: {len(entries)}; load average {os.getloadavg()[0]:.1f}")
    print_links("before", link_scores(pairs, {r["pair"]: r["system_before"] for r in pairs}))
    tl = timeline_scores(entries)
    print("timeline before: " + ", ".join(f"{k} {r}/{n} = {r / n:.2f}" for k, (r, n) in sorted(tl.items())))
    if args.after:
        from claims_after import after_scores  # the current code's output

        new = load("claim_links_after.jsonl") if (LABELS / "claim_links_after.jsonl").exists() else []
        after_scores(args.after, pairs, new)
        for path in sorted(LABELS.glob("timeline_entries_after*.jsonl")):  # one file per labelling round
            tl = timeline_scores(load(path.name))
            name = "after" + path.stem.removeprefix("timeline_entries_after").replace("_", " ")
            print(f"timeline {name}: " + ", ".join(f"{k} {r}/{n} = {r / n:.2f}" for k, (r, n) in sorted(tl.items())))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
