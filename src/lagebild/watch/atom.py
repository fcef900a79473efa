"""Atom 1.0 (RFC 4287) feeds of the change journal, readable in any feed reader.

Each journal entry (new story, story grown, new event, claim, conflict) is one ``<entry>`` whose id
never changes (``tag:`` URI with the journal sequence number), linking to the story page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

ATOM_NS = "http://www.w3.org/2005/Atom"
#: Fallback feed date when the journal is empty (Atom requires <updated>).
EPOCH = "1970-01-01T00:00:00Z"
KIND_LABEL = {"story": "Story", "event": "Event", "claim": "Claim", "conflict": "Conflict"}


def _iso(at: str) -> str:
    """Store time ``2026-12-02T17:44:49.123Z`` as an RFC 3339 date Atom accepts."""
    return at[:19] + "Z" if at else EPOCH


def _summary(change: dict[str, Any]) -> str:
    d = change.get("detail") or {}
    if change["kind"] == "claim" and d.get("text"):
        lines = [f"{d.get('who') or d.get('source') or '?'} ({d.get('stance') or 'assertion'},"
                 f" {d.get('status') or 'new'}): {d['text']}"]
    elif change["kind"] == "conflict":
        vs = " vs ".join(map(str, d.get("values") or []))
        lines = [f"{d.get('kind', 'conflict')}{': ' + vs if vs else ''} — {d.get('about', '')}"]
    else:
        lines = [change["title"]]
    if d.get("articles"):
        lines.append("Articles: " + "; ".join(t for t in d["articles"] if t))
    if d.get("story_title"):
        lines.append(f"Story: {d['story_title']}")
    if d.get("n_articles"):
        lines.append(f"{d['n_articles']} article(s) in the story")
    return "\n".join(lines)


def atom_feed(changes: Sequence[dict[str, Any]], *, feed_id: str, title: str, self_url: str, base_url: str) -> bytes:
    """The feed document (UTF-8 bytes), newest entry first."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(root, "id", feed_id)
    sub(root, "title", title)
    sub(root, "updated", _iso(changes[0]["at"]) if changes else EPOCH)
    sub(root, "link", rel="self", type="application/atom+xml", href=self_url)
    sub(root, "link", rel="alternate", type="text/html", href=base_url + "/")
    author = sub(root, "author")
    sub(author, "name", "lagebild")
    sub(root, "generator", "lagebild")
    for ch in changes:
        entry = sub(root, "entry")
        sub(entry, "id", f"{feed_id.split(':feed', 1)[0]}:change:{ch['seq']}")
        sub(entry, "title", ch["title"])
        sub(entry, "updated", _iso(ch["at"]))
        sub(entry, "published", _iso(ch["at"]))
        if ch.get("story_id"):
            sub(entry, "link", rel="alternate", type="text/html", href=f"{base_url}/stories/{ch['story_id']}")
        sub(entry, "category", term=f"{ch['kind']}-{ch['action']}", label=KIND_LABEL.get(ch["kind"], ch["kind"]))
        sub(entry, "summary", _summary(ch), type="text")
    ET.indent(root)  # readable when opened as text; feed readers do not care
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)
