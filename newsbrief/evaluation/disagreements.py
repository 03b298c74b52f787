"""Injected conflicts (GUIDE §3): how many planted disagreements the disagreements section finds,
and how many it flags on clusters left as they are.

In each cluster of two or more articles one number, date or name is changed in one article's
sentence whose fact another article also states: a sentence of another article states the same
value and shares at least SAME_FACT content terms with it (whole sentences, not the detector's
window around the value, so the protocol does not grade the detector by its own rule), and
at least SAME_SHARE of their terms (a name that is the story's subject is in many sentences
about other things). The
change is recorded; it is found when a disagreement lists the changed sentence with the new value.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ..insight.disagreements import Disagreement, find_disagreements
from ..insight.story import story_sentences
from ..insight.values import MONTHS, WEEKDAYS, Mention, mentions
from ..model import Article
from ..text.tokens import content_terms

SAME_FACT, SAME_SHARE = 4, 0.25  # content terms two sentences share (and their share of both)
KINDS = ("number", "date", "name")
_WORDS = {i: w for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_MONTH_NAMES = [m.capitalize() for m in MONTHS.split()]


@dataclass(frozen=True)
class Injection:
    """Article ``document``'s sentence ``index`` now says ``new`` where it said ``old``."""

    kind: str
    document: int
    index: int
    old: str
    new: str


@dataclass
class Result:
    """Counts over a file: injected and found per kind, flags on unaltered clusters per kind."""

    clusters: int = 0
    injected: Counter = None
    found: Counter = None
    flags: Counter = None
    unaltered: int = 0

    def __post_init__(self):
        self.injected, self.found, self.flags = Counter(), Counter(), Counter()

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.injected.values()))

    @property
    def flags_per_cluster(self) -> float:
        return sum(self.flags.values()) / max(1, self.unaltered)


def sites(articles: Sequence[Article]) -> list[tuple[int, Mention, int]]:
    """Values another article also states: (document, mention, sentence index), in text order."""
    docs = story_sentences(articles)
    stated: dict[tuple, set[tuple[int, frozenset]]] = {}
    found = []
    for d, (article, sentences) in enumerate(zip(articles, docs)):
        for s in sentences:
            terms = frozenset(content_terms(s.text))
            for m in mentions(s.text):
                stated.setdefault((m.kind, m.value), set()).add((d, terms))
                found.append((d, m, s.index, terms))
    return [(d, m, index) for d, m, index, terms in found
            if any(o != d and len(terms & other) >= max(SAME_FACT, SAME_SHARE * len(terms | other))
                   for o, other in stated[(m.kind, m.value)])]


def inject(articles: Sequence[Article], rng: random.Random, names: Sequence[str]) -> tuple[list[Article], Injection] | None:
    """The articles with one value changed (a site chosen by ``rng``), or None when no site."""
    candidates = sites(articles)
    if not candidates:
        return None
    d, m, index = rng.choice(candidates)
    sentence = story_sentences(articles)[d][index]
    new = _changed(m, rng, [n for n in names if n.lower() not in articles[d].text.lower()])
    if new is None or new == m.text:
        return None
    start, end = sentence.start + m.start, sentence.start + m.end
    text = articles[d].text
    changed = list(articles)
    changed[d] = replace(articles[d], text=text[:start] + new + text[end:])
    return changed, Injection(m.kind, d, index, m.text, new)


def _changed(m: Mention, rng: random.Random, names: Sequence[str]) -> str | None:
    """Another value of the same form: a number off by a step or a factor, another day, month,
    year or weekday, a name with another surname."""
    if m.kind == "name":
        return " ".join(m.text.split()[:-1] + [rng.choice(names)]) if names else None
    if m.kind == "date":
        return _other_date(m.text, rng)
    value = float(m.value)
    if value < 20 and value == int(value):
        step = int(value) + rng.choice([1, 2, 3])
        word = m.text.split()[0].lstrip("$").lower()
        new = _WORDS[step].capitalize() if word.isalpha() and step in _WORDS and m.text[0].isupper() \
            else _WORDS.get(step, str(step)) if word.isalpha() else str(step)
        return m.text.replace(m.text.split()[0].lstrip("$"), new, 1)
    digits = re.match(r"\$?([\d,.]*\d)?", m.text).group(1)
    if not digits:
        return None  # a number word past twenty ("forty"): leave it
    number = float(digits.replace(",", "")) * rng.choice([0.6, 1.5, 2.0])
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    new = f"{number:,.{decimals}f}" if "," in digits else f"{number:.{decimals}f}"
    return m.text.replace(digits, new, 1)


def _other_date(text: str, rng: random.Random) -> str:
    words = text.split()
    for k, w in enumerate(words):
        core = w.rstrip(",.")
        if core.lower() in WEEKDAYS:
            words[k] = rng.choice([d.capitalize() for d in WEEKDAYS if d != core.lower()])
            return " ".join(words)
        if core.isdigit() and len(core) <= 2:
            words[k] = w.replace(core, str(int(core) % 27 + rng.choice([1, 2])), 1)
            return " ".join(words)
    for k, w in enumerate(words):
        core = w.rstrip(",.")
        if core.isdigit() and len(core) == 4:
            words[k] = w.replace(core, str(int(core) - rng.choice([1, 2, 3])), 1)
            return " ".join(words)
    return " ".join([rng.choice([m for m in _MONTH_NAMES if not m.startswith(words[0][:3])])] + words[1:])


def is_found(injection: Injection, found: Iterable[Disagreement]) -> bool:
    """A disagreement lists the changed sentence with the new value."""
    return any(s.document == injection.document and s.index == injection.index and s.value
               and (injection.new in s.value or s.value in injection.new)
               for item in found for s in item.statements)


def evaluate(clusters: Iterable[list[Article]], seed: int = 0, rounds: int = 1, show=None) -> Result:
    """Recall of injected conflicts (``rounds`` injections per cluster, one at a time) and flags
    on the unaltered clusters; ``show(line)`` gets every flag on an unaltered cluster and every
    missed injection, to read."""
    clusters = [c for c in clusters if len(c) >= 2]
    surnames = sorted({m.text.split()[-1] for c in clusters for a in c for m in mentions(a.text)
                       if m.kind == "name"})
    result = Result(clusters=len(clusters))
    for n, articles in enumerate(clusters):
        flags = find_disagreements(articles)
        result.unaltered += 1
        for item in flags:
            result.flags[item.kind] += 1
            if show:
                show(f"cluster {n} flag {item.kind}: " + " | ".join(
                    f"[{s.document}] {s.value}: {s.sentence}" for s in item.statements))
        for r in range(rounds):
            planted = inject(articles, random.Random(f"{seed}:{n}:{r}"), surnames)
            if planted is None:
                continue
            changed, injection = planted
            result.injected[injection.kind] += 1
            if is_found(injection, find_disagreements(changed)):
                result.found[injection.kind] += 1
            elif show:
                show(f"cluster {n} missed {injection}")
    return result
