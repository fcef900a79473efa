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
