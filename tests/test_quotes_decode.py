"""Decoding of tagger label probabilities into attributions (synthetic probabilities, no model):
source boundaries, message boundaries, a cue carried to the quote in the next sentence, and the
tagger's support for rule candidates."""

from __future__ import annotations

import numpy as np

from lagebild.annotate.quotes import supported
from lagebild.annotate.quotes.decode import Attribution, decode, fix_source
from lagebild.annotate.quotes.tagger import LABELS


def probs(labels: str) -> np.ndarray:
    """One row per character of ``labels`` (O C S A M): 0.9 on that label."""
    out = np.full((len(labels), len(LABELS)), 0.025)
    for i, ch in enumerate(labels):
        out[i, "OCSAM".index(ch)] = 0.9
    return out


def words(toks: list[str], idx: list[int]) -> str:
    return " ".join(toks[i] for i in idx)


def test_source_takes_apposition_genitive_and_noun() -> None:
    t = ["Anna", "Berg", ",", "die", "Direktorin", "der", "Reederei", "Nordlicht", ",", "teilte", "mit"]
    assert words(t, fix_source(t, [0, 1], {9})) == "Anna Berg , die Direktorin der Reederei Nordlicht"
    t = ["Nach", "den", "Berechnungen", "der", "Associated", "Press", "führt", "sie"]
    assert words(t, fix_source(t, [1, 2, 3], {0})) == "den Berechnungen der Associated Press"
    t = ["„", "Ja", "“", ",", "sagte", "der", "Bürgermeister", "."]
    assert words(t, fix_source(t, [5], {0, 1, 2, 4})) == "der Bürgermeister"
    t = ["erklärte", "Minister", "Max", "Muster", "(", "SPD", ")", "."]
    assert words(t, fix_source(t, [1, 2, 3], {0})) == "Minister Max Muster ( SPD )"
    # a relative clause is no apposition
    t = ["sagte", "Max", "Muster", ",", "der", "gestern", "ankam", "."]
    assert words(t, fix_source(t, [1, 2], {0})) == "Max Muster"
    # and a name before an apposition belongs to it
    t = ["Max", "Muster", ",", "der", "Sprecher", "der", "Stadt", ",", "sagte"]
    assert words(t, fix_source(t, [3, 4, 5, 6], {8})) == "Max Muster , der Sprecher der Stadt"


def test_indirect_message_drops_final_punctuation() -> None:
    toks = ["Der", "Sprecher", "sagte", ",", "die", "Brücke", "sei", "gesperrt", "."]
    atts = decode([toks], [probs("SSCOMMMMM")])
    assert len(atts) == 1 and atts[0].form == "Indirect"
    assert [toks[i] for _, i in atts[0].message] == ["die", "Brücke", "sei", "gesperrt"]
    assert [toks[i] for _, i in atts[0].cue] == ["sagte"]


def test_cue_carried_to_the_quote_in_the_next_sentence() -> None:
    s1 = ["Die", "Ministerin", "äußerte", "sich", "zufrieden", ":"]
    s2 = ["„", "Wir", "haben", "viel", "erreicht", ".", "“"]
    atts = decode([s1, s2], [probs("SSCOOO"), probs("MMMMMMM")])
    assert len(atts) == 1
    a = atts[0]
    assert a.form == "Direct" and {s for s, _ in a.message} == {1}
    assert [s1[i] for _, i in a.cue] == ["äußerte", "sich"] and [s1[i] for _, i in a.source] == ["Die", "Ministerin"]


def test_rule_candidate_needs_tagger_support() -> None:
    cand = Attribution(message=[(0, 3), (0, 4)], cue=[(0, 1)], source=[(0, 0)], origin="rule")
    assert supported(cand, [probs("SCOMM")])
    assert not supported(cand, [probs("OOOOO")])


def test_tagger_fast_path_equals_feature_lists() -> None:
    """label_probs (shared features looked up once) gives the numbers of scoring doc_features lists."""
    from lagebild.annotate.quotes.features import doc_features
    from lagebild.annotate.quotes.tagger import load_tagger

    tagger = load_tagger()
    if tagger is None:
        return
    sents = [["„", "Wir", "bleiben", "“", ",", "sagte", "der", "Sprecher", "."], [],
             ["Laut", "Polizei", "sei", "niemand", "verletzt", "worden", "."], ["Er", "lehnte", "ab", "."]]
    f1 = doc_features(sents, tagger.extra_cues)
    lab = tagger.pass1.scores([f for s in f1 for f in s]).argmax(1)
    labs, k = [], 0
    for s in sents:
        labs.append([LABELS[int(x)] for x in lab[k:k + len(s)]])
        k += len(s)
    ref = tagger.pass2.scores([f for s in doc_features(sents, tagger.extra_cues, labs) for f in s])
    ref = np.exp(ref - ref.max(1, keepdims=True))
    ref /= ref.sum(1, keepdims=True)
    got = tagger.label_probs(sents)
    assert [len(p) for p in got] == [len(s) for s in sents]
    assert np.array_equal(np.concatenate(got), ref)


def test_source_boundaries_as_spkatt_draws_them() -> None:
    # article and adjectives before the run, a verb after the head ends it
    t = ["Die", "spätere", "republikanische", "Außenministerin", "Rice", "nannte", "ihn", "klug", "."]
    assert words(t, fix_source(t, [2, 3, 4], {5})) == "Die spätere republikanische Außenministerin Rice"
    t = ["Laut", "Aussage", "des", "Ministeriums", "lebte", "Amine", "El", "Khalifi", "dort", "."]
    assert words(t, fix_source(t, [1, 2, 3, 4, 5, 6, 7], {0})) == "Aussage des Ministeriums"
    # an object after the subject, a conjunction at the end, a place after the head
    t = ["warfen", "die", "Taliban", "den", "Menschen", "vor", ","]
    assert words(t, fix_source(t, [1, 2, 3, 4], {0, 5})) == "die Taliban"
    t = ["hieß", "es", "in", "dem", "Bericht", "und", "fügte", "hinzu"]
    assert words(t, fix_source(t, [3, 4, 5], {0, 1, 6, 7})) == "dem Bericht"
    t = ["Der", "Einsatzleiter", "der", "Polizei", "in", "Dortmund", "erklärte", ":"]
    assert words(t, fix_source(t, [0, 1, 2, 3], {6})) == "Der Einsatzleiter der Polizei in Dortmund"
    # a name in apposition after a description
    t = ["teilte", "der", "Direktor", "der", "Behörde", ",", "Bagus", "Puruhito", ",", "mit"]
    assert words(t, fix_source(t, [1, 2, 3, 4], {0, 9})) == "der Direktor der Behörde , Bagus Puruhito"


def test_nach_with_information_noun_and_reported_speech() -> None:
    from lagebild.annotate.quotes import attributions
    from lagebild.annotate.quotes.extract import to_spkatt

    sents = [["An", "Bord", "waren", "nach", "Behördenangaben", "62", "Personen", "."]]
    atts = attributions(sents, "de")
    nach = [a for a in atts if [sents[0][i] for _, i in a.cue] == ["nach"]]
    assert nach and [sents[0][i] for _, i in nach[0].source] == ["Behördenangaben"]
    sents = [["Die", "Ministerin", "nannte", "den", "Plan", "einen", "„", "großen", "Fehler", "“", "."]]
    rep = [a for a in attributions(sents, "de") if a.form == "Reported"]
    assert rep and len(rep[0].message) == len(sents[0])
    spk = to_spkatt(sents, attributions=rep)
    assert spk[0].get("Cue") == [] and spk[0].get("Source")


def test_quotation_over_sentences_is_one_message_with_the_cue_at_its_end() -> None:
    s1 = ["„", "Wir", "haben", "viel", "erreicht", "."]
    s2 = ["Das", "Ziel", "ist", "nah", "“", ",", "sagte", "die", "Ministerin", "."]
    atts = decode([s1, s2], [probs("MMMMMM"), probs("MMMMMOCSSO")])
    assert len(atts) == 1
    a = atts[0]
    assert a.form == "Direct" and {s for s, _ in a.message} == {0, 1} and (0, 0) in a.message
    assert [s2[i] for _, i in a.cue] == ["sagte"] and [s2[i] for _, i in a.source] == ["die", "Ministerin"]
    assert all(s == 1 for s, _ in a.frame)
    # a quotation closed before the cue's sentence stays on its own
    s1 = ["„", "Wir", "haben", "viel", "erreicht", "“", "."]
    s2 = ["„", "Das", "Ziel", "ist", "nah", "“", ",", "sagte", "die", "Ministerin", "."]
    atts = decode([s1, s2], [probs("MMMMMMO"), probs("MMMMMMOCSSO")])
    assert len(atts) == 2 and {s for s, _ in atts[1].message} == {1}


def test_demonstrative_object_takes_the_sentence_before_as_message() -> None:
    s1 = ["Die", "Brücke", "bleibt", "bis", "Montag", "gesperrt", "."]
    s2 = ["Dies", "bestätigte", "ein", "Sprecher", "der", "Stadt", "."]
    atts = decode([s1, s2], [probs("OOOOOOO"), probs("OCSSSSO")])
    assert len(atts) == 1
    a = atts[0]
    assert a.form == "Indirect" and a.message == [(0, i) for i in range(7)] + [(1, 0)]
    assert [s2[i] for _, i in a.source] == ["ein", "Sprecher", "der", "Stadt"]
    assert (1, 0) not in a.frame and (1, 2) in a.frame
    # "Das Ministerium erklärte, …": an article, no demonstrative object
    s2 = ["Das", "Ministerium", "erklärte", ",", "sie", "sei", "sicher", "."]
    atts = decode([s1, s2], [probs("OOOOOOO"), probs("SSCOMMMM")])
    assert len(atts) == 1 and {s for s, _ in atts[0].message} == {1}


def test_cueless_quote_after_a_colon_takes_the_subject_of_that_sentence() -> None:
    s1 = ["Die", "Bewohner", "des", "Dorfes", "sehen", "alles", "gelassen", ":"]
    s2 = ["„", "Das", "sind", "nette", "Leute", ".", "“"]
    atts = decode([s1, s2], [probs("OOOOOOOO"), probs("MMMMMMM")])
    assert len(atts) == 1 and atts[0].form == "Direct"
    assert [s1[i] for _, i in atts[0].source] == ["Die", "Bewohner", "des", "Dorfes"]
    # an adverbial opens the sentence: no subject before the verb, no source
    s1 = ["Im", "Dorf", "sieht", "man", "das", "gelassen", ":"]
    atts = decode([s1, s2], [probs("OOOOOOO"), probs("MMMMMMM")])
    assert len(atts) == 1 and atts[0].source == []


def test_name_in_commas_after_the_source_joins_it() -> None:
    t = ["Nach", "Angaben", "des", "Direktors", "der", "Firma", ",", "Jan", "Muster", ",", "sei", "das", "Schiff",
         "sicher", "gewesen", "."]
    atts = decode([t], [probs("CSSSSSMMMMMMMMMO")])
    assert len(atts) == 1
    assert words(t, [i for _, i in atts[0].source]) == "Angaben des Direktors der Firma , Jan Muster"
    assert words(t, [i for _, i in atts[0].message]) == "sei das Schiff sicher gewesen"


def test_subject_pronoun_after_the_finite_verb_is_the_source() -> None:
    t = ["Seit", "Jahren", "vertritt", "er", "die", "These", ",", "dass", "die", "Brücke", "zu", "alt", "sei", "."]
    atts = decode([t], [probs("OOOOCCOMMMMMMO")])
    assert len(atts) == 1 and words(t, [i for _, i in atts[0].source]) == "er"
    # an object pronoun after the cue's clause is none
    t = ["Der", "Plan", "sei", "gut", ",", "hieß", "es", "über", "sie", "."]
    atts = decode([t], [probs("MMMMOCCOOO")])
    assert len(atts) == 1 and atts[0].source == []
