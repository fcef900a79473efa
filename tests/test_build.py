"""build_story's typed view, its JSON and Markdown; the seed articles as one story (skipped without them)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from lagebild.interfaces.markdown import story_markdown
from lagebild.model import Article, Event, Story
from lagebild.story.build import build_story
from lagebild.story.view import StoryView, TimelineEntry
from story_articles import lindenau

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _story(groups: list[list[str]]) -> Story:
    events = [Event(id=f"e{i + 1}", story_id="s1", article_ids=ids) for i, ids in enumerate(groups)]
    return Story(id="s1", events=events)


@pytest.fixture(scope="module")
def built() -> tuple[StoryView, dict[str, Article]]:
    arts = lindenau()
    by_id = {a.id: a for a in arts.values()}
    first = [arts[n].id for n in ("flussbote-1", "talzeitung-1", "bergblatt-1", "river-news-1")]
    story = _story([first, [arts["flussbote-2"].id]])
    return build_story(story, by_id, since="2025-03-05"), by_id


def test_build_fills_every_part(built) -> None:
    view, by_id = built
    assert view.title and view.timeline and view.claims and view.conflicts and view.briefing
    assert all(e.title and e.first_seen and e.briefing for e in view.events)
    assert view.events[0].first_seen == "2025-03-03" and view.events[1].last_seen == "2025-03-06"
    assert view.n_articles == len(by_id) and view.n_events == 2 and view.version
    new = view.new_since.briefing
    assert new and {b.citation.article_id for b in new} == {lindenau()["flussbote-2"].id}
    assert all(c.status in ("conflict", "corroborated", "single-source") for c in view.claims)
    if any("entities" in a.layers for a in by_id.values()):
        assert view.entities and all(e.count >= 1 and e.articles >= 1 for e in view.entities)
    else:
        assert view.entities == []


def test_json_names_articles_and_resolves_citations(built) -> None:
    view, by_id = built
    data = view.to_dict()
    assert {a["id"] for a in data["articles"]} == set(by_id)
    assert all(a["source"].startswith("test://") for a in data["articles"])
    assert [len(e["article_ids"]) for e in data["events"]] == [4, 1]
    cites = [c for t in data["timeline"] for c in t["citations"]]
    cites += [b["citation"] for b in data["briefing"]]
    cites += [c for cl in data["claims"] for c in cl["carriers"]]
    assert cites
    for c in cites:
        assert c["source"] == by_id[c["article_id"]].source.source
        assert c["text"] == by_id[c["article_id"]].text[c["start"]:c["end"]]
        assert c["href"] == f"/articles/{c['article_id']}?start={c['start']}&end={c['end']}#cite"


def test_view_round_trips_through_json(built) -> None:
    view, _ = built
    again = StoryView.from_dict(json.loads(json.dumps(view.to_dict())))
    assert again == view and isinstance(again.timeline[0], TimelineEntry)
    assert again.claims[0].carriers[0].content == view.claims[0].carriers[0].content


def test_markdown_view(built) -> None:
    view, by_id = built
    md = story_markdown(view)
    for head in ("## Kurzfassung", "## Ereignisse", "## Zeitleiste", "## Widersprüche", "## Artikel"):  # German UI
        assert head in md
    assert ("expected" in md or "erwartet" in md) and "2019" in md  # the status in the story's language
    assert len(re.findall(r"^\d+\. `[0-9a-f]{16}`", md, re.M)) == len(by_id)


# -- the seeds ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_story() -> tuple[StoryView, dict[str, Article]]:
    if not SEEDS.exists() or not list(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is not there")
    from lagebild.api import ingest_paths, open_store
    from lagebild.settings import load_settings

    cfg = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "seeds.db", cfg)
        ingest_paths([SEEDS], store, cfg)
        arts = sorted(store.iter_articles(), key=lambda a: a.source.source)
        store.close()
    story = _story([[a.id for a in arts[:-1]], [arts[-1].id]])
    by_id = {a.id: a for a in arts}
    return build_story(story, by_id), by_id


def _cited(entry: Any, by_id: dict[str, Article]) -> str:
    return " ".join(by_id[c.article_id].text[c.start:c.end] for c in entry.citations)


def test_seeds_vladivostok_2019_meeting(seed_story) -> None:
    story, by_id = seed_story
    hits = [t for t in story.timeline if t.date in ("2019", "2019-04") and "Wladiwostok" in _cited(t, by_id)]
    assert hits and not any(t.expected for t in hits)


def test_seeds_wednesday_summit_expected(seed_story) -> None:
    story, _ = seed_story
    wednesday = [t for t in story.timeline if t.date == "2023-09-13"]
    assert wednesday and all(t.expected for t in wednesday)


def test_seeds_denial_vs_assertion_on_weapons(seed_story) -> None:
    story, by_id = seed_story
    denials = [c for c in story.conflicts if c.kind == "denial"]
    texts = [_cited(c, by_id) for c in denials]
    assert any(re.search(r"Granaten|Waffen", t) and re.search(r"zurückgewiesen|bestreiten", t) for t in texts)


def test_seeds_single_source_claims(seed_story) -> None:
    story, _ = seed_story
    assert any(c.single_source and not c.own for c in story.claims)


def test_seeds_no_claim_twice_from_one_article(seed_story) -> None:
    """Same source, overlapping text of one article: one claim, not two (aligned within articles too)."""
    from lagebild.story.corroboration import spans_overlap

    story, _ = seed_story
    seen: list[tuple[str, str, str, tuple[int, int]]] = []
    for c in story.claims:
        mine = [(c.source_key, c.stance, car.article_id, tuple(car.content)) for car in c.carriers]
        for key, stance, art, span in mine:
            assert not any(k == key and s == stance and a == art and spans_overlap(sp, span) for k, s, a, sp in seen), c
        seen.extend(mine)


@pytest.mark.parametrize("layer", ["quotes", "sentences"])
def test_a_missing_layer_is_an_error_naming_its_stage(layer: str) -> None:
    """Code after the pipeline never re-annotates: no quotes re-extracted, no sentences re-split."""
    from lagebild.errors import MissingLayerError

    arts = {a.id: Article.from_dict(a.to_dict()) for a in lindenau().values()}  # copies: lindenau() is shared
    victim = next(iter(arts.values()))
    victim.layers.pop(layer)
    with pytest.raises(MissingLayerError, match=f"'{layer}' stage"):
        build_story(_story([list(arts)]), arts)
