"""Markdown of a story view: ``lagebild story ID --md`` and Markdown reports, worded like the web
page (:mod:`.wording`) in the interface language.

Article text never becomes Markdown or HTML syntax here: every text from an article is escaped
(:func:`md`), links are only the view's checked http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..i18n import current_language, entity_type
from ..i18n import t as tr
from ..story.view import BriefingItem, Citation, StoryView, TimelineEntry, ranked_claims
from . import wording

STANCES = ("assertion", "denial", "speculation")


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
    return " ".join(f"[{refs.get(c.article_id, '?')}]" for c in wording.unique_cites(cites, refs))


def _brief(items: list[BriefingItem], refs: dict[str, int]) -> list[str]:
    return [f"- {md(b.text)} {_cites([b.citation], refs)}" for b in items]


def _when(t: TimelineEntry, lang: str) -> str:
    shown = wording.entry_date(lang, t)
    if t.date_confidence is not None:
        shown += " " + tr("article.inferred", lang, confidence=round(t.date_confidence, 1))
    return shown


def story_markdown(view: StoryView, lang: str | None = None) -> str:
    """The story in Markdown, worded in ``lang`` (default: the interface language, German)."""
    lang = lang or current_language()
    refs = view.article_refs()
    by_outlet = wording.refs_by_outlet(view)
    titles = wording.article_titles(lang, view)
    facts = [tr("cli.story_id", lang, id=f"`{view.id}`"), tr("count.events", lang, n=view.n_events),
             tr("count.articles", lang, n=view.n_articles), wording.period(lang, view.first_seen, view.last_seen),
             f"{tr('story.outlets', lang)}: {md(wording.outlet_list(lang, view.outlets))}"]
    out = [f"# {md(view.title)}", "", " · ".join(facts), ""]
    if view.briefing:
        out += [f"## {tr('story.briefing', lang)}", "", *_brief(view.briefing, refs), ""]
    if view.new_since is not None:
        since = wording.period(lang, view.new_since.since, None)
        out += [f"## {md(tr('story.briefing_since', lang, date=since))}", "",
                *(_brief(view.new_since.briefing, refs) or [f"- {tr('story.nothing_new', lang)}"]), ""]
    out += [f"## {tr('story.events', lang)}", ""]
    for e in view.events:
        nums = ", ".join(f"[{refs[i]}]" for i in e.article_ids if i in refs)
        out += [f"### {md(e.title or titles.get(e.article_ids[0], e.id) if e.article_ids else e.title)} "
                f"({wording.period(lang, e.first_seen, e.last_seen)}; {nums})", *_brief(e.briefing, refs), ""]
    if view.timeline:
        out += [f"## {tr('story.timeline', lang)}", "",
                f"| {tr('cli.date', lang)} | {tr('cli.what', lang)} | {tr('story.outlets', lang)} | "
                f"{tr('cli.refs', lang)} |", "|---|---|---|---|"]
        for t in view.timeline:
            flag = f" *({md(wording.entry_status(lang, t))})*" if t.expected else ""
            out.append(f"| {md(_when(t, lang))} | {md(t.label)}{flag} | {md(wording.outlet_list(lang, t.outlets))} | "
                       f"{_cites(t.citations, refs)} |")
        out.append("")
    if view.conflicts:
        out += [f"## {tr('story.conflicts', lang)}", ""]
        for c in view.conflicts:
            out.append(f"- {md(wording.conflict_text(lang, c))} {_cites(c.citations, refs)}")
            for side in c.sides:
                stance = tr(f"stance.{side.stance}", lang) if side.stance in STANCES else side.stance
                out.append(f"  - **{md(stance)}**: {md(wording.speaker_shown(lang, side.speaker, by_outlet))} "
                           f"({md(wording.outlet_list(lang, side.outlets, by_outlet))})")
        out.append("")
    if view.claims:
        out += [f"## {tr('story.claims', lang)}", ""]
        for cl in ranked_claims(view.claims):
            outlets = wording.outlet_list(lang, list(cl.by_outlet()), by_outlet)
            stance = "" if cl.stance == "assertion" else f" ({tr('stance.' + cl.stance, lang)})"
            out.append(f"- **{tr('status.' + cl.status, lang)}** {md(wording.claim_speaker(lang, cl, refs))}"
                       f"{md(stance)} ({md(tr('count.outlets', lang, n=cl.n_outlets))}: {md(outlets)}): "
                       f"{md(cl.text)} {_cites([*cl.carriers, *cl.also], refs)}")
        out.append("")
    if view.entities:
        out += [f"## {tr('story.entities', lang)}", ""]
        out += [f"- {md(e.name)} ({entity_type(e.label, lang)}): {tr('count.mentions', lang, n=e.count)}, "
                f"{tr('count.articles', lang, n=e.articles)}"
                + (f"; {md(tr('story.also_known', lang, aliases=', '.join(e.aliases)))}" if e.aliases else "")
                for e in view.entities] + [""]
    out += [f"## {tr('story.articles', lang)}", ""]
    for a in view.articles:
        link = f" {md_link(a.url)}" if md_link(a.url) else ""
        out.append(f"{refs[a.id]}. `{a.id}` {md(titles[a.id])} — "
                   f"{md(wording.outlet_list(lang, a.outlets, None, refs[a.id]))}, {md(wording.article_date(lang, a))}"
                   f"{link}")
    return "\n".join(out) + "\n"
