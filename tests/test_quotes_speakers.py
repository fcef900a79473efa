"""Speakers of attributions, one invented example per pattern: coordination, "hieß es", nested
chains, pronouns, anaphoric adverbs, descriptions resolved to a name or an earlier medium, never a
genitive noun or a clause fragment, and "unattributed" when nobody can be found. Entities are
given as an input layer (what the NER stage would add), so the tests do not depend on the NER model."""

from __future__ import annotations

import pytest

from lagebild.annotate.quotes import extract_quotes, speaker_text
from lagebild.annotate.quotes.speakers import stem, title_index
from lagebild.annotate.sentences import split_sentences
from lagebild.model import Span


def entities(text: str, **names: str) -> list[Span]:
    """Entity spans for the given surface strings (first occurrence each): ``PER="Anna Kolb"``;
    several names of one label are separated by "|"."""
    out = []
    for label, value in names.items():
        for name in value.split("|"):
            i = text.index(name)
            out.append(Span(i, i + len(name), label))
    return sorted(out, key=lambda e: e.start)


def speakers(text: str, ents: list[Span] | None = None) -> list[tuple[str, str, str | None, str]]:
    """(speaker as shown, kind, via, message) per attribution."""
    out = []
    for q in extract_quotes(text, split_sentences(text, "de"), "de", ents or []):
        sp = q.attrs["speaker"]
        out.append((speaker_text(text, sp, outlet="Testblatt"), sp["kind"], sp["via"], text[q.start:q.end]))
    return out


def about(found: list[tuple[str, str, str | None, str]], words: str) -> tuple[str, str, str | None, str]:
    for f in found:
        if words in f[3]:
            return f
    raise AssertionError(f"no attribution about {words!r} in {found}")


def test_coordinated_sources_are_one_speaker_with_parts() -> None:
    text = "Sowohl die Gewerkschaft als auch der Arbeitgeberverband bestreiten die Vorwürfe."
    q = extract_quotes(text, split_sentences(text, "de"), "de")[0]
    sp = q.attrs["speaker"]
    assert sp["via"] == "coordination" and [text[a:b] for a, b in sp["parts"]] == ["Gewerkschaft", "Arbeitgeberverband"]
    assert q.attrs["stance"] == "denial"
    f = about(speakers("Die Stadtwerke und die Feuerwehr teilten am Abend mit, das Wasser sei wieder trinkbar."),
              "Wasser")
    assert f[0] == "Stadtwerke und Feuerwehr" and f[2] == "coordination"
    # two adjectives before one noun are no coordination
    f = about(speakers("Die Zeitung berichtete unter Berufung auf deutsche und französische Diplomaten, "
                       "der Vertrag werde im Herbst unterzeichnet."), "Vertrag")
    assert "und" not in f[0] or f[2] != "coordination"


def test_hiess_es_takes_the_report_named_before_else_the_outlet() -> None:
    text = ("Die Zeitung Nordkurier berichtete am Montag über den Streit im Hafen. "
            "Der Hafen solle verkauft werden, hieß es in dem Bericht.")
    f = about(speakers(text, entities(text, ORG="Nordkurier")), "verkauft")
    assert f[0] == "Nordkurier" and f[1] == "named"
    f = about(speakers("Die Brücke bleibe bis zum Mai gesperrt, hieß es."), "Brücke")
    assert f[0] == "Testblatt" and f[1] == "outlet" and f[2] == "outlet"


def test_nested_chain_names_the_inner_speaker_under_the_outer() -> None:
    text = "Der Sender Radio Nord zitierte einen Polizeisprecher mit den Worten, die Lage sei unter Kontrolle."
    quotes = extract_quotes(text, split_sentences(text, "de"), "de", entities(text, ORG="Radio Nord"))
    shown = {speaker_text(text, q.attrs["speaker"]): q for q in quotes}
    assert "Polizeisprecher" in shown and "Radio Nord" in " ".join(shown)
    inner = shown["Polizeisprecher"]
    assert inner.attrs["speaker"]["kind"] == "anonymous" and inner.attrs["parent"] is not None
    assert "Radio Nord" in speaker_text(text, quotes[inner.attrs["parent"]].attrs["speaker"])


def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = "Die Ministerin Anna Kolb besuchte am Dienstag das Werk in Kassel. Sie sagte, die Arbeitsplätze seien sicher."
    f = about(speakers(text, entities(text, PER="Anna Kolb", LOC="Kassel")), "Arbeitsplätze")
    assert f[0] == "Anna Kolb" and f[2] == "pronoun"


def test_demnach_points_to_the_previous_speaker() -> None:
    text = ("Laut dem Landesamt stieg die Zahl der Unfälle im vergangenen Jahr deutlich. "
            "Demnach seien vor allem Radfahrer betroffen.")
    f = about(speakers(text, entities(text, ORG="Landesamt")), "Radfahrer")
    assert f[0] == "Landesamt" and f[2] == "anaphor"


def test_description_resolves_to_the_named_title_holder() -> None:
    text = ("Bürgermeister Karl Brandt eröffnete am Morgen die Messe. "
            "Der Bürgermeister sagte, die Stadt wolle weiter in den Hafen investieren.")
    ents = entities(text, PER="Karl Brandt")
    f = about(speakers(text, ents), "investieren")
    assert f[0] == "Karl Brandt" and f[2] == "description"
    assert title_index(text, ents) == {stem("Bürgermeister"): [0]}
    assert stem("Präsidenten") == stem("Präsident") and stem("Quellen") == stem("Quelle")


def test_the_newspaper_is_the_newspaper_named_before() -> None:
    text = ("Die Zeitung Nordkurier berichtete, der Hafen werde verkauft. "
            "Der Zeitung zufolge soll der Preis bei zwei Millionen Euro liegen.")
    f = about(speakers(text, entities(text, ORG="Nordkurier")), "Preis")
    assert f[0] == "Nordkurier" and f[2] == "description"


@pytest.mark.parametrize("text, wrong", [
    ("Gleichzeitig hat die Regierung während ihres Staatsbesuchs davor gewarnt, dass die Preise weiter "
     "steigen könnten.", "Staatsbesuchs"),
    ("Der Minister, der seit Jahren im Amt ist, forderte die Kommission auf, das Verfahren zu beenden.", ","),
    ("Der Bericht erschien, nachdem die Regierung behauptet hatte, das Nachbarland liefere heimlich Waffen.",
     "Bericht"),
])
def test_no_genitive_noun_or_clause_fragment_as_speaker(text: str, wrong: str) -> None:
    found = speakers(text)
    assert found and all(wrong not in f[0] for f in found)
    assert any(f[0] in ("Regierung", "Minister") for f in found)


def test_no_speaker_found_is_unattributed() -> None:
    found = speakers("Das Museum solle im Frühjahr nach der Renovierung wieder öffnen.")
    assert found and found[0][0] == "unattributed" and found[0][1] == "unattributed"
    assert speaker_text("x", None) == "unattributed"


def test_continued_quote_keeps_its_speaker() -> None:
    text = ("Laut der Reederei Nordlicht fällt die Fähre am Freitag aus. Außerdem bemühe man sich um einen "
            "Ersatz für die Fahrgäste.")
    f = about(speakers(text, entities(text, ORG="Reederei Nordlicht")), "Ersatz")
    assert f[0] == "Reederei Nordlicht" and f[2] in ("continuation", "source")  # (or one message)


def test_laut_source_is_taken_out_of_the_message() -> None:
    text = "Die Fähre soll laut der Reederei Nordlicht in den kommenden Tagen wieder fahren."
    found = speakers(text, entities(text, ORG="Reederei Nordlicht"))
    spk, kind, _, _ = about(found, "wieder fahren")
    assert "Nordlicht" in spk and kind == "named"
    q = extract_quotes(text, split_sentences(text, "de"), "de", entities(text, ORG="Reederei Nordlicht"))[0]
    parts = " ".join(text[a:b] for a, b in q.attrs["message"])
    assert "Nordlicht" not in parts and "wieder fahren" in parts


def test_laut_clause_and_quoting_clause_are_two_attributions() -> None:
    text = ("Die Ankündigung der Reise, die laut dem Rathaus „in wenigen Tagen“ stattfinden soll, folgte auf einen "
            "Bericht des Senders Radio Auental, der einen hohen Beamten mit den Worten zitierte, der Bürgermeister "
            "reise „langsam mit der Bahn in Richtung Küste“.")
    found = speakers(text, entities(text, ORG="Rathaus|Radio Auental"))
    soon = about(found, "in wenigen Tagen")
    assert "Rathaus" in soon[0] and "Beamte" not in soon[0]
    train = about(found, "langsam mit der Bahn")
    assert "Beamte" in train[0] and train[1] == "anonymous", train


def test_no_speech_word_and_the_source_opening_the_sentence_is_the_outlet_narrating() -> None:
    text = ("Die Ankündigung des Rathauses folgt auch auf einen Überraschungsbesuch des Bürgermeisters Jan Holm in "
            "Birkholm im Juli, wo er gemeinsam mit Anna Kolb an einer Hafenparade anlässlich des 70. Jahrestages der "
            "Gründung des Hafens teilnahm.")
    for spk, kind, _, _ in speakers(text, entities(text, PER="Jan Holm|Anna Kolb", LOC="Birkholm")):
        assert "Ankündigung" not in spk and kind in ("outlet", "unattributed")


@pytest.mark.parametrize(("text", "lang", "shown"), [
    ("Das Unternehmen hatte dies stets bestritten.", "de", "Das Unternehmen"),
    ("Die Kommission hatte eine solche Zusage zuvor bestritten.", "de", "Die Kommission"),
    ("Elbkai consistently denied this.", "en", "Elbkai"),
    ("the company would have to pay", "en", "the company"),
    ("Unter", "de", None),
    ("on Wednesday", "en", None),
    ("that every day a container spends waiting", "en", None),
    ("nach eigenen Angaben 4", "de", "nach eigenen Angaben"),
])
def test_a_speaker_never_runs_into_the_verb_phrase(text: str, lang: str, shown: str | None) -> None:
    from lagebild.annotate.quotes import speaker_phrase

    span = speaker_phrase(text, (0, len(text)), lang)
    assert (text[span[0]:span[1]] if span else None) == shown


def test_an_outlet_sentence_reporting_a_denial_names_its_subject_not_its_verb_phrase() -> None:
    from lagebild.story.corroboration import article_claims
    from story_articles import make

    art = make("hafenblatt-9", "Hafenblatt", "2025-09-10", "de",
               "Mehrere Reedereien hätten Frachter nach Rotterdam umgeleitet, hieß es aus der Branche. "
               "Das Unternehmen hatte dies stets bestritten.")
    denial = [m for m in article_claims(art, {}) if m.stance == "denial"]
    assert denial and denial[0].source_text == "Das Unternehmen", [(m.source_text, m.text) for m in denial]


def test_a_carried_sentence_with_its_own_speech_verb_names_its_own_speaker() -> None:
    text = ("Nach 48 Stunden ist der Ausstand an den Hochöfen der Lindtal Stahl AG am Freitagmorgen zu Ende gegangen. "
            "Um 6 Uhr nahmen die ersten Schichten die Arbeit an den Öfen in Süderfeld wieder auf, wie ein "
            "Unternehmenssprecher mitteilte.\n\nDie Gewerkschaft Metallbund signalisierte zugleich Bereitschaft zu "
            "einer Schlichtung. Die Tarifkommission habe sich am Morgen mehrheitlich dafür ausgesprochen, teilte die "
            "Gewerkschaft mit.")
    found = speakers(text, entities(text, ORG="Lindtal Stahl AG|Metallbund", LOC="Süderfeld"))
    assert "Metallbund" in about(found, "signalisierte")[0], found  # not the company's spokesman before it


def test_a_frame_noun_is_no_speaker_its_genitive_or_compound_is() -> None:
    text = ("Die Gewerkschaft Metallbund legte am Donnerstag eine Liste mit vier Schiffsnamen vor, die nach Angaben der "
            "Gewerkschaft statt Weserstadt Antwerpen angelaufen hätten. Vor den Toren versammelten sich nach "
            "Gewerkschaftsangaben rund 1.500 Streikende zu einer Kundgebung.")
    shown = [f[0] for f in speakers(text, entities(text, ORG="Metallbund"))]
    assert shown and not any("angaben" in s.lower() for s in shown), shown
    assert any(s.startswith("Gewerkschaft") for s in shown), shown


def test_a_preposition_or_quantifier_before_a_speech_verb_is_no_speaker() -> None:
    text = ("Unter den Spediteuren gehen die Einschätzungen auseinander: Einige berichten von Kunden, die Container "
            "künftig über andere Häfen abwickeln wollen, andere halten das für Panikmache.")
    shown = [f[0] for f in speakers(text)]
    assert "Unter" not in shown, shown
