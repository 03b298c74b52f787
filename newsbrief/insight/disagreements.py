"""Where sources differ: two articles state different numbers, dates or names for the same fact,
or one denies what another claims.

"The same fact": two mentions of one kind from different articles that fill the same slot (the
unit after a number: "12 people" vs "15 people"; the form of a date; for a name its first word
or a word beside it) and whose WINDOW-word contexts share MIN_SHARED content terms (MIN_JACCARD
of them), or whose whole sentences share SENTENCE_SHARED (SENTENCE_JACCARD). They differ when
one's value is nowhere in the other article, the other's is not in its sentence, and it is the
one value of that slot its sentence does not share (``_one_sided``). Not a conflict: compounds
and ranges ("nine-year-old", "10 to 15": never values), rounding (within ROUNDING for numbers of
100 or more), a hedge that covers the other value ("about 300" vs "312"), one name more or less
fully. A number that grows between two dated articles, or beside "rose"/"climbed"/"now", is
kept with a note that it may be an update. Claims and their denials come from ``claims.py``.
docs/insight.md has the rules and the measured recall and flags.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..model import Article, Brief, Sentence
from .claims import contested_claims
from .story import Statement, outlet_label, story_sentences
from ..text.tokens import STOP_WORDS, content_terms
from .values import Mention, context, mentions

_LOWER = re.compile(r"\b[a-z]+\b")
MIN_SHARED = 3  # content terms two mentions' contexts share to be about the same fact
MIN_JACCARD = 0.3
NAME_SHARED, NAME_JACCARD = 4, 0.4  # names are many and varied: more context for them
SENTENCE_SHARED, SENTENCE_JACCARD = 3, 0.2  # ... or whole sentences that say much the same
ROUNDING = 0.05  # numbers of 100 or more this close are one figure rounded
HEDGED = 0.2  # "about 300": another figure this close is covered by the hedge
_UPDATE = re.compile(r"\b(?:rose|risen|rising|climbed|climbing|increased|jumped|grew|now|updated|latest"
                     r"|so far|has reached|had reached|revised)\b", re.IGNORECASE)


@dataclass
class Disagreement:
    """Sources that state different values for one fact. ``kind``: number, date, name or claim;
    ``note``: e.g. that a growing number may be an update over time."""

    kind: str
    statements: list[Statement]
    note: str | None = None
    _seen: set = field(default_factory=set, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "statements": [s.to_dict() for s in self.statements],
                "note": self.note}


def from_dict(d: dict[str, Any]) -> Disagreement:
    return Disagreement(d["kind"], [Statement(**s) for s in d["statements"]], d.get("note"))


MAX_COMPARED = 24  # articles whose values are compared pairwise (the cost grows with the square)


def for_brief(brief: Brief) -> list[Disagreement]:
    """The brief's disagreements: among the articles it cites first, then the others in input
    order, at most ``MAX_COMPARED`` (a 200-article story took 15 s compared whole)."""
    cited = [d for s in brief.sentences for d in (s.document, *s.support)]
    order = list(dict.fromkeys(cited + list(range(len(brief.documents)))))
    return find_disagreements(brief.documents, compared=order[:MAX_COMPARED])


def find_disagreements(documents: Sequence[Article],
                       compared: Sequence[int] | None = None) -> list[Disagreement]:
    """Every disagreement between the articles (only those in ``compared``, when given), value
    conflicts first, then contested claims."""
    docs = story_sentences(documents)
    if len(docs) < 2:
        return []
    found: dict[tuple, Disagreement] = {}
    chosen = set(range(len(documents)) if compared is None else compared)
    lower = set(_LOWER.findall(" ".join(documents[k].text for k in chosen)))
    per_doc = [_located(a.text, doc, lower) if k in chosen else [] for k, (a, doc) in enumerate(zip(documents, docs))]
    stated = [{(m.kind, m.value) for m, _ in ms} | {("name", m.value.split()[-1]) for m, _ in ms if m.kind == "name"}
              for ms in per_doc]
    in_sentence: dict[tuple[int, int], set] = {}  # (kind, value, slot) of each sentence's values
    for doc, ms in enumerate(per_doc):
        for m, s in ms:
            in_sentence.setdefault((doc, s.index), set()).add((m.kind, m.value, _slot(m)))
    contexts: dict[tuple[int, int], frozenset[str]] = {}

    def about(doc: int, m: Mention, s: Sentence) -> tuple[frozenset[str], frozenset[str]]:
        """The terms around the value, and those of its whole sentence."""
        key, whole = (doc, m.start), (doc, -1 - s.index)
        if key not in contexts:
            contexts[key] = context(s.text, m.start - s.start, m.end - s.start)
        if whole not in contexts:
            contexts[whole] = frozenset(content_terms(s.text))
        return contexts[key], contexts[whole]

    for i, j, (a, sa), (b, sb) in _candidate_pairs(per_doc):
        if not (_one_sided(a, in_sentence[(i, sa.index)], stated[j], b, in_sentence[(j, sb.index)])
                or _one_sided(b, in_sentence[(j, sb.index)], stated[i], a, in_sentence[(i, sa.index)])):
            continue  # each article also states the other's value: no conflict
        if a.kind == "number" and _compatible(a, b):
            continue
        if a.kind == "date" and len(a.value) == 1 and _different_days(documents[i], documents[j]):
            continue  # "Monday" and "Tuesday" in articles of different days may be one day
        if not _same_fact(a, b, about(i, a, sa), about(j, b, sb)):
            continue
        key = (a.kind, frozenset((a.value, b.value)), a.slot if a.kind == "number" else ())
        entry = found.setdefault(key, Disagreement(a.kind, []))
        for doc, s, m in ((i, sa, a), (j, sb, b)):
            if (doc, s.index, m.value) not in entry._seen:
                entry._seen.add((doc, s.index, m.value))
                entry.statements.append(Statement(s.text, doc, s.index, outlet_label(documents[doc], doc), m.text))
        if a.kind == "number" and entry.note is None:
            entry.note = _update_note(documents, (i, sa.text, a), (j, sb.text, b))
    listed = {frozenset(((s.document, s.index), (t.document, t.index)))
              for entry in found.values() for s in entry.statements for t in entry.statements}
    for i, j, sa, sb, (value_a, value_b, kind) in _edited_copies(docs, chosen):
        if value_a in documents[j].text or value_b in sa.text:
            continue  # the other article states it too: no conflict
        key = (kind, frozenset((value_a.lower(), value_b.lower())), "copy")
        if key in found or frozenset(((i, sa.index), (j, sb.index))) in listed:
            continue  # found already by its values
        found[key] = Disagreement(kind, [
            Statement(sa.text, i, sa.index, outlet_label(documents[i], i), value_a),
            Statement(sb.text, j, sb.index, outlet_label(documents[j], j), value_b)])
    result = list(found.values())
    for contest in contested_claims(docs):
        (cd, ci), (dd, di) = contest.claim, contest.denial
        if cd == dd:
            continue  # an article that reports a claim and its denial: no difference between sources
        result.append(Disagreement("claim", [
            Statement(docs[cd][ci].text, cd, ci, outlet_label(documents[cd], cd), None),
            Statement(docs[dd][di].text, dd, di, outlet_label(documents[dd], dd), contest.cue)]))
    return result


COPY_WORDS = 4  # words a copied sentence keeps on each side of the one value an outlet changed


def _edited_copies(docs: Sequence[Sequence[Sentence]], chosen: set[int]):
    """Sentences of two articles that are one sentence with one value changed: the same first
    and last COPY_WORDS words, and between them one span that differs on each side and reads as
    a number, date or name ("chief Catherine Ashton said" / "chief Chad Eliason said"). A wire
    copy edited by one outlet says the same thing but for that value: no context rule needed.
    Yields (i, j, sentence i, sentence j, (value i, value j, kind)), i < j."""
    heads: dict[tuple, list] = {}
    for i in sorted(chosen):
        for s in docs[i] if i < len(docs) else ():
            words = s.text.replace("’", "'").split()  # outlets differ in apostrophes, not in facts
            if len(words) >= 2 * COPY_WORDS + 1:
                heads.setdefault(tuple(words[:COPY_WORDS]), []).append((i, s, words))
                heads.setdefault(tuple(words[-COPY_WORDS:]), []).append((i, s, words))
    seen = set()
    for group in heads.values():
        for n, (i, sa, wa) in enumerate(group):
            for j, sb, wb in group[n + 1:]:
                if i == j or (sa.doc, sa.index, sb.doc, sb.index) in seen:
                    continue
                seen.add((sa.doc, sa.index, sb.doc, sb.index))
                change = _one_change(wa, wb)
                if change:
                    yield (i, j, sa, sb, change) if i < j else (j, i, sb, sa, (change[1], change[0], change[2]))


def _one_change(wa: list[str], wb: list[str]) -> tuple[str, str, str] | None:
    """The one span two word lists differ by, when it is a value: (span a, span b, kind)."""
    head = 0
    while head < min(len(wa), len(wb)) and wa[head] == wb[head]:
        head += 1
    tail = 0
    while tail < min(len(wa), len(wb)) - head and wa[-1 - tail] == wb[-1 - tail]:
        tail += 1
    mid_a, mid_b = wa[head:len(wa) - tail], wb[head:len(wb) - tail]
    if not mid_a or not mid_b or len(mid_a) > 4 or len(mid_b) > 4 or head + tail < 2 * COPY_WORDS:
        return None
    span_a, span_b = " ".join(mid_a).strip(",.;:\"'()"), " ".join(mid_b).strip(",.;:\"'()")
    ma, mb = mentions(" " + span_a), mentions(" " + span_b)
    kinds = {m.kind for m in ma} & {m.kind for m in mb}
    kind = next((k for k in ("date", "number", "name") if k in kinds), None)
    if kind is None and span_a[:1].isupper() and span_b[:1].isupper():
        kind = "name"  # a capitalised word the patterns do not read alone ("A Florida police officer")
    if kind is None or span_a.lower() in span_b.lower() or span_b.lower() in span_a.lower():
        return None  # not a value, or one name more or less fully
    if kind == "number":
        a, b = (next(m for m in ms if m.kind == "number") for ms in (ma, mb))
        if a.value == b.value or _compatible(a, b):
            return None
    return span_a, span_b, kind


def _located(text: str, sentences: Sequence[Sentence], lower: set[str]) -> list[tuple[Mention, Sentence]]:
    """The mentions of one article (one pass of the patterns over its text), each with the
    sentence it lies in; a value across a sentence break is none, and so is a one-word name
    the story also writes in lower case (``lower``: "Department", "Secretary")."""
    starts = [s.start for s in sentences]
    located = []
    for m in mentions(text, lower):
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= sentences[k].end:
            located.append((m, sentences[k]))
    return located


def _candidate_pairs(per_doc: list[list[tuple[Mention, Sentence]]]):
    """Pairs of mentions from two articles with different values, of one kind and slot: the unit
    of a number, the form of a date ("Monday" and "March 3" may be one day: only like forms
    compare):
    (i, j, (mention, sentence) of article i, ... of article j), i < j."""
    buckets: list[dict[tuple, list]] = []
    for ms in per_doc:
        bucket: dict[tuple, list] = {}
        for m, s in ms:
            for key in _slot_keys(m):
                bucket.setdefault((m.kind, key), []).append((m, s))
        buckets.append(bucket)
    for i in range(len(per_doc)):
        for j in range(i + 1, len(per_doc)):
            seen = set()
            for key in [k for k in buckets[i] if k in buckets[j]]:  # text order, not a set's: same every run
                for a in buckets[i][key]:
                    for b in buckets[j][key]:
                        if a[0].value != b[0].value and (a[0].start, b[0].start) not in seen:
                            seen.add((a[0].start, b[0].start))
                            yield i, j, a, b


def _slot_keys(m: Mention) -> list:
    """Where a mention may meet its counterpart: a number by its unit, a date by its form, a
    name by its first word, a content word beside it or both words around it (the same role in
    both sentences; "the" or "and" alone beside two names says nothing)."""
    if m.kind != "name":
        return [_slot(m)]
    keys = [("first", m.value.split()[0])] + [("beside", w) for w in m.slot if w not in STOP_WORDS]
    return keys + [("between", m.slot)] if len(m.slot) == 2 else keys  # "chief _ said", "of _ and"


def _said(kind: str, value, stated: set) -> bool:
    """The value is among ``stated``; a name also by its last word ("Ashton" for "Catherine Ashton")."""
    return (kind, value) in stated or (kind == "name" and (kind, value.split()[-1]) in stated)


def _one_sided(a: Mention, own_sentence: set, other_article: set, b: Mention, other_sentence: set) -> bool:
    """``a``'s value is nowhere in the other article and ``b``'s is not in ``a``'s sentence: one
    article says one thing, the other another. And ``a``'s is the one value of its slot that its
    sentence does not share with the other article (for names, ``b``'s too): a sentence with
    several prices or names the other article lacks is about several things. Two names between
    the same two words ("chief Catherine Ashton said" / "chief Chad Eliason said") need not be
    alone: the sentences put them in one place."""
    if _said(a.kind, a.value, other_article) or any(v[:2] == (b.kind, b.value) for v in own_sentence):
        return False
    if a.kind == "name" and len(a.slot) == 2 and a.slot == b.slot:
        return True
    slot, own_values = _slot(a), {v[1] for v in own_sentence}
    lone = sum(1 for v in own_sentence if v[::2] == (a.kind, slot) and not _said(v[0], v[1], other_article)) == 1
    if a.kind != "name":
        return lone
    return lone and sum(1 for v in other_sentence if v[::2] == (a.kind, slot) and v[1] not in own_values) == 1


def _slot(m: Mention):
    """The slot a value fills, for comparing: a number's unit, a date's form, any name."""
    return m.slot if m.kind == "number" else _date_form(m.value) if m.kind == "date" else ()


def _different_days(a: Article, b: Article) -> bool:
    """Both articles carry a date and the dates differ: their weekdays count from different days.
    (Undated articles are taken to be of one day: a story's articles mostly are.)"""
    from .timeline import publication_date

    first, second = publication_date(a.date), publication_date(b.date)
    return first is not None and second is not None and first != second


def _same_fact(a: Mention, b: Mention, a_about: tuple[frozenset[str], frozenset[str]],
               b_about: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Two mentions (of one slot) with enough of the same words around them, or in sentences
    that say much the same (SENTENCE_SHARED terms, SENTENCE_JACCARD of them)."""
    if a.kind == "name":
        words_a, words_b = _name_words(a.text), _name_words(b.text)
        if a.value.split()[-1] == b.value.split()[-1] or words_a <= words_b or words_b <= words_a:
            return False  # one person or body named more or less fully, or one family
    if a.holder and b.holder and a.holder.split()[-2:] != b.holder.split()[-2:]:
        return False  # ages of two people ("Rylan Egeland, then 17" / "Shannon Egeland, 43")
    need, share = (NAME_SHARED, NAME_JACCARD) if a.kind == "name" else (MIN_SHARED, MIN_JACCARD)
    return _overlaps(a_about[0], b_about[0], need, share) or \
        _overlaps(a_about[1], b_about[1], SENTENCE_SHARED + (a.kind == "name"), SENTENCE_JACCARD)


def _name_words(text: str) -> set[str]:
    """A name's words without possessives: "Sheriff’s Department’s" is "sheriff department"."""
    return {re.sub(r"['’]s$", "", w) for w in text.lower().split()}


def _overlaps(a: frozenset[str], b: frozenset[str], need: int, share: float) -> bool:
    shared = len(a & b)
    return shared >= need and shared >= share * len(a | b)


def _date_form(value: tuple) -> tuple[bool, ...]:
    """Which parts a date states: a weekday, or (month, day, year)."""
    return tuple(part is not None for part in value) if len(value) == 3 else (False,)


def _compatible(a: Mention, b: Mention) -> bool:
    """One figure said two ways: rounded, or covered by a hedge."""
    x, y = float(a.value), float(b.value)
    gap = abs(x - y) / max(abs(x), abs(y), 1e-9)
    if max(x, y) >= 100 and gap <= ROUNDING:
        return True
    return (a.hedged or b.hedged) and gap <= HEDGED


def _update_note(documents: Sequence[Article], *sides: tuple[int, str, Mention]) -> str | None:
    """Why two figures may be one count at two times: the articles' dates, or update words."""
    dates = [documents[d].date for d, _, _ in sides]
    if all(dates) and dates[0] != dates[1]:
        early, late = sorted(sides, key=lambda side: documents[side[0]].date)
        if float(late[2].value) > float(early[2].value):
            return f"may be an update: the later report ({documents[late[0]].date}) gives the higher figure"
    if any(_UPDATE.search(text) for _, text, _ in sides):
        return "may be an update over time: a source says the figure changed"
    return None


def render_lines(items: Sequence[Disagreement], brief: Brief, markdown: bool) -> list[str]:
    """One line per disagreement: its kind, then each source's value and sentence."""
    lines = []
    for item in items:
        parts = [f"{s.value or 'states'}: {s.cite(markdown)}" for s in item.statements]
        note = f" ({item.note})" if item.note else ""
        lines.append(("- " if markdown else "  - ") + f"{item.kind}{note}: " + "; ".join(parts))
    return lines
