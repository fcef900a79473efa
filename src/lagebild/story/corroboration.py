"""Corroboration: who claims what across a story's articles, who agrees, who stands alone, who contradicts.

Claims come from :func:`lagebild.annotate.quotes.claims`: every attribution of the ``quotes``
layer plus the sentences an outlet states on its own. Two claims are *one claim with several
carriers* when their sources agree (same canonical entity, or the normalised source words of one
contain the other's; an outlet's own statements all share the source "own") and their content is
similar (IDF-weighted lemma/compound overlap and the multilingual sentence encoder). Carriers are
counted as independent outlets by :func:`outlets.voice`: a folded wire copy is one article, and
articles credited to one agency are one voice.

Conflicts: a denial against an assertion of the same content, and two near-identical statements
that give different numbers, dates or places for the same fact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import MissingLayerError
from ..model import Article, Span
from .cues import ANAPHORA, MULTIPLIERS, NUMBER_WORDS, PLACE_PREPOSITIONS, SOURCE_FRAME_WORDS, STOPWORDS
from .outlets import voice, voice_label
from .similarity import SentenceIndex, TfIdf, clause_around, embed, features, lang_of, lemma, trim, words
from .timeline import interval
from .view import Carrier, Citation, Claim, Conflict

#: Canonical entity id of each entity mention: (article id, start, end) -> id (from the link step).
EntityIds = Mapping[tuple[str, int, int], str]

#: Same source, same content: encoder cosine and IDF-weighted overlap both above these. Paraphrases
#: of one statement score cosine 0.7+, and overlap 0.3+; statements that only share the topic
#: (same people, same affair) score cosine 0.4-0.6 and overlap below 0.2.
SAME_COSINE = 0.62
SAME_OVERLAP = 0.3
#: Across languages lemmas cannot overlap: the encoder alone decides, at a higher bar.
CROSS_LANGUAGE_COSINE = 0.7
#: A denial and an assertion are about the same content above these (lower than SAME_*: the
#: denial words the content differently: "bestreiten die Vorwürfe von Waffentransfers").
DENIAL_COSINE = 0.45
DENIAL_OVERLAP = 0.2
#: An assertion stated just before a denial in the same article (within this many sentences) is
#: what it denies at a lower cosine ("westliche Geheimdienste gehen davon aus … Beide bestreiten
#: die Vorwürfe"): the allegation is restated right before the rejection.
NEAR_SENTENCES = 1
NEAR_COSINE = 0.4
#: Two statements are the same fact reported with different details above these.
FACT_COSINE = 0.72
FACT_OVERLAP = 0.35
#: The lowest encoder cosine any of the tests above accepts: below it the (costly) lemma overlap
#: is never needed, so it is not computed (a 26-article story has ~270k claim pairs).
MIN_COSINE = min(SAME_COSINE, DENIAL_COSINE, NEAR_COSINE, FACT_COSINE)
#: A message with fewer content words than this is read with its whole sentence ("Diese Vorwürfe").
MIN_CONTENT_WORDS = 4

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\w])")


@dataclass
class ClaimMention:
    article: Article
    span: tuple[int, int]  # the message (own statements: the sentence)
    content: tuple[int, int]  # what is compared: the message, or its sentence(s) when it is short
    source_key: str
    source_text: str
    source_span: tuple[int, int] | None
    stance: str
    own: bool
    sent_index: int | None = None
    feats: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return self.article.text[self.content[0]:self.content[1]]


def source_key(text: str, lang: str) -> str:
    """Normalised source words: lemmas of its names (capitalised words), else of its content words."""
    stop = STOPWORDS.get(lang, STOPWORDS["de"])
    toks = [text[a:b] for a, b in words(text)]
    lems = [lemma(t, lang) for t in toks if t.lower() not in stop]
    names = [lemma(t, lang) for i, t in enumerate(toks) if t[:1].isupper() and (i > 0 or lang == "de")
             and t.lower() not in stop]
    keep = [w for w in (names or lems) if w not in SOURCE_FRAME_WORDS]
    return " ".join(sorted(set(keep or lems)))


def same_source(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith(("ent:", "own", "?")) or b.startswith(("ent:", "own", "?")):
        return False
    sa, sb = set(a.split()), set(b.split())
    return bool(sa and sb) and (sa <= sb or sb <= sa)


def article_claims(article: Article, entity_keys: EntityIds) -> list[ClaimMention]:
    from ..annotate.quotes import claims

    if "quotes" not in article.layers:
        raise MissingLayerError(article.id, "quotes")
    lang = lang_of(article)
    text = article.text
    index = SentenceIndex(article)
    ents = [(s, e, k) for (aid, s, e), k in entity_keys.items() if aid == article.id]
    out: list[ClaimMention] = []
    for c in claims(article):
        attrs = dict(c.attrs)
        if attrs.get("own") and attrs.get("stance") != "denial":
            found = _denial_in(text, c.start, c.end, lang)
            if found:  # an outlet's own sentence reporting a denial: "Beide Länder bestreiten …"
                cue, src = found
                attrs.update(own=False, stance="denial", cue=[list(cue)], source=list(src) if src else None)
        own = bool(attrs.get("own"))
        cues = [tuple(x) for x in attrs.get("cue") or []]
        anchor = cues[0][0] if cues else c.start
        si = index.at(anchor)
        content = (c.start, c.end)
        n_words = len([1 for a, b in words(text, c.start, c.end) if text[a:b].lower() not in STOPWORDS[lang]])
        denial = attrs.get("stance") == "denial"
        if si is not None and (denial or n_words < MIN_CONTENT_WORDS):
            sent = index.sents[si]
            start, end = sent.start, sent.end
            if denial and cues:  # the denied content: the cue's clause, not its relative clauses
                start, end = clause_around(text, sent, cues[0][0], cues[-1][1], lang)
            first = text[slice(*next(iter(words(text, sent.start, sent.end)), (0, 0)))].lower()
            inner = {text[x:y].lower() for x, y in words(text, start, end)} & (ANAPHORA[lang] - {"das", "that"})
            if si > 0 and (first in ANAPHORA[lang] or (denial and inner)):
                start = index.sents[si - 1].start  # "Diese Vorwürfe wurden zurückgewiesen"
            content = (start, end) if denial else (min(start, c.start), max(end, c.end))
        src = attrs.get("source")
        if own:
            key, stext, sspan = "own", "", None
        elif src:
            sspan = (int(src[0]), int(src[1]))
            stext = text[sspan[0]:sspan[1]]
            ent = next((k for s, e, k in ents if s < sspan[1] and sspan[0] < e), None)
            key = f"ent:{ent}" if ent else (source_key(stext, lang) or "?")
        else:
            key, stext, sspan = "?", "", None
        m = ClaimMention(article, trim(text, c.start, c.end), trim(text, *content), key, stext, sspan,
                         str(attrs.get("stance") or "assertion"), own, sent_index=si)
        m.feats = features(m.text, lang)
        out.append(m)
    return out


def _denial_in(text: str, start: int, end: int, lang: str
               ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(cue, source) of a denial verb in ``text[start:end]``; the source is the clause's subject
    (the words before the verb), or the agent after "von/vom/by" in a passive."""
    from ..annotate.quotes import lexicon_de, lexicon_en

    lex = lexicon_de if lang == "de" else lexicon_en
    toks = words(text, start, end)
    low = [text[a:b].lower() for a, b in toks]
    split = getattr(lex, "DENIAL_SPLIT", {})
    for i, w in enumerate(low):
        if w in lex.DENIAL or (w in split and split[w] in low[i + 1:]):
            cue = toks[i]
            clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, start, cue[0])), default=start)
            agent = [j for j in range(i) if low[j] in ("von", "vom", "by") and toks[j][0] >= clause_start]
            if agent:
                return cue, trim(text, toks[agent[-1]][1], cue[0])
            src = trim(text, clause_start, cue[0])
            return cue, src if src[1] > src[0] else None
    return None


_CLAUSE_START = re.compile(r"[,;:]\s*")


def numbers_in(text: str, lang: str, skip: list[tuple[int, int]]) -> dict[str, set[float]]:
    """Numbers in ``text`` by the lemma of the word they count ("zwei Millionen Granaten")."""
    toks = words(text)
    out: dict[str, set[float]] = {}
    number_words = NUMBER_WORDS.get(lang, {})
    for i, (a, b) in enumerate(toks):
        w = text[a:b]
        if any(s <= a < e for s, e in skip):
            continue
        m = _NUMBER.fullmatch(w)
        if m:
            raw = re.sub(r"[.\u202f ](?=\d{3}\b)", "", w).replace(",", ".")
            try:
                value = float(raw)
            except ValueError:
                continue
        elif w.lower() in number_words:
            value = float(number_words[w.lower()])
            if w.lower() in ("ein", "eine", "einen", "one") and not (
                    i + 1 < len(toks) and text[slice(*toks[i + 1])].lower() in MULTIPLIERS):
                continue
        else:
            continue
        j = i + 1
        while j < len(toks) and text[slice(*toks[j])].lower() in MULTIPLIERS:
            value *= MULTIPLIERS[text[slice(*toks[j])].lower()]
            j += 1
        if j < len(toks):
            unit = lemma(text[slice(*toks[j])], lang)
            out.setdefault(unit, set()).add(value)
    return out


def places_in(m: ClaimMention, entity_spans: list[Span]) -> set[str]:
    text, (a, b) = m.article.text, m.content
    locs = {lemma(text[s.start:s.end], lang_of(m.article)) for s in entity_spans
            if s.label in ("LOC", "GPE") and a <= s.start < b}
    if locs or entity_spans:
        return locs
    lang = lang_of(m.article)
    toks = words(text, a, b)
    preps = PLACE_PREPOSITIONS[lang]
    return {lemma(text[slice(*toks[i + 1])], lang) for i in range(len(toks) - 1)
            if text[slice(*toks[i])] in preps and text[toks[i + 1][0]].isupper()
            and not text[slice(*toks[i + 1])].isupper()}


def dates_in(m: ClaimMention) -> list[str]:
    """Dates the statement carries in full (a year-less "im Juli" was resolved, so may be wrong)."""
    a, b = m.content
    return [str(t.attrs.get("value")) for t in m.article.spans("timex")
            if t.label in ("DATE", "TIME") and a <= t.start < b and not t.attrs.get("anchor")
            and interval(str(t.attrs.get("value"))) is not None]


@dataclass
class ClaimGroup:
    mentions: list[ClaimMention]

    @property
    def first(self) -> ClaimMention:
        return self.mentions[0]

    @property
    def denial(self) -> bool:
        return self.first.stance == "denial"


class _Scorer:
    def __init__(self, mentions: list[ClaimMention]) -> None:
        self.pos = {id(m): i for i, m in enumerate(mentions)}
        self.vecs = embed([m.text for m in mentions]) if mentions else np.zeros((0, 512), np.float32)
        self.tfidf = TfIdf([m.feats for m in mentions])

    def __call__(self, a: ClaimMention, b: ClaimMention) -> tuple[float, float]:
        cos = float(self.vecs[self.pos[id(a)]] @ self.vecs[self.pos[id(b)]])
        return cos, self._overlap(a, b, cos)

    def _overlap(self, a: ClaimMention, b: ClaimMention, cos: float) -> float:
        if cos < MIN_COSINE:  # no test accepts this pair, whatever the overlap
            return 0.0
        if lang_of(a.article) != lang_of(b.article):  # no shared lemmas: the encoder speaks for both
            return 1.0 if cos >= CROSS_LANGUAGE_COSINE else 0.0
        return self.tfidf.cosine(a.feats, b.feats)

    def best(self, a: ClaimGroup, b: ClaimGroup) -> tuple[float, float]:
        """Highest cosine and highest overlap over the mention pairs (overlap only of pairs that
        pass ``MIN_COSINE``)."""
        ia = [self.pos[id(x)] for x in a.mentions]
        ib = [self.pos[id(y)] for y in b.mentions]
        cos = self.vecs[ia] @ self.vecs[ib].T
        top = float(cos.max())
        if top < MIN_COSINE:
            return top, 0.0
        ov = max(self._overlap(x, y, float(cos[i, j])) for i, x in enumerate(a.mentions)
                 for j, y in enumerate(b.mentions))
        return top, ov


def corroborate(articles: list[Article], entity_ids: EntityIds | None = None
                ) -> tuple[list[Claim], list[Conflict]]:
    """(claims, conflicts) of a story's articles (see the module doc). ``entity_ids`` gives the
    canonical entity of each entity mention, so sources naming one entity differently agree."""
    ekeys = entity_ids or {}
    mentions = [m for a in sorted(articles, key=_pub_key) for m in article_claims(a, ekeys)]
    score = _Scorer(mentions)
    claims: list[ClaimGroup] = []
    for m in mentions:
        home = None
        for c in claims:
            if c.denial != (m.stance == "denial") or not same_source(c.first.source_key, m.source_key):
                continue
            if any(o.article is m.article and spans_overlap(o.content, m.content) for o in c.mentions):
                home = c  # one statement quoted twice in one article ("X sagte, Y … Y", nested cue)
                break
            if any(o.article is not m.article for o in c.mentions) or c.first.article is not m.article:
                cos, ov = max(score(o, m) for o in c.mentions)
                if cos >= SAME_COSINE and ov >= SAME_OVERLAP:
                    home = c
                    break
        if home is None:
            claims.append(ClaimGroup([m]))
        elif not any(o.article is m.article and spans_overlap(o.content, m.content) for o in home.mentions):
            home.mentions.append(m)
    ids = {id(c): f"c{i + 1}" for i, c in enumerate(claims)}
    corroborated: dict[int, list[str]] = {id(c): [] for c in claims}
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.denial == b.denial and not same_source(a.first.source_key, b.first.source_key):
                cos, ov = score.best(a, b)
                if cos >= SAME_COSINE and ov >= SAME_OVERLAP:
                    corroborated[id(a)].append(ids[id(b)])
                    corroborated[id(b)].append(ids[id(a)])
    out = [_claim(c, ids[id(c)], corroborated[id(c)]) for c in claims]
    return out, _conflicts(claims, ids, score)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one article share at least half of the shorter one."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter * 2 >= min(a[1] - a[0], b[1] - b[0])


def _pub_key(a: Article) -> tuple[str, str]:
    return (a.published.value if a.published else "~", a.id)


def _cite(m: ClaimMention, span: tuple[int, int] | None = None) -> Citation:
    s, e = span or m.span
    return Citation(m.article.id, s, e)


def _claim(c: ClaimGroup, cid: str, corroborated_by: list[str]) -> Claim:
    voices = {voice(m.article): voice_label(m.article) for m in c.mentions}
    rep = c.first
    return Claim(
        id=cid, source=rep.source_text or ("(outlet)" if rep.own else None),
        source_key=rep.source_key, own=rep.own, stance=rep.stance, text=rep.text,
        carriers=[Carrier(m.article.id, m.span[0], m.span[1], outlet=voice_label(m.article), content=m.content,
                          source_span=m.source_span) for m in c.mentions],
        outlets=sorted(set(voices.values())), independent_outlets=len(voices),
        single_source=len(voices) == 1 and not corroborated_by,
        corroborated_by=corroborated_by,
    )


def _conflicts(claims: list[ClaimGroup], ids: dict[int, str], score: _Scorer) -> list[Conflict]:
    out: list[Conflict] = []
    for d in claims:
        if not d.denial:
            continue
        against = []
        for a in claims:
            if a.denial or a.first.stance not in ("assertion", "speculation"):
                continue
            cos, ov = score.best(d, a)
            if (cos >= DENIAL_COSINE and ov >= DENIAL_OVERLAP) or (cos >= NEAR_COSINE and _just_before(a, d)):
                against.append((cos + ov, a))
        if against:
            against.sort(key=lambda x: -x[0])
            asserted = [a for _, a in against]
            out.append(Conflict(kind="denial", about=d.first.text, denied_by=ids[id(d)],
                                asserted_by=[ids[id(a)] for a in asserted],
                                citations=[_cite(m, m.content) for m in d.mentions]
                                + [_cite(m, m.content) for a in asserted for m in a.mentions]))
    out.extend(_detail_conflicts(claims, ids, score))
    return out


def _just_before(a: ClaimGroup, d: ClaimGroup) -> bool:
    return any(x.article is y.article and x.sent_index is not None and y.sent_index is not None
               and 0 <= y.sent_index - x.sent_index <= NEAR_SENTENCES
               for x in a.mentions for y in d.mentions)


def _detail_conflicts(claims: list[ClaimGroup], ids: dict[int, str], score: _Scorer) -> list[Conflict]:
    """Same fact, different numbers, dates or places (between different articles)."""
    out: list[Conflict] = []
    flat = [(c, m) for c in claims if not c.denial for m in c.mentions]
    for i, (ca, a) in enumerate(flat):
        for cb, b in flat[i + 1:]:
            if a.article is b.article:
                continue
            cos, ov = score(a, b)
            if cos < FACT_COSINE or ov < FACT_OVERLAP:
                continue
            for kind, va, vb in _differences(a, b):
                out.append(Conflict(kind=kind, about=a.text, values=[va, vb],
                                    claims=list(dict.fromkeys([ids[id(ca)], ids[id(cb)]])),
                                    citations=[_cite(a, a.content), _cite(b, b.content)]))
    return out


def _differences(a: ClaimMention, b: ClaimMention) -> list[tuple[str, Any, Any]]:
    lang_a, lang_b = lang_of(a.article), lang_of(b.article)
    skip_a = [(t.start, t.end) for t in a.article.spans("timex")]
    skip_b = [(t.start, t.end) for t in b.article.spans("timex")]
    out: list[tuple[str, Any, Any]] = []
    na = numbers_in(a.article.text[:a.content[1]], lang_a, skip_a + [(0, a.content[0])])
    nb = numbers_in(b.article.text[:b.content[1]], lang_b, skip_b + [(0, b.content[0])])
    for unit in sorted(set(na) & set(nb)):
        if not na[unit] & nb[unit]:
            out.append(("number", f"{_fmt(na[unit])} {unit}", f"{_fmt(nb[unit])} {unit}"))
    da, db = dates_in(a), dates_in(b)
    if da and db and not any(_compatible(x, y) for x in da for y in db):
        out.append(("date", da[0], db[0]))
    pa = places_in(a, a.article.spans("entities"))
    pb = places_in(b, b.article.spans("entities"))
    if pa and pb and not pa & pb:
        out.append(("place", ", ".join(sorted(pa)), ", ".join(sorted(pb))))
    return out


def _compatible(x: str, y: str) -> bool:
    ix, iy = interval(x), interval(y)
    return ix is None or iy is None or ix.overlaps(iy)


def _fmt(values: set[float]) -> str:
    return "/".join(f"{v:,.0f}" if v >= 1000 else f"{v:g}" for v in sorted(values))
