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
    assert "Rain fell on \\<Monday\\>.[1]" in md  # article text is escaped, see below
    assert "Roads flooded in town.[1][2]" in md  # ascending, whichever it was taken from
    assert "1. Daily \\<b\\> — <https://a.example/x>" in md
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


# --------------------------------------------------------------------------- Markdown escaping (issue 22)

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "Click [here](javascript:alert(1)) or ![img](http://x.example/a.png)",
    "*bold* and _em_ and `code` and ~~gone~~ and <http://auto.example>",
    "# Not a heading",
    "> not a quote",
    "- not a list",
    "1. not a list either",
    "AT&T &amp; &#60;b&#62; &copy; back\\slash",
    "line one\n===\nline <b>three</b>",
    "| a | b |",
]


def _commonmark(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_markdown_renders_as_the_same_characters(text):
    from html import unescape

    from newsbrief.render import escape_markdown

    rendered = _commonmark(escape_markdown(text))
    assert rendered.startswith("<p>") and rendered.count("<") == 2, rendered  # <p> and </p> only
    assert unescape(rendered[3:-5]) == text


def test_escaping_keeps_plain_prose_as_it_is():
    from newsbrief.render import escape_markdown

    prose = 'Penn said, "I have a regret," in a drug-related interview on Friday (CBS), 3.5% of 1,000.'
    assert escape_markdown(prose) == prose


def test_markdown_output_escapes_article_text_everywhere():
    a = Article(text="x", outlet="<b>Evil</b> Times", title="<img src=x onerror=alert(1)>",
                url="javascript:alert(1)")
    b = Article(text="y", outlet="Good", url="https://b.example/story?a=1&b=2")
    brief = Brief(documents=[a, b], words=50, notes=["left out <script>x</script>"], sentences=[
        BriefSentence(text="Rain <script>alert(1)</script> fell.", document=0, index=0, offsets=(0, 5)),
    ])
    rendered = _commonmark(render(brief, "markdown"))
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert 'href="javascript:' not in rendered
    assert '<a href="https://b.example/story?a=1&amp;b=2">' in rendered  # a real link stays a link
    assert "Rain &lt;script&gt;alert(1)&lt;/script&gt; fell." in rendered


def test_any_punctuation_renders_back_unchanged():
    """Property: whatever ASCII punctuation an article holds, CommonMark renders it as itself."""
    import string
    from html import unescape

    from hypothesis import given, settings, strategies as st

    from newsbrief.render import escape_markdown

    alphabet = "abc12 é" + string.punctuation

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, min_size=1, max_size=30).map(lambda t: " ".join(t.split())))
    def renders_as_itself(text):
        if text:
            rendered = _commonmark(escape_markdown(text))
            assert rendered.count("<") == 2 and unescape(rendered[3:-5]) == text, rendered

    renders_as_itself()
