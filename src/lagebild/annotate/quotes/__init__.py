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
* ``message``: list of ``[start, end]`` parts (a quote interrupted by its frame has two).

German uses the trained tagger (``lagebild/models/quotes_de``) plus :mod:`.rules` (rule
candidates the tagger supports fill sentences where it found nothing); English uses the rules. :func:`claims` adds the outlet's own statements (sentences outside any attribution).
All offsets index ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ...model import Article, Span
from ...pipeline import stage
from ..sentences import split_sentences
from . import lexicon_de as de
from . import lexicon_en as en
from .decode import Attribution, Tok, fix_source
from .extract import scored_attributions
from .features import quote_state, subjunctive
from .rules import LEXICONS, nested_sources, np_right, sentence_rules
from .tagger import Tagger, load_tagger

__all__ = ["quotes_stage", "extract_quotes", "claims", "tokenize", "link_sources"]

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


def _stance(cue_words: Sequence[str], frame_words: Sequence[str], message_words: Sequence[str]) -> str:
    low = [w.lower() for w in cue_words]
    if any(w in _DENIAL for w in low) or ("zurück" in low) or any(
            w in de.DENIAL_SPLIT and de.DENIAL_SPLIT[w] in low for w in low):
        return "denial"
    near = {w.lower() for w in frame_words} | set(low)
    if near & {"berichten", "spekuliert", "spekulationen", "gerüchte", "reportedly", "rumours", "rumors"}:
        return "speculation"
    if {w.lower() for w in message_words} & _SPECULATION:
        return "speculation"
    return "assertion"


#: Rule attributions the tagger did not find are added for these rule forms only (passive
#: denials such as "Die Vorwürfe wurden von X zurückgewiesen"), and whenever their cue is a denial
#: ("X bestreiten die Vorwürfe"); on held-out SpkAtt train data the other rule outputs cost more
#: precision than they gain recall next to the tagger.
RULE_FORMS_ADDED = frozenset({"Reported"})
#: In a sentence where the tagger found nothing, the rules' direct and indirect candidates are
#: scored by the tagger: one is kept when the tagger's mean probability is at least RULE_CUE_GATE
#: for CUE over its cue and RULE_MSG_GATE for MSG over its message (held-out train: joint +1.4;
#: 0.1-0.25 all give about the same).
RULE_FORMS_ALONE = frozenset({"Indirect", "Direct"})
RULE_CUE_GATE = 0.15
RULE_MSG_GATE = 0.15


def _supported(a: Attribution, probs: Sequence[np.ndarray]) -> bool:
    cue = [float(probs[s][i, 1]) for s, i in a.cue]
    msg = [float(probs[s][i, 4]) for s, i in a.message]
    return bool(cue and msg) and sum(cue) / len(cue) >= RULE_CUE_GATE and sum(msg) / len(msg) >= RULE_MSG_GATE


def _clean_source(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> None:
    """A German source names someone: it holds a capitalised word (nouns, names) or a pronoun and
    no cue token ("heißt es", "wird darüber spekuliert" have no source)."""
    src = [t for t in a.source if t not in set(a.cue)]
    words = [sent_tokens[s][i] for s, i in src]
    a.source = src if any(w[:1].isupper() or w.lower() in de.PRONOUNS - {"es"} for w in words) else []


#: Rule candidates whose message opens with an adverbial subordinator are dropped.
NO_ADVERBIAL_MESSAGES = True
#: Attributions whose cue is only BARE_CUE_WORDS and that have no source are dropped.
DROP_BARE_CUES = True
#: Rule quotations that are names or titles (every word capitalised) are dropped.
NO_TITLE_QUOTES = True


def _title(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> bool:
    words = [sent_tokens[s][i] for s, i in a.message if sent_tokens[s][i][:1].isalnum()]
    return not words or all(w[:1].isupper() or w[:1].isdigit() for w in words)


#: Near-certain rule cues ("nach Polizeiangaben") are added even next to the tagger's attributions.
RULE_SURE = True
#: An anaphoric cue adverb ("demnach", "danach", "wonach") alone is its own source.
ANAPHORIC_SOURCE = True
#: Rule sources get the tagger's source boundaries too (:func:`.source_span.fix_source`).
FIX_RULE_SOURCES = True


def _fix_rule_source(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> None:
    si = a.source[0][0]
    if any(s != si for s, _ in a.source):
        return
    blocked = {i for s, i in a.cue + a.message + a.addr if s == si}
    a.source = [(si, i) for i in fix_source(sent_tokens[si], sorted(i for _, i in a.source), blocked)]


#: "sagte gegenüber der ARD", "in einem Interview mit der New York Times": the noun phrase after
#: the preposition in the cue's sentence (outside message and source) is the addressee.
ADDRESSEE_RULES = True


def _addressee(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> list[Tok]:
    si = a.cue[0][0]
    toks = sent_tokens[si]
    low = [t.lower() for t in toks]
    taken = {i for s, i in a.message + a.source + a.cue if s == si}
    for i, w in enumerate(low[:-1]):
        if i in taken or not (w == "gegenüber" or w == "mit" and i > 0 and low[i - 1] in de.ADDRESS_NOUNS):
            continue
        if w == "gegenüber" and i > 0 and low[i - 1] in de.DATIVE_PRONOUNS and i - 1 not in taken:
            return [(si, i - 1)]  # "Ihr gegenüber hat er angegeben"
        np_ = np_right(toks, low, i + 1, LEXICONS["de"])
        if np_ and not set(np_) & taken and (toks[np_[0]][:1].isupper() or low[np_[0]] in de.ARTICLES) \
                and any(toks[k][:1].isupper() and toks[k].isalpha() for k in np_) \
                and not any(low[k] in de.NOT_ADDRESSEES for k in np_):
            return [(si, k) for k in np_]
    return []


#: "X nannte Y einen Patrioten", "X sprach von einem Risiko": a speech-act verb with a noun-phrase
#: object, no content clause, is reported speech; SpkAtt's message is then the whole sentence.
REPORTED_FROM_OBJECTS = True


def _reported(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> bool:
    if a.form != "Indirect" or not a.cue or not a.message or a.origin == "nesting":
        return False
    sents = {s for s, _ in a.cue + a.message}
    if len(sents) != 1:
        return False
    si = sents.pop()
    toks = sent_tokens[si]
    low = [t.lower() for t in toks]
    if any(low[i] in de.NON_VERB_CUES for _, i in a.cue):
        return False
    first = min(i for _, i in a.message)
    if first > 0 and low[first - 1] in (",", ":", "„", "–", "-", '"') or low[first] in de.CLAUSE_OPENERS:
        return False
    return not any(subjunctive(low[i]) for _, i in a.message if toks[i].islower())


def _attributions(sent_tokens: Sequence[Sequence[str]], lang: str,
                  add_forms: frozenset[str] | None = None, tagger: Tagger | None = None) -> list[Attribution]:
    if tagger is None and lang == "de":
        tagger = load_tagger()
    found, probs = scored_attributions(sent_tokens, tagger) if tagger is not None else ([], [])
    if add_forms is None:
        add_forms = RULE_FORMS_ADDED if tagger is not None else frozenset(
            {"Reported", "Direct", "Indirect"})
    covered: set[Tok] = {t for a in found for t in a.cue + a.message + a.source}
    model_sents = {s for a in found for s, _ in a.cue + a.message}
    open_quote = False
    for si, toks in enumerate(sent_tokens):
        rules_here = sentence_rules(si, toks, lang, open_quote)
        open_quote = quote_state(toks, open_quote)[1]
        for a in rules_here:
            if NO_ADVERBIAL_MESSAGES and a.form == "Indirect" and a.message and \
                    sent_tokens[a.message[0][0]][a.message[0][1]].lower() in de.ADVERBIAL_SUBORDINATORS:
                continue  # "…, weil er …": a reason or time clause is no reported content
            if NO_TITLE_QUOTES and a.form == "Direct" and _title(a, sent_tokens):
                continue  # „International Herald Tribune“: a name in quotation marks is no quote
            denial = any(sent_tokens[s][i].lower() in _DENIAL for s, i in a.cue)
            alone = bool(probs) and si not in model_sents and a.form in RULE_FORMS_ALONE and _supported(a, probs)
            sure = RULE_SURE and a.origin == "rule_sure"
            if not (set(a.cue) & covered) and (a.form in add_forms or denial or alone or sure):
                found.append(a)
                covered.update(a.cue + a.message + a.source)
                continue
            # Same cue as a tagger attribution: the rule may supply the source the tagger missed.
            for m in found:
                if m.origin == "model" and set(a.cue) & set(m.cue) and not m.source and a.source \
                        and not set(a.source) & set(m.message):
                    m.source = list(a.source)
    if lang == "de":
        for a in found:
            if FIX_RULE_SOURCES and a.source and a.origin != "model":
                _fix_rule_source(a, sent_tokens)
            _clean_source(a, sent_tokens)
            if ANAPHORIC_SOURCE and not a.source and len(a.cue) == 1 and \
                    sent_tokens[a.cue[0][0]][a.cue[0][1]].lower() in de.ANAPHORIC_CUES:
                a.source = list(a.cue)  # "Demnach habe …": SpkAtt marks the adverb as cue and source
            if ADDRESSEE_RULES and a.cue and not a.addr:
                a.addr = _addressee(a, sent_tokens)
    if lang == "de" and REPORTED_FROM_OBJECTS:
        for a in found:
            if _reported(a, sent_tokens):
                si = a.cue[0][0]
                a.message = [(si, i) for i in range(len(sent_tokens[si]))]
                a.form, a.frame = "Reported", []
    # Parents are list positions: keep them right across the sort.
    parents = {id(a): found[a.parent] for a in found if a.parent is not None}
    if lang == "de" and DROP_BARE_CUES:
        # A cue of function words only ("so", "vor", "an") with no source names no speech event.
        bare = {id(a) for a in found if a.cue and not a.source and all(
            sent_tokens[s][i].lower() in de.BARE_CUE_WORDS for s, i in a.cue)}
        found = [a for a in found if id(a) not in bare and id(parents.get(id(a))) not in bare]
    found.sort(key=lambda a: min(a.message + a.cue))
    pos = {id(a): k for k, a in enumerate(found)}
    for a in found:
        if id(a) in parents:
            a.parent = pos[id(parents[id(a)])]
    # Nesting 1: "X berichtete unter Berufung auf Y" gives Y an attribution inside X's.
    for idx in range(len(found)):
        a = found[idx]
        if a.parent is not None:
            continue
        for si in sorted({s for s, _ in a.cue}):
            skip = {i for s, i in a.message + a.source if s == si}
            for cue, src in nested_sources(si, sent_tokens[si], lang, skip):
                found.append(Attribution(list(a.message), cue, src, form=a.form, parent=idx, origin="nesting"))
    # Nesting 2: an attribution whose cue lies inside another's message is reported by it.
    for k, b in enumerate(found):
        if b.parent is None:
            for j, a in enumerate(found):
                if j != k and b.cue and set(b.cue) <= set(a.message) and a.parent is None:
                    b.parent = j
                    break
    return found


def extract_quotes(text: str, sentences: Sequence[Span], lang: str) -> list[Span]:
    """Attribution spans for ``text`` (see the module doc for the attrs)."""
    lang = "de" if (lang or "de").startswith("de") else "en"
    offs = [tokenize(text, s.start, s.end) for s in sentences]
    words = [[text[a:b] for a, b in o] for o in offs]
    out: list[Span] = []
    for a in _attributions(words, lang):
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
            "stance": _stance(wd(a.cue), wd(a.frame), wd(a.message)), "parent": a.parent,
            "message": msg, "origin": a.origin,
        }
        out.append(Span(msg[0][0], msg[-1][1], "quote", attrs))
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
    quotes = extract_quotes(article.text, _sentences(article), article.language or "de")
    link_sources(quotes, article.spans("entities"))
    article.layers["quotes"] = quotes
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
            "stance": _stance([], [], toks), "parent": None}))
    out.sort(key=lambda c: c.start)
    return out
