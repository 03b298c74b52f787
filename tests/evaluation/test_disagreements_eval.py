"""The injection protocol (GUIDE §3): what it reads, how it changes a value, what counts as found."""
from __future__ import annotations

import random

from newsbrief.cleaning import clean_text
from newsbrief.evaluation.disagreements import Injection, _other_date, _other_number, _rounded, is_found, sites, values
from newsbrief.insight.disagreements import Disagreement
from newsbrief.insight.story import Statement


def test_values_read_lone_surnames_and_sentence_openers_but_not_common_words():
    found = [(v.kind, v.text) for v in values("The Department said Ashton met Catherine Ashton on March 3, 2015 with 12 aides.",
                                              frozenset({"department"}))]
    assert ("name", "Ashton") in found and ("name", "Catherine Ashton") in found
    assert ("name", "Department") not in found and ("name", "The") not in found
    assert ("date", "March 3, 2015") in found and ("number", "12") in found


def test_a_site_needs_the_value_in_a_like_sentence_of_another_article():
    story = [clean_text("Police said 12 people died in the crash near the bridge on Sunday."),
             clean_text("Officials said 12 people died in the crash near the old bridge."),
             clean_text("The mayor spoke to 12 reporters at the town hall.")]
    found = {(d, v.text) for d, v, _ in sites(story)}
    assert (0, "12") in found and (1, "12") in found and (2, "12") not in found


def test_numbers_change_up_or_down_but_never_to_their_own_rounding():
    rng = random.Random(3)
    for _ in range(50):
        new = _other_number("333", 333.0, rng)
        assert new != "333" and not _rounded(333.0, new)
    assert _rounded(333.0, "300") and not _rounded(333.0, "666")
    assert {_other_number("five", 5.0, random.Random(k)) for k in range(20)} <= {"two", "three", "four", "six", "seven", "eight"}


def test_dates_change_one_part():
    rng = random.Random(0)
    for _ in range(20):
        new = _other_date("March 3, 2015", rng)
        assert new != "March 3, 2015" and sum(a != b for a, b in zip(new.replace(",", "").split(), ["March", "3", "2015"])) == 1


def test_found_needs_the_changed_word_in_the_listed_value():
    injection = Injection("name", 1, 4, "Catherine Ashton", "Catherine Patel")
    def flag(value):
        return [Disagreement("name", [Statement("s", 1, 4, "x", value), Statement("t", 0, 2, "y", "Catherine Ashton")])]
    assert is_found(injection, flag("Patel"))
    assert not is_found(injection, flag("Catherine"))
