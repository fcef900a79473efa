import pytest

from lagebild.errors import ConfigError
from lagebild.settings import describe, load_settings


def test_defaults(cfg):
    assert cfg.db == "lagebild.db" and cfg.commit_every == 50


def test_precedence_file_env_flag(tmp_path, monkeypatch, cfg):
    conf = tmp_path / "lagebild.toml"
    conf.write_text('db = "file.db"\ncommit_every = 7\nmin_text_chars = 11\n')
    assert load_settings().db == "file.db"  # picked up from the working directory
    monkeypatch.setenv("LAGEBILD_DB", "env.db")
    monkeypatch.setenv("LAGEBILD_COMMIT_EVERY", "9")
    s = load_settings()
    assert (s.db, s.commit_every, s.min_text_chars) == ("env.db", 9, 11)
    s = load_settings(db="flag.db")
    assert s.db == "flag.db" and s.commit_every == 9
    origins = {r["name"]: r["origin"] for r in describe(s, db="flag.db")}
    assert origins["db"] == "flag" and origins["commit_every"] == "env" and origins["min_text_chars"].startswith("file")
    assert origins["workers"] == "default"


def test_bad_settings_are_clear_errors(tmp_path, cfg):
    bad = tmp_path / "bad.toml"
    bad.write_text("nosuch = 1\n")
    with pytest.raises(ConfigError, match="unknown settings.*nosuch"):
        load_settings(bad)
    bad.write_text("commit_every = 'many'\n")
    with pytest.raises(ConfigError):
        load_settings(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")


def test_every_clustering_threshold_is_a_setting_with_the_dataclass_default(cfg):
    from dataclasses import fields

    from lagebild.story.config import ClusterConfig

    rows = {r["name"]: r for r in describe(cfg)}
    for f in fields(ClusterConfig):
        assert rows[f"story_{f.name}"]["default"] == f.default, f.name
    assert ClusterConfig.of(cfg) == ClusterConfig()
    changed = load_settings(story_event_threshold=0.5, story_use_encoder=False)
    assert ClusterConfig.of(changed).event_threshold == 0.5 and not ClusterConfig.of(changed).use_encoder


def test_a_clustering_setting_changes_the_stories(tmp_path, monkeypatch, cfg):
    from lagebild.app.ingest import ingest
    from lagebild.store.sqlite import SQLiteStore
    from lagebild.store.stories import list_stories

    from helpers import GERMAN_BODY, write

    write(tmp_path / "in" / "a.txt", "Streik im Hamburger Hafen\n\nVon dpa | 11.03.2025, 09:45 Uhr\n\n" + GERMAN_BODY)
    write(tmp_path / "in" / "b.txt", "Hafenstreik geht weiter\n\n12.03.2025\n\nDer Streik der Hafenarbeiter in Hamburg "
          "dauert an. Die Gewerkschaft Verdi fordert höhere Löhne. Im Hamburger Hafen stauen sich die Schiffe.")

    def stories(**env: str) -> int:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        with SQLiteStore(tmp_path / f"s{len(env)}.db") as store:
            ingest([tmp_path / "in"], store, load_settings())
            return len(list_stories(store))

    assert stories() == 1
    # nothing joins and nothing merges: each article is its own story
    assert stories(LAGEBILD_STORY_EVENT_THRESHOLD="0.99", LAGEBILD_STORY_STORY_THRESHOLD="0.99",
                   LAGEBILD_STORY_EVENT_MERGE_THRESHOLD="0.99", LAGEBILD_STORY_STORY_MERGE_THRESHOLD="0.99") == 2
