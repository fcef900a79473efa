"""Harness for the browser tests (tests/test_ui_*.py): a demo store, the real server, Chromium.

* ``ui_db`` (session): a store built by the real CLI (``lagebild ingest``) from the bundled demo
  corpus (examples/corpus) and, when present, the seed articles (../shared/seeds); built once per
  test session and shared by every UI test file (registered in conftest.py).
* ``ui_server`` (session): ``lagebild serve`` on 127.0.0.1 and a free port over a copy of that
  store, with a write token (``UI_TOKEN``) so corrections can be tested; yields the base URL.
* ``browser`` (session): Debian's headless Chromium through Playwright (skips without either).
* ``open_page(browser, url, viewport)``: a fresh context and page with a :class:`Console` that
  records console errors and warnings, uncaught exceptions, failed same-origin requests and every
  Content-Security-Policy violation (the DOM event, not only the console line), for
  ``console.assert_clean()``. ``DESKTOP`` (1280 px) and ``MOBILE`` (390 px) are the viewports;
  :func:`page_overflow` lists what sticks out past the viewport (page-level horizontal scrolling).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO_CORPUS = ROOT / "examples" / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
UI_TOKEN = "ui-test-token-0123456789"
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
MOBILE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                          "device_scale_factor": 2}
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
#: Seconds the server may take to answer its first request (imports, store migration).
SERVER_START_SECONDS = 90
#: Records every CSP violation as the browser reports it to the page (before any page script runs).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                              (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


#: What must never reach a reader (issue 18): TIMEX3 values, raw ISO dates, entity ids, English plurals,
#: claim ids, the view's placeholder for a missing outlet, file names as outlets.
LEAKS = re.compile(r"\b\d{4}-(?:SU|SP|FA|WI|W\d{1,2}|Q\d|H\d)\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:PER|ORG|LOC|MISC):\S|"
                   r"\b1 stories\b|\bc\d+ vs c\d+\b|\(unknown outlet\)|\.txt\b")


def lagebild_cli() -> list[str]:
    exe = Path(sys.executable).with_name("lagebild")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lagebild.interfaces.cli"]


def quiet_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAGEBILD_")}
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", **extra)
    return env


def corpus_inputs() -> list[Path]:
    return [DEMO_CORPUS] + ([SEEDS] if SEEDS.is_dir() else [])


def ingest(db: Path, inputs: list[Path], *extra: str) -> subprocess.CompletedProcess[str]:
    """``lagebild ingest`` as a user runs it (a subprocess: the same code path as the CLI)."""
    return subprocess.run([*lagebild_cli(), "ingest", *map(str, inputs), "--db", str(db), *extra],
                          capture_output=True, text=True, env=quiet_env(), cwd=db.parent, timeout=900)


def build_key() -> str:
    """Changes whenever the code, the models or the corpus change (size and mtime of every file)."""
    import hashlib

    h = hashlib.sha256()
    for root in [ROOT / "src" / "lagebild", *corpus_inputs()]:
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                st = f.stat()
                h.update(f"{f.relative_to(ROOT.parent)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


@pytest.fixture(scope="session")
def ui_db(request: pytest.FixtureRequest) -> Path:
    """Built once per code version: the ingest takes ~40 s, so the store is kept in pytest's cache
    directory under a key of the code, models and corpus (any change there builds it again)."""
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    root = cache.mkdir("lagebild-ui") if cache is not None else Path(tempfile.mkdtemp())
    key = build_key()
    db = root / f"demo-{key}.db"
    if not db.exists():
        for old in root.glob("demo-*"):
            old.unlink()
        tmp = root / f"building-{os.getpid()}.db"
        done = ingest(tmp, corpus_inputs())
        assert done.returncode == 0, done.stderr[-2000:]
        consolidate(tmp, db)
    return db


def consolidate(src: Path, dst: Path) -> None:
    """Copy a SQLite store into one file (WAL checkpointed), atomically."""
    import sqlite3

    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copy(src, dst.with_suffix(".part"))
    os.replace(dst.with_suffix(".part"), dst)
    for f in src.parent.glob(src.name + "*"):
        f.unlink()


@dataclass
class Server:
    base: str
    db: Path
    token: str
    process: subprocess.Popen[bytes] = field(repr=False)


def start_server(db: Path, token: str = UI_TOKEN, lang: str | None = None) -> Server:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = quiet_env(LAGEBILD_API_TOKEN=token, **({"LAGEBILD_UI_LANGUAGE": lang} if lang else {}))
    log = open(db.with_suffix(".serve.log"), "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([*lagebild_cli(), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=db.parent, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(base + "/api/status", timeout=5) as resp:  # noqa: S310 - loopback
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            raise AssertionError(f"server did not start: {db.with_suffix('.serve.log').read_text()[-2000:]}")
        time.sleep(0.3)
    return Server(base, db, token, proc)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: only the server and its children
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def ui_server(ui_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server over a copy of the demo store (tests that write get their own copy)."""
    db = tmp_path_factory.mktemp("ui-serve") / "demo.db"
    shutil.copy(ui_db, db)
    server = start_server(db)
    try:
        yield server
    finally:
        stop_server(server.process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (/usr/bin/chromium); `make test` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Console:
    """What went wrong on a page: console errors/warnings, exceptions, failed requests, CSP."""

    origin: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", lambda resp: self.errors.append(f"HTTP {resp.status}: {resp.url}")
                if resp.url.startswith(self.origin) and resp.status >= 400 and resp.request.resource_type != "document"
                else None)

    def _request_failed(self, req: Any) -> None:
        # ERR_ABORTED is the browser cancelling a request because the page navigated on (a favicon
        # still loading when the test clicks a link): not a fault of the page.
        if req.url.startswith(self.origin) and "ERR_ABORTED" not in str(req.failure):
            self.errors.append(f"request failed: {req.url} {req.failure}")

    def _console(self, msg: Any) -> None:
        where = msg.location or {}
        text = f"{msg.text} ({where.get('url', '')}:{where.get('lineNumber', '')})"
        if msg.type == "error":
            self.errors.append(text)
        elif msg.type == "warning":
            self.warnings.append(text)

    def problems(self, page: Any | None = None) -> list[str]:
        csp = page.evaluate("window.__cspViolations || []") if page is not None else []
        return self.errors + [f"CSP violation: {v}" for v in csp]

    def assert_clean(self, page: Any | None = None) -> None:
        found = self.problems(page)
        assert not found, "browser reported problems:\n" + "\n".join(found[:20])


def open_page(browser: Any, base: str, viewport: dict[str, Any] = DESKTOP, **context: Any) -> tuple[Any, Console]:
    """A new context + page with the console collector and the CSP recorder attached."""
    ctx = browser.new_context(**viewport, **context)
    ctx.add_init_script(CSP_RECORDER)
    page = ctx.new_page()
    console = Console(base)
    console.attach(page)
    return page, console


def page_overflow(page: Any) -> list[str]:
    """Elements that make the page scroll sideways (empty when nothing sticks out). Content inside
    a scrolling box (tables in their own scroll container) does not count: it does not widen the page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    if width <= inner:
        return []
    return page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 10).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                                 + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')""") + [f"page {width}px"]


def settle(page: Any, ms: int = 400) -> None:
    """Let scripts that run after load (timeline, graph) finish drawing."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(ms)


#: Keyboard and screen-reader basics checked on every page (see :func:`a11y_problems`).
A11Y_SCRIPT = """() => {
  const out = [];
  const name = e => (e.getAttribute('aria-label') || e.textContent || e.getAttribute('title') || '').replace(/\\s+/g, ' ').trim();
  if (!/^(de|en)$/.test(document.documentElement.lang)) out.push('html lang is ' + document.documentElement.lang);
  const mains = document.querySelectorAll('main, [role=main]');
  if (mains.length !== 1) out.push(mains.length + ' main landmarks');
  if (!document.querySelector('header, [role=banner]')) out.push('no banner landmark');
  if (!document.querySelector('nav, [role=navigation]')) out.push('no navigation landmark');
  if (!document.querySelector('footer, [role=contentinfo]')) out.push('no contentinfo landmark');
  if (document.querySelectorAll('h1').length !== 1) out.push(document.querySelectorAll('h1').length + ' h1 headings');
  const first = document.querySelector('a[href], button, input, select, textarea, summary, [tabindex]');
  const skip = first && first.matches('a[href^="#"]') ? document.getElementById(first.getAttribute('href').slice(1)) : null;
  if (!skip || !skip.matches('main, [role=main]')) out.push('the first focusable element is no skip link to main');
  const seen = {};
  document.querySelectorAll('a[href]').forEach(a => {
    const n = name(a), u = new URL(a.href, location.href), to = u.origin + u.pathname;
    if (!n) { out.push('link without text: ' + a.getAttribute('href')); return; }
    (seen[n] = seen[n] || new Set()).add(to);
  });
  Object.keys(seen).forEach(n => { if (seen[n].size > 1) out.push('one link text, ' + seen[n].size + ' targets: "' + n + '"'); });
  document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(c => {
    const labelled = c.getAttribute('aria-label') || c.getAttribute('aria-labelledby') || (c.id && document.querySelector('label[for="' + c.id + '"]')) || c.closest('label');
    if (!labelled) out.push('form control without label: ' + (c.name || c.type));
  });
  document.querySelectorAll('img:not([alt])').forEach(i => out.push('image without alt: ' + i.src));
  return out;
}"""


def a11y_problems(page: Any) -> list[str]:
    """Landmarks, one h1, a skip link first, labelled controls, alt texts, and no link text that
    leads to two different pages (screen readers list links by text)."""
    return list(page.evaluate(A11Y_SCRIPT))
