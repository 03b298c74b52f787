"""Output formats: plain text, Markdown with [n] citations, JSON (schema in docs/json.md), HTML.

Citation numbers are 1-based positions in ``Brief.documents``; each sentence cites its own source
first, then the other articles that support it.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from .insight import section_lines
from .model import Article, Brief, BriefSentence

FORMATS = ("text", "markdown", "json", "html")
SCHEMA_VERSION = 1

# CommonMark: any ASCII punctuation may be backslash-escaped. These start markup anywhere in a
# line (inline HTML, emphasis, code, links, strikethrough); "&" only where it would start an entity.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|])|&(?=#?\w+;)")
# ... and these only at the start of a line: heading, quote, list item, thematic break, setext.
_MD_LINE_START = re.compile(r"^([ \t]*)([#>+=-]|\d{1,9}(?=[.)]))", re.M)


def escape_markdown(text: str) -> str:
    """Text from an article, safe inside Markdown: it renders as the same characters, never as
    HTML (``<script>``, ``<img onerror>``), a link, emphasis or a heading. Every Markdown renderer
    that follows CommonMark reads the backslash escapes; the words stay readable as plain text."""
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():  # "1." / "1)" would start an ordered list: escape its punctuation
        return indent + marker + "\\"
    return indent + "\\" + marker


def markdown_link(url: str | None) -> str:
    """An http(s) URL as an autolink; anything else (javascript:, a path) as escaped text."""
    if not url:
        return ""
    if re.fullmatch(r"https?://[^\s<>]+", url, re.I):
        return f"<{url}>"
    return escape_markdown(url)


def source_label(article: Article, index: int) -> str:
    """A short human name for an article: its outlet, else title, else where it came from."""
    return article.outlet or article.title or article.source or f"Article {index + 1}"


def citation_numbers(sentence: BriefSentence) -> list[int]:
    """The sources of a sentence, ascending ([1][2]): the article it was taken from and those
    that report the same content (JSON keeps the two apart: ``document`` and ``support``)."""
    return sorted({sentence.document + 1, *(d + 1 for d in sentence.support)})


def to_json_dict(brief: Brief, explain: bool = False) -> dict[str, Any]:
    data = brief.to_dict(explain=explain)
    data["schema_version"] = SCHEMA_VERSION
    data["text"] = brief.text
    for i, (doc, article) in enumerate(zip(data["documents"], brief.documents)):
        doc["index"] = i
        doc["label"] = source_label(article, i)
    return data


def _source_lines(brief: Brief, markdown: bool) -> list[str]:
    esc = escape_markdown if markdown else str
    lines = []
    for i, a in enumerate(brief.documents):
        label = source_label(a, i)
        parts = [esc(label)]
        if a.title and a.title != label:
            parts.append(f"“{esc(a.title)}”")
        if a.url:
            parts.append(markdown_link(a.url) if markdown else a.url)
        elif a.source and a.source != label:
            parts.append(esc(a.source))
        if a.copies:
            parts.append("the same text also from " + ", ".join(
                esc(c.outlet or c.url or c.source or "another input") for c in a.copies))
        prefix = f"{i + 1}. " if markdown else f"[{i + 1}] "
        lines.append(prefix + " — ".join(parts))
    return lines


def to_text(brief: Brief, citations: bool = True) -> str:
    body = " ".join(
        s.text + ("" if not citations else " " + "".join(f"[{n}]" for n in citation_numbers(s)))
        for s in brief.sentences
    )
    out = [body]
    if citations:
        out += ["", "Sources:"] + _source_lines(brief, markdown=False)
    out += [f"Note: {n}" for n in brief.notes]
    out += section_lines(brief, markdown=False)
    return "\n".join(out) + "\n"


def to_markdown(brief: Brief) -> str:
    body = " ".join(
        escape_markdown(s.text) + "".join(f"[{n}]" for n in citation_numbers(s))
        for s in brief.sentences
    )
    out = [body, "", "**Sources**", ""] + _source_lines(brief, markdown=True)
    if brief.notes:
        out += [""] + [f"_Note: {escape_markdown(n)}_" for n in brief.notes]
    out += section_lines(brief, markdown=True)
    return "\n".join(out) + "\n"


def to_html(brief: Brief) -> str:
    esc = html.escape
    sentences = " ".join(
        f'<span class="s" data-doc="{s.document}" data-start="{s.offsets[0]}" '
        f'data-end="{s.offsets[1]}">{esc(s.text)}'
        + "".join(f'<sup><a href="#src{n}">[{n}]</a></sup>' for n in citation_numbers(s))
        + "</span>"
        for s in brief.sentences
    )
    items = []
    for i, a in enumerate(brief.documents):
        label = esc(source_label(a, i))
        title = f" — “{esc(a.title)}”" if a.title and a.title != source_label(a, i) else ""
        safe_url = a.url and a.url.lower().startswith(("http://", "https://"))
        link = f' — <a href="{esc(a.url)}">{esc(a.url)}</a>' if safe_url else (
            f" — {esc(a.url)}" if a.url else "")
        items.append(f'<li id="src{i + 1}">{label}{title}{link}</li>')
    notes = "".join(f"<p class=\"note\">{esc(n)}</p>" for n in brief.notes)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>newsbrief</title></head><body>\n"
        f"<article><p>{sentences}</p>{notes}</article>\n"
        f"<h2>Sources</h2><ol>{''.join(items)}</ol>\n</body></html>\n"
    )


def render(brief: Brief, fmt: str = "text", explain: bool = False, compact: bool = False) -> str:
    """Render a brief as ``text``, ``markdown``, ``json`` or ``html``.

    ``compact``: JSON on one line (what batch jobs and the web API send; several times faster
    to write than the indented form, which is for people reading it).
    """
    if fmt == "text":
        return to_text(brief)
    if fmt == "markdown":
        return to_markdown(brief)
    if fmt == "json":
        return json.dumps(to_json_dict(brief, explain=explain), ensure_ascii=False,
                          indent=None if compact else 2) + "\n"
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
