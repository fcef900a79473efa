"""Token-level extraction for one document: the trained tagger, then the rules on top, and the
direct quotes nested in a message."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .decode import Attribution, Tok, decode
from .features import quote_state
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


#: A quoted phrase inside a message counts as a nested direct quote when it has this many words
#: inside the marks (shorter ones are titles or scare quotes) ...
NESTED_MIN_WORDS = 2
#: ... or, when it starts with a capital (names, titles), at least this many.
NESTED_MIN_WORDS_CAPITAL = 4


def nested_quotes(sentences: Sequence[Sequence[str]], atts: list[Attribution]) -> list[Attribution]:
    """Direct quotes embedded in another attribution's message ("sprach von „wahren Patrioten“"):
    SpkAtt annotates them as nested attributions with the outer speaker."""
    out: list[Attribution] = []
    for idx, a in enumerate(atts):
        if a.form == "Direct" or a.parent is not None:
            continue
        msg = sorted(a.message)
        inside = set(msg)
        by_sent: dict[int, list[int]] = {}
        for s, i in msg:
            by_sent.setdefault(s, []).append(i)
        for s, idxs in by_sent.items():
            toks = sentences[s]
            inq, _ = quote_state(toks, False)
            run: list[int] = []
            for i in [*range(len(toks)), len(toks)]:
                if i < len(toks) and inq[i]:
                    run.append(i)
                    continue
                if len(run) >= 2 and all((s, k) in inside for k in run) and len(run) < len(idxs):
                    words = [toks[k] for k in run[1:-1] if toks[k].isalnum()]
                    first = toks[run[1]] if len(run) > 2 else ""
                    need = NESTED_MIN_WORDS_CAPITAL if first[:1].isupper() else NESTED_MIN_WORDS
                    if len(words) >= need:
                        out.append(Attribution([(s, k) for k in run], list(a.cue), list(a.source), [],
                                               list(a.frame), form="Direct", parent=idx, origin="quote"))
                run = []
    return out
