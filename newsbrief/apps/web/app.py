"""The FastAPI application: the page at ``/`` and the JSON API under ``/api``.

The blocking work (fetching URLs, cleaning, summarizing, the database) runs in the worker
thread pool, never on the event loop, so one long brief does not stall the other requests.
Every error reaches the client as ``{"detail": "<one line>"}`` with a fitting status code;
stack traces stay in the server log.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...model import NewsbriefError
from ...store.briefs import BriefStore
from .briefing import MAX_ARTICLES, ArticleIn, build_brief

log = logging.getLogger("newsbrief.web")

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 5_000_000  # a request body larger than this gets 413
MAX_WORDS = 1000
# The page runs only its own script and loads nothing from elsewhere: even if article text
# were ever inserted as HTML by mistake, an injected script or image could not run or call out.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# ---------------------------------------------------------------- request and response models


class BriefRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_ARTICLES)
    words: int = Field(200, ge=10, le=MAX_WORDS, description="the length of the brief in words")


class HistoryItem(BaseModel):
    id: str
    created: str
    title: str
    n_documents: int
    words: int


class HistoryPage(BaseModel):
    items: list[HistoryItem]
    total: int
    limit: int
    offset: int


# ---------------------------------------------------------------- the upload form


def _form_articles(texts: list[str], urls: list[str]) -> list[ArticleIn]:
    """The upload form's pasted texts and links -> articles (the files are read by build_brief)."""
    from pydantic import ValidationError

    from ...inputs.sources import looks_html

    items: list[dict[str, Any]] = [{"html" if looks_html(t) else "text": t}
                                   for t in texts if t.strip()]
    items += [{"url": u.strip()} for u in urls if u.strip()]
    if len(items) > MAX_ARTICLES:
        raise NewsbriefError(f"too many articles: {len(items)} (at most {MAX_ARTICLES})")
    try:
        return [ArticleIn(**it) for it in items]
    except ValidationError as e:
        raise RequestValidationError(e.errors()) from None


# ---------------------------------------------------------------- request body cap


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413, whether or not a
    Content-Length was sent (a chunked body is counted as it arrives)."""

    def __init__(self, app: Any, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"request body is over the {self.max_bytes:,}-byte limit"
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await JSONResponse({"detail": too_big}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, too_big)  # FastAPI turns it into the JSON reply
            return message

        await self.app(scope, limited_receive, send)


# ---------------------------------------------------------------- the application


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "invalid request"


def _new_fastapi() -> FastAPI:
    """FastAPI with /docs served from local files (no CDN) when fastapi-offline is installed."""
    kwargs = dict(title="newsbrief", version=_version(),
                  description="Short, faithful, cited briefs from several news articles about one "
                              "story. The page is at `/`; this is the JSON API.")
    try:
        from fastapi_offline import FastAPIOffline
    except ImportError:
        app = FastAPI(docs_url=None, redoc_url=None, **kwargs)

        @app.get("/docs", include_in_schema=False)
        def docs_offline() -> HTMLResponse:
            return HTMLResponse(
                "<!doctype html><title>newsbrief API</title><p>The interactive API documentation "
                "needs the <code>fastapi-offline</code> package (it serves Swagger UI without a "
                "CDN). The OpenAPI specification is at <a href=\"/openapi.json\">/openapi.json</a>.")
        return app
    return FastAPIOffline(**kwargs)


def _checked_id(brief_id: str) -> str:
    """A brief id is 32 hex digits; anything else is a 404 without a database call."""
    if not (len(brief_id) == 32 and all(c in "0123456789abcdef" for c in brief_id)):
        raise HTTPException(404, f"no brief with id {brief_id[:64]!r}")
    return brief_id


def _version() -> str:
    from ... import __version__

    return __version__


def create_app(store: BriefStore, *, allow_private_urls: bool = False,
               max_body_bytes: int = MAX_BODY_BYTES, fetch_timeout: float = 10.0,
               deadline: float = 20.0, summarizer: Any = None,
               stories: Any = None) -> FastAPI:
    """The web application over ``store``. ``allow_private_urls`` turns off the SSRF guard
    (for fetching pages served on this machine or the local network); ``deadline`` bounds the
    fetching of one request's links, ``fetch_timeout`` each link; ``stories``: the
    ``StoryStore`` a `newsbrief watch` fills, shown on the Stories page."""
    app = _new_fastapi()
    app.state.store = store
    if stories is not None:
        from .stories import stories_router

        app.include_router(stories_router(stories, PAGE_HEADERS))

    @app.exception_handler(NewsbriefError)
    async def _user_error(request: Request, exc: NewsbriefError) -> JSONResponse:
        # 422: the caller's input (e.g. a refused URL); 502: the remote pages could not be had
        return JSONResponse({"detail": str(exc)}, status_code=getattr(exc, "status", 400))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_detail(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal server error"}, status_code=500)

    async def make(request: Request, items: list[ArticleIn], words: int,
                   uploads: list[tuple[str, bytes]] | None = None) -> Any:
        """Build the brief in a worker thread and save it, unless the client has gone meanwhile
        (the page's Cancel): a cancelled brief is not added to the history."""
        data = await run_in_threadpool(build_brief, items, words,
                                       allow_private_urls=allow_private_urls,
                                       fetch_timeout=fetch_timeout, deadline=deadline,
                                       summarizer=summarizer, uploads=uploads)
        if await request.is_disconnected():
            log.info("client left before the brief was saved (cancelled): not saved")
            return JSONResponse({"detail": "cancelled by the client; not saved"}, status_code=499)
        texts = [d.pop("text") for d in data["documents"]]
        return await run_in_threadpool(store.save, data, texts)

    @app.post("/api/briefs", status_code=201, tags=["briefs"],
              summary="Make a brief from articles given as text, HTML or URLs, and save it")
    async def create_brief(req: BriefRequest, request: Request) -> dict[str, Any]:
        """Returns the brief (the same JSON schema as `newsbrief summarize --format json`) with
        its `id`, `created`, `markdown`, and each document's cleaned `text` (the sentence offsets
        point into it)."""
        return await make(request, req.articles, req.words)

    @app.post("/api/briefs/upload", status_code=201, tags=["briefs"],
              summary="Make a brief from uploaded files (and pasted texts or URLs), and save it")
    async def upload_brief(
        request: Request,
        files: list[UploadFile] = File(default=[], description="article files, read as the CLI "
                                       "reads them: .txt, .html, .json, .jsonl"),
        text: list[str] = Form(default=[], description="pasted article texts"),
        url: list[str] = Form(default=[], description="article URLs to fetch"),
        words: int = Form(200, ge=10, le=MAX_WORDS),
    ) -> dict[str, Any]:
        uploads = [(f.filename or "upload", await f.read()) for f in files]
        parsed = _form_articles(text, url)
        return await make(request, parsed, words, uploads)

    @app.get("/api/briefs", tags=["briefs"], summary="The history of briefs, newest first")
    async def list_briefs(limit: int = Query(20, ge=1, le=100),
                          offset: int = Query(0, ge=0)) -> HistoryPage:
        items, total = await run_in_threadpool(store.list, limit, offset)
        return HistoryPage(items=[HistoryItem(**i) for i in items], total=total, limit=limit,
                           offset=offset)

    @app.get("/api/limits", tags=["briefs"], summary="The limits a request must keep")
    async def limits() -> dict[str, Any]:
        return {"deadline_seconds": deadline, "fetch_timeout_seconds": fetch_timeout,
                "max_articles": MAX_ARTICLES, "max_words": MAX_WORDS,
                "max_body_bytes": max_body_bytes}

    @app.get("/api/briefs/{brief_id}", tags=["briefs"], summary="One saved brief")
    async def get_brief(brief_id: str) -> dict[str, Any]:
        found = await run_in_threadpool(store.get, _checked_id(brief_id))
        if found is None:
            raise HTTPException(404, f"no brief with id {brief_id!r}")
        return found

    @app.delete("/api/briefs/{brief_id}", status_code=204, tags=["briefs"],
                summary="Delete a saved brief and its article texts")
    async def delete_brief(brief_id: str) -> Response:
        if not await run_in_threadpool(store.delete, _checked_id(brief_id)):
            raise HTTPException(404, f"no brief with id {brief_id!r}")
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers=PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if max_body_bytes:
        app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app
