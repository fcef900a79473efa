"""Token features for the attribution tagger: words, shapes, quotation state, cue lexicon,
distance to the nearest cue, Konjunktiv, and (second pass) the first pass's neighbouring labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon_de as lx

_PUNCT = re.compile(r"^\W+$")


@lru_cache(maxsize=200_000)
def subjunctive(word: str) -> bool:
    """Konjunktiv I/II reading of a lower-case token (list, then the -e / -est / -et endings of a
    verb whose indicative -t form is a frequent German word)."""
    if word in lx.SUBJUNCTIVE:
        return True
    if word in lx.NOT_SUBJUNCTIVE or len(word) < 4 or not word.endswith("e"):
        return False
    from wordfreq import zipf_frequency

    stem = word[:-1]
    # "plane" (Konj. I) next to "plant" (indicative); adjectives such as "große" have no "-t" form.
    return zipf_frequency(stem + "t", "de") >= SUBJ_MIN_ZIPF and zipf_frequency(stem + "en", "de") >= SUBJ_MIN_ZIPF


#: Minimum Zipf frequency of the -t and -en forms for a -e word to read as a verb form
#: (3.0 = about once per million words: rules out rare coincidences like "gutt").
SUBJ_MIN_ZIPF = 3.0


#: Lexicon classes that count as cues for the distance features (speech verbs, prepositions,
#: learned cue words, denials, thought verbs, speech-act nouns).
_CUE_CLASSES = frozenset({"cv", "cp", "cx", "deny", "ct", "cn"})


def shape(word: str) -> str:
    if _PUNCT.match(word):
        return "p"
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    return "x"


@lru_cache(maxsize=200_000)
def lex_class(low: str, extra_cues: frozenset[str]) -> str:
    if low in lx.DENIAL:
        return "deny"
    if low in lx.CUE_VERBS:
        return "cv"
    if low in lx.CUE_PREPS:
        return "cp"
    if low in lx.ATTITUDE_VERBS:
        return "ct"
    if low in lx.CUE_NOUNS:
        return "cn"
    if low in extra_cues:
        return "cx"
    if low in lx.PARTICLES:
        return "part"
    if low in lx.PRONOUNS:
        return "pron"
    if low in lx.QUOTE_OPEN or low in lx.QUOTE_CLOSE or low in lx.QUOTE_TOGGLE:
        return "quote"
    if low in ("dass", "ob", "that"):
        return "comp"
    if subjunctive(low):
        return "konj"
    return ""


def quote_state(tokens: Sequence[str], open_at_start: bool) -> tuple[list[bool], bool]:
    """Whether each token is inside quotation marks (marks themselves count as inside).

    „ opens; ” closes; " toggles; “ » « close when a quote is open and open otherwise (German
    „…“ and »…«, English “…”, Swiss «…»)."""
    inside = open_at_start
    out = []
    for t in tokens:
        if t == "„" or t == "‚":
            inside = True
            out.append(True)
        elif t in ("”", "‘"):
            out.append(True)
            inside = False
        elif t in lx.QUOTE_TOGGLE or t in ("“", "»", "«"):
            out.append(True)
            inside = not inside
        else:
            out.append(inside)
    return out, inside


def _nearest(positions: Sequence[int], n: int) -> list[int]:
    """For every token, the nearest of ``positions`` (the left one on ties); [] when none."""
    if not positions:
        return []
    out, k = [], 0
    for i in range(n):
        while k + 1 < len(positions) and abs(positions[k + 1] - i) < abs(positions[k] - i):
            k += 1
        out.append(positions[k])
    return out


def _bucket(d: int) -> str:
    a = abs(d)
    b = "1" if a == 1 else "2" if a <= 3 else "4" if a <= 7 else "8"
    return ("L" if d < 0 else "R") + b


@dataclass
class SentenceContext:
    """What the second-pass (label) features of one sentence need from the first pass."""

    inq: list[bool]
    commas: list[int]
    clause: list[int]


@dataclass
class BaseFeatures:
    """First-pass features of a document: per sentence, each token's own feature strings and the
    sentence-level strings every token of it shares (a token's full list is ``tokens[i] + sent``)."""

    tokens: list[list[list[str]]]
    sent: list[list[str]]
    context: list[SentenceContext]


def doc_features(sentences: Sequence[Sequence[str]], extra_cues: frozenset[str],
                 prev_labels: Sequence[Sequence[str]] | None = None) -> list[list[list[str]]]:
    """Feature strings per token per sentence; ``prev_labels`` adds the second-pass features."""
    base = base_features(sentences, extra_cues)
    if prev_labels is None:
        return [[f + sf for f in fs] for fs, sf in zip(base.tokens, base.sent, strict=True)]
    lab_sent, lab_tok = label_features(base.context, prev_labels)
    return [[f + sf + lsf + lf for f, lf in zip(fs, lfs, strict=True)]
            for fs, sf, lsf, lfs in zip(base.tokens, base.sent, lab_sent, lab_tok, strict=True)]


_SH = {k: f"sh:{k}" for k in ("p", "d", "X", "Xx", "x")}
_Q = {True: "q:True", False: "q:False"}


@lru_cache(maxsize=200_000)
def _word_strings(w: str) -> tuple[str, ...]:
    """Feature strings of a lower-case word: its own (w, s3, p3), as a neighbour (w-1, w+1, w-2,
    w+2, w-3, w+3), and the word itself (index 9)."""
    return (f"w:{w}", f"s3:{w[-3:]}", f"p3:{w[:3]}", f"w-1:{w}", f"w+1:{w}", f"w-2:{w}", f"w+2:{w}",
            f"w-3:{w}", f"w+3:{w}", w)


def base_features(sentences: Sequence[Sequence[str]], extra_cues: frozenset[str]) -> BaseFeatures:
    """The first-pass features (see :class:`BaseFeatures`)."""
    out = BaseFeatures([], [], [])
    open_quote = False
    prev_info: tuple[bool, bool] = (False, False)
    for si, toks in enumerate(sentences):
        low = [t.lower() for t in toks]
        cls = [lex_class(w, extra_cues) for w in low]
        inq, open_after = quote_state(toks, open_quote)
        cue_pos = [i for i, c in enumerate(cls) if c in _CUE_CLASSES]
        has_konj = "konj" in cls
        sent_feats = [f"sq:{any(c == 'quote' for c in cls)}", f"sc:{bool(cue_pos)}", f"sk:{has_konj}",
                      f"pc:{prev_info[0]}", f"pk:{prev_info[1]}", f"po:{open_quote}",
                      f"si:{min(si, 3)}"]
        n = len(toks)
        commas = [0] * (n + 1)
        for i, w in enumerate(low):
            commas[i + 1] = commas[i] + (w in (",", ":", ";", "–"))
        # Clause index of every token (clauses split at , ; : –) and whether a clause holds a
        # Konjunktiv verb: indirect speech lives in subjunctive clauses.
        clause = commas[:n]
        konj_clause = {clause[i] for i in range(n) if cls[i] == "konj"}
        cue_clause = {clause[j] for j in cue_pos}
        colon_seen = False
        dass_seen = False
        nearest = _nearest(cue_pos, n)
        shapes = [shape(t) for t in toks]
        feats_s: list[list[str]] = []
        # Word-identity strings come from a per-word cache: built once, and their hashes (the
        # vocabulary lookup) are computed once too.
        ws = [_word_strings(w) for w in low]
        first, last = _word_strings("<s>"), _word_strings("</s>")
        for i, w in enumerate(low):
            own = ws[i]
            p1 = ws[i - 1] if i else first
            n1 = ws[i + 1] if i + 1 < n else last
            f = ["b", own[0], own[1], own[2], _SH[shapes[i]], f"c:{cls[i]}",
                 _Q[inq[i]], f"rp:{(10 * i) // max(n, 1)}",
                 p1[3], n1[4],
                 (ws[i - 2] if i > 1 else first)[5], (ws[i + 2] if i + 2 < n else last)[6],
                 f"c-1:{cls[i - 1] if i else '<s>'}|c:{cls[i]}", f"c+1:{cls[i + 1] if i + 1 < n else '</s>'}|c:{cls[i]}",
                 f"w-1w:{p1[9]}|{w}", f"ww+1:{w}|{n1[9]}",
                 f"q-1:{inq[i - 1] if i else False}|q:{inq[i]}|q+1:{inq[i + 1] if i + 1 < n else False}"]
            if cue_pos:
                j = nearest[i]
                if j == i:
                    f.append("cd:0")
                else:
                    b = _bucket(j - i)
                    nc = min(2, abs(commas[max(i, j)] - commas[min(i, j) + 1]))
                    f += [f"cd:{b}", f"cd:{b}|cc:{nc}", f"cd:{b}|q:{inq[i]}", f"cw:{b[0]}:{low[j]}",
                          f"cd:{b}|sh:{shapes[i]}"]
            else:
                f.append("cd:none")
            f += [f"ck:{clause[i] in konj_clause}|cc:{clause[i] in cue_clause}",
                  (ws[i - 3] if i > 2 else first)[7], (ws[i + 3] if i + 3 < n else last)[8]]
            if colon_seen:
                f.append("col")
            if dass_seen:
                f.append("dass")
            feats_s.append(f)
            if w == ":":
                colon_seen = True
            if w == "dass":
                dass_seen = True
        out.tokens.append(feats_s)
        out.sent.append(sent_feats)
        out.context.append(SentenceContext(inq, commas, clause))
        open_quote = open_after
        prev_info = (bool(cue_pos), has_konj)
    return out


def label_features(context: Sequence[SentenceContext], prev_labels: Sequence[Sequence[str]]
                   ) -> tuple[list[list[str]], list[list[list[str]]]]:
    """Second-pass features from the first pass's labels: per sentence the strings all its tokens
    share, and per token its own (a token's list continues ``base + sent`` with ``sent_lab + tok_lab``)."""
    sent_out: list[list[str]] = []
    tok_out: list[list[list[str]]] = []
    for si, ctx in enumerate(context):
        labs = prev_labels[si]
        present = sorted(set(labs) - {"O"})
        sent_feats = [f"sl:{x}" for x in present] or ["sl:none"]
        pl = prev_labels[si - 1] if si > 0 else []
        sent_feats += [f"psl:{x}" for x in sorted(set(pl) - {"O"})] or ["psl:none"]
        nl = prev_labels[si + 1] if si + 1 < len(prev_labels) else []
        sent_feats += [f"nsl:{x}" for x in sorted(set(nl) - {"O"})] or ["nsl:none"]
        share = sum(x == "MSG" for x in pl) / max(len(pl), 1)
        sent_feats.append(f"psm:{round(share * 4)}")
        sent_out.append(sent_feats)
        n = len(labs)
        inq, commas, clause = ctx.inq, ctx.commas, ctx.clause
        pred_cues = [i for i in range(n) if labs[i] == "CUE"]
        pred_nearest = _nearest(pred_cues, n)
        clause_labels: dict[int, str] = {}
        for i in range(n):
            if labs[i] != "O":
                clause_labels[clause[i]] = "".join(sorted(set(clause_labels.get(clause[i], "")) | {labs[i][0]}))
        feats_s: list[list[str]] = []
        for i in range(n):
            f: list[str] = []
            if pred_cues:
                j = pred_nearest[i]
                if j != i:
                    b = _bucket(j - i)
                    nc = min(2, abs(commas[max(i, j)] - commas[min(i, j) + 1]))
                    f += [f"pcd:{b}|cc:{nc}", f"pcd:{b}|l0:{labs[i]}", f"pcd:{b}|q:{inq[i]}"]
            else:
                f.append("pcd:none")
            f.append(f"clab:{clause_labels.get(clause[i], '')}")
            f += [f"l0:{labs[i]}", f"l-1:{labs[i - 1] if i else '<s>'}",
                  f"l+1:{labs[i + 1] if i + 1 < n else '</s>'}",
                  f"l-2:{labs[i - 2] if i > 1 else '<s>'}", f"l+2:{labs[i + 2] if i + 2 < n else '</s>'}",
                  f"l-1l+1:{labs[i - 1] if i else '<s>'}|{labs[i + 1] if i + 1 < n else '</s>'}"]
            feats_s.append(f)
        tok_out.append(feats_s)
    return sent_out, tok_out
