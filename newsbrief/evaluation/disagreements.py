"""Injected conflicts (GUIDE §3): how many planted disagreements the disagreements section finds,
and how many it flags on clusters left as they are.

In each cluster of two or more articles one number, date or name is changed in one article's
sentence whose fact another article also states: a sentence of another article states the same
value and shares at least SAME_FACT content terms with it (besides the value's own words), and
SAME_SHARE of their terms. The change is recorded; it is found when a disagreement lists the
changed sentence with a changed word in its value.

The protocol reads values with its own patterns, not the detector's (``insight/values.py``), so
it also plants what the detector may not read: a lone surname ("Ashton"), a name opening a
sentence, a number in a compound ("nine-year-old") or a range. The changes are the ones an
independent injector may make: a name to another surname or another whole name, a number up
or down by a step or by 10% to 3x, a date by its day, month, year or weekday, either way.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ..insight.disagreements import Disagreement, find_disagreements
from ..insight.story import story_sentences
from ..model import Article
from ..text.tokens import STOP_WORDS, content_terms

SAME_FACT, SAME_SHARE = 3, 0.2  # content terms two sentences share (and their share of both)
KINDS = ("number", "date", "name")
_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " \
         "fifteen sixteen seventeen eighteen nineteen twenty".split()
_MONTHS = "january february march april may june july august september october november december".split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_VALUE = re.compile(
    rf"(?P<date>\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\b\d{{1,2}}\s+{_MON}(?:\s+\d{{4}})?"
    rf"|\b{_MON}\s+\d{{4}}|\b{_DAY}\b|\b(?:19|20)\d\d\b)"
    r"|(?P<number>\$?\b\d+(?:,\d{3})*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?(?:%|\s+percent\b)?"
    r"|\b(?i:" + "|".join(_SMALL[1:]) + r")\b)"
    r"|(?P<name>\b[A-Z][a-z]+(?:[A-Z][a-z]+|['’-][A-Za-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[A-Z][a-z]+|['’-][A-Za-z]+)?)*)")
_NOT_NAME = frozenset(_MONTHS) | frozenset(_WEEKDAYS) | {"i"}


@dataclass(frozen=True)
class Value:
    """A value as the protocol reads it: ``key`` compares across articles, ``text`` as written,
    offsets into its sentence."""

    kind: str
    text: str
    key: object
    start: int
    end: int


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


def common_words(articles: Iterable[Article]) -> frozenset[str]:
    """Words the texts write in lower case: a capitalised one alone ("Department") is no name."""
    return frozenset(w for a in articles for w in re.findall(r"\b[a-z]+\b", a.text))


def values(sentence: str, common: frozenset[str] = frozenset()) -> list[Value]:
    """The numbers, dates and names of a sentence. A name is a run of capitalised words (one
    word is enough when it is no ``common`` word; not a lone sentence opener), without a first
    word that is a stop word ("The", "We")."""
    found = []
    for m in _VALUE.finditer(sentence):
        text, start = m.group(0), m.start()
        if m.lastgroup == "name":
            words = text.split()
            if words[0].lower() in STOP_WORDS or words[0].lower() in _NOT_NAME:
                words = words[1:]
                start = m.start() + text.index(words[0]) if words else start
            if not words or any(w.lower().rstrip(".") in _NOT_NAME for w in words) or \
                    (len(words) == 1 and (start == 0 or words[0].lower() in common)):
                continue  # a capitalised sentence opener may be any word
            text = " ".join(words)
            found.append(Value("name", text, text.lower(), start, start + len(text)))
        elif m.lastgroup == "date":
            found.append(Value("date", text, _date_key(text), start, m.end()))
        else:
            found.append(Value("number", text, _number_key(text), start, m.end()))
    return found


def _number_key(text: str) -> float:
    word = text.lower()
    if word in _SMALL:
        return float(_SMALL.index(word))
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", "")
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
    return float(digits) * next((v for k, v in scale.items() if k in word), 1.0)


def _date_key(text: str) -> tuple:
    words = re.findall(r"[a-z]+|\d+", text.lower())
    return tuple(w[:3] if w.isalpha() else str(int(w.rstrip("stndrh"))) for w in words)


def sites(articles: Sequence[Article], common: frozenset[str] | None = None) -> list[tuple[int, Value, int]]:
    """Values another article also states: (document, value, sentence index), in text order;
    ``common``: lower-case words (by default those of ``articles``)."""
    docs = story_sentences(articles)
    common = common_words(articles) if common is None else common
    stated: dict[tuple, set[tuple[int, frozenset]]] = {}
    found = []
    for d, sentences in enumerate(docs):
        for s in sentences:
            for v in values(s.text, common):
                terms = frozenset(content_terms(s.text[:v.start] + " " + s.text[v.end:]))
                stated.setdefault((v.kind, v.key), set()).add((d, terms))
                found.append((d, v, s.index, terms))
    return [(d, v, index) for d, v, index, terms in found
            if any(o != d and len(terms & other) >= max(SAME_FACT, SAME_SHARE * len(terms | other))
                   for o, other in stated[(v.kind, v.key)])]


def inject(articles: Sequence[Article], rng: random.Random, names: Sequence[str],
           site: tuple[int, Value, int] | None = None) -> tuple[list[Article], Injection] | None:
    """The articles with one value changed (``site``, or one chosen by ``rng``), or None when
    there is no site or no other value to give it."""
    candidates = [site] if site else sites(articles)
    if not candidates:
        return None
    d, v, index = rng.choice(candidates)
    sentence = story_sentences(articles)[d][index]
    lowered = articles[d].text.lower()
    new = _changed(v, rng, [n for n in names if n.split()[-1].lower() not in lowered])
    if new is None or new == v.text:
        return None
    start, end = sentence.start + v.start, sentence.start + v.end
    text = articles[d].text
    changed = list(articles)
    changed[d] = replace(articles[d], text=text[:start] + new + text[end:])
    return changed, Injection(v.kind, d, index, v.text, new)


def _changed(v: Value, rng: random.Random, names: Sequence[str]) -> str | None:
    """Another value of the same form: a name with another surname or another whole name, a
    number up or down, another day, month, year or weekday."""
    if v.kind == "name":
        if not names:
            return None
        words = v.text.split()
        if len(words) > 1 and rng.random() < 0.5:
            whole = [n for n in names if " " in n]
            return rng.choice(whole) if whole else None
        return " ".join(words[:-1] + [rng.choice(names).split()[-1]])
    if v.kind == "date":
        return _other_date(v.text, rng)
    return _other_number(v.text, float(v.key), rng)


def _other_number(text: str, value: float, rng: random.Random) -> str | None:
    word = re.match(r"[A-Za-z]+", text)
    if word or (value < 20 and value == int(value) and "." not in text):
        step = int(value) + rng.choice([-3, -2, -1, 1, 2, 3])
        step = step if step >= 1 else int(value) + rng.choice([1, 2, 3])
        if not word:
            return text.replace(str(int(value)), str(step), 1)
        new = _SMALL[step] if step < len(_SMALL) else str(step)
        return new.capitalize() if text[0].isupper() else new
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0)
    old = float(digits.replace(",", ""))
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    for factor in rng.sample([0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 2.0, 3.0], 8):
        new = f"{old * factor:,.{decimals}f}" if "," in digits else f"{old * factor:.{decimals}f}"
        if new != digits and not _rounded(old, new):
            return text.replace(digits, new, 1)
    return None


def _rounded(old: float, new: str) -> bool:
    """``new`` is ``old`` rounded ("333" -> "300"): a reader would not see a change."""
    zeros = len(new.replace(",", "")) - len(new.replace(",", "").rstrip("0")) if "." not in new else 0
    return zeros > 0 and round(old, -zeros) == float(new.replace(",", ""))


def _other_date(text: str, rng: random.Random) -> str:
    """One part of the date changed: the weekday, or the day, month or year (chosen at random)."""
    parts = list(re.finditer(r"[A-Za-z]+|\d+", text))
    weekday = next((p for p in parts if p.group(0).lower() in _WEEKDAYS), None)
    if weekday:
        other = rng.choice([w for w in _WEEKDAYS if w != weekday.group(0).lower()])
        return text[:weekday.start()] + other.capitalize() + text[weekday.end():]
    p = rng.choice([p for p in parts if p.group(0) not in ("st", "nd", "rd", "th", "of")])
    word = p.group(0)
    if word.isalpha():
        new = rng.choice([m for m in _MONTHS if m[:3] != word.lower()[:3]]).capitalize()
        new = new[:3] + "." if text[p.end():p.end() + 1] == "." and len(new) > 4 else new
        return text[:p.start()] + new + text[p.end() + (text[p.end():p.end() + 1] == "."):]
    n = int(word)
    if len(word) == 4:
        new = n + rng.choice([-5, -3, -2, -1, 1, 2])
    else:
        new = (n - 1 + rng.choice([1, 2, 3, 5, 7, 10, 20, 25, 26, 27])) % 28 + 1
    return text[:p.start()] + str(new) + text[p.end():]


def is_found(injection: Injection, found: Iterable[Disagreement]) -> bool:
    """A disagreement lists the changed sentence with a value that holds a changed word."""
    old = set(re.findall(r"\w+", injection.old.lower()))
    changed = [w for w in re.findall(r"\w+", injection.new.lower()) if w not in old]
    return any(s.document == injection.document and s.index == injection.index and s.value
               and any(w in re.findall(r"\w+", s.value.lower()) for w in changed)
               for item in found for s in item.statements)


def evaluate(clusters: Iterable[list[Article]], seed: int = 0, rounds: int = 1, show=None) -> Result:
    """Recall of injected conflicts (``rounds`` injections per cluster at different sites, one
    at a time) and flags on the unaltered clusters; ``show(line)`` gets every flag on an
    unaltered cluster and every missed injection, to read."""
    clusters = [c for c in clusters if len(c) >= 2]
    common = common_words(a for c in clusters for a in c)
    names = sorted({v.text for c in clusters for doc in story_sentences(c) for s in doc
                    for v in values(s.text, common) if v.kind == "name" and v.text.isascii()
                    and v.text.split()[-1].lower() not in common})
    result = Result(clusters=len(clusters))
    for n, articles in enumerate(clusters):
        flags = find_disagreements(articles)
        result.unaltered += 1
        for item in flags:
            result.flags[item.kind] += 1
            if show:
                show(f"cluster {n} flag {item.kind}: " + " | ".join(
                    f"[{s.document}] {s.value}: {s.sentence}" for s in item.statements))
        rng = random.Random(f"{seed}:{n}")
        candidates = sites(articles, common)
        others = [name for name in names if not any(name in a.text for a in articles)]
        for site in rng.sample(candidates, min(rounds, len(candidates))):
            planted = inject(articles, rng, others, site)
            if planted is None:
                continue
            changed, injection = planted
            result.injected[injection.kind] += 1
            if is_found(injection, find_disagreements(changed)):
                result.found[injection.kind] += 1
            elif show:
                show(f"cluster {n} missed {injection}")
    return result
