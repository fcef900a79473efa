"""Who said what: attributions (quotes, reported speech, denials) and claims.

``quotes_stage`` (requires text, language, sentences; assigns quotes) fills the ``quotes`` layer with
one :class:`Span` per attribution, covering its message, with attrs

* ``cue``: list of ``[start, end]`` (several for split cues such as "teilte … mit"),
* ``source``: ``[start, end]`` or None; ``source_text_kind``: named | anonymous | pronoun | None;
  ``source_entity``: index into the ``entities`` layer when an entity lies in the source (the
  stage links it when an NER stage ran before; else None),
* ``form``: direct | indirect | reported (``form_detail`` keeps the SpkAtt form, e.g. FreeIndirect),
* ``stance``: assertion | denial | speculation,
* ``parent``: index (in the layer) of the enclosing attribution, e.g. "NYT citing US officials"
  gives the officials an attribution whose parent is the NYT's; else None,
* ``message``: list of ``[start, end]`` parts (a quote interrupted by its frame has two),
* ``speaker``: who speaks, resolved within the article (a pronoun, "demnach", "die Zeitung",
  "hieß es", a coordination, a continued quote): see :mod:`.speakers`; "unattributed" when
  nobody can be found.

German uses the trained tagger (``lagebild/models/quotes_de``) plus :mod:`.rules` (rule
candidates the tagger supports fill sentences where it found nothing); English uses the rules. :func:`claims` adds the outlet's own statements (sentences outside any attribution).
All offsets index ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Article, Span
from ...pipeline import stage
from ..sentences import split_sentences
from . import lexicon_de as de
from . import lexicon_en as en
from .attribute import attributions, supported
from .decode import Tok
from .entity_tags import token_tags
from .speakers import resolve_speakers, speaker_phrase, speaker_text

__all__ = ["quotes_stage", "extract_quotes", "claims", "tokenize", "link_sources", "attributions", "supported", "resolve_speakers", "denies",
           "speaker_phrase", "speaker_text"]

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.&/]\w+)*|[^\w\s]")
_FORMS = {"Direct": "direct", "Indirect": "indirect", "Reported": "reported",
          "FreeIndirect": "indirect", "IndirectFreeIndirect": "indirect"}
_DENIAL = de.DENIAL | en.DENIAL
_SPECULATION = de.SPECULATION | en.SPECULATION
#: Shortest sentence (in tokens) that counts as an own claim; shorter lines are headings, credits.
MIN_CLAIM_TOKENS = 6


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token character offsets in ``text[start:end]``."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def _segments(offsets: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Contiguous character segments of sorted token offsets (tokens separated by space merge)."""
    segs: list[list[int]] = []
    for s, e in sorted(offsets):
        if segs and s - segs[-1][1] <= 1:
            segs[-1][1] = e
        else:
            segs.append([s, e])
    return segs


def _source_kind(words: Sequence[str], lang: str) -> str | None:
    if not words:
        return None
    low = [w.lower() for w in words]
    pron, anon, indef = ((de.PRONOUNS, de.ANONYMOUS_HEADS, de.INDEFINITE) if lang == "de"
                         else (en.PRONOUNS, en.ANONYMOUS_HEADS, en.INDEFINITE))
    if len(low) == 1 and low[0] in pron:
        return "pronoun"
    if low[0] in indef:
        return "anonymous"
    # Two capitalised words in a row that are no anonymous heads read as a name ("John Kirby",
    # "Dmitri Peskow"); German capitalises every noun, so one capital alone says nothing.
    named = any(a[:1].isupper() and b[:1].isupper() and a.lower() not in anon and b.lower() not in anon
                and a.isalpha() and b.isalpha() for a, b in zip(words[1:], words[2:], strict=False)) or (
        lang != "de" and any(w[:1].isupper() and w.lower() not in anon for w in words[1:]))
    if not named and any(w in anon or w.endswith(("quelle", "quellen", "kreise", "kreisen")) for w in low):
        return "anonymous"
    return "named"


def denies(words: Sequence[str], context: Sequence[str] = (), frame: Sequence[str] = ()) -> bool:
    """Whether cue ``words`` deny something: a denial verb ("bestreitet", "dementierte"), a split
    denial ("wies … zurück", "stritt … ab"), not "zurück" or "stritt" alone ("kehrt zurück") and
    not "bestreiten" of a match or a livelihood ("bestreitet das Finale"; ``context``: the words
    around the cue); not when ``frame`` (the words of the cue's own clause outside the message)
    negates it or asks it ("wollte das nicht dementieren", "weder bestätigt noch dementiert",
    "unklar ist, ob das Dementi …")."""
    low = [w.lower() for w in words]
    found = [w for w in low if w in STANCE_DENIAL] + [w for w in low if w in de.DENIAL_SPLIT and de.DENIAL_SPLIT[w] in low]
    played = all(w.startswith("bestr") for w in found) and bool({w.lower() for w in context} & de.CONTESTED_OBJECTS)
    negated = bool({w.lower() for w in [*low, *frame]} & (de.DENIAL_NEGATIONS | de.DENIAL_QUESTION))
    return bool(found) and not played and not negated


#: Denial words that deny on their own ("zurück" and "stritt" only with their verb / particle).
STANCE_DENIAL = _DENIAL - {"zurück", "stritt", "stritten"}


def _cue_clause(words: Sequence[Sequence[str]], cue: Sequence[Tok]) -> list[str]:
    """The words around ``cue`` in its own clause (up to 4 before and 8 after, not across "," ";"
    ":"), where a negation or "ob" would turn a denial verb into none ("dementierte den Bericht
    nicht")."""
    deny = [(t, i) for t, i in cue if words[t][i].lower() in _DENIAL or words[t][i].lower() in de.DENIAL_SPLIT]
    cue = deny or cue  # "der sich nicht geäußert hatte, wies … zurück": the clause of the denial
    if not cue:
        return []
    s, first = min(cue)
    last = max(i for t, i in cue if t == s)
    sent = words[s]
    out: list[str] = []
    for rng in (range(first - 1, max(-1, first - 5), -1), range(last + 1, min(len(sent), last + 9))):
        for i in rng:
            if sent[i] in (",", ";", ":"):
                break
            out.append(sent[i])
    return out


def _stance(cue_words: Sequence[str], frame_words: Sequence[str], message_words: Sequence[str],
            clause: Sequence[str] = ()) -> str:
    low = [w.lower() for w in cue_words]
    split = [w for w in message_words[:1] if w.lower() in de.DENIAL_SPLIT]  # "wies [die Berichte] zurück"
    if denies([*split, *cue_words], [*frame_words, *message_words], clause):
        return "denial"
    near = {w.lower() for w in frame_words} | set(low)
    if near & {"berichten", "spekuliert", "spekulationen", "gerüchte", "reportedly", "rumours", "rumors"}:
        return "speculation"
    if {w.lower() for w in message_words} & _SPECULATION:
        return "speculation"
    return "assertion"


def extract_quotes(text: str, sentences: Sequence[Span], lang: str, entities: Sequence[Span] = ()) -> list[Span]:
    """Attribution spans for ``text`` (see the module doc for the attrs); ``entities`` (the NER
    layer, when there is one) link sources and resolve speakers."""
    lang = "de" if (lang or "de").startswith("de") else "en"
    offs = [tokenize(text, s.start, s.end) for s in sentences]
    words = [[text[a:b] for a, b in o] for o in offs]
    out: list[Span] = []
    ents = token_tags(offs, entities) if entities else None
    for a in attributions(words, lang, ents=ents):
        if not a.message:
            continue

        def ch(toks: Sequence[Tok]) -> list[tuple[int, int]]:
            return [offs[s][i] for s, i in toks]

        def wd(toks: Sequence[Tok]) -> list[str]:
            return [words[s][i] for s, i in sorted(toks)]

        msg = _segments(ch(a.message))
        src = _segments(ch(a.source))
        source = [src[0][0], src[-1][1]] if src else None
        attrs = {
            "cue": _segments(ch(a.cue)), "source": source,
            "source_text_kind": _source_kind(wd(a.source), lang),
            "form": _FORMS.get(a.form, "indirect"), "form_detail": a.form,
            "stance": _stance(wd(a.cue), wd(a.frame), wd(a.message), _cue_clause(words, a.cue)),
            "parent": a.parent,
            "message": msg, "origin": a.origin,
        }
        out.append(Span(msg[0][0], msg[-1][1], "quote", attrs))
    link_sources(out, entities)
    resolve_speakers(text, out, sentences, entities, lang)
    return out


def _sentences(article: Article) -> list[Span]:
    sents = article.spans("sentences")
    return sents if sents else split_sentences(article.text, article.language or "de")


def link_sources(quotes: list[Span], entities: Sequence[Span]) -> None:
    """Set ``source_entity`` (index into the entities layer) where an entity lies in the source;
    such a source counts as named."""
    for q in quotes:
        src = q.attrs.get("source")
        q.attrs["source_entity"] = None
        if not src:
            continue
        for k, e in enumerate(entities):
            if e.start < src[1] and src[0] < e.end:
                q.attrs["source_entity"] = k
                q.attrs["source_text_kind"] = "named"
                break


@stage("quotes", requires=["text", "language", "sentences"], assigns=["quotes"])
def quotes_stage(article: Article) -> Article:
    article.layers["quotes"] = extract_quotes(article.text, _sentences(article), article.language or "de",
                                              article.spans("entities"))
    return article


def claims(article: Article) -> list[Span]:
    """Claims of an article: every attribution (label "claim", attrs as in the quotes layer) plus
    each sentence the outlet states on its own (no attribution overlaps it), with ``source`` None,
    ``own`` True and a stance from its wording ("soll", "könnte" … make it speculation)."""
    quotes = article.layers.get("quotes")
    if quotes is None:
        quotes = extract_quotes(article.text, _sentences(article), article.language or "de")
    out = [Span(q.start, q.end, "claim", dict(q.attrs, own=False)) for q in quotes]
    taken = [(q.start, q.end) for q in quotes] + [tuple(c) for q in quotes for c in q.attrs["cue"]]
    for s in _sentences(article):
        toks = [article.text[a:b] for a, b in tokenize(article.text, s.start, s.end)]
        if len(toks) < MIN_CLAIM_TOKENS or toks[-1] == "?" or any(a < s.end and s.start < b for a, b in taken):
            continue
        out.append(Span(s.start, s.end, "claim", {
            "cue": [], "source": None, "source_text_kind": None, "form": None, "own": True,
            "stance": _stance([], [], toks), "parent": None,
            "speaker": {"span": None, "parts": [], "kind": "outlet", "via": "own", "entity": None}}))
    out.sort(key=lambda c: c.start)
    return out
