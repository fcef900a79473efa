import pytest

from lagebild.ingest.dates import BYLINE, date_line, lead_date, parse_date_string


@pytest.mark.parametrize("value,expected,gran", [
    ("2023-09", "2023-09", "month"),
    ("2023", "2023", "year"),
    ("2023-09-11", "2023-09-11", "day"),
    ("2024-06-12T08:15:00+02:00", "2024-06-12T08:15", "minute"),
    ("Mon, 11 Sep 2023 13:30:00 GMT", "2023-09-11T13:30", "minute"),
    ("11.09.2023, 13:30 Uhr", "2023-09-11T13:30", "minute"),
    ("12. Juni 2024", "2024-06-12", "day"),
    ("Sept. 11, 2023", "2023-09-11", "day"),
    ("März 2024", "2024-03", "month"),
])
def test_parse_date_string(value, expected, gran):
    pub = parse_date_string(value)
    assert pub is not None and (pub.value, pub.granularity) == (expected, gran)


def test_unreadable_dates():
    assert parse_date_string("gestern") is None
    assert parse_date_string("31.02.2023") is None


def test_date_lines_only_when_the_line_is_a_date():
    assert date_line("Stand: 11.09.2023 13:30 Uhr").value == "2023-09-11T13:30"
    assert date_line("Montag, 12. Juni 2024").value == "2024-06-12"
    assert date_line("Der Preis lag am 11.09.2023 bei fünf Euro") is None


def test_byline_and_lead():
    m = BYLINE.match("Von dpa | 11.09.2023, 13:30 Uhr")
    assert m and m.group("who") == "dpa"
    pub = lead_date("Der Minister ist am Montag (11.09.2023) nach Paris gereist.")
    assert pub.value == "2023-09-11" and pub.origin == "lead"
    assert lead_date("Der Minister ist am Montag nach Paris gereist.") is None
