"""Where sources differ: conflicting numbers, dates and names for one fact, and what is not one."""
from __future__ import annotations

import random

from newsbrief.cleaning import clean_text
from newsbrief.evaluation.disagreements import evaluate, inject, is_found
from newsbrief.insight.disagreements import find_disagreements
from newsbrief.insight.values import mentions
from newsbrief.model import Article
from newsbrief.pipeline import summarize

from conftest import shared_set


def articles(*texts: str, dates=None) -> list[Article]:
    found = [clean_text(t) for t in texts]
    for article, date in zip(found, dates or []):
        article.date = date
    return found


def kinds(found):
    return [(d.kind, sorted(s.value for s in d.statements)) for d in found]


def test_two_tolls_for_one_crash_are_a_number_disagreement():
    found = find_disagreements(articles(
        "A bus crashed into a river near the town of Kell on Sunday. Police said 12 people died in the crash "
        "near the bridge over the river.",
        "Rescuers pulled survivors from the water near Kell. Police said 15 people died in the crash near the "
        "bridge, officials added.",
    ))
    assert kinds(found) == [("number", ["12", "15"])]
    assert {s.document for s in found[0].statements} == {0, 1}
    assert found[0].note is None


def test_rounding_hedges_ranges_and_compounds_are_no_conflict():
    found = find_disagreements(articles(
        "The storm left 2.5 million homes without power across the state, the utility said on Monday. "
        "The nine-year-old was rescued from the roof of the house by firefighters.",
        "The storm left about 2,460,000 homes without power across the state, the utility said. "
        "The boy, nine, was rescued from the roof of the house by firefighters.",
        "The storm left 2 to 3 million homes without power across the state, the utility said.",
    ))
    assert [d for d in found if d.kind == "number"] == []


def test_a_growing_toll_on_a_later_date_is_noted_as_a_possible_update():
    found = find_disagreements(articles(
        "Officials said 30 people were killed in the earthquake that struck the coastal province.",
        "Officials said 45 people were killed in the earthquake that struck the coastal province.",
        dates=["2024-03-01", "2024-03-03"],
    ))
    assert kinds(found) == [("number", ["30", "45"])]
    assert "update" in found[0].note and "2024-03-03" in found[0].note


def test_different_dates_and_names_for_one_fact():
    found = find_disagreements(articles(
        "The company said its chief executive John Harlow will step down after the merger was approved "
        "by shareholders on March 3, 2021 in Chicago.",
        "The company said its chief executive John Marlow will step down after the merger was approved "
        "by shareholders on March 5, 2021 in Chicago.",
    ))
    assert sorted(kinds(found)) == [("date", ["March 3, 2021", "March 5, 2021"]),
                                    ("name", ["John Harlow", "John Marlow"])]


def test_one_article_stating_both_values_is_no_conflict():
    found = find_disagreements(articles(
        "Police said 3 people died and 5 people were hurt when the roof of the mall collapsed on shoppers.",
        "Police said 5 people were hurt when the roof of the mall collapsed, and 3 people died.",
    ))
    assert found == []


def test_a_denial_from_another_outlet_is_a_claim_disagreement(example_texts):
    found = find_disagreements(articles(*example_texts))
    claims = [d for d in found if d.kind == "claim"]
    assert claims and claims[0].statements[1].value == "denies"
    assert {s.document for s in claims[0].statements} == {0, 1}


def test_single_article_and_brief_json_carry_the_section(example_texts):
    assert find_disagreements(articles(example_texts[0])) == []
    brief = summarize(example_texts)
    data = brief.to_dict()
    assert data["disagreements"][0]["kind"] == "claim"
    assert set(data["disagreements"][0]["statements"][0]) == {"sentence", "document", "index", "outlet", "value"}


def test_mentions_read_numbers_dates_and_names_as_values():
    found = {(m.kind, m.text): m for m in mentions(
        "On Jan. 25, 2015 twelve people and $2.5 million went to Autumn Veatch, between 5 and 7 cars.")}
    assert found[("date", "Jan. 25, 2015")].value == (1, 25, 2015)
    assert found[("number", "twelve")].value == 12.0
    assert found[("number", "$2.5 million")].value == 2_500_000.0
    assert found[("name", "Autumn Veatch")].value == "autumn veatch"
    assert ("number", "5") not in found and ("number", "7") not in found  # a range


def test_injection_changes_one_value_and_is_recorded():
    story = articles(
        "Police said 12 people died in the crash near the bridge over the river on Sunday.",
        "Police said 12 people died in the crash near the bridge, officials added.",
    )
    changed, injection = inject(story, random.Random(1), ["Zed"])
    assert injection.old in story[injection.document].text
    assert injection.new in changed[injection.document].text and injection.new != injection.old
    assert is_found(injection, find_disagreements(changed))


def test_recall_on_raw_dev100_subset():
    from newsbrief.inputs.clusters import read_clusters
    from newsbrief.pipeline import articles_from_texts

    records, _ = read_clusters(shared_set("multi_news_raw_dev100.jsonl.gz"), references=False, limit=20)
    result = evaluate([articles_from_texts(r["documents"]) for r in records], rounds=1)
    assert sum(result.injected.values()) >= 10
    assert result.recall >= 0.25  # measured 0.35 on all of dev100 (docs/insight.md)


def test_a_surname_alone_changed_between_two_places_is_a_name_disagreement():
    found = find_disagreements(articles(
        "The plan was backed by Obama and the governors of Texas and Ohio at the summit in Denver on trade rules.",
        "Obama said the talks went well. The plan was backed by Clinton and the governors of Texas and Ohio at "
        "the summit in Denver on trade rules.",
    ))
    assert ("name", ["Clinton", "Obama"]) in kinds(found)


def test_a_one_word_name_the_story_also_writes_in_lower_case_is_no_name():
    text = ("The Department said the inquiry would close soon. The department has three weeks left, "
            "and Secretary Smith agreed, the secretary said.")
    lower = {"department", "secretary"}
    from newsbrief.insight.disagreements import _located
    from newsbrief.insight.story import story_sentences

    names = [m.text for m, _ in _located(text, story_sentences(articles(text))[0], lower) if m.kind == "name"]
    assert "Department" not in names and "Secretary Smith" in names


def test_names_between_the_same_two_words_need_not_be_alone_in_their_sentence():
    found = find_disagreements(articles(
        "European Union foreign policy chief Catherine Ashton said Tuesday she met Egyptian leader Mohamed Morsi "
        "in Cairo with Michael Mann.",
        "European Union foreign policy chief Chad Eliason said Tuesday she met deposed Egyptian leader Mohamed "
        "Morsi in Cairo.",
    ))
    assert ("name", ["Catherine Ashton", "Chad Eliason"]) in kinds(found)


def test_a_wire_copy_with_one_value_changed_is_flagged_and_other_edits_are_not():
    found = find_disagreements(articles(
        "A Florida police officer went above and beyond after she met an elderly woman whose ring was snatched.",
        "A Georgia police officer went above and beyond after she met an elderly woman whose ring was snatched.",
        "A Georgia police officer went above and beyond after she met an old woman whose ring was snatched.",
    ))
    assert kinds(found) == [("name", ["Florida", "Georgia"])]


def test_a_name_spelt_with_another_apostrophe_is_no_change():
    found = find_disagreements(articles(
        "Doctors at St. Jude Children's Research Hospital in Memphis pushed the company to provide the drug.",
        "Doctors at St. Jude Children’s Research Hospital in Memphis pushed the company to provide the drug.",
    ))
    assert found == []


def test_mentions_skip_titles_month_abbreviations_and_number_words_in_titles():
    found = [(m.kind, m.text) for m in mentions(
        "He met Mr. Morsi on Oct. 19 after watching Zero Dark Thirty with the European Union envoy.")]
    assert ("name", "Morsi") in found and ("name", "Oct") not in found
    assert not [t for k, t in found if k == "number"]
    assert ("name", "Union") not in found


def test_the_order_of_disagreements_does_not_depend_on_the_hash_seed():
    """Slots were walked as a set: the same input listed its disagreements in another order
    from one process to the next."""
    import subprocess
    import sys

    code = ("from newsbrief.cleaning import clean_text\n"
            "from newsbrief.insight.disagreements import find_disagreements\n"
            "a = clean_text('A bus crashed near Kell on Sunday. Police said 12 people died in the crash near the bridge. "
            "The driver, who is 45 years old, was taken to the Kell hospital with 3 broken ribs.')\n"
            "b = clean_text('Rescuers worked near Kell. Police said 15 people died in the crash near the bridge, officials added. "
            "The driver, who is 47 years old, was taken to the Kell hospital with 5 broken ribs.')\n"
            "print([sorted(s.value for s in d.statements) for d in find_disagreements([a, b])])\n")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3", "4", "5", "6")}
    assert len(runs) == 1 and runs.pop().count("[") >= 3


def test_two_ages_for_one_person_differ_but_two_peoples_ages_do_not():
    found = find_disagreements(articles(
        "Egeland had his 17-year-old son shoot him in the legs with a shotgun on a roadside in Idaho.",
        "Egeland had his 14-year-old son shoot him in the legs with a shotgun on a roadside near Caldwell.",
    ))
    assert kinds(found) == [("number", ["14", "17"])]
    two_people = find_disagreements(articles(
        "On July 31, Egeland directed his son Rylan Egeland, then 17, to shoot him in the leg with a shotgun.",
        "Shannon Egeland, 43, directed his son to shoot him in the leg with a shotgun on July 31.",
    ))
    assert not [d for d in two_people if d.kind == "number"]


def test_a_unit_joined_by_a_hyphen_is_a_quantity_and_a_span_of_time_is_not():
    assert [(m.value, m.slot) for m in mentions("He used a 20-gauge shotgun.") if m.kind == "number"] == \
        [(20.0, ("gauge",))]
    assert [m.value for m in mentions("His net worth is $4.77-billion.") if m.kind == "number"] == [4.77e9]
    assert not [m for m in mentions("after a three-year legal battle") if m.kind == "number"]
