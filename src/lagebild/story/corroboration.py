"""Corroboration: who claims what across a story's articles, who agrees, who stands alone, who contradicts.

A *claim* is a proposition with its speaker and stance. Its mentions come from
:func:`lagebild.annotate.quotes.claims`: every attribution of the ``quotes`` layer, with the
speaker the quotes stage resolved ("demnach", "die Zeitung", "hieß es", "Sowohl X als auch Y"),
plus each sentence an outlet states on its own. Across the story a description ("der
Kremlchef") becomes the person another article gives that title (:class:`StoryTitles`).

Mentions are one claim when their speakers agree (the same canonical entity, or the words of one
contain the other's; an outlet's own statements share the speaker "own"), their content is the
same proposition (IDF-weighted lemma/compound overlap and the multilingual sentence encoder) and
they speak of the same happening (:func:`same_time`).

*Corroboration* is the same proposition carried by two or more independent voices
(:func:`outlets.voice`: a folded wire copy, and every article credited to one agency, are one
voice). Within one voice near-duplicates merge; a source cited inside another's report in the
same article (the NYT and the officials it quotes) is a chain, never corroboration.

*Conflicts* (:mod:`.conflicts`): a denial against an assertion of the same proposition by another
speaker, and one happening told by two voices with incompatible numbers, dates or places.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..annotate.quotes import claims, speaker_text
from ..annotate.quotes.speakers import named_speaker, stem, title_index
from ..errors import MissingLayerError
from ..model import Article
from .conflicts import find_conflicts
from .cues import (
    ANAPHORA,
    FINITE_AUXILIARIES,
    NON_ACTOR_MARKERS,
    STOPWORDS,
)
from .details import dates_in
from .mentions import (
    ClaimGroup,
    ClaimMention,
    Scorer,
    same_source,
    same_time,
    source_key,
    spans_overlap,
)
from .outlets import voice, voice_label
from .referents import Referent, StoryReferents, followed_by_verb, reflexive
from .similarity import SentenceIndex, clause_around, content_lemmas, features, lang_of, trim, words
from .statements import (
    antecedents_of,
    as_claimed_by,
    conditional,
    denial_in,
    misread_denial,
    points_back,
    refused,
    speech_in,
    subject_only,
    whole_message,
)
from .view import Carrier, Claim, Conflict, StoryEntity

#: Canonical entity id of each entity mention: (article id, start, end) -> id (from the link step).
EntityIds = Mapping[tuple[str, int, int], str]

#: Same source, same content: encoder cosine and IDF-weighted overlap both above these. Paraphrases
#: of one statement score cosine 0.7+, and overlap 0.3+; statements that only share the topic
#: (same people, same affair) score cosine 0.4-0.6 and overlap below 0.2.
SAME_COSINE = 0.62
SAME_OVERLAP = 0.3
#: Statements of different speakers corroborate each other above this cosine (and SAME_OVERLAP):
#: higher than for one speaker's statement told twice, since two speakers on one topic say related
#: but different things ("Elbkai ist zur Schlichtung bereit" vs "die Schlichtung blieb ohne Ergebnis": 0.68).
CORROBORATION_COSINE = 0.7
#: Indefinite articles: a source opening with one introduces somebody new ("ein Sprecher").
INDEFINITE = frozenset({"ein", "eine", "einer", "eines", "einem", "einen", "a", "an"})
#: Words between two names of a source that make the second a genitive ("Sprecher der X").
GENITIVE_WORDS = frozenset({"der", "des", "von", "vom", "of"})
#: Words that open an indirect question: such a message asserts nothing.
QUESTION_OPENERS = frozenset({"ob", "whether"})
#: A message with fewer content words than this is read with its whole sentence ("Diese Vorwürfe").
MIN_CONTENT_WORDS = 4
#: Shortest title head that may match the end of a compound title ("Senatorin" ~ "Wirtschaftssenatorin").
MIN_TITLE_HEAD = 6

class StoryTitles:
    """Titles the story's articles give to named entities ("Kremlchef Wladimir Putin"), so that a
    description in another article ("der Kremlchef") resolves to the canonical entity. A title
    that several different entities carry resolves to none."""

    def __init__(self, articles: Sequence[Article], entity_ids: EntityIds) -> None:
        found: dict[str, Counter[str]] = {}
        self.names: dict[str, tuple[Article, int, int]] = {}
        for a in articles:
            ents = a.spans("entities")
            for h, ks in title_index(a.text, ents).items():
                for k in ks:
                    e = ents[k]
                    eid = entity_ids.get((a.id, e.start, e.end)) or a.text[e.start:e.end]
                    found.setdefault(h, Counter())[eid] += 1
                    self.names.setdefault(eid, (a, e.start, e.end))
        self.titles = {h: next(iter(c)) for h, c in found.items() if len(c) == 1}

    def resolve(self, head: str) -> tuple[str, str] | None:
        """(entity key, name) of the one entity that carries the title ``head``, if any."""
        h = stem(head)
        eid = self.titles.get(h)
        if eid is None and len(h) >= MIN_TITLE_HEAD:  # "die Senatorin" ~ "Wirtschaftssenatorin Katrin Lohmeyer"
            found = {e for t, e in self.titles.items() if t.endswith(h)}
            eid = next(iter(found)) if len(found) == 1 else None
        if eid is None:
            return None
        a, s, e = self.names[eid]
        return f"ent:{eid}", a.text[s:e]


def _speaker(article: Article, attrs: dict[str, Any], entity_keys: EntityIds, titles: StoryTitles | None,
             lang: str, refs: StoryReferents | None = None, sent: tuple[int, int] | None = None,
             ) -> tuple[str, str, tuple[int, int] | None, str]:
    """(key, shown text, span, kind) of an attribution's speaker; the shown text is "" when nobody
    is named (the renderers word it in the interface language). With ``refs`` named speakers,
    short forms and descriptions resolve through the story's canonical entities (:mod:`.referents`)."""
    text = article.text
    sp = attrs.get("speaker")
    src = attrs.get("source")
    if sp is None:  # a quotes layer from before speakers were resolved
        if not src:
            return "?", "", None, "unattributed"
        span = (int(src[0]), int(src[1]))
        return source_key(text[span[0]:span[1]], lang) or "?", text[span[0]:span[1]], span, "named"
    kind = str(sp.get("kind"))
    if kind == "outlet":
        return f"outlet:{voice(article)}", voice_label(article), None, kind
    if kind == "unattributed" or not sp.get("span"):
        return "?", "", None, "unattributed"
    ents = article.spans("entities")

    def key_of(s: int, e: int) -> str:
        inside = [x for x in ents if x.start < e and s < x.end]
        eid = next((entity_keys.get((article.id, x.start, x.end)) for x in inside
                    if (article.id, x.start, x.end) in entity_keys), None)
        if eid is None and inside:
            eid = text[inside[0].start:inside[0].end]
        return f"ent:{eid}" if eid else (source_key(text[s:e], lang) or "?")

    shown = speaker_text(text, sp, voice_label(article))
    s, e = (int(sp["span"][0]), int(sp["span"][1]))
    if sp.get("parts"):
        return "+".join(sorted(key_of(int(a), int(b)) for a, b in sp["parts"])), shown, (s, e), kind
    if refs is not None:
        found = _referent(article, attrs, (s, e), entity_keys, refs, lang, sent)
        if found is not None:
            return (found.key, found.name, (s, e), "named") if found.key else ("?", "", None, "unattributed")
    indefinite = src is not None and text[int(src[0]):int(src[1])].split(" ", 1)[0].lower() in INDEFINITE
    if titles is not None and sp.get("via") == "source" and sp.get("entity") is None and not indefinite:
        # (never "ein Unternehmenssprecher" -> the spokesman another article names: a new referent)
        caps = [text[a:b] for a, b in words(text, s, e) if text[a].isupper()]
        resolved = titles.resolve(caps[-1]) if len(caps) == 1 else None
        if resolved:  # "der Kremlchef" -> the person another article calls so
            return resolved[0], resolved[1], (s, e), "named"
    return key_of(s, e), shown, (s, e), kind


def _referent(article: Article, attrs: dict[str, Any], span: tuple[int, int], entity_keys: EntityIds,
              refs: StoryReferents, lang: str, sent: tuple[int, int] | None) -> Referent | None:
    """The story entity a speaker span is (see :mod:`.referents`); Referent("", "") for nobody;
    None when the span stays as written."""
    text = article.text
    s, e = span
    cues = [(int(a), int(b)) for a, b in attrs.get("cue") or []]
    if sent is not None and cues and s >= cues[-1][1] and followed_by_verb(text, span, FINITE_AUXILIARIES.get(
            lang, frozenset())):  # "… and said the company would": the reported clause's subject
        return refs.clause_subject(article, sent, cues[0][0], entity_keys, lang) or Referent("", "")
    if reflexive(text, span):  # "nach eigenen Angaben": the subject of the clause, else nobody
        if sent is None:
            return Referent("", "")
        return refs.clause_subject(article, sent, min([s, *(c[0] for c in cues)]), entity_keys, lang) or Referent("", "")
    ents = article.spans("entities")
    src = attrs.get("source")
    if src:  # "Verdi negotiator Merle Jacobsen": the person at the head of the source, not its modifier
        within = [x for x in ents if int(src[0]) <= x.start and x.end <= int(src[1])]
        if len(within) > 1 and (within[-1].label == "PER" or refs.is_description(refs.eid(
                article, within[0].start, within[0].end, entity_keys))) and \
                not text[within[-1].end:int(src[1])].strip(" ,.") and \
                not {w.lower() for w in text[within[0].end:within[-1].start].split()} & GENITIVE_WORDS:
            s, e = within[-1].start, within[-1].end
    inside = [x for x in ents if x.start < e and s < x.end]
    if inside:
        x = inside[0]
        eid = refs.eid(article, x.start, x.end, entity_keys)
        if refs.is_description(eid):  # "Gewerkschaft", "Die Gewerkschaft" tagged as a name
            return refs.description(text, (x.start, x.end), lang)
        covers = refs.bare(text[s:e], lang) == refs.bare(text[x.start:x.end], lang)  # "The Verdi union" ~ "Verdi"
        if covers or (attrs.get("speaker") or {}).get("entity") is not None and len(inside) == 1 and x.label == "PER":
            return refs.named(eid)  # "Jacobsen" -> "Merle Jacobsen"
        return None
    # a name the NER missed here ("Die Elbkai Terminal AG"), or "Das Unternehmen" -> the one company
    return refs.by_name(text[s:e]) or refs.description(text, (s, e), lang)


def article_claims(article: Article, entity_keys: EntityIds, titles: StoryTitles | None = None,
                   refs: StoryReferents | None = None,
                   antecedents: dict[int, list[ClaimMention]] | None = None) -> list[ClaimMention]:
    """The claim mentions of one article. ``antecedents`` (when given) receives, per denial of an
    anaphor ("wies diese Darstellung zurück", "denied this"; key ``id(mention)``), the statements
    it refers to: see :func:`antecedents`."""
    if "quotes" not in article.layers:
        raise MissingLayerError(article.id, "quotes")
    lang = lang_of(article)
    text = article.text
    index = SentenceIndex(article)
    out: list[ClaimMention] = []
    anaphoric: list[int] = []  # denials of "diese Darstellung", "this": what they deny is before them
    for c in claims(article):
        attrs = dict(c.attrs)
        opener = next(iter(words(text, c.start, c.end)), None)
        if opener is not None and text[opener[0]:opener[1]].lower() in QUESTION_OPENERS:
            continue  # "… wollte sich nicht äußern, ob Schiffe umgeleitet wurden": a question, no claim
        if refused(text, attrs, lang):
            continue  # "X declined to say whether …": a refusal to comment asserts nothing
        ms, me = whole_message(text, attrs, c.start, c.end, index)  # the message (a misread denial: its sentence)
        if (attrs.get("speaker") or {}).get("via") == "narration" and (si2 := index.at(ms)) is not None:
            ms, me = index.sents[si2].start, index.sents[si2].end  # the outlet narrating: its whole sentence
        said_by = (attrs.get("speaker") or {}).get("span")
        if said_by and ms <= int(said_by[0]) <= ms + 1 and int(said_by[1]) < me:
            ms = trim(text, int(said_by[1]), me)[0]  # "Gewerkschaft statt Hamburg …": the speaker is no message
        if not attrs.get("own") and conditional(text, attrs, index):
            # "Lehnt eine Seite ihn ab, könnte …": a condition, nobody speaks
            attrs.update(own=True, stance=attrs.get("stance") if attrs.get("stance") != "denial" else "speculation",
                         speaker=None, cue=[], source=None)
            if (si1 := index.at(ms)) is not None:
                ms, me = index.sents[si1].start, index.sents[si1].end
        if attrs.get("stance") == "denial" and misread_denial(text, attrs, index, lang):
            # "During the dispute X claimed …" (the noun "dispute" read as a denial, nobody named
            # as denier): the outlet's own sentence, never a conflict side
            sent = index.sents[si0] if (si0 := index.at(c.start)) is not None else None
            attrs.update(own=True, stance="assertion", speaker=None, cue=[], source=None)
            if sent is not None:
                ms, me = sent.start, sent.end
                said = speech_in(text, sent.start, sent.end, lang)
                if said is not None:  # "During the dispute X repeatedly claimed that …": X's claim
                    said_cue, said_by, (ms, me) = said
                    _credit(attrs, said_cue, said_by)
        if not attrs.get("own") and subject_only(text, ms, me, lang):
            continue  # the speaker's name taken as the message
        nobody = attrs.get("own") or (attrs.get("speaker") or {}).get("kind") in ("outlet", "unattributed")
        credited = as_claimed_by(text, ms, me, lang) if nobody else None
        if credited is not None and attrs.get("stance") != "denial":  # "…, wie von X behauptet, …": X's claim
            _credit(attrs, *credited)
        if attrs.get("own") and attrs.get("stance") != "denial":
            found = denial_in(text, ms, me, lang)
            if found:  # an outlet's own sentence reporting a denial: "Beide Länder bestreiten …"
                cue, src = found
                _credit(attrs, cue, src, stance="denial")
        own = bool(attrs.get("own"))
        cues = [tuple(x) for x in attrs.get("cue") or []]
        si = index.at(cues[0][0] if cues else ms)
        content = (ms, me)
        n_words = len([1 for a, b in words(text, ms, me) if text[a:b].lower() not in STOPWORDS[lang]])
        denial = attrs.get("stance") == "denial"
        if si is not None and (denial or n_words < MIN_CONTENT_WORDS):
            sent = index.sents[si]
            start, end = sent.start, sent.end
            if denial and cues:  # the denied content: the cue's clause, not its relative clauses
                start, end = clause_around(text, sent, cues[0][0], cues[-1][1], lang)
                # a split cue ("wurden … zurückgewiesen") ends the clause of its last word
                end = max(end, clause_around(text, sent, cues[-1][0], cues[-1][1], lang)[1])
            inner = {text[x:y].lower() for x, y in words(text, start, end)} & (ANAPHORA[lang] - {"das", "that"})
            if denial and inner and start > sent.start:
                start = sent.start  # "X sprach von einer Milliarde, die Kommission bestritt eine solche Zusage"
            elif denial and si > 0 and (points_back(text, sent.start, sent.end, lang) or inner):
                # "Diese Vorwürfe wurden zurückgewiesen" (an assertion keeps its own sentence: the one
                # before is not the speaker's)
                start = index.sents[si - 1].start
                anaphoric.append(len(out))
            content = (start, end) if denial else (min(start, ms), max(end, me))
        if own:
            key, shown, sspan, kind = "own", voice_label(article), None, "own"
        else:
            sent_span = (index.sents[si].start, index.sents[si].end) if si is not None else None
            key, shown, sspan, kind = _speaker(article, attrs, entity_keys, titles, lang, refs, sent_span)
        m = ClaimMention(article, trim(text, ms, me), trim(text, *content), key, shown, sspan,
                         str(attrs.get("stance") or "assertion"), own, sent_index=si, speaker_kind=kind,
                         chain=attrs.get("parent") is not None, voice=voice(article))
        m.dates = dates_in(article, m.content, anchored=True)
        m.actors = _actors(article, m.content, entity_keys, lang)
        sp = attrs.get("speaker") or {}
        m.parties = [text[a:b] for a, b in sp.get("parts") or []] or ([shown] if sp.get("span") else [])
        src = attrs.get("source")
        m.source_words = text[int(src[0]):int(src[1])] if src else shown  # "Sprecherin der EU-Kommission, …"
        m.feats = features(m.text, lang)
        out.append(m)
    if antecedents is not None:
        for k in anaphoric:
            before = antecedents_of(out, out[k], index)
            if before:  # (its content stays the sentence before and its own: what it says, for matching)
                antecedents[id(out[k])] = before
    return out


def _credit(attrs: dict[str, Any], cue: Sequence[int], source: Sequence[int] | None, **more: Any) -> None:
    """Make a claim's attributes name ``source`` (a character span, or None: nobody named) as the
    speaker of ``cue``: a statement found by reading its sentence, not by the tagger."""
    attrs.update(own=False, cue=[list(cue)], source=list(source) if source else None,
                 speaker=named_speaker(source) if source else None, **more)


def _actors(article: Article, span: tuple[int, int], entity_keys: EntityIds, lang: str) -> list[frozenset[str]]:
    """The people acting in ``article.text[span]``: PER entities not governed by a preposition or
    an oblique article; each as its canonical id, else the lower-cased words of its name."""
    text = article.text
    markers = NON_ACTOR_MARKERS.get(lang, NON_ACTOR_MARKERS["de"])
    out = []
    for e in article.spans("entities"):
        if e.label != "PER" or not span[0] <= e.start < span[1]:
            continue
        before = [text[a:b] for a, b in words(text, max(span[0], e.start - 60), e.start)][-4:]
        governed = False
        for w in reversed(before):
            if w.lower() in markers:
                governed = True
                break
            if not (w[:1].isupper() or w.islower() and w.endswith(("e", "en", "er", "es", "em"))):
                break
        if not governed:
            eid = entity_keys.get((article.id, e.start, e.end))
            out.append(frozenset({f"ent:{eid}"}) if eid else frozenset(
                w.lower() for w in re.findall(r"\w[\w-]*", text[e.start:e.end]) if len(w) > 2))
    return out


def _same_claim(a: ClaimMention, b: ClaimMention, score: Scorer) -> bool:
    if a.article is b.article and spans_overlap(a.content, b.content):
        return True  # one statement quoted twice in one article ("X sagte, Y … Y", nested cue)
    cos, ov = score(a, b)
    return cos >= SAME_COSINE and ov >= SAME_OVERLAP and same_time(a, b) is not False and a.same_actors(b) \
        and _messages_meet(a, b)


def _messages_meet(a: ClaimMention, b: ClaimMention) -> bool:
    """Short messages read with their sentence share its frame ("…, sagte X"): two of them are one
    statement only when the messages themselves share a content word (across languages the
    encoder decides alone)."""
    if a.span == a.content and b.span == b.content or lang_of(a.article) != lang_of(b.article):
        return True
    lang = lang_of(a.article)
    wa = content_lemmas(a.article.text[a.span[0]:a.span[1]], lang)
    wb = content_lemmas(b.article.text[b.span[0]:b.span[1]], lang)
    return bool(wa & wb)


def _corroborates(a: ClaimMention, b: ClaimMention, score: Scorer) -> bool:
    """Two statements of one proposition by different speakers in independent voices (never a
    chain in one article), at the higher bar of CORROBORATION_COSINE."""
    if a.voice == b.voice or a.article is b.article:
        return False
    cos, ov = score(a, b)
    return cos >= CORROBORATION_COSINE and ov >= SAME_OVERLAP and same_time(a, b) is not False \
        and a.same_actors(b)


def corroborate(articles: list[Article], entity_ids: EntityIds | None = None,
                entity_info: Mapping[str, StoryEntity] | None = None) -> tuple[list[Claim], list[Conflict]]:
    """(claims, conflicts) of a story's articles (see the module doc). ``entity_ids`` gives the
    canonical entity of each entity mention, so sources naming one entity differently agree;
    ``entity_info`` their canonical names (else the longest mention of each)."""
    ekeys = entity_ids or {}
    titles = StoryTitles(articles, ekeys)
    refs = StoryReferents(articles, ekeys, entity_info)
    antecedents: dict[int, list[ClaimMention]] = {}
    mentions = [m for a in sorted(articles, key=_pub_key) for m in article_claims(a, ekeys, titles, refs, antecedents)]
    score = Scorer(mentions)
    groups: list[ClaimGroup] = []
    for m in mentions:
        home = next((c for c in groups if c.denial == (m.stance == "denial")
                     and same_source(c.first.source_key, m.source_key)
                     and any(_same_claim(o, m, score) for o in c.mentions)), None)
        if home is None and m.chain:  # the officials a newspaper cites, with its words: the newspaper's claim
            home = next((c for c in groups if c.denial == (m.stance == "denial") and any(
                o.article is m.article and spans_overlap(o.content, m.content) for o in c.mentions)), None)
        if home is None:
            groups.append(ClaimGroup([m]))
        elif not any(o.article is m.article and spans_overlap(o.content, m.content) for o in home.mentions):
            home.mentions.append(m)
    ids = {id(c): f"c{i + 1}" for i, c in enumerate(groups)}
    corroborated: dict[int, list[str]] = {id(c): [] for c in groups}
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if a.denial == b.denial and not same_source(a.first.source_key, b.first.source_key) and any(
                    _corroborates(x, y, score) for x in a.mentions for y in b.mentions):
                corroborated[id(a)].append(ids[id(b)])
                corroborated[id(b)].append(ids[id(a)])
    voices = {id(c): c.voices().union(*(g.voices() for g in groups if ids[id(g)] in corroborated[id(c)]))
              for c in groups}
    out = [_claim(c, ids[id(c)], corroborated[id(c)], len(voices[id(c)])) for c in groups]
    return out, find_conflicts(groups, ids, score, antecedents)


def _pub_key(a: Article) -> tuple[str, str]:
    return (a.published.value if a.published else "~", a.id)


def _claim(c: ClaimGroup, cid: str, corroborated_by: list[str], n_voices: int) -> Claim:
    rep = next((m for m in c.mentions if not m.chain), c.first)
    return Claim(
        id=cid, source=rep.source_text or None, source_key=rep.source_key, own=rep.own, stance=rep.stance,
        text=rep.text, speaker_kind=rep.speaker_kind,
        carriers=[Carrier(m.article.id, m.span[0], m.span[1], outlet=voice_label(m.article), content=m.content,
                          source_span=m.source_span) for m in c.mentions],
        outlets=sorted({voice_label(m.article) for m in c.mentions}), independent_outlets=len(c.voices()),
        single_source=n_voices == 1, corroborated_by=corroborated_by,
    )
