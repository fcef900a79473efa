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
    a3 = article("a3", "Wolkow schwieg zum Westlichen Handelsforum.", [("Wolkow", "PER"),
                                                                      ("Westlichen Handelsforum", "MISC")])
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
    a1 = article("c1", "Brekow schwieg. Brekow ging zum Daily Courier.", [("Brekow", "PER"), ("Daily Courier", "ORG")])
    a2 = article("c2", "Anton Brekow sprach mit dem Daily Courier.", [("Anton Brekow", "PER"), ("Daily Courier", "ORG")])
    index = EntityIndex()
    first = index.add(a1)
    index.add(a2)
    assert len(index.entities) == 2
    person = next(e for e in index.ranked() if e.label == "PER")
    assert person.name == "Anton Brekow" and person.aliases == {"Brekow": 2, "Anton Brekow": 1}
    assert index.resolve(first[(0, 6)]) == person.id


def test_party_in_brackets_after_a_person_stays_apart() -> None:
    text = ("Bürgermeister Anton Brekow (SPD) eröffnete das Nordische Energieforum (NEF). Die SPD "
            "lobte Brekow. Lina Osterhaus (ÖVP) widersprach, die ÖVP auch.")
    art = article("p1", text, [("Anton Brekow", "PER"), ("Brekow", "PER"), ("SPD", "ORG"),
                               ("Nordische Energieforum", "MISC"), ("NEF", "MISC"),
                               ("Lina Osterhaus", "PER"), ("ÖVP", "ORG")])
    ents = {e.name: set(e.aliases) for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert ents == {"Anton Brekow": {"Anton Brekow", "Brekow"}, "SPD": {"SPD"}, "ÖVP": {"ÖVP"},
                    "Nordische Energieforum": {"Nordische Energieforum", "NEF"},
                    "Lina Osterhaus": {"Lina Osterhaus"}}


def test_person_never_absorbs_an_organisation_across_documents() -> None:
    # a document entity wrongly holding a person and a party must not glue the two store entities
    a1 = article("q1", "Die SPD tagte. Die SPD stimmte zu.", [("SPD", "ORG")])
    a2 = article("q2", "Anton Brekow sprach.", [("Anton Brekow", "PER")])
    a3 = article("q3", "Anton Brekow (SPD) sprach. Anton Brekow ging.", [("Anton Brekow", "PER"), ("SPD", "ORG")])
    ents = canonical_entities([a1, a2, a3])
    assert {frozenset(e.aliases): e.label for e in ents} == {frozenset({"SPD"}): "ORG",
                                                             frozenset({"Anton Brekow"}): "PER"}


def test_two_letter_initials_of_translations_do_not_merge_names() -> None:
    a1 = article("r1", "Die Europäische Kommission tagte.", [("Europäische Kommission", "ORG")])
    a2 = article("r2", "Der Europäische Gerichtshof urteilte.", [("Europäische Gerichtshof", "ORG")])
    a3 = article("r3", "The Eastern Conference final.", [("Eastern Conference", "ORG")], lang="en")
    assert len(canonical_entities([a1, a2, a3])) == 3


def test_case_forms_are_one_name() -> None:
    a1 = article("s1", "Die Europäische Union und Frankreich. Frankreichs Regierung.",
                 [("Europäische Union", "ORG"), ("Frankreichs", "LOC"), ("Frankreich", "LOC")])
    a2 = article("s2", "In der Europäischen Union und in der Europäischen Union.", [("Europäischen Union", "ORG")])
    a3 = article("s3", "Die Lage Frankreichs. Am Ende des Balkankriegs.",
                 [("Frankreichs", "LOC"), ("Balkankriegs", "MISC")])
    ents = {e.name: e for e in canonical_entities([a1, a2, a3])}
    assert set(ents) == {"Europäische Union", "Frankreich", "Balkankrieg"}
    assert ents["Europäische Union"].to_dict()["aliases"] == {"Europäische Union": 3}


def test_country_initials_and_name_are_one_entity() -> None:
    a1 = article("t1", "Das Vereinigte Königreich verhandelt.", [("Vereinigte Königreich", "LOC")])
    a2 = article("t2", "Die UK-Regierung und das UK.", [("UK", "LOC")])
    assert len(canonical_entities([a1, a2])) == 1


def test_full_name_settles_a_persons_type() -> None:
    text = "Klemens Osterbrok sprach. Osterbrok sagte, Osterbrok komme. Osterbrok ging."
    art = article("u1", text, [("Klemens Osterbrok", "PER"), ("Osterbrok", "LOC")])
    ents = resolve_in_document(art.text, art.spans("entities"), "de")
    assert [(e.label, len(e.spans)) for e in ents] == [("PER", 4)]
    assert all(s.attrs["tag"] == ("PER" if s.end - s.start > 9 else "LOC") for s in art.spans("entities"))
    again = resolve_in_document(art.text, art.spans("entities"), "de")  # re-linking starts from the tags
    assert [(e.label, len(e.spans)) for e in again] == [("PER", 4)]


def test_two_names_run_together_are_no_full_name() -> None:
    text = "Präsident Anton Brekow reiste. Brekow Tarnowo war sein Ziel. Tarnowo und Tarnowo warten."
    art = article("v1", text, [("Anton Brekow", "PER"), ("Brekow Tarnowo", "PER"), ("Brekow", "PER"),
                               ("Tarnowo", "LOC")])
    ents = {e.name: e for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert ents["Tarnowo"].label == "LOC" and ents["Tarnowo"].aliases == {"Tarnowo": 2}


def test_role_words_are_no_part_of_a_persons_name() -> None:
    text = "Experte Anton Brekow warnte. Brekow blieb."
    art = article("w1", text, [("Experte Anton Brekow", "PER"), ("Brekow", "PER")])
    (ent,) = resolve_in_document(art.text, art.spans("entities"), "de")
    assert ent.name == "Anton Brekow"


def test_lone_first_name_does_not_join_a_person_in_another_document() -> None:
    a1 = article("x1", "Lina Osterhaus sprach. Osterhaus ging zur Nordbank.",
                 [("Lina Osterhaus", "PER"), ("Osterhaus", "PER"), ("Nordbank", "ORG")])
    a2 = article("x2", "Das Schiff Lina lief aus. Die Nordbank zahlte.", [("Lina", "PER"), ("Nordbank", "ORG")])
    a3 = article("x3", "Osterhaus schwieg. Die Nordbank auch.", [("Osterhaus", "PER"), ("Nordbank", "ORG")])
    ents = {frozenset(e.aliases) for e in canonical_entities([a1, a2, a3]) if e.label == "PER"}
    assert ents == {frozenset({"Lina Osterhaus", "Osterhaus"}), frozenset({"Lina"})}


def test_bare_surname_needs_a_shared_context_to_join_a_person() -> None:
    a1 = article("y1", "Lina Osterhaus leitet die Nordbank.", [("Lina Osterhaus", "PER"), ("Nordbank", "ORG")])
    a2 = article("y2", "Im Skirennen siegte Osterhaus vor Tarnow vom SC Alpin.",
                 [("Osterhaus", "PER"), ("Tarnow", "PER"), ("SC Alpin", "ORG")])
    a3 = article("y3", "Osterhaus verteidigt die Nordbank.", [("Osterhaus", "PER"), ("Nordbank", "ORG")])
    index = EntityIndex()
    ids = [index.add(a) for a in (a1, a2, a3)]
    person = ids[0][(0, 14)]
    assert index.resolve(ids[1][(20, 29)]) != person  # a namesake in an unrelated article
    assert index.resolve(ids[2][(0, 9)]) == person


def test_acronyms_match_only_the_same_letters() -> None:
    a1 = article("z1", "Die IAEA prüft. Die IAEA mahnt.", [("IAEA", "ORG")])
    a2 = article("z2", "Die IAA öffnet.", [("IAA", "ORG")])
    assert len(canonical_entities([a1, a2])) == 2


def test_a_first_name_the_tagger_cut_does_not_join_a_namesake() -> None:
    a1 = article("k1", "Anton Osterhaus leitet die Nordbank.", [("Anton Osterhaus", "PER"), ("Nordbank", "ORG")])
    # the tagger marked only the first word of "Osterhaus Brekow" (a first name here)
    a2 = article("k2", "Bei der Nordbank sprach Osterhaus Brekow.", [("Nordbank", "ORG"), ("Osterhaus", "PER")])
    index = EntityIndex()
    first, second = index.add(a1), index.add(a2)
    assert index.resolve(second[(24, 33)]) != index.resolve(first[(0, 15)])


def test_genitives_join_their_name_in_either_order() -> None:
    a1 = article("g1", "Anton Brekows Plan scheiterte in Tarnowos Rathaus.",
                 [("Anton Brekows", "PER"), ("Tarnowos", "LOC")])
    a2 = article("g2", "Anton Brekow sprach in Tarnowo.", [("Anton Brekow", "PER"), ("Tarnowo", "LOC")])
    a3 = article("g3", "Die Rede Anton Brekows in Tarnowo.", [("Anton Brekows", "PER"), ("Tarnowo", "LOC")])
    ents = {e.name: e for e in canonical_entities([a1, a2, a3])}
    assert set(ents) == {"Anton Brekow", "Tarnowo"}
    assert ents["Anton Brekow"].to_dict()["aliases"] == {"Anton Brekow": 3}


def test_a_genitive_must_keep_the_letters_of_its_name() -> None:
    a1 = article("h1", "Prinz Lenny reiste. Lenny winkte.", [("Lenny", "PER")])
    a2 = article("h2", "Das ist Lennis Auto, sagte Lennis Anwalt.", [("Lennis", "PER")])
    assert len(canonical_entities([a1, a2])) == 2  # "Lennis" is no genitive of "Lenny"


def test_bracketed_acronym_of_a_longer_name_stays_apart() -> None:
    # the acronym names the institute the phrase starts with, not the insurer the tagger marked
    text = "Das Institut für Arbeitsschutz der Nordischen Unfallkasse (IFA) warnt."
    art = article("i1", text, [("Nordischen Unfallkasse", "ORG"), ("IFA", "ORG")])
    assert len(resolve_in_document(art.text, art.spans("entities"), "de")) == 2
    text2 = "Die Staatliche Vermögensagentur (SPV) verkauft."  # an acronym of its own language
    art2 = article("i2", text2, [("Staatliche Vermögensagentur", "ORG"), ("SPV", "ORG")])
    assert len(resolve_in_document(art2.text, art2.spans("entities"), "de")) == 1


def test_a_surname_ending_in_s_is_no_genitive_of_a_first_name() -> None:
    a1 = article("w1", "Prinz Lennart reiste. Lennart winkte.", [("Lennart", "PER")])
    a2 = article("w2", "Der Sänger Carl Lennarts klagt. Lennarts sitzt in Haft.",
                 [("Carl Lennarts", "PER"), ("Lennarts", "PER")])
    assert len(canonical_entities([a1, a2])) == 2


def test_a_double_s_is_no_genitive() -> None:
    text = "Die Nordic Press meldet, die Nordic Press habe recht. Anton Weiss sagt, Weiss komme."
    art = article("j1", text, [("Nordic Press", "ORG"), ("Anton Weiss", "PER"), ("Weiss", "PER")])
    names = {e.name for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert names == {"Nordic Press", "Anton Weiss"}


def _ids_by_name(index: EntityIndex, arts: list[Article]) -> dict[tuple[str, str], str]:
    """(article id, surface) -> canonical id after linking ``arts`` in order."""
    found = {}
    for a in arts:
        for (s, e), eid in index.add(a).items():
            found[(a.id, a.text[s:e])] = eid
    return {k: index.resolve(v) for k, v in found.items()}


def test_generic_institution_names_link_only_within_one_country() -> None:
    a1 = article("q1", "In Mexiko entschied der Oberste Gerichtshof gegen die Regierung von Mexiko.",
                 [("Mexiko", "LOC"), ("Oberste Gerichtshof", "ORG")])
    a2 = article("q2", "Der Oberste Gerichtshof hob das Urteil auf. Österreich und Österreich.",
                 [("Oberste Gerichtshof", "ORG"), ("Österreich", "LOC")])
    a3 = article("q3", "Der Oberste Gerichtshof Mexikos bestätigte es.", [("Oberste Gerichtshof Mexikos", "ORG")])
    a4 = article("q4", "Der Oberste Gerichtshof tagte.", [("Oberste Gerichtshof", "ORG")])  # no place at all
    ids = _ids_by_name(EntityIndex(), [a1, a2, a3, a4])
    mx = ids[("q1", "Oberste Gerichtshof")]
    assert ids[("q3", "Oberste Gerichtshof Mexikos")] == mx  # the country in the name agrees
    assert ids[("q2", "Oberste Gerichtshof")] != mx  # the document's dominant country is another
    assert ids[("q4", "Oberste Gerichtshof")] not in (mx, ids[("q2", "Oberste Gerichtshof")])


def test_parties_of_one_generic_name_stay_apart_across_countries() -> None:
    a1 = article("p1", "In Serbien gewann die Demokratische Partei.", [("Serbien", "LOC"), ("Demokratische Partei", "ORG")])
    a2 = article("p2", "In Moldau verlor die Demokratische Partei.", [("Moldau", "LOC"), ("Demokratische Partei", "ORG")])
    a3 = article("p3", "Die Demokratischen Partei in Serbien trat an.", [("Demokratischen Partei", "ORG"), ("Serbien", "LOC")])
    ids = _ids_by_name(EntityIndex(), [a1, a2, a3])
    assert ids[("p1", "Demokratische Partei")] == ids[("p3", "Demokratischen Partei")]
    assert ids[("p1", "Demokratische Partei")] != ids[("p2", "Demokratische Partei")]


def test_specific_names_with_an_institution_head_still_link() -> None:
    a1 = article("e1", "Die Nordische Kommission tagte.", [("Nordische Kommission", "ORG")])
    a2 = article("e2", "Die Nordischen Kommission widersprach.", [("Nordischen Kommission", "ORG")])
    assert len(canonical_entities([a1, a2])) == 1


def test_a_bare_generic_noun_is_no_entity() -> None:
    a1 = article("n1", "Die Nachrichtenagentur meldete, die Nordbank zahle.", [("Nachrichtenagentur", "ORG"), ("Nordbank", "ORG")])
    a2 = article("n2", "Die Nachrichtenagentur berichtete.", [("Nachrichtenagentur", "ORG")])
    index = EntityIndex()
    ids = _ids_by_name(index, [a1, a2])
    assert set(ids) == {("n1", "Nordbank")}
    assert [e.name for e in index.ranked()] == ["Nordbank"]


def test_domain_names_link_only_on_the_same_host() -> None:
    a1 = article("d1", "Das meldet fm4.nordfunk.at, auch nordfunk.at.", [("fm4.nordfunk.at", "ORG"), ("nordfunk.at", "ORG")])
    a2 = article("d2", "Laut www.nordfunk.at ist es so.", [("www.nordfunk.at", "ORG")])
    ids = _ids_by_name(EntityIndex(), [a1, a2])
    assert ids[("d1", "fm4.nordfunk.at")] != ids[("d1", "nordfunk.at")] == ids[("d2", "www.nordfunk.at")]


def test_a_spelling_variant_of_a_lone_name_needs_a_shared_context() -> None:
    first = article("v1", "Brekkow sagte, die Nordbank zahle.", [("Brekkow", "PER"), ("Nordbank", "ORG")])
    other = article("v2", "Brekow kam nach Tarnowo.", [("Brekow", "PER"), ("Tarnowo", "LOC")])
    ids = _ids_by_name(EntityIndex(), [first, other])
    assert ids[("v1", "Brekkow")] != ids[("v2", "Brekow")]  # one letter apart, nothing shared
    same = article("v3", "Brekow lobte die Nordbank.", [("Brekow", "PER"), ("Nordbank", "ORG")])
    ids = _ids_by_name(EntityIndex(), [first, same])
    assert ids[("v1", "Brekkow")] == ids[("v3", "Brekow")]
    written = article("v4", "Brekkow kam nach Tarnowo.", [("Brekkow", "PER"), ("Tarnowo", "LOC")])
    ids = _ids_by_name(EntityIndex(), [first, written])
    assert ids[("v1", "Brekkow")] == ids[("v4", "Brekkow")]  # written alike: as before


def test_a_company_name_cut_as_a_person_does_not_absorb_the_parent_company() -> None:
    text = ("Nordwerk kaufte die Firma Brekow Automation. Ein Sprecher von Nordwerk sagte, bei Nordwerk Brekow "
            "Automation werde fair bezahlt. Nordwerk will mehr.")
    art = article("c1", text, [("Nordwerk Brekow", "PER"), ("Nordwerk", "PER"), ("Brekow Automation", "ORG")])
    ents = {e.name: e for e in resolve_in_document(art.text, art.spans("entities"), "de")}
    assert ents["Nordwerk"].aliases == {"Nordwerk": 3}
    person = article("c2", "Anton Brekow sprach. Brekow lobte die Brekow Automation.",
                     [("Anton Brekow", "PER"), ("Brekow", "PER"), ("Brekow Automation", "ORG")])
    ents = {e.name: e for e in resolve_in_document(person.text, person.spans("entities"), "de")}
    assert ents["Anton Brekow"].aliases == {"Anton Brekow": 1, "Brekow": 1}  # a real person keeps his surname


def test_the_cut_first_part_of_a_compound_is_no_entity() -> None:
    a1 = article("f1", "Nord- und Südamerika sind ein Kontinent.", [("Südamerika", "LOC")])
    a2 = article("f2", "Die Nord- und Südpole ziehen sich an.", [])
    a1.layers["entities"].insert(0, Span(0, 5, "LOC"))  # "Nord-"
    a2.layers["entities"].insert(0, Span(4, 9, "LOC"))
    index = EntityIndex()
    ids = _ids_by_name(index, [a1, a2])
    assert set(ids) == {("f1", "Südamerika")}


def test_a_generic_name_whose_sentence_names_another_country_than_the_documents_stays_apart() -> None:
    a1 = article("m1", "Russland und Russland. Das Außenministerium warf der Ukraine Lügen vor.",
                 [("Russland", "LOC"), ("Außenministerium", "ORG"), ("Ukraine", "LOC")])
    a2 = article("m2", "Das Außenministerium in der Ukraine widersprach.",
                 [("Außenministerium", "ORG"), ("Ukraine", "LOC")])
    ids = _ids_by_name(EntityIndex(), [a1, a2])
    assert ids[("m1", "Außenministerium")] != ids[("m2", "Außenministerium")]


def test_a_lone_name_listed_with_a_company_does_not_join_a_person_elsewhere() -> None:
    a1 = article("l1", "Anton Brekow (Nordpartei) kandidiert. Brekow lobte Minister Lars Tarnow.",
                 [("Anton Brekow", "PER"), ("Brekow", "PER"), ("Nordpartei", "ORG"), ("Lars Tarnow", "PER")])
    a2 = article("l2", "Übernehmen dürften Brekow oder Nordmarkt die Filialen, sagte Minister Lars Tarnow.",
                 [("Brekow", "PER"), ("Nordmarkt", "ORG"), ("Lars Tarnow", "PER")])
    a3 = article("l3", "Brekow sprach mit Minister Lars Tarnow.", [("Brekow", "PER"), ("Lars Tarnow", "PER")])
    ids = _ids_by_name(EntityIndex(), [a1, a2, a3])
    assert ids[("l2", "Brekow")] != ids[("l1", "Anton Brekow")]  # a chain listed with another
    assert ids[("l3", "Brekow")] == ids[("l1", "Anton Brekow")]  # the same shared context suffices otherwise
