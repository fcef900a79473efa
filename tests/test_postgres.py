"""PostgreSQL backend: migrations, concurrent ingest processes, the web API, same stories as SQLite."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild import api
from lagebild.errors import StoreError
from lagebild.interfaces.web import create_app
from lagebild.settings import Settings
from lagebild.store.base import open_store
from lagebild.store.postgres import PostgresStore, translate, websearch_syntax
from lagebild.store.query import HIT_END, HIT_START
from lagebild.store.schema import MIGRATIONS
from lagebild.store.sqlite import SQLiteStore
from lagebild.store.stories import list_stories
from web_corpus import RECORDS, TOKEN, write_jsonl

REPO = Path(__file__).resolve().parents[1]


def test_placeholder_translation_and_query_syntax() -> None:
    assert translate("SELECT '?:x', a FROM t WHERE b = ? AND c = :name") == \
        "SELECT '?:x', a FROM t WHERE b = %s AND c = %(name)s"
    assert translate("SELECT to_char(x, 'HH24:MI') LIKE '%a'") == "SELECT to_char(x, 'HH24:MI') LIKE '%%a'"
    assert websearch_syntax('hafen AND "der Streik" NOT elbe OR hamburg*') == 'hafen "der Streik" -elbe or hamburg'


def test_migrations_once_and_newer_schema_refused(pg_url: str) -> None:
    results: list[object] = []

    def opener() -> None:  # fresh database, several processes' worth of first opens at once
        try:
            with open_store(pg_url) as st:
                results.append(st.counts()["articles"])
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [0, 0, 0, 0]
    with PostgresStore(pg_url) as st:
        assert st.schema_version() == len(MIGRATIONS)
        assert [r[0] for r in st.execute("SELECT version FROM schema_version ORDER BY version")] == \
            list(range(1, len(MIGRATIONS) + 1))
        st.execute("INSERT INTO schema_version (version) VALUES (?)", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer than this lagebild"):
        PostgresStore(pg_url)
    with pytest.raises(StoreError, match=r"cannot open store postgresql://u:\*\*\*@"):
        PostgresStore("postgresql://u:secret@/nodb?host=/nonexistent-dir")


def _gibberish_articles(n: int, seed: int = 7) -> list[str]:
    """Distinct texts (no two near duplicates) built from a small German word list."""
    words = ["Hafen", "Stadt", "Regierung", "Gericht", "Schule", "Bahn", "Wetter", "Markt", "Preis", "Streik", "Wahl", "Polizei", "Feuer", "Brücke", "Gesetz", "Bürger", "Rat", "Plan", "Firma", "Werk", "Zug", "Schiff", "Straße", "Land", "Fluss", "Wald", "Haus", "Kirche", "Spiel", "Verein", "Forscher", "Studie", "Klinik", "Zeitung", "Theater", "Konzert", "Hotel", "Flughafen", "Museum", "Park", "Dorf", "Insel", "Berg"]
    verbs = ["meldet", "plant", "prüft", "lehnt", "fordert", "baut", "schließt", "eröffnet", "kritisiert", "erwartet"]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sents = [f"{rng.choice(words)} {rng.choice(verbs)} {rng.choice(words)} und {rng.choice(words)} "
                 f"{rng.randint(2, 999)}." for _ in range(14)]
        out.append(f"Meldung {i}: {rng.choice(words)} {rng.choice(verbs)} {rng.choice(words)}\n\n" + " ".join(sents))
    return out


def test_two_concurrent_ingest_processes_store_every_article_once(pg_url: str, tmp_path: Path) -> None:
    n, lo, hi = 20, 6, 14  # texts 0..13 in one directory, 6..19 under other names in another
    texts = _gibberish_articles(n)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i in range(hi):
        (first / f"a{i:02d}.txt").write_text(texts[i], encoding="utf-8")
    for i in range(lo, n):
        (second / f"copy-{i:02d}.txt").write_text(texts[i], encoding="utf-8")
    env = os.environ | {"LAGEBILD_COMMIT_EVERY": "2", "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO / "src")}
    cmd = [sys.executable, "-c", "from lagebild.interfaces.cli import main; main()", "ingest", "--db", pg_url,
           "--json"]
    procs = [subprocess.Popen([*cmd, str(d)], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for d in (first, second)]
    reads = 0
    with open_store(pg_url) as reader:  # a reader works while both write
        while any(p.poll() is None for p in procs):
            reader.counts()
            reader.article_rows(limit=50)
            reader.search("Hafen")
            reads += 1
    outs = [p.communicate() for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
    reports = [json.loads(out) for out, _ in outs]
    assert reads > 0
    overlap = hi - lo
    assert sum(r["new"] for r in reports) == n and sum(r["folded"] for r in reports) == overlap
    with PostgresStore(pg_url) as st:
        assert st.counts() == {"articles": n, "sources": n + overlap, "rejected": 0}
        of = {Path(r[0]).name: r[1] for r in st.execute("SELECT source, article_id FROM sources")}
        assert len(set(of.values())) == n
        for i in range(lo, hi):  # the same text under two names is one article with two sources
            assert of[f"a{i:02d}.txt"] == of[f"copy-{i:02d}.txt"]
        # Clustering: every article in exactly one active event, event counts agree with assignments
        # (two clusterers handing out the same event ids would break this).
        assigned = {r[0]: r[1] for r in st.execute("SELECT article_id, event_id FROM story_assignments")}
        assert set(assigned) == set(of.values())
        events = {r["id"]: r for r in st.execute("SELECT * FROM story_events WHERE status = 'active'")}
        assert set(assigned.values()) <= set(events)
        for ev_id, row in events.items():
            assert row["n_articles"] == sum(1 for e in assigned.values() if e == ev_id)
        stories = list_stories(st)
        assert sorted(a for s in stories for a in s.article_ids) == sorted(assigned)


def test_web_api_on_postgres(pg_url: str, tmp_path: Path) -> None:
    cfg = Settings(db=pg_url, api_token=TOKEN, allowed_hosts="testserver")
    with open_store(pg_url) as st:
        api.ingest_paths([write_jsonl(tmp_path / "r.jsonl", RECORDS)], st, cfg)
    client = TestClient(create_app(pg_url, cfg))
    assert client.get("/api/status").status_code == 200
    hits = client.get("/api/search", params={"q": "Fähren"}).json()["items"]
    assert hits and all(HIT_START in h["snippet"] for h in hits)
    assert any(f"{HIT_START}Fähren{HIT_END}" in h["snippet"] for h in hits)
    for odd in ("AND (", '"unclosed', "Streik OR"):
        resp = client.get("/api/search", params={"q": odd})
        assert resp.status_code == 200, (odd, resp.text)  # stray syntax is ignored, never an error
    arts = client.get("/api/articles", params={"outlet": "inselbote"}).json()
    assert arts["total"] == 2
    stories = client.get("/api/stories").json()
    assert stories
    new = {"id": "n1", "title": "Neue Brücke für Hafenstedt", "published": "2025-06-09T10:00:00+02:00",
           "text": "Der Stadtrat von Hafenstedt hat am Montag den Bau einer zweiten Brücke über den Kanal "
                   "beschlossen. Die Arbeiten sollen im Herbst beginnen und zwei Jahre dauern, teilte die "
                   "Bürgermeisterin mit. Anwohner hatten seit Jahren über Staus geklagt."}
    body = json.dumps(new)
    resp = client.post("/api/ingest", content=body.encode(), headers={"Authorization": f"Bearer {TOKEN}",
                                                                    "Content-Type": "application/x-ndjson"})
    assert resp.status_code in (200, 201), resp.text
    assert len(resp.json()["new_ids"]) == 1 and client.get("/api/articles").json()["total"] == len(RECORDS) + 1


def test_seeds_give_the_same_stories_on_both_backends(seeds: Path, pg_url: str, tmp_path: Path) -> None:
    cfg = Settings(db=pg_url)
    groups = []
    for store in (SQLiteStore(tmp_path / "seeds.db"), PostgresStore(pg_url)):
        with store:
            api.ingest_paths([seeds], store, cfg)
            names = {a.id: a.source.source.rsplit("/", 1)[-1] for a in store.iter_articles()}
            groups.append(sorted(sorted(sorted(names[a] for a in e.article_ids) for e in s.events)
                                 for s in list_stories(store)))
    assert groups[0] == groups[1] and groups[0]
