"""Command line: a thin adapter over :mod:`lagebild.api`."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .. import api
from ..errors import LagebildError
from ..i18n import normalise_lang, outlet_label, t, use_language
from ..locations import redact_location
from ..progress import Progress, estimate_items
from ..settings import Settings, describe, load_settings
from ..sources import discover
from ..threads import limit_threads
from . import cli_correct, cli_watch

app = typer.Typer(help="lagebild: turn news articles into a situation picture.", no_args_is_help=True,
                  add_completion=False)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Store: SQLite file or postgresql:// URL (default: setting db, ./lagebild.db).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="TOML settings file.")]


#: Stories in the `lagebild stories` table unless --limit says otherwise (the JSON lists all).
STORIES_SHOWN = 20
#: Rows of the `entities` table when --limit is not given (a screenful; --json gives all).
ENTITIES_TABLE_ROWS = 50


def _lang(cfg: Settings) -> str:
    """The interface language of the CLI: the ui_language setting, German when it is empty."""
    return normalise_lang(cfg.ui_language or "de")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, directories or globs.")], db: DbOpt = None,
           config: ConfigOpt = None, stats: Annotated[bool, typer.Option(help="Print per-stage timings.")] = False,
           json_out: JsonOpt = False,
           outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet of the items that name none "
                                                      "themselves (plain text files, pages; not JSONL records "
                                                      "or feed entries with their own).")] = None) -> None:
    """Read articles (txt, html, rss/atom, jsonl, warc) into the store."""
    from ..app.ingest import ingest as run_ingest

    cfg = load_settings(config, db=db)
    files = list(discover(paths))
    with api.open_store(cfg.db, cfg, create=True) as store:
        with Progress(estimate_items(files), unit="articles", label="ingest", lang=_lang(cfg)) as progress:
            report = run_ingest(files, store, cfg, outlet=(outlet or "").strip() or None, on_item=progress)
        totals = store.counts()
    _print_ingest(report, totals, cfg.db, stats, json_out, lang=_lang(cfg))


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
        files = list(discover(paths))
        with Progress(estimate_items(files), unit="articles", label="batch", lang=_lang(cfg)) as progress:
            report = run_batch(files, store, cfg, engine=engine, workers=workers, address=address, on_item=progress)
        totals = store.counts()
    _print_ingest(report, totals, cfg.db, stats, json_out, engine=engine, lang=_lang(cfg))


def _print_ingest(report: Any, totals: dict[str, int], location: str, stats: bool, json_out: bool,
                  engine: str | None = None, lang: str = "de") -> None:
    for rej in report.rejected:
        err.print(f"[red]rejected[/red] {rej.source}: {rej.reason}", highlight=False, soft_wrap=True)
    for source, warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {source}: {warning}", highlight=False, soft_wrap=True)
    if json_out:
        _print_json(report.to_dict() | {"store": totals} | ({"engine": engine} if engine else {}))
    else:
        out.print(t("cli.ingest_summary", lang, files=report.files, items=report.items, new=report.new,
                    folded=report.folded, unchanged=report.unchanged, rejected=len(report.rejected))
                  + (f" (engine {engine})" if engine else "") + " "
                  + t("cli.store_summary", lang, store=redact_location(location), articles=totals["articles"],
                      sources=totals["sources"], rejected=totals["rejected"]), highlight=False, soft_wrap=True)
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
    from ..humandate import human_date
    from ..store.display import openings
    from .wording import first_words

    lang = _lang(cfg)
    with api.open_store(cfg.db, cfg, create=False) as store:
        opening = openings(store, [r["id"] for r in rows if not r["title"]], 120)
    table = Table(expand=True)
    table.add_column(t("article.published", lang), max_width=12)
    table.add_column(t("filter.language", lang), max_width=4)
    table.add_column(t("filter.outlet", lang), max_width=14)
    table.add_column(t("article.title", lang), ratio=1)
    table.add_column("#", justify="right")
    table.add_column("id", no_wrap=True, style="dim")
    for r in rows:
        title = r["title"] or first_words(opening.get(r["id"])) or t("article.untitled", lang)
        table.add_row(human_date(r["published"], lang, short=True) if r["published"] else "–", r["language"] or "–",
                      outlet_label(r["outlet"], lang), title[:90], str(r["n_sources"]), r["id"])
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
    from ..store.display import openings
    from .terminal import print_search

    with api.open_store(cfg.db, cfg, create=False) as store:
        opening = openings(store, [r["id"] for r in rows if not r["title"]], 120)
    print_search(rows, out, _lang(cfg), opening)


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
def entities(db: DbOpt = None, config: ConfigOpt = None,
             limit: Annotated[int | None, typer.Option(help="How many, most mentioned first (default: 50 in the "
                                                       "table, all with --json).")] = None,
             json_out: JsonOpt = False) -> None:
    """Canonical entities across the store, with their aliases and mention counts."""
    cfg = load_settings(config, db=db)
    if limit is None and not json_out:
        limit = ENTITIES_TABLE_ROWS
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = api.store_entities(store, limit=limit)
    if json_out:
        _print_json(rows)
        return
    from ..i18n import entity_type

    lang = _lang(cfg)
    table = Table(t("entity.name", lang), t("entity.type", lang), t("entity.mentions", lang), t("entity.aliases", lang),
                  "id")
    for r in rows:
        table.add_row(r["name"], entity_type(r["label"], lang), str(r["count"]),
                      ", ".join(a for a in r["aliases"] if a != r["name"])[:90], r["id"])
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
def stories(db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False,
            limit: Annotated[int | None, typer.Option(help="Stories shown, the most important first (default: 20 "
                                                      "in the table, all with --json).")] = None,
            min_outlets: Annotated[int, typer.Option(help="Only stories with at least this many independent "
                                                     "outlets.")] = 0) -> None:
    """The situation: stories ranked by independent outlets, articles, recency and growth (as the web
    UI's front page); --json adds their events and articles."""
    from ..app.situation import situation
    from ..app.views import list_stories
    from .terminal import print_situation

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        found = {st.id: st for st in list_stories(store)}
        shown = limit if limit is not None else (len(found) if json_out else STORIES_SHOWN)
        data = situation(store, limit=max(shown, 1), min_outlets=min_outlets)
        if json_out:
            rows: list[dict[str, Any]] = []
            for item in data["items"][:shown]:
                st = found[item["id"]]
                rows.append({k: v for k, v in item.items() if k != "article_ids"} | {"events": [
                    {"id": e.id, "title": e.title, "first_seen": e.first_seen, "last_seen": e.last_seen,
                     "articles": [{"id": a, "source": (store.sources_of(a) or [{"source": ""}])[0]["source"]}
                                  for a in e.article_ids]} for e in st.events]})
            _print_json(rows)
            return
    print_situation(data, out, _lang(cfg))


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
        if not json_out and not md:
            from ..store.display import openings

            opening = openings(store, [a.id for a in result.view.articles if not a.title], 120)
    if json_out:
        _print_json(json.loads(result.data))
    elif md:
        from .markdown import story_markdown

        sys.stdout.write(story_markdown(result.view))
    else:
        from .terminal import print_story

        print_story(result.view, out, _lang(cfg), opening)


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
        with Progress(total, unit="stories", label="report", lang=_lang(cfg)) as progress, use_language(_lang(cfg)):
            paths = write_report(store, story_id, fmt, out_file, progress=progress)
    for p in paths:
        out.print(t("cli.wrote", _lang(cfg), path=str(p)), highlight=False)


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
cli_correct.register(app)  # correct: analyst corrections of stories (issue 18)


def main() -> None:
    limit_threads()  # before any model loads: see lagebild.threads
    try:
        app()
    except LagebildError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
