"""Reader defects: each on its own, good prose that must pass, and the audit of whole briefs."""
from __future__ import annotations

import pytest

from newsbrief.evaluation.readability import audit_brief, format_flags, summarize_audits
from newsbrief.text.defects import DEFECTS, quote_spans, sentence_defects
from newsbrief.model import Sentence


def article(*sentences: str, doc: int = 0) -> tuple[str, list[Sentence]]:
    """One paragraph of the given sentences, and each as a Sentence pointing into it."""
    text = " ".join(sentences)
    out, pos = [], 0
    for k, s in enumerate(sentences):
        start = text.index(s, pos)
        out.append(Sentence(doc=doc, index=k, start=start, end=start + len(s), text=s))
        pos = start + len(s)
    return text, out


def alone(text: str) -> list[str]:
    """The defects of ``text`` as the first sentence of a brief, from its own one-line article."""
    body, (s,) = article(text)
    return sentence_defects(s, None, body)


def after(first: str, second: str, *, continues: bool = True) -> list[str]:
    """The defects of ``second`` in a brief whose previous sentence is ``first``: its predecessor
    in the same article, or (``continues=False``) a sentence of another article."""
    body, (a, b) = article(first, second)
    previous = a if continues else Sentence(doc=1, index=0, start=0, end=len(first), text=first)
    return sentence_defects(b, previous, body)


# --------------------------------------------------------------------------- dangling

@pytest.mark.parametrize("text", [
    "She purchased the ring and told the nurses to deliver it.",
    "He said the plan would fail because nobody had asked the residents.",
    "They were only able to corroborate one of the dozens of alleged disappearances.",
    "His body will be taken to the state lab for an autopsy on Tuesday.",
    "This is the first time the council has voted against the mayor.",
    "That's why the vote matters so much to the residents.",
    "These are the people who will pay for the new stadium.",
    "It was the first time in a decade that the river flooded.",
    "But two weeks later the police account fell apart.",
    "However there is no evidence so far that it is linked to the crash.",
    "As a result, the road was closed for three days.",
    "Then he turned back to the photographers and was gone.",
    "One of them was reported missing on Nov. 18, 2017.",
    "After his arrest, he was held without bail for a week.",
    "WASHINGTON (AP) — He said the bill would pass the Senate this week.",
])
def test_dangling_openings_detached_from_their_antecedent(text):
    assert "dangling" in alone(text)
    assert "dangling" in after("The mayor spoke to reporters on Monday.", text, continues=False)


def test_a_pronoun_right_after_its_article_predecessor_is_fine():
    first = "Mayor Jane Doe met the residents on Monday."
    for text in ("She purchased the ring and told the nurses to deliver it.",
                 "He said the plan would fail because nobody had asked the residents.",
                 "But the residents were not convinced by the plan."):
        assert after(first, text) == []


@pytest.mark.parametrize("text", [
    "This week the council voted to close the library on Sundays.",
    "That night, police arrested two men near the station.",
    "These cases are rare, health officials said on Monday.",
    "Those who attended the meeting said it was tense.",
    "It was unclear whether the council would vote again.",
    "It is not known how many people were inside the building.",
    "It could not be learned immediately where the president was at the time.",
    "It took firefighters nearly two hours to bring the blaze under control.",
    "It would be 33 minutes before the officer was wheeled out to an ambulance.",
    "In its filing, Kleiner said it had offered to settle the case.",
    "As a result of the storm, the road was closed for three days.",
    "So far, nobody has been charged in the attack.",
    "Then-President Barack Obama signed the bill in 2010.",
    "Again and again, Williams went to extremes in his desire to please.",
    "Herman, 54, said the lawsuit would be filed this week.",
])
def test_openings_that_point_nowhere_are_not_dangling(text):
    assert alone(text) == []


# --------------------------------------------------------------------------- orphan quotes

def test_a_quote_whose_speaker_is_only_a_pronoun_is_orphan():
    assert alone('"This is about accountability," she said.') == ["orphan_quote"]
    assert "orphan_quote" in alone('"We will rebuild this town from the ground up," said he.')
    assert "orphan_quote" in after("The mayor spoke on Monday.",
                                   '"This is about accountability," she said.', continues=False)


def test_a_quote_with_no_speaking_verb_is_orphan():
    assert alone('"They are releasing the drug for Josh!"') == ["orphan_quote"]
    assert alone('Art Iwasaki "In my company, half of them were from Hawaii."') == ["orphan_quote"]


def test_the_speaker_is_found_next_to_the_verb():
    assert "orphan_quote" in alone('"This is clearly unacceptable," he said in a statement.')
    rights = ' gave no details but said, "we are determined to safeguard our rights."'
    assert alone("He" + rights) == ["dangling", "orphan_quote"]
    assert alone("Doe" + rights) == []
    assert alone('"Memory scraping has been available for some time," the report reads.') == []


def test_a_named_speaker_here_or_just_before_is_fine():
    assert alone('"We will rebuild," Mayor Jane Doe said.') == []
    assert alone('"We will rebuild this town from the ground up," said Mayor Jane Doe.') == []
    assert alone("According to Jane Doe, the town \"will be rebuilt within two years.\"") == []
    assert after("Senator Elizabeth Warren questioned the bank's chief executive on Tuesday.",
                 '"This is about accountability," she said.') == []


def test_a_quotation_woven_into_the_writers_clause_is_fine():
    assert alone('Boehner instructed Obama to "sit down with Harry Reid tonight."') == []
    assert alone('The judge found "clear and convincing evidence" that he was innocent.') == []
    assert alone('Emily Blunt starred in "The Man Who Knew Infinity" last year.') == []


def test_short_quoted_words_are_not_a_quotation():
    assert alone('Police called the device a "dry ice bomb" in their report.') == []


def test_typed_closing_quotes_close_the_quotation():
    assert alone("\"What bothers me most is my son,'' Egeland said.") == []
    assert alone("That first “Wolfman’’ is not a very good movie, either.") == []


def test_a_multi_sentence_quote_continues_from_the_article():
    body, (a, b) = article('Mayor Jane Doe said: "We will rebuild this town.',
                           'We owe it to our children and to theirs."')
    assert sentence_defects(b, a, body) == []  # continues the article right after the speaker
    assert sentence_defects(b, None, body) == ["orphan_quote"]  # first person, but quoted
    assert sentence_defects(b, None, None) == ["writer_voice"]  # without the article: unknowable


def test_a_new_paragraph_closes_an_unclosed_quotation():
    body = 'Doe said: "We will rebuild.\n\nThe council agreed to pay for it.'
    second = "The council agreed to pay for it."
    s = Sentence(doc=0, index=1, start=body.index(second), end=len(body), text=second)
    assert sentence_defects(s, None, body) == []


def test_quote_spans_pairs_single_quotes_only_around_words():
    text = "Officials said 'we are done here' and the girls' school closed."
    (span,) = quote_spans(text)
    assert text[span[0]:span[1]] == "'we are done here'"
    assert quote_spans("He said “no” and left.") == [(8, 12)]
    assert quote_spans('She said "we will') == [(9, 17)]  # open to the paragraph's end


# --------------------------------------------------------------------------- writer's voice

@pytest.mark.parametrize("text", [
    "I don't know about you, but I love Ariel Winter for this.",
    "As we've reported before, Wells Fargo is paying $185 million in penalties.",
    "Herman has litigated around 800 cases involving sexual abuse, he told me.",
    "The new law will recognize the veterans who served our country.",
    "We've detected that JavaScript is disabled in your browser.",
])
def test_first_person_outside_quotes_is_writer_voice(text):
    assert "writer_voice" in alone(text)


@pytest.mark.parametrize("text", [
    "U.S. officials said the talks would resume next week.",
    "US officials said the talks would resume next week.",
    "World War I veterans gathered at the memorial on Sunday.",
    "Traffic on I-95 was halted for hours after the crash.",
    "The probe will fly closer to our Sun than any spacecraft before it.",
    '"I love this city and I will never leave it," Doe said.',
    "Us Weekly first reported the couple's engagement on Friday.",
])
def test_not_the_writer(text):
    assert "writer_voice" not in alone(text)


# --------------------------------------------------------------------------- fragments

@pytest.mark.parametrize("text", [
    "Police expected to question Prince William's new sister-in-law",
    "The council met on Tuesday to discuss the following:",
    "Officials said the inquiry would continue...",
    "Officials said the inquiry would continue…",
    "and then the council voted to close the library.",
    "Officials declined comment.",
    "Photo: Jane Doe/Getty Images.",
    "(AP Photo/Jane Doe)",
    "Image copyright Getty Images Image caption The mayor spoke on Monday.",
    "Mayor Announces New Budget For City Schools.",
    "A fighter fires at army positions in Aleppo, Syria, Tuesday, Sept. 25, 2012.",
    "CLOSE United says it is streamlining its boarding process.",
])
def test_fragments(text):
    assert "fragment" in alone(text)


@pytest.mark.parametrize("text", [
    "The council voted to close the library, officials said.",
    'The mayor called it "a good day for the town."',
    "eBay shares rose 5% in early trading on Monday.",
    "de Blasio said the city would reopen its schools.",
    "The mayor arrived on Tuesday, Sept. 25, and left a day later.",
    "(The mayor later withdrew the proposal.)",
])
def test_sentences_are_not_fragments(text):
    assert alone(text) == []


# --------------------------------------------------------------------------- teasers

@pytest.mark.parametrize("text", [
    "Was it worth the money in the end?",
    "Here's what we know about the shooting so far.",
    "Find out how the council voted on the budget.",
    "Watch: the moment the bridge collapsed into the river.",
])
def test_teasers(text):
    assert "teaser" in alone(text)


def test_boilerplate_that_promises_more_is_a_teaser():
    assert "teaser" in alone("That's all for today's trending, do check back tomorrow for more!")


@pytest.mark.parametrize("text", [
    '"Why did nobody warn us about the storm?" she asked the officer, Mayor Jane Doe said.',
    "O.J. Simpson will find out on Thursday if he will be released from prison.",
])
def test_not_teasers(text):
    assert "teaser" not in alone(text)


# --------------------------------------------------------------------------- briefs

def test_audit_brief_lede_budget_and_clean():
    body0, s0 = article("A fire destroyed the town library on Monday night, officials said.",
                        "Nobody was hurt in the blaze, which started in the basement.",
                        "She said the building would be rebuilt within two years.")
    body1, s1 = article("The library held 40,000 books and a rare map collection.", doc=1)
    articles = [body0, body1]

    good = audit_brief([s0[0], s1[0], s0[1]], articles, words=40)
    assert good.defects == [[], [], []]
    assert good.lede_first and good.within_budget and good.clean

    assert not audit_brief([s0[0], s1[0], s0[1]], articles, words=20).within_budget
    bad = audit_brief([s1[0], s0[2]], articles, words=100)  # "She" detached from its antecedent
    assert bad.lede_first and bad.defects == [[], ["dangling"]] and not bad.clean

    late = Sentence(doc=0, index=7, start=s0[1].start, end=s0[1].end, text=s0[1].text)
    assert not audit_brief([late], articles, words=100).lede_first
    assert not audit_brief([s0[2]], articles, words=100).lede_first  # defective first sentence
    assert not audit_brief([], articles, words=100).clean


def test_summarize_and_format_flags():
    body, s = article("A fire destroyed the town library on Monday night, officials said.",
                      "Nobody was hurt in the blaze, which started in the basement.",
                      "She said the building would be rebuilt within two years.",
                      "Was it worth it?")
    audits = [audit_brief([s[0], s[1]], [body], 100, label="a"),
              audit_brief([s[0], s[2], s[3]], [body], 100, label="b")]
    table = summarize_audits(audits)
    assert table["counts"]["sentences"] == 5
    assert table["counts"]["defective"] == 2
    assert table["defective_pct"] == 40.0
    assert table["class_pct"]["dangling"] == 20.0 and table["class_pct"]["teaser"] == 20.0
    assert set(table["class_pct"]) == set(DEFECTS)
    assert table["clean_pct"] == 50.0 and table["lede_first_pct"] == 100.0

    flags = format_flags(audits).splitlines()
    assert flags == ["b #1 [0:2] dangling: She said the building would be rebuilt within two years.",
                     "b #2 [0:3] teaser: Was it worth it?"]
    assert len(format_flags(audits, limit=1).splitlines()) == 1
    assert summarize_audits([])["defective_pct"] == 0.0
