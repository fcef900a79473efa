"""Name keys: acronym fitting, case forms, genitive base forms, country codes and name shape.

The names are invented or general lexicon words (countries, institutions); the rules are general.
"""

from __future__ import annotations

import pytest

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
