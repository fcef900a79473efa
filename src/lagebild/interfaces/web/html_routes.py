"""HTML pages, server-rendered (readable without JavaScript). Each page answers ``?format=json`` with
the data it shows, the same as its /api/ twin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ...app import views as app_views
from ...errors import QueryError
from . import api_routes, views
from .api_routes import DATE_PATTERN, F, Store, Wait

router = APIRouter(include_in_schema=True, tags=["pages"])

#: Seconds between story-list refreshes in the browser (htmx polling): new articles show up
#: within this delay without reloading the page, and an idle tab costs one small request per period.
POLL_SECONDS = 15


def render(request: Request, name: str, data: Any, **ctx: Any) -> Response:
    if request.query_params.get("format") == "json":
        return JSONResponse(data)
    html = request.app.state.templates.get_template(name).render(request_path=request.url.path, data=data, **ctx)
    return HTMLResponse(html)


def _filter_query(f: api_routes.Filters) -> dict[str, Any]:
    return {k: v for k, v in f.kwargs().items() if v not in (None, "") and k not in ("limit", "offset")}


@router.get("/", summary="Story list (JSON twin: ?format=json or /api/stories)")
def index(request: Request, store: Store, f: F) -> Response:
    data = views.list_stories(store, **f.kwargs())
    return render(request, "index.html", data, filters=_filter_query(f), poll=POLL_SECONDS, counts=store.counts())


@router.get("/partials/stories", summary="Story table rows (htmx polling)", include_in_schema=False)
def story_rows(request: Request, store: Store, f: F) -> Response:
    data = views.list_stories(store, **f.kwargs())
    return render(request, "_story_rows.html", data)


@router.get("/stories/{story_id}", summary="Story page (JSON twin: ?format=json or /api/stories/{id})")
def story_page(request: Request, store: Store, story_id: str, wait: Wait,
               since: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None) -> Response:
    if request.query_params.get("format") == "json":
        result = app_views.story_view(store, story_id, since, wait=wait)
        return Response(result.json_bytes(), media_type="application/json")
    result, segments = views.story_page(store, story_id, since, wait=wait)
    return render(request, "story.html", result.view, since=since, segments=segments, stale=result.stale)


@router.get("/articles", summary="Article list (JSON twin: ?format=json or /api/articles)")
def articles_page(request: Request, store: Store, f: F) -> Response:
    data = views.list_articles(store, **f.kwargs())
    return render(request, "articles.html", data, filters=_filter_query(f))


@router.get("/articles/{article_id}", summary="Article with highlighted spans (JSON twin: /api/articles/{id})")
def article_page(request: Request, store: Store, article_id: str,
                 start: Annotated[int | None, Query(ge=0)] = None,
                 end: Annotated[int | None, Query(ge=0)] = None) -> Response:
    data = api_routes.article(store, article_id)
    if request.query_params.get("format") == "json":
        return JSONResponse(data)
    art = store.get_article(article_id)
    cite = (start, end) if start is not None and end is not None and end > start else None
    return render(request, "article.html", data, segments=views.highlight(art, cite), cite=cite)


@router.get("/search", summary="Search page (JSON twin: ?format=json or /api/search)")
def search_page(request: Request, store: Store, q: Annotated[str, Query(max_length=500)] = "",
                limit: Annotated[int, Query(ge=1, le=200)] = 20,
                offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    data: dict[str, Any] = {"query": q, "limit": limit, "offset": offset, "items": []}
    if q.strip():
        try:
            data = api_routes.search(store, q, limit, offset)
        except QueryError as exc:
            if request.query_params.get("format") == "json":
                raise
            html = request.app.state.templates.get_template("search.html").render(
                request_path="/search", data=data, error=str(exc))
            return HTMLResponse(html, status_code=400)
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
