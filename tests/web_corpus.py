"""Invented articles and a real store for the web tests (ingested by the real pipeline, clustered by
the real story clusterer when it is installed)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lagebild import api
from lagebild.settings import Settings
from lagebild.store.sqlite import SQLiteStore

TOKEN = "test-token-0123456789"

# An invented story: a ferry line strike on an invented island, two outlets, one denial.
RECORDS: list[dict[str, Any]] = [
    {"id": "r1", "url": "https://inselbote.example/faehre-streik", "outlet": "Inselbote",
     "published": "2025-06-02T09:00:00+02:00", "title": "Fährpersonal auf Nordmoor legt Arbeit nieder",
     "text": "Die Besatzungen der Nordmoorer Fährgesellschaft haben am Montag die Arbeit niedergelegt. "
             "Die Gewerkschaft Seeleute Nord fordert sieben Prozent mehr Lohn. „Wir fahren erst wieder, wenn "
             "ein Angebot auf dem Tisch liegt“, sagte Gewerkschaftssprecherin Marta Quandel am Montag in "
             "Hafenstedt. Die Reederei erklärte, der Streik sei unverhältnismäßig. Am 28. Mai waren die "
             "Gespräche gescheitert. Ein neuer Termin soll am Donnerstag stattfinden."},
    {"id": "r2", "url": "https://kuestenblatt.example/nordmoor-faehren", "outlet": "Küstenblatt",
     "published": "2025-06-03T07:30:00+02:00", "title": "Nordmoor ohne Fähren: Streik geht weiter",
     "text": "Auch am Dienstag fuhren keine Fähren zwischen Hafenstedt und der Insel Nordmoor. Die Gewerkschaft "
             "Seeleute Nord verlangt sieben Prozent mehr Lohn, die Reederei bietet drei Prozent. "
             "Reederei-Chef Olaf Brinkhus sagte am Dienstag, man habe bereits ein faires Angebot gemacht. "
             "Gewerkschaftssprecherin Marta Quandel wies das zurück. Mehr als 2000 Pendler sind betroffen."},
    {"id": "r3", "url": "https://inselbote.example/einigung", "outlet": "Inselbote",
     "published": "2025-06-06T18:00:00+02:00", "title": "Einigung im Fährstreik von Nordmoor",
     "text": "Die Nordmoorer Fährgesellschaft und die Gewerkschaft Seeleute Nord haben sich am Freitag "
             "geeinigt. Die Löhne steigen um fünf Prozent, teilte Marta Quandel am Freitag mit. Ab Samstag "
             "fahren die Fähren wieder nach Fahrplan. Reederei-Chef Olaf Brinkhus sprach von einem "
             "schmerzhaften Kompromiss."},
    {"id": "r4", "url": "https://sternwarte.example/komet", "outlet": "Himmelspost", "language": "de",
     "published": "2025-03-10T20:00:00+01:00", "title": "Komet über der Heide sichtbar",
     "text": "Ein heller Komet ist in den kommenden Nächten über der Lüneburger Heide mit bloßem Auge zu sehen. "
             "Die Volkssternwarte Heidekamp lädt am Mittwoch zu einer Beobachtungsnacht ein. Der Komet "
             "kommt der Sonne am 14. März am nächsten, sagte Sternwartenleiter Jens Okonkwo."},
]

# Hostile records: every field that reaches a page tries to run script.
XSS_TEXT = ("Die Stadtwerke melden eine Störung. <script>window.__xss = 1</script> Betroffen sind viele Haushalte "
            "im Norden. <img src=x onerror=\"window.__xss = 2\"> Die Reparatur soll am Freitag beginnen. "
            "<a href=\"javascript:window.__xss=3\">Hier klicken</a> sagte ein Sprecher. "
            "</script><script>window.__xss = 5</script> \"><svg onload=window.__xss=4> {{ 7*7 }} "
            "'-alert(1)-' Weitere Informationen folgen am Montag.")
XSS_RECORDS: list[dict[str, Any]] = [
    {"id": "x1", "url": "javascript:window.__xss=6", "outlet": "<b onmouseover=\"window.__xss=7\">Böse Post</b>",
     "published": "2025-06-04T10:00:00+02:00",
     "title": "<script>window.__xss=8</script>Störung bei den Stadtwerken <img src=x onerror=window.__xss=9>",
     "text": XSS_TEXT},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def settings_for(db: Path, token: str = TOKEN) -> Settings:
    return Settings(db=str(db), api_token=token, allowed_hosts="testserver")  # TestClient's Host


def build_store(db: Path, inputs: list[Path], cfg: Settings | None = None) -> list[str]:
    """Ingest ``inputs`` into ``db`` with the real pipeline (which clusters them); returns the article ids."""
    cfg = cfg or settings_for(db)
    with SQLiteStore(db) as store:
        api.ingest_paths(inputs, store, cfg)
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_server(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread on 127.0.0.1; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
