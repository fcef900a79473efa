"""TIMEX3 values and ISO timestamps in German and English words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lagebild.humandate import human_age, human_date

CASES = [
    ("2023-09-11", "11. September 2023", "11 September 2023"),
    ("2023-09", "September 2023", "September 2023"),
    ("2023", "2023", "2023"),
    ("2023-SU", "Sommer 2023", "summer 2023"),
    ("2023-WI", "Winter 2023", "winter 2023"),
    ("2023-W36", "KW 36/2023", "week 36, 2023"),
    ("2023-W05-WE", "Wochenende KW 5/2023", "weekend of week 5, 2023"),
    ("2023-Q3", "3. Quartal 2023", "Q3 2023"),
    ("2024-H1", "1. Halbjahr 2024", "H1 2024"),
    ("198X", "1980er Jahre", "the 1980s"),
    ("19", "20. Jahrhundert", "the 20th century"),
    ("2023-09-11T13:30:00+02:00", "11. September 2023, 13:30", "11 September 2023, 13:30"),
    ("2023-09-11T08:05", "11. September 2023, 08:05", "11 September 2023, 08:05"),
    ("2023-09-11TEV", "11. September 2023, abends", "11 September 2023, evening"),
    ("XXXX-03-14", "14. März", "14 March"),
    ("PRESENT_REF", "jetzt", "now"),
    ("P3D", "3 Tage", "3 days"),
    ("P1W", "1 Woche", "1 week"),
    ("PT30M", "30 Minuten", "30 minutes"),
    ("PXY", "einige Jahre", "several years"),
]


@pytest.mark.parametrize(("value", "de", "en"), CASES)
def test_words(value: str, de: str, en: str) -> None:
    assert human_date(value) == de
    assert human_date(value, "de-AT") == de
    assert human_date(value, "en") == en


def test_short_mods_and_unreadable_values() -> None:
    assert human_date("2023-09-11", short=True) == "11. Sep. 2023"
    assert human_date("2023-03", "en", short=True) == "Mar 2023"
    assert human_date("2023-09-11", mod="BEFORE") == "vor dem 11. September 2023"
    assert human_date("2023-09", mod="START") == "Anfang September 2023"
    assert human_date("2023-09", "en", mod="MID") == "mid-September 2023"
    assert human_date("P3D", mod="MORE_THAN") == "mehr als 3 Tage"
    assert human_date("2023-09", mod="NONSENSE") == "September 2023"
    for odd in ("2023-13-01", "2023-02-45", "garbage", "2023-W", "P", "<script>"):
        assert human_date(odd) == odd  # never hidden, never an error
    assert human_date(None) == "unbekanntes Datum" and human_date("", "en") == "unknown date"


def test_ages() -> None:
    now = datetime(2025, 9, 24, 15, 0, tzinfo=UTC)
    assert human_age("2025-09-24T14:59:40+00:00", now) == "gerade eben"
    assert human_age("2025-09-24T14:30:00Z", now) == "vor 30 Minuten"
    assert human_age("2025-09-24T12:00:00+00:00", now, "en") == "3 hours ago"
    assert human_age("2025-09-24T13:59:00+00:00", now) == "vor 1 Stunde"
    assert human_age("2025-09-24", now) == "heute"
    assert human_age("2025-09-23", now) == "gestern"
    assert human_age("2025-09-21", now, "en") == "3 days ago"
    assert human_age("2025-09-01", now) == "1. Sep. 2025"  # older: the date
    assert human_age("2025-10-01", now) == "1. Okt. 2025"  # the future: the date
    assert human_age("2025-W36", now) == "KW 36/2025" and human_age(None, now) == "unbekanntes Datum"
