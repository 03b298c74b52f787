"""Coverage: one entry per outlet with its articles, dates, brief sentences and what only it has."""
from __future__ import annotations

from newsbrief.insight import coverage, section_lines
from newsbrief.model import Article, Brief, BriefSentence
from newsbrief.pipeline import load_articles, summarize


def brief_of(sentences, documents):
    return Brief(documents=documents, sentences=sentences, words=200)


def test_outlets_count_their_sentences_and_what_only_they_report():
    docs = [Article(text="a", outlet="AP", date="2024-01-02", title="Flood"),
            Article(text="b", outlet="Reuters"), Article(text="c", outlet="AP", date="2024-01-03")]
    sentences = [BriefSentence("Shared.", 0, 0, (0, 7), support=[1]),
                 BriefSentence("Only AP.", 2, 3, (0, 8), support=[0]),  # supported by AP itself
                 BriefSentence("Only Reuters.", 1, 1, (0, 13), support=[])]
    entries = {e.outlet: e for e in coverage.for_brief(brief_of(sentences, docs))}
    assert list(entries) == ["AP", "Reuters"]
    assert entries["AP"].documents == [0, 2] and entries["AP"].dates == ["2024-01-02", "2024-01-03"]
    assert entries["AP"].brief_sentences == 2 and entries["AP"].only_here == ["Only AP."]
    assert entries["Reuters"].only_here == ["Only Reuters."]
    assert entries["AP"].to_dict()["titles"] == ["Flood", None]


def test_article_without_outlet_is_its_own_source_and_one_source_has_no_only_here():
    docs = [Article(text="a", source="notes.txt")]
    entries = coverage.for_brief(brief_of([BriefSentence("Text.", 0, 0, (0, 5))], docs))
    assert [(e.outlet, e.brief_sentences, e.only_here) for e in entries] == [("notes.txt", 1, [])]


def test_bundled_example_lists_both_outlets_in_json_and_markdown(example_paths):
    brief = summarize(load_articles([str(p) for p in example_paths]))
    outlets = [e["outlet"] for e in brief.to_dict()["coverage"]]
    assert outlets == ["Inquisitr", "NBC News"]
    assert sum(e["brief_sentences"] for e in brief.to_dict()["coverage"]) == len(brief.sentences)
    lines = section_lines(brief, markdown=True)
    assert "**Coverage**" in lines and any(line.startswith("- NBC News [2]") for line in lines)
