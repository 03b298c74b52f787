"""Inputs -> raw documents: paths, directories, globs, ``-`` (stdin), http(s) URLs, JSON/JSONL.

Inputs are untrusted (GUIDE §5): sizes are capped before reading, bytes are decoded with
detection, binary files are recognised and skipped. A bad input is reported through ``warn``
(one line naming it) and the others are still read; only "several story clusters given to a
one-story command" is an error.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..model import NewsbriefError

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom", ".opml")
META_KEYS = ("id", "title", "outlet", "url", "date", "author")
MAX_BYTES = 50_000_000
URL_MAX_BYTES = 5_000_000

Warn = Callable[[str], None]


@dataclass
class RawDocument:
    """One article before cleaning: its text (or HTML) and where it came from."""

    source: str  # a path, URL, "<stdin>", "file.jsonl:3" or "file.jsonl:3[1]"
    data: str
    kind: str  # "text" | "html"
    meta: dict[str, Any] = field(default_factory=dict)  # title/outlet/url/date/author when known
    cluster: str | None = None  # set when the document came from a cluster record


def _warn_stderr(message: str) -> None:
    print(f"newsbrief: warning: {message}", file=sys.stderr)


def read_inputs(specs: list[str], *, warn: Warn = _warn_stderr, allow_private_urls: bool = True,
                max_bytes: int = MAX_BYTES, allow_many_clusters: bool = False) -> list[RawDocument]:
    """Read every input spec into raw documents, in the order given (directory members sorted).

    Raises NewsbriefError when the inputs hold more than one cluster record (``summarize``
    is for one story; ``newsbrief batch`` handles many) unless ``allow_many_clusters``.
    """
    docs: list[RawDocument] = []
    for spec in specs:
        docs.extend(_read_spec(spec, warn, allow_private_urls, max_bytes))
    clusters = list(dict.fromkeys(d.cluster for d in docs if d.cluster is not None))
    if len(clusters) > 1 and not allow_many_clusters:
        raise NewsbriefError(
            f"{clusters[0]}: the input holds {len(clusters)} story clusters, but summarize "
            "handles one story; use `newsbrief batch` for many clusters")
    return docs


# ---------------------------------------------------------------- specs -> files


def _read_spec(spec: str, warn: Warn, allow_private: bool, max_bytes: int) -> Iterator[RawDocument]:
    if spec == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            warn(f"<stdin>: input is over the {_mb(max_bytes)} limit; skipped")
            return
        yield from parse_bytes(data, "<stdin>", "", warn, allow_private=allow_private)
        return
    if re.match(r"(?i)^https?://", spec):
        yield from _read_url(spec, warn, allow_private, max_bytes)
        return
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and _supported(p))
        if not files:
            warn(f"{spec}: directory has no .txt, .html, .htm, .json, .jsonl or feed files")
        for p in files:
            yield from _read_file(p, warn, max_bytes, allow_private)
    elif path.exists():
        yield from _read_file(path, warn, max_bytes, allow_private)
    elif glob.has_magic(spec):
        matches = sorted(p for p in glob.glob(os.path.expanduser(spec), recursive=True)
                         if os.path.isfile(p))
        if not matches:
            warn(f"{spec}: no files match this pattern")
        for p in matches:
            yield from _read_file(Path(p), warn, max_bytes, allow_private)
    else:
        warn(f"{spec}: no such file or directory")


def _supported(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(SUFFIXES)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _read_file(path: Path, warn: Warn, max_bytes: int, allow_private: bool) -> Iterator[RawDocument]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            warn(f"{source}: file is {size / 1_000_000:.1f} MB, over the {_mb(max_bytes)} input limit; skipped")
            return
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as f:
                data = f.read(max_bytes + 1)
            if len(data) > max_bytes:
                warn(f"{source}: decompresses to over the {_mb(max_bytes)} input limit; skipped")
                return
        else:
            data = path.read_bytes()
    except (OSError, EOFError, zlib.error) as e:
        reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
        warn(f"{source}: cannot read ({reason}); skipped")
        return
    yield from parse_bytes(data, source, path.name.lower().removesuffix(".gz"), warn,
                           allow_private=allow_private)


def _read_url(url: str, warn: Warn, allow_private: bool, max_bytes: int) -> Iterator[RawDocument]:
    from .fetch import ACCEPTED_TYPES, FEED_TYPES, FetchError, fetch_url

    try:
        page = fetch_url(url, allow_private=allow_private, max_bytes=min(max_bytes, URL_MAX_BYTES),
                         accept=ACCEPTED_TYPES + FEED_TYPES)
    except FetchError as e:
        warn(f"{e}; skipped")
        return
    suffix = {"application/json": ".json", "text/plain": ".txt"}.get(page.content_type, ".html")
    for doc in parse_bytes(page.body, url, suffix, warn, charset=page.charset,
                           allow_private=allow_private):
        doc.meta.setdefault("url", page.final_url)
        yield doc


# ---------------------------------------------------------------- bytes -> documents


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """Bytes to text: BOM, declared charset, UTF-8, then detection. Raises NewsbriefError."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise NewsbriefError(f"{source}: starts with a {codec} byte-order mark but "
                                     "cannot be decoded as it") from None
    if _looks_binary(data):
        raise NewsbriefError(f"{source}: looks binary; skipped")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NewsbriefError(f"{source}: cannot detect the text encoding; skipped")
    # Short Western texts fit many single-byte code pages equally well; the web's legacy
    # default (WHATWG maps latin-1 to windows-1252) is the likeliest of those that fit.
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and WESTERN & set(match.could_be_from_charset):
            return str(match)
    return str(best)


WESTERN = {"cp1252", "latin_1", "iso8859_15"}
_CONTROL = bytes(i for i in range(32) if i not in (9, 10, 12, 13, 27))
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL) + b"]")


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (text has almost none)."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    return bool(head) and len(_CONTROL_RE.findall(head)) > 0.05 * len(head)


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)\b", re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:p|div|span|br|a|h[1-6]|body|head|article|section|script|li|meta|title)\b[^>]*>", re.I)


def looks_html(text: str) -> bool:
    """True when text clearly is an HTML document (scraped plain text rarely starts with a tag)."""
    if _HTML_START.match(text[:4096]):
        return True
    head = text[:20000]
    return head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= 3


def parse_bytes(data: bytes, source: str, name: str, warn: Warn, charset: str | None = None, *,
                allow_private: bool) -> Iterator[RawDocument]:
    """The documents of one input's bytes (a feed's items, JSON/JSONL records, HTML or text);
    ``allow_private`` has no default: a feed read from anywhere fetches its links under the
    caller's rule."""
    from .feeds import feed_kind

    kind = feed_kind(data)
    if kind is not None:  # an RSS/Atom feed (its items' articles) or an OPML list of feeds
        from .feeds import documents_of

        yield from documents_of(data, source, kind, warn, allow_private=allow_private)
        return
    try:
        text = decode(data, source, charset)
    except NewsbriefError as e:
        msg = str(e)
        warn(msg if msg.endswith("skipped") else msg + "; skipped")
        return
    if not text.strip():
        warn(f"{source}: empty; skipped")
        return
    if name.endswith(".jsonl"):
        yield from _parse_jsonl(text, source, warn)
    elif name.endswith(".json"):
        yield from _parse_json(text, source, warn)
    elif name.endswith((".html", ".htm")):
        yield RawDocument(source=source, data=text, kind="html")
    elif name.endswith(".txt"):
        yield RawDocument(source=source, data=text, kind="html" if looks_html(text) else "text")
    else:  # stdin or an unknown extension: sniff JSON, then HTML, else text
        stripped = text.lstrip()
        if stripped[:1] in "{[":
            try:
                value = json.loads(text)
            except ValueError:
                if stripped[:1] == "{":
                    yield from _parse_jsonl(text, source, warn)
                    return
            else:
                yield from _records(value, source, warn)
                return
        yield RawDocument(source=source, data=text, kind="html" if looks_html(text) else "text")


def _parse_json(text: str, source: str, warn: Warn) -> Iterator[RawDocument]:
    try:
        value = json.loads(text)
    except ValueError as e:
        warn(f"{source}: not valid JSON ({e}); skipped")
        return
    yield from _records(value, source, warn)


def _records(value: Any, source: str, warn: Warn) -> Iterator[RawDocument]:
    if isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield from _record(item, f"{source}:{i}" if len(value) > 1 else source, warn)
    else:
        yield from _record(value, source, warn)


def _parse_jsonl(text: str, source: str, warn: Warn) -> Iterator[RawDocument]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            warn(f"{source}:{lineno}: not valid JSON; skipped")
            continue
        yield from _record(value, f"{source}:{lineno}", warn)


def _record(rec: Any, source: str, warn: Warn, cluster: str | None = None) -> Iterator[RawDocument]:
    """One JSON value: an article record, a cluster record ({"documents": [...]}) or a string."""
    if isinstance(rec, str):
        if rec.strip():
            yield RawDocument(source=source, data=rec, kind="html" if looks_html(rec) else "text",
                              cluster=cluster)
        else:
            warn(f"{source}: empty document; skipped")
        return
    if not isinstance(rec, dict):
        warn(f"{source}: a JSON record must be an object or a string, not {type(rec).__name__}; skipped")
        return
    if isinstance(rec.get("documents"), list) and cluster is None:
        name = str(rec["id"]) if rec.get("id") not in (None, "") else source
        for i, doc in enumerate(rec["documents"]):
            yield from _record(doc, f"{source}[{i}]", warn, cluster=name)
        return
    meta = {k: str(rec[k]) for k in META_KEYS if rec.get(k) not in (None, "")}
    if "outlet" not in meta:
        for alias in ("site", "sitename", "source_name"):
            if isinstance(rec.get(alias), str) and rec[alias].strip():
                meta["outlet"] = rec[alias].strip()
                break
    text, html = rec.get("text"), rec.get("html")
    if isinstance(text, str) and text.strip():
        yield RawDocument(source=source, data=text, kind="html" if looks_html(text) else "text",
                          meta=meta, cluster=cluster)
    elif isinstance(html, str) and html.strip():
        yield RawDocument(source=source, data=html, kind="html", meta=meta, cluster=cluster)
    elif "text" in rec or "html" in rec:
        warn(f"{source}: empty article record; skipped")
    else:
        warn(f"{source}: JSON record has no 'text', 'html' or 'documents' field; skipped")
