from lagebild.annotate.language import identify, language_stage
from lagebild.model import Article, Source


def test_identifies_german_and_english():
    assert identify("Der Bundestag hat am Donnerstag über den Haushalt beraten und abgestimmt.")[0] == "de"
    assert identify("The parliament debated the budget on Thursday and voted on it.")[0] == "en"


def test_unsure_falls_back_to_default():
    lang, score = identify("12345 !!! ???", default="de")
    assert lang == "de" and score < 0.5


def test_given_language_is_kept_and_normalised():
    art = Article(source=Source("s", "jsonl", "h"), raw="", text="Hello there", language="EN-gb")
    assert language_stage(art).language == "en"
