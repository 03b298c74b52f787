"""The online story clusterer: same story joins, same topic stays apart, labels given are kept."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.evaluation.stories import bcubed, make_pool, pairwise_f1
from newsbrief.model import Article
from newsbrief.stories.online import OnlineStoryClusterer
from newsbrief.stories.registry import get_clusterer

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"

BRIDGE_AP = ("Senator Maria Delgado on Tuesday blocked a $2.1 billion bridge repair bill for Ohio's "
             "Brent Spence Bridge, saying the Transportation Department had not explained the cost "
             "overruns. The bridge carries 160,000 vehicles a day across the Ohio River between "
             "Cincinnati and Covington, Kentucky, and engineers rated its deck poor in 2024. Delgado "
             "said she supports fixing the span but wants an audit of the contracts first. Truckers "
             "and local businesses warned that every month of delay raises the price of the repairs "
             "and keeps lanes closed during rush hour.")
BRIDGE_WIRE_COPY = ("CINCINNATI (AP) — Senator Maria Delgado on Tuesday blocked a $2.1 billion bridge repair "
                    "bill for Ohio's Brent Spence Bridge, saying the Transportation Department had not "
                    "explained the cost overruns. The bridge carries 160,000 vehicles a day across the "
                    "Ohio River between Cincinnati and Covington, Kentucky. Delgado said she supports "
                    "fixing the span but wants an audit of the contracts first.")
BRIDGE_UPDATE = ("The Brent Spence Bridge repair bill that Senator Maria Delgado blocked returned to the "
                 "Senate floor Thursday after the Transportation Department sent a letter explaining the "
                 "$2.1 billion cost and the contract overruns. Covington and Cincinnati officials urged "
                 "a vote before winter, when closed lanes on the Ohio River crossing slow trucks. "
                 "Delgado said the letter answered most of her questions about the repairs.")
SAME_SENATOR_OTHER_STORY = ("Senator Maria Delgado said Friday she will run for governor next year, ending "
                            "months of speculation about her plans. Delgado, a former Toledo city "
                            "councilwoman who was elected to the Senate in 2020, made the announcement at "
                            "a rally with her family and campaign volunteers in her hometown. She promised "
                            "to cut property taxes, expand rural broadband and raise teacher pay, and said "
                            "her campaign had raised $4 million from small donors. Two other candidates "
                            "have already entered the primary.")
UNRELATED = ("The Federal Reserve held interest rates steady on Wednesday, and its chair said inflation "
             "was cooling faster than expected in housing and services.")


def test_wire_copies_and_updates_join_and_same_politician_stays_apart():
    labels = OnlineStoryClusterer().fit_predict(
        [BRIDGE_AP, SAME_SENATOR_OTHER_STORY, BRIDGE_WIRE_COPY, UNRELATED, BRIDGE_UPDATE])
    bridge, campaign, copy, fed, update = labels
    assert copy == bridge and update == bridge
    assert len({bridge, campaign, fed}) == 3


def test_predict_changes_nothing_and_new_story_is_minus_one():
    model = OnlineStoryClusterer().partial_fit([BRIDGE_AP])
    assert model.predict([BRIDGE_WIRE_COPY, UNRELATED]) == [0, -1]
    assert model.labels_ == [0]


def test_given_labels_are_kept_and_new_stories_follow_them():
    model = OnlineStoryClusterer().partial_fit([BRIDGE_AP, UNRELATED], labels=[41, 7])
    model.partial_fit([BRIDGE_WIRE_COPY, SAME_SENATOR_OTHER_STORY])
    assert model.labels_ == [41, 7, 41, 42]


def test_articles_beyond_the_window_are_forgotten():
    old = Article(text=BRIDGE_AP, date="2026-01-01")
    new = Article(text=BRIDGE_WIRE_COPY, date="2026-03-01")
    model = OnlineStoryClusterer().partial_fit([old, new])
    assert model.labels_ == [0, 1]  # two months apart: no longer the same live story
    small = OnlineStoryClusterer(max_articles=1).partial_fit([BRIDGE_AP, UNRELATED, BRIDGE_WIRE_COPY])
    assert small.labels_[2] != small.labels_[0]


def test_registry_names_and_unknown_name():
    assert get_clusterer("newsbrief").name == "newsbrief"
    with pytest.raises(ValueError, match="single-pass"):
        get_clusterer("kmeans")


def test_bcubed_and_pairwise_by_hand():
    # gold {0,1,2},{3}; predicted {0,1},{2,3}
    p, r, f = bcubed([0, 0, 1, 1], [0, 0, 0, 1])
    assert p == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert pairwise_f1([0, 0, 1, 1], [0, 0, 0, 1]) == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert bcubed([5, 5, 6], [1, 1, 2])[2] == 1.0


@pytest.mark.slow
def test_raw_dev100_pool_beats_both_baselines():
    path = SHARED / "mds" / "multi_news_raw_dev100.jsonl.gz"
    if not path.exists():
        pytest.skip("../shared/data/mds/multi_news_raw_dev100.jsonl.gz not present (research data)")
    pool = make_pool(str(path))
    assert len(pool.articles) == 264 and len(set(pool.gold)) == 99  # GUIDE §3's pool
    ours = bcubed(get_clusterer("newsbrief").fit_predict(pool.articles), pool.gold)[2]
    single = bcubed(get_clusterer("single-pass", threshold=0.15).fit_predict(pool.articles), pool.gold)[2]
    assert ours >= 0.91 and ours > single
