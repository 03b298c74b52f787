"""Key quotes: who said what, in each article and across outlets.

``extract_quotes(text)`` finds direct quotes ("...," she said) and indirect ones (she said that
...) with hand-written patterns around a list of reporting verbs (the cue), reading one paragraph
at a time: a direct quote is the text between paired quotation marks, its speaker named in the
fragment right after or before it (or carried over from the quote before it in the article); an
indirect quote is a sentence with a speaker and a cue, ``X said (that) ...``, ``..., X said.`` or
``according to X, ...``. The speaker mention is resolved to a name by ``speakers.resolve``.

``for_brief(brief)`` merges the same quote reported by several outlets and keeps a few key ones.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..model import Brief
from ..text.sentences import split_spans
from .cues import CueModel, attributions
from .speakers import PRONOUNS, names_in, resolve
from .story import outlet_label, story_sentences

_VERBS = ("said|says|say|told|tells|added|adds|argued|argues|claimed|claims|stated|states|"
          "explained|explains|noted|notes|insisted|insists|wrote|writes|warned|warns|announced|"
          "acknowledged|acknowledges|suggested|suggests|believes|believe|believed|thinks|think|"
          "thought|asked|asks|urged|contended|predicted|declared|maintained|admitted|admits|"
          "denied|denies|confirmed|confirms|recalled|continued|tweeted|replied|responded|"
          "countered|conceded|emphasized|stressed|alleged|alleges|charged|contends|predicts|"
          "reported|reports|told reporters|joked|quipped|recounted|observed|pointed out|"
          "complained|promised|vowed|boasted|estimated|concluded|testified|assured|"
          "wondered|mused|expressed|described|called|accused|questioned|saying|telling|calling|"
          "claiming|arguing|warning|insisting|noting|adding|criticized|defended|praised|"
          "showed|shows|found|finds|wants|wanted|want|hopes|hoped|fears|feared|"
          "knows|knew|expects|expected|endorsed|refused|blamed|touted|dismissed|"
          # mined from polnear_train cues (8+ times each)
          "show|declined|calls|citing|cited|suggesting|agreed|argue|proposed|know|suggest|"
          "revealed|pledged|hope|asking|claim|fear|rejected|call|attacked|explaining|recalling|"
          "indicated|blasted|posted|insist|promises|criticism|mocked|discussed|seeks|feel|"
          "stating|describing|announcing|denounced|hoping|denouncing|promising|acknowledging|"
          "reiterated|asserted|mentioned|slams|decried|lamented|describes|questioning|urging|"
          "accusing|vows|worried|attacking|supports|opposed|backed|support")
# the speaker: up to six words that do not cross a clause boundary
_SPEAKER = r"(?P<speaker>(?:[\w.’'\-]+\s+){0,5}?[\w.’'\-]+)"
_CUE = (rf"(?P<cue>{_VERBS})(?:\s+(?:on|in)\s+[A-Z]\w+|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday"
        r"|Saturday|Sunday|yesterday|today))?")  # "said on Thursday", "said Sunday"
# after a closing quote: ', he said' / ', said Mr. Smith' / ' Smith told CNN.'
_AFTER = re.compile(rf"^\s*[,.]?\s*(?:(?P<cue1>(?:{_VERBS}))\s+(?P<speaker1>(?:[\w.’'\-]+\s+){{0,5}}?[\w.’'\-]+)"
                    rf"(?=\s*[,.;:]|\s*$)|{_SPEAKER}\s+{_CUE}\b)")
# before an opening quote: 'Smith said:' / 'he told reporters,'
_BEFORE = re.compile(rf"(?:^|[.;,]\s|\b(?:and|but|as)\s)\s*{_SPEAKER}\s+{_CUE}\b[^.!?“\"]{{0,60}}[:,]\s*$")
# indirect: 'X said (that) ...'
_INDIRECT = re.compile(rf"(?:^|,\s+|\b(?:and|but|while|as)\s+){_SPEAKER}\s+{_CUE}\b(?:\s+that)?\s+(?P<content>\S.*)$",
                       re.S)
# indirect, speaker last: '..., X said.' / '..., said X.'
_TRAILING = re.compile(rf"^(?P<content>.+?),\s+(?:{_SPEAKER}\s+{_CUE}|(?P<cue2>(?:{_VERBS}))\s+"
                       r"(?P<speaker2>(?:[\w.’'\-]+\s+){0,5}?[\w.’'\-]+))[^,]{0,40}[.!?]?$", re.S)
_ACCORDING = re.compile(r"(?P<cue>[Aa]ccording to)\s+(?P<speaker>[^,.]{2,60}?)(?:,\s+(?P<content>.+)|[.!?]?$)", re.S)
# a headline or lead-in naming its speaker: 'Pat Caddell: Voters Worried ...'
_COLON = re.compile(r"^(?P<speaker>(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*)(?P<cue>:)\s+(?P<content>\S.*)$", re.S)
# a sentence without any of these cannot hold an attribution: one cheap test before the patterns
_CUE_WORDS = frozenset(verb.split()[0] for verb in _VERBS.split("|")) | {"according"}
_CUE_START = re.compile(r"(?<![a-z])(?:" + "|".join(sorted(_CUE_WORDS, key=len, reverse=True)) + ")")
_LOWER_WORD = re.compile(r"[a-z]+")
_QUOTED = re.compile(r"“[^”\n]+”|\"[^\"\n]+\"")
_MIN_WORDS = 4  # an unattributed quoted span shorter than this is a title or a scare quote


@dataclass
class Quote:
    """A quotation: ``text`` exactly as in the article at ``offsets``, its ``cue``, the
    ``speaker_mention`` at that point (its offsets in ``mention_offsets``), ``speaker`` resolved
    to a name, whether it is ``direct``, and whether the patterns or the cue model found it
    (``found_by``). In a brief, ``documents``/``outlets`` report it."""

    text: str
    offsets: tuple[int, int]
    cue: str | None
    speaker: str | None
    speaker_mention: str | None
    direct: bool
    mention_offsets: tuple[int, int] | None = None
    found_by: str = "pattern"  # or "model": the cue model's attribution (a belief, plan, finding...)
    document: int = 0
    documents: list[int] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)

    def to_dict(self, brief: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "offsets": list(self.offsets), "cue": self.cue,
                             "speaker": self.speaker, "speaker_mention": self.speaker_mention,
                             "direct": self.direct, "found_by": self.found_by}
        if brief:
            d.update(document=self.document, documents=self.documents, outlets=self.outlets)
        return d


def from_dict(d: dict[str, Any]) -> Quote:
    return Quote(d["text"], tuple(d["offsets"]), d.get("cue"), d.get("speaker"), d.get("speaker_mention"),
                 bool(d.get("direct")), found_by=d.get("found_by", "pattern"), document=d.get("document", 0),
                 documents=list(d.get("documents", [])), outlets=list(d.get("outlets", [])))


_DETERMINERS = {"the", "a", "an", "his", "her", "their", "many", "some", "most", "both", "several",
                "voters", "critics", "supporters", "democrats", "republicans", "you"}


def _plausible_speaker(words: str) -> bool:
    """A speaker mention names someone: a pronoun, a capitalised word or a noun like 'officials'."""
    first = words.split()[0].lower()
    if first in {"it", "this", "that", "which", "what", "there", "who"}:
        return False
    return len(words.split()) <= 6 and (first in PRONOUNS or any(c.isupper() for c in words)
                                        or first in _DETERMINERS
                                        or bool(re.search(r"\b(official|source|spokes|aide|"
                                                          r"people|expert|analyst|campaign|poll|survey|study|report|data)", words)))


def _direct(text: str, start: int, end: int) -> list[Quote]:
    """The direct quotes of one paragraph ``text[start:end]``."""
    para = text[start:end]
    quotes: list[Quote] = []
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(para)]
    for i, (qs, qe) in enumerate(spans):
        after = para[qe: spans[i + 1][0] if i + 1 < len(spans) else len(para)]
        before = para[spans[i - 1][1] if i else 0: qs]
        mention = cue = None
        m = _AFTER.match(after)
        if m and _plausible_speaker(m.group("speaker1") or m.group("speaker")):
            group = "speaker1" if m.group("speaker1") else "speaker"
            cue = m.group("cue1") or m.group("cue")
            mention = (m.group(group), start + qe + m.start(group))
        else:
            m = _BEFORE.search(before)
            if m and _plausible_speaker(m.group("speaker")):
                cue = m.group("cue")
                mention = (m.group("speaker"), start + qs - len(before) + m.start("speaker"))
        quoted = para[qs:qe]
        if mention is None and len(quoted.split()) < _MIN_WORDS:
            continue
        quotes.append(Quote(quoted, (start + qs, start + qe), cue, None,
                            mention[0] if mention else None, True,
                            (mention[1], mention[1] + len(mention[0])) if mention else None))
    return quotes


def _indirect_match(sentence: str):
    """(match, speaker group, cue group, content span) of the first indirect pattern that fits."""
    m = _COLON.match(sentence) if ":" in sentence else None  # a cheap test where a pattern needs a mark
    if m:
        return m, "speaker", "cue", (m.start("content"), len(sentence))
    m = _ACCORDING.search(sentence) if "ccording to" in sentence else None
    if m and (m.group("content") or m.start() > 20):
        return m, "speaker", "cue", ((m.start("content"), len(sentence)) if m.group("content") else (0, m.start()))
    # '..., X said.': no comma may follow the speaker, so the cue is after the last comma
    m = _TRAILING.match(sentence) if _CUE_START.search(sentence[sentence.rfind(","):].lower()) else None
    if m:
        speaker, cue = ("speaker", "cue") if m.group("speaker") else ("speaker2", "cue2")
        # '..., citing her record': a participle reports what follows it, said by the subject
        if not m.group(cue).endswith("ing") and _plausible_speaker(m.group(speaker)):
            return m, speaker, cue, (0, m.end("content"))
    m = _INDIRECT.search(sentence)
    if m and _plausible_speaker(m.group("speaker")):
        return m, "speaker", "cue", (m.start("content"), len(sentence))
    return None


def _indirect(text: str, start: int, end: int) -> Quote | None:
    """The indirect quote of one sentence ``text[start:end]`` outside quotation marks, if any."""
    sentence = text[start:end]
    may_attribute = ":" in sentence or not _CUE_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower()))
    found = _indirect_match(sentence) if may_attribute else None
    if found is None:
        return None
    m, speaker, cue, content = found
    body = sentence[content[0]:content[1]].rstrip(" .!?")
    if len(body.split()) < 3:
        return None
    at = start + m.start(speaker)
    return Quote(body, (start + content[0], start + content[0] + len(body)), m.group(cue),
                 None, m.group(speaker), False, (at, at + len(m.group(speaker))))


_CLAUSE_WORDS = re.compile(r"^.*(?:[.;:!?]\s+|\b(?:that|which|who|and|but|while|when|as|because|if|though|"
                           r"although|after|before|since|where|than)\s+)", re.S)
_TRAILING_WORDS = frozenset("has have had also repeatedly apparently later again then previously once "
                            "recently publicly privately reportedly would will could might may did does "
                            "do not never already still just further long often now even always "
                            "first".split())
_BE = frozenset("is was were are been being be".split())  # "Dismukes was charged": no speaker
_NOT_A_SPEAKER = frozenset("in on at during for with from by to of into about over under after before "
                           "since until".split())


def _trim_mention(mention: str, at: int) -> tuple[str, int] | None:
    """The words that name the speaker, out of what a pattern caught before a cue: the part after
    the last clause word or sentence end ("China and elsewhere that he" -> "he"), without trailing
    auxiliaries and adverbs ("The nominee has repeatedly" -> "The nominee"); None when what is
    left is no speaker ("In a Facebook message") or the cue is passive ("Dismukes was charged")."""
    m = _CLAUSE_WORDS.match(mention)
    if m and m.end() < len(mention):
        at, mention = at + m.end(), mention[m.end():]
    words = mention.split()
    if words and words[-1].lower() in _BE:
        return None  # a passive or a state ("was charged", "is expected"): who it is about, not who says it
    while words and (words[-1].lower() in _TRAILING_WORDS or
                     (words[-1].islower() and words[-1].endswith("ly") and len(words) > 1)):
        words.pop()
    if not words or words[0].lower() in _NOT_A_SPEAKER:
        return None
    lead = len(mention) - len(mention.lstrip())
    kept = mention[lead: lead + len(" ".join(words))]
    if kept.split() != words:  # spacing other than single spaces: keep the mention as caught
        return mention.strip(), at + lead
    return kept.rstrip("."), at + lead


class _Spans:
    """Character spans sorted by start, for "which of them overlap [start, end)" without a scan
    of all (a 40 MB input has tens of thousands of quotes)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_left(self.starts, start - self.longest)
        return [(s, e) for s, e in self.spans[lo:bisect_left(self.starts, end)] if e > start]


def _learned(text: str, spans: Sequence[tuple[int, int]], found: list[Quote], model: CueModel | None) -> list[Quote]:
    """The model's attributions where the patterns found nothing, and those nested in theirs
    (cues.py)."""
    taken = _Spans(q.offsets for q in found)
    quotes = []
    for a in attributions(text, spans, model):
        # one the patterns have, unless it lies inside their content: "X said Y wants Z" holds
        # Y's attribution inside X's
        if any(not s <= a.cue[0] < e for s, e in taken.overlapping(*a.content)):
            continue
        mention = text[a.speaker[0]:a.speaker[1]] if a.speaker else None
        if mention and not _plausible_speaker(mention):
            mention = None
        quotes.append(Quote(text[a.content[0]:a.content[1]], a.content, text[a.cue[0]:a.cue[1]], None,
                            mention, False, a.speaker if mention else None, "model"))
    return quotes


def extract_quotes(text: str, spans: Sequence[tuple[int, int]] | None = None, learned: bool = True,
                   model: CueModel | None = None) -> list[Quote]:
    """Every quote of one article, in text order, speakers resolved within the article.
    ``spans``: the article's sentence spans when the caller has split it already; ``learned``:
    add the cue model's attributions (beliefs, findings, plans) to the patterns' quotes."""
    spans = split_spans(text) if spans is None else spans
    quotes: list[Quote] = []
    position = 0
    for paragraph in text.split("\n"):
        start, end = position, position + len(paragraph)
        position = end + 1
        if "“" in paragraph or '"' in paragraph:
            quotes += _direct(text, start, end)
    direct = _Spans(q.offsets for q in quotes)
    for s, e in spans:
        quoted = sum(min(e, qe) - max(s, qs) for qs, qe in direct.overlapping(s, e))
        if quoted < 0.5 * (e - s):  # a partial quote inside reported speech: the speech is the quote
            quote = _indirect(text, s, e)
            if quote:
                quotes.append(quote)
    if learned:
        quotes += _learned(text, spans, quotes, model)
    quotes.sort(key=lambda q: q.offsets)
    for quote in quotes:
        if quote.speaker_mention and quote.mention_offsets:
            trimmed = _trim_mention(quote.speaker_mention, quote.mention_offsets[0])
            quote.speaker_mention, quote.mention_offsets = (
                (trimmed[0], (trimmed[1], trimmed[1] + len(trimmed[0]))) if trimmed else (None, None))
    names = names_in(text)
    last = None
    for quote in quotes:
        if quote.speaker_mention and quote.mention_offsets:
            quote.speaker = resolve(quote.speaker_mention, quote.mention_offsets[0], names,
                                    last.speaker if last else None)
            last = quote
        elif quote.direct and last is not None and last.direct:
            # a quote that runs on in the next paragraph: same speaker as the one before
            quote.speaker, quote.speaker_mention, quote.cue = last.speaker, last.speaker_mention, last.cue
            quote.mention_offsets = last.mention_offsets
    return quotes


_WORD = re.compile(r"[a-z0-9]+")
_KEY_QUOTES = 5
# reported speech a reader takes as a quote; "wants", "believes", "fears" report a mind, not words
_SPEECH_CUES = frozenset(
    "said says say told tells added adds argued argues claimed claims stated states explained explains "
    "noted notes insisted insists wrote writes warned warns announced acknowledged acknowledges "
    "suggested suggests asked asks urged contended predicted declared maintained admitted admits denied "
    "denies confirmed confirms recalled continued tweeted replied responded countered conceded "
    "emphasized stressed alleged alleges reported reports joked quipped recounted observed pointed "
    "complained promised vowed boasted estimated concluded testified assured revealed posted reiterated "
    "asserted mentioned according :".split())
_KEY_MIN_WORDS = 6  # "the party's most sensitive information": a phrase quoted in speech, no quote alone


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3}


def _same_quote(a: set[str], b: set[str]) -> bool:
    """Two outlets' renderings of one quote: most words of the shorter one in the other."""
    return bool(a and b) and len(a & b) >= 0.8 * min(len(a), len(b))


def _named_at_quote(quote: Quote) -> bool:
    """The speaker is named where the quote is, and the name shown is that name: not a pronoun
    resolved to someone earlier ("she told Vanity Fair" is not always the last woman named),
    not a lower-case phrase ("papers filed in Manhattan Surrogate's Court"), not a word cut out of
    a longer name ("The New York Daily News" is not "Daily"), not one capitalised word the article
    never gives as a full name ("Facing criticism ..." read as a speaker "Facing"). A wrong name is
    worse than none."""
    mention = (quote.speaker_mention or "").strip().rstrip(".,;:")
    if not quote.speaker or len(quote.speaker.split()) < 2 or not mention or not mention[0].isupper():
        return False
    if mention.split()[0].lower() in PRONOUNS or mention.split()[0].lower() in ("the", "a", "an"):
        return False
    words = mention.split()
    last = quote.speaker.split()[-1]
    if last not in words:
        return False
    after = words[words.index(last) + 1:]  # "Jane Doe on Monday": fine; "Daily News": cut out
    return not after or not after[0][0].isupper()


def for_brief(brief: Brief) -> list[Quote]:
    """The brief's key quotes: only those whose speaker is named at the quote
    (``_named_at_quote``), each on the story (sharing words with the brief) and of at least
    ``_KEY_MIN_WORDS`` words, reported speech only by a speaking verb (``_SPEECH_CUES``), the same
    quote from several outlets merged; direct ones and those more outlets report first, at most
    five. The patterns only: what the cue model adds is mostly beliefs, plans and findings, not
    quotes a reader wants beside a brief, at four times the cost."""
    story = _words(" ".join(s.text for s in brief.sentences))
    merged: list[tuple[Quote, set[str]]] = []
    split = story_sentences(brief.documents)
    for i, article in enumerate(brief.documents):
        for quote in extract_quotes(article.text, [(s.start, s.end) for s in split[i]], learned=False):
            words = _words(quote.text)
            if not _named_at_quote(quote) or len(words & story) < 2 or len(quote.text.split()) < _KEY_MIN_WORDS:
                continue
            if not quote.direct and (quote.cue or ":").split()[0].lower() not in _SPEECH_CUES:
                continue  # "El Chapo (wanted) del Castillo to ...": a wish reported, no quote
            same = next((q for q, w in merged if _same_quote(w, words)), None)
            if same is None:
                quote.document, quote.documents = i, [i]
                quote.outlets = [outlet_label(article, i)]
                merged.append((quote, words))
            elif i not in same.documents:
                same.documents.append(i)
                label = outlet_label(article, i)
                if label not in same.outlets:
                    same.outlets.append(label)
    merged.sort(key=lambda qw: (not qw[0].direct, -len(qw[0].outlets), -len(qw[1] & story)))
    return [q for q, _ in merged[:_KEY_QUOTES]]


def render_lines(items: Sequence[Quote], brief: Brief, markdown: bool) -> list[str]:
    """One line per quote: speaker, the quote, its citations."""
    from ..render import escape_markdown

    lines = []
    for quote in items:
        text = quote.text if quote.direct else f"({quote.cue}) {quote.text}"
        cites = "".join(f"[{d + 1}]" for d in quote.documents)  # citations, as in the brief
        line = f"{quote.speaker}: {text}"
        lines.append(f"- {escape_markdown(line)} {cites}" if markdown else f"  - {line} {cites}")
    return lines
