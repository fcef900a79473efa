"""No input takes down a run (issue 19): the hostile corpus end to end, and annotation cost linear
in the text. Inputs are generated here (tests/hostile_corpus.py), never committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_corpus import BODY, CASES, Case
from lagebild.app.ingest import ingest
from lagebild.app.pipeline import build_pipeline
from lagebild.model import Article, Source

ROOT = Path(__file__).resolve().parents[1]
#: Every case is a few small items; minutes would mean a limit does not hold.
CASE_SECONDS = 60


def _texts(store) -> list[str]:
    out = []
    for art in store.iter_articles():
        out += [art.text, art.title or "", art.outlet or "", art.url or "", art.source.source]
        out += [str(v) for v in art.meta.values()]
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path, cfg, store):
    if case.name == "long-article":
        cfg.max_text_chars = 20_000  # the bench runs the default (1,000,000); here: the cut itself
    inputs = case.build(tmp_path)
    t0 = time.perf_counter()
    report = ingest(inputs, store, cfg, cluster=False)
    elapsed = time.perf_counter() - t0
    assert (report.new + report.folded, len(report.rejected)) == (case.stored, case.rejected), \
        [(r.source, r.reason) for r in report.rejected]
    assert elapsed < CASE_SECONDS
    for value in _texts(store):  # nothing a store or an encoder refuses got through
        value.encode("utf-8")
        assert "\x00" not in value
    for rej in report.rejected:
        (rej.source + rej.reason).encode("utf-8")


def test_nul_and_surrogates_store_on_both_backends(tmp_path, cfg, any_store):
    for case in CASES:
        if case.name in ("nul-fields", "surrogate-title", "bad-file-name"):
            report = ingest(case.build(tmp_path / case.name), any_store, cfg, cluster=False)
            assert report.new + report.folded == case.stored and not report.rejected
    titles = {s.title for a in any_store.iter_articles() for s in a.sources}
    assert "Titel" in titles and "kaputt \ufffd Titel" in titles and "Ti tel" not in titles
    warnings = [w for a in any_store.iter_articles() for s in a.sources for w in s.warnings]
    assert any("lone surrogate" in w for w in warnings) and any("control character" in w for w in warnings)


def test_articles_built_elsewhere_are_sanitised_by_the_first_stage(cfg):
    """Feeds fetched by lagebild.watch and API uploads build Articles without read_items."""
    pipe = build_pipeline(cfg, annotate=False)
    page = f"<html><head><title>T\ud800</title><script type='application/ld+json'>{{\"@type\": \"NewsArticle\", " \
           f"\"headline\": \"Kopf\\u0000zeile \\ud800\", \"author\": \"A\\u0000B\"}}</script></head><body><article>" \
           f"<p>{BODY} \ud83d</p><p>{BODY}</p></article></body></html>"
    art = pipe(Article(source=Source("https://x.org/\ud800", "html", "h"), raw=page, raw_kind="html",
                       title="Ti\x00tel", url="https://x.org/\x00"))
    for value in (art.text, art.title, art.url, art.source.source, *art.meta.get("authors", [])):
        value.encode("utf-8")
        assert "\x00" not in value
    assert art.source.source == "https://x.org/\\ud800"  # escaped: the id stays distinct and storable


def test_long_text_is_cut_with_a_warning(tmp_path, cfg, store):
    cfg.max_text_chars = 20_000
    case = next(c for c in CASES if c.name == "long-article")
    report = ingest(case.build(tmp_path), store, cfg, cluster=False)
    [art] = list(store.iter_articles())
    assert len(art.text) <= 20_000
    assert any("setting max_text_chars" in w for _, w in report.warnings)


def _annotate_seconds(text: str, pipe) -> float:
    t0 = time.perf_counter()
    pipe(Article(source=Source("t", "text", "h"), raw=text))
    return time.perf_counter() - t0


#: Texts that cost the square of their length before the guards (spaCy affix splitting on runs of
#: punctuation, the sentence splitter copying the text tail): 8 times the text may cost at most
#: this many times the time (linear: 8; quadratic: 64). Generous: the machine is shared.
MAX_GROWTH = 20


@pytest.mark.parametrize("unit", ["<", "(", '"', "<" * 32 + " ", "Wort\n", "US$", "Er sagte: "])
def test_annotation_cost_is_linear(unit, cfg):
    pipe = build_pipeline(cfg)
    head = "Kurzer Titel einer Meldung\n\n" + BODY + " "
    _annotate_seconds(head + unit * 10, pipe)  # models loaded
    small = min(_annotate_seconds(head + unit * (2_000 // len(unit)), pipe) for _ in range(2))
    large = _annotate_seconds(head + unit * (16_000 // len(unit)), pipe)
    assert large < max(small, 0.05) * MAX_GROWTH, (small, large)


def test_sentences_are_bounded_and_split_at_clause_breaks():
    from lagebild.annotate.sentences import MAX_SENTENCE_CHARS, split_sentences

    text = "Kurz. " + "Er sagte: " * 3000 + "Ende."
    spans = split_sentences(text)
    assert (spans[0].start, spans[0].end) == (0, 5) and not spans[0].attrs
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS and s.attrs == {"split": "length"} for s in spans[1:])
    assert all(text[s.start:s.end].endswith(":") for s in spans[1:-1])  # cut after a clause break
    assert "".join(text[s.start:s.end] for s in spans).replace(" ", "") == text.replace(" ", "")
    t0 = time.perf_counter()
    split_sentences("Ab. " * 50_000 + "a\n" * 50_000 + "!" * 50_000 + " x")
    assert time.perf_counter() - t0 < 5  # was quadratic: copies of the text tail per candidate


@pytest.mark.xfail(strict=True, reason="spaCy's tokenizer is quadratic on affix runs; annotate/ner.py "
                   "(not issue 19's module) tokenises unguarded text: lagebild.ingest.clean guards it")
def test_entity_recognition_alone_is_linear_on_punctuation_runs():
    from lagebild.annotate.ner import recognize

    recognize("Text. " + "(" * 10, "de")
    t0 = time.perf_counter()
    recognize("Text. " + "(" * 1000, "de")
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    recognize("Text. " + "(" * 4000, "de")
    large = time.perf_counter() - t0
    assert large < max(small, 0.01) * 8  # linear: 4, quadratic: 16


@pytest.mark.xfail(strict=True, reason="annotate/quotes (not issue 19's module) grows ~7x per doubling of one "
                   "sentence's length; lagebild.annotate.sentences bounds sentences to MAX_SENTENCE_CHARS")
def test_attribution_alone_is_linear_in_sentence_length():
    from lagebild.annotate.quotes import extract_quotes
    from lagebild.model import Span

    def seconds(n: int) -> float:
        text = "Er sagte: " * n
        t0 = time.perf_counter()
        extract_quotes(text, [Span(0, len(text) - 1)], "de")
        return time.perf_counter() - t0

    seconds(5)
    small, large = seconds(100), seconds(200)
    assert large < max(small, 0.01) * 3  # linear: 2, as measured: ~7


def test_attribution_is_linear_in_the_number_of_quotes():
    # (was a strict xfail; issue 15 indexed the cue/message lookups in attribute.attributions and
    # bisects speakers._sentence_of)
    from lagebild.annotate.quotes import extract_quotes
    from lagebild.annotate.sentences import split_sentences

    def seconds(n: int) -> float:
        text = "Text. " + "„Das sagt er“, sagte er. " * n
        sentences = split_sentences(text)
        best = float("inf")
        for _ in range(2):  # CPU time, best of two: other processes on a loaded machine do not count
            t0 = time.process_time()
            extract_quotes(text, sentences, "de")
            best = min(best, time.process_time() - t0)
        return best

    seconds(5)
    small, large = seconds(200), seconds(800)
    assert large < max(small, 0.01) * 8  # linear: 4, quadratic: 16


def test_entity_consistency_is_linear_on_runs_of_names():
    # (was a strict xfail: make_consistent tried every name length up to the longest entity at every
    # capitalised word, words x L^2 for a run of names tagged as one entity of L tokens: 32,000
    # characters took 332 s; now names longer than ner.MAX_NAME_TOKENS are not propagated)
    from lagebild.annotate.ner import recognize

    recognize("Angela Merkel kam.", "de")

    def seconds(n: int) -> float:
        t0 = time.perf_counter()
        recognize("Text. " + "Angela Merkel " * n, "de")
        return time.perf_counter() - t0

    small, large = seconds(140), seconds(560)
    assert large < max(small, 0.05) * 8  # linear: 4, before: cubic (4.9 s for 560)


def test_cli_survives_the_whole_corpus_in_one_run(tmp_path):
    """One `lagebild ingest` over every case at once: exit status 0, every good item stored."""
    inputs: list[str] = []
    for case in CASES:
        if case.name in ("long-article",):
            continue  # its size is for the bench
        inputs += case.build(tmp_path / case.name)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "LAGEBILD_MAX_TEXT_CHARS": "20000"}
    cmd = [sys.executable, "-m", "lagebild.interfaces.cli", "ingest", *inputs, "--db", str(tmp_path / "h.db"), "--json"]
    done = subprocess.run(cmd, capture_output=True, env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    want = [c for c in CASES if c.name != "long-article"]
    assert report["new"] + report["folded"] == sum(c.stored for c in want)
    assert len(report["rejected"]) == sum(c.rejected for c in want)


# --- phase 2: every item isolated at the orchestration level ---------------------------------------

def distinct(i: int) -> str:
    """An article text no other ``distinct(j)`` folds with (its sentences shuffled by ``i``)."""
    import random

    sentences = [f"{s.strip()}." for s in (BODY + " " + BODY.replace("Hamburg", "Bremen")).split(".") if s.strip()]
    random.Random(i).shuffle(sentences)
    return f"Meldung {i}\n\n" + " ".join(f"{s} (Absatz {i}-{k})" for k, s in enumerate(sentences))


def _lines(tmp_path, texts, name="items.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    return path


def _with_stage(cfg, func, name="hostile-test"):
    """The real pipeline with one extra stage of this test's own (no annotation, for speed)."""
    from lagebild.pipeline import Pipeline, stage

    base = build_pipeline(cfg, annotate=False)
    extra = stage(name, requires=["text"], assigns=[])(func)
    return Pipeline([*base.stages[:-1], extra, base.stages[-1]])


def test_an_item_the_store_refuses_is_rejected_and_the_batch_kept(tmp_path, cfg, store):
    def poison(article):
        if "VERGIFTET" in article.text:
            article.meta["bad"] = object()  # not JSON: the store's write fails for this item only
        return article

    texts = [distinct(i) for i in range(5)]
    texts[2] += " VERGIFTET"
    report = ingest([_lines(tmp_path, texts)], store, cfg, pipeline=_with_stage(cfg, poison), cluster=False)
    assert report.new == 4 and [r.error for r in report.rejected] == ["ProcessingError"]
    assert report.rejected[0].source.endswith("#r2") and "cannot be stored" in report.rejected[0].reason
    assert [r["source"] for r in store.rejected()] == [report.rejected[0].source]


def test_an_item_over_its_time_budget_is_rejected_and_the_run_goes_on(tmp_path, cfg, store):
    def stall(article):
        if "LANGSAM" in article.text:
            time.sleep(30)
        return article

    cfg.max_item_seconds = 1
    texts = [distinct(i) for i in range(3)]
    texts[1] += " LANGSAM"
    t0 = time.perf_counter()
    report = ingest([_lines(tmp_path, texts)], store, cfg, pipeline=_with_stage(cfg, stall), cluster=False)
    assert time.perf_counter() - t0 < 10
    assert report.new == 2 and [r.error for r in report.rejected] == ["TimeBudgetError"]
    assert "max_item_seconds" in report.rejected[0].reason


def test_a_crashing_stage_rejects_only_its_item(tmp_path, cfg, store):
    def crash(article):
        if "ABSTURZ" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return article

    texts = [distinct(i) for i in range(3)]
    texts[0] += " ABSTURZ"
    report = ingest([_lines(tmp_path, texts)], store, cfg, pipeline=_with_stage(cfg, crash), cluster=False)
    assert report.new == 2 and "RecursionError" in report.rejected[0].reason


def test_exact_duplicates_are_annotated_once(tmp_path, cfg, store):
    texts = [distinct(1)] * 40 + [distinct(2)]
    t0 = time.perf_counter()
    report = ingest([_lines(tmp_path, texts)], store, cfg, cluster=False)
    elapsed = time.perf_counter() - t0
    assert report.new == 2 and report.folded == 39 and not report.rejected
    assert report.times.calls["entities"] == 2 and report.times.calls["clean"] == 41
    again = ingest([_lines(tmp_path, [distinct(1)] * 3, "again.jsonl")], store, cfg, cluster=False)
    assert again.folded == 3 and "entities" not in again.times.calls  # stored earlier: no annotation
    assert elapsed < CASE_SECONDS


# --- phase 2: API input validation and secrets ----------------------------------------------------

def test_api_answers_4xx_not_500_for_huge_offsets_and_nul(tmp_path, cfg):
    from fastapi.testclient import TestClient

    from lagebild.interfaces.web.app import create_app

    client = TestClient(create_app(str(tmp_path / "api.db"), cfg))
    for url in ("/api/articles?offset=9223372036854775808", "/api/search?q=x&offset=9223372036854775800",
                "/api/stories?offset=9223372036854775808", "/articles?offset=9223372036854775808",
                "/entities?offset=9223372036854775808", "/search?q=x&offset=9223372036854775800",
                "/api/entities?offset=1000000001"):
        assert client.get(url).status_code == 422, url
    for url in ("/api/articles?entity=a%00b", "/?entity=a%00b", "/articles?entity=a%00b", "/api/entities?entity=a%00b",
                "/api/stories?entity=a%00b", "/api/articles/a%00b"):
        resp = client.get(url)
        assert resp.status_code == 400 and "NUL" in resp.json()["error"], url


def test_settings_never_print_the_api_token(cfg, monkeypatch):
    from lagebild.settings import describe, load_settings

    monkeypatch.setenv("LAGEBILD_API_TOKEN", "s3cret-token")
    rows = {r["name"]: r for r in describe(load_settings())}
    assert rows["api_token"]["value"] == "(set, hidden)" and "s3cret" not in json.dumps(rows, default=str)


def test_csv_cells_never_start_a_formula_even_after_white_space():
    from lagebild.interfaces.report import _cell

    for hostile in ("=1+1", "\n=HYPERLINK(\"x\")", "  @SUM(A1)", "\t=x", "\r+1", " -2+3"):
        assert _cell(hostile).startswith("'"), hostile
    assert _cell("a=b") == "a=b" and _cell("x\x00y") == "xy" and _cell(None) == ""


def test_markdown_links_cannot_carry_html():
    from lagebild.interfaces.markdown import md, md_link

    hostile = "https://x.org/<img/src=x/onerror=alert(3)>"
    link = md_link(hostile)
    assert link.startswith("<https://x.org/") and link.count("<") == 1 and link.count(">") == 1
    assert md_link("javascript:alert(1)") == "" and md_link(None) == ""
    assert "<" not in md("<script>alert(1)</script> [x](javascript:y)").replace("&lt;", "")


def test_host_header_is_checked_against_the_configured_names(tmp_path):
    """DNS rebinding: a page of evil.example that resolves its name to 127.0.0.1 sends Host: evil.example."""
    from fastapi.testclient import TestClient

    from lagebild.interfaces.web.app import create_app
    from lagebild.settings import Settings

    db = str(tmp_path / "hosts.db")

    def status(host: str, **settings: str) -> int:
        app = create_app(db, Settings(db=db, **settings), bind=["10.1.2.3"])
        return TestClient(app, base_url=f"http://{host}").get("/api/status").status_code

    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:80", "[::1]:8000", "10.1.2.3:8000"):
        assert status(host) == 200, host
    for host in ("evil.example", "evil.example:8000", "testserver", "127.0.0.1.evil.example", "[::2]:8000"):
        assert status(host) == 400, host
    assert status("news.example.org", allowed_hosts="news.example.org, other.example") == 200
    assert status("evil.example", allowed_hosts="news.example.org") == 400
    assert status("evil.example", allowed_hosts="*") == 200
    resp = TestClient(create_app(db, Settings(db=db)), base_url="http://evil.example").get("/")
    assert resp.status_code == 400 and "allowed_hosts" in resp.json()["error"]
    assert resp.headers["content-security-policy"]


# --- phase 2: output escaping (HTML bidi isolation and controls, Markdown raw HTML) ----------------

RLO, FSI, PDI = "\u202e", "\u2068", "\u2069"
HOSTILE_TITLE = f"<img src=x onerror=alert(1)> Hafen {RLO}gnuldleM{PDI}\u202c <script>alert(2)</script>"


def test_bidi_isolation_closes_what_the_text_opens():
    from lagebild.interfaces.web.bidi import isolate, safe_output

    def balanced(s: str) -> bool:  # as the Unicode bidi algorithm matches them (X6a: PDI closes its
        stack: list[bool] = []      # isolate and everything opened inside it): all closed, no stray closer
        for ch in s:
            if ch in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
                stack.append(ch in "\u2066\u2067\u2068")
            elif ch == "\u202c":
                if not stack or stack[-1]:
                    return False
                stack.pop()
            elif ch == PDI:
                if True not in stack:
                    return False
                while not stack.pop():
                    pass
        return not stack

    for text in (f"a{RLO}b", f"{PDI}{RLO}x", f"\u2067a{RLO}b{PDI}c", "\u202c\u202c", f"{RLO}" * 5000 + PDI * 9000):
        out = isolate(text)
        assert out.startswith(FSI) and out.endswith(PDI) and balanced(out), repr(out[:40])
    assert safe_output("Titel\x00\x07 ok") == "Titel ok" and safe_output("plain") == "plain"
    assert safe_output("\u05e9\u05dc\u05d5\u05dd 2024") == f"{FSI}\u05e9\u05dc\u05d5\u05dd 2024{PDI}"  # RTL letters


@pytest.fixture
def hostile_store(tmp_path, cfg):
    from lagebild import api

    cfg.api_token = ""
    db = tmp_path / "out.db"
    records = [{"id": f"h{i}", "title": HOSTILE_TITLE, "outlet": f"Bote {RLO}{i}",
                "url": "https://x.org/<img/src=x/onerror=alert(3)>", "published": "2025-06-02",
                "text": f"{distinct(i)} Der Titel lautet {HOSTILE_TITLE}."} for i in range(2)]
    path = tmp_path / "h.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with api.open_store(db) as store:
        report = api.ingest_paths([path], store, cfg)
    assert report.new == 2 and report.stories
    return db, report.stories[0]


def _isolated_everywhere(html: str) -> None:
    assert "\x00" not in html
    for i, ch in enumerate(html):
        if ch == RLO:  # inside an FSI … PDI pair that no tag interrupts
            start, end = html.rfind(FSI, 0, i), html.find(PDI, i)
            assert start >= 0 and end > i and "<" not in html[start:end], repr(html[max(0, i - 60):i + 60])


def test_html_pages_and_report_isolate_bidi_overrides(hostile_store, cfg, tmp_path):
    from fastapi.testclient import TestClient

    from lagebild.interfaces.report import write_report
    from lagebild.interfaces.web.app import create_app
    from lagebild.store.base import open_store

    db, sid = hostile_store
    client = TestClient(create_app(str(db), cfg.model_copy(update={"db": str(db)})))
    aid = client.get("/api/articles").json()["items"][0]["id"]
    for url in ("/", f"/stories/{sid}", f"/articles/{aid}", "/articles", "/search?q=Hafen", "/entities"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert RLO in resp.text or url == "/entities", url  # the text is shown, ...
        _isolated_everywhere(resp.text)  # ... isolated
        assert "<img src=x" not in resp.text and "<script>alert" not in resp.text
    with open_store(db) as store:
        [out] = write_report(store, sid, "html", tmp_path / "r.html")
    _isolated_everywhere(out.read_text(encoding="utf-8"))


def test_markdown_outputs_hold_no_live_html(hostile_store, tmp_path):
    from markdown_it import MarkdownIt
    from typer.testing import CliRunner

    from lagebild.interfaces.cli import app

    db, sid = hostile_store
    story = CliRunner().invoke(app, ["story", sid, "--md", "--db", str(db)])
    assert story.exit_code == 0, story.output
    report = CliRunner().invoke(app, ["report", "--format", "md", "--out", str(tmp_path / "r.md"), "--db", str(db)])
    assert report.exit_code == 0, report.output
    for text in (story.stdout, (tmp_path / "r.md").read_text(encoding="utf-8")):
        assert "Hafen" in text
        html = MarkdownIt("commonmark").render(text)
        assert "<img" not in html and "<script" not in html  # no tag: the title is text
        assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text
