"""Name keys: acronym fitting, case forms, genitive base forms, country codes and name shape.

The names are invented or general lexicon words (countries, institutions); the rules are general.
"""

from __future__ import annotations

import pytest

from lagebild.link.generic import GenericName, generic_name, host, is_bare_generic, is_fragment
from lagebild.link.variants import (
    acronym_fits,
    base_form,
    case_key,
    is_name_shaped,
    name_tokens,
    spelling_key,
    territory_code,
)


@pytest.mark.parametrize(("acr", "name"), [
    ("NEF", "Nordisches Energieforum"),
    ("WGO", "Weltgesundheitsorganisation"),
    ("ÖFB", "Österreichischer Fischereibund"),
    ("OSZE", "Organisation für Sicherheit und Zusammenarbeit in Europa"),
    ("BKA", "Bundeskriminalamt"),
])
def test_acronym_fits_its_full_name(acr: str, name: str) -> None:
    assert acronym_fits(acr, name)


@pytest.mark.parametrize(("acr", "name"), [
    ("SPD", "Renate Kowalski"),  # a party after a person's name is no abbreviation of it
    ("ÖVP", "Christian Brekow"),
    ("EKD", "Deutschland"),
    ("USA", "Anton Brekow"),
    ("NEF", "Nordisches Energie"),  # the F is missing
    ("NEF", "NEF"),
])
def test_acronym_does_not_fit_other_names(acr: str, name: str) -> None:
    assert not acronym_fits(acr, name)


@pytest.mark.parametrize(("a", "b"), [
    ("Europäischen Union", "Europäische Union"),
    ("Roten Kreuzes", "Rotes Kreuz"),
    ("Niederlanden", "Niederlande"),
    ("Olympischen Spielen", "Olympische Spiele"),
    ("Nordischen Energieforums", "Nordisches Energieforum"),
])
def test_case_forms_share_a_case_key(a: str, b: str) -> None:
    assert case_key(a) == case_key(b)


@pytest.mark.parametrize(("a", "b"), [("Times", "Time"), ("Bayern", "Bayer"), ("Iran", "Ira")])
def test_short_words_keep_their_final_letters(a: str, b: str) -> None:
    assert case_key(a) != case_key(b)


@pytest.mark.parametrize(("inflected", "base"), [
    ("Frankreichs", "Frankreich"),
    ("Balkankriegs", "Balkankrieg"),
    ("Balkankrieges", "Balkankrieg"),
    ("Westlichen Handelsforums", "Westlichen Handelsforum"),
    ("Fernen Ostens", "Fernen Osten"),  # lexicon stem "ost" + inflection
    ("Paris", "Paris"),  # no genitive: "Pari" is no country and no lexicon noun
    ("Brekows", "Brekows"),  # unknown words are left alone (the document may know the stem)
])
def test_base_form_removes_a_genitive_the_lexicon_knows(inflected: str, base: str) -> None:
    assert base_form(inflected) == base


def test_country_codes_include_initials_not_old_codes() -> None:
    assert territory_code("UK") == territory_code("Vereinigtes Königreich") == "GB"
    assert territory_code("Vereinigten Staaten") == territory_code("USA") == "US"
    assert territory_code("DDR") is None  # an old state, not today's Germany
    assert territory_code("Trayvon Kowalski") is None


def test_dotted_initials_are_one_token() -> None:
    assert name_tokens("U.S. Air Force") == ["us", "air", "force"]
    assert spelling_key("U.S. Air Force") == spelling_key("US Air Force")


def test_name_shape() -> None:
    assert is_name_shaped("Ludwig van Brekow") and is_name_shaped("Park Sung-ho")
    assert not is_name_shaped("Fans for Brekow") and not is_name_shaped("Lina by Lina Osterhaus")


@pytest.mark.parametrize(("name", "lang", "key", "place"), [
    ("Oberster Gerichtshof", "de", "oberst gerichtshof", None),
    ("Obersten Gerichtshofs", "de", "oberst gerichtshof", None),  # case forms share the key
    ("Demokratischen Partei", "de", "demokratish partei", None),
    ("Außenministerium", "de", "ausenministerium", None),  # compound of prefixes + head
    ("Oberster Gerichtshof der USA", "de", "oberst gerichtshof", "US"),  # country in the name
    ("US Air Force", "en", "air force", "US"),
])
def test_generic_institution_names(name: str, lang: str, key: str, place: str | None) -> None:
    assert generic_name(name, lang) == GenericName(key, place)


@pytest.mark.parametrize(("name", "lang"), [
    ("Europäische Kommission", "de"),  # a modifier naming a place or people makes a name specific
    ("Serbischen Radikalen Partei", "de"),
    ("Internationaler Strafgerichtshof", "de"),
    ("Partei Bibeltreuer Christen", "de"),
    ("Senate", "en"),  # a capitalised word in English is a name
    ("Bank", "en"),
    ("OGH", "de"),
    ("Nordbank", "de"),  # "nord" is no prefix of the lexicon
])
def test_specific_names_are_not_generic(name: str, lang: str) -> None:
    assert generic_name(name, lang) is None


def test_bare_generic_nouns_and_hosts() -> None:
    assert is_bare_generic("Nachrichtenagentur", "de") and is_bare_generic("Regierung", "de")
    assert is_bare_generic("Nachrichten Agentur", "de")
    assert not is_bare_generic("Außenministerium", "de")  # a compound: a generic name (linked with its place), not a bare noun
    assert not is_bare_generic("Government", "en")
    assert is_bare_generic("Rats", "de") and not is_bare_generic("Marines", "de")  # an English plural is no German form
    assert is_fragment("Nord-") and not is_fragment("Zentrum für Luft-") and not is_fragment("Nord")
    assert host("www.nordfunk.at") == host("nordfunk.at") == "nordfunk.at"
    assert host("fm4.nordfunk.at") == "fm4.nordfunk.at"
    assert host("St.Gallen") is None and host("U.S.") is None
