"""HTML page -> ``Article``: trafilatura and readability-lxml extract the text, then the
plain-text rules clean it; ``clean`` routes any raw input document to the right path."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Article
from .outlets import outlet_from_filename, outlet_from_url
from .text import clean_text, replace_surrogates

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs.sources import RawDocument

def extract_html(html: str, url: str | None = None) -> dict[str, Any]:
    """Main text and metadata of a web page, via trafilatura (imported here: it is slow to import)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return {}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: d.get(k) for k in ("text", "title", "author", "date", "sitename", "url", "hostname")}


_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "br",
               "section", "article", "figcaption", "dd", "dt")


def readability_extract(html: str, url: str | None = None) -> str:
    """Main text by readability-lxml (optional dependency); "" when unavailable or on failure."""
    try:
        from readability import Document
    except ImportError:
        return ""
    try:
        import lxml.html

        tree = lxml.html.fromstring(Document(html, url=url).summary(html_partial=True))
    except Exception:  # readability raises many kinds of errors on odd pages
        return ""
    for el in tree.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(x.split()) for x in tree.text_content().split("\n"))
    return "\n".join(x for x in lines if x)


def choose_extraction(trafilatura_text: str, readability_text: str) -> str:
    """Pick one page text: the two extractors fail on different pages (GUIDE §6).

    readability's text wins when trafilatura's is much shorter (it missed part of the body) or
    when readability's is substantial yet clearly shorter (trafilatura kept boilerplate). The
    thresholds were measured on ../shared/data/extraction (see docs/cleaning.md).
    """
    t, r = len(trafilatura_text.split()), len(readability_text.split())
    if not r:
        return trafilatura_text
    if t < 0.6 * r or (r >= 50 and r < 0.8 * t):
        return readability_text
    return trafilatura_text


def clean_html(html: str, *, url: str | None = None, source: str | None = None) -> Article:
    """HTML page -> Article: trafilatura's text (then the plain-text rules) and its metadata."""
    meta = extract_html(html, url=url)
    text = choose_extraction(meta.get("text") or "", readability_extract(html, url=url))
    page_url = url or meta.get("url")
    article = clean_text(text, source=source, title=meta.get("title") or None,
                         outlet=meta.get("sitename") or None, url=page_url,
                         date=meta.get("date") or None, author=meta.get("author") or None)
    if article.outlet is None:
        article.outlet = outlet_from_url(page_url) or outlet_from_url(meta.get("hostname"))
    return article


def clean(raw: "RawDocument") -> Article:
    """A raw document (from ``inputs.read_inputs``) -> Article; metadata given with it wins."""
    meta = {k: raw.meta.get(k) or None for k in ("title", "outlet", "url", "date", "author")}
    meta = {k: _plain(v) if isinstance(v, str) else v for k, v in meta.items()}
    if raw.kind == "html":
        article = clean_html(_plain(raw.data), url=meta["url"], source=raw.source)
        for key, value in meta.items():
            if value:
                setattr(article, key, value)
    else:
        article = clean_text(raw.data, source=raw.source, **meta)
        if article.outlet is None:
            article.outlet = outlet_from_filename(raw.source)
    ident = raw.meta.get("id") or None
    article.id = _plain(ident) if isinstance(ident, str) else ident
    return article


def _plain(text: str) -> str:
    """No lone surrogates, no NULs: every store (PostgreSQL text) and encoder takes the rest."""
    return replace_surrogates(text).replace("\x00", "")
