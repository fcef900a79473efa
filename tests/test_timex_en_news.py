"""English TIMEX rule families for news reporting: anchored durations ("three days later"),
clause and sentence limits of the tense window, past perfect intentions.
"""

from __future__ import annotations

from lagebild.annotate.timex import tag_timexes


def spans(text: str, dct: str = "2023-09-13") -> dict[str, tuple[str, str, str | None]]:
    """surface -> (type, value, the day an anchored duration points to)"""
    return {text[s.start:s.end]: (s.label, s.attrs["value"], s.attrs.get("date"))
            for s in tag_timexes(text, "en", dct)}


# --- anchored durations -----------------------------------------------------------------------
def test_en_n_units_later_is_a_duration_pointing_at_a_day() -> None:
    found = spans("The plant closed on Oct. 3, 2022. Three days later, the owner was arrested.")
    assert found["Three days"] == ("DURATION", "P3D", "2022-10-06")
    found = spans("He was wounded on May 2, 2023, and died two weeks before the trial.")
    assert found["two weeks"] == ("DURATION", "P2W", "2023-04-18")


def test_en_anchored_duration_keeps_modifier_and_half() -> None:
    found = spans("Just over an hour later, he was declared dead.")
    assert found == {"over an hour": ("DURATION", "PT1H", None)}
    found = spans("But a minute and a half later, a pilot called.")
    assert found == {"a minute and a half": ("DURATION", "PT1M30S", None)}
    assert spans("A few days later, the firm sold it.") == {
        "A few days": ("DURATION", "PXD", None)}


def test_en_a_year_earlier_stays_the_compared_period() -> None:
    found = spans("Sales rose to $5 million from $4 million a year earlier.", "2023-09-13")
    assert found["a year earlier"][0] == "DATE"
    assert spans("Sales fell 5%, he said. Two days prior to the vote, shares rose.") == {
        "Two days": ("DURATION", "P2D", None)}


# --- tense window ---------------------------------------------------------------------------
def test_en_since_who_which_end_the_clause_of_a_future_auxiliary() -> None:
    # DCT April 2000: "will begin" does not reach into "since he was rescued ... in November"
    text = ("It will begin the process to transfer him from the relatives who have been caring "
            "for him since he was rescued off the coast of Florida in late November.")
    assert spans(text, "2000-04-05")["late November"][:2] == ("DATE", "1999-11")


def test_en_titles_and_vs_do_not_end_a_sentence() -> None:
    # "Roe vs. Wade" does not cut the sentence off its verb "killed"
    text = ("In January, a week after the anniversary of the Roe vs. Wade decision, a bombing "
            "killed a guard.")
    assert spans(text, "1998-10-25")["January"][:2] == ("DATE", "1998-01")


def test_en_past_perfect_intention_looks_back() -> None:
    # DCT Monday 1989-10-30: "had been scheduled to expire" is the Friday before
    text = "The offer previously had been scheduled to expire at midnight Friday."
    assert spans(text, "1989-10-30")["midnight Friday"][:2] == ("TIME", "1989-10-27T24:00")
    text = "The offer is scheduled to expire at midnight Friday."
    assert spans(text, "1989-10-30")["midnight Friday"][:2] == ("TIME", "1989-11-03T24:00")


def test_en_month_abbreviation_and_quoted_comma_keep_the_clause() -> None:
    # DCT Monday 1989-10-30: "Sept." ends no clause, so "bought" makes Thursday the past one
    text = "Crane holds 504,200 shares, including 254,200 bought from Sept. 14 to Thursday."
    assert spans(text, "1989-10-30")["Thursday"][:2] == ("DATE", "1989-10-26")
    # the closing quote after the comma ends the quoted clause with its "will"
    text = '"We will focus on our own business," Mr. Gerstner said Friday.'
    assert spans(text, "1989-10-30")["Friday"][:2] == ("DATE", "1989-10-27")


def test_en_until_with_a_past_perfect_main_clause_looks_back() -> None:
    text = "Until Thursday, they had not called him a suspect."
    assert spans(text, "1999-05-07")["Thursday"][:2] == ("DATE", "1999-05-06")
    assert spans("The offer runs until Thursday.", "1999-05-07")["Thursday"][:2] == (
        "DATE", "1999-05-13")


# --- clock times, quarters, approximations ----------------------------------------------------
def test_en_clock_words_and_hours_in_the_morning() -> None:
    assert spans("They met at four o'clock.", "2000-04-05") == {
        "four o'clock": ("TIME", "2000-04-05T04:00", None)}
    assert spans("He will leave at 4 in the morning.", "2000-04-05") == {
        "4 in the morning": ("TIME", "2000-04-05T04:00", None)}
    assert spans("The rally ended at nine in the evening.", "2000-04-05") == {
        "nine in the evening": ("TIME", "2000-04-05T21:00", None)}


def test_en_quarter_shapes() -> None:
    text = ("Net for the third quarter rose. Sales for this year's third quarter were $14 "
            "million; sales for last year's quarter were $3 million. The third-quarter loss "
            "grew. It earned $5 million in the fiscal first quarter.")
    found = {k: v[:2] for k, v in spans(text, "1989-10-30").items()}
    assert found["this year's third quarter"] == ("DATE", "1989-Q3")
    assert found["last year's quarter"] == ("DATE", "1988-Q3")
    assert found["third-quarter"] == ("DATE", "1989-Q3")
    assert "the fiscal first quarter" in found


def test_en_or_so_belongs_to_the_expression() -> None:
    found = spans("Then, a week or so ago, he left. It will close over the next year or so.",
                  "1991-02-25")
    assert found["a week or so ago"][:2] == ("DATE", "1991-W08")
    assert "the next year or so" in found


def test_en_headline_line_break_ends_the_sentence_and_clause() -> None:
    # the headline's "plans to" does not make the body's "announced on Friday" future
    text = "Fiat plans to buy a stake in Chrysler\nFiat announced on Friday that it will buy it."
    assert spans(text, "2011-05-29")["Friday"][:2] == ("DATE", "2011-05-27")


def test_en_one_day_adverb_and_large_number_words() -> None:
    assert spans("Islam will one day be the second largest religion.") == {
        "one day": ("DATE", "FUTURE_REF", None)}
    assert spans("It took one day to finish.") == {"one day": ("DURATION", "P1D", None)}
    found = spans("Families have kept the secret for more than two thousand years.")
    assert found == {"more than two thousand years": ("DURATION", "P2000Y", None)}


GATED = {"quarter_of_year", "year_quarter", "one_day", "clock_daypart", "ago", "later", "before",
         "earlier", "from_now", "duration", "duration_range_first", "same_period_ago",
         "set_every_n"}


def test_en_new_gated_rules_match_only_inside_their_trigger_stretches() -> None:
    from lagebild.annotate.timex.grammar import language
    from lagebild.annotate.timex.tagger import text_segments

    text = ("Sales for last year's quarter and this year's third quarter rose; it will one day "
            "be larger, he said at 4 in the morning. Three days later, two days before the vote "
            "and a year earlier than two years ago, for five years, between 60 and 90 days, in "
            "the same period a year ago, every two years, two weeks from now.")
    lg = language("en")
    segs = text_segments(text, lg)
    seen = set()
    for rule, rx in lg.rules:
        needs = lg.needs.get(rule.name)
        if rule.name not in GATED:
            continue
        assert needs is not None, rule.name
        for m in rx.finditer(text):
            seen.add(rule.name)
            assert any(a <= m.start() and m.end() <= b and not needs.isdisjoint(words)
                       for a, b, words in segs), (rule.name, m.group())
    assert seen == GATED


def test_en_week_of_month_day_before_yesterday_and_that_night() -> None:
    found = spans("Car sales rebounded in the last week of March.", "2009-04-01")
    assert found == {"the last week of March": ("DATE", "2009-W13", None)}
    found = spans("It opened in the first week of March 2009.", "2009-04-01")
    assert found == {"the first week of March 2009": ("DATE", "2009-W10", None)}
    assert spans("He arrived the day before yesterday.", "2009-04-01") == {
        "the day before yesterday": ("DATE", "2009-03-30", None)}
    found = spans("He was shot on Oct. 23. That night, police searched the house.", "1998-11-01")
    assert found["That night"] == ("TIME", "1998-10-23TNI", None)


def test_en_scheduling_verbs_in_the_present_look_ahead() -> None:
    # DCT Wednesday 1998-03-11
    assert spans("The trial begins Monday.", "1998-03-11")["Monday"][:2] == ("DATE", "1998-03-16")
    assert spans("The trial began Monday.", "1998-03-11")["Monday"][:2] == ("DATE", "1998-03-09")
    assert spans("Voters go to the polls Sunday.", "1998-03-11")["Sunday"][:2] == (
        "DATE", "1998-03-15")
    assert spans("Sales fell from the preceding quarter.", "1998-03-11") == {
        "the preceding quarter": ("DATE", "1997-Q4", None)}


def test_en_early_and_late_belong_to_the_day() -> None:
    assert spans("He spoke late yesterday.", "1998-03-11") == {
        "late yesterday": ("DATE", "1998-03-10", None)}
    found = tag_timexes("Crowds gathered early Tuesday.", "en", "1998-03-11")
    assert [(s.attrs["value"], s.attrs.get("mod")) for s in found] == [("1998-03-10", "START")]
    assert spans("The firm filed for bankruptcy earlier today.", "2009-06-01") == {
        "earlier today": ("DATE", "2009-06-01", None)}


def test_en_the_year_after_a_dated_period_is_that_year() -> None:
    text = "GM lost $4.8 billion in the fourth quarter of 2005 and $8.6 billion for the entire year."
    assert spans(text, "2006-01-26")["the entire year"][:2] == ("DATE", "2005")
    assert spans("Sales rose 5% for the year.", "2006-01-26")["the year"][:2] == ("DATE", "2006")


def test_en_year_ago_adjective_leaves_the_article_to_its_noun() -> None:
    found = spans("Net rose. The year-ago results were restated.", "1989-10-30")
    assert list(found) == ["year-ago"]
    found = spans("Net rose from $5 million in the year-ago quarter.", "1989-10-30")
    assert list(found) == ["the year-ago quarter"]


def test_en_ahead_of_the_weekend_is_this_weeks_weekend() -> None:
    assert spans("Traders squared positions ahead of the weekend.", "1989-10-30") == {
        "the weekend": ("DATE", "1989-W44-WE", None)}
