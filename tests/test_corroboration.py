"""Corroboration: claims aligned across articles, independent outlets, single sources, conflicts."""

from __future__ import annotations

import pytest

from lagebild.model import Article, Source, Span
from lagebild.story.corroboration import corroborate
from lagebild.story.details import numbers_in
from lagebild.story.mentions import same_source, source_key
from lagebild.story.outlets import agency_of, voice
from lagebild.story.view import Claim, Conflict
from story_articles import lindenau


@pytest.fixture(scope="module")
def result() -> tuple[list[Claim], list[Conflict]]:
    return corroborate(list(lindenau().values()))


def test_same_source_same_content_is_one_claim_agency_copies_count_once(result: tuple[list[Claim], list[Conflict]]) -> None:
    claims, _ = result
    berger = [c for c in claims if "einsturzgefährdet" in c.text and c.stance != "denial"]
    assert len(berger) == 1
    claim = berger[0]
    arts = lindenau()
    carriers = {c.article_id for c in claim.carriers}
    assert {arts["talzeitung-1"].id, arts["bergblatt-1"].id} <= carriers
    # the two dpa copies are one voice; the English report is a second one
    assert "dpa" in claim.outlets
    assert claim.independent_outlets == len({voice(a) for a in arts.values() if a.id in carriers})
    assert claim.independent_outlets < len(carriers)
    assert not claim.single_source


def test_single_source_claim_flagged(result: tuple[list[Claim], list[Conflict]]) -> None:
    claims, _ = result
    detour = next(c for c in claims if "Umweg koste" in c.text)
    assert detour.independent_outlets == 1 and detour.single_source


def test_denial_conflicts_with_assertion(result: tuple[list[Claim], list[Conflict]]) -> None:
    claims, conflicts = result
    by_id = {c.id: c for c in claims}
    denials = [c for c in conflicts if c.kind == "denial"]
    assert denials
    d = denials[0]
    assert "bestreitet" in d.about
    assert any("einsturzgefährdet" in by_id[a].text for a in d.asserted_by)


def test_number_conflict(result: tuple[list[Claim], list[Conflict]]) -> None:
    _, conflicts = result
    nums = [c for c in conflicts if c.kind == "number"]
    assert nums
    assert {v.split()[0] for v in nums[0].values} == {"12,000,000", "15,000,000"}


def test_no_conflict_between_unrelated_statements(result: tuple[list[Claim], list[Conflict]]) -> None:
    _, conflicts = result
    for c in conflicts:
        assert "Händler" not in c.about and "Feuerwehr" not in c.about


def test_folded_wire_copy_is_one_voice() -> None:
    art = Article(source=Source("a.txt", "text", "h1", outlet="Bergblatt"), raw="", text="Text.", id="x")
    art.sources = [Source("a.txt", "text", "h1", outlet="Bergblatt"), Source("b.txt", "text", "h2", outlet="Talzeitung")]
    assert voice(art) == "outlet:bergblatt"
    dpa = Article(source=Source("c.txt", "text", "h3"), raw="", text="Lindenau (dpa) - Die Brücke ist zu.", id="y")
    assert agency_of(dpa) == "dpa" and voice(dpa) == "agency:dpa"
    credit = Article(source=Source("d.txt", "text", "h4"), raw="", id="z",
                     text="Die Brücke ist zu.\nQuelle: AFP © Fotograf Muster")
    assert agency_of(credit) is None  # a photo credit, not the text's agency


def test_source_normalisation_and_numbers() -> None:
    assert source_key("der Kreml", "de") == source_key("des Kremls", "de")
    assert same_source(source_key("Angaben der Stadt", "de"), source_key("die Stadt Lindenau", "de"))
    assert not same_source("own", "stadt")
    text = "Die Sanierung kostet zwei Millionen Euro und dauert 14 Monate."
    found = numbers_in(text, "de", [])
    assert found["euro"] == {2_000_000.0} and found["monat"] == {14.0}


def test_overlap_rule() -> None:
    from lagebild.story.corroboration import spans_overlap

    assert spans_overlap((0, 100), (10, 60))
    assert not spans_overlap((0, 100), (60, 160))  # 40 of the shorter 100 shared: less than half
    assert not spans_overlap((0, 100), (70, 170))
    assert not spans_overlap((0, 10), (10, 20))


def test_one_statement_quoted_twice_in_an_article_is_one_claim(result: tuple[list[Claim], list[Conflict]]) -> None:
    """Two attributions of one source over overlapping text of one article are one claim."""
    from lagebild.story.corroboration import spans_overlap

    claims, _ = result
    seen: list[tuple[str, str, tuple[int, int]]] = []
    for c in claims:
        for car in c.carriers:
            here = (c.source_key, car.article_id, tuple(car.content))
            for key, art, span in seen:
                assert not (key == here[0] and art == here[1] and spans_overlap(span, here[2])), (c.id, c.text)
        seen.extend((c.source_key, car.article_id, tuple(car.content)) for car in c.carriers)


# --- issue 15: chains, happenings, cross-time denials, speakers (invented articles) ---------------

from story_articles import make  # noqa: E402

#: Fictional: Kaltland and Nordmark, the newspaper Morgenpost, the agency Ostmeldung.
ISSUE15 = [
    ("morgenpost-1", "Morgenpost", "2024-03-04", "de",
     "Die Regierung von Kaltland liefert nach Angaben der USA heimlich Granaten an Nordmark. "
     "Das berichtete die Zeitung Morgenpost am Montag unter Berufung auf mehrere Beamte. "
     "Die Beamten sagten, die Lieferungen liefen seit dem Winter über den Hafen von Eisstadt."),
    ("ostmeldung-1", "Ostmeldung", "2025-05-20", "de",
     "Sowohl Kaltland als auch Nordmark bestreiten die Vorwürfe von Waffenlieferungen. "
     "Der Präsident von Nordmark reist im Juni nach Kaltland."),
    ("morgenpost-2", "Morgenpost", "2024-03-05", "de",
     "Der Präsident von Kaltland reist im April nach Nordmark. "
     "Die Mannschaft von Nordmark bestreitet am Samstag das Finale gegen Kaltland."),
]


@pytest.fixture(scope="module")
def issue15() -> tuple[list, list, dict]:
    arts = {name: make(name, *rest) for name, *rest in ISSUE15}
    claims, conflicts = corroborate(list(arts.values()))
    return claims, conflicts, arts


def test_chain_in_one_article_is_no_corroboration(issue15) -> None:
    claims, _, _ = issue15
    for c in claims:
        if len({x.article_id for x in c.carriers}) == 1 and c.independent_outlets == 1:
            assert c.single_source  # the newspaper and the officials it quotes are one voice
            assert not c.corroborated_by or all(
                {x.article_id for x in o.carriers} != {x.article_id for x in c.carriers}
                for o in claims if o.id in c.corroborated_by)


def test_different_happenings_neither_corroborate_nor_conflict(issue15) -> None:
    claims, conflicts, arts = issue15
    visits = [c for c in claims if "reist im" in c.text]
    assert len(visits) == 2 and not any(c.corroborated_by for c in visits)  # 2024 vs 2025, two trips
    assert not [x for x in conflicts if x.kind in ("place", "date")]


def test_denial_conflicts_across_outlets_and_time_and_names_both_sides(issue15) -> None:
    claims, conflicts, arts = issue15
    denial = [x for x in conflicts if x.kind == "denial" and "bestreiten die Vorwürfe" in x.about]
    assert denial, conflicts
    d = denial[0]
    by_id = {c.id: c for c in claims}
    assert any("Granaten" in by_id[a].text for a in d.asserted_by)
    assert d.sides[0].stance == "denial" and "Kaltland" in d.sides[0].speaker and "Nordmark" in d.sides[0].speaker
    assert "Ostmeldung" in d.sides[0].outlets and any("Morgenpost" in s.outlets for s in d.sides[1:])
    assert "Kaltland" in d.describe() and "Morgenpost" in d.describe()
    # "bestreitet das Finale" plays a match: no denial, no conflict
    assert not any("Finale" in x.about for x in conflicts)


def test_an_indirect_question_is_no_claim() -> None:
    art = make("hafenblatt-1", "Hafenblatt", "2025-09-04", "de",
               "Ein Sprecher sagte nicht, ob die Schiffe der Reederei Elbkai nach Nordmark umgeleitet werden. "
               "Ein Sprecher sagte, die Lage im Hafen von Eisstadt sei ruhig.")
    claims, _ = corroborate([art])
    assert not [c for c in claims if "umgeleitet" in c.text]
    assert [c for c in claims if "ruhig" in c.text]


def test_a_dateless_statement_speaks_of_its_publication_days() -> None:
    from lagebild.story.corroboration import article_claims
    from lagebild.story.mentions import same_time

    early = make("hafenblatt-2", "Hafenblatt", "2025-09-04", "de",
                 "Der Sprecher der Gewerkschaft sagte, im Hafen von Eisstadt stehe seit dem Morgen alles still.")
    late = make("ostmeldung-2", "Ostmeldung", "2025-09-13", "de",
                "Die Gewerkschaft sagte, der Streik im Hafen von Eisstadt sei am Freitag, 12. September, zu Ende gegangen.")
    near = make("ostmeldung-3", "Ostmeldung", "2025-09-05", "de",
                "Die Gewerkschaft sagte, der Streik im Hafen von Eisstadt habe am 4. September begonnen.")
    a = article_claims(early, {})[0]
    b = article_claims(late, {})[0]
    c = article_claims(near, {})[0]
    assert b.dates and c.dates and not a.dates
    assert same_time(a, b) is False  # 4 September is not the 12th
    assert same_time(a, c) is True


def test_a_questioned_or_negated_denial_is_no_conflict() -> None:
    arts = [make("hafenblatt-3", "Hafenblatt", "2025-09-04", "de",
                 "Die Reederei Elbkai leitet nach Angaben der Gewerkschaft Frachter nach Nordmark um. "
                 "Unklar ist, ob das Dementi der Reederei die Kunden in Eisstadt erreicht. "
                 "Die Hafenbehörde wollte die Umleitung der Frachter nach Nordmark nicht dementieren.")]
    claims, conflicts = corroborate(arts)
    assert not [c for c in claims if c.stance == "denial"], claims
    assert not conflicts


def test_own_background_before_a_relative_denial_is_no_allegation() -> None:
    arts = [make("hafenblatt-4", "Hafenblatt", "2025-09-04", "de",
                 "Die Warnung ist die jüngste in einer Reihe von Drohungen, die Nordmark zuletzt gegen Kaltland und "
                 "Weißland ausgestoßen hat. Nordmark unterstellt Kaltland, durch seine laufenden Militärübungen mit "
                 "Weißland einen Angriff vorzubereiten, was Kaltland und Weißland bestreiten. "
                 "Nordmark drohte zuletzt mehrfach mit Erstschlägen.")]
    claims, conflicts = corroborate(arts)
    denial = [c for c in claims if c.stance == "denial"]
    assert denial and denial[0].source == "Kaltland und Weißland", denial
    by_id = {c.id: c for c in claims}
    assert not [x for x in conflicts if any("Warnung" in by_id[a].text for a in x.asserted_by)], conflicts


def test_an_article_read_from_a_file_names_no_outlet() -> None:
    from lagebild.story.outlets import outlet_names, voice_label

    art = Article(source=Source("/tmp/in/de_2025-09-04_hafen.txt", "text", "h5"), raw="", text="Text.", id="f1")
    assert outlet_names(art) == [] and voice_label(art) == ""
    assert voice(art) == "article:f1"  # still its own voice
    web = Article(source=Source("https://www.hafenblatt.example/a", "html", "h6"), raw="", text="Text.", id="f2")
    assert outlet_names(web) == ["hafenblatt.example"]


def test_one_speaker_is_one_conflict_side_and_background_gives_way() -> None:
    arts = [make("morgenpost-3", "Morgenpost", "2025-05-12", "de",
                 "Der Sprecher des Weißen Hauses, John Kirby, sagte, Kaltland liefere heimlich Granaten an Nordmark. "
                 "Kirby sagte weiter, Nordmark bekomme von Kaltland große Mengen Munition für den Krieg."),
            make("ostmeldung-4", "Ostmeldung", "2025-05-14", "de",
                 "Kaltland liefert nach Einschätzung westlicher Geheimdienste Munition an Nordmark. "
                 "Sowohl Kaltland als auch Nordmark bestreiten die Vorwürfe von Waffenlieferungen.")]
    claims, conflicts = corroborate(arts)
    denial = [x for x in conflicts if x.kind == "denial"]
    assert denial, (claims, conflicts)
    speakers = [s.speaker for s in denial[0].sides[1:]]
    assert sum("Kirby" in s for s in speakers) == 1, speakers  # "John Kirby" and "Kirby": one person
    assert all(s and s != "unattributed" for s in speakers), speakers


def test_a_split_denial_shows_its_verb() -> None:
    art = make("hafenblatt-5", "Hafenblatt", "2025-09-04", "de",
               "Die Gewerkschaft hatte behauptet, die Reederei Elbkai leite Frachter nach Nordmark um. "
               "Diese Vorwürfe wurden von der Reederei und später von Jan Berger, dem Sprecher des Hafens, "
               "zurückgewiesen.")
    claims, _ = corroborate([art])
    denial = [c for c in claims if c.stance == "denial"]
    assert denial and denial[0].text.endswith("zurückgewiesen"), [c.text for c in claims]


def test_a_denial_noun_without_a_denier_is_no_conflict_side() -> None:
    """"During the row the union claimed …": a cue read as a denial where nobody denies."""
    text = ("During the dispute the Hafenbund union repeatedly claimed that freight lines had sent ships to "
            "Lisbon. The lines never commented.")
    art = make("harbour-c1", "Harbour Post", "2025-09-24", "en", text)
    cue = text.index("dispute")
    art.layers["quotes"] = [Span(text.index("the Hafenbund"), text.index(" The lines"), "quote",
                                 {"cue": [[cue, cue + 7]], "source": None, "stance": "denial", "form": "reported",
                                  "message": [[text.index("the Hafenbund"), text.index(" The lines")]],
                                  "speaker": {"span": None, "parts": [], "kind": "unattributed", "via": None,
                                              "entity": None}})]
    claims, conflicts = corroborate([art])
    assert not [c for c in claims if c.stance == "denial"], claims
    assert not conflicts


def test_a_passive_denial_without_a_denier_is_one_and_is_worded_so() -> None:
    from lagebild.interfaces.wording import conflict_text

    arts = [make("hafenblatt-c2", "Hafenblatt", "2025-09-04", "de",
                 "Der Verband Hafenbund sagte, die Reederei Weißmöwe leite Frachter nach Lissabon um."),
            make("kielpost-c2", "Kielpost", "2025-09-06", "de",
                 "Die Reederei Weißmöwe leite Frachter nach Lissabon um, hatte der Hafenbund erklärt. "
                 "Diese Darstellung des Verbands wurde am Freitag entschieden zurückgewiesen.")]
    claims, conflicts = corroborate(arts)
    denial = [x for x in conflicts if x.kind == "denial"]
    assert denial and not denial[0].sides[0].speaker, [x.describe() for x in denial]  # the subject is what is denied
    assert conflict_text("de", denial[0]).startswith("Dementi ohne Quellenangabe:"), conflict_text("de", denial[0])


def test_one_denier_s_denials_of_one_proposition_are_one_conflict() -> None:
    arts = [make("hafenblatt-c3", "Hafenblatt", "2025-09-04", "de",
                 "Der Verband Hafenbund sagte, Reedereien hätten Frachter nach Lissabon umgeleitet. "
                 "Die Norvex Logistik AG wies diese Darstellung des Verbands am Donnerstag entschieden zurück."),
            make("kielpost-c3", "Kielpost", "2025-09-10", "de",
                 "Der Hafenbund erklärte erneut, Reedereien hätten Frachter nach Lissabon umgeleitet. "
                 "Die Norvex Logistik AG bestritt erneut, dass Frachter nach Lissabon umgeleitet würden.")]
    claims, conflicts = corroborate(arts)
    denial = [x for x in conflicts if x.kind == "denial"]
    assert len(denial) == 1, [x.describe() for x in denial]
    assert len([c for c in claims if c.stance == "denial"]) == 2 and len(denial[0].also_denied_by) == 1
    assert [s.speaker for s in denial[0].sides].count("Norvex Logistik AG") == 1


def test_an_anaphoric_denial_rejects_the_statements_of_the_paragraph_before() -> None:
    art = make("hafenblatt-9", "Hafenblatt", "2025-09-04", "de",
               "Im Hafen von Weserstadt streiken seit Montag die Kranführer. "
               "Nach Angaben der Gewerkschaft Kranbund sind wegen des Ausstands bereits mehrere Frachter nach Antwerpen "
               "umgeleitet worden. Reedereien löschten ihre Ladung lieber in Belgien, als tagelang auf der Weser zu "
               "warten, sagte Verhandlungsführer Tarek Imhof. Der Hafen verliere damit Geschäft.\n\n"
               "Die Norvex Logistik AG wies diese Darstellung zurück. „Uns ist kein einziger Frachter bekannt, der nach "
               "Antwerpen ausgewichen ist“, sagte Unternehmenssprecher Jonas Weller.")
    claims, conflicts = corroborate([art])
    by_id = {c.id: c for c in claims}
    denial = [x for x in conflicts if x.kind == "denial"]
    assert len(denial) == 1, conflicts
    asserted = [by_id[a].text for a in denial[0].asserted_by]
    # what the company rejects is the account of the speaker before it (his statement two sentences
    # back and its continuation), not only the sentence before it, and not the outlet's own lead
    assert any("Belgien" in t for t in asserted) and any("verliere" in t for t in asserted), asserted
    assert not any("streiken seit Montag" in t for t in asserted), asserted
    assert [s.speaker for s in denial[0].sides[1:]] == ["Tarek Imhof"], denial[0].sides
    other = make("morgenpost-9", "Morgenpost", "2025-09-04", "de",
                 "Die Talzeitung berichtete, Kaltland plane neue Gespräche mit Nordmark über den Hafen. Der Bericht "
                 "kam, nachdem die USA behauptet hatten, Kaltland liefere heimlich Granaten an Nordmark. Diese "
                 "Vorwürfe wurden von Kaltland zurückgewiesen.")
    claims, conflicts = corroborate([other])
    by_id = {c.id: c for c in claims}
    asserted = [by_id[a].text for x in conflicts if x.kind == "denial" for a in x.asserted_by]
    assert any("Granaten" in t for t in asserted) and not any("Gespräche" in t for t in asserted), asserted


def test_a_misread_english_denial_names_who_claimed_and_who_denied() -> None:
    art = make("harbour-news-9", "Harbour News", "2025-09-24", "en",
               "Dock workers at Weserstadt will get a pay rise of 4% from October. "
               "During the dispute Kranbund repeatedly claimed that shipping lines had diverted freighters to Antwerp "
               "to avoid the strikes. Norvex consistently denied this, and the shipping lines never commented publicly.")
    claims, conflicts = corroborate([art])
    claim = next(c for c in claims if "diverted" in c.text and c.stance == "assertion")
    assert claim.source == "Kranbund" and not claim.own, claim
    denial = [x for x in conflicts if x.kind == "denial"]
    assert denial and [s.speaker for s in denial[0].sides] == ["Norvex", "Kranbund"], denial


def test_no_claim_borrows_the_sentence_before_and_refusals_and_conditions_assert_nothing() -> None:
    art = make("kuestenblatt-9", "Küstenblatt", "2025-09-05", "de",
               "Die Gewerkschaft Kranbund zog eine positive Bilanz. Die Beteiligung habe alle Erwartungen übertroffen, "
               "sagte Verhandlungsführer Tarek Imhof. Sollte die Norvex Logistik AG am Dienstag kein besseres Angebot "
               "vorlegen, seien weitere Streiks „nicht ausgeschlossen“. Das Unternehmen kündigte ein neues Angebot an, "
               "nannte aber keine Einzelheiten. Lehnt eine Seite den Vorschlag ab, könnte Kranbund erneut zu Streiks "
               "aufrufen.")
    en = make("harbour-news-10", "Harbour News", "2025-09-05", "en",
              "Weserstadt's port senator, Ida Brandt, declined to say whether any cargo had been lost. "
              "The port authority said eleven freighters were waiting for a berth.")
    claims, _ = corroborate([art, en])
    offer = [c for c in claims if "kündigte ein neues Angebot an" in c.text]
    assert len(offer) == 1 and "Sollte" not in offer[0].text, [c.text for c in claims]
    assert offer[0].source == "Norvex Logistik AG", offer[0]  # "Das Unternehmen": the one company of the story
    assert sum("Sollte die Norvex" in c.text for c in claims) == 1, [c.text for c in claims]
    side = next(c for c in claims if "Lehnt eine Seite" in c.text)
    assert side.own, side  # a condition, not a statement of "eine Seite"
    assert not any(c.text.strip() in ("Weserstadt's port senator, Ida Brandt", "Ida Brandt") for c in claims)


def test_the_officials_a_newspaper_cites_with_its_words_are_one_claim() -> None:
    art = make("morgenpost-10", "Morgenpost", "2025-09-04", "de",
               "Die Talzeitung berichtete am Montag unter Berufung auf ungenannte Beamte aus Nordmark, Kaltland wolle mit "
               "seinem Nachbarland über eine engere militärische Zusammenarbeit sprechen.")
    claims, _ = corroborate([art])
    said = [c for c in claims if "Zusammenarbeit" in c.text]
    assert len(said) == 1 and said[0].source == "Talzeitung", [(c.source, c.text) for c in claims]


def test_a_claim_the_outlet_credits_is_the_credited_speaker_s_and_a_name_is_no_message() -> None:
    de = make("kuestenblatt-10", "Küstenblatt", "2025-09-18", "de",
              "Die Delegation aus Nordmark besuchte am Mittwoch den Hafen von Weserstadt. Die Frage, ob die Union dafür "
              "wie von Außenminister Olaf Brink behauptet mehr als eine Milliarde Euro zugesagt habe, ließ die "
              "Delegation offen. Die Kommission hatte eine solche Zusage bestritten.")
    en = make("harbour-news-11", "Harbour News", "2025-09-16", "en",
              "Nordmark's foreign minister, Olaf Brink, called the meeting a turning point for the port of Weserstadt.")
    claims, conflicts = corroborate([de, en])
    credited = [c for c in claims if "Milliarde" in c.text and c.stance != "denial"]
    assert credited and "Olaf Brink" in (credited[0].source or ""), [(c.source, c.text) for c in claims]
    assert not any(c.text.strip(" ,") == "Nordmark's foreign minister, Olaf Brink" for c in claims), [c.text for c in claims]
    sides = [s.speaker for x in conflicts for s in x.sides[1:]]
    assert "Küstenblatt" not in sides, sides
