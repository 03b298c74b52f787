"""Sentence splitting: news edge cases, and the offset invariants on real and random text."""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from newsbrief.text.sentences import split_sentences, split_spans

from conftest import SHARED_MDS as DATA  # noqa: E402


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


CASES = {
    # quotes and nested quotes
    "end inside closing quote": (
        'He said "no." Then he left.', ['He said "no."', "Then he left."]),
    "nested curly quotes": (
        "Penn called it “a tale of ’essential’ help to his capture.” Officials disagreed.",
        ["Penn called it “a tale of ’essential’ help to his capture.”",
         "Officials disagreed."]),
    "nested quotes closing together": (
        "She said, “He told me ‘I am done.’” Then she cried.",
        ["She said, “He told me ‘I am done.’”", "Then she cried."]),
    "sentence starts with a quote": (
        'The crowd cheered. "We won," she said.', ["The crowd cheered.", '"We won," she said.']),
    "question inside quotes then lowercase": (
        "'Who?' she asked. Nobody answered.", ["'Who?' she asked.", "Nobody answered."]),
    "exclamation inside quotes then lowercase": (
        '"Stop!" he shouted at the driver.', ['"Stop!" he shouted at the driver.']),
    "PTB quotes": (
        "He called it ``a good day.'' Then he left. ``Why?'' asked Smith.",
        ["He called it ``a good day.''", "Then he left.", "``Why?'' asked Smith."]),
    "PTB detached closing quote": (
        "``It was my thing.' '' He left.", ["``It was my thing.' ''", "He left."]),
    "quote opened with two apostrophes": (
        "It was the court's ruling. ''The Scouts'' won.",
        ["It was the court's ruling.", "''The Scouts'' won."]),
    # abbreviations that never end a sentence before a name
    "titles": (
        "Mr. Smith met Mrs. Jones, Dr. Who, Gov. Brown, Sen. Cruz, Rep. Pelosi, Lt. Dan, Gen. Lee "
        "and Sgt. Pepper. They talked.",
        ["Mr. Smith met Mrs. Jones, Dr. Who, Gov. Brown, Sen. Cruz, Rep. Pelosi, Lt. Dan, "
         "Gen. Lee and Sgt. Pepper.", "They talked."]),
    "all-caps title": ("DR. BRAZELTON: Yes.", ["DR. BRAZELTON: Yes."]),
    "saint and suffixes": (
        "He lives in St. Louis with Martin Luther King Jr. Smith. He works for Apple Inc. The "
        "company is big.",
        ["He lives in St. Louis with Martin Luther King Jr. Smith.", "He works for Apple Inc.",
         "The company is big."]),
    "corp and co": (
        "Shares of Ford Motor Co. Ltd and Acme Corp. rose. Acme Corp. The maker of anvils said so.",
        ["Shares of Ford Motor Co. Ltd and Acme Corp. rose.", "Acme Corp.",
         "The maker of anvils said so."]),
    "number sign": ("He is ranked No. 1 in the world. No. That is wrong.",
                    ["He is ranked No. 1 in the world.", "No.", "That is wrong."]),
    "figures": ("As shown (Fig. 1; Supplementary Figs. 3, 5) it works.",
                ["As shown (Fig. 1; Supplementary Figs. 3, 5) it works."]),
    # U.S., U.K., dotted initialisms
    "U.S. before a noun": ("The U.S. Army and the U.K. Treasury agreed.",
                           ["The U.S. Army and the U.K. Treasury agreed."]),
    "U.S. at the end": ("He moved to the U.S. The next day he left.",
                        ["He moved to the U.S.", "The next day he left."]),
    "U.S. then a question": ("They build it in the U.S. Did they save money? Yes.",
                             ["They build it in the U.S.", "Did they save money?", "Yes."]),
    "U.S. then lowercase": ("The U.S. economy grew.", ["The U.S. economy grew."]),
    "lowercased multi-news": (
        "Growth in the u.s. economy slowed. The u.s. Economy grew, said mr. Smith. The u.s. Is "
        "big.",
        ["Growth in the u.s. economy slowed.", "The u.s. Economy grew, said mr. Smith.",
         "The u.s. Is big."]),
    "lowercased quote opening a sentence": (
        'It sets it apart. "there\'s no question," he said. Officials in the u.s. "war on terror" '
        'agreed.',
        ["It sets it apart.", '"there\'s no question," he said.',
         'Officials in the u.s. "war on terror" agreed.']),
    # states and months
    "states mid-sentence": (
        "Sen. John McCain, R-Ariz., flew from Miami, Fla., to Seattle, Wash., on Monday.",
        ["Sen. John McCain, R-Ariz., flew from Miami, Fla., to Seattle, Wash., on Monday."]),
    "state at the end": (
        "The rally was in Norfolk, Va. Moving swiftly, agents left. He was in Mass. General "
        "Hospital.",
        ["The rally was in Norfolk, Va.", "Moving swiftly, agents left.",
         "He was in Mass. General Hospital."]),
    "state before a ZIP code": ("Write to P.O. Box 2007, Port Townsend, Wash. 98368, today.",
                                ["Write to P.O. Box 2007, Port Townsend, Wash. 98368, today."]),
    "state in parentheses": ("She studied at Lawrence (Mass.) High School and in Wash. DC.",
                             ["She studied at Lawrence (Mass.) High School and in Wash. DC."]),
    "dateline with a state": (
        "SYCAMORE, Ill. (AP) -- A man was freed. OXFORD, Miss. _ In 1960 it rained.",
        ["SYCAMORE, Ill. (AP) -- A man was freed.", "OXFORD, Miss. _ In 1960 it rained."]),
    "months": ("It opened Jan. 5 and closed Feb. 28, after Aug. 3 and Sept. 11 events.",
               ["It opened Jan. 5 and closed Feb. 28, after Aug. 3 and Sept. 11 events."]),
    # a.m. and p.m.
    "p.m. then a new sentence": ("It started at 8 p.m. The next day it stopped.",
                                 ["It started at 8 p.m.", "The next day it stopped."]),
    "p.m. then a weekday": ("It started at 8 p.m. Friday in Ohio.",
                            ["It started at 8 p.m. Friday in Ohio."]),
    "a.m. then a time zone": ("It airs at 11:30 a.m. EST on NBC.",
                              ["It airs at 11:30 a.m. EST on NBC."]),
    "p.m. then lowercase": ("By 9 p.m. the streets were empty.",
                            ["By 9 p.m. the streets were empty."]),
    # initials
    "initials": ("J.C. Penney and John F. Kennedy met C.B. Thomas in Washington, D.C. Then they "
                 "left.",
                 ["J.C. Penney and John F. Kennedy met C.B. Thomas in Washington, D.C.",
                  "Then they left."]),
    "single-letter word at the end": ("They went with plan B. The plan failed.",
                                      ["They went with plan B.", "The plan failed."]),
    "Ph.D.": ("She has a Ph.D. from Yale. She teaches.",
              ["She has a Ph.D. from Yale.", "She teaches."]),
    # numbers
    "decimals and money": ("It cost $4.5 billion, or 3.14 times more. Shares fell 2.5%.",
                           ["It cost $4.5 billion, or 3.14 times more.", "Shares fell 2.5%."]),
    "sentence starting with a digit": ("He left in 2015. 2016 was worse.",
                                       ["He left in 2015.", "2016 was worse."]),
    # ellipses
    "ellipsis inside a sentence": (
        "We had met with him many weeks earlier…on October 2 in Mexico.",
        ["We had met with him many weeks earlier…on October 2 in Mexico."]),
    "ellipsis then lowercase": ("He paused ... and then went on.",
                                ["He paused ... and then went on."]),
    "ellipsis then capital": ("We will see... Let me be clear. We won.",
                              ["We will see...", "Let me be clear.", "We won."]),
    "spaced ellipsis": ("He said we would go . . . No, we stayed.",
                        ["He said we would go . . .", "No, we stayed."]),
    "ellipsis glued to a capital": ("It was dramatic...Given what happened, fine.",
                                    ["It was dramatic...", "Given what happened, fine."]),
    # brackets, dashes
    "[sic]": ("He wrote that their [sic] plan failed. Critics [sic.] agreed [sic]. Then nothing.",
              ["He wrote that their [sic] plan failed.", "Critics [sic.] agreed [sic].",
               "Then nothing."]),
    "em dashes": ("The voice — a miracle — came back. It was Autumn — alive.",
                  ["The voice — a miracle — came back.", "It was Autumn — alive."]),
    "dash after a question": ("Who could be? — but he is charming.",
                              ["Who could be? — but he is charming."]),
    "tweet attribution after a dash": ("It was deleted. — Dana W. White (@Chief) Nov. 16",
                                       ["It was deleted.", "— Dana W. White (@Chief) Nov. 16"]),
    "parenthesised sentence": ("He left. (He came back later.) Then he slept.",
                               ["He left.", "(He came back later.)", "Then he slept."]),
    # URLs and domains
    "domains": ("Tips go to WSVN.com and nbcnews.com. Visit https://example.org/a.b.html today.",
                ["Tips go to WSVN.com and nbcnews.com.",
                 "Visit https://example.org/a.b.html today."]),
    # missing space after a period in scraped text
    "missing space": ("The crash happened on Saturday.Los Angeles County officials said so.",
                      ["The crash happened on Saturday.", "Los Angeles County officials said so."]),
    "missing space after a closing quote": ('He said "no."The end.', ['He said "no."', "The end."]),
    "missing space before an opening quote": (
        'He signed it into law."The medal is overdue," he said.I agree.',
        ["He signed it into law.", '"The medal is overdue," he said.', "I agree."]),
    "no false split without space": ("The U.S.Army, WSVN.com and Worm.Explore.Zip spread.",
                                     ["The U.S.Army, WSVN.com and Worm.Explore.Zip spread."]),
    "question glued": ("Why?Because we can.", ["Why?", "Because we can."]),
    # lines: headlines, lists, paragraphs
    "headline line": ("Penn Calls Article a Failure\nSean Penn said Sunday it failed.",
                      ["Penn Calls Article a Failure", "Sean Penn said Sunday it failed."]),
    "paragraph break always ends": ("He moved to the U.S.\n\nthe next day he left",
                                    ["He moved to the U.S.", "the next day he left"]),
    "hard-wrapped line joins": ("The rally drew a large\ncrowd on Monday.",
                                ["The rally drew a large\ncrowd on Monday."]),
    "bullets": ("Highlights:\n• Penn met Guzmán\n• The article failed\n- Mexico objected",
                ["Highlights:", "• Penn met Guzmán", "• The article failed",
                 "- Mexico objected"]),
    "numbered list": ("Steps:\n1. Buy milk.\n  2. Drink it.",
                      ["Steps:", "1. Buy milk.", "2. Drink it."]),
    "Q and A": ("Q. Who is at risk?\nA. Everyone over 50.",
                ["Q. Who is at risk?", "A. Everyone over 50."]),
    "windows line ends": ("Headline\r\n\r\nBody one. Body two.\r\n",
                          ["Headline", "Body one.", "Body two."]),
    "unicode line separator": ("One line\u2028Two lines.", ["One line", "Two lines."]),
    # misc
    "question and exclamation": ("Did he? Yes! He did.", ["Did he?", "Yes!", "He did."]),
    "Yahoo!": ("He worked at Yahoo! Finance for years. Then Google.",
               ["He worked at Yahoo! Finance for years.", "Then Google."]),
    "multiple terminal marks": ("Really?! Yes.", ["Really?!", "Yes."]),
    "et al. and e.g.": ("Smith et al. found that e.g. Apple grew. It did.",
                        ["Smith et al. found that e.g. Apple grew.", "It did."]),
    "vs.": ("It was Roe v. Wade and Ali vs. Frazier.\nHUMAN VS. HARDWARE",
            ["It was Roe v. Wade and Ali vs. Frazier.", "HUMAN VS. HARDWARE"]),
    "non-breaking spaces": ("He left.\xa0Then he came back.", ["He left.", "Then he came back."]),
}


@pytest.mark.parametrize("text,expected", list(CASES.values()), ids=list(CASES))
def test_edge_case(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "."])
def test_empty_and_trivial(text: str) -> None:
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == ([text.strip()] if text.strip() else [])


def test_split_sentences_carries_offsets_and_doc() -> None:
    text = "  First one. Second one.\n\nThird "
    out = split_sentences(text, doc=3)
    assert [(s.doc, s.index, s.text) for s in out] == [
        (3, 0, "First one."), (3, 1, "Second one."), (3, 2, "Third")]
    assert all(text[s.start:s.end] == s.text for s in out)
    # a line break after it ends a paragraph; the end of the text does not
    assert [s.paragraph_end for s in out] == [False, True, False]
    assert [s.paragraph_end for s in split_sentences("One line\nTwo. Three.\n")] == [True, False, False]


def test_not_a_string() -> None:
    with pytest.raises(TypeError):
        split_spans(b"bytes are not text")  # type: ignore[arg-type]


def check_invariants(text: str) -> None:
    spans = split_spans(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        assert not text[prev_end:s].strip(), "a non-space character fell between sentences"
        prev_end = e
    assert not text[prev_end:].strip()
    assert [x.text for x in split_sentences(text)] == [text[s:e] for s, e in spans]


def _real_documents(name: str, n: int) -> list[str]:
    path = DATA / f"{name}.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not available")
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            docs += json.loads(line)["documents"]
    return docs


@pytest.mark.parametrize("name,n", [("multi_news_raw_dev100", 100), ("duc2006_test", 5),
                                    ("multi_news_validation", 200)])
def test_offset_invariants_on_real_text(name: str, n: int) -> None:
    docs = _real_documents(name, n)
    assert docs
    for doc in docs:
        check_invariants(doc)


def test_real_text_sentences_are_plausible() -> None:
    """On real news, almost every sentence ends with punctuation (or is a short line)."""
    docs = _real_documents("duc2006_test", 3)
    spans = [(d, s, e) for d in docs for s, e in split_spans(d)]
    long_unterminated = [d[s:e] for d, s, e in spans
                         if len(d[s:e].split()) > 60 and d[e - 1] not in ".!?'\"”’)"]
    assert len(spans) > 500
    assert len(long_unterminated) < 0.01 * len(spans)


def test_random_mutations_of_real_text() -> None:
    """Cut and glue real text at random places: the invariants must still hold."""
    docs = _real_documents("multi_news_raw_dev100", 10)
    rng = random.Random(0)
    for _ in range(300):
        d = rng.choice(docs)
        i, j = sorted(rng.randrange(len(d) + 1) for _ in range(2))
        check_invariants(d[i:j] + rng.choice(["", " ", ".", "\n", "“", "...", "?'"]) + d[:i])


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    ALPHABET = st.sampled_from(list("aZ .!?…\"'“”‘’()[]`\n\r\t\xa0\u2028-—_,;:0159") +
                               ["U.S.", "Mr.", "p.m.", "Calif.", "No.", " The ", " he ", "...",
                                "''", "``", "\n\n", "Inc.", "J.", "www.x.com"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(ALPHABET, max_size=60).map("".join))
    def test_invariants_hypothesis(text: str) -> None:
        check_invariants(text)

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=200))
    def test_invariants_any_unicode(text: str) -> None:
        check_invariants(text)


def test_free_standing_closing_quote_stays_with_its_sentence():
    # Multi-News' tokenized text: quote marks stand alone between spaces
    text = ("The home inspired morrison's song \" love street. \" friday night's fires left "
            "residents on edge. He said \" we are the consumer. \" Penn said.")
    assert [s.text for s in split_sentences(text)] == [
        "The home inspired morrison's song \" love street. \"",
        "friday night's fires left residents on edge.",
        "He said \" we are the consumer. \"",
        "Penn said.",
    ]


def test_free_standing_opening_quote_starts_the_next_sentence():
    text = "A start. \" quoted opener here. \" and more."
    assert [s.text for s in split_sentences(text)] == [
        "A start.", "\" quoted opener here. \"", "and more."]


def _lead_of_whole_split(text: str, max_words: int) -> list[tuple[int, int, int, str]]:
    from newsbrief.text.sentences import lead_section

    return [(s.index, s.start, s.end, s.text, s.paragraph_end)
            for s in lead_section(split_sentences(text, 3), max_words)]


@pytest.mark.parametrize("max_words", [1, 30, 400])
def test_split_of_the_lead_equals_the_lead_of_the_whole_split(max_words: int) -> None:
    """split_sentences(max_words=N) splits only a prefix of a long article: it must find
    exactly the sentences, offsets and indices that splitting it all would."""
    docs = _real_documents("multi_news_raw_dev100", 40)
    assert any(len(d.split()) > max_words + 200 for d in docs)  # the prefix path is taken
    for doc in docs:
        got = [(s.index, s.start, s.end, s.text, s.paragraph_end) for s in split_sentences(doc, 3, max_words)]
        assert got == _lead_of_whole_split(doc, max_words)


def test_split_of_the_lead_with_a_sentence_longer_than_the_margin() -> None:
    # no punctuation for 500 words: the kept sentence runs past the prefix, so all is split
    text = "A short opening. Words " + " ".join(["word"] * 499) + ". The end came. Then more."
    got = split_sentences(text, 0, 10)
    assert [s.text for s in got] == [s.text for s in split_sentences(text)[:2]]
    assert got[1].n_words == 500
    assert [(s.start, s.end) for s in got] == [(s.start, s.end) for s in split_sentences(text)[:2]]
    short = "Only two words. And four more here."
    assert [s.text for s in split_sentences(short, 0, 400)] == [s.text for s in split_sentences(short)]


def test_any_line_break_of_the_splitter_ends_a_paragraph() -> None:
    # raw text given to the library may break lines with "\r" or U+2028, not only "\n"
    for brk in ("\n", "\r", "\u2028"):
        out = split_sentences(f"Headline without a stop{brk}Body one. Body two.")
        assert [s.paragraph_end for s in out] == [True, False, False], brk
