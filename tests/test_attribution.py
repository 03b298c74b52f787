"""Support: which other articles report the content of a brief sentence."""
from __future__ import annotations

import numpy as np

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.attribution import MIN_CONTAINMENT, MIN_COSINE, MIN_SHARED, find_support, shared_terms
from newsbrief.text.sentences import split_sentences
from newsbrief.text.tokens import content_terms, joined_sentences
from newsbrief.text.vocabulary import Vocabulary

VOCAB = Vocabulary()


def docs_of(*texts: str):
    return [split_sentences(t, i) for i, t in enumerate(texts)]


def test_support_is_the_other_articles_that_say_the_same():
    docs = docs_of("The council approved the new bridge budget on Tuesday after a long debate.",
                   "On Tuesday the council approved the bridge budget, ending a long debate.",
                   "A storm closed three schools in the north of the county.",
                   "The bridge budget was approved by the council on Tuesday.")
    [support] = find_support([docs[0][0]], docs, VOCAB)
    assert support == [1, 3]  # sorted, never its own article, not the unrelated one


def test_too_few_shared_terms_is_no_support():
    docs = docs_of("The council approved the new bridge budget on Tuesday.",
                   "The council met on Tuesday to discuss parking.")
    terms = set(content_terms(docs[0][0].text)) & set(content_terms(docs[1][0].text))
    assert len(terms) < MIN_SHARED
    assert find_support([docs[0][0]], docs, VOCAB) == [[]]


def test_a_sentence_not_in_the_story_has_no_support():
    docs = docs_of("The council approved the budget.", "The council approved the budget too.")
    stranger = split_sentences("Volcanoes erupted in Iceland overnight.", 0)[0]
    stranger.index = 99
    assert find_support([stranger], docs, VOCAB) == [[]]


def test_shared_term_counts_match_brute_force():
    rng = np.random.default_rng(7)
    words = ["storm", "river", "mayor", "school", "bridge", "police", "vote", "court", "fire", "rain"]
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 8))) + "." for _ in range(12)]
    docs = [split_sentences(" ".join(texts[:6]), 0), split_sentences(" ".join(texts[6:]), 1)]
    sentences = [s for d in docs for s in d]
    terms = VOCAB.story_terms(joined_sentences([s.text for s in sentences]), len(sentences))
    sets = [set(content_terms(s.text)) for s in sentences]
    rows = list(range(len(sentences)))
    expected = [[len(sets[r] & sets[k]) for k in rows] for r in rows]
    assert shared_terms(terms.incidence, rows).tolist() == expected


# --- the thresholds are boundaries --------------------------------------------------------------

WORDS = ("volcano bakery tractor glacier harbour lantern orchard saddle violin meadow pepper canyon falcon "
         "marble ribbon walnut copper kettle quarry beacon timber cobalt ferret garnet hazel").split()


def _pair(a: list[str], b: list[str]) -> list[list[int]]:
    """Support of sentence ``a`` (article 0) by sentence ``b`` (article 1); words are one term each."""
    docs = docs_of(" ".join(a) + ".", " ".join(b) + ".")
    assert len(set(content_terms(docs[0][0].text))) == len(a)
    assert len(set(content_terms(docs[1][0].text))) == len(b)
    return find_support([docs[0][0]], docs, VOCAB)


def test_exactly_min_shared_terms_is_enough_one_fewer_is_not():
    a = WORDS[:MIN_SHARED]  # containment 1.0 either way
    assert _pair(a, a[:MIN_SHARED] + WORDS[10:14]) == [[1]]
    assert _pair(WORDS[:MIN_SHARED + 1], WORDS[:MIN_SHARED - 1] + WORDS[10:14]) == [[]]


def test_a_short_sentence_needs_all_its_terms_shared():
    # fewer than MIN_SHARED terms: all of them must be in the other sentence
    assert _pair(WORDS[:2], WORDS[:2] + WORDS[10:13]) == [[1]]
    assert _pair(WORDS[:2], WORDS[:1] + WORDS[10:13]) == [[]]


def test_containment_boundary():
    assert MIN_CONTAINMENT == 0.5 and MIN_SHARED == 3
    # 3 of 6 terms (containment 0.5), cosine 3/sqrt(6*20) < MIN_COSINE
    assert _pair(WORDS[:6], WORDS[:3] + WORDS[8:25]) == [[1]]
    # 3 of 7 terms (0.43), cosine 3/sqrt(7*20) < MIN_COSINE
    assert _pair(WORDS[:7], WORDS[:3] + WORDS[8:25]) == [[]]


def test_cosine_boundary():
    assert MIN_COSINE == 0.3
    # 3 of 10 terms (containment 0.3): cosine 3/sqrt(10*10) = 0.3 passes, 3/sqrt(10*11) does not
    assert _pair(WORDS[:10], WORDS[:3] + WORDS[10:17]) == [[1]]
    assert _pair(WORDS[:10], WORDS[:3] + WORDS[10:18]) == [[]]


def test_support_never_lists_the_sentences_own_document():
    same = "The council approved the new bridge budget on Tuesday after a long debate."
    docs = docs_of(same + " " + same, same)
    assert find_support(docs[0], docs, VOCAB) == [[1], [1]]
    assert find_support(docs[1], docs, VOCAB) == [[0]]
    assert find_support([], docs, VOCAB) == [] and find_support(docs[0], [], VOCAB) == [[], []]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS[:8]), min_size=1, max_size=6), min_size=2, max_size=8),
       st.integers(1, 3))
def test_shared_terms_and_support_match_brute_force(sentences, n_docs):
    docs = [split_sentences(" ".join(" ".join(w).capitalize() + "." for w in sentences[d::n_docs]), d)
            for d in range(n_docs)]
    flat = [s for d in docs for s in d]
    terms = VOCAB.story_terms(joined_sentences([s.text for s in flat]), len(flat))
    sets = [set(content_terms(s.text)) for s in flat]
    rows = list(range(len(flat)))
    assert shared_terms(terms.incidence, rows).tolist() == [[len(x & y) for y in sets] for x in sets]

    def supports(x, y):
        k = len(x & y)
        return bool(x and y and k >= min(MIN_SHARED, len(x))
                    and (k / len(x) >= MIN_CONTAINMENT or k / (len(x) * len(y)) ** 0.5 >= MIN_COSINE))

    expected = [sorted({t.doc for t, y in zip(flat, sets) if t.doc != s.doc and supports(x, y)})
                for s, x in zip(flat, sets)]
    assert find_support(flat, docs, VOCAB) == expected
