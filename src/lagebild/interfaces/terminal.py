"""The terminal views (``lagebild story ID``, ``lagebild stories``): rich tables and marked-up text in
the interface language (German by default), worded like the web pages (:mod:`.wording`): outlets
never as file names, untitled articles by their first words, dates in words, citations as the
numbers of the article list.

Article text is printed as plain text (``markup=False`` / :class:`rich.text.Text`), never as rich
markup, so a bracket in an article cannot restyle or hide anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..humandate import human_date
from ..i18n import entity_type, outlet_label, t
from ..store.query import snippet_parts
from ..story.view import Citation, StoryView, ranked_claims
from . import wording

#: Characters of a claim or timeline label shown in a table cell (the JSON and Markdown have all).
CELL_CHARS = 220
#: Single-source claims listed in the terminal (conflicts and corroborated claims are all listed;
#: a long story has dozens of single-source statements, the Markdown and JSON have every one).
SINGLE_SOURCE_SHOWN = 10
#: Widest outlet column: outlet lists wrap below it, the text columns keep the room.
OUTLET_WIDTH = 24
#: Widest date column ("10. September 2023 – 13. September 2023" wraps once).
DATE_WIDTH = 22
#: Widest column of citation numbers ("[1] [4] [12]" wraps below it).
REFS_WIDTH = 12
#: Names listed under a story (the JSON and Markdown list them all).
ENTITIES_SHOWN = 25
#: Below this console width the outlets go under the text instead of a column of their own (a
#: captured or piped output is 80 columns wide).
NARROW_COLUMNS = 110
STATUS_STYLE = {"conflict": "bold red", "corroborated": "green", "single-source": "yellow"}


def _refs(cites: Iterable[Citation], refs: dict[str, int]) -> str:
    return " ".join(f"[{refs.get(c.article_id, '?')}]" for c in wording.unique_cites(cites, refs))


def _cut(text: str | None, n: int = CELL_CHARS) -> str:
    s = " ".join((text or "").split())
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


def _table(title: str, *columns: tuple[str, dict[str, Any]]) -> Table:
    """A full-width table whose text column takes the room the others leave."""
    table = Table(title=title, title_justify="left", expand=True)
    for name, opts in columns:
        table.add_column(name, **opts)
    return table


def _heading(out: Console, text: str) -> None:
    out.print(Text("\n" + text, style="bold underline"))


def print_story(view: StoryView, out: Console, lang: str = "de", openings: Mapping[str, str] | None = None) -> None:
    """The story view for a terminal. ``openings``: the first words of untitled articles."""
    refs = view.article_refs()
    titles = wording.article_titles(lang, view, None, openings)
    out.print(Text(view.title or next(iter(titles.values()), view.id), style="bold"))
    facts = [t("cli.story_id", lang, id=view.id), t("count.events", lang, n=view.n_events),
             t("count.articles", lang, n=view.n_articles), wording.period(lang, view.first_seen, view.last_seen),
             f"{t('story.outlets', lang)}: {wording.outlet_list(lang, view.outlets)}"]
    out.print(Text(" · ".join(facts), style="dim"))
    if view.briefing:
        _heading(out, t("story.briefing", lang))
        for b in view.briefing:
            out.print(Text(f"• {_cut(b.text, 400)} {_refs([b.citation], refs)}"))
    if view.new_since is not None:
        _heading(out, t("story.briefing_since", lang, date=wording.period(lang, view.new_since.since, None)))
        for b in view.new_since.briefing or []:
            out.print(Text(f"• {_cut(b.text, 400)} {_refs([b.citation], refs)}"))
        if not view.new_since.briefing:
            out.print(Text(t("story.nothing_new", lang), style="dim"))
    narrow = out.width < NARROW_COLUMNS
    if view.timeline:
        cols = [(t("cli.date", lang), {"max_width": 14 if narrow else DATE_WIDTH}), (t("cli.what", lang), {"ratio": 1})]
        cols += [] if narrow else [(t("story.outlets", lang), {"max_width": OUTLET_WIDTH})]
        table = _table(t("story.timeline", lang), *cols, (t("cli.refs", lang), {"max_width": REFS_WIDTH}))
        for e in view.timeline:
            date = wording.entry_date(lang, e)
            if e.date_confidence is not None:
                date += " " + t("article.inferred", lang, confidence=round(e.date_confidence, 1))
            what = Text(_cut(e.label))
            if e.expected:
                what.append(f" ({wording.entry_status(lang, e)})", style="italic cyan")
            outlets = Text(wording.outlet_list(lang, e.outlets), style="dim" if narrow else "")
            cells = [Text(date), what + Text("\n") + outlets] if narrow else [Text(date), what, outlets]
            table.add_row(*cells, _refs(e.citations, refs))
        out.print(table)
    if view.conflicts:
        _heading(out, t("story.conflicts", lang))
        by_outlet = wording.refs_by_outlet(view)
        for x in view.conflicts:
            out.print(Text(f"⚠ {_cut(wording.conflict_text(lang, x), 400)} {_refs(x.citations, refs)}", style="red"))
            for side in x.sides:
                stance = t(f"stance.{side.stance}", lang) if side.stance in ("assertion", "denial", "speculation") \
                    else side.stance
                out.print(Text(f"    {stance}: {wording.speaker_shown(lang, side.speaker, by_outlet)} "
                               f"({wording.outlet_list(lang, side.outlets, by_outlet)})", style="dim"))
    if view.claims:
        if narrow:
            table = _table(t("story.claims_short", lang), (t("cli.who", lang), {"max_width": 22}),
                           (t("cli.claim", lang), {"ratio": 1}), (t("cli.refs", lang), {"max_width": REFS_WIDTH}))
        else:
            table = _table(t("story.claims_short", lang), (t("story.status", lang), {"no_wrap": True}),
                           (t("cli.who", lang), {"max_width": 28}), (t("cli.claim", lang), {"ratio": 1}),
                           (t("story.outlets", lang), {"max_width": OUTLET_WIDTH}),
                           (t("cli.refs", lang), {"max_width": REFS_WIDTH}))
        ranked = ranked_claims(view.claims)
        shown = [c for c in ranked if c.status != "single-source"]
        alone = [c for c in ranked if c.status == "single-source"]
        shown += alone[:SINGLE_SOURCE_SHOWN]
        by_outlet = wording.refs_by_outlet(view)
        for c in shown:
            who = wording.claim_speaker(lang, c, refs)
            if c.stance != "assertion":
                who += f" ({t('stance.' + c.stance, lang)})"
            status = Text(t(f"status.{c.status}", lang), style=STATUS_STYLE.get(c.status, ""))
            outlets = Text(wording.outlet_list(lang, list(c.by_outlet()), by_outlet), style="dim" if narrow else "")
            cites = _refs([*c.carriers, *c.also], refs)
            if narrow:
                table.add_row(status + Text("\n" + _cut(who, 80)), Text(_cut(c.text)) + Text("\n") + outlets, cites)
            else:
                table.add_row(status, Text(_cut(who, 80)), Text(_cut(c.text)), outlets, cites)
        out.print(table)
        if len(alone) > SINGLE_SOURCE_SHOWN:
            out.print(Text(t("cli.more_claims", lang, n=len(alone) - SINGLE_SOURCE_SHOWN, id=view.id), style="dim"))
    if view.entities:
        out.print(Text("\n" + t("story.entities", lang) + ": ", style="bold") + Text(", ".join(
            f"{e.name} ({entity_type(e.label, lang)}, {e.count})" for e in view.entities[:ENTITIES_SHOWN])))
    cols = [("#", {"no_wrap": True}), (t("article.published", lang), {"max_width": 12 if narrow else 20})]
    cols += [] if narrow else [(t("filter.outlet", lang), {"max_width": OUTLET_WIDTH})]
    table = _table(t("story.articles", lang), *cols, (t("article.title", lang), {"ratio": 1}),
                   ("id", {"no_wrap": True, "style": "dim"}))
    for a in view.articles:
        outlet = Text(wording.outlet_list(lang, a.outlets, None, refs[a.id]), style="dim" if narrow else "")
        title = Text(_cut(titles[a.id], 100))
        cells = [title + Text("\n") + outlet] if narrow else [outlet, title]
        table.add_row(str(refs[a.id]), wording.article_date(lang, a), *cells, a.id)
    out.print(table)


def print_situation(data: dict[str, Any], out: Console, lang: str = "de") -> None:
    """The ranked stories (``lagebild stories``), as on the front page."""
    table = _table(t("cli.ranked", lang), ("#", {"no_wrap": True, "justify": "right"}),
                   (t("situation.story", lang), {"ratio": 1, "min_width": 30}),
                   (t("story.outlets", lang), {"max_width": 22}),
                   (t("story.articles", lang), {"justify": "right", "no_wrap": True}),
                   (t("story.period", lang), {"max_width": 14}))
    for s in data["items"]:
        outlets = t("count.outlets", lang, n=s["n_outlets"])
        names = ", ".join(s["outlets"][:4]) + (" …" if len(s["outlets"]) > 4 else "")
        if s["unknown_outlets"]:
            names += (", " if names else "") + t("count.unknown_outlets", lang, n=s["unknown_outlets"])
        growth = f"\n+{s['new_24h']}" if s.get("new_24h") else ""
        first = human_date(s["first_seen"][:10], lang, short=True) if s["first_seen"] else "?"  # days, not times
        last = human_date(s["last_seen"][:10], lang, short=True) if s["last_seen"] else "?"
        title = Text(_cut(s["title"], 120)) + Text(f"\n{s['id']}", style="dim")
        table.add_row(str(s["rank"]), title, Text(f"{outlets}: {names}" if names else outlets),
                      f"{s['n_articles']}{growth}", Text(first if first == last else f"{first} – {last}"))
    out.print(table)
    if data["total"] > len(data["items"]):
        out.print(Text(t("cli.more_stories", lang, n=data["total"] - len(data["items"])), style="dim"))


def print_search(rows: list[dict[str, Any]], out: Console, lang: str = "de",
                 openings: Mapping[str, str] | None = None) -> None:
    """Search hits: article (title, outlet, date, id) and the snippet with the hits marked (bold
    on a terminal, »…« in plain output, where styles are lost)."""
    if not rows:
        out.print(t("search.none", lang))
        return
    table = _table(t("count.results", lang, n=len(rows)), (t("story.articles", lang), {"ratio": 2}),
                   (t("cli.snippet", lang), {"ratio": 3}))
    table.show_lines = True
    plain = not out.is_terminal
    for r in rows:
        snippet = Text()
        for part, hit in snippet_parts(r["snippet"]):
            snippet.append(f"»{part}«" if hit and plain else part, style="bold reverse" if hit else "")
        title = r["title"] or wording.first_words((openings or {}).get(r["id"])) or t("article.untitled", lang)
        when = human_date(r["published"], lang, short=True) if r["published"] else t("article.undated", lang)
        article = Text(_cut(title, 120), style="bold") + Text(
            f"\n{outlet_label(r.get('outlet'), lang)} · {when}\n{r['id']}", style="dim")
        table.add_row(article, snippet)
    out.print(table)
