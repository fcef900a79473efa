"""Who published an article, and which articles are one voice (wire copies, agency texts).

An article folded from several near-identical items (wire copies) is one :class:`Article` with
several ``sources``: it is one voice however many outlets printed it. Articles credited to the
same news agency (byline, outlet field, "(dpa)" dateline, "Quelle: AFP" credit line) are one
voice too, even when edited apart enough not to fold.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Article
from .cues import AGENCIES

#: Characters at the start and end of a text searched for agency credits ("(dpa) -", "Quelle: AFP").
CREDIT_WINDOW = 400
_AGENCY_ALT = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))
_PAREN_CREDIT = re.compile(rf"\((?:{_AGENCY_ALT})(?:/[\w .-]+)?\)", re.IGNORECASE)
_LINE_CREDIT = re.compile(rf"^\s*(?:quelle|source|von|by|mit material von)\s*:?\s*((?:{_AGENCY_ALT})\b.*)$",
                          re.IGNORECASE | re.MULTILINE)
_WORD_SPLIT = re.compile(r"[\s,;/|&]+|\bund\b|\band\b", re.IGNORECASE)


def agencies_in(value: str | None) -> set[str]:
    """Agency names found in a byline/outlet string ("dpa/AFP", "Von dpa | 11.09.2023")."""
    if not value:
        return set()
    low = value.lower()
    found = {name for key, name in AGENCIES.items() if " " in key and key in low}
    for part in _WORD_SPLIT.split(low):
        part = part.strip(" .:()[]\"'")
        if part in AGENCIES:
            found.add(AGENCIES[part])
    return found


def agency_of(article: Article) -> str | None:
    """The news agency an article is credited to, if any (the alphabetically first of several)."""
    found: set[str] = set()
    for value in (article.outlet, article.meta.get("byline"), *(s.outlet for s in article.sources)):
        found |= agencies_in(value if isinstance(value, str) else None)
    text = article.text
    for window in (text[:CREDIT_WINDOW], text[-CREDIT_WINDOW:]):
        for m in _PAREN_CREDIT.finditer(window):
            found |= agencies_in(m.group())
        for m in _LINE_CREDIT.finditer(window):
            if "©" not in m.group() and "foto" not in m.group().lower():
                found |= agencies_in(m.group(1))
    return min(found) if found else None


def outlet_names(article: Article) -> list[str]:
    """Display names of every outlet that carried the article (one per folded source): outlet
    fields and web hosts, never a file name. [] for an article read from a file that names no
    outlet: it is its own voice (:func:`voice`), which the renderers call "unbekannte Quelle"."""
    names: list[str] = []
    for src in article.sources or [article.source]:
        name = src.outlet or _host(src.url) or (_host(src.source) if "://" in (src.source or "") else "")
        if name:
            names.append(name)
    if article.outlet:
        names.insert(0, article.outlet)
    if not names and article.url:
        names.append(_host(article.url))
    return [n for n in dict.fromkeys(names) if n]


def voice(article: Article) -> str:
    """Independence key: articles with the same key count as one outlet."""
    agency = agency_of(article)
    if agency:
        return f"agency:{agency}"
    name = article.outlet or next((s.outlet for s in article.sources if s.outlet), None)
    if name:
        return f"outlet:{name.casefold()}"
    host = _host(article.url)
    return f"host:{host}" if host else f"article:{article.id}"


def voice_label(article: Article) -> str:
    """The name a voice is shown by: its agency, else its first outlet, else "" (no name known)."""
    agency = agency_of(article)
    return agency or next(iter(outlet_names(article)), "")


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else host

