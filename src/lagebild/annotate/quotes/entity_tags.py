"""Named-entity tags per token for the attribution tagger.

The tagger sees, for every token, whether it lies in a PER/ORG/LOC/MISC span of the ``entities``
layer and where (first token "B-", inside "I-"): speakers are mostly people and organisations, and
the span boundaries tell where a source ends ("Verteidigungsminister Sergej Schoigu | sagte").

:func:`token_tags` maps an article's entity spans onto its tokens; :func:`tag_sentences` runs the
NER on pre-tokenised sentences (SpkAtt training and scoring data) through a plain-text rendering
of them, so the tagger is trained on the entities the pipeline would find.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from ...model import Span

#: The tag of a token outside every entity.
OUTSIDE = "O"
#: No space before these tokens and after those when sentences are rendered as text.
_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "]", "“", "”", "«", "%"})
_NO_SPACE_AFTER = frozenset({"„", "(", "[", "»"})


def token_tags(offsets: Sequence[Sequence[tuple[int, int]]], entities: Sequence[Span]) -> list[list[str]]:
    """Per sentence per token "B-<label>" / "I-<label>" / "O" from entity spans (character offsets
    into the same text as ``offsets``); a token overlapping an entity belongs to it."""
    ents = sorted((e.start, e.end, e.label) for e in entities)
    out: list[list[str]] = []
    k = 0
    for sent in offsets:
        tags: list[str] = []
        for a, b in sent:
            while k < len(ents) and ents[k][1] <= a:
                k += 1
            if k < len(ents) and ents[k][0] < b:
                s, _, label = ents[k]
                tags.append(("B-" if a <= s else "I-") + label)
            else:
                tags.append(OUTSIDE)
        out.append(tags)
    return out


def render(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Plain text for tokenised sentences (one line each, no space before closing punctuation)
    and every token's character offsets in it."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for si, sent in enumerate(sentences):
        if si:
            parts.append("\n")
            pos += 1
        offs: list[tuple[int, int]] = []
        for i, tok in enumerate(sent):
            if i and tok not in _NO_SPACE_BEFORE and sent[i - 1] not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            parts.append(tok)
            offs.append((pos, pos + len(tok)))
            pos += len(tok)
        offsets.append(offs)
    return "".join(parts), offsets


def tag_sentences(sentences: Sequence[Sequence[str]], lang: str = "de") -> list[list[str]]:
    """Entity tags of pre-tokenised sentences, from the NER model and its document rules."""
    from ..ner import recognize

    text, offsets = render(sentences)
    return token_tags(offsets, recognize(text, lang))


def tag_documents(docs: Sequence[tuple[str, Sequence[Sequence[str]]]], cache: Path | None = None,
                  lang: str = "de") -> dict[str, list[list[str]]]:
    """Entity tags of named tokenised documents (``(name, sentences)``), kept in the JSON file
    ``cache`` (keyed by the NER model's files, so a new model re-tags) when given."""
    key = _model_key(lang)
    stored: dict[str, list[list[str]]] = {}
    if cache is not None and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("model") == key:
            stored = data["docs"]
    out = {}
    changed = False
    for name, sentences in docs:
        tags = stored.get(name)
        if tags is None or [len(t) for t in tags] != [len(s) for s in sentences]:
            tags = tag_sentences(sentences, lang)
            stored[name] = tags
            changed = True
        out[name] = tags
    if cache is not None and changed:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"model": key, "docs": stored}), encoding="utf-8")
    return out


def _model_key(lang: str) -> str:
    """The NER model's files (name and size) and the NER code: what the tags depend on."""
    from .. import ner

    h = hashlib.sha1()
    for p in sorted((ner.MODELS_DIR / f"ner_{lang}").rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(ner.MODELS_DIR)}:{p.stat().st_size};".encode())
    for p in sorted(Path(ner.__file__).parent.glob("ner*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
