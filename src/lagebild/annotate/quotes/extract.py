"""Token-level extraction for one document: the trained tagger, then the rules on top."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .decode import Attribution, Tok, decode, nested_quotes
from .spkatt import Annotation
from .tagger import Tagger


def model_attributions(sentences: Sequence[Sequence[str]], tagger: Tagger) -> list[Attribution]:
    return scored_attributions(sentences, tagger)[0]


def scored_attributions(sentences: Sequence[Sequence[str]], tagger: Tagger
                        ) -> tuple[list[Attribution], list[np.ndarray]]:
    """The tagger's attributions and its per-token label probabilities (to score rule candidates)."""
    if not sentences:
        return [], []
    probs = tagger.label_probs(sentences)
    atts = decode(sentences, probs)
    return atts + nested_quotes(sentences, atts), probs




def to_spkatt(sentences: Sequence[Sequence[str]], tagger: Tagger | None = None,
              attributions: Sequence[Attribution] | None = None) -> list[Annotation]:
    """Predictions (the tagger's, or the given attributions) in SpkAtt token indices, for scoring."""
    offs = [0]
    for s in sentences:
        offs.append(offs[-1] + len(s))

    def ab(toks: list[Tok]) -> list[int]:
        return sorted({offs[s] + i for s, i in toks})

    out = []
    if attributions is None:
        attributions = model_attributions(sentences, tagger) if tagger is not None else []
    for a in attributions:
        if a.origin == "nesting":
            continue  # source chains are ours, SpkAtt has no such annotation
        # SpkAtt annotates reported speech ("X kritisierte Y") with no cue and no frame (240 of 244
        # Reported annotations in train); our attributions keep the verb as their cue.
        reported = a.form == "Reported"
        roles = {"Message": ab(a.message), "Cue": [] if reported else ab(a.cue), "Source": ab(a.source),
                 "Addr": ab(a.addr), "Frame": [] if reported else ab(a.frame)}
        out.append(Annotation(roles, a.form, "Speech", a.parent is not None))
    return out
