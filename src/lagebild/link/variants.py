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
def _lexicon_data() -> dict:
    return json.loads((DATA_DIR / "name_lexicon.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    data = _lexicon_data()
    de_en: dict[str, str] = data["de_en"]
    english = frozenset(w for v in de_en.values() for w in v.split())
    return de_en, frozenset(data["stop"]), english


@lru_cache(maxsize=1)
def _head_nouns() -> tuple[str, ...]:
    """German lexicon words that can head a name and take a genitive -s ("Krieg", "Forum", "Rat")."""
    data = _lexicon_data()
    adj = tuple(data["adjective_suffixes"])
    return tuple(sorted((w for w in data["de_en"] if " " not in w and not w.endswith(adj)), key=len, reverse=True))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain(name: str) -> str:
    """A name as written, without case and accents ("Schoigu" and "SCHOIGU" are written alike,
    "Shoigu" is a spelling variant)."""
    return strip_accents(name.casefold())


_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")


def company_words() -> frozenset[str]:
    """Words that may follow a company's short name in its full name (lexicon ``company_words``)."""
    return frozenset(_lexicon_data()["company_words"])


def name_tokens(name: str) -> list[str]:
    """Lowercased word tokens of a name; hyphens, apostrophes and dots separate tokens, dotted
    initials are one token ("U.S. Air Force" -> us, air, force)."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    seps = _variants()["separators"]
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), name).lower()
    for ch in seps:
        text = text.replace(ch, " ")
    return tuple(t for t in text.split() if t)


@lru_cache(maxsize=65536)
def spelling_token(token: str) -> str:
    data = _variants()
    t = strip_accents(token.lower().replace("ß", "ss"))
    for src, dst in data["rules"]:
        t = t.replace(src, dst)
    if data.get("collapse_double_letters") and len(t) > MIN_STEM:  # "II" is not "I"
        t = _DOUBLE.sub(r"\1", t)
    return t


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """Key shared by spelling and transliteration variants of a name."""
    return " ".join(spelling_token(t) for t in name_tokens(name))


#: Endings stripped from the inner words of a name for its case key: German adjective inflection
#: ("Vereinigte/Vereinigten Staaten", "Rotes/Roten Kreuz", "Hamburger Abendblatt").
INNER_ENDINGS = ("en", "em", "er", "es", "e")
#: Shortest word stem kept when stripping an ending; shorter words are left alone ("de", "Rat").
MIN_STEM = 3
#: Shortest stem left by stripping a bare final -s from a name's last word ("Chinas" -> "china"):
#: shorter words ending in s are too often names of their own ("Times" / "Time").
MIN_S_STEM = 5


def _strip_inner(tok: str) -> str:
    for end in INNER_ENDINGS:
        if tok.endswith(end) and len(tok) - len(end) >= MIN_STEM:
            return tok[: -len(end)]
    return tok


def _strip_final(tok: str) -> str:
    if tok.endswith("es") and len(tok) - 2 >= MIN_S_STEM - 1:
        tok = tok[:-2]  # genitive -es: "Kreuzes", "Krieges"
    elif tok.endswith("s") and not tok.endswith("ss") and len(tok) - 1 >= MIN_S_STEM:
        tok = tok[:-1]  # genitive -s: "Chinas", "Wirtschaftsforums"
    if tok.endswith("en") and len(tok) - 1 >= MIN_S_STEM:
        tok = tok[:-1]  # dative plural -n: "Niederlanden", "Spielen" (and "Südostasiens" -> "Südostasien")
    return tok


@lru_cache(maxsize=65536)
def case_key(name: str, spell: bool = True) -> str:
    """Spelling key that also ignores German case endings, for names of things (not people):
    "Europäischen Union" / "Europäische Union", "Roten Kreuzes" / "Rote Kreuz", "Niederlanden" /
    "Niederlande" share it. Inner words lose adjective endings, the last word a genitive -s/-es or
    a dative plural -n. ``spell=False``: case endings only, spelling variants stay apart."""
    toks = name_tokens(name)
    if not toks:
        return ""
    out = [_strip_inner(t) for t in toks[:-1]] + [_strip_final(toks[-1])]
    return " ".join(spelling_token(t) for t in out) if spell else " ".join(out)


def base_form(name: str) -> str:
    """The name with a German genitive ending removed from its last word when a lexicon says so:
    a country name ("Chinas" -> "China", CLDR) or a compound whose head is a noun of the name
    lexicon ("Koreakriegs", "Koreakrieges" -> "Koreakrieg"). Otherwise the name unchanged."""
    words = name.split(" ")
    last = words[-1]
    for cut in (2, 1):
        if not last.endswith("es"[-cut:]) or len(last) - cut < MIN_STEM:
            continue
        stem = last[:-cut]
        if cut == 1 and stem.endswith("s"):
            continue
        low = stem.lower()
        territory = _is_territory_key(spelling_key(" ".join(words[:-1] + [stem])))
        bare = [low] + [low[: -len(e)] for e in DE_ENDINGS if low.endswith(e)]  # "Ostens" -> "osten" -> "ost"
        if territory and cut == 1 or any(b.endswith(n) and len(n) >= MIN_STEM for b in bare for n in _head_nouns()):
            return " ".join(words[:-1] + [stem])
    return name


def is_name_shaped(name: str) -> bool:
    """A proper name's words are capitalised, apart from particles ("Ludwig van Beethoven") and
    short function words of multi-word titles ("Save the Children" is not a person's name, see
    callers); used to keep phrases such as "Irish for Trump" from acting as a person's full name."""
    particles = set(_variants()["particles"])
    words = name.split()
    if not words or not words[-1][:1].isupper() or any(w.endswith(":") for w in words):
        return False  # a name ends in a capitalised word and holds no colon ("Standard: Würden Sie der")
    for word in words:
        if word[:1].isupper() or word[:1].isdigit() or word.lower() in particles:
            continue
        return False
    return True


#: Zipf frequency (wordfreq) from which a word counts as a common word of the language: a head noun
#: such as "Radio", "Arena", "Kommission" (4.3-4.9) names different things in different articles,
#: while "Nikkei" (2.6) or "Kibbuz" (2.5) do not.
COMMON_WORD_ZIPF = 4.0


#: Languages that capitalise every noun: there a capitalised common word ("Radio") need not be a
#: name, while in English "Store" or "Tiger" written with a capital is one.
NOUN_CAPITALISING = frozenset({"de"})


#: A word this much more frequent in English than in the text's language (Zipf) is an English word
#: inside it, written with a capital as a name ("Times": 5.6 in English, 4.1 in German web text,
#: where "Radio" is 4.7 against 5.0).
ENGLISH_LOAN_MARGIN = 1.0


@lru_cache(maxsize=65536)
def is_common_word(word: str, lang: str) -> bool:
    """Whether ``word``, capitalised in a text of ``lang``, may be a common noun rather than a name:
    a frequent word (``COMMON_WORD_ZIPF``) of a language that capitalises nouns, and not an English
    word quoted in it."""
    from wordfreq import zipf_frequency

    if lang not in NOUN_CAPITALISING:
        return False
    freq = zipf_frequency(word.lower(), lang)
    return freq >= COMMON_WORD_ZIPF and zipf_frequency(word.lower(), "en") - freq < ENGLISH_LOAN_MARGIN


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


@lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in name


def acronym_fits(acr: str, name: str) -> bool:
    """Whether the letters of ``acr`` can be read, in order, out of ``name``, the first one starting
    a word ("EEF" / "Eastern Economic Forum", "WHO" / "Weltgesundheitsorganisation",
    "ÖVP" / "Österreichische Volkspartei"; not "SPD" / "Renate Schmidt"). Matched from the end, as
    an abbreviation's definition is usually written (Schwartz & Hearst's rule)."""
    letters = [c for c in strip_accents(acr.casefold()) if c.isalnum()]
    text = strip_accents(name.casefold())
    if not letters or is_acronym(name):
        return False
    i = len(text) - 1
    for k in range(len(letters) - 1, -1, -1):
        while i >= 0 and (text[i] != letters[k] or (k == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


@lru_cache(maxsize=1)
def _territories() -> dict[str, dict[str, str]]:
    """Country names -> CLDR code, per language of ``EXONYM_LOCALES`` (spelling and case keys of
    every CLDR country name), and under ``""`` the names that are no word of one language: codes
    that are initials ("US" for "United States") and the CLDR code aliases that spell out a name's
    initials ("USA", "UK"); other aliases are old or overlong codes ("DDR" is no name of today's
    Germany, "DEU" is no name at all). Callers use codes only for names typed as places."""
    from babel import Locale
    from babel.core import get_global

    tables: dict[str, dict[str, str]] = {"": {}}
    names: dict[str, list[str]] = {}
    for loc in EXONYM_LOCALES:
        table = tables.setdefault(loc, {})
        for code, name in Locale.parse(loc).territories.items():
            if code.isalpha():  # "001" (World), "150" (Europe): regions, not countries
                table.setdefault(spelling_key(name), code)
                table.setdefault(case_key(name), code)  # "Vereinigte Königreich" after an article
                names.setdefault(code, []).append(name)
    for code, found in names.items():
        if any(acronym(n) == code for n in found):
            tables[""].setdefault(spelling_key(code), code)
    for alias, codes in get_global("territory_aliases").items():
        if alias.isalpha() and len(codes) == 1 and any(
                (ini := acronym(n)) and alias.startswith(ini) for n in names.get(codes[0], [])):
            tables[""].setdefault(spelling_key(alias), codes[0])
    return tables


def _is_territory_key(key: str) -> bool:
    return any(key in t for t in _territories().values())


@lru_cache(maxsize=65536)
def territory_code(name: str, lang: str | None = None) -> str | None:
    """CLDR code of a country name, also inflected ("Russlands", "der Vereinigten Staaten"); None
    when the name is no country name. With ``lang`` (the article's language) a one-word name must be
    that language's name of the country: in a German text "Jordan" is the river and "Austria" a
    football club, not Jordanien and Österreich; names of several words ("North Korea") are not
    ambiguous so and count in every language."""
    tables = _territories()
    key = spelling_key(name)
    tokens = key.split()
    candidates = [key, case_key(name), key[:-1] if key.endswith("s") else ""]
    for i, tok in enumerate(tokens):  # one adjective inflected: "Vereinigten" -> "Vereinigte"
        if tok.endswith("en"):
            candidates.append(" ".join(tokens[:i] + [tok[:-1]] + tokens[i + 1:]))
    usable = [t for loc, t in tables.items()
              if loc == "" or lang is None or loc == lang or len(tokens) > 1]
    for cand in candidates:
        for table in usable:
            if cand and cand in table:
                return table[cand]
    return None
