"""Analyst corrections over the API: move an article, merge, split and rename stories, undo; the
audit log. Writes need ``Authorization: Bearer <api_token>`` (off while the setting is empty) and
take a JSON body (or a form: the story page's forms post JSON through app.js). Every answer
carries ``href``, the page of the story to look at next."""

from __future__ import annotations

import contextlib
import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from ... import corrections
from ...app import views as app_views
from ...errors import InputError, NotFoundError
from ...store.base import Store
from . import views

router = APIRouter(prefix="/api", tags=["corrections"])

#: Largest correction request body: ids, a title and a note (a split of 1000 articles is ~20 KB).
MAX_BODY_BYTES = 100_000
#: Longest id accepted in a correction (story, event and article ids are short hashes).
MAX_ID_CHARS = 200


def require_token(request: Request) -> None:
    """401/403 unless the request carries the configured write token."""
    token = request.app.state.cfg.api_token
    if not token:
        raise HTTPException(403, "writes are off: set the api_token setting (LAGEBILD_API_TOKEN) to enable corrections")
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise HTTPException(401, "missing 'Authorization: Bearer <token>' header", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(403, "wrong token")


async def _body(request: Request) -> dict[str, Any]:
    require_token(request)
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise HTTPException(413, f"correction body larger than {MAX_BODY_BYTES} bytes")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        data: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                if key.endswith("[]"):
                    data.setdefault(key[:-2], []).append(value)
                else:
                    data[key] = value
        return data
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise HTTPException(400, "the body must be a JSON object") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return data


def _text(data: dict[str, Any], key: str, required: bool = False, limit: int = MAX_ID_CHARS) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise InputError("request", f"missing field {key!r}")
        return None
    if not isinstance(value, str) or len(value) > max(limit, corrections.MAX_NOTE_CHARS):
        raise InputError("request", f"field {key!r} must be text of at most {limit} characters")
    return value


def _ids(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > corrections.MAX_ITEMS or \
            not all(isinstance(v, str) and 0 < len(v) <= MAX_ID_CHARS for v in value):
        raise InputError("request", f"field {key!r} must be a list of at most {corrections.MAX_ITEMS} ids")
    return value


def _who(data: dict[str, Any]) -> dict[str, str]:
    return {"actor": _text(data, "actor", limit=corrections.MAX_ACTOR_CHARS) or "",
            "note": _text(data, "note", limit=corrections.MAX_NOTE_CHARS) or ""}


def _store(request: Request) -> Store:
    store: Store = request.app.state.pool.get()
    return store


async def _run(request: Request, fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a correction in a worker thread over that thread's store connection."""
    row: dict[str, Any] = await run_in_threadpool(lambda: fn(_store(request), *args, **kwargs))
    return row


def _rebuild(store: Store, story_id: str) -> None:
    """Build the corrected story's view now, so the page the analyst lands on shows the correction
    (a rename, a moved or split-off article) instead of the previous view marked as being rebuilt."""
    with contextlib.suppress(NotFoundError):
        app_views.build_and_save(store, app_views.load_story(store, story_id))


async def _done(request: Request, row: dict[str, Any], story: str | None) -> dict[str, Any]:
    views.forget_lists()
    if story:
        await run_in_threadpool(lambda: _rebuild(_store(request), story))
    return row | {"href": f"/stories/{story}#corrections" if story else "/"}


@router.post("/stories/{story_id}/rename", summary="Rename a story (needs the write token)")
async def rename(request: Request, story_id: str) -> dict[str, Any]:
    data = await _body(request)
    title = _text(data, "title", required=True, limit=corrections.MAX_TITLE_CHARS) or ""
    row = await _run(request, corrections.rename_story, story_id, title, **_who(data))
    return await _done(request, row, row.get("target_id"))


@router.post("/stories/{story_id}/merge", summary="Merge a story into another ({\"into\": id}; needs the write token)")
async def merge(request: Request, story_id: str) -> dict[str, Any]:
    data = await _body(request)
    into = _text(data, "into", required=True) or ""
    row = await _run(request, corrections.merge_stories, story_id, into, **_who(data))
    return await _done(request, row, row.get("target_id"))


@router.post("/stories/{story_id}/split", summary="Move articles and/or events of a story into a new story "
             "({\"article_ids\": [...], \"event_ids\": [...], \"title\": ...}; needs the write token)")
async def split(request: Request, story_id: str) -> dict[str, Any]:
    data = await _body(request)
    row = await _run(request, corrections.split_story, story_id, article_ids=_ids(data, "article_ids"),
        event_ids=_ids(data, "event_ids"), title=_text(data, "title", limit=corrections.MAX_TITLE_CHARS), **_who(data))
    return await _done(request, row, row.get("target_id"))


@router.post("/articles/move", summary="Move an article to another story or event ({\"article_id\", \"to_story\" "
             "or \"to_event\"}; needs the write token)")
async def move(request: Request) -> dict[str, Any]:
    data = await _body(request)
    article = _text(data, "article_id", required=True) or ""
    to_event, to_story = _text(data, "to_event"), _text(data, "to_story")
    if to_event and to_story:  # the page offers both selects: an event is the finer choice
        to_story = None
    row = await _run(request, corrections.move_article, article, to_story=to_story,
                                  to_event=to_event, **_who(data))
    return await _done(request, row, _text(data, "from_story") or row.get("target_id"))


@router.post("/corrections/{seq}/undo", summary="Undo a correction (needs the write token)")
async def undo(request: Request, seq: int) -> dict[str, Any]:
    data = await _body(request)
    row = await _run(request, corrections.undo, seq, **_who(data))
    return await _done(request, row, row.get("story_id"))


@router.get("/corrections", summary="The corrections audit log, newest first (optionally of one story)")
def log(request: Request, story: Annotated[str | None, Query(max_length=MAX_ID_CHARS)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    rows = corrections.history(_store(request), story, limit)
    return {"story": story, "items": rows}
