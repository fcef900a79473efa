import json

from typer.testing import CliRunner

from lagebild.interfaces.cli import app

from helpers import GERMAN_BODY, write

runner = CliRunner()


def _run(*args):
    result = runner.invoke(app, list(args))
    return result


def test_ingest_articles_search_rejected(tmp_path, cfg):
    d = tmp_path / "in"
    write(d / "a.txt", "Streik im Hafen\n\nVon dpa | 11.03.2025, 09:45 Uhr\n\n" + GERMAN_BODY)
    write(d / "empty.txt", "")
    db = str(tmp_path / "x.db")
    res = _run("ingest", str(d), "--db", db, "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["new"] == 1 and report["store"]["articles"] == 1
    assert "rejected" in res.stderr and "empty.txt: empty file" in res.stderr
    rows = json.loads(_run("articles", "--db", db, "--json").stdout)
    assert rows[0]["title"] == "Streik im Hafen" and rows[0]["published"] == "2025-03-11T09:45"
    assert rows[0]["outlet"] == "dpa" and rows[0]["sources"][0].endswith("a.txt")
    hits = json.loads(_run("search", "Gewerkschaft", "--db", db, "--json").stdout)
    assert hits[0]["id"] == rows[0]["id"]
    odd = _run("search", "AND (", "--db", db, "--json")
    assert odd.exit_code == 0 and json.loads(odd.stdout) == []  # stray syntax is ignored, never an error
    rej = json.loads(_run("rejected", "--db", db, "--json").stdout)
    assert rej[0]["reason"] == "empty file"


def test_ingest_exits_nonzero_when_nothing_could_be_ingested(tmp_path, cfg):
    write(tmp_path / "in" / "empty.txt", "")
    res = _run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "x.db"))
    assert res.exit_code == 1


def test_annotate_json(tmp_path, cfg):
    f = write(tmp_path / "a.txt", "Streik im Hafen\n\n" + GERMAN_BODY + "\nNoch keine Kommentare")
    res = _run("annotate", str(f), "--dct", "2025-03-11", "--json")
    assert res.exit_code == 0, res.output
    view = json.loads(res.stdout)
    assert view["title"] == "Streik im Hafen" and view["language"] == "de"
    assert view["published"]["value"] == "2025-03-11" and view["published"]["origin"] == "given"
    assert [d["reason"] for d in view["debris"]] == ["title", "comment counter"]
    sents = view["layers"]["sentences"]
    assert sents[0]["text"] == view["text"][sents[0]["start"]:sents[0]["end"]]
    assert len(sents) == 4


def test_settings_table(cfg):
    res = _run("settings", "--json")
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert rows["db"]["origin"] == "default" and rows["dedup_threshold"]["description"]


def test_stories_story_and_entities(tmp_path, cfg):
    d = tmp_path / "in"
    write(d / "a.txt", "Streik im Hamburger Hafen\n\nVon dpa | 11.03.2025, 09:45 Uhr\n\n" + GERMAN_BODY
          + " Verdi-Sprecherin Anna Berger sagte, die Gewerkschaft sei zu Gesprächen bereit.")
    write(d / "b.txt", "Hafenstreik geht weiter\n\n12.03.2025\n\nDer Streik der Hafenarbeiter in Hamburg "
          "dauert an. Die Gewerkschaft Verdi fordert höhere Löhne, sagte Anna Berger am Mittwoch. Der Betreiber "
          "wies Vorwürfe zurück, Schiffe würden nach Rotterdam umgeleitet. Auf der Elbe stauen sich Schiffe.")
    db = str(tmp_path / "s.db")
    assert _run("ingest", str(d), "--db", db).exit_code == 0
    found = json.loads(_run("stories", "--db", db, "--json").stdout)
    assert len(found) == 1 and sum(len(e["articles"]) for e in found[0]["events"]) == 2
    assert all(a["source"].endswith(".txt") for e in found[0]["events"] for a in e["articles"])
    res = _run("story", found[0]["id"], "--db", db, "--json")
    assert res.exit_code == 0, res.output
    view = json.loads(res.stdout)
    assert {a["id"] for a in view["articles"]} == {a["id"] for e in found[0]["events"] for a in e["articles"]}
    md = _run("story", found[0]["id"], "--db", db, "--md").stdout
    assert md.startswith("# ")
    assert _run("story", "nope", "--db", db).exit_code != 0
    ents = json.loads(_run("entities", "--db", db, "--json").stdout)
    berger = next(e for e in ents if e["name"] == "Anna Berger")
    assert berger["label"] == "PER" and berger["count"] >= 2
    assert len(ents) > 2  # --json lists all entities, --limit applies to it too
    assert json.loads(_run("entities", "--db", db, "--json", "--limit", "2").stdout) == ents[:2]


def test_story_json_equals_the_api_and_plain_story_is_a_terminal_view(tmp_path, cfg):
    from fastapi.testclient import TestClient

    from lagebild.interfaces.web import create_app
    from lagebild.settings import Settings

    d = tmp_path / "in"
    write(d / "a.txt", "Streik im Hamburger Hafen\n\nVon dpa | 11.03.2025, 09:45 Uhr\n\n" + GERMAN_BODY)
    write(d / "b.txt", "Hafenstreik geht weiter\n\n12.03.2025\n\nDer Streik der Hafenarbeiter in Hamburg dauert "
          "an. Die Gewerkschaft Verdi fordert höhere Löhne, sagte Anna Berger am Mittwoch. Der Betreiber wies "
          "Vorwürfe zurück, Schiffe würden nach Rotterdam umgeleitet. Auf der Elbe stauen sich Schiffe.")
    db = str(tmp_path / "s.db")
    assert _run("ingest", str(d), "--db", db).exit_code == 0
    sid = json.loads(_run("stories", "--db", db, "--json").stdout)[0]["id"]
    cli = json.loads(_run("story", sid, "--db", db, "--json").stdout)
    api = TestClient(create_app(db, Settings(db=db, allowed_hosts="testserver"))).get(f"/api/stories/{sid}").json()
    assert cli == api and cli["id"] == sid and cli["timeline"] and cli["claims"]
    plain = _run("story", sid, "--db", db).stdout
    assert "Zeitleiste" in plain and "Aussagen" in plain and not plain.startswith("# ")  # German by default (issue 18)


def test_read_commands_refuse_a_missing_store(tmp_path, cfg):
    missing = tmp_path / "typo.db"
    for args in (["articles"], ["stories"], ["story", "s000001"], ["search", "Hafen"], ["entities"], ["rejected"],
                 ["report", "--out", str(tmp_path / "r.html")]):
        res = _run(*args, "--db", str(missing))
        assert res.exit_code != 0, args
        assert "no store at" in res.output + str(res.exception), (args, res.output)
    assert not missing.exists()


def test_missing_store_message_and_exit_code_from_the_command_line(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "lagebild.interfaces.cli", "articles", "--db", str(tmp_path / "no.db")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "no store at" in res.stderr and not (tmp_path / "no.db").exists()
