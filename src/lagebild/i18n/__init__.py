"""The one message catalogue of the interfaces: German by default, English on request.

``t(key, lang, **params)`` returns the text for ``key`` in ``lang`` with ``{name}`` placeholders
filled; a plural entry picks its form by ``n`` ("1 Thema", "2 Themen"). Numbers are written the
language's way (``1.234`` in German). A key missing in a language falls back to German, an unknown
key returns the key itself (so a typo shows on the page instead of crashing it; a test keeps the
catalogues complete). :func:`negotiate` picks the language from a setting and an
``Accept-Language`` header; :func:`install` makes ``t`` and the formatting filters available to
Jinja templates, which read the language from a ``lang`` context variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from . import messages_de, messages_en

#: Interface languages, the first is the default.
LANGUAGES: tuple[str, ...] = ("de", "en")
DEFAULT_LANG = "de"
CATALOGUES: dict[str, Mapping[str, str | dict[str, str]]] = {
    "de": messages_de.MESSAGES,
    "en": messages_en.MESSAGES,
}
#: Thousands separators per language (German 1.234, English 1,234).
THOUSANDS = {"de": ".", "en": ","}
DECIMAL = {"de": ",", "en": "."}

_PARAM = re.compile(r"\{(\w+)\}")
#: The language of the request or command being served (set by the web server per request and by
#: :func:`use_language`); templates without a ``lang`` variable read it.
CURRENT: ContextVar[str | None] = ContextVar("lagebild_lang", default=None)


def current_language() -> str:
    return normalise_lang(CURRENT.get())


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Run a block (a request, a report) in ``lang``."""
    token = CURRENT.set(normalise_lang(lang))
    try:
        yield normalise_lang(lang)
    finally:
        CURRENT.reset(token)


def normalise_lang(lang: str | None) -> str:
    """``lang`` if we have it (``de-AT`` counts as ``de``), else the default language."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in CATALOGUES else DEFAULT_LANG


def plural_form(n: int | float, lang: str) -> str:
    """CLDR plural category for German and English: "one" for exactly 1, else "other"."""
    return "one" if n == 1 else "other"


def format_number(value: Any, lang: str = DEFAULT_LANG, digits: int | None = None) -> str:
    """An int or float written the language's way; anything else as ``str``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    lang = normalise_lang(lang)
    if isinstance(value, float) and digits is None:
        digits = 0 if value.is_integer() else 1
    text = f"{value:,.{digits}f}" if digits is not None else f"{value:,}"
    table: dict[str, str | int | None] = {",": THOUSANDS[lang], ".": DECIMAL[lang]}
    return text.translate(str.maketrans(table))


def t(key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, placeholders filled from ``params`` (numbers formatted)."""
    lang = normalise_lang(lang)
    entry = CATALOGUES[lang].get(key)
    if entry is None:
        entry = CATALOGUES[DEFAULT_LANG].get(key)
    if entry is None:
        return key
    if isinstance(entry, dict):
        n = params.get("n", 0)
        entry = entry.get(plural_form(n if isinstance(n, int | float) else 0, lang)) or entry["other"]
    values = {k: format_number(v, lang) for k, v in params.items()}
    # Substitute only known placeholders: user text in a value never acts as a format string.
    return _PARAM.sub(lambda m: str(values.get(m.group(1), m.group(0))), entry)


def has(key: str) -> bool:
    return key in CATALOGUES[DEFAULT_LANG]


def _ours(code: str | None) -> str | None:
    lang = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in CATALOGUES else None


def negotiate(accept_language: str | None = None, setting: str | None = None, explicit: str | None = None) -> str:
    """The interface language: an explicit choice (``?lang=en``, a cookie) when it names one of
    ours, else the setting, else the best of the ``Accept-Language`` header (by q-value, then
    order), else German."""
    for choice in (explicit, setting):
        if _ours(choice):
            return str(_ours(choice))
    best, best_q = DEFAULT_LANG, -1.0
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        code, _, rest = part.strip().partition(";")
        q = 1.0
        m = re.search(r"q\s*=\s*([0-9.]+)", rest)
        if m:
            try:
                q = float(m.group(1))
            except ValueError:
                q = 0.0
        lang = code.strip().lower().split("-")[0]
        if lang in CATALOGUES and q > 0 and q - i * 1e-6 > best_q:
            best, best_q = lang, q - i * 1e-6
    return best


def outlet_label(outlet: str | None, lang: str = DEFAULT_LANG) -> str:
    """An outlet's display name; a missing one is "unbekannte Quelle", never a file name."""
    name = (outlet or "").strip()
    if not name or looks_like_file(name):
        return t("outlet.unknown", lang)
    return name


#: What a file name looks like: a name with a known document ending or a path separator.
FILE_LIKE = re.compile(r"[/\\]|\.(txt|text|md|html?|xhtml|xml|rss|atom|jsonl|ndjson|json|warc|gz)$", re.I)


def looks_like_file(name: str) -> bool:
    return bool(FILE_LIKE.search(name.strip()))


#: Words of an untitled article's text shown as its title.
TITLE_WORDS = 10


def article_title(title: str | None, text: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """An article's title; an untitled one is named by its first words, never by its hash id."""
    if title and title.strip():
        return title.strip()
    words = (text or "").split()
    if not words:
        return t("article.untitled", lang)
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")


def entity_type(label: str | None, lang: str = DEFAULT_LANG) -> str:
    """"Person", "Organisation", "Ort" … for an NER label; unknown labels as they are."""
    key = f"entity.{(label or '').upper()}"
    return t(key, lang) if has(key) else (label or "")


def language_name(code: str | None, lang: str = DEFAULT_LANG) -> str:
    key = f"lang.{(code or '').lower()}"
    return t(key, lang) if has(key) else (code or t("lang.other", lang))


def install(env: Any) -> None:
    """Give a Jinja environment ``t()`` and the filters ``num``, ``outlet``, ``etype``, ``langname``,
    ``hdate`` (a date in words) and ``hage`` (how long ago, ``value|hage(now)``); each reads the page
    language from the ``lang`` context variable."""
    from jinja2 import pass_context

    from ..humandate import human_age, human_date

    def lang_of(ctx: Any) -> str:
        return normalise_lang(ctx.get("lang") or CURRENT.get())

    @pass_context
    def _t(ctx: Any, key: str, **params: Any) -> str:
        return t(key, lang_of(ctx), **params)

    @pass_context
    def _num(ctx: Any, value: Any, digits: int | None = None) -> str:
        return format_number(value, lang_of(ctx), digits)

    @pass_context
    def _outlet(ctx: Any, value: str | None) -> str:
        return outlet_label(value, lang_of(ctx))

    @pass_context
    def _etype(ctx: Any, value: str | None) -> str:
        return entity_type(value, lang_of(ctx))

    @pass_context
    def _langname(ctx: Any, value: str | None) -> str:
        return language_name(value, lang_of(ctx))

    @pass_context
    def _hdate(ctx: Any, value: str | None, short: bool = False) -> str:
        return human_date(value, lang_of(ctx), short=short)

    @pass_context
    def _hage(ctx: Any, value: str | None, now: Any) -> str:
        return human_age(value, now, lang_of(ctx))

    @pass_context
    def _page_lang(ctx: Any) -> str:
        return lang_of(ctx)

    env.globals.update(t=_t, LANGUAGES=LANGUAGES, page_lang=_page_lang)
    env.filters.update(num=_num, outlet=_outlet, etype=_etype, langname=_langname, hdate=_hdate, hage=_hage)


__all__ = ["CATALOGUES", "CURRENT", "DEFAULT_LANG", "LANGUAGES", "article_title", "current_language", "entity_type",
           "format_number", "install", "language_name", "looks_like_file", "negotiate", "normalise_lang",
           "outlet_label", "plural_form", "t", "use_language"]
