from lagebild.ingest.clean import clean_text

ARTICLE = """Ein Angebot des Musterverlags

Stadtrat beschließt neuen Radweg am Hafen

Von dpa | 14.03.2025, 09:45 Uhr

Der Stadtrat hat am Dienstag einen neuen Radweg beschlossen. Das teilte die Stadt mit.

Foto: dpa © Max Muster



Die Arbeiten sollen im Mai beginnen. Mehr zum Thema - Radwege in der Region
Noch keine Kommentare
"""


def test_debris_metadata_and_title():
    c = clean_text(ARTICLE)
    assert c.title == "Stadtrat beschließt neuen Radweg am Hafen"
    assert c.published.value == "2025-03-14T09:45" and c.published.origin == "byline"
    assert c.byline == "dpa"
    assert c.text == ("Der Stadtrat hat am Dienstag einen neuen Radweg beschlossen. Das teilte die Stadt mit.\n\n"
                      "Die Arbeiten sollen im Mai beginnen.")
    reasons = [d.reason for d in c.debris]
    for r in ("publisher promo", "title", "byline", "photo credit", "blank lines", "teaser headline",
              "comment counter"):
        assert r in reasons, r
    for d in c.debris:  # debris offsets point into the text as it came in
        assert ARTICLE[d.start:d.end] == d.text


def test_header_prefix_and_date_line():
    c = clean_text(" date 2023-09 Der Text beginnt in derselben Zeile und geht weiter.")
    assert c.published.value == "2023-09" and c.published.granularity == "month"
    assert c.text.startswith("Der Text beginnt")
    c = clean_text("12. Juni 2024\nGipfel in der Hauptstadt geplant\nDer Gipfel soll bald stattfinden.")
    assert c.published.value == "2024-06-12" and c.title == "Gipfel in der Hauptstadt geplant"


def test_no_title_when_first_line_is_a_sentence():
    c = clean_text("Der Minister ist am Montag (11.09.2023) abgereist.\nEr kommt am Freitag zurück.")
    assert c.title is None and c.published.value == "2023-09-11" and c.published.origin == "lead"


def test_long_lines_are_never_debris():
    para = "Quelle: " + "ein sehr langer Absatz über die Quellenlage dpa " * 10
    assert clean_text(para).text == para.strip()


def test_seeds(seeds):
    expected = {"000": ("2023-09", "month"), "002": ("2023-09-11", "day"),
                "003": ("2023-09-11T13:30", "minute"), "004": ("2024-06-12", "day")}
    for path in sorted(seeds.glob("*.txt")):
        c = clean_text(path.read_text(encoding="utf-8"))
        key = path.name[:3]
        if key in expected:
            assert (c.published.value, c.published.granularity) == expected[key], path.name
        if key == "001":
            assert {d.reason for d in c.debris} >= {"photo credit", "teaser headline"}
            assert "Mehr zum Thema" not in c.text and "©" not in c.text
        if key == "003":
            assert {d.reason for d in c.debris} >= {"publisher promo", "byline", "comment counter"}
            assert "Noch keine Kommentare" not in c.text and "Ein Angebot" not in c.text


def test_short_photo_credit_and_repeated_title():
    c = clean_text("Streik im Hafen\nDer Hafen steht still, sagte die Gewerkschaft.\nFoto: Musterfirma AG",
                   known_title="Streik  im Hafen")
    assert c.text == "Der Hafen steht still, sagte die Gewerkschaft."
    assert [d.reason for d in c.debris] == ["title repeated", "photo credit"]
