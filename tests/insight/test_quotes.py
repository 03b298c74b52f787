"""Quotes: direct and indirect attributions with cue, speaker mention and resolved speaker; the
brief's key quotes merged across outlets; the ``quotes`` command."""
from __future__ import annotations

import json

from newsbrief.apps.cli import main
from newsbrief.insight import quotes, section_lines
from newsbrief.insight.quotes import extract_quotes
from newsbrief.model import Article, Brief, BriefSentence

STORY = ("Senator Jane Doe spoke in Ohio on Monday.\n"
         "“We will fix the bridges before winter comes,” Doe said.\n"
         "“Nobody should wait another year for a safe road,” she added.\n"
         "The governor said that the state budget could not cover the repairs this year.\n"
         "Local officials were not available for comment.")


def test_direct_quote_has_exact_text_offsets_cue_and_resolved_speaker():
    found = extract_quotes(STORY)
    first = found[0]
    assert first.direct and first.text == "“We will fix the bridges before winter comes,”"
    assert STORY[first.offsets[0]:first.offsets[1]] == first.text
    assert (first.cue, first.speaker_mention, first.speaker) == ("said", "Doe", "Jane Doe")


def test_pronoun_speaker_resolves_to_the_name_before_it():
    second = extract_quotes(STORY)[1]
    assert (second.speaker_mention, second.speaker, second.cue) == ("she", "Jane Doe", "added")


def test_indirect_quote_keeps_the_content_after_the_cue():
    indirect = [q for q in extract_quotes(STORY, learned=False) if not q.direct]
    assert len(indirect) == 1
    quote = indirect[0]
    assert quote.text == "the state budget could not cover the repairs this year"
    assert STORY[quote.offsets[0]:quote.offsets[1]] == quote.text
    assert quote.speaker_mention == "The governor" and quote.speaker is None


def test_trailing_attribution_and_according_to():
    text = ("The plant will close in March, company officials said.\n"
            "According to Maria Lopez, the workers were told only on Friday.")
    found = extract_quotes(text, learned=False)
    assert [(q.text, q.cue) for q in found] == [
        ("The plant will close in March", "said"),
        ("the workers were told only on Friday", "According to")]
    assert found[1].speaker == "Maria Lopez"


def test_plain_text_and_scare_quotes_give_no_quotes():
    assert extract_quotes("The river rose overnight. Roads were closed.") == []
    assert extract_quotes("The so-called “deal” fell apart.") == []
    assert extract_quotes("") == []


def _brief(texts, outlets):
    docs = [Article(text=t, outlet=o) for t, o in zip(texts, outlets)]
    sentences = [BriefSentence("Doe promised to fix the bridges before winter.", 0, 0, (0, 10))]
    return Brief(documents=docs, sentences=sentences, words=100)


def test_same_quote_from_two_outlets_is_one_key_quote_with_both():
    other = "“We will fix the bridges before winter comes,” said Senator Jane Doe on Monday."
    brief = _brief([STORY, other], ["AP", "Reuters"])
    items = quotes.for_brief(brief)
    assert items[0].outlets == ["AP", "Reuters"] and items[0].documents == [0, 1]
    assert all(q.speaker for q in items) and len(items) <= 5
    d = items[0].to_dict()
    assert set(d) == {"text", "speaker", "speaker_mention", "cue", "direct", "found_by", "document",
                      "offsets", "documents", "outlets"}
    assert d["found_by"] == "pattern"
    lines = section_lines(Brief(brief.documents, brief.sentences, 100, insight={"quotes": items}),
                          markdown=True)
    assert "**Key quotes**" in lines and any("Jane Doe" in line and line.endswith(" [1][2]") for line in lines)


def test_quote_without_speaker_or_off_story_is_not_key():
    text = "“The weather in the mountains was lovely all week long,” a sign read.\n" \
           "“Bridges before winter, that is what matters most,” the crowd chanted."
    assert quotes.for_brief(_brief([text], ["AP"])) == []


def test_quotes_command_json_echoes_ids(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "story-7", "text": STORY, "title": "Bridges"}) + "\n",
                    encoding="utf-8")
    assert main(["quotes", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    article = out["articles"][0]
    assert article["id"] == "story-7"
    assert article["quotes"][0]["speaker"] == "Jane Doe"
    assert set(article["quotes"][0]) == {"text", "offsets", "cue", "speaker", "speaker_mention", "direct",
                                         "found_by"}


def test_quotes_text_lists_the_patterns_quotes_and_counts_the_models_attributions(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(STORY + "\nThe study estimates that the plan would raise $1.1 trillion over a decade.\n",
                    encoding="utf-8")
    assert main(["quotes", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Jane Doe (said, direct)" in out and "$1.1 trillion" not in out
    assert "other attribution" in out and "--all" in out
    assert main(["quotes", str(path), "--all"]) == 0
    assert "(estimates, attribution): the plan would raise $1.1 trillion over a decade" in capsys.readouterr().out


def test_quotes_command_names_a_bad_input_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["quotes", str(bad), str(good)]) == 0
    captured = capsys.readouterr()
    assert "bad.bin" in captured.err and "Jane Doe" in captured.out


def test_cue_is_the_verb_and_a_sentence_start_does_not_join_the_name():
    text = ("Does Sean Penn regret the interview? Not quite, actor Sean Penn told CBS.\n"
            "“The whole discussion ignores its purpose,” Penn said in an interview.")
    quote = extract_quotes(text)[0]
    assert (quote.cue, quote.speaker_mention, quote.speaker) == ("said", "Penn", "Sean Penn")


def test_key_quotes_name_the_speaker_at_the_quote_or_are_left_out():
    text = ("Senator Jane Doe and Mary Roe toured the bridges on Monday.\n"
            "“Nobody should wait another year for a safe road to the bridges,” she said.\n"
            "“The bridges will be fixed before winter,” The New York Daily News reported.\n"
            "“We will fix the bridges before winter comes,” said Senator Jane Doe on Monday.")
    items = quotes.for_brief(_brief([text], ["AP"]))
    assert [q.speaker for q in items] == ["Jane Doe"]  # "she" and "Daily" are not shown
    assert items[0].text.startswith("“We will fix")


def test_a_passive_cue_has_no_speaker_and_a_weekday_belongs_to_the_cue():
    charged = extract_quotes("Melvin Dismukes was charged with the assault of two of the suspects.", learned=False)
    assert all(q.speaker is None and q.speaker_mention is None for q in charged)
    said = extract_quotes("Angus Houston said Sunday that the sounds were detected in the search area.",
                          learned=False)[0]
    assert said.cue == "said" and said.text == "the sounds were detected in the search area"


def test_a_key_quote_needs_a_full_name_not_one_capitalised_word():
    text = ("Facing criticism about its membership, the academy has responded by inviting 683 new members "
            "to join the bridges committee before winter.")
    assert quotes.for_brief(_brief([STORY, text], ["AP", "Reuters"])) and \
        all(len(q.speaker.split()) >= 2 for q in quotes.for_brief(_brief([STORY, text], ["AP", "Reuters"])))


def test_a_short_quoted_phrase_is_no_key_quote():
    text = ("Senator Jane Doe spoke about the bridges on Monday.\n"
            "“Bridges before winter, always,” Doe said.")
    short = extract_quotes(text, learned=False)[0]
    assert short.direct and short.speaker == "Jane Doe"  # a quote it is, among the article's quotes
    assert quotes.for_brief(_brief([text], ["AP"])) == []


def test_a_wish_or_belief_is_no_key_quote_but_speech_is():
    text = ("Senator Jane Doe wants the state to fix the bridges before winter comes to the valley.\n"
            "Senator Jane Doe said the state will fix the bridges before winter comes to the valley.")
    found = quotes.for_brief(_brief([text], ["AP"]))
    assert [q.cue for q in found] == ["said"]


def test_spans_overlapping_finds_exactly_what_a_scan_finds():
    import random

    from newsbrief.insight.quotes import _Spans

    rng = random.Random(7)
    for _ in range(200):
        spans = [(s, s + rng.randint(1, 60)) for s in (rng.randint(0, 500) for _ in range(rng.randint(0, 30)))]
        start = rng.randint(0, 550)
        end = start + rng.randint(1, 80)
        assert sorted(_Spans(spans).overlapping(start, end)) == sorted(
            (s, e) for s, e in spans if s < end and start < e)


def test_a_speaker_named_in_full_is_not_an_earlier_namesake_nor_a_heading_above():
    text = ("Josh Hardy, 7, will get the drug, doctors said.\n\n"
            "“Glory to God, they are releasing the drug to Josh,” wrote Aimee Hardy, his mother, on Facebook.\n\n"
            "‘Oppression and Violence’\n\n"
            "Prosecutor Moustafa Soliman told the court that the former leader had ruled by force for years.")
    found = extract_quotes(text, learned=False)
    assert [q.speaker for q in found if q.direct] == ["Aimee Hardy"]
    assert any(q.speaker == "Moustafa Soliman" for q in found if not q.direct)
