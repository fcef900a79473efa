"""Article text and metadata from one HTML news page.

:func:`extract_html` turns a page into an :class:`HtmlExtract`: the body as plain text
(paragraphs separated by blank lines), title, outlet, publication date, authors and language.
The body comes from trafilatura; the metadata comes first from the page's own machine-readable
metadata (:mod:`lagebild.ingest.html_meta`: JSON-LD, ``<meta>``, ``<time>``), then from
htmldate/trafilatura heuristics. The original publication date wins over a modification date.

:func:`extract_feed_html` turns the small HTML fragment of an RSS/Atom entry into plain text.

Both never execute or return script content and never crash on broken or truncated markup:
anything that cannot be read raises :class:`~lagebild.errors.MalformedInputError` or
:class:`~lagebild.errors.EmptyInputError` with the caller's source name.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

from ..errors import EmptyInputError, MalformedInputError
from ..model import PubDate
from .html_meta import PageMeta, ParsedDate, parse_date, read_meta, site_key

#: Below this many characters of body text a page holds no article (navigation, error page).
MIN_TEXT_CHARS = 80
#: trafilatura options: no reader comments; tables stay (election results, scores). Precision
#: mode was tried: on the Fundus pages it scored the same body F1 and ran slower.
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": True}
#: JSON-LD ``articleBody`` is used to filter the extracted paragraphs only when it holds at least
#: this share of the extracted words (it is then the same text, not a teaser) ...
ARTICLE_BODY_MIN_COVERAGE = 0.7
#: ... and a paragraph stays when at least this share of its words occur in ``articleBody``
#: (lenient: articleBody often differs in quotes, hyphenation and entity escaping).
ARTICLE_BODY_PARA_OVERLAP = 0.5
#: Text made of more than this share of link labels is a navigation or link-list page, no article.
LINK_TEXT_MAX_SHARE = 0.5
#: Scripts shorter than this are not checked for in the output (too short to recognise).
MIN_SCRIPT_CHARS = 8
#: Confidence of a publication date by where it came from (metadata written for machines is
#: reliable, heuristics over the visible page less so, a modification date least).
CONFIDENCE = {"published": 0.95, "htmldate": 0.7, "modified": 0.5}
#: Separators between a headline and the site name in ``<title>``/``og:title``.
_TITLE_SEP = re.compile(r"\s+[|\-–—:·•»]\s+|\s+::\s+")
#: Elements whose text is never article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "form", "button", "select", "textarea", "head")
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "blockquote", "pre", "li", "ul", "ol",
                         "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                         "figure", "figcaption", "header", "footer", "aside", "hr", "address"})
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


@dataclass
class HtmlExtract:
    """What one HTML page yields. ``published_raw`` keeps the date string with its UTC offset."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: PubDate | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    url: str | None = None
    description: str | None = None
    published_raw: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (paragraph, reason) dropped here


def _parse(html: str, source: str) -> lxml_html.HtmlElement:
    if not html or not html.strip():
        raise EmptyInputError(source, "empty HTML page")
    if "\x00" in html:
        html = html.replace("\x00", "")
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8", "replace"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8",
                                                                         remove_comments=True))
    except (etree.ParserError, ValueError, TypeError) as exc:
        raise MalformedInputError(source, f"HTML cannot be parsed ({exc})") from exc
    if tree is None:
        raise MalformedInputError(source, "HTML has no elements")
    if len(tree) == 0 or not tree.text_content().strip():
        raise EmptyInputError(source, "HTML page without any text")
    return tree


def _paragraphs(text: str) -> str:
    """One paragraph per line (trafilatura's output) to paragraphs separated by blank lines.

    Soft hyphens and zero-width characters go: they are invisible hyphenation hints in the page
    and would split words (``Geschlechts\u00adeintrag``) for every later stage."""
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def _script_texts(tree: lxml_html.HtmlElement, article_body: str | None) -> list[str]:
    """Source text of every script in the page and in an HTML ``articleBody`` (stripped; only
    those long enough to be recognisable)."""
    roots = [tree]
    if article_body and "<script" in article_body.lower():
        with contextlib.suppress(etree.ParserError, ValueError, TypeError):
            roots.append(lxml_html.fragment_fromstring(article_body, create_parent="div"))
    return [t for root in roots for el in root.iter("script")
            if len(t := (el.text or "").strip()) >= MIN_SCRIPT_CHARS]


def _trafilatura_text(tree: lxml_html.HtmlElement, html: str, url: str | None, source: str,
                      article_body: str | None, warnings: list[str]) -> tuple[object | None, str]:
    """trafilatura's main extractor alone first (fast); then the page's own JSON-LD
    ``articleBody``; trafilatura's readability/jusText/baseline fallbacks only after that."""
    doc = None
    anchors = {_SPACES.sub(" ", a.text_content()).strip() for a in tree.iter("a")}
    # Script sources of the page: a result quoting one of them is not article text
    # (trafilatura's baseline can return the text of a script-bearing JSON-LD articleBody).
    scripts = _script_texts(tree, article_body)
    for fast in (True, False):
        if not fast and article_body and len(article_body) >= MIN_TEXT_CHARS:
            # articleBody is sometimes HTML: read it as a fragment, so no markup or script survives
            warnings.append("body taken from the JSON-LD articleBody")
            return None, _paragraphs(extract_feed_html(article_body) if "<" in article_body
                                     else article_body)
        try:
            # bare_extraction prunes the tree it gets: the second pass needs a fresh one
            work = tree if fast else _parse(html, source)
            doc = trafilatura.bare_extraction(work, url=url, with_metadata=False, fast=fast,
                                              **TRAFILATURA_OPTIONS)  # type: ignore[arg-type]
        except Exception as exc:  # trafilatura has no error contract of its own
            warnings.append(f"trafilatura failed: {type(exc).__name__}")
            doc = None
        body = _paragraphs(getattr(doc, "text", None) or "")
        if _link_share(body, anchors) > LINK_TEXT_MAX_SHARE:
            warnings.append("extracted text is mostly link labels (navigation), dropped")
            body = ""
        if any(sc[:40] in body or sc[-40:] in body for sc in scripts):
            warnings.append("extraction returned script content, dropped")
            body = ""
        if len(body) >= MIN_TEXT_CHARS:
            return doc, body
    return doc, body
    return doc, body


def _link_share(body: str, anchors: set[str]) -> float:
    """Share of the text's characters in paragraphs that are exactly some link's label."""
    paras = [p.removeprefix("- ") for p in body.split("\n\n") if p]
    total = sum(len(p) for p in paras)
    return sum(len(p) for p in paras if p in anchors) / total if total else 0.0


def _filter_by_article_body(body: str, article_body: str, warnings: list[str],
                            removed: list[tuple[str, str]]) -> str:
    """Drop extracted paragraphs that the publisher's own JSON-LD ``articleBody`` does not contain.

    Only when ``articleBody`` plainly is the same text (it covers most of the extracted words):
    a teaser-only ``articleBody`` (paywalls) leaves the extraction alone."""
    ref = set(_WORD.findall(_INVISIBLE.sub("", article_body).casefold()))
    paras = body.split("\n\n")
    words = [_WORD.findall(p.casefold()) for p in paras]
    total = sum(len(w) for w in words)
    covered = sum(1 for w in words for t in w if t in ref)
    if not total or covered / total < ARTICLE_BODY_MIN_COVERAGE:
        return body
    kept = [p for p, w in zip(paras, words, strict=True)
            if not w or sum(t in ref for t in w) / len(w) >= ARTICLE_BODY_PARA_OVERLAP]
    removed.extend((p, "not in JSON-LD articleBody") for p, w in zip(paras, words, strict=True)
                   if w and sum(t in ref for t in w) / len(w) < ARTICLE_BODY_PARA_OVERLAP)
    if len(kept) < len(paras):
        warnings.append(f"{len(paras) - len(kept)} paragraph(s) not in the JSON-LD articleBody dropped")
    return "\n\n".join(kept)


def _pick_date(pm: PageMeta, tree: lxml_html.HtmlElement, url: str | None,
               warnings: list[str]) -> tuple[PubDate | None, str | None]:
    """Original publication date: metadata first, then htmldate, then a modification date."""
    chosen: ParsedDate | None = pm.published[0] if pm.published else None
    confidence = CONFIDENCE["published"]
    if chosen is None:
        try:
            found = find_date(tree, original_date=True, extensive_search=True, url=url,
                              outputformat="%Y-%m-%dT%H:%M:%S%z")
        except Exception:  # htmldate raises assorted errors on odd pages; a date is optional
            found = None
        if found:
            chosen = parse_date(found, "htmldate")
            confidence = CONFIDENCE["htmldate"]
        if chosen is not None and pm.modified and chosen.when.date() == pm.modified[0].when.date():
            chosen = None  # htmldate only found the modification date again: say so below
    if chosen is None and pm.modified:
        chosen = pm.modified[0]
        confidence = CONFIDENCE["modified"]
        warnings.append("publication date taken from the last-modified metadata")
    if chosen is None:
        warnings.append("no publication date found in the page")
        return None, None
    when = chosen.when if chosen.granularity == "minute" else chosen.when.date()
    return PubDate.from_datetime(when, chosen.granularity, "metadata", confidence), chosen.raw


def _strip_site(title: str, names: list[str]) -> str:
    """Drop site names and dates around a headline: ``Headline | Ressort | Outlet | 28.04.2023``.

    A segment goes only when it equals (or contains/is contained in) a known site name, or is a
    date; a trailing segment between the headline and such a name (a section) goes with it."""
    keys = {k for k in (site_key(n) for n in names) if len(k) >= 2}
    seps = list(_TITLE_SEP.finditer(title))
    if not seps or not keys:
        return title
    bounds = [0, *[x for m in seps for x in (m.start(), m.end())], len(title)]
    segs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]

    def is_site(seg: tuple[int, int]) -> bool:
        k = site_key(title[seg[0]:seg[1]])
        return bool(k) and any(k == n or (len(k) >= 3 and (k in n or n in k)) for n in keys)

    def is_date(seg: tuple[int, int]) -> bool:
        return bool(re.fullmatch(r"[\d./\-\s:]+(Uhr)?", title[seg[0]:seg[1]].strip()))

    lo, hi = 0, len(segs)
    while hi - lo > 1 and (is_site(segs[hi - 1]) or is_date(segs[hi - 1])):
        hi -= 1
        # ``Headline | Section | Outlet``: a short middle segment right before the name goes too
        if hi - lo > 2 and is_site(segs[hi]) and len(title[segs[hi - 1][0]:segs[hi - 1][1]].split()) <= 2:
            hi -= 1
    if hi - lo > 1 and is_site(segs[lo]):
        lo += 1
    return title[segs[lo][0]:segs[hi - 1][1]].strip() or title


def _pick_title(pm: PageMeta, outlet: str | None, host: str | None, fallback: str | None) -> str | None:
    names = [n for n in (outlet, pm.site_name, host) if n]
    for _origin, t in pm.titles:
        t = _strip_site(html_lib.unescape(t), names)
        if len(t) >= 3:
            return t
    return fallback


def _outlet(pm: PageMeta, url: str | None, fallback: str | None) -> str | None:
    if pm.site_name:
        return pm.site_name
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return fallback


def extract_html(html: str, url: str | None = None, *, source: str = "<html>") -> HtmlExtract:
    """Body text and metadata of one news page.

    ``source`` names the item in error messages (path, path#record or URL). Raises
    :class:`EmptyInputError` when the page holds no article text and
    :class:`MalformedInputError` when it cannot be parsed at all.
    """
    tree = _parse(html, source)
    warnings: list[str] = []
    if not re.search(r"</(html|body)\s*>", html[-4096:], re.IGNORECASE):
        warnings.append("page looks truncated (no closing </body> or </html>)")
    try:
        pm = read_meta(tree, url)
    except Exception as exc:  # metadata is optional; odd markup must not cost us the text
        warnings.append(f"metadata unreadable: {type(exc).__name__}")
        pm = PageMeta(url=url)
    page_url = url or pm.url

    published, raw_date = _pick_date(pm, tree, page_url, warnings)
    removed: list[tuple[str, str]] = []
    doc, body = _trafilatura_text(tree, html, page_url, source, pm.article_body, warnings)
    if doc is not None and pm.article_body:
        body = _filter_by_article_body(body, pm.article_body, warnings, removed)
    if len(body) < MIN_TEXT_CHARS:
        raise EmptyInputError(source, "no article text found in the HTML page")

    outlet = _outlet(pm, page_url, None)
    return HtmlExtract(
        text=body,
        title=_pick_title(pm, outlet, urlsplit(page_url).hostname if page_url else None,
                          getattr(doc, "title", None)),
        outlet=outlet,
        published=published,
        authors=pm.authors,
        language=pm.language,
        warnings=warnings,
        url=page_url,
        description=pm.description,
        published_raw=raw_date,
        removed=removed,
    )


def extract_feed_html(fragment: str) -> str:
    """Plain text of an HTML fragment (an RSS/Atom summary or content): paragraphs split by blank
    lines, ``<br>`` as line breaks, scripts, styles and embeds dropped. Plain text passes through."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        text = _SPACES.sub(" ", html_lib.unescape(fragment))
        return _BLANKS.sub("\n\n", "\n".join(ln.strip() for ln in text.split("\n"))).strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        return ""
    for bad in root.xpath("|".join(f".//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    chunks: list[str] = []

    def walk(el: lxml_html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            chunks.append("\n")
        elif tag in _BLOCK_TAGS:
            chunks.append("\n\n")
        if tag and el.text:
            chunks.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            chunks.append("\n\n")
        if el.tail:
            chunks.append(el.tail)

    walk(root)
    text = _SPACES.sub(" ", "".join(chunks))
    text = "\n".join(ln.strip() for ln in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()
