"""One document's attributions: the trained tagger's, then the rules' on top, then German source
clean-up, addressees, reported speech, and nesting (see :func:`attributions`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import lexicon_de as de
from . import lexicon_en as en
from .decode import Attribution, Tok, fix_source
from .extract import scored_attributions
from .features import quote_state, subjunctive
from .rules import LEXICONS, nested_sources, np_right, sentence_rules
from .tagger import Tagger, load_tagger

_DENIAL = de.DENIAL | en.DENIAL


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


def supported(a: Attribution, probs: Sequence[np.ndarray]) -> bool:
    cue = [float(probs[s][i, 1]) for s, i in a.cue]
    msg = [float(probs[s][i, 4]) for s, i in a.message]
    return bool(cue and msg) and sum(cue) / len(cue) >= RULE_CUE_GATE and sum(msg) / len(msg) >= RULE_MSG_GATE


def _clean_source(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> None:
    """A German source names someone: it holds a capitalised word (nouns, names) or a pronoun and
    no cue token ("heißt es", "wird darüber spekuliert" have no source)."""
    src = [t for t in a.source if t not in set(a.cue)]
    words = [sent_tokens[s][i] for s, i in src]
    a.source = src if any(w[:1].isupper() or w.lower() in de.PRONOUNS - {"es"} for w in words) else []
    cue = [sent_tokens[s][i].lower() for s, i in a.cue]
    if a.source and any(w in PASSIVE_AUX for w in cue) and any(w.startswith("ge") or w in de.CUE_VERBS for w in cue):
        s0, i0 = min(a.source)
        before = sent_tokens[s0][i0 - 1].lower() if i0 > 0 else ""
        agent = {"von", "vom", "durch"}
        if not ({before, sent_tokens[s0][i0].lower()} | set(cue)) & (agent | de.NON_VERB_CUES):
            a.source = []  # "Als Grund wurde genannt", "Ihm wird vorgeworfen": a passive names no speaker


#: Cue prepositions that open an attribution of their own clause ("laut dem Kreml").
SPLIT_PREPS = frozenset({"laut", "zufolge", "gemäß"})


def _split_prep_cues(found: list[Attribution], sent_tokens: Sequence[Sequence[str]]) -> list[Attribution]:
    """A tagger attribution whose cue joins a preposition of one clause and a verb of another
    ("Der Besuch, der laut dem Kreml „in den kommenden Tagen“ stattfinden soll, folgte auf einen
    Bericht von YTN, der einen Beamten mit den Worten zitierte, …") is two attributions: the
    preposition's clause with the noun phrase after it as source, and the rest."""
    out: list[Attribution] = []
    for m in found:
        preps = [(s, i) for s, i in m.cue if sent_tokens[s][i].lower() in SPLIT_PREPS]
        verbs = [t for t in m.cue if sent_tokens[t[0]][t[1]].lower() in de.CUE_VERBS
                 or sent_tokens[t[0]][t[1]].lower().startswith("zitier")]
        if len(preps) != 1 or not verbs:
            continue
        si, p = preps[0]
        toks = sent_tokens[si]
        low = [w.lower() for w in toks]
        left = max((k for k in range(p) if low[k] == ","), default=-1)
        right = min((k for k in range(p + 1, len(toks)) if low[k] == ","), default=len(toks))
        if any(s == si and left < i < right for s, i in verbs):
            continue  # the verb is in the preposition's clause: one attribution
        src = np_right(toks, low, p + 1, LEXICONS["de"])
        msg = [(s, i) for s, i in m.message if s == si and left < i < right and i not in src and i != p]
        if not src or len(msg) < 2:
            continue
        cue, source = [(si, p)], [(si, i) for i in src]
        for a in found:  # the attribution and its quotation parts share the cue
            if (si, p) not in a.cue:
                continue
            if a is not m and a.message and all(s == si and left < i < right for s, i in a.message):
                a.cue, a.source = list(cue), list(source)  # a quotation inside the clause: the new one's
                a.parent = len(found) + len(out)  # (the new attribution's place once appended)
                continue
            a.cue = [t for t in a.cue if t != (si, p)]
            a.source = [t for t in a.source if not (t[0] == si and left < t[1] < right)]
        m.message = [t for t in m.message if t not in set(msg)]
        out.append(Attribution(msg, cue, source, frame=[], form="Indirect", origin="model"))
    return out


def _noun_phrase(toks: Sequence[str], k: int) -> list[int]:
    """The noun phrase starting at ``k``: articles and adjectives, capitalised words, genitive
    continuations ("dem Direktor der peruanischen Behörde Roberto Rodriguez"); it ends at the
    first other word ("dem Landesamt | stieg")."""
    out: list[int] = []
    noun = False
    for j in range(k, min(len(toks), k + MAX_NP_TOKENS)):
        w = toks[j]
        low = w.lower()
        if w[:1].isupper() or w[:1].isdigit():
            noun = True
        elif noun and low in ("der", "des") and j + 1 < len(toks) and toks[j + 1][:1].isalpha():
            noun = False  # a genitive follows
        elif noun or not (low in de.ARTICLES or low.endswith(("e", "en", "er", "em", "es"))):
            break
        out.append(j)
    while out and not toks[out[-1]][:1].isupper() and not toks[out[-1]][:1].isdigit():
        out.pop()
    return out


MAX_NP_TOKENS = 12


def _quoted_person(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> None:
    """"YTN, der einen hohen Beamten mit den Worten zitierte, …" / "YTN zitierte einen Beamten
    mit den Worten, …": the one quoted (the object before "mit den Worten") speaks."""
    cue = [(s, i) for s, i in a.cue if sent_tokens[s][i].lower().startswith("zitier")]
    if not cue:
        return
    si, vi = cue[0]
    low = [w.lower() for w in sent_tokens[si]]
    w = next((k for k in range(len(low) - 2) if low[k:k + 3] == ["mit", "den", "worten"]), None)
    if w is None:
        return
    if vi < w:
        start = vi + 1  # V2: the verb, then its object
    else:
        rel = [k for k in range(1, w) if low[k - 1] == "," and low[k] in _RELATIVE]
        if not rel or vi != w + 3:
            return
        start = rel[-1] + 1  # a relative clause: the pronoun, then the object
    obj = list(range(start, w))
    if 0 < len(obj) <= MAX_OBJECT_TOKENS and all(low[k] not in _PUNCT_WORDS for k in obj) \
            and any(sent_tokens[si][k][:1].isupper() for k in obj):
        a.source = [(si, k) for k in obj]
        a.message = [t for t in a.message if t[0] != si or t[1] > max(vi, w + 2)]  # what follows "Worten"


#: Longest quoted object ("einen hohen Regierungsbeamten") taken as the speaker.
MAX_OBJECT_TOKENS = 6
_RELATIVE = frozenset({"der", "die", "das", "welcher", "welche", "welches"})
_PUNCT_WORDS = frozenset(",;:.!?()\"„“”»«")


#: Passive auxiliaries: a passive cue has a speaker only in its "von"/"durch" agent.
PASSIVE_AUX = frozenset({"wird", "wurde", "werden", "wurden", "worden"})


def _title(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> bool:
    words = [sent_tokens[s][i] for s, i in a.message if sent_tokens[s][i][:1].isalnum()]
    return not words or all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _fix_rule_source(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> None:
    """Rule sources get the tagger's source boundaries (:func:`.source_span.fix_source`)."""
    si = a.source[0][0]
    if any(s != si for s, _ in a.source):
        return
    blocked = {i for s, i in a.cue + a.message + a.addr if s == si}
    a.source = [(si, i) for i in fix_source(sent_tokens[si], sorted(i for _, i in a.source), blocked)]


def _addressee(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> list[Tok]:
    """"sagte gegenüber der ARD", "in einem Interview mit der New York Times": the noun phrase
    after the preposition in the cue's sentence (outside message and source) is the addressee."""
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


def _reported(a: Attribution, sent_tokens: Sequence[Sequence[str]]) -> bool:
    """"X nannte Y einen Patrioten", "X sprach von einem Risiko": a speech-act verb with a
    noun-phrase object and no content clause is reported speech (SpkAtt's message is then the
    whole sentence)."""
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


def whole_names(source: list[Tok], ents: Sequence[Sequence[str]], sent_tokens: Sequence[Sequence[str]]
                 ) -> list[Tok]:
    """A source that cuts a name (an entity span of the NER layer) takes all of it ("Federico |
    Lombardi", "Whatsapp | Inc.", "Josef | Schuster"), and a quotation mark it opened is closed
    („Interfax“)."""
    if not source:
        return source
    out = set(source)
    for s, i in source:
        tags = ents[s]
        if tags[i] == "O":
            continue
        lo = i
        while lo > 0 and tags[lo].startswith("I-"):
            lo -= 1
        hi = i + 1
        while hi < len(tags) and tags[hi].startswith("I-"):
            hi += 1
        out.update((s, k) for k in range(lo, hi))
    s, last = max(out)
    toks = sent_tokens[s]
    opened = [k for x, k in out if x == s and toks[k] in ("„", "»", '"')]
    if opened and last + 1 < len(toks) and toks[last + 1] in ("“", "«", '"') and not any(
            toks[k] in ("“", "«") for x, k in out if x == s and k > opened[-1]):
        out.add((s, last + 1))
    return sorted(out)


#: Determiners that open a speaker's noun phrase ("Manche Analysten", "der italienische Kardinal …").
SOURCE_DETERMINERS = de.ARTICLES | frozenset({
    "manche", "einige", "viele", "mehrere", "zahlreiche", "alle", "beide", "sein", "seine", "ihr", "ihre",
    "dessen", "deren", "diese", "dieser", "dieses", "jene", "unser", "unsere"})
#: At most this many adjectives between a determiner and the source it opens.
MAX_SOURCE_ADJECTIVES = 3


def with_determiner(source: list[Tok], sent_tokens: Sequence[Sequence[str]]) -> list[Tok]:
    """A source starting at its noun or name takes the determiner and adjectives before it
    ("Manche | Analysten", "der italienische | Kardinal Angelo Sodano"): SpkAtt sources are whole
    noun phrases."""
    if not source:
        return source
    s, k = min(source)
    toks = sent_tokens[s]
    if not toks[k][:1].isupper() or toks[k].lower() in SOURCE_DETERMINERS:
        return source
    j = k - 1
    while j >= 0 and k - j <= MAX_SOURCE_ADJECTIVES and toks[j].isalpha() and toks[j].islower() \
            and toks[j].endswith(("e", "en", "er", "es", "em")) and toks[j] not in SOURCE_DETERMINERS:
        j -= 1
    if j >= 0 and toks[j].lower() in SOURCE_DETERMINERS:
        return sorted({*source, *((s, x) for x in range(j, k))})
    return source


def attributions(sent_tokens: Sequence[Sequence[str]], lang: str,
                  add_forms: frozenset[str] | None = None, tagger: Tagger | None = None,
                  ents: Sequence[Sequence[str]] | None = None) -> list[Attribution]:
    """Attributions of one document's tokenised sentences; ``ents``: the tokens' entity tags
    (:mod:`.entity_tags`; sources take whole names), None when no NER ran."""
    if tagger is None and lang == "de":
        tagger = load_tagger()
    found, probs = scored_attributions(sent_tokens, tagger) if tagger is not None else ([], [])
    if lang == "de":
        found.extend(_split_prep_cues(found, sent_tokens))
    if add_forms is None:
        add_forms = RULE_FORMS_ADDED if tagger is not None else frozenset(
            {"Reported", "Direct", "Indirect"})
    covered: set[Tok] = {t for a in found for t in a.cue + a.message + a.source}
    model_sents = {s for a in found for s, _ in a.cue + a.message}
    open_quote = False
    rule_sourced: set[int] = set()  # tagger attributions whose source a rule supplied
    by_cue: dict[Tok, list[Attribution]] = {}  # the tagger's attributions by cue token
    for m in found:
        if m.origin == "model":
            for t in m.cue:
                by_cue.setdefault(t, []).append(m)
    for si, toks in enumerate(sent_tokens):
        rules_here = sentence_rules(si, toks, lang, open_quote)
        open_quote = quote_state(toks, open_quote)[1]
        for a in rules_here:
            # Rule candidates whose message opens with an adverbial subordinator, and quotations
            # that are names or titles (every word capitalised), are no attributions.
            if a.form == "Indirect" and a.message and \
                    sent_tokens[a.message[0][0]][a.message[0][1]].lower() in de.ADVERBIAL_SUBORDINATORS:
                continue  # "…, weil er …": a reason or time clause is no reported content
            if a.form == "Direct" and _title(a, sent_tokens):
                continue  # „International Herald Tribune“: a name in quotation marks is no quote
            denial = any(sent_tokens[s][i].lower() in _DENIAL for s, i in a.cue)
            alone = bool(probs) and si not in model_sents and a.form in RULE_FORMS_ALONE and supported(a, probs)
            sure = a.origin == "rule_sure"  # "nach Polizeiangaben": added next to the tagger's too
            if not (set(a.cue) & covered) and (a.form in add_forms or denial or alone or sure):
                found.append(a)
                covered.update(a.cue + a.message + a.source)
                continue
            # Same cue as a tagger attribution: the rule may supply the source the tagger missed.
            prep = len(a.cue) == 1 and sent_tokens[a.cue[0][0]][a.cue[0][1]].lower() in ("laut", "gemäß")
            if prep:  # "laut dem Kreml": the noun phrase right after the preposition
                a.source = [(a.cue[0][0], i) for i in _noun_phrase(sent_tokens[a.cue[0][0]], a.cue[0][1] + 1)]
            for m in {id(x): x for t in a.cue for x in by_cue.get(t, ())}.values():
                if a.source and (
                        not m.source and not set(a.source) & set(m.message)
                        or prep and set(m.source) < set(a.source)):
                    # "Der Besuch soll laut dem Kreml … stattfinden": the tagger's source stopped at
                    # "dem" and its message took in the rest; the source leaves the message
                    m.source = list(a.source)
                    m.message = [t for t in m.message if t not in set(a.source)]
                    rule_sourced.add(id(m))
    if lang == "de":
        for a in found:
            if a.source and (a.origin != "model" or id(a) in rule_sourced):
                _fix_rule_source(a, sent_tokens)
            _clean_source(a, sent_tokens)
            _quoted_person(a, sent_tokens)
            first = min(a.cue, default=None)
            if first is not None and sent_tokens[first[0]][first[1]].lower() in de.ANAPHORIC_CUES \
                    and not any(sent_tokens[x][y].lower() in de.CUE_VERBS for x, y in a.cue) \
                    and all(t > first for t in a.source):
                # "Demnach habe …", "Demnach sei der Minister gereist": SpkAtt marks the adverb as
                # cue and source (a noun phrase after it is the message's subject, not the speaker);
                # next to a speech verb it is temporal ("Danach gab er an")
                a.source = [first]
            if a.cue and not a.addr:
                a.addr = _addressee(a, sent_tokens)
    if ents is not None:
        for a in found:
            a.source = whole_names(a.source, ents, sent_tokens)
    if lang == "de":
        for a in found:
            a.source = with_determiner(a.source, sent_tokens)
    if lang == "de":
        for a in found:
            if _reported(a, sent_tokens):
                si = a.cue[0][0]
                a.message = [(si, i) for i in range(len(sent_tokens[si]))]
                a.form, a.frame = "Reported", []
    # Parents are list positions: keep them right across the sort.
    parents = {id(a): found[a.parent] for a in found if a.parent is not None}
    if lang == "de":
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
    messages = [set(a.message) for a in found]
    holding: dict[Tok, list[int]] = {}  # message token -> attributions (in order) whose message holds it
    for j, a in enumerate(found):
        for t in a.message:
            holding.setdefault(t, []).append(j)
    for k, b in enumerate(found):
        if b.parent is None and b.cue:
            for j in holding.get(b.cue[0], ()):
                if j != k and set(b.cue) <= messages[j] and found[j].parent is None:
                    b.parent = j
                    break
    return found
