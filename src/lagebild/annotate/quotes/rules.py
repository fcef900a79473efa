"""Lexicon-driven attribution rules, one sentence at a time (German and English).

They cover English completely and, for German, add what the tagger misses (passive denials,
"X zufolge", "unter Berufung auf" chains). Patterns, in order:

* prepositional cues: "laut X, …", "nach Angaben X …", "X zufolge …", "according to X, …";
* quotation + speech verb: "„…“, sagte X." / "X sagte: „…“" / "“…,” X said.";
* speech verb + clause: "…, teilte X mit." / "…, wie X mitteilte." / "X sagte, dass …" / "X said (that) …";
* passive denial: "Diese Vorwürfe wurden von X zurückgewiesen." / "… was denied by X.";
* nesting: "berichtete X unter Berufung auf Y" / "X, citing Y" give Y as an inner source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon_de as de
from . import lexicon_en as en
from .decode import Attribution, Tok
from .features import quote_state

_PUNCT = frozenset(".,;:!?()[]–-—\"'„“”»«‚‘’")
#: Longest source noun phrase we accept (tokens); longer reads as a clause, not a name.
MAX_SOURCE_TOKENS = 12


@dataclass(frozen=True)
class Lexicon:
    cue_verbs: frozenset[str]
    preps_right: tuple[tuple[str, ...], ...]
    preps_left: tuple[tuple[str, ...], ...]
    nesting: tuple[tuple[str, ...], ...]
    denial: frozenset[str]
    np_stop: frozenset[str]
    particles: frozenset[str]
    passive_aux: frozenset[str]
    agent: frozenset[str]
    split_verbs: dict[str, frozenset[str]]


LEXICONS = {
    "de": Lexicon(de.CUE_VERBS | de.DENIAL, (("unter", "berufung", "auf"), ("nach", "angaben"),
                                             ("nach", "informationen"), ("laut",), ("gemäß",)),
                  (("zufolge",),), de.NESTING_CUES, de.DENIAL, de.NP_STOP, de.PARTICLES,
                  frozenset({"wurde", "wurden", "wird", "werden", "worden"}), frozenset({"von", "vom"}),
                  de.SPLIT_VERBS),
    "en": Lexicon(en.CUE_VERBS | en.DENIAL, en.CUE_PREPS_RIGHT, en.CUE_PREPS_LEFT, en.NESTING_CUES,
                  en.DENIAL, en.NP_STOP, frozenset(), frozenset({"was", "were", "been", "is", "are"}),
                  frozenset({"by"}), {}),
}


def _match(low: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(low[i : i + len(phrase)]) == phrase


def np_right(toks: Sequence[str], low: Sequence[str], j: int, lex: Lexicon) -> list[int]:
    """Token indices of the noun phrase starting at ``j`` (stops at punctuation, stop words, cues)."""
    out: list[int] = []
    k = j
    quoted = False
    while k < len(toks) and len(out) < MAX_SOURCE_TOKENS:
        w = low[k]
        if w in ("„", "»", "“", '"') and len(out) <= 1 and k + 1 < len(toks) and toks[k + 1][:1].isupper():
            quoted = True  # a quoted name: Laut der „New York Times“
        elif quoted and w in ("“", "«", "”", '"'):
            quoted = False
        elif w in _PUNCT or (out and (w in lex.np_stop or w in lex.cue_verbs or w in lex.particles)):
            break
        out.append(k)
        k += 1
    return out


def np_left(toks: Sequence[str], low: Sequence[str], j: int, lex: Lexicon) -> list[int]:
    """Token indices of the noun phrase ending right before ``j`` (back to a clause boundary)."""
    out: list[int] = []
    k = j - 1
    while k >= 0 and len(out) < MAX_SOURCE_TOKENS:
        if low[k] in _PUNCT:
            break
        out.append(k)
        k -= 1
    out.reverse()
    # Drop a leading adverbial: "Vor wenigen Tagen hatte X gesagt" keeps X only when we can see it.
    while out and low[out[0]] in lex.np_stop:
        out.pop(0)
    while out and low[out[-1]] in _AUX:  # "Both countries have denied"
        out.pop()
    return out


_AUX = frozenset({"have", "has", "had", "was", "were", "is", "are", "will", "would", "hat", "hatte",
                  "haben", "hatten", "ist", "war", "wurde", "wurden", "habe", "hätten", "hätte"})


def _quoted(inq: Sequence[bool]) -> list[list[int]]:
    runs, cur = [], []
    for i, q in enumerate(inq):
        if q:
            cur.append(i)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [r for r in runs if len(r) > 2]


def _content(idx: Sequence[int], low: Sequence[str]) -> list[int]:
    idx = list(idx)
    while idx and low[idx[0]] in _PUNCT - {"„", "“", "»", '"'}:
        idx.pop(0)
    while idx and low[idx[-1]] in _PUNCT - {"“", "”", "«", '"'}:
        idx.pop()
    return idx


def sentence_rules(si: int, toks: Sequence[str], lang: str, open_quote: bool = False) -> list[Attribution]:
    """Attributions the rules find in one sentence."""
    lex = LEXICONS["de" if lang == "de" else "en"]
    low = [t.lower() for t in toks]
    n = len(toks)
    inq, _ = quote_state(toks, open_quote)
    out: list[Attribution] = []

    def pos(idx: Sequence[int]) -> list[Tok]:
        return [(si, i) for i in idx]

    def add(msg: Sequence[int], cue: Sequence[int], src: Sequence[int], form: str) -> None:
        msg = _content([i for i in msg if i not in set(cue) | set(src)], low)
        if len(msg) >= 2:
            frame = [] if form == "Reported" else [
                k for k in range(n) if k not in set(msg) and not (k == n - 1 and low[k] in (".", "!", "?"))]
            out.append(Attribution(pos(msg), pos(cue), pos(src), frame=pos(frame), form=form, origin="rule"))

    # "nach (den ersten) Polizeiangaben": a near-certain prepositional cue (see INFO_NOUN_ENDINGS).
    if lang == "de":
        for i in range(n - 1):
            if low[i] != "nach" or inq[i]:
                continue
            k = i + 1
            while k < n - 1 and k - i <= 3 and toks[k].islower() and toks[k].isalpha() \
                    and (low[k] in de.ARTICLES or low[k].endswith(("e", "en", "er", "em"))):
                k += 1
            if toks[k][:1].isupper() and low[k].endswith(de.INFO_NOUN_ENDINGS):
                # the source ends with the noun unless a genitive follows ("Angaben der Polizei")
                src = list(range(i + 1, k + 1))
                if k + 1 < n and low[k + 1] in de.GENITIVE_STARTS:
                    src += np_right(toks, low, k + 1, lex)
                msg = _content([j for j in range(n) if j != i and j not in set(src)], low)
                if src and len(msg) >= 2:
                    out.append(Attribution(pos(msg), pos([i]), pos(src), form="Indirect", origin="rule_sure",
                                           frame=pos([j for j in range(n) if j not in set(msg)
                                                      and not (j == n - 1 and low[j] in (".", "!", "?"))])))
    # Prepositional cues.
    starts = {ph[0] for ph in lex.preps_right + lex.preps_left}
    for i in range(n):
        if low[i] not in starts:
            continue
        for ph in lex.preps_right:
            if _match(low, i, ph) and ph not in lex.nesting:
                cue = list(range(i, i + len(ph)))
                src = np_right(toks, low, i + len(ph), lex)
                end = max(src, default=cue[-1]) + 1
                rest = [k for k in range(n) if k < i or k >= end]
                add(rest, cue, src, "Indirect")
        for ph in lex.preps_left:
            if _match(low, i, ph):
                cue = list(range(i, i + len(ph)))
                src = np_left(toks, low, i, lex)
                rest = [k for k in range(n) if k > cue[-1] or k < min(src, default=i)]
                add(rest, cue, src, "Indirect")
    # Speech verbs.
    quotes = _quoted(inq)
    for i, w in enumerate(low):
        if w not in lex.cue_verbs or inq[i]:
            continue
        cue = [i]
        wanted = lex.split_verbs.get(w)
        particle = next((k for k in range(i + 1, n) if low[k] in (wanted or lex.particles) and k + 1 < n
                         and low[k + 1] in _PUNCT), None)
        if particle is not None:
            cue.append(particle)
        elif wanted:
            continue  # "teilen sich", "führen": the split verb without its particle is no speech verb
        # Passive: "<msg> wurden von X zurückgewiesen" / "<msg> was denied by X".
        aux = next((k for k in range(i - 1, -1, -1) if low[k] in lex.passive_aux), None)
        agent = next((k for k in range(aux + 1, n) if low[k] in lex.agent), None) if aux is not None else None
        if aux is not None and agent is not None and w in lex.denial:
            src = list(range(agent + 1, i)) if agent < i else np_right(toks, low, agent + 1, lex)
            add(range(0, aux), [aux, i], src, "Reported")
            continue
        near = [q for q in quotes if q[-1] < i and q[-1] >= i - MAX_SOURCE_TOKENS
                and not any(low[k] in (".", "!", "?") for k in range(q[-1] + 1, i))
                or q[0] > i and q[0] <= i + 3]
        if near:
            q = near[0]
            # "„…“, sagte X" / "“…,” said X" take the source after the verb; "“…,” X said" before it.
            before_is_mark = i > 0 and low[i - 1] in _PUNCT
            src = (np_right(toks, low, i + 1, lex) if q[-1] < i and before_is_mark
                   else np_left(toks, low, i, lex))
            if not src and q[-1] < i:
                src = np_left(toks, low, q[0], lex)
            add(q, cue, src, "Direct")
            continue
        left = [k for k in range(i) if not inq[k]]
        if i > 0 and low[i - 1] == "," or (i > 1 and low[i - 2] == ","):
            # "…, teilte der Kreml mit." — message before the comma, source after the verb.
            comma = max(k for k in range(i) if low[k] == ",")
            add(range(0, comma), cue, np_right(toks, low, i + 1, lex), "Indirect")
        elif "wie" in low[:i] and low.index("wie") > 0 and low[low.index("wie") - 1] == ",":
            # "…, wie der Kreml am Montag mitteilte."
            wie = low.index("wie")
            add(range(0, wie - 1), [wie, *cue], np_right(toks, low, wie + 1, lex), "Indirect")
        elif (lang != "de" and (src := np_left(toks, low, i, lex)) and src[0] > 1
              and low[src[0] - 1] == "," and all(low[k] in lex.np_stop or low[k] in _PUNCT
                                                 or k > i + 1 and low[i + 1] in lex.np_stop for k in range(i + 1, n))):
            # "…, The New York Times reported on Monday, citing officials."
            add(range(0, src[0] - 1), cue, src, "Indirect")
        elif i + 1 < n and left:
            after = i + 1
            src = np_left(toks, low, i, lex)
            if lang == "de" and (not src or src[0] > 0 and low[0] in lex.np_stop | {"letzte", "zuvor"}):
                src = np_right(toks, low, i + 1, lex)
            start = next((k + 1 for k in range(after, n) if low[k] in (",", ":")), None)
            if start is not None and any(_match(low, start, ph) for ph in lex.nesting):
                # "reported, citing two officials, that …": the message starts after the aside.
                start = next((k + 1 for k in range(start, n) if low[k] == ","), start)
            if start is None or start - after > MAX_SOURCE_TOKENS:
                start = max(src, default=i) + 1 if src and src[0] > i else after
            if start < n and low[start] in ("dass", "that"):
                start += 0 if lang == "de" else 1
            add(range(start, n), cue, src, "Indirect")
    return out


def nested_sources(si: int, toks: Sequence[str], lang: str, skip: set[int]) -> list[tuple[list[Tok], list[Tok]]]:
    """(cue, source) pairs of nesting phrases in a sentence ("unter Berufung auf X", "citing X")."""
    lex = LEXICONS["de" if lang == "de" else "en"]
    low = [t.lower() for t in toks]
    out = []
    for i in range(len(toks)):
        if i in skip:
            continue
        for ph in lex.nesting:
            if _match(low, i, ph):
                src = np_right(toks, low, i + len(ph), lex)
                if src:
                    out.append(([(si, k) for k in range(i, i + len(ph))], [(si, k) for k in src]))
    return out
