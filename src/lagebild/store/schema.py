"""Schema migrations, one list for both backends, applied in order.

The scripts are written in SQLite's dialect; :func:`scripts_for` turns them into PostgreSQL with a
small table of type/default translations, and ``{search_index}`` expands to each backend's
full-text index (FTS5 + triggers on SQLite, a generated German ``tsvector`` + GIN on PostgreSQL).
SQLite records the last applied migration in ``PRAGMA user_version``, PostgreSQL in ``schema_version``.
"""

from __future__ import annotations

import re

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their sources, rejected items, full-text search, near-duplicate index
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        text TEXT NOT NULL,
        language TEXT,
        published TEXT,
        published_granularity TEXT,
        published_origin TEXT,
        outlet TEXT,
        url TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        item_hash TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        folded TEXT NOT NULL DEFAULT 'new',
        similarity REAL,
        warnings TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX sources_article ON sources(article_id);
    CREATE TABLE rejected (
        source TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        error TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE minhash (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE lsh_bands (
        band INTEGER NOT NULL,
        key BLOB NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, key, article_id)
    ) WITHOUT ROWID;
    {search_index}
    """,
    # 2: story clustering: events, stories, article->event assignments, centroids, id aliases,
    # the consolidation log, the online document-frequency table and clusterer state
    """
    CREATE TABLE story_stories (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        title TEXT,
        first_seen TEXT,
        last_seen TEXT,
        n_events INTEGER NOT NULL DEFAULT 0,
        n_articles INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active',
        merged_into TEXT,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX story_stories_last ON story_stories(status, last_seen);
    CREATE TABLE story_events (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        title TEXT,
        first_seen TEXT,
        last_seen TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active',
        merged_into TEXT,
        titles TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX story_events_story ON story_events(story_id);
    CREATE TABLE story_assignments (
        article_id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        similarity REAL,
        features BLOB,
        assigned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX story_assignments_event ON story_assignments(event_id);
    CREATE TABLE story_centroids (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID;
    CREATE TABLE story_aliases (
        old_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        new_id TEXT NOT NULL
    );
    CREATE TABLE story_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        action TEXT NOT NULL,
        kind TEXT NOT NULL,
        kept_id TEXT NOT NULL,
        other_id TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE story_df (
        bucket INTEGER PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE story_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: live monitoring (lagebild.watch): subscribed feeds and their HTTP state, the article URLs
    # they announced (each stored once), a log of every request, watchlists, and the change journal
    # (new stories, events, claims, conflicts) with what was last seen of each
    """
    CREATE TABLE watch_feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        kind TEXT NOT NULL DEFAULT 'auto',
        outlet TEXT,
        every_seconds INTEGER NOT NULL,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        next_due TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_fetched TEXT,
        last_status INTEGER,
        last_error TEXT,
        errors INTEGER NOT NULL DEFAULT 0,
        n_items INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE watch_items (
        url TEXT PRIMARY KEY,
        feed_id INTEGER NOT NULL,
        link TEXT NOT NULL,
        title TEXT,
        published TEXT,
        entry TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'new',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        article_id TEXT,
        last_error TEXT,
        first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        done_at TEXT
    );
    CREATE INDEX watch_items_state ON watch_items(state, next_try);
    CREATE INDEX watch_items_feed ON watch_items(feed_id);
    CREATE TABLE watch_fetch_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        feed_id INTEGER,
        purpose TEXT NOT NULL,
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        status INTEGER,
        bytes INTEGER NOT NULL DEFAULT 0,
        ms REAL NOT NULL DEFAULT 0,
        error TEXT
    );
    CREATE INDEX watch_fetch_log_feed ON watch_fetch_log(feed_id, seq);
    CREATE TABLE watch_lists (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        terms TEXT NOT NULL DEFAULT '[]',
        webhook TEXT,
        delivered_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE watch_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        kind TEXT NOT NULL,
        action TEXT NOT NULL,
        story_id TEXT,
        ref TEXT NOT NULL,
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX watch_changes_story ON watch_changes(story_id, seq);
    CREATE TABLE watch_hits (
        list_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (list_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE watch_seen (
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (kind, ref)
    ) WITHOUT ROWID;
    CREATE TABLE watch_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 4: analyst corrections (issue 18): an append-only audit log of moves, merges, splits and
    # renames; the entries not reverted, applied in order, are overrides over the clusterer's result
    """
    CREATE TABLE corrections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        actor TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        story_id TEXT,
        target_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        reverted_by INTEGER
    );
    CREATE INDEX corrections_story ON corrections(story_id);
    CREATE INDEX corrections_target ON corrections(target_id);
    """,
    # 5: canonical entities linked at ingest (issue 14): the persistent cross-document entity index
    # (entities with aliases and labels, match keys, surname parts, merge redirects), every mention,
    # which articles were linked; and the built view of each story version
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '{}',
        labels TEXT NOT NULL DEFAULT '{}',
        n_mentions INTEGER NOT NULL DEFAULT 0,
        n_articles INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX entities_label ON entities(label);
    CREATE TABLE entity_keys (
        key TEXT PRIMARY KEY,
        entity_id TEXT NOT NULL
    );
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
    CREATE TABLE entity_parts (
        part TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (part, entity_id)
    ) WITHOUT ROWID;
    CREATE TABLE entity_redirects (
        old_id TEXT PRIMARY KEY,
        new_id TEXT NOT NULL
    );
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (article_id, start_char, end_char)
    ) WITHOUT ROWID;
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE TABLE entity_linked (
        article_id TEXT PRIMARY KEY
    );
    CREATE TABLE entity_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE story_views (
        story_id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        data TEXT NOT NULL,
        built_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 6: story clustering (issue 16): when each event/story was last touched (the clusterer's
    # assignment counter) and its size at the last split check, so a clusterer reloaded after a
    # kill ranks candidates and schedules split checks exactly as the run that wrote them
    """
    ALTER TABLE story_events ADD COLUMN touched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE story_events ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE story_stories ADD COLUMN touched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE story_stories ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
    """,
)

SEARCH_INDEX: dict[str, str] = {
    "sqlite": """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    """,
    # German stemming and stop words; the title weighs more than the body in the ranking.
    "postgresql": """
    ALTER TABLE articles ADD COLUMN fts tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(title, '')), 'A') || setweight(to_tsvector('german', text), 'B')
    ) STORED;
    CREATE INDEX articles_fts ON articles USING gin(fts);
    """,
}

SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
#: The same ISO text timestamp as SQLITE_NOW, so text comparisons mean the same on both backends.
POSTGRES_NOW = "(to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"

#: SQLite spelling -> PostgreSQL spelling, applied in order to every migration script.
POSTGRES_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (re.escape(SQLITE_NOW), POSTGRES_NOW.replace("\\", "\\\\")),
    (r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\bBLOB\b", "BYTEA"),
    (r"\bREAL\b", "DOUBLE PRECISION"),  # PostgreSQL's REAL is 4 bytes, SQLite's 8
    (r"\)\s*WITHOUT ROWID", ")"),
)


def scripts_for(dialect: str) -> list[str]:
    """Every migration script in ``dialect`` ("sqlite" or "postgresql"), in order."""
    out = []
    for script in MIGRATIONS:
        script = script.replace("{search_index}", SEARCH_INDEX[dialect].strip())
        if dialect == "postgresql":
            for pattern, repl in POSTGRES_TRANSLATIONS:
                script = re.sub(pattern, repl, script)
        out.append(script)
    return out
