"""Ingest end to end: bad input, idempotence, folding, volume and a killed run."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from lagebild.app.ingest import ingest
from lagebild.app.pipeline import build_pipeline

from helpers import GERMAN_BODY, RSS, html_page, warc_bytes, write


def _text(i: int) -> str:
    return (f"Meldung {i}: Der Stadtrat von Musterstadt hat in seiner Sitzung Nummer {i} über den Haushalt "
            f"beraten. Die Fraktion {i % 7} kritisierte die Pläne. Eine Entscheidung fällt im Sommer.")


def test_pipeline_order_is_valid(cfg):
    names = build_pipeline(cfg).names
    assert names[:3] == ["extract", "clean", "min-length"] and names[-1] == "id"


def test_all_formats_and_idempotent_reingest(tmp_path, cfg, store):
    d = tmp_path / "in"
    write(d / "a.txt", "Streik im Hafen\n\n" + GERMAN_BODY)
    write(d / "page.html", html_page("Ein Bericht über die Sitzung des Stadtrats, die bis in die Nacht "
                                     "dauerte. Die Fraktionen stritten lange über den Haushalt."))
    write(d / "feed.rss", RSS.format(body="Die Feuerwehr rückte am Morgen zu einem Großbrand in der Altstadt aus. "
                                          "Verletzt wurde niemand, teilte die Polizei mit."))
    write(d / "c.jsonl", json.dumps({"id": "j1", "text": _text(1), "published": "2025-03-11"}) + "\n")
    write(d / "d.warc.gz", warc_bytes({"https://x.org/w": html_page(_text(2) + " " + _text(3))}))
    report = ingest([d], store, cfg)
    assert report.rejected == [] and report.new == 6, report.to_dict()
    again = ingest([d], store, cfg)
    assert (again.new, again.folded, again.unchanged) == (0, 0, 6)
    assert store.counts() == {"articles": 6, "sources": 6, "rejected": 0}


def test_wire_copies_fold_into_one_article_with_both_sources(tmp_path, cfg, store):
    d = tmp_path / "in"
    write(d / "agency.txt", GERMAN_BODY + " " + _text(5))
    write(d / "copy.txt", "Hafen im Stillstand\n\n" + GERMAN_BODY.replace("am Montag", "am Montagmorgen") + " "
          + _text(5) + "\nNoch keine Kommentare")
    write(d / "same.txt", GERMAN_BODY + "  " + _text(5))  # exact copy with other white space
    report = ingest([d], store, cfg)
    assert (report.new, report.folded) == (1, 2)
    [row] = store.article_rows()
    assert row["n_sources"] == 3
    folds = {s["source"].rsplit("/", 1)[-1]: s["folded"] for s in store.sources_of(row["id"])}
    assert folds == {"agency.txt": "new", "copy.txt": "near", "same.txt": "exact"}


def test_bad_input_suite(tmp_path, cfg, store):
    good = tmp_path / "good"
    write(good / "ok.txt", GERMAN_BODY)
    assert ingest([good], store, cfg).new == 1
    d = tmp_path / "bad"
    write(d / "binary.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    write(d / "random.txt", os.urandom(5000).replace(b"\x89", b"\x00"))
    write(d / "empty.txt", b"")
    with open(d / "huge.txt", "wb") as fh:  # sparse: 200 MB on paper, refused before reading
        fh.truncate(200 * 1024 * 1024)
    write(d / "latin1.txt", (_text(12) + " Grüße aus Köln.").encode("latin-1"))
    write(d / "broken_utf8.txt", ("Größe".encode() + b"\xff\xfe") * 40)
    write(d / "truncated.html", "<html><head><title>Kaputt</title></head><body><p>Ab")
    write(d / "truncated.xml", RSS.format(body=GERMAN_BODY)[:200])
    data = warc_bytes({"https://x.org/1": html_page(_text(9))}, gz=True)
    write(d / "truncated.warc.gz", data[: len(data) // 2])
    write(d / "hostile.txt", "<script>alert('x')</script> " + _text(11) + ' <img src=x onerror="alert(1)">')
    write(d / "short.txt", "Zu kurz.")
    write(d / "notes.docx", b"PK\x03\x04rest")
    report = ingest([d], store, cfg)
    reasons = {os.path.basename(r.source.split("#")[0]): r.reason for r in report.rejected}
    assert "PNG" in reasons["binary.txt"] and "binary data" in reasons["random.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "file too large: 209.7 MB" in reasons["huge.txt"]
    assert "broken UTF-8" in reasons["broken_utf8.txt"]
    assert "truncated.html" in reasons and "truncated.xml" in reasons and "truncated.warc.gz" in reasons
    assert "too little text" in reasons["short.txt"] and "unsupported" in reasons["notes.docx"]
    assert "latin1.txt" not in reasons and "hostile.txt" not in reasons
    assert any("Windows-1252" in w for s, w in report.warnings if s.endswith("latin1.txt"))
    assert report.new == 2  # latin1 + hostile
    stored = {os.path.basename(r["source"].split("#")[0]) for r in store.rejected()}
    assert stored == set(reasons)
    assert store.counts()["articles"] == 3  # nothing stored before was lost


def test_ten_thousand_files(tmp_path, cfg, store):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(10_000):
        (d / f"{i:05d}.txt").write_text(_text(i % 2500), encoding="utf-8")
    t0 = time.perf_counter()
    # Directory handling at volume is under test here, not annotation speed (that is in bench/).
    report = ingest([d], store, cfg, pipeline=build_pipeline(cfg, annotate=False), cluster=False)
    elapsed = time.perf_counter() - t0
    assert report.files == 10_000 and report.rejected == []
    assert report.new + report.folded == 10_000
    assert store.counts()["sources"] == 10_000
    assert elapsed < 300, f"10,000 small files took {elapsed:.0f}s"


def test_sigkill_then_rerun_stores_everything_exactly_once(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    n = 600
    for i in range(n):
        (d / f"{i:05d}.txt").write_text(_text(i) + " " + GERMAN_BODY.replace("Montag", f"Tag {i}"), encoding="utf-8")
    db = tmp_path / "kill.db"
    env = dict(os.environ, LAGEBILD_COMMIT_EVERY="25", LAGEBILD_DEDUP_THRESHOLD="0.99")
    cmd = [sys.executable, "-m", "lagebild.interfaces.cli", "ingest", str(d), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            con = sqlite3.connect(db, timeout=1)
            stored = con.execute("SELECT count(*) FROM sources").fetchone()[0]
            con.close()
        except sqlite3.Error:
            continue
        if stored >= 50:
            break
    assert proc.poll() is None, "ingest finished before it could be killed: make the input larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == n
    assert con.execute("SELECT count(DISTINCT source) FROM sources").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Musterstadt'").fetchone()[0] == n
