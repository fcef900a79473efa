"""English temporal expressions: word lists and rules (data only; the code is in resolve.py).

Same shape as ``rules_de``. Extents follow TimeML: prepositions stay outside ("on Friday" ->
"Friday"), determiners and modifiers inside ("the last week", "early next year").
"""

from __future__ import annotations

from .grammar import Rule, alt, no_stop

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
DAYPARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
            "midday": "MI", "overnight": "NI"}
UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
    "quarter": "quarter", "quarters": "quarter", "weekend": "weekend", "weekends": "weekend",
    "fortnight": "week",
}
NUMBERS = {
    "single": 1,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a few": "X", "few": "X", "several": "X", "many": "X", "some": "X", "a couple of": 2,
    "couple of": 2, "a half": 0.5, "one and a half": 1.5, "a dozen": 12,
}
ORDINALS = {"final": 4, "first": 1, "second": 2, "last": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "1": 1, "2": 2, "3": 3, "4": 4}
DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
           "seventies": 70, "eighties": 80, "nineties": 90}
RELATIVE: dict[str, int | str] = {
    "next": 1, "coming": 1, "the coming": 1, "the next": 1, "upcoming": 1, "last": -1,
    "past": -1, "previous": -1, "the past": -1, "the last": -1, "the previous": -1,
    "prior": -1, "the prior": -1, "preceding": -1, "the preceding": -1,
    "this": 0, "current": 0, "the current": 0, "the same": "text+0", "same": "text+0",
    "following": "text+1", "the following": "text+1", "that": "text+0", "recent": -1,
    # "the latest quarter" in a report is the last one completed, not the current one
    "the latest": -1, "latest": -1,
}
MODIFIERS = {
    "early": "START", "earlier": "START", "the beginning of": "START", "beginning of": "START",
    "the start of": "START", "start of": "START", "mid": "MID", "the middle of": "MID",
    "middle of": "MID", "late": "END", "later": "END", "the end of": "END", "end of": "END",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}
DATE_MODS = ("early", "earlier", "mid", "late", "later", "the beginning of", "beginning of",
             "the start of", "start of", "the middle of", "middle of", "the end of", "end of")
APPROX_MODS = ("about", "around", "approximately", "roughly", "nearly", "almost", "more than",
               "over", "less than", "under", "at least", "up to", "no more than")
REFS: dict[str, int | str] = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "now": "PRESENT_REF", "right now": "PRESENT_REF",
    "currently": "PRESENT_REF", "at present": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at the moment": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "formerly": "PAST_REF", "recent": "PAST_REF", "current": "PRESENT_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "the time being": "PRESENT_REF",
    "in the coming days": "FUTURE_REF",
}
#: Named days: ``"MM-DD"`` fixed, ``"E+N"`` days from Easter Sunday, ``"MM:W:N"`` the N-th ISO
#: weekday W of month MM (N = -1: the last). US and UK holidays of a general lexicon.
HOLIDAYS = {
    "christmas": "12-25", "christmas day": "12-25", "christmas eve": "12-24",
    "boxing day": "12-26", "new year's day": "01-01", "new year's": "01-01",
    "new year's eve": "12-31", "valentine's day": "02-14", "st. patrick's day": "03-17",
    "independence day": "07-04", "fourth of july": "07-04", "halloween": "10-31",
    "veterans day": "11-11", "veterans' day": "11-11", "easter": "E+0", "easter sunday": "E+0",
    "easter monday": "E+1", "good friday": "E-2", "thanksgiving": "11:4:4",
    "thanksgiving day": "11:4:4", "memorial day": "05:1:-1", "labor day": "09:1:1",
    "martin luther king day": "01:1:3", "presidents day": "02:1:3", "presidents' day": "02:1:3",
    "columbus day": "10:1:2", "mother's day": "05:7:2", "father's day": "06:7:3",
}
#: ISO 8601 offsets of zone names; US zones are left out, as TimeML annotation of US news gives
#: their clock times without an offset ("5 p.m. EST" = T17:00).
TIMEZONES = {"utc": "Z", "gmt": "Z"}
#: Words that name a clock time on their own.
CLOCKWORDS = {"noon": 12, "midday": 12, "midnight": 24}
SETWORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
            "yearly": "P1Y", "hourly": "PT1H",
            "nightly": "P1D", "biweekly": "P2W"}

NUMBERS.update({f"{t} {u}": NUMBERS[t] + NUMBERS[u]  # type: ignore[operator]
                for t in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                          "ninety")
                for u in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")})
NUMBERS.update({f"{u} {h}": NUMBERS[u] * m  # type: ignore[operator]
                for u in ("a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
                for h, m in (("hundred", 100), ("thousand", 1000))})
#: Number words; compounds take a hyphen or a space ("twenty-four", "twenty four").
_NUMWORD = alt(k for k in NUMBERS).replace(r"\s+", r"[-\s]+")
PLACEHOLDERS = {
    # "May" is a month only when capitalised (the modal verb is frequent).
    # full names never take the sentence's full stop; abbreviations take their own ("Oct.")
    "MONTH": "(?:" + alt(k for k in MONTHS if len(k) > 4 or k in ("june", "july")) + "|"
             + alt(k for k in MONTHS if len(k) <= 4 and k not in ("may", "june", "july"))
             + r"\.?|(?-i:May))",
    "MONTHFULL": "(?:" + alt(k for k in MONTHS if len(k) > 3 and k not in ("may", "march",
                                                                            "sept"))
                 + "|(?-i:May|March))",
    "WEEKDAY": alt(WEEKDAYS),
    "SEASON": alt(SEASONS),
    "UNIT": alt(UNITS),
    "UNITSG": r"(?:year|month|week|day|hour|minute|second|decade|century|quarter)",
    "CALUNIT": r"(?:week|month|year|quarter|weekend|decade|century)",
    "PLUNIT": r"(?:days|weeks|months|years|decades|hours|minutes)",
    "NUM": r"(?:(?:\d+(?:\.5|\s+1/2)?|" + _NUMWORD + r")(?:\s+and\s+a\s+half)?)",
    "NUMWORD": _NUMWORD,
    "ORD": r"(?:first|second|third|fourth|1st|2nd|3rd|4th)",
    "REL": alt(RELATIVE),
    "DMOD": alt(DATE_MODS),
    "AMOD": alt(APPROX_MODS),
    "REF": alt(k for k in REFS if k not in ("current", "recent")),
    "DECADEWORD": alt(DECADES),
    "SETWORD": alt(SETWORDS),
    "YEAR": r"(?:1\d{3}|20\d{2})",
    # spoken years: "nineteen ninety-six", "two thousand and one"
    "YEARWORDS": r"(?:(?:eighteen|nineteen|twenty)[-\s](?:hundred|(?:ten|eleven|twelve|thirteen"
                 r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty"
                 r"|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven"
                 r"|eight|nine))?)|two\s+thousand(?:(?:\s+and)?[-\s](?:one|two|three|four|five|six"
                 r"|seven|eight|nine|ten))?)",
    "HOLIDAY": alt(HOLIDAYS),
    # US and European zone abbreviations after a clock time ("5 p.m. EST"), upper case only
    "ZONE": r"(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC|BST|CES?T))\b",
    "QUANT": r"(?:[%$€£]|percent|people|persons|dollars|euros|pounds|troops|soldiers|men|women"
             r"|children|deaths|members|votes|points|pages|miles|kilometers|km|meters|feet"
             r"|tons|units|shares|jobs|cases|homes|students|workers|residents|employees"
             r"|acres|barrels|cars|vehicles|times)\b",
}

_Y = r"(?<![\d.,:/$])"
_WD = r"(?:(?P<weekday>%WEEKDAY%),?\s+)?"

RULES = [
    Rule("date_mdy_time", r"\b(?P<month>%MONTH%)\s+(?P<day>[0-3]?\d),?\s+(?P<year>\d{4}),?\s+"
         r"(?:at\s+)?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)", "date", "TIME"),
    Rule("date_mdy", _Y + r"\b" + _WD + r"(?P<month>%MONTH%)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
         r"\b(?!:\d)(?:,?\s+(?P<year>\d{4})\b)?", "date"),
    Rule("date_dmy", _Y + r"\b" + _WD + r"(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
         r"(?:of\s+)?(?P<month>%MONTH%)\b(?:,?\s+(?P<year>\d{4})\b)?", "date"),
    Rule("date_slash", _Y + r"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?:(?P<year>\d{4})"
         r"|(?P<year2>\d{2}))\b", "date"),
    Rule("date_iso", r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>"
         r"[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::\d\d)?)?\b", "date"),
    Rule("date_month_year", r"\b(?:(?P<mod>%DMOD%)[-\s]+)?(?P<month>%MONTH%),?\s+(?:of\s+)?"
         r"(?P<year>\d{4})\b", "date"),
    Rule("date_month_relyear", r"\b(?:(?P<mod>%DMOD%)[-\s]+)?(?P<month>%MONTHFULL%)\s+(?:of\s+)?"
         r"(?P<rel>this|last|next)\s+year\b", "date"),
    Rule("date_mod_month", r"\b(?P<mod>%DMOD%)[-\s]+(?P<month>%MONTHFULL%)\b(?!\s*\d)", "date"),
    Rule("date_month_ctx", r"\b(?:in|since|until|till|by|from|to|through|during|of|and|or"
         r"|before|after|early|late|mid|the|a|for|between|throughout|into|of|their|its)\s+(?P<t>(?P<month>"
         r"%MONTHFULL%))\b(?!\s*\d)", "date"),
    Rule("date_month_rel", r"\b(?P<rel>last|next|this)\s+(?P<month>%MONTHFULL%)\b", "relative"),
    # years, decades, centuries
    Rule("year_words", r"\b(?:the\s+year\s+)?(?:(?P<month>%MONTHFULL%)\s+)?(?P<yearwords>"
         r"%YEARWORDS%)\b(?![-\s]+(?:%PLUNIT%|%QUANT%|years)\b)", "date"),
    # "will one day be": an adverb of an unknown future time, not a day's length
    Rule("one_day", r"\b(?:will|would|could|might|may|can|should|must|to|hope|hopes|he|she|they"
         r"|we|I|you)\s+(?P<t>one\s+day)\s+(?!(?:of|in|at|on|after|before|later|earlier|and|or"
         r"|ago)\b)[a-z]", "ref", params={"value": "FUTURE_REF"}),
    Rule("year_fiscal", r"\b(?:fiscal|the\s+year|calendar)\s+(?:year\s+)?(?P<year>%YEAR%)\b",
         "date"),
    Rule("year_mod", _Y + r"\b(?:(?P<mod>%DMOD%)[-\s]+)(?P<year>%YEAR%)\b(?![.,:]\d|\s*%QUANT%)",
         "date"),
    Rule("year_bc", r"\b(?P<year>\d{1,4})\s*(?P<bc>B\.?C\.?(?:E\.?)?)(?!\w)", "date",
         case_sensitive=True),
    Rule("year_bare", _Y + r"\b(?P<year>%YEAR%)\b(?![.,:]\d|\s*%QUANT%|-\d)", "date"),
    Rule("decade_num", r"\b(?:the\s+)?(?:(?P<mod>%DMOD%)[-\s]+)?(?P<decade>1\d{2}0|20\d0)'?s\b",
         "date"),
    # "since '82": a two-digit year after an apostrophe (not the decade "'80s")
    Rule("year_apos", r"(?<![\w'])'(?P<year2>\d\d)\b(?!['’]?s\b|\s*%QUANT%)", "date"),
    # "the 70s and 80s": two-digit decades without the apostrophe, after "the" or in a pair
    Rule("decade_bare", r"(?:(?<=\bthe\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\d0s\sand\s))(?P<decade>"
         r"[2-9]0)s\b(?!\s*(?:degrees|percent|%|°|mph|km))", "date"),
    Rule("decade_short", r"(?:\bthe\s+)?(?:(?P<mod>%DMOD%)[-\s]+)?'(?P<decade>\d0)s\b", "date"),
    Rule("decade_word", r"\b(?:the\s+)?(?:(?P<mod>%DMOD%)[-\s]+)?(?P<decade>%DECADEWORD%)\b",
         "date"),
    Rule("century", r"\b(?:the\s+)?(?:(?P<mod>%DMOD%)[-\s]+)?(?P<century>\d{1,2})(?:st|nd|rd|th)"
         r"[-\s]+century\b", "date"),
    # seasons, quarters, halves
    Rule("season_year", r"\b(?:(?P<mod>%DMOD%)[-\s]+)?(?P<season>%SEASON%)\s+(?:of\s+)?"
         r"(?P<year>\d{4})\b", "date"),
    Rule("season_ctx", r"\b(?:in|during|since|until|by|over|into|through|throughout|of|for|from)\s+"
         r"(?P<t>(?:the\s+)?(?:(?P<mod>early"
         r"|late)\s+)?(?P<season>spring|summer|autumn|winter))\b(?!\s*\d)", "date"),
    Rule("season_rel", r"\b(?P<rel>this|last|next|past|coming)\s+(?P<season>%SEASON%)\b",
         "relative"),
    # "the fiscal first quarter"; in "the third-quarter loss" the article belongs to the noun
    Rule("quarter", r"\b(?:the\s+(?!(?:%ORD%|final)-quarter\b))?(?:fiscal[-\s]+)?(?P<quarter>%ORD%"
         r"|final)[-\s]+quarter\b(?:\s+(?:of\s+)?(?P<year>\d{4})\b|\s+of\s+(?P<rel>last|this|next)"
         r"\s+year\b)?", "date"),
    # "this year's third quarter"; "last year's quarter" = the report's quarter a year back
    Rule("quarter_of_year", r"\b(?P<rel>this|last|next)\s+year['’]s\s+(?:fiscal[-\s]+)?(?P<quarter>"
         r"%ORD%|final)[-\s]+quarter\b", "date"),
    Rule("year_quarter", r"\b(?P<rel>this|last|next)\s+year['’]s\s+(?P<period>quarter|period)\b",
         "relative", params={"unit": "year", "quarterly": True}),
    Rule("period", r"\bthe\s+(?P<year>%YEAR%)\s+(?:(?P<quarter>first|second|third|fourth)\s+)?"
         r"(?:period|quarter)\b", "period"),
    Rule("half", r"\b(?:the\s+)?(?P<half>first|second|last)\s+half(?:\s+of\s+(?:(?P<year>\d{4})|the"
         r"\s+year))?\b", "date"),
    # named days
    Rule("holiday", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<holiday>%HOLIDAY%)(?:,?\s+(?P<year>"
         r"\d{4}))?\b", "holiday"),
    # weekdays
    Rule("weekday", r"\b(?:(?P<mod>early|late)\s+)?(?P<weekday>%WEEKDAY%)(?:\s+(?P<daypart>morning|afternoon|evening"
         r"|night))?\b", "date"),
    Rule("weekday_rel", r"\b(?P<rel>last|next|this|this\s+coming|this\s+past)\s+(?P<weekday>"
         r"%WEEKDAY%)\b", "relative"),
    # "the previous Friday": the Friday before the one the text is at
    Rule("weekday_text", r"\b(?:the\s+)?(?P<rel>previous|preceding|following)\s+(?P<weekday>"
         r"%WEEKDAY%)\b", "relative", params={"text": True}),
    # relative units
    Rule("rel_unit", r"\b(?:(?P<mod>%DMOD%)\s+)?(?P<rel>%REL%)\s+(?P<unit>%CALUNIT%)\b(?!-)(?:\s+or"
         r"\s+so\b)?",
         "relative"),
    Rule("next_day", r"\b(?:the\s+)?(?:next|following)\s+day\b", "relative",
         params={"rel": "text+1", "unit": "day"}),
    Rule("day_after", r"\b(?:the\s+)?day\s+after\b(?!\s+(?:tomorrow|\w+ing)\b)", "relative",
         params={"rel": "text+1", "unit": "day"}),
    Rule("day_before", r"\b(?:the\s+)?(?:previous\s+day|day\s+before)\b(?!\s+\w+ing\b)", "relative",
         params={"rel": "text-1", "unit": "day"}),
    # "the year-ago quarter"; in "the year-ago results" the article belongs to the noun
    Rule("year_ago_quarter", r"\b(?:(?:the\s+)?(?:comparable\s+)?year-(?:earlier|ago)\s+(?:(?:first"
         r"|second|third|fourth)\s+)?(?P<period>quarter|period)|year-(?:earlier|ago))\b", "relative",
         params={"rel": -1, "unit": "year", "quarterly": True}),
    Rule("same_unit", r"\b(?:that(?:\s+same)?|the\s+(?:very\s+)?same)\s+(?P<unit>day|week|month"
         r"|year)\b", "anchored"),
    # "that night", "the same morning": the day part of the text's last day
    Rule("that_daypart", r"\b(?:that|the\s+same)\s+(?P<daypart>morning|afternoon|evening|night)\b",
         "anchored", "TIME", params={"unit": "day"}),
    Rule("week_of_month", r"\bthe\s+(?P<nth>first|second|third|fourth|last|final)\s+week\s+(?:of"
         r"|in)\s+(?P<month>%MONTHFULL%)\b(?:,?\s+(?P<year>\d{4})\b)?", "week_of_month"),
    Rule("week_of", r"\bthe\s+week\s+of\s+(?P<month>%MONTH%)\s+(?P<day>[0-3]?\d)\b(?:,?\s+"
         r"(?P<year>\d{4})\b)?", "date", params={"gran": "week"}),
    # "the quarter" in a report: the quarter of the last date, else the last completed one
    # "the year" of a report: the current one; "the year ended Sept. 30": a year's length
    Rule("the_year_ended", r"\b(?P<t>the\s+(?:fiscal\s+)?year)\s+(?:ended|ending)\b", "duration",
         "DURATION", params={"unit": "year"}),
    Rule("the_year", r"\b(?:for|in|during|through|throughout)\s+(?P<t>the\s+(?:full\s+|fiscal\s+"
         r"|current\s+|entire\s+|whole\s+)?year)\b(?!\s+(?:ended|ending|before|after|earlier|ago|when|in\s+which|that))",
         "relative", params={"rel": 0, "unit": "year", "near_text": True}),
    Rule("year_end", r"\b(?:the\s+)?(?:year[-\s]end|year's\s+end)\b", "relative",
         params={"rel": 0, "unit": "year", "mod": "END"}),
    Rule("mod_the_unit", r"\b(?P<mod>%DMOD%)\s+the\s+(?P<unit>year|month|week|quarter)\b", "relative",
         params={"rel": 0}),
    Rule("latest_period", r"\b(?:the\s+)?latest\s+period\b", "anchored",
         params={"unit": "quarter", "fallback": -1}),
    Rule("the_quarter", r"\b(?:the|that)\s+quarter\b(?!\s+(?:of\s+a|century|mile|point))",
         "anchored", params={"unit": "quarter", "fallback": -1}),
    # "ahead of the weekend": the weekend of the current week
    Rule("coming_weekend", r"\b(?:ahead\s+of|before)\s+(?P<t>the\s+weekend)\b", "relative",
         params={"rel": 0, "unit": "weekend"}),
    Rule("over_weekend", r"\b(?:over|during)\s+(?P<t>the\s+weekend)\b", "relative",
         params={"rel": -1, "unit": "weekend"}),
    # offsets
    # "the same period last year", "the same month a year ago": the period the text is at, a
    # year back
    Rule("same_period_ago", r"\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|month"
         r"|quarter|week|time)\s+(?:of\s+)?(?:last\s+year|the\s+(?:previous|prior|last)\s+year"
         r"|a\s+year\s+(?:ago|earlier|before))\b", "offset",
         params={"sign": -1, "anchor": "text", "unit": "year"}),
    Rule("ago", r"\b(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)\s+(?P<unit>%UNIT%)(?:\s+or\s+so)?\s+ago\b",
         "offset",
         params={"sign": -1}),
    Rule("ago_vague", r"\b(?:years|months|weeks|days|decades)\s+ago\b", "vague",
         params={"value": "PAST_REF"}),
    # "three days later", "two days before the launch": TimeML tags the length ("three days",
    # DURATION) and leaves the signal word out; the day it points to is kept as attrs["date"].
    # "a year earlier" in a report is the compared period itself (DATE, "earlier" inside).
    Rule("later", r"\b(?P<t>(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)\s+(?P<unit>%UNIT%)(?P<half>\s+and"
         r"\s+a\s+half)?)\s+(?:later|afterwards?)\b", "offset",
         params={"sign": 1, "anchor": "text", "as_duration": True}),
    Rule("before", r"\b(?P<t>(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)\s+(?P<unit>%UNIT%)(?P<half>\s+and"
         r"\s+a\s+half)?)\s+before\b", "offset",
         params={"sign": -1, "anchor": "text", "as_duration": True}),
    Rule("earlier", r"\b(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\s+(?:earlier|prior)\b(?!\s+to)",
         "offset", params={"sign": -1, "anchor": "text"}),
    Rule("from_now", r"\b(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\s+from\s+now\b", "offset",
         params={"sign": 1}),
    # a rate after a quantity ("$500 million a year", "700 seats a week") is no duration
    Rule("not_rate", r"(?:\d|\b(?:million|billion|percent|cents?|units|dollars|seats|flights))\s+"
         r"(?P<t>a\s+(?:year|month|week|day))\b(?!\s+(?:ago|earlier|later|before|after|from))",
         "block"),
    # "a second A380", "a quarter of its dealers": an ordinal or a fraction, not a duration
    Rule("not_second", r"\b(?P<t>(?:%AMOD%\s+)?an?\s+(?:second|quarter))[\s,]+(?!(?:later|ago|earlier|before|after"
         r"|or|and|longer|more|in|of\s+(?:a|an)\s+(?:century|hour)|to|from)\b)[\w$]", "block"),
    # durations
    Rule("duration", r"(?<![:.,]\d)(?<![:.,])\b(?:(?:the\s+)?(?:(?:first|last|past|next|previous|coming|following)"
         r"\s+)?)?(?:(?P<mod>%AMOD%)\s+)?(?P<num>%NUM%)\s+(?:(?:more|straight|consecutive|full|whole"
         r"|additional|trading|business|working)\s+)?(?P<unit>%UNIT%)\b(?P<half>\s+and\s+a\s+half\b)?"
         r"(?:\s+or\s+so\b)?"
         r"(?!\s+(?:ago|later|earlier|from\s+now))", "duration", "DURATION"),
    # "between 60 and 90 days", "two to three weeks": the first number has the second's unit
    Rule("duration_range_first", r"\b(?P<t>(?P<num>%NUM%))\s+(?:to|and|or|-|–)\s+%NUM%\s+(?P<unit>"
         r"%UNIT%)\b(?!\s+(?:ago|later|earlier|from\s+now))", "duration", "DURATION"),
    # an age ("a 6-year-old boy") is no temporal expression
    Rule("not_age", r"\b(?:%NUMWORD%|\d+)[-\s](?:year|month|week|day)s?[-\s]olds?\b", "block"),
    Rule("duration_adj", r"\b(?P<num>%NUMWORD%|\d+|single)-(?P<unit>%UNITSG%)(?:-long)?\b",
         "duration", "DURATION"),
    Rule("duration_long", r"\b(?P<unit>%UNITSG%)-long\b", "duration", "DURATION"),
    Rule("duration_long_vague", r"\b(?P<unit>%PLUNIT%)-long\b", "duration", "DURATION",
         params={"vague": True}),
    Rule("duration_the_years", r"\b(?:over|during|through|throughout)\s+(?P<t>the\s+(?P<unit>"
         r"decades|years|months))\b", "duration", "DURATION", params={"vague": True}),
    Rule("duration_vague", r"\b(?:for|over|in|within)\s+(?P<t>(?:the\s+)?(?:(?:past|last|next"
         r"|coming)\s+)?(?:few|several|many)\s+(?P<unit>%PLUNIT%))\b", "duration", "DURATION",
         params={"vague": True}),
    Rule("duration_plural", r"\b(?:for|over|in|within|after)\s+(?:just\s+|only\s+|mere\s+)?(?P<t>"
         r"(?P<unit>decades|years|months|weeks|days|hours|minutes))\b", "duration", "DURATION", params={"vague": True}),
    Rule("vague_rel", r"\b(?:in\s+|during\s+|over\s+)?(?P<t>(?:the\s+)?(?P<rel>recent|past|coming"
         r"|next|last|upcoming)\s+(?P<unit>%PLUNIT%))\b", "vague", params={"duration": True}),
    # times of day
    # a clock time and its day, in that order: "10 p.m. Wednesday", "noon yesterday",
    # "5 p.m. EST, Nov. 9" (TimeML: one expression)
    Rule("clock_day", r"\b(?:(?=\d\d?(?::\d\d)?\s*[ap]\.?m\b|\d\d?:\d\d)(?P<hour>[01]?\d|2[0-3])"
         r"(?::(?P<minute>[0-5]\d))?(?:\s*(?P<ampm>[ap]\.m\.|[ap]m\b))?|(?P<clock>noon|midnight"
         r"|midday))(?:\s+%ZONE%)?,?\s+(?:(?P<weekday>"
         r"%WEEKDAY%)|(?P<ref>today|yesterday|tomorrow)|(?P<month>%MONTH%)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
         r"(?:,?\s+(?P<year>\d{4}))?)\b(?!:\d)", "clock_day", "TIME"),
    # "10:35 a.m. (0735 GMT) Friday": the clock keeps its own span, the day is the weekday's
    Rule("clock_paren_day", r"\b(?P<t>(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>"
         r"[ap]\.m\.|[ap]m\b))\s*\([^()]{1,25}\)\s*(?:on\s+)?(?P<weekday>%WEEKDAY%)\b", "clock_day",
         "TIME"),
    Rule("time_ampm", r"\b(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\."
         r"|[ap]m\b)(?:\s+%ZONE%)?", "time", "TIME"),
    Rule("time_colon", r"\b(?:at|by|until|from|around|of|after|before|since)\s+(?P<t>(?P<hour>"
         r"[01]?\d|2[0-3]):(?P<minute>[0-5]\d)\b(?:\s+%ZONE%)?)", "time", "TIME"),
    # a 24-hour clock with its zone needs no preposition: "18:00 UTC", "0800 GMT"
    Rule("time_zone", r"\b(?P<hour>[01]?\d|2[0-3]):?(?P<minute>[0-5]\d)\s+%ZONE%", "time", "TIME"),
    # "4 in the morning", "nine in the evening": a clock time with its half of the day
    Rule("clock_daypart", r"\b(?P<hour>1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine"
         r"|ten|eleven|twelve)(?::(?P<minute>[0-5]\d))?\s+(?:o'clock\s+)?in\s+the\s+(?P<daypart>"
         r"morning|afternoon|evening)\b", "time", "TIME"),
    Rule("time_oclock", r"\b(?P<hour>1[0-2]|0?[1-9]|%NUMWORD%)\s+o'clock\b", "time", "TIME"),
    Rule("noon", r"\b(?:noon|midday)\b", "time", "TIME", params={"hour": 12}),
    Rule("midnight", r"\bmidnight\b", "time", "TIME", params={"hour": 24}),
    Rule("this_daypart", r"\bthis\s+(?P<daypart>morning|afternoon|evening)\b", "ref", "TIME",
         params={"value": 0}),
    Rule("in_the_daypart", r"\b(?:in|during)\s+(?P<t>the\s+(?P<daypart>morning|afternoon|evening))\b",
         "daypart", "TIME"),
    Rule("next_daypart", r"\b(?:the\s+)?(?P<rel>next|following)\s+(?P<daypart>morning|afternoon"
         r"|evening|night)\b", "ref", "TIME", params={"text": True}),
    Rule("tonight", r"\btonight\b", "daypart", "TIME", params={"part": "NI"}),
    Rule("last_night", r"\blast\s+night\b", "ref", "TIME", params={"value": -1, "part": "NI"}),
    Rule("ref_daypart", r"\b(?P<ref>today|yesterday|tomorrow)\s+(?P<daypart>morning|afternoon"
         r"|evening|night)\b", "ref", "TIME"),
    # "mid-afternoon yesterday", "late evening today": the day part of that day
    Rule("daypart_ref", r"\b(?:(?:mid|early|late)[-\s]?)?(?P<daypart>morning|afternoon|evening"
         r"|night)\s+(?P<ref>today|yesterday|tomorrow)\b", "ref", "TIME"),
    Rule("mid_daypart", r"\bmid[-\s]?(?P<daypart>morning|afternoon)\b", "daypart", "TIME"),
    Rule("ref", r"\b(?:(?P<mod>early|late)\s+(?=today|yesterday|tomorrow)|(?:earlier|later)\s+(?=today"
         r"|yesterday|tomorrow))?(?P<ref>%REF%)\b(?!-)",
         "ref"),
    # "the recent sale", "recent declines": a past reference ("most recent" is "latest")
    Rule("ref_recent", r"(?<!\bmost\s)\b(?P<ref>recent)\b(?!\s+(?:%PLUNIT%|quarters|history|times))",
         "ref"),
    # "soon", "very soon" (not "as soon as", "soon after", "soon-to-open", "was soon released")
    Rule("ref_soon", r"(?<!\bas\s)(?<!\bwas\s)(?<!\bwere\s)\b(?:very\s+)?soon\b(?![-\s]+(?:after"
         r"|afterwards|thereafter|as|enough|to|became|\w+ed)\b)", "ref", params={"value": "FUTURE_REF"}),
    # "ended the day", "for the day" in market reports: the day reported on
    Rule("the_day", r"\b(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|clos(?:e|ed|es|ing)|for)\s+"
         r"(?P<t>the\s+day)\b(?!\s+(?:before|after|of|when|that|in\s+which)\b)", "anchored",
         params={"unit": "day", "fallback": 0}),
    Rule("ref_adjective", r"\b(?P<ref>current)\b(?!\s+(?:account|accounts|affairs|events"
         r"|of|flows?|assets|liabilities|ratio|yield))", "ref"),
    # sets
    Rule("set_word", r"\b(?P<setword>%SETWORD%)\b", "set", "SET"),
    Rule("set_each", r"\b(?:every|each|per)\s+(?:(?P<weekday>%WEEKDAY%)|(?P<month>%MONTHFULL%)\b|(?P<unit>day|week|month"
         r"|year|hour|minute|quarter|season))\b", "set", "SET"),
    Rule("set_times", r"\b(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|per|every)\s+"
         r"(?P<unit>year|month|week|day)\b", "set", "SET"),
    Rule("set_every_n", r"\bevery\s+(?P<num>%NUM%)\s+(?P<unit>%UNIT%)\b", "set", "SET"),
    Rule("set_weekdays", r"\b(?P<weekday>%WEEKDAY%)s\b", "set", "SET"),
]

#: Day ranges "March 10-13, 2013": two spans, the second taking its month from the first.
RANGE_RULES = [
    Rule("range_days", _Y + r"\b(?P<t1>(?P<month1>%MONTH%)\s+(?P<day1>[0-3]?\d))(?:st|nd|rd|th)?"
         r"\s*(?:-|–|to|through|until|till)\s*(?P<t2>(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+"
         r"(?P<year>\d{4}))?)\b(?![:.]?\d|\s*(?:%|percent|[ap]\.?m\b|people|years))", "range"),
]

#: TimeML writes decades and centuries of duration in years ("two decades" = P20Y).
LONG_DURATIONS_IN_YEARS = True

#: TimeML keeps the anchor's granularity for offsets along the text: "a year earlier" after a
#: quarter is that quarter a year before, after a day that day a year before.
OFFSET_KEEPS_ANCHOR_GRAN = True

#: Words outside the lexicons above that can carry a temporal expression on their own.
EXTRA_TRIGGERS = ("nineteen", "eighteen", "thousand", "o'clock", "noon", "midnight", "tonight",
                  "a.m", "p.m", "am", "pm", "fiscal",
                  "future", "past", "present", "recent", "soon", "ago", "century", "quarter", "half",
                  "year", "b.c", "bc")

#: A past perfect before an intention is a look back ("had been scheduled to expire Friday").
FUTURE_MARKERS = (r"(?<!\bhad\s)(?<!\bhad\sbeen\s)\b(?:will|'ll|shall|going\s+to|is\s+to|are\s+to|plans?\s+to|planning\s+to"
                  r"|agreements?\s+to|intends?\s+to|aims?\s+to|hopes?\s+to"
                  r"|begins|starts|opens|expires|resumes|takes\s+effect|goes\s+to\s+the\s+polls"
                  r"|go\s+to\s+the\s+polls|is\s+due|are\s+due"
                  r"|set\s+to|as\s+soon\s+as|scheduled|expected\s+to|upcoming|next(?!\s+to\b)|coming(?!\s+(?:from|to|in|out|back)\b)|would)\b")
#: A participle after a form of "be" is a passive, not a past ("when the case is heard").
PAST_MARKERS = (r"(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)(?<!\bbeing\s)\b(?:was|were|had|did|said|told|ago|met|went|came|took|gave|made|left|began"
                r"|saw|found|held|sent|spoke|wrote|won|lost|fell|rose|led|brought|bought|fought"
                r"|thought|kept|ran|got|became|struck|stood|chose|flew|drove|broke|paid|sold"
                r"|knew|heard|meant|felt|shot|hid|fled|sought|taught|caught|spent|built|withdrew"
                r"|\w{3,}ed)\b")
#: Words before a dated mention that make it a side reference in a narrative ("since 1939",
#: "until 1881", "the treaty of 1856", "born 1890"); ``RANGE_AFTER`` undoes it ("from … to").
ASIDE_BEFORE = (r"(?:\bsince|\buntil|\btill|\bfrom|\bof|\bafter|\bbefore|\bborn(?:\s+on)?"
                r"|\bdied(?:\s+on)?)")
#: Words between a dated mention and a weekday that make them two days, not one in
#: apposition ("from Sept. 14 to Thursday").
APPOSITION_BREAK = r"\b(?:to|until|till|through|and|or|from|since|before|after)\b|[–—]"
RANGE_AFTER = r"\s*(?:to\b|until\b|through\b|[-–—])"
#: A past perfect turns "by/until Friday" into a look back ("had filed reports by Wednesday").
PERFECT_MARKERS = r"\b(?:had|hadn't)\b"
#: Right after a weekday: a possessive names a known event ("Wednesday's ruling").
PAST_TAIL = r"['’]s\b"
FUTURE_HINTS = (r"(?:\buntil|\btill|\bby|\bstarting|\bbeginning|\bnext|\bcoming|\bpayable"
                r"|\beffective|\bdue)")
PAST_HINTS = r"(?:\bsince|\blast|\bpast|\bthis\s+past)"
#: Words whose full stop ends neither a sentence nor a clause ("Roe vs. Wade", "Sept. 14").
ABBREVIATIONS = ("vs", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Prof", "Lt",
                 "Col", "Sgt", "Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
CLAUSE_BREAK = (r"[.!?;:]" + no_stop(ABBREVIATIONS) + r"['\"’”)]*\s|\n|,['\"’”]*\s|\s(?:and|but|or|while|after|before|when|where|as|that|because"
                r"|although|since|who|which)\s")

#: Rules that can only match where one of these trigger words occurs ("#": a digit): the
#: tagger runs them only on the stretches of text holding one (a speed-up; results equal).
_DAYPARTS = ("morning", "afternoon", "evening", "night")
NEEDS: dict[str, tuple[str, ...]] = {
    **{name: ("#",) for name in (
        "date_mdy_time", "date_mdy", "date_dmy", "date_slash", "date_iso", "date_month_year",
        "year_fiscal", "year_mod", "year_bc", "year_bare", "decade_num", "year_apos",
        "decade_bare", "decade_short", "century", "season_year", "period", "time_ampm",
        "time_colon", "time_zone", "clock_paren_day", "range_days")},
    **{name: tuple(WEEKDAYS) for name in (
        "weekday", "weekday_rel", "weekday_text", "set_weekdays")},
    **{name: tuple(SEASONS) for name in ("season_ctx", "season_rel")},
    **{name: _DAYPARTS for name in (
        "daypart_ref", "mid_daypart", "this_daypart", "in_the_daypart", "next_daypart",
        "clock_daypart", "that_daypart")},
    "decade_word": tuple(DECADES), "set_word": tuple(SETWORDS), "ref_soon": ("soon",),
    "ref_recent": ("recent",), "the_day": ("day",), "noon": ("noon", "midday"),
    "midnight": ("midnight",), "tonight": ("tonight",), "time_oclock": ("o'clock",),
    "clock_day": ("#", "noon", "midnight", "midday"), "quarter": ("quarter",),
    "the_quarter": ("quarter",), "half": ("half",), "quarter_of_year": ("quarter",),
    # every match of these holds a unit word ("three days later", "a year ago")
    **{name: tuple(UNITS) for name in (
        "ago", "later", "before", "earlier", "from_now", "duration", "duration_range_first",
        "same_period_ago", "set_every_n")},
    "year_quarter": ("year", "year's"), "one_day": ("day",), "week_of_month": ("week",),
}
