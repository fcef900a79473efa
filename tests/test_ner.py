"""NER: the committed models load, tag invented text, keep documents consistent, and reach a
quality floor on the gold data (skipped without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.annotate.ner import load_model, make_consistent, ner_stage, recognize
from lagebild.annotate.ner_data import bio_to_spans, meantime_split, read_germeval, read_meantime
from lagebild.annotate.ner_features import Featurizer
from lagebild.model import Article, Source
from lagebild.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
#: Sentences of GermEval test used for the floor (a fixed prefix keeps the test under a minute).
GERMEVAL_SENTENCES = 1500


def _article(text: str, lang: str = "de") -> Article:
    return Article(source=Source("t", "text", ""), raw=text, text=text, id="t", language=lang)


def test_bio_and_iob1_decoding() -> None:
    assert bio_to_spans(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC"]) == [
        (0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC")]


def test_features_mark_gazetteer_and_cues() -> None:
    feat = Featurizer({"LOC": ["Nowa Ruda", "Tarnów"], "FIRST": ["Jolanta"]}, "de")
    words = ["Die", "Verkehrsministerin", "Jolanta", "Wisniewska", "reiste", "nach", "Nowa", "Ruda", "und", "Tarnóws", "Hafen"]
    assert feat.gazetteer(words) == ["-", "-", "FIRST-B", "-", "-", "-", "LOC-B", "LOC-I", "-", "LOC-G", "-"]
    assert feat.cue("Verkehrsministerin") == "CUE_PER_X"
    assert feat.cue("Sprecher") == "CUE_PER"
    assert feat.cue("Stadtwerke") == "-"


def test_word_clusters_go_into_morph() -> None:
    import spacy
    from spacy.tokens import Doc

    feat = Featurizer({"LOC": []}, "de", clusters={"Tarnów": "12", "montag": "7"})
    doc = Doc(spacy.blank("de").vocab, words=["Tarnów", "am", "Montag"])
    feat.apply(doc, gaz=False, cues=False, clusters=True)
    assert [str(t.morph) for t in doc] == ["Cl=12", "", "Cl=7"]
    assert feat.cluster("Unbekanntwort") == "-"


def test_stage_tags_invented_german_text() -> None:
    text = ("Der Sprecher des Bundesverbands der Obstbauern, Matthias Krendler, sagte am Montag in "
            "Hamburg, die Ernte in Bayern sei gut. Krendler verwies auf die Europäische Union.")
    art = Pipeline([ner_stage], provided={"text", "language", "raw", "source"})(_article(text))
    ents = {text[s.start : s.end]: s for s in art.spans("entities")}
    assert ents["Matthias Krendler"].label == "PER"
    assert ents["Krendler"].label == "PER"
    assert ents["Krendler"].attrs["canonical"] == ents["Matthias Krendler"].attrs["canonical"]
    assert ents["Hamburg"].label == "LOC" and ents["Bayern"].label == "LOC"
    assert all(s.attrs["source"] in ("model", "consistency") for s in art.spans("entities"))
    assert ner_stage.requires == ("text", "language") and ner_stage.assigns == ("entities",)


def test_english_model_tags_invented_text() -> None:
    spans = recognize("Shares of Norvex Corp. fell in London on Tuesday, chief executive Dana Whitfield said.",
                      "en")
    labels = {s.label for s in spans}
    assert "LOC" in labels and ("ORG" in labels or "PER" in labels)


def test_document_consistency_propagates_a_name() -> None:
    from spacy.tokens import Span as SpacySpan

    model = load_model("de")
    doc = model.nlp.make_doc("Gestern sprach Ilse Warnholt . Warnholt lachte , und Warnholts Hund bellte .")
    doc.ents = [SpacySpan(doc, 2, 4, label="PER")]
    added = make_consistent([doc], "de")[0]
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ilse Warnholt", "PER"), ("Warnholt", "PER"), ("Warnholts", "PER")]
    assert added == {(5, 6), (9, 10)}


def test_unseen_word_vectors_depend_only_on_their_document() -> None:
    """A word outside the vectors table gets the vector its own document's batch gives it, whatever
    the process tagged before (a cache would carry the float noise of an earlier batch, and a pool
    worker and a Ray actor would then tag the same article differently); the table does not grow."""
    import numpy as np

    model = load_model("de")
    assert model.oov is not None
    nlp, vec = model.nlp, model.nlp.vocab.vectors
    first = nlp.make_doc("Die Quxlerbank und die Frobnitzwerke melden Zahlen aus Blarghausen.")
    other = nlp.make_doc("Frobnitzwerke, Zyxpelhof, Quxlerbank, Trommelfinken und Blarghausen.")
    stored = len(vec.key2row)

    def vectors(doc: object) -> dict[str, object]:
        with model.oov.lock, model.oov.added(nlp, [doc]):
            return {t.text: vec[t.lower].copy() for t in doc if t.lower in vec.key2row}

    vectors(other)
    got = vectors(first)
    unseen = [t.text for t in first if t.lower not in vec.key2row]
    assert {"Quxlerbank", "Frobnitzwerke", "Blarghausen"} <= set(unseen)
    raw = model.oov._use.encode(unseen)
    want = ((raw - model.oov.mean) @ model.oov.proj) / model.oov.scale
    for word, row in zip(unseen, want, strict=True):
        assert np.array_equal(got[word], row), word
    assert len(vec.key2row) == stored


def test_model_is_cached_and_small() -> None:
    assert load_model("de") is load_model("de")
    for lang in ("de", "en"):
        root = Path(load_model(lang).nlp.path).parent if load_model(lang).nlp.path else None
        if root:
            assert sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) < 25_000_000


@pytest.mark.skipif(not (DATA / "germeval2014_ner" / "NER-de-test.tsv").exists(), reason="needs GermEval data")
def test_germeval_test_quality_floor() -> None:
    sents = list(read_germeval(DATA / "germeval2014_ner" / "NER-de-test.tsv"))[:GERMEVAL_SENTENCES]
    docs = load_model("de").tag_words([s.words for s in sents])
    tp = n_gold = n_pred = 0
    for s, d in zip(sents, docs, strict=True):
        pred = {(e.start, e.end, e.label_) for e in d.ents}
        tp += len(pred & set(s.spans))
        n_gold += len(s.spans)
        n_pred += len(pred)
    f1 = 2 * tp / (n_gold + n_pred)
    assert f1 >= 0.57, f1


@pytest.mark.skipif(not (DATA / "meantime_en").exists(), reason="needs MEANTIME data")
def test_meantime_recall_floor() -> None:
    """MEANTIME does not annotate every name, so the floor is on recall of its named mentions."""
    docs = list(read_meantime(DATA / "meantime_en" / "intra_cross-doc_annotation"))
    _, test = meantime_split(docs)
    sents = [s for d in test for s in d.sentences]
    tagged = load_model("en").tag_words([s.words for s in sents])
    tp = n_gold = 0
    for s, d in zip(sents, tagged, strict=True):
        tp += len({(e.start, e.end, e.label_) for e in d.ents} & set(s.spans))
        n_gold += len(s.spans)
    assert tp / n_gold >= 0.33, tp / n_gold
