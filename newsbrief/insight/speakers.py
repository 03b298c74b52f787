"""Who a quote's speaker is: the words naming the speaker at the quote (a pronoun, a surname, a
title) resolved to a full name from the same article. Names are runs of capitalised words; a
pronoun takes the nearest name before it, a surname the earliest full name ending with it."""
from __future__ import annotations

import re
from bisect import bisect_left

PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "it"}
# capitalised words that start a sentence or name a thing, not a person
_NOT_NAME = {
    "The", "A", "An", "In", "On", "At", "For", "Her", "His", "Their", "Our", "After", "Before",
    "Islamic", "State", "United", "States", "Party", "National", "But", "And", "Or", "If", "When",
    "While", "As", "It", "He", "She", "They", "We", "I", "This", "That", "These", "Those", "There", "Mr", "Mrs", "Ms", "Dr",
    "Sen", "Rep", "Gov", "President", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Democrat", "Democrats", "Democratic",
    "Republican", "Republicans", "American", "Americans", "Post", "News", "Times", "House",
    "Senate", "White", "Washington", "New", "York", "Secret", "Service", "According", "Read",
    # titles: stripped from the front of a name
    "Senator", "Governor", "Representative", "Secretary", "Mayor", "Judge", "Former", "Speaker",
    "Chairman", "Chief", "Director", "Minister", "Prime", "General", "Attorney", "Candidate",
    "Prosecutor", "Spokesman", "Spokeswoman", "Sheriff", "Detective", "Officer", "Professor",
    # quantifiers that start a sentence: "Most economists"
    "Most", "Many", "Some", "Several", "Both", "All", "Only", "Few", "Other", "Every", "Each", "No",
}
_NAME = re.compile(r"\b(?:[A-Z][a-z'’\-]+|[A-Z]\.)(?:[^\S\n]+(?:[A-Z][a-z'’\-]+|[A-Z]\.))+")  # never across lines
_CAP_WORD = re.compile(r"\b[A-Z][a-z'’\-]+")


class Names:
    """The names of one article in text order, indexed so ``resolve`` looks one up without a
    scan (an article of thousands of quotes must not cost quotes x names): by offset, and per
    surname its shortest form, the earliest of those."""

    def __init__(self, found: list[tuple[int, str]]):
        self.found = found
        self.offsets = [offset for offset, _ in found]
        self.by_surname: dict[str, str] = {}
        for _, name in found:
            best = self.by_surname.get(name.split()[-1])
            if best is None or len(name.split()) < len(best.split()):
                self.by_surname[name.split()[-1]] = name

    def before(self, at: int) -> str | None:
        """The last name that starts before offset ``at``."""
        i = bisect_left(self.offsets, at)
        return self.found[i - 1][1] if i else None

    def within(self, start: int, end: int) -> list[str]:
        return [name for _, name in self.found[bisect_left(self.offsets, start):bisect_left(self.offsets, end)]]


def names_in(text: str) -> Names:
    """Every person-like name of 2+ capitalised words in ``text``, with its offset."""
    found = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0].rstrip(".") in _NOT_NAME:
            words = words[1:]
        if len(words) >= 2 and not any(w in _NOT_NAME for w in words[1:]):
            name = " ".join(words)
            found.append((m.end() - len(name), name))
    return Names(found)


def resolve(mention: str, at: int, names: Names, last_speaker: str | None = None) -> str | None:
    """The full name ``mention`` (found at offset ``at``) refers to, or None when the article
    names nobody it could be. A pronoun is the last quote's speaker (``last_speaker``): news
    names a speaker once and then says "he said"; else the nearest name before it."""
    words = mention.split()
    if not words:
        return None
    if words[-1].lower() in PRONOUNS and len(words) == 1:
        return last_speaker or names.before(at)
    if words[-1].isalpha() and words[-1].islower():
        return None  # "Clinton aides", "the Trump campaign": a group, not the person named in it
    capitals = [re.sub(r"[’']s?$", "", w) for w in _CAP_WORD.findall(mention)]
    capitals = [w for w in capitals if w and w not in _NOT_NAME]
    if not capitals:
        return None
    surname = capitals[-1]
    own = names.within(at, at + len(mention))
    short = names.by_surname.get(surname)
    if own and (short is None or not own[-1].endswith(" " + short)):
        return own[-1]  # named in full here: "Aimee Hardy" is not "Josh Hardy", named earlier
    if short:  # the shortest form: a sentence's first word may have run into the name
        return short
    return surname if len(capitals) == 1 else " ".join(capitals)
