"""From token labels to attributions: group the tagger's CUE/SRC/ADDR/MSG tokens per sentence,
decide the form, carry the source into cue-less continuation sentences, and derive the frame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .features import quote_state
from .tagger import LABELS

Tok = tuple[int, int]  # (sentence index, token index)

#: Fewest message tokens an attribution must have (single stray MSG tokens are noise).
MIN_MESSAGE_TOKENS = 2
#: Share of message tokens inside quotation marks above which the form is "Direct".
DIRECT_QUOTE_SHARE = 0.6
_FINAL = frozenset(".!?")


@dataclass
class Attribution:
    """One attribution in (sentence, token) positions; mirrors the SpkAtt roles."""

    message: list[Tok] = field(default_factory=list)
    cue: list[Tok] = field(default_factory=list)
    source: list[Tok] = field(default_factory=list)
    addr: list[Tok] = field(default_factory=list)
    frame: list[Tok] = field(default_factory=list)
    form: str = "Indirect"
    parent: int | None = None
    origin: str = "model"

    def sentences(self) -> set[int]:
        return {s for s, _ in self.message + self.cue}


def _frame(sent: int, tokens: Sequence[str], message: set[Tok]) -> list[Tok]:
    last = len(tokens) - 1
    return [(sent, i) for i in range(len(tokens))
            if (sent, i) not in message and not (i == last and tokens[i] in _FINAL)]


def decode(sentences: Sequence[Sequence[str]], probs: Sequence[np.ndarray]) -> list[Attribution]:
    """Attributions of one document from per-token label probabilities."""
    out: list[Attribution] = []
    prev: Attribution | None = None  # attribution of the previous sentence, if any
    open_quote = False
    for si, toks in enumerate(sentences):
        inq, open_after = quote_state(toks, open_quote)
        labs = [LABELS[int(k)] for k in probs[si].argmax(1)] if len(toks) else []
        by: dict[str, list[Tok]] = {lab: [] for lab in LABELS}
        for i, lab in enumerate(labs):
            by[lab].append((si, i))
        cue, src, addr, msg = by["CUE"], by["SRC"], by["ADDR"], by["MSG"]
        cur: Attribution | None = None
        if cue and len(msg) >= MIN_MESSAGE_TOKENS:
            share = sum(inq[i] for _, i in msg) / len(msg)
            cur = Attribution(msg, cue, src, addr, form="Direct" if share >= DIRECT_QUOTE_SHARE else "Indirect")
            cur.frame = _frame(si, toks, set(msg))
            out.append(cur)
        elif len(msg) >= MIN_MESSAGE_TOKENS:
            share = sum(inq[i] for _, i in msg) / len(msg)
            continues = prev is not None and bool(prev.message) and prev.message[-1][0] == si - 1
            if src and not cue:
                whole = [(si, i) for i in range(len(toks))]
                cur = Attribution(whole, [], src, addr, form="Reported")
                out.append(cur)
            elif prev is not None and continues and share >= DIRECT_QUOTE_SHARE and prev.form == "Direct" or prev is not None and continues and prev.form == "IndirectFreeIndirect":
                prev.message.extend(msg)
                cur = prev
            elif prev is not None and continues:
                form = "Direct" if share >= DIRECT_QUOTE_SHARE else "IndirectFreeIndirect"
                cur = Attribution(msg, [], list(prev.source), [], form=form)
                out.append(cur)
            else:
                form = "Direct" if share >= DIRECT_QUOTE_SHARE else "FreeIndirect"
                cur = Attribution(msg, [], list(src), addr, form=form)
                out.append(cur)
        prev = cur
        open_quote = open_after
    return out
