import pytest

from lagebild.annotate.sentences import split_sentences


def _split(text: str, lang: str = "de") -> list[str]:
    return [s.text_of(text) for s in split_sentences(text, lang)]


@pytest.mark.parametrize("text,expected", [
    ("Am 11.09.2023 kam er an. Dann ging er.", ["Am 11.09.2023 kam er an.", "Dann ging er."]),
    ("Das Forum läuft vom 10. bis 13. September. Kim reist z.B. mit dem Zug.",
     ["Das Forum läuft vom 10. bis 13. September.", "Kim reist z.B. mit dem Zug."]),
    ("Sie feierten den 70. Jahrestag des Kriegsendes. Er starb 2019. Danach sprach Dr. Müller.",
     ["Sie feierten den 70. Jahrestag des Kriegsendes.", "Er starb 2019.", "Danach sprach Dr. Müller."]),
    ("Er sagte: „Wir kommen.“ Dann ging er.", ["Er sagte: „Wir kommen.“", "Dann ging er."]),
    ("»Wir sind bereit«, sagte sie. Die Lage sei ernst.", ["»Wir sind bereit«, sagte sie.", "Die Lage sei ernst."]),
    ("„Wir bereiten uns vor“, sagte eine Quelle. Es ist unklar, d.h. offen.",
     ["„Wir bereiten uns vor“, sagte eine Quelle.", "Es ist unklar, d.h. offen."]),
    ("Wirklich? Ja! Gut.", ["Wirklich?", "Ja!", "Gut."]),
])
def test_german(text, expected):
    assert _split(text) == expected


def test_english_abbreviations():
    assert _split("Mr. Smith met Gen. Lee in the U.S. capital. They talked.", "en") == [
        "Mr. Smith met Gen. Lee in the U.S. capital.", "They talked."]


def test_lines_and_paragraphs():
    text = "Überschrift ohne Punkt\n\nErster Absatz. Zweiter Satz.\nNeue Zeile als Absatz."
    assert _split(text) == ["Überschrift ohne Punkt", "Erster Absatz.", "Zweiter Satz.", "Neue Zeile als Absatz."]
    wrapped = "Der Satz ist hart\numbrochen und geht weiter."
    assert _split(wrapped) == [wrapped]


def test_offsets_point_into_text():
    text = "  Eins ist gut.   Zwei auch.  "
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["Eins ist gut.", "Zwei auch."]
