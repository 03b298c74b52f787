"""Output formats: citations, source lists, JSON schema fields, HTML escaping."""
from __future__ import annotations

import json

import pytest

from newsbrief.model import Article, Brief, BriefSentence
from newsbrief.render import render


@pytest.fixture
def brief() -> Brief:
    a = Article(text="Rain fell on <Monday>. Roads flooded.", outlet="Daily <b>", url="https://a.example/x")
    b = Article(text="Roads flooded in town.", title="Floods")
    return Brief(documents=[a, b], words=50, sentences=[
        BriefSentence(text="Rain fell on <Monday>.", document=0, index=0, offsets=(0, 22)),
        BriefSentence(text="Roads flooded in town.", document=1, index=0, offsets=(0, 22), support=[0]),
    ])


def test_markdown_citations_and_sources(brief):
    md = render(brief, "markdown")
    assert "Rain fell on <Monday>.[1]" in md
    assert "Roads flooded in town.[1][2]" in md  # ascending, whichever it was taken from
    assert "1. Daily <b> — <https://a.example/x>" in md
    assert "2. Floods" in md


def test_text_has_numbered_sources(brief):
    out = render(brief, "text")
    assert "[1] Daily <b>" in out and "[2] Floods" in out


def test_json_schema(brief):
    data = json.loads(render(brief, "json"))
    assert data["schema_version"] == 1
    assert data["documents"][1]["outlet"] is None and data["documents"][1]["url"] is None
    assert data["sentences"][1] == {"text": "Roads flooded in town.", "document": 1, "index": 0,
                                    "offsets": [0, 22], "support": [0], "edits": []}
    assert data["words"] == 8


def test_html_escapes_everything(brief):
    out = render(brief, "html")
    assert "<Monday>" not in out and "&lt;Monday&gt;" in out
    assert "Daily <b>" not in out and "Daily &lt;b&gt;" in out
    assert 'href="#src1"' in out


def test_unknown_format(brief):
    with pytest.raises(ValueError):
        render(brief, "pdf")


def test_html_never_links_a_javascript_url(brief):
    brief.documents[1].url = "javascript:alert(1)"
    out = render(brief, "html")
    assert 'href="javascript' not in out
