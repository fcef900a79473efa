"""What a subscription announces: RSS/Atom (feedparser, from bytes), JSON Feed, news sitemaps
(``<urlset>`` with ``news:`` tags), OPML lists of subscriptions, or a plain article page.

A :class:`Listing` holds :class:`Entry` objects (a link plus what the feed says about it); the
watcher fetches each new link's page. The entry's own text is kept as a fallback for pages that
cannot be fetched (robots.txt, gone).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..errors import MalformedInputError

#: Entry text kept per item for the fallback article (feeds with full text carry a whole article).
MAX_ENTRY_CHARS = 200_000
#: Entries read from one listing; a feed announcing more is cut (news feeds carry 10-100).
MAX_ENTRIES = 1000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]")
_SITEMAP_ROOT = re.compile(rb"<(urlset|sitemapindex)[\s>]")


@dataclass
class Entry:
    link: str
    title: str | None = None
    published: str | None = None  # as the listing gives it
    body: str = ""  # HTML fragment (feed content or summary)
    language: str | None = None
    outlet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "published": self.published, "body": self.body[:MAX_ENTRY_CHARS],
                "language": self.language, "outlet": self.outlet}


@dataclass
class Listing:
    kind: str  # feed | jsonfeed | sitemap | page
    title: str | None = None
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _xml_root(body: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag: Any) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def sniff(body: bytes, content_type: str = "") -> str:
    """feed | jsonfeed | sitemap | page, from the first bytes (the content type only breaks ties)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonfeed"
    if _SITEMAP_ROOT.search(head):
        return "sitemap"
    if _FEED_ROOT.search(head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "page"
    if "json" in content_type:
        return "jsonfeed"
    if any(t in content_type for t in ("rss", "atom", "xml")):
        return "feed"
    return "page"


def parse_listing(body: bytes, url: str, content_type: str = "", kind: str = "auto") -> Listing:
    """Entries of a fetched listing; MalformedInputError when it holds none and is broken."""
    kind = sniff(body, content_type) if kind in ("auto", "", None) else kind
    if kind == "jsonfeed":
        return _json_feed(body, url)
    if kind == "sitemap":
        return _sitemap(body, url)
    if kind == "page":
        return Listing("page", entries=[Entry(link=url)])
    return _feed(body, url, content_type)


def _feed(body: bytes, url: str, content_type: str) -> Listing:
    import feedparser  # parses bytes only: never let it fetch

    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False,
                              response_headers={"content-type": content_type or "application/xml",
                                                "content-location": url})
    out = Listing("feed", title=parsed.feed.get("title"))
    if parsed.bozo:
        out.warnings.append(f"feed is not well-formed: {parsed.get('bozo_exception')}")
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        if not link:
            continue
        contents = entry.get("content") or []
        body_html = contents[0].get("value", "") if contents else entry.get("summary", "")
        out.entries.append(Entry(link=link, title=entry.get("title"),
                                 published=entry.get("published") or entry.get("updated"), body=body_html or ""))
    if not out.entries and parsed.bozo:
        raise MalformedInputError(url, f"broken feed, no entries: {parsed.get('bozo_exception')}")
    return out


def _json_feed(body: bytes, url: str) -> Listing:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedInputError(url, f"JSON Feed is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise MalformedInputError(url, "not a JSON Feed (no items list)")
    out = Listing("jsonfeed", title=data.get("title") if isinstance(data.get("title"), str) else None)
    for item in data["items"][:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or (
            item.get("id") if str(item.get("id", "")).startswith("http") else None)
        if not isinstance(link, str):
            continue
        body_html = item.get("content_html") or (escape(item["content_text"]) if isinstance(
            item.get("content_text"), str) else "") or item.get("summary") or ""
        out.entries.append(Entry(link=link, title=item.get("title"),
                                 published=item.get("date_published") or item.get("date_modified"),
                                 body=body_html if isinstance(body_html, str) else "",
                                 language=item.get("language")))
    return out


def _sitemap(body: bytes, url: str) -> Listing:
    root = _xml_root(body)
    if root is None:
        raise MalformedInputError(url, "broken sitemap XML")
    out = Listing("sitemap")
    if _local(root.tag) == "sitemapindex":
        out.warnings.append("sitemap index: subscribe to one of its news sitemaps instead")
        return out
    for node in root.iter(f"{{{SITEMAP_NS}}}url", "url"):
        loc = node.findtext(f"{{{SITEMAP_NS}}}loc") or node.findtext("loc")
        if not loc:
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        entry = Entry(link=loc.strip(), published=node.findtext(f"{{{SITEMAP_NS}}}lastmod"))
        if news is not None:
            entry.title = news.findtext(f"{{{NEWS_NS}}}title")
            entry.published = news.findtext(f"{{{NEWS_NS}}}publication_date") or entry.published
            entry.outlet = news.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}name")
            entry.language = news.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}language")
        out.entries.append(entry)
        if len(out.entries) >= MAX_ENTRIES:
            break
    return out


# -- OPML ------------------------------------------------------------------------------------------
def parse_opml(data: bytes, source: str = "OPML") -> list[dict[str, str | None]]:
    """Subscriptions in an OPML file: ``{"url", "name"}`` of every outline with an ``xmlUrl``."""
    root = _xml_root(data)
    if root is None or _local(root.tag) != "opml":
        raise MalformedInputError(source, "not an OPML file")
    out = []
    for node in root.iter("outline"):
        url = node.get("xmlUrl") or node.get("xmlurl")
        if url:
            out.append({"url": url.strip(), "name": node.get("title") or node.get("text")})
    return out


def to_opml(feeds: list[dict[str, Any]], title: str = "lagebild subscriptions") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{escape(title)}</title></head>", "  <body>"]
    for f in feeds:
        name = f.get("name") or f.get("title") or f["url"]
        kind = "rss" if f.get("kind") in ("feed", "auto", None) else str(f.get("kind"))
        lines.append(f"    <outline type={quoteattr(kind)} text={quoteattr(str(name))} title={quoteattr(str(name))}"
                     f" xmlUrl={quoteattr(f['url'])}/>")
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
