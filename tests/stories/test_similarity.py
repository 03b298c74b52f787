"""Same-story similarity and off-topic inputs, on the bundled two-outlet story."""
from __future__ import annotations

from conftest import EXAMPLE
from newsbrief.stories.similarity import off_topic, story_groups, story_cosine

# Written for these tests: same topic as the example (Mexican drug cartels), another story.
OTHER_CARTEL_STORY = (
    "Mexican marines arrested the suspected leader of the Gulf cartel in a dawn raid on a ranch "
    "near Reynosa, Tamaulipas, the navy said Tuesday. Officials said the man, known as El Comandante "
    "Rojo, ran cocaine shipments across the Texas border and was wanted in Houston on trafficking "
    "charges. No shots were fired. Authorities seized rifles, cash and two aircraft at the property, "
    "and the Attorney General's office said extradition to the United States would be requested."
)
# Written for these tests: nothing to do with the example.
UNRELATED = (
    "The city council of Bergen approved a new cycle lane along the harbour on Monday, after two "
    "years of debate over parking spaces. The lane will cost 42 million kroner and open next "
    "spring, the council's transport committee said. Shop owners on Bryggen had opposed the plan."
)


def _example() -> tuple[str, str]:
    return ((EXAMPLE / "inquisitr.txt").read_text(encoding="utf-8"),
            (EXAMPLE / "nbcnews.txt").read_text(encoding="utf-8"))


def _three_on_topic() -> list[str]:
    """Three articles of the story: both outlets, and the second half of one of them (another
    outlet's shorter take)."""
    inquisitr, nbc = _example()
    paragraphs = [p for p in inquisitr.split("\n") if p.strip()]
    return [inquisitr, nbc, "\n".join(paragraphs[len(paragraphs) // 2:])]


def test_same_story_scores_above_same_topic_other_story():
    inquisitr, nbc = _example()
    same_story = story_cosine(inquisitr, nbc)
    assert same_story > 2 * story_cosine(nbc, OTHER_CARTEL_STORY)
    assert same_story > 2 * story_cosine(inquisitr, OTHER_CARTEL_STORY)
    assert story_cosine(nbc, UNRELATED) < 0.05


def test_similarity_is_symmetric_and_bounded():
    inquisitr, nbc = _example()
    assert story_cosine(inquisitr, nbc) == story_cosine(nbc, inquisitr)
    assert abs(story_cosine(nbc, nbc) - 1.0) < 1e-9
    assert story_cosine("", nbc) == 0.0


def test_off_topic_article_among_three_on_topic_is_flagged():
    texts = _three_on_topic()
    assert off_topic(texts + [UNRELATED]) == [3]
    assert off_topic([UNRELATED] + texts) == [0]
    assert story_groups(texts + [UNRELATED]) == [[0, 1, 2], [3]]


def test_articles_of_the_story_are_never_flagged():
    assert off_topic(_three_on_topic()) == []
    assert off_topic(list(_example())) == []
    assert off_topic([UNRELATED]) == []


def test_two_unrelated_articles_no_majority_nothing_flagged():
    _, nbc = _example()
    assert off_topic([nbc, UNRELATED]) == []
    assert story_groups([nbc, UNRELATED]) == [[0], [1]]


def test_copies_of_a_notice_do_not_outvote_the_story():
    notice = "Tweet with a location. You can add location information to your Tweets."
    inquisitr, nbc = _example()
    assert off_topic([notice, inquisitr, notice, nbc, notice]) == [0, 2, 4]
