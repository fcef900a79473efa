"""SpkAtt-2023 Task 2 data: reader and scorer (our own implementation of the task's definitions).

The shared task scores a system like this (see the task's evaluation description):

* Per document, system and gold annotations are paired one-to-one by the token-level F1 of their
  Message spans (maximum-weight assignment; equal Form and STWR break ties).
* For every pair (and every unpaired annotation, paired with an empty one) and every role
  (Message, Addr, Cue, Frame, Source in the *full* track; Message and Source on top-level
  annotations only in the *simplified* track), token precision and recall are computed. A role
  that is empty on the side that forms the denominator contributes no value.
* Macro precision / recall average those values over pairs and roles; F1 is their harmonic mean.
  "joint" averages over all roles, "roles" over all but Message.

We also report plain micro token F1 per role (cue, source, message) for readability.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES_FULL = ("Message", "Addr", "Cue", "Frame", "Source")
ROLES_SIMPLE = ("Message", "Source")


@dataclass
class Annotation:
    """One attribution in document-absolute token indices (sorted, unique)."""

    roles: dict[str, list[int]] = field(default_factory=dict)
    form: str | None = None
    stwr: str | None = "Speech"
    nested: bool = False

    def get(self, role: str) -> list[int]:
        return self.roles.get(role, [])


@dataclass
class Document:
    name: str
    sentences: list[list[str]]
    annotations: list[Annotation]

    @property
    def offsets(self) -> list[int]:
        offs = [0]
        for s in self.sentences:
            offs.append(offs[-1] + len(s))
        return offs


def absolute_ids(ids: Iterable[str], offs: Sequence[int]) -> list[int]:
    """Document-wide token indices of "sentence:token" ids (``offs``: first index of each sentence)."""
    return sorted({offs[int(x.split(":")[0])] + int(x.split(":")[1]) for x in ids})


def read_document(path: Path) -> Document:
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences = [list(s["Tokens"]) for s in data["Sentences"]]
    offs = [0]
    for s in sentences:
        offs.append(offs[-1] + len(s))
    anns = []
    for a in data.get("Annotations", []):
        roles = {r: absolute_ids(a.get(r, []), offs) for r in ROLES_FULL}
        anns.append(Annotation(roles, a.get("Form"), a.get("STWR"), bool(a.get("IsNested", False))))
    return Document(path.stem, sentences, anns)


def read_dir(folder: Path) -> list[Document]:
    return [read_document(p) for p in sorted(folder.glob("*.json"))]


def _overlap_f1(gold: Sequence[int], sys: Sequence[int]) -> float:
    both = len(set(gold) & set(sys))
    if not both:
        return 0.0
    p, r = both / len(sys), both / len(gold)
    return 2 * p * r / (p + r)


def _pair(sys: Sequence[Annotation], gold: Sequence[Annotation]) -> list[tuple[int | None, int | None]]:
    scores = np.zeros((len(gold), len(sys)))
    for i, g in enumerate(gold):
        for j, s in enumerate(sys):
            ov = _overlap_f1(g.get("Message"), s.get("Message"))
            if ov > 0:
                ov += 0.01 * (g.form == s.form) + 0.001 * (g.stwr == s.stwr)
            scores[i, j] = ov
    rows, cols = linear_sum_assignment(scores, maximize=True)
    pairs: list[tuple[int | None, int | None]] = [(int(c), int(r)) for r, c in zip(rows, cols, strict=True)]
    used_s = {p[0] for p in pairs}
    used_g = {p[1] for p in pairs}
    pairs += [(j, None) for j in range(len(sys)) if j not in used_s]
    pairs += [(None, i) for i in range(len(gold)) if i not in used_g]
    return pairs


def pair_annotations(sys: Sequence[Annotation], gold: Sequence[Annotation]) -> list[tuple[int | None, int | None]]:
    """(system index, gold index) pairs as the scorer pairs them (None: unpaired)."""
    return _pair(sys, gold)


@dataclass
class Scores:
    macro: dict[str, float]
    micro: dict[str, float]


def score(system: dict[str, list[Annotation]], gold: Sequence[Document], *, simplified: bool = False
          ) -> Scores:
    """Score ``system`` (document name -> annotations) against ``gold`` with the task's definitions."""
    roles = ROLES_SIMPLE if simplified else ROLES_FULL
    precisions: dict[str, list[float]] = {r: [] for r in roles}
    recalls: dict[str, list[float]] = {r: [] for r in roles}
    counts = {r: [0, 0, 0] for r in roles}  # tp, fp, fn
    empty = Annotation({r: [] for r in roles})
    for doc in gold:
        gold_anns = [a for a in doc.annotations if not (simplified and a.nested)]
        sys_anns = [a for a in system.get(doc.name, []) if not (simplified and a.nested)]
        for sj, gi in _pair(sys_anns, gold_anns):
            s = sys_anns[sj] if sj is not None else empty
            g = gold_anns[gi] if gi is not None else empty
            for r in roles:
                gs, ss = set(g.get(r)), set(s.get(r))
                tp, fp, fn = len(gs & ss), len(ss - gs), len(gs - ss)
                counts[r][0] += tp
                counts[r][1] += fp
                counts[r][2] += fn
                if tp + fp:
                    precisions[r].append(tp / (tp + fp))
                if tp + fn:
                    recalls[r].append(tp / (tp + fn))

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def avg(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    macro: dict[str, float] = {}
    groups = {"joint": roles, "message": ("Message",), "roles": roles[1:], **{r: (r,) for r in roles}}
    for name, rs in groups.items():
        p = avg([v for r in rs for v in precisions[r]])
        rc = avg([v for r in rs for v in recalls[r]])
        macro[f"{name}_p"], macro[f"{name}_r"], macro[f"{name}_f1"] = p, rc, f1(p, rc)
    micro: dict[str, float] = {}
    for r in roles:
        tp, fp, fn = counts[r]
        micro[r] = f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    return Scores(macro, micro)
