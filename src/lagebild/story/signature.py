"""What happened, and when: the happening signature of one article for the event clustering.

An event is one specific happening and its direct developments, so besides *what an article is
about* (terms, entities, lead embedding) the clusterer compares *which happening it reports*:

* its **kinds**: the happening words of the title (else of the lead sentence), mapped to
  kinds shared by German and English (:data:`~.lexicon.HAPPENING_KINDS`: a warning strike, a
  strike, an arbitration, a settlement are four kinds; "Hafenstreik" is a strike by its head);
* its **day**: the first day-precise date the lead gives to a statement (the TIMEX3 mentions of
  :func:`~.happenings.article_mentions`, plans included: "Für Donnerstag hat Verdi … zum
  Warnstreik aufgerufen" reports the Thursday's strike), else the publication day;
* its **actors**: the people, organisations and named things it names (entities other than
  places), which tell two competitions of one championship apart although both name its city.
"""

from __future__ import annotations

import re

from ..model import Article
from .happenings import article_mentions
from .lexicon import HAPPENING_BIGRAMS_EN, HAPPENING_KINDS, NOT_HAPPENINGS_DE

#: Characters of body text that count as the lead (the dated happening is stated up front).
LEAD_DAY_CHARS = 400
#: Shortest German compound modifier before a happening head ("Hafen|streik"): shorter
#: remainders are prefixes or parts of another word ("Be|such" is no "such").
MIN_MODIFIER_CHARS = 3
#: Shortest happening head matched inside a compound.
MIN_HEAD_CHARS = 4
#: Entity labels that name actors; places (LOC) are shared by unrelated happenings in one city.
ACTOR_LABELS = frozenset({"PER", "ORG", "MISC"})

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HEADS = {lang: sorted((w for w in table if len(w) >= MIN_HEAD_CHARS), key=len, reverse=True)
          for lang, table in HAPPENING_KINDS.items()}


def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except ValueError:
        return word.lower()


def word_kind(word: str, lang: str) -> str | None:
    """The happening kind a word names, or None."""
    table = HAPPENING_KINDS.get(lang)
    if not table:
        return None
    low = word.lower()
    for form in (low, _lemma(word, lang)):
        if form in table:
            return table[form]
    if lang != "de" or low in NOT_HAPPENINGS_DE:
        return None
    last = low.rsplit("-", 1)[-1]  # "48-Stunden-Streik"
    if last != low and last in table:
        return table[last]
    for head in _HEADS["de"]:
        if low.endswith(head) and len(low) - len(head) >= MIN_MODIFIER_CHARS:
            return table[head]
    return None


def text_kinds(text: str, lang: str) -> set[str]:
    """Happening kinds named in ``text``."""
    if lang == "en":
        low = text.lower()
        for bigram in HAPPENING_BIGRAMS_EN:
            low = low.replace(bigram, bigram.replace(" ", "-"))
        text = low
    kinds = set()
    for m in _WORD.finditer(text):
        kind = word_kind(m.group(), lang)
        if kind is not None:
            kinds.add(kind)
    return kinds


def lead_sentence(article: Article, title: str) -> str:
    """The first sentence of the body (after the title line when the text starts with it)."""
    text = article.text
    start = len(title) if title and text.startswith(title) else 0
    for s in sorted(article.spans("sentences"), key=lambda s: s.start):
        if s.start >= start and text[s.start:s.end].strip():
            return text[s.start:s.end]
    rest = text[start:start + LEAD_DAY_CHARS].strip()
    return re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]


def happening_kinds(article: Article, title: str, lang: str) -> frozenset[str]:
    """The kinds of happening the title names, else those of the lead sentence."""
    kinds = text_kinds(title, lang)
    if not kinds:
        kinds = text_kinds(lead_sentence(article, title), lang)
    return frozenset(kinds)


def happening_day(article: Article) -> int | None:
    """Date ordinal of the happening the lead reports (see the module doc), or None."""
    if "sentences" not in article.layers or not article.spans("timex"):
        return None
    best = None
    for m in article_mentions(article):
        if m.sent[0] >= LEAD_DAY_CHARS:
            break
        if m.when.gran != "day" or m.derived:
            continue
        if not m.report:
            return m.when.first.toordinal()
        if best is None:
            best = m.when.first.toordinal()
    return best


def actor_key(label: str) -> bool:
    return label in ACTOR_LABELS
