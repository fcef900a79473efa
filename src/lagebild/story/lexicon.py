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
