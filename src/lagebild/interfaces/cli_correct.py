"""``lagebild correct …``: the analyst's corrections from the command line (the same functions as the
web UI's corrections panel and the API): move an article, merge, split and rename stories, undo, and
the audit log. Each correction is recorded with who made it (``--by``, default the login name)."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .. import api, corrections
from ..i18n import normalise_lang, t
from ..settings import load_settings

correct = typer.Typer(help="Correct the stories: move an article, merge, split or rename stories, undo; the log.",
                      no_args_is_help=True)
out = Console()

DbOpt = Annotated[str | None, typer.Option("--db", help="Store: SQLite file or postgresql:// URL.")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="TOML settings file.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who makes the correction (default: the login name).")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why (kept in the log).")]


def _who(by: str | None, note: str) -> dict[str, str]:
    if by is None:
        try:
            by = getpass.getuser()
        except (OSError, KeyError):
            by = ""
    return {"actor": by, "note": note}


def _done(config: str | None, db: str | None, fn: Any, *args: Any, **kwargs: Any) -> None:
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        row = fn(store, *args, **kwargs)
    lang = normalise_lang(cfg.ui_language or "de")
    out.print(t("cli.corrected", lang, seq=row["seq"], text=corrections.describe(row, lang)), highlight=False, soft_wrap=True)
    if row.get("action") == "split_story":
        out.print(t("cli.new_story", lang, id=row["target_id"]), highlight=False)


@correct.command("move")
def move(article_id: str, to_story: Annotated[str | None, typer.Option("--to-story")] = None,
         to_event: Annotated[str | None, typer.Option("--to-event")] = None, by: ByOpt = None, note: NoteOpt = "",
         db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Move an article to another story (an event of its own there) or into an event."""
    _done(config, db, corrections.move_article, article_id, to_story=to_story, to_event=to_event, **_who(by, note))


@correct.command("merge")
def merge(story_id: str, into: str, by: ByOpt = None, note: NoteOpt = "", db: DbOpt = None,
          config: ConfigOpt = None) -> None:
    """Merge story STORY_ID into story INTO (articles that join it later follow)."""
    _done(config, db, corrections.merge_stories, story_id, into, **_who(by, note))


@correct.command("split")
def split(story_id: str, article_ids: Annotated[list[str], typer.Argument(help="Articles (or events) to move out.")],
          title: Annotated[str | None, typer.Option("--title", help="Title of the new story.")] = None,
          by: ByOpt = None, note: NoteOpt = "", db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Move articles (ids) or events (ids starting with e) of a story into a new story."""
    events = [a for a in article_ids if a.startswith("e")]
    arts = [a for a in article_ids if not a.startswith("e")]
    _done(config, db, corrections.split_story, story_id, article_ids=arts, event_ids=events, title=title,
          **_who(by, note))


@correct.command("rename")
def rename(story_id: str, title: str, by: ByOpt = None, note: NoteOpt = "", db: DbOpt = None,
           config: ConfigOpt = None) -> None:
    """Give a story a title."""
    _done(config, db, corrections.rename_story, story_id, title, **_who(by, note))


@correct.command("undo")
def undo(seq: int, by: ByOpt = None, note: NoteOpt = "", db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Take back correction number SEQ (it stays in the log)."""
    _done(config, db, corrections.undo, seq, **_who(by, note))


@correct.command("log")
def log(story: Annotated[str | None, typer.Option("--story", help="Only corrections of this story.")] = None,
        limit: int = 50, json_out: Annotated[bool, typer.Option("--json")] = False, db: DbOpt = None,
        config: ConfigOpt = None) -> None:
    """The corrections, newest first (undone ones marked)."""
    cfg = load_settings(config, db=db)
    with api.open_store(cfg.db, cfg, create=False) as store:
        rows = corrections.history(store, story, limit)
    if json_out:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    lang = normalise_lang(cfg.ui_language or "de")
    table = Table("#", t("cli.when", lang), t("cli.correction", lang), t("corr.note", lang))
    for r in rows:
        table.add_row(str(r["seq"]), r["at"][:16].replace("T", " "), corrections.describe(r, lang), r["note"])
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(correct, name="correct")


__all__ = ["correct", "register"]
