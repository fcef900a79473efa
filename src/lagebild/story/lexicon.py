"""Word lists the story clustering uses (data, not code): general function words per language.

Stop words carry no topic: dropping them keeps the hashed term vectors small and stops a
cold-start IDF (few articles seen yet) from rating "und" like a name. Reporting verbs and
news-speak ("sagte", "berichtete", "laut") are included because every article uses them.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "de": _words("""
aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus bei beim
bereits bin bis bisher bist da dabei dadurch dafür dagegen daher damit danach dann daran darauf darüber darum
das dass davon dazu dem den denen denn der deren des deshalb dessen die dies diese diesem diesen dieser dieses
doch dort du durch ein eine einem einen einer eines einige einigen einiger einmal er es etwa etwas euch euer
für gegen gewesen habe haben hat hatte hätte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren
ihrer ihres im immer in indem ins ist jede jedem jeden jeder jedes jedoch jetzt kann kein keine keinem keinen
keiner können könnte man mehr mein meine mit muss musste nach nachdem nein nicht nichts noch nun nur ob oder
ohne schon sehr sei seien sein seine seinem seinen seiner seines seit selbst sich sie sind so sogar solche
soll sollen sollte sondern sowie über um und uns unser unter viel viele vom von vor während war wäre waren
warum was weil weiter weitere welche welchem welchen welcher wenn wer werde werden wie wieder will wir wird
wurde wurden würde würden zu zum zur zwar zwischen sagen sagte sagten sagt berichten berichtete berichtet
teilen teilte mitteilen laut zufolge heißen hieß erklären erklärte gestern heute morgen bereits sowie jedoch
worden wo woher wohin ab beide beiden demnach neu neue neuen neuer ersten erste zwei drei vier fünf jahr
jahre jahren jahres uhr montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend januar februar
märz april mai juni juli august september oktober november dezember prozent euro gut gehen geben kommen
machen lassen stehen sehen bleiben mal ganz rund knapp"""),
    "en": _words("""
a about after again against all also am an and any are as at be because been before being between both but
by can could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you
your said says say told according reported report reports announced yesterday today tomorrow year years
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december percent new one two three first last since per also however would could
mr mrs ms"""),
}

#: German words after which a capitalised word is a common noun, not a name ("der Besuch",
#: "einen Bericht"): used only by the proper-noun fallback when no NER layer is present.
NOUN_MARKERS_DE = _words("""
der die das dem den des ein eine einem einen einer eines kein keine keinem keinen keiner keines am im ins
zum zur vom beim dieser diese dieses diesem diesen jeder jede jedes jedem jeden sein seine seinem seinen
seiner ihr ihre ihrem ihren ihrer unser unsere welche welcher welches alle allen viele vielen mehrere
einige einigen beiden""")

#: Lowercase adjective endings that mark the next capitalised German word as a noun.
ADJECTIVE_ENDINGS_DE = ("e", "en", "er", "es", "em")
