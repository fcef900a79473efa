"""Command line for live monitoring: ``lagebild feeds …``, ``lagebild watch``, ``lagebild changes``,
``lagebild watchlist …``. Registered on the main app by :func:`register`."""

from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Column, Table

from .. import api
from ..errors import ConfigError
from ..settings import load_settings
from ..store import feeds as fs

out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="Store: SQLite file or postgresql:// URL.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="TOML settings file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

feeds_app = typer.Typer(help="Subscriptions: RSS/Atom, JSON Feed, news sitemaps, article URLs.", no_args_is_help=True)
lists_app = typer.Typer(help="Watchlists of entities or words, with an optional webhook.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the monitoring commands to the main CLI."""
    app.add_typer(feeds_app, name="feeds")
    app.add_typer(lists_app, name="watchlist")
    app.command("watch")(watch)
    app.command("changes")(changes)


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@feeds_app.command("add")
def feeds_add(url: str, name: Annotated[str | None, typer.Option(help="A name to show instead of the URL.")] = None,
              every: Annotated[str | None, typer.Option(help="Poll interval: 90s, 15m, 2h (default: setting watch_every).")] = None,
              outlet: Annotated[str | None, typer.Option(help="Outlet name for its articles (default: from the pages).")] = None,
              kind: Annotated[str, typer.Option(help="auto | feed | jsonfeed | sitemap | page")] = "auto",
              db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """Subscribe to a feed, a news sitemap or a single article URL (due at once)."""
    from ..watch.urls import UrlError, canonical_url, parse_duration

    cfg = load_settings(config, db=db)
    if kind not in ("auto", "feed", "jsonfeed", "sitemap", "page"):
        raise ConfigError(f"unknown feed kind {kind!r}")
    try:
        canon = canonical_url(url)
    except UrlError as exc:
        raise ConfigError(str(exc)) from exc
    with api.open_store(cfg.db, cfg) as store:
        feed = fs.add_feed(store, canon, every_seconds=parse_duration(every or cfg.watch_every), name=name,
                           kind=kind, outlet=outlet)
    if json_out:
        _json(feed)
    else:
        out.print(f"subscribed #{feed['id']} {feed['url']} every {_every(feed['every_seconds'])}", highlight=False)


@feeds_app.command("list")
def feeds_list(db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """Subscriptions with their state: last status, error, items, when due."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        rows = fs.list_feeds(store)
        counts = fs.item_counts(store)
    if json_out:
        _json({"feeds": rows, "items": counts})
        return
    table = Table("id", Column("name / url", overflow="fold"), "kind", "every", "status", "items", "next due",
                  Column("error", overflow="fold"))
    for f in rows:
        table.add_row(str(f["id"]), (f["name"] or f["title"] or "") + ("\n" if f["name"] or f["title"] else "") + f["url"],
                      f["kind"], _every(f["every_seconds"]), str(f["last_status"] or "–"), str(f["n_items"]),
                      f["next_due"][:19], (f["last_error"] or "")[:60])
    out.print(table)
    out.print(f"items: {', '.join(f'{v} {k}' for k, v in sorted(counts.items())) or 'none'}", highlight=False)


@feeds_app.command("remove")
def feeds_remove(ref: Annotated[str, typer.Argument(help="Feed id, URL or name.")], db: DbOpt = None,
                 config: ConfigOpt = None) -> None:
    """Unsubscribe (stored articles stay)."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        feed = fs.remove_feed(store, ref)
    out.print(f"removed #{feed['id']} {feed['url']}", highlight=False)


@feeds_app.command("import")
def feeds_import(file: Path, every: Annotated[str | None, typer.Option(help="Poll interval for all of them.")] = None,
                 db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Subscribe to every feed in an OPML file."""
    from ..watch.listing import parse_opml
    from ..watch.urls import UrlError, canonical_url, parse_duration

    cfg = load_settings(config, db=db)
    entries = parse_opml(file.read_bytes(), str(file))
    seconds = parse_duration(every or cfg.watch_every)
    added = 0
    with api.open_store(cfg.db, cfg) as store:
        for e in entries:
            try:
                fs.add_feed(store, canonical_url(str(e["url"])), every_seconds=seconds, name=e["name"])
                added += 1
            except UrlError as exc:
                err.print(f"[yellow]skipped[/yellow] {e['url']}: {exc}", highlight=False)
    out.print(f"{added} of {len(entries)} feed(s) subscribed from {file}", highlight=False)


@feeds_app.command("export")
def feeds_export(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Print the subscriptions as OPML."""
    from ..watch.listing import to_opml

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        sys.stdout.write(to_opml(fs.list_feeds(store)))


@feeds_app.command("log")
def feeds_log(feed: Annotated[str | None, typer.Option(help="Only this feed (id, URL or name).")] = None,
              limit: int = 50, db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """The fetch log: every request with status, bytes, time and error, newest first."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        feed_id = fs.get_feed(store, feed)["id"] if feed else None
        rows = fs.fetch_log(store, feed_id, limit)
    if json_out:
        _json(rows)
        return
    table = Table("at", "what", "status", "bytes", "ms", "url", "error")
    for r in rows:
        table.add_row(r["at"][11:19], r["purpose"], str(r["status"] or "–"), str(r["bytes"]), f"{r['ms']:.0f}",
                      r["url"][:70], (r["error"] or "")[:50])
    out.print(table)


def watch(once: Annotated[bool, typer.Option("--once", help="One cycle, then exit.")] = False,
          db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """Poll due feeds, fetch new articles into the store, record what changed; runs until Ctrl-C
    (``--json``: one JSON line per cycle)."""
    from ..watch import Watcher

    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store, Watcher(store, cfg) as watcher:
        if once:
            report = watcher.run_once()
            if json_out:
                _json(report.to_dict())
            else:
                _print_cycle(report)
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            watcher.run_forever(stop, on_cycle=_json_line if json_out else _print_cycle)
        except KeyboardInterrupt:
            stop.set()


def _json_line(report: Any) -> None:
    sys.stdout.write(json.dumps(report.to_dict()) + "\n")
    sys.stdout.flush()


def _print_cycle(report: Any) -> None:
    r = report
    err.print(f"watch: {r.feeds} feed(s) polled ({r.not_modified} unchanged, {r.feed_errors} failed), "
              f"{r.announced} new item(s), {r.pages} page(s) fetched ({r.page_errors} failed): {r.new} new "
              f"article(s), {r.folded} folded, {r.rejected} rejected; {r.changes} change(s) in {r.seconds:.1f} s",
              highlight=False)


def changes(since: Annotated[str, typer.Option(help="How far back: 90s, 15m, 2h, 1d.")] = "1d",
            story: Annotated[str | None, typer.Option(help="Only this story.")] = None,
            watchlist: Annotated[str | None, typer.Option(help="Only changes matching this watchlist.")] = None,
            limit: int = 100, db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    """What changed: new stories, grown stories, new events, claims and conflicts."""
    from ..watch.urls import parse_duration

    cfg = load_settings(config, db=db)
    seconds = parse_duration(since)
    with api.open_store(cfg.db, cfg) as store:
        cutoff = store.execute(f"SELECT {store.now_sql(-float(seconds))}").fetchone()[0]
        list_id = None
        if watchlist:
            found = [w for w in fs.watchlists(store) if w["name"] == watchlist]
            if not found:
                raise ConfigError(f"no watchlist {watchlist!r}")
            list_id = found[0]["id"]
        rows = fs.changes(store, since=cutoff, story_ids=[story] if story else None, list_id=list_id, limit=limit)
    if json_out:
        _json(rows)
        return
    if not rows:
        out.print(f"no changes in the last {since}", highlight=False)
        return
    table = Table("at", "what", "story", "change")
    for r in rows:
        table.add_row(r["at"][:19].replace("T", " "), f"{r['kind']} {r['action']}", r["story_id"] or "–", r["title"])
    out.print(table)


@lists_app.command("add")
def lists_add(name: str, entity: Annotated[list[str] | None, typer.Option(help="Entity name (repeatable).")] = None,
              word: Annotated[list[str] | None, typer.Option(help="Word or phrase (repeatable).")] = None,
              webhook: Annotated[str | None, typer.Option(help="URL that gets each new change as JSON (POST).")] = None,
              db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Create or replace a watchlist."""
    terms = [{"kind": "entity", "value": e} for e in entity or []] + [{"kind": "word", "value": w} for w in word or []]
    if not terms:
        raise ConfigError("a watchlist needs at least one --entity or --word")
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        fs.add_watchlist(store, name, terms, webhook)
    out.print(f"watchlist {name}: {len(terms)} term(s){' with webhook' if webhook else ''}", highlight=False)


@lists_app.command("list")
def lists_list(db: DbOpt = None, config: ConfigOpt = None, json_out: JsonOpt = False) -> None:
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        rows = fs.watchlists(store)
    if json_out:
        _json(rows)
        return
    table = Table("name", "terms", "webhook", "delivered up to")
    for w in rows:
        table.add_row(w["name"], ", ".join(f"{t['kind']}:{t['value']}" for t in w["terms"]), w["webhook"] or "–",
                      str(w["delivered_seq"]))
    out.print(table)


@lists_app.command("remove")
def lists_remove(name: str, db: DbOpt = None, config: ConfigOpt = None) -> None:
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg) as store:
        fs.remove_watchlist(store, name)
    out.print(f"removed watchlist {name}", highlight=False)


def _every(seconds: int) -> str:
    for unit, n in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % n == 0:
            return f"{seconds // n}{unit}"
    return f"{seconds}s"


def watching(cfg: Any, enabled: bool) -> AbstractContextManager[Any]:
    """For ``lagebild serve --watch``: the watcher in a background thread while the server runs."""
    if not enabled:
        return nullcontext()
    from ..watch.service import background_watcher

    err.print("watching the subscribed feeds in the background (lagebild feeds list)", highlight=False)
    return background_watcher(cfg.db, cfg)
