"""Values a sentence states — numbers, dates, names — with the words around them, so two
articles' statements of one fact can be compared (``disagreements.py``) and dates put in order
(``timeline.py``).

A ``Mention`` keeps the value as written, a normalised form that compares across outlets ("12",
"twelve" -> 12.0; "March 3" -> "march 3"), its slot (the unit after a number, the words either
side of a date or name) and the content terms around it (what the value is about).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text.tokens import content_terms

WINDOW = 8  # words either side of a value that say what it is about

_NUMBER_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0,
                      "eighty": 80.0, "ninety": 90.0, "hundred": 100.0, "dozen": 12.0})
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MONTHS = ("january february march april may june july august september october november december")
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" \
         r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# "March 3, 2015", "3 March 2015", "March 2015", "March 3", "Monday", "2015"
DATE = re.compile(  # (?=[A-Z\d]) first: most positions fail at once
    rf"\b(?=[A-Z\d])(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
    rf"(?:,?\s+\d{{4}})?|{_MONTH}\s+(?:of\s+)?\d{{4}}|{_WEEKDAY}|(?:19|20)\d\d)\b(?!-)")
# a number: digits (1,200 / 3.5) or a number word, with a scale ("2.5 million"); "$" and "%" kept
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?i:" + "|".join(
    sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
NUMBER = re.compile(  # the lookahead skips most positions at once: the scan's main cost
    r"(?<![\w$])(?=[otfsenhdzwOTFSENHDZW\d$])(?P<cur>\$)?" + _NUM + r"(?![\w,.]\d)"
    r"(?:\s+(?P<scale>(?i:hundred|thousand|million|billion|trillion))\b)?(?P<pct>\s*%|\s+percent\b)?")
# a range or approximation around a number: not a point value to compare
_RANGE_AFTER = re.compile(r"\s*(?:-|–|to|or)\s*\$?\d", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:between|from|since|until|\d\d\d\d\s*(?:-|–|to)|\d\s*(?:-|–|to|or)|between\s+\S+\s+and)\s*\$?$", re.IGNORECASE)
HEDGE = re.compile(r"\b(?:about|around|nearly|almost|roughly|approximately|some|over|more than|at least"
                   r"|less than|fewer than|up to|under|at most|estimated|an estimated|as many as|upwards of)\s+$",
                   re.IGNORECASE)
# a name: capitalised words ("Autumn Veatch", "Okanogan County", "McCain"), not at a sentence
# start; one word alone is a name only when the story never writes it in lower case (``lone``)
_CAP = r"[A-Z][a-z'’]+(?:[A-Z][a-z]+|-[A-Z][a-z]+)?"
NAME = re.compile(rf"(?=[A-Z])(?:(?<=[a-z,;] )|(?<=\b[MD][rs]\. )|(?<=Mrs\. )){_CAP}(?:\s+(?:[A-Z]\.\s+)?{_CAP})*")
# an age: "17-year-old", "17 years old", and AP's "John Smith, 45," / "his son, then 17,"
AGE = ("age",)
# "a 20-gauge shotgun": 20, its unit "gauge"; not a span of time ("a three-year battle" and "the
# 18-year war" are two spans, and stories are full of them)
_COMPOUND_UNIT = re.compile(r"-(?!(?:year|month|week|day|hour|minute|second|night|time)s?\b)([a-z]{3,})\b(?!-)")
_AGE_AFTER = re.compile(r"-years?-old\b|\s+years?\s+old\b|-year\s+old\b")
_HOLDER = re.compile(r"((?:[A-Z][\w'’.-]+\s+)*[A-Z][\w'’.-]+),(?:\s+then)?\s+$")  # the name an AP age follows
_AGE_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*|,\s+then|\baged?),?\s+$")
_WORD = re.compile(r"[\w'’]+")
_POSSESSIVE = re.compile(r"['’]s$")
_TITLED = frozenset({"Mr.", "Mrs.", "Ms.", "Dr."})  # "Mr. Morsi": a name after a title is a name
_NEXT_WORD = re.compile(r"\W*?([\w'’]+)")
_NOT_NAME = frozenset(WEEKDAYS) | frozenset(MONTHS.split()) | {m[:3] for m in MONTHS.split()} | {"sept"}
_TITLES = frozenset("mr mrs ms dr st sgt gen sen rep gov lt col capt jr sr".split())  # "Mr." alone names nobody


@dataclass(frozen=True)
class Mention:
    """One value stated in a sentence. ``kind``: number, date or name; ``value``: the normalised
    value; ``slot``: words that say which quantity/role it fills; ``hedged``: "about", "more
    than"... before it. Offsets are into the text given to ``mentions``."""

    kind: str
    text: str
    value: object
    start: int
    end: int
    slot: tuple[str, ...]
    hedged: bool = False
    lone: bool = False  # a name of one word: a name only if the story never writes it in lower case
    holder: str | None = None  # an age's person when named right before it ("Rylan Egeland, then 17,")


def number_value(match: re.Match) -> float | None:
    """The number a NUMBER match states, None when it is no plain number."""
    raw = match.group("num").lower().replace(",", "")
    value = _NUMBER_WORDS.get(raw)
    if value is None:
        try:
            value = float(raw)
        except ValueError:
            return None
    if match.group("scale"):
        value *= _SCALES[match.group("scale").lower()]
    return value


def date_value(text: str) -> tuple[int | str | None, ...]:
    """A DATE match as (month 1-12, day, year), each None when not stated, or ("monday",)."""
    words = [w for w in _words(text) if w != "of"]
    if words[0] in WEEKDAYS:
        return (words[0],)
    month = next((MONTHS.split().index(m) + 1 for w in words if w.isalpha() for m in MONTHS.split()
                  if m.startswith(w[:3])), None)
    numbers = [int(w.rstrip("stndrh")) for w in words if w[0].isdigit()]
    year = next((n for n in numbers if n > 31), None)
    day = next((n for n in numbers if n <= 31), None)
    return (month, day, year)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _neighbours(text: str, m: re.Match) -> tuple[list[str], list[str]]:
    """The word just before and the word just after a match (lower-cased; none at the ends)."""
    before = _WORD.findall(text, max(0, m.start() - 40), m.start())  # a scan, not a search per position
    after = _NEXT_WORD.match(text, m.end())
    return ([before[-1].lower()] if before else []), ([after.group(1).lower()] if after else [])


@lru_cache(maxsize=4096)
def _unit(word: str) -> tuple[str, ...]:
    """A number's unit: the next word's stem ("cents" is "cent"), or the word itself."""
    return tuple(content_terms(word)[:1] or (word,))


def context(text: str, start: int, end: int) -> frozenset[str]:
    """Content terms within WINDOW words of text[start:end] (its own words excluded): what a
    value is about."""
    before, after = text[:start].split()[-WINDOW:], text[end:].split()[:WINDOW]
    return frozenset(content_terms(" ".join(before + after)))


def mentions(text: str, common: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """Every number, date and name ``text`` states, in order of kind; a one-word name only when
    it is not among ``common`` (the words a story also writes in lower case: "Department")."""
    found: list[Mention] = []
    date_matches = list(DATE.finditer(text))
    taken = {i for m in date_matches for i in range(m.start(), m.end())}
    for m in date_matches:
        if _RANGE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue  # "from 2002 to 2011": a span, not a date
        value = date_value(m.group(0))
        before, after = _neighbours(text, m)
        found.append(Mention("date", m.group(0), value, m.start(), m.end(), tuple(before + after)))
    for m in NUMBER.finditer(text):
        if m.start() not in taken and _AGE_AFTER.match(text, m.end()) and text[m.start() - 1:m.start()] != "-":
            value = number_value(m)  # "a 17-year-old", "17 years old": an age, the fact outlets get wrong
            if value is not None and value < 130:
                found.append(Mention("number", m.group(0), value, m.start(), m.end(), AGE))
            continue
        compound = _COMPOUND_UNIT.match(text, m.end()) if text[m.end():m.end() + 1] == "-" else None
        if m.start() in taken or (text[m.end():m.end() + 1] == "-" and not compound) \
                or text[m.start() - 1:m.start()] in "-.,":
            continue  # part of a date, or of a compound that is no quantity ("3-0", "one-on-one")
        if m.group(0)[0].isupper() and text[m.start() - 2:m.start() - 1].isalpha():
            continue  # a number word in a title or name ("Zero Dark Thirty", "the Twelve Apostles")
        if _RANGE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        value = number_value(m)
        if value is None:
            continue
        if compound and compound.group(1) in _SCALES:  # "$4.77-billion"
            value, compound = value * _SCALES[compound.group(1)], None
        # the unit: "%" or "$" when written, else the next word's stem ("cents" is "cent")
        marker = "%" if m.group("pct") else "$" if m.group("cur") else None
        unit = _neighbours(text, m)[1]
        word = compound.group(1) if compound else unit[0] if unit else None
        slot = (marker,) if marker else _unit(word) if word else ()
        holder = None
        if not marker and value < 130 and value == int(value) and text[m.end():m.end() + 1] == "," \
                and _AGE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            slot = AGE  # "Rylan Egeland, then 17,", "John Smith, 45, of Boise"
            holder = _HOLDER.search(text, max(0, m.start() - 60), m.start())
        found.append(Mention("number", m.group(0), value, m.start(), m.end(), slot,
                             bool(HEDGE.search(text[max(0, m.start() - 25):m.start()])),
                             holder=holder.group(1) if slot == AGE and holder else None))
    for m in NAME.finditer(text):
        words = _words(m.group(0))
        lone = len(words) == 1
        if lone:
            word = words[0] = _POSSESSIVE.sub("", words[0])
            previous = text.rfind(" ", 0, m.start() - 1) + 1
            if word in common or word in _TITLES or word in _NOT_NAME or word.startswith(("i'", "i’")) \
                    or (text[previous:previous + 1].isupper() and text[previous:m.start() - 1] not in _TITLED):
                continue  # "Department", "Mr", "I'm", or the end of a name opening the sentence ("European Union")
        elif set(words) & _NOT_NAME:
            continue
        before, after = _neighbours(text, m)
        words[-1] = _POSSESSIVE.sub("", words[-1])  # "Bush's" names Bush
        # the last two words: "Chief Executive Bob Dudley" and "Bob Dudley" are one name
        found.append(Mention("name", m.group(0), " ".join(words[-2:]), m.start(), m.end(),
                             tuple(before + after), lone=lone))
    return found
