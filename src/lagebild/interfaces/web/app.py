"""FastAPI app factory: security headers, upload limit, one store connection per worker thread.

Safe by default: the CLI binds 127.0.0.1; every response carries a Content-Security-Policy that
allows scripts only from this server's static files (no inline script, no eval, no CDN);
templates autoescape; write endpoints need ``Authorization: Bearer <api_token>`` and are off
while the ``api_token`` setting is empty; bodies over the upload limit get 413.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ...errors import LagebildError, NotFoundError, QueryError, StillBuildingError
from ...settings import Settings, load_settings
from ...store.base import Store, open_store
from .templating import HERE, templates

#: Largest request body accepted (ingest uploads). A day of a busy feed as JSONL is a few MB;
#: 50 MB leaves room for a WARC of a few hundred pages while refusing accidental dumps.
MAX_UPLOAD_BYTES = 50_000_000
#: Seconds a page or API request waits for a story's first build before answering 202 ("being
#: built, retry"): small stories build within it; a story of a hundred articles can take minutes
#: on a busy machine and must not hold a connection (and a client) that long.
BUILD_WAIT_SECONDS = 15.0
log = logging.getLogger("lagebild.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


#: Host names every server answers (loopback); the bind address and the allowed_hosts setting add to them.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(cfg: Settings, bind: Iterable[str] = ()) -> frozenset[str] | None:
    """The Host names a server answers: loopback, the bind address, the ``allowed_hosts`` setting;
    None (no check) when the setting holds ``*``."""
    extra = [h.strip().lower() for h in cfg.allowed_hosts.split(",") if h.strip()]
    if "*" in extra:
        return None
    return frozenset([*LOOPBACK_HOSTS, *(b.lower() for b in bind), *extra])


def host_name(header: bytes) -> str:
    """The name in a Host header: without the port, IPv6 brackets removed, lower case."""
    host = header.decode("latin-1").strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class SecurityMiddleware:
    """Adds the security headers, cuts request bodies at ``max_bytes`` (413, JSON message),
    answers requests for a Host not in ``hosts`` with 400 (DNS rebinding: a page of another
    site that resolves its own name to this machine) and HEAD like GET without a body."""

    def __init__(self, app: ASGIApp, max_bytes: int, hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.hosts is not None and b"host" in headers and host_name(headers[b"host"]) not in self.hosts:
            await JSONResponse({"error": "unknown Host (add it to the allowed_hosts setting)", "status": 400},
                               status_code=400, headers=SECURITY_HEADERS)(scope, receive, send)
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b"") or b"%00" in (scope.get("raw_path") or b""):
            # a NUL reaches no route: PostgreSQL refuses it in text, SQLite cuts strings at it
            await JSONResponse({"error": "NUL character (%00) in the request", "status": 400}, status_code=400,
                               headers=SECURITY_HEADERS)(scope, receive, send)
            return
        head = scope.get("method") == "HEAD"
        if head:  # answered like GET without the body (curl -I, link checkers)
            scope = {**scope, "method": "GET"}
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower()
                           not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        resp = JSONResponse({"error": f"request body larger than {self.max_bytes} bytes"}, status_code=413,
                            headers=SECURITY_HEADERS | {"connection": "close"})
        await resp(scope, receive, send)


class _TooLarge(Exception):
    pass


class StorePool:
    """One store connection per worker thread (sqlite3 and psycopg connections are not shared across threads)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.local = threading.local()
        open_store(db).close()  # create / migrate once, fail early on a bad path

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = open_store(self.db)
        return store


def create_app(db: str, settings: Settings | None = None, *, max_upload_bytes: int = MAX_UPLOAD_BYTES,
               build_wait: float = BUILD_WAIT_SECONDS, bind: Iterable[str] = ()) -> FastAPI:
    """The web app over the store at ``db``: HTML pages at /, JSON API at /api/, docs at /docs.
    It answers the Host names of :func:`allowed_hosts` (``bind``: the address it is served on)."""
    from . import api_routes, correction_routes, html_routes, watch_routes

    cfg = settings or load_settings(db=db)
    app = FastAPI(title="lagebild", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Stories, timelines and claims from news articles. Every HTML page has a "
                              "JSON twin: add ?format=json, or use the /api/ route of the same name.")
    app.state.pool = StorePool(db)
    app.state.cfg = cfg
    app.state.db = db
    app.state.max_upload = max_upload_bytes
    app.state.build_wait = build_wait
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_routes.router)
    app.include_router(correction_routes.router)  # analyst corrections behind the write token (issue 18)
    app.include_router(html_routes.router)
    app.include_router(watch_routes.router)  # /feeds, Atom feeds of changes (issue 17)
    document_statuses([api_routes.router, correction_routes.router, html_routes.router, watch_routes.router])
    _errors(app)
    app.add_middleware(html_routes.LanguageMiddleware, setting=cfg.ui_language)  # page language (issue 18)
    app.add_middleware(SecurityMiddleware, max_bytes=max_upload_bytes, hosts=allowed_hosts(cfg, bind))
    return app


#: Answers every route can give besides its own (the error handlers below and the middleware);
#: documented in the OpenAPI document so that clients (and schemathesis) know them.
COMMON_STATUSES = {400: "Bad request: invalid input in words, a NUL (%00) in the request, or a Host not in allowed_hosts",
                   404: "Not found (no such story, article, entity, feed or watchlist)",
                   422: "Invalid parameters (type, range or pattern)"}
STORY_STATUSES = {202: "The story's first view is being built: retry after the Retry-After seconds"}
WRITE_STATUSES = {401: "Missing 'Authorization: Bearer <api_token>'", 403: "Wrong token, or writes are off (no api_token)",
                  413: "Request body over the upload limit"}


def document_statuses(routers: Iterable[APIRouter]) -> None:
    """Add the statuses of :data:`COMMON_STATUSES` to every route, :data:`STORY_STATUSES` to routes
    that build a story view, :data:`WRITE_STATUSES` to writes (idempotent)."""
    from fastapi.routing import APIRoute

    for route in (r for router in routers for r in router.routes):
        if not isinstance(route, APIRoute):
            continue
        extra = dict(COMMON_STATUSES)
        if "{story_id}" in route.path or route.path in ("/api/timeline", "/api/claims"):
            extra |= STORY_STATUSES
        if "POST" in (route.methods or ()):
            extra |= WRITE_STATUSES
        for code, text in extra.items():
            route.responses.setdefault(code, {"description": text})


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def error_response(request: Request, status: int, message: str, refresh: int | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    env: Environment = request.app.state.templates
    html = env.get_template("error.html").render(status=status, message=message, refresh=refresh,
                                                 request_path=request.url.path)
    return Response(html, status_code=status, media_type="text/html; charset=utf-8")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(StillBuildingError)
    async def building(request: Request, exc: StillBuildingError) -> Response:
        resp = error_response(request, 202, str(exc), refresh=exc.retry_after)
        resp.headers["retry-after"] = str(exc.retry_after)
        return resp

    @app.exception_handler(LagebildError)
    async def other(request: Request, exc: LagebildError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        msgs = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 422, msgs or "invalid request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path, exc_info=exc)
        return error_response(request, 500, f"internal error ({type(exc).__name__}); see the server log")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        resp = error_response(request, exc.status_code, str(exc.detail))
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp
