"""Canonical entities: variant keys, in-document short forms, cross-document merging.

All names are invented; the rules they exercise are general (data files under lagebild/data).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lagebild.link.entities import EntityIndex, canonical_entities, display_name, resolve_in_document
from lagebild.link.variants import acronym, spelling_key, territory_code, translation_key
from lagebild.model import Article, Source, Span

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def article(aid: str, text: str, names: list[tuple[str, str]], lang: str = "de") -> Article:
    """An article whose entity layer marks every occurrence of the given names (longest first)."""
    spans: list[Span] = []
    for name, label in sorted(names, key=lambda n: -len(n[0])):
        for m in re.finditer(re.escape(name) + r"\b", text):
            if not any(s.start <= m.start() < s.end for s in spans):
                spans.append(Span(m.start(), m.end(), label))
    art = Article(source=Source(aid, "text", ""), raw=text, text=text, id=aid, language=lang)
    art.layers["entities"] = sorted(spans, key=lambda s: s.start)
    return art


@pytest.mark.parametrize(("a", "b"), [
    ("Jurij Dschaparow", "Yuri Japarov"),
    ("Tschaikowski", "Chaikovski"),
    ("Nowosibirsk", "Novosibirsk"),
    ("Sergej Wolkow", "Sergei Volkov"),
    ("Lee Min-jun", "Lee Min Jun"),
    ("Jaroslawl", "Yaroslavl"),
])
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert spelling_key(a) == spelling_key(b)


def test_family_members_keep_different_keys() -> None:
    assert spelling_key("Park Sung-ho") != spelling_key("Park Sung-mi")


def test_translation_and_acronym_keys() -> None:
    assert translation_key("Westliches Handelsforum") == translation_key("Western Trade Forum")
    assert translation_key("Internationaler Währungsfonds") == translation_key("International Monetary Fund")
    assert translation_key("Kaufhaus Müller") is None  # unknown words: no translation key
    assert acronym("Western Trade Forum") == "WTF"


def test_short_forms_resolve_within_a_document() -> None:
    text = ("Präsident Anton Brekow traf Lina Osterhaus vom Daily Courier. Brekow lobte den Courier. "
            "Osterhaus sagte, Brekows Plan sei gut.")
    art = article("d1", text, [("Anton Brekow", "PER"), ("Brekows", "PER"), ("Brekow", "PER"),
                               ("Lina Osterhaus", "PER"), ("Osterhaus", "PER"),
                               ("Daily Courier", "ORG"), ("Courier", "ORG")])
    ents = {e.name: e for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert set(ents) == {"Anton Brekow", "Lina Osterhaus", "Daily Courier"}
    assert sum(ents["Anton Brekow"].aliases.values()) == 3
    keys = {s.text_of(text): s.attrs["canonical"] for s in art.spans("entities")}
    assert keys["Brekows"] == keys["Anton Brekow"] != keys["Lina Osterhaus"]
    assert keys["Courier"] == keys["Daily Courier"]


def test_bracketed_acronym_joins_the_name() -> None:
    text = "Das Nordische Energieforum (NEF) beginnt. Die NEF-Gäste und das NEF reisen an."
    art = article("d2", text, [("Nordische Energieforum", "MISC"), ("NEF", "MISC")])
    ents = resolve_in_document(art.text, art.spans("entities"), "de")
    assert len(ents) == 1 and set(ents[0].aliases) == {"Nordische Energieforum", "NEF"}


def test_ambiguous_family_name_goes_to_the_most_mentioned_person() -> None:
    text = ("Park Sung-ho reiste nach Norden. Park Sung-ho sprach lange. Park traf Leute. "
            "Sein Vater Park Sung-mi hatte das Land selten verlassen.")
    art = article("d3", text, [("Park Sung-ho", "PER"), ("Park Sung-mi", "PER"), ("Park", "PER")])
    ents = {e.name: e for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert set(ents) == {"Park Sung-ho", "Park Sung-mi"}
    assert ents["Park Sung-ho"].aliases["Park"] == 1
    assert ents["Park Sung-mi"].aliases == {"Park Sung-mi": 1}


def test_cross_document_merging_of_variants_and_translations() -> None:
    a1 = article("a1", "Verteidigungsminister Sergej Wolkow besuchte Jaroslawl und das Westliche Handelsforum. "
                       "Wolkow lobte das Forum.",
                 [("Sergej Wolkow", "PER"), ("Wolkow", "PER"), ("Jaroslawl", "LOC"),
                  ("Westliche Handelsforum", "MISC")])
    a2 = article("a2", "Sergei Volkov spoke at the Western Trade Forum (WTF) in Yaroslavl.",
                 [("Sergei Volkov", "PER"), ("Western Trade Forum", "MISC"), ("WTF", "MISC"),
                  ("Yaroslavl", "LOC")], lang="en")
    a3 = article("a3", "Wolkow schwieg.", [("Wolkow", "PER")])
    index = EntityIndex()
    ids = [index.add(a) for a in (a1, a2, a3)]
    ents = {e.label + ":" + e.name: e for e in index.ranked()}
    assert len(index.entities) == 3, ents.keys()
    person = next(e for e in index.entities.values() if e.label == "PER")
    assert set(person.aliases) == {"Sergej Wolkow", "Wolkow", "Sergei Volkov"}
    assert len({e.id for e in index.entities.values()}) == 3
    assert ids[2][(0, 6)] == person.id  # unambiguous surname in a later document
    forum = next(e for e in index.entities.values() if e.label == "MISC")
    assert {"Westliche Handelsforum", "Western Trade Forum", "WTF"} <= set(forum.aliases)
    assert [tuple(m) for m in forum.to_dict()["mentions"]][0][0] == "a1"


@pytest.mark.parametrize(("de", "en", "code"), [("Frankreich", "France", "FR"), ("Vereinigten Staaten", "United States", "US"),
                                                ("Südkoreas", "South Korea", "KR")])
def test_country_exonyms_share_a_code(de: str, en: str, code: str) -> None:
    assert territory_code(de) == territory_code(en) == code
    assert territory_code("Wolkow") is None


def test_country_names_merge_across_languages_but_not_across_countries() -> None:
    a1 = article("c1", "Frankreich und Österreich verhandeln.", [("Frankreich", "LOC"), ("Österreich", "LOC")])
    a2 = article("c2", "France and Australia signed.", [("France", "LOC"), ("Australia", "LOC")], lang="en")
    names = {frozenset(e.aliases) for e in canonical_entities([a1, a2])}
    assert names == {frozenset({"Frankreich", "France"}), frozenset({"Österreich"}), frozenset({"Australia"})}


def test_display_name_is_the_usual_name_or_its_full_form() -> None:
    assert display_name(Counter({"Wolkow": 5, "Sergej Wolkow": 2, "Sergei Volkov": 1})) == "Sergej Wolkow"
    assert display_name(Counter({"Frankreich": 9, "France": 1})) == "Frankreich"
    assert display_name(Counter({"WTF": 3, "Western Trade Forum": 1})) == "WTF"


def test_family_members_are_not_merged_across_documents() -> None:
    a1 = article("b1", "Park Sung-ho regiert. Park Sung-ho reist.", [("Park Sung-ho", "PER")])
    a2 = article("b2", "Park Sung-mi regierte früher.", [("Park Sung-mi", "PER")])
    a3 = article("b3", "Park Sung Ho und sein Vater Park Sung Mi.", [("Park Sung Ho", "PER"), ("Park Sung Mi", "PER")])
    a4 = article("b4", "Park sprach.", [("Park", "PER")])  # ambiguous: must not join either
    ents = canonical_entities([a1, a2, a3, a4])
    by_name = {e.name: e for e in ents}
    assert {"Park Sung-ho", "Park Sung-mi", "Park"} == set(by_name)
    assert by_name["Park Sung-ho"].aliases == {"Park Sung-ho": 2, "Park Sung Ho": 1}
    assert by_name["Park Sung-mi"].aliases == {"Park Sung-mi": 1, "Park Sung Mi": 1}


@pytest.mark.skipif(not (DATA / "meantime_en").exists(), reason="needs ../shared/data/meantime_en")
def test_meantime_cross_document_b_cubed_floor() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from entity_linking import b_cubed, meantime_articles

    articles, gold = meantime_articles()
    index = EntityIndex()
    system: dict[str, str] = {}
    for art in articles:
        for (s, e), eid in index.add(art).items():
            system[f"{art.id}:{s}:{e}"] = eid
    system = {m: index.resolve(e) for m, e in system.items()}
    _, _, f1 = b_cubed(gold, system)
    assert f1 >= 0.85


def test_surname_only_person_joins_when_the_full_name_arrives() -> None:
    a1 = article("c1", "Brekow schwieg. Brekow ging.", [("Brekow", "PER")])
    a2 = article("c2", "Anton Brekow sprach.", [("Anton Brekow", "PER")])
    index = EntityIndex()
    first = index.add(a1)
    index.add(a2)
    assert len(index.entities) == 1
    person = index.ranked()[0]
    assert person.name == "Anton Brekow" and person.aliases == {"Brekow": 2, "Anton Brekow": 1}
    assert index.resolve(first[(0, 6)]) == person.id
