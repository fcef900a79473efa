"""TIMEX3 tagging and normalisation: German and English rule families, tense, anchoring, seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.annotate.timex import infer_publication_date, tag_timexes, timex_stage
from lagebild.model import Article, PubDate, Source

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def tags(text: str, lang: str = "de", dct: PubDate | str | None = "2023-09-11",
         **kw: bool) -> dict[str, tuple[str, str, str | None]]:
    """surface -> (type, value, mod)"""
    return {text[s.start:s.end]: (s.label, s.attrs["value"], s.attrs.get("mod"))
            for s in tag_timexes(text, lang, dct, **kw)}


def value(text: str, surface: str, lang: str = "de", dct: PubDate | str | None = "2023-09-11",
          **kw: bool) -> str:
    found = tags(text, lang, dct, **kw)
    assert surface in found, f"{surface!r} not tagged in {text!r}: {found}"
    return found[surface][1]


# --- German: explicit dates -------------------------------------------------------------------
def test_de_numeric_date_vs_numbers() -> None:
    assert value("Er reiste am 11.09.2023 ab.", "11.09.2023") == "2023-09-11"
    assert tags("Es kamen 1.000.000 Menschen und 3.5 Prozent.") == {}
    assert tags("Er zahlte 1500 Euro und 2000 Soldaten marschierten.") == {}


def test_de_day_month_year_and_year_less() -> None:
    assert value("am 25. Juni 1950 begann", "25. Juni 1950") == "1950-06-25"
    assert value("Das Treffen am 10. Oktober soll stattfinden.", "10. Oktober") == "2023-10-10"
    assert value("im April 2019 reiste er", "April 2019") == "2019-04"


def test_de_month_name_vs_person_name() -> None:
    assert value("Die Wahl fand im Mai statt.", "Mai") == "2023-05"
    assert tags("Der Trainer Thomas Mai sagte nichts.") == {}
    assert tags("August Bebel sprach.") == {}


def test_de_year_month_tense() -> None:
    dct = "2024-06-12"
    assert value("Sie trafen sich im September.", "September", dct=dct) == "2023-09"
    assert value("Er wird im September reisen.", "September", dct=dct) == "2024-09"
    assert value("Im März wird gewählt.", "März", dct=dct) == "2025-03"


def test_de_decades_centuries_modifiers() -> None:
    assert value("in den 1990er Jahren wuchs", "1990er Jahren") == "199"
    assert value("im 20. Jahrhundert", "20. Jahrhundert") == "19"
    found = tags("seit Anfang 2020 und Mitte der 1990er Jahre")
    assert found["Anfang 2020"] == ("DATE", "2020", "START")
    assert found["Mitte der 1990er Jahre"] == ("DATE", "199", "MID")
    assert value("Ende März kam er", "Ende März") == "2023-03"


def test_de_ranges_give_both_ends() -> None:
    spans = tag_timexes("das vom 10. bis 13. September stattfinden soll", "de", "2023-09")
    assert [(s.attrs["value"], s.attrs["range"]) for s in spans] == [
        ("2023-09-10", "begin"), ("2023-09-13", "end")]


# --- German: relative expressions -------------------------------------------------------------
def test_de_relative_units() -> None:
    d = "2024-06-12"
    assert value("Er kommt nächste Woche.", "nächste Woche", dct=d) == "2024-W25"
    assert value("Letzte Woche war es kalt.", "Letzte Woche", dct=d) == "2024-W23"
    assert value("im September letzten Jahres", "September letzten Jahres", dct=d) == "2023-09"
    assert value("im vergangenen Jahr", "vergangenen Jahr", dct=d) == "2023"
    assert value("Anfang dieses Monats", "Anfang dieses Monats", dct=d) == "2024-06"


def test_de_weekday_tense() -> None:
    d = "2023-09-13"  # a Wednesday
    assert value("Der Kreml teilte am Montag mit, dass", "Montag", dct=d) == "2023-09-11"
    assert value("Am Montag soll das Treffen stattfinden.", "Montag", dct=d) == "2023-09-18"
    assert value("Das Forum dauert noch bis Freitag.", "Freitag", dct=d) == "2023-09-15"
    assert value("Seit Sonntag gilt die Regel.", "Sonntag", dct=d) == "2023-09-10"


def test_de_refs_and_dayparts() -> None:
    assert tags("Putin reiste heute Morgen ab.")["heute Morgen"] == ("TIME", "2023-09-11TMO",
                                                                     None)
    assert value("gestern Abend", "gestern Abend") == "2023-09-10TEV"
    assert value("Er kommt morgen.", "morgen") == "2023-09-12"
    assert value("Der Besuch soll in den kommenden Tagen stattfinden.",
                 "kommenden Tagen") == "FUTURE_REF"
    assert value("In den letzten Wochen gab es Tests.", "letzten Wochen") == "PAST_REF"
    assert value("Derzeit ist unklar, wann.", "Derzeit") == "PRESENT_REF"


def test_de_offsets_and_anchor_to_text() -> None:
    assert value("vor drei Jahren", "vor drei Jahren") == "2020"
    text = "Am 4. Oktober 2007 trafen sie sich. Zwei Tage später reiste er ab."
    found = {text[s.start:s.end]: s.attrs for s in tag_timexes(text, "de", "2023-09-11")}
    assert found["Zwei Tage später"]["value"] == "2007-10-06"
    assert found["Zwei Tage später"]["anchor"] == "text"
    assert value("Am 25. April 2019 kam er an, am 26. April reiste er ab.",
                 "26. April") == "2019-04-26"


def test_de_durations() -> None:
    assert tags("das sich seit 70 Jahren im Krieg befindet")["70 Jahren"] == (
        "DURATION", "P70Y", None)
    assert value("im August 2011, vier Monate vor seinem Tod", "vier Monate") == "P4M"
    assert tags("der rund 20 Stunden brauchte")["rund 20 Stunden"] == ("DURATION", "PT20H",
                                                                      "APPROX")
    assert value("eine zweitägige Reise", "zweitägige") == "P2D"
    assert value("anderthalb Jahre", "anderthalb Jahre") == "P1Y6M"
    assert value("nach anderthalbstündigem Kampf", "anderthalbstündigem") == "PT1H30M"


def test_de_times_and_sets() -> None:
    assert tags("Um 13:30 Uhr begann es.")["13:30 Uhr"] == ("TIME", "2023-09-11T13:30", None)
    assert value("Von dpa | 11.09.2023, 13:30 Uhr", "11.09.2023, 13:30 Uhr") == "2023-09-11T13:30"
    assert tags("zwei Millionen Granaten pro Jahr")["pro Jahr"] == ("SET", "P1Y", None)
    assert tags("am jährlichen Forum")["jährlichen"] == ("SET", "P1Y", None)
    assert tags("Er kommt montags.")["montags"] == ("SET", "XXXX-WXX-1", None)


def test_de_clock_details() -> None:
    assert value("Bereits am 8. Mai um 23:00 Uhr mitteleuropäischer Zeit trat sie in Kraft.",
                 "8. Mai um 23:00 Uhr mitteleuropäischer Zeit",
                 dct="1945-05-01") == "1945-05-08T23:00+01"
    assert value("Ab 11. November 1918 11 Uhr schwiegen die Waffen.",
                 "11. November 1918 11 Uhr") == "1918-11-11T11:00"
    assert value("Am 17. Juli 1789 morgens verließ er", "17. Juli 1789 morgens") == "1789-07-17TMO"
    assert value("Es begann um 4 Uhr 45.", "4 Uhr 45") == "2023-09-11T04:45"
    found = tags("in der Nacht vom 8. Februar auf den 9. Februar 1904. Die", dct=None)
    assert found["Nacht vom 8. Februar"][1] == "1904-02-08TNI"
    assert value("Am 3. Mai 1917 kam er. Eine Woche später ging er.",
                 "Eine Woche später") == "1917-05-10"


def test_de_clock_time_takes_nearby_day() -> None:
    text = "Die Rakete hob am 24. März um genau 22:30 Uhr GMT ab."
    assert value(text, "22:30 Uhr GMT", dct="2006-03-27") == "2006-03-24T22:30Z"


def test_de_weekday_with_separate_daypart_and_race_times() -> None:
    found = tags("Der Brand ist am Samstag Abend um circa 19:20 Uhr ausgebrochen.",
                 dct="2008-02-11")
    assert found["Samstag Abend"][1] == "2008-02-09TEV"
    assert found["19:20 Uhr"][1] == "2008-02-09T19:20"
    assert tags("mit einem Rückstand von 1:01 Minuten", dct="2008-02-11") == {}


def test_de_weekday_names_the_date() -> None:
    found = tags("Für morgen (Mittwoch) ist eine Demonstration geplant.", dct="2009-04-07")
    assert found["Mittwoch"][1] == "2009-04-08"
    # the weekday picks the year of a year-less date
    assert value("Am Freitag, den 16. September kam er.", "Freitag, den 16. September",
                 dct="2006-04-07") == "2005-09-16"


def test_de_month_granular_dct() -> None:
    d = PubDate("2023-09", "month", "metadata")
    assert value("berichteten am Montag", "Montag", dct=d) == "2023-09"
    assert value("diesen Monat", "diesen Monat", dct=d) == "2023-09"
    assert value("letztes Jahr", "letztes Jahr", dct=d) == "2022"


def test_de_narrative_anchors_to_last_date() -> None:
    text = "Der Krieg begann 1950. Im Juli eroberten sie die Stadt. Am 27. Juli war es vorbei."
    found = tags(text, dct="2011-02-16", narrative=True)
    assert found["Juli"][1] == "1950-07"
    assert found["27. Juli"][1] == "1950-07-27"


def test_de_narrative_side_references_keep_running_date() -> None:
    text = ("Am 28. Oktober 1940 griffen Verbände von dem seit 1939 besetzten Albanien aus an. "
            "Am 3. November begann der Gegenangriff.")
    assert value(text, "3. November", dct="2011-02-16", narrative=True) == "1940-11-03"
    text = ("Im Juni 1914 fiel der Schuss. Beim Kriegsrat vom 8. Dezember 1912 war es erwogen "
            "worden (geboren 1890). Am 27. Juli kam die Antwort.")
    assert value(text, "27. Juli", dct="2011-02-16", narrative=True) == "1914-07-27"
    # a look back to an earlier year does not move the story's year
    text = "Der Krieg 1863 begann. Wie im letzten Jahr kam es im Oktober zum Kampf."
    found = tags(text, dct="2011-02-16", narrative=True)
    assert found["letzten Jahr"][1] == "1862" and found["Oktober"][1] == "1863-10"
    # a span of years opens a section about its first year
    text = "Westfront 1944/1945\n\nIm Juni landeten die Alliierten."
    assert value(text, "Juni", dct="2011-02-16", narrative=True) == "1944-06"


def test_de_bc_narrative() -> None:
    text = ("Im Jahr 218 v. Chr. zog Hannibal über die Alpen. Im Dezember traf er auf die Römer. "
            "Ein Jahr später siegte er. Im Jahr 149 begann der letzte Krieg (264–260 v. Chr.).")
    found = tags(text, dct="2011-02-16", narrative=True)
    assert found["Dezember"][1] == "BC0218-12"
    assert found["Ein Jahr später"][1] == "BC0217"
    assert found["Jahr 149"][1] == "BC0149"
    assert found["264"][1] == "BC0264" and found["260 v. Chr."][1] == "BC0260"
    assert value("im Frühjahr 479 v. Chr.", "Frühjahr 479 v. Chr.", dct=None) == "BC0479-SP"
    assert tags("Er war im Jahr 38 dort.", dct=None) == {}


def test_de_year_ranges_and_of_the_year() -> None:
    found = tags("der Nordfeldzug 1926–28 und die Kämpfe 1930-34")
    assert found["28"][1] == "1928" and found["1930"][1] == "1930" and found["34"][1] == "1934"
    assert value("im Herbst des Jahres 1972", "Herbst des Jahres 1972") == "1972-FA"
    assert value("im April des Jahres 1918", "April des Jahres 1918") == "1918-04"
    assert value("des Frühsommers 1919", "Frühsommers 1919") == "1919-SU"


def test_de_nun_and_same_day_dayparts() -> None:
    assert value("Nun hat das Parlament entschieden.", "Nun") == "PRESENT_REF"
    assert "nun" not in tags("Im Jahr 1914 erklärte nun der Kaiser den Krieg.", narrative=True)
    text = "Am 1. August 1914 erklärte das Reich den Krieg. Am Abend desselben Tages rückten sie vor."
    assert value(text, "Abend desselben Tages", narrative=True) == "1914-08-01TEV"
    text = "Am 5. Oktober 1789 zogen sie los. Am darauffolgenden Vormittag drängten sie ins Schloss."
    assert value(text, "darauffolgenden Vormittag", narrative=True) == "1789-10-06TMO"
    assert value("Im Januar 1863 begann es. Im Laufe des Jahres wuchs es.", "Laufe des Jahres",
                 narrative=True) == "1863"


def test_de_quantity_is_no_year() -> None:
    assert tags("Die Armee griff mit 1500 Panzern und 3000 Flugzeugen an.") == {}
    assert value("Italien hatte 1882 Assab besetzt.", "1882") == "1882"
    assert value("Deutschland überfiel 1939 Polen.", "1939") == "1939"


def test_de_holidays() -> None:
    assert value("zu Weihnachten 1966 und danach", "Weihnachten 1966") == "1966-12-25"
    assert value("am Ersten Weihnachtstag 1776", "Ersten Weihnachtstag 1776") == "1776-12-25"
    assert value("am Neujahrstag 1863", "Neujahrstag 1863") == "1863-01-01"
    assert value("Ostern 2024", "Ostern 2024") == "2024-03-31"
    assert value("Er kam an Pfingsten.", "Pfingsten", dct="2024-06-01") == "2024-05-19"
    assert value("Bis Weihnachten soll es fertig sein.", "Weihnachten") == "2023-12-25"


def test_stage_assigns_timex_layer() -> None:
    art = Article(source=Source("x", "text", "h"), raw="", text="Am Montag kam er.",
                  language="de", published=PubDate("2023-09-13", "day", "metadata"))
    out = timex_stage(art)
    assert timex_stage.requires == ("text", "language", "published")
    assert timex_stage.assigns == ("timex",)
    assert out.layers["timex"][0].attrs["value"] == "2023-09-11"
    assert out.layers["timex"][0].attrs["rule"] == "weekday"


# --- seeds ------------------------------------------------------------------------------------
def _seed(prefix: str) -> str:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.exists() else []
    if not files:
        pytest.skip("seeds not available")
    return files[0].read_text(encoding="utf-8")


def test_seed_004() -> None:
    found = tags(_seed("004"), dct="2024-06-12")
    assert found["nächste Woche"][1] == "2024-W25"
    assert found["Mai"][1] == "2024-05"
    assert found["September letzten Jahres"][1] == "2023-09"
    assert found["12. Juni 2024"][1] == "2024-06-12"
    assert found["vergangenen Monat"][1] == "2024-05"


def test_seed_002() -> None:
    text = _seed("002")
    found = tags(text, dct="2023-09-11")
    assert found["Letzte Woche"][1] == "2023-W36"
    assert found["Mittwoch"][1] == "2023-09-13"
    assert "ab Mittwoch" in text
    assert found["Montag"][1] == "2023-09-11"
    assert found["heute Morgen"][1] == "2023-09-11TMO"
    assert found["Anfang 2020"][1:] == ("2020", "START")
    assert found["70 Jahren"][1] == "P70Y"
    assert found["diesem Sommer"][1] == "2023-SU"


def test_seed_003_lead() -> None:
    found = tags(_seed("003"), dct="2023-09-11")
    assert found["11.09.2023, 13:30 Uhr"][1] == "2023-09-11T13:30"
    assert found["kommenden Tagen"][1] == "FUTURE_REF"
    assert found["Sonntag"][1] == "2023-09-10"
    assert found["Mittwoch"][1] == "2023-09-13"


def test_seed_000_month_dct() -> None:
    spans = tag_timexes(_seed("000"), "de", PubDate("2023-09", "month", "metadata"))
    text = _seed("000")
    found = {text[s.start:s.end]: s.attrs["value"] for s in spans}
    assert found["diesen Monat"] == "2023-09"
    assert found["10."] == "2023-09-10" and found["13. September"] == "2023-09-13"
    assert found["Juli"] == "2023-07"
    assert found["letztes Jahr"] == "2022"


def test_seed_001_inferred_date() -> None:
    got = infer_publication_date(_seed("001"), "de")
    # 001 names no calendar date of its own; see the dating module for what can be inferred.
    assert got is None or got.origin == "inferred"


# --- English ----------------------------------------------------------------------------------
def test_en_dates_and_may() -> None:
    d = "2013-03-22"  # a Friday
    assert value("on March 22, 2013 the", "March 22, 2013", "en", d) == "2013-03-22"
    assert value("in May the talks", "May", "en", d) == "2013-05"
    assert tags("They may come back.", "en", d) == {}
    assert value("the 1990s were", "the 1990s", "en", d) == "199"


def test_en_relative_and_weekdays() -> None:
    d = "2013-03-22"
    assert value("said Tuesday that", "Tuesday", "en", d) == "2013-03-19"
    assert value("will meet on Tuesday", "Tuesday", "en", d) == "2013-03-26"
    assert value("were reported in the last week", "the last week", "en", d) == "2013-W11"
    assert value("two years ago", "two years ago", "en", d) == "2011"
    assert tags("early next year", "en", d)["early next year"] == ("DATE", "2014", "START")
    assert value("recently", "recently", "en", d) == "PAST_REF"


def test_en_durations_times_sets() -> None:
    d = "2013-03-22"
    assert value("for the past two months", "the past two months", "en", d) == "P2M"
    assert value("a 16-hour flight", "16-hour", "en", d) == "PT16H"
    assert value("at 10:30 a.m. local time", "10:30 a.m.", "en", d) == "2013-03-22T10:30"
    assert tags("the flu shot is given annually", "en", d)["annually"][1] == "P1Y"


def test_en_holidays_and_tense_words() -> None:
    assert value("He returned last Thanksgiving.", "last Thanksgiving", "en",
                 "2000-02-01") == "1999-11-25"
    assert value("on Easter Monday, 2019", "Easter Monday, 2019", "en") == "2019-04-22"
    assert value("on Christmas Eve", "Christmas Eve", "en", "2013-12-27") == "2013-12-24"
    # "next to" is a place, not the future
    assert value("the blast next to the embassy on Friday", "Friday", "en",
                 "1998-08-08") == "1998-08-07"


def test_en_day_ranges() -> None:
    spans = tag_timexes("The fair runs March 10-13, 2013 in Paris.", "en", "2013-01-01")
    assert [(s.attrs["value"], s.attrs["range"]) for s in spans] == [
        ("2013-03-10", "begin"), ("2013-03-13", "end")]
    spans = tag_timexes("from Oct. 9 to 12 the", "en", "2013-06-01")
    assert [s.attrs["value"] for s in spans] == ["2013-10-09", "2013-10-12"]


def test_de_night_ranges() -> None:
    found = tags("In der Nacht vom 16. auf den 17. April 1945 eroberten sie", dct=None)
    assert found["Nacht vom 16."] == ("TIME", "1945-04-16TNI", None)
    assert found["17. April 1945"][1] == "1945-04-17"


def test_en_reports_quarters_and_weekends() -> None:
    d = "1989-10-27"
    text = "Profit rose in the third quarter. Net income was $5 million a year ago."
    assert value(text, "a year ago", "en", d) == "1988-Q3"
    assert value("compared with the year-ago quarter", "the year-ago quarter", "en",
                 d) == "1988-Q3"
    assert value("Sales rose in the quarter.", "the quarter", "en", d) == "1989-Q3"
    text = "Profit fell in the second quarter. A strike began last spring. In the quarter, sales fell."
    assert value(text, "the quarter", "en", d) == "1989-Q2"
    assert value("The latest quarter was weak.", "The latest quarter", "en", d) == "1989-Q3"
    assert value("Talks went on over the weekend.", "the weekend", "en",
                 "1990-08-13") == "1990-W32-WE"
    assert value("the current weakness", "current", "en", d) == "PRESENT_REF"
    assert tags("a current account deficit", "en", d) == {}
    assert value("payable Dec. 7 to holders", "Dec. 7", "en", "1989-10-27") == "1989-12-07"


def test_en_weekday_tense_cues() -> None:
    d = "2000-01-15"  # a Saturday
    assert value("They will fight Wednesday's ruling.", "Wednesday", "en", d) == "2000-01-12"
    assert value("Talks are set to resume Monday in Belfast.", "Monday", "en", d) == "2000-01-17"
    assert value("He could come as soon as Tuesday.", "Tuesday", "en", d) == "2000-01-18"
    assert value("Two members had filed reports by Wednesday.", "Wednesday", "en",
                 d) == "2000-01-12"
    assert value("The deal must be signed by Wednesday.", "Wednesday", "en", d) == "2000-01-19"


def test_en_report_years_and_month_modifiers() -> None:
    d = "1989-10-27"
    assert value("revenue of $76 million for the year ended March 31", "the year", "en",
                 d) == "P1Y"
    assert value("Sales for the full year were $6.6 billion.", "the full year", "en",
                 d) == "1989"
    assert tags("complete the transaction by year-end.", "en", d)["year-end"] == (
        "DATE", "1989", "END")
    assert value("40,000 troops by the end of the month", "the end of the month", "en",
                 d) == "1989-10"
    assert value("evidence in the October slaying", "October", "en", d) == "1989-10"
    text = "He was arrested on Oct. 3. He appeared in court the next morning."
    assert value(text, "the next morning", "en", d) == "1989-10-04TMO"
    assert value("Buy orders came in the morning.", "the morning", "en", d) == "1989-10-27TMO"
    assert value("He died on Oct. 23. Two men came the day after his death.", "the day after",
                 "en", d) == "1989-10-24"


def test_en_spoken_years() -> None:
    d = "1998-02-27"
    assert value("Atlanta nineteen ninety-six. A bomb", "nineteen ninety-six", "en", d) == "1996"
    assert value("January nineteen ninety-seven. Again.", "January nineteen ninety-seven", "en",
                 d) == "1997-01"
    assert value("by the year two thousand has", "the year two thousand", "en", d) == "2000"
    assert tags("nineteen people died", "en", d) == {}
    assert value("In the last twenty four hours, the value", "the last twenty four hours", "en",
                 d) == "PT24H"
    assert value("six weeks ago on a boat", "six weeks ago", "en", d) == "1998-W03"
    assert tags("prices fell in recent weeks", "en", d)["recent weeks"][:2] == ("DURATION", "PXW")
    assert tags("a quarterly dividend", "en", d) == {}


def test_en_report_periods_and_mixed_durations() -> None:
    d = "1989-10-27"
    text = "Net rose in the third quarter. In the 1988 period it fell; last year was weak."
    found = tags(text, "en", d)
    assert found["the 1988 period"][1] == "1988-Q3"
    assert found["last year"][1] == "1988"  # a calendar year, even in a quarterly report
    assert value("a charge in the 1988 second quarter", "the 1988 second quarter", "en",
                 d) == "1988-Q2"
    assert value("earnings for the last half of 1989", "the last half of 1989", "en",
                 d) == "1989-H2"
    assert value("for 2 1/2 years", "2 1/2 years", "en", d) == "P2Y6M"
    assert value("for almost two decades", "almost two decades", "en", d) == "P20Y"
    # a future auxiliary governs the participle after it
    assert value("The dividend will be paid Dec. 14.", "Dec. 14", "en", d) == "1989-12-14"


# --- document dating --------------------------------------------------------------------------
def test_dating_from_weekday_and_date() -> None:
    text = ("Berlin. Die Regierung hat einen Plan vorgelegt, der viele betrifft und lange "
            "diskutiert wurde, wie es hieß. " * 3
            + "Der Minister ist am Montag (11.09.2023) nach Paris gereist.")
    got = infer_publication_date(text, "de")
    assert got is not None and got.value == "2023-09-11" and got.origin == "inferred"
    assert 0 < got.confidence <= 1


def test_dating_without_dates_is_none() -> None:
    assert infer_publication_date("Am Montag reiste er ab. Im Juli war er dort.", "de") is None
