"""Speakers resolved through a story's canonical entities (lagebild.story.referents), with invented
articles: canonical names for short forms, descriptions resolved only when one entity fits,
reflexive sources, a reported clause's subject is no speaker, and an object is no speaker."""

from __future__ import annotations

from lagebild.annotate.quotes import resolve_speakers, speaker_text
from lagebild.annotate.sentences import split_sentences
from lagebild.model import Span
from lagebild.story.corroboration import corroborate
from lagebild.story.referents import StoryReferents
from lagebild.story.view import StoryEntity
from story_articles import make


def speakers_of(*arts) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """message opening -> speaker as shown, for every attributed claim."""
    claims, _ = corroborate(list(arts))
    return {c.text[:30]: c.source or "" for c in claims if not c.own}


def test_a_short_form_is_shown_by_its_canonical_name() -> None:
    art = make("hafenblatt-r1", "Hafenblatt", "2025-09-04", "de",
               "Verhandlungsführer Tarek Imhof sagte, die Beschäftigten seien wütend. "
               "Imhof sagte außerdem, man werde nicht nachgeben.")
    got = speakers_of(art)
    assert set(got.values()) == {"Tarek Imhof"}, got


def test_a_reflexive_source_is_the_subject_of_its_clause() -> None:
    art = make("hafenblatt-r2", "Hafenblatt", "2025-09-04", "de",
               "Die Norvex Logistik AG hat nach eigenen Angaben drei Prozent mehr Lohn angeboten.")
    got = speakers_of(art)
    assert "Norvex Logistik AG" in got.values() and "eigenen Angaben" not in got.values(), got


def test_the_subject_of_a_reported_clause_is_no_speaker() -> None:
    art = make("harbour-r3", "Harbour Post", "2025-09-04", "en",
               "Chief executive Lene Vortmann called the offer fair, and said the company would have to cut costs.")
    got = speakers_of(art)
    assert "Lene Vortmann" in got.values() and "the company" not in got.values(), got


def story_entities() -> tuple[list, dict, dict]:  # type: ignore[type-arg]
    arts = [make("hafenblatt-r4", "Hafenblatt", "2025-09-04", "de",
                 "Die Gewerkschaft Hafenbund streitet mit der Norvex Logistik AG und der Reederei Weißmöwe."),
            make("harbour-r4", "Harbour Post", "2025-09-05", "en",
                 "Lene Vortmann and Lars Vortmann met the Hafenbund union in Kielstadt.")]
    from lagebild.story.build import local_entities

    ids, info = local_entities(arts)
    return arts, ids, info


def test_descriptions_resolve_when_one_entity_fits_and_never_between_two() -> None:
    arts, ids, info = story_entities()
    refs = StoryReferents(arts, ids, info)
    union = refs.described("Gewerkschaft")
    assert union is not None and union.name == "Hafenbund"
    assert refs.described("union") == union  # "the union" and "die Gewerkschaft": one entity
    company = refs.described("Unternehmen")  # the one name with a legal form
    assert company is not None and company.name == "Norvex Logistik AG"
    assert refs.described("Behörde") is None  # no kind of organisation this module knows
    # "Vortmann" could be either of two people: it stays as written
    short = next(k for k, v in ids.items() if arts[1].text[k[1]:k[2]] == "Lene Vortmann")
    assert refs.named(ids[short]).name == "Lene Vortmann"
    refs.names["PER:vortmann"], refs.labels["PER:vortmann"] = "Vortmann", "PER"
    assert refs.named("PER:vortmann").name == "Vortmann"
    refs.names["PER:imhof"], refs.labels["PER:imhof"] = "Imhof", "PER"
    refs.names["PER:tarek imhof"], refs.labels["PER:tarek imhof"] = "Tarek Imhof", "PER"
    assert refs.named("PER:imhof").name == "Tarek Imhof"  # one fitting person


def test_a_description_without_a_fitting_entity_stays_as_written() -> None:
    info = {"ORG:a": StoryEntity("ORG:a", "Norvex Logistik AG", "ORG", 1, 1),
            "ORG:b": StoryEntity("ORG:b", "Kielwerft GmbH", "ORG", 1, 1)}
    text = "Die Norvex Logistik AG und die Kielwerft GmbH verhandeln."
    art = make("hafenblatt-r5", "Hafenblatt", "2025-09-04", "de", text)
    ids = {(art.id, e.start, e.end): ("ORG:a" if "Norvex" in text[e.start:e.end] else "ORG:b")
           for e in art.spans("entities")}
    refs = StoryReferents([art], ids, info)
    assert refs.described("Unternehmen") is None  # two companies: never a guess


def test_an_object_before_an_inverted_speech_frame_is_no_speaker() -> None:
    # the message the tagger may take for a frame: ", teilte der Verband am Sonntag mit"
    text = ("Der Verband Hafenbund verschärft den Ton. Für Montag hat er die Beschäftigten der Norvex AG "
            "zum Streik aufgerufen, teilte der Verband am Sonntag mit.")
    frame = text.index("teilte")
    obj = text.index("die Beschäftigten")
    quote = Span(frame, text.index(" mit."), "quote",
                 {"cue": [[text.index("aufgerufen"), text.index("aufgerufen") + 10]],
                  "source": [obj, text.index(" zum Streik")], "message": [[frame, text.index(" mit.")]]})
    ents = [Span(text.index("Hafenbund"), text.index("Hafenbund") + 9, "ORG"),
            Span(text.index("Norvex AG"), text.index("Norvex AG") + 9, "ORG")]
    resolve_speakers(text, [quote], split_sentences(text, "de"), ents, "de")
    assert "Beschäftigten" not in speaker_text(text, quote.attrs["speaker"]), quote.attrs["speaker"]
    assert speaker_text(text, quote.attrs["speaker"]) in ("Verband", "der Verband", "Verband Hafenbund", "Hafenbund")


def test_a_reflexive_source_of_a_cue_less_continuation_is_resolved_or_nobody() -> None:
    """A continued quote (no cue of its own) whose speaker is "eigenen Angaben" (a crash once)."""
    text = "Die Norvex Logistik AG hat nach eigenen Angaben drei Prozent geboten. Mehr sei nicht möglich."
    art = make("hafenblatt-r6", "Hafenblatt", "2025-09-04", "de", text)
    own = text.index("eigenen Angaben")
    art.layers["quotes"] = [Span(text.index("Mehr"), len(text) - 1, "quote",
                                 {"cue": [], "source": None, "stance": "assertion", "form": "indirect",
                                  "message": [[text.index("Mehr"), len(text) - 1]],
                                  "speaker": {"span": [own, own + 15], "parts": [], "kind": "anonymous",
                                              "via": "continuation", "entity": None}})]
    claims, _ = corroborate([art])
    said = [c for c in claims if not c.own]
    assert said and said[0].source in ("Norvex Logistik AG", None), said


def test_a_tagged_description_and_an_untagged_name_resolve_to_the_story_entity() -> None:
    from lagebild.model import Article, Source

    text = "Die Gewerkschaft Kranbund streikt. Die Gewerkschaft droht. Die Norvex Logistik AG schweigt."
    spans = [Span(text.index(n, at), text.index(n, at) + len(n), "ORG")
             for n, at in (("Kranbund", 0), ("Die Gewerkschaft", 30), ("Norvex Logistik AG", 0))]
    art = Article(source=Source("x.txt", "text", "h"), raw=text, text=text, id="a1", layers={"entities": spans})
    refs = StoryReferents([art], {}, None)
    assert refs.is_description("Die Gewerkschaft")  # "Die Gewerkschaft" tagged as a name is a description
    found = refs.by_name("Die Norvex Logistik AG")  # a name the NER missed in one place
    assert found is not None and found.name == "Norvex Logistik AG"
    assert refs.by_name("Weserstadt") is None
