"""The message catalogue: complete in both languages, plurals, numbers, language choice, Jinja."""

from __future__ import annotations

import re

from jinja2 import Environment

from lagebild import i18n
from lagebild.i18n import format_number, negotiate, outlet_label, t

PARAM = re.compile(r"\{(\w+)\}")


def forms(entry: str | dict[str, str]) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def test_catalogues_have_the_same_keys_forms_and_placeholders() -> None:
    de, en = i18n.CATALOGUES["de"], i18n.CATALOGUES["en"]
    assert set(de) == set(en)
    for key in de:
        assert type(de[key]) is type(en[key]), key
        if isinstance(de[key], dict):
            assert set(de[key]) == set(en[key]) == {"one", "other"}, key
        want = {p for f in forms(de[key]) for p in PARAM.findall(f)}
        assert want == {p for f in forms(en[key]) for p in PARAM.findall(f)}, key
        assert all(f.strip() for f in forms(de[key]) + forms(en[key])), key


def test_plurals_and_numbers() -> None:
    assert t("count.stories", "de", n=1) == "1 Thema"
    assert t("count.stories", "de", n=2) == "2 Themen"
    assert t("count.stories", "en", n=1) == "1 story"
    assert t("count.stories", "en", n=0) == "0 stories"
    assert t("count.articles", "de", n=1234) == "1.234 Artikel"
    assert t("count.articles", "en", n=1234) == "1,234 articles"
    assert format_number(0.25, "de", 2) == "0,25" and format_number(1234.5, "en") == "1,234.5"
    assert format_number("x", "de") == "x"


def test_fallbacks_and_user_text_is_not_a_format_string() -> None:
    assert t("no.such.key", "de") == "no.such.key"
    assert t("story.briefing", "fr") == "Kurzfassung"  # unknown language: German
    assert t("story.briefing", "en-GB") == "Briefing"
    assert t("error.title", "de", status="{status} {0} {__class__}") == "Fehler {status} {0} {__class__}"
    assert t("error.title", "de") == "Fehler {status}"  # a missing parameter stays visible


def test_negotiate() -> None:
    assert negotiate(None) == "de"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("fr-FR,fr;q=0.9,en;q=0.8,de;q=0.7") == "en"
    assert negotiate("fr, de;q=0.5, en;q=0.6") == "en"
    assert negotiate("en;q=0.5, de") == "de"
    assert negotiate("en;q=0, *") == "de"
    assert negotiate("en", setting="de") == "de"  # a setting beats the browser
    assert negotiate("de", setting="en") == "en"
    assert negotiate("en", setting="") == "en"
    assert negotiate(";;;q=abc,,,en;q=x") in ("de", "en")
    assert negotiate("de", setting="de", explicit="en") == "en"  # ?lang=en beats all
    assert negotiate("en", explicit="fr") == "en"  # not ours: ignored


def test_untitled_articles_are_named_by_their_words() -> None:
    from lagebild.i18n import article_title

    assert article_title(" Streik im Hafen ") == "Streik im Hafen"
    assert article_title(None, "Die Hafenarbeiter in Hamburg haben am Montag die Arbeit niedergelegt und "
                               "fordern mehr Lohn.") == "Die Hafenarbeiter in Hamburg haben am Montag die Arbeit niedergelegt …"
    assert article_title("", "Kurz.") == "Kurz."
    assert article_title(None, None, "en") == "(untitled)"


def test_outlets_are_never_file_names() -> None:
    assert outlet_label(None) == "unbekannte Quelle"
    assert outlet_label("", "en") == "unknown outlet"
    assert outlet_label("de_2025-09-04_warnstreik.txt") == "unbekannte Quelle"
    assert outlet_label("examples/corpus/x") == "unbekannte Quelle"
    assert outlet_label("  dpa ") == "dpa" and outlet_label("Spiegel.de") == "Spiegel.de"


def test_jinja_templates_get_t_and_filters() -> None:
    env = Environment(autoescape=True)
    i18n.install(env)
    tpl = env.from_string("{{ t('count.outlets', n=n) }} · {{ day|hdate }} · {{ o|outlet }} · {{ 'PER'|etype }}"
                          " · {{ 'en'|langname }} · {{ 12345|num }}")
    assert tpl.render(lang="de", n=2, day="2023-W36", o=None) == \
        "2 Quellen · KW 36/2023 · unbekannte Quelle · Person · Englisch · 12.345"
    assert tpl.render(lang="en", n=1, day="2023-SU", o="dpa") == "1 outlet · summer 2023 · dpa · person · English · 12,345"
    from datetime import UTC, datetime

    now = datetime(2025, 9, 24, 12, tzinfo=UTC)
    assert env.from_string("{{ d|hage(now) }} {{ d|hdate(short=true) }}").render(lang="de", d="2025-09-23", now=now) == \
        "gestern 23. Sep. 2025"
    assert env.from_string("{{ t('story.cite_title', n=1, outlet=o, title='x') }}").render(o="<b>") == \
        "Quelle 1: &lt;b&gt;, x"  # autoescaped like any other output
