"""From token labels to attributions: group the tagger's CUE/SRC/ADDR/MSG tokens per sentence,
decide the form, carry the source into cue-less continuation sentences, and derive the frame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .features import quote_state, subjunctive
from .lexicon_de import (
    ADVERBIAL_SUBORDINATORS,
    ANAPHORIC_OBJECTS,
    PARTICLES,
    SOURCE_LEAD_DROP,
    SPLIT_VERBS,
    SUBJUNCTIVE_II,
)
from .source_span import fix_source
from .tagger import LABELS

Tok = tuple[int, int]  # (sentence index, token index)

#: Fewest message tokens an attribution must have (single stray MSG tokens are noise).
MIN_MESSAGE_TOKENS = 3
#: Share of message tokens inside quotation marks above which the form is "Direct".
DIRECT_QUOTE_SHARE = 0.95
#: A cue-less message must cover this share of its sentence to stand alone (free indirect
#: speech spans whole sentences; shorter runs are tagger noise) ...
FREE_INDIRECT_MIN_SHARE = 0.8
#: ... and this share to continue the previous sentence's speaker.
CONTINUATION_MIN_SHARE = 0.5
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


def _best_run(scores: np.ndarray, allowed: Sequence[bool]) -> tuple[float, int, int]:
    """Maximum-sum run of consecutive allowed tokens (Kadane): (sum, start, end exclusive)."""
    best = (0.0, 0, 0)
    cur, start = 0.0, 0
    for i, (v, ok) in enumerate(zip(scores.tolist(), allowed, strict=True)):
        if not ok:
            cur, start = 0.0, i + 1
            continue
        if cur <= 0:
            cur, start = 0.0, i
        cur += v
        if cur > best[0]:
            best = (cur, start, i + 1)
    return best


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p) - np.log1p(-p)


def _boosted(probs: np.ndarray) -> np.ndarray:
    """Label probabilities reweighted by :data:`LABEL_BOOST` and renormalised per token."""
    p = probs * LABEL_BOOST
    return p / p.sum(1, keepdims=True)


def _spans(probs: np.ndarray) -> tuple[list[int], list[int], list[int], list[int]]:
    """Cue, source, addressee and message tokens of a sentence: cues by argmax, the others as
    best-scoring contiguous runs (so a message is not torn by a few uncertain tokens)."""
    n = len(probs)
    probs = _boosted(probs)
    arg = probs.argmax(1)
    cue = [i for i in range(n) if LABELS[int(arg[i])] == "CUE"]
    cue_set = set(cue)
    free = [i not in cue_set for i in range(n)]
    lo_msg = _log_odds(probs[:, LABELS.index("MSG")])
    total, a, b = _best_run(lo_msg, free)
    msg: list[int] = list(range(a, b)) if total > 0 and b - a >= MIN_MESSAGE_TOKENS else []
    if msg:
        # A second part (a quote split by its frame, "„…“, sagte X, „…“") when it is as sure.
        rest = [ok and not (a <= i < b) for i, ok in enumerate(free)]
        t2, a2, b2 = _best_run(lo_msg, rest)
        if t2 > SECOND_PART_MIN_SCORE and b2 - a2 >= MIN_MESSAGE_TOKENS:
            msg = sorted(msg + list(range(a2, b2)))
    taken = set(msg) | set(cue)
    out = []
    for lab in ("SRC", "ADDR"):
        ok = [i not in taken for i in range(n)]
        lo = _log_odds(probs[:, LABELS.index(lab)])
        t, a, b = _best_run(lo, ok)
        if t <= 0 and lab == "SRC" and cue and SOURCE_FALLBACK_BONUS:
            # A cue has a speaker: with no confident run, take the best one a smaller margin away.
            t, a, b = _best_run(lo + SOURCE_FALLBACK_BONUS, ok)
        run = list(range(a, b)) if t > 0 else []
        taken |= set(run)
        out.append(run)
    return cue, out[0], out[1], msg


#: Multipliers on the tagger's label probabilities (O, CUE, SRC, ADDR, MSG) before decoding: the
#: macro score rewards recall of cues, sources and messages more than the log-loss the tagger was
#: fit on. Re-tuned on both held-out train folds with this session's decoder (CUE 2.2 -> 2.5, MSG
#: 1.0 -> 1.3: last 140 joint 68.3 -> 68.5, first 140 65.2 -> 66.1, source about equal).
LABEL_BOOST = np.array([1.0, 2.5, 1.5, 1.0, 1.3])
#: A quotation with no cue and no source stands alone only with this many tokens (marks
#: included): shorter ones are titles and slogans ("„Mut und Leidenschaft“").
MIN_LONE_QUOTE_TOKENS = 5
#: Log-odds added per token when a sentence with a cue has no source run above zero.
SOURCE_FALLBACK_BONUS = 1.0
#: Log-odds sum a second message run in the same sentence needs (a few confident tokens).
SECOND_PART_MIN_SCORE = 3.0


#: Auxiliaries and particles that belong to a cue next to them ("hatte … gesagt", "heißt es",
#: "äußerte sich"): SpkAtt counts them as part of the cue.
CUE_AUX = frozenset({"hat", "hatte", "haben", "hatten", "ist", "war", "sind", "waren", "wurde", "wurden",
                     "wird", "werden", "habe", "sei"})
CUE_NEXT = frozenset({"es", "sich"})


def complete_cue(toks: Sequence[str], cue: list[int], msg: set[int]) -> list[int]:
    """Add the auxiliary of a participle cue and a following "es"/"sich" (outside the message)."""
    if not cue:
        return cue
    out = set(cue)
    low = [t.lower() for t in toks]
    first = min(cue)
    if low[first].startswith("ge") or low[first].endswith(("t", "en")):
        for k in range(first - 1, max(-1, first - 8), -1):
            if k in msg or low[k] in (",", ":", ";"):
                break
            if low[k] in CUE_AUX:
                out.add(k)
                break
    for c in cue:
        if c + 1 < len(low) and low[c + 1] in CUE_NEXT and c + 1 not in msg:
            out.add(c + 1)
    # "…, wie der Kreml mitteilte": SpkAtt counts the "wie" that opens the cue's clause.
    if low[first] != "wie":
        for k in range(first - 1, max(-1, first - 10), -1):
            if k in msg or low[k] in (",", ":", ";", "„", "“"):
                break
            if low[k] == "wie" and (k == 0 or low[k - 1] in (",", "(", "–")):
                out.add(k)
                break
    # "warf … vor ,", "teilte … mit ,": the split verb's particle at the end of the cue's clause.
    for c in cue:
        wanted = SPLIT_VERBS.get(low[c])
        if not wanted or any(low[k] in wanted for k in out):
            continue
        k = c + 1
        while k < len(low) and low[k] not in (",", ":", ";", ".", "„", "“") and k not in msg:
            k += 1
        if k - 1 > c and low[k - 1] in wanted:
            out.add(k - 1)
    # A separable particle ends its clause ("warf … vor ,"); "sagte vor der Presse" has a preposition.
    out = {k for k in out if k == first or low[k] not in PARTICLES or k + 1 == len(low)
           or not low[k + 1][:1].isalnum() or low[k + 1] in _CLAUSE_LINKS}
    return sorted(out)


#: A personal pronoun right before a sentence's cue verb is its source.
SUBJECT_PRONOUNS = frozenset({"er", "sie", "wir", "ich"})
#: Cue particles stay only at the end of their clause (before punctuation or one of these).
_CLAUSE_LINKS = frozenset({"dass", "und", "oder", "aber", "sowie", "ob", "wie"})


#: How many sentences back the speaker of a Konjunktiv-I sentence may have been named (a
#: Konjunktiv-I sentence with no speaker in reach still counts as reported speech).
KONJ1_MAX_GAP = 1


def _konj1(toks: Sequence[str]) -> bool:
    """A Konjunktiv I verb outside quotation marks (not Konjunktiv II, which is also the outlet's own)."""
    inq, _ = quote_state(toks, False)
    return any(not q and t.islower() and subjunctive(t) and t not in SUBJUNCTIVE_II
               for t, q in zip(toks, inq, strict=True))


#: A source run right after one of these prepositions is an adverbial ("Bei einem Empfang für
#: Medienvertreter sagte Franziskus"): the speaker is the best run outside it. ("in", "aus",
#: "durch" stay: "In der Studie heißt es" has the study as source in SpkAtt.)
PP_NOT_SOURCE = frozenset({"bei", "beim", "mit", "für", "an", "am", "über", "unter", "vor", "während", "seit",
                           "wegen", "trotz", "gegen", "um", "zum", "zur", "nach", "ab", "bis", "ohne"})


#: Determiners that only open a genitive: a run starting with one is an attribute of a noun
#: outside it ("während seines Militäreinsatzes"), never a speaker.
#: ("eines", "dieses", "keines" also open a nominative: "Eines der Mitglieder sagte".)
GENITIVE_ONLY = frozenset({"des", "seines", "ihres", "meines", "unseres", "deines", "eures"})


#: Longest name in commas after a source's description taken into the source.
MAX_NAME_TOKENS = 4
#: Longest noun phrase before a cue verb that is read as its subject when the tagger found none.
MAX_FRONTED_SUBJECT = 6
_NOT_SUBJECT_START = PP_NOT_SOURCE | frozenset({"in", "im", "aus", "auf", "laut", "zudem", "auch", "dann", "nun",
                                                "so", "dies", "das", "damit", "daher", "deshalb", "jetzt", "heute",
                                                "gestern", "bereits", "zuvor", "später", "außerdem", "ebenso"})


def _fronted_subject(toks: Sequence[str], cue: int, msg: set[int]) -> list[int]:
    """The noun phrase that opens the sentence right before its cue verb ("Gauck äußerte sich …",
    "Die Bewohner des Dorfes sagten …"): German puts the subject there unless an adverbial is
    fronted, which starts with a preposition or adverb."""
    if not 1 <= cue <= MAX_FRONTED_SUBJECT or any(i in msg for i in range(cue)):
        return []
    words = toks[:cue]
    if words[0].lower() in _NOT_SUBJECT_START | SOURCE_LEAD_DROP or len(words) == 1 and words[0].lower() in _NOT_SUBJECT_WORDS:
        return []
    ok = all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() or w.lower() in GENITIVE_LINKS
             for w in words)
    return list(range(cue)) if ok and words[-1][:1].isupper() else []


_NOT_SUBJECT_WORDS = frozenset({"es", "das", "dies", "man", "dieses", "diese", "dieser", "alle", "viele"})
GENITIVE_LINKS = frozenset({"der", "die", "das", "des", "dem", "den", "von", "vom", "und"})


def _clause_source(toks: Sequence[str], probs: np.ndarray, src: list[int], cue: list[int],
                   blocked: set[int]) -> list[int]:
    """A cue inside an adverbial clause ("Der Bericht kam, nachdem die USA behauptet hatten, …")
    has its speaker inside that clause: a source run before the clause gives way to the best
    run between the subordinator and the cue (or to none)."""
    first = min(cue)
    low = [t.lower() for t in toks]
    start = next((k for k in range(first - 1, 0, -1) if low[k - 1] in (",", ";", "–")
                  and low[k] in ADVERBIAL_SUBORDINATORS), None)
    if start is None or max(src) > start:
        return src
    p = _boosted(probs)
    lo = _log_odds(p[:, LABELS.index("SRC")]) + SOURCE_FALLBACK_BONUS
    t, a, b = _best_run(lo, [start < i < first and i not in blocked for i in range(len(toks))])
    return fix_source(toks, list(range(a, b)), blocked | set(cue)) if t > 0 else []


def _next_source(toks: Sequence[str], probs: np.ndarray, src: list[int], blocked: set[int],
                 has_cue: bool) -> list[int]:
    """The best source run outside an adverbial phrase (the preposition and the rejected run)."""
    p = _boosted(probs)
    lo = _log_odds(p[:, LABELS.index("SRC")]) + (SOURCE_FALLBACK_BONUS if has_cue else 0.0)
    out = set(src) | {src[0] - 1} | blocked
    t, a, b = _best_run(lo, [i not in out for i in range(len(toks))])
    return fix_source(toks, list(range(a, b)), blocked | set(src)) if t > 0 else []


#: A quotation opened at most this many sentences before the sentence of its cue is one message
#: with it ("„A. B. C“, sagte X" split into sentences); an unclosed mark farther back is a typo.
MAX_QUOTE_SENTENCES = 5


def _opening(inq: Sequence[bool], open_quote: bool, open_after: bool, si: int, before: Tok | None
             ) -> Tok | None:
    """Where the quotation still open after sentence ``si`` opened (None when none is)."""
    if not open_after:
        return None
    starts = [i for i in range(len(inq)) if inq[i] and (not inq[i - 1] if i else not open_quote)]
    return (si, starts[-1]) if starts else before


def _absorb(out: list[Attribution], span: set[Tok]) -> bool:
    """Drop the cue-less attributions whose message lies inside ``span`` (a quotation or sentence
    that becomes part of a cue's message); False, dropping nothing, when an attribution with a cue
    or one reaching outside ``span`` overlaps it."""
    inside = [a for a in out if set(a.message) & span]
    if any(a.cue or not set(a.message) <= span for a in inside):
        return False
    for a in inside:
        out.remove(a)
    return True


def _joined_quote(sentences: Sequence[Sequence[str]], out: list[Attribution], si: int, msg_i: list[int],
                  inq: Sequence[bool], opened: Tok | None) -> list[Tok]:
    """The earlier sentences of a quotation that the message of sentence ``si`` ends ("„A. B“,
    sagte X" with "„A." a sentence of its own): from the opening mark to the end of sentence
    ``si - 1``; [] when the quotation opened in this sentence or other attributions hold it."""
    if opened is None or not msg_i or si - opened[0] > MAX_QUOTE_SENTENCES \
            or not all(inq[k] for k in range(min(msg_i) + 1)):
        return []
    s0, i0 = opened
    span = [(s, i) for s in range(s0, si) for i in range(i0 if s == s0 else 0, len(sentences[s]))]
    return span if _absorb(out, set(span)) else []


def _anaphoric_message(sentences: Sequence[Sequence[str]], out: list[Attribution], si: int,
                       cue_i: list[int], msg_i: list[int]) -> list[Tok]:
    """"Dies bestätigte der Minister.": a demonstrative object before the speech verb takes the
    sentence before as the message (with the demonstrative); [] when the pattern does not hold
    or that sentence belongs to another attribution with a cue."""
    toks = sentences[si]
    if si == 0 or msg_i or 1 not in cue_i or toks[0].lower() not in ANAPHORIC_OBJECTS \
            or not sentences[si - 1]:
        return []
    span = [(si - 1, i) for i in range(len(sentences[si - 1]))]
    return [*span, (si, 0)] if _absorb(out, set(span)) else []


def _pronoun_after_verb(toks: Sequence[str], cue_i: list[int], msg: set[int]) -> list[int]:
    """"Seit 2013 vertritt er die These, …", "Aktuell lässt sie … erklären": with an adverbial in
    front, the subject pronoun follows the finite verb (the sentence's first lower-case word) or
    the cue verb."""
    verb = next((i for i, w in enumerate(toks) if w.isalpha() and w.islower()), None)
    for k in sorted({*(c + 1 for c in cue_i), *(() if verb is None else (verb + 1,))}):
        if k < len(toks) and k not in msg and k not in cue_i and toks[k] in SUBJECT_PRONOUNS \
                and k <= max(cue_i) + 1:
            return [k]
    return []


def _apposition_name(toks: Sequence[str], probs: np.ndarray, src_i: list[int], msg_i: list[int],
                     cue_i: list[int]) -> tuple[list[int], list[int]]:
    """A name in commas right after a described source belongs to it, not to the message ("der
    Direktor der Behörde , Bagus Puruhito , mit"): source and message, the message re-chosen
    from what is left when too little of it stays."""
    n = len(toks)
    if not src_i or not msg_i or not toks[src_i[-1]][:1].isupper():
        return src_i, msg_i
    b = src_i[-1] + 1
    k = b + 1
    while k < n and k - b <= MAX_NAME_TOKENS and toks[k][:1].isupper() \
            and toks[k].replace("-", "").replace(".", "").isalpha():
        k += 1
    if not (b < n and toks[b] == "," and k > b + 1 and k < n and toks[k] == ","
            and all(i in msg_i for i in range(b + 1, k))):
        return src_i, msg_i
    src = list(range(src_i[0], k))
    msg = [i for i in msg_i if i > k]
    if len(msg) < MIN_MESSAGE_TOKENS:
        p = _boosted(probs)
        taken = set(src) | set(cue_i)
        t, a, e = _best_run(_log_odds(p[:, LABELS.index("MSG")]), [i not in taken for i in range(n)])
        msg = list(range(a, e)) if t > 0 and e - a >= MIN_MESSAGE_TOKENS else []
    return src, msg


def decode(sentences: Sequence[Sequence[str]], probs: Sequence[np.ndarray]) -> list[Attribution]:
    """Attributions of one document from per-token label probabilities."""
    out: list[Attribution] = []
    prev: Attribution | None = None  # attribution of the previous sentence, if any
    open_quote = False
    opened: Tok | None = None  # where the quotation open at the sentence start opened
    pending: Attribution | None = None  # a cue with no message ("X sagte:"), waiting for its quote
    for si, toks in enumerate(sentences):
        inq, open_after = quote_state(toks, open_quote)
        cue_i, src_i, addr_i, msg_i = _spans(probs[si]) if len(toks) else ([], [], [], [])
        blocked = set(cue_i) | set(msg_i) | set(addr_i)
        src_i = fix_source(toks, src_i, blocked)
        if src_i and (src_i[0] > 0 and src_i[0] - 1 not in blocked and toks[src_i[0] - 1].lower() in PP_NOT_SOURCE
                      or toks[src_i[0]].lower() in GENITIVE_ONLY
                      or src_i[0] > 0 and toks[src_i[0] - 1].lower() in GENITIVE_ONLY):
            # an adverbial ("Bei einem Empfang …") or a genitive attribute ("seines Einsatzes") is no speaker
            src_i = _next_source(toks, probs[si], src_i, blocked, bool(cue_i))
        cue_i = complete_cue(toks, cue_i, set(msg_i))
        if src_i and cue_i:
            src_i = _clause_source(toks, probs[si], src_i, cue_i, blocked)
        if cue_i and min(cue_i) == 1 and toks[0].lower() in SUBJECT_PRONOUNS \
                and toks[1].lower() not in CUE_AUX and 0 not in msg_i and src_i != [0]:
            src_i = [0]  # "Er sagte …", "Sie warf … vor": the pronoun before the verb is the speaker
        if cue_i and not src_i:
            src_i = fix_source(toks, _fronted_subject(toks, min(cue_i), set(msg_i)), set(cue_i) | set(msg_i))
        if cue_i and not src_i:
            src_i = _pronoun_after_verb(toks, cue_i, set(msg_i))
        src_i, msg_i = _apposition_name(toks, probs[si], src_i, msg_i, cue_i)
        cue = [(si, i) for i in cue_i]
        src = [(si, i) for i in src_i]
        addr = [(si, i) for i in addr_i]
        msg = [(si, i) for i in msg_i]
        cur: Attribution | None = None
        earlier = _joined_quote(sentences, out, si, msg_i, inq, opened) if cue and open_quote else []
        anaphor = _anaphoric_message(sentences, out, si, cue_i, msg_i) if cue and not earlier else []
        if anaphor:
            src = [t for t in src if t != (si, 0)]
            cur = Attribution(anaphor, cue, src, addr, form="Indirect")
            cur.frame = _frame(si, toks, {(si, 0)})
            out.append(cur)
        elif cue and len(msg) >= MIN_MESSAGE_TOKENS:
            share = sum(inq[i] for _, i in msg) / len(msg)
            cur = Attribution(earlier + msg, cue, src, addr,
                              form="Direct" if share >= DIRECT_QUOTE_SHARE else "Indirect")
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
            elif prev is not None and continues and len(msg) >= CONTINUATION_MIN_SHARE * len(toks):
                if share >= DIRECT_QUOTE_SHARE:
                    cur = Attribution(msg, [], list(prev.source), [], form="Direct")
                else:  # free indirect speech spans its whole sentence
                    cur = Attribution([(si, i) for i in range(len(toks))], [], list(prev.source), [],
                                      form="IndirectFreeIndirect")
                out.append(cur)
            elif share >= DIRECT_QUOTE_SHARE and (len(msg) >= MIN_LONE_QUOTE_TOKENS or src) \
                    or share < DIRECT_QUOTE_SHARE and len(msg) >= FREE_INDIRECT_MIN_SHARE * len(toks):
                form = "Direct" if share >= DIRECT_QUOTE_SHARE else "FreeIndirect"
                cur = Attribution(msg, [], list(src), addr, form=form)
                out.append(cur)
        last = out[-1] if out else None
        if cur is None and len(toks) >= MIN_MESSAGE_TOKENS and _konj1(toks):
            # "Er sagte, … . Der Lohn liege derzeit unter Tarif." — Konjunktiv I keeps the speaker.
            whole = [(si, i) for i in range(len(toks))]
            near = last is not None and si - max(s for s, _ in last.message) <= KONJ1_MAX_GAP
            if near and last is not None and last is prev and last.form == "IndirectFreeIndirect":
                last.message.extend(whole)
                cur = last
            else:
                src = list(last.source) if near and last is not None else []
                cur = Attribution(whole, [], src, [], form="IndirectFreeIndirect")
                out.append(cur)
        # A cue whose sentence has no message ("Gauck äußerte sich über seine Gastgeber:") goes to
        # the quote in the next sentence; SpkAtt has 3 % of cues outside the message sentences.
        if pending is not None and cur is not None and not cur.cue and cur is not prev:
            cur.cue, cur.frame = pending.cue, pending.frame
            cur.source = cur.source or pending.source
            cur.form = "Direct" if cur.form == "Direct" else "Indirect"
        pending = None
        if cur is None and cue and len(toks) > 1 and (
                toks[-1] == ":" or si + 1 < len(sentences) and sentences[si + 1][:1] in (["„"], ["»"], ['"'])):
            pending = Attribution([], cue, src, addr, _frame(si, toks, set()))
        prev = cur
        opened = _opening(inq, open_quote, open_after, si, opened)
        open_quote = open_after
    _carry_sources(sentences, probs, out)
    for a in out:
        _fix_message(sentences, a)
    return out


def _subject_before_verb(toks: Sequence[str]) -> list[int]:
    """The noun phrase that opens a sentence up to its first lower-case word (the finite verb or a
    preposition: "Die Bewohner des Dorfes sehen …", "Punklady Nina Hagen zur …")."""
    k = next((i for i, w in enumerate(toks) if not (w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha()
                                                    or w.lower() in GENITIVE_LINKS)), len(toks))
    if not 1 <= k <= MAX_FRONTED_SUBJECT or k == len(toks):
        return []
    return _fronted_subject(toks, k, set())


def _carry_sources(sentences: Sequence[Sequence[str]], probs: Sequence[np.ndarray], out: list[Attribution]
                   ) -> None:
    """A cue-less message with no source right after a sentence that holds no attribution: that
    sentence's best source run ("Nach Angaben der Hacker wurden … . Die Daten seien …"), or, when
    it ends with a colon, the noun phrase that opens it ("Die Bewohner des Dorfes sehen alles
    gelassen: „…“"). (A sentence with an attribution already passed its source on while decoding.)"""
    touched: dict[int, set[int]] = {}  # sentence -> ids of the attributions with tokens in it
    for b in out:
        for x in {x for x, _ in b.message + b.cue}:
            touched.setdefault(x, set()).add(id(b))
    for a in out:
        if a.cue or a.source or not a.message:
            continue
        s = min(x for x, _ in a.message) - 1
        if s < 0 or touched.get(s, set()) - {id(a)}:
            continue
        toks = sentences[s]
        p = _boosted(probs[s])
        t, i, j = _best_run(_log_odds(p[:, LABELS.index("SRC")]), [True] * len(toks))
        src = fix_source(toks, list(range(i, j)), set()) if t > 0 else []
        if not src and toks and toks[-1] == ":":
            src = fix_source(toks, _subject_before_verb(toks), set())
        a.source = [(s, i) for i in src]


#: Message boundaries as SpkAtt draws them (:func:`_fix_message`): an indirect message ends with
#: its last word (no sentence or clause punctuation), and a clause-final verb the tagger left out
#: belongs to it.
_TRAIL = frozenset({".", ",", ";", ":", "!", "?", "–"})


def _fix_message(sentences: Sequence[Sequence[str]], a: Attribution) -> None:
    if a.form != "Indirect" or not a.message:
        return
    msg = sorted(a.message)
    taken = set(a.cue) | set(a.source) | set(a.addr)
    s, i = msg[-1]
    toks = sentences[s]
    if i + 2 < len(toks) + 1 and i + 1 < len(toks) and toks[i + 1][:1].islower() and toks[i + 1].isalpha() \
            and (i + 2 == len(toks) or toks[i + 2] in _TRAIL) and (s, i + 1) not in taken:
        msg.append((s, i + 1))
    cut: list[Tok] = []
    while len(msg) > 1 and sentences[msg[-1][0]][msg[-1][1]] in _TRAIL:
        cut.append(msg.pop())
    while len(msg) > 1 and sentences[msg[0][0]][msg[0][1]] in _TRAIL:
        cut.append(msg.pop(0))
    a.message = msg
    frame_sents = {s for s, _ in a.frame}
    a.frame = sorted({t for t in a.frame if t not in set(msg)} | {
        (s, i) for s, i in cut if s in frame_sents and i < len(sentences[s]) - 1})
