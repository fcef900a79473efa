"""Timeline: dated happenings from timexes, merged across articles, expected plans linked to outcomes."""

from __future__ import annotations

import pytest

from lagebild.story.timeline import article_mentions, build_timeline, interval
from lagebild.story.view import TimelineEntry
from story_articles import lindenau


@pytest.fixture(scope="module")
def timeline() -> list[TimelineEntry]:
    return build_timeline(list(lindenau().values()))


def test_interval_values() -> None:
    assert interval("2023-09-13").gran == "day"
    week = interval("2023-W37")
    assert week is not None and str(week.first) == "2023-09-11" and str(week.last) == "2023-09-17"
    summer = interval("2023-SU")
    assert summer is not None and summer.first.month == 6 and summer.last.month == 8
    assert interval("2019").gran == "year"
    assert interval("2023-09-11TMO").value == "2023-09-11"
    assert interval("XXXX-WXX-1") is None and interval("PAST_REF") is None


def test_background_fact_lands_at_its_own_date(timeline: list[TimelineEntry]) -> None:
    past = [t for t in timeline if t.date == "2019"]
    assert len(past) == 1
    assert not past[0].expected and "saniert" in past[0].label


def test_plan_is_expected_and_merged_across_outlets(timeline: list[TimelineEntry]) -> None:
    plans = [t for t in timeline if t.date == "2025-03-05" and t.expected]
    assert len(plans) == 1
    plan = plans[0]
    assert plan.granularity == "day"
    assert len(plan.articles) >= 3  # Flussbote, the two dpa copies, River News
    assert {"Flussbote", "Talzeitung", "Bergblatt"} <= set(plan.outlets)


def test_plan_linked_to_what_happened(timeline: list[TimelineEntry]) -> None:
    plan = next(t for t in timeline if t.date == "2025-03-05" and t.expected)
    done = next(t for t in timeline if t.id == plan.outcome)
    assert not done.expected and done.date == "2025-03-05"
    assert plan.id in done.anticipated_by
    later = lindenau()["flussbote-2"].id
    assert later in done.articles


def test_citations_point_into_the_articles(timeline: list[TimelineEntry]) -> None:
    by_id = {a.id: a for a in lindenau().values()}
    for t in timeline:
        assert t.citations
        for c in t.citations:
            art = by_id[c.article_id]
            assert 0 <= c.start < c.end <= len(art.text)
        lc = t.label_citation
        assert by_id[lc.article_id].text[lc.start:lc.end] == t.label
    dates = [interval(t.date).first for t in timeline]
    assert dates == sorted(dates)


def test_dateline_only_sentence_is_no_happening() -> None:
    from story_articles import make

    art = make("dateline", "Flussbote", "2025-03-03", "de",
               "Montag, 3. März 2025\n\nDie Stadt Lindenau will die Alte Brücke im Sommer 2026 abreißen lassen. "
               "Ein Neubau soll folgen, sagte die Bürgermeisterin.")
    values = [m.when.value for m in article_mentions(art)]
    assert "2025-03-03" not in values
    assert any(v.startswith("2026") for v in values)


def test_days_later_duration_dates_its_statement() -> None:
    from story_articles import make

    art = make("later", "Harbour Post", "2025-03-12", "en",
               "Dockers in Portmoor walked out on March 3, 2025. Three days later the port operator "
               "signed a new wage agreement with the union.")
    spans = [t for t in art.spans("timex") if t.label == "DURATION"]
    assert spans and spans[0].attrs.get("date") == "2025-03-06", [(t.label, t.attrs) for t in art.spans("timex")]
    assert "2025-03-06" in [m.when.value for m in article_mentions(art)]


# --- issue 15: one entry per dated fact, citations that state it, readable dates, outcomes --------

from lagebild.model import PubDate  # noqa: E402
from story_articles import make  # noqa: E402

#: Fictional: the town of Auental, its harbour, the outlets Auental-Kurier and Talfunk.
AUENTAL = [
    ("kurier-1", "Auental-Kurier", "2025-06-02", "de",
     "Der Minister besuchte im Mai den Hafen, wo er an einer Feier zum Ende des Hafenkrieges 1950–1953 teilnahm. "
     "Am Montag begann der Streik der Hafenarbeiter in Auental. "
     "Am Montag eröffnete die Stadt außerdem eine neue Bibliothek am Markt. "
     "Am Mittwoch soll die Schlichtung beginnen. "
     "In der Nacht warteten zwölf Schiffe, so viele wie seit dem Frühjahr nicht mehr. "
     "Im Sommer 2024 hatte es bereits einen kurzen Streik gegeben."),
    ("talfunk-1", "Talfunk", "2025-06-05", "de",
     "Die Schlichtung im Hafen von Auental hat am Mittwoch begonnen. "
     "Bereits am Donnerstag explodierten zwei Gasflaschen in einer Werkstatt am Hafen."),
]


@pytest.fixture(scope="module")
def auental() -> list:
    arts = [make(name, *rest) for name, *rest in AUENTAL]
    return build_timeline(arts)


def test_a_year_inside_a_name_dates_nothing(auental) -> None:
    assert not [t for t in auental if t.date in ("1950", "1953")]
    may = [t for t in auental if t.date == "2025-05"]
    assert may and "Minister" in may[0].label


def test_each_entry_cites_only_sentences_that_state_its_fact(auental) -> None:
    monday = [t for t in auental if t.date == "2025-06-02" and not t.expected]
    assert len(monday) == 2  # the strike and the library: two happenings of one day
    for t in monday:
        cited = {c.start for c in t.citations}
        assert len(cited) == 1


def test_comparisons_and_wrong_future_dates_are_no_entries(auental) -> None:
    assert not [t for t in auental if "Frühjahr" in t.label or t.date.endswith("-SP")]
    # "Bereits am Donnerstag explodierten …" read as the next Thursday would be a wrong plan
    assert not [t for t in auental if "explodierten" in t.label and t.expected]


def test_readable_dates_and_the_outcome_in_words(auental) -> None:
    summer = [t for t in auental if t.date == "2024-SU"]
    assert summer and summer[0].date_text == "Sommer 2024" and not summer[0].expected
    plan = [t for t in auental if t.expected and "Schlichtung" in t.label]
    assert plan and plan[0].date_text == "4. Juni 2025"
    assert plan[0].status_text == "erwartet · eingetreten am 04.06.2025", plan[0]


def test_inferred_publication_date_is_marked() -> None:
    art = make("x", "Auental-Kurier", "2025-06-02", "de", "Am Montag begann der Streik der Hafenarbeiter in Auental.")
    art.published = PubDate("2025-06-02", "day", "inferred", confidence=0.6)
    entries = build_timeline([art])
    assert entries and entries[0].date_confidence == pytest.approx(0.6)


def test_compared_and_counted_dates_give_way_to_the_sentence_s_own_date() -> None:
    art = make("kurier-2", "Auental-Kurier", "2025-06-10", "de",
               "Im Mai 2024 begann der Bau der neuen Mole in Auental. "
               "Etwa 15 Monate später wurde die Mole im Juni 2025 feierlich eröffnet. "
               "Die Fähre nach Birkholm fuhr in diesem Jahr zwei Wochen früher als im letzten Jahr.")
    values = [m.when.value for m in article_mentions(art)]
    assert "2024" not in values  # "als im letzten Jahr" only compares
    dates = [t.date for t in build_timeline([art])]
    assert "2025-06" in dates  # the opening, dated by its own "im Juni 2025"
    assert "2025-08" not in dates  # "15 Monate später", counted from May 2024, gives way to it


def test_weekday_plans_announcements_attributes_hedges_and_page_furniture() -> None:
    art = make("kurier-3", "Auental-Kurier", "2025-09-02", "de",
               "Für Donnerstag hat die Gewerkschaft die Hafenarbeiter von Auental zu einem Warnstreik aufgerufen. "
               "Die Gewerkschaft hat am Dienstag außerdem einen längeren Streik im Hafen angekündigt. "
               "Der Sprecher sagte, die Reederei habe ein „Angebot von gestern“ vorgelegt. "
               "Der Kandidat, der vielleicht bald Bürgermeister von Auental werden könnte, schwieg dazu. "
               "Sonntag, 31. August 2025: Auental gegen Birkholm im Hafenpokal. "
               "Für die Statistik klicken Sie einfach auf die Paarung vom Samstag im Hafenpokal.")
    got = {(m.when.value, m.expected) for m in article_mentions(art)}
    assert ("2025-09-04", True) in got  # "für Donnerstag": the coming Thursday, a plan
    assert ("2025-08-28", False) not in got
    assert ("2025-09-02", False) in got  # "hat … angekündigt": the announcement, not a plan
    assert ("2025-09-02", True) not in got
    assert "2025-09-01" not in {v for v, _ in got}  # "von gestern" describes the offer
    assert not [m for m in article_mentions(art) if m.approx == "after"]  # "vielleicht bald"
    assert "2025-08-31" not in {v for v, _ in got} and "2025-08-30" not in {v for v, _ in got}


def test_english_future_markers_are_single_words() -> None:
    art = make("post-1", "Harbour Post", "2025-09-17", "en",
               "The minister said on Wednesday that the union had signalled support for the expansion of the port and the ferry link to Portmoor.")
    assert [m.expected for m in article_mentions(art)] == [False]


def test_a_past_weekday_in_a_future_worded_clause_stays_past_and_is_to_plans() -> None:
    art = make("post-2", "Harbour Post", "2025-09-24", "en",
               "Dockers will get a pay rise of 4% from October, after the union accepted a compromise on Tuesday. "
               "The Commission is to draw up a list of priority projects for Portmoor by the end of the year.")
    got = {(m.when.value, m.expected) for m in article_mentions(art)}
    assert ("2025-09-30", True) not in got  # "on Tuesday" stays the last one (accepted)
    assert ("2025", True) in got


def test_a_weekday_in_its_own_planning_clause_is_the_coming_one() -> None:
    art = make("kurier-4", "Auental-Kurier", "2025-09-03", "de",
               "Die Gespräche über den Hafen waren gescheitert. "
               "Am Donnerstag ist ein weiteres Treffen der Reedereien im Rathaus von Auental geplant. "
               "„Wir werden uns einigen“, sagte der Bürgermeister am Montag im Rathaus.")
    got = {(m.when.value, m.expected) for m in article_mentions(art)}
    assert ("2025-09-04", True) in got
    assert ("2025-09-01", False) in got  # "sagte … am Montag": the quote's future is not the weekday's


def test_a_date_in_the_reporting_clause_dates_the_report() -> None:
    art = make("kurier-5", "Auental-Kurier", "2025-09-09", "de",
               "Der Bürgermeister von Auental wird in naher Zukunft nach Birkholm reisen, wie das Rathaus am Montag mitteilte.")
    got = {(m.when.value, m.expected) for m in article_mentions(art)}
    assert ("2025-09-08", False) in got and ("2025-09-15", True) not in got, got


def test_the_report_date_gives_way_to_the_date_of_what_it_reports() -> None:
    arts = [make("kurier-6", "Auental-Kurier", "2025-09-08", "de",
                 "Der Bürgermeister von Auental wird in naher Zukunft nach Birkholm reisen, wie das Rathaus am Montag "
                 "mitteilte. Unterdessen ist der Landrat am Montag zu einer zweitägigen Reise nach Birkholm gestartet.")]
    entries = build_timeline(arts)
    for e in entries:
        if not e.expected:  # the Landrat's departure cites only its own sentence
            assert all("Landrat" in arts[0].text[c.start:c.end] for c in e.citations), e
    assert [e for e in entries if e.expected and "Bürgermeister" in e.label]


def test_an_overlong_clause_is_split_at_its_coordinator_not_cut_mid_clause() -> None:
    art = make("auental-9", "Auentaler Bote", "2025-09-04", "de",
               "Die Fähre von Auental fährt wieder regelmäßig. Es ist die erste Fahrt seit mehr als drei Jahren, "
               "da die Gemeinde wegen des Hochwassers im Frühjahr 2022 den Anleger über viele Monate hinweg gesperrt "
               "hatte und erst in diesem Sommer hat die Reederei wieder Fahrgäste aus der Nachbargemeinde unter "
               "strengen Auflagen an Bord des alten Schiffes gelassen.")
    labels = {m.when.value: art.text[m.label[0]:m.label[1]] for m in article_mentions(art)}
    spring = next(v for k, v in labels.items() if k.startswith("2022"))
    assert spring.endswith("gesperrt hatte") and "Sommer" not in spring, labels
    summer = next(v for k, v in labels.items() if k.startswith("2025"))
    assert summer.startswith("erst in diesem Sommer") and summer.endswith("gelassen"), labels


def test_a_label_starts_after_a_quotation_closed_before_its_date() -> None:
    art = make("auental-10", "Auentaler Bote", "2025-09-04", "de",
               "Der Bürgermeister sagte: „Wir fahren hin. Wahrscheinlich mit dem Bus“ Dort findet das jährliche "
               "Auentaler Brückenfest statt, das vom 12. bis 14. September dauern soll.")
    labels = [art.text[m.label[0]:m.label[1]] for m in article_mentions(art)]
    assert labels and all(x.startswith("Dort findet") for x in labels), labels


def test_a_thousands_comma_is_no_clause_break() -> None:
    from lagebild.model import Span
    from lagebild.story.similarity import clause_bounds

    text = "About 3,000 workers had joined the walkout, which began at 6 a.m."
    clauses = [text[a:b] for a, b in clause_bounds(text, Span(0, len(text), "sentence"))]
    assert clauses[0] == "About 3,000 workers had joined the walkout", clauses


def test_a_speech_frame_is_no_timeline_label_the_sentence_is() -> None:
    art = make("kurier-9", "Auental-Kurier", "2025-09-12", "de",
               "Die Stadtwerke Auental hatten bereits am Donnerstag erklärt, sie seien zu einer Schlichtung bereit. "
               "Der Bau der Brücke gehe gut voran, sagte ein Sprecher der Stadt am Mittwoch.")
    labels = [m.label_text for m in article_mentions(art)]
    assert labels, labels
    for label in labels:  # never the frame alone ("…, sagte ein Sprecher der Stadt am Mittwoch")
        assert not label.startswith(("sagte", "Die Stadtwerke Auental hatten bereits am Donnerstag erklärt")) or \
            "bereit" in label, labels
    assert any("Brücke" in x and "Sprecher" in x for x in labels), labels


def test_a_speech_verb_with_its_content_in_the_clause_keeps_its_label() -> None:
    art = make("kurier-10", "Auental-Kurier", "2025-09-12", "de",
               "Unterdessen warnte das Ministerium von Birkholm am Mittwoch vor einer drohenden Dürre in der Region, "
               "die nach Einschätzung vieler Landwirte und mehrerer Fachleute aus den umliegenden Gemeinden die "
               "Ernte des ganzen kommenden Jahres gefährden und viele kleine Betriebe in ernste Not bringen könnte.")
    labels = [m.label_text for m in article_mentions(art)]
    assert any(x.startswith("Unterdessen warnte das Ministerium") for x in labels), labels


def test_a_long_speech_frame_sentence_is_shortened_not_dropped() -> None:
    art = make("kurier-11", "Auental-Kurier", "2025-09-12", "de",
               "Der Bürgermeister von Auental, Jonas Weller, sagte am Mittwoch im regionalen Fernsehen, die Stadt habe "
               "beim Land „mehr als zwölf Millionen Euro“ für den Ausbau des Flusshafens und der Fährverbindung nach "
               "Birkholm beantragt und rechne fest mit einer baldigen Zusage.")
    labels = [m.label_text for m in article_mentions(art) if m.when.value == "2025-09-10"]
    assert labels, [m.label_text for m in article_mentions(art)]
    label = labels[0]
    assert len(label) <= 220 and label.startswith("Der Bürgermeister von Auental, Jonas Weller, sagte am Mittwoch"), label
    assert "die Stadt habe" in label and "Fernsehen" not in label, label  # the frame's circumstances go first


def test_dates_that_are_attributes_habits_or_datelines_date_nothing() -> None:
    de = make("kurier-12", "Auental-Kurier", "2025-09-08", "de",
              "Das könne erst die Verkehrsstatistik für das dritte Quartal zeigen, sagte die Sprecherin. "
              "Die Sperrung würde am Mittwochmorgen beginnen und bis Freitag um 6 Uhr dauern. "
              "Im Herbst steigt der Verkehr auf der Brücke traditionell stark an. "
              "Nach dem Streik der vergangenen Woche hatte sich der Stau erst am Wochenende aufgelöst.")
    by_label = {m.label_text: m.when.value for m in article_mentions(de)}
    assert not any("Quartal" in x for x in by_label), by_label
    assert not any("traditionell" in x for x in by_label), by_label
    assert sum("Sperrung" in x for x in by_label) == 1, by_label  # "Freitag um 6 Uhr" is no second date
    weekend = [v for x, v in by_label.items() if "Wochenende" in x]
    assert weekend == ["2025-W36"], by_label  # a past weekend, not the coming one
    assert not any(v == "2025-W36" and "Streik der vergangenen" in x and "Wochenende" not in x for x, v in by_label.items())
    en = make("river-news-9", "River News", "2025-09-04", "en",
              "AUENTAL, Sept 4 (River News) - Bus drivers in Auental walked off the job on Thursday in a warning strike. "
              "Only the town's third-quarter figures would show the cost, the mayor said.")
    labels = [m.label_text for m in article_mentions(en)]
    assert not any(x.startswith(("Sept 4", "AUENTAL")) for x in labels), labels
    assert not any("third-quarter" in x for x in labels), labels


def test_an_announced_plan_is_expected_and_shown_with_its_announcement() -> None:
    art = make("kurier-13", "Auental-Kurier", "2025-09-18", "de",
               "Die Schlichtung zwischen Stadt und Fährbetrieb ist nach der ersten Woche ohne Ergebnis geblieben. "
               "Der Schlichter hatte angekündigt, bis Ende September einen Vorschlag vorzulegen.")
    plans = [m for m in article_mentions(art) if "Vorschlag" in m.label_text]
    assert plans and plans[0].expected, [(m.label_text, m.expected) for m in article_mentions(art)]
    assert plans[0].label_text.startswith("Der Schlichter hatte angekündigt"), plans[0].label_text


def test_a_deadline_is_expected_and_a_hope_for_years_is_not_fulfilled_the_same_day() -> None:
    en = make("river-news-12", "River News", "2025-09-17", "en",
              "The joint statement adopted in Lindenau on Monday asks the town council to draw up a list of priority "
              "projects by the end of the year. Port officials hope that the rail link will become more reliable in "
              "the coming years. On Wednesday, port officials met logistics firms in Lindenau.")
    deadline = [m for m in article_mentions(en) if "priority projects" in m.label_text and m.when.gran == "year"]
    assert deadline and deadline[0].expected, [(m.label_text, m.when.value, m.expected) for m in article_mentions(en)]
    plan = [t for t in build_timeline([en]) if t.expected and t.granularity == "year"]
    assert plan and plan[0].outcome is None, plan  # not fulfilled by the meeting on the day it was written
    de = make("kurier-14", "Auental-Kurier", "2025-09-17", "de",
              "Hafenvertreter hoffen, dass die Bahnverbindung nach Auental in den kommenden Jahren zuverlässiger wird. "
              "Vertreter der Hafenverwaltung trafen sich am Mittwoch mit Logistikunternehmen und Bahnbetreibern.")
    timeline = build_timeline([de])
    hope = [t for t in timeline if "kommenden Jahren" in t.label]
    assert hope and hope[0].expected and hope[0].outcome is None, [(t.label, t.outcome) for t in timeline]


def test_a_plan_for_the_coming_days_is_not_fulfilled_by_its_own_article_the_same_day() -> None:
    art = make("kurier-15", "Auental-Kurier", "2025-09-17", "de",
               "Die Lage in Auental könnte sich in den nächsten Tagen durch schwere Regenfälle weiter verschlechtern. "
               "Wie die Hilfsorganisation Auenhilfe heute mitteilte, werde die Lage durch Regenfälle noch schwieriger.")
    plans = [t for t in build_timeline([art]) if t.expected]
    assert plans and all(t.outcome is None for t in plans), [(t.label, t.outcome) for t in build_timeline([art])]


def test_a_clause_after_a_relative_clause_keeps_its_subject() -> None:
    en = make("auental-11", "Valley Post", "2025-09-24", "en",
              "The pay deal, which also includes a one-off bonus, ends a dispute that led to two strikes this month "
              "and left dozens of barges waiting on the river.")
    de = make("auental-12", "Auentaler Bote", "2025-09-24", "de",
              "Die Gewerkschaft, die rund 800 Fährleute vertritt, hat am Montag einen neuen Streik angekündigt.")
    for art, opening in ((en, "The pay deal"), (de, "Die Gewerkschaft")):
        labels = [art.text[m.label[0]:m.label[1]] for m in article_mentions(art)]
        assert labels and all(x.startswith(opening) for x in labels), labels


def test_a_clause_after_an_apposition_keeps_its_subject() -> None:
    art = make("auental-13", "Valley Post", "2025-09-04", "en",
               "Ferry crews at the Auental landing, the valley's busiest crossing, walked off the job on Thursday "
               "over pay.")
    labels = [art.text[m.label[0]:m.label[1]] for m in article_mentions(art)]
    assert labels and all(x.startswith("Ferry crews") for x in labels), labels
