"""Does a hostile upload block the server? ``/api/status`` latency while uploads are processed
(issue 19): today's server (uploads in a worker process) beside the server of commit BEFORE
(uploads ingested in the server's own thread pool), each with a baseline row without upload.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python bench/server_block.py [--before COMMIT] [--seconds 8]

Each server is a real ``lagebild serve`` process on loopback (BEFORE's code from ``git archive``).
A client polls ``/api/status`` every 20 ms while another thread posts the upload (again and again,
each copy a little different so it is never "unchanged", until the window has lasted ``--seconds``);
the worker, or BEFORE's models, are warmed by one small upload first. Uploads: the freezing upload
of issue 19 (``<html>`` + 100,000 ``<`` as text/plain), 32,000 characters of "Angela Merkel ", and
an article at the ``max_text_chars`` limit (200,000 characters). Target: p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, table  # noqa: E402

#: The commit before uploads moved to worker processes (it has the NER fix, so only the isolation differs).
BEFORE = "edb6689"
TOKEN = "bench-token-0123456789"
POLL_EVERY = 0.02
START_SECONDS = 120


def _uploads() -> list[tuple[str, str, bytes]]:
    para = ("Der Bundestag hat am Montag in Berlin über den Haushalt beraten, sagte die Sprecherin der "
            "Fraktion. Die Opposition kritisierte die Pläne scharf und kündigte Änderungsanträge an. ")
    return [("freezing: <html> + 100,000 '<'", "x.txt", b"<html>" + b"<" * 100_000),
            ("32,000 chars 'Angela Merkel '", "m.txt", ("Titel\n\nText. " + "Angela Merkel " * 2300).encode()),
            ("article of 200,000 chars", "a.txt", ("Lange Meldung\n\n" + para * 1100)[:200_000].encode())]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path, pythonpath: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "LAGEBILD_API_TOKEN": TOKEN}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    log = open(db.with_suffix(".log"), "wb")  # noqa: SIM115  closed with the process
    proc = subprocess.Popen([sys.executable, "-m", "lagebild.interfaces.cli", "serve", "--db", str(db),
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=db.parent,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/status", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: see {db.with_suffix('.log')}")


def _post(url: str, name: str, data: bytes) -> int:
    resp = httpx.post(f"{url}/api/ingest?name={name}", content=data, timeout=1800,
                      headers={"authorization": f"Bearer {TOKEN}", "content-type": "text/plain"})
    return resp.status_code


def _window(url: str, seconds: float, upload: tuple[str, bytes] | None) -> dict[str, object]:
    """Poll /api/status for ``seconds`` (and until the running upload ends); returns latencies."""
    stop = threading.Event()
    uploads: list[tuple[int, float]] = []

    def upload_loop() -> None:
        assert upload is not None
        name, data = upload
        i = 0
        while not stop.is_set():
            t0 = time.perf_counter()
            status = _post(url, name, data + f"\n\nKopie {i} {time.time_ns()}".encode())
            uploads.append((status, time.perf_counter() - t0))
            i += 1

    thread = threading.Thread(target=upload_loop, daemon=True) if upload else None
    if thread:
        thread.start()
    times: list[float] = []
    t_end = time.perf_counter() + seconds
    with httpx.Client(timeout=1800) as client:
        while time.perf_counter() < t_end or (thread and thread.is_alive() and not uploads):
            t0 = time.perf_counter()
            client.get(url + "/api/status")
            times.append(time.perf_counter() - t0)
            time.sleep(POLL_EVERY)
        stop.set()
        if thread:
            thread.join()
    times.sort()
    return {"n": len(times), "p50": statistics.median(times) * 1000,
            "p99": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, "max": times[-1] * 1000,
            "uploads": len(uploads), "upload_s": statistics.mean(s for _, s in uploads) if uploads else 0.0,
            "statuses": sorted({c for c, _ in uploads})}


def _before_tree(commit: str, tmp: Path) -> str:
    data = subprocess.run(["git", "archive", commit, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(tmp / "before", filter="data")
    return str(tmp / "before" / "src")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", default=BEFORE, help="commit whose server ingests uploads in its own process")
    ap.add_argument("--seconds", type=float, default=8.0, help="polling window per row")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="server-block-") as tmp_name:
        tmp = Path(tmp_name)
        servers = [("workers (today)", None), (f"in-process ({args.before})", _before_tree(args.before, tmp))]
        for label, pythonpath in servers:
            db = tmp / f"{len(rows)}.db"
            proc, url = _start(db, pythonpath)
            try:
                _post(url, "warm.txt", "Warm\n\nDie Regierung in Berlin beriet am Montag über den Haushalt.".encode())
                cases: list[tuple[str, tuple[str, bytes] | None]] = [("baseline: no upload", None)]
                cases += [(what, (name, data)) for what, name, data in _uploads()]
                for what, upload in cases:
                    r = _window(url, args.seconds, upload)
                    rows.append([label, what, r["n"], f"{r['p50']:.1f}", f"{r['p99']:.1f}", f"{r['max']:.1f}",
                                 r["uploads"], f"{r['upload_s']:.1f}", ",".join(map(str, r["statuses"])) or "-"])
                    print(f"  {label} / {what}: done", file=sys.stderr, flush=True)
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    print(table(["server", "upload being processed", "polls", "p50 ms", "p99 ms", "max ms", "uploads",
                 "s/upload", "HTTP"], rows))
    print(f"\nload average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
