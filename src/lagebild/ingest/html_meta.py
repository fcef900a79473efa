"""Metadata of an HTML news page read from its markup: JSON-LD, ``<meta>`` tags, ``<time>``.

Publishers put the facts a reader of the page needs (headline, publication time, authors,
site name) into machine-readable metadata for search engines. That metadata is more reliable
than anything guessed from the visible text, so :mod:`lagebild.ingest.html` reads it first and
only falls back to htmldate/trafilatura heuristics where it is missing.

Everything here works on a parsed lxml tree and never evaluates or returns script code: JSON-LD
blocks are parsed as JSON data only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

#: schema.org types whose ``datePublished``/``headline``/``author`` describe a news text.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report",
    "videoobject", "webpage", "itempage", "medicalwebpage",
})
#: Types that are pages rather than texts: used only when no article-like object exists.
PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage", "videoobject"})

#: ``<meta>`` names/properties that carry the original publication time, best first.
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "publishdate", "publish-date", "published_time", "pubdate", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "parsely-pub-date",
    "sailthru.date", "date", "dc.date", "dcterms.date", "created",
)
#: ``<meta>`` names/properties for the last modification: a last resort only.
META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "last-modified",
                 "dc.date.modified", "dcterms.modified")
META_TITLE = ("og:title", "twitter:title", "dc.title", "headline")
META_SITE = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
META_AUTHOR = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
               "byl", "twitter:creator")

#: Publication dates outside this window are typos or placeholders (``1970-01-01``).
MIN_YEAR = 1995
#: A page cannot be published more than this far in the future of the machine clock.
MAX_FUTURE = timedelta(days=2)

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
_DMY = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?:,?\s*(?P<H>\d{1,2})[:.](?P<M>\d{2}))?")
_WS = re.compile(r"\s+")
_AUTHOR_SPLIT = re.compile(r"\s*[,;|&]\s*|\s+(?:und|and)\s+")
_INITIALS = re.compile(r"\s*\([^()]{1,12}\)\s*$")
_BY = re.compile(r"^(?:von|by|text|autor|autorin)\b:?\s*", re.IGNORECASE)


@dataclass(slots=True)
class ParsedDate:
    """A date string read from metadata: wall time as written, its UTC offset if given."""

    when: datetime
    granularity: str  # day | minute
    offset: timedelta | None
    raw: str
    origin: str  # which metadata field it came from, e.g. "json-ld:datePublished"

    def utc(self) -> datetime | None:
        if self.offset is None:
            return None
        return self.when.replace(tzinfo=timezone(self.offset))


@dataclass
class PageMeta:
    """What the markup says about the page, every field optional."""

    titles: list[tuple[str, str]] = field(default_factory=list)  # (origin, title)
    published: list[ParsedDate] = field(default_factory=list)  # best first
    modified: list[ParsedDate] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    description: str | None = None
    article_body: str | None = None


def parse_date(raw: str, origin: str) -> ParsedDate | None:
    """Read an ISO 8601 (or ``dd.mm.yyyy[, HH:MM]``) string; ``None`` when it is no plausible date.

    A time of exactly ``00:00:00`` counts as day granularity: publishers write it when they
    only know the day, real midnight publications are rare.
    """
    text = raw.strip()
    m = _ISO.search(text)
    if m is None:
        m = _DMY.search(text)
        if m is None:
            return None
    gd = m.groupdict()
    try:
        day = date(int(gd["y"]), int(gd["m"]), int(gd["d"]))
    except ValueError:
        return None
    offset = None
    tz = gd.get("tz")
    if tz:
        if tz == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            offset = sign * timedelta(hours=hours, minutes=minutes)
    if gd.get("H") is not None:
        try:
            when = datetime(day.year, day.month, day.day, int(gd["H"]), int(gd["M"]),
                            int(gd.get("S") or 0))
        except ValueError:
            return None
        granularity = "day" if (when.hour, when.minute, when.second) == (0, 0, 0) else "minute"
    else:
        when = datetime(day.year, day.month, day.day)
        granularity = "day"
    if when.year < MIN_YEAR or when > datetime.now() + MAX_FUTURE:
        return None
    return ParsedDate(when, granularity, offset if granularity == "minute" else None, text, origin)


def _clean(value: Any) -> str:
    return _WS.sub(" ", str(value)).strip() if value is not None else ""


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", "")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in items}


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """All JSON objects in a JSON-LD document (``@graph``, lists, nested ``mainEntity``)."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if key in node and isinstance(node[key], (list, dict)):
                yield from _walk(node[key], depth + 1)


def jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        payload = (script.text or "").strip()
        if not payload:
            continue
        try:
            data = json.loads(payload)
        except ValueError:
            # Some CMSs emit control characters or trailing commas; try once without them.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", re.sub(r"[\x00-\x1f]", " ", payload)))
            except ValueError:
                continue
        out.extend(_walk(data))
    return out


def _names(value: Any) -> list[str]:
    """Person/organisation names from a schema.org ``author``/``creator`` value."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [_clean(n) for n in name if _clean(n)]
        if not name and (value.get("givenName") or value.get("familyName")):
            name = f"{value.get('givenName', '')} {value.get('familyName', '')}"
        return [_clean(name)] if _clean(name) else []
    if isinstance(value, str) and _clean(value) and not value.startswith("http"):
        return [_clean(value)]
    return []


def _main_article(objs: list[dict[str, Any]], page_url: str | None) -> dict[str, Any] | None:
    """The JSON-LD object describing this page's text (not a related article or the site)."""
    cands = [o for o in objs if _types(o) & ARTICLE_TYPES]
    if not cands:
        return None
    texts = [o for o in cands if not _types(o) <= PAGE_TYPES] or cands

    def score(o: dict[str, Any]) -> tuple[int, int, int]:
        ref = o.get("url") or o.get("mainEntityOfPage") or ""
        if isinstance(ref, dict):
            ref = ref.get("@id") or ref.get("url") or ""
        same = int(page_url is not None and isinstance(ref, str) and ref.rstrip("/") == page_url.rstrip("/"))
        return (same, int("datePublished" in o), int("headline" in o))

    return max(texts, key=score)  # max keeps the first of equals: document order


def _meta_map(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(_clean(content))
    return found


def _language(tree: lxml_html.HtmlElement, meta: dict[str, list[str]], art: dict[str, Any] | None) -> str | None:
    cands = [tree.get("lang"), tree.get("xml:lang"), *meta.get("content-language", []),
             *meta.get("language", []), *meta.get("dc.language", []), *meta.get("og:locale", [])]
    if art and isinstance(art.get("inLanguage"), str):
        cands.append(art["inLanguage"])
    for c in cands:
        if c:
            code = re.split(r"[-_,;\s]", c.strip().lower())[0]
            if re.fullmatch(r"[a-z]{2,3}", code):
                return code
    return None


def site_key(name: str) -> str:
    """``Börsen-Zeitung``, ``boersen-zeitung.de`` and ``BOERSEN ZEITUNG`` share one key."""
    name = name.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    name = re.sub(r"^(https?://)?(www\.)?", "", name.strip())
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\.(de|at|ch|com|net|org|eu|info)$", "", name))


def _split_authors(values: list[str]) -> list[str]:
    """``Felix Muster und Jana Beispiel, dpa`` to names; initials ``(fmu)``, ``Von``, emails go."""
    out: list[str] = []
    for value in values:
        for part in _AUTHOR_SPLIT.split(value):
            name = _BY.sub("", _INITIALS.sub("", part)).strip(" .,:")
            if name and "@" not in name and not name.startswith(("http", "www.")) and 1 < len(name) <= 80:
                out.append(name)
    return list(dict.fromkeys(out))


def _authors(tree: lxml_html.HtmlElement, meta: dict[str, list[str]], art: dict[str, Any] | None,
             site_names: list[str]) -> list[str]:
    """Authors from JSON-LD, then ``<meta>``, then ``rel=author``/``itemprop=author`` markup.

    An author that is just the site itself (``"author": {"name": "Outlet"}``) is a placeholder:
    a real byline from a later source replaces it; with none, the site name stays."""
    keys = {k for k in map(site_key, site_names) if len(k) >= 2}

    def is_site(name: str) -> bool:
        k = site_key(name)
        return bool(k) and any(k == s or (len(k) >= 3 and (k in s or s in k)) for s in keys)

    fallback: list[str] = []
    sources: list[list[str]] = []
    if art is not None:
        sources.append(_names(art.get("author")) or _names(art.get("creator")))
    sources += [meta.get(key, []) for key in META_AUTHOR]
    sources.append([_clean(el.text_content()) for el in tree.xpath(
        '//a[@rel="author"] | //*[@itemprop="author"]//*[@itemprop="name"]')[:10]])
    for values in sources:
        names = _split_authors(values)
        if names and all(is_site(n) for n in names):
            fallback = fallback or names
        elif names:
            return names
    return fallback


def read_meta(tree: lxml_html.HtmlElement, url: str | None = None) -> PageMeta:
    """Collect metadata candidates from a parsed page; never raises on odd markup."""
    meta = _meta_map(tree)
    objs = jsonld_objects(tree)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    og_url = meta.get("og:url", [])
    page_url = url or (str(canonical[0]) if canonical else None) or (og_url[0] if og_url else None)
    art = _main_article(objs, page_url)
    pm = PageMeta(url=page_url)

    def add_dates(target: list[ParsedDate], raws: list[Any], origin: str) -> None:
        for raw in raws:
            if isinstance(raw, str) and (pd := parse_date(raw, origin)) is not None:
                target.append(pd)

    if art is not None:
        add_dates(pm.published, [art.get("datePublished")], "json-ld:datePublished")
    for key in META_PUBLISHED:
        add_dates(pm.published, meta.get(key, []), f"meta:{key}")
    if art is not None:
        add_dates(pm.published, [art.get("dateCreated")], "json-ld:dateCreated")
    for el in tree.xpath('//*[@itemprop="datePublished"] | //time[@pubdate]'):
        add_dates(pm.published, [el.get("datetime") or el.get("content") or el.text_content()],
                  "html:datePublished")
    # Some sites put the publication day only into the page title (``Headline | Site | 28.04.2023``).
    title_texts = meta.get("og:title", [])[:1] + [_clean(t.text_content()) for t in tree.xpath("//head/title")[:1]]
    for t in title_texts:
        if _DMY.search(t) or _ISO.search(t):
            add_dates(pm.published, [t], "html:title")
    if art is not None:
        add_dates(pm.modified, [art.get("dateModified")], "json-ld:dateModified")
    for key in META_MODIFIED:
        add_dates(pm.modified, meta.get(key, []), f"meta:{key}")

    # og:title first: it is the headline the publisher presents the article under; JSON-LD
    # ``headline`` is often a search-engine variant of it.
    for key in META_TITLE:
        pm.titles.extend((f"meta:{key}", t) for t in meta.get(key, [])[:1])
    if art is not None and _clean(art.get("headline")):
        pm.titles.append(("json-ld:headline", _clean(art.get("headline"))))
    for h1 in tree.xpath("//h1")[:1]:
        if (t := _clean(h1.text_content())):
            pm.titles.append(("html:h1", t))
    for t in tree.xpath("//head/title")[:1]:
        if (txt := _clean(t.text_content())):
            pm.titles.append(("html:title", txt))


    site = next((meta[k][0] for k in META_SITE if meta.get(k) and not meta[k][0].startswith("@")), None)
    if not site and art is not None:
        publishers = _names(art.get("publisher"))
        site = publishers[0] if publishers else None
    pm.site_name = site
    pm.authors = _authors(tree, meta, art, [n for n in (site, urlsplit(page_url or "").hostname) if n])
    pm.language = _language(tree, meta, art)
    desc = meta.get("description") or meta.get("og:description")
    pm.description = desc[0] if desc else None
    if art is not None and isinstance(art.get("articleBody"), str):
        pm.article_body = art["articleBody"].strip() or None
    return pm
