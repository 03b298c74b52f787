"""Timeline: dated events resolved against the publication date, in date order."""
from __future__ import annotations

from newsbrief.cleaning import clean_text
from newsbrief.insight.timeline import find_events, publication_date, render_lines
from newsbrief.model import Article


def story(*texts, dates=()):
    found = [clean_text(t) for t in texts]
    for article, date in zip(found, dates):
        article.date = date
    return found


def test_absolute_dates_are_ordered_and_spans_are_skipped():
    events = find_events(story(
        "The law was signed on March 3, 2015 by the governor. She served from 2002 to 2011 in the senate. "
        "The first protest took place in 1998.",
        "The court struck the law down in June 2019.",
    ))
    assert [(e.date, e.precision, e.document) for e in events] == [
        ("1998", "year", 0), ("2015-03-03", "day", 0), ("2019-06", "month", 1)]
    assert events[1].when == "March 3, 2015" and events[1].resolved_from == "text"


def test_relative_dates_resolve_against_the_publication_date_only_when_known():
    texts = ("The mayor resigned on Monday after the vote. The council will meet on Friday to choose.",)
    dated = find_events(story(*texts, dates=["2024-05-08"]))  # a Wednesday
    assert [(e.date, e.when, e.resolved_from) for e in dated] == [("2024-05-06", "on Monday", "publication date")]
    assert find_events(story(*texts)) == []  # no publication date: "Monday" cannot be placed


def test_yesterday_and_written_stamps():
    assert publication_date("July 14, 2015 3:45 PM").isoformat() == "2015-07-14"
    assert publication_date("not a date at all") is None
    events = find_events(story("Firefighters contained the blaze yesterday, officials said.",
                               dates=["July 14, 2015"]))
    assert [e.date for e in events] == ["2015-07-13"]


def test_a_quoted_today_is_not_the_articles_today_and_copies_count_once():
    text = "\"Today is the day,\" she said at the rally in March 2016. The rally drew thousands."
    events = find_events(story(text, text, dates=["2016-03-20", "2016-03-20"]))
    assert [(e.date, e.document) for e in events] == [("2016-03", 0)]


def test_render_limits_lines_and_escapes_markdown():
    text = " ".join(f"The *step* {n} happened in {1990 + n}." for n in range(12))
    events = find_events([Article(text=text)])
    lines = render_lines(events, None, markdown=True)
    assert len(lines) == 11 and lines[-1].endswith("and 2 more (JSON lists all)")
    assert lines[0].startswith("- 1990: The \\*step\\*")


def test_the_publication_weekday_is_that_day_and_as_of_is_no_event():
    events = find_events(story("The coach spoke to reporters Tuesday afternoon. "
                               "The fund held $19 million as of May 2017.", dates=["2018-10-16"]))
    assert [(e.date, e.when) for e in events] == [("2018-10-16", "Tuesday")]


def test_a_stamp_without_a_year_is_no_publication_date():
    assert publication_date("6:25 p.m.") is None
    assert find_events(story("Officials met on Monday.", dates=["6:25 p.m."])) == []


def test_a_sentence_of_legal_boilerplate_is_no_event():
    from newsbrief.insight.timeline import MAX_WORDS, find_events

    boiler = "Results could differ due to " + "risks, " * MAX_WORDS + "for the fiscal year ended December 31, 2017."
    short = "The company was founded in March 2009 in Chicago."
    found = find_events([clean_text(short + "\n\n" + boiler)])
    assert [e.date for e in found] == ["2009-03"]
