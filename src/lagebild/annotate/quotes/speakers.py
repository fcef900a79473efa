"""Who is speaking: the speaker of each attribution, resolved within its article.

The ``source`` of an attribution is what its sentence says ("er", "demnach", "die Zeitung",
"Sowohl X als auch Y", nothing at all). :func:`resolve_speakers` turns it into a *speaker*, stored
as ``attrs["speaker"]`` (stand-off: character spans, no copied strings)::

    {"span": [s, e] | None,     # where the speaker is named (may be an earlier sentence)
     "parts": [[s, e], ...],    # the members of a coordinated source ("Nordkorea", "Russland")
     "kind": "named" | "anonymous" | "outlet" | "unattributed",
     "via": "source" | "coordination" | "pronoun" | "anaphor" | "description" | "report"
            | "continuation" | "outlet" | None,
     "entity": int | None}      # index into the entities layer

* coordination: "Sowohl X als auch Y", "X und Y" give one speaker with two parts;
* pronoun: "er"/"sie" is the person speaking just before, else the person named just before;
* anaphor: "demnach", "danach", "wonach" point to the speaker of the attribution before;
* description: "der Kremlchef", "die Zeitung", "der Sender" resolve to a name the article gives
  the same title ("Kremlchef Wladimir Putin", "des Senders YTN") or to an earlier speaker with the
  same head noun; "die Zeitung" / "der Bericht" with neither fall back to the named medium or
  report that spoke last;
* "hieß es", "heißt es" without a source: the report or outlet named just before, else the
  article's own outlet (kind "outlet");
* a cue-less continuation (free indirect speech, a quote continued) keeps the speaker before it;
* no speaker found: kind "unattributed", never a guess.

:func:`title_index` is public so a story can resolve descriptions across its articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from ...model import Span
from . import lexicon_de as de
from . import lexicon_en as en
from .features import subjunctive

#: How many sentences back a pronoun, anaphoric adverb, description or "hieß es" may find what it
#: refers to (news prose names the referent in the same or one of the two previous sentences).
LOOKBACK_SENTENCES = 2
#: A cue-less continuation keeps the previous speaker only this many sentences on.
CONTINUATION_SENTENCES = 1
#: Longest title before a name that the title index reads ("der russische Präsident" + name).
MAX_TITLE_WORDS = 4

_WORD = re.compile(r"\w+(?:[-'’.&/]\w+)*")
#: A genitive right after a frame noun ("Angaben | der Gewerkschaft", an adjective between).
_GENITIVE_AFTER = re.compile(r"\s+(?:(?:der|des)\s+((?:[a-zäöüß]\w*\s+)?[A-ZÄÖÜ][\w-]+)"
                             r"|([a-zäöüß]\w*er\s+[A-ZÄÖÜ][\w-]+)|([A-ZÄÖÜ][\w-]+s)\b)")
_SENTENCE_END = re.compile(r"[.!?]")


def stem(word: str) -> str:
    """A crude German noun stem that makes inflected forms of one head meet ("Präsidenten" /
    "Präsident", "Quellen" / "Quelle", "Senders" / "Sender")."""
    w = word.lower()
    for suffix in ("en", "es", "n", "s", "e"):
        if len(w) > 5 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def _head(text: str, span: Sequence[int]) -> tuple[int, int] | None:
    """The last capitalised word of a span (the head of a German noun phrase)."""
    caps = [(a, b) for a, b in _words(text, span[0], span[1]) if text[a].isupper()]
    return caps[-1] if caps else None


def _core(text: str, span: Sequence[int]) -> tuple[int, int]:
    """The naming part of a source: without a leading preposition, article, "Sowohl"/"Weder", and
    without a frame noun before a genitive ("Angaben der NYT" -> "NYT", "dem Bericht" stays)."""
    ws = _words(text, span[0], span[1])
    low = [text[a:b].lower() for a, b in ws]
    k = 0
    while k < len(ws) - 1 and (low[k] in de.ARTICLES or low[k] in CORE_DROP):
        k += 1
    if k + 2 < len(ws) and low[k] in FRAME_NOUNS and low[k + 1] in de.GENITIVE_STARTS:
        k += 2
        while k < len(ws) - 1 and low[k] in de.ARTICLES:
            k += 1
    return (ws[k][0], span[1]) if ws else (span[0], span[1])


def title_index(text: str, entities: Sequence[Span]) -> dict[str, list[int]]:
    """Stem of a title noun -> indices of the entities the text gives that title: the capitalised
    word right before a name ("Kremlchef Wladimir Putin", "des Senders YTN", "der russische
    Präsident Wladimir Putin") or the head of an apposition after it ("Putin, der Kremlchef")."""
    out: dict[str, list[int]] = {}
    for k, e in enumerate(entities):
        before = _words(text, max(0, e.start - 80), e.start)[-MAX_TITLE_WORDS:]
        gap = text[before[-1][1]:e.start] if before else ""
        if before and gap.strip() == "" and text[before[-1][0]].isupper() and not _inside(before[-1], entities):
            out.setdefault(stem(text[before[-1][0]:before[-1][1]]), []).append(k)
        m = re.match(r"\s*,\s*(?:der|die|das|dem|den|des)\s+(?:\w+\s+){0,2}?([A-ZÄÖÜ]\w+)\s*[,.]", text[e.end:e.end + 80])
        if m:
            out.setdefault(stem(m.group(1)), []).append(k)
    return out


def _inside(word: tuple[int, int], entities: Sequence[Span]) -> bool:
    return any(e.start <= word[0] and word[1] <= e.end for e in entities)


def _entity_in(span: Sequence[int], entities: Sequence[Span]) -> int | None:
    """The entity a span names: a person before anything else ("der Direktor des Rates, John
    Kirby" is Kirby), else the first entity in it."""
    inside = [k for k, e in enumerate(entities) if e.start < span[1] and span[0] < e.end]
    people = [k for k in inside if entities[k].label == "PER"]
    found = people or inside
    return found[0] if found else None


def _sentence_of(pos: int, sentences: Sequence[Span]) -> int:
    """The sentence holding ``pos`` (sentences are in text order; bisect, not a scan)."""
    i = bisect_right(_starts(sentences), pos) - 1
    if 0 <= i < len(sentences) and sentences[i].start <= pos < sentences[i].end:
        return i
    return next((i for i, s in enumerate(sentences) if s.start <= pos < s.end), len(sentences) - 1)


_STARTS: dict[int, tuple[Sequence[Span], list[int]]] = {}


def _starts(sentences: Sequence[Span]) -> list[int]:
    key = id(sentences)
    hit = _STARTS.get(key)
    if hit is None or hit[0] is not sentences:
        _STARTS.clear()  # one document at a time
        hit = _STARTS[key] = (sentences, [s.start for s in sentences])
    return hit[1]


def _speaker(span: Sequence[int] | None, kind: str, via: str | None, entity: int | None = None,
             parts: Sequence[Sequence[int]] = ()) -> dict[str, Any]:
    return {"span": list(span) if span else None, "parts": [list(p) for p in parts], "kind": kind, "via": via,
            "entity": entity}


def named_speaker(span: Sequence[int]) -> dict[str, Any]:
    """The speaker record of a source named by ``span`` (a character span), found by reading its
    sentence rather than by the resolver (the story's claim rules)."""
    return _speaker(span, "named", "source")


def _unquoted(text: str, span: Sequence[int]) -> list[int]:
    """A speaker span without the quotation marks at its edges ("New York Times“")."""
    s, e = int(span[0]), int(span[1])
    while e > s and text[e - 1] in QUOTE_MARKS:
        e -= 1
    while s < e and text[s] in QUOTE_MARKS:
        s += 1
    return [s, e]


def _parts(text: str, span: Sequence[int], entities: Sequence[Span]) -> list[tuple[int, int]]:
    """Members of a coordinated source ("Sowohl Nordkorea als auch Russland", "X und Y")."""
    ws = _words(text, span[0], span[1])
    low = [text[a:b].lower() for a, b in ws]
    cuts = [i for i, w in enumerate(low) if w in ("und", "sowie", "noch", "oder")
            or w == "auch" and i > 0 and low[i - 1] == "als"]
    out: list[tuple[int, int]] = []
    start = 0
    for i in [*cuts, len(ws)]:
        piece = [w for j, w in enumerate(ws[start:i], start) if low[j] not in ("sowohl", "weder", "als")]
        while piece and text[piece[0][0]].islower() and text[piece[0][0]:piece[0][1]].lower() not in de.ARTICLES:
            piece.pop(0)  # "und später von Alexander …": adverbs and the agent's "von"
        last = text[piece[-1][0]:piece[-1][1]].split("-")[-1] if piece else ""
        if not last[:1].isupper():
            return []  # "US-amerikanische und andere westliche Beamte": one noun, two adjectives
        out.append(_core(text, (piece[0][0], piece[-1][1])))
        start = i + 1
    return out if len(out) > 1 else []


class _Resolver:
    def __init__(self, text: str, sentences: Sequence[Span], entities: Sequence[Span], lang: str) -> None:
        self.text, self.sents, self.ents = text, sentences, entities
        self.lang = "en" if lang.startswith("en") else "de"
        self.lex = LEXICON[self.lang]
        self.titles = title_index(text, entities)
        self.done: list[tuple[int, dict[str, Any], Span]] = []  # (sentence, speaker, quote) so far

    def before(self, si: int, reach: int) -> list[tuple[int, dict[str, Any], Span]]:
        """Resolved speakers of earlier attributions within ``reach`` sentences, nearest first."""
        return [d for d in reversed(self.done) if 0 <= si - d[0] <= reach and d[1]["kind"] in ("named", "anonymous")]

    def person(self, span: dict[str, Any]) -> bool:
        e = span.get("entity")
        return e is not None and self.ents[e].label == "PER"

    def resolve(self, q: Span) -> dict[str, Any]:
        text, a = self.text, q.attrs
        cue = [tuple(c) for c in a.get("cue") or []]
        anchor = cue[0][0] if cue else q.start
        si = _sentence_of(anchor, self.sents)
        src = self.inverted(q) or a.get("source")
        embedded = self.embedded(q, cue)
        if embedded is not None:
            return embedded
        if not cue and self.lang == "de" and (not src or _sentence_of(src[0], self.sents) < si):
            # a cue-less sentence carried on from the speaker before: its own speech verb names
            # its speaker ("Die Gewerkschaft signalisierte Bereitschaft …"); without one, a sentence
            # in the indicative is the outlet narrating, not reported speech (which is Konjunktiv)
            own = self.own_subject(q, si)
            if own is not None:
                return own
            if self.narrated(q):
                return _speaker(None, "outlet", "narration")
        if not src:
            return self.no_source(q, si, cue)
        if not cue and src[0] <= q.start and _sentence_of(src[0], self.sents) == si:
            # no speech word and the "source" opens the sentence it would have said ("Die
            # Ankündigung des Kremls folgt auf einen Besuch …"): the outlet narrates
            return _speaker(None, "outlet", "narration")
        words = [text[x:y] for x, y in _words(text, src[0], src[1])]
        low = [w.lower() for w in words]
        nouns = [w for w in low if w not in de.ARTICLES and w not in CORE_DROP]
        if self.lang == "de" and len(nouns) == 1:
            compound = _frame_compound(text, _words(text, src[0], src[1])[-1])
            if compound is not None:  # "nach Gewerkschaftsangaben": the union
                ent = _entity_in(compound, self.ents)
                return _speaker(compound, "named" if ent is not None else "anonymous", "source", ent)
        if self.lang == "de" and nouns and all(w in FRAME_NOUNS for w in nouns):
            # "nach Angaben | der Gewerkschaft …" cut by the tagger: the genitive after it names the speaker
            m = _GENITIVE_AFTER.match(text, src[1], min(len(text), src[1] + 60))
            if m is None:
                return self.no_source(q, si, cue)
            g = next(i for i in (1, 2, 3) if m.group(i))
            span = (m.start(g), m.end(g))
            ent = _entity_in(span, self.ents)
            return _speaker(span, "named" if ent is not None else "anonymous", "source", ent)
        if len(low) == 1 and low[0] in self.lex["anaphors"]:
            prev = self.before(si, LOOKBACK_SENTENCES)
            return dict(prev[0][1], via="anaphor") if prev else _speaker(None, "unattributed", "anaphor")
        if len(low) == 1 and low[0] in self.lex["pronouns"]:
            return self.pronoun(q, si, src)
        core = _core(text, src)
        ent = _entity_in(core, self.ents)
        core = self.trim(core, ent)
        phrase = speaker_phrase(text, core, self.lang)
        if phrase is None:  # "Unter …", "the", "on Wednesday", "that every day …": nobody is named
            return self.no_source(q, si, cue)
        core = phrase
        ent = _entity_in(core, self.ents)
        parts = _parts(text, src, self.ents)
        if parts:
            return _speaker(core, "named", "coordination", ent, parts)
        head = _head(text, core)
        if head and ent is None and not _two_capitals(words) and low[0] in self.lex["definite"]:
            found = self.description(q, si, head)
            if found is not None:
                return found
        kind = "named" if ent is not None or a.get("source_text_kind") == "named" else "anonymous"
        if ent is not None and (self.ents[ent].label == "PER" or self.titled(core, ent)):
            core = (self.ents[ent].start, self.ents[ent].end)  # "Direktor …, John Kirby", "Zeitung Nordkurier"
        return _speaker(core, kind, "source", ent)

    def titled(self, core: tuple[int, int], ent: int) -> bool:
        """Whether a source is a title and then the entity's name ("Nachrichtenagentur Yonhap")."""
        e = self.ents[ent]
        before = _words(self.text, core[0], e.start)
        return e.end >= core[1] and bool(before) and all(self.text[a].isupper() for a, _ in before)

    def embedded(self, q: Span, cue: list[tuple[int, int]]) -> dict[str, Any] | None:
        """The subject of a speech verb inside the message when the cue is no speech word: "Der
        Bericht kam, nachdem die USA behauptet hatten, …" is the USA's claim, not the report's."""
        text = self.text
        cue_words = {text[x:y].lower() for c in cue for x, y in _words(text, c[0], c[1])}
        if not cue or cue_words & SPEECH_WORDS:
            return None
        sent = self.sents[_sentence_of(cue[0][0], self.sents)]
        ws = _words(text, sent.start, sent.end)
        low = [text[a:b].lower() for a, b in ws]
        for i, w in enumerate(low):
            if w not in SPEECH_VERBS or i == 0:
                continue
            k = i - 1
            while k > 0 and low[k] not in de.ADVERBIAL_SUBORDINATORS | {"dass", "weil", "nachdem"} \
                    and text[ws[k - 1][1]:ws[k][0]].strip() not in (",", ";"):
                k -= 1
            start = k + 1 if low[k] in de.ADVERBIAL_SUBORDINATORS | {"dass", "weil", "nachdem"} else k
            colon = [j for j in range(start, i) if ":" in text[ws[j - 1][1]:ws[j][0]]] if start else []
            start = colon[-1] if colon else start  # "Unter den X gehen … auseinander: Einige berichten"
            run = ws[start:i]
            while run and text[run[0][0]:run[0][1]].lower() in de.ARTICLES:
                run = run[1:]
            names = []
            for a, b in run:
                if not text[a].isupper():
                    break
                names.append((a, b))
            if names and not {text[a:b].lower() for a, b in names} & (de.INDEFINITE | de.PRONOUNS | de.SPEAKER_EMPTY):
                span = (names[0][0], names[-1][1])  # never "Unter", "Einige", "Sie"
                return _speaker(span, "named", "source", _entity_in(span, self.ents))
        return None

    def own_subject(self, q: Span, si: int, at: int | None = None) -> dict[str, Any] | None:
        """The subject of a finite speech verb (the one at character ``at`` when given) in the
        message's sentence when it opens the sentence as a noun phrase (article, adjectives,
        capitalised words): "Die Gewerkschaft Verdi signalisierte …", "Das Unternehmen kündigte … an"."""
        text, sent = self.text, self.sents[si]
        if not sent.start <= q.start < sent.end or any(ch in text[sent.start:sent.end] for ch in QUOTE_MARKS):
            return None
        ws = _words(text, sent.start, sent.end)
        low = [text[a:b].lower() for a, b in ws]
        verb = next((i for i, w in enumerate(low) if w in SPEECH_VERBS and text[ws[i][0]].islower()), None)
        if not verb or at is not None and ws[verb][0] != at:
            return None
        k = 1 if low[0] in de.ARTICLES else 0
        phrase = range(k, verb)
        if k >= verb or not text[ws[verb - 1][0]].isupper() or "," in text[ws[0][0]:ws[verb][0]] or any(
                low[j] in de.PRONOUNS or not (text[ws[j][0]].isupper() or low[j].endswith(ADJECTIVE_ENDINGS))
                for j in phrase):
            return None  # "Am Montag signalisierte …", "Wir sagten", "X, der … sagte": no subject first
        span = (ws[k][0], ws[verb - 1][1])
        ent = _entity_in(span, self.ents)
        if not k and ent is None:
            return None  # no article, no name: "Belegen lasse sich das …" opens with a verb
        return _speaker(span, "named" if ent is not None else "anonymous", "source", ent)

    def narrated(self, q: Span) -> bool:
        """Whether a cue-less message reads as the outlet's narration: no quotation mark, no
        direct speech, and no Konjunktiv verb (reported speech carried on is in the Konjunktiv)."""
        if q.attrs.get("form") == "direct":
            return False
        sent = self.sents[_sentence_of(q.start, self.sents)]
        lo, hi = min(q.start, sent.start), max(q.end, sent.end)
        if any(ch in self.text[lo:hi] for ch in QUOTE_MARKS):
            return False
        return not any(self.text[a:b].islower() and subjunctive(self.text[a:b]) for a, b in _words(self.text, lo, hi))

    def inverted(self, q: Span) -> list[int] | None:
        """The subject of a speech verb that opens the message (the frame ", teilte die Gewerkschaft
        am Dienstag mit" taken as the message): the speaker, whatever the tagger took as source (an
        object: "hat sie die Beschäftigten … aufgerufen"). German only (verb-second frames)."""
        if self.lang != "de":
            return None
        ws = _words(self.text, q.start, q.end)
        low = [self.text[x:y].lower() for x, y in ws]
        if len(ws) < 3 or low[0] not in SPEECH_VERBS or low[1] not in de.ARTICLES or not self.text[ws[2][0]].isupper():
            return None
        k = 3
        while k < len(ws) and self.text[ws[k][0]].isupper() and low[k] not in TRIM_AFTER_NAME:
            k += 1  # "die Gewerkschaft Verdi", not "am Dienstag"
        return [ws[1][0], ws[k - 1][1]]

    def trim(self, core: tuple[int, int], ent: int | None) -> tuple[int, int]:
        """Cut a source after its person when a place or circumstance follows ("Kim in der
        Botschaft …"), or after the first of two names that no conjunction joins (subject and
        object: "Nordkorea Russland")."""
        if ent is None:
            return core
        e = self.ents[ent]
        rest = self.text[e.end:core[1]]
        m = re.match(r"\s+(\w+)", rest)
        if m and (m.group(1) in TRIM_AFTER_NAME and e.label == "PER" or m.group(1)[:1].isupper() and any(
                x.start == e.end + m.start(1) for x in self.ents)):
            return core[0], e.end
        return core

    def no_source(self, q: Span, si: int, cue: list[tuple[int, int]]) -> dict[str, Any]:
        cue_words = {self.text[x:y].lower() for c in cue for x, y in _words(self.text, c[0], c[1])}
        if cue_words & self.lex["report"]:  # "hieß es", "heißt es"
            for _, sp, _q in self.before(si, LOOKBACK_SENTENCES):
                if not self.person(sp):
                    return dict(sp, via="report")
            return _speaker(None, "outlet", "outlet")
        if not cue or cue_words <= de.NON_VERB_CUES:  # a continued quote, free indirect speech
            if cue and self.lang == "de" and self.narrated(q):
                return _speaker(None, "outlet", "narration")  # "… nach Wladiwostok gestartet": no speech cue at all
            prev = self.before(si, CONTINUATION_SENTENCES)
            if prev:
                return dict(prev[0][1], via="continuation")
        if cue and self.lang == "de":  # the tagger's cue without its subject: "Das Unternehmen kündigte … an"
            own = self.own_subject(q, si, at=cue[0][0])
            if own is not None:
                return own
        return _speaker(None, "unattributed", None)

    def pronoun(self, q: Span, si: int, src: Sequence[int]) -> dict[str, Any]:
        prev = self.before(si, LOOKBACK_SENTENCES)
        if prev and (self.person(prev[0][1]) or prev[0][1]["parts"]):
            return dict(prev[0][1], via="pronoun")
        lo = self.sents[max(0, si - LOOKBACK_SENTENCES + 1)].start
        people = [k for k, e in enumerate(self.ents) if e.label == "PER" and lo <= e.start < src[0]
                  and not any(m[0] <= e.start < m[1] for m in q.attrs.get("message") or [])]
        if people:
            k = people[-1]
            return _speaker((self.ents[k].start, self.ents[k].end), "named", "pronoun", k)
        return _speaker(None, "unattributed", "pronoun")

    def description(self, q: Span, si: int, head: tuple[int, int]) -> dict[str, Any] | None:
        """"der Kremlchef" -> the name with that title; "die Zeitung" -> an earlier speaker with
        that head, else the medium or report that spoke last."""
        h = stem(self.text[head[0]:head[1]])
        named = [k for k in self.titles.get(h, []) if self.ents[k].start < q.start] or self.titles.get(h, [])
        if named:
            k = named[-1]
            return _speaker((self.ents[k].start, self.ents[k].end), "named", "description", k)
        for _, sp, _q in self.before(si, LOOKBACK_SENTENCES):
            if sp["span"] and any(stem(self.text[x:y]) == h for x, y in _words(self.text, *sp["span"])):
                return dict(sp, via="description")
        if h in MEDIUM_STEMS:
            for _, sp, _q in self.before(si, LOOKBACK_SENTENCES):
                if sp["kind"] == "named" and not self.person(sp):
                    first = sp["parts"][0] if sp["parts"] else sp["span"]
                    return _speaker(first, "named", "description", _entity_in(first, self.ents))
        return None


def _frame_compound(text: str, word: tuple[int, int]) -> tuple[int, int] | None:
    """The speaker inside a compound of a frame noun ("Gewerkschaftsangaben" -> "Gewerkschaft",
    "Polizeiangaben" -> "Polizei"): the part before the frame noun, without its linking "s"."""
    w = text[word[0]:word[1]]
    for noun in COMPOUND_FRAMES:
        if w.lower().endswith(noun) and len(w) - len(noun) >= MIN_COMPOUND_PART:
            end = word[1] - len(noun)
            if text[end - 1] == "s" and text[end - 2] in "tg":  # "Gewerkschafts-", "Regierungs-"
                end -= 1
            return (word[0], end)
    return None


def speaker_phrase(text: str, span: Sequence[int], lang: str = "de") -> tuple[int, int] | None:
    """The part of a source span that names a speaker: it ends before a finite auxiliary, a modal,
    a complementiser or an English -ly adverb (the message's verb phrase: "Das Unternehmen hatte
    dies stets", "Elbkai consistently") and before a trailing number ("eigenen Angaben 4"); None
    when nothing of it names anybody ("Unter", "the", "on Wednesday", "that every day …")."""
    lex = LEXICON["en" if lang.startswith("en") else "de"]
    ws = _words(text, span[0], span[1])
    low = [text[a:b].lower() for a, b in ws]
    end = len(ws)
    for k, w in enumerate(low):
        if w in lex["speaker_end"] or (lang.startswith("en") and k and w.endswith("ly") and w.isalpha()):
            end = k
            break
    while end and low[end - 1][:1].isdigit():
        end -= 1
    if not end or all(w in lex["speaker_empty"] for w in low[:end]):
        return None
    return (ws[0][0], ws[end - 1][1]) if end < len(ws) else (span[0], span[1])


def _two_capitals(words: Sequence[str]) -> bool:
    """Whether source words read as a name: two capitalised words (articles aside) or an acronym."""
    caps = [w for w in words if w[:1].isupper() and w.lower() not in de.ARTICLES]
    return len(caps) >= 2 or any(w.isupper() and len(w) > 1 for w in caps)


def resolve_speakers(text: str, quotes: Sequence[Span], sentences: Sequence[Span],
                     entities: Sequence[Span] = (), lang: str = "de") -> None:
    """Set ``attrs["speaker"]`` on every attribution (see the module doc), in text order."""
    r = _Resolver(text, sentences, entities, lang)
    for q in sorted(quotes, key=lambda q: min([q.start] + [c[0] for c in q.attrs.get("cue") or []])):
        parent = q.attrs.get("parent")
        sp = r.resolve(q)
        if sp["kind"] == "unattributed" and parent is not None and 0 <= parent < len(quotes):
            outer = quotes[parent].attrs.get("speaker")
            if outer:
                sp = dict(outer, via="continuation")
        if sp.get("span"):
            sp = dict(sp, span=_unquoted(text, sp["span"]))
        q.attrs["speaker"] = sp
        cue = [tuple(c) for c in q.attrs.get("cue") or []]
        r.done.append((_sentence_of(cue[0][0] if cue else q.start, sentences), sp, q))


def speaker_text(text: str, speaker: dict[str, Any] | None, outlet: str | None = None) -> str:
    """What a reader sees for a speaker: its words, the outlet for "hieß es" without a referent,
    "unattributed" when nobody was found."""
    if not speaker or speaker.get("kind") == "unattributed":
        return "unattributed"
    if speaker.get("kind") == "outlet":
        return outlet or "outlet"
    if speaker.get("parts"):
        return " und ".join(text[a:b] for a, b in speaker["parts"])
    s, e = speaker["span"]
    return text[s:e]


#: Speech and thought words (cue verbs, denials, attitude verbs): a cue of none of them ("kam") is
#: no speech act, so a speech verb inside the message names the speaker (:meth:`_Resolver.embedded`).
SPEECH_VERBS = de.CUE_VERBS | de.DENIAL | de.ATTITUDE_VERBS
SPEECH_WORDS = SPEECH_VERBS | de.CUE_PREPS | de.CUE_NOUNS | {"es", "sich"}
#: Endings of an inflected German adjective inside a subject noun phrase ("Die deutsche Regierung").
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
#: Frame nouns that close a compound naming the speaker ("Gewerkschaftsangaben", "Polizeiangaben").
COMPOUND_FRAMES = ("angaben", "informationen", "kreisen", "kreise", "berichten")
#: The speaker part of such a compound has at least this many letters.
MIN_COMPOUND_PART = 4
#: Quotation marks: a message holding one quotes somebody (no narration).
QUOTE_MARKS = "„“”»«\"‚‘"
#: Words dropped before the naming part of a source ("laut dem", "Sowohl").
CORE_DROP = frozenset({"laut", "nach", "von", "vom", "bei", "beim", "in", "im", "aus", "gemäß", "sowohl", "weder",
                       "seitens", "zufolge"})
#: Words after a person's name that start a circumstance, not a part of the speaker ("Kim in der
#: Botschaft …", "Peskow auf einer Pressekonferenz").
TRIM_AFTER_NAME = frozenset({"in", "im", "bei", "beim", "auf", "während", "am", "vor", "nach", "gegenüber", "mit"})
#: Nouns of a source that frame the speaker named in its genitive ("Angaben der Polizei").
FRAME_NOUNS = frozenset({"angaben", "angabe", "informationen", "aussagen", "aussage", "berichten", "bericht",
                         "darstellung", "einschätzung", "ansicht", "auffassung", "meinung", "worten",
                         "erkenntnissen", "schätzungen", "mitteilung", "erklärung", "sprecher", "sprecherin",
                         "kreisen", "kreise"})
#: Per language: definite determiners of a description that refers back ("der Kremlchef", "die
#: Zeitung"), personal pronouns that stand for a speaker named before, anaphoric cue adverbs, and
#: the cue words of an impersonal report ("hieß es", "heißt es", "it was said").
LEXICON: dict[str, dict[str, frozenset[str]]] = {
    "de": {"definite": frozenset({"der", "die", "das", "dem", "den", "des", "dieser", "diese", "dieses", "diesem",
                                  "diesen"}),
           "pronouns": frozenset({"er", "sie"}), "anaphors": de.ANAPHORIC_CUES | {"so"},
           "report": frozenset({"hieß", "heißt", "hiess", "heisst"}),
           "speaker_end": de.SPEAKER_END, "speaker_empty": de.SPEAKER_EMPTY},
    "en": {"definite": frozenset({"the", "this", "that"}), "pronouns": frozenset({"he", "she", "they"}),
           "anaphors": frozenset(), "report": frozenset(),
           "speaker_end": en.SPEAKER_END, "speaker_empty": en.SPEAKER_EMPTY},
}
#: Heads of a description that names a medium or a report: without a matching title they refer to
#: the named medium or report that spoke last ("Der Zeitung zufolge", "hieß es in dem Bericht").
MEDIUM_STEMS = frozenset(stem(w) for w in (
    "Zeitung", "Tageszeitung", "Wochenzeitung", "Blatt", "Magazin", "Nachrichtenmagazin", "Sender", "Fernsehsender",
    "Radiosender", "Agentur", "Nachrichtenagentur", "Portal", "Nachrichtenportal", "Website", "Webseite",
    "Bericht", "Meldung", "Artikel", "Beitrag", "Studie", "Report", "Medium", "Medien", "Quelle", "Quellen"))
