"""Quote attribution scored against PolNeAR (GUIDE §3): a predicted quote matches a gold
attribution when the content spans overlap; precision, recall and F1 over all attributions and
over direct ones (gold content holding a quotation mark), and speaker accuracy on matched pairs
(each gold attribution with the prediction that fits its content best)."""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..insight.quotes import Quote, extract_quotes
from ..insight.speakers import PRONOUNS, Names, names_in

_QUOTE_MARKS = "“”\""
_REGEX_BASELINE = re.compile(r"“[^”]+”|\"[^\"\n]+\"")


def regex_baseline(text: str) -> list[Quote]:
    """The baseline of GUIDE §3: every quoted span of at least four words, no speaker."""
    return [Quote(m.group(), (m.start(), m.end()), None, None, None, True)
            for m in _REGEX_BASELINE.finditer(text) if len(m.group().split()) >= 4]


@dataclass
class Score:
    """Counts for one system (``n``: predicted, gold, found, ... by name); rates come from them."""

    n: Counter = field(default_factory=Counter)
    articles: int = 0
    skipped: list[str] = field(default_factory=list)

    @staticmethod
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def rates(self) -> dict[str, float | None]:
        p = self.n["matched_predicted"] / max(1, self.n["predicted"])
        r = self.n["found"] / max(1, self.n["gold"])
        dp = self.n["matched_direct_predicted"] / max(1, self.n["predicted_direct"])
        dr = self.n["found_direct"] / max(1, self.n["gold_direct"])
        return {"precision": p, "recall": r, "f1": self.f1(p, r), "direct_precision": dp,
                "direct_recall": dr, "direct_f1": self.f1(dp, dr),
                "speaker_accuracy": (self.n["speaker_right"] / self.n["speaker_pairs"]
                                     if self.n["speaker_pairs"] else None)}


def read_polnear(path: str) -> Iterable[dict]:
    """The records of a PolNeAR JSONL(.gz) file."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _overlaps(a: tuple[int, int], pieces: list[list[int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in pieces)


def _match(a: tuple[int, int], pieces: list[list[int]]) -> float:
    """How well a predicted span fits a gold content (shared characters over both): a gold
    attribution is paired with the best-fitting prediction, so the inner of two nested
    attributions ("X said Y wants Z") pairs with the prediction of Y's, not X's."""
    shared = sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in pieces)
    return shared / ((a[1] - a[0]) + sum(e - s for s, e in pieces) - shared or 1)


def _speaker_right(quote: Quote, text: str, source: list[list[int]], names: Names) -> bool:
    """The predicted speaker is the gold source: the mention overlaps the source span, or the
    resolved name's surname occurs in the source, or, when the source is a pronoun, in the
    name nearest before it (GUIDE §3: "after resolving a pronoun to its name")."""
    if not source:
        return False
    if quote.mention_offsets and _overlaps(quote.mention_offsets, source):
        return True
    gold = " ".join(text[s:e] for s, e in source)
    if gold.strip().lower() in PRONOUNS:
        gold = names.before(source[0][0]) or gold
    return bool(quote.speaker) and quote.speaker.split()[-1] in gold


def score(records: Iterable[dict], system: Callable[[str], list[Quote]]) -> Score:
    """Run ``system`` on each article and count against its attributions."""
    result = Score()
    for record in records:
        text, gold = record.get("text") or "", record.get("attributions") or []
        if not text.strip():
            result.skipped.append(str(record.get("id")))
            continue
        result.articles += 1
        quotes = system(text)
        names = names_in(text)
        direct_gold = [g for g in gold if any(c in text[s:e] for s, e in g["content"] for c in _QUOTE_MARKS)]
        result.n["gold"] += len(gold)
        result.n["gold_direct"] += len(direct_gold)
        result.n["predicted"] += len(quotes)
        for quote in quotes:
            hits = [g for g in gold if _overlaps(quote.offsets, g["content"])]
            result.n["matched_predicted"] += bool(hits)
            if quote.direct:
                result.n["predicted_direct"] += 1
                result.n["matched_direct_predicted"] += any(g in direct_gold for g in hits)
        for g in gold:
            hits = [q for q in quotes if _overlaps(q.offsets, g["content"])]
            result.n["found"] += bool(hits)
            if g in direct_gold:
                result.n["found_direct"] += bool(hits)
            pair = max(hits, key=lambda q: _match(q.offsets, g["content"]), default=None)
            if pair and g["source"] and pair.speaker_mention:
                result.n["speaker_pairs"] += 1
                result.n["speaker_right"] += _speaker_right(pair, text, g["source"], names)
    return result


SYSTEMS: dict[str, Callable[[str], list[Quote]]] = {"newsbrief": extract_quotes, "regex": regex_baseline}
