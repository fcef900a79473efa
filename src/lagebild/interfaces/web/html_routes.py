"""HTML pages, server-rendered (readable without JavaScript), German by default. Each page answers
``?format=json`` with the data it shows (the story list and a story: the same as their /api/ twins).

The page language: ``?lang=en`` (remembered in a cookie), else the ``ui_language`` setting, else the
browser's ``Accept-Language``, else German (:class:`LanguageMiddleware`).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...app import entities as app_entities
from ...app import views as app_views
from ...errors import NotFoundError
from ...i18n import CURRENT, LANGUAGES, negotiate, t
from . import views
from .api_routes import DATE_PATTERN, MAX_OFFSET, Store, Wait
from .api_routes import article as article_data
from .api_routes import search as search_data

router = APIRouter(include_in_schema=True, tags=["pages"])

#: Seconds between story-list refreshes in the browser (htmx polling): new articles show up
#: within this delay without reloading the page, and an idle tab costs one small request per period.
POLL_SECONDS = 15
#: Cookie that remembers a language chosen with ?lang= (a year; it holds only "de" or "en").
LANG_COOKIE = "lagebild_lang"
LANG_COOKIE_SECONDS = 365 * 86400
#: Entities per page of the entity list.
ENTITIES_PER_PAGE = 100
EXPORTS = {"html": ("text/html; charset=utf-8", "html"), "md": ("text/markdown; charset=utf-8", "md"),
           "json": ("application/json", "json"), "graphml": ("application/graphml+xml", "graphml"),
           "claims.csv": ("text/csv; charset=utf-8", "claims.csv"),
           "timeline.csv": ("text/csv; charset=utf-8", "timeline.csv")}


class PageFilters:
    """The filters of the HTML pages (the API's, plus ``min_outlets``). A form sends every field,
    so an empty one means "no filter"; a malformed one is refused with a message in words."""

    def __init__(self, limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                 since: Annotated[str | None, Query(max_length=40, description="earliest date, ISO")] = None,
                 until: Annotated[str | None, Query(max_length=40, description="latest date, ISO")] = None,
                 entity: Annotated[str | None, Query(max_length=200)] = None,
                 outlet: Annotated[str | None, Query(max_length=200)] = None,
                 language: Annotated[str | None, Query(max_length=10)] = None,
                 min_outlets: Annotated[str | None, Query(max_length=6, description="only stories with at least "
                                                          "this many independent outlets")] = None) -> None:
        self.limit, self.offset = limit, offset
        self.since, self.until = _checked(since, DATE_PATTERN, "filter.bad_date"), _checked(until, DATE_PATTERN,
                                                                                             "filter.bad_date")
        self.entity, self.outlet = (entity or "").strip() or None, (outlet or "").strip() or None
        self.language = _checked(language, r"^[a-z]{2,3}$", "filter.bad_language")
        self.min_outlets = int(_checked(min_outlets, r"^[0-9]{1,4}$", "filter.bad_number") or 0)

    def kwargs(self) -> dict[str, Any]:
        return {"limit": self.limit, "offset": self.offset, "since": self.since, "until": self.until,
                "outlet": self.outlet, "language": self.language, "entity": self.entity}

    def query(self) -> dict[str, Any]:
        """The filters in force, for links (pager, polling, the JSON twin)."""
        out = {k: v for k, v in self.kwargs().items() if v not in (None, "") and k not in ("limit", "offset")}
        return out | ({"min_outlets": self.min_outlets} if self.min_outlets else {})


def _checked(value: str | None, pattern: str, message: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not re.match(pattern, value):
        raise HTTPException(422, t(message, CURRENT.get() or "de", value=value[:40]))
    return value


PF = Annotated[PageFilters, Depends()]


class LanguageMiddleware:
    """Sets the request's interface language (:data:`lagebild.i18n.CURRENT`) and remembers a
    ``?lang=`` choice in a cookie."""

    def __init__(self, app: ASGIApp, setting: str | None = None) -> None:
        self.app, self.setting = app, setting

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        query = dict(p.partition("=")[::2] for p in scope.get("query_string", b"").decode("latin-1").split("&") if p)
        asked = query.get("lang", "").lower()[:5]
        asked = asked if asked in LANGUAGES else ""
        cookie = next((c.split("=", 1)[1].strip() for c in headers.get("cookie", "").split(";")
                       if c.strip().startswith(LANG_COOKIE + "=")), "")
        lang = negotiate(headers.get("accept-language"), self.setting, asked or (cookie if cookie in LANGUAGES else None))
        token = CURRENT.set(lang)

        async def send_lang(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-language", lang.encode()), (b"vary", b"Accept-Language, Cookie")]
                if asked:
                    extra.append((b"set-cookie", f"{LANG_COOKIE}={asked}; Path=/; Max-Age={LANG_COOKIE_SECONDS}; "
                                  "SameSite=Lax".encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, send_lang)
        finally:
            CURRENT.reset(token)


def render(request: Request, name: str, data: Any, status: int = 200, **ctx: Any) -> Response:
    if request.query_params.get("format") == "json":
        return JSONResponse(data, status_code=status)
    query = {k: v for k, v in request.query_params.items() if k not in ("format", "lang")}
    html = request.app.state.templates.get_template(name).render(request_path=request.url.path, query=query,
                                                                 data=data, **ctx)
    return HTMLResponse(html, status_code=status)


@router.get("/", summary="The situation: ranked stories (JSON twin: ?format=json or /api/stories)")
def index(request: Request, store: Store, f: PF) -> Response:
    data = views.list_stories(store, **f.kwargs(), min_outlets=f.min_outlets)
    return render(request, "index.html", data, filters=f.query(), poll=POLL_SECONDS, counts=store.counts())


@router.get("/partials/stories", summary="Ranked story cards (htmx polling)", include_in_schema=False)
def story_rows(request: Request, store: Store, f: PF) -> Response:
    data = views.list_stories(store, **f.kwargs(), min_outlets=f.min_outlets)
    return render(request, "_story_rows.html", data)


@router.get("/stories/{story_id}", summary="Story page (JSON twin: ?format=json or /api/stories/{id})")
def story_page(request: Request, store: Store, story_id: str, wait: Wait,
               since: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None) -> Response:
    if request.query_params.get("format") == "json":
        result = app_views.story_view(store, story_id, since, wait=wait)
        return Response(result.json_bytes(), media_type="application/json")
    result, segments = views.story_page(store, story_id, since, wait=wait)
    extras = views.story_extras(store, result.view)
    return render(request, "story.html", result.view, since=since, segments=segments, stale=result.stale,
                  writes=bool(request.app.state.cfg.api_token), **extras)


@router.get("/stories/{story_id}/export/{fmt}", summary="A story as a file: html (self-contained report), md, "
            "json, graphml, claims.csv, timeline.csv")
def export(store: Store, story_id: str, fmt: str, wait: Wait) -> Response:
    from ..report import write_report

    if fmt not in EXPORTS:
        raise NotFoundError(f"no export format {fmt!r} ({', '.join(EXPORTS)})")
    story = app_views.load_story(store, story_id)
    app_views.story_view(store, story.id, wait=wait)  # 202 while a first build runs
    media, suffix = EXPORTS[fmt]
    with tempfile.TemporaryDirectory(prefix="lagebild-export-") as tmp:
        if fmt.endswith(".csv"):
            paths = write_report(store, story.id, "csv", Path(tmp) / "story.csv")
            body = next(p for p in paths if p.name.endswith(fmt.replace(".csv", "") + ".csv")).read_bytes()
        else:
            body = write_report(store, story.id, fmt, Path(tmp) / f"story.{suffix}")[0].read_bytes()
    name = f"lagebild-{story.id}.{suffix}"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/articles", summary="Article list (JSON twin: ?format=json or /api/articles)")
def articles_page(request: Request, store: Store, f: PF) -> Response:
    data = views.list_articles(store, **f.kwargs())
    return render(request, "articles.html", data, filters=f.query())


@router.get("/articles/{article_id}", summary="Article with highlighted spans (JSON twin: /api/articles/{id})")
def article_page(request: Request, store: Store, article_id: str,
                 start: Annotated[int | None, Query(ge=0)] = None,
                 end: Annotated[int | None, Query(ge=0)] = None) -> Response:
    data = article_data(store, article_id)
    if request.query_params.get("format") == "json":
        return JSONResponse(data)
    art = store.get_article(article_id)
    cite = (start, end) if start is not None and end is not None and end > start else None
    names = views.mention_names(store, [article_id]).get(article_id)
    return render(request, "article.html", data, segments=views.highlight(art, cite, names), cite=cite,
                  story_titles=views.story_titles(store, data.get("stories") or []))


@router.get("/entities", summary="Names: canonical entities, most mentioned first (JSON twin: ?format=json)")
def entities_page(request: Request, store: Store,
                  label: Annotated[str | None, Query(pattern=r"^[A-Z]{2,5}$")] = None,
                  q: Annotated[str | None, Query(max_length=200)] = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = ENTITIES_PER_PAGE,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
    data = app_entities.entity_list(store, label=label, name=q, limit=limit, offset=offset)
    return render(request, "entities.html", data)


@router.get("/entities/{entity_id:path}", summary="One name: spellings, type, stories, claims by and about it, "
            "timeline entries (JSON twin: ?format=json)")
def entity_page(request: Request, store: Store, entity_id: str) -> Response:
    data = app_entities.entity_page(store, entity_id, rows=views.summaries(store))
    return render(request, "entity.html", data)


@router.get("/search", summary="Search page (JSON twin: ?format=json or /api/search)")
def search_page(request: Request, store: Store, q: Annotated[str, Query(max_length=500)] = "",
                limit: Annotated[int, Query(ge=1, le=200)] = 20,
                offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Response:
    data: dict[str, Any] = {"query": q, "limit": limit, "offset": offset, "items": []}
    if q.strip():
        data = search_data(store, q, limit, offset)
        views.add_openings(store, data["items"])
    return render(request, "search.html", data, error=None)


@router.get("/api/docs", include_in_schema=False)
@router.get("/docs", summary="API documentation (plain page built from /openapi.json)", include_in_schema=False)
def docs(request: Request) -> Response:
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                       "description": p.get("description") or ""} for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": params})
    html = request.app.state.templates.get_template("docs.html").render(
        request_path="/docs", ops=ops, info=schema.get("info", {}))
    return HTMLResponse(html)
