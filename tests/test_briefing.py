"""Briefing: extractive, cited, diverse, in the material's language, and new-since filtering."""

from __future__ import annotations

from lagebild.story.briefing import SAME_COSINE, main_language, summarize
from lagebild.story.similarity import embed
from story_articles import lindenau


def test_briefing_cites_german_sentences_and_is_diverse() -> None:
    arts = list(lindenau().values())
    assert main_language(arts) == "de"
    brief = summarize(arts, k=4)
    assert 1 <= len(brief) <= 4
    by_id = {a.id: a for a in arts}
    for b in brief:
        c = b.citation
        art = by_id[c.article_id]
        assert art.text[c.start:c.end] == b.text
        assert art.language == "de"
    vecs = embed([b.text for b in brief])
    sims = vecs @ vecs.T
    for i in range(len(brief)):
        for j in range(i + 1, len(brief)):
            assert sims[i, j] < SAME_COSINE  # the dpa copies are not both picked


def test_new_since_only_uses_later_articles() -> None:
    arts = list(lindenau().values())
    later = summarize(arts, k=5, since="2025-03-04")
    assert later
    ids = {b.citation.article_id for b in later}
    assert ids == {lindenau()["flussbote-2"].id}
    assert summarize(arts, since="2030-01-01") == []


def test_english_material_gives_english_briefing() -> None:
    arts = [lindenau()["river-news-1"]]
    brief = summarize(arts, k=2)
    assert brief and all("Bridge" in b.text or "bridge" in b.text for b in brief)
