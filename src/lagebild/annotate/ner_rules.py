"""Rules applied to the NER model's spans, per document, before document consistency: span
boundaries and types the model gets wrong in ways a general rule can fix (abbreviations, lists of
places, legal forms, organisation appositions, forms of state, German adjective + organisation
noun). Their word lists are lexicon data in ``lagebild/data/ner_cues.json``; gazetteer matches are
the ``token.tag_`` feature written by :mod:`lagebild.annotate.ner_features`.

Public API: one function per rule, each taking a spaCy ``Doc`` and changing ``doc.ents`` in place.
"""

from __future__ import annotations

from typing import Any

from .ner_features import MIN_COMPOUND_HEAD


def gazetteer_backoff(doc: Any) -> None:
    """Untagged gazetteer places (capitalised, LOC-B/LOC-I runs) become LOC; a known first name
    followed by capitalised words becomes PER. Added spans are listed in
    ``doc.user_data["gazetteer_spans"]``."""
    from spacy.tokens import Span as SpacySpan

    ents = list(doc.ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: set[tuple[int, int]] = set()
    i = 0
    while i < len(doc):
        tag = doc[i].tag_
        end = i + 1
        label = ""
        if tag == "LOC-B" and doc[i].text[:1].isupper() and not doc[i].text.isupper():
            while end < len(doc) and doc[end].tag_ == "LOC-I":
                end += 1
            # a place inside a longer capitalised name ("Qatar Airways") is not a place mention
            inside = (end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha) or (
                i > 0 and not doc[i].is_sent_start and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha)
            label = "" if inside else "LOC"
        elif tag == "FIRST-B" and not doc[i].is_sent_start:
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                end += 1
            label = "PER" if end - i >= 2 else ""
        if label and not any(j in taken for j in range(i, end)):
            ents.append(SpacySpan(doc, i, end, label=label))
            added.add((i, end))
            i = end
        else:
            i += 1
    doc.ents = sorted(ents, key=lambda e: e.start)
    doc.user_data["gazetteer_spans"] = added


def drop_abbreviations(doc: Any) -> None:
    """A span with no capital letter that ends in a full stop ("d.h.", "u.a.", "engl.") is an
    abbreviation of common words, not a name (lowercase names such as "dpa" or web addresses
    have no final full stop)."""
    doc.ents = [e for e in doc.ents if e.text[-1:] != "." or any(c.isupper() for c in e.text)]


def retype_org_appositions(doc: Any, heads: set[str], suffixes: tuple[str, ...]) -> None:
    """A name tagged PER right after a noun that introduces an organisation's own name ("die
    Nachrichtenagentur Yonhap", "der Konzern Bayer", "the news agency Yonhap") is that
    organisation (lists in ``ner_cues.json``: ``org_apposition_heads``/``_suffixes``)."""
    from spacy.tokens import Span as SpacySpan

    def head(word: str) -> bool:
        low = word.lower()
        return word in heads or (word[:1].isupper() and any(
            low.endswith(suf) and len(low) - len(suf) >= MIN_COMPOUND_HEAD for suf in suffixes))

    doc.ents = [SpacySpan(doc, e.start, e.end, label="ORG")
                if e.label_ == "PER" and e.start > 0 and head(doc[e.start - 1].text) else e for e in doc.ents]


def extend_designators(doc: Any, designators: set[str]) -> None:
    """"Norvex" + "Corp." -> one ORG span "Norvex Corp." (legal forms end company names)."""
    from spacy.tokens import Span as SpacySpan

    ents = list(doc.ents)
    starts = {e.start for e in ents}
    out = []
    for ent in ents:
        end = ent.end
        while end < len(doc) and doc[end].text in designators and end not in starts:
            end += 1
        out.append(ent if end == ent.end else SpacySpan(doc, ent.start, end, label="ORG"))
    doc.ents = out


#: Shortest surname-like word that ends the person part when a place is split off a person's
#: span: "W." in "George W. Bush" is no surname, so that span stays one person.
MIN_SURNAME_CHARS = 3


def split_adjacent_places(doc: Any, joiners: set[str] | frozenset[str] = frozenset()) -> None:
    """A predicted span made of two or more whole gazetteer places joined by list words
    (``joiners``: "Frankreich und Spanien") or side by side ("Nordkorea Russland", from a list
    without commas) is split into those places; a person's full name followed by a whole place
    ("Wladimir Putin Nordkorea") into the two (features are in ``token.tag_``). Many surnames and
    name parts are also places somewhere ("Javier Solana", "George Bush", "North York Centre"),
    so without a list word every piece must be an unambiguous place (no ``AMB`` first-name/place
    tag), and a person keeps its span unless its part before the place is a first name plus a
    surname that is no place itself. A place whose own name holds a joiner ("Trinidad und
    Tobago") is one gazetteer match and stays whole."""
    from spacy.tokens import Span as SpacySpan

    out = []
    for ent in doc.ents:
        end = ent.end
        while end - ent.start > 1 and doc[end - 1].text in joiners and doc[end - 1].tag_ == "-":
            end -= 1  # "Frankreich und" (the model's span stopped one word late)
        if end < ent.end:
            ent = SpacySpan(doc, ent.start, end, label=ent.label_)
        tags = [t.tag_ for t in ent]
        join = [t.text in joiners and tags[i] == "-" for i, t in enumerate(ent)]
        starts = [i for i, t in enumerate(tags) if t.endswith("-B")]
        whole = all(j or (t != "-" and not t.startswith("FIRST")) for t, j in zip(tags, join, strict=True))
        unambiguous = any(join) or all(j or t.startswith("LOC") for t, j in zip(tags, join, strict=True))
        last = starts[-1] if starts else 0
        person = [w.text for w in ent][:last]
        if (len(ent) > 1 and whole and unambiguous and len(starts) > 1 and starts[0] == 0
                and ent.label_ != "PER"):
            bounds = [*starts, len(ent)]
            for a, b in zip(bounds, bounds[1:], strict=False):
                while b > a and join[b - 1]:
                    b -= 1
                out.append(SpacySpan(doc, ent.start + a, ent.start + b, label="LOC"))
        elif (ent.label_ == "PER" and len(person) >= 2 and all(t.startswith("LOC") for t in tags[last:])
              and tags[last - 1] == "-" and person[-1].isalpha() and len(person[-1]) >= MIN_SURNAME_CHARS
              and all(w.text[:1].isupper() for w in ent)):
            out += [SpacySpan(doc, ent.start, ent.start + last, label="PER"),
                    SpacySpan(doc, ent.start + last, ent.end, label="LOC")]
        else:
            out.append(ent)
    doc.ents = out


#: German adjective endings ("Demokratische", "Östlichen", "Europäischer").
ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def _adjective(word: str) -> bool:
    return word[:1].isupper() and word.endswith(ADJECTIVE_ENDINGS) and word.isalpha()


def retype_state_names(doc: Any, states: set[str], suffixes: tuple[str, ...], lang: str) -> None:
    """A span tagged ORG whose head is a form of state ("Volksrepublik", "Königreich"; lists in
    ``ner_cues.json``), preceded only by adjectives (German: capitalised adjective forms; English:
    capitalised words) and with more of the name before or after it ("Sozialistische Republik
    Vietnam", "Vereinigte Arabische Emirate", "Republic of Chile"), names a country: LOC.
    ("Organisation Amerikanischer Staaten" keeps ORG: its head is no state word; English needs
    "of" after the head: "United Kingdom Independence Party" keeps ORG.)"""
    from spacy.tokens import Span as SpacySpan

    def state(word: str) -> bool:
        return word in states or (bool(suffixes) and word[:1].isupper() and word.lower().endswith(suffixes))

    def modifier(word: str) -> bool:
        return _adjective(word) if lang == "de" else (word[:1].isupper() and word.isalpha()) or word == "'s"

    out = []
    for ent in doc.ents:
        words = [t.text for t in ent]
        head = next((i for i, w in enumerate(words) if state(w)), -1)
        rest = words[head + 1 :]
        if (ent.label_ == "ORG" and head >= 0 and len(words) > 1
                and all(modifier(w) and not state(w) for w in words[:head])
                and (lang == "de" or not rest or rest[0] == "of")):
            ent = SpacySpan(doc, ent.start, ent.end, label="LOC")
        out.append(ent)
    doc.ents = out


def adjective_org_names(doc: Any, suffixes: tuple[str, ...]) -> None:
    """German: an untagged capitalised adjective inside a sentence followed by a capitalised noun
    with an organisation ending ("Europäisches Jugendforum", "Bayerischer Bauernverband") is an
    organisation's name (German capitalises such adjectives only inside names)."""
    from spacy.tokens import Span as SpacySpan

    if not suffixes:
        return
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    ents = list(doc.ents)
    i = 1
    while i < len(doc) - 1:
        start = i
        while i < len(doc) - 1 and i not in taken and _adjective(doc[i].text) and not doc[i].is_sent_start:
            i += 1
        noun = doc[i].text
        if (i > start and i not in taken and noun[:1].isupper() and noun.lower().endswith(suffixes)
                and not doc[start - 1].is_punct):
            ents.append(SpacySpan(doc, start, i + 1, label="ORG"))
        i += 1
    doc.ents = sorted(ents, key=lambda e: e.start)
