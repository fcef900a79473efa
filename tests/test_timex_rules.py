"""TIMEX rule families added for TimeML news conventions: clock time with its day, zones,
text-relative weekdays, appositions, tenseless year-less months, quarters, rates, month extents.
"""

from __future__ import annotations

from lagebild.annotate.timex import tag_timexes


def tags(text: str, lang: str, dct: str = "2023-09-13") -> dict[str, tuple[str, str]]:
    """surface -> (type, value)"""
    return {text[s.start:s.end]: (s.label, s.attrs["value"])
            for s in tag_timexes(text, lang, dct)}


# --- clock time and its day -----------------------------------------------------------------
def test_en_clock_time_before_its_day_is_one_time() -> None:
    # DCT 2023-09-13 is a Wednesday
    assert tags("He was kidnapped at 10 p.m. Tuesday, police said.", "en") == {
        "10 p.m. Tuesday": ("TIME", "2023-09-12T22:00")}
    assert tags("Talks broke off at noon yesterday.", "en") == {
        "noon yesterday": ("TIME", "2023-09-12T12:00")}
    assert tags("The offer expires at 5 p.m. EST, Nov. 9.", "en") == {
        "5 p.m. EST, Nov. 9": ("TIME", "2023-11-09T17:00")}
    assert tags("The deadline is midnight Friday.", "en") == {
        "midnight Friday": ("TIME", "2023-09-15T24:00")}
    # the zone word after a clock time belongs to it; any other word does not
    assert tags("He was shot at 10 p.m. as he stood in his kitchen.", "en") == {
        "10 p.m.": ("TIME", "2023-09-13T22:00")}


def test_en_utc_times_carry_the_zone() -> None:
    assert tags("GM filed for protection at 12:00 UTC Monday.", "en")[
        "12:00 UTC Monday"] == ("TIME", "2023-09-11T12:00Z")
    assert tags("At 0800 GMT, the central banks acted.", "en")["0800 GMT"] == (
        "TIME", "2023-09-13T08:00Z")
    assert tags("As of 14:48 UTC, the index was down.", "en")["14:48 UTC"] == (
        "TIME", "2023-09-13T14:48Z")


def test_de_clock_time_before_its_day_takes_that_day() -> None:
    found = tags("Die Frist endet um 12 Uhr am Freitag.", "de")
    assert found == {"12 Uhr": ("TIME", "2023-09-15T12:00"), "Freitag": ("DATE", "2023-09-15")}
    found = tags("Er wurde um 22 Uhr gestern festgenommen.", "de")
    assert found["22 Uhr"] == ("TIME", "2023-09-12T22:00")
    found = tags("Das Spiel beginnt um 20.30 Uhr am 5. Oktober.", "de")
    assert found["20.30 Uhr"] == ("TIME", "2023-10-05T20:30")


def test_en_day_parts_of_deictic_days() -> None:
    assert tags("Shares were up at mid-afternoon yesterday.", "en") == {
        "mid-afternoon yesterday": ("TIME", "2023-09-12TAF")}
    assert tags("By mid afternoon, officials said", "en") == {
        "mid afternoon": ("TIME", "2023-09-13TAF")}


# --- weekdays ---------------------------------------------------------------------------------
def test_en_previous_weekday_counts_from_the_text_day() -> None:
    text = "Shares fell on Friday, Oct. 27, down 4.5% from the previous Friday."
    assert tags(text, "en", "1989-10-30")["the previous Friday"] == ("DATE", "1989-10-20")


def test_weekday_after_a_range_word_is_not_an_apposition() -> None:
    # 14 September 2023 is a Thursday: in apposition it is that day, after "to"/"bis" another
    assert tags("on Sept. 14, a Thursday, he came", "en", "2023-09-20")["Thursday"] == (
        "DATE", "2023-09-14")
    text = "Crane bought shares from Sept. 14 to Thursday."
    assert tags(text, "en", "2023-09-22")["Thursday"] == ("DATE", "2023-09-21")
    text = "Die Messe läuft vom 14. September bis Donnerstag."
    assert tags(text, "de", "2023-09-19")["Donnerstag"] == ("DATE", "2023-09-21")
    assert tags("am 14. September, einem Donnerstag", "de", "2023-09-20")["Donnerstag"] == (
        "DATE", "2023-09-14")


# --- year-less months and tense ---------------------------------------------------------------
def test_tenseless_month_is_the_one_nearest_the_dct() -> None:
    text = "They can take part in planning for the NATO summit in April."
    assert tags(text, "en", "1998-12-05")["April"] == ("DATE", "1999-04")
    assert tags("Die Planung für den Gipfel im April", "de", "1998-12-05")["April"] == (
        "DATE", "1999-04")
    # with a tense the tense decides
    assert tags("The summit took place in April.", "en", "1998-12-05")["April"] == (
        "DATE", "1998-04")


def test_en_intentions_look_ahead_and_passives_are_not_past() -> None:
    text = "The bank announced an agreement to acquire the company in January."
    assert tags(text, "en", "1989-11-02")["January"] == ("DATE", "1990-01")
    text = "The relatives could lose when the case is heard in May in the appeals court."
    assert tags(text, "en", "2000-03-29")["May"] == ("DATE", "2000-05")


def test_en_quoted_sentence_end_closes_the_tense_window() -> None:
    text = ("``The sector is going to get beat up in the spring.'' The rate declined to 3.8 "
            "percent from 4.1 percent in December, the figures showed.")
    assert tags(text, "en", "1998-02-06")["December"] == ("DATE", "1997-12")


# --- years, quarters, rates, extents ----------------------------------------------------------
def test_en_apostrophe_years_and_quarters_of_relative_years() -> None:
    found = tags("Nikkei at lowest level since '82, down from the '80s", "en", "2008-10-27")
    assert found["'82"] == ("DATE", "1982")
    assert found["the '80s"] == ("DATE", "198")
    found = tags("In the first quarter of last year, GM lost money.", "en", "2009-05-07")
    assert found == {"the first quarter of last year": ("DATE", "2008-Q1")}
    assert tags("For the final quarter of 2009, Ford", "en")["the final quarter of 2009"] == (
        "DATE", "2009-Q4")


def test_en_rate_after_a_quantity_is_no_duration() -> None:
    assert tags("It will save $500 million a year in costs.", "en") == {}
    assert tags("The route adds 700 seats a week.", "en") == {}
    assert tags("It rose from $10 million a year ago.", "en") == {"a year ago": ("DATE", "2022")}
    assert tags("They stayed for a year.", "en") == {"a year": ("DURATION", "P1Y")}


def test_month_extent_leaves_the_full_stop_out() -> None:
    assert list(tags("Das Spiel beginnt am 5. Oktober.", "de")) == ["5. Oktober"]
    assert list(tags("Er kam am 5. Okt. 2023 an.", "de")) == ["5. Okt. 2023"]
    assert list(tags("It starts on 5 October.", "en")) == ["5 October"]
    assert list(tags("It started on Oct. 5, 2023.", "en")) == ["Oct. 5, 2023"]
    # "10 markets" is no 10 March
    assert tags("in the nation's top 10 markets", "en") == {}


def test_en_duration_shapes() -> None:
    found = tags("The process would take between 60 and 90 days.", "en")
    assert found == {"60": ("DURATION", "P60D"), "90 days": ("DURATION", "P90D")}
    assert tags("after six straight days of losses", "en") == {
        "six straight days": ("DURATION", "P6D")}
    assert tags("the worst single-day decline", "en") == {"single-day": ("DURATION", "P1D")}
    assert tags("its decades-long dispute", "en") == {"decades-long": ("DURATION", "PXY")}
    assert tags("their third day-long meeting", "en") == {"day-long": ("DURATION", "P1D")}
    assert tags("dedication over the years", "en") == {"the years": ("DURATION", "PXY")}
    # ordinals and fractions are no durations
    assert tags("A second A380 is also travelling", "en") == {}
    assert tags("accounting for more than a quarter of the market", "en") == {}
    assert tags("It happened a second later.", "en") != {}


def test_en_vague_terms_and_hyphenated_now() -> None:
    assert tags("growth in the near term appears good", "en") == {
        "the near term": ("DATE", "FUTURE_REF")}
    assert tags("for the time being", "en") == {"the time being": ("DATE", "PRESENT_REF")}
    assert tags("the now-cancelled deal", "en") == {}
    found = tags("The economy contracted between April and June.", "en", "2008-11-17")
    assert found == {"April": ("DATE", "2008-04"), "June": ("DATE", "2008-06")}


def test_en_recent_soon_and_the_day() -> None:
    assert tags("hit in the recent economic downturn", "en") == {"recent": ("DATE", "PAST_REF")}
    assert tags("their most recent iPhone model", "en") == {}
    assert tags("They will act very soon.", "en") == {"very soon": ("DATE", "FUTURE_REF")}
    assert tags("as soon as possible", "en") == {}
    assert tags("He was soon released.", "en") == {}
    found = tags("On Monday the Dow fell 3%, ending the day at 7,114.", "en", "2009-02-24")
    assert found["the day"] == ("DATE", "2009-02-23")
    assert tags("For the day, the Nikkei closed down", "en", "2009-02-24") == {
        "the day": ("DATE", "2009-02-24")}
    assert tags("a loss for the entire year", "en", "2009-02-24") == {
        "the entire year": ("DATE", "2009")}
    assert tags("losing them in just minutes", "en") == {"minutes": ("DURATION", "PTXM")}


def test_en_bare_two_digit_decades() -> None:
    assert tags("the boxy cars of the 70s and 80s", "en") == {
        "70s": ("DATE", "197"), "80s": ("DATE", "198")}
    assert tags("temperatures in the 70s degrees", "en") == {}
    assert tags("sales rose 20 and 30s", "en") == {}


def test_en_the_day_of_a_report_and_day_after_a_gerund() -> None:
    text = ("Stocks posted gains on Friday. The jobless rate was the highest since 1983. "
            "The Dow posted a modest gain, ending the day at 8,017.")
    assert tags(text, "en", "2009-04-04")["the day"] == ("DATE", "2009-04-03")
    # "the day after falling": no "next day"
    assert tags("The Dow rebounded late in the day after falling 250 points.", "en") == {}
    assert tags("the day after the vote", "en") == {"the day after": ("DATE", "2023-09-14")}
    assert tags("at 16:15 UTC, June 1st, he said", "en") == {
        "16:15 UTC, June 1st": ("TIME", "2023-06-01T16:15Z")}


def test_en_same_period_a_year_back() -> None:
    text = "Sales fell 35% in January, compared to the same month a year ago."
    assert tags(text, "en", "2009-03-03")["the same month a year ago"] == ("DATE", "2008-01")
    text = "Profit in the third quarter rose from the corresponding period last year."
    assert tags(text, "en", "1989-11-01")["the corresponding period last year"] == (
        "DATE", "1988-Q3")


def test_en_past_speech_acts_keep_their_weekday_in_the_past() -> None:
    # "agreed to", "vowed to" report a past act; its weekday is the one before the DCT
    assert tags("The company agreed to the deal on Monday.", "en")["Monday"] == (
        "DATE", "2023-09-11")
    assert tags("He vowed to fight on Tuesday, his lawyer said.", "en")["Tuesday"] == (
        "DATE", "2023-09-12")
    assert tags("The firm intends to close the plant in January.", "en")["January"] == (
        "DATE", "2024-01")


def test_en_clock_with_parenthesis_before_its_day_and_seasons() -> None:
    found = tags("The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling a building.",
                 "en", "1998-08-08")
    assert found["10:35 a.m."] == ("TIME", "1998-08-07T10:35")
    assert found["Friday"] == ("DATE", "1998-08-07")
    assert tags("demand well into the summer", "en") == {"the summer": ("DATE", "2023-SU")}


def test_de_past_modals_set_the_tense() -> None:
    text = "Einen Widerruf musste im Februar die Abgeordnete veröffentlichen."
    assert tags(text, "de", "2023-09-13")["Februar"] == ("DATE", "2023-02")


def test_rule_gating_by_trigger_words_changes_nothing() -> None:
    """``NEEDS`` only skips text where a rule cannot match: every match of a gated rule on the
    whole text lies in a scanned stretch holding one of its words."""
    from lagebild.annotate.timex.grammar import language
    from lagebild.annotate.timex.tagger import range_rules, text_segments

    texts = {
        "en": "At 10 p.m. Wednesday (0300 GMT) the '80s band played; four flights a week, "
              "soon after, the recent vote, every Monday, in the spring of 1999, at noon, "
              "the third quarter, ended the day, tonight, this morning, the nineties, daily, "
              "March 10-13, 2013, at 18:00 UTC, mid-afternoon yesterday, 5 o'clock.",
        "de": "Am Montag, 11.09.2023, um 13:30 Uhr und im Jahr 1999 v. Chr., in den 1990er "
              "Jahren, im 20. Jahrhundert, vom 10. bis 13. September 2023, montags, 2015/16, "
              "um 12 Uhr am Freitag, Sonntagabend, im Jahre 149.",
    }
    for lang, text in texts.items():
        lg = language(lang)
        segs = text_segments(text, lg)
        checked = 0
        for rule, rx in lg.rules + range_rules(lg):
            needs = lg.needs.get(rule.name)
            if needs is None:
                continue
            for m in rx.finditer(text):
                checked += 1
                assert any(a <= m.start() and m.end() <= b and not needs.isdisjoint(words)
                           for a, b, words in segs), (lang, rule.name, m.group())
        assert checked >= 15


def test_en_sets_of_months_week_of_and_that_same_day() -> None:
    assert tags("where marchers parade each July", "en") == {"each July": ("SET", "XXXX-07")}
    found = tags("a court hearing the week of March 6, he said", "en", "2000-02-24")
    assert found == {"the week of March 6": ("DATE", "2000-W10")}
    found = tags("He was killed on Oct. 23. The list was changed that same day.", "en",
                 "2000-02-24")
    assert found["that same day"] == ("DATE", "1999-10-23")


def test_and_a_half() -> None:
    assert tags("It is almost two and a half years behind schedule.", "en") == {
        "almost two and a half years": ("DURATION", "P2Y6M")}
    assert tags("He left two and a half years ago.", "en", "2009-12-16") == {
        "two and a half years ago": ("DATE", "2007")}
    assert tags("Er ging vor anderthalb Jahren.", "de", "2009-12-16") == {
        "vor anderthalb Jahren": ("DATE", "2008")}
