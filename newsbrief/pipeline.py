"""The only orchestration: inputs -> articles -> sentences -> selection -> a cited Brief.

Every front end (library, CLI, batch, web) calls these functions; the stages they call are
functions of data (cleaning/, text/, summarizers/, attribution.py) and know nothing of each other.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .model import Article, Brief, BriefSentence, NewsbriefError
from .summarizers.base import Summarizer, reading_limit
from .text.sentences import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from .inputs.sources import RawDocument
    from .text.vocabulary import Vocabulary

DEFAULT_WORDS = 200
MIN_SENTENCE_WORDS = 4  # shorter sentences are fragments (GUIDE §1)
COMPARE_CHARS = 20_000  # articles are compared (copies, same story) on their first ~3,000 words

Warn = Callable[[str], None]


def _warn_stderr(message: str) -> None:
    import sys

    print(f"newsbrief: warning: {message}", file=sys.stderr)


def clean_documents(raws: Iterable["RawDocument"], *, warn: Warn = _warn_stderr) -> list[Article]:
    """The one article loader: raw documents -> cleaned articles of one story.

    A document with no text left after cleaning is reported through ``warn`` and skipped;
    paragraphs that several articles share at their edges (a site's footer) are dropped.
    """
    from .cleaning import clean, remove_cross_article_repeats

    articles = []
    for raw in raws:
        article = clean(raw)
        if not article.text.strip():
            warn(f"{raw.source}: no article text left after cleaning; skipped")
            continue
        articles.append(article)
    return remove_cross_article_repeats(articles)


def load_articles(inputs: Sequence[str], *, warn: Warn = _warn_stderr,
                  allow_private_urls: bool = True) -> list[Article]:
    """Read and clean every input (paths, globs, directories, ``-``, URLs, JSON/JSONL).

    Unreadable inputs are reported through ``warn`` and skipped; the rest are returned.
    """
    from .inputs.sources import read_inputs

    raws = read_inputs(list(inputs), warn=warn, allow_private_urls=allow_private_urls)
    return clean_documents(raws, warn=warn)


def articles_from_texts(texts: Sequence[str]) -> list[Article]:
    """Clean scraped plain texts of one story (one Article per text, same order)."""
    from .cleaning import clean_text, remove_cross_article_repeats

    return remove_cross_article_repeats([clean_text(t) for t in texts])


def _names(articles: Sequence[Article], group: Iterable[int]) -> str:
    """The inputs ``group`` (positions in ``articles``) as a note names them."""
    return ", ".join(articles[k].source or articles[k].outlet or f"input {k + 1}" for k in group)


def leave_out_unspaced_languages(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """Articles in a language written without spaces between words (Chinese, Japanese, Thai...)
    are left out with a note naming them and the language; none left is an error saying why."""
    from .text.tokens import UNSPACED_WHY, unspaced_language

    languages = [unspaced_language(a.text) for a in articles]
    if not any(languages):
        return list(articles), []
    notes = [f"left out, written in {language}, which newsbrief does not summarize ({UNSPACED_WHY}): "
             f"{_names(articles, [k for k, lang in enumerate(languages) if lang == language])}"
             for language in dict.fromkeys(filter(None, languages))]
    kept = [a for a, language in zip(articles, languages) if language is None]
    if not kept:
        raise NewsbriefError("nothing to summarize: " + "; ".join(n[len("left out, "):] for n in notes))
    return kept, notes


def merge_copies(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """Inputs that are the same text become one source (the fullest copy, listing the others in
    ``copies``), never two sources confirming each other; a note names them."""
    from .cleaning.duplicates import duplicate_groups

    groups = duplicate_groups([a.text[:COMPARE_CHARS] for a in articles])
    if len(groups) == len(articles):
        return list(articles), []
    merged, notes = [], []
    for group in groups:
        keep = max(group, key=lambda k: len(articles[k].text))
        merged.append(replace(articles[keep], copies=[articles[k] for k in group if k != keep]))
        if len(group) > 1:
            notes.append(f"{_names(articles, group)} are the same text: one source, not {len(group)}")
    return merged, notes


def keep_one_story(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """The articles of the story most inputs report; a note names each one left out. When no
    story has more articles than another (two unrelated inputs), all stay and a note says so:
    dropping either would be a coin flip that may drop the real story."""
    from .stories.similarity import story_groups

    if len(articles) < 2:
        return list(articles), []
    groups = story_groups([a.text[:COMPARE_CHARS] for a in articles])
    if len(groups) == 1:
        return list(articles), []
    if len(groups[0]) == len(groups[1]):
        return list(articles), [f"the inputs seem to report {len(groups)} different stories "
                                f"({'; '.join(_names(articles, g) for g in groups)}); all were used"]
    left_out = sorted(k for g in groups[1:] for k in g)
    return ([a for k, a in enumerate(articles) if k not in left_out],
            [f"left out, not about the same story as the others: {_names(articles, left_out)}"])


@cache
def default_summarizer() -> Summarizer:
    """newsbrief's own summarizer, made once per process (it holds the loaded vocabulary)."""
    from .summarizers.newsbrief import NewsBrief

    return NewsBrief()


def _vocabulary(summarizer: Summarizer) -> "Vocabulary":
    """The vocabulary attribution reads words with: the summarizer's own, else the default's."""
    return getattr(summarizer, "vocabulary", None) or default_summarizer().vocabulary


def summarize(articles: Sequence[Article | str], words: int = DEFAULT_WORDS,
              summarizer: Summarizer | None = None, insight: bool = True) -> Brief:
    """Summarize 1..N articles about one story into a brief of at most ``words`` words.

    Plain strings are cleaned as scraped text first. ``insight``: also fill ``Brief.insight``
    (key quotes, where sources differ, coverage, timeline). Raises ``NewsbriefError`` when there
    is nothing to summarize.
    """
    if words < 1:
        raise NewsbriefError(f"--words must be a positive number of words, not {words}")
    if all(isinstance(item, str) for item in articles):
        docs_in = articles_from_texts(list(articles))
    else:
        from .cleaning import clean_text

        docs_in = [a if isinstance(a, Article) else clean_text(str(a)) for a in articles]
    docs_in, notes = leave_out_unspaced_languages(docs_in)
    docs_in, copy_notes = merge_copies(docs_in)
    docs_in, story_notes = keep_one_story(docs_in)
    notes += copy_notes + story_notes
    summarizer = summarizer or default_summarizer()
    # a summarizer that reads only each article's lead gets only that (support looks there too)
    limit = reading_limit(getattr(summarizer, "article_words", None), words)
    sentences = [split_sentences(a.text, i, limit) for i, a in enumerate(docs_in)]
    if not any(sentences):
        raise NewsbriefError("nothing to summarize: no article text in the input")
    chosen = summarizer.select(sentences, words, strict=True)
    if not chosen:
        raise NewsbriefError("nothing to summarize: no sentence could be selected")
    if sum(s.n_words for s in chosen) > words:  # a summarizer's lone first pick may overrun
        shortest = min(s.n_words for d in sentences for s in d if s.n_words >= MIN_SENTENCE_WORDS) \
            if any(s.n_words >= MIN_SENTENCE_WORDS for d in sentences for s in d) else chosen[0].n_words
        raise NewsbriefError(f"--words {words} is below the shortest usable sentence of these "
                             f"articles ({shortest} words): ask for at least {shortest}")
    from .attribution import find_support

    support = find_support(chosen, sentences, _vocabulary(summarizer))
    brief_sentences = [
        BriefSentence(text=s.text, document=s.doc, index=s.index, offsets=(s.start, s.end),
                      support=sup, edits=list(s.edits),
                      original=docs_in[s.doc].text[s.start:s.end] if s.edits else None)
        for s, sup in zip(chosen, support)
    ]
    n_with_text = sum(1 for s in sentences if s)
    if n_with_text == 1:
        notes.append("only one article had text: this is a single-document brief")
    brief = Brief(documents=docs_in, sentences=brief_sentences, words=words,
                  summarizer=getattr(summarizer, "name", type(summarizer).__name__), notes=notes)
    if insight:  # key quotes, where sources differ, coverage, timeline (newsbrief.insight)
        from .insight import add_insight

        add_insight(brief)
    return brief
