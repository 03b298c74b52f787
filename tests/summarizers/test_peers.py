"""The peers: sumy's five, Lead and the greedy oracle behind our Summarizer interface."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("sumy")
pytest.importorskip("rouge_score")

from rouge_score.rouge_scorer import RougeScorer  # noqa: E402

from newsbrief.model import NewsbriefError  # noqa: E402
from newsbrief.evaluation.evaluate import get_system as get_summarizer, parse_systems  # noqa: E402
from newsbrief.evaluation.oracle import Oracle, _token_prefix_lengths, oracle_objective  # noqa: E402
from newsbrief.evaluation.rouge import default_words, rouge_tokens  # noqa: E402
from newsbrief.summarizers.peers import SUMY_PEERS  # noqa: E402
from newsbrief.text.sentences import split_sentences  # noqa: E402

from conftest import SHARED_MDS as DATA  # noqa: E402

DOC_A = (
    "The city council voted on Tuesday to approve a new budget for public schools. "
    "The budget adds 40 million dollars for teachers and classroom supplies. "
    "Council member Ana Ruiz said the vote was the most important of the year. "
    "Opponents argued that the plan would raise property taxes for homeowners. "
    "The mayor is expected to sign the budget next week.\n\n"
    "Share this story on Facebook."
)
DOC_B = (
    "Share this story on Facebook. "
    "A divided council approved the school budget late Tuesday night. "
    "The plan raises spending on teachers by 40 million dollars. "
    "Homeowners could see higher property taxes, critics said. "
    "The mayor has said she will sign the budget. "
    "Parents at the meeting cheered when the vote was announced."
)
DOC_C = (
    "Schools will get more money next year after the council vote. "
    "The mayor is expected to sign the budget next week. "
    "Teachers unions praised the decision."
)
REFERENCE = ("The city council approved a school budget that adds 40 million dollars for teachers. "
             "Critics said property taxes could rise. The mayor is expected to sign it next week.")
TEXTS = [DOC_A, DOC_B, DOC_C]


def _docs(texts=TEXTS):
    return [split_sentences(t, i) for i, t in enumerate(texts)]


def _run(name, docs, words, strict, references=(REFERENCE,)):
    system = get_summarizer(name)
    if name == "oracle":
        return system.select_for(docs, words, list(references), strict=strict)
    return system.select(docs, words, strict=strict)


ALL = ("lead",) + SUMY_PEERS + ("oracle",)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("words", [15, 40, 80])
def test_peer_returns_input_sentences_with_provenance_and_strict_budget(name, words):
    docs = _docs()
    out = _run(name, docs, words, strict=True)
    assert out, name
    pool = [s for d in docs for s in d]
    for s in out:
        assert any(s is x for x in pool), "must return the input Sentence objects"
        assert TEXTS[s.doc][s.start:s.end] == s.text
        assert docs[s.doc][s.index] is s
    assert len({id(s) for s in out}) == len(out), "no sentence twice"
    total = sum(s.n_words for s in out)
    assert total <= words or len(out) == 1
    if name != "oracle":  # the oracle may stop early when nothing improves ROUGE
        # every sentence left out would have broken the budget
        left = [s for s in pool if all(s is not x for x in out)]
        assert all(total + s.n_words > words for s in left) or total >= words


@pytest.mark.parametrize("name", ("lead",) + SUMY_PEERS)
def test_non_strict_fills_the_budget(name):
    docs = _docs()
    out = _run(name, docs, 60, strict=False)
    total = sum(s.n_words for s in out)
    assert total >= 60
    assert total - max(s.n_words for s in out) < 60  # stops once the budget is full


@pytest.mark.parametrize("name", SUMY_PEERS)
def test_sumy_peers_return_document_order(name):
    out = _run(name, _docs(), 60, strict=False)
    keys = [(s.doc, s.index) for s in out]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", SUMY_PEERS)
def test_duplicate_sentences_map_to_their_own_positions(name):
    # the same sentence text in three articles: each returned sentence keeps its own provenance
    dup = "The mayor is expected to sign the budget next week."
    texts = [f"{dup} Budget talks went on for months.", f"{dup} Taxes may rise.", f"{dup} Parents cheered."]
    docs = _docs(texts)
    out = _run(name, docs, 100, strict=True)
    assert len(out) == 6
    assert [(s.doc, s.index) for s in out] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    for s in out:
        assert docs[s.doc][s.index] is s


@pytest.mark.parametrize("name", ALL)
def test_empty_input_gives_empty_output(name):
    assert _run(name, [[], []], 50, strict=True) == []
    assert _run(name, [], 50, strict=False) == []


def test_oracle_objective_equals_rouge_score():
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    sentences = [s.text for s in _docs()[1]][:4]
    refs = [REFERENCE, "Parents cheered the budget vote; the mayor will sign it."]
    for k in range(1, len(sentences) + 1):
        hyp = sentences[:k]
        expected = 0.0
        for ref in refs:
            sc = scorer.score(ref, "\n".join(hyp))
            expected += sc["rouge1"].fmeasure + sc["rouge2"].fmeasure
        expected /= len(refs)
        assert oracle_objective(hyp, refs) == pytest.approx(expected, abs=1e-12)


def test_token_prefix_lengths_match_the_cut():
    text = "The U.S. economy grew 2.5% — faster than expected, officials' data showed on Tuesday."
    cuts = _token_prefix_lengths(text)
    full = rouge_tokens(text)
    for k in range(len(text.split()) + 1):
        assert rouge_tokens(" ".join(text.split()[:k])) == full[:cuts[k]]


def _f12(scorer, summary, refs):
    total = 0.0
    for ref in refs:
        sc = scorer.score(ref, summary)
        total += sc["rouge1"].fmeasure + sc["rouge2"].fmeasure
    return total / len(refs)


def _cut(sentences, words):
    from newsbrief.evaluation.rouge import cut_words

    return cut_words([s.text for s in sentences], words)


def test_oracle_beats_every_peer_on_a_small_cluster():
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    docs = _docs()
    scores = {name: _f12(scorer, _cut(_run(name, docs, 40, strict=False), 40), [REFERENCE])
              for name in ALL}
    assert scores["oracle"] >= max(scores.values()) - 1e-9, scores


@pytest.mark.skipif(not DATA.is_dir(), reason="no ../shared data")
def test_oracle_beats_every_peer_on_a_real_cluster():
    with gzip.open(DATA / "multi_news_raw_dev100.jsonl.gz", "rt") as fh:
        rec = json.loads(fh.readline())
    docs = [split_sentences(t, i) for i, t in enumerate(rec["documents"])]
    refs = [rec["summary"]]
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    scores = {name: _f12(scorer, _cut(_run(name, docs, 250, strict=False, references=refs), 250), refs)
              for name in ALL}
    assert scores["oracle"] > max(v for k, v in scores.items() if k != "oracle"), scores


def test_oracle_stops_when_nothing_improves():
    docs = _docs(["Completely unrelated words about gardening tomatoes.", "Zebra quokka xylophone."])
    out = Oracle().select_for(docs, 100, ["Budget vote in council."], strict=False)
    assert out == []


def test_oracle_needs_references():
    with pytest.raises(NewsbriefError):
        Oracle().select(_docs(), 50)


def test_registry():
    for name in ("lead",) + SUMY_PEERS + ("oracle",):
        assert get_summarizer(name).name == name
    with pytest.raises(NewsbriefError):
        get_summarizer("bart")
    assert parse_systems("lead, lexrank,lead") == ["lead", "lexrank"]
    assert "oracle" in parse_systems("all")
    with pytest.raises(NewsbriefError):
        parse_systems("lead,nope")
