"""The Stories page and API: the live stories a `newsbrief watch` keeps in the store.

Read-only: `watch` writes the stories; the web app lists them (most recently updated first)
and shows one with its brief, citations and articles.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

STATIC = Path(__file__).parent / "static"


def stories_router(store: Any, page_headers: dict[str, str]) -> APIRouter:
    """Routes over a ``store.stories.StoryStore``."""
    router = APIRouter()

    @router.get("/api/stories", tags=["stories"], summary="Live stories, most recently updated first")
    async def list_stories(limit: int = Query(50, ge=1, le=200),
                           offset: int = Query(0, ge=0)) -> dict[str, Any]:
        """Each item: `id`, `headline`, `outlets`, `n_articles`, `updated` (when the story last
        changed), `newest` (its newest article's date)."""
        items, total = await run_in_threadpool(store.list_stories, limit, offset)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @router.get("/api/stories/{story_id}", tags=["stories"], summary="One story with its brief")
    async def get_story(story_id: int) -> dict[str, Any]:
        """The story's `headline`, `articles` (`id`, `outlet`, `title`, `date`, `url`) and `brief`
        (the JSON of `newsbrief summarize --format json`)."""
        found = await run_in_threadpool(store.get_story, story_id)
        if found is None:
            raise HTTPException(404, f"no story with id {story_id}")
        return found

    @router.get("/stories", include_in_schema=False)
    async def stories_page() -> FileResponse:
        return FileResponse(STATIC / "stories.html", media_type="text/html; charset=utf-8",
                            headers=page_headers)

    return router
