"""Placeholder, replaced below."""
from __future__ import annotations

from ...model import PubDate


def infer_publication_date(text: str, lang: str) -> PubDate | None:
    return None
