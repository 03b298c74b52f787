"""Scraped plain text -> ``Article``: boilerplate lines dropped, headline, outlet cue, author and
date found. Every removed piece is kept in ``Article.dropped`` with a short reason (``--explain``).

The output text has one paragraph per non-empty input line, paragraphs separated by "\\n\\n".
"""
from __future__ import annotations

import re

from ..model import Article, Dropped
from .lines import (GALLERY_REST_WORDS, _BULLET, _CJK, _DATELINE, _GALLERY_COUNTER, _GALLERY_HINTS,
                    _HIGHLIGHTS, _INVISIBLE, _NORM, _ODD_SPACES, _RUNTOGETHER_AT, _SHARE_PREFIX,
                    _STAMP_NEEDS, _TERMINAL, _WIRE_CODE, _WS, _doc_triggers,
                    _is_headline, _key, _may_equal_key, _outlet_cue, _words, classify_line, fold,
                    trailing_stamp)
from .outlets import AGENCIES, outlet_from_url

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a JSON "\\ud800" escape decodes to one) as U+FFFD:
    no encoder can write one out, so a brief quoting it could not be printed or stored."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def _fix_runtogether(text: str) -> str:
    """Insert the missing space in 'Saturday.Los Angeles' but not in 'U.S.', 'WSVN.com', URLs."""

    def needs_space(m: re.Match[str]) -> bool:
        i, punct = m.start(), m.group()
        before = text[max(0, i - 2):i]
        quoted = len(punct) == 2
        if not (before[-1:].islower() and (quoted or before.islower() and len(before) == 2)):
            return False
        start = text.rfind(" ", 0, i) + 1
        end = text.find(" ", i)
        token = text[start:end if end != -1 else len(text)]
        return not ("://" in token or "www." in token or "@" in token or "/" in token)

    # the same as _RUNTOGETHER.sub(lambda m: m.group() + " " if needs_space(m) else m.group(), text)
    cuts = [m.end() for c, pattern in _RUNTOGETHER_AT if c in text
            for m in pattern.finditer(text) if needs_space(m)]
    if not cuts:
        return text
    cuts.sort()
    return " ".join([text[i:j] for i, j in zip([0] + cuts, cuts + [len(text)])])


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped blocks (consecutive lines of similar, column-like width) into paragraphs."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if len(block) >= 3:
            widths = [len(x) for x in block[:-1]]
            if min(widths) >= 40 and max(widths) - min(widths) <= 25 and max(widths) <= 100:
                out.append(" ".join(block))
                block.clear()
                return
        out.extend(block)
        block.clear()

    for line in lines:
        if line:
            block.append(line)
        else:
            flush()
            out.append("")
    flush()
    return out


def _normalise(text: str) -> str:
    """One kind of line break and space; no invisible characters, NULs (PostgreSQL text cannot
    hold one), lone surrogates or newswire typesetting codes."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\xa0", " ")
    if not text.isascii():
        text = replace_surrogates(text)
        if any(c in text for c in _ODD_SPACES):
            text = _WS.sub(" ", _INVISIBLE.sub("", text))
    if "&" in text:  # leftover newswire typesetting codes ("... &QL;", "&UR; (Distributed by ...)")
        text = _WIRE_CODE.sub("", text)
    return text


class _Triggers:
    """What classify_line needs of ``_doc_triggers(text)`` for a line, computed on demand.

    It only reads them for lines of <= 60 words, and only those that occur in the line. A
    trigger in such a line, when the input line itself is < 60 spaces (no unwrapping), occurs in
    the text iff it occurs in the text's lines of < 60 spaces: so only those are searched (long
    paragraphs are a third of a scraped article), and only once a line needs them (many texts
    have no short line at all).
    """

    def __init__(self, text: str, raw_lines: list[str], unwrapped: bool) -> None:
        self.text, self.raw_lines, self.unwrapped = text, raw_lines, unwrapped
        self.found: dict[bool, tuple[str, ...]] = {}

    def of(self, source_line: str, line: str) -> tuple[str, ...]:
        if line.count(" ") >= 60:
            return ()
        short = not self.unwrapped and source_line.count(" ") < 60
        if short not in self.found:
            self.found[short] = _doc_triggers(
                "\n".join([x for x in self.raw_lines if x.count(" ") < 60]) if short else self.text)
        return self.found[short]


def _author_of(byline: str) -> str | None:
    author = re.sub(r"(?i)^(?:[-—–]+|(?:story |written |words |reporting )?by)\s*", "", byline).rstrip(" .|")
    return re.split(r"\s*[,/|]\s*", author)[0] or None


def _date_of(stamp: str) -> str | None:
    return re.sub(r"(?i)^[\s/|·•-]*(?:last updated|updated|posted|published|first published|modified)?[\s:]*",
                  "", stamp).strip() or None


def _line_reason(line: str, triggers: tuple[str, ...], rest_words: int, related_list: bool) -> str | None:
    """Why a body line is boilerplate (None: it is prose): the line rules, a photo gallery, a
    link in a related-stories list, a short subheading."""
    reason = classify_line(line, triggers)
    folded = fold(line) if reason is None and rest_words >= GALLERY_REST_WORDS else ""
    if any(h in folded for h in _GALLERY_HINTS) and len(_GALLERY_COUNTER.findall(line)) >= 2:
        # the captions of a photo gallery, run into one line of any length ("Photos: ...
        # Hide Caption 1 of 15 Photos: ..."); when it is all the text there is, it stays
        reason = "photo gallery"
    if reason is None and related_list and not _TERMINAL.search(line) and _words(line) <= 20:
        reason = "related links"
    if reason is None and len(line) <= 60 and _words(line) <= 6 and not _TERMINAL.search(line) \
            and not _CJK.search(line) and line[0] not in "\"“‘'" and not line.endswith(","):
        reason = "subheading"
    return reason


def clean_text(text: str, *, source: str | None = None, title: str | None = None,
               outlet: str | None = None, url: str | None = None, date: str | None = None,
               author: str | None = None) -> Article:
    """Clean scraped plain text: drop boilerplate lines, find the headline, outlet cues, author."""
    dropped: list[Dropped] = []
    cue: str | None = None
    text = _normalise(text)
    lines = raw_lines = [x.strip() for x in text.split("\n")]
    unwrapped = any(len(x) >= 40 for x in lines[:50]) and lines.count("") < len(lines) / 4
    if unwrapped:
        lines = _unwrap(lines)
    lines = [x for x in lines if x]
    # unwrapped: the triggers of the joined lines ("not\nfound" is "not found" once joined)
    triggers = _Triggers("\n".join(lines) if unwrapped else text, raw_lines, unwrapped)
    kept: list[str] = []
    total_words = " ".join(lines).count(" ") + 1 if lines else 0  # sum of _words(x) over the lines
    related_list = False  # inside a list of links after "Related stories:"
    keyed_title, title_key = None, ""  # _key(title), computed once per title

    for i, line in enumerate(lines):
        if line[0] in "*•·▪►-":
            line = _BULLET.sub("", line)
            if not line:
                continue
        # (?i) "s" also matches "ſ": only lines starting so can match
        highlights = _HIGHLIGHTS.match(line) if line[0] in "sSſ" else None
        if highlights:  # CNN's "Story highlights <first bullet>": keep the bullet as body text
            dropped.append(Dropped(highlights.group().strip(), "story highlights label"))
            line = line[highlights.end():]
        elif i == 0 and not kept:
            low = line.lower()
            stamp = trailing_stamp(line) if any(x in low for x in _STAMP_NEEDS) else None
            if stamp and stamp.start() > 0:
                dropped.append(Dropped(stamp.group().strip(), "updated stamp"))
                line = line[:stamp.start()].rstrip()
            if _is_headline(line, total_words - _words(line)) and classify_line(line, triggers.of(lines[i], line)) is None:
                dropped.append(Dropped(line, "headline" if title is not None else "headline (used as title)"))
                title = line if title is None else title
                continue
        share = _SHARE_PREFIX.match(line) if line[:1] in "rRsSſ" else None
        if share:
            rest = line[share.end():]
            if title and rest and _NORM.sub(" ", rest).lower().strip() == _NORM.sub(" ", title).lower().strip():
                dropped.append(Dropped(line, "share line (headline repeated)"))
            else:
                dropped.append(Dropped(line, "share buttons"))
                if title is None and rest and _words(rest) <= 25:
                    title = rest
            continue
        if title:
            if title is not keyed_title:
                keyed_title, title_key = title, _key(title)
            if _may_equal_key(line, title_key) and _key(line) == title_key:
                dropped.append(Dropped(line, "headline repeated"))
                continue
        reason = _line_reason(line, triggers.of(lines[i], line), total_words - _words(line), related_list)
        if related_list and reason is None:
            related_list = False  # prose again: the list of links has ended
        if reason is not None:
            if reason == "related links" and line.endswith(":"):
                related_list = True
            c = _outlet_cue(line)
            if c and i >= len(lines) - 4:
                cue = cue or c
            if reason == "byline" and author is None:
                author = _author_of(line)
            if reason in ("date stamp", "updated stamp") and date is None:
                date = _date_of(line)
            dropped.append(Dropped(line, reason))
            continue
        if not kept:  # a dateline opens the first body paragraph: "SEATTLE (AP) — ..."
            d = _DATELINE.match(line)
            if d and (d.group("agency") or len(d.group("place")) >= 4):
                agency = d.group("agency")
                if agency:
                    cue = cue or AGENCIES.get(agency.upper(), agency)
                dropped.append(Dropped(line[:d.end()].strip(), "dateline"))
                line = line[d.end():]
        kept.append(line)
    if outlet is None:
        outlet = outlet_from_url(url) or cue
    return Article(text=_fix_runtogether("\n\n".join(kept)), title=title, outlet=outlet, author=author, date=date,
                   url=url, source=source, dropped=dropped)
