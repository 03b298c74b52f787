"""Can a brief take a sentence as it stands (GUIDE §1)? If not, what makes it readable: the
sentence before it in its article, or a light recorded edit (dropping a leading connective).

The selector asks only about the sentences it is about to pick, so the string tests of
text/defects.py run on a few dozen sentences per story, not on all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from ...model import Edit, Sentence
from ...text.defects import DEFECTS, judgeable_defects, sentence_defects

# What a predecessor can cure: a pointer back (pronoun, connective) or a quote's speaker.
CURABLE = frozenset({"dangling", "orphan_quote"})
MAX_CHAIN = 2  # at most this many sentences before a pick are brought along
DEFECTS_SET = frozenset(DEFECTS)

# A leading connective that can go without changing what the sentence states.
_CONNECTIVE = re.compile(
    r"^(?:(?:But|And|Yet|So|Plus|Also|Still|Then|Now)\s+"
    r"|(?:However|Still|Meanwhile|Moreover|Furthermore|Indeed|In addition|Additionally|Besides|"
    r"Nevertheless|Nonetheless|Also|Plus|Then|Now|Again|Likewise|Similarly|Thus|Therefore|Still|"
    r"Even so|In fact|Separately|Meantime|In the meantime|At the same time),\s+)"
    r"(?=[\"“‘']?[A-Za-z])")


@dataclass(frozen=True)
class Standing:
    """How a sentence can enter a brief: ``sentence`` (edited or not) after ``before`` (rows of
    its article's preceding sentences that must come right before it, oldest first); ``ok``
    False when nothing makes it readable."""

    ok: bool
    sentence: Sentence
    before: tuple[int, ...] = ()


def article_layout(doc: Sequence[Sentence]) -> str:
    """An article's text as far as its sentences show it: each sentence at its offsets, a line
    break after a sentence that ends a paragraph (what the quotation context needs)."""
    out: list[str] = []
    pos, prev_end = 0, False
    for s in doc:
        if s.start > pos:
            gap = s.start - pos
            out.append("\n" * gap if out and prev_end else " " * gap)
        out.append(s.text)
        pos, prev_end = s.end, s.paragraph_end
    return "".join(out)


def drop_connective(sentence: Sentence) -> Sentence | None:
    """The sentence without its leading connective, its next letter capitalised, with the edit
    recorded; None when it has none."""
    text, edits, start = sentence.text, list(sentence.edits), sentence.start
    while m := _CONNECTIVE.match(text):
        cut = m.end()
        while text[cut] in "\"“‘'":
            cut += 1
        original = text[:cut + 1]
        replacement = text[m.end():cut] + text[cut].upper()
        edits.append(Edit("drop_connective", original, replacement, (start, start + len(original))))
        text = replacement + text[cut + 1:]
        start += len(original) - len(replacement)
    if not edits or len(edits) == len(sentence.edits):
        return None
    return replace(sentence, text=text, edits=tuple(edits))


class Standalone:
    """Judges sentences of one story (``rows``: the selector's sentence list) on demand."""

    def __init__(self, rows: Sequence[Sentence]) -> None:
        self.rows = rows
        self.row_of = {(s.doc, s.index): k for k, s in enumerate(rows)}
        self._layouts: dict[int, str] = {}
        self.judged = frozenset(judgeable_defects([s.text for s in rows]))  # what the text shows
        self._memo: dict[int, Standing] = {}

    def layout(self, doc: int) -> str:
        if doc not in self._layouts:
            sentences = [s for s in self.rows if s.doc == doc]
            self._layouts[doc] = article_layout(sentences)
        return self._layouts[doc]

    def defects(self, sentence: Sentence, previous: Sentence | None) -> list[str]:
        text = self.layout(sentence.doc)
        if sentence.edits:  # judge the edited words where the article has them
            start = sentence.end - len(sentence.text)
            text = text[:start] + sentence.text + text[sentence.end:]
            sentence = replace(sentence, start=start)
        strict = self.judged == DEFECTS_SET  # the stricter rules need names, so case
        return [d for d in sentence_defects(sentence, previous, text, strict) if d in self.judged]

    def judge(self, row: int, depth: int = 0) -> Standing:
        """Alone; else with a dropped connective; else after its predecessor(s); else not at all."""
        if row in self._memo:
            return self._memo[row]
        result = self._judge(row, depth)
        if depth == 0 or result.ok:  # a "no" found at the chain's limit may be a "yes" on its own
            self._memo[row] = result
        return result

    def _judge(self, row: int, depth: int) -> Standing:
        sentence = self.rows[row]
        found = self.defects(sentence, None)
        result = Standing(not found, sentence)
        if found and set(found) <= CURABLE:
            edited = drop_connective(sentence) if "dangling" in found else None
            if edited is not None and not self.defects(edited, None):
                result = Standing(True, edited)
            else:
                result = self._after_predecessor(row, sentence, depth)
        return result

    def _after_predecessor(self, row: int, sentence: Sentence, depth: int) -> Standing:
        prev_row = self.row_of.get((sentence.doc, sentence.index - 1))
        if prev_row is None or depth >= MAX_CHAIN:
            return Standing(False, sentence)
        if self.defects(sentence, self.rows[prev_row]):
            return Standing(False, sentence)
        prev = self.judge(prev_row, depth + 1)
        if not prev.ok:
            return Standing(False, sentence)
        return Standing(True, sentence, prev.before + (prev_row,))
