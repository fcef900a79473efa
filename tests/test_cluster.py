"""Story clustering: articles -> events -> stories, persistence, consolidation (issue 6 part A)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lagebild.app.ingest import ingest
from lagebild.errors import NotFoundError
from lagebild.model import Article, PubDate, Source, bytes_hash, content_id
from lagebild.settings import Settings
from lagebild.store.sqlite import SQLiteStore
from lagebild.store.stories import consolidation_log, list_stories, load_story
from lagebild.story.cluster import ClusterConfig, StoryClusterer

STRIKE = [
    ("Hafenarbeiter in Hamburg legen Arbeit nieder", "2025-03-10",
     "Die Hafenarbeiter in Hamburg haben am Montag ihre Arbeit niedergelegt. Die Gewerkschaft Verdi fordert "
     "höhere Löhne für die Beschäftigten der Containerterminals. Der Betreiber HHLA sprach von einem "
     "unverhältnismäßigen Streik. Schiffe stauen sich auf der Elbe."),
    ("Streik im Hamburger Hafen: Schiffe stauen sich auf der Elbe", "2025-03-11",
     "Der Streik der Hafenarbeiter in Hamburg geht in den zweiten Tag. Verdi will die Containerterminals der "
     "HHLA bis Mittwoch bestreiken. Vor der Elbmündung warten bereits zwanzig Containerschiffe auf einen "
     "Liegeplatz, die Reedereien leiten erste Schiffe nach Rotterdam um."),
    ("Verdi und HHLA verhandeln wieder", "2025-03-12",
     "Nach drei Tagen Streik im Hamburger Hafen verhandeln Verdi und der Terminalbetreiber HHLA wieder über "
     "die Löhne der Hafenarbeiter. Die Containerterminals sollen am Donnerstag den Betrieb aufnehmen, der "
     "Rückstau der Schiffe auf der Elbe werde sich erst in einer Woche auflösen."),
]
FIRE = [
    ("Waldbrand bei Jüterbog breitet sich aus", "2025-03-11",
     "Ein Waldbrand in der Nähe von Jüterbog in Brandenburg hat sich auf 200 Hektar ausgebreitet. Die "
     "Feuerwehr kämpft gegen die Flammen auf dem ehemaligen Truppenübungsplatz, Munitionsreste erschweren "
     "die Löscharbeiten. Anwohner wurden gewarnt."),
    ("Löschhubschrauber gegen Feuer bei Jüterbog", "2025-03-12",
     "Gegen den Waldbrand bei Jüterbog setzt das Land Brandenburg nun Löschhubschrauber der Bundeswehr ein. "
     "Wegen alter Munition im Boden können die Feuerwehrleute den Brand auf dem früheren Truppenübungsplatz "
     "nur aus der Distanz bekämpfen. Die Fläche wuchs auf 300 Hektar."),
]
COLLISION = [
    ("Frachter rammt Fähre auf der Elbe", "2025-03-11",
     "Auf der Elbe bei Hamburg hat ein Frachter am Dienstagabend eine Hafenfähre gerammt. Zwölf Fahrgäste "
     "wurden leicht verletzt, die Wasserschutzpolizei ermittelt gegen den Kapitän des Frachters. Der Nebel "
     "war dicht, das Radar des Frachters soll ausgefallen sein."),
    ("Fährunglück: Kapitän des Frachters vernommen", "2025-03-12",
     "Nach dem Zusammenstoß eines Frachters mit einer Hafenfähre auf der Elbe hat die Wasserschutzpolizei den "
     "Kapitän vernommen. Die Fahrgäste der Fähre sind inzwischen aus dem Krankenhaus entlassen. Ein Gutachter "
     "prüft das Radar, die Fährlinie fährt wieder."),
]
STRIKE_LATER = ("Tarifeinigung für Hamburger Hafenarbeiter", "2025-04-22",
                "Verdi und der Hafenbetreiber HHLA haben sich nach wochenlangem Streit auf einen Tarifvertrag "
                "für die Hafenarbeiter in Hamburg geeinigt. Die Löhne an den Containerterminals steigen in zwei "
                "Stufen. Im März hatte ein dreitägiger Streik den Hafen lahmgelegt.")


def article(title: str, day: str, body: str) -> Article:
    text = f"{title}\n\n{body}"
    art = Article(source=Source(source=f"mem://{title}", kind="text", item_hash=bytes_hash(text.encode())),
                  raw=text, text=text, title=title, language="de", published=PubDate(day, "day", "metadata"))
    art.id = content_id(text)
    return art


@pytest.fixture(scope="module")
def encoder_cfg() -> ClusterConfig:
    return ClusterConfig()


def groups(store: SQLiteStore) -> list[list[set[str]]]:
    return [[set(e.article_ids) for e in st.events] for st in list_stories(store)]


def test_seeds_one_story_two_events(seeds: Path, cfg: Settings, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "seeds.db")
    ingest([seeds], store, cfg)
    by_name = {a.source.source.rsplit("/", 1)[-1][:3]: a.id for a in store.iter_articles()}
    with StoryClusterer(store) as clusterer:
        clusterer.assign_all(list(store.iter_articles()))
    stories = list_stories(store)
    assert len(stories) == 1
    events = {frozenset(e.article_ids) for e in stories[0].events}
    assert events == {frozenset(by_name[k] for k in ("000", "001", "002", "003")), frozenset([by_name["004"]])}
    story = load_story(store, stories[0].id)
    assert story.title and all(e.title for e in story.events)
    assert story.meta["first_seen"] < story.meta["last_seen"]


def test_invented_events_and_story(tmp_path: Path, encoder_cfg: ClusterConfig) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    strike = [article(*a) for a in STRIKE]
    fire = [article(*a) for a in FIRE]
    later = article(*STRIKE_LATER)
    with StoryClusterer(store, encoder_cfg) as clusterer:
        clusterer.assign_all(strike + fire)
    found = {frozenset(frozenset(e) for e in st) for st in groups(store)}
    assert found == {frozenset([frozenset(a.id for a in fire)]), frozenset([frozenset(a.id for a in strike)])}
    # A later development opens a new event in the strike's story, after a reload from the store.
    with StoryClusterer(store, encoder_cfg) as clusterer:
        ev, st = clusterer.add(later)
        assert clusterer.add(later) == (ev, st)  # re-adding is a no-op
    strike_story = next(s for s in list_stories(store) if strike[0].id in s.article_ids)
    assert strike_story.id == st and len(strike_story.events) == 2
    assert {later.id} in [set(e.article_ids) for e in strike_story.events]
    with pytest.raises(NotFoundError):
        load_story(store, "s999999")


def test_merge_keeps_older_id_and_alias(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    # Joining is impossible (threshold above 1), so each article opens its own event and story;
    # consolidation then merges the converged ones.
    cfg = ClusterConfig(event_threshold=1.01, story_threshold=1.01, event_merge_threshold=0.2,
                        story_merge_threshold=0.2, use_encoder=False)
    strike = [article(*a) for a in STRIKE]
    with StoryClusterer(store, cfg) as clusterer:
        ids = [clusterer.add(a) for a in strike]
        assert len({e for e, _ in ids}) == 3
        report = clusterer.consolidate()
    assert report["event_merges"] == 2 and report["story_merges"] + 0 >= 0
    stories = list_stories(store)
    assert len(stories) == 1 and len(stories[0].events) == 1
    assert stories[0].events[0].id == ids[0][0]  # the oldest event id survives
    assert load_story(store, ids[2][1]).id == stories[0].id  # a merged story id still finds it
    actions = {(r["action"], r["kind"]) for r in consolidation_log(store)}
    assert ("merge", "event") in actions


def test_split_separates_drifted_event(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "x.db")
    # Everything joins one event while streaming; consolidation splits the unrelated part off.
    cfg = ClusterConfig(event_threshold=0.0, story_threshold=0.0, event_merge_threshold=1.01,
                        story_merge_threshold=1.01, use_encoder=False)
    strike = [article(*a) for a in STRIKE]
    fire = [article(*a) for a in COLLISION]
    with StoryClusterer(store, cfg) as clusterer:
        for a in strike[:2] + fire + strike[2:]:
            clusterer.add(a)
        report = clusterer.consolidate()
    assert report["event_splits"] == 1
    found = [ids for st in groups(store) for ids in st]
    assert {a.id for a in fire} in found and {a.id for a in strike} in found
    assert any(r["action"] == "split" for r in consolidation_log(store))


def test_features_and_centroid_roundtrip() -> None:
    from lagebild.story.centroid import Centroid, centroid_of, content_similarity
    from lagebild.story.features import Featurizer, interval, pack_features, proper_nouns, unpack_features

    assert interval(PubDate("2023-09", "month", "header")) == (date(2023, 9, 1).toordinal(),
                                                               date(2023, 9, 30).toordinal())
    assert interval(None) == (None, None)
    names = proper_nouns("Am Montag traf der Minister in Hamburg Vertreter von Verdi und der HHLA.", "de")
    assert "hamburg" in names and "verdi" in names and "minister" not in names and "montag" not in names
    feat = Featurizer(use_encoder=False)
    a, b = (feat.features(article(*x)) for x in STRIKE[:2])
    c = centroid_of(a)
    c.add(b)
    back = Centroid.from_bytes(c.to_bytes())
    assert back.n == 2 and back.start == c.start and back.end == c.end
    assert abs(content_similarity(back, centroid_of(a)) - content_similarity(c, centroid_of(a))) < 1e-6
    packed = unpack_features(a.article_id, pack_features(a))
    assert packed.start == a.start and content_similarity(centroid_of(packed), centroid_of(a)) > 0.95
FIRE_FOLLOW_UP = ("Waldbrand bei Jüterbog nach einer Woche gelöscht", "2025-03-19",
                  "Der Waldbrand bei Jüterbog in Brandenburg ist gelöscht. Nach einer Woche meldete die Feuerwehr, "
                  "die Flammen auf dem ehemaligen Truppenübungsplatz seien aus; insgesamt brannten 350 Hektar. "
                  "Die Löschhubschrauber der Bundeswehr sind abgezogen, Brandwachen bleiben wegen der Munition im Boden.")


def test_follow_up_days_later_joins_its_event(tmp_path: Path, encoder_cfg: ClusterConfig) -> None:
    """A development within a news week (a week after the last report) stays in the event."""
    store = SQLiteStore(tmp_path / "f.db")
    fire = [article(*a) for a in FIRE]
    follow = article(*FIRE_FOLLOW_UP)
    with StoryClusterer(store, encoder_cfg) as clusterer:
        clusterer.assign_all(fire + [article(*a) for a in COLLISION])
        ev, _ = clusterer.add(follow)
        assert ev == clusterer.assigned[fire[0].id]


def test_event_of_a_story_merged_elsewhere_follows_the_alias(tmp_path: Path) -> None:
    """A store where a story was merged away while one of its events was out of memory (so the
    event row still names the old story) loads and keeps assigning: the event follows the alias."""
    store = SQLiteStore(tmp_path / "a.db")
    apart = ClusterConfig(event_threshold=1.01, story_threshold=1.01, event_merge_threshold=1.01,
                          story_merge_threshold=1.01, use_encoder=False)
    strike, fire = article(*STRIKE[0]), article(*FIRE[0])
    with StoryClusterer(store, apart) as clusterer:
        (_, keep), (fire_event, gone) = clusterer.add(strike), clusterer.add(fire)
    with store.transaction():
        store.execute("UPDATE story_stories SET status = 'merged' WHERE id = ?", (gone,))
        store.execute("INSERT INTO story_aliases (old_id, kind, new_id) VALUES (?, 'story', ?)", (gone, keep))
    join = ClusterConfig(event_threshold=0.0, story_threshold=0.0, event_merge_threshold=1.01,
                         story_merge_threshold=1.01, use_encoder=False)
    with StoryClusterer(store, join) as clusterer:
        assert clusterer.events[fire_event].story_id == keep
        event, story = clusterer.add(article(*FIRE[1]))
    assert story == keep and event in {e.id for s in list_stories(store) for e in s.events}


def test_articles_an_analyst_placed_stay_placed(tmp_path: Path) -> None:
    """An article pinned to an event by a correction (lagebild.corrections) joins that event when
    it is clustered, whatever the similarity, and consolidation never splits it off."""
    from lagebild import corrections

    store = SQLiteStore(tmp_path / "p.db")
    join = ClusterConfig(event_threshold=0.0, story_threshold=0.0, event_merge_threshold=1.01,
                         story_merge_threshold=1.01, use_encoder=False)
    strike = [article(*a) for a in STRIKE]
    collision = [article(*a) for a in COLLISION]
    with store.transaction():
        for a in strike + collision:
            store.add_article(a)
    with StoryClusterer(store, join) as clusterer:
        event = {clusterer.add(a)[0] for a in strike}.pop()
    corrections.move_article(store, collision[0].id, to_event=event, note="part of the strike")
    apart = ClusterConfig(event_threshold=1.01, story_threshold=1.01, event_merge_threshold=1.01,
                          story_merge_threshold=1.01, use_encoder=False)
    with StoryClusterer(store, apart) as clusterer:  # nothing joins by similarity ...
        assert clusterer.add(collision[0])[0] == event  # ... but the placed article does
    with StoryClusterer(store, join) as clusterer:
        assert clusterer.add(collision[1])[0] == event
        report = clusterer.consolidate()  # the two collision reports would split off together
    assert report["event_splits"] == 0
    assert [set(e.article_ids) for s in list_stories(store) for e in s.events] == [{a.id for a in strike + collision}]
