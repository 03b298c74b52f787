"""Contested claims: which sentences state something that another sentence denies or disputes.

The trust rule of a brief (GUIDE §1) is that a disputed claim appears with its denial or not
at all. This module finds the pairs; the selector decides what to keep. Two steps, both plain
and explainable:

1. ``denial_cue`` finds a denial in one sentence ("denied", "disputes", "not true", "no
   evidence", "dismissed ... as", "rejected the claims"...), skipping the refusals that share
   the words ("denied bail", "shareholders rejected the pay package", "false imprisonment",
   "cases were dismissed") and negated denials ("never denied", "confirm or deny").
2. A claim is a sentence of another article, or an earlier one of the same article, that
   shares at least three content terms with the denial sentence, two of them not the story's
   topic (terms in a quarter of its sentences say nothing about which claim is meant), one of
   them within ten words of the cue (the words that say what is denied, not who denies it),
   and covering a quarter of its own weighted terms. Per denial and article the best-scoring
   sentence is the claim. A denial that only refers to its claim ("He denied the
   allegations.") takes the sentence before it as the claim and as extra context; any other
   sentence just before a denial needs only two shared terms.

Nothing here edits text: hedges ("believed to", "reportedly") stay where they are.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import Sequence

from ..model import Sentence
from ..text.tokens import content_terms

# Nouns that name a claim: what "rejected", "dismissed" and "false" must be about to be a denial.
_CLAIM_NOUNS = (r"(?:claims?|allegations?|accusations?|charges?|reports?|reporting|stor(?:y|ies)"
                r"|suggestions?|assertions?|theor(?:y|ies)|rumou?rs?"
                r"|speculation|characteri[sz]ation|statements?|narrative|premise|findings?)")
_NEAR = r"(?:\W+\w+){0,6}?\W+"  # up to six words in between

# Every cue holds one of these strings ("denial" marks sentences too vague to be claims): a plain
# substring search of the whole story, far faster than the regular expression, finds the few
# sentences worth the full pattern.
_CUE_STRINGS = ("deny", "denie", "denyi", "disput", "reject", "dismiss", "false", "not true",
                "untrue", "no evidence", "baseless", "unfounded", "fabricat", "never happened",
                "fake news", "pushed back", "refut", "denial", "rebut", "debunk", "contradict")
_CUE = re.compile(
    r"\b(?:"
    r"(?P<deny>den(?:y|ies|ied|ying))"
    r"|(?P<dispute>disput(?:e|es|ed|ing)(?=\s+(?:the|that|this|these|those|his|her|their|its|any"
    r"|an?|claims?|reports?|allegations?|by|(?-i:[A-Z])\w+)\b)|disputed)"
    r"|(?P<reject>reject(?:ed|s|ing)?)|(?P<dismiss>dismiss(?:ed|es|ing)?)"
    r"|(?P<false>(?:is|was|are|were|be|been|being|proved|proven|as|completely|totally|entirely"
    r"|patently|demonstrably|wholly)\s+false|false(?:ly)?\s+" + _CLAIM_NOUNS + r"(?!\s+act)"
    + r"|falsely\s+(?:claim|sa(?:id|ys?)|stat|accus|report|assert|suggest)\w*)"
    r"|(?P<other>not\s+true|untrue|no\s+evidence|baseless|unfounded|fabricat(?:ed|ing)"
    r"|never\s+happened|fake\s+news|pushed\s+back\s+(?:against|on)|refut(?:ed|es|ing|e)"
    r"|rebut(?:ted|s|ting)?|debunk(?:ed|s|ing)?|contradict(?:ed|s|ing)?)"
    r")\b",
    re.IGNORECASE,
)
# "rejected" and "dismissed" deny a claim only when one is named near them ("rejected the
# allegations", "accusations his supporters dismissed", "dismissed it as a hoax"), not a pay
# package, a paper or a lawsuit.
_CLAIM_AFTER = re.compile(_NEAR + r"(?:" + _CLAIM_NOUNS + r"|as)\b", re.IGNORECASE)
_CLAIM_BEFORE = re.compile(r"\b" + _CLAIM_NOUNS + _NEAR + r"$", re.IGNORECASE)
# "disputed" is a denial after a subject or auxiliary ("has disputed", "who disputed"), not
# as an adjective ("a disputed question", "disputed territory").
_DISPUTED_VERB = re.compile(
    r"\b(?:has|have|had|is|was|are|were|be|been|being|who|which|that|they|he|she|it|and|also"
    r"|strongly|sharply|repeatedly|firmly|publicly|(?-i:[A-Z])\w+)\s+$",
    re.IGNORECASE,
)
# "denied the allegations", "deny it": the denial names its claim only by reference, so the
# sentence before it is the claim's best witness.
_REFERS_BACK = re.compile(
    r"\s+(?:\w+ly\s+)?(?:(?:the|these|those|this|that|such|all|any|her|his|their|its)\s+)?"
    r"(?:\w+\s+)?(?:" + _CLAIM_NOUNS + r"|contents?|(?:it|this|them)(?=\s*[.,;:'\"’”]|\s*$))",
    re.IGNORECASE,
)
# "denied bail", "was denied access to", "denied her coverage": a refusal, not a denial.
_REFUSED = re.compile(
    r"\s+(?:(?:him|her|them|us|me)\s+)?(?:\S+\s+){0,2}?"
    r"(?:bail|bond|parole|entry|access|permission|permits?|visas?|requests?|coverage|care|treatment"
    r"|benefits?|services?|admission|tenure|release|freedom|opportunit(?:y|ies)|chance|rights?"
    r"|votes?|protections?|boarding|applications?|appeals?|licen[cs]es?|passports?|petitions?"
    r"|motions?|asylum|citizenship|custody|insurance|funding|hearing|food|water|medical"
    r"|drugs?|nomination|delay|extension|calls\s+(?:from|for|to))\b",
    re.IGNORECASE,
)
# A refused thing named before the verb: "her request to be retested was denied".
_REFUSED_BEFORE = re.compile(
    r"\b(?:requests?|applications?|appeals?|petitions?|motions?|permits?|access|bail|bond|parole"
    r"|visas?|asylum|coverage)\b(?:\W+\w+){0,6}\W+$",
    re.IGNORECASE,
)
# "never denied", "cannot be denied", "confirm or deny": no denial of a claim.
_NEGATED = re.compile(
    r"(?:\b(?:never|not|cannot|no|confirm\s+(?:or|nor))|n['’]t)\s+(?:be\s+)?$",
    re.IGNORECASE,
)
# Too vague to pair ("a vigorous denial", "blanket denials") but no claim either.
_DENIAL_WORD = re.compile(r"\bdenials?\b", re.IGNORECASE)
# Words every denial uses whatever it denies: they do not identify the claim.
_GENERIC = frozenset(content_terms(
    "deny denies denied denial denials dispute disputed disputes reject rejected rejects dismiss "
    "dismissed false falsely true untrue evidence claim claims allegation allegations accusation "
    "accusations report reports story statement charges baseless unfounded strongly vehemently "
    "flatly firmly categorically repeatedly"
))
MIN_SHARED = 3  # content terms a claim shares with the denial and the sentence before it
MIN_SPECIFIC = 2  # of them, terms that are not the story's topic
FOCUS = 10  # words either side of the cue that say what is denied: one of them must be shared
MIN_COVER = 0.25  # the weighted share of the claim's own terms that the denial's context covers
LENIENT_COVER = 0.15
TOPIC_SHARE = 0.25  # a term in more than this share of the story's sentences names the topic
MIN_TOPIC_DF = 3  # ... and in more than this many: in a short story every shared word is "frequent"


@dataclass(frozen=True)
class Contest:
    """Sentence ``claim`` states what sentence ``denial`` denies; both are (doc, index)."""

    claim: tuple[int, int]
    denial: tuple[int, int]
    cue: str


def denial_cue(text: str) -> str | None:
    """The words that make ``text`` deny or dispute a claim (as written), or None."""
    return next((m.group(0) for m in _cues(text)), None)


def _cues(text: str):
    """The denial matches of ``text`` that survive the refusal and negation checks."""
    for m in _CUE.finditer(text):
        before = text[max(0, m.start() - 60): m.start()]
        kind = m.lastgroup
        if kind in ("deny", "dispute") and _NEGATED.search(before):
            continue
        if kind == "deny" and (_REFUSED.match(text, m.end()) or _REFUSED_BEFORE.search(before)):
            continue
        if m.group(0).lower() == "disputed" and not _DISPUTED_VERB.search(before):
            continue
        if kind in ("reject", "dismiss") and not (
                _CLAIM_AFTER.match(text, m.end()) or _CLAIM_BEFORE.search(before + " ")):
            continue
        yield m


def _find_all(lowered: str):
    """Where a cue string occurs in ``lowered``."""
    for cue in _CUE_STRINGS:
        at = lowered.find(cue)
        while at >= 0:
            yield at
            at = lowered.find(cue, at + 1)


def _folded(vocabulary: set[str]) -> dict[str, str]:
    """The terms whose matching form differs. Outlets vary the word: "recapture" counts as
    "capture" when the story also says "capture", and a final "e" goes ("capture" meets
    "captured", which the stemmer cuts to "captur")."""
    fold = {}
    for t in vocabulary:
        if t[-1] == "e" or t[:2] == "re":
            f = t[2:] if t[:2] == "re" and t[2:] in vocabulary else t
            fold[t] = f[:-1] if len(f) > 4 and f[-1] == "e" else f
    return fold


def contested_claims(docs: Sequence[Sequence[Sentence]], lenient: bool = False) -> list[Contest]:
    """Every (claim, denial) pair of a story; ``docs[i]`` holds article i's sentences in order.

    A sentence that holds the claim and its denial ("... which he denies") pairs with other
    articles' sentences that restate the claim without it. Sentences that hold a denial cue
    are never claims: they already carry their denial; nor are questions and lines ending in
    ":" (they announce, they do not state). ``lenient``: less evidence for a pair (one
    shared term off the topic, LENIENT_COVER) and every candidate claim, not the best per
    article: the selector's choice, since there a missed contest costs trust and a false one
    only a few words.
    """
    flat = [s for doc in docs for s in doc]
    starts = list(accumulate((len(s.text) + 1 for s in flat), initial=0))
    story = "\n".join(s.text for s in flat).lower()
    hits = {bisect_right(starts, at) - 1 for at in _find_all(story)}
    cues, focus, refers_back, vague = {}, {}, set(), set()
    for s in (flat[k] for k in sorted(hits)):
        key, m = (s.doc, s.index), next(_cues(s.text), None)
        if m:
            cues[key] = m.group(0)
            before, after = s.text[: m.start()].split(), s.text[m.end():].split()
            focus[key] = set(content_terms(" ".join(before[-FOCUS:] + after[:FOCUS])))
            if m.lastgroup in ("deny", "dispute") and _REFERS_BACK.match(s.text, m.end()):
                refers_back.add(key)
        elif _DENIAL_WORD.search(s.text):
            vague.add(key)
    if not cues:
        return []
    raw = {(s.doc, s.index): set(content_terms(s.text)) - _GENERIC for s in flat}
    fold = _folded(set().union(*raw.values()))
    terms = {key: {fold.get(t, t) for t in ts} for key, ts in raw.items()}
    df = Counter(t for ts in terms.values() for t in ts)
    n = len(terms)
    topic_df = max(TOPIC_SHARE * n, MIN_TOPIC_DF)

    def weight(words: set[str]) -> float:  # inverse sentence frequency: rare terms identify
        return sum(math.log((n + 1) / df[t]) for t in words)

    claims = [(s.doc, s.index) for s in flat if (s.doc, s.index) not in cues and (s.doc, s.index)
              not in vague and not s.text.rstrip("\"'”’ )").endswith(("?", ":"))]
    contests = []
    for (d, i), cue in cues.items():
        own, previous = terms[(d, i)], (d, i - 1)
        refers = (d, i) in refers_back and previous in terms
        context = own | terms[previous] if refers else own
        near = {fold.get(t, t) for t in focus[(d, i)]} | (terms[previous] if refers else set())
        best: dict[int, tuple[float, tuple[int, int]]] = {}
        for key in claims:
            if key[0] == d and key[1] >= i:
                continue
            if key == previous:  # the likeliest referent: it needs less evidence
                if refers:
                    best[d] = (math.inf, key)
                    continue
                shared, need, specific = terms[key] & own, MIN_SHARED - 1, 1
            else:
                shared, need, specific = terms[key] & context, MIN_SHARED, 1 if lenient else MIN_SPECIFIC
            if len(shared) < need:
                continue
            rare = {t for t in shared if df[t] <= topic_df}
            if len(rare) < specific or (key != previous and not rare & near):
                continue
            score = weight(shared)
            if lenient and score >= LENIENT_COVER * weight(terms[key]):
                contests.append(Contest(key, (d, i), cue))  # every candidate, not the best alone
            elif score >= MIN_COVER * weight(terms[key]) and score > best.get(key[0], (0.0,))[0]:
                best[key[0]] = (score, key)
        contests.extend(Contest(key, (d, i), cue) for _, key in best.values())
    return sorted(contests, key=lambda c: (c.denial, c.claim))
