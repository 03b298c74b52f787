"""A web request's articles -> the brief's JSON, skipping the articles that cannot be used.

One bad article (a refused, unreachable or slow URL, an empty text, a binary upload) does not
fail the request: it is named with its reason in the brief's ``skipped`` list and the brief is
made from the rest. Links are fetched side by side under one deadline for the whole request,
so a slow page ends the wait when the page says it does. Uploads go through the CLI's readers
(``inputs/sources.py``), so a ``.json``/``.jsonl`` file is read as the CLI reads it.
"""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...inputs.fetch import FetchError
from ...inputs.sources import URL_MAX_BYTES, RawDocument
from ...model import Article, NewsbriefError

MAX_ARTICLES = 20
# Fetches run here, not in the request's thread, so the request can stop waiting at its deadline.
_FETCHERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsbrief-fetch")


class ArticleIn(BaseModel):
    """One article: pasted ``text``, or ``html`` (``url`` then names its page), or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the article as plain (possibly scraped) text")
    html: str | None = Field(None, description="the article's HTML page")
    url: str | None = Field(None, description="a http(s) URL to fetch, or the page of `html`/`text`")
    title: str | None = Field(None, max_length=500)
    outlet: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_source(self) -> "ArticleIn":
        if self.text is not None and self.html is not None:
            raise ValueError("give either 'text' or 'html', not both")
        if self.text is None and self.html is None and not self.url:
            raise ValueError("give 'text', 'html' or 'url'")
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("'url' must be an http:// or https:// URL")
        return self


class NothingUsable(NewsbriefError):
    """Every article was skipped. ``status``: 422 when the caller's input is at fault (a refused
    URL), 502 when remote pages could not be had, 400 when there was nothing to summarize."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class Skips:
    """What was skipped and why, in the order met; ``kinds`` decides the status if nothing is left."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self.kinds: set[str] = set()

    def add(self, name: str, reason: str, kind: str = "input") -> None:
        reason = reason.removesuffix("; skipped").removeprefix(f"{name}: ").strip()
        self.items.append({"input": name, "reason": reason})
        self.kinds.add(kind)

    def warn(self, message: str) -> None:
        """A ``warn`` callback for the CLI's readers and cleaning: "<name>: <reason>; skipped"."""
        name, _, reason = message.partition(": ")
        self.add(name, reason or message)

    def fetch_failed(self, url: str, error: FetchError) -> None:
        message = str(error)
        self.add(url, message, "refused" if ": refused: " in message else "remote")

    def status(self) -> int:
        return 422 if "refused" in self.kinds else 502 if "remote" in self.kinds else 400


def _fetch_article(url: str, allow_private: bool, timeout: float) -> RawDocument:
    """A URL -> a raw document, or FetchError naming the URL."""
    from ...inputs.fetch import fetch_url
    from ...inputs.sources import decode, looks_html

    page = fetch_url(url, allow_private=allow_private, timeout=timeout, max_bytes=URL_MAX_BYTES)
    text = decode(page.body, url, page.charset)
    kind = "text" if page.content_type == "text/plain" and not looks_html(text) else "html"
    return RawDocument(source=url, data=text, kind=kind, meta={"url": page.final_url})


def _pasted(item: ArticleIn, position: int) -> RawDocument:
    data = item.text if item.text is not None else item.html or ""
    meta = {"url": item.url} if item.url else {}
    return RawDocument(source=item.url or f"Article {position}", data=data, meta=meta,
                       kind="text" if item.text is not None else "html")


def _fetch_all(urls: dict[int, str], allow_private: bool, timeout: float, seconds: float,
               skips: Skips) -> dict[int, RawDocument]:
    """Fetch the links side by side; whatever has not answered within ``seconds`` is skipped."""
    deadline = time.monotonic() + seconds
    futures = {i: _FETCHERS.submit(_fetch_article, url, allow_private, timeout)
               for i, url in urls.items()}
    wait(futures.values(), timeout=max(0.0, deadline - time.monotonic()))
    fetched = {}
    for i, future in futures.items():
        if not future.done():
            future.cancel()  # a fetch still running is left to its own timeout, unread
            skips.add(urls[i], f"no answer within the request's {seconds:g} s deadline", "remote")
            continue
        try:
            fetched[i] = future.result()
        except FetchError as e:
            skips.fetch_failed(urls[i], e)
    return fetched


def read_uploads(uploads: list[tuple[str, bytes]], skips: Skips,
                 allow_private: bool) -> list[RawDocument]:
    """Uploaded files -> raw documents, read as the CLI reads files of those names (feeds
    excepted: fetching their articles is `newsbrief watch`'s job)."""
    from ...inputs.feeds import feed_kind
    from ...inputs.sources import parse_bytes

    raws = []
    for filename, body in uploads:
        name = filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"
        if not body.strip():
            skips.add(name, "the file is empty")
            continue
        if feed_kind(body) is not None:  # its pages would be fetched outside the deadline
            skips.add(name, "a feed or OPML list is not read here: upload or link its articles, "
                            "or follow it with `newsbrief watch`")
            continue
        raws.extend(parse_bytes(body, name, name.lower(), skips.warn, allow_private=allow_private))
    return raws


_BYLINE_OUTLET = re.compile(r"^by\s+[^,|]+[,|]\s*((?:the\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*$",
                            re.I)


def name_from_dropped_lines(article: Article, first_line: str) -> None:
    """A pasted text's title and outlet from the lines cleaning dropped, when cleaning found
    none: a short first line dropped as a "subheading" is its headline, and "By NAME, OUTLET"
    names the outlet. So the page can say "The Guardian" instead of "Article 2"."""
    if article.title is None and first_line and any(
            d.reason == "subheading" and d.text == first_line for d in article.dropped):
        article.title = first_line
    if article.outlet is None:
        for d in article.dropped:
            match = _BYLINE_OUTLET.match(d.text) if d.reason == "byline" else None
            if match:
                article.outlet = match.group(1)
                break


def build_brief(items: list[ArticleIn], words: int, *, allow_private_urls: bool,
                fetch_timeout: float = 10.0, deadline: float = 20.0, summarizer: Any = None,
                uploads: list[tuple[str, bytes]] | None = None) -> dict[str, Any]:
    """Articles in -> the brief's JSON (the CLI schema, plus each document's cleaned ``text``,
    the Markdown rendering and ``skipped``: [{"input", "reason"}]). Links get at most
    ``fetch_timeout`` s each and the whole call ``deadline`` s. Blocking: run it in a thread."""
    from ...pipeline import clean_documents, summarize
    from ...render import render, to_json_dict

    if not items and not uploads:
        raise NewsbriefError("no articles: paste a text, give a URL or upload a file")
    skips = Skips()
    urls = {i: it.url for i, it in enumerate(items) if it.text is None and it.html is None}
    raws: dict[int, RawDocument] = {i: _pasted(it, i + 1) for i, it in enumerate(items)
                                    if i not in urls}
    raws.update(_fetch_all(urls, allow_private_urls, min(fetch_timeout, deadline), deadline, skips))
    for i, raw in raws.items():
        raw.meta.update({k: v for k, v in (("title", items[i].title),
                                           ("outlet", items[i].outlet)) if v})
    ordered = [raws[i] for i in sorted(raws)] + read_uploads(uploads or [], skips, allow_private_urls)
    if len(ordered) > MAX_ARTICLES:
        raise NewsbriefError(f"too many articles: {len(ordered)} (at most {MAX_ARTICLES})")
    articles = clean_documents(ordered, warn=skips.warn)
    first_lines = {r.source: next((x.strip() for x in r.data.splitlines() if x.strip()), "")
                   for r in ordered if r.kind == "text"}
    for article in articles:
        name_from_dropped_lines(article, first_lines.get(article.source, ""))
    if not articles:
        reasons = "; ".join(f"{s['input']}: {s['reason']}" for s in skips.items)
        raise NothingUsable(f"no usable article ({reasons})", skips.status())
    brief = summarize(articles, words=words, summarizer=summarizer)
    data = to_json_dict(brief)
    for doc, article in zip(data["documents"], brief.documents):
        doc["text"] = article.text
    data["markdown"] = render(brief, "markdown")
    data["skipped"] = skips.items
    return data
