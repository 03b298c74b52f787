"""The library entry points: inputs -> articles -> sentences -> selection -> a cited Brief."""
from __future__ import annotations

from typing import Callable, Sequence

from .model import Article, Brief, BriefSentence, NewsbriefError
from .sentences import split_sentences
from .summarizer import Summarizer, reading_limit

DEFAULT_WORDS = 200


def _warn_stderr(message: str) -> None:
    import sys

    print(f"newsbrief: warning: {message}", file=sys.stderr)


def load_articles(inputs: Sequence[str], *, warn: Callable[[str], None] = _warn_stderr,
                  allow_private_urls: bool = True) -> list[Article]:
    """Read and clean every input (paths, globs, directories, ``-``, URLs, JSON/JSONL).

    Unreadable inputs are reported through ``warn`` and skipped; the rest are returned.
    """
    from .clean import clean, remove_cross_article_repeats
    from .ingest import read_inputs

    articles = []
    for raw in read_inputs(list(inputs), warn=warn, allow_private_urls=allow_private_urls):
        article = clean(raw)
        if not article.text.strip():
            warn(f"{raw.source}: no article text left after cleaning; skipped")
            continue
        articles.append(article)
    return remove_cross_article_repeats(articles)


def articles_from_texts(texts: Sequence[str]) -> list[Article]:
    """Clean scraped plain texts of one story (one Article per text, same order)."""
    from .clean import clean_text, remove_cross_article_repeats

    return remove_cross_article_repeats([clean_text(t) for t in texts])


def default_summarizer() -> Summarizer:
    from .selector import NewsBrief

    return NewsBrief()


def summarize(articles: Sequence[Article | str], words: int = DEFAULT_WORDS,
              summarizer: Summarizer | None = None) -> Brief:
    """Summarize 1..N articles about one story into a brief of at most ``words`` words.

    Plain strings are cleaned as scraped text first. Raises ``NewsbriefError`` when there is
    nothing to summarize.
    """
    if words < 1:
        raise NewsbriefError(f"--words must be a positive number of words, not {words}")
    if all(isinstance(item, str) for item in articles):
        docs_in = articles_from_texts(list(articles))
    else:
        from .clean import clean_text

        docs_in = [a if isinstance(a, Article) else clean_text(str(a)) for a in articles]
    summarizer = summarizer or default_summarizer()
    # a summarizer that reads only each article's lead gets only that (support looks there too)
    limit = reading_limit(getattr(summarizer, "article_words", None), words)
    sentences = [split_sentences(a.text, i, limit) for i, a in enumerate(docs_in)]
    if not any(sentences):
        raise NewsbriefError("nothing to summarize: no article text in the input")
    chosen = summarizer.select(sentences, words, strict=True)
    if not chosen:
        raise NewsbriefError("nothing to summarize: no sentence could be selected")
    from .provenance import find_support

    support = find_support(chosen, sentences)
    brief_sentences = [
        BriefSentence(text=s.text, document=s.doc, index=s.index, offsets=(s.start, s.end),
                      support=sup)
        for s, sup in zip(chosen, support)
    ]
    notes = []
    n_with_text = sum(1 for s in sentences if s)
    if n_with_text == 1:
        notes.append("only one article had text: this is a single-document brief")
    return Brief(documents=docs_in, sentences=brief_sentences, words=words,
                 summarizer=getattr(summarizer, "name", type(summarizer).__name__), notes=notes)
