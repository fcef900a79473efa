"""German word lists for attribution: general lexicon data, no article-specific phrases.

Verbs are given as (present stem, past stem, participle, separable particle or "") and expanded
to their finite forms; the particle, when present, is what closes a split verb ("teilte … mit").
"""

from __future__ import annotations

# Speech, writing and report verbs: (present stem, past stem, participle, particle)
_SPEECH_VERBS: tuple[tuple[str, str, str, str], ...] = (
    ("sag", "sagt", "gesagt", ""), ("erklär", "erklärt", "erklärt", ""),
    ("teil", "teilt", "mitgeteilt", "mit"), ("berichte", "berichtet", "berichtet", ""),
    ("meld", "meldet", "gemeldet", ""), ("betone", "betont", "betont", ""),
    ("schreib", "schrieb", "geschrieben", ""), ("äußer", "äußert", "geäußert", ""),
    ("bestätig", "bestätigt", "bestätigt", ""), ("kündig", "kündigt", "angekündigt", "an"),
    ("geb", "gab", "bekanntgegeben", "bekannt"), ("geb", "gab", "angegeben", "an"),
    ("füg", "fügt", "hinzugefügt", "hinzu"), ("mein", "meint", "gemeint", ""),
    ("behaupte", "behauptet", "behauptet", ""), ("warn", "warnt", "gewarnt", ""),
    ("forder", "fordert", "gefordert", ""), ("kritisier", "kritisiert", "kritisiert", ""),
    ("zitier", "zitiert", "zitiert", ""), ("versicher", "versichert", "versichert", ""),
    ("räum", "räumt", "eingeräumt", "ein"), ("wies", "wies", "hingewiesen", "hin"),
    ("weis", "wies", "hingewiesen", "hin"), ("führ", "führt", "ausgeführt", "aus"),
    ("stell", "stellt", "festgestellt", "fest"), ("sprech", "sprach", "gesprochen", ""),
    ("sprich", "sprach", "gesprochen", ""), ("nenn", "nannt", "genannt", ""),
    ("bezeichne", "bezeichnet", "bezeichnet", ""), ("verkünde", "verkündet", "verkündet", ""),
    ("antworte", "antwortet", "geantwortet", ""), ("entgegne", "entgegnet", "entgegnet", ""),
    ("erwider", "erwidert", "erwidert", ""), ("unterstreich", "unterstrich", "unterstrichen", ""),
    ("beton", "betont", "betont", ""), ("hob", "hob", "hervorgehoben", "hervor"),
    ("heb", "hob", "hervorgehoben", "hervor"), ("kommentier", "kommentiert", "kommentiert", ""),
    ("verlang", "verlangt", "verlangt", ""), ("informier", "informiert", "informiert", ""),
    ("ruf", "rief", "aufgerufen", "auf"), ("schlag", "schlug", "vorgeschlagen", "vor"),
    ("schläg", "schlug", "vorgeschlagen", "vor"), ("beklag", "beklagt", "beklagt", ""),
    ("befürchte", "befürchtet", "befürchtet", ""), ("vermute", "vermutet", "vermutet", ""),
    ("glaub", "glaubt", "geglaubt", ""), ("spekulier", "spekuliert", "spekuliert", ""),
    ("mutmaß", "mutmaßt", "gemutmaßt", ""), ("schätz", "schätzt", "geschätzt", ""),
    ("bestreite", "bestritt", "bestritten", ""), ("dementiere", "dementiert", "dementiert", ""),
    ("dementier", "dementiert", "dementiert", ""), ("weis", "wies", "zurückgewiesen", "zurück"),
    ("streit", "stritt", "abgestritten", "ab"), ("leugne", "leugnet", "geleugnet", ""),
    ("verneine", "verneint", "verneint", ""), ("lehn", "lehnt", "abgelehnt", "ab"),
    ("deute", "deutet", "angedeutet", "an"), ("berichte", "berichtet", "berichtet", ""),
    ("ergänz", "ergänzt", "ergänzt", ""), ("erinner", "erinnert", "erinnert", ""),
    ("begründe", "begründet", "begründet", ""), ("zeig", "zeigt", "gezeigt", ""),
    ("wirf", "warf", "vorgeworfen", "vor"), ("werf", "warf", "vorgeworfen", "vor"),
    ("beschuldig", "beschuldigt", "beschuldigt", ""), ("verweise", "verwies", "verwiesen", ""),
    ("frag", "fragt", "gefragt", ""), ("rät", "riet", "geraten", ""), ("empfiehl", "empfahl", "empfohlen", ""),
    ("lass", "ließ", "verlauten", "verlauten"), ("heiß", "hieß", "geheißen", ""),
    ("twitter", "twittert", "getwittert", ""), ("post", "postet", "gepostet", ""),
    ("veröffentliche", "veröffentlicht", "veröffentlicht", ""), ("prognostizier", "prognostiziert",
                                                                     "prognostiziert", ""),
    ("erläuter", "erläutert", "erläutert", ""), ("erzähl", "erzählt", "erzählt", ""),
    ("erwähn", "erwähnt", "erwähnt", ""), ("beschreib", "beschrieb", "beschrieben", ""),
    ("schilder", "schildert", "geschildert", ""), ("formulier", "formuliert", "formuliert", ""),
    ("konstatier", "konstatiert", "konstatiert", ""), ("resümier", "resümiert", "resümiert", ""),
    ("protestier", "protestiert", "protestiert", ""), ("klag", "klagt", "geklagt", ""),
    ("beschwer", "beschwert", "beschwert", ""), ("bekräftig", "bekräftigt", "bekräftigt", ""),
    ("beteuer", "beteuert", "beteuert", ""), ("bekunde", "bekundet", "bekundet", ""),
    ("appellier", "appelliert", "appelliert", ""), ("plädier", "plädiert", "plädiert", ""),
    ("argumentier", "argumentiert", "argumentiert", ""), ("rechtfertig", "rechtfertigt", "gerechtfertigt", ""),
    ("lob", "lobt", "gelobt", ""), ("würdig", "würdigt", "gewürdigt", ""),
    ("begrüß", "begrüßt", "begrüßt", ""), ("bedauer", "bedauert", "bedauert", ""),
    ("verurteil", "verurteilt", "verurteilt", ""), ("bemängel", "bemängelt", "bemängelt", ""),
    ("monier", "moniert", "moniert", ""), ("versprech", "versprach", "versprochen", ""),
    ("versprich", "versprach", "versprochen", ""), ("droh", "droht", "gedroht", ""),
    ("bitt", "bat", "gebeten", ""), ("mahn", "mahnt", "gemahnt", ""), ("ermahn", "ermahnt", "ermahnt", ""),
    ("signalisier", "signalisiert", "signalisiert", ""), ("vermelde", "vermeldet", "vermeldet", ""),
    ("verlautbar", "verlautbart", "verlautbart", ""), ("gesteh", "gestand", "gestanden", ""),
    ("sicher", "sichert", "zugesichert", "zu"), ("sag", "sagt", "zugesagt", "zu"),
    ("sag", "sagt", "ausgesagt", "aus"), ("gib", "gab", "zugegeben", "zu"), ("verrat", "verriet", "verraten", ""),
    ("enthüll", "enthüllt", "enthüllt", ""), ("attackier", "attackiert", "attackiert", ""),
    ("urteil", "urteilt", "geurteilt", ""), ("beurteil", "beurteilt", "beurteilt", ""),
    ("pranger", "prangert", "angeprangert", "an"), ("skandier", "skandiert", "skandiert", ""),
    ("wiederhol", "wiederholt", "wiederholt", ""), ("präzisier", "präzisiert", "präzisiert", ""),
    ("notier", "notiert", "notiert", ""), ("leg", "legt", "dargelegt", "dar"),
    ("stell", "stellt", "klargestellt", "klar"), ("stell", "stellt", "dargestellt", "dar"),
    ("beantworte", "beantwortet", "beantwortet", ""), ("widersprech", "widersprach", "widersprochen", ""),
    ("widersprich", "widersprach", "widersprochen", ""), ("beharr", "beharrt", "beharrt", ""),
    ("konter", "kontert", "gekontert", ""), ("wend", "wandt", "eingewandt", "ein"),
    ("forder", "fordert", "aufgefordert", "auf"), ("schwör", "schwor", "geschworen", ""),
    ("prophezei", "prophezeit", "prophezeit", ""), ("sag", "sagt", "vorausgesagt", "voraus"),
    ("bezichtig", "bezichtigt", "bezichtigt", ""), ("unterstell", "unterstellt", "unterstellt", ""),
    ("beschließ", "beschloss", "beschlossen", ""), ("entscheide", "entschied", "entschieden", ""),
    ("verkünde", "verkündet", "verkündet", ""), ("ordne", "ordnet", "angeordnet", "an"),
)

#: Thought and attitude verbs (SpkAtt annotates thought like speech: "X hofft, dass …").
_ATTITUDE_VERBS: tuple[tuple[str, str, str, str], ...] = (
    ("hoff", "hofft", "gehofft", ""), ("erhoff", "erhofft", "erhofft", ""),
    ("fürchte", "fürchtet", "gefürchtet", ""), ("erwarte", "erwartet", "erwartet", ""),
    ("bezweifel", "bezweifelt", "bezweifelt", ""), ("zweifel", "zweifelt", "gezweifelt", ""),
    ("denk", "dacht", "gedacht", ""), ("rechne", "rechnet", "gerechnet", ""),
    ("wünsch", "wünscht", "gewünscht", ""), ("befürworte", "befürwortet", "befürwortet", ""),
    ("erwäg", "erwog", "erwogen", ""), ("überleg", "überlegt", "überlegt", ""),
    ("beabsichtig", "beabsichtigt", "beabsichtigt", ""), ("ahn", "ahnt", "geahnt", ""),
    ("bezweifl", "bezweifelt", "bezweifelt", ""),
)

#: Particles that close split speech verbs ("teilte … mit", "wies … zurück").
PARTICLES = frozenset(v[3] for v in _SPEECH_VERBS if v[3])


def _expand(verbs: tuple[tuple[str, str, str, str], ...]) -> frozenset[str]:
    forms: set[str] = set()
    for pres, past, part, particle in verbs:
        for suf in ("e", "t", "en", "st", "et"):
            forms.add(pres + suf if not pres.endswith("e") or suf[0] != "e" else pres + suf[1:])
        for suf in ("", "e", "en", "est", "et"):
            forms.add(past + suf)
        forms.add(part)
        if particle:
            stem = part[len(particle):]
            forms.add(stem)
            forms.add(particle + pres + "en")  # infinitive "mitteilen"
            forms.add(particle + pres + "te")  # subordinate clause "mitteilte"
            forms.add(particle + past + "e")
            forms.add(particle + past)
            forms.add(particle + pres + "t")
    return frozenset(f for f in forms if len(f) > 2)


#: Finite forms, participles and infinitives of speech/report verbs (lower case).
CUE_VERBS = _expand(_SPEECH_VERBS)
#: The same for thought/attitude verbs (a feature class of their own: weaker cues than speech).
ATTITUDE_VERBS = _expand(_ATTITUDE_VERBS) - CUE_VERBS

#: Nouns that name a speech, writing or thought act ("in einer Erklärung", "nach Ansicht",
#: "mit den Worten", "die Forderung, …").
CUE_NOUNS = frozenset({
    "aussage", "aussagen", "äußerung", "äußerungen", "erklärung", "erklärungen", "mitteilung",
    "pressemitteilung", "stellungnahme", "angaben", "ansicht", "auffassung", "meinung", "einschätzung",
    "überzeugung", "behauptung", "behauptungen", "vorwurf", "vorwürfe", "vorwürfen", "forderung",
    "forderungen", "aufforderung", "appell", "warnung", "warnungen", "hoffnung", "befürchtung",
    "befürchtungen", "kritik", "zweifel", "these", "theorie", "hypothese", "prognose", "prognosen",
    "ankündigung", "begründung", "worte", "worten", "zitat", "fazit", "schlussfolgerung", "feststellung",
    "vermutung", "vermutungen", "verdacht", "sicht", "darstellung", "interview", "ansprache", "erkenntnissen",
    "informationen", "schätzung", "schätzungen", "drohung", "versprechen", "zusage", "eingeständnis",
    "einwand", "vorschlag", "empfehlung", "standpunkt", "überlegung", "erwartung", "erwartungen",
    "beschluss", "bitte", "ultimatum", "mahnung", "parole", "rede", "bericht", "berichten", "meldung",
    "meldungen", "einschätzungen", "argument", "argumente", "antwort", "dementi", "aufruf", "aufrufe",
})


def _split_forms() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pres, past, _part, particle in _SPEECH_VERBS:
        if not particle:
            continue
        for stem in (pres, past):
            for suf in ("", "e", "t", "en", "et", "te", "ten"):
                out.setdefault(stem + suf, set()).add(particle)
    plain = {pres + s for pres, _p, _q, particle in _SPEECH_VERBS if not particle for s in ("e", "t", "en", "te")}
    plain |= {past + s for _p, past, _q, particle in _SPEECH_VERBS if not particle for s in ("", "e", "en")}
    return {k: frozenset(v) for k, v in out.items() if k not in plain}


#: Finite forms of split verbs that are a cue only together with their particle ("teilte … mit",
#: not "teilen sich"), mapped to the particles that complete them.
SPLIT_VERBS = _split_forms()

#: Single-word prepositional cues and cue adverbs ("laut X", "X zufolge", "so X", "demnach").
CUE_PREPS = frozenset({"laut", "zufolge", "gemäß", "nach", "so", "demnach", "wonach", "danach",
                       "zitiert", "berufung"})

#: Multi-word cues, matched on lower-cased tokens.
CUE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("unter", "berufung", "auf"), ("nach", "angaben"), ("nach", "informationen"),
    ("berichten", "zufolge"), ("nach", "ansicht"), ("nach", "auffassung"), ("nach", "meinung"),
    ("nach", "einschätzung"), ("mit", "den", "worten"), ("heißt", "es"), ("hieß", "es"),
    ("wie", "es", "heißt"), ("nach", "aussage"), ("nach", "aussagen"), ("nach", "darstellung"),
)

#: Cues that open a nested source ("berichtete X unter Berufung auf Y").
NESTING_CUES: tuple[tuple[str, ...], ...] = (
    ("unter", "berufung", "auf"), ("zitierte",), ("zitiert",), ("zitierten",), ("beruft", "sich", "auf"),
    ("berief", "sich", "auf"), ("berufen", "sich", "auf"), ("beriefen", "sich", "auf"),
)

#: Denial verbs (finite forms / participles, lower case) and denial nouns.
DENIAL = frozenset({
    "bestreiten", "bestreitet", "bestritt", "bestritten", "bestreite", "dementieren", "dementiert",
    "dementierte", "dementierten", "zurückgewiesen", "zurückweisen", "zurückwies", "abgestritten",
    "abstreiten", "leugnen", "leugnet", "leugnete", "leugneten", "geleugnet", "verneinte", "verneint",
    "verneinten", "dementi", "zurück", "stritt", "stritten", "bestreitung", "zurückgewiesenen",
})
#: Verbs whose particle "zurück"/"ab" turns them into a denial ("wies … zurück", "stritt … ab").
DENIAL_SPLIT = {"wies": "zurück", "wiesen": "zurück", "weist": "zurück", "weisen": "zurück",
                "stritt": "ab", "stritten": "ab", "streitet": "ab", "streiten": "ab"}

#: Objects with which "bestreiten" means to play or to pay for, not to deny ("bestreitet das
#: Finale", "den Lebensunterhalt bestreiten").
#: Words that negate a denial around its verb: "wollte das nicht dementieren", "weder bestätigt
#: noch dementiert", "bestritt das nicht", "did not deny".
DENIAL_NEGATIONS = frozenset({"nicht", "weder", "nie", "niemals", "not", "neither", "never", "n't"})
#: Words that make a denial a question: "Unklar ist, ob das Dementi …", "whether he denied".
DENIAL_QUESTION = frozenset({"ob", "whether"})
CONTESTED_OBJECTS = frozenset({
    "spiel", "spiele", "spielen", "partie", "partien", "match", "matches", "finale", "halbfinale",
    "viertelfinale", "gruppenspiel", "länderspiel", "heimspiel", "auswärtsspiel", "rennen", "wettkampf",
    "turnier", "saison", "kampf", "duell", "runde", "etappe", "wahlkampf", "lebensunterhalt", "unterhalt",
    "kosten", "programm", "abend", "auftritt", "konzert", "einsatz", "einsätze", "debüt", "comeback",
})

#: Words that mark a claim as speculative / unconfirmed.
SPECULATION = frozenset({
    "soll", "sollen", "solle", "könnte", "könnten", "dürfte", "dürften", "wahrscheinlich",
    "möglicherweise", "vermutlich", "angeblich", "mutmaßlich", "offenbar", "anscheinend",
    "wohl", "spekuliert", "spekulationen", "gerüchte", "vermutet", "vermuten", "mögliches",
    "möglich", "mögliche", "möglichen", "eventuell", "berichten", "befürchtet", "erwartet",
})

#: Personal pronouns that can be a source.
PRONOUNS = frozenset({"er", "sie", "es", "wir", "ich", "man", "ihr", "dieser", "diese", "jener"})

#: Head words of anonymous or collective sources ("eine Regierungsquelle", "Beamte in Moskau").
ANONYMOUS_HEADS = frozenset({
    "quelle", "quellen", "regierungsquelle", "regierungsquellen", "kreise", "kreisen", "insider",
    "beamte", "beamter", "beamten", "regierungsbeamte", "regierungsbeamter", "regierungsbeamten",
    "diplomaten", "diplomat", "mitarbeiter", "offizielle", "offiziellen", "vertreter", "experten",
    "medien", "medienberichte", "medienberichten", "berichte", "berichten", "augenzeugen",
    "beobachter", "sicherheitskreise", "sicherheitskreisen", "regierungskreise", "regierungskreisen",
    "presse", "sprecher", "sprecherin", "angaben", "geheimdienste", "geheimdienstkreise",
})
#: Indefinite determiners: "eine Quelle", "ein Sprecher" without a name are anonymous.
INDEFINITE = frozenset({"ein", "eine", "einer", "einem", "einen", "mehrere", "mehreren", "einige",
                        "nicht", "ungenannte", "ungenannten", "anonyme", "anonymen", "namentlich"})

#: Konjunktiv I / II forms that are frequent in reported speech (3rd person).
SUBJUNCTIVE = frozenset({
    "sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "gebe",
    "wisse", "wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten", "müsste",
    "müssten", "sollte", "sollten", "wollte", "dürfte", "dürften", "gäbe", "käme", "ginge", "stünde",
    "liege", "gehe", "stehe", "komme", "bestehe", "brauche", "handle", "plane", "bleibe", "lasse",
})
#: The Konjunktiv II forms among those: frequent in the outlet's own conditional sentences, so
#: they do not by themselves mark a sentence as reported speech.
SUBJUNCTIVE_II = frozenset({"wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten",
                            "müsste", "müssten", "sollte", "sollten", "wollte", "dürfte", "dürften", "gäbe",
                            "käme", "ginge", "stünde"})
#: Lower-case words ending in -e that are not verbs (never read as Konjunktiv I).
NOT_SUBJUNCTIVE = frozenset({"eine", "keine", "meine", "seine", "deine", "ihre", "unsere", "diese",
                             "jene", "welche", "jede", "alle", "beide", "viele", "einige", "manche",
                             "ohne", "gerne", "heute", "bitte", "ende", "schade", "alte", "ebene"})

#: Quotation marks: openers, closers and the ambiguous ones that toggle.
QUOTE_OPEN = frozenset({"„", "»", "“", "‚", "«"})
QUOTE_CLOSE = frozenset({"“", "«", "”", "‘", "»"})
QUOTE_TOGGLE = frozenset({'"', "''", "``"})

#: Words that end a source noun phrase when scanning right of a cue.
NP_STOP = frozenset({
    "am", "im", "in", "auf", "bei", "gegenüber", "unter", "mit", "vor", "nach", "seit", "während",
    "heute", "gestern", "später", "zuvor", "bereits", "dass", "ob", "wie", "noch", "auch", "jedoch",
    "aber", "zudem", "außerdem", "damals", "kürzlich", "letzte", "letzten", "vergangene", "dann",
    "nun", "jetzt", "inzwischen", "schon", "daher", "deshalb", "zu", "über", "morgen",
})

#: Words a speaker's noun phrase never runs over: finite auxiliaries and modals ("Das Unternehmen |
#: hatte dies stets bestritten", "Die Kommission | hatte eine solche Zusage …").
SPEAKER_END = frozenset({
    "hat", "hatte", "hatten", "haben", "habe", "hätte", "hätten", "ist", "war", "waren", "sind", "sei", "seien",
    "wäre", "wird", "werden", "wurde", "wurden", "würde", "würden", "kann", "konnte", "könne", "könnte", "soll",
    "sollte", "solle", "will", "wollte", "wolle", "muss", "musste", "müsse", "dass", "ob", "stets", "immer",
})
#: Words that alone name nobody: prepositions, determiners (a source "Unter" is a sentence opener).
SPEAKER_EMPTY = frozenset({
    "der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen", "eines", "unter", "über",
    "nach", "vor", "bei", "mit", "von", "vom", "zu", "zum", "zur", "in", "im", "am", "an", "auf", "aus", "für",
    "gegen", "um", "seit", "während", "laut", "gemäß", "zufolge", "eigenen", "eigener", "eigenem",
})

#: Words that open a tagger's source run but are no part of the source: the passive agent's
#: preposition ("von gewerkschaftlicher Seite"), reflexives, conjunctions, adverbs.
SOURCE_LEAD_DROP = NP_STOP | frozenset({
    "von", "vom", "sich", "nachdem", "als", "weil", "wenn", "so", "denn", "und", "oder", "sowie",
    "es", "hier", "dort", "allerdings", "ebenfalls", "gleichzeitig", "unterdessen", "dabei", "darin",
    "dazu", "demnach", "zunächst", "zuletzt", "erneut", "weiter", "ferner", "sogar", "nur", "selbst",
})
#: Lower-case words that continue a noun phrase after its capitalised head: genitive articles,
#: prepositions of a post-modifier ("der Sprecher der Polizei in Dortmund"), coordination,
#: name particles ("Front de gauche", "Ursula von der Leyen").
SOURCE_NOUN_FOLLOWERS = frozenset({
    "der", "des", "eines", "einer", "einiger", "mehrerer", "von", "vom", "in", "im", "aus", "für",
    "bei", "beim", "an", "auf", "zur", "hinter",
    "zum", "mit", "gegen", "über", "und", "oder", "sowie", "de", "da", "di", "del", "della", "van",
    "ter", "dos", "du", "la", "le", "bin", "ibn", "al", "el", "y", "e", "of", "and", "the",
})
#: Articles and possessives that after a head start a new noun phrase (an object, not a genitive):
#: "warfen die Taliban den Menschen vor", "hatte laut Polizeisprecher das Gepäckstück".
SOURCE_OBJECT_START = frozenset({
    "den", "dem", "das", "die", "ein", "eine", "einen", "einem", "ihre", "ihren", "ihrem", "ihr",
    "seine", "seinen", "seinem", "sein", "diese", "diesen", "diesem", "dieses",
})

#: Cue adverbs that point back to a source named before ("Demnach habe …", "wonach …"): SpkAtt
#: marks the adverb as both cue and source.
ANAPHORIC_CUES = frozenset({"demnach", "danach", "wonach"})

#: Demonstratives that open a sentence as the object of its speech verb and point back to the
#: sentence before ("Dies bestätigte der Minister.", "Das erklärte ein Sprecher."): that sentence
#: is the message (SpkAtt marks it and the demonstrative as one message).
ANAPHORIC_OBJECTS = frozenset({"dies", "das", "dieses"})

#: "nach" + a noun ending like this ("nach Angaben", "nach Behördenangaben", "nach Ansicht",
#: "nach Medienberichten") is a prepositional cue: in SpkAtt train 163 of 165 such phrases are.
INFO_NOUN_ENDINGS = (
    "angaben", "angabe", "berichten", "bericht", "informationen", "aussagen", "aussage",
    "erkenntnissen", "schätzungen", "schätzung", "einschätzung", "ansicht", "meinung", "auffassung",
    "darstellung", "worten", "vorhersage", "prognose", "mitteilung", "recherchen",
)

#: Nouns after which "mit X" names whom a statement was made to ("in einem Interview mit der ARD").
ADDRESS_NOUNS = frozenset({"interview", "gespräch", "telefonat", "telefongespräch", "unterredung"})
ARTICLES = frozenset({"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen", "eines"})
#: Words that open a genitive or "von" attribute after a noun ("Angaben der Polizei", "Sprecher des Amts").
GENITIVE_STARTS = frozenset({"der", "des", "von", "vom"})
DATIVE_PRONOUNS = frozenset({"ihr", "ihm", "ihnen", "mir", "uns", "dir", "euch"})
#: Comparison objects of "gegenüber" ("gegenüber dem Vorjahr"): no addressee.
NOT_ADDRESSEES = frozenset({"vorjahr", "vorjahreszeitraum", "vormonat", "vorwoche", "vorquartal", "jahr",
                            "monat", "quartal", "zeitraum", "millionen", "milliarden", "prozent"})
#: Subordinators of reason, time, purpose and condition clauses: such a clause is no reported
#: content ("…, weil er …", "…, um … zu", "…, als er …").
ADVERBIAL_SUBORDINATORS = frozenset({"weil", "als", "um", "nachdem", "wenn", "da", "obwohl", "damit",
                                     "während", "bevor", "seit", "seitdem", "sodass", "falls", "indem"})
#: Function words the tagger sometimes labels as a cue on their own ("so etwa", "kommt … vor"):
#: without a source such a cue is no speech event.
BARE_CUE_WORDS = PARTICLES | frozenset({"so", "es", "sich", "als", "wie", "dazu", "darüber", "damit", "davon"})
#: Cue words that are no verbs (prepositional and adverbial cues): their message is no object.
NON_VERB_CUES = frozenset({"laut", "nach", "zufolge", "gemäß", "so", "wie", "demnach", "danach", "wonach",
                           "berufung"})
#: Words that open a content clause or a quotation (indirect or direct speech, not an object).
CLAUSE_OPENERS = frozenset({"dass", "ob", "wie", "wer", "was", "warum", "wo", "wann", "weshalb", "wieso",
                            "„", '"', "»", ":"})
