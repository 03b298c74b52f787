"""The selector's building blocks: story tokenisation, sentence flags, shared terms, support,
and many-source handling (linear centrality, the source cap, the selector's blend)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from newsbrief.summarizers.newsbrief.features import (DOCS_CAP, FEATURE_NAMES, _centrality, cluster_features,
                                                     term_stats)
from newsbrief.summarizers.newsbrief.scorer import load_term_model
from newsbrief.text.vocabulary import Vocabulary
from newsbrief.attribution import shared_terms
from newsbrief.summarizers.newsbrief.selector import (QUOTE_PIECE_WORDS, NewsBrief, cross_source_support,
                                                     last_resort, many_source_scores)
from newsbrief.text.sentences import split_sentences
from newsbrief.text.tokens import content_terms, joined_sentences, lowered_tokens, raw_tokens
VOCAB = Vocabulary()  # loaded once, passed everywhere, as the pipeline does
TERM_MODEL = load_term_model()


def features_of(docs):
    return cluster_features(docs, VOCAB, TERM_MODEL)


STORY = [
    "Flood waters rose in Dresden on Monday. The Elbe reached 8.5 metres, officials said. "
    "\"We are ready,\" the mayor said. I think we'll be fine.",
    "DRESDEN's mayor said the city was ready as the Elbe rose to 8.5 metres on Monday. "
    "Schools closed. Is it over? Nobody knows.",
]


def _docs(texts=STORY):
    return [split_sentences(t, i) for i, t in enumerate(texts)]


def _terms_by_sentence(docs):
    sentences = [s for d in docs for s in d]
    terms = VOCAB.story_terms(joined_sentences([s.text for s in sentences]), len(sentences))
    vocab = [VOCAB.table.terms[i] for i in terms.vocab_ids]
    inc = terms.incidence
    return sentences, [{vocab[c] for c in inc.terms_of(k)} for k in range(len(sentences))]


def test_story_tokenisation_gives_each_sentence_its_content_terms():
    sentences, sets = _terms_by_sentence(_docs())
    assert sets == [set(content_terms(s.text)) for s in sentences]
    assert "dresden" in sets[0] and "dresden" in sets[4]  # case folded: "DRESDEN's" -> dresden


def test_features_do_not_depend_on_what_the_process_saw_before():
    docs = _docs()
    VOCAB.reset()
    fresh = features_of(docs).matrix
    features_of(_docs(["Completely different words about volcanoes erupting in Iceland."] * 2))
    VOCAB.restore(VOCAB.snapshot())  # same table, memo of stories forgotten
    assert np.array_equal(features_of(docs).matrix, fresh)


def test_sentence_flags():
    feats = features_of(_docs())
    text = [s.text for s in feats.sentences]
    flags = dict(zip(text, zip(*(feats.flags[k] for k in ("digit", "first_person", "question")))))
    assert flags["The Elbe reached 8.5 metres, officials said."][0]
    assert flags["I think we'll be fine."][1]  # "I", "we'll"
    assert not flags["DRESDEN's mayor said the city was ready as the Elbe rose to 8.5 metres on Monday."][1]
    assert flags["Is it over?"][2]


def test_inside_quotation_marks_sentences_that_lost_their_speaker():
    doc = ("He spoke at length. “We know what happened. Nobody found him before us. We didn't,” he said. "
           "Police disagreed.")
    feats = features_of([split_sentences(doc, 0)])
    inside = dict(zip((s.text for s in feats.sentences), feats.flags["inside_quote"]))
    assert inside == {"He spoke at length.": False, "“We know what happened.": False,
                      "Nobody found him before us.": True, "We didn't,” he said.": True,
                      "Police disagreed.": False}


@pytest.mark.parametrize("seed", range(5))
def test_shared_terms_counts_the_common_terms_of_every_pair(seed):
    rng = np.random.default_rng(seed)
    words = ["storm", "river", "mayor", "school", "bridge", "police", "vote", "court", "fire", "rain"]
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 8))) + "." for _ in range(12)]
    docs = [split_sentences(" ".join(texts[:6]), 0), split_sentences(" ".join(texts[6:]), 1)]
    sentences, sets = _terms_by_sentence(docs)
    terms = VOCAB.story_terms(joined_sentences([s.text for s in sentences]), len(sentences))
    rows = list(range(0, len(sentences), 2))
    shared = shared_terms(terms.incidence, rows)
    expected = [[len(sets[r] & sets[k]) for k in range(len(sentences))] for r in rows]
    assert shared.tolist() == expected


def test_support_counts_other_sources_but_not_syndicated_copies():
    wire = "The council approved the new bridge budget on Tuesday after a long debate."
    other = "Residents protested outside the hall. The council approved the bridge budget on Tuesday."
    copy = [split_sentences(wire, 0), split_sentences(wire, 1)]  # the same wire story twice
    feats = features_of(copy)
    assert not cross_source_support(feats, np.ones(len(feats.sentences))).any()
    feats = features_of([split_sentences(wire, 0), split_sentences(other, 1)])
    supported = cross_source_support(feats, np.ones(len(feats.sentences)))
    by_text = dict(zip((s.text for s in feats.sentences), supported))
    assert by_text[wire] and by_text["The council approved the bridge budget on Tuesday."]
    assert not by_text["Residents protested outside the hall."]


# --- many sources

BUDGET_STORY = [
    "The city council approved the new budget on Monday. Taxes will rise by two percent.",
    "On Monday the council approved the budget. The mayor said taxes will rise.",
    "A new budget passed the council. Critics said the tax rise hurts families.",
]


def _budget_docs(texts):
    return [split_sentences(t, i) for i, t in enumerate(texts)]


def test_centrality_equals_mean_cosine_to_other_sentences():
    docs = _budget_docs(BUDGET_STORY)
    stats = term_stats(docs, VOCAB)
    B = stats.incidence
    n, m = B.shape
    dense = np.zeros((n, m))
    dense[B.rows, B.cols] = stats.idf[B.cols]
    unit = dense / np.linalg.norm(dense, axis=1, keepdims=True)
    sim = unit @ unit.T
    expected = (sim.sum(axis=1) - 1.0) / (n - 1)
    assert np.allclose(_centrality(B, stats.idf), expected)


def test_story_size_feature_is_capped():
    docs = _budget_docs([f"Story number {i} says the dam broke near the town of Alba." for i in range(25)])
    feats = features_of(docs)
    col = FEATURE_NAMES.index("log_docs")
    assert np.allclose(feats.matrix[:, col], math.log(min(feats.n_docs, DOCS_CAP)))


def test_blend_only_beyond_the_cap():
    docs = _budget_docs(BUDGET_STORY)
    feats = features_of(docs)
    scores = np.arange(len(feats.sentences), dtype=float)
    assert feats.n_docs <= DOCS_CAP
    assert many_source_scores(scores, feats, 1.0) is scores
    feats.n_docs = 25
    blended = many_source_scores(scores, feats, 1.0)
    assert blended.shape == scores.shape and not np.allclose(blended, scores)
    assert NewsBrief(vocabulary=VOCAB, centrality=0.0).select(docs, 40)  # switch-off path still works


def test_context_block_is_relative_to_the_story():
    """The context features stay in range however long the articles are (no counts, no
    absolute positions): a story and the same story with every article doubled look alike."""
    start = FEATURE_NAMES.index("doc_order")
    short = features_of(_docs()).matrix[:, start:]
    long = features_of(_docs([t + " " + t for t in STORY])).matrix[:, start:]
    assert np.isfinite(short).all() and np.isfinite(long).all()
    assert short[:, :2].min() >= 0 and short[:, :2].max() <= 1  # article order and length rank
    z = FEATURE_NAMES.index("z_term_prob") - start
    assert abs(short[:, z].mean()) < 1e-5 and abs(long[:, z].mean()) < 1e-5
    first = [i for i, s in enumerate(s for d in _docs() for s in d) if s.index == 0]
    assert (short[first, FEATURE_NAMES.index("prev_term_prob") - start] == 0).all()


def test_quotation_pieces_are_a_last_resort():
    """A short piece of a split quotation has lost its speaker: even with words left in the budget
    it is not used while any other sentence is, and it is used when nothing else is."""
    texts = ["Flood waters rose in Dresden on Monday as the Elbe reached 8.5 metres. "
             "\"The river is higher than in 2002. We have never seen this,\" the mayor said.",
             "The mayor of Dresden said the city was ready as the Elbe rose on Monday. "
             "\"It will be a long night for everyone in the city. I think we will be fine.\""]
    docs = _docs(texts)
    fragments = [s.text for d in docs for s in d if s.text.count('"') % 2 == 1]
    assert len(fragments) == 4  # the splitter cut both quotations in two
    assert all(len(f.split()) < QUOTE_PIECE_WORDS for f in fragments)
    picked = [s.text for s in NewsBrief(vocabulary=VOCAB).select(docs, 500)]
    assert picked and not set(picked) & set(fragments)
    assert len(picked) == sum(len(d) for d in docs) - len(fragments)  # budget left, still not used
    only_fragments = [[s for s in d if s.text in fragments] for d in docs]
    assert NewsBrief(vocabulary=VOCAB).select(only_fragments, 500)  # but a story made of them still gets a brief


LEAD = ("The city council approved the new bridge budget on Tuesday after a long debate. "
        "Officials said the plan adds money for schools and roads over two years.")
MORE = ("The mayor said the bridge would open in 2026. Residents welcomed the vote at the hall. "
        "Opponents said the cost of the bridge was too high for the city.")


def test_headline_lines_and_colon_endings_past_the_opening_are_a_last_resort():
    """A paragraph without final punctuation after an article's opening lines reads as a linked
    headline, a credit or a caption, and a sentence ending in ":" introduces what the brief
    leaves out: neither is used while any other sentence is, even with budget left."""
    link = "Council plans a second vote on school repairs and road works next spring"
    colon = "Here is what the mayor of the city said about the bridge budget vote:"
    docs = [split_sentences("\n\n".join([LEAD, MORE, link, colon, MORE]), 0),
            split_sentences(LEAD + " " + MORE, 1)]
    assert [s.index for s in docs[0] if s.text in (link, colon)] == [5, 6]
    picked = [s.text for s in NewsBrief(vocabulary=VOCAB).select(docs, 1000)]
    assert link not in picked and colon not in picked
    assert NewsBrief(vocabulary=VOCAB).select([[s for s in docs[0] if s.text in (link, colon)]], 1000)
    assert link in [s.text for s in NewsBrief(vocabulary=VOCAB, readability=False).select(docs, 1000)]


def test_a_text_cut_off_at_its_end_is_not_taken_for_a_headline_line():
    # Multi-News articles are cut mid-sentence; no line break follows the cut
    cut = "Engineers from the state transport agency warned on Friday that steel prices had risen and the"
    docs = [split_sentences(LEAD + " " + MORE + " " + cut, 0), split_sentences(LEAD, 1)]
    assert docs[0][-1].text == cut and docs[0][-1].index >= 3 and not docs[0][-1].paragraph_end
    assert not last_resort(features_of(docs))[len(docs[0]) - 1]
    # the reader-defect rules then leave it out all the same: it is a fragment
    assert cut not in [s.text for s in NewsBrief(vocabulary=VOCAB).select(docs, 1000)]


def test_lexical_feature_is_the_mean_lexicon_weight_of_the_tokens():
    weights = VOCAB.lexicon
    docs = _docs()
    feats = features_of(docs)
    col = FEATURE_NAMES.index("lexical")
    for i, s in enumerate(feats.sentences):
        tokens = lowered_tokens(raw_tokens(s.text))
        expected = sum(weights.get(t, 0.0) for t in tokens) / max(1, len(tokens))
        assert feats.matrix[i, col] == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert len(set(feats.matrix[:, col].round(6))) > 1  # the shipped lexicon tells sentences apart



def test_a_saved_word_table_comes_back_as_it_was():
    # the bench restarts every timed round from the same table: new words must be new again
    docs = _docs()
    features_of(docs)
    saved = VOCAB.snapshot()
    known = len(VOCAB.table.word_of)
    before = features_of(docs).matrix
    features_of(_docs(["Zyxwv quokkas juggled marzipan over Reykjavik's glaciers."] * 2))
    assert len(VOCAB.table.word_of) > known
    VOCAB.restore(saved)
    assert len(VOCAB.table.word_of) == known and VOCAB.table is not saved
    assert np.array_equal(features_of(docs).matrix, before)
