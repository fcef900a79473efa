"""How view data reads, in the interface language, for every renderer (web pages, the HTML report,
the terminal view):

* outlets: a missing outlet, or one that is a file name (articles read from plain files), reads
  "unbekannte Quelle", with the article's reference number where several are listed, so two
  unknown outlets stay two columns of a claims table;
* article titles: an untitled article is named by its first words;
* dates in words ("11. September 2023", "KW 36/2023"), periods, timeline statuses;
* conflicts as sentences with their sides, never as claim ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from ..humandate import human_date
from ..i18n import CURRENT, TITLE_WORDS, looks_like_file, normalise_lang, t
from ..story.view import (
    UNKNOWN_OUTLET,
    ArticleRow,
    Citation,
    Claim,
    Conflict,
    StoryEntity,
    StoryView,
    TimelineEntry,
    nameless_outlet,
)

#: Entity types whose names link a claim's speaker to the entity page.
SPEAKER_TYPES = ("PER", "ORG", "LOC", "GPE")


def first_words(text: str | None, n: int = TITLE_WORDS) -> str:
    words = (text or "").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def entity_href(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe=":")


def page_url(path: Any, query: Any = None, **changes: Any) -> str:
    """``path`` with the current query string, ``changes`` applied (a None value removes a key)."""
    params = {k: str(v) for k, v in query.items()} if isinstance(query, Mapping) else {}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    if "offset" in changes or "lang" in changes:
        params = {k: v for k, v in params.items() if v != ""}
    base = path if isinstance(path, str) and path.startswith("/") else "/"
    return base + ("?" + urlencode(params) if params else "")


def unknown(name: str | None) -> bool:
    return not name or looks_like_file(name) or name.startswith(UNKNOWN_OUTLET)


def refs_by_outlet(view: StoryView) -> dict[str, list[int]]:
    """Outlet strings that name no outlet (file names) -> the numbers of the articles behind them."""
    refs = view.article_refs()
    out: dict[str, list[int]] = {}
    for a in view.articles:
        for name in dict.fromkeys([*a.outlets, a.voice, a.outlet or "", nameless_outlet(a.id)]):
            if name and unknown(name):
                out.setdefault(name, []).append(refs[a.id])
    return out


def _lang(ctx: Any) -> str:
    return normalise_lang(ctx.get("lang") or CURRENT.get())


def outlet_shown(lang: str, name: str | None, n: int | None = None) -> str:
    if not unknown(name):
        return str(name)
    label = t("outlet.unknown", lang)
    return f"{label} [{n}]" if n else label


def outlet_list(lang: str, names: Iterable[str], refs: Mapping[str, list[int]] | None = None,
                n: int | None = None) -> str:
    """Known outlets by name, then the ones without a name: "unbekannte Quelle [1, 3]" with
    ``refs`` (outlet string -> article numbers), "unbekannte Quelle" for one article (``n``),
    else counted ("4 unbekannte Quellen")."""
    names = list(names)
    known = [x for x in dict.fromkeys(names) if not unknown(x)]
    nameless = [x for x in dict.fromkeys(names) if unknown(x)]
    parts = list(known)
    if nameless:
        nums = sorted({k for x in nameless for k in (refs or {}).get(x, [])})
        if n is not None or (len(nameless) == 1 and not nums):
            parts.append(t("outlet.unknown", lang))
        elif nums:
            parts.append(f"{t('outlet.unknown', lang)} [{', '.join(map(str, nums))}]")
        else:
            parts.append(t("count.unknown_outlets", lang, n=len(nameless)))
    return ", ".join(parts) or "–"


def speaker_shown(lang: str, speaker: str | None, refs: Mapping[str, list[int]] | None = None) -> str:
    """A conflict side's speaker: an outlet's own statement names the outlet, never a file."""
    if speaker and not unknown(speaker):
        return speaker
    if speaker:
        return outlet_list(lang, [speaker], refs)
    return t("claim.unattributed", lang)


def article_titles(lang: str, view: StoryView, segments: Mapping[str, Any] | None = None,
                   openings: Mapping[str, str] | None = None) -> dict[str, str]:
    """article id -> its title, or its first words when it has none (from ``openings`` or the
    highlighted text), never its hash id."""
    out = {}
    for a in view.articles:
        if a.title and a.title.strip():
            out[a.id] = a.title.strip()
            continue
        text = (openings or {}).get(a.id) or "".join(s.get("text", "") for s in (segments or {}).get(a.id, [])[:40])
        out[a.id] = first_words(text) or t("article.untitled", lang)
    return out


def period(lang: str, first: str | None, last: str | None) -> str:
    if not first and not last:
        return t("date.unknown", lang)
    a, b = (human_date(str(v).split("T")[0], lang) for v in (first or last, last or first))  # days, not times
    return a if a == b else f"{a} – {b}"


def entry_date(lang: str, e: TimelineEntry) -> str:
    """A timeline entry's date as written (the view's German text on German pages)."""
    if lang == "de" and e.date_text:
        return e.date_text
    text = human_date(e.date, lang)
    if e.until:
        text += " – " + human_date(e.until, lang)
    if e.approx == "after":
        text = t("timeline.after", lang, date=text)
    return text


def entry_status(lang: str, e: TimelineEntry) -> str:
    if lang == "de" and e.status_text:
        return e.status_text
    return t("timeline.expected", lang) + (f" · {t('timeline.outcome_reported', lang)}" if e.outcome else "")


def article_date(lang: str, a: ArticleRow) -> str:
    if not a.published:
        return t("article.undated", lang)
    text = human_date(a.published, lang)
    if a.published_inferred is not None:
        text += " " + t("article.inferred", lang, confidence=round(a.published_inferred, 1))
    return text


def speaker_entities(view: StoryView) -> dict[str, StoryEntity]:
    """Speaker names (canonical names and aliases) -> the story entity they name."""
    out: dict[str, StoryEntity] = {}
    for e in sorted(view.entities, key=lambda x: x.count):
        if e.label in SPEAKER_TYPES:
            for name in [*e.aliases, e.name]:
                out[name] = e
    return out


def claim_speaker(lang: str, c: Claim, refs: Mapping[str, int]) -> str:
    n = refs.get(c.carriers[0].article_id) if c.carriers else None
    if c.own or c.speaker_kind in ("own", "outlet"):
        return outlet_shown(lang, c.source, n)
    if not c.source:
        return t("claim.unattributed", lang)
    return c.source


def claim_columns(lang: str, view: StoryView) -> list[tuple[str, str]]:
    """(outlet key of Claim.by_outlet, column header): named outlets first, then one column per
    article without an outlet ("unbekannte Quelle [3]")."""
    refs = refs_by_outlet(view)
    keys = view.claim_outlets()
    named = sorted((k for k in keys if not unknown(k)), key=str.casefold)
    nameless = sorted((k for k in keys if unknown(k)), key=lambda k: (refs.get(k) or [10**6])[0])
    return [(k, k) for k in named] + [(k, outlet_shown(lang, k, (refs.get(k) or [0])[0] or None)) for k in nameless]


def conflict_text(lang: str, c: Conflict) -> str:
    about = c.about
    if c.kind == "denial":
        if not (c.sides and c.sides[0].speaker):  # nobody named: "Dementi ohne Quellenangabe"
            return t("conflict.denial_unattributed", lang, about=about)
        denier = speaker_shown(lang, c.sides[0].speaker)
        return t("conflict.denial", lang, denier=denier, about=about)
    if c.kind in ("number", "date", "place") and len(c.values) == 2:
        a, b = c.values
        if c.kind == "date":
            a, b = human_date(a, lang), human_date(b, lang)
        return t(f"conflict.{c.kind}", lang, a=a, b=b, about=about)
    return t("conflict.other", lang, about=about)


def unique_cites(cites: Iterable[Citation], refs: Mapping[str, int] | None = None) -> list[Citation]:
    """One citation per article (a list of [n] marks names each article once), in the order of the
    article list when ``refs`` (article id -> number) is given."""
    seen: dict[str, Citation] = {}
    for c in cites:
        seen.setdefault(c.article_id, c)
    out = list(seen.values())
    return sorted(out, key=lambda c: refs.get(c.article_id, 10**6)) if refs else out


def template_globals() -> dict[str, Any]:
    """The helpers as Jinja globals; those that write words read the page language (``lang`` in
    the template context, else the request's language, :data:`lagebild.i18n.CURRENT`)."""
    from jinja2 import pass_context

    def with_lang(fn: Any) -> Any:
        @pass_context
        def wrapped(ctx: Any, *args: Any, **kwargs: Any) -> Any:
            return fn(_lang(ctx), *args, **kwargs)
        return wrapped

    worded = {"outlet_shown": outlet_shown, "outlet_list": outlet_list, "speaker_shown": speaker_shown,
              "article_titles": article_titles, "period": period, "entry_date": entry_date,
              "entry_status": entry_status, "article_date": article_date, "claim_speaker": claim_speaker,
              "claim_columns": claim_columns, "conflict_text": conflict_text}
    plain = {"first_words": first_words, "entity_href": entity_href, "page_url": page_url,
             "refs_by_outlet": refs_by_outlet, "speaker_entities": speaker_entities, "unique_cites": unique_cites}
    return {name: with_lang(fn) for name, fn in worded.items()} | plain


__all__ = ["article_date", "article_titles", "claim_columns", "claim_speaker", "conflict_text", "entity_href",
           "entry_date", "entry_status", "first_words", "outlet_list", "outlet_shown", "page_url", "period",
           "refs_by_outlet", "speaker_entities", "speaker_shown", "template_globals", "unique_cites"]
