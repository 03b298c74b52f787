"""Contested claims: the denial cue, and which claim a denial is paired with."""
from __future__ import annotations

from newsbrief.cleaning import clean_text
from newsbrief.insight.claims import Contest, contested_claims, denial_cue
from newsbrief.text.sentences import split_sentences


def story(*articles: str):
    return [split_sentences(clean_text(text).text, doc) for doc, text in enumerate(articles)]


def test_bundled_example_pairs_the_recapture_claim_with_penns_denial(example_texts):
    docs = story(*example_texts)
    contests = contested_claims(docs)
    claim = next(s for s in docs[0] if "believed to have aided" in s.text)
    denial = next(s for s in docs[1] if "which he denies" in s.text)
    assert Contest((0, claim.index), (1, denial.index), "denies") in contests
    # nothing else in the story is denied by it: the article-failed and regret lines are no claim
    assert [c.claim for c in contests if c.denial == (1, denial.index)] == [(0, claim.index)]


def test_same_sentence_denial_pairs_with_the_restatement_in_another_article():
    docs = story(
        "The ministry said the governor ordered the dam gates opened before the flood. "
        "Rescue teams reached the valley on Sunday.",
        "Officials say the governor ordered the dam gates opened hours before the flood, "
        "which he denies. Thousands of homes were damaged.",
    )
    assert contested_claims(docs) == [Contest((0, 0), (1, 0), "denies")]


def test_denial_of_something_else_is_not_paired():
    docs = story(
        "The Ohio senator voted against the farm bill on Tuesday, aides confirmed. "
        "The bill passed the chamber anyway.",
        "The senator denied the charges of bribery brought by federal prosecutors in Ohio.",
    )
    assert denial_cue(docs[1][0].text) == "denied"
    assert contested_claims(docs) == []


def test_referring_denial_takes_the_sentence_before_it():
    docs = story(
        "A lawsuit says the producer assaulted a teenage extra on the film set in 2006. "
        "The producer denied the allegations.",
    )
    assert contested_claims(docs) == [Contest((0, 0), (0, 1), "denied")]


def test_refusals_and_negated_denials_are_no_cue():
    for text in (
        "Cosme was denied bail at the hearing.",
        "The pilot was denied permission to climb to a higher altitude.",
        "Her request to be retested was denied.",
        "Police could neither confirm nor deny the report.",
        "I never denied I made an investment in a company.",
        "The mayor didn't deny the report on Friday.",
        "BP shareholders have rejected a pay package of almost £14m.",
        "He was charged with false imprisonment.",
        "The cases were dismissed last year.",
        "Whether it is blood or paint is another disputed forensic question.",
    ):
        assert denial_cue(text) is None, text
    assert denial_cue("Two witnesses dispute Justin Bieber's Ferrari story.") == "dispute"
    assert denial_cue("Supporters dismissed the accusations as political.") == "dismissed"
    assert denial_cue("The spokesman said the report was not true.") == "not true"


def test_denied_bail_pairs_with_nothing():
    docs = story(
        "Prosecutors say Cosme stole a bus and drove it across the state line.",
        "Cosme was denied bail after prosecutors said he stole a bus and drove it across the "
        "state line.",
    )
    assert contested_claims(docs) == []


def test_hedged_claims_are_paired_as_written():
    texts = (
        "The gunman is believed to have bought the rifle at a pawn shop in Reno, police "
        "reportedly said.",
        "Reports that the gunman bought the rifle at a pawn shop in Reno are not true, the "
        "owner said.",
    )
    docs = story(*texts)
    before = [[(s.start, s.end, s.text) for s in doc] for doc in docs]
    assert contested_claims(docs) == [Contest((0, 0), (1, 0), "not true")]
    assert [[(s.start, s.end, s.text) for s in doc] for doc in docs] == before
    assert docs[0][0].text == texts[0]  # "believed to", "reportedly" still there
