"""Attributions the reporting-verb patterns of ``quotes.py`` miss: a learned cue detector.

News attributes far more than speech: beliefs, plans, findings ("Trump wants ...", "a study
shows ...", "she blasted Clinton as ..."), with thousands of distinct cues. A logistic model
over a few words of context tells, for each word that is ever a cue, whether it is one here
(weights trained on polnear_train by ``scripts/train_cues.py``, shipped as
``data/cues.json.gz``: feature names and weights, no article text). A run of cue words is one
attribution; its content is the side of the sentence the cue reports (``X said (that) ...``,
``..., said X`` / ``..., X said``, ``according to X, ...``) and its speaker the few words
naming someone on the other side.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

from ..text.tokens import stem

TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you"})
_QUOTE_MARKS = frozenset("“”\"")
_WORD = re.compile(r"\w|[“\"]")
# words right after a cue that start a circumstance, not the content: '..., X said at a rally.'
_CIRCUMSTANCE = frozenset("at in during after before with while when last this from as earlier later "
                          "monday tuesday wednesday thursday friday saturday sunday yesterday today "
                          "recently late early over via through shortly privately publicly repeatedly".split())
_SPEAKER_STOP = frozenset(", ; : ( ) “ ” \" . that which who and but while as because if when".split())


@dataclass(frozen=True)
class CueModel:
    """Weights by feature name, the bias, the words that may be cues and the decision threshold."""

    weights: dict[str, float]
    bias: float
    vocabulary: frozenset[str]
    threshold: float

    @property
    def logit(self) -> float:
        return math.log(self.threshold / (1 - self.threshold))


@lru_cache(maxsize=1)
def shipped_model() -> CueModel:
    """The model in the package (trained by scripts/train_cues.py)."""
    with gzip.open(files("newsbrief").joinpath("data/cues.json.gz").open("rb"), "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return CueModel(data["weights"], data["bias"], frozenset(data["vocabulary"]), data["threshold"])


@dataclass
class Tokens:
    """One sentence's tokens: (start, end, text) with offsets into the article, lower-cased
    forms, shapes (C capitalised, l lower, D digit, Q quotation mark) and inside-a-quote flags."""

    spans: list[tuple[int, int, str]]
    lower: list[str]
    shapes: list[str]
    quoted: list[int]


def _shape(word: str) -> str:
    if word in _QUOTE_MARKS:
        return "Q"
    if word[0].isupper():
        return "C"
    if word[0].isdigit():
        return "D"
    return "l" if word.isalpha() else word


def tokens(text: str, start: int, end: int) -> Tokens:
    """The tokens of ``text[start:end]``, offsets relative to ``start``."""
    spans = [(m.start() - start, m.end() - start, m.group()) for m in TOKEN.finditer(text, start, end)]
    lower = [w.lower() for _, _, w in spans]
    inside, quoted = False, []
    for word in lower:
        if word in _QUOTE_MARKS:
            inside = (word == "“") or (word == '"' and not inside)
            quoted.append(1)
        else:
            quoted.append(int(inside))
    return Tokens(spans, lower, [_shape(w) for _, _, w in spans], quoted)


def features(t: Tokens, i: int, has_quote: int) -> list[str]:
    """The feature names of word ``i``: itself, two words either side, their shapes, whether it
    sits inside quotation marks, its place in the sentence."""
    n, low, shapes = len(t.lower), t.lower, t.shapes

    def word(j: int) -> str:
        return low[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")

    def shape(j: int) -> str:
        return shapes[j] if 0 <= j < n else "B"

    w, p1, n1, inq = low[i], word(i - 1), word(i + 1), t.quoted[i]
    found = ["w=" + w, "st=" + stem(w), "p1=" + p1, "n1=" + n1, "p2=" + word(i - 2), "n2=" + word(i + 2),
             "wn1=" + w + "|" + n1, "p1w=" + p1 + "|" + w, "sp1=" + shape(i - 1), "sn1=" + shape(i + 1),
             "sp1n1=" + shape(i - 1) + shape(i + 1), "wsp1=" + w + "|" + shape(i - 1),
             "wsn1=" + w + "|" + shape(i + 1), "suf2=" + w[-2:], f"inq={inq}", f"winq={w}|{inq}",
             f"hasq={has_quote}", f"pos={min(i, 6)}", f"rpos={min(n - 1 - i, 6)}", "sh=" + shapes[i], "b"]
    if p1 in PRONOUNS:
        found.append("p1pron")
    if word(i - 2) in PRONOUNS:
        found.append("p2pron")
    return found


def cue_runs(t: Tokens, model: CueModel) -> list[tuple[int, int]]:
    """[i0, i1) token runs the model reads as cues."""
    has_quote = int(any(t.quoted))
    weights, limit = model.weights, model.logit
    flags = [low in model.vocabulary and
             model.bias + sum(weights.get(f, 0.0) for f in features(t, i, has_quote)) >= limit
             for i, low in enumerate(t.lower)]
    runs, i = [], 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j < len(flags) and flags[j]:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _words(spans) -> list:
    return [s for s in spans if _WORD.match(s[2])]


def _speaker(t: Tokens, lo: int, hi: int, backwards: bool) -> tuple[int, int] | None:
    """The token range naming the speaker next to a cue: up to six words from ``hi`` back (or from
    ``lo`` on), stopping at punctuation or a clause word. Before a cue, only a name or a
    pronoun right before it: a lower-case word there is as often a verb or a thing ("Trump is
    drawing", "the legislation") as a speaker ("officials"), and a wrong speaker is worse than none."""
    picked = []
    order = range(hi - 1, max(lo, hi - 7) - 1, -1) if backwards else range(lo, min(hi, lo + 6))
    for k in order:
        if t.lower[k] in _SPEAKER_STOP:
            break
        picked.append(k)
    if not picked:
        return None
    first, last = min(picked), max(picked) + 1
    if backwards and t.shapes[last - 1] != "C" and t.lower[last - 1] not in PRONOUNS:
        return None
    return first, last


def _content(t: Tokens, i0: int, i1: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(content token range, speaker token range) of the cue run [i0, i1)."""
    n, spans, low = len(t.spans), t.spans, t.lower
    right, left = _words(spans[i1:]), _words(spans[:i0])
    prev = spans[i0 - 1][2] if i0 else ""
    nxt = spans[i1][2] if i1 < n else ""
    if low[i0] == "according":  # 'according to X, content' / 'content, according to X'
        j = i1 + 1 if nxt.lower() == "to" else i1
        comma = next((k for k in range(j, n) if spans[k][2] == ","), None)
        if comma is not None and len(_words(spans[comma + 1:])) >= 3:
            return (comma + 1, n), (j, comma)
        return ((0, i0), (j, n)) if len(left) >= 3 else None
    names_next = nxt[:1].isupper() or nxt.lower() in PRONOUNS
    if not left and names_next:
        return None  # '... said Smith' after a quotation: the quotation is the content
    if prev in (",", "”", '"') and len(left) >= 3 and (names_next or nxt.lower() in _CIRCUMSTANCE):
        end = i0 - 1
        while end > 0 and spans[end - 1][2] in (",", "”", '"'):
            end -= 1
        return ((0, end), _speaker(t, i1, n, False) if names_next else None) if end > 0 else None
    if len(right) >= 4 and nxt.lower() not in _CIRCUMSTANCE:
        start = i1 + 1 if nxt.lower() == "that" and len(right) > 1 else i1
        return (start, n), _speaker(t, 0, i0, True)
    if len(left) >= 3:  # '..., X said.': the speaker after the last comma
        commas = [k for k in range(i0) if spans[k][2] in (",", "”", '"')]
        end = commas[-1] if commas else i0
        return (0, end), (_speaker(t, end + 1, i0, True) if end < i0 else None)
    return ((i1, n), _speaker(t, 0, i0, True)) if right else None


@dataclass(frozen=True)
class Attribution:
    """Offsets into the article: what is reported, the cue, the words naming the speaker."""

    content: tuple[int, int]
    cue: tuple[int, int]
    speaker: tuple[int, int] | None


def attributions(text: str, spans: Sequence[tuple[int, int]], model: CueModel | None = None) -> list[Attribution]:
    """The attributions the model finds in the sentences ``spans`` of ``text``."""
    model = model or shipped_model()
    found = []
    for start, end in spans:
        t = tokens(text, start, end)
        if not t.spans:
            continue
        for i0, i1 in cue_runs(t, model):
            parts = _content(t, i0, i1)
            if parts is None:
                continue
            (c0, c1), speaker = parts
            body = _words(t.spans[c0:c1])
            if len(body) < 4:
                continue
            first = next(k for k in range(c0, c1) if _WORD.match(t.spans[k][2]))
            last = c1 - 1
            while last > first and t.spans[last][2] in ".,;:!?":
                last -= 1
            offsets = (start + t.spans[first][0], start + t.spans[last][1])
            cue = (start + t.spans[i0][0], start + t.spans[i1 - 1][1])
            who = (start + t.spans[speaker[0]][0], start + t.spans[speaker[1] - 1][1]) if speaker else None
            found.append(Attribution(offsets, cue, who))
    return found
