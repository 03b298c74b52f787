"""newsbrief's selector: budget, redundancy, reading order, what a reader can take, determinism."""
from __future__ import annotations

import pytest

from newsbrief.summarizers.newsbrief.selector import NewsBrief, cross_source_support, reading_order
from newsbrief.summarizers.newsbrief.standalone import Standalone, drop_connective
from newsbrief.text.sentences import lead_section, split_sentences
from newsbrief.text.vocabulary import Vocabulary

VOCAB = Vocabulary()


def selector(**options) -> NewsBrief:
    return NewsBrief(vocabulary=VOCAB, **options)


def docs_of(*texts: str):
    return [split_sentences(t, i) for i, t in enumerate(texts)]


@pytest.mark.parametrize("words", [20, 45, 80, 150, 300])
def test_strict_budget_on_the_example(example_texts, words):
    docs = docs_of(*example_texts)
    picked = selector().select(docs, words)
    assert picked and sum(s.n_words for s in picked) <= words


def test_the_same_article_twice_never_gives_a_sentence_twice(example_texts):
    docs = docs_of(example_texts[1], example_texts[1])
    texts = [s.text for s in selector().select(docs, 300)]
    assert texts and len(texts) == len(set(texts))


def test_deterministic_and_empty_input(example_texts):
    docs = docs_of(*example_texts)
    first = [(s.doc, s.index, s.text) for s in selector().select(docs, 150)]
    assert first == [(s.doc, s.index, s.text) for s in selector().select(docs, 150)]
    assert selector().select([[], []], 100) == []


def test_what_several_sources_report_beats_what_one_says():
    shared = "The river burst its banks in Dresden on Monday, flooding the old town."
    docs = docs_of(shared + " A baker said his shop was ruined by the mud and water overnight.",
                   shared + " Officials said the water would fall by Thursday at the latest.",
                   shared + " Trains to Prague were cancelled until the line is checked.")
    picked = [s.text for s in selector().select(docs, 15)]
    assert picked == [shared]


def test_a_sentence_that_needs_its_predecessor_comes_right_after_it():
    docs = docs_of("Maria Lopez won the city marathon on Sunday in record time. "
                   "She crossed the line in two hours and nine minutes, cheered by thousands. "
                   "Rain had been forecast but held off.")
    for words in (25, 60):
        texts = [s.text for s in selector().select(docs, words)]
        k = next(i for i, t in enumerate(texts) if t.startswith("She crossed"))
        assert k > 0 and texts[k - 1].startswith("Maria Lopez")
    # with room for one sentence only, "She..." cannot be it
    assert [s.text[:5] for s in selector().select(docs, 12)] == ["Maria"]


def test_a_leading_connective_is_dropped_with_the_edit_recorded():
    [sentence] = split_sentences("But some tweets were incredibly offensive to the families.", 0)
    edited = drop_connective(sentence)
    assert edited.text == "Some tweets were incredibly offensive to the families."
    [edit] = edited.edits
    assert (edit.kind, edit.original, edit.replacement, edit.offsets) == ("drop_connective", "But s", "S", (0, 5))
    assert drop_connective(split_sentences("Butter prices rose.", 0)[0]) is None


def test_standalone_judgements():
    rows = split_sentences("Sean Penn met the drug lord in October. He said the meeting failed. "
                           "I think he was wrong. Is it over?", 0)
    judge = Standalone(rows)
    assert judge.judge(0).ok and not judge.judge(0).before  # stands alone
    assert judge.judge(1).ok and judge.judge(1).before == (0,)  # after its predecessor
    assert not judge.judge(2).ok  # the writer's own voice
    assert not judge.judge(3).ok  # a question to the reader


def test_reading_order_keeps_runs_together_and_puts_the_lede_first():
    a = split_sentences("One. Two follows one. Three.", 0)
    b = split_sentences("Alpha opens. Beta.", 1)
    out = {0: a[1], 1: a[2], 2: b[0], 3: a[0]}
    ordered = reading_order([2, 0, 1, 3], out)
    assert [(s.doc, s.index) for s in ordered] == [(1, 0), (0, 0), (0, 1), (0, 2)]


def test_readability_off_is_the_plain_position_order(example_texts):
    docs = docs_of(*example_texts)
    picked = selector(readability=False).select(docs, 200)
    keys = [(s.index, s.doc) for s in picked]
    assert keys == sorted(keys)


# --- budget: strict, a lone sentence over it, and the non-strict overshoot -------------------------

LONG = ("The regional parliament voted late on Thursday to approve a sweeping reform of the water "
        "utilities that serve more than two million households across the northern valleys.")


def test_a_lone_sentence_over_the_budget_only_when_nothing_fits():
    assert len(LONG.split()) > 20
    alone = selector().select(docs_of(LONG), 10)
    assert [s.text for s in alone] == [LONG]  # nothing fits: the brief is the one sentence
    short = "Officials said the new tariffs start in May."
    picked = [s.text for s in selector().select(docs_of(LONG + " " + short), 10)]
    assert picked == [short]  # something fits: never the sentence over the budget


@pytest.mark.parametrize("words", [10, 30, 60, 100, 200])
def test_strict_budget_holds_on_synthetic_docs(words):
    docs = docs_of("Officials said the new tariffs start in May. " + LONG + " Farmers protested outside.",
                   "Farmers protested outside the parliament on Thursday. " + LONG)
    picked = selector().select(docs, words)
    assert picked and sum(len(s.text.split()) for s in picked) <= words


@pytest.mark.parametrize("words", [25, 60, 110, 170])
def test_not_strict_passes_the_budget_by_the_last_pick_only(example_texts, words):
    docs = docs_of(*example_texts)
    picked = selector(order="picks").select(docs, words, strict=False)  # in the order taken
    sizes = [s.n_words for s in picked]
    assert sum(sizes[:-1]) < words  # still under the budget when the last pick was taken
    assert sum(sizes) >= words  # and it kept going until the budget was reached
    assert sum(s.n_words for s in selector().select(docs, words)) <= words  # strict stays under


def test_whitespace_words_equal_n_words_on_the_example(example_texts):
    # the budget counts Sentence.n_words; the brief promises whitespace words
    for s in selector().select(docs_of(*example_texts), 300):
        assert s.n_words == len(s.text.split())


# --- fragments, the lead, order ------------------------------------------------------------------

def test_fragments_under_min_words_only_when_nothing_else_is_left():
    prose = ("The city council approved the new budget for public transport on Monday evening. "
             "Bus fares will fall by a tenth from March, the mayor told reporters afterwards. ")
    fragments = "Staff report. Updated today. Photo credit."
    picked = selector().select(docs_of(fragments + " " + prose), 500)
    assert picked and all(s.n_words >= 5 for s in picked)
    only = selector().select(docs_of(fragments), 500)
    assert only and all(s.n_words < 5 for s in only)
    # with min_words=1 the same short lines count as sentences
    assert any(s.n_words < 5 for s in selector(min_words=1, readability=False).select(
        docs_of(fragments + " " + prose), 500))


def test_article_words_limits_reading_to_the_lead(example_texts):
    docs = docs_of(*example_texts)
    words = 40
    lead = {(s.doc, s.index) for d in docs for s in lead_section(d, 60)}
    for picked in (selector(article_words=60).select(docs, words),
                   selector(article_words=10).select(docs, words)):  # the budget wins when longer
        assert picked and {(s.doc, s.index) for s in picked} <= lead
    # and it can fail: read in full, the same brief reaches past the lead
    full = selector(article_words=None).select(docs, words)
    assert {(s.doc, s.index) for s in full} - lead


def test_reading_order_of_the_default_brief(example_texts):
    docs = docs_of(*example_texts)
    for words in (60, 150, 300):
        picked = selector().select(docs, words)
        keys = [(s.index, s.doc) for s in picked]
        assert len(set(keys)) == len(keys)
        # after the lede's run, each run of consecutive sentences starts in (index, doc) order
        starts = [k for j, k in enumerate(keys) if j == 0 or not (
            keys[j - 1][1] == k[1] and keys[j - 1][0] == k[0] - 1)]
        assert starts[1:] == sorted(starts[1:])


def test_a_reported_sentence_beats_one_source_wherever_that_source_stands():
    shared = "Flood water reached the old town of Dresden on Monday, closing the bridges over the Elbe."
    alone = "A new museum of modern glass art opened in Leipzig on Monday, drawing long queues outside."
    for unique_first in (True, False):
        texts = [alone, shared, shared.replace("Monday", "Monday morning")]
        if not unique_first:
            texts = texts[1:] + texts[:1]
        picked = selector().select(docs_of(*texts), 17)
        assert len(picked) == 1 and "Dresden" in picked[0].text


def test_empty_input_gives_an_empty_brief():
    assert selector().select([], 100) == []
    assert selector().select([[]], 100) == []


def test_cross_source_support_marks_what_another_source_says():
    shared = "Flood water reached the old town of Dresden on Monday, closing the bridges over the Elbe."
    docs = docs_of(shared + " A museum of glass art opened in Leipzig, drawing long queues.",
                   "On Monday flood water closed the bridges over the Elbe in the old town of Dresden.",
                   shared)
    feats, scores = selector().scores(docs)
    marked = cross_source_support(feats, scores - scores.min() + 1e-3)
    by_text = {s.text: bool(m) for s, m in zip(feats.sentences, marked)}
    assert by_text[shared] and not by_text["A museum of glass art opened in Leipzig, drawing long queues."]
    # a copy within one source is not support: the same two sentences in one article only
    feats, scores = selector().scores(docs_of(shared + " " + shared))
    assert not cross_source_support(feats, scores - scores.min() + 1e-3).any()
