"""JSON API under /api/: stories, events, timeline, entities, claims, articles, search, ingest.

Lists take ``limit``/``offset`` and answer ``{"total", "limit", "offset", "items"}``; filters are
``since``/``until`` (ISO date prefix: 2025, 2025-09, 2025-09-14), ``entity`` (a name, matched as a
phrase in the article text), ``outlet`` and ``language``. Errors answer ``{"error", "status"}``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ... import api
from ...app import views as app_views
from ...app.workers import shared_pool
from ...errors import NotFoundError, ProcessingError
from ...ingest.limits import sanitize_rejection
from ...locations import is_postgres_url
from ...model import Rejection
from ...store import entities as entity_store
from ...store.base import Store as StoreT
from ...store.base import open_store
from . import views

router = APIRouter(prefix="/api", tags=["api"])

#: Articles counted for a filtered entity list (most recent first): counting the mentions of more
#: takes longer than a list request should; narrow the filters to see older ones.
ENTITY_SCAN_LIMIT = 2000
STORY_PARTS = ("events", "timeline", "entities", "graph", "claims", "conflicts", "briefing", "articles")
#: Largest list offset accepted: far beyond any store, and small enough for every database integer
#: (9223372036854775808 answered 500 before: SQLite cannot bind it).
MAX_OFFSET = 1_000_000_000
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:]{2,8})?)?)?$"
_SUFFIX_BY_TYPE = {"application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl", "application/json": ".jsonl",
                   "text/html": ".html", "text/plain": ".txt", "application/rss+xml": ".rss",
                   "application/atom+xml": ".atom", "application/xml": ".xml", "text/xml": ".xml",
                   "application/warc": ".warc"}


def store_of(request: Request) -> StoreT:
    store: StoreT = request.app.state.pool.get()
    return store


Store = Annotated[StoreT, Depends(store_of)]


class Filters:
    def __init__(self, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                 since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="earliest date, ISO")] = None,
                 until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="latest date, ISO")] = None,
                 entity: Annotated[str | None, Query(max_length=200)] = None,
                 outlet: Annotated[str | None, Query(max_length=200)] = None,
                 language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None) -> None:
        self.limit, self.offset, self.since, self.until = limit, offset, since, until
        self.entity, self.outlet, self.language = entity or None, outlet or None, language

    def kwargs(self) -> dict[str, Any]:
        return {"limit": self.limit, "offset": self.offset, "since": self.since, "until": self.until,
                "outlet": self.outlet, "language": self.language, "entity": self.entity}


F = Annotated[Filters, Depends()]
Page = F


@router.get("/status", summary="Store counts and which story parts are installed")
def status(request: Request, store: Store) -> dict[str, Any]:
    return {"store": store.counts(), "writes": bool(request.app.state.cfg.api_token)}


@router.get("/stories", summary="The situation: stories ranked by independent outlets, articles, recency and growth")
def stories(store: Store, f: F, min_outlets: Annotated[int, Query(ge=0, le=1000, description="only stories with at "
                                                             "least this many independent outlets")] = 0) -> dict[str, Any]:
    return views.list_stories(store, **f.kwargs(), min_outlets=min_outlets)


def wait_of(request: Request) -> float:
    """Seconds a request waits for a story's first build before it is answered 202 (come back)."""
    wait: float = request.app.state.build_wait
    return wait


Wait = Annotated[float, Depends(wait_of)]


@router.get("/stories/{story_id}", summary="One story: events, timeline, entities, graph, claims, briefing. "
            "202 with Retry-After while its first build runs; \"stale\": true while a newer build runs.")
def story(store: Store, story_id: str, wait: Wait,
          since: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None) -> Response:
    return Response(app_views.story_view(store, story_id, since, wait=wait).json_bytes(),
                    media_type="application/json")


@router.get("/stories/{story_id}/{part}", summary="One part of a story, paginated")
def story_part(store: Store, story_id: str, part: str, f: Page, wait: Wait) -> dict[str, Any]:
    if part not in STORY_PARTS:
        raise NotFoundError(f"no story part {part!r} ({', '.join(STORY_PARTS)})")
    view = app_views.story_view(store, story_id, wait=wait).view.to_dict()
    if part == "graph":
        return {"nodes": view["entities"], "edges": view["edges"]}
    items: list[Any] = view[part]
    return views.page(items, f.limit, f.offset)


@router.get("/events", summary="Events of all stories, newest first")
def events(store: Store, f: F) -> dict[str, Any]:
    out = []
    for st in app_views.list_stories(store):
        for ev in st.events:
            if f.since and (ev.last_seen or "") < f.since:
                continue
            if f.until and (ev.first_seen or "9999")[:len(f.until)] > f.until:
                continue
            out.append(asdict(ev))
    out.sort(key=lambda e: e["last_seen"] or "", reverse=True)
    return views.page(out, f.limit, f.offset)


@router.get("/entities", summary="Canonical entities (linked at ingest), most mentioned first; with filters, "
            "counted in the matching articles")
def entities(store: Store, f: F) -> dict[str, Any]:
    if any(v for k, v in f.kwargs().items() if k not in ("limit", "offset")):
        listed = views.list_articles(store, **(f.kwargs() | {"limit": ENTITY_SCAN_LIMIT, "offset": 0}))
        rows = entity_store.entity_counts(store, [r["id"] for r in listed["items"]])
        return views.page([r.to_dict() for r in rows], f.limit, f.offset) | {"articles_scanned": len(listed["items"])}
    items = [r.to_dict() for r in entity_store.top_entities(store, limit=f.limit, offset=f.offset)]
    return {"total": entity_store.count_entities(store), "limit": f.limit, "offset": f.offset, "items": items}


@router.get("/entities/{entity_id:path}", summary="One entity: aliases, type, the articles and stories naming it, "
            "its mentions")
def entity(store: Store, entity_id: str) -> dict[str, Any]:
    return api.entity_view(store, entity_id)


@router.get("/timeline", summary="Timeline of one story (same as /api/stories/{id}/timeline)")
def timeline(store: Store, story: str, f: Page, wait: Wait) -> dict[str, Any]:
    return story_part(store, story, "timeline", f, wait)


@router.get("/claims", summary="Claims of one story (same as /api/stories/{id}/claims)")
def claims(store: Store, story: str, f: Page, wait: Wait) -> dict[str, Any]:
    return story_part(store, story, "claims", f, wait)


@router.get("/articles", summary="Articles, newest first")
def articles(store: Store, f: F, story: str | None = None) -> dict[str, Any]:
    ids = app_views.load_story(store, story).article_ids if story else None
    return views.list_articles(store, ids=ids, **f.kwargs())


@router.get("/articles/{article_id}", summary="One article with its annotation layers and stories")
def article(store: Store, article_id: str) -> dict[str, Any]:
    art = store.get_article(article_id)
    view = api.article_view(art)
    view["url"] = views.safe_url(art.url)
    view["stories"] = views.stories_of_article(store, article_id)
    return view


@router.get("/search", summary="Full-text search (FTS5: words, \"phrases\", OR, NOT, prefix*)")
def search(store: Store, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    rows = store.search(q, limit + offset)
    return {"query": q, "limit": limit, "offset": offset, "items": rows[offset:]}


@router.post("/ingest", summary="Ingest an uploaded file (multipart field 'file') or a raw body (JSONL, HTML, "
                                "text, feed, WARC). Needs Authorization: Bearer <api_token>.")
async def ingest(request: Request, name: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
    _check_token(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(400, "multipart upload needs a file field named 'file'")
        data = await upload.read()
        filename = upload.filename or "upload.txt"
    else:
        data = await request.body()
        filename = name or "upload" + _SUFFIX_BY_TYPE.get(ctype, ".jsonl")
    if not data.strip():
        raise HTTPException(400, "empty upload")
    return await run_in_threadpool(_ingest_bytes, request.app.state, data, filename)


def _check_token(request: Request) -> None:
    token = request.app.state.cfg.api_token
    if not token:
        raise HTTPException(403, "writes are off: set the api_token setting (LAGEBILD_API_TOKEN) to enable ingest")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise HTTPException(401, "missing 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(403, "wrong token")


def _ingest_bytes(state: Any, data: bytes, filename: str) -> dict[str, Any]:
    """Keep the upload under <db>-uploads/<content hash>/ so re-sending it is recognised as unchanged."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", Path(filename).name)[:100].lstrip(".") or "upload.txt"
    digest = hashlib.sha256(data).hexdigest()[:16]
    db = state.db
    local = db != ":memory:" and not is_postgres_url(db)
    root = Path(db).parent / (Path(db).name + "-uploads") if local else Path("/tmp/lagebild-uploads")
    target = root / digest / safe
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    cfg = state.cfg
    pool = shared_pool(cfg.server_workers, cfg.worker_memory_mb)
    try:  # stores, links, clusters, builds views: in a worker process, never in the server's
        result = pool.ingest(db, cfg, [str(target)])
    except ProcessingError as exc:
        rejection = Rejection(str(target), exc.reason, type(exc).__name__)
        with open_store(db) as store, store.transaction():
            store.reject(sanitize_rejection(rejection))
        raise ProcessingError(safe, exc.reason) from None
    finally:
        views.forget_lists()
    return result
