"""Word lists the story clustering uses (data, not code).

Function words are the one list of the story package (:data:`lagebild.story.cues.STOPWORDS`);
this module adds the news-speak every report uses and that therefore says nothing about which
happening it reports: reporting verbs, calendar words, small numbers, units. Both are dropped from
the hashed term vectors, which keeps them small and stops a cold-start IDF (few articles seen
yet) from rating "sagte" or "Montag" like a name.
"""

from __future__ import annotations

from .cues import STOPWORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: News-speak: words of every news report, not of one happening (lower-cased forms and lemmas).
NEWS_WORDS: dict[str, frozenset[str]] = {
    "de": _words("""
sagen sagte sagten sagt berichten berichtete berichtet teilen teilte mitteilen erklären erklärte heißen
hieß gestern heute morgen uhr montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend januar
februar märz april mai juni juli august september oktober november dezember jahr jahre jahren jahres zwei
drei vier fünf erste ersten neu neue neuen neuer prozent euro gut gehen geben kommen machen lassen stehen
sehen bleiben mal ganz knapp"""),
    "en": _words("""
told reported report reports announced yesterday today tomorrow year years monday tuesday wednesday
thursday friday saturday sunday january february march april may june july august september october
november december percent new one two three first last since per however mr mrs ms"""),
}

#: What the clustering drops: function words and news-speak, per language.
CLUSTER_STOPWORDS: dict[str, frozenset[str]] = {
    lang: STOPWORDS[lang] | NEWS_WORDS.get(lang, frozenset()) for lang in STOPWORDS}

#: German words after which a capitalised word is a common noun, not a name ("der Besuch",
#: "einen Bericht"): used only by the proper-noun fallback when no NER layer is present.
NOUN_MARKERS_DE = _words("""
der die das dem den des ein eine einem einen einer eines kein keine keinem keinen keiner keines am im ins
zum zur vom beim dieser diese dieses diesem diesen jeder jede jedes jedem jeden sein seine seinem seinen
seiner ihr ihre ihrem ihren ihrer unser unsere welche welcher welches alle allen viele vielen mehrere
einige einigen beiden""")

#: Lowercase adjective endings that mark the next capitalised German word as a noun.
ADJECTIVE_ENDINGS_DE = ("e", "en", "er", "es", "em")


def _kinds(table: dict[str, str]) -> dict[str, str]:
    """word -> kind, from {kind: 'word word …'}."""
    return {w: kind for kind, ws in table.items() for w in ws.split()}


#: Happening words: nouns (and their verbs) that name WHAT happened, mapped to a kind shared by
#: both languages. Two reports of one affair whose titles name different kinds of happening some
#: days apart report distinct happenings (a warning strike, a strike, the arbitration, the
#: settlement). Only happenings are listed, never the affair itself ("Streit", "Konflikt",
#: "Krise", "dispute"): those words stay the same over a whole story. German compounds match by
#: their head ("Hafenstreik" -> strike) unless the whole word is listed ("Warnstreik").
HAPPENING_KINDS: dict[str, dict[str, str]] = {
    "de": _kinds({
        "warning_strike": "warnstreik warnstreiks warnstreiken",
        "strike": "streik streiks streiken bestreiken ausstand arbeitsniederlegung",
        "arbitration": "schlichtung schlichten schlichtungsverfahren",
        "agreement": "einigung einigen tarifeinigung tarifabschluss kompromiss abkommen",
        "negotiation": "verhandlung verhandlungen verhandlungsrunde verhandeln sondierung",
        "election": "wahl wahlen stichwahl wählen vorwahl vorwahlen",
        "vote": "abstimmung abstimmen votum",
        "referendum": "referendum volksabstimmung volksentscheid",
        "resignation": "rücktritt zurücktreten",
        "appointment": "ernennung ernennen nominierung nominieren vereidigung vereidigen amtseinführung",
        "arrest": "festnahme festnehmen verhaftung verhaften",
        "search": "durchsuchung durchsuchen razzia",
        "charge": "anklage anklagen",
        "trial": "prozess prozessauftakt gerichtsverfahren",
        "verdict": "urteil verurteilen verurteilung freispruch freisprechen",
        "attack": "anschlag anschläge attentat bombenanschlag überfall",
        "kidnapping": "entführung entführen geiselnahme",
        "release": "freilassung freilassen",
        "crash": "absturz abstürzen unfall unglück zusammenstoß kollision entgleisung notlandung",
        "earthquake": "erdbeben beben",
        "flood": "überschwemmung überschwemmungen hochwasser flut",
        "storm": "sturm wirbelsturm hurrikan orkan taifun tornado",
        "fire": "brand feuer waldbrand",
        "explosion": "explosion",
        "protest": "protest proteste demonstration kundgebung demonstrieren protestieren",
        "riot": "unruhen ausschreitungen krawalle",
        "summit": "gipfel gipfeltreffen",
        "visit": "besuch staatsbesuch besuchen",
        "ceasefire": "waffenstillstand waffenruhe",
        "coup": "putsch staatsstreich",
        "takeover": "übernahme fusion übernehmen",
        "insolvency": "insolvenz pleite",
    }),
    "en": _kinds({
        "warning_strike": "warning-strike",
        "strike": "strike strikes walkout walk-out stoppage",
        "arbitration": "arbitration arbitrate mediation",
        "agreement": "agreement deal settlement accord compromise",
        "negotiation": "negotiation negotiations negotiate talks",
        "election": "election elections runoff primary primaries",
        "vote": "vote",
        "referendum": "referendum plebiscite",
        "resignation": "resignation resign resigns resigned",
        "appointment": "appointment appoint nomination nominate inauguration sworn-in",
        "arrest": "arrest arrested detained",
        "search": "raid raids",
        "charge": "indictment indicted charged",
        "trial": "trial",
        "verdict": "verdict convicted sentenced acquitted acquittal",
        "attack": "attack attacks bombing assault",
        "kidnapping": "kidnapping kidnapped abduction hijacking hostage",
        "release": "freed",
        "crash": "crash crashes collision derailment accident",
        "earthquake": "earthquake quake",
        "flood": "flood floods flooding",
        "storm": "storm hurricane typhoon tornado cyclone",
        "fire": "fire wildfire blaze",
        "explosion": "explosion blast",
        "protest": "protest protests demonstration rally",
        "riot": "riot riots unrest",
        "summit": "summit",
        "visit": "visit",
        "ceasefire": "ceasefire truce",
        "coup": "coup",
        "takeover": "takeover merger acquisition",
        "insolvency": "bankruptcy insolvency",
    }),
}

#: English two-word happenings, joined with "-" before the lookup.
HAPPENING_BIGRAMS_EN = frozenset({"warning strike", "walk out", "sworn in"})

#: German words that end in a happening word without being one ("Auswahl" is no election).
NOT_HAPPENINGS_DE = _words("""
auswahl zahlwahl qualwahl ansturm ansturms informationsflut datenflut bilderflut weinbrand
sonnenbrand""")
