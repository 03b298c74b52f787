"""Copies of one text among a story's articles, and articles that only tell the same story."""
from __future__ import annotations

from newsbrief.cleaning.duplicates import containment, duplicate_groups, shingles


def test_identical_texts_and_a_copy_with_other_header_and_footer_are_one_group(example_texts):
    a, b = example_texts
    wire = "SPONSORED CONTENT\n\n" + b.replace("\n\n", "\n\nAdvertisement\n\n", 1) + "\n\nShare this story"
    assert duplicate_groups([a, b, wire, a]) == [[0, 3], [1, 2]]


def test_two_outlets_on_one_story_are_not_copies(example_texts):
    a, b = example_texts
    assert duplicate_groups([a, b]) == [[0], [1]]
    assert containment(shingles(a), shingles(b)) < 0.2


def test_a_copy_cut_short_still_counts_but_a_quoted_excerpt_does_not(example_texts):
    b = example_texts[1]
    words = b.split()
    cut = " ".join(words[: int(len(words) * 0.8)])
    excerpt = " ".join(words[:60])  # a passage quoted in another piece
    assert duplicate_groups([b, cut]) == [[0, 1]]
    assert duplicate_groups([b, excerpt]) == [[0], [1]]


def test_short_texts_are_copies_only_when_identical():
    assert duplicate_groups(["Fire in the hall.", "fire in the  hall!"]) == [[0, 1]]
    assert duplicate_groups(["Fire in the hall today.", "Fire in the hall."]) == [[0], [1]]
