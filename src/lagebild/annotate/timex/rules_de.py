"""German temporal expressions: word lists and rules (data only; the code is in resolve.py).

Lexicon keys are lower case; values are what the normaliser needs (month number, ISO weekday,
TIMEX3 season or day-part code, unit name, relative direction: an int for DCT-relative words,
``"text+N"`` for words that point along the text such as "folgenden").
"""

from __future__ import annotations

from .grammar import Rule, alt

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12,
}
WEEKDAYS = {
    "montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5, "samstag": 6,
    "sonnabend": 6, "sonntag": 7,
}
SEASONS = {
    "frühling": "SP", "frühlings": "SP", "frühjahr": "SP", "frühjahrs": "SP", "frühjahres": "SP",
    "frühsommer": "SU", "spätsommer": "SU", "hochsommer": "SU", "spätherbst": "FA",
    "frühherbst": "FA", "sommer": "SU",
    "sommers": "SU", "herbst": "FA", "herbstes": "FA", "herbsts": "FA", "winter": "WI",
    "winters": "WI", "frühsommers": "SU", "spätsommers": "SU", "hochsommers": "SU",
    "spätherbstes": "FA", "spätherbsts": "FA", "frühherbstes": "FA",
}
DAYPARTS = {
    "morgen": "MO", "morgens": "MO", "früh": "MO", "vormittag": "MO", "vormittags": "MO",
    "mittag": "MI", "mittags": "MI", "nachmittag": "AF", "nachmittags": "AF", "abend": "EV",
    "abends": "EV", "nacht": "NI", "nachts": "NI", "morgenstunden": "MO", "abendstunden": "EV",
}
UNITS = {
    "sekunde": "second", "sekunden": "second", "minute": "minute", "minuten": "minute",
    "stunde": "hour", "stunden": "hour", "tag": "day", "tage": "day", "tagen": "day",
    "tages": "day", "tags": "day", "woche": "week", "wochen": "week", "monat": "month",
    "monate": "month", "monaten": "month", "monats": "month", "monates": "month", "jahr": "year",
    "jahre": "year", "jahren": "year", "jahres": "year", "jahrs": "year", "jahrzehnt": "decade",
    "jahrzehnte": "decade", "jahrzehnten": "decade", "jahrzehnts": "decade",
    "jahrzehntes": "decade", "jahrhundert": "century", "jahrhunderte": "century",
    "jahrhunderten": "century", "jahrhunderts": "century", "quartal": "quarter",
    "quartale": "quarter", "quartalen": "quarter", "quartals": "quarter", "halbjahr": "half",
    "halbjahres": "half", "halbjahrs": "half", "wochenende": "weekend", "wochenendes": "weekend",
    # adjective stems: "zweitägig", "70-jährig", "jahrelang"
    "tägig": "day", "wöchig": "week", "monatig": "month", "jährig": "year", "stündig": "hour",
    "minütig": "minute", "jahre lang": "year", "monate lang": "month", "wochen lang": "week",
    "tage lang": "day", "stunden lang": "hour", "jahrzehnte lang": "decade",
}
NUMBERS = {
    "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
    "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100,
    "tausend": 1000, "anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5,
    "dreieinhalb": 3.5, "beiden": 2, "beide": 2, "einige": "X", "einigen": "X",
    "mehrere": "X", "mehreren": "X", "wenige": "X", "wenigen": "X", "viele": "X", "vielen": "X",
    "ein paar": "X", "weniger": "X", "mehrerer": "X", "einiger": "X", "etlichen": "X", "etliche": "X",
}
ORDINALS = {
    "ersten": 1, "erste": 1, "erstes": 1, "zweiten": 2, "zweite": 2, "dritten": 3, "dritte": 3,
    "vierten": 4, "vierte": 4, "1": 1, "2": 2, "3": 3, "4": 4,
}
DECADES = {
    "zwanziger": 20, "dreißiger": 30, "vierziger": 40, "fünfziger": 50, "sechziger": 60,
    "siebziger": 70, "achtziger": 80, "neunziger": 90,
}
RELATIVE: dict[str, int | str] = {
    **{f"nächste{s}": 1 for s in ("", "n", "r", "s", "m")},
    **{f"kommende{s}": 1 for s in ("", "n", "r", "s", "m")},
    **{f"letzte{s}": -1 for s in ("", "n", "r", "s", "m")},
    **{f"vergangene{s}": -1 for s in ("", "n", "r", "s", "m")},
    **{f"vorige{s}": -1 for s in ("", "n", "r", "s", "m")},
    **{f"diese{s}": 0 for s in ("", "n", "r", "s", "m")},
    **{f"laufende{s}": 0 for s in ("", "n", "r", "s", "m")},
    **{f"folgende{s}": "text+1" for s in ("", "n", "r", "s", "m")},
    **{f"darauffolgende{s}": "text+1" for s in ("", "n", "r", "s", "m")},
    **{f"vorhergehende{s}": "text-1" for s in ("", "n", "r", "s", "m")},
    **{f"selbe{s}": "text+0" for s in ("", "n", "r", "s", "m")},
    **{f"gleiche{s}": "text+0" for s in ("", "n", "r", "s", "m")},
    "desselben": "text+0", "demselben": "text+0", "denselben": "text+0",
    **{f"neue{s}": "text+1" for s in ("n", "s")},
}
#: Point modifiers before a date ("Anfang 2020", "Mitte der 1990er Jahre").
MODIFIERS = {
    "anfang": "START", "beginn": "START", "früh": "START", "frühen": "START", "mitte": "MID",
    "ende": "END", "ausgang": "END", "späten": "END", "spät": "END",
    "etwa": "APPROX", "rund": "APPROX", "ungefähr": "APPROX", "circa": "APPROX", "ca": "APPROX",
    "gegen": "APPROX", "um": "APPROX", "knapp": "LESS_THAN", "fast": "LESS_THAN",
    "beinahe": "LESS_THAN", "mehr als": "MORE_THAN", "über": "MORE_THAN",
    "weniger als": "LESS_THAN", "unter": "LESS_THAN", "mindestens": "EQUAL_OR_MORE",
    "höchstens": "EQUAL_OR_LESS", "bis zu": "EQUAL_OR_LESS", "gut": "MORE_THAN",
}
DATE_MODS = ("anfang", "beginn", "mitte", "ende", "ausgang")
APPROX_MODS = ("etwa", "rund", "ungefähr", "circa", "ca.", "gegen", "knapp", "fast", "beinahe",
               "mehr als", "über", "weniger als", "unter", "mindestens", "höchstens", "bis zu",
               "gut")
#: Deictic words: an int is a day offset from the reference day, a string a fixed value.
REFS: dict[str, int | str] = {
    "heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2,
    "jetzt": "PRESENT_REF", "derzeit": "PRESENT_REF", "zurzeit": "PRESENT_REF",
    "zur zeit": "PRESENT_REF", "gegenwärtig": "PRESENT_REF", "momentan": "PRESENT_REF",
    "heutzutage": "PRESENT_REF", "gegenwart": "PRESENT_REF", "heutigen tag": "PRESENT_REF",
    "kürzlich": "PAST_REF", "jüngst": "PAST_REF", "neulich": "PAST_REF",
    "vor kurzem": "PAST_REF", "vor kurzer zeit": "PAST_REF", "unlängst": "PAST_REF",
    "in der vergangenheit": "PAST_REF", "einst": "PAST_REF",
    "zukünftig": "FUTURE_REF", "in zukunft": "FUTURE_REF", "in naher zukunft": "FUTURE_REF",
    "in kürze": "FUTURE_REF", "demnächst": "FUTURE_REF", "bald": "FUTURE_REF",
    "wenig später": "FUTURE_REF", "kurz darauf": "FUTURE_REF", "bald darauf": "FUTURE_REF",
    "kurz danach": "FUTURE_REF", "kurze zeit später": "FUTURE_REF", "folgezeit": "FUTURE_REF",
    "der folgezeit": "FUTURE_REF",
    "kurz zuvor": "PAST_REF", "kurz vorher": "PAST_REF", "binnen kurzem": "FUTURE_REF",
}
#: Named days: ``"MM-DD"`` fixed, ``"E+N"`` days from Easter Sunday, ``"MM:W:N"`` the N-th ISO
#: weekday W of month MM (N = -1: the last). Forms a general German lexicon lists.
HOLIDAYS = {
    "weihnachten": "12-25", "weihnachtstag": "12-25", "weihnachtsfeiertag": "12-25",
    **{f"{o} weihnachts{t}": "12-25" for o in ("erste", "ersten", "erster") for t in ("tag",
       "tages", "feiertag", "feiertages")},
    **{f"{o} weihnachts{t}": "12-26" for o in ("zweite", "zweiten", "zweiter") for t in ("tag",
       "tages", "feiertag", "feiertages")},
    "heiligabend": "12-24", "heiligen abend": "12-24", "heiliger abend": "12-24",
    "silvester": "12-31", "silvesterabend": "12-31", "silvesternacht": "12-31",
    "neujahr": "01-01", "neujahrstag": "01-01", "neujahrstages": "01-01",
    "dreikönigstag": "01-06", "heilige drei könige": "01-06", "valentinstag": "02-14",
    "tag der arbeit": "05-01", "maifeiertag": "05-01", "tag der deutschen einheit": "10-03",
    "reformationstag": "10-31", "allerheiligen": "11-01", "nikolaustag": "12-06",
    "ostern": "E+0", "ostersonntag": "E+0", "ostermontag": "E+1", "karfreitag": "E-2",
    "gründonnerstag": "E-3", "karsamstag": "E-1", "pfingsten": "E+49", "pfingstsonntag": "E+49",
    "pfingstmontag": "E+50", "christi himmelfahrt": "E+39", "himmelfahrt": "E+39",
    "fronleichnam": "E+60", "rosenmontag": "E-48", "aschermittwoch": "E-46",
    "muttertag": "05:7:2",
}
#: Named time zones after a clock time and their UTC offsets.
TIMEZONES = {
    "mitteleuropäischer zeit": "+01", "mez": "+01", "mitteleuropäischer sommerzeit": "+02",
    "mesz": "+02", "utc": "Z", "gmt": "Z", "weltzeit": "Z",
}
SETWORDS = {
    "jährlich": "P1Y", "alljährlich": "P1Y", "täglich": "P1D", "wöchentlich": "P1W",
    "monatlich": "P1M", "stündlich": "PT1H", "halbjährlich": "P6M", "vierteljährlich": "P3M",
}

_NUMWORD = alt(k for k, v in NUMBERS.items())
PLACEHOLDERS = {
    # full names never take the sentence's full stop; abbreviations take their own ("Okt.")
    "MONTH": "(?:" + alt(k for k in MONTHS if len(k) > 4 or k in ("mai", "juni", "juli", "märz"))
             + "|" + alt(k for k in MONTHS if len(k) <= 4 and k not in ("mai", "juni", "juli",
                                                                         "märz")) + r"\.?)",
    "MONTHFULL": alt(k for k in MONTHS if len(k) > 4 or k in ("mai", "juni", "juli", "märz")),
    "WEEKDAY": alt(WEEKDAYS),
    "SEASON": alt(SEASONS),
    "UNIT": alt(k for k, v in UNITS.items() if " " not in k and not k.endswith("ig")),
    "CALUNIT": r"(?:Woche|Monats?|Monates|Jahr(?:es|s)?|Quartals?|Wochenendes?|Halbjahr(?:es)?"
               r"|Jahrzehnts?|Jahrhunderts?)",
    "PLUNIT": r"(?:Tagen?|Wochen|Monaten?|Jahren?|Jahrzehnten?|Stunden|Minuten)",
    "NUM": r"(?:\d+(?:[.,]5)?|" + _NUMWORD + ")",
    "NUMWORD": _NUMWORD,
    "ORD": alt(k for k in ORDINALS if not k.isdigit()),
    "REL": alt(RELATIVE),
    "DMOD": alt(DATE_MODS),
    "AMOD": alt(APPROX_MODS),
    "REF": alt(k for k in REFS if k != "morgen"),
    "DECADEWORD": alt(DECADES),
    "SETWORD": alt(SETWORDS),
    "DAYPART": alt(k for k in DAYPARTS if not k.endswith("s")),
    "DAYPARTADV": r"(?:morgens|früh|vormittags|mittags|nachmittags|abends|nachts)",
    "YEAR": r"(?:1\d{3}|20\d{2})",
    "TZ": r"(?:\s+(?P<tz>mitteleuropäischer\s+(?:Sommer)?[Zz]eit|MEZ|MESZ|UTC|GMT|Weltzeit))?",
    "HOLIDAY": alt(HOLIDAYS),
    # Words after a four-digit number that make it a quantity, not a year.
    "QUANT": r"(?:[%€$]|Prozent|Euro|Dollar|Mark|Franken|Pfund|Rubel|Menschen|Personen|Soldaten"
             r"|Mann|Meter|Kilometern?|km|m|kg|t|Tonnen|Stück|Einwohner|Mitglieder|Tote|Toten"
             r"|Verletzte|Opfer|Stimmen|Punkte|Seiten|Kinder|Frauen|Männer|Flüchtlinge|Fälle"
             r"|Häuser|Wohnungen|Arbeitsplätze|Mitarbeiter|Besucher|Zuschauer|Gefangene"
             r"|Panzer|Flugzeuge|Schiffe|Geschütze|Truppen|Kämpfer|Fahrzeuge|mal)\b",
    "PREP": r"(?:am|im|in|an|vom|von|zum|bis|seit|ab|nach|vor|gegen|um|zwischen|und|oder|des"
            r"|bis\s+zum|bis\s+in\s+den|Anfang|Mitte|Ende|Beginn|Ausgang)",
}

_Y = r"(?<![\d.,:/])"  # no digit, decimal point or time before a year
_DAYMONTH = r"(?P<day>[0-3]?\d)\.\s*(?P<month>%MONTH%)"
_WD = (r"(?:(?:(?:frühen|späten)\s+)?(?P<daypart>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht"
       r"|Morgenstunden|Abendstunden)\s+des\s+)?(?:(?P<weekday>%WEEKDAY%),?\s+(?:(?:dem|den)\s+)?)?")

RULES = [
    # explicit dates
    Rule("date_dmy_time", _Y + r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>\d{4}),?\s+"
         r"(?:um\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s*Uhr)?", "date", "TIME"),
    Rule("date_dmy_num", _Y + r"\b" + _WD + r"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\."
         r"(?:(?P<year>\d{4})|(?P<year2>\d{2}))(?![\d.]\d|\d)", "date"),
    Rule("date_iso_month", r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])\b(?!-\d)", "date"),
    Rule("date_iso", r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[01]\d"
         r"|2[0-3]):(?P<minute>[0-5]\d)(?::\d\d)?)?\b", "date"),
    Rule("date_d_month_y", _Y + r"\b" + _WD + r"(?:(?P<mod>%DMOD%)\s+)?" + _DAYMONTH
         + r"(?:\s+(?:(?P<year>\d{3,4})(?!\d)|(?P<year_bc>\d{1,4})(?P<bc>\s+v\.\s*Chr\.)))?"
         + r"(?:\s+(?P<daypart2>morgens|vormittags|mittags|nachmittags|abends|nachts))?", "date"),
    Rule("date_d_month_time", _Y + r"\b" + _DAYMONTH + r"(?:\s+(?P<year>\d{4}))?,?\s+(?:um\s+)?"
         r"(?P<hour>[01]?\d|2[0-4])(?:[:.](?P<minute>[0-5]\d))?\s*Uhr%TZ%", "date", "TIME"),
    Rule("date_month_year", r"\b(?:(?P<mod>%DMOD%|frühen|späten)\s+)?(?P<month>%MONTH%)"
         r"\s+(?:des\s+Jahres\s+)?(?P<year>\d{4})(?!\d)", "date"),
    Rule("date_month_relyear", r"\b(?:(?P<mod>%DMOD%)\s+)?(?P<month>%MONTH%)\s+(?:des\s+)?"
         r"(?P<rel>%REL%)\s+Jahres\b", "date"),
    Rule("date_mod_month", r"\b(?P<mod>%DMOD%)\s+(?P<month>%MONTHFULL%)\b(?!\s*\d)", "date"),
    Rule("date_month_ctx", r"\b%PREP%\s+(?P<t>(?P<month>%MONTHFULL%))\b(?!\s*\d)", "date"),
    # years, decades, centuries; a number between a quantity word and a noun is no year
    Rule("not_year_quantity", _Y + r"\b(?:mit|über|und|aus|rund|etwa|knapp|fast|insgesamt|ca\."
         r"|nur|noch|von|auf|in)[ \t]+%YEAR%[ \t]+(?-i:[A-ZÄÖÜ][a-zäöüß]+(?:e|en|er|ern|n))\b",
         "block"),
    Rule("year_bc", r"\b(?:(?P<mod>%DMOD%|%AMOD%)\s+)?(?:(?:im\s+)?Jahre?\s+)?(?P<year>\d{1,4})"
         r"\s*(?P<bc>v\.\s*Chr\.?|vor\s+Christus|v\.\s*u\.\s*Z\.)", "date"),
    Rule("year_ad", r"\b(?:(?:im\s+)?Jahre?\s+)?(?P<year>\d{1,4})\s*(?:n\.\s*Chr\.?|nach\s+"
         r"Christus)", "date"),
    Rule("year_jahr", r"\b(?:(?P<mod>%DMOD%)\s+(?:des\s+)?)?Jahre?s?\s+(?P<year>\d{4})\b", "date"),
    Rule("year_mod", _Y + r"\b(?:(?P<mod>%DMOD%|etwa|um|gegen|circa|ca\.)\s+)(?P<year>%YEAR%)\b"
         r"(?![.,:]\d|\s*%QUANT%)", "date"),
    Rule("year_slash", _Y + r"\b(?P<t1>(?P<year1>%YEAR%))[/–-](?P<t2>(?P<year>\d{2}|%YEAR%))\b"
         r"(?![.,]\d)", "range"),
    Rule("year_range_bc", _Y + r"\b(?P<t1>(?P<year1>\d{1,4}))\s*[/–-]\s*(?P<t2>(?P<year>\d{1,4})\s*"
         r"(?P<bc>v\.\s*Chr\.?))", "range"),
    # "im Jahr 149" inside a narrative about the centuries BC
    Rule("year_jahr_bc", r"\bJahre?s?\s+(?P<year>\d{1,3})\b(?![.,]?\d|\s*(?:v\.|n\.|vor|nach))",
         "date", params={"bc_context": True}),
    Rule("year_bare", _Y + r"\b(?P<year>%YEAR%)\b(?![.,:]\d|\s*%QUANT%|\s*Uhr)", "date"),
    Rule("decade_num", r"\b(?:(?P<mod>%DMOD%)\s+(?:der\s+)?)?(?P<decade>1\d{3}|20\d{2})er"
         r"(?:[-\s]?Jahren?)?\b", "date"),
    Rule("decade_short", r"\b(?:(?P<mod>%DMOD%)\s+(?:der\s+)?)?(?P<decade>\d0)er[-\s]?Jahren?\b",
         "date"),
    Rule("decade_word", r"\b(?:(?P<mod>%DMOD%)\s+(?:der\s+)?)?(?P<decade>%DECADEWORD%)[-\s]?"
         r"Jahren?\b", "date"),
    Rule("century", r"\b(?:(?P<mod>%DMOD%)\s+(?:des\s+)?)?(?P<century>\d{1,2})\.\s*"
         r"Jahrhunderts?(?P<bc>\s+v\.\s*Chr\.)?", "date"),
    # seasons, quarters, halves
    Rule("season_year", r"\b(?:(?P<mod>%DMOD%|frühen|späten)\s+(?:des\s+)?)?(?P<season>%SEASON%)"
         r"\s+(?:des\s+Jahres\s+)?(?:(?P<year>\d{4})\b|(?P<year_bc>\d{1,4})(?P<bc>\s+v\.\s*Chr\.))",
         "date"),
    Rule("season_relyear", r"\b(?P<season>%SEASON%)\s+(?:des\s+)?(?P<rel>%REL%)\s+Jahres\b",
         "date"),
    Rule("season_ctx", r"\b(?:im|vom|zum|bis\s+zum|seit\s+dem|des|den|dem)\s+(?P<t>(?:(?P<mod>"
         r"frühen|späten)\s+)?(?P<season>%SEASON%))\b(?!\s*\d)", "date"),
    Rule("season_rel", r"\b(?P<rel>%REL%)\s+(?P<season>%SEASON%)\b", "relative"),
    Rule("quarter", r"\b(?P<quarter>%ORD%|[1-4]\.)\s+Quartal(?:s|es)?(?:\s+(?P<year>\d{4}))?",
         "date"),
    Rule("half", r"\b(?P<half>ersten|zweiten|[12]\.)\s+(?:Halbjahr|Jahreshälfte)(?:es|s)?"
         r"(?:\s+(?P<year>\d{4}))?", "date"),
    # named days
    Rule("holiday", r"\b(?:(?P<rel>%REL%)\s+)?(?P<holiday>%HOLIDAY%)(?:\s+(?P<year>\d{4}))?\b",
         "holiday"),
    # weekdays
    Rule("weekday", r"\b(?P<weekday>%WEEKDAY%)(?P<daypart>morgen|vormittag|mittag|nachmittag"
         r"|abend|nacht)?(?:\s+(?P<daypart2>früh|(?-i:Morgen|Vormittag|Mittag|Nachmittag|Abend"
         r"|Nacht)))?\b", "date"),
    Rule("weekday_rel", r"\b(?P<rel>%REL%)\s+(?P<weekday>%WEEKDAY%)\b", "relative"),
    # relative to the reference time
    Rule("rel_unit", r"\b(?:(?P<mod>%DMOD%)\s+(?:des\s+|der\s+)?)?(?P<rel>%REL%)\s+"
         r"(?P<unit>%CALUNIT%)\b", "relative"),
    Rule("rel_month", r"\b(?P<rel>%REL%)\s+(?P<month>%MONTHFULL%)\b", "relative"),
    Rule("next_day", r"\b(?P<rel>nächsten|folgenden|darauffolgenden)\s+Tag(?:es)?\b", "relative",
         params={"rel": "text+1", "unit": "day"}),
    Rule("day_after", r"\b(?:tags\s+darauf|(?:am\s+)?Tag\s+(?:darauf|danach))\b", "relative",
         params={"rel": "text+1", "unit": "day"}),
    Rule("day_before", r"\b(?:Vortag(?:es)?|(?:am\s+)?Tag\s+(?:davor|zuvor))\b", "relative",
         params={"rel": "text-1", "unit": "day"}),
    Rule("prev_year", r"\bVorjahr(?:es|s)?\b", "relative", params={"rel": -1, "unit": "year"}),
    Rule("prev_month", r"\bVormonat(?:es|s)?\b", "relative", params={"rel": -1, "unit": "month"}),
    Rule("prev_week", r"\bVorwoche\b", "relative", params={"rel": -1, "unit": "week"}),
    Rule("next_year", r"\bFolgejahr(?:es|s)?\b", "relative",
         params={"rel": "text+1", "unit": "year"}),
    Rule("year_end", r"\bJahres(?:ende|wechsel|ausklang)s?\b", "relative",
         params={"rel": 0, "unit": "year", "mod": "END"}),
    Rule("year_start", r"\bJahres(?:beginn|anfang)s?\b", "relative",
         params={"rel": 0, "unit": "year", "mod": "START"}),
    Rule("month_end", r"\bMonatsende\b", "relative",
         params={"rel": 0, "unit": "month", "mod": "END"}),
    Rule("weekend", r"\b(?<=am\s)Wochenende\b", "relative", params={"rel": 0, "unit": "weekend"}),
    Rule("mod_unit", r"\b(?:(?P<mod>%DMOD%)|(?<=im\s)Laufe|(?<=im\s)Verlauf)\s+(?:der|des)\s+"
         r"(?P<unit>Woche|Monats|Jahres)\b"
         r"(?!\s+\d)", "relative", params={"rel": 0}),
    Rule("same_unit", r"\b(?:(?P<daypart>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)\s+)?"
         r"(?P<rel>selbe[nm]?|gleiche[nm]?|desselben|demselben)\s+"
         r"(?P<unit>Tag(?:es)?|Jahr(?:es)?|Monat(?:s)?|Woche)\b", "anchored"),
    # offsets ("vor drei Jahren", "drei Tage später", "in zwei Wochen")
    Rule("ago", r"\bvor\s+(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\b", "offset",
         params={"sign": -1}),
    Rule("ago_vague", r"\bvor\s+(?:vielen\s+|langen\s+|einigen\s+)?(?:Jahren|Jahrzehnten|Monaten"
         r"|Wochen|Tagen)\b", "vague", params={"value": "PAST_REF"}),
    Rule("in_future", r"\bin\s+(?P<t>(?P<num>%NUM%)\s+(?P<unit>%UNIT%))\b", "offset",
         params={"sign": 1}),
    Rule("later", r"\b(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\s+(?:später|danach|darauf|nachher)\b",
         "offset", params={"sign": 1, "anchor": "text"}),
    Rule("half_year_later", r"\b(?:ein|einem)\s+halbes\s+Jahr\s+(?:später|danach)\b", "offset",
         params={"sign": 1, "anchor": "text", "months": 6}),
    Rule("later_vague", r"\b(?:Tage|Wochen|Monate|Jahre|Stunden|Minuten)\s+(?:später|danach)\b",
         "vague", params={"value": "FUTURE_REF"}),
    Rule("earlier", r"\b(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\s+(?:zuvor|davor|früher|vorher)\b",
         "offset", params={"sign": -1, "anchor": "text"}),
    # durations
    Rule("duration", r"(?<![:.,]\d)(?<![:.,])\b(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)(?P<half>einhalb)?\s+"
         r"(?P<unit>%UNIT%)\b", "duration", "DURATION"),
    Rule("duration_half", r"\b(?:ein(?:em|en|es)?|eine[mnr]?)\s+halbe[nsr]?\s+Jahr(?:es|e|en)?\b",
         "duration", "DURATION", params={"unit": "half"}),
    # "der 25-Jährige" is a person's age, no temporal expression
    Rule("not_age", r"\b(?:%NUMWORD%|\d+)-?(?-i:J)ährige[nmrs]?\b", "block"),
    Rule("duration_adj", r"\b(?P<num>%NUMWORD%|\d+)-?(?P<unit>tägig|wöchig|monatig|jährig"
         r"|stündig|minütig)(?:e[nmrs]?)?\b", "duration", "DURATION"),
    Rule("duration_long", r"\b(?P<unit>jahre|monate|wochen|tage|jahrzehnte|stunden)-?lang"
         r"(?:e[nmrs]?)?\b", "duration", "DURATION", params={"vague": True}),
    Rule("duration_plural", r"\b(?:seit|über|für|nach)\s+(?P<t>(?P<unit>Jahrzehnten|Jahren"
         r"|Monaten|Wochen|Tagen|Stunden))\b", "duration", "DURATION", params={"vague": True}),
    Rule("duration_vague_rel", r"\b(?:in|während|innerhalb|seit|über|binnen)?\s*(?:den|der|die)"
         r"\s+(?P<t>(?P<rel>%REL%)\s+(?:(?P<num>%NUM%)\s+)?(?P<unit>%PLUNIT%))\b", "vague"),
    # times of day
    # a clock time before its day ("um 12 Uhr am Freitag"): the time is on that day; the day
    # keeps its own span
    Rule("time_uhr_day", r"\b(?P<t>(?P<hour>[01]?\d|2[0-4])(?:[:.](?P<minute>[0-5]\d))?\s*Uhr"
         r"%TZ%)\s+(?:am\s+(?:(?P<weekday>%WEEKDAY%)\b|" + _DAYMONTH + r"(?:\s+(?P<year>\d{4}))?)"
         r"|(?P<ref>heute|gestern|vorgestern|übermorgen)\b)", "clock_day", "TIME"),
    Rule("time_uhr", r"\b(?P<hour>[01]?\d|2[0-4])(?:[:.](?P<minute>[0-5]\d))?\s*Uhr(?:\s+"
         r"(?P<minute2>[0-5]\d)\b(?![.,]\d))?(?:\s+(?P<daypart>%DAYPARTADV%))?%TZ%\b", "time", "TIME"),
    Rule("time_colon", r"\b(?:um|gegen|ab|bis)\s+(?P<t>(?P<hour>[01]?\d|2[0-3]):(?P<minute>"
         r"[0-5]\d))\b", "time", "TIME"),
    Rule("midnight", r"\bMitternacht\b", "time", "TIME", params={"hour": 24}),
    Rule("daypart", r"\b(?:am|in\s+der|im\s+Laufe\s+des|[Gg]egen)\s+(?P<t>(?:(?:frühen|späten)\s+)?"
         r"(?P<daypart>Morgen|Vormittag"
         r"|Mittag|Nachmittag|Abend|Nacht))\b", "daypart", "TIME", case_sensitive=True),
    Rule("ref_daypart", r"\b(?P<ref>heute|gestern|vorgestern|morgen|übermorgen)\s+(?P<daypart>"
         r"Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht|früh)\b", "ref", "TIME"),
    Rule("ref", r"\b(?P<ref>%REF%)\b", "ref"),
    # "nun" in news is the present; in history narratives it is a discourse particle
    Rule("ref_nun", r"\b(?:von\s+nun\s+an|ab\s+nun|bis\s+nun|nun)\b", "ref",
         params={"value": "PRESENT_REF", "news": True}),
    Rule("rel_daypart", r"\b(?P<rel>selbe[nm]?|gleiche[nm]?|nächste[nm]?|folgende[nm]?"
         r"|darauffolgende[nm]?)\s+(?P<daypart>Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht)\b",
         "ref", "TIME", params={"text": True}),
    Rule("ref_tomorrow", r"\b(?P<ref>morgen)\b(?!\s+(?:früh|Abend))", "ref", case_sensitive=True),
    # sets
    Rule("set_word", r"\b(?P<setword>%SETWORD%)(?:e[nmrs]?)?\b", "set", "SET"),
    Rule("set_each", r"\b(?:jede[nmrs]?|pro|je)\s+(?:(?P<weekday>%WEEKDAY%)|(?P<unit>Tag|Woche"
         r"|Monat|Jahr|Stunde|Minute|Quartal))\b", "set", "SET"),
    Rule("set_every_n", r"\balle\s+(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\b", "set", "SET"),
    Rule("set_times", r"\b(?:ein|zwei|drei|vier|\d+)mal\s+(?:im|pro|in\s+der|am)\s+(?P<unit>Jahr"
         r"|Monat|Woche|Tag)\b", "set", "SET"),
    Rule("set_weekday", r"\b(?P<weekday>%WEEKDAY%)s\b", "set", "SET"),
]

#: Day ranges "vom 10. bis 13. September 2023": the first day takes month and year of the second.
RANGE_RULES = [
    Rule("range_day_months", _Y + r"\b(?P<t1>(?:(?P<daypart1>Nacht)\s+(?:vom|zum)\s+)?(?P<day1>[0-3]?\d)"
         r"\.\s*(?P<month1>%MONTH%))\s*(?:bis(?:\s+(?:zum|einschließlich))?|[-–/]|auf\s+den)\s*"
         r"(?P<t2>(?P<day>[0-3]?\d)\.\s*(?P<month>%MONTH%)\s+(?P<year>\d{4}))", "range"),
    Rule("range_days", _Y + r"\b(?P<t1>(?:(?P<daypart1>Nacht)\s+(?:vom|zum)\s+)?(?P<day1>[0-3]?\d)\.)\s*(?:bis(?:\s+(?:zum|einschließlich))?"
         r"|[-–/]|und(?:\s+dem)?|auf\s+den)\s*(?P<t2>(?P<day>[0-3]?\d)\.\s*(?P<month>%MONTH%)(?:\s+(?P<year>\d{4}))?)",
         "range"),
    Rule("range_months", r"\b(?P<t1>(?P<month1>%MONTHFULL%))\s*(?:bis|[-–/]|und)\s*(?P<t2>"
         r"(?P<month>%MONTHFULL%)\s+(?P<year>\d{4}))\b", "range"),
]

#: Words outside the lexicons above that can carry a temporal expression on their own.
EXTRA_TRIGGERS = ("uhr", "nun", "vorjahr", "vormonat", "vorwoche", "folgejahr", "jahres", "monats",
                  "mitternacht", "vortag", "chr", "christus", "quartal", "halbjahr",
                  "jahreshälfte", "jahrhundert", "folgezeit", "zukunft", "kürze", "kurzem",
                  "später", "darauf", "danach", "vergangenheit", "zeitpunkt", "folge")

#: Trigger stems that occur inside words ("zweitägigen", "Vortag", "jahrelang").
INNER_TRIGGERS = ("tägig", "jährig", "wöchig", "monatig", "stündig", "minütig", "lang", "tag",
                  "jahr", "monat", "woche", "stunde")

#: Tense of a clause. Future: auxiliaries and planning words; past: auxiliaries of the perfect
#: and pluperfect, passive past, and the preterite of common reporting and motion verbs.
FUTURE_MARKERS = (
    r"\b(?:wird|werden|wirst|werde|würde|würden|soll|sollen|will|wollen|plant|planen|geplant"
    r"|geplanten?|beabsichtigt|bevorstehenden?|voraussichtlich|anstehenden?|kommenden?)\b")
PAST_MARKERS = (
    r"\b(?:war|waren|hatte|hatten|hat|haben|wurde|wurden|(?:ist|sind)\s(?:[^.;]{0,80}?\s)?"
    r"ge\w{2,}(?:t|en)|sagte|sagten|erklärte|erklärten|teilte|teilten|berichtete|berichteten"
    r"|meldete|meldeten|betonte|kündigte|kündigten|bestätigte|bestätigten|warnte|warnten"
    r"|forderte|reiste|reisten|traf|trafen|kam|kamen|ging|gingen|gab|gaben|fand|fanden|stand"
    r"|standen|sprach|sprachen|sah|sahen|nahm|nahmen|hielt|hielten|rief|riefen|lud|luden"
    r"|sandte|sandten|schickte|schickten|begann|begannen|verließ|verließen|brach|starb|fiel"
    r"|fielen|zog|zogen|flog|flogen|schrieb|schrieben|blieb|blieben|lag|lagen|wies|stattete"
    r"|besuchte|besuchten|eröffnete|unterzeichnete|unterzeichneten|veröffentlichte|stellte"
    r"|stellten|zitierte|verkündete|startete|landete|endete|dauerte|folgte|gestern|damals"
    r"|eskalierten|eskalierte|lobte|akzeptierte|griff|griffen|siegte|gewann|verlor|trat|traten"
    r"|musste|mussten|konnte|konnten|durfte|durften|wollte|wollten)\b")
#: Words before a dated mention that make it a side reference, not a move of the running date
#: in a narrative ("seit 1939", "bis 1881", "der Kriegsrat vom 8. Dezember 1912", "geboren
#: 1890"); ``RANGE_AFTER`` after the mention undoes it ("vom 3. Mai 1940 bis …").
ASIDE_BEFORE = (r"(?:\bseit(?:\s+(?:dem|den|der))?|\bbis(?:\s+(?:zum|zur|in\s+die|ins))?|\bvom"
                r"|\bvon|\bnach|\bvor|\bgeboren(?:\s+am)?|\bgestorben(?:\s+am)?|\bgeb\.|\bgest\."
                r"|[*†])")
#: Words between a dated mention and a weekday that make them two days, not one in
#: apposition ("vom 14. September bis Donnerstag").
APPOSITION_BREAK = r"\b(?:bis|und|oder|seit|vor|nach|ab)\b|[–—]"
RANGE_AFTER = r"\s*(?:bis\b|[-–—])"
#: A past perfect turns "bis Freitag" into a look back ("hatten bis Freitag ... abgegeben").
PERFECT_MARKERS = r"\b(?:hatte|hatten|hattest|war|waren)\b"
FUTURE_HINTS = r"(?:\bab|\bbis|\bbis\s+zum|\bspätestens|\bkommenden|\bnächsten)"
PAST_HINTS = r"(?:\bseit|\bvergangenen|\bletzten|\bvorigen)"
#: Words whose full stop ends no sentence ("Dr. Müller", "Nr. 5").
ABBREVIATIONS = ("vs", "Dr", "Prof", "Nr", "St")
CLAUSE_BREAK = (r"[.!?;:]['\"’”“«»)]*\s|,\s|\s[-–]\s|\s(?:und|aber|oder|sondern|doch|während|nachdem|bevor"
                r"|als|wo|wie|dass|weil|obwohl)\s")

#: Rules that can only match where one of these trigger words occurs ("#": a digit): the
#: tagger runs them only on the stretches of text holding one (a speed-up; results equal).
NEEDS: dict[str, tuple[str, ...]] = {
    **{name: ("#",) for name in (
        "date_dmy_time", "date_dmy_num", "date_iso_month", "date_iso", "date_d_month_y",
        "date_d_month_time", "date_month_year", "not_year_quantity", "year_bc", "year_ad",
        "year_jahr", "year_mod", "year_slash", "year_range_bc", "year_jahr_bc", "year_bare",
        "decade_num", "decade_short", "century", "season_year", "time_uhr", "time_uhr_day",
        "time_colon", "range_day_months", "range_days")},
    **{name: tuple(WEEKDAYS) for name in ("weekday", "weekday_rel", "set_weekday")},
}
