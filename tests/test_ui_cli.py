"""The command line as an analyst meets it (issue 18): German by default, English by setting; the
outlet named on ingest; progress counted in articles, with plain lines when stderr is no terminal;
`lagebild stories` ranks as the front page; `lagebild correct` records corrections with their author."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from lagebild.interfaces.cli import app
from ui_harness import lagebild_cli, quiet_env

from helpers import GERMAN_BODY, write

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, list(args), env=env)


def corpus(d: Path) -> None:
    write(d / "a.txt", "Streik im Hamburger Hafen\n\n11.03.2025\n\n" + GERMAN_BODY
          + " Verdi-Sprecherin Anna Berger sagte, die Gewerkschaft sei zu Gesprächen bereit.")
    records = [{"id": "r1", "outlet": "Eigenblatt", "published": "2025-03-12T08:00:00+01:00",
                "title": "Hafenstreik geht weiter",
                "text": "Der Streik der Hafenarbeiter in Hamburg dauert an. Die Gewerkschaft Verdi fordert höhere "
                        "Löhne, sagte Anna Berger am Mittwoch. Auf der Elbe stauen sich die Schiffe."},
               {"id": "r2", "published": "2025-03-13T08:00:00+01:00", "title": "Streik im Hafen: dritter Tag",
                "text": "Auch am dritten Tag ruht die Arbeit im Hamburger Hafen. Anna Berger von Verdi sagte am "
                        "Donnerstag, man warte auf ein neues Angebot der Betreiber. Schiffe warten vor der Elbe."}]
    (d / "more.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                  encoding="utf-8")


def test_outlet_on_ingest_fills_only_items_without_one(tmp_path: Path, cfg: object) -> None:
    d = tmp_path / "in"
    corpus(d)
    db = str(tmp_path / "s.db")
    res = run("ingest", str(d), "--db", db, "--outlet", "Testblatt")
    assert res.exit_code == 0, res.output
    rows = {r["title"]: r["outlet"] for r in json.loads(run("articles", "--db", db, "--json").stdout)}
    assert rows == {"Streik im Hamburger Hafen": "Testblatt", "Hafenstreik geht weiter": "Eigenblatt",
                    "Streik im Hafen: dritter Tag": "Testblatt"}
    table = run("stories", "--db", db).stdout
    assert "Die wichtigsten Themen" in table and "Quellen" in table
    ranked = json.loads(run("stories", "--db", db, "--json").stdout)
    assert [s["rank"] for s in ranked] == list(range(1, len(ranked) + 1))
    biggest = max(ranked, key=lambda s: s["n_articles"])
    assert set(biggest["outlets"]) <= {"Eigenblatt", "Testblatt"} and biggest["n_outlets"] == len(biggest["outlets"])
    story = run("story", biggest["id"], "--db", db).stdout
    assert "Kurzfassung" in story and "Testblatt" in story and ".txt" not in story
    found = run("search", "Streik", "--db", db).stdout  # forms and compounds, hits marked in plain output
    assert "Treffer" in found and "»Streik«" in found and "»Hafenstreik" not in found
    assert "»" in run("search", "Hafenarbeiter", "--db", db).stdout
    english = run("story", biggest["id"], "--db", db, env={"LAGEBILD_UI_LANGUAGE": "en"}).stdout
    assert "Briefing" in english and "Kurzfassung" not in english


def test_untitled_articles_and_unknown_outlets_read_as_such(tmp_path: Path, cfg: object) -> None:
    d = tmp_path / "in"
    write(d / "0042_0123456789abcdef.txt", GERMAN_BODY + " " + GERMAN_BODY.lower())
    db = str(tmp_path / "s.db")
    assert run("ingest", str(d), "--db", db).exit_code == 0
    listing = run("articles", "--db", db).stdout
    assert "unbekannte" in listing and "0042_" not in listing and "ohne Titel" not in listing  # table cells wrap
    assert "Hafenarbeiter" in listing  # named by its first words
    sid = json.loads(run("stories", "--db", db, "--json").stdout)[0]["id"]
    story = run("story", sid, "--db", db).stdout
    assert "0042_0123456789abcdef.txt" not in story and "unbekannte Quelle" in story


def test_progress_counts_articles_and_writes_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    d = tmp_path / "in"
    corpus(d)
    res = subprocess.run([*lagebild_cli(), "ingest", str(d), "--db", str(tmp_path / "p.db")], capture_output=True,
                         text=True, env=quiet_env(), cwd=tmp_path, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    lines = [x for x in res.stderr.splitlines() if x.startswith("ingest:")]
    assert lines and lines[-1].startswith("ingest: fertig: 3 Artikel in ")  # two files, three articles
    assert "\x1b[" not in res.stderr  # plain text for a log file, no progress bar
    assert "Datei(en), 3 Einträge: 3 neu" in res.stdout


def test_correct_commands_and_log(tmp_path: Path, cfg: object) -> None:
    d = tmp_path / "in"
    corpus(d)
    db = str(tmp_path / "c.db")
    assert run("ingest", str(d), "--db", db).exit_code == 0
    sid = json.loads(run("stories", "--db", db, "--json").stdout)[0]["id"]
    res = run("correct", "rename", sid, "Hafenstreik Hamburg", "--by", "anna", "--note", "klarer", "--db", db)
    assert res.exit_code == 0, res.output
    assert "Korrektur Nr. 1" in res.stdout and "umbenannt in „Hafenstreik Hamburg“" in res.stdout
    assert json.loads(run("stories", "--db", db, "--json").stdout)[0]["title"] == "Hafenstreik Hamburg"
    log = json.loads(run("correct", "log", "--db", db, "--json").stdout)
    assert log[0]["actor"] == "anna" and log[0]["note"] == "klarer" and log[0]["action"] == "rename_story"
    assert run("correct", "undo", "1", "--db", db).exit_code == 0
    assert json.loads(run("stories", "--db", db, "--json").stdout)[0]["title"] != "Hafenstreik Hamburg"
    bad = run("correct", "merge", sid, sid, "--db", db)
    assert bad.exit_code != 0
    table = run("correct", "log", "--db", db).stdout
    assert "zurückgenommen" in table
