from lagebild.ingest.clean import clean_text, make_clean_stage, truncate
from lagebild.ingest.limits import MAX_SYMBOL_RUN, MAX_WORD_CHARS, guard_runs
from lagebild.model import Article, Source

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


# --- pathological runs and overlong texts (issue 19) -----------------------------------------------


def _article(text: str) -> Article:
    return Article(source=Source("t", "text", "h"), raw=text, text=text)


def test_runs_of_punctuation_and_overlong_words_are_cut_as_debris():
    text = "Kurzer Titel der Meldung\n\nText. " + "<" * 5000 + " Mitte " + "(!" * 300 + " Ende " + "ab" * 400
    art = make_clean_stage()(_article(text))
    assert "<" * MAX_SYMBOL_RUN in art.text and "<" * (MAX_SYMBOL_RUN + 1) not in art.text
    assert "ab" * (MAX_WORD_CHARS // 2) in art.text and "ab" * (MAX_WORD_CHARS // 2 + 1) not in art.text
    assert art.text.startswith("Text.") and " Mitte " in art.text and " Ende " in art.text
    cuts = [d for d in art.debris if d.reason in ("punctuation run", "overlong word")]
    assert [d.reason for d in cuts] == ["punctuation run", "punctuation run", "overlong word"]
    for d in cuts:  # offsets into the text as extracted; the excerpt says how much went
        assert text[d.start : d.end].startswith(d.text.split("…")[0])
    assert sum(d.end - d.start for d in cuts) == len(text) - len(art.text) - len("Kurzer Titel der Meldung\n\n")
    assert any("pathological run(s) cut" in w for w in art.source.warnings)
    title = next(d for d in art.debris if d.reason == "title")
    assert (title.start, title.end) == (0, 24)


def test_debris_offsets_after_a_cut_point_to_the_input():
    text = "Text. " + "%" * 100 + "\n\nDer Absatz läuft weiter.\nNoch keine Kommentare\n"
    art = make_clean_stage()(_article(text))
    counter = next(d for d in art.debris if d.reason == "comment counter")
    assert text[counter.start : counter.end] == "Noch keine Kommentare"


def test_guard_offsets_map_back():
    text = "a " + "?" * 40 + "b" + "x" * 600 + " c"
    g = guard_runs(text)
    for i, ch in enumerate(g.text):
        assert text[g.original(i)] == ch


def test_ordinary_text_is_untouched():
    text = "Am 11.09.2023 (Montag) sagte er: „Das ist – na ja – ein Anfang…“?! Siehe https://example.org/a/b?c=d&e=f."
    assert guard_runs(text).text == text and not guard_runs(text).debris


def test_text_over_max_text_chars_is_cut_at_a_paragraph_with_a_warning():
    para = "Ein Satz der sich wiederholt. " * 30
    text = "\n\n".join([para] * 20)
    art = make_clean_stage(max_text_chars=5000)(_article(text))
    assert len(art.text) <= 5000 and art.text.endswith(".")
    [cut] = [d for d in art.debris if d.reason == "text over max_text_chars"]
    assert cut.end == len(text) and text[cut.start:].startswith("\n\n")
    assert any("setting max_text_chars" in w for w in art.source.warnings)
    assert truncate("a" * 95 + " " + "b" * 10, 100)[0] == "a" * 95  # a space within the last 10 %
    assert truncate("a" * 80 + " " + "b" * 30, 100)[0] == ("a" * 80 + " " + "b" * 30)[:100]  # none: hard cut
    assert truncate("abc", 5) == ("abc", None)
