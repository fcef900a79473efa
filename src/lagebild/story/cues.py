"""Word lists for timelines, corroboration and briefings (data only, per language).

Everything here is general German/English lexicon: function words, future and plan markers,
anaphoric heads, number words and the names of the big news agencies.
"""

from __future__ import annotations


def _w(words: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(words.split())


#: Function words that carry no content for overlap measures (lower-cased lemmas and forms).
STOPWORDS: dict[str, frozenset[str]] = {
    "de": _w(
        "der die das des dem den ein eine einer eines einem einen und oder aber doch sondern denn "
        "in im ins an am auf aus bei mit nach von vom zu zum zur für über unter vor hinter neben "
        "zwischen durch gegen ohne um bis seit ab als wie so auch noch nur schon bereits sehr "
        "mehr weiter dass daß ob wenn weil da damit sich er sie es wir ihr ich du man sein ihre "
        "ihr ihrem ihren ihres seine seinem seinen seiner seines dies diese dieser dieses diesem "
        "diesen jener jene welche welcher welches was wer wo wann wie nicht kein keine keinen "
        "haben hat hatte hatten hätte hätten werden wird wurde wurden würde würden ist sind war "
        "waren sei seien wäre wären können kann konnte könnte sollen soll sollte wollen will "
        "wollte müssen muss musste dürfen darf dürfte laut zufolge demnach dabei dort hier nun "
        "jetzt dann etwa rund zudem sowie beim beiden beide alle allen einem jedoch bzw d.h "
        "worden gewesen hin her dazu davon daran darauf darüber sowohl weder noch entweder "
        "mehrere mehreren einige einigen viele vielen andere anderen "
        "allem aller alles also ander anderer anderes bin bisher bist dadurch dafür dagegen daher "
        "danach darum denen deren deshalb dessen einiger einmal etwas euch euer ihm ihn ihnen ihrer "
        "immer indem jede jedem jeden jeder jedes keinem keiner mein meine nachdem nein nichts selbst habe "
        "sogar solche uns unser viel warum weitere welchem welchen werde wieder woher wohin während zwar"),
    "en": _w(
        "the a an and or but nor so of in on at to for from by with about into over under "
        "after before between through against without as than then also still only already "
        "very more that this these those which who whom whose what when where why how it its "
        "he she they we you i his her their our your him them us be is are was were been being "
        "have has had having do does did will would shall should can could may might must not "
        "no there here now said says say according "
        "again all am any because both doing down during each few further hers if itself just me "
        "most my off once other out own same some such too until up while"),
}

#: "ein Angebot von gestern": day words that, after "von" and a noun, describe the noun.
DEICTIC_DAYS: dict[str, frozenset[str]] = {"de": _w("gestern heute morgen vorgestern"),
                                           "en": _w("yesterday today tomorrow")}
#: Hedges that make a "soon" no plan ("der vielleicht bald Präsident werden könnte").
HEDGES: dict[str, frozenset[str]] = {"de": _w("vielleicht möglicherweise eventuell womöglich"),
                                     "en": _w("perhaps maybe possibly")}
#: Words of page furniture around a date ("Für die Statistik klicken Sie auf die Paarung").
BOILERPLATE: dict[str, frozenset[str]] = {"de": _w("klicken"), "en": _w("click")}
#: A weekday after these is a coming one ("für Donnerstag aufgerufen", "falls die Runde am
#: Dienstag scheitert"): the tagger may read it as the last one when the sentence is in the past.
PLAN_FOR: dict[str, frozenset[str]] = {"de": _w("für falls sofern"), "en": _w("for if unless")}
#: Clause words that mark a statement about the future or a plan ("soll stattfinden", "will").
#: Lower-cased word forms; a clause containing one of them is read as prospective (single
#: words: not "to"/"set" of "set to", "due" of "due to", "may" the month).
FUTURE_MARKERS: dict[str, frozenset[str]] = {
    "de": _w(
        "soll sollen sollte sollten wird werden werde plant planen plante geplant geplante "
        "geplanten geplantes vorgesehen voraussichtlich bevorstehend bevorstehende "
        "bevorstehenden kommenden kommende nächsten nächste nächster künftig demnächst "
        "angekündigt ankündigen erwartet erwarten könnte könnten dürfte dürften will wollen "
        "möchte anvisiert anvisierten erwarte plane wolle solle beabsichtige beabsichtigt"),
    "en": _w(
        "will shall would plans plan planned planning scheduled expected expects upcoming "
        "next coming intends intend intended could might likely"),
}

#: Lemmas that mark a clause as speaking about the past even when a future marker appears
#: ("zuletzt", "damals", "previously").
#: Future phrases of more than one word ("is to draw up", "are due to meet").
FUTURE_PHRASES: dict[str, str | None] = {
    "de": None, "en": r"\b(?:is|are|am) (?:due |set |scheduled |expected )?to [a-z]+"}
#: Future markers that are participles: with "hat/hatte" they report a past act ("hat am Montag
#: einen Streik angekündigt"), not a plan.
FUTURE_PARTICIPLES: dict[str, frozenset[str]] = {
    "de": _w("angekündigt geplant erwartet vorgesehen anvisiert beabsichtigt"),
    "en": _w("announced planned expected scheduled"),
}
PAST_MARKERS: dict[str, frozenset[str]] = {
    "de": _w("zuletzt damals bereits früher vorher einst letzte letzten letztes vergangenen "
                    "vergangene"),
    "en": _w("last previously formerly earlier ago once"),
}

#: Sentence-initial demonstratives that point back to the previous sentence ("Diese Vorwürfe …").
ANAPHORA: dict[str, frozenset[str]] = {
    "de": _w("diese dieser dieses diesen diesem dies das solche solchen derartige"),
    "en": _w("this these that those such"),
}

#: Number words with their values; multipliers scale the number before them.
NUMBER_WORDS: dict[str, dict[str, float]] = {
    "de": {"ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
           "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
           "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "hundert": 100,
           "tausend": 1000, "dutzend": 12, "dutzende": 24},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
           "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "dozen": 12},
}
MULTIPLIERS: dict[str, float] = {
    "million": 1e6, "millionen": 1e6, "mio": 1e6, "millions": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "billion": 1e9, "billions": 1e9,
    "tausend": 1e3, "thousand": 1e3, "hundert": 1e2, "hundred": 1e2,
}

#: Prepositions after which a capitalised word is read as a place ("in Wladiwostok").
PLACE_PREPOSITIONS: dict[str, frozenset[str]] = {
    "de": _w("in im nach aus bei"),
    "en": _w("in at to from near"),
}

#: News agencies: copies attributed to one of them count as one independent outlet.
#: Keys are lower-cased spellings found in bylines, outlet fields and credits.
AGENCIES: dict[str, str] = {
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "afp": "AFP", "agence france-presse": "AFP",
    "reuters": "Reuters", "ap": "AP", "associated press": "AP", "kna": "KNA", "epd": "epd",
    "dts": "dts", "apa": "APA", "sda": "SDA", "keystone-sda": "SDA", "ddp": "ddp", "efe": "EFE",
    "ansa": "ANSA", "xinhua": "Xinhua", "tass": "TASS", "ria nowosti": "RIA", "ria novosti": "RIA",
    "yonhap": "Yonhap", "kyodo": "Kyodo", "bloomberg": "Bloomberg", "upi": "UPI", "anp": "ANP",
}

#: Heads of a source phrase that name the medium, not the source ("Angaben der NYT",
#: "Berichten zufolge"): dropped when normalising a source string.
SOURCE_FRAME_WORDS = _w(
    "angabe angaben bericht berichte berichten berichts erklärung mitteilung aussage aussagen "
    "information informationen sprecher sprecherin kreise kreisen report reports statement "
    "according")

#: Words that open a dependent clause: a dated clause opening with one of them is shown with the
#: clause it depends on ("dem Forum, das vom 10. bis 13. stattfindet").
SUBORDINATORS: dict[str, frozenset[str]] = {
    "de": _w("der die das dem den deren dessen denen wo wobei als nachdem bevor während "
                    "dass weil obwohl wenn ob wie um"),
    "en": _w("which who whom whose where when while after before that because although "
                    "as if to"),
}

#: Words that, right before a person's name (titles and adjectives between them aside), make the
#: person an object or a circumstance of the statement, not its actor: prepositions and the
#: oblique articles ("reiste … zu Gesprächen mit Kim", "auf Einladung des Präsidenten Putin").
NON_ACTOR_MARKERS: dict[str, frozenset[str]] = {
    "de": _w("mit für von vom zu zum zur gegen an am bei beim über ohne neben zwischen nach aus auf unter "
             "vor seit laut gegenüber des dem den einem einen eines"),
    "en": _w("with for of by to against at on about without between after from under before since "
             "toward towards than"),
}

#: Past-tense auxiliaries (a clause with one speaks of the past) and present ones that form the
#: perfect with a participle ("hat … gegeben"); PARTICIPLE is the participle's shape.
PAST_AUXILIARIES: dict[str, frozenset[str]] = {
    "de": _w("war waren warst wurde wurden hatte hatten hätte hätten"),
    "en": _w("was were had did"),
}
PERFECT_AUXILIARIES: dict[str, frozenset[str]] = {
    "de": _w("hat haben habe hast ist sind sei seien bin"),
    "en": _w("has have"),
}
PARTICIPLE: dict[str, str] = {"de": r"ge\w{2,}(?:t|en)", "en": r"\w{3,}ed"}
#: Words right before a date (an article between them aside) that make it a limit, not the date of
#: a happening: "vor März" (before March), "nach dem Montag".
NOT_A_DATE: dict[str, frozenset[str]] = {"de": _w("vor nach"), "en": _w("before after")}
ARTICLES_BEFORE_DATE = _w("dem der den the")
#: "früher als im letzten Jahr": a preposition between the comparative and the date.
PREPOSITIONS_BEFORE_DATE = _w("im in am an dem den der zum vom in on at")
#: "bis Mittwoch": the end of a span (dropped when the sentence dates the span's start).
UNTIL: dict[str, frozenset[str]] = {"de": _w("bis"), "en": _w("until till")}
#: "wie auch im letzten Jahr": words between a comparative and the date it compares with.
ALSO = _w("auch schon bereits also")
#: "so viele wie seit dem Frühjahr nicht mehr": a date after "seit" in a comparison.
SINCE: dict[str, frozenset[str]] = {"de": _w("seit"), "en": _w("since")}
COMPARATIVES: dict[str, frozenset[str]] = {"de": _w("wie als"), "en": _w("as than")}
#: Endings of superlatives and "erste" ("die schwersten Unruhen seit 1989", "die erste Reise seit 2019").
SUPERLATIVE_ENDINGS: dict[str, tuple[str, ...]] = {"de": ("ste", "sten", "ster", "stes"), "en": ("est", "first")}
#: Capitalised words that name a date, not a thing the date is an attribute of ("Jahr 2023",
#: "Sommer 2023", "September 2023").
DATE_NOUNS = _w(
    "jahr jahres jahre jahren anfang mitte ende frühjahr frühling sommer herbst winter januar februar "
    "märz april mai juni juli august september oktober november dezember montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag woche monat quartal halbjahr saison jahrzehnt am im "
    "year january february march april may june july august september october november december")


#: Auxiliaries of a passive: a denial with no denier is a denial only in the passive ("Die Vorwürfe
#: wurden zurückgewiesen", "the claims were denied"); elsewhere its missing denier is a misreading.
PASSIVE_AUXILIARIES: dict[str, frozenset[str]] = {
    "de": _w("wird werden wurde wurden worden würde würden sei seien"),
    "en": _w("is are was were been be being"),
}
#: Determiners and possessives: a cue word right after one is a noun ("the dispute", "a denial"),
#: not a verb that denies.
NOUN_DETERMINERS: dict[str, frozenset[str]] = {
    "de": _w("der die das des dem den ein eine einer eines einem einen dieser diese dieses sein seine ihr ihre"),
    "en": _w("the a an this that these those its his her their our my your"),
}
#: Description heads that name a kind of organisation ("das Unternehmen", "the union"): such a
#: description refers to the one entity of the story the articles call so ("die Gewerkschaft
#: Verdi"), or, for companies, the one whose name carries a legal form. Keys are the kinds.
DESCRIPTION_KINDS: dict[str, frozenset[str]] = {
    "company": _w("unternehmen konzern firma company firm corporation"),
    "union": _w("gewerkschaft union"),
}
#: Legal forms that make a name a company's ("Elbe Logistik GmbH", "Acme Inc.").
LEGAL_FORMS = _w("ag gmbh se kg kgaa ohg ug inc ltd plc corp llc sa nv bv spa")
#: Reflexive source words ("nach eigenen Angaben", "by its own account"): they refer to the
#: subject of their clause.
OWN_SOURCE = _w("eigenen eigener eigene own")
#: Finite auxiliaries and modals: a noun phrase after a speech verb that one of them follows is the
#: subject of the reported clause ("… and said the company would have to …"), not the speaker.
FINITE_AUXILIARIES: dict[str, frozenset[str]] = {
    "en": _w("would will has have had is was are were did does do can could should may might must"),
}
#: Prepositions that open a circumstance right after a speech verb ("sagte auf einer
#: Pressekonferenz im Mai", "said on Monday"): the frame states no content of its own.
FRAME_PREPOSITIONS = _w("auf in im am an bei beim während gegenüber on in at during")
