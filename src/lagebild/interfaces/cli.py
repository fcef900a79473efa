"""Command line: a thin adapter over :mod:`lagebild.api`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import api
from ..errors import LagebildError
from ..locations import redact_location
from ..settings import describe, load_settings
from ..sources import discover
from ..threads import limit_threads
from . import cli_watch

app = typer.Typer(help="lagebild: turn news articles into a situation picture.", no_args_is_help=True,
                  add_completion=False)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Store: SQLite file or postgresql:// URL (default: setting db, ./lagebild.db).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="TOML settings file.")]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")], db: DbOpt = None,
           config: ConfigOpt = None, stats: Annotated[bool, typer.Option(help="Print per-stage timings.")] = False,
           json_out: JsonOpt = False) -> None:
    """Read articles (txt, html, rss/atom, jsonl, warc) into the store."""
    cfg = load_settings(config, db=db)
    files = list(discover(paths))
    with api.open_store(cfg.db, cfg, create=True) as store:
        with _progress(len(files)) as advance:
            report = api.ingest_paths(files, store, cfg, progress=advance)
        totals = store.counts()
    _print_ingest(report, totals, cfg.db, stats, json_out)


@app.command()
def batch(paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")],
          engine: Annotated[str, typer.Option(help="local (process pool) | ray | serial")] = "local",
          address: Annotated[str | None, typer.Option(help="Ray cluster address (default: a local one).")] = None,
          workers: Annotated[int | None, typer.Option(help="Workers / Ray actors (default: usable cores).")] = None,
          db: DbOpt = None, config: ConfigOpt = None,
          stats: Annotated[bool, typer.Option(help="Print per-stage timings (summed over workers).")] = False,
          json_out: JsonOpt = False) -> None:
    """Ingest like `ingest`, with the per-article stages in parallel (the same results)."""
    from ..batch import run_batch

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=True) as store:
        with _progress(None) as advance:
            report = run_batch(paths, store, cfg, engine=engine, workers=workers, address=address,
                               progress=advance)
        totals = store.counts()
    _print_ingest(report, totals, cfg.db, stats, json_out, engine=engine)


@contextmanager
def _progress(total: int | None, what: str = "ingest") -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr (when it is a terminal); yields the per-item callback."""
    with Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=total)
        yield lambda p: bar.update(task, advance=1, description=Path(str(p)).name[:40])


def _print_ingest(report: Any, totals: dict[str, int], location: str, stats: bool, json_out: bool,
                  engine: str | None = None) -> None:
    for rej in report.rejected:
        err.print(f"[red]rejected[/red] {rej.source}: {rej.reason}", highlight=False, soft_wrap=True)
    for source, warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {source}: {warning}", highlight=False, soft_wrap=True)
    if json_out:
        _print_json(report.to_dict() | {"store": totals} | ({"engine": engine} if engine else {}))
    else:
        out.print(f"{report.files} file(s), {report.items} item(s): {report.new} new, {report.folded} folded into "
                  f"existing articles, {report.unchanged} unchanged, {len(report.rejected)} rejected"
                  f"{f' (engine {engine})' if engine else ''}. "
                  f"Store {redact_location(location)}: {totals['articles']} articles, {totals['sources']} sources, "
                  f"{totals['rejected']} rejected.", highlight=False, soft_wrap=True)
        if stats:
            _stage_table(report.times.seconds, report.times.calls)
    if report.stored == 0 and report.items + report.files > 0:
        raise typer.Exit(1)


def _stage_table(seconds: dict[str, float], calls: dict[str, int]) -> None:
    table = Table("stage", "calls", "seconds", "ms/article")
    for name, sec in seconds.items():
        n = calls.get(name, 0) or 1
        table.add_row(name, str(calls.get(name, 0)), f"{sec:.3f}", f"{1000 * sec / n:.2f}")
    out.print(table)


@app.command()
def articles(db: DbOpt = None, config: ConfigOpt = None, limit: int = 100, offset: int = 0,
             json_out: JsonOpt = False) -> None:
    """List stored articles."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = store.article_rows(limit, offset)
    if json_out:
        _print_json(rows)
        return
    table = Table("published", "lang", "outlet", "title", "sources")
    table.add_column("id", no_wrap=True)
    for r in rows:
        table.add_row(r["published"] or "–", r["language"] or "–", r["outlet"] or "–",
                      (r["title"] or "–")[:70], str(r["n_sources"]), r["id"])
    out.print(table)


@app.command()
def search(query: str, db: DbOpt = None, config: ConfigOpt = None, limit: int = 20,
           json_out: JsonOpt = False) -> None:
    """Full-text search: words (word forms and compounds found), "phrases", OR, NOT, -word, word*."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = store.search(query, limit)
    if json_out:
        _print_json(rows)
        return
    from rich.text import Text

    from ..store.query import snippet_parts

    table = Table("id", "published", "title", "snippet")
    for r in rows:
        snippet = Text()
        for part, hit in snippet_parts(r["snippet"]):
            snippet.append(part, style="bold reverse" if hit else "")
        table.add_row(r["id"], r["published"] or "–", (r["title"] or "–")[:40], snippet)
    out.print(table)


@app.command()
def rejected(db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """Items that could not be ingested, with the reason."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = store.rejected()
    if json_out:
        _print_json(rows)
        return
    table = Table("source", "error", "reason")
    for r in rows:
        table.add_row(r["source"], r["error"], r["reason"])
    out.print(table)


@app.command()
def annotate(file: str, dct: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
             config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """Show one article's annotations (no store involved)."""
    cfg = load_settings(config)
    view = api.article_view(api.annotate_file(file, dct=dct, cfg=cfg))
    if json_out:
        _print_json(view)
        return
    pub = view["published"]
    out.print(f"[bold]{view['title'] or '(no title)'}[/bold]")
    out.print(f"source {view['source']} · outlet {view['outlet'] or '–'} · published "
              f"{pub['value'] + ' (' + pub['granularity'] + ', ' + pub['origin'] + ')' if pub else '–'} · "
              f"language {view['language']}", highlight=False)
    for d in view["debris"]:
        out.print(f"  removed ({d['reason']}): {d['text'][:90]!r}", highlight=False)
    for name, spans in view["layers"].items():
        out.print(f"[bold]{name}[/bold] ({len(spans)})")
        for s in spans[:200]:
            extra = {k: v for k, v in s.items() if k not in ("start", "end", "text")}
            out.print(f"  {s['start']:>5}-{s['end']:<5} {s['text'][:100]!r} {extra if extra else ''}",
                      highlight=False)


@app.command()
def entities(db: DbOpt = None, config: ConfigOpt = None, limit: int = 50, json_out: JsonOpt = False) -> None:
    """Canonical entities across the store, with their aliases and mention counts."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = api.store_entities(store, limit=None if json_out else limit)
    if json_out:
        _print_json(rows)
        return
    table = Table("name", "type", "mentions", "aliases")
    for r in rows[:limit]:
        table.add_row(r["name"], r["label"], str(r["count"]), ", ".join(r["aliases"])[:90])
    out.print(table)


@app.command()
def relink(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Rebuild the canonical entity index from every stored article (after the linking rules changed)."""
    from ..app.index import relink as run

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        n = run(store)
    out.print(f"linked {n} articles", highlight=False)


@app.command()
def stories(db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """The stories in the store, newest activity first, with their events."""
    from ..app.views import list_stories

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        found = list_stories(store)
        rows: list[dict[str, Any]] = [{"id": st.id, "title": st.title, "events": [
            {"id": e.id, "title": e.title, "first_seen": e.first_seen, "last_seen": e.last_seen,
             "articles": [{"id": a, "source": (store.sources_of(a) or [{"source": ""}])[0]["source"]}
                          for a in e.article_ids]} for e in st.events]} for st in found]
    if json_out:
        _print_json(rows)
        return
    table = Table("story", "title", "events", "articles", "first", "last")
    for r in rows:
        evs = r["events"]
        firsts = [e["first_seen"] for e in evs if e["first_seen"]]
        lasts = [e["last_seen"] for e in evs if e["last_seen"]]
        table.add_row(r["id"], (r["title"] or "–")[:70], str(len(evs)), str(sum(len(e["articles"]) for e in evs)),
                      min(firsts) if firsts else "–", max(lasts) if lasts else "–")
    out.print(table)


@app.command()
def story(story_id: str, db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False,
          md: Annotated[bool, typer.Option("--md", help="Print Markdown.")] = False,
          since: Annotated[str | None, typer.Option(help="Only what is new since this date/time (ISO).")] = None,
          ) -> None:
    """One story: briefing, timeline, conflicts, claims with their outlets, entities, articles."""
    from ..app.views import story_view

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        result = story_view(store, story_id, since=since)
    if json_out:
        _print_json(json.loads(result.data))
    elif md:
        from .markdown import story_markdown

        sys.stdout.write(story_markdown(result.view))
    else:
        from .terminal import print_story

        print_story(result.view, out)


@app.command()
def serve(db: DbOpt = None, config: ConfigOpt = None,
          host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
          watch_feeds: Annotated[bool, typer.Option("--watch", help="Also poll the subscribed feeds while serving.")] = False,
          ) -> None:
    """Web UI and JSON API (docs at /api/docs)."""
    from .serving import serve as run

    cfg = load_settings(config, db=db)
    with cli_watch.watching(cfg, watch_feeds):
        run(cfg.db, host, port, settings=cfg)


@app.command()
def report(story_id: Annotated[str | None, typer.Argument(help="Story id (default: all stories).")] = None,
           fmt: Annotated[str, typer.Option("--format", help="html, md, json, csv or graphml.")] = "html",
           out_file: Annotated[str, typer.Option("--out", help="Output file (CSV: a prefix).")] = "report.html",
           db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Write a report: self-contained HTML, Markdown, JSON, CSV (claims, timeline) or GraphML."""
    from ..app.views import list_stories
    from .report import write_report

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        total = 1 if story_id else len(list_stories(store))
        with _progress(total, "report") as advance:
            paths = write_report(store, story_id, fmt, out_file, progress=advance)
    for p in paths:
        out.print(f"wrote {p}", highlight=False)


@app.command("settings")
def settings_cmd(config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """The settings table: value, origin (default, file, env, flag) and meaning."""
    rows = describe(load_settings(config), config)
    if json_out:
        _print_json(rows)
        return
    table = Table("name", "value", "origin", "description")
    for r in rows:
        table.add_row(r["name"], str(r["value"]), r["origin"], r["description"])  # db already redacted
    out.print(table)


cli_watch.register(app)  # feeds, watchlist, watch, changes: see cli_watch


def main() -> None:
    limit_threads()  # before any model loads: see lagebild.threads
    try:
        app()
    except LagebildError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
