"""Reader defects (GUIDE §1): can a sentence be taken as it stands in a brief?

A sentence is defective when a reader cannot take it as it stands in the brief: it points back
to something the brief does not say (dangling), quotes someone it does not name (orphan_quote),
speaks as the writer (writer_voice), is not a sentence (fragment) or baits the reader (teaser).
The rules are string tests on the sentence and on its paragraph in the article (to know whether
it sits inside a quotation opened earlier). They were tuned by reading what they flag on the raw
Multi-News dev clusters: a rule that flags good prose is a bug. The selector uses them to build
briefs that pass (summarizers/newsbrief/standalone.py); evaluation/readability.py audits with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..model import Sentence

DEFECTS = ("dangling", "orphan_quote", "writer_voice", "fragment", "teaser")
# "Lede first": the brief opens with a clean sentence among the first LEDE_SENTENCES of its
# article. Three, not one: raw pages often open with a headline or a dateline line.
LEDE_SENTENCES = 3
QUOTE_WORDS = 4  # fewer quoted words are a term or a title ("so-called "safe spaces""), not a quote

# --------------------------------------------------------------------------- quotations

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«", "”»"
_OPENS = "([{—–-\"“"  # what may stand before an opening single quote


_QUOTE_CHAR = re.compile("[\"“”«»'‘’]")
_QUOTE_OPENERS = "\"“‘'«"


def quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """The quotations of one paragraph as (start, end) offsets, marks included.

    Curly double quotes open and close, a straight one toggles, two backticks open and two
    apostrophes close (typed quotes); a double quotation still open at the end of the paragraph
    runs to it (news style reopens it in the next paragraph). A single quote is also the
    apostrophe, so single quotations count only in pairs: one after a space and before a
    letter, closed by one after a non-space and before a non-letter.
    """
    spans: list[tuple[int, int]] = []
    double = single = None
    # typed quotes as curly ones, same length
    paired = paragraph.replace("``", "“ ").replace("''", " ”").replace("’’", " ”")
    for m in _QUOTE_CHAR.finditer(paired):  # only the quote marks matter: skip to them
        i, ch = m.start(), m.group()
        if ch == '"' or ch in _DOUBLE_OPEN or ch in _DOUBLE_CLOSE:
            if double is None and ch not in _DOUBLE_CLOSE:
                double, single = i, None
            elif double is not None and ch not in _DOUBLE_OPEN:
                spans.append((double, i + 1))
                double = None
        elif ch in "'‘’" and double is None:
            before = paired[i - 1] if i else " "
            after = paired[i + 1] if i + 1 < len(paired) else " "
            if single is None:
                if ch != "’" and after.isalpha() and (before.isspace() or before in _OPENS):
                    single = i
            elif ch != "‘" and not before.isspace() and not after.isalnum():
                spans.append((single, i + 1))
                single = None
    if double is not None:
        spans.append((double, len(paragraph)))
    return sorted(spans)


@dataclass
class _Parts:
    """A sentence split into what it quotes and what it says in its own voice."""

    quoted: list[str]  # the quoted runs inside the sentence, marks stripped
    outside: str  # the rest, each quoted run replaced by QUOTED
    continues_quote: bool  # the sentence starts inside a quotation opened before it


QUOTED = "\u241f"  # stands for a quoted run in ``_Parts.outside``


def _parts(sentence: Sentence, article_text: str | None) -> _Parts:
    """Quotation structure of the sentence, from its paragraph when the article is given."""
    text = sentence.text
    if article_text and article_text[sentence.start:sentence.end] == text:
        first = article_text.rfind("\n", 0, sentence.start) + 1
        last = article_text.find("\n", sentence.end)
        paragraph = article_text[first:last if last >= 0 else len(article_text)]
        offset = sentence.start - first
    else:
        paragraph, offset = text, 0
    spans = quote_spans(paragraph)
    quoted, outside, pos = [], [], 0
    for a, b in spans:
        a, b = max(a - offset, 0), min(b - offset, len(text))
        if a < b:
            outside += [text[pos:a], f" {QUOTED} "]
            quoted.append(text[a:b].strip("\"“”«»'‘’ "))
            pos = b
    outside.append(text[pos:])
    continues = any(a < offset < b for a, b in spans)
    return _Parts(quoted, "".join(outside), continues)


_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for with by from as vs via into "
                         "over up out off per than is are was be".split())


def _title_case(words: Sequence[str]) -> bool:
    """Every significant word capitalised: a headline, or a title in quotation marks."""
    seen = False
    for w in words:  # most sentences fail at their second or third word
        if w.lower() in _SMALL_WORDS or not any(c.isalpha() for c in w):
            continue
        if not w.lstrip("\"“‘'([")[:1].isupper():
            return False
        seen = True
    return seen


def _holds_quotation(parts: _Parts) -> bool:
    """A quoted passage of QUOTE_WORDS+ words (not a title), or the tail of an open quotation."""
    return parts.continues_quote or any(
        len(q.split()) >= QUOTE_WORDS and not _title_case(q.split()) for q in parts.quoted)


# --------------------------------------------------------------------------- speakers

_IRREGULAR = "said says say saying told tells tell telling wrote writes write writing spoke reads"
_REGULAR = """add ask explain note state declare announce insist argue claim warn urge vow
promise pledge admit acknowledge concede recall continue reply respond answer quip joke testify
report complain caution remark observe suggest predict confirm deny describe call tweet post
shout yell scream exclaim whisper plead demand boast lament recount reveal conclude muse counter
retort stress emphasize assert maintain contend allege accuse blast slam praise criticize
thank tout dub label text email quote sing chant"""


def _forms(verb: str) -> list[str]:
    """Third person, past and -ing forms of a regular verb (bare forms are often nouns)."""
    if verb.endswith("y"):
        return [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith("e"):
        return [verb + "s", verb + "d", verb[:-1] + "ing"]
    double = verb + verb[-1] if verb in ("quip", "admit", "plead") else verb
    return [verb + "s", double + "ed", double + "ing"]


_SPEECH_WORDS = sorted({*_IRREGULAR.split(), *(f for v in _REGULAR.split() for f in _forms(v)),
                        "pled", "read", "speaks"}, key=len, reverse=True)
_SPEECH = re.compile(r"\b(?:according to|" + "|".join(_SPEECH_WORDS) + r")\b")
_PRONOUNS = frozenset("he she they it i we you him her them me us".split())
# Words that sit between a speaker and the verb: "he also said", "Smith has repeatedly said".
_FILLERS = frozenset("also later then previously once recently reportedly simply further "
                     "subsequently repeatedly earlier often just has had have would will was "
                     "were is had already again first publicly privately".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|" + QUOTED)


def _speakers(outside: str) -> list[str]:
    """For each speaking verb outside the quotes, the word naming its speaker, lower-cased.

    The speaker is the word before the verb ("Smith said", "he told"), or when a quotation or
    the start comes first, the word after it ("said Smith", "said he", "according to her").
    After a conjunction it is the sentence's first word ("He gave no details but said").
    """
    found = []
    text = outside[:1].lower() + outside[1:]
    for m in _SPEECH.finditer(text):
        before = [w for w in _WORD.findall(text[:m.start()]) if w.lower() not in _FILLERS]
        after = _WORD.findall(text[m.end():])[:1]
        if before and before[-1].lower() in ("and", "but", "or"):
            found.append(before[0].lower())
        elif m.group() != "according to" and before and before[-1] != QUOTED:
            found.append(before[-1].lower())
        elif after and after[0] != QUOTED:
            found.append(after[0].lower())
    return found


def _names_someone(text: str) -> bool:
    """A capitalised word other than a pronoun or the sentence's first word: a likely name."""
    words = _WORD.findall(text)
    return any(w[:1].isupper() and w.lower() not in _PRONOUNS for w in words[1:])


def _orphan_quote(parts: _Parts, previous: Sentence | None, continues: bool,
                  article_text: str | None) -> bool:
    """A quotation with no speaker, or only a pronoun one, that the previous sentence of the
    article (when the brief has it) does not introduce. A quotation with no speaking verb is
    fine inside the writer's own clause of QUOTE_WORDS+ words (a partial quote): the clause
    names its source."""
    if not _holds_quotation(parts):
        return False
    speakers = _speakers(parts.outside)
    if any(s not in _PRONOUNS for s in speakers):
        return False
    prose = [w for w in _WORD.findall(parts.outside) if w != QUOTED]
    if not speakers and not parts.continues_quote and len(prose) >= QUOTE_WORDS:
        return False  # woven into the writer's own clause: 'Boehner told Obama to "sit down..."'
    if continues and previous is not None:
        before = _parts(previous, article_text)
        if _names_someone(before.outside) or _holds_quotation(before):
            return False
    return True


# --------------------------------------------------------------------------- openings

_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’ -]+,?(?: [A-Z][a-z.]+)?\s*(?:\([^)]{1,30}\))?"
                       r"|\([^)]{1,30}\))\s*[—–-]+\s*")  # "WASHINGTON (AP) — ", "(CNN) — "
_PRONOUN_START = re.compile(r"^(?:He|She|They|Them|Him|His|Her|Their|Its|It)\b(?![-.])")
# "It" as a dummy subject points at nothing: "It was unclear whether...", "It took two hours to".
_DUMMY_IT = re.compile(
    r"^It(?:['’]s| is| was| has been| had been| (?:will|would|could|may|might|should|must|can)"
    r"(?: not|n['’]t)? be| (?:won|can)['’]t be| remains| remained| seems| seemed| appears"
    r"| appeared| is ?n['’]t| was ?n['’]t)"
    r"(?: not| also| still| now| yet| already| immediately| too| so| very| more| less| far| much)*"
    r"(?! (?:a|an|the|his|her|their|its|this|that|these|those|one|another|part|what)\b)"
    r"(?:(?: [\w-]+){1,2} (?:that|whether|if|how|why|what|when|where|who)\b"
    r"| (?:hard|easy|difficult|impossible|possible|important|necessary|unclear|illegal|legal|time"
    r"|late|safe|dangerous|unusual|rare|common|tough|crucial|vital|essential|critical)"
    r" (?:to|for)\b)"
    r"|^It(?:['’]s| is| was| has been| had been| (?:will|would|could) be) (?:a|an|\d+|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|several|many|more than|nearly|almost|about|over"
    r"|just)\b.{0,30}? (?:before|until|since)\b"
    r"|^It (?:took|takes|will take|would take|could take) (?:[\w-]+ )?(?:about |nearly |almost "
    r"|more than |less than |over |just |only |at least |up to )?(?:\d|a |an |one|two|three|four"
    r"|five|six|seven|eight|nine|ten|several|many|hours|days|weeks|months|years|decades)"
    r"|^It remains to be seen\b")
# A demonstrative standing alone as the subject ("This is", "That's"), not before a noun.
_DEMONSTRATIVE = re.compile(
    r"^(?:This|That|These|Those)(?:['’]s\b|\s*[,;:—–]| (?:is|was|are|were|has|have|had|will"
    r"|would|could|can|may|might|should|must|does|did|do|means|meant|comes|came|includes"
    r"|included|led|leads|made|makes|marks|marked|follows|followed|happened|seems|seemed"
    r"|appears|appeared|prompted|sparked|left|gave|caused|became|becomes|isn['’]t|wasn['’]t"
    r"|also|all|not|just|one|too|alone|itself|raised|angered|drew|set|put)\b)")
_CONNECTIVE = re.compile(
    r"^(?:But|Yet|And|Or|Nor|However|Still|Also|Meanwhile|Instead|Moreover|Furthermore|"
    r"Nevertheless|Nonetheless|Besides|Otherwise|Thus|Hence|Therefore|Likewise|Similarly|Indeed|"
    r"Plus|Again(?! and again)|Additionally|Consequently|Accordingly|Regardless|Afterwards?|"
    r"Thereafter|"
    r"Even so|Even then|In fact|As such|That said|After that|On the other hand|What['’]s more|"
    r"Not only that|To that end|That way|If anything|Other than that|"
    r"(?:Despite|Because of|Beyond|Besides) (?:this|that)|For (?:his|her|their|its) part|"
    r"(?:In addition|As a result|By contrast|In contrast|In response|In turn|At the same time)"
    r"(?! (?:of|to)\b))\b(?![-’'])"
    r"|^So\b(?! far| many| much| long|-)|^Then\b(?![-’'])|^Though,|^Later\b(?! this| next|-)"
    r"|^Earlier(?:,| that| in the day)")
# A leading phrase with a pronoun, then a pronoun subject: "After his arrest, he was...". With a
# name after the comma the pronoun points forward to it ("In its filing, Kleiner said..."): fine.
_PRONOUN_PHRASE = re.compile(
    r"^(?:In|After|Before|During|Despite|With|Without|Since|Like|Unlike|Upon|On|At|Of|For|To|"
    r"Through|Under|Following|Among|According to) (?:his|her|their|its|him|them)\b[^,]*,\s*"
    r"(?:he|she|they|it|his|her|their|its)\b")
# A part of something named before: "One of them was...", "Most of it".
_PART_OF = re.compile(r"^[A-Z]\w*(?: \w+)? of (?:them|it|these)\b")


def _dangling(text: str) -> bool:
    """An opening that needs an antecedent: pronoun subject, lone demonstrative, connective."""
    text = _DATELINE.sub("", text.lstrip())
    if _PRONOUN_START.match(text):
        return not _DUMMY_IT.match(text)
    return any(p.match(text) for p in (_DEMONSTRATIVE, _CONNECTIVE, _PRONOUN_PHRASE, _PART_OF))


# --------------------------------------------------------------------------- the rest

_FIRST_PERSON = re.compile(
    r"\bI\b(?![-’']?\d)|\b(?:me|my|mine|myself|we|us|ours|ourselves)\b|^(?:We|My|Our|Me)\b"
    r"|\bour\b(?! (?:own )?(?i:sun|planet|solar system|galaxy|universe|species|moon|star)\b)")


def _writer_voice(outside: str) -> bool:
    """First person outside quotation marks ("US" and "U.S." are not "us"; "our planet" is
    everyone's, not the writer's)."""
    text = outside.lstrip(" \"“‘'(")
    for m in _FIRST_PERSON.finditer(text):
        before = text[:m.start()].split()
        if m.group() == "I" and len(before) > 1 and before[-1][:1].isupper() and before[-1].isalpha():
            continue  # "World War I", "Elizabeth I" (but "Today I", "Then I" are the writer)
        return True
    return False


_END = ("…", "...", ". . .")
_CLOSERS = "\"'”’»)]} \t\n"
_LOWER_PARTICLES = frozenset("de da di del van von der al el bin ibn la le du".split())
_CAPTION = re.compile(
    r"^\(?(?:Photos?|Photograph|Images?|Pictures?|Video|Caption|Credit|Graphic|Getty)"
    r"(?: credit| caption| copyright)?\s*[:|/]|Image copyright|Image caption|AP Photo/|"
    r"\((?:AP|Reuters|Getty Images|AFP)(?: Photo)?\)\s*$|\bPhotos? (?:by|courtesy|credit)\b|"
    r"^(?:Updated|Posted|Published|Last updated|Advertisement|Story highlights|View Images|"
    r"Fig\.? \d)\b|\b(?:Autoplay|Skip Ad|Full Screen|Hide Caption|toggle caption)\b"
    r"|(?-i:^(?:CLOSE|PHOTOS?|VIDEO|WATCH|LISTEN|RELATED)\b)"  # player leftovers: "CLOSE Ariel..."
    # an AP photo caption ends on its date: "...in Aleppo, Syria, Tuesday, Sept. 25, 2012."
    r"|(?-i:, (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\.\W*$)",
    re.I)


def _fragment(text: str) -> bool:
    """Not a sentence: no closing punctuation, trailing off, lower-case start, too short, or a
    headline, caption, credit or time stamp."""
    body = text.rstrip(_CLOSERS)
    if not body.endswith((".", "!", "?")) or body.endswith(_END):
        return True
    words = text.split()
    if len(words) < 4 or _CAPTION.search(text):
        return True
    first = re.match(r"[\W_]*([^\W_]+)", text)
    word = first.group(1) if first else ""  # "eBay" and "de Blasio" start sentences too
    if word.islower() and not (word in _LOWER_PARTICLES and words[1][:1].isupper()):
        return True
    return len(words) >= 5 and _title_case(words)


_TEASER = re.compile(
    r"\bhere(?:['’]s| is| are) (?:what|why|how|who|where|when|everything|a look|the latest|all)\b"
    r"|\bwhat (?:you|we) need to know\b|\bwhat we know\b|\bclick here\b|\bcheck back\b"
    r"|\bstay tuned\b|\byou won['’]t believe\b"
    r"|^(?:find out|read on|keep reading|read more|scroll down|don['’]t miss"
    r"|(?:watch|listen)\s*[:\-–—])", re.I)


def _teaser(outside: str) -> bool:
    """A question in the writer's voice, or a line that promises more instead of saying it."""
    return "?" in outside or bool(_TEASER.search(outside.strip(" \"“‘'(")))


# --------------------------------------------------------------------------- the audit

def sentence_defects(sentence: Sentence, previous: Sentence | None,
                     article_text: str | None, strict: bool = False) -> list[str]:
    """The defects (names from DEFECTS, in that order) of one brief sentence.

    ``previous`` is the brief's sentence before it (None for the first); it "continues" the
    article when it is the sentence's predecessor there. ``article_text`` is the text of the
    sentence's own article, which its offsets point into (None: judge the sentence alone).
    ``strict``: also what a careful editor avoids beyond the definitions (the selector's view):
    a demonstrative before a noun, a quotation opening with a pronoun, the middle of a quotation
    with no mark of its own, the reader addressed as "you".
    """
    parts = _parts(sentence, article_text)
    continues = (previous is not None and previous.doc == sentence.doc
                 and previous.index == sentence.index - 1)
    dangling = _dangling(parts.outside) or (strict and _points_back(parts.outside))
    if strict and not continues:
        # a quotation that opens pointing back ("“He got out of the car...,” Oliver said"), or
        # the middle of a quotation with no mark of its own, needs what came before it
        dangling = dangling or bool(parts.quoted) and _dangling(parts.quoted[0]) \
            and sentence.text.lstrip()[:1] in _QUOTE_OPENERS
        tail = parts.continues_quote and not _QUOTE_CHAR.search(sentence.text)
    else:
        tail = False
    found = {
        "dangling": not continues and not parts.continues_quote and dangling,
        "orphan_quote": tail or _orphan_quote(parts, previous, continues, article_text),
        "writer_voice": _writer_voice(parts.outside) or (strict and _reader_address(parts.outside)),
        "fragment": _fragment(sentence.text),
        "teaser": _teaser(parts.outside),
    }
    return [name for name in DEFECTS if found[name]]


_DEMONSTRATIVE_NOUN = re.compile(r"^(?:This|That|These|Those|Such|The latter|The former)\s+[a-z]")
_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)


def _points_back(outside: str) -> bool:
    """A demonstrative before a noun ("Those accounts were..."): it points back as surely as a
    lone one. (A pronoun later in the sentence, "Police believe he...", was measured too: it
    cost 0.23 ROUGE-1 on raw dev100 and lies outside the definition of an opening.)"""
    return bool(_DEMONSTRATIVE_NOUN.match(_DATELINE.sub("", outside.lstrip(" \"“‘'("))))


def _reader_address(outside: str) -> bool:
    """The reader addressed in the writer's words ("You can watch it below")."""
    return bool(_YOU.search(outside))


def judgeable_defects(texts: Sequence[str]) -> tuple[str, ...]:
    """The defects these rules can tell in a story's sentences. They read case (names,
    sentence starts): in text lower-cased but for sentence starts (most Multi-News sets), where
    under 3% of words past a sentence's first are capitalised (news: 5-29%) and either under 1%
    or words such as "i", "monday" or "american" appear in lower case, only openings can be
    judged."""
    words = [w for t in texts[:60] for w in t.split()[1:]]
    names = sum(w[:1].isupper() for w in words)
    if names > 0.03 * len(words) or names > 0.01 * len(words) and not any(map(_LOWER_MARK.search, texts)):
        return DEFECTS  # few capitals but no lower-cased name: a press release, a notice
    return ("dangling",)


# words written with a capital in cased English: lower-cased, the text lost its case
_LOWER_MARK = re.compile(r"\b(?:i|i['’](?:m|ve|ll|d)|monday|tuesday|wednesday|thursday|friday|saturday|"
                         r"sunday|january|february|april|june|july|august|september|october|november|"
                         r"december|u\.s\.|america|american|americans|english|british|european)\b")
