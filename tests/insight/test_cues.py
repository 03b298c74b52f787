"""The learned cue detector (insight/cues.py): attributions of beliefs, plans and findings the
patterns miss, with content on the side the cue reports and a speaker only when one is named."""
from __future__ import annotations

from newsbrief.insight.cues import attributions, shipped_model
from newsbrief.insight.quotes import extract_quotes
from newsbrief.text.sentences import split_spans


def _learned(text: str):
    plain = {q.offsets for q in extract_quotes(text, learned=False)}
    return [q for q in extract_quotes(text) if q.offsets not in plain]


def test_shipped_model_loads_with_a_threshold_and_reporting_words():
    model = shipped_model()
    assert 0 < model.threshold < 1 and len(model.weights) > 1000
    assert {"said", "believes", "according"} <= model.vocabulary


def test_a_finding_the_patterns_miss_is_an_attribution_with_its_content():
    text = "The study estimates that the plan would raise $1.1 trillion over a decade."
    found = _learned(text)
    assert [(q.cue, q.text) for q in found] == [("estimates", "the plan would raise $1.1 trillion over a decade")]
    assert text[found[0].offsets[0]:found[0].offsets[1]] == found[0].text and not found[0].direct


def test_plain_statements_of_fact_give_no_attribution():
    for text in ("The bridge was built in 1932 and carries 40,000 cars a day.",
                 "Heavy rain fell across the region on Saturday, with snow in the hills."):
        assert extract_quotes(text) == []


def test_speaker_after_the_cue_puts_the_content_before_it():
    text = "The plan would cut taxes for the middle class, argues Maria Lopez, a lawyer for the group."
    quote = extract_quotes(text)[0]
    assert quote.text == "The plan would cut taxes for the middle class"
    assert quote.speaker_mention == "Maria Lopez"


def test_an_attribution_nested_in_a_reported_one_is_its_own_quote():
    text = "Doe said that Republican leaders fear the shutdown will last into the spring."
    found = extract_quotes(text)
    outer = [q for q in found if q.cue == "said"]
    assert outer and outer[0].speaker == "Doe"
    inner = [q for q in found if q.offsets[0] > outer[0].offsets[0]]
    assert inner and inner[0].text == "the shutdown will last into the spring"


def test_a_lower_case_word_before_the_cue_is_no_speaker_after_a_name():
    """'Trump is drawing ...': what stands before the cue is a verb phrase, not who speaks."""
    text = "Trump is drawing criticism from veterans groups over his remarks on Monday night."
    for a in attributions(text, split_spans(text)):
        assert a.speaker is None or text[a.speaker[0]:a.speaker[1]][0].isupper()


def test_offsets_are_exact_on_every_learned_quote():
    text = ("Critics worry the law will drive up costs for small businesses.\n"
            "The campaign is confident that the senator will carry Ohio in November.\n"
            "Kaine has pledged to fight for immigration reform in the Senate.")
    found = extract_quotes(text)
    assert len(found) >= 2
    for quote in found:
        assert text[quote.offsets[0]:quote.offsets[1]] == quote.text
