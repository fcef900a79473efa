"""Deterministic story clustering: a run resumed after a kill, and one fed in another order, end
with exactly the events and stories of one uninterrupted run (issue 19 item 9, issue 16)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from lagebild.model import Article, PubDate, Source, bytes_hash, content_id
from lagebild.store.sqlite import SQLiteStore
from lagebild.store.stories import all_assignments, consolidation_log, list_stories
from lagebild.story.cluster import ClusterConfig, StoryClusterer, arrival_key, catch_up

WIKINEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spkatt2023_task2_de_wikinews_quotes" / "data"
_NAME = re.compile(r"^(\d+) - (.*) \((\d{4}-\d{2}-\d{2})\)$")

#: Small flush and consolidation periods, so a few hundred articles cross many of both, and merge
#: and split bars close to the joining ones, so consolidation has work to do.
CFG = ClusterConfig(use_encoder=False, flush_every=13, consolidate_every=7, event_merge_threshold=0.2,
                    story_merge_threshold=0.15, event_split_threshold=0.2, story_split_threshold=0.15,
                    story_tau_days=365.0)


def _article(title: str, day: str | None, text: str, name: str) -> Article:
    art = Article(source=Source(source=name, kind="text", item_hash=bytes_hash(text.encode())), raw=text,
                  text=text, title=title, language="de",
                  published=PubDate(day, "day", "metadata") if day else None)
    art.id = content_id(text)
    return art


def wikinews(limit: int) -> list[Article]:
    if not WIKINEWS.exists():
        pytest.skip("German Wikinews (SpkAtt-2023) not in ../shared/data")
    out = []
    for path in sorted((WIKINEWS / "train" / "task2").glob("*.json"))[:limit]:
        m = _NAME.match(path.stem)
        if not m:
            continue
        sents = [" ".join(s["Tokens"]) for s in json.loads(path.read_text("utf-8"))["Sentences"]]
        day = m.group(3) if not m.group(3).startswith("0001") else None
        out.append(_article(m.group(2), day, m.group(2) + "\n\n" + "\n".join(sents), path.name))
    # a few undated copies of dated reports: they go last and may join any cluster in memory
    for art in out[5:200:40]:
        out.append(_article(art.title or "", None, art.text + "\n(undated copy)", art.source.source + "#u"))
    return out


def snapshot(store: SQLiteStore) -> dict[str, Any]:
    """Everything a reader sees of the clustering (stories, events, members, titles, the log) and
    the clusterer's stored state to the bit (centroids, document frequencies, counters)."""
    stories = [(s.id, s.title, [(e.id, e.title, sorted(e.article_ids)) for e in s.events]) for s in list_stories(store)]
    log = [(r["action"], r["kind"], r["kept_id"], r["other_id"]) for r in reversed(consolidation_log(store, 100_000))]
    rows = {table: [tuple(r) for r in store.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2")]  # noqa: S608
            for table, cols in (("story_centroids", "kind, id, data"), ("story_df", "bucket, df"),
                                ("story_events", "id, story_id, status, titles, touched, checked, n_articles"),
                                ("story_stories", "id, seq, status, touched, checked, n_articles"),
                                ("story_state", "key, value"))}
    rows["story_state"] = [r for r in rows["story_state"] if r[0] != "generation"]
    return {"stories": sorted(stories), "log": log, "rows": rows}


def uninterrupted(arts: list[Article], path: Path) -> dict[str, Any]:
    store = SQLiteStore(path)
    with StoryClusterer(store, CFG) as clusterer:
        clusterer.assign_all(arts)
    return snapshot(store)


def killed_at(arts: list[Article], path: Path, kills: list[int]) -> dict[str, Any]:
    """Add articles in the deciding order and drop the clusterer without closing it after each
    number in ``kills`` (what SIGKILL leaves: the last flush); then catch up on what is left."""
    store = SQLiteStore(path)
    for a in arts:  # a run stores everything first, clusters at its end
        with store.transaction():
            store.add_article(a)
    order = sorted(arts, key=arrival_key)
    done = 0
    for k in kills:
        clusterer = StoryClusterer(store, CFG)
        for a in order:
            if done >= k:
                break
            if a.id not in clusterer.assigned:
                clusterer.add(a)
                done += 1
        del clusterer  # what survives the kill: the store as of the last flush
        done = len(all_assignments(store))
    report = catch_up(store, CFG)
    assert report["assigned"] == len(arts) - done
    assert store.unclustered_ids() == []
    return snapshot(store)


class Killed(BaseException):
    """The process died (raised where SIGKILL would have struck; nothing after it is written)."""


class DyingStore(SQLiteStore):
    """A real SQLite store whose process dies when it opens its ``lives``-th write transaction:
    that transaction never commits, as after a SIGKILL, so every flush point is a possible kill
    point, the ones in the middle of a consolidation included."""

    def __init__(self, path: Path, lives: int) -> None:
        super().__init__(path)
        self.lives = lives

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if not self._depth:
            self.lives -= 1
            if self.lives <= 0:
                raise Killed
        with super().transaction():
            yield


def test_killed_at_every_flush_equals_one_run(tmp_path: Path) -> None:
    arts = wikinews(200)
    want = uninterrupted(arts, tmp_path / "one.db")
    path = tmp_path / "kill.db"
    with SQLiteStore(path) as store, store.transaction():
        for a in arts:
            store.add_article(a)
    restarts = 0
    while True:  # every life gets two commits, then dies at the third
        store = DyingStore(path, 3)
        try:
            catch_up(store, CFG)
            break
        except Killed:
            restarts += 1
        finally:
            store.close()
    assert restarts > 20
    assert snapshot(SQLiteStore(path)) == want


def test_resume_after_kills_equals_one_run(tmp_path: Path) -> None:
    arts = wikinews(300)
    want = uninterrupted(arts, tmp_path / "one.db")
    assert sum(len(s[2]) > 1 for s in want["stories"]) >= 5 and len(want["log"]) >= 5  # something to get wrong
    got = killed_at(arts, tmp_path / "kill.db", [*range(9, 300, 9), 300])
    assert got == want


def test_arrival_order_does_not_matter(tmp_path: Path) -> None:
    arts = wikinews(150)
    want = uninterrupted(arts, tmp_path / "one.db")
    shuffled = arts[:]
    random.Random(3).shuffle(shuffled)
    assert uninterrupted(shuffled, tmp_path / "two.db") == want


def test_invented_stream_resumes_exactly(tmp_path: Path) -> None:
    """Without the shared data: a stream of invented reports on three affairs over two months."""
    rng = random.Random(7)
    places = ["Hamburg", "Jüterbog", "Lindenau", "Kiel", "Görlitz"]
    topics = [("Streik", "Hafenarbeiter legen die Arbeit nieder, Verdi fordert höhere Löhne"),
              ("Waldbrand", "Feuerwehr kämpft gegen Flammen auf dem Truppenübungsplatz"),
              ("Brücke", "Stadt sperrt die marode Brücke, Pendler müssen Umwege fahren")]
    arts = []
    for i in range(120):
        topic, lead = topics[i % 3]
        place = places[(i // 3) % len(places)]
        day = f"2025-{3 + i // 60:02d}-{1 + (i * 7) % 28:02d}"
        extra = " ".join(rng.sample(["Montag", "Behörde", "Sprecher", "Kosten", "Anwohner", "Polizei"], 3))
        arts.append(_article(f"{topic} in {place}", day, f"{topic} in {place}\n\n{lead} in {place}. {extra}. Nr. {i}",
                             f"mem://{i}"))
    want = uninterrupted(arts, tmp_path / "one.db")
    assert killed_at(arts, tmp_path / "kill.db", [30, 31, 77]) == want
