"""Markdown of a story view: ``lagebild story ID --md`` and Markdown reports.

Article text never becomes Markdown or HTML syntax here: every text from an article is escaped
(:func:`md`), links are only the view's checked http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..story.view import BriefingItem, Citation, StoryView, TimelineEntry, ranked_claims


def md(text: object) -> str:
    """Article text for Markdown: no raw HTML, no link syntax, one line."""
    s = " ".join(str(text or "").split())
    for ch in "\\`*_[]|#":
        s = s.replace(ch, "\\" + ch)
    return s.replace("<", "&lt;").replace(">", "&gt;")


#: Characters a CommonMark autolink ``<…>`` cannot hold (they would end it and let the rest of the
#: URL be read as raw HTML: ``https://x.org/<img/src=x/onerror=…>``); percent-encoded instead.
_URL_UNSAFE = re.compile(r"[\x00-\x20<>\x7f\"'`\\]")


def md_link(url: str | None) -> str:
    """An http(s) URL as a Markdown autolink that no renderer reads as HTML; "" for anything else."""
    if not url or not re.match(r"(?i)https?://[^\s/?#]", url):
        return ""
    return "<" + _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url) + ">"


def _cites(cites: Iterable[Citation], refs: dict[str, int]) -> str:
    return " ".join(dict.fromkeys(f"[{refs.get(c.article_id, '?')}]" for c in cites))


def _brief(items: list[BriefingItem], refs: dict[str, int]) -> list[str]:
    return [f"- {md(b.text)} {_cites([b.citation], refs)}" for b in items]


def _when(t: TimelineEntry) -> str:
    shown = t.date_text or t.date + (f" – {t.until}" if t.until else "") + (" or later" if t.approx == "after" else "")
    return shown + (f" (date inferred, confidence {t.date_confidence:.1f})" if t.date_confidence is not None else "")


def story_markdown(view: StoryView) -> str:
    refs = view.article_refs()
    out = [f"# {md(view.title)}", "",
           f"Story `{view.id}`: {view.n_events} event(s), {view.n_articles} article(s), "
           f"{view.first_seen or '?'} – {view.last_seen or '?'}; outlets: {md(', '.join(view.outlets)) or '–'}.", ""]
    if view.briefing:
        out += ["## Briefing", "", *_brief(view.briefing, refs), ""]
    if view.new_since is not None:
        out += [f"## New since {md(view.new_since.since)}", "", *(_brief(view.new_since.briefing, refs) or ["- nothing"]),
                ""]
    out += ["## Events", ""]
    for e in view.events:
        nums = ", ".join(f"[{refs[i]}]" for i in e.article_ids if i in refs)
        out += [f"### {md(e.title or e.id)} ({e.first_seen or '?'} – {e.last_seen or '?'}; {nums})",
                *_brief(e.briefing, refs), ""]
    if view.timeline:
        out += ["## Timeline", "", "| date | what | outlets | sources |", "|---|---|---|---|"]
        for t in view.timeline:
            flag = f" *({t.status_text or 'expected'})*" if t.expected else ""
            out.append(f"| {md(_when(t))} | {md(t.label)}{flag} | {md(', '.join(t.outlets))} | "
                       f"{_cites(t.citations, refs)} |")
        out.append("")
    if view.conflicts:
        out += ["## Conflicts", ""]
        out += [f"- **{c.kind}** {md(c.describe())} {_cites(c.citations, refs)}" for c in view.conflicts] + [""]
    if view.claims:
        out += ["## Claims", ""]
        for c in ranked_claims(view.claims):
            outlets = ", ".join(c.by_outlet())
            also = f", also {', '.join(c.corroborated_by)}" if c.corroborated_by else ""
            out.append(f"- **{c.status}** {c.id} {md(c.source) or '?'} ({md(c.stance)}, {c.n_outlets} outlet(s): "
                       f"{md(outlets)}{also}): {md(c.text)} {_cites([*c.carriers, *c.also], refs)}")
        out.append("")
    if view.entities:
        out += ["## Entities", ""]
        out += [f"- {md(e.name)} ({e.label}): {e.count} mentions in {e.articles} article(s)"
                + (f"; also {md(', '.join(e.aliases))}" if e.aliases else "") for e in view.entities] + [""]
    out += ["## Articles", ""]
    for a in view.articles:
        link = f" {md_link(a.url)}" if md_link(a.url) else ""
        out.append(f"{refs[a.id]}. `{a.id}` {md(a.title or '')} — {md(', '.join(a.outlets)) or '?'}, "
                   f"{a.published_text()} — `{a.source.replace('`', '')}`{link}")
    return "\n".join(out) + "\n"
