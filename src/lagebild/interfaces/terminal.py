"""The terminal view of a story (``lagebild story ID``): rich tables and marked-up text.

Article text is printed as plain text (``markup=False`` / :class:`rich.text.Text`), never as rich
markup, so a bracket in an article cannot restyle or hide anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..story.view import Citation, StoryView, ranked_claims

#: Characters of a claim or timeline label shown in a table cell (the JSON and Markdown have all).
CELL_CHARS = 220
#: Single-source claims listed in the terminal (conflicts and corroborated claims are all listed;
#: a long story has dozens of single-source statements, the Markdown and JSON have every one).
SINGLE_SOURCE_SHOWN = 10
#: Widest outlet column: outlet lists wrap below it, the text columns keep the room.
OUTLET_WIDTH = 24
STATUS_STYLE = {"conflict": "bold red", "corroborated": "green", "single-source": "yellow"}


def _refs(cites: Iterable[Citation], refs: dict[str, int]) -> str:
    return " ".join(dict.fromkeys(f"[{refs.get(c.article_id, '?')}]" for c in cites))


def _cut(text: str | None, n: int = CELL_CHARS) -> str:
    s = " ".join((text or "").split())
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


def _table(title: str, *columns: tuple[str, dict[str, Any]]) -> Table:
    """A full-width table whose text column takes the room the others leave."""
    table = Table(title=title, title_justify="left", expand=True)
    for name, opts in columns:
        table.add_column(name, **opts)
    return table


def print_story(view: StoryView, out: Console) -> None:
    refs = view.article_refs()
    out.print(Text(view.title, style="bold"))
    out.print(Text(f"story {view.id} · {view.n_events} event(s) · {view.n_articles} article(s) · "
                   f"{view.first_seen or '?'} – {view.last_seen or '?'} · outlets: {', '.join(view.outlets) or '–'}",
                   style="dim"))
    if view.briefing:
        out.print(Text("\nBriefing", style="bold underline"))
        for b in view.briefing:
            out.print(Text(f"• {_cut(b.text, 400)} {_refs([b.citation], refs)}"))
    if view.new_since is not None:
        out.print(Text(f"\nNew since {view.new_since.since}", style="bold underline"))
        for b in view.new_since.briefing or []:
            out.print(Text(f"• {_cut(b.text, 400)} {_refs([b.citation], refs)}"))
        if not view.new_since.briefing:
            out.print(Text("nothing", style="dim"))
    if view.timeline:
        table = _table("Timeline", ("date", {"no_wrap": True}), ("what", {"ratio": 1}),
                       ("outlets", {"max_width": OUTLET_WIDTH}), ("src", {"no_wrap": True}))
        for t in view.timeline:
            date = t.date_text or t.date + (f" – {t.until}" if t.until else "") + (" or later" if t.approx == "after" else "")
            if t.date_confidence is not None:
                date += f" (date inferred, confidence {t.date_confidence:.1f})"
            what = Text(_cut(t.label))
            if t.expected:
                what.append(f" ({t.status_text or 'expected'})", style="italic cyan")
            table.add_row(Text(date), what, Text(_cut(", ".join(t.outlets), 60)), _refs(t.citations, refs))
        out.print(table)
    if view.conflicts:
        out.print(Text("\nConflicts", style="bold underline"))
        for x in view.conflicts:
            out.print(Text(f"⚠ {_cut(x.describe(), 400)} {_refs(x.citations, refs)}", style="red"))
    if view.claims:
        table = _table("Claims", ("status", {"no_wrap": True}), ("who", {"max_width": 28}), ("claim", {"ratio": 1}),
                       ("outlets", {"max_width": OUTLET_WIDTH}), ("src", {"no_wrap": True}))
        ranked = ranked_claims(view.claims)
        shown = [c for c in ranked if c.status != "single-source"]
        alone = [c for c in ranked if c.status == "single-source"]
        shown += alone[:SINGLE_SOURCE_SHOWN]
        for c in shown:
            table.add_row(Text(c.status, style=STATUS_STYLE.get(c.status, "")),
                          Text(_cut(c.source or "?", 60) + f" ({c.stance})"), Text(_cut(c.text)),
                          Text(_cut(", ".join(c.by_outlet()), 60)), _refs([*c.carriers, *c.also], refs))
        out.print(table)
        if len(alone) > SINGLE_SOURCE_SHOWN:
            out.print(Text(f"… and {len(alone) - SINGLE_SOURCE_SHOWN} more single-source claims "
                           f"(all of them: lagebild story {view.id} --md or --json)", style="dim"))
    if view.entities:
        out.print(Text("\nEntities: ", style="bold") + Text(", ".join(
            f"{e.name} ({e.label}, {e.count})" for e in view.entities)))
    table = _table("Articles", ("#", {"no_wrap": True}), ("published", {"no_wrap": True}),
                   ("outlet", {"max_width": OUTLET_WIDTH}), ("title", {"ratio": 1}), ("id", {"no_wrap": True}))
    for a in view.articles:
        table.add_row(str(refs[a.id]), a.published_text(), Text(_cut(", ".join(a.outlets), 40)),
                      Text(_cut(a.title or "–", 80)), a.id)
    out.print(table)
