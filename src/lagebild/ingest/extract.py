"""The first stage: raw item (plain text, HTML page, feed fragment) to article text and metadata."""

from __future__ import annotations

import re
import unicodedata

from ..errors import EmptyInputError
from ..model import Article, Debris
from ..pipeline import stage
from .limits import clean_field, sanitize_article, scrub_text

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
#: Page metadata that is text a reader sees: cleaned like the fields of every other source.
_PAGE_FIELDS = ("title", "outlet", "language")
_META_FIELDS = ("published_raw", "description")


def normalise(text: str) -> str:
    """NFC, unified line ends, no control characters or lone surrogates, no trailing spaces;
    keeps line structure."""
    text = scrub_text(text)[0]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL_CHARS.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))


@stage("extract", requires=["raw", "source"], assigns=["text", "title", "outlet", "published", "url"])
def extract_stage(article: Article) -> Article:
    # Articles from any origin (files, feeds fetched by lagebild.watch, API uploads) pass here
    # first: none reaches a later stage with a NUL or a lone surrogate in a field.
    sanitize_article(article)
    if article.raw_kind == "html":
        from .html import extract_html

        page = extract_html(article.raw, article.url or article.source.url, source=article.source.source)
        # JSON-LD strings may hold any escape (NUL, lone surrogates): page metadata is cleaned here
        warnings = page.warnings
        for name in _PAGE_FIELDS:
            setattr(page, name, clean_field(getattr(page, name), name, warnings))
        page.authors = [a for a in (clean_field(x, "author", warnings) for x in page.authors) if a]
        for name in _META_FIELDS:
            setattr(page, name, clean_field(getattr(page, name, None), name, warnings))
        article.text, changes = scrub_text(page.text)
        warnings.extend(f"text: {c}" for c in changes)
        article.title = article.title or page.title
        article.outlet = article.outlet or page.outlet
        article.published = article.published or page.published
        article.language = article.language or page.language
        if page.authors:
            article.meta["authors"] = page.authors
        for key in ("published_raw", "description"):
            if getattr(page, key, None):
                article.meta[key] = getattr(page, key)
        # Paragraphs the page extraction dropped are debris too; they have no offsets in the
        # extracted text (they never reached it), so start and end are -1.
        for paragraph, reason in getattr(page, "removed", []):
            article.debris.append(Debris(-1, -1, f"html: {reason}", paragraph))
        article.source.warnings.extend(page.warnings)
    elif article.raw_kind == "fragment":
        from .html import extract_feed_html

        article.text = extract_feed_html(article.raw)
    else:
        article.text = article.raw
    article.text = normalise(article.text)
    if not article.text.strip():
        raise EmptyInputError(article.source.source, "no article text found")
    return article
