"""Matching keys for names: spelling/transliteration variants, translations, acronyms.

All knowledge is data (``lagebild/data/name_variants.json``, ``name_lexicon.json``), applied to
every name alike:

* :func:`spelling_key` maps German and English renderings of a foreign name to one key
  ("Sergej Schoigu" / "Sergei Shoigu" -> ``sergei shoigu``) with ordered character rules;
* :func:`translation_key` maps a German organisation/event name word by word (splitting
  compounds) into English, so a German name and its English original share a key;
* :func:`acronym` gives the initials of a multi-word name ("Eastern Economic Forum" -> ``EEF``);
* :func:`territory_code` maps a country name in any of ``EXONYM_LOCALES`` to its CLDR code
  ("Russland" / "Russia" -> ``RU``), from the Unicode CLDR tables that ship with babel.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
#: Shortest German word part accepted when splitting a compound ("Wirtschafts|forum").
MIN_COMPOUND_PART = 3
#: German inflection endings tried (longest first) when looking a word up in the lexicon.
DE_ENDINGS = ("ern", "en", "em", "er", "es", "e", "s", "n")
_DOUBLE = re.compile(r"(.)\1+")
#: Languages whose CLDR country names (exonyms) are matched: the languages we ingest.
EXONYM_LOCALES = ("de", "en")


@lru_cache(maxsize=1)
def _variants() -> dict:
    return json.loads((DATA_DIR / "name_variants.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    data = json.loads((DATA_DIR / "name_lexicon.json").read_text("utf-8"))
    de_en: dict[str, str] = data["de_en"]
    english = frozenset(w for v in de_en.values() for w in v.split())
    return de_en, frozenset(data["stop"]), english


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_tokens(name: str) -> list[str]:
    """Lowercased word tokens of a name; hyphens, apostrophes and dots separate tokens."""
    seps = _variants()["separators"]
    text = name.lower()
    for ch in seps:
        text = text.replace(ch, " ")
    return [t for t in text.split() if t]


@lru_cache(maxsize=65536)
def spelling_token(token: str) -> str:
    data = _variants()
    t = strip_accents(token.lower().replace("ß", "ss"))
    for src, dst in data["rules"]:
        t = t.replace(src, dst)
    if data.get("collapse_double_letters"):
        t = _DOUBLE.sub(r"\1", t)
    return t


def spelling_key(name: str) -> str:
    """Key shared by spelling and transliteration variants of a name."""
    return " ".join(spelling_token(t) for t in name_tokens(name))


def _lookup_de(word: str) -> str | None:
    de_en, _, _ = _lexicon()
    if word in de_en:
        return de_en[word]
    for end in DE_ENDINGS:
        if word.endswith(end) and word[: -len(end)] in de_en:
            return de_en[word[: -len(end)]]
    return None


def _split_compound(word: str) -> list[str] | None:
    """Translate a German (compound) word into English words, or None if some part is unknown."""
    hit = _lookup_de(word)
    if hit:
        return hit.split()
    for cut in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
        head = _lookup_de(word[:cut])
        if not head:
            continue
        rest = word[cut:]
        if rest.startswith("s") and len(rest) > MIN_COMPOUND_PART and not _lookup_de(rest):
            rest = rest[1:]  # Fugen-s: "Wirtschafts|forum"
        tail = _split_compound(rest)
        if tail:
            return head.split() + tail
    return None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def translation_key(name: str) -> str | None:
    """English word key of a multi-word organisation/event name, or None if not translatable.

    German words go through the lexicon (compounds split); English lexicon words stay. The
    name must yield at least two content words and every word must be known, so two names only
    share this key if they say the same thing.
    """
    de_en, stop, english = _lexicon()
    out: list[str] = []
    translated = False
    for tok in name_tokens(name):
        if tok in stop:
            continue
        if tok in english:
            out.append(tok)
            continue
        words = _split_compound(tok)
        if words is None:
            return None
        translated = True
        out.extend(words)
    out = [_singular(w) for w in out if w not in stop]
    if len(out) < 2 and not translated:
        return None
    return " ".join(out) if len(out) >= 2 else None


def acronym(name: str) -> str | None:
    """Initials of a multi-word name ("New York Times" -> "NYT"), ignoring function words."""
    _, stop, _ = _lexicon()
    words = [w for w in name.replace("-", " ").split() if w.lower() not in stop]
    if len(words) < 2 or not all(w[:1].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in name


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    """Spelling key of every CLDR country name in ``EXONYM_LOCALES`` -> the country's code."""
    from babel import Locale

    table: dict[str, str] = {}
    for loc in EXONYM_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if code.isalpha():  # "001" (World), "150" (Europe): regions, not countries
                table.setdefault(spelling_key(name), code)
    return table


def territory_code(name: str) -> str | None:
    """CLDR code of a country name in German or English, also inflected ("Russlands",
    "der Vereinigten Staaten"); None when the name is no country name."""
    table = _territories()
    key = spelling_key(name)
    tokens = key.split()
    candidates = [key, key[:-1] if key.endswith("s") else ""]
    for i, tok in enumerate(tokens):  # one adjective inflected: "Vereinigten" -> "Vereinigte"
        if tok.endswith("en"):
            candidates.append(" ".join(tokens[:i] + [tok[:-1]] + tokens[i + 1:]))
    for cand in candidates:
        if cand and cand in table:
            return table[cand]
    return None
