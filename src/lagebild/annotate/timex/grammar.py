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
    """A non-capturing alternation of ``words``, longest first, spaces matching any white space."""
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq) + ")"


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
    )
