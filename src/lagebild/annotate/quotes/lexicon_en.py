"""English word lists for attribution (general lexicon data)."""

from __future__ import annotations

_VERBS = ("say", "tell", "add", "state", "announce", "report", "claim", "deny", "reject", "dismiss",
          "confirm", "warn", "write", "insist", "note", "explain", "argue", "suggest", "acknowledge",
          "admit", "assert", "declare", "maintain", "stress", "emphasize", "reveal", "disclose", "quote",
          "predict", "allege", "believe", "estimate", "tweet", "comment", "respond", "reply", "testify",
          "speculate", "indicate", "signal", "concede", "contend", "dispute", "refute")
_IRREGULAR = {"say": ("said", "says"), "tell": ("told", "tells"), "write": ("wrote", "written", "writes")}


def _forms() -> frozenset[str]:
    out: set[str] = set()
    for v in _VERBS:
        out.update(_IRREGULAR.get(v, ()))
        base = v[:-1] if v.endswith("e") else v
        past = v[:-1] + "ied" if v.endswith("y") and v not in ("say",) else base + "ed"
        third = v[:-1] + "ies" if v.endswith("y") and v not in ("say",) else v + ("es" if v.endswith("s") else "s")
        out.update({v, past, third})
    return frozenset(out)


CUE_VERBS = _forms()
#: Prepositional cues whose source follows ("according to X").
CUE_PREPS_RIGHT: tuple[tuple[str, ...], ...] = (("according", "to"), ("as", "reported", "by"),
                                                 ("in", "the", "words", "of"))
#: Cues with the source on their left ("X reportedly") — none in English.
CUE_PREPS_LEFT: tuple[tuple[str, ...], ...] = ()
NESTING_CUES: tuple[tuple[str, ...], ...] = (("citing",), ("quoting",), ("cited",), ("quoted",))
DENIAL = frozenset({"deny", "denies", "denied", "denying", "reject", "rejects", "rejected", "dismiss",
                    "dismisses", "dismissed", "refute", "refuted", "refutes", "dispute", "disputes",
                    "disputed", "rebuffed"})
SPECULATION = frozenset({"reportedly", "allegedly", "may", "might", "could", "likely", "possibly",
                         "probably", "apparently", "reports", "rumours", "rumors", "speculation",
                         "speculated", "expected", "possible", "unconfirmed", "purportedly"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
ANONYMOUS_HEADS = frozenset({"source", "sources", "official", "officials", "insider", "insiders",
                             "diplomat", "diplomats", "people", "person", "spokesman", "spokeswoman",
                             "spokesperson", "media", "reports", "analysts", "experts", "aides",
                             "aide", "witnesses", "intelligence"})
INDEFINITE = frozenset({"a", "an", "one", "several", "some", "unnamed", "anonymous", "unidentified",
                        "senior", "two", "three"})
#: Words a speaker's noun phrase never runs over: auxiliaries, modals, complementisers, verbs that
#: follow a subject ("the company | would have to …", "Lohmeyer | declined to say").
SPEAKER_END = frozenset({
    "would", "will", "has", "have", "had", "is", "was", "are", "were", "did", "does", "do", "can", "could",
    "should", "may", "might", "must", "to", "that", "put", "declined", "said", "says", "denied", "later",
    "consistently", "also", "who", "which",
})
#: Words that alone name nobody (determiners, prepositions, weekdays: "on Wednesday").
SPEAKER_EMPTY = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "on", "in", "at", "by", "for", "from", "with", "of",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ends",
})
NP_STOP = frozenset({"on", "in", "at", "to", "that", "as", "after", "before", "during", "with",
                     "earlier", "later", "today", "yesterday", "last", "this", "recently", "also",
                     "however", "when", "while", "by", "citing", "quoting", "for", "about"})
