"""The story-decay frontier (issue 16): German Wikinews dev stories against the English topic groups.

The German dev labels define a story as one affair and exclude topic areas and recurring
institutions (a company's product launch and its quarterly figures are two stories); the English
SemEval-2015 Task 4 / MEANTIME groups are companies and markets over six to nine years, i.e.
exactly such topic areas. The story decay settings trade one against the other; this prints,
per setting, the German dev events/stories pairwise F1 (and stories B-cubed) beside the English
stories B-cubed F1 on the annotated articles (``lagebild ingest``, as in use) and on the raw texts,
with the load average. Tune nothing on the English groups with it: it shows the trade-off.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/_story_frontier.py [--set name=value;name=value ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster_eval  # noqa: E402
from _story_corpora import MEANTIME, SEMEVAL, semeval_en  # noqa: E402
from _story_scoring import LABELS, bcubed, cached_store, load_labelled, pairwise  # noqa: E402
from lagebild.story.cluster import ClusterConfig  # noqa: E402
from stories_wikinews import run_ours  # noqa: E402

from common import need, table  # noqa: E402

#: The settings compared by default: today's defaults, longer topical decay, a lower bar for "the
#: same parties", and the earlier single-decay setting.
SETTINGS = (
    "",
    "story_tau_days=180",
    "story_tau_days=240",
    "story_party_entity=0.35",
    "story_party_entity=0.3",
    "story_party_entity=0.25",
    "story_party_entity=0.3;story_party_tau_days=1500;story_window_days=2500",
    "story_tau_days=365;story_party_entity=0.5;story_party_tau_days=365",
)


def config(spec: str) -> ClusterConfig:
    cfg = ClusterConfig()
    for item in filter(None, spec.split(";")):
        name, value = item.split("=", 1)
        setattr(cfg, name, type(getattr(cfg, name))(value))
    return cfg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", action="append", default=None, help="one setting: name=value;name=value")
    args = ap.parse_args()
    need(LABELS)
    need(SEMEVAL)
    need(MEANTIME)
    data = load_labelled(cached_store())
    raw = list({d.article.id: d for d in semeval_en()}.values())
    annotated = cluster_eval.annotated("semeval2015_task4", raw)
    rows = []
    for spec in args.set or SETTINGS:
        cfg = config(spec)
        events, stories, _, _ = run_ours(data, cfg)
        en = []
        for docs in (annotated, raw):
            gold = {d.article.id: d.group for d in docs}
            en.append(cluster_eval.bcubed(gold, cluster_eval.cluster(docs, cfg)[1])[2] * 100)
        sp = pairwise(data.stories, stories)
        rows.append([spec or "defaults", pairwise(data.events, events)[2] * 100, sp[0] * 100, sp[1] * 100,
                     sp[2] * 100, bcubed(data.stories, stories)[2] * 100, *en])
        print(f"done: {spec or 'defaults'}", file=sys.stderr, flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(table(["setting", "DE events F1", "DE stories P", "R", "F1", "DE stories B3 F1",
                 "EN B3 F1 annotated", "EN B3 F1 raw"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
