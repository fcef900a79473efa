"""Rule records and their compilation; shared by every language.

A language module (``rules_de``, ``rules_en``) is pure data: lexicons (dicts from lower-case
words to meanings), a ``PLACEHOLDERS`` table naming regex alternations built from them, and a
``RULES`` list of :class:`Rule`. A rule's pattern uses ``%NAME%`` for a placeholder and named
groups for the pieces the normaliser reads (``year``, ``month``, ``day``, ``weekday``, ``num``,
``unit``, ``rel``, ``mod``, ``ref`` …); the group ``t`` (or ``t1``/``t2`` for ranges) marks the
timex extent when the pattern also matches context such as a preposition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

_PLACEHOLDER = re.compile(r"%([A-Z_0-9]+)%")


@dataclass(frozen=True)
class Rule:
    """One extraction rule: a pattern, the normaliser family (``kind``) and its TIMEX3 type."""

    name: str
    pattern: str
    kind: str
    type: str = "DATE"
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Most rules ignore case; German nouns vs. adverbs ("Morgen" morning, "morgen" tomorrow)
    #: need it.
    case_sensitive: bool = False


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of ``words`` as a prefix tree, spaces matching any white space.

    A tree (``(?:j(?:an|uli?)|...)``) lets the regex engine reject a position after one
    character instead of trying every word; longer words are tried before their prefixes.
    """
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _tree(trie)


def _tree(node: dict[str, Any]) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _tree(node[ch]))
    end = "" in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
    if end:
        body = ("(?:" + "|".join(branches) + ")") + "?"
    return body


@dataclass
class Language:
    """A language's compiled rules and its data module."""

    code: str
    data: ModuleType
    rules: list[tuple[Rule, re.Pattern[str]]]
    future: re.Pattern[str]
    past: re.Pattern[str]
    future_hint: re.Pattern[str]
    past_hint: re.Pattern[str]
    clause_break: re.Pattern[str]
    trigger: re.Pattern[str]
    aside_before: re.Pattern[str]
    past_tail: re.Pattern[str]
    perfect: re.Pattern[str]
    range_after: re.Pattern[str]
    apposition_break: re.Pattern[str]
    sentence_end: re.Pattern[str]
    #: rule name -> trigger words one of which every match of the rule contains
    needs: dict[str, frozenset[str]]

    def lookup(self, table: str, word: str | None) -> Any:
        if word is None:
            return None
        key = " ".join(word.lower().replace("-", " ").split()).rstrip(".")
        return getattr(self.data, table).get(key)


def expand(pattern: str, placeholders: Mapping[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        return placeholders[m.group(1)]

    prev = None
    while prev != pattern:  # placeholders may use placeholders
        prev, pattern = pattern, _PLACEHOLDER.sub(sub, pattern)
    return pattern


#: Languages with a rule module; anything else falls back to English rules (digits and ISO
#: dates still work).
SUPPORTED = ("de", "en")


@cache
def language(code: str) -> Language:
    code = code if code in SUPPORTED else "en"
    data = import_module(f"{__package__}.rules_{code}")
    ph = data.PLACEHOLDERS
    compiled = []
    for rule in data.RULES:
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        try:
            compiled.append((rule, re.compile(expand(rule.pattern, ph), flags)))
        except re.error as exc:  # a broken data rule is a programming error: say which
            raise ValueError(f"timex rule {code}:{rule.name}: {exc}") from exc
    i = re.IGNORECASE
    return Language(
        code=code, data=data, rules=compiled,
        future=re.compile(expand(data.FUTURE_MARKERS, ph), i),
        past=re.compile(expand(data.PAST_MARKERS, ph), i),
        future_hint=re.compile(expand(data.FUTURE_HINTS, ph) + r"\s*$", i),
        past_hint=re.compile(expand(data.PAST_HINTS, ph) + r"\s*$", i),
        clause_break=re.compile(data.CLAUSE_BREAK),
        aside_before=re.compile(data.ASIDE_BEFORE + r"\s*$", i),
        range_after=re.compile(data.RANGE_AFTER, i),
        apposition_break=re.compile(getattr(data, "APPOSITION_BREAK", "(?!)"), i),
        sentence_end=re.compile(SENTENCE_END.replace("%NOSTOP%", no_stop(getattr(
            data, "ABBREVIATIONS", ())))),
        needs={k: frozenset(v) for k, v in getattr(data, "NEEDS", {}).items()},
        past_tail=re.compile(getattr(data, "PAST_TAIL", "(?!)"), i),
        perfect=re.compile(data.PERFECT_MARKERS, i),
        trigger=re.compile(r"\d|\b" + alt(_trigger_words(data)) + "|"
                           + alt(getattr(data, "INNER_TRIGGERS", ("\x00",))), i),
    )


#: A sentence end: punctuation, perhaps closing quotes or a bracket, space, a capital next; the
#: language's ``ABBREVIATIONS`` ("Dr.", "Sept.") are left out. A line break before a capital
#: ends a sentence too (a headline has no full stop).
SENTENCE_END = r"[.!?]%NOSTOP%['\"’”«»)]*\s+(?=\W*[A-ZÄÖÜ0-9])|\n\s*\n|\n(?=\W*[A-ZÄÖÜ0-9])"


def no_stop(abbreviations: Iterable[str]) -> str:
    """Lookbehinds, to follow the matched punctuation mark, that keep a full stop after one of
    ``abbreviations`` ("Dr.", "Sept.") from counting as the end of a sentence or clause."""
    return "".join(rf"(?<!\b{re.escape(w)}\.)" for w in abbreviations)


#: Lexicons whose words every temporal expression contains at least one of (with digits and
#: the language's ``EXTRA_TRIGGERS``); text far from all of them is not scanned by the rules.
TRIGGER_TABLES = ("MONTHS", "WEEKDAYS", "SEASONS", "UNITS", "REFS", "SETWORDS", "DECADES",
                  "DAYPARTS", "HOLIDAYS")


def _trigger_words(data: ModuleType) -> list[str]:
    words = {w for table in TRIGGER_TABLES for w in getattr(data, table) if not w.isdigit()}
    words.update(getattr(data, "EXTRA_TRIGGERS", ()))
    # A phrase's longest word stands for it (the scan window covers the rest of the phrase).
    out = []
    for w in words:
        longest = max(w.split(), key=len)
        out.append(longest if len(longest) >= 3 else w)
    return out
