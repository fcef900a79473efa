"""Live-monitoring pages: ``/feeds`` (subscriptions, item counts and the fetch log; JSON twin at
``?format=json`` and ``/api/feeds``) and Atom feeds of what changed: ``/feeds/updates.atom``
(everything, or one watchlist's matches with ``?watchlist=``) and ``/stories/{id}/updates.atom``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ...app import views as app_views
from ...errors import NotFoundError
from ...store import feeds as fs
from ...store.base import Store
from ...watch.atom import atom_feed

router = APIRouter(tags=["monitoring"])

#: Fetch-log rows shown on /feeds (the CLI's `lagebild feeds log --limit` reaches further back).
LOG_ROWS = 100
#: Entries per Atom feed: feed readers poll often and keep what they have seen.
ATOM_ENTRIES = 100
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _store(request: Request) -> Store:
    store: Store = request.app.state.pool.get()
    return store


def feeds_data(store: Store, feed: str | None = None, limit: int = LOG_ROWS) -> dict[str, Any]:
    feed_id = fs.get_feed(store, feed)["id"] if feed else None
    return {"feeds": fs.list_feeds(store), "items": fs.item_counts(store),
            "log": fs.fetch_log(store, feed_id, limit), "watchlists": fs.watchlists(store)}


@router.get("/api/feeds", summary="Subscriptions, item counts, watchlists and the fetch log (newest first)")
def api_feeds(request: Request, feed: Annotated[str | None, Query(max_length=2000)] = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = LOG_ROWS) -> dict[str, Any]:
    return feeds_data(_store(request), feed, limit)


@router.get("/feeds", summary="Subscriptions and fetch log (JSON twin: ?format=json or /api/feeds)")
def feeds_page(request: Request, feed: Annotated[str | None, Query(max_length=2000)] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = LOG_ROWS) -> Response:
    data = feeds_data(_store(request), feed, limit)
    if request.query_params.get("format") == "json":
        return JSONResponse(data)
    html = request.app.state.templates.get_template("feeds.html").render(request_path=request.url.path, data=data)
    return HTMLResponse(html)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/feeds/updates.atom", summary="Atom feed of new stories, events, claims and conflicts",
            response_class=Response)
def updates_atom(request: Request, watchlist: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    store = _store(request)
    list_id = None
    if watchlist:
        found = [w for w in fs.watchlists(store) if w["name"] == watchlist]
        if not found:
            raise NotFoundError(f"no watchlist {watchlist!r}")
        list_id = found[0]["id"]
    rows = fs.changes(store, list_id=list_id, limit=ATOM_ENTRIES)
    base = _base(request)
    title = f"lagebild: changes{f' – watchlist {watchlist}' if watchlist else ''}"
    body = atom_feed(rows, feed_id=f"tag:lagebild,2026:{request.url.hostname}:feed:{watchlist or 'all'}",
                     title=title, self_url=str(request.url), base_url=base)
    return Response(body, media_type=ATOM_TYPE)


@router.get("/stories/{story_id}/updates.atom", summary="Atom feed of one story's changes", response_class=Response)
def story_atom(request: Request, story_id: str) -> Response:
    store = _store(request)
    story = app_views.load_story(store, story_id)  # NotFoundError -> 404; merged ids lead to the survivor
    ids = [story.id, *story.meta.get("aliases", [])]
    rows = fs.changes(store, story_ids=ids, limit=ATOM_ENTRIES)
    body = atom_feed(rows, feed_id=f"tag:lagebild,2026:{request.url.hostname}:story:{story.id}:feed",
                     title=f"lagebild: {story.title or story.id}", self_url=str(request.url), base_url=_base(request))
    return Response(body, media_type=ATOM_TYPE)
