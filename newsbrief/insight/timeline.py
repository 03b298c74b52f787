"""When things happened: the dated events of a story's articles, in date order.

A dated event is a sentence that says when something happened, with the date resolved to the
calendar: a full date as written ("March 3, 2015"), a month of a year ("in March 2014"), a year
("in 2013"), or a date relative to the article's publication date ("Monday", "yesterday", "last
week") — the last only when the article has a date (``Article.date``: trafilatura reads it from
HTML with htmldate, cleaning from a "Published ..." line; dateparser reads it and resolves the
relative ones). Precision first: a date after "since", "until", "by" ... marks a span or a
deadline, not an event, a weekday after "will"/"next" is in the future and ambiguous, a month and
day without a year and without a publication date cannot be placed, so all are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Sequence

from ..model import Article, Brief
from .story import outlet_label, story_sentences

MAX_SHOWN = 10  # events shown in text/Markdown; JSON has them all
MAX_WORDS = 150  # a longer "sentence" is a list or boilerplate (raw dev100: one of 249, 487 words)
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|last night|this (?:morning|afternoon|evening)"
    r"|(?:on |last |this )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:last|this) (?:week|weekend|month|year))\b", re.IGNORECASE)
_ABSOLUTE = re.compile(
    r"\b(?P<prep>in|on|of|since|until|till|by|before|after|through|from|to|between|and)?\s*"
    r"(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
    r"(?:19|20)\d\d|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(?:19|20)\d\d"
    r"|(?<=in )(?:19|20)\d\d(?![\w-]))\b")
_NOT_EVENT = frozenset("since until till by before after through from to between and".split())
_FUTURE = re.compile(r"\b(?:will|would|may|could|might|next|as soon as|plans? to|scheduled|expected to)\b[^.]{0,40}$", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“][^\"”]*[\"”]")
# every _ABSOLUTE match holds a digit, every _RELATIVE one one of these words: a cheap test first
_DIGIT = re.compile(r"\d")
_MAY_DATE = re.compile(r"\d|day|night|morning|afternoon|evening|week|month|year", re.IGNORECASE)
_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@dataclass(frozen=True)
class TimelineEvent:
    """A sentence that dates an event: ``date`` is ISO (YYYY-MM-DD, YYYY-MM or YYYY by
    ``precision``), ``when`` the words that say it, ``resolved_from`` "text" or "publication
    date" (for relative dates)."""

    date: str
    precision: str
    when: str
    sentence: str
    document: int
    index: int
    outlet: str
    resolved_from: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "precision": self.precision, "when": self.when,
                "sentence": self.sentence, "document": self.document, "index": self.index,
                "outlet": self.outlet, "resolved_from": self.resolved_from}


def from_dict(d: dict[str, Any]) -> TimelineEvent:
    return TimelineEvent(**d)


def for_brief(brief: Brief) -> list[TimelineEvent]:
    return find_events(brief.documents)


def find_events(documents: Sequence[Article]) -> list[TimelineEvent]:
    """The dated events of all articles, in date order; a sentence two outlets share once."""
    events, seen = [], set()
    for doc, (article, sentences) in enumerate(zip(documents, story_sentences(documents))):
        published = publication_date(article.date)
        for s in sentences:
            found = _dated(s.text, published)
            if found and s.n_words > MAX_WORDS:
                continue  # a list or legal boilerplate ("... for the fiscal year ended December 31"), not an event
            if found and (found[0], s.text) not in seen:
                seen.add((found[0], s.text))
                iso, precision, when, relative = found
                events.append(TimelineEvent(iso, precision, when, s.text, doc, s.index,
                                            outlet_label(article, doc),
                                            "publication date" if relative else "text"))
    return sorted(events, key=lambda e: (e.date, e.document, e.index))


@lru_cache(maxsize=256)
def publication_date(stamp: str | None) -> date | None:
    """An article's date as written (ISO from trafilatura, "July 14, 2015 3:45 PM" from a
    stamp line), None when absent or unreadable."""
    if not stamp or not re.search(r"(?:19|20)\d\d", stamp):
        return None  # "6:25 p.m." alone: dateparser would take it as today
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        import dateparser

        parsed = dateparser.parse(stamp, languages=["en"], settings=_SETTINGS)
        return parsed.date() if parsed else None


def _dated(text: str, published: date | None) -> tuple[str, str, str, bool] | None:
    """(ISO date, precision, the words, relative?) of the first event date of a sentence."""
    if not (_MAY_DATE if published else _DIGIT).search(text):
        return None  # most sentences: no year, and no word a relative date is made of
    unquoted = _QUOTE.sub(lambda m: " " * len(m.group(0)), text)  # a quote's "today" is not ours
    for m in _ABSOLUTE.finditer(unquoted):
        if (m.group("prep") or "").lower() in _NOT_EVENT or unquoted[:m.start()].rstrip().endswith(" as"):
            continue  # a span, a deadline, or "as of May 2017": a point of reference, no event
        return (*_calendar(m.group("date")), m.group("date"), False)
    if published is None:
        return None
    for m in _RELATIVE.finditer(unquoted):
        if _FUTURE.search(unquoted[:m.start()]):
            continue
        resolved = _resolve(m.group(0), published)
        if resolved:
            return (*resolved, m.group(0), True)
    return None


def _calendar(words: str) -> tuple[str, str]:
    """A written date with its year as (ISO, precision)."""
    from .values import date_value

    month, day, year = date_value(words)
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if month:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


@lru_cache(maxsize=1024)
def _resolve(words: str, published: date) -> tuple[str, str] | None:
    """A relative date against the publication date, with dateparser: (ISO, precision)."""
    import dateparser

    phrase = re.sub(r"(?i)^on\s+|^this (?=morning|afternoon|evening)|^last (?=night)", "", words).strip()
    phrase = {"tonight": "today", "morning": "today", "afternoon": "today", "evening": "today",
              "night": "yesterday"}.get(phrase.lower(), phrase)
    if phrase.lower() == published.strftime("%A").lower():
        return published.isoformat(), "day"  # "Tuesday" in a Tuesday's article: that day
    base = datetime(published.year, published.month, published.day, 12)
    parsed = dateparser.parse(phrase, languages=["en"], settings={**_SETTINGS, "RELATIVE_BASE": base})
    if parsed is None or parsed.date() > published:
        return None
    low = phrase.lower()
    if low.endswith(("week", "weekend")):
        return None  # a week is no date to put in order
    if low.endswith("month"):
        return f"{parsed.year:04d}-{parsed.month:02d}", "month"
    if low.endswith("year"):
        return f"{parsed.year:04d}", "year"
    return parsed.date().isoformat(), "day"


def render_lines(items: Sequence[TimelineEvent], brief: Brief, markdown: bool) -> list[str]:
    """One line per event, earliest first: date, sentence, citation."""
    from ..render import escape_markdown

    lines = []
    for event in items[:MAX_SHOWN]:
        text = escape_markdown(event.sentence) if markdown else event.sentence
        lines.append(("- " if markdown else "  - ") + f"{event.date}: {text} [{event.document + 1}]")
    if len(items) > MAX_SHOWN:
        lines.append(("- " if markdown else "  - ") + f"and {len(items) - MAX_SHOWN} more (JSON lists all)")
    return lines
